"""Reminders before a conference, and notices when the organiser moves its time or place.

Both are idempotent: a reminder is marked sent (a conditional update) before it is queued,
and a change notice goes out only when the published time or place really differs from
what registrants were last told (the calendar fingerprint).
"""

from __future__ import annotations

import hashlib
import logging
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import ConferencePage, Registration
from .notices import RegistrationMail
from .tasks import queue_registration_mail

logger = logging.getLogger(__name__)


def send_due_reminders(*, now: datetime | None = None) -> list[int]:
    """Confirmed registrants of conferences starting within their reminder_days get one reminder each."""
    now = now or timezone.now()
    sent = []
    # Few conferences are ever upcoming: the window is decided per conference, the rows in SQL.
    for conference in ConferencePage.objects.filter(starts_at__gt=now).only("starts_at", "reminder_days"):
        if conference.starts_at - now > timedelta(days=conference.reminder_days):
            continue
        due = Registration.objects.filter(
            conference=conference,
            status=Registration.Status.CONFIRMED,
            reminder_sent_at__isnull=True,
            personal_data_purged_at__isnull=True,
        ).values_list("pk", flat=True)
        for registration_id in list(due):
            with transaction.atomic():
                claimed = Registration.objects.filter(pk=registration_id, reminder_sent_at__isnull=True).update(
                    reminder_sent_at=now
                )
                if claimed:
                    queue_registration_mail(registration_id, RegistrationMail.REMINDER)
                    sent.append(registration_id)
    if sent:
        logger.info("Conference reminders queued: %s", len(sent))
    return sent


def calendar_fingerprint(conference: ConferencePage) -> str:
    """What a registrant's calendar entry depends on: the times, the venue and the stream link."""
    parts = [
        conference.starts_at.isoformat(),
        conference.ends_at.isoformat(),
        conference.venue_name,
        " ".join(conference.venue_address.split()),
        conference.stream_url,
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def notify_if_moved(conference: ConferencePage) -> list[int]:
    """After a publish: if the time or place changed, bump the calendar sequence and tell everyone who holds a seat."""
    fingerprint = calendar_fingerprint(conference)
    with transaction.atomic():
        current = ConferencePage.objects.select_for_update().filter(pk=conference.pk).first()
        if current is None or current.calendar_fingerprint == fingerprint:
            return []
        first_publish = not current.calendar_fingerprint
        ConferencePage.objects.filter(pk=conference.pk).update(
            calendar_fingerprint=fingerprint,
            calendar_sequence=F("calendar_sequence") + (0 if first_publish else 1),
        )
        if first_publish:
            return []
        notified = list(
            Registration.objects.filter(
                conference=conference, status__in=[Registration.Status.CONFIRMED, Registration.Status.OFFERED]
            ).values_list("pk", flat=True)
        )
        for registration_id in notified:
            queue_registration_mail(registration_id, RegistrationMail.CHANGED)
    logger.info("Conference %s moved: %s registrants notified", conference.pk, len(notified))
    return notified
