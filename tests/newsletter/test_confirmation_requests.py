"""Subscribers who wait for confirmation (imported, or added by hand) can be asked to confirm:
at import, or later from the admin, never twice within a day."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from core.mail.models import OutgoingMail
from newsletter.confirmations import CONFIRM_KIND, ask_to_confirm
from newsletter.models import Status, Subscriber, Suppression

CONFIRM_LINK = re.compile(r"https?://[^/\s]+(/abonnement/bekreft/[A-Za-z0-9_-]+/)")
IMPORT = "newsletter_subscriber_admin:import"
CONFIRMATIONS = "newsletter_subscriber_admin:confirmations"


def csv_file(*rows: str) -> bytes:
    return ("email;name;role;municipality;language;topics\r\n" + "\r\n".join(rows) + "\r\n").encode()


def import_file(client, content: bytes, **fields):
    data = {"file": SimpleUploadedFile("abonnenter.csv", content), "source": "import", "consent_given": "on"}
    return client.post(reverse(IMPORT), {**data, **fields})


def plain(message) -> str:
    return message.get_body(("plain",)).get_content()


@pytest.fixture
def waiting(subscriber_factory):
    """Two imported subscribers waiting for confirmation, never mailed."""
    return [
        subscriber_factory(email=f"venter{i}@example.no", status=Status.PENDING, confirmed_at=None) for i in range(2)
    ]


def confirmation_mails(smtp_server) -> list[str]:
    return sorted(message["To"] for message in smtp_server.messages)


# --- At import ---------------------------------------------------------------------------------


def test_import_asks_whether_to_send_confirmations(communications_client, flo_topic):
    response = import_file(communications_client, csv_file("kari@example.no;Kari;;;;flo"))
    assert response.status_code == 200
    assert "Velg om de nye abonnentene skal få bekreftelses-e-post" in response.content.decode()
    assert not Subscriber.objects.exists()


def test_import_can_send_the_confirmation_and_the_link_confirms(
    communications_client, flo_topic, smtp_server, site_client, home_page
):
    content = csv_file("kari@example.no;Kari;;;;flo", "ola@example.no;Ola;;;nn;flo")
    response = import_file(communications_client, content, send_confirmation="now")
    assert "2 bekreftelses-e-poster sendes nå" in response.content.decode()
    assert confirmation_mails(smtp_server) == ["kari@example.no", "ola@example.no"]

    kari_mail = next(m for m in smtp_server.messages if m["To"] == "kari@example.no")
    path = CONFIRM_LINK.search(plain(kari_mail)).group(1)
    assert site_client.post(path).status_code == 200
    kari = Subscriber.objects.get(email="kari@example.no")
    assert kari.status == Status.CONFIRMED
    assert list(kari.topics.values_list("slug", flat=True)) == ["flo"]


def test_an_imported_persons_confirmation_does_not_claim_they_used_the_form(
    communications_client, flo_topic, smtp_server
):
    content = csv_file("kari@example.no;Kari;;;;flo", "ola@example.no;Ola;;;nn;flo")
    import_file(communications_client, content, send_confirmation="now")
    kari = plain(next(m for m in smtp_server.messages if m["To"] == "kari@example.no"))
    ola = plain(next(m for m in smtp_server.messages if m["To"] == "ola@example.no"))
    assert "påmeldingsskjemaet" not in kari and "Someone, probably you" not in kari
    assert "har lagt adressen din inn i e-postlisten" in kari and "uten at du bekrefter" in kari
    assert "har lagt adressa di inn i e-postlista" in ola  # nynorsk


def test_import_can_leave_the_confirmations_for_later(communications_client, flo_topic, smtp_server):
    response = import_file(communications_client, csv_file("kari@example.no;;;;;flo"), send_confirmation="later")
    assert "Ingen e-post er sendt" in response.content.decode()
    assert reverse(CONFIRMATIONS) in response.content.decode()
    assert smtp_server.messages == [] and not OutgoingMail.objects.exists()


def test_already_confirmed_imports_need_no_choice_and_get_no_mail(communications_client, flo_topic, smtp_server):
    import_file(communications_client, csv_file("kari@example.no;;;;;flo"), double_opt_in="on", send_confirmation="now")
    assert Subscriber.objects.get().status == Status.CONFIRMED
    assert smtp_server.messages == []


def test_a_subscriber_added_by_hand_can_be_sent_the_confirmation(communications_client, flo_topic, smtp_server):
    data = {"email": "ny@example.no", "role": "annet", "language": "nb", "topics": [flo_topic.pk]}
    response = communications_client.post(
        reverse("newsletter_subscribers:add"), {**data, "consent_given": "on", "send_confirmation": "on"}
    )
    assert response.status_code == 302
    assert confirmation_mails(smtp_server) == ["ny@example.no"]
    form = communications_client.get(reverse("newsletter_subscribers:add")).content.decode()
    assert 'name="send_confirmation"' in form and "Send bekreftelses-e-post nå" in form


# --- Later, from the admin ---------------------------------------------------------------------


def test_the_subscriber_list_links_to_asking_for_confirmation(communications_client, waiting):
    html = communications_client.get(reverse("newsletter_subscribers:index")).content.decode()
    assert reverse(CONFIRMATIONS) in html and "Be om bekreftelse" in html


def test_asking_shows_first_and_sends_on_the_second_click(
    communications_client, waiting, confirmed_subscriber, smtp_server
):
    page = communications_client.get(reverse(CONFIRMATIONS))
    assert page.status_code == 200
    assert "Får bekreftelses-e-post nå: <strong>2</strong>" in page.content.decode()
    assert smtp_server.messages == [], "looking sends nothing"

    response = communications_client.post(reverse(CONFIRMATIONS), follow=True)
    assert "Bekreftelses-e-post sendes til 2 abonnent(er)" in response.content.decode()
    # The confirmed subscriber is not asked again.
    assert confirmation_mails(smtp_server) == ["venter0@example.no", "venter1@example.no"]


def test_nobody_is_asked_twice_within_a_day(communications_client, waiting, smtp_server):
    communications_client.post(reverse(CONFIRMATIONS))
    again = communications_client.post(reverse(CONFIRMATIONS), follow=True).content.decode()
    assert "Ingen bekreftelses-e-post ble sendt" in again
    assert "2 hadde fått en bekreftelses-e-post det siste døgnet" in again
    assert len(smtp_server.messages) == 2
    assert "Fikk en det siste døgnet og får ingen nå: <strong>2</strong>" in (
        communications_client.get(reverse(CONFIRMATIONS)).content.decode()
    )

    # A day later, those still waiting may be asked again.
    OutgoingMail.objects.update(created_at=timezone.now() - timedelta(hours=25))
    communications_client.post(reverse(CONFIRMATIONS))
    assert len(smtp_server.messages) == 4


def test_a_signup_confirmation_counts_too(waiting, smtp_server):
    from core.tasks import queue_mail

    queue_mail(CONFIRM_KIND, waiting[0].pk)  # as the sign-up form does
    done = ask_to_confirm()
    assert done.due == [waiting[1].pk] and done.recently_asked == [waiting[0].pk]


def test_suppressed_addresses_are_never_asked(waiting, smtp_server):
    Suppression.add(waiting[0].email, Suppression.Reason.MANUAL)
    assert ask_to_confirm().due == [waiting[1].pk]


def test_one_subscriber_can_be_asked_from_their_page(communications_client, waiting, smtp_server):
    kari = waiting[0]
    inspect = communications_client.get(reverse("newsletter_subscribers:inspect", args=[kari.pk])).content.decode()
    url = f"{reverse(CONFIRMATIONS)}?abonnent={kari.pk}"
    assert url in inspect
    assert kari.email in communications_client.get(url).content.decode()
    communications_client.post(reverse(CONFIRMATIONS), {"abonnent": kari.pk})
    assert confirmation_mails(smtp_server) == [kari.email]


def test_asking_needs_the_add_permission(editor_client, waiting, smtp_server):
    for response in (editor_client.get(reverse(CONFIRMATIONS)), editor_client.post(reverse(CONFIRMATIONS))):
        assert response.status_code in (302, 403)
    assert smtp_server.messages == [] and not OutgoingMail.objects.exists()


# --- Two editors at once -----------------------------------------------------------------------


def ask_from_threads(count: int, ask) -> list:
    """`count` editors asking at the same moment, each in its own thread and database connection."""
    import threading

    from django.db import connection

    start = threading.Barrier(count)
    errors: list = []

    def work() -> None:
        try:
            start.wait()
            ask()
        except Exception as exc:  # reported to the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not any(thread.is_alive() for thread in threads)
    return errors


@pytest.mark.django_db(transaction=True)
def test_editors_asking_at_once_mail_each_subscriber_once(subscriber_factory, settings):
    from unittest import mock

    from newsletter import confirmations

    waiting = [subscriber_factory(email=f"samtidig{i}@example.no", status=Status.PENDING) for i in range(10)]
    with mock.patch.object(confirmations, "plan", side_effect=_slowed(confirmations.plan)):
        assert ask_from_threads(4, confirmations.ask_to_confirm) == []
    promised = list(OutgoingMail.objects.filter(kind=CONFIRM_KIND).values_list("object_id", flat=True))
    assert sorted(promised) == sorted(s.pk for s in waiting)


@pytest.mark.django_db(transaction=True)
def test_without_the_transaction_editors_asking_at_once_mail_twice(subscriber_factory, settings):
    """The negative control: deciding and promising outside one transaction mails some twice."""
    from unittest import mock

    from core.tasks import queue_mail
    from newsletter import confirmations

    for i in range(10):
        subscriber_factory(email=f"samtidig{i}@example.no", status=Status.PENDING)

    def naive_ask():
        for subscriber_id in confirmations.plan().due:
            queue_mail(CONFIRM_KIND, subscriber_id)

    with mock.patch.object(confirmations, "plan", side_effect=_slowed(confirmations.plan)):
        assert ask_from_threads(4, naive_ask) == []
    assert OutgoingMail.objects.filter(kind=CONFIRM_KIND).count() > 10


def _slowed(plan):
    import time

    def slowed(*args, **kwargs):
        decided = plan(*args, **kwargs)
        time.sleep(0.05)
        return decided

    return slowed
