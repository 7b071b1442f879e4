"""Seats under a rush: many registrations and cancellations at the same moment.

Each test starts its threads together (threading.Barrier); each thread has its own
database connection, closed when it ends, and calls the ledger directly. The rows must
be committed for the other threads to see them, so these are transactional tests with
the migrations' data restored afterwards.

On PostgreSQL the ledger's lock is an evaluated `SELECT ... FOR UPDATE` on the ticket
type. The negative controls switch it off (`CONFERENCE_LOCK_SEATS = False`) under the
same load and show that the race then happens, as pretix's concurrency tests do: a
test that passes with the lock proves nothing unless it fails without it.

On SQLite `select_for_update()` does nothing: the immediate transaction (BEGIN
IMMEDIATE) takes the database's write lock before the count, so writers are serialised
with or without the switch. The positive tests run there too and prove exactly that;
the negative controls cannot show a race there and are skipped.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection
from django.utils import timezone

from conference import ledger
from conference.models import Registration, TicketType
from tests.concurrency import run_at_once

Status = Registration.Status
SEATS = 5
RUSH = 30

transactional = pytest.mark.django_db(transaction=True)
on_postgresql = connection.vendor == "postgresql"
postgresql_only = pytest.mark.skipif(
    not on_postgresql,
    reason=(
        "needs PostgreSQL (DATABASE_URL): on SQLite the immediate transaction serialises every writer "
        "whether or not the row lock is switched on, so the race cannot be shown"
    ),
)
sqlite_only = pytest.mark.skipif(on_postgresql, reason="about SQLite's immediate transactions")


def errors(results: list[object]) -> list[Exception]:
    return [result for result in results if isinstance(result, Exception)]


def uneven_pause(number: int, base: float = 0.02) -> Callable[[], None]:
    """A pause between count and insert, of a different length per thread (real requests are never in step)."""
    return lambda: time.sleep(base + 0.005 * (number % 7))


def rush(conference, ticket_types: list[TicketType], count: int = RUSH) -> list[object]:
    """`count` registrations at once, spread over the ticket types, each with a widened race window."""

    def registrant(number: int) -> Callable[[], Registration]:
        ticket_type = ticket_types[number % len(ticket_types)]
        return lambda: ledger.register(
            conference,
            ticket_type.pk,
            pause=uneven_pause(number),
            name=f"Lege {number}",
            email=f"lege{number:02d}@example.no",
        )

    return run_at_once([registrant(n) for n in range(count)])


def waiting_list(ticket_type: TicketType) -> list[str]:
    return list(
        Registration.objects.filter(ticket_type=ticket_type, status=Status.WAITING)
        .order_by("waiting_since", "pk")
        .values_list("email", flat=True)
    )


def count(ticket_type: TicketType, status: str) -> int:
    return Registration.objects.filter(ticket_type=ticket_type, status=status).count()


@pytest.fixture
def five_seats(ticket_type) -> TicketType:
    return ticket_type(name="Fysisk oppmøte", capacity=SEATS)


# --- A rush of registrations ----------------------------------------------------------------


@transactional
def test_simultaneous_registrations_fill_exactly_the_seats_and_queue_the_rest(conference, five_seats):
    results = rush(conference, [five_seats])

    assert not errors(results), errors(results)
    assert count(five_seats, Status.CONFIRMED) == SEATS
    assert count(five_seats, Status.WAITING) == RUSH - SEATS
    assert Registration.objects.count() == RUSH
    # Everyone is in exactly one place: a seat or the waiting list, once.
    queue = waiting_list(five_seats)
    seated = set(Registration.objects.filter(status=Status.CONFIRMED).values_list("email", flat=True))
    assert len(queue) == len(set(queue)) == RUSH - SEATS
    assert seated.isdisjoint(queue)
    assert seated | set(queue) == {f"lege{n:02d}@example.no" for n in range(RUSH)}
    # What each caller was told is what the database holds.
    told = Counter(result.status for result in results)
    assert told == {Status.CONFIRMED: SEATS, Status.WAITING: RUSH - SEATS}
    assert ledger.seats_left(five_seats) == 0


@transactional
@postgresql_only
def test_without_the_lock_simultaneous_registrations_overbook(conference, five_seats, settings):
    """The negative control: the same rush with the row lock switched off puts more than five in five seats."""
    settings.CONFERENCE_LOCK_SEATS = False

    results = rush(conference, [five_seats])

    assert not errors(results), errors(results)
    overbooked = count(five_seats, Status.CONFIRMED) - SEATS
    assert overbooked > 0, "no race without the lock: the positive test proves nothing"
    assert Registration.objects.count() == RUSH


@transactional
@sqlite_only
def test_on_sqlite_the_immediate_transaction_alone_prevents_overbooking(conference, five_seats, settings):
    """select_for_update() is a no-op on SQLite: BEGIN IMMEDIATE is what serialises the count and the insert."""
    settings.CONFERENCE_LOCK_SEATS = False

    results = rush(conference, [five_seats])

    assert not errors(results), errors(results)
    assert count(five_seats, Status.CONFIRMED) == SEATS
    assert count(five_seats, Status.WAITING) == RUSH - SEATS


@transactional
def test_simultaneous_registrations_respect_the_overall_capacity_across_ticket_types(conference, ticket_type):
    conference.overall_capacity = SEATS
    conference.save()
    hall = ticket_type(name="Sal", capacity=RUSH)
    stream = ticket_type(name="Strøm", kind=TicketType.Kind.DIGITAL, capacity=RUSH)

    results = rush(conference, [hall, stream])

    assert not errors(results), errors(results)
    assert ledger.conference_seats_in_use(conference) == SEATS
    assert count(hall, Status.WAITING) + count(stream, Status.WAITING) == RUSH - SEATS


# --- Simultaneous cancellations with a waiting list -----------------------------------------


_thread_number = threading.local()


def slow_seats_left(original: Callable[[TicketType], int | None]) -> Callable[[TicketType], int | None]:
    """ledger.seats_left with a pause after the count, to widen the window between counting and offering."""

    def counted_then_paused(ticket_type: TicketType) -> int | None:
        free = original(ticket_type)
        time.sleep(0.03 + 0.005 * (getattr(_thread_number, "value", 0) % 7))
        return free

    return counted_then_paused


@pytest.fixture
def full_with_queue(conference, five_seats):
    """Five seated, and ten waiting who joined a minute apart (registered one by one)."""
    start = timezone.now()
    seated = [
        ledger.register(conference, five_seats.pk, now=start, name=f"Sittende {i}", email=f"plass{i}@example.no")
        for i in range(SEATS)
    ]
    waiting = [
        ledger.register(
            conference,
            five_seats.pk,
            now=start + timedelta(minutes=1 + i),
            name=f"Ventende {i}",
            email=f"vent{i}@example.no",
        )
        for i in range(10)
    ]
    assert {r.status for r in seated} == {Status.CONFIRMED} and {r.status for r in waiting} == {Status.WAITING}
    return seated, waiting


def cancel_all_at_once(seated: list[Registration], waiting: list[Registration]) -> list[object]:
    """Every seated registrant cancels; two of them twice (a double click); two far back in the queue leave."""
    targets = [*seated, seated[0], seated[1], waiting[8], waiting[9]]

    def canceller(number: int, registration_id: int) -> Callable[[], ledger.Changes]:
        def cancel() -> ledger.Changes:
            _thread_number.value = number
            return ledger.cancel(registration_id)

        return cancel

    with mock.patch.object(ledger, "seats_left", slow_seats_left(ledger.seats_left)):
        return run_at_once([canceller(n, r.pk) for n, r in enumerate(targets)])


@transactional
def test_simultaneous_cancellations_offer_each_freed_seat_exactly_once(conference, five_seats, full_with_queue):
    seated, waiting = full_with_queue

    results = cancel_all_at_once(seated, waiting)

    assert not errors(results), errors(results)
    offered = [pk for changes in results for pk in changes.offered]
    first_in_line = [r.pk for r in waiting[:SEATS]]
    # Five seats freed, five offers, to the first five in line, each exactly once.
    assert sorted(offered) == sorted(first_in_line)
    assert set(
        Registration.objects.filter(ticket_type=five_seats, status=Status.OFFERED).values_list("pk", flat=True)
    ) == set(first_in_line)
    assert count(five_seats, Status.CONFIRMED) == 0
    assert count(five_seats, Status.CANCELLED) == SEATS + 2
    assert waiting_list(five_seats) == [r.email for r in waiting[SEATS:8]]
    assert ledger.seats_left(five_seats) == 0


@transactional
@postgresql_only
def test_without_the_lock_simultaneous_cancellations_offer_a_seat_twice(
    conference, five_seats, full_with_queue, settings
):
    """The negative control: each canceller counts its own freed seat and offers it to the same first in line."""
    settings.CONFERENCE_LOCK_SEATS = False
    seated, waiting = full_with_queue

    results = cancel_all_at_once(seated, waiting)

    assert not errors(results), errors(results)
    offers = Counter(pk for changes in results for pk in changes.offered)
    offered_twice = {pk: n for pk, n in offers.items() if n > 1}
    assert offered_twice, f"no seat offered twice without the lock: {offers}"


# --- A cancellation racing a move ---------------------------------------------------------


@transactional
@pytest.mark.skipif(
    not on_postgresql,
    reason=(
        "needs PostgreSQL (DATABASE_URL): on SQLite BEGIN IMMEDIATE takes the write lock before the "
        "registration is read, so a move cannot commit in between"
    ),
)
def test_a_move_waits_for_a_cancellation_that_holds_the_registration(conference, ticket_type):
    """The cancellation locks the registration before its ticket types, so a move of the same
    registration cannot commit in between and leave the cancellation holding the wrong lock."""
    hall = ticket_type(name="Sal", capacity=1)
    stream = ticket_type(name="Strøm", kind=TicketType.Kind.DIGITAL, capacity=1)
    moving = ledger.register(conference, hall.pk, name="Flytter", email="flytter@example.no")
    read, moved = threading.Event(), threading.Event()
    original_lock = ledger.lock_scope

    def lock_after_reading(conference_id: int, ticket_type_ids: list[int]) -> dict[int, TicketType]:
        # Only the cancelling thread stops here: it holds the registration, not yet its ticket types.
        if threading.current_thread().name == "job-0":
            read.set()
            # The move is blocked on the registration's row lock: it cannot finish meanwhile.
            assert not moved.wait(1.5)
        return original_lock(conference_id, ticket_type_ids)

    def try_to_move():
        assert read.wait(30)
        try:
            ledger.move(moving.pk, stream.pk)
        except ledger.SeatUnavailable as refused:
            return refused
        finally:
            moved.set()
        return None

    with mock.patch.object(ledger, "lock_scope", lock_after_reading):
        cancelled, move_result = run_at_once([lambda: ledger.cancel(moving.pk), try_to_move])

    assert not errors([cancelled]), cancelled
    assert isinstance(move_result, ledger.SeatUnavailable)  # it ran after the cancellation, on a cancelled row
    moving.refresh_from_db()
    assert (moving.status, moving.ticket_type_id) == (Status.CANCELLED, hall.pk)
    newcomer = ledger.register(conference, stream.pk, name="Ny", email="ny@example.no")
    assert newcomer.status == Status.CONFIRMED
