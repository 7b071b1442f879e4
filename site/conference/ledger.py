"""Seats as a ledger, changed only under a lock on the ticket type.

Every change that takes or frees a seat runs in one transaction that first locks the
ticket type's row (an evaluated select_for_update on PostgreSQL; SQLite's immediate
transaction holds the write lock from its start), then counts confirmed registrations
and open offers. There is no check-then-insert outside the lock, and no stored counter.

While anyone waits for a ticket type, a freed seat is offered to the first in line,
never given to a newcomer; an offer holds the seat until it is accepted, declined or
expires, and then the next in line is offered it in the same transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from .models import ConferencePage, Registration, TicketType
from .seats import free_seats, has_free_seat

logger = logging.getLogger(__name__)
Status = Registration.Status


class RegistrationClosed(Exception):
    """Registration is not open for this conference now."""


class SeatUnavailable(Exception):
    """The ticket type asked for has no seat free for a move."""


@dataclass
class Changes:
    """What a ledger operation did, for the caller to mail about once the transaction commits."""

    offered: list[int] = field(default_factory=list)
    confirmed: list[int] = field(default_factory=list)

    def merge(self, other: Changes) -> Changes:
        self.offered += other.offered
        self.confirmed += other.confirmed
        return self


def locking_enabled() -> bool:
    """Off only in the concurrency tests' negative control, to show the race the lock prevents."""
    return settings.CONFERENCE_LOCK_SEATS


def lock_ticket_types(ticket_type_ids: list[int]) -> dict[int, TicketType]:
    """Lock the rows (always in id order, so two moves cannot deadlock) and return them."""
    queryset = (
        TicketType.objects.filter(pk__in=sorted(set(ticket_type_ids))).select_related("conference").order_by("pk")
    )
    if locking_enabled():
        queryset = queryset.select_for_update(of=("self",))
    return {ticket_type.pk: ticket_type for ticket_type in list(queryset)}  # list(): the lock is taken now


def seats_in_use(ticket_type: TicketType) -> int:
    return Registration.objects.filter(ticket_type=ticket_type, status__in=Registration.HOLDS_SEAT).count()


def conference_seats_in_use(conference: ConferencePage) -> int:
    return Registration.objects.filter(conference=conference, status__in=Registration.HOLDS_SEAT).count()


def overall_capacity(ticket_type: TicketType) -> int | None:
    """The conference's overall capacity: as lock_scope read it, with the lock, or from the conference."""
    if hasattr(ticket_type, "conference_overall_capacity"):
        return ticket_type.conference_overall_capacity
    return ticket_type.conference.overall_capacity


def seats_left(ticket_type: TicketType) -> int | None:
    """Free seats of a ticket type now, None for unlimited.

    With the lock held (lock_scope) it is the basis of the ledger's decisions; without it, a hint.
    """
    overall = overall_capacity(ticket_type)
    overall_in_use = (
        0
        if overall is None
        else Registration.objects.filter(
            conference_id=ticket_type.conference_id, status__in=Registration.HOLDS_SEAT
        ).count()
    )
    return free_seats(ticket_type.capacity, seats_in_use(ticket_type), overall, overall_in_use)


def _has_queue(ticket_type: TicketType) -> bool:
    return Registration.objects.filter(ticket_type=ticket_type, status=Status.WAITING).exists()


def lock_scope(conference_id: int, ticket_type_ids: list[int]) -> dict[int, TicketType]:
    """Lock what a change depends on: its ticket types, or, when the conference has an overall
    capacity (a seat then depends on every type), all of the conference's ticket types.

    One statement: which rows it locks follows the overall capacity it reads, which each row
    carries (`overall_capacity()`) instead of the whole conference page. Ticket types of another
    conference are left out, so the caller finds them missing.
    """
    queryset = (
        TicketType.objects.filter(conference_id=conference_id)
        .filter(Q(pk__in=sorted(set(ticket_type_ids))) | Q(conference__overall_capacity__isnull=False))
        .annotate(conference_overall_capacity=F("conference__overall_capacity"))
        .order_by("pk")
    )
    if locking_enabled():
        queryset = queryset.select_for_update(of=("self",))
    return {ticket_type.pk: ticket_type for ticket_type in list(queryset)}  # list(): the lock is taken now


@dataclass(frozen=True)
class SeatCount:
    """One ticket type's seats as the ledger decides on them: free (None: no limit) and whether anyone waits."""

    free: int | None
    queue: bool


