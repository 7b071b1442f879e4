"""Key figures for an area and a month, as the key-figures block and the newsletter show them.

Always read from the imported data, never typed by hand, and cached under the data
version, so a page full of key-figure blocks costs no queries once warm.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.municipality_register import get_municipality_register

from .figures import Figures
from .formatting import format_figure
from .indicators import BY_KEY, Indicator
from .months import first_of_month, month_label
from .queries import county_series, municipality_series, national_series
from .statistics import data_state
from .versioning import cached

NATIONAL, COUNTY, MUNICIPALITY = "national", "county", "municipality"


@dataclass(frozen=True)
class KeyFigure:
    indicator: Indicator
    value: str


@dataclass(frozen=True)
class KeyFigures:
    area_name: str
    month: date
    figures: list[KeyFigure]
    is_demo: bool

    @property
    def month_label(self) -> str:
        return month_label(self.month)


def key_figures(
    indicators: list[str],
    *,
    level: str = NATIONAL,
    county_number: str = "",
    municipality_number: str = "",
    month: date | None = None,
) -> KeyFigures | None:
    """The chosen indicators for an area, for a month or the latest one; None when there are no figures."""
    month = first_of_month(month) if month else None
    key = f"key:{level}:{county_number}:{municipality_number}:{month}:{','.join(indicators)}:{get_language()}"
    return cached(key, lambda: _build(indicators, level, county_number, municipality_number, month)) or None


def latest_complete_month(series: list[Figures], partial: set[date], latest: date) -> date:
    """The latest month whose sums cover every municipality; the latest month when none does.

    A block that follows "the latest month" must not show a partial import's sum as the
    country's (or the county's) figure.
    """
    complete = [figures.month for figures in series if figures.month not in partial]
    return complete[-1] if complete else latest


def _build(indicators, level, county_number, municipality_number, month) -> KeyFigures | bool:
    state = data_state()
    asked = month
    month = month or state.latest_month
    if month is None:
        return False
    register = get_municipality_register()
    figures: list[Figures]
    if level == MUNICIPALITY:
        municipality = register.municipality(municipality_number, on=month) or register.municipality(
            municipality_number
        )
        if municipality is None:
            return False
        carried = register.carried_over(municipality)
        figures, name = municipality_series(municipality, carried, month, month), municipality.name
    elif level == COUNTY:
        county = register.county(county_number, on=month) or register.county(county_number)
        if county is None:
            return False
        partial = state.partial_months(county)
        if asked is None and month in partial:
            month = latest_complete_month(county_series(county, None, month), partial, month)
        figures, name = county_series(county, month, month), county.name
        if month in partial:
            name = _("%(county)s (incomplete)") % {"county": county.name}
    else:
        partial = state.partial_months()
        if asked is None and month in partial:
            month = latest_complete_month(national_series(None, month), partial, month)
        figures, name = national_series(month, month), _("Norway")
        coverage = state.coverage(month)
        if coverage is not None:
            name = _("Sum of %(reported)s of %(expected)s municipalities") % {
                "reported": coverage.reported,
                "expected": coverage.expected,
            }
    if not figures:
        return False  # cached as "nothing", so a missing month is not asked for again and again
    found = figures[0]
    chosen = [BY_KEY[key] for key in indicators if key in BY_KEY]
    return KeyFigures(
        area_name=name,
        month=month,
        figures=[KeyFigure(indicator, format_figure(found.rounded(indicator), indicator)) for indicator in chosen],
        is_demo=state.has_demo,
    )
