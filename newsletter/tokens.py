"""Secret links: 256 random bits in the mail, only their SHA-256 in the database.

A token never travels through the task queue or a log: it is created where the mail
is built and exists afterwards only in that mail.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.secret_links import hash_token, is_plausible, matches, new_token

from .models import AccessToken, Subscriber


def lifetime(purpose: str) -> timedelta:
    if purpose == AccessToken.Purpose.CONFIRM:
        return timedelta(hours=settings.NEWSLETTER_CONFIRM_TOKEN_HOURS)
    return timedelta(days=settings.NEWSLETTER_MANAGE_TOKEN_DAYS)


def issue_token(subscriber: Subscriber, purpose: str) -> str:
    """Create a token for this subscriber and purpose; return the only copy of it."""
    raw = new_token()
    now = timezone.now()
    AccessToken.objects.create(
        subscriber=subscriber,
        purpose=purpose,
        token_hash=hash_token(raw),
        created_at=now,
        expires_at=now + lifetime(purpose),
    )
    return raw


def issue_manage_tokens(subscriber_ids: list[int]) -> dict[int, str]:
    """One fresh manage token per subscriber, in one insert (the sender calls this per batch)."""
    now = timezone.now()
    expires = now + lifetime(AccessToken.Purpose.MANAGE)
    raw_by_subscriber = {pk: new_token() for pk in subscriber_ids}
    AccessToken.objects.bulk_create(
        AccessToken(
            subscriber_id=pk,
            purpose=AccessToken.Purpose.MANAGE,
            token_hash=hash_token(raw),
            created_at=now,
            expires_at=expires,
        )
        for pk, raw in raw_by_subscriber.items()
    )
    return raw_by_subscriber


def find_token(raw: str, purpose: str) -> AccessToken | None:
    """The unexpired token, unused if single-use, or None; wrong, expired and used look the same."""
    if not is_plausible(raw):
        return None
    digest = hash_token(raw)
    token = (
        AccessToken.objects.select_related("subscriber")
        .filter(token_hash=digest, purpose=purpose, expires_at__gt=timezone.now())
        .first()
    )
    if token is None or not matches(token.token_hash, digest):
        return None
    if purpose == AccessToken.Purpose.CONFIRM and token.used_at is not None:
        return None
    return token


def redeem_token(raw: str, purpose: str) -> AccessToken | None:
    """Use a single-use token: exactly one of two simultaneous requests gets it."""
    token = find_token(raw, purpose)
    if token is None:
        return None
    with transaction.atomic():
        claimed = AccessToken.objects.filter(pk=token.pk, used_at__isnull=True).update(used_at=timezone.now())
    return token if claimed == 1 else None


def purge_expired_tokens() -> int:
    deleted, _ = AccessToken.objects.filter(expires_at__lte=timezone.now()).delete()
    return deleted
