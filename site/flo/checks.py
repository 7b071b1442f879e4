"""What an editor must see before a valid file is imported: is every municipality of the
month there (completeness), do any figures jump implausibly from the month before
(plausibility), and what would a replace change.

A file that passes validation can still be wrong in ways only the data around it shows:
an analyst who kept 3 of 357 rows, or typed 999 for 71. These checks never refuse a
file; they are shown on the check page, and the editor must confirm them explicitly.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.utils import translation

from core.models import Municipality
from core.municipality_register import MunicipalityRegister

from .indicators import BY_KEY, COUNT_FIELDS
from .models import MonthlyFigures
from .months import add_months, month_label, month_param
from .validation import ValidRow


@dataclass(frozen=True)
class Threshold:
    """When a month-on-month change in one column is worth a second look.

    Both limits must be passed: `relative` (a share of last month's value) alone would
    flag a small municipality going from 2 to 3 agreements, and `absolute` alone would
    flag every normal month in Oslo.
    """

    relative: float
    absolute: int

    def is_exceeded(self, before: int, after: int) -> bool:
        change = abs(after - before)
        return change >= self.absolute and change >= self.relative * max(before, 1)


# FLO counts move slowly: a municipality gains or loses a few GP agreements a month, and
# the residents on lists follow the population. The counts of vacant lists and places
# swing more (one GP leaving empties a list of a thousand residents), so they get wider
# relative limits and larger absolute ones. Measured on the 24 months of demo data
# (8 568 rows, 68 544 counts) they raise 9 warnings, all in the volatile vacancy counts
# of Oslo and Bergen; a typo such as 71 → 999 agreements is always flagged.
THRESHOLDS: dict[str, Threshold] = {
    "gp_agreements": Threshold(relative=0.25, absolute=5),
    "lists_without_gp": Threshold(relative=1.0, absolute=5),
    "residents_on_lists": Threshold(relative=0.15, absolute=1000),
    "residents_without_gp": Threshold(relative=1.0, absolute=2000),
    "list_ceiling_sum": Threshold(relative=0.2, absolute=1000),
    "available_places": Threshold(relative=1.0, absolute=1000),
    "open_lists": Threshold(relative=1.0, absolute=10),
    "female_gps": Threshold(relative=0.25, absolute=5),
}

# The check page lists this many changes at most; the rest are counted.
MAX_LISTED = 50


@dataclass(frozen=True)
class Change:
    """One count of one municipality that differs between two sets of figures."""

    municipality: Municipality
    month: date
    field: str
    before: int
    after: int

    @property
    def label(self) -> str:
        return str(BY_KEY[self.field].label)

    @property
    def difference(self) -> int:
        return self.after - self.before

    @property
    def relative(self) -> float | None:
        """The change as a share of the value before; None when it was 0."""
        return self.difference / self.before if self.before else None

    @property
    def percent_label(self) -> str:
        if self.relative is None:
            return "ny"
        return f"{self.relative * 100:+.0f} %".replace("-", "−")

    def sort_key(self) -> tuple:
        threshold = THRESHOLDS[self.field]
        size = abs(self.difference) / max(self.before, 1)
        return (not threshold.is_exceeded(self.before, self.after), -size, self.municipality.number)

    def as_dict(self) -> dict:
        with translation.override("nb"):
            label = self.label
        return {
            "municipality": f"{self.municipality.number} {self.municipality.name}",
            "month": month_param(self.month),
            "field": self.field,
            "label": label,
            "before": self.before,
            "after": self.after,
        }


@dataclass(frozen=True)
class MissingMonth:
    """A month in the file that does not have every municipality of the register."""

    month: date
    expected: int
    missing: list[Municipality]

    @property
    def present(self) -> int:
        return self.expected - len(self.missing)

    @property
    def label(self) -> str:
        return month_label(self.month)


@dataclass
class ReplaceSummary:
    """What importing a month that already has figures would change."""

    month: date
    added: list[Municipality] = field(default_factory=list)
    removed: list[Municipality] = field(default_factory=list)
    changed_rows: int = 0
    unchanged_rows: int = 0
    changes: list[Change] = field(default_factory=list)

    @property
    def label(self) -> str:
        return month_label(self.month)

    @property
    def biggest(self) -> list[Change]:
        return sorted(self.changes, key=Change.sort_key)[:10]

    def as_dict(self) -> dict:
        with translation.override("nb"):
            label = self.label
        return {
            "month": month_param(self.month),
            "month_label": label,
            "added": [m.number for m in self.added],
            "removed": [m.number for m in self.removed],
            "changed_rows": self.changed_rows,
            "unchanged_rows": self.unchanged_rows,
            "biggest": [change.as_dict() for change in self.biggest],
        }


@dataclass
class ImportCheck:
    """Everything the check page shows about a valid file before it is imported."""

    incomplete: list[MissingMonth] = field(default_factory=list)
    jumps: list[Change] = field(default_factory=list)
    replaced: list[ReplaceSummary] = field(default_factory=list)

    @property
    def is_partial(self) -> bool:
        return bool(self.incomplete)

    @property
    def listed_jumps(self) -> list[Change]:
        return self.jumps[:MAX_LISTED]

    @property
    def unlisted_jumps(self) -> int:
        return max(0, len(self.jumps) - MAX_LISTED)

    def fingerprint(self) -> str:
        """A digest of what the editor is asked to confirm: if it changes between the check
        page and the confirmation (another import landed), the editor must look again."""
        content = {
            "incomplete": {month_param(m.month): sorted(x.pk for x in m.missing) for m in self.incomplete},
            "jumps": [change.as_dict() for change in self.jumps],
            "replaced": [summary.as_dict() for summary in self.replaced],
        }
        return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()

    def report(self) -> dict:
        """What the import log keeps of the check, for audit."""
        return {
            "partial": [
                {
                    "month": month_param(m.month),
                    "expected": m.expected,
                    "missing": [f"{x.number} {x.name}" for x in m.missing],
                }
                for m in self.incomplete
            ],
            "warnings": [change.as_dict() for change in self.jumps[:MAX_LISTED]],
            "warning_count": len(self.jumps),
            "replaced": [summary.as_dict() for summary in self.replaced],
        }


def check_import(rows: list[ValidRow], register: MunicipalityRegister) -> ImportCheck:
    """Compare a valid file's rows with the register of each month and the figures in effect."""
    by_month: dict[date, dict[int, dict[str, int]]] = defaultdict(dict)
    for row in rows:
        by_month[row.month][row.municipality_id] = row.counts
    months = sorted(by_month)
    before_months = sorted(set(months) | {add_months(m, -1) for m in months})
    current = current_counts(before_months)
    return ImportCheck(
        incomplete=incomplete_months(by_month, register),
        jumps=jumps(by_month, current, register),
        replaced=replace_summaries(by_month, current, register),
    )


def current_counts(months: list[date]) -> dict[date, dict[int, dict[str, int]]]:
    """The figures in effect for these months, per month and municipality (one query)."""
    result: dict[date, dict[int, dict[str, int]]] = defaultdict(dict)
    rows = MonthlyFigures.objects.current().filter(month__in=months).values("month", "municipality", *COUNT_FIELDS)
    for row in rows:
        result[row["month"]][row["municipality"]] = {name: row[name] for name in COUNT_FIELDS}
    return result


def incomplete_months(
    by_month: dict[date, dict[int, dict[str, int]]], register: MunicipalityRegister
) -> list[MissingMonth]:
    """Months whose rows do not cover every municipality the register knows for that month."""
    found = []
    for month in sorted(by_month):
        expected = register.municipalities_on(month)
        missing = [m for m in expected if m.pk not in by_month[month]]
        if missing:
            found.append(MissingMonth(month, len(expected), missing))
    return found


def jumps(
    by_month: dict[date, dict[int, dict[str, int]]],
    current: dict[date, dict[int, dict[str, int]]],
    register: MunicipalityRegister,
) -> list[Change]:
    """Counts that change more than their threshold from the month before.

    The month before comes from the same file when it holds it, otherwise from the
    figures in effect.
    """
    found = []
    for month in sorted(by_month):
        previous_month = add_months(month, -1)
        previous = by_month.get(previous_month) or current.get(previous_month, {})
        for municipality_id, counts in by_month[month].items():
            before = previous.get(municipality_id)
            if before is None:
                continue
            for name in COUNT_FIELDS:
                if THRESHOLDS[name].is_exceeded(before[name], counts[name]):
                    municipality = register.municipality_by_id[municipality_id]
                    found.append(Change(municipality, month, name, before[name], counts[name]))
    return sorted(found, key=Change.sort_key)


def replace_summaries(
    by_month: dict[date, dict[int, dict[str, int]]],
    current: dict[date, dict[int, dict[str, int]]],
    register: MunicipalityRegister,
) -> list[ReplaceSummary]:
    """For each month in the file that already has figures: rows added, removed and changed."""
    summaries = []
    for month in sorted(by_month):
        old, new = current.get(month), by_month[month]
        if not old:
            continue
        summary = ReplaceSummary(month)
        summary.added = sorted((register.municipality_by_id[pk] for pk in new.keys() - old.keys()), key=_number)
        summary.removed = sorted((register.municipality_by_id[pk] for pk in old.keys() - new.keys()), key=_number)
        for pk in new.keys() & old.keys():
            differences = [
                Change(register.municipality_by_id[pk], month, name, old[pk][name], new[pk][name])
                for name in COUNT_FIELDS
                if old[pk][name] != new[pk][name]
            ]
            if differences:
                summary.changed_rows += 1
                summary.changes.extend(differences)
            else:
                summary.unchanged_rows += 1
        summaries.append(summary)
    return summaries


def _number(municipality: Municipality) -> str:
    return municipality.number