def seat_counts(ticket_types: dict[int, TicketType]) -> dict[int, SeatCount]:
    """Free seats and queues of the locked ticket types, in one query. Call with the lock held.

    When the conference has an overall capacity, lock_scope has locked every one of its ticket
    types, so their sum is the conference's seats in use.
    """
    rows = (
        Registration.objects.filter(ticket_type__in=list(ticket_types), status__in=Registration.ACTIVE)
        .values("ticket_type_id")
        .annotate(
            in_use=Count("pk", filter=Q(status__in=Registration.HOLDS_SEAT)),
            waiting=Count("pk", filter=Q(status=Status.WAITING)),
        )
        .order_by()
    )
    by_type = {row["ticket_type_id"]: row for row in rows}
    overall_in_use = sum(row["in_use"] for row in by_type.values())
    counts = {}
    for pk, ticket_type in ticket_types.items():
        row = by_type.get(pk, {"in_use": 0, "waiting": 0})
        overall = overall_capacity(ticket_type)
        free = free_seats(ticket_type.capacity, row["in_use"], overall, overall_in_use)
        counts[pk] = SeatCount(free=free, queue=row["waiting"] > 0)
    return counts


def _first_eligible(ticket_types: dict[int, TicketType]) -> Registration | None:
    """The first in line, across the locked ticket types, whose ticket type has a free seat."""
    waiting = Registration.objects.filter(ticket_type__in=list(ticket_types), status=Status.WAITING).order_by(
        "waiting_since", "pk"
    )
    free: dict[int, int | None] = {}
    for registration in waiting.only("pk", "ticket_type_id", "waiting_since"):
        type_id = registration.ticket_type_id
        if type_id not in free:
            free[type_id] = seats_left(ticket_types[type_id])
        if has_free_seat(free[type_id]):
            return registration
    return None


# --- Registering ------------------------------------------------------------------------


def register(
    conference: ConferencePage,
    ticket_type_id: int,
    *,
    now: datetime | None = None,
    pause: Callable[[], None] | None = None,
    enforce_window: bool = True,
    **fields,
) -> Registration:
    """A seat if one is free and nobody waits for it, else a place at the end of the waiting list.

    `pause` runs between the count and the insert: the concurrency tests use it to widen
    the window a race would need. Organisers adding someone by hand pass enforce_window=False.
    """
    if enforce_window and not conference.registration_is_open(now or timezone.now()):
        raise RegistrationClosed
    # No savepoint of its own: inside the caller's transaction (registrations.register) a failure
    # here rolls the whole of it back anyway, and a savepoint would cost two round trips, one of
    # them with the lock held.
    with transaction.atomic(savepoint=False):
        locked = lock_scope(conference.pk, [ticket_type_id])
        ticket_type = locked.get(ticket_type_id)
        if ticket_type is None:
            raise TicketType.DoesNotExist
        now = now or timezone.now()  # taken under the lock: the queue follows the order of the lock
        counts = seat_counts(locked)
        # A free seat goes to a newcomer only while nobody waits for a free seat of their own
        # type (the one asked for, or, under an overall capacity, any other): as _first_eligible.
        someone_first = any(count.queue and has_free_seat(count.free) for count in counts.values())
        gets_seat = has_free_seat(counts[ticket_type_id].free) and not someone_first
        if pause:
            pause()
        registration = Registration.objects.create(
            conference=conference,
            ticket_type=ticket_type,
            status=Status.CONFIRMED if gets_seat else Status.WAITING,
            created_at=now,
            confirmed_at=now if gets_seat else None,
            waiting_since=None if gets_seat else now,
            **fields,
        )
    return registration


# --- Freeing seats and offering them ----------------------------------------------------


def _offer_freed_seats(ticket_types: dict[int, TicketType], now: datetime) -> Changes:
    """Offer free seats to the first in line, as many as are free. Call with the lock held."""
    changes = Changes()
    while (first := _first_eligible(ticket_types)) is not None:
        first = Registration.objects.select_related("conference").get(pk=first.pk)
        first.status = Status.OFFERED
        first.offered_at = now
        first.offer_expires_at = first.offer_deadline(now)
        first.save(update_fields=["status", "offered_at", "offer_expires_at"])
        changes.offered.append(first.pk)
    return changes


def _locked_registration(registration_id: int) -> tuple[Registration, dict[int, TicketType]] | None:
    """The registration, locked first (so a move cannot change its ticket type meanwhile), then its scope."""
    queryset = Registration.objects.filter(pk=registration_id)
    if locking_enabled():
        queryset = queryset.select_for_update(of=("self",))
    registration = queryset.select_related("conference").first()
    if registration is None:
        return None
    return registration, lock_scope(registration.conference_id, [registration.ticket_type_id])


