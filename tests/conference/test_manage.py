"""Self-service through the manage link: see, change answers and ticket type, cancel, and the link's security."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from conference import registrations
from conference.models import ManageToken, Question, Registration
from conference.tokens import issue_manage_token

Status = Registration.Status


@pytest.fixture
def kari(conference, in_person, registration_data, visitor, mailbox):
    """Kari, registered through the form, with the manage link from her confirmation."""
    visitor.post(f"/konferanse-pamelding/{conference.pk}/", registration_data(in_person))
    registration = Registration.objects.get(email="kari.lege@example.no")
    registration.link = mailbox.manage_path("kari.lege@example.no")
    return registration


def test_the_manage_page_shows_the_registration_privately(visitor, kari):
    response = visitor.get(kari.link)
    assert response.status_code == 200
    content = response.content.decode()
    assert "kari.lege@example.no" in content and "Fysisk oppmøte" in content
    assert response["Cache-Control"] == "no-store"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "same-origin"
    assert "kalender.ics" in content


def test_the_link_works_many_times(visitor, kari):
    assert [visitor.get(kari.link).status_code for _ in range(3)] == [200, 200, 200]


@pytest.mark.parametrize(
    "path",
    [
        "/konferanse-pamelding/p/feil/",
        "/konferanse-pamelding/p/" + "A" * 43 + "/",
        "/konferanse-pamelding/p/" + "x" * 500 + "/",
        "/konferanse-pamelding/p/æøå/",
    ],
)
def test_wrong_tokens_get_404(visitor, kari, path):
    assert visitor.get(path).status_code == 404
    assert visitor.post(path, {"action": "answers"}).status_code == 404
    assert visitor.get(path + "tilbud/").status_code == 404
    assert visitor.get(path + "kalender.ics").status_code == 404


def test_an_expired_link_gets_404(visitor, kari):
    ManageToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert visitor.get(kari.link).status_code == 404


def test_the_link_lives_until_the_data_is_deleted(kari, conference):
    token = ManageToken.objects.filter(registration=kari).first()
    assert token.expires_at == conference.ends_at + timedelta(days=conference.retention_days)


def test_a_purged_registration_gets_404(visitor, kari):
    Registration.objects.filter(pk=kari.pk).update(personal_data_purged_at=timezone.now())
    assert visitor.get(kari.link).status_code == 404


def test_only_hashes_are_stored(kari):
    raw = kari.link.rstrip("/").rsplit("/", 1)[1]
    assert not ManageToken.objects.filter(token_hash=raw).exists()
    assert len(raw) >= 43  # 256 bits


def test_change_answers(visitor, conference, kari):
    question = Question.objects.create(conference=conference, label="Kosthold", sensitive=True)
    response = visitor.post(
        kari.link,
        {
            "action": "answers",
            "name": "Kari Nordmann",
            "organisation": "",
            "role": "lis",
            "municipality": "",
            f"sporsmal_{question.pk}": "Vegetar",
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("?endret=lagret")
    kari.refresh_from_db()
    assert (kari.name, kari.role, kari.email) == ("Kari Nordmann", "lis", "kari.lege@example.no")
    assert kari.answers.get().value == "Vegetar"
    assert "Vegetar" in visitor.get(kari.link).content.decode()


def test_change_answers_refuses_line_breaks_in_the_name(visitor, kari):
    response = visitor.post(kari.link, {"action": "answers", "name": "Kari\r\nBcc: x@example.com", "role": ""})
    assert response.status_code == 200 and b"ds-error-summary" in response.content
    kari.refresh_from_db()
    assert kari.name == "Kari Lege"


def test_change_ticket_type_when_there_is_room(visitor, kari, digital, mailbox):
    response = visitor.post(kari.link, {"action": "ticket_type", "ticket_type": str(digital.pk)})
    assert response.status_code == 302 and response["Location"].endswith("?endret=flyttet")
    kari.refresh_from_db()
    assert kari.ticket_type_id == digital.pk and kari.calendar_sequence == 1
    mail = mailbox.last("kari.lege@example.no")
    assert mailbox.attachment(mail, "text/calendar") is not None  # a new confirmation with the new location


def test_change_ticket_type_when_full_is_refused_with_a_clear_message(
    visitor, conference, ticket_type, kari, registration_factory, mailbox
):
    small = ticket_type(name="Workshop", capacity=1)
    registration_factory(ticket_type=small)
    sent_before = len(mailbox.to("kari.lege@example.no"))
    response = visitor.post(kari.link, {"action": "ticket_type", "ticket_type": str(small.pk)})
    assert response.status_code == 200
    content = response.content.decode()
    assert "no free seat" in content or "ingen ledig plass" in content.lower()
    assert 'class="ds-error-summary' in content
    kari.refresh_from_db()
    assert kari.ticket_type.name == "Fysisk oppmøte" and kari.status == Status.CONFIRMED
    assert len(mailbox.to("kari.lege@example.no")) == sent_before


def test_cancel_asks_first_then_frees_the_seat_for_the_next_in_line(
    visitor, conference, in_person, kari, registration_data, mailbox
):
    visitor.post(f"/konferanse-pamelding/{conference.pk}/", registration_data(in_person, email="b@example.no"))
    visitor.post(f"/konferanse-pamelding/{conference.pk}/", registration_data(in_person, email="c@example.no"))
    waiting = Registration.objects.get(email="c@example.no")
    assert waiting.status == Status.WAITING

    cancel_path = kari.link + "avmeld/"
    confirm = visitor.get(cancel_path)
    assert confirm.status_code == 200 and b"<form" in confirm.content
    kari.refresh_from_db()
    assert kari.status == Status.CONFIRMED  # a GET (a mail scanner) changes nothing

    response = visitor.post(cancel_path)
    assert response.status_code == 302 and response["Location"].endswith("?endret=avmeldt")
    kari.refresh_from_db()
    waiting.refresh_from_db()
    assert kari.status == Status.CANCELLED
    assert waiting.status == Status.OFFERED

    receipt = mailbox.last("kari.lege@example.no")
    assert "cancel" in receipt["Subject"].lower() or "meldt" in receipt["Subject"].lower()
    calendar = mailbox.attachment(receipt, "text/calendar")
    assert calendar is not None and "METHOD:CANCEL" in calendar.get_content()
    offer = mailbox.last("c@example.no")
    assert mailbox.offer_path("c@example.no") in mailbox.text(offer)


def test_a_cancelled_registrations_link_shows_the_cancellation_and_changes_nothing(visitor, conference, kari, digital):
    registrations.cancel(kari)
    page = visitor.get(kari.link)
    assert page.status_code == 200
    content = page.content.decode()
    assert 'name="action"' not in content
    assert f"/konferanse-pamelding/{conference.pk}/" in content  # register again
    assert visitor.post(kari.link, {"action": "ticket_type", "ticket_type": str(digital.pk)}).status_code == 302
    assert visitor.post(kari.link + "avmeld/").status_code == 302
    kari.refresh_from_db()
    assert (kari.status, kari.ticket_type.name) == (Status.CANCELLED, "Fysisk oppmøte")
    assert visitor.get(kari.link + "kalender.ics").status_code == 404


def test_a_link_from_an_old_registration_does_not_reach_the_new_one(
    visitor, conference, in_person, kari, registration_data
):
    registrations.cancel(kari)
    visitor.post(f"/konferanse-pamelding/{conference.pk}/", registration_data(in_person))
    new = Registration.objects.get(status=Status.CONFIRMED)
    assert new.pk != kari.pk
    page = visitor.get(kari.link).content.decode()
    assert 'name="action"' not in page  # still the cancelled one


def test_the_calendar_download(visitor, kari):
    response = visitor.get(kari.link + "kalender.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT" in response.content
    assert response["Cache-Control"] == "no-store"


def test_a_fresh_token_per_mail_and_each_works(kari, visitor):
    other = issue_manage_token(kari)
    assert visitor.get(f"/konferanse-pamelding/p/{other}/").status_code == 200
    assert visitor.get(kari.link).status_code == 200
