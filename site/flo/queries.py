"""Sums over municipalities, computed in the database: one query per series or table,
however many municipalities or months it covers."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Max, Min, QuerySet, Sum

from core.models import County, Municipality

from .figures import Figures
from .indicators import COUNT_FIELDS
from .models import MonthlyFigures

SUMS = {name: Sum(name) for name in COUNT_FIELDS}


def current_figures() -> QuerySet[MonthlyFigures]:
    return MonthlyFigures.objects.current()


def _in_range(queryset: QuerySet, start: date | None, end: date | None) -> QuerySet:
    if start is not None:
        queryset = queryset.filter(month__gte=start)
    if end is not None:
        queryset = queryset.filter(month__lte=end)
    return queryset


def summed_series(
    queryset: QuerySet[MonthlyFigures], start: date | None = None, end: date | None = None
) -> list[Figures]:
    """The figures of a set of municipalities summed per month, oldest first."""
    rows = (
        _in_range(queryset, start, end).values("month").annotate(**SUMS, municipalities=Count("pk")).order_by("month")
    )
    return [Figures.from_row(row) for row in rows]


def national_series(start: date | None = None, end: date | None = None) -> list[Figures]:
    return summed_series(current_figures(), start, end)


def county_series(county: County, start: date | None = None, end: date | None = None) -> list[Figures]:
    return summed_series(current_figures().filter(municipality__county=county), start, end)


def municipality_series(
    municipality: Municipality,
    carried_over: list[Municipality] = (),
    start: date | None = None,
    end: date | None = None,
) -> list[Figures]:
    """A municipality's own figures, preceded by those of the numbers it continues.

    Earlier numbers count only for months before this number began, so a month is
    never counted twice.
    """
    own = current_figures().filter(municipality=municipality)
    if carried_over:
        earlier = current_figures().filter(municipality__in=carried_over, month__lt=municipality.valid_from)
        own = own | earlier
    return summed_series(own, start, end)


def by_county(month: date) -> dict[int, Figures]:
    """Each county's sums for one month, keyed by county id."""
    rows = (
        current_figures()
        .filter(month=month)
        .values("municipality__county", "month")
        .annotate(**SUMS, municipalities=Count("pk"))
        .order_by("municipality__county")
    )
    return {row["municipality__county"]: Figures.from_row(row) for row in rows}


def by_municipality(month: date, county: County | None = None) -> dict[int, Figures]:
    """Each municipality's figures for one month, keyed by municipality id."""
    queryset = current_figures().filter(month=month)
    if county is not None:
        queryset = queryset.filter(municipality__county=county)
    rows = queryset.values("municipality", "month", *COUNT_FIELDS)
    return {row["municipality"]: Figures.from_row(row) for row in rows}


def month_span() -> tuple[date | None, date | None]:
    """The first and the latest month with figures in effect."""
    span = current_figures().aggregate(first=Min("month"), latest=Max("month"))
    return span["first"], span["latest"]


def has_demo_figures() -> bool:
    """Whether any figure in effect came from the demo: real imports may have replaced them all."""
    return current_figures().filter(batch__is_demo=True).exists()


def reported_per_county() -> dict[date, dict[int, int]]:
    """How many municipalities have figures in effect, per month and county (one query)."""
    rows = current_figures().values("month", "municipality__county").annotate(reported=Count("pk")).order_by()
    result: dict[date, dict[int, int]] = {}
    for row in rows:
        result.setdefault(row["month"], {})[row["municipality__county"]] = row["reported"]
    return result
