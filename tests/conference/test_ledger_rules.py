"""The seat ledger's rules in detail: the waiting list's order, offers and their expiry,
fairness to those who wait, capacities (per ticket type, overall, raised and lowered),
cancellations, moves, and the state a visitor sees.

Times are passed explicitly (`now=`) wherever the order of events matters, so that no
rule depends on how fast the test runs.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from conference import ledger
from conference.factories import ConferencePageFactory, TicketTypeFactory
from conference.models import ConferenceState, Registration, TicketType

Status = Registration.Status


def register(conference, ticket_type, email, *, now=None) -> Registration:
    return ledger.register(conference, ticket_type.pk, now=now, name=email.split("@")[0], email=email)


def statuses(*registrations) -> list[str]:
    for registration in registrations:
        registration.refresh_from_db()
    return [registration.status for registration in registrations]


def queue(ticket_type) -> list[int]:
    """The waiting list as the ledger reads it: by when each joined it."""
    return list(
        Registration.objects.filter(ticket_type=ticket_type, status=Status.WAITING)
        .order_by("waiting_since", "pk")
        .values_list("pk", flat=True)
    )


@pytest.fixture
def t0():
    """A moment inside the registration window, from which the tests count."""
    return timezone.now().replace(microsecond=0)


@pytest.fixture
def full_house(conference, in_person, t0):
    """The two in-person seats taken and three waiting, who joined a minute apart."""
    seated = [register(conference, in_person, f"plass{i}@example.no", now=t0 + timedelta(seconds=i)) for i in range(2)]
    waiting = [
        register(conference, in_person, f"vent{i}@example.no", now=t0 + timedelta(minutes=1 + i)) for i in range(3)
    ]
    assert statuses(*seated, *waiting) == ["confirmed"] * 2 + ["waiting"] * 3
    return seated, waiting


# --- The waiting list's order -------------------------------------------------------------


def test_the_waiting_list_is_ordered_by_when_each_joined_not_by_row_id(conference, in_person, t0):
    register(conference, in_person, "a@example.no", now=t0)
    register(conference, in_person, "b@example.no", now=t0)
    # Rows inserted in one order, with joining times in the other (a form submitted earlier
    # whose transaction committed later): the time decides.
    later = register(conference, in_person, "sen@example.no", now=t0 + timedelta(minutes=5))
    earlier = register(conference, in_person, "tidlig@example.no", now=t0 + timedelta(minutes=2))
    assert later.pk < earlier.pk
    assert queue(in_person) == [earlier.pk, later.pk]
    assert earlier.waiting_since == t0 + timedelta(minutes=2) and earlier.confirmed_at is None

    seated = Registration.objects.get(email="a@example.no")
    assert ledger.cancel(seated.pk, now=t0 + timedelta(minutes=10)).offered == [earlier.pk]


def test_a_tie_in_joining_time_is_broken_by_row_id(conference, in_person, t0):
    register(conference, in_person, "a@example.no", now=t0)
    register(conference, in_person, "b@example.no", now=t0)
    same = t0 + timedelta(minutes=1)
    first, second = (register(conference, in_person, f"likt{i}@example.no", now=same) for i in range(2))
    assert queue(in_person) == [first.pk, second.pk]


def test_a_confirmed_registration_holds_a_seat_and_has_no_place_in_the_queue(conference, in_person, t0):
    seated = register(conference, in_person, "a@example.no", now=t0)
    assert (seated.status, seated.confirmed_at, seated.waiting_since) == (Status.CONFIRMED, t0, None)
    assert seated.status in Registration.HOLDS_SEAT
    assert ledger.seats_left(in_person) == 1


# --- Offers -------------------------------------------------------------------------------


def test_an_offer_holds_the_seat_for_the_configured_hours(conference, in_person, full_house, t0):
    conference.offer_hours = 6
    conference.save()
    seated, waiting = full_house
    cancelled_at = t0 + timedelta(hours=1)
    ledger.cancel(seated[0].pk, now=cancelled_at)
    offered = Registration.objects.get(pk=waiting[0].pk)
    assert offered.status == Status.OFFERED and offered.status in Registration.HOLDS_SEAT
    assert (offered.offered_at, offered.offer_expires_at) == (cancelled_at, cancelled_at + timedelta(hours=6))
    assert ledger.seats_left(in_person) == 0


def test_several_seats_freed_at_once_are_offered_to_as_many_in_line_in_order(conference, in_person, t0):
    in_person.capacity = 3
    in_person.save()
    seated = [register(conference, in_person, f"plass{i}@example.no", now=t0) for i in range(3)]
    waiting = [
        register(conference, in_person, f"vent{i}@example.no", now=t0 + timedelta(minutes=1 + i)) for i in range(4)
    ]
    first_offers = []
    for registration in seated[:2]:
        first_offers += ledger.cancel(registration.pk, now=t0 + timedelta(hours=1)).offered
    assert first_offers == [waiting[0].pk, waiting[1].pk]

    # Both offers run out in the same expiry run: the next two are offered, in their order.
    later = t0 + timedelta(hours=1 + conference.offer_hours)
    changes = ledger.expire_offers(now=later)
    assert changes.offered == [waiting[2].pk, waiting[3].pk]
    assert statuses(*waiting) == ["expired", "expired", "offered", "offered"]
    assert ledger.seats_left(in_person) == 0


def test_an_expired_offer_passes_to_the_next_and_the_expired_one_leaves_the_queue(
    conference, in_person, full_house, t0
):
    seated, waiting = full_house
    ledger.cancel(seated[0].pk, now=t0 + timedelta(hours=1))
    deadline = Registration.objects.get(pk=waiting[0].pk).offer_expires_at

    # Not before its time.
    assert ledger.expire_offers(now=deadline - timedelta(seconds=1)).offered == []
    assert statuses(waiting[0]) == ["offered"]

    # At the deadline the offer can no longer be taken, and the expiry run passes it on.
    assert not ledger.accept_offer(waiting[0].pk, now=deadline)
    assert ledger.expire_offers(now=deadline).offered == [waiting[1].pk]
    assert statuses(*waiting) == ["expired", "offered", "waiting"]
    assert waiting[0].cancelled_at == deadline
    assert queue(in_person) == [waiting[2].pk]

    # The one whose offer lapsed is never offered again, however many seats are freed later.
    assert ledger.cancel(seated[1].pk, now=deadline + timedelta(minutes=1)).offered == [waiting[2].pk]
    assert ledger.decline_offer(waiting[1].pk, now=deadline + timedelta(minutes=2)).offered == []
    assert statuses(waiting[0]) == ["expired"]
    assert not ledger.accept_offer(waiting[0].pk, now=deadline + timedelta(minutes=3))


def test_one_whose_offer_expired_may_join_again_at_the_end_of_the_line(conference, in_person, full_house, t0):
    seated, waiting = full_house
    ledger.cancel(seated[0].pk, now=t0 + timedelta(hours=1))
    ledger.expire_offers(now=t0 + timedelta(hours=1 + conference.offer_hours))
    again = register(conference, in_person, waiting[0].email, now=t0 + timedelta(hours=2 + conference.offer_hours))
    assert again.status == Status.WAITING
    assert queue(in_person) == [waiting[2].pk, again.pk]


def test_an_accepted_offer_is_a_confirmed_seat(conference, in_person, full_house, t0):
    seated, waiting = full_house
    ledger.cancel(seated[0].pk, now=t0 + timedelta(hours=1))
    accepted_at = t0 + timedelta(hours=2)
    assert ledger.accept_offer(waiting[0].pk, now=accepted_at)
    waiting[0].refresh_from_db()
    assert (waiting[0].status, waiting[0].confirmed_at) == (Status.CONFIRMED, accepted_at)
    # Accepted seats do not expire.
    assert ledger.expire_offers(now=accepted_at + timedelta(days=30)).offered == []
    assert statuses(waiting[0]) == ["confirmed"]


def test_only_an_offered_registration_can_accept_or_decline(conference, in_person, full_house):
    seated, waiting = full_house
    assert not ledger.accept_offer(waiting[0].pk)  # waiting, not offered
    assert not ledger.accept_offer(seated[0].pk)  # already has a seat
    assert ledger.decline_offer(waiting[0].pk).offered == []
    assert ledger.decline_offer(seated[0].pk).offered == []
    assert statuses(*seated, *waiting) == ["confirmed"] * 2 + ["waiting"] * 3
    assert not ledger.accept_offer(10**9)
    assert ledger.decline_offer(10**9).offered == []


# --- Fairness: a newcomer never takes a seat from those who wait ---------------------------


def test_while_anyone_waits_a_newcomer_never_gets_a_freed_seat(conference, in_person, full_house, t0):
    seated, waiting = full_house
    ledger.cancel(seated[0].pk, now=t0 + timedelta(hours=1))
    assert register(conference, in_person, "ny1@example.no", now=t0 + timedelta(hours=1, minutes=1)).status == "waiting"

    # The offer is declined: the seat goes to the next in line, not to the newcomers.
    ledger.decline_offer(waiting[0].pk, now=t0 + timedelta(hours=2))
    assert register(conference, in_person, "ny2@example.no", now=t0 + timedelta(hours=2, minutes=1)).status == "waiting"

    # The offer expires: the same.
    ledger.expire_offers(now=t0 + timedelta(hours=2 + conference.offer_hours))
    assert statuses(*waiting) == ["declined", "expired", "offered"]
    newcomer = register(conference, in_person, "ny3@example.no", now=t0 + timedelta(hours=3 + conference.offer_hours))
    assert newcomer.status == Status.WAITING
    assert Registration.objects.filter(ticket_type=in_person, status__in=Registration.HOLDS_SEAT).count() == 2


def test_a_seat_freed_while_nobody_waits_goes_to_the_next_registrant(conference, in_person, t0):
    first, _second = (register(conference, in_person, f"plass{i}@example.no", now=t0) for i in range(2))
    assert ledger.cancel(first.pk, now=t0 + timedelta(minutes=1)).offered == []
    assert register(conference, in_person, "ny@example.no", now=t0 + timedelta(minutes=2)).status == "confirmed"


def test_a_newcomer_waits_behind_those_in_line_even_when_seats_are_free_but_not_yet_offered(
    conference, in_person, full_house, t0
):
    _seated, waiting = full_house
    # The organiser raises the capacity; until the new seats are offered, the queue still comes first.
    in_person.capacity = 10
    in_person.save()
    assert ledger.seats_left(in_person) == 8
    newcomer = register(conference, in_person, "ny@example.no", now=t0 + timedelta(hours=1))
    assert newcomer.status == Status.WAITING
    assert queue(in_person) == [*(r.pk for r in waiting), newcomer.pk]


# --- Capacity -----------------------------------------------------------------------------


def test_a_capacity_raised_by_the_organiser_is_offered_to_those_waiting_in_order(conference, in_person, full_house, t0):
    _seated, waiting = full_house
    in_person.capacity = 4
    in_person.save()
    changes = ledger.offer_free_seats(conference.pk, now=t0 + timedelta(hours=1))
    assert changes.offered == [waiting[0].pk, waiting[1].pk]
    assert statuses(*waiting) == ["offered", "offered", "waiting"]
    assert ledger.seats_left(in_person) == 0
    # Running it again offers nothing more.
    assert ledger.offer_free_seats(conference.pk, now=t0 + timedelta(hours=2)).offered == []


def test_a_raised_capacity_with_room_for_everyone_offers_the_whole_queue(conference, in_person, full_house, t0):
    _seated, waiting = full_house
    in_person.capacity = 100
    in_person.save()
    assert ledger.offer_free_seats(conference.pk, now=t0).offered == [r.pk for r in waiting]
    assert ledger.seats_left(in_person) == 95
    assert register(conference, in_person, "ny@example.no", now=t0 + timedelta(minutes=1)).status == "confirmed"


def test_a_lowered_capacity_cancels_nobody_and_offers_no_seat_until_there_is_room(
    conference, in_person, full_house, t0
):
    seated, waiting = full_house
    in_person.capacity = 1
    in_person.save()
    assert ledger.seats_left(in_person) == 0
    assert statuses(*seated) == ["confirmed", "confirmed"]
    assert ledger.cancel(seated[0].pk, now=t0 + timedelta(hours=1)).offered == []  # two seated on one seat
    assert ledger.cancel(seated[1].pk, now=t0 + timedelta(hours=2)).offered == [waiting[0].pk]


def test_an_unlimited_ticket_type_never_has_a_waiting_list(conference, digital, t0):
    registrations = [register(conference, digital, f"d{i}@example.no", now=t0) for i in range(25)]
    assert {r.status for r in registrations} == {"confirmed"}
    assert ledger.seats_left(digital) is None


def test_overall_capacity_with_two_ticket_types(conference, in_person, digital, t0):
    conference.overall_capacity = 3
    conference.save()
    a1, a2 = (register(conference, in_person, f"fysisk{i}@example.no", now=t0) for i in range(2))
    d1 = register(conference, digital, "digital1@example.no", now=t0 + timedelta(minutes=1))
    # The hall is full (its own limit) and so is the conference (the overall limit).
    a3 = register(conference, in_person, "fysisk3@example.no", now=t0 + timedelta(minutes=2))
    d2 = register(conference, digital, "digital2@example.no", now=t0 + timedelta(minutes=3))
    assert statuses(a1, a2, d1, a3, d2) == ["confirmed", "confirmed", "confirmed", "waiting", "waiting"]
    assert (ledger.seats_left(in_person), ledger.seats_left(digital)) == (0, 0)
    assert ledger.conference_seats_in_use(conference) == 3

    # A freed digital seat goes to the digital queue, within the overall limit.
    assert ledger.cancel(d1.pk, now=t0 + timedelta(hours=1)).offered == [d2.pk]
    assert ledger.conference_seats_in_use(conference) == 3


def test_the_overall_capacity_is_the_tighter_limit_when_ticket_types_have_room(conference, ticket_type, t0):
    conference.overall_capacity = 2
    conference.save()
    hall = ticket_type(name="Sal", capacity=10)
    stream = ticket_type(name="Strøm", kind=TicketType.Kind.DIGITAL, capacity=10)
    assert register(conference, hall, "a@example.no", now=t0).status == "confirmed"
    assert register(conference, stream, "b@example.no", now=t0).status == "confirmed"
    assert register(conference, hall, "c@example.no", now=t0).status == "waiting"
    assert register(conference, stream, "d@example.no", now=t0).status == "waiting"
    assert (ledger.seats_left(hall), ledger.seats_left(stream)) == (0, 0)


def test_a_seat_freed_under_the_overall_capacity_goes_to_those_waiting_on_another_ticket_type(
    conference, ticket_type, t0
):
    conference.overall_capacity = 2
    conference.save()
    hall = ticket_type(name="Sal", capacity=10)
    stream = ticket_type(name="Strøm", kind=TicketType.Kind.DIGITAL, capacity=10)
    in_hall = register(conference, hall, "sal@example.no", now=t0)
    register(conference, stream, "strom1@example.no", now=t0)
    waiting_for_stream = register(conference, stream, "strom2@example.no", now=t0 + timedelta(minutes=1))
    assert waiting_for_stream.status == Status.WAITING  # only because the conference is full

    changes = ledger.cancel(in_hall.pk, now=t0 + timedelta(hours=1))
    newcomer = register(conference, hall, "ny@example.no", now=t0 + timedelta(hours=1, minutes=1))
    # The freed seat is the only one in the conference: it belongs to the one who waited.
    assert changes.offered == [waiting_for_stream.pk]
    assert newcomer.status == Status.WAITING


# --- Cancelling ---------------------------------------------------------------------------


def test_cancelling_a_waiting_registration_takes_it_out_of_the_queue_and_frees_no_seat(
    conference, in_person, full_house, t0
):
    seated, waiting = full_house
    changes = ledger.cancel(waiting[0].pk, now=t0 + timedelta(hours=1))
    assert changes.offered == [] and changes.confirmed == []
    waiting[0].refresh_from_db()
    assert (waiting[0].status, waiting[0].cancelled_at) == (Status.CANCELLED, t0 + timedelta(hours=1))
    assert queue(in_person) == [waiting[1].pk, waiting[2].pk]
    assert statuses(*seated) == ["confirmed", "confirmed"]
    # The next freed seat skips the one who left.
    assert ledger.cancel(seated[0].pk, now=t0 + timedelta(hours=2)).offered == [waiting[1].pk]


def test_cancelling_an_offered_registration_passes_the_seat_to_the_next_in_line(conference, in_person, full_house, t0):
    seated, waiting = full_house
    ledger.cancel(seated[0].pk, now=t0 + timedelta(hours=1))
    assert ledger.cancel(waiting[0].pk, now=t0 + timedelta(hours=2)).offered == [waiting[1].pk]
    assert statuses(*waiting) == ["cancelled", "offered", "waiting"]
    assert not ledger.accept_offer(waiting[0].pk, now=t0 + timedelta(hours=3))
    assert ledger.seats_left(in_person) == 0


def test_cancelling_twice_is_harmless(conference, in_person, full_house, t0):
    seated, waiting = full_house
    first_time = t0 + timedelta(hours=1)
    assert ledger.cancel(seated[0].pk, now=first_time).offered == [waiting[0].pk]
    assert ledger.cancel(seated[0].pk, now=first_time + timedelta(hours=1)).offered == []
    seated[0].refresh_from_db()
    assert seated[0].cancelled_at == first_time  # the first cancellation stands
    assert statuses(*waiting) == ["offered", "waiting", "waiting"]
    # Cancelling a declined, expired or unknown registration does nothing either.
    ledger.decline_offer(waiting[0].pk, now=first_time + timedelta(hours=2))
    assert ledger.cancel(waiting[0].pk, now=first_time + timedelta(hours=3)).offered == []
    assert statuses(waiting[0]) == ["declined"]
    assert ledger.cancel(10**9).offered == []


def test_a_cancelled_address_may_register_again(conference, in_person, t0):
    first = register(conference, in_person, "igjen@example.no", now=t0)
    ledger.cancel(first.pk, now=t0 + timedelta(minutes=1))
    again = register(conference, in_person, "igjen@example.no", now=t0 + timedelta(minutes=2))
    assert again.pk != first.pk and again.status == Status.CONFIRMED


# --- Moving between ticket types ----------------------------------------------------------


def test_a_move_frees_the_old_seat_for_the_next_in_line(conference, in_person, digital, full_house, t0):
    seated, waiting = full_house
    changes = ledger.move(seated[0].pk, digital.pk, now=t0 + timedelta(hours=1))
    assert changes.offered == [waiting[0].pk]
    seated[0].refresh_from_db()
    assert (seated[0].ticket_type_id, seated[0].status, seated[0].calendar_sequence) == (digital.pk, "confirmed", 1)
    assert statuses(*waiting) == ["offered", "waiting", "waiting"]
    # The newcomer still waits: the freed hall seat is held by the offer.
    assert register(conference, in_person, "ny@example.no", now=t0 + timedelta(hours=2)).status == "waiting"


def test_a_move_to_the_same_ticket_type_changes_nothing(conference, in_person, full_house):
    seated, _waiting = full_house
    assert ledger.move(seated[0].pk, in_person.pk).offered == []
    seated[0].refresh_from_db()
    assert (seated[0].ticket_type_id, seated[0].calendar_sequence) == (in_person.pk, 0)


def test_a_move_does_not_jump_the_queue_of_the_new_ticket_type(conference, ticket_type, t0):
    hall = ticket_type(name="Sal", capacity=1)
    stream = ticket_type(name="Strøm", kind=TicketType.Kind.DIGITAL, capacity=1)
    in_hall = register(conference, hall, "sal@example.no", now=t0)
    register(conference, stream, "strom1@example.no", now=t0)
    waiting_for_stream = register(conference, stream, "strom2@example.no", now=t0 + timedelta(minutes=1))
    ledger.cancel(Registration.objects.get(email="strom1@example.no").pk, now=t0 + timedelta(hours=1))
    assert statuses(waiting_for_stream) == ["offered"]
    # The stream seat is held by the offer; and once a queue exists, a move may not pass it.
    with pytest.raises(ledger.SeatUnavailable):
        ledger.move(in_hall.pk, stream.pk)
    register(conference, stream, "strom3@example.no", now=t0 + timedelta(hours=2))
    ledger.decline_offer(waiting_for_stream.pk, now=t0 + timedelta(hours=3))
    with pytest.raises(ledger.SeatUnavailable):
        ledger.move(in_hall.pk, stream.pk)  # a seat is offered to strom3, who waited
    assert statuses(in_hall) == ["confirmed"] and in_hall.ticket_type_id == hall.pk


def test_only_a_confirmed_registration_can_move(conference, in_person, digital, full_house, t0):
    seated, waiting = full_house
    with pytest.raises(ledger.SeatUnavailable):
        ledger.move(waiting[0].pk, digital.pk)  # a place in the queue is not a seat
    ledger.cancel(seated[0].pk, now=t0 + timedelta(hours=1))
    with pytest.raises(ledger.SeatUnavailable):
        ledger.move(waiting[0].pk, digital.pk)  # nor is an offer, until it is accepted
    with pytest.raises(ledger.SeatUnavailable):
        ledger.move(seated[0].pk, digital.pk)  # nor a cancelled registration
    assert statuses(*waiting) == ["offered", "waiting", "waiting"]


def test_a_move_to_another_conference_s_ticket_type_is_refused(conference_index, conference, in_person, full_house):
    seated, _waiting = full_house
    other = ConferencePageFactory(parent=conference_index)
    elsewhere = TicketTypeFactory(conference=other, capacity=None)
    with pytest.raises(TicketType.DoesNotExist):
        ledger.move(seated[0].pk, elsewhere.pk)
    with pytest.raises(TicketType.DoesNotExist):
        ledger.register(conference, elsewhere.pk, name="x", email="x@example.no")


def test_a_move_within_a_full_conference_is_allowed(conference, ticket_type, t0):
    """The overall capacity does not change with a move: only the new type's own limit counts."""
    conference.overall_capacity = 2
    conference.save()
    hall = ticket_type(name="Sal", capacity=5)
    stream = ticket_type(name="Strøm", kind=TicketType.Kind.DIGITAL, capacity=5)
    moving = register(conference, hall, "a@example.no", now=t0)
    register(conference, hall, "b@example.no", now=t0)
    ledger.move(moving.pk, stream.pk)
    assert ledger.conference_seats_in_use(conference) == 2
    assert (ledger.seats_in_use(hall), ledger.seats_in_use(stream)) == (1, 1)


