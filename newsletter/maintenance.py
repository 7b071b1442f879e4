"""Periodic newsletter jobs: start due sends, pick up stalled ones, purge what is no longer needed."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from .models import Delivery, Send, Status, Subscriber
from .sending import recover_stale_claims
from .tasks import queue_workers, start_and_deliver
from .tokens import purge_expired_tokens

logger = logging.getLogger(__name__)


def start_due_sends() -> list[int]:
    """Start every scheduled send whose time has come. Safe to run from several places at once."""
    due = Send.objects.filter(status=Send.Status.SCHEDULED, scheduled_at__lte=timezone.now())
    return [send_id for send_id in due.values_list("pk", flat=True) if start_and_deliver(send_id)]


def resume_stalled_sends() -> list[int]:
    """A send with open rows and no worker activity for a lease gets a worker again."""
    lease = timedelta(seconds=settings.NEWSLETTER_LEASE_SECONDS)
    now = timezone.now()
    resumed = []
    for send in Send.objects.filter(status=Send.Status.SENDING):
        open_rows = Delivery.objects.filter(send=send, status__in=Delivery.OPEN_STATES)
        if not open_rows.exists():
            queue_workers(send)  # the worker finds nothing and marks the send done
            continue
        recover_stale_claims(send.pk, now=now)
        last_activity = open_rows.exclude(status=Delivery.Status.PENDING).aggregate(at=Max("claimed_at"))["at"]
        due = open_rows.filter(status=Delivery.Status.PENDING, next_attempt_at__lte=now).exists()
        if due and (last_activity is None or last_activity < now - lease):
            queue_workers(send)
            resumed.append(send.pk)
    return resumed


def purge_personal_data() -> dict[str, int]:
    """Keep no more than the suppression list needs (a hash) once someone has left or never confirmed."""
    cutoff = timezone.now() - timedelta(days=settings.NEWSLETTER_RETENTION_DAYS)
    counts = {"tokens": purge_expired_tokens(), "subscribers": 0}
    leaving = Subscriber.objects.filter(
        status__in=[Status.UNSUBSCRIBED, Status.BOUNCED, Status.COMPLAINED, Status.PENDING],
        status_changed_at__lt=cutoff,
    )
    for subscriber in leaving.iterator():
        if subscriber.status == Status.PENDING:
            # Never confirmed: no consent to keep and nothing to suppress.
            Delivery.anonymise_for(subscriber)
            subscriber.delete()
        else:
            subscriber.erase()
        counts["subscribers"] += 1
    if counts["subscribers"]:
        logger.info("Newsletter retention: deleted %s subscribers", counts["subscribers"])
    return counts


def tick() -> dict:
    return {
        "started": start_due_sends(),
        "resumed": resume_stalled_sends(),
        "purged": purge_personal_data(),
    }
