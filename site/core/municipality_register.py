"""The register of counties and municipalities, loaded once and cached.

It is small (some 400 municipalities and their history), read on every statistics
page and every import, and changes a few times a decade, so it is kept whole in
the cache rather than queried piece by piece.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.core.cache import cache

from .cache_versions import bump_version, current_version
from .models import County, Municipality
from .text import norwegian_sort_key

VERSION_KEY = "allmenn:register:version"
# A deploy that changes the register's code must not unpickle what the old code cached.
CODE_STAMP = hashlib.sha256(
    b"".join(
        (Path(__file__).resolve().parent / name).read_bytes() for name in ("models.py", "municipality_register.py")
    )
).hexdigest()[:8]


@dataclass
class MunicipalityRegister:
    counties: list[County]
    municipalities: list[Municipality]
    successor_ids: dict[int, list[int]] = field(default_factory=dict)
    predecessor_ids: dict[int, list[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.municipality_by_id = {m.pk: m for m in self.municipalities}
        self.county_by_id = {c.pk: c for c in self.counties}
        self._by_number: dict[str, list[Municipality]] = defaultdict(list)
        for municipality in sorted(self.municipalities, key=lambda m: m.valid_from, reverse=True):
            self._by_number[municipality.number].append(municipality)
        self._counties_by_number: dict[str, list[County]] = defaultdict(list)
        for county in sorted(self.counties, key=lambda c: c.valid_from, reverse=True):
            self._counties_by_number[county.number].append(county)

    # --- Municipalities ---------------------------------------------------------------

    def municipality(self, number: str, on: date | None = None) -> Municipality | None:
        """The municipality with this number on a day, or its latest period when no day is given."""
        periods = self._by_number.get(number, [])
        if on is None:
            return periods[0] if periods else None
        return next((m for m in periods if m.is_valid_on(on)), None)

    def periods(self, number: str) -> list[Municipality]:
        """Every period of a number, newest first."""
        return list(self._by_number.get(number, []))

    def municipalities_on(self, day: date) -> list[Municipality]:
        return sorted((m for m in self.municipalities if m.is_valid_on(day)), key=lambda m: m.number)

    def municipalities_in(self, county: County) -> list[Municipality]:
        return sorted(
            (m for m in self.municipalities if m.county_id == county.pk), key=lambda m: norwegian_sort_key(m.name)
        )

    def successors(self, municipality: Municipality) -> list[Municipality]:
        return [self.municipality_by_id[pk] for pk in self.successor_ids.get(municipality.pk, [])]

    def predecessors(self, municipality: Municipality) -> list[Municipality]:
        return [self.municipality_by_id[pk] for pk in self.predecessor_ids.get(municipality.pk, [])]

    def carried_over(self, municipality: Municipality) -> list[Municipality]:
        """Earlier numbers whose figures continue in this municipality's series.

        A predecessor counts when this municipality is its only successor: a renumbering
        (3001 Halden → 3101 Halden) or a merger. A split (1507 Ålesund → 1508 Ålesund and
        1580 Haram) does not, because the old figures cover more than either part.
        """
        found: list[Municipality] = []
        for predecessor in self.predecessors(municipality):
            if self.successor_ids.get(predecessor.pk) == [municipality.pk]:
                found.append(predecessor)
                found.extend(self.carried_over(predecessor))
        return found

    def split_from(self, municipality: Municipality) -> list[Municipality]:
        """Predecessors that were split, whose figures therefore do not carry over."""
        return [p for p in self.predecessors(municipality) if len(self.successor_ids.get(p.pk, [])) > 1]

    # --- Counties -----------------------------------------------------------------------

    def county(self, number: str, on: date | None = None) -> County | None:
        periods = self._counties_by_number.get(number, [])
        if on is None:
            return periods[0] if periods else None
        return next((c for c in periods if c.is_valid_on(on)), None)

    def counties_on(self, day: date) -> list[County]:
        return sorted((c for c in self.counties if c.is_valid_on(day)), key=lambda c: c.number)

    def current_counties(self) -> list[County]:
        return [c for c in self.counties if c.valid_to is None]

    def current_municipalities(self) -> list[Municipality]:
        return [m for m in self.municipalities if m.valid_to is None]


def load_municipality_register() -> MunicipalityRegister:
    """Read the register from the database: three queries."""
    counties = list(County.objects.order_by("number", "valid_from"))
    municipalities = list(Municipality.objects.order_by("number", "valid_from"))
    successor_ids: dict[int, list[int]] = defaultdict(list)
    predecessor_ids: dict[int, list[int]] = defaultdict(list)
    links = Municipality.successors.through.objects.order_by("to_municipality__number")
    for from_id, to_id in links.values_list("from_municipality_id", "to_municipality_id"):
        successor_ids[from_id].append(to_id)
        predecessor_ids[to_id].append(from_id)
    county_by_id = {c.pk: c for c in counties}
    for municipality in municipalities:
        # Attach the county so that municipality.county costs no query.
        municipality.county = county_by_id[municipality.county_id]
    return MunicipalityRegister(counties, municipalities, dict(successor_ids), dict(predecessor_ids))


def register_version() -> str:
    """Changes whenever a county, a municipality or a succession changes (core/signals.py)."""
    return current_version(VERSION_KEY)


def bump_register_version() -> None:
    bump_version(VERSION_KEY)


def get_municipality_register() -> MunicipalityRegister:
    key = f"allmenn:register:{CODE_STAMP}:{register_version()}"
    register = cache.get(key)
    if register is None:
        register = load_municipality_register()
        cache.set(key, register, 60 * 60 * 24)
    return register
