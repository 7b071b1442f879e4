"""Months as the statistics know them: a date on the first of the month, in Oslo time."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.dates import MONTHS, MONTHS_3

from core.numbers import parse_number


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def current_month() -> date:
    """The month it is now in Norway (the site's time zone), not in UTC."""
    return first_of_month(timezone.localdate())


def add_months(month: date, count: int) -> date:
    index = month.year * 12 + (month.month - 1) + count
    return date(index // 12, index % 12 + 1, 1)


def months_between(start: date, end: date) -> list[date]:
    """Every month from start to end, both included."""
    months = []
    month = first_of_month(start)
    while month <= end:
        months.append(month)
        month = add_months(month, 1)
    return months


def month_label(month: date) -> str:
    """'oktober 2026' in the active language (nynorsk and English included)."""
    return f"{MONTHS[month.month]} {month.year}"


def short_month_label(month: date) -> str:
    """'okt 2026' for chart axes, in the active language."""
    return f"{MONTHS_3[month.month]} {month.year}"


def month_param(month: date) -> str:
    """The month as it appears in addresses and files: 2026-10."""
    return f"{month.year:04d}-{month.month:02d}"


def parse_month_param(text: str | None) -> date | None:
    """'2026-10' → date(2026, 10, 1); anything else → None."""
    if not text:
        return None
    parts = text.strip().split("-")
    if len(parts) != 2:
        return None
    year, month = parse_number(parts[0], max_digits=4), parse_number(parts[1], max_digits=2)
    if year is None or month is None or not (1900 <= year <= 9999 and 1 <= month <= 12):
        return None
    return date(year, month, 1)
