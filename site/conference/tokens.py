"""Secret links to a registration: 256 random bits in the mail, only their SHA-256 stored.

A manage link can be used many times until the conference is over and its data is
deleted; every mail carries a fresh one, made where the mail is built, so it never
travels through the task queue or a log. The check-in code in the confirmation's QR
code works the same way, one per registration: a new confirmation replaces it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from core.secret_links import hash_token, is_plausible, matches, new_token

from .models import CheckInToken, ManageToken, Registration

__all__ = ["find_check_in", "find_registration", "hash_token", "issue_check_in_token", "issue_manage_token"]


def manage_token_expiry(registration: Registration) -> datetime:
    """Until the conference's personal data is deleted: after that there is nothing to manage."""
    conference = registration.conference
    return conference.ends_at + timedelta(days=conference.retention_days)


def issue_manage_token(registration: Registration) -> str:
    """Create a manage link for this registration; return the only copy of it."""
    raw = new_token()
    ManageToken.objects.create(
        registration=registration,
        token_hash=hash_token(raw),
        created_at=timezone.now(),
        expires_at=manage_token_expiry(registration),
    )
    return raw


def find_registration(raw: str) -> Registration | None:
    """The registration an unexpired manage link belongs to; wrong, expired and purged look the same."""
    if not is_plausible(raw):
        return None
    digest = hash_token(raw)
    token = (
        ManageToken.objects.select_related("registration__conference", "registration__ticket_type")
        .filter(token_hash=digest, expires_at__gt=timezone.now())
        .first()
    )
    if token is None or not matches(token.token_hash, digest):
        return None
    registration = token.registration
    if registration.personal_data_purged_at is not None:
        return None
    return registration


def issue_check_in_token(registration: Registration) -> str:
    """A new check-in code for the QR code, replacing any earlier one; return the only copy."""
    raw = new_token()
    with transaction.atomic():
        CheckInToken.objects.update_or_create(registration=registration, defaults={"token_hash": hash_token(raw)})
    return raw


def find_check_in(raw: str) -> Registration | None:
    """The registration a check-in code belongs to, for the staff's check-in view."""
    if not is_plausible(raw):
        return None
    digest = hash_token(raw)
    token = CheckInToken.objects.select_related("registration__conference", "registration__ticket_type").filter(
        token_hash=digest
    )
    found = token.first()
    if found is None or not matches(found.token_hash, digest):
        return None
    return found.registration