# --- The state a visitor sees -------------------------------------------------------------


def test_state_through_the_conference_s_life(conference, in_person, t0):
    opens, closes = conference.registration_opens_at, conference.registration_closes_at
    assert conference.state(now=opens - timedelta(seconds=1)) == ConferenceState.NOT_YET_OPEN
    assert conference.state(now=opens) == ConferenceState.OPEN
    assert conference.state(now=closes - timedelta(seconds=1)) == ConferenceState.OPEN
    assert conference.state(now=closes) == ConferenceState.CLOSED
    assert conference.state(now=conference.starts_at) == ConferenceState.CLOSED  # during the conference
    assert conference.state(now=conference.ends_at - timedelta(seconds=1)) == ConferenceState.CLOSED
    assert conference.state(now=conference.ends_at) == ConferenceState.PAST
    assert conference.state(now=conference.ends_at + timedelta(days=400)) == ConferenceState.PAST


def test_state_is_full_when_every_ticket_type_is_and_open_while_one_has_room(conference, in_person, ticket_type, t0):
    stream = ticket_type(name="Strøm", kind=TicketType.Kind.DIGITAL, capacity=1)
    register(conference, in_person, "a@example.no", now=t0)
    register(conference, in_person, "b@example.no", now=t0)
    assert conference.state() == ConferenceState.OPEN  # the stream has a seat
    register(conference, stream, "c@example.no", now=t0)
    assert conference.state() == ConferenceState.FULL
    assert ConferenceState(conference.state()).label == "Fullt – venteliste"


