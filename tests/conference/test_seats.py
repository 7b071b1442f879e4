"""The one rule for seats left: a ticket type's own capacity and the overall one, no limit when
empty, never below zero; and what a visitor reads about it."""

from __future__ import annotations

import pytest
from django.utils import translation

from conference.seats import free_seats, has_free_seat, seat_hint


@pytest.mark.parametrize(
    ("capacity", "in_use", "overall_capacity", "overall_in_use", "left"),
    [
        (None, 40, None, 0, None),  # no limit at all
        (10, 4, None, 0, 6),
        (10, 12, None, 0, 0),  # a lowered capacity: never below zero
        (None, 4, 5, 4, 1),  # only the overall limit
        (10, 4, 5, 5, 0),  # the overall limit is the tighter one
        (2, 1, 50, 30, 1),  # the own limit is the tighter one
        (10, 0, 3, 9, 0),
    ],
)
def test_free_seats(capacity, in_use, overall_capacity, overall_in_use, left):
    assert free_seats(capacity, in_use, overall_capacity, overall_in_use) == left
    assert has_free_seat(left) is (left is None or left > 0)


def test_the_seat_hint_in_bokmal():
    with translation.override("nb"):
        assert seat_hint(None) == "Åpent for alle"
        assert seat_hint(3) == "Ledige plasser: 3"
        assert seat_hint(0) == "Fullt – du kommer på ventelisten"
