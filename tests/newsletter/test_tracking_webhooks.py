"""ESP bounces and complaints: real POSTs to the one tracking webhook the site mounts.

Only the configured ESP's route exists (newsletter.webhooks), and only with a secret it
verifies; anymail checks basic auth and the ESP's signature, then sends its `tracking`
signal; newsletter.tracking turns the event into feedback that acts only on a delivery of ours
to the address the event names. Mailgun is signed as Mailgun signs; Postmark uses basic auth.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import importlib
import json
import secrets
import time
from contextlib import ExitStack

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import clear_url_caches
from django.utils import timezone

from newsletter.models import Delivery, Send, Status, Suppression
from newsletter.webhooks import ESP_WEBHOOKS, missing_webhook_secret

SIGNING_KEY = "key-test-mailgun-signing"
BASIC_AUTH = "anymail:webhook-passord"
URL = "/anymail/mailgun/tracking/"
POSTMARK_URL = "/anymail/postmark/tracking/"
OUR_ID = "<20261123.flo.7@allmenn.test>"
MAILGUN = "anymail.backends.mailgun.EmailBackend"
POSTMARK = "anymail.backends.postmark.EmailBackend"
SMTP = "django.core.mail.backends.smtp.EmailBackend"


def reload_urls() -> None:
    importlib.reload(importlib.import_module(settings.ROOT_URLCONF))
    clear_url_caches()


@pytest.fixture
def esp():
    """`esp(backend, anymail)` sends mail through that backend and mounts its webhook as production would."""
    with ExitStack() as stack:

        def configure(backend: str, anymail: dict | None = None) -> None:
            stack.enter_context(override_settings(EMAIL_BACKEND=backend, ANYMAIL=anymail or {}))
            reload_urls()

        yield configure
    reload_urls()


@pytest.fixture(autouse=True)
def mailgun_settings(esp):
    esp(MAILGUN, {"MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY, "WEBHOOK_SECRET": BASIC_AUTH})


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


def basic(auth: str = BASIC_AUTH) -> dict:
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(auth.encode()).decode()}


def post(client, event_data: dict, *, signature: dict | None = None, auth: str = BASIC_AUTH):
    body = {"signature": signature or signature_block(), "event-data": event_data}
    return client.post(URL, data=json.dumps(body), content_type="application/json", **basic(auth))


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


def test_complaint_marks_the_subscriber_complained(client, sent_delivery):
    response = post(client, mailgun_event("complained", "kari.lege@example.no"))

    assert response.status_code == 200
    assert refreshed(sent_delivery.subscriber).status == Status.COMPLAINED
    assert Suppression.objects.get().reason == Suppression.Reason.COMPLAINED


def test_unsubscribe_at_the_esp_unsubscribes_here_too(client, sent_delivery):
    post(client, mailgun_event("unsubscribed", "kari.lege@example.no"))

    assert refreshed(sent_delivery.subscriber).status == Status.UNSUBSCRIBED


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


def test_esp_suppression_of_an_earlier_bounce_is_mirrored(client, sent_delivery):
    post(client, mailgun_event("rejected", "kari.lege@example.no", reason="suppress-bounce"))

    assert refreshed(sent_delivery.subscriber).status == Status.BOUNCED


def test_bounce_for_a_deleted_subscriber_suppresses_the_address_the_delivery_went_to(client, sent_delivery):
    sent_delivery.subscriber.delete()

    post(client, permanent_failure("kari.lege@example.no"))

    assert Suppression.contains("kari.lege@example.no")
    assert refreshed(sent_delivery).status == Delivery.Status.FAILED


# --- Only a mail of ours, to the address the event names -------------------------------------


def test_an_event_naming_only_an_address_changes_nothing(client, confirmed_subscriber, caplog):
    response = post(client, mailgun_event("complained", "kari.lege@example.no", message_id="<not-ours@example.net>"))

    assert response.status_code == 200
    assert refreshed(confirmed_subscriber).status == Status.CONFIRMED
    assert not Suppression.objects.exists()
    assert "no delivery of ours" in caplog.text


def test_a_bounce_for_an_address_we_never_wrote_to_suppresses_nothing(client, db):
    post(client, permanent_failure("slettet@example.no", message_id="<unknown@allmenn.test>"))

    assert not Suppression.objects.exists()


def test_our_message_id_with_another_recipient_changes_nothing(client, sent_delivery, subscriber_factory):
    other = subscriber_factory(email="ola.lege@example.no")

    response = post(client, mailgun_event("complained", "ola.lege@example.no"))

    assert response.status_code == 200
    assert refreshed(other).status == Status.CONFIRMED
    assert refreshed(sent_delivery.subscriber).status == Status.CONFIRMED
    assert not Suppression.objects.exists()


# --- The attack in issue 15, and only the configured ESP's route ----------------------------------


def postmark_complaint(recipient: str, *, message_id: str = "") -> dict:
    """Postmark's SpamComplaint webhook body, as in its documentation."""
    return {
        "RecordType": "SpamComplaint",
        "Type": "SpamComplaint",
        "TypeCode": 512,
        "ID": 42,
        "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483",
        "Metadata": {"message_id": message_id} if message_id else {},
        "Email": recipient,
        "BouncedAt": "2026-11-23T10:00:00Z",
        "Details": "Test spam complaint",
    }