def test_state_is_full_while_an_offer_holds_the_last_seat(conference, in_person, full_house, t0):
    seated, waiting = full_house
    ledger.cancel(seated[0].pk, now=t0 + timedelta(hours=1))
    assert conference.state() == ConferenceState.FULL
    ledger.cancel(waiting[1].pk, now=t0 + timedelta(hours=2))
    ledger.cancel(waiting[2].pk, now=t0 + timedelta(hours=2))
    ledger.decline_offer(waiting[0].pk, now=t0 + timedelta(hours=3))
    assert conference.state() == ConferenceState.OPEN  # declined, nobody left waiting: the seat is free


def test_state_is_open_with_an_unlimited_ticket_type_unless_the_conference_is_full(conference, digital, t0):
    register(conference, digital, "a@example.no", now=t0)
    assert conference.state() == ConferenceState.OPEN
    conference.overall_capacity = 1
    conference.save()
    assert conference.state() == ConferenceState.FULL


def test_registration_outside_the_window_is_refused(conference, in_person):
    opens, closes = conference.registration_opens_at, conference.registration_closes_at
    for moment in (opens - timedelta(seconds=1), closes, conference.ends_at):
        with pytest.raises(ledger.RegistrationClosed):
            register(conference, in_person, "sen@example.no", now=moment)
    assert register(conference, in_person, "tidlig@example.no", now=opens).status == "confirmed"
    assert not Registration.objects.filter(email="sen@example.no").exists()


def test_a_lapsed_offer_renews_the_seats_version_the_page_cache_keys_on(conference, in_person, t0):
    """expire_offers updates in bulk (no signal): it must still tell cached pages that seats changed,
    and only them: the seats version is scoped, the public content version stays."""
    from conference.seats import SEATS_VERSION_KEY
    from core.cache_versions import current_version, public_content_version

    in_person.capacity = 1
    in_person.save()
    seated = register(conference, in_person, "plass@example.no", now=t0)
    register(conference, in_person, "vent@example.no", now=t0 + timedelta(minutes=1))
    ledger.cancel(seated.pk, now=t0 + timedelta(hours=1))
    before = (current_version(SEATS_VERSION_KEY), public_content_version())

    ledger.expire_offers(now=t0 + timedelta(hours=1 + conference.offer_hours))

    after = (current_version(SEATS_VERSION_KEY), public_content_version())
    assert after[0] != before[0] and after[1] == before[1]
    # Nothing lapsed: nothing renewed.
    assert ledger.expire_offers(now=t0 + timedelta(hours=2 + conference.offer_hours)).offered == []
    assert (current_version(SEATS_VERSION_KEY), public_content_version()) == after
