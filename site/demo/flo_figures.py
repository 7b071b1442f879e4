"""Synthetic FLO figures for the demo: 24 months for every real municipality.

The municipalities, numbers and counties are real; the figures are made up, with a
plausible shape (a few large cities, many small municipalities, more vacant lists in
rural areas, a slow trend) and the same values every time. They go through the real
import, as a file an analyst would upload, and the import is marked as demo data so
the admin and every page say so.
"""

from __future__ import annotations

import hashlib
import random
from datetime import date

from core.municipality_register import get_municipality_register
from flo.imports import import_file
from flo.indicators import COUNT_FIELDS
from flo.models import ImportBatch, MonthlyFigures
from flo.months import add_months, current_month, month_param
from flo.validation import HEADINGS, MONTH_COLUMN, NAME_COLUMN, NUMBER_COLUMN

DEMO_FILE_NAME = "demodata-flo-syntetiske-tall.csv"
DEMO_MONTHS = 24
# Rough sizes of the largest municipalities, so the national picture has a believable shape.
# Rough residents per county (2024, rounded): drawn sizes alone gave Vestfold's six towns 30 GPs.
COUNTY_RESIDENTS = {
    "03": 717_000,
    "11": 500_000,
    "15": 270_000,
    "18": 243_000,
    "31": 311_000,
    "32": 725_000,
    "33": 270_000,
    "34": 375_000,
    "39": 257_000,
    "40": 177_000,
    "42": 318_000,
    "46": 650_000,
    "50": 480_000,
    "55": 170_000,
    "56": 75_000,
}
LARGE = {"0301": 710_000, "4601": 290_000, "5001": 215_000, "1103": 148_000, "3201": 130_000, "4204": 116_000}


def demo_months(count: int = DEMO_MONTHS, latest: date | None = None) -> list[date]:
    """The last `count` complete months: FLO figures for a month are published after it ends."""
    latest = latest or add_months(current_month(), -1)
    return [add_months(latest, offset) for offset in range(-(count - 1), 1)]


def _rng(*parts: str) -> random.Random:
    seed = int(hashlib.sha256(":".join(parts).encode()).hexdigest()[:16], 16)
    return random.Random(seed)  # noqa: S311 - demo figures, not security


def _drawn_residents(rng: random.Random, number: str) -> int:
    return LARGE.get(number) or int(min(90_000, max(200, rng.lognormvariate(8.6, 1.05))))


_SCALES: dict[str, float] = {}


def _county_scales() -> dict[str, float]:
    """Per county, what the drawn sizes of its smaller municipalities are multiplied by to reach its residents."""
    if _SCALES:
        return _SCALES
    register = get_municipality_register()
    scales = {}
    for county in register.current_counties():
        numbers = [m.number for m in register.municipalities_in(county) if m.valid_to is None]
        large = sum(LARGE.get(number, 0) for number in numbers)
        drawn = sum(_drawn_residents(_rng("profile", n), n) for n in numbers if n not in LARGE)
        target = COUNTY_RESIDENTS.get(county.number)
        scales[county.number] = max(0.2, (target - large) / drawn) if target and drawn else 1.0
    _SCALES.update(scales)  # kept only once the register has counties
    return scales


def municipality_profile(number: str) -> dict:
    """A made-up but stable size and situation for one municipality."""
    rng = _rng("profile", number)
    residents = _drawn_residents(rng, number)
    if number not in LARGE:
        # A municipality number starts with its county's (since the 2024 reform).
        residents = max(200, round(residents * _county_scales().get(number[:2], 1.0)))
    rural = residents < 5000
    return {
        "residents": residents,
        "list_length": rng.uniform(850, 1150) if not rural else rng.uniform(500, 900),
        "vacancy": rng.uniform(0.0, 0.04) + (rng.uniform(0.0, 0.25) if rural else 0.0),
        "trend": rng.uniform(-0.006, 0.004),
        "female": rng.uniform(0.38, 0.6),
        "slack": rng.uniform(0.97, 1.12),
    }


def figures_for(number: str, month: date, index: int) -> dict[str, int]:
    """One month of synthetic counts that satisfy every rule the import checks."""
    profile = municipality_profile(number)
    rng = _rng("month", number, month_param(month))
    residents = int(profile["residents"] * (1 + 0.0007 * index) * rng.uniform(0.998, 1.002))
    agreements = max(1, round(residents / profile["list_length"]))
    vacancy = min(0.9, max(0.0, profile["vacancy"] + profile["trend"] * index + rng.uniform(-0.01, 0.01)))
    lists_without_gp = min(agreements, round(agreements * vacancy))
    residents_without_gp = min(residents, round(residents * vacancy * rng.uniform(0.8, 1.2)))
    ceiling = int(residents * profile["slack"] * rng.uniform(0.995, 1.005))
    available = max(0, min(ceiling, ceiling - residents + int(residents * 0.01 * rng.random())))
    open_lists = min(
        agreements, round(agreements * min(1.0, max(0.0, (profile["slack"] - 0.97) * 4 + rng.uniform(-0.05, 0.05))))
    )
    female = min(agreements, round(agreements * profile["female"]))
    return {
        "gp_agreements": agreements,
        "lists_without_gp": lists_without_gp,
        "residents_on_lists": residents,
        "residents_without_gp": residents_without_gp,
        "list_ceiling_sum": ceiling,
        "available_places": available,
        "open_lists": open_lists,
        "female_gps": female,
    }


def demo_file(months: list[date]) -> bytes:
    """The demo figures as an analyst's CSV: semicolons, Norwegian headings, spaces in thousands."""
    register = get_municipality_register()
    header = [
        HEADINGS[NUMBER_COLUMN],
        HEADINGS[NAME_COLUMN],
        HEADINGS[MONTH_COLUMN],
        *(HEADINGS[n] for n in COUNT_FIELDS),
    ]
    lines = [";".join(header)]
    for index, month in enumerate(months):
        for municipality in register.municipalities_on(month):
            counts = figures_for(municipality.number, month, index)
            values = [f"{counts[name]:,}".replace(",", " ") for name in COUNT_FIELDS]
            lines.append(";".join([municipality.number, municipality.name, month_param(month), *values]))
    return ("\n".join(lines) + "\n").encode("utf-8")


def load_demo_figures(months: list[date] | None = None) -> ImportBatch | None:
    """Import the demo figures once; a second run, or a database with real figures, is left alone."""
    if MonthlyFigures.objects.exists() or ImportBatch.objects.filter(is_demo=True).exists():
        return None
    months = months or demo_months()
    content = demo_file(months)
    return import_file(content, DEMO_FILE_NAME, replace=True, is_demo=True)
