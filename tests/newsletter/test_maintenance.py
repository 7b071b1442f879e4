"""Periodic jobs: retention keeps only the suppression hash, and a stalled send gets a worker again."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from newsletter.maintenance import purge_personal_data, resume_stalled_sends
from newsletter.models import AccessToken, Consent, Delivery, Send, Status, Subscriber, Suppression, email_hash
from newsletter.sending import start_send
from newsletter.tokens import issue_token


def age(subscriber: Subscriber, days: int) -> None:
    Subscriber.objects.filter(pk=subscriber.pk).update(status_changed_at=timezone.now() - timedelta(days=days))


def test_old_leavers_are_deleted_keeping_only_the_hash(subscriber_factory, settings):
    settings.NEWSLETTER_RETENTION_DAYS = 30
    left = subscriber_factory(email="gikk@example.no")
    left.set_status(Status.UNSUBSCRIBED, suppress_reason=Suppression.Reason.UNSUBSCRIBED)
    age(left, 31)
    recent = subscriber_factory(email="nylig@example.no")
    recent.set_status(Status.UNSUBSCRIBED, suppress_reason=Suppression.Reason.UNSUBSCRIBED)
    never_confirmed = subscriber_factory(email="venter@example.no", status=Status.PENDING)
    age(never_confirmed, 40)
    staying = subscriber_factory(email="blir@example.no")
    age(staying, 400)

    purge_personal_data()

    assert set(Subscriber.objects.values_list("email", flat=True)) == {"nylig@example.no", "blir@example.no"}
    assert Suppression.objects.filter(email_hash=email_hash("gikk@example.no")).exists()
    # Someone who never confirmed gave no consent to keep and asked for nothing to be blocked.
    assert not Suppression.objects.filter(email_hash=email_hash("venter@example.no")).exists()
    assert not Consent.objects.filter(subscriber__email="gikk@example.no").exists()


def test_expired_tokens_are_purged(confirmed_subscriber):
    issue_token(confirmed_subscriber, AccessToken.Purpose.CONFIRM)
    AccessToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    issue_token(confirmed_subscriber, AccessToken.Purpose.MANAGE)
    purge_personal_data()
    assert list(AccessToken.objects.values_list("purpose", flat=True)) == ["manage"]


def test_a_stalled_send_gets_a_worker_and_finishes(
    newsletter_issue, subscriber_factory, settings, django_capture_on_commit_callbacks
):
    subscriber_factory.create_batch(3)
    send = Send.objects.create(issue=newsletter_issue, issue_title="x", topic=newsletter_issue.topic)
    assert start_send(send.pk)  # on_commit never ran: as if the worker task was lost
    assert Delivery.objects.filter(send=send, status="pending").count() == 3
    with django_capture_on_commit_callbacks(execute=True):
        assert resume_stalled_sends() == [send.pk]
    send.refresh_from_db()
    assert send.status == Send.Status.DONE
    assert Delivery.objects.filter(send=send, status="sent").count() == 3
