"""Seats left, as a number and as a visitor reads it.

The arithmetic is the same wherever seats are counted (the ledger under its lock, the
conference page and the forms as a hint, the admin's overview from its aggregate): a
ticket type's own capacity and the conference's overall capacity both bound it, an empty
capacity is no limit, and the answer is never below zero. The counting is the caller's.
"""

from __future__ import annotations

from django.utils.translation import gettext

from core.cache_versions import current_version, scoped_version

# Renewed when seats change (a registration, a cancellation, an offer: signals.py). Scoped
# (core.cache_versions): it renews only the cached pages that read it, the conference pages,
# and not the whole page cache, which a registration rush would otherwise keep empty.
SEATS_VERSION_KEY = scoped_version("allmenn:conference:seats:version")


def seats_version() -> str:
    """Read before counting seats for a page, so the page cache knows the page shows them."""
    return current_version(SEATS_VERSION_KEY)


def free_seats(
    capacity: int | None, in_use: int, overall_capacity: int | None = None, overall_in_use: int = 0
) -> int | None:
    """Seats free under a ticket type's own capacity and the overall one; None when neither limits."""
    own = None if capacity is None else max(capacity - in_use, 0)
    if overall_capacity is None:
        return own
    overall = max(overall_capacity - overall_in_use, 0)
    return overall if own is None else min(own, overall)


def has_free_seat(left: int | None) -> bool:
    """Whether a number of seats left (None: no limit) leaves room for one more."""
    return left is None or left > 0


def seat_hint(left: int | None) -> str:
    """What a visitor reads about a ticket type's seats: a hint, decided again under the ledger's lock."""
    if not has_free_seat(left):  # ConferencePage.seats_for_newcomers() gives 0 while anyone waits
        return gettext("Full – you join the waiting list")
    if left is None:
        return gettext("Open to all")
    return gettext("Seats left: %(seats)s") % {"seats": left}
