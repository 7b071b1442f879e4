"""The seat ledger's rules, end to end on the database."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from conference import ledger
from conference.models import Registration

Status = Registration.Status


def register(conference, ticket_type, email):
    return ledger.register(conference, ticket_type.pk, name=email.split("@")[0], email=email)


def test_seats_then_waiting_list_in_order(conference, in_person):
    first, second, third, fourth = (register(conference, in_person, f"l{i}@example.no") for i in range(4))
    assert [r.status for r in (first, second, third, fourth)] == ["confirmed", "confirmed", "waiting", "waiting"]
    assert ledger.seats_left(in_person) == 0


def test_cancellation_offers_the_seat_to_the_first_in_line_and_not_to_a_newcomer(conference, in_person):
    first, _, third, _fourth = (register(conference, in_person, f"l{i}@example.no") for i in range(4))
    changes = ledger.cancel(first.pk)
    assert changes.offered == [third.pk]
    third.refresh_from_db()
    assert third.status == Status.OFFERED and third.offer_expires_at > timezone.now()
    newcomer = register(conference, in_person, "ny@example.no")
    assert newcomer.status == Status.WAITING  # the offer holds the seat, and others wait before the newcomer


def test_accept_decline_and_expiry(conference, in_person):
    regs = [register(conference, in_person, f"l{i}@example.no") for i in range(5)]
    ledger.cancel(regs[0].pk)
    assert ledger.accept_offer(regs[2].pk)
    assert not ledger.accept_offer(regs[2].pk)  # accepting twice does nothing
    ledger.cancel(regs[1].pk)
    regs[3].refresh_from_db()
    assert regs[3].status == Status.OFFERED
    changes = ledger.decline_offer(regs[3].pk)
    assert changes.offered == [regs[4].pk]
    later = timezone.now() + timedelta(hours=conference.offer_hours, seconds=1)
    assert not ledger.accept_offer(regs[4].pk, now=later)
    ledger.expire_offers(now=later)
    regs[4].refresh_from_db()
    assert regs[4].status == Status.EXPIRED
    assert ledger.seats_left(in_person) == 1


def test_overall_capacity_caps_unlimited_ticket_types(conference, digital):
    conference.overall_capacity = 1
    conference.save()
    assert register(conference, digital, "a@example.no").status == Status.CONFIRMED
    assert register(conference, digital, "b@example.no").status == Status.WAITING


def test_move_needs_a_free_seat(conference, in_person, digital):
    online = register(conference, digital, "a@example.no")
    ledger.move(online.pk, in_person.pk)
    online.refresh_from_db()
    assert online.ticket_type_id == in_person.pk
    register(conference, in_person, "b@example.no")
    other = register(conference, digital, "c@example.no")
    with pytest.raises(ledger.SeatUnavailable):
        ledger.move(other.pk, in_person.pk)


def test_closed_registration_is_refused(conference, in_person):
    conference.registration_closes_at = timezone.now() - timedelta(minutes=1)
    conference.registration_opens_at = timezone.now() - timedelta(days=2)
    conference.save()
    with pytest.raises(ledger.RegistrationClosed):
        register(conference, in_person, "sen@example.no")
