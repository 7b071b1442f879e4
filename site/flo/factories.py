"""Factories for the statistics, for tests and benchmarks."""

from __future__ import annotations

import hashlib
from datetime import date

import factory
from factory.django import DjangoModelFactory

from core.factories import ContentPageFactory
from core.models import Municipality

from .indicators import COUNT_FIELDS
from .models import ImportBatch, MonthlyFigures, StatisticsPage
from .validation import HEADINGS, MONTH_COLUMN, NAME_COLUMN, NUMBER_COLUMN


class StatisticsPageFactory(ContentPageFactory):
    title = "Fastlegestatistikk"
    slug = "statistikk"
    body = factory.LazyFunction(list)

    class Meta:
        model = StatisticsPage


class ImportBatchFactory(DjangoModelFactory):
    file_name = factory.Sequence(lambda n: f"flo-{n}.csv")
    file_content = b""
    file_sha256 = factory.LazyAttribute(lambda batch: hashlib.sha256(batch.file_content).hexdigest())
    first_month = date(2026, 1, 1)
    last_month = factory.SelfAttribute("first_month")

    class Meta:
        model = ImportBatch


def counts(agreements: int = 10, **overrides: int) -> dict[str, int]:
    """A consistent set of counts for one municipality and month, scaled from the agreements."""
    values = {
        "gp_agreements": agreements,
        "lists_without_gp": agreements // 10,
        "residents_on_lists": agreements * 1000,
        "residents_without_gp": agreements * 100,
        "list_ceiling_sum": agreements * 1100,
        "available_places": agreements * 50,
        "open_lists": agreements // 2,
        "female_gps": agreements // 2,
    }
    values.update(overrides)
    return values


def add_figures(
    municipality: Municipality, month: date, batch: ImportBatch | None = None, **values: int
) -> MonthlyFigures:
    """Figures in effect for a municipality and month, straight into the database."""
    batch = batch or ImportBatchFactory(first_month=month)
    return MonthlyFigures.objects.create(
        municipality=municipality, month=month, batch=batch, is_current=True, **counts(**values)
    )


def csv_content(
    rows: list[dict], *, delimiter: str = ";", encoding: str = "utf-8", header: list[str] | None = None
) -> bytes:
    """An import file as an analyst would save it: rows of {"number", "month", count fields...}."""
    names = header or [
        HEADINGS[NUMBER_COLUMN],
        HEADINGS[NAME_COLUMN],
        HEADINGS[MONTH_COLUMN],
        *(HEADINGS[name] for name in COUNT_FIELDS),
    ]
    lines = [delimiter.join(names)]
    for row in rows:
        values = [str(row.get("number", "")), str(row.get("name", "")), str(row.get("month", ""))]
        values += [str(row.get(name, "")) for name in COUNT_FIELDS]
        lines.append(delimiter.join(values))
    return ("\n".join(lines) + "\n").encode(encoding)


def file_rows(municipalities: list[Municipality], month: date, agreements: int = 10) -> list[dict]:
    """One valid row per municipality for a month, ready for csv_content."""
    return [
        {"number": m.number, "name": m.name, "month": f"{month:%Y-%m}", **counts(agreements)} for m in municipalities
    ]
