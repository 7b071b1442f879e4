"""A send end to end through a real SMTP server: snapshot, headers, one mail each."""

from __future__ import annotations

import re

import pytest

from newsletter.models import Delivery, Send, Status, Suppression
from newsletter.sending import SendError
from newsletter.tasks import schedule_send


@pytest.fixture
def audience(subscriber_factory, podcast_topic):
    confirmed = [subscriber_factory(email=f"lege{i}@example.no", language="nn" if i % 2 else "nb") for i in range(5)]
    subscriber_factory(email="venter@example.no", status=Status.PENDING)
    subscriber_factory(email="annet@example.no", topics=["podkast"])
    gone = subscriber_factory(email="sperret@example.no")
    Suppression.add("SPERRET@example.no", Suppression.Reason.UNSUBSCRIBED)
    return confirmed, gone


def test_send_now_mails_each_confirmed_unsuppressed_subscriber_once(
    newsletter_issue, audience, smtp_server, django_capture_on_commit_callbacks
):
    confirmed, _ = audience
    with django_capture_on_commit_callbacks(execute=True):
        send = schedule_send(newsletter_issue)
    send.refresh_from_db()
    assert send.status == Send.Status.DONE
    assert send.audience_size == 5
    recipients = sorted(m["To"] for m in smtp_server.messages)
    assert recipients == sorted(s.email for s in confirmed)
    assert set(Delivery.objects.filter(send=send).values_list("status", flat=True)) == {"sent"}
    message_ids = [m["Message-ID"] for m in smtp_server.messages]
    assert len(set(message_ids)) == 5
    assert set(Delivery.objects.values_list("message_id", flat=True)) == set(message_ids)


def test_list_headers(
    newsletter_issue, confirmed_subscriber, smtp_server, settings, django_capture_on_commit_callbacks
):
    settings.NEWSLETTER_UNSUBSCRIBE_MAILTO = "avmelding@allmenn.test"
    settings.MAIL_BOUNCE_ADDRESS = "bounce@allmenn.test"
    with django_capture_on_commit_callbacks(execute=True):
        schedule_send(newsletter_issue)
    (mail,) = smtp_server.messages
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    https, mailto = [part.strip() for part in mail["List-Unsubscribe"].split(",")]
    assert re.fullmatch(r"<http://localhost/abonnement/avmeld/[A-Za-z0-9_-]{43}/>", https)
    assert mailto.startswith("<mailto:avmelding@allmenn.test?subject=unsubscribe%20")
    assert mail["List-Id"].endswith("<flo.nyhetsbrev.allmenn.localhost>")
    assert mail["Date"] and mail["Message-ID"] and mail["From"] == "Allmenn <post@allmenn.test>"
    assert smtp_server.envelopes[0].mail_from == "bounce@allmenn.test"
    assert mail.get_body(("plain",)) is not None and mail.get_body(("html",)) is not None


def test_a_second_send_of_the_same_issue_is_refused_while_one_is_active(
    newsletter_issue, confirmed_subscriber, settings
):
    from datetime import timedelta

    from django.utils import timezone

    schedule_send(newsletter_issue, at=timezone.now() + timedelta(hours=2))
    with pytest.raises(SendError):
        schedule_send(newsletter_issue)