def cancel(registration_id: int, *, now: datetime | None = None) -> Changes:
    """Cancel; a seat this frees goes to the next in line in the same transaction."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked_registration(registration_id)
        if locked is None:
            return Changes()
        registration, ticket_types = locked
        if registration.status not in Registration.ACTIVE:
            return Changes()
        registration.status = Status.CANCELLED
        registration.cancelled_at = now
        registration.save(update_fields=["status", "cancelled_at"])
        return _offer_freed_seats(ticket_types, now)


def accept_offer(registration_id: int, *, now: datetime | None = None) -> bool:
    """Take the offered seat, if the offer still stands."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked_registration(registration_id)
        if locked is None:
            return False
        registration, _ticket_types = locked
        if registration.status != Status.OFFERED or registration.offer_expires_at <= now:
            return False
        registration.status = Status.CONFIRMED
        registration.confirmed_at = now
        registration.save(update_fields=["status", "confirmed_at"])
        return True


def decline_offer(registration_id: int, *, now: datetime | None = None) -> Changes:
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked_registration(registration_id)
        if locked is None:
            return Changes()
        registration, ticket_types = locked
        if registration.status != Status.OFFERED:
            return Changes()
        registration.status = Status.DECLINED
        registration.cancelled_at = now
        registration.save(update_fields=["status", "cancelled_at"])
        return _offer_freed_seats(ticket_types, now)


def expire_offers(*, now: datetime | None = None) -> Changes:
    """Offers past their time lapse; each seat passes to the next in line. Run periodically."""
    now = now or timezone.now()
    changes = Changes()
    expired = Registration.objects.filter(status=Status.OFFERED, offer_expires_at__lte=now)
    for conference_id, ticket_type_id in sorted(set(expired.values_list("conference_id", "ticket_type_id"))):
        with transaction.atomic():
            ticket_types = lock_scope(conference_id, [ticket_type_id])
            lapsed = Registration.objects.filter(
                ticket_type_id=ticket_type_id, status=Status.OFFERED, offer_expires_at__lte=now
            ).update(status=Status.EXPIRED, cancelled_at=now)
            changes.merge(_offer_freed_seats(ticket_types, now))
        if lapsed:
            _seats_changed()
    return changes


def _seats_changed() -> None:
    """A bulk update sends no signal: tell the cached conference pages that seats changed
    (after the commit above, so no page renders the old count under the new version)."""
    from core.cache_versions import bump_version

    from .seats import SEATS_VERSION_KEY

    bump_version(SEATS_VERSION_KEY, again_at_commit=False)


def offer_free_seats(conference_id: int, *, now: datetime | None = None) -> Changes:
    """After an organiser raises a capacity (a ticket type's or the overall one): offer the new seats
    to those waiting, first in line first. Offers nothing when no seat is free or nobody waits."""
    now = now or timezone.now()
    with transaction.atomic():
        ticket_type_ids = list(TicketType.objects.filter(conference_id=conference_id).values_list("pk", flat=True))
        return _offer_freed_seats(lock_ticket_types(ticket_type_ids), now)


def move(registration_id: int, new_ticket_type_id: int, *, now: datetime | None = None) -> Changes:
    """Move a confirmed registration to another ticket type with a free seat (and nobody waiting)."""
    now = now or timezone.now()
    with transaction.atomic():
        queryset = Registration.objects.filter(pk=registration_id)
        if locking_enabled():
            queryset = queryset.select_for_update(of=("self",))
        registration = queryset.select_related("conference").get()
        ticket_types = lock_scope(registration.conference_id, [registration.ticket_type_id, new_ticket_type_id])
        old, new = ticket_types[registration.ticket_type_id], ticket_types.get(new_ticket_type_id)
        if new is None or new.conference_id != registration.conference_id:
            raise TicketType.DoesNotExist
        if new.pk == old.pk:
            return Changes()
        if registration.status != Status.CONFIRMED:
            raise SeatUnavailable
        # The overall capacity does not change with a move: count only the new type's own limit.
        if not has_free_seat(free_seats(new.capacity, seats_in_use(new))) or _has_queue(new):
            raise SeatUnavailable
        registration.ticket_type = new
        registration.calendar_sequence += 1
        registration.save(update_fields=["ticket_type", "calendar_sequence"])
        return _offer_freed_seats(ticket_types, now)
