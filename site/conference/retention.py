"""Retention for conference registrations: health data soon after the event, all personal data later.

Sensitive answers (diet, accessibility: health data) are deleted `sensitive_purge_days` after
the conference ends. After `retention_days` every registration of the conference loses its
name, address, workplace, municipality, answers and tokens; the row itself stays, with its
ticket type, status and attendance, so that the numbers can still be counted. Each purge is
written to RetentionLog as a count, never with personal data, and running again changes nothing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from .models import Answer, CheckInToken, ConferencePage, ManageToken, Registration, RetentionLog

logger = logging.getLogger(__name__)

SENSITIVE = "sensitive"
PERSONAL = "personal"
PURGED_NAME = "(slettet)"


@dataclass
class PurgeReport:
    sensitive: dict[int, int] = field(default_factory=dict)  # conference id -> answers deleted
    personal: dict[int, int] = field(default_factory=dict)  # conference id -> registrations purged


def _ended_before(conferences, days_field: str, now: datetime) -> list[ConferencePage]:
    """Conferences whose end plus their own number of days has passed (the days differ per conference)."""
    return [
        conference
        for conference in conferences.filter(ends_at__lt=now).only("pk", "title", "ends_at", days_field)
        if conference.ends_at + timedelta(days=getattr(conference, days_field)) <= now
    ]


def purge_sensitive_answers(*, now: datetime | None = None) -> dict[int, int]:
    """Delete the sensitive answers of conferences that ended `sensitive_purge_days` ago."""
    now = now or timezone.now()
    purged = {}
    for conference in _ended_before(ConferencePage.objects.all(), "sensitive_purge_days", now):
        with transaction.atomic():
            count, _ = Answer.objects.filter(registration__conference=conference, sensitive=True).delete()
            if count:
                RetentionLog.objects.create(conference=conference, ran_at=now, kind=SENSITIVE, count=count)
        if count:
            logger.info("Conference %s: deleted %s sensitive answers", conference.pk, count)
            purged[conference.pk] = count
    return purged


def purge_personal_data(*, now: datetime | None = None) -> dict[int, int]:
    """Replace the personal data of registrations to conferences that ended `retention_days` ago."""
    now = now or timezone.now()
    purged = {}
    for conference in _ended_before(ConferencePage.objects.all(), "retention_days", now):
        with transaction.atomic():
            registrations = Registration.objects.filter(conference=conference, personal_data_purged_at__isnull=True)
            ids = list(registrations.values_list("pk", flat=True))
            if not ids:
                continue
            Answer.objects.filter(registration_id__in=ids).delete()
            ManageToken.objects.filter(registration_id__in=ids).delete()
            CheckInToken.objects.filter(registration_id__in=ids).delete()
            count = Registration.objects.filter(pk__in=ids).update(
                name=PURGED_NAME,
                email="",
                # Unique per row, so the one-active-registration-per-address constraint still holds.
                email_hash=Concat(Value("purged:"), Cast("pk", output_field=CharField())),
                organisation="",
                municipality=None,
                personal_data_purged_at=now,
            )
            RetentionLog.objects.create(conference=conference, ran_at=now, kind=PERSONAL, count=count)
        logger.info("Conference %s: purged the personal data of %s registrations", conference.pk, count)
        purged[conference.pk] = count
    return purged


def purge(*, now: datetime | None = None) -> PurgeReport:
    now = now or timezone.now()
    return PurgeReport(sensitive=purge_sensitive_answers(now=now), personal=purge_personal_data(now=now))