def post_postmark(client, body, **headers):
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(POSTMARK_URL, data=data, content_type="application/json", **headers)


@pytest.mark.parametrize(
    ("backend", "anymail"),
    [
        pytest.param(SMTP, {}, id="smtp-as-in-the-readme"),
        pytest.param(POSTMARK, {}, id="postmark-without-a-secret"),
        pytest.param(MAILGUN, {"MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY}, id="another-esp"),
    ],
)
def test_the_forged_postmark_complaint_of_issue_15_suppresses_nobody(
    client, esp, confirmed_subscriber, backend, anymail
):
    esp(backend, anymail)

    response = post_postmark(client, postmark_complaint("kari.lege@example.no"))

    assert response.status_code == 404
    assert refreshed(confirmed_subscriber).status == Status.CONFIRMED
    assert not Suppression.objects.exists()


UNMOUNTED = sorted(
    {f"/anymail/{webhook.route}" for webhook in ESP_WEBHOOKS.values()}
    | {"/anymail/mandrill/tracking/", "/anymail/postmark/inbound/", "/anymail/mailgun/inbound/"}
)


@pytest.mark.parametrize("url", UNMOUNTED)
def test_with_smtp_no_anymail_route_exists(client, esp, db, url):
    esp(SMTP)

    assert client.post(url, data="[]", content_type="application/json").status_code == 404


@pytest.mark.parametrize("url", [url for url in UNMOUNTED if url != URL])
def test_only_the_configured_esps_route_exists(client, db, url):
    assert client.post(url, data="[]", content_type="application/json").status_code == 404
    assert client.post(url, data="[]", content_type="application/json", **basic()).status_code == 404


# Every ESP whose webhook can verify a caller here (svix and cryptography are not installed, so
# Resend's signature and Postal are never mounted; their routes answer 404).
CONFIGURED = {
    "brevo": {"WEBHOOK_SECRET": BASIC_AUTH},
    "sendinblue": {"WEBHOOK_SECRET": BASIC_AUTH},
    "mailersend": {"MAILERSEND_SIGNING_SECRET": "mailersend-secret"},
    "mailgun": {"MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY},
    "mailjet": {"WEBHOOK_SECRET": BASIC_AUTH},
    "mailtrap": {"MAILTRAP_TRACKING_SECRET": "mailtrap-secret"},
    "mandrill": {"MANDRILL_WEBHOOK_KEY": "mandrill-key"},
    "postmark": {"WEBHOOK_SECRET": BASIC_AUTH},
    "resend": {"WEBHOOK_SECRET": BASIC_AUTH},
    "sendgrid": {"WEBHOOK_SECRET": BASIC_AUTH},
    "sparkpost": {"WEBHOOK_SECRET": BASIC_AUTH},
    "unisender_go": {"UNISENDER_GO_API_KEY": "unisender-key"},
}
HOSTILE_BODIES = {
    "empty-array": b"[]",
    "empty-object": b"{}",
    "array-of-nothing": b"[{}]",
    "garbage": b"<html>not json",
    "not-utf-8": b"\xff\xfe\x00{",
    "nested": b"[" * 50_000 + b"]" * 50_000,
    "huge": b'{"x": "' + b"a" * 3_000_000 + b'"}',
    "form": b"mandrill_events=%5B%5D&event=x",
}


@pytest.mark.parametrize("esp_name", sorted(CONFIGURED))
@pytest.mark.parametrize("body", sorted(HOSTILE_BODIES))
def test_a_configured_route_refuses_unauthenticated_and_malformed_calls(
    client, esp, confirmed_subscriber, esp_name, body
):
    esp(f"anymail.backends.{esp_name}.EmailBackend", CONFIGURED[esp_name])
    url = f"/anymail/{ESP_WEBHOOKS[esp_name].route}"
    content_type = "application/x-www-form-urlencoded" if body == "form" else "application/json"

    without = client.post(url, data=HOSTILE_BODIES[body], content_type=content_type)
    with_basic_auth = client.post(url, data=HOSTILE_BODIES[body], content_type=content_type, **basic())

    assert without.status_code in (400, 401, 403), without.status_code
    # Past basic auth (where the ESP signs, the signature still fails): refused, or an empty batch (Mailjet's `[]`).
    assert with_basic_auth.status_code in (200, 400, 401, 403), with_basic_auth.status_code
    assert refreshed(confirmed_subscriber).status == Status.CONFIRMED


def test_a_real_postmark_complaint_with_the_secret_marks_the_reader(client, esp, sent_delivery):
    esp(POSTMARK, {"WEBHOOK_SECRET": BASIC_AUTH})
    complaint = postmark_complaint("kari.lege@example.no", message_id=OUR_ID)

    assert post_postmark(client, complaint).status_code in (400, 401, 403)
    assert post_postmark(client, complaint, **basic("anymail:gjettet")).status_code == 400
    assert refreshed(sent_delivery.subscriber).status == Status.CONFIRMED

    assert post_postmark(client, complaint, **basic()).status_code == 200
    assert refreshed(sent_delivery.subscriber).status == Status.COMPLAINED


def test_an_authenticated_postmark_event_about_someone_else_changes_nothing(client, esp, confirmed_subscriber):
    esp(POSTMARK, {"WEBHOOK_SECRET": BASIC_AUTH})

    response = post_postmark(client, postmark_complaint("kari.lege@example.no"), **basic())

    assert response.status_code == 200
    assert refreshed(confirmed_subscriber).status == Status.CONFIRMED
    assert not Suppression.objects.exists()


# --- Production refuses an ESP without its secret ---------------------------------------------------


@pytest.mark.parametrize(
    ("backend", "anymail", "refused"),
    [
        (SMTP, {}, False),
        ("anymail.backends.test.EmailBackend", {}, False),
        (POSTMARK, {}, True),
        (POSTMARK, {"POSTMARK_SERVER_TOKEN": "token"}, True),
        (POSTMARK, {"WEBHOOK_SECRET": BASIC_AUTH}, False),
        (MAILGUN, {"WEBHOOK_SECRET": BASIC_AUTH}, True),  # basic auth alone: Mailgun's views need the signing key
        (MAILGUN, {"MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY}, False),
        ("anymail.backends.mandrill.EmailBackend", {"WEBHOOK_SECRET": BASIC_AUTH}, True),
        # boto3 verifies SNS's signatures; it is installed (django-storages' S3 backend needs it).
        ("anymail.backends.amazon_ses.EmailBackend", {"WEBHOOK_SECRET": BASIC_AUTH}, False),
        ("anymail.backends.amazon_ses.EmailBackend", {}, True),
    ],
)
def test_which_set_ups_production_refuses(backend, anymail, refused):
    assert bool(missing_webhook_secret(backend, anymail)) is refused


def test_production_refuses_an_esp_whose_verifying_package_is_missing(monkeypatch):
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *args: None if name == "boto3" else real_find_spec(name, *args)
    )
    problem = missing_webhook_secret("anymail.backends.amazon_ses.EmailBackend", {"WEBHOOK_SECRET": BASIC_AUTH})
    assert problem and "boto3" in problem
