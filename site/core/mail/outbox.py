"""The outbox of notices: every mail a change promises is sent at least once.

A change that owes someone a mail (a sign-up, a registration, an offered seat) writes an
`OutgoingMail` row in its own transaction: if the change commits, so does the promise.
After the commit a task delivers it (core/tasks.py); if no worker runs, or one dies, the
scheduler's tick (`manage.py core_tick`) picks it up. Each app says how to build its
kinds of mail with `@builder("app.kind")`; a builder gets the object's id and returns the
message, or None when there is nothing to send any more (the object is gone, or the
mail no longer fits what happened since).

A delivery goes PENDING → CLAIMED (a worker has it, nothing sent yet) → HANDING_OVER (the
SMTP conversation has begun) → SENT. A worker that dies while CLAIMED leaves a mail that
is safe to try again; one that dies while HANDING_OVER leaves a mail that may or may not
have arrived, which `MAIL_UNCERTAIN_POLICY` settles: send again (the default: a second
confirmation is better than none) or mark it uncertain.
"""

from __future__ import annotations

import logging
import socket
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import F
from django.utils import timezone

from .failures import TEMPORARY, classify_failure
from .models import OutgoingMail

logger = logging.getLogger(__name__)

Builder = Callable[[int], EmailMessage | None]
_BUILDERS: dict[str, Builder] = {}
Status = OutgoingMail.Status


def builder(kind: str) -> Callable[[Builder], Builder]:
    """Register how to build the mails of one kind, e.g. ``@builder("newsletter.confirm")``."""

    def register(build: Builder) -> Builder:
        if kind in _BUILDERS and _BUILDERS[kind] is not build:
            raise ValueError(f"Two builders for the mail kind {kind!r}")
        _BUILDERS[kind] = build
        return build

    return register


def create(kind: str, object_id: int) -> OutgoingMail:
    """Write the promise of a mail in the current transaction (core.tasks.queue_mail also queues it)."""
    if kind not in _BUILDERS:
        raise ValueError(f"No builder for the mail kind {kind!r}")
    return OutgoingMail.objects.create(kind=kind, object_id=object_id)


def new_worker_id() -> str:
    return f"{socket.gethostname()[:30]}-{uuid.uuid4().hex[:12]}"


def deliver(mail_id: int, *, worker_id: str | None = None) -> str:
    """Try to send one due mail; the status it ends in, or "" when it was not due or another worker has it."""
    worker_id = worker_id or new_worker_id()
    now = timezone.now()
    claimed = OutgoingMail.objects.filter(pk=mail_id, status=Status.PENDING, next_attempt_at__lte=now).update(
        status=Status.CLAIMED, claimed_at=now, claimed_by=worker_id, attempts=F("attempts") + 1
    )
    if not claimed:
        return ""
    mail = OutgoingMail.objects.get(pk=mail_id)
    build = _BUILDERS.get(mail.kind)
    if build is None:
        return _finish(mail, Status.FAILED, f"Ukjent slag e-post: {mail.kind}")
    try:
        message = build(mail.object_id)
    except Exception as error:
        logger.exception("Building the %s mail for #%s failed", mail.kind, mail.object_id)
        return _retry_or_fail(mail, f"Kunne ikke lage e-posten: {type(error).__name__}: {error}"[:300])
    if message is None:
        return _finish(mail, Status.SKIPPED, "")
    OutgoingMail.objects.filter(pk=mail.pk, status=Status.CLAIMED, claimed_by=worker_id).update(
        status=Status.HANDING_OVER, claimed_at=timezone.now()
    )
    try:
        message.send()
    except Exception as error:  # the backend's errors are many; classify_failure sorts them
        kind, text = classify_failure(error)
        logger.warning("Sending the %s mail for #%s failed: %s", mail.kind, mail.object_id, text)
        if kind == TEMPORARY:
            return _retry_or_fail(mail, text)
        return _finish(mail, Status.FAILED, text)
    logger.info("Sent the %s mail for #%s", mail.kind, mail.object_id)
    return _finish(mail, Status.SENT, "")


def _finish(mail: OutgoingMail, status: str, error: str) -> str:
    OutgoingMail.objects.filter(pk=mail.pk).update(
        status=status, finished_at=timezone.now(), last_error=error, claimed_by=""
    )
    return status


def _retry_or_fail(mail: OutgoingMail, error: str) -> str:
    attempts = OutgoingMail.objects.filter(pk=mail.pk).values_list("attempts", flat=True).first() or 1
    if attempts >= settings.MAIL_MAX_ATTEMPTS:
        return _finish(mail, Status.FAILED, error)
    wait = settings.MAIL_RETRY_BASE_SECONDS * 2 ** (attempts - 1)
    OutgoingMail.objects.filter(pk=mail.pk).update(
        status=Status.PENDING,
        next_attempt_at=timezone.now() + timedelta(seconds=wait),
        last_error=error,
        claimed_by="",
    )
    return Status.PENDING


def recover_stale(now: datetime | None = None) -> dict[str, int]:
    """Give back the mails of workers that died: retry what was not handed over, settle what was."""
    now = now or timezone.now()
    stale = now - timedelta(seconds=settings.MAIL_LEASE_SECONDS)
    retried = OutgoingMail.objects.filter(status=Status.CLAIMED, claimed_at__lt=stale).update(
        status=Status.PENDING, next_attempt_at=now, claimed_by="", last_error="Arbeideren stoppet før sending."
    )
    in_flight = OutgoingMail.objects.filter(status=Status.HANDING_OVER, claimed_at__lt=stale)
    if settings.MAIL_UNCERTAIN_POLICY == "resend":
        resent = in_flight.update(
            status=Status.PENDING,
            next_attempt_at=now,
            claimed_by="",
            last_error="Arbeideren stoppet under levering; sendes på nytt.",
        )
        uncertain = 0
    else:
        resent = 0
        uncertain = in_flight.update(
            status=Status.UNCERTAIN,
            finished_at=now,
            claimed_by="",
            last_error="Arbeideren stoppet under levering; e-posten kan ha kommet fram og sendes ikke på nytt.",
        )
    return {"retried": retried, "resent": resent, "uncertain": uncertain}


def due_ids(limit: int = 200) -> list[int]:
    return list(
        OutgoingMail.objects.filter(status=Status.PENDING, next_attempt_at__lte=timezone.now())
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def deliver_due(limit: int = 200) -> dict[str, int]:
    """The tick's round: settle dead workers' mails, then send what is due, here and now."""
    counts = recover_stale()
    worker_id = new_worker_id()
    for mail_id in due_ids(limit):
        outcome = deliver(mail_id, worker_id=worker_id)
        if outcome:
            counts[outcome] = counts.get(outcome, 0) + 1
    return counts


def purge_finished(now: datetime | None = None) -> int:
    cutoff = (now or timezone.now()) - timedelta(days=settings.MAIL_OUTBOX_RETENTION_DAYS)
    deleted, _ = (
        OutgoingMail.objects.exclude(status__in=OutgoingMail.OPEN_STATES).filter(finished_at__lt=cutoff).delete()
    )
    return deleted


def registered_kinds() -> list[str]:
    return sorted(_BUILDERS)
