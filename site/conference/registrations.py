"""The registration service: what the public pages, the staff at the door and a publish of the
conference page do to registrations, and which mails follow.

Views stay thin: they validate a form and call one function here. Seats are only ever
taken or freed through the ledger; this module adds the answers, the neutral handling
of a second registration with the same address, and the mails. Mails are queued when
the transaction commits, so a worker always finds what it is to write about.
"""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from core import ratelimit

from . import ledger
from .models import Answer, ConferencePage, Question, Registration, RegistrationConsentText, email_hash
from .notices import RegistrationMail
from .tasks import mail_offers, queue_registration_mail

logger = logging.getLogger(__name__)

HOUR = 60 * 60
DAY = 24 * HOUR


class Outcome(enum.Enum):
    CONFIRMED = "confirmed"
    WAITING = "waiting"
    ALREADY_REGISTERED = "already_registered"
    MAIL_LIMIT_REACHED = "mail_limit_reached"


@dataclass(frozen=True)
class RegistrationRequest:
    conference: ConferencePage
    ticket_type_id: int
    name: str
    email: str
    consent_text: RegistrationConsentText | None
    organisation: str = ""
    role: str = ""
    municipality_id: int | None = None
    language: str = "nb"
    answers: dict[Question, object] = field(default_factory=dict)


# --- The public forms' mail limit ------------------------------------------------------------


def mail_allowed(email: str) -> bool:
    """Count one mail set off by a public form to this address; False when it has had its share today."""
    return ratelimit.allow(f"conference:mails:{email_hash(email)}", settings.CONFERENCE_MAILS_PER_ADDRESS_PER_DAY, DAY)


# --- Registering -------------------------------------------------------------------------


def save_answers(registration: Registration, answers: dict[Question, object]) -> None:
    """Store the answers given; a question left out has no answer row."""
    for question, value in answers.items():
        if value is None:
            registration.answers.filter(question=question).delete()
            continue
        Answer.objects.update_or_create(
            registration=registration,
            question=question,
            defaults={"question_label": question.label, "sensitive": question.sensitive, "value": value},
        )


def _active_registration(conference: ConferencePage, email: str) -> Registration | None:
    return Registration.objects.filter(
        conference=conference, email_hash=email_hash(email), status__in=Registration.ACTIVE
    ).first()


def register(request: RegistrationRequest) -> Outcome:
    """Register, or, if the address already is, mail its manage link; the visitor sees the same either way.

    Raises ledger.RegistrationClosed when registration is not open.
    """
    if not request.conference.registration_is_open():
        raise ledger.RegistrationClosed
    if not mail_allowed(request.email):
        logger.info("Conference mail limit reached for an address; nothing done")
        return Outcome.MAIL_LIMIT_REACHED
    try:
        # One transaction: the seat, the answers and the promise of the mail together, so a
        # registration that commits always has its confirmation or waiting-list mail owed
        # (the outbox sends it at least once), and one that rolls back has none. The unique
        # constraint on (conference, address) for active registrations stops a duplicate inside it.
        with transaction.atomic():
            registration = ledger.register(
                request.conference,
                request.ticket_type_id,
                name=request.name,
                email=request.email,
                organisation=request.organisation,
                role=request.role,
                municipality_id=request.municipality_id,
                language=request.language,
                consent_text=request.consent_text,
            )
            save_answers(registration, request.answers)
            confirmed = registration.status == Registration.Status.CONFIRMED
            queue_registration_mail(
                registration.pk, RegistrationMail.CONFIRMED if confirmed else RegistrationMail.WAITING
            )
    except IntegrityError:
        existing = _active_registration(request.conference, request.email)
        if existing is None:  # the other registration was cancelled in the meantime: nothing to point to
            raise
        queue_registration_mail(existing.pk, RegistrationMail.MANAGE_LINK)
        return Outcome.ALREADY_REGISTERED
    return Outcome.CONFIRMED if confirmed else Outcome.WAITING


def resend_links(email: str) -> int:
    """Mail a fresh manage link for each of the address's registrations still to come; 0 or more."""
    if not mail_allowed(email):
        return 0
    registrations = Registration.objects.filter(
        email_hash=email_hash(email),
        conference__ends_at__gt=timezone.now(),
        personal_data_purged_at__isnull=True,
    ).exclude(status__in=[Registration.Status.DECLINED, Registration.Status.EXPIRED])
    # A cancelled registration gets a link only if there is no active one for the conference.
    chosen: dict[int, Registration] = {}
    for registration in registrations.order_by("created_at", "pk"):
        current = chosen.get(registration.conference_id)
        if current is None or registration.status in Registration.ACTIVE:
            chosen[registration.conference_id] = registration
    for registration in chosen.values():
        queue_registration_mail(registration.pk, RegistrationMail.MANAGE_LINK)
    return len(chosen)


