"""Offers by mail: the link shows buttons, only a POST acts; accept, decline and expiry; the next in line."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from conference import ledger, registrations, tasks
from conference.models import ConferencePage, Registration
from conference.notices import RegistrationMail
from core.mail.models import OutgoingMail
from core.tasks import deliver_mail_task

Status = Registration.Status


@pytest.fixture
def full_with_queue(conference, in_person, registration_data, visitor, mailbox):
    """The hall full (Ada, Bo) and two waiting (Cato, then Dina), all through the form."""
    for name in ("ada", "bo", "cato", "dina"):
        visitor.post(
            f"/konferanse-pamelding/{conference.pk}/", registration_data(in_person, email=f"{name}@example.no")
        )
    return {r.email.split("@")[0]: r for r in Registration.objects.all()}


@pytest.fixture
def cato_offered(full_with_queue, after_commit):
    with after_commit():
        registrations.cancel(full_with_queue["ada"])
    cato = full_with_queue["cato"]
    cato.refresh_from_db()
    assert cato.status == Status.OFFERED
    return cato


def test_waiting_mail_then_offer_mail_with_deadline(cato_offered, conference, mailbox):
    waiting_mail, offer_mail = mailbox.to("cato@example.no")
    assert mailbox.attachment(waiting_mail, "text/calendar") is None
    text = mailbox.text(offer_mail)
    assert mailbox.offer_path("cato@example.no") in text
    deadline = timezone.localtime(cato_offered.offer_expires_at).strftime("%H.%M")
    assert deadline in text
    assert str(conference.offer_hours) in mailbox.text(waiting_mail)


def test_the_offer_link_shows_buttons_and_a_get_changes_nothing(cato_offered, visitor, mailbox):
    path = mailbox.offer_path("cato@example.no")
    for _ in range(2):  # a mail scanner, then the person
        page = visitor.get(path)
        assert page.status_code == 200
        assert page.content.count(b'name="action"') == 2
    cato_offered.refresh_from_db()
    assert cato_offered.status == Status.OFFERED


def test_accept_gives_the_seat_and_a_confirmation(cato_offered, visitor, mailbox):
    path = mailbox.offer_path("cato@example.no")
    response = visitor.post(path, {"action": "accept"})
    assert response.status_code == 302 and response["Location"].endswith("?endret=akseptert")
    cato_offered.refresh_from_db()
    assert cato_offered.status == Status.CONFIRMED
    confirmation = mailbox.last("cato@example.no")
    assert mailbox.attachment(confirmation, "text/calendar") is not None
    again = visitor.post(path, {"action": "accept"})
    assert again.status_code == 409  # nothing open to accept any more; the seat stays hers
    cato_offered.refresh_from_db()
    assert cato_offered.status == Status.CONFIRMED


def test_decline_passes_the_seat_to_the_next_in_line(cato_offered, full_with_queue, visitor, mailbox):
    path = mailbox.offer_path("cato@example.no")
    response = visitor.post(path, {"action": "decline"})
    assert response.status_code == 302 and response["Location"].endswith("?endret=takket-nei")
    cato_offered.refresh_from_db()
    dina = full_with_queue["dina"]
    dina.refresh_from_db()
    assert (cato_offered.status, dina.status) == (Status.DECLINED, Status.OFFERED)
    assert mailbox.offer_path("dina@example.no")


def test_an_expired_offer_cannot_be_accepted_through_the_link(cato_offered, visitor, mailbox):
    path = mailbox.offer_path("cato@example.no")
    Registration.objects.filter(pk=cato_offered.pk).update(offer_expires_at=timezone.now() - timedelta(minutes=1))
    page = visitor.get(path)
    assert page.status_code == 200 and b'name="action"' not in page.content
    response = visitor.post(path, {"action": "accept"})
    assert response.status_code == 409
    cato_offered.refresh_from_db()
    assert cato_offered.status == Status.OFFERED  # until the periodic task expires it


def test_expiry_offers_the_seat_to_the_next_and_mails_them(cato_offered, full_with_queue, after_commit, mailbox):
    later = timezone.now() + timedelta(hours=cato_offered.conference.offer_hours, minutes=1)
    with after_commit():
        tasks.mail_offers(ledger.expire_offers(now=later))
    dina = full_with_queue["dina"]
    dina.refresh_from_db()
    assert dina.status == Status.OFFERED
    assert mailbox.offer_path("dina@example.no")


def test_an_offer_queued_by_id_alone_sends_the_same_mail(cato_offered, mailbox, after_commit):
    before = len(mailbox.to("cato@example.no"))
    with after_commit():
        tasks.queue_registration_mail(cato_offered.pk, RegistrationMail.OFFER)
    assert len(mailbox.to("cato@example.no")) == before + 1
    assert mailbox.offer_path("cato@example.no")


def test_a_stale_offer_mail_is_not_sent(cato_offered, mailbox, after_commit):
    before = len(mailbox.to("cato@example.no"))
    with after_commit():
        tasks.queue_registration_mail(cato_offered.pk, RegistrationMail.OFFER)
        Registration.objects.filter(pk=cato_offered.pk).update(status=Status.CONFIRMED)  # accepted meanwhile
    assert len(mailbox.to("cato@example.no")) == before
    latest = OutgoingMail.objects.filter(kind="conference.offer", object_id=cato_offered.pk).latest("pk")
    assert latest.status == "skipped"


def test_offer_mails_wait_for_the_commit(full_with_queue, django_capture_on_commit_callbacks, mailbox):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        registrations.cancel(full_with_queue["ada"])
        assert len(mailbox.to("cato@example.no")) == 1  # only the waiting-list mail so far
    queued = [callback for callback in callbacks if getattr(callback, "func", None) == deliver_mail_task.enqueue]
    assert len(queued) == 2  # the offer and the receipt, queued for after the commit


def test_publishing_a_raised_capacity_offers_the_new_seats_to_the_first_in_line(
    conference, in_person, full_with_queue, after_commit, mailbox
):
    with after_commit():
        conference.save_revision().publish()  # the hall is full: nothing to offer
    page = ConferencePage.objects.get(pk=conference.pk)
    ticket_types = list(page.ticket_types.all())
    for ticket_type in ticket_types:
        if ticket_type.pk == in_person.pk:
            ticket_type.capacity = 3  # one seat more, as an editor sets it in the page's form
    page.ticket_types = ticket_types
    with after_commit():
        page.save_revision().publish()
    cato, dina = full_with_queue["cato"], full_with_queue["dina"]
    cato.refresh_from_db()
    dina.refresh_from_db()
    assert (cato.status, dina.status) == (Status.OFFERED, Status.WAITING)
    assert mailbox.offer_path("cato@example.no")
    assert len(mailbox.to("dina@example.no")) == 1  # only the waiting-list mail
    with after_commit():
        ConferencePage.objects.get(pk=conference.pk).save_revision().publish()
    assert list(Registration.objects.filter(status=Status.OFFERED).values_list("pk", flat=True)) == [cato.pk]
