"""ESP bounces and complaints: real POSTs to anymail's Mailgun tracking webhook, signed as Mailgun signs them.

anymail checks basic auth and the HMAC signature, then sends its `tracking` signal;
newsletter.tracking turns the event into the same feedback a DSN gives.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time

import pytest
from django.utils import timezone

from newsletter.models import Delivery, Send, Status, Suppression

SIGNING_KEY = "key-test-mailgun-signing"
BASIC_AUTH = "anymail:webhook-passord"
URL = "/anymail/mailgun/tracking/"
OUR_ID = "<20261123.flo.7@allmenn.test>"


@pytest.fixture(autouse=True)
def mailgun_settings(settings):
    settings.ANYMAIL = {"MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY, "WEBHOOK_SECRET": BASIC_AUTH}


@pytest.fixture
def sent_delivery(flo_topic, confirmed_subscriber):
    send = Send.objects.create(issue=None, issue_title="Test", topic=flo_topic, status="done")
    return Delivery.objects.create(
        send=send,
        subscriber=confirmed_subscriber,
        email=confirmed_subscriber.email,
        status="sent",
        sent_at=timezone.now(),
        message_id=OUR_ID,
    )


def signature_block(key: str = SIGNING_KEY) -> dict:
    timestamp, token = str(int(time.time())), secrets.token_hex(25)
    digest = hmac.new(key.encode(), f"{timestamp}{token}".encode(), hashlib.sha256).hexdigest()
    return {"timestamp": timestamp, "token": token, "signature": digest}


def mailgun_event(event: str, recipient: str, *, message_id: str = OUR_ID, **extra) -> dict:
    """Mailgun's event-data, as in its webhook documentation (message-id without angle brackets)."""
    return {
        "event": event,
        "id": secrets.token_urlsafe(16),
        "timestamp": time.time(),
        "recipient": recipient,
        "tags": ["nyhetsbrev"],
        "user-variables": {},
        "message": {"headers": {"to": recipient, "message-id": message_id.strip("<>"), "subject": "Fastlegenytt"}},
        **extra,
    }


def post(client, event_data: dict, *, signature: dict | None = None, auth: str = BASIC_AUTH):
    body = {"signature": signature or signature_block(), "event-data": event_data}
    credentials = base64.b64encode(auth.encode()).decode()
    return client.post(
        URL, data=json.dumps(body), content_type="application/json", HTTP_AUTHORIZATION=f"Basic {credentials}"
    )


def permanent_failure(recipient: str, **extra) -> dict:
    return mailgun_event(
        "failed",
        recipient,
        severity="permanent",
        reason="bounce",
        **{
            "delivery-status": {"code": 550, "message": "550 5.1.1 The email account does not exist", "description": ""}
        },
        **extra,
    )


def refreshed(obj):
    obj.refresh_from_db()
    return obj


def test_permanent_bounce_marks_the_subscriber_and_suppresses(client, sent_delivery):
    subscriber = sent_delivery.subscriber

    response = post(client, permanent_failure("Kari.Lege@example.no"))

    assert response.status_code == 200
    assert refreshed(subscriber).status == Status.BOUNCED
    assert Suppression.objects.get(email_hash=subscriber.email_hash).reason == Suppression.Reason.BOUNCED
    delivery = refreshed(sent_delivery)
    assert delivery.status == Delivery.Status.FAILED
    assert "5.1.1" in delivery.last_error
    assert delivery.sent_at is not None


def test_a_retried_webhook_changes_nothing_more(client, sent_delivery):
    event = permanent_failure("kari.lege@example.no")
    post(client, event)
    before = refreshed(sent_delivery.subscriber).status_changed_at

    response = post(client, event)

    assert response.status_code == 200
    assert refreshed(sent_delivery.subscriber).status_changed_at == before
    assert Suppression.objects.count() == 1


def test_our_message_id_in_metadata_finds_the_delivery(client, sent_delivery):
    event = permanent_failure("kari.lege@example.no", message_id="<esp-own-id@mailgun.example>")
    event["user-variables"] = {"message_id": OUR_ID}

    post(client, event)

    assert refreshed(sent_delivery).status == Delivery.Status.FAILED


@pytest.mark.parametrize(
    ("signature", "auth"),
    [
        pytest.param(signature_block(key="not-the-key"), BASIC_AUTH, id="wrong-signature"),
        pytest.param(None, "anymail:feil", id="wrong-basic-auth"),
    ],
)
def test_an_unverified_webhook_is_refused_and_changes_nothing(client, sent_delivery, signature, auth):
    response = post(client, permanent_failure("kari.lege@example.no"), signature=signature, auth=auth)

    assert response.status_code == 400
    assert refreshed(sent_delivery.subscriber).status == Status.CONFIRMED
    assert refreshed(sent_delivery).status == Delivery.Status.SENT
    assert not Suppression.objects.exists()


def test_complaint_marks_the_subscriber_complained(client, confirmed_subscriber):
    response = post(client, mailgun_event("complained", "kari.lege@example.no"))

    assert response.status_code == 200
    assert refreshed(confirmed_subscriber).status == Status.COMPLAINED
    assert Suppression.objects.get().reason == Suppression.Reason.COMPLAINED


def test_unsubscribe_at_the_esp_unsubscribes_here_too(client, confirmed_subscriber):
    post(client, mailgun_event("unsubscribed", "kari.lege@example.no"))

    assert refreshed(confirmed_subscriber).status == Status.UNSUBSCRIBED


@pytest.mark.parametrize(
    "event_data",
    [
        pytest.param(
            mailgun_event(
                "failed",
                "kari.lege@example.no",
                severity="temporary",
                reason="generic",
                **{"delivery-status": {"code": 452, "message": "452 4.2.2 Mailbox full"}},
            ),
            id="deferred",
        ),
        pytest.param(mailgun_event("delivered", "kari.lege@example.no"), id="delivered"),
        pytest.param(mailgun_event("opened", "kari.lege@example.no"), id="opened"),
        pytest.param(
            mailgun_event("rejected", "kari.lege@example.no", reject={"reason": "Sandbox limit"}), id="rejected-other"
        ),
    ],
)
def test_events_that_say_nothing_about_the_reader_change_nothing(client, sent_delivery, event_data):
    response = post(client, event_data)

    assert response.status_code == 200
    assert refreshed(sent_delivery.subscriber).status == Status.CONFIRMED
    assert refreshed(sent_delivery).status == Delivery.Status.SENT
    assert not Suppression.objects.exists()


def test_esp_suppression_of_an_earlier_bounce_is_mirrored(client, confirmed_subscriber):
    post(client, mailgun_event("rejected", "kari.lege@example.no", reason="suppress-bounce"))

    assert refreshed(confirmed_subscriber).status == Status.BOUNCED


def test_bounce_for_an_address_we_no_longer_know_is_suppressed(client, db):
    post(client, permanent_failure("slettet@example.no", message_id="<unknown@allmenn.test>"))

    assert Suppression.contains("slettet@example.no")