# --- Self-service -------------------------------------------------------------------------


@dataclass(frozen=True)
class ProfileChange:
    name: str
    organisation: str
    role: str
    municipality_id: int | None
    answers: dict[Question, object]


def update_profile(registration: Registration, change: ProfileChange) -> None:
    """The registrant's own details and answers; the address and the seat stay as they are."""
    with transaction.atomic():
        registration.name = change.name
        registration.organisation = change.organisation
        registration.role = change.role
        registration.municipality_id = change.municipality_id
        registration.save(update_fields=["name", "organisation", "role", "municipality", "email_hash"])
        save_answers(registration, change.answers)


def change_ticket_type(registration: Registration, ticket_type_id: int) -> None:
    """Move to another ticket type with a free seat; raises ledger.SeatUnavailable when there is none.

    The registrant gets a new confirmation (with the calendar entry's new location);
    a seat freed on the old ticket type goes to the next in line.
    """
    with transaction.atomic():
        changes = ledger.move(registration.pk, ticket_type_id)
        mail_offers(changes)
        queue_registration_mail(registration.pk, RegistrationMail.CONFIRMED)


def _did_it(registration_id: int, status: str, now) -> bool:
    """Whether this call made the change (the ledger ignores a second, simultaneous one)."""
    return Registration.objects.filter(pk=registration_id, status=status, cancelled_at=now).exists()


def cancel(registration: Registration) -> bool:
    """Cancel; the freed seat is offered to the next in line. False when there was nothing to cancel."""
    now = timezone.now()
    with transaction.atomic():
        changes = ledger.cancel(registration.pk, now=now)
        if not _did_it(registration.pk, Registration.Status.CANCELLED, now):
            return False
        # The receipt's calendar file cancels the entry: it must outrank the confirmation's.
        Registration.objects.filter(pk=registration.pk).update(calendar_sequence=F("calendar_sequence") + 1)
        mail_offers(changes)
        queue_registration_mail(registration.pk, RegistrationMail.CANCELLED)
    return True


def accept_offer(registration: Registration) -> bool:
    """Take an offered seat while the offer stands; a confirmation follows."""
    with transaction.atomic():
        accepted = ledger.accept_offer(registration.pk)
        if accepted:
            queue_registration_mail(registration.pk, RegistrationMail.CONFIRMED)
    return accepted


def decline_offer(registration: Registration) -> bool:
    """Let an offered seat go to the next in line. False when there was no open offer."""
    now = timezone.now()
    with transaction.atomic():
        changes = ledger.decline_offer(registration.pk, now=now)
        mail_offers(changes)
        return _did_it(registration.pk, Registration.Status.DECLINED, now)


# --- Seats a publish frees ----------------------------------------------------------------


def offer_free_seats(conference: ConferencePage) -> list[int]:
    """After a publish that may have raised a capacity: offer the free seats to those waiting, and mail them.

    A seat freed this way goes to the first in line, as one a cancellation frees. Nothing
    once the conference has ended. Returns the ids offered a seat.
    """
    if timezone.now() >= conference.ends_at:
        return []
    with transaction.atomic():
        changes = ledger.offer_free_seats(conference.pk)
        mail_offers(changes)
    return changes.offered


# --- Check-in at the door -------------------------------------------------------------------


def mark_attended(registration: Registration, now: datetime | None = None) -> bool:
    """Mark a confirmed registration as attended; True if it is (now or already). Idempotent."""
    if registration.status != Registration.Status.CONFIRMED:
        return False
    now = now or timezone.now()
    # One conditional update: two staff scanning at once both succeed and the first time stays.
    Registration.objects.filter(
        pk=registration.pk, status=Registration.Status.CONFIRMED, attended_at__isnull=True
    ).update(attended_at=now)
    registration.refresh_from_db(fields=["status", "attended_at"])
    return registration.attended_at is not None


def unmark_attended(registration: Registration) -> None:
    """Undo a mistaken check-in."""
    Registration.objects.filter(pk=registration.pk).update(attended_at=None)
    registration.attended_at = None
