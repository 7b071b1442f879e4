"""What the statistics pages show, built from a handful of aggregate queries and
cached under the data version, so a page costs the same however many
municipalities and months there are."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Max
from django.utils.text import get_text_list
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.models import County, Municipality
from core.municipality_register import MunicipalityRegister, get_municipality_register

from . import queries
from .charts import BarChart, LineChart, Series
from .figures import Figures
from .formatting import format_change, format_figure
from .indicators import BY_KEY, Indicator
from .models import ImportBatch
from .months import add_months, month_label, months_between
from .versioning import cached

SERIES_MONTHS = 24
HEADLINE = (
    "gp_agreements",
    "lists_without_gp",
    "residents_without_gp",
    "share_without_gp",
    "average_list_length",
    "reserve_capacity",
)
TABLE_INDICATORS = HEADLINE


@dataclass(frozen=True)
class MonthCoverage:
    """A month whose figures lack some of the municipalities the register knows for it
    (a partial import): its sums are not the country's, nor those of `counties`."""

    month: date
    reported: int
    expected: int
    counties: frozenset[int]  # counties with a municipality missing

    @property
    def label(self) -> str:
        return month_label(self.month)


@dataclass(frozen=True)
class DataState:
    """What the statistics hold right now, for headers, notices and caching."""

    first_month: date | None
    latest_month: date | None
    has_demo: bool
    updated_at: datetime | None
    incomplete: tuple[MonthCoverage, ...] = ()

    def coverage(self, month: date | None) -> MonthCoverage | None:
        """How incomplete a month is, or None when every municipality has figures for it."""
        return next((item for item in self.incomplete if item.month == month), None)

    def partial_months(self, county: County | None = None) -> set[date]:
        """Months whose sums for the country (or for this county) miss municipalities."""
        return {item.month for item in self.incomplete if county is None or county.pk in item.counties}


def load_state() -> DataState:
    first, latest = queries.month_span()
    stamps = ImportBatch.objects.aggregate(imported=Max("created_at"), rolled_back=Max("rolled_back_at"))
    updated = max((stamp for stamp in stamps.values() if stamp is not None), default=None)
    return DataState(first, latest, queries.has_demo_figures(), updated, incomplete_months())


def incomplete_months() -> tuple[MonthCoverage, ...]:
    """Every month with figures that lacks municipalities of that month's register."""
    register = get_municipality_register()
    found = []
    for month, reported in sorted(queries.reported_per_county().items()):
        expected = Counter(m.county_id for m in register.municipalities_on(month))
        short = frozenset(county for county, count in expected.items() if reported.get(county, 0) < count)
        if short:
            found.append(MonthCoverage(month, sum(reported.values()), sum(expected.values()), short))
    return tuple(found)


def data_state() -> DataState:
    return cached("state", load_state)


@dataclass(frozen=True)
class Card:
    indicator: Indicator
    value: str
    month: date
    change: str = ""  # against the same month a year earlier

    @property
    def month_label(self) -> str:
        return month_label(self.month)


def cards(figures: Figures | None, year_before: Figures | None, keys=HEADLINE) -> list[Card]:
    if figures is None:
        return []
    result = []
    for key in keys:
        indicator = BY_KEY[key]
        value = figures.rounded(indicator)
        change = ""
        if year_before is not None:
            before = year_before.rounded(indicator)
            if value is not None and before is not None:
                change = format_change(value - before, indicator)
        result.append(Card(indicator, format_figure(value, indicator), figures.month, change))
    return result


@dataclass
class AreaRow:
    """One line of a table: an area, a link to its page and its figures."""

    name: str
    url: str
    figures: Figures | None
    number: str = ""

    def cells(self) -> list[str]:
        return [format_figure(self.figures.rounded(key) if self.figures else None, key) for key in TABLE_INDICATORS]


@dataclass
class StatisticsView:
    """Everything a statistics page shows about one area."""

    title: str
    latest_month: date | None
    cards: list[Card] = field(default_factory=list)
    charts: list[LineChart | BarChart] = field(default_factory=list)
    rows: list[AreaRow] = field(default_factory=list)
    rows_caption: str = ""
    series_table: list[Figures] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    related: list[AreaRow] = field(default_factory=list)  # earlier and later numbers of the same area
    directory: list[AreaRow] = field(default_factory=list)  # the municipalities, when there are no figures
    incomplete: list[str] = field(default_factory=list)  # which months' sums miss municipalities, and what is shown


def window(state: DataState, end: date | None = None) -> tuple[date, date] | None:
    """The months a page's series cover: the last two years up to the latest month (or an end date)."""
    if state.latest_month is None:
        return None
    last = min(state.latest_month, end) if end else state.latest_month
    return add_months(last, -(SERIES_MONTHS - 1)), last


def _by_month(series: list[Figures]) -> dict[date, Figures]:
    return {figures.month: figures for figures in series}


def line_chart(chart_id: str, key: str, months: list[date], lines: list[tuple[str, list[Figures]]]) -> LineChart:
    indicator = BY_KEY[key]
    series = []
    for label, figures in lines:
        values = _by_month(figures)
        series.append(Series(label, [values[m].rounded(indicator) if m in values else None for m in months]))
    return LineChart(id=chart_id, title=str(indicator.label), indicator=indicator, months=months, series=series)


def comparison_chart(chart_id: str, key: str, month: date, areas: list[tuple[str, Figures | None]]) -> BarChart:
    indicator = BY_KEY[key]
    bars = [(label, figures.rounded(indicator) if figures else None) for label, figures in areas]
    title = _("%(indicator)s, %(month)s") % {"indicator": indicator.label, "month": month_label(month)}
    description = "; ".join(f"{label}: {format_figure(value, indicator)}" for label, value in bars) + "."
    return BarChart(
        id=chart_id, title=title, indicator=indicator, month=month, bars=bars, description=f"{title}. {description}"
    )


# --- The country --------------------------------------------------------------------------------


def national_view(urls) -> StatisticsView:
    return cached(f"national:{get_language()}:{urls.prefix}", lambda: build_national_view(urls))


def complete_sums(series: list[Figures], partial: set[date]) -> list[Figures]:
    """Sums only for months where every municipality reported; all of them when none did,
    so a site with only a partial month still shows it (and says so)."""
    complete = [figures for figures in series if figures.month not in partial]
    return complete or series


def build_national_view(urls) -> StatisticsView:
    state = data_state()
    view = StatisticsView(title=_("Norway"), latest_month=state.latest_month)
    span = window(state)
    if span is None:
        return view
    start, latest = span
    partial = state.partial_months()
    series = complete_sums(queries.national_series(add_months(start, -12), latest), partial)
    by_month = _by_month(series)
    in_window = [f.month for f in series if f.month >= start]
    if in_window:
        latest = in_window[-1]  # the latest month with complete sums, when there is one
    view.latest_month = latest
    months = months_between(start, latest)
    country = _("Norway")
    shown = state.coverage(latest)
    for item in state.incomplete:
        if start <= item.month and item.month != latest:
            view.incomplete.append(
                _(
                    "The figures for %(month)s are incomplete: %(reported)s of %(expected)s municipalities "
                    "have reported. The sums for the whole country leave the month out until every "
                    "municipality has reported."
                )
                % {"month": item.label, "reported": item.reported, "expected": item.expected}
            )
    if shown:
        view.incomplete.append(
            _(
                "The figures for %(month)s are incomplete: only %(reported)s of %(expected)s municipalities "
                "have reported. The sums are for those municipalities, not for the whole country."
            )
            % {"month": shown.label, "reported": shown.reported, "expected": shown.expected}
        )
        country_row = _("Sum of %(reported)s of %(expected)s municipalities") % {
            "reported": shown.reported,
            "expected": shown.expected,
        }
    else:
        country_row = country
    view.cards = cards(by_month.get(latest), by_month.get(add_months(latest, -12)))
    view.charts = [
        line_chart("chart-share", "share_without_gp", months, [(country, series)]),
        line_chart("chart-lists", "lists_without_gp", months, [(country, series)]),
    ]
    register = get_municipality_register()
    per_county = queries.by_county(latest)
    counties = register.counties_on(latest)
    view.charts.append(
        comparison_chart(
            "chart-counties",
            "share_without_gp",
            latest,
            [(c.name, per_county.get(c.pk)) for c in counties] + [(country_row, by_month.get(latest))],
        )
    )
    view.charts[-1].highlight = len(counties)
    view.rows = [AreaRow(c.name, urls.county(c), per_county.get(c.pk), c.number) for c in counties]
    view.rows.append(AreaRow(country_row, urls.national(), by_month.get(latest)))
    view.rows_caption = _("Counties, %(month)s") % {"month": month_label(latest)}
    view.series_table = [f for f in series if f.month >= start]
    return view


# --- A county -------------------------------------------------------------------------------------


def county_view(county: County, urls) -> StatisticsView:
    return cached(f"county:{county.pk}:{get_language()}:{urls.prefix}", lambda: build_county_view(county, urls))


def build_county_view(county: County, urls) -> StatisticsView:
    state = data_state()
    register = get_municipality_register()
    view = StatisticsView(title=county.name, latest_month=state.latest_month)
    if county.valid_to:
        view.notes.append(
            _("%(county)s county existed until %(date)s.")
            % {"county": county.name, "date": county.valid_to.strftime("%d.%m.%Y")}
        )
        view.related = [AreaRow(c.name, urls.county(c), None, c.number) for c in successor_counties(county, register)]
    span = window(state, end=county.valid_to)
    if span is None:
        return view
    start, latest = span
    partial = state.partial_months(county)
    own = complete_sums(queries.county_series(county, add_months(start, -12), latest), partial)
    if not own:
        # No figures yet: still lead on to the municipalities, without a table of dashes.
        view.latest_month = None
        view.directory = [
            AreaRow(m.name, urls.municipality(m), None, m.number)
            for m in register.municipalities_in(county)
            if m.is_valid_on(latest)
        ]
        return view
    national = complete_sums(queries.national_series(start, latest), state.partial_months())
    by_month = _by_month(own)
    if latest not in by_month:
        latest = own[-1].month
    months = months_between(start, latest)
    view.latest_month = latest
    country = _("Norway")
    view.incomplete = county_notes(county, state, start, latest)
    view.cards = cards(by_month.get(latest), by_month.get(add_months(latest, -12)))
    view.charts = [
        line_chart("chart-share", "share_without_gp", months, [(county.name, own), (country, national)]),
        line_chart("chart-lists", "lists_without_gp", months, [(county.name, own)]),
    ]
    national_latest = _by_month(national).get(latest)
    for key in ("share_without_gp", "reserve_capacity"):
        view.charts.append(
            comparison_chart(
                f"chart-compare-{key}", key, latest, [(county.name, by_month.get(latest)), (country, national_latest)]
            )
        )
    per_municipality = queries.by_municipality(latest, county)
    municipalities = [m for m in register.municipalities_in(county) if m.is_valid_on(latest)]
    view.rows = [AreaRow(m.name, urls.municipality(m), per_municipality.get(m.pk), m.number) for m in municipalities]
    total = county.name if latest not in partial else _("%(county)s (incomplete)") % {"county": county.name}
    view.rows.append(AreaRow(total, urls.county(county), by_month.get(latest), county.number))
    view.rows_caption = _("Municipalities in %(county)s, %(month)s") % {
        "county": county.name,
        "month": month_label(latest),
    }
    view.series_table = [f for f in own if f.month >= start]
    return view


# --- A municipality ------------------------------------------------------------------------------


def municipality_view(municipality: Municipality, urls) -> StatisticsView:
    key = f"municipality:{municipality.pk}:{get_language()}:{urls.prefix}"
    return cached(key, lambda: build_municipality_view(municipality, urls))


def build_municipality_view(municipality: Municipality, urls) -> StatisticsView:
    state = data_state()
    register = get_municipality_register()
    view = StatisticsView(title=municipality.name, latest_month=state.latest_month)
    view.notes = history_notes(municipality, register)
    related = (
        register.carried_over(municipality) + register.split_from(municipality) + register.successors(municipality)
    )
    view.related = [AreaRow(m.name, urls.municipality(m), None, m.number) for m in related]
    span = window(state, end=municipality.valid_to)
    if span is None:
        return view
    start, latest = span
    carried = register.carried_over(municipality)
    own = queries.municipality_series(municipality, carried, add_months(start, -12), latest)
    by_month = _by_month(own)
    if own and latest not in by_month:
        latest = own[-1].month
    if not own:
        view.latest_month = None
        return view
    view.latest_month = latest
    county = register.county_by_id[municipality.county_id]
    county_partial, national_partial = state.partial_months(county), state.partial_months()
    county_series = complete_sums(queries.county_series(county, start, latest), county_partial)
    national = complete_sums(queries.national_series(start, latest), national_partial)
    shown = state.coverage(latest)
    if shown:
        view.incomplete.append(
            _(
                "The figures for %(month)s are incomplete: %(reported)s of %(expected)s municipalities have "
                "reported, so the sums for the county and the whole country are not complete for that month."
            )
            % {"month": shown.label, "reported": shown.reported, "expected": shown.expected}
        )
    months = months_between(start, latest)
    country = _("Norway")
    view.cards = cards(by_month.get(latest), by_month.get(add_months(latest, -12)))
    view.charts = [
        line_chart(
            "chart-share",
            "share_without_gp",
            months,
            [(municipality.name, own), (county.name, county_series), (country, national)],
        ),
        line_chart("chart-lists", "lists_without_gp", months, [(municipality.name, own)]),
    ]
    county_latest, national_latest = _by_month(county_series).get(latest), _by_month(national).get(latest)
    for key in ("share_without_gp", "reserve_capacity", "average_list_length"):
        view.charts.append(
            comparison_chart(
                f"chart-compare-{key}",
                key,
                latest,
                [(municipality.name, by_month.get(latest)), (county.name, county_latest), (country, national_latest)],
            )
        )
    view.series_table = [f for f in own if f.month >= start]
    return view


def county_notes(county: County, state: DataState, start: date, latest: date) -> list[str]:
    """What a county page says about months in which some of its municipalities are missing."""
    notes = []
    for item in state.incomplete:
        if county.pk not in item.counties or item.month < start:
            continue
        if item.month == latest:
            text = _(
                "The figures for %(month)s are incomplete: not every municipality in %(county)s has reported. "
                "The sums are for those that have, not for the whole county."
            )
        else:
            text = _(
                "The figures for %(month)s are incomplete: not every municipality in %(county)s has reported. "
                "The county's sums leave the month out until they have."
            )
        notes.append(text % {"month": item.label, "county": county.name})
    return notes


def history_notes(municipality: Municipality, register: MunicipalityRegister) -> list[str]:
    """What a reader needs to know about renumbering, mergers and splits."""
    notes = []
    carried = register.carried_over(municipality)
    if carried:
        numbers = ", ".join(f"{m.number} ({register.county_by_id[m.county_id].name})" for m in carried)
        notes.append(
            _("Figures before %(date)s were reported under municipality number %(numbers)s.")
            % {"date": municipality.valid_from.strftime("%d.%m.%Y"), "numbers": numbers}
        )
    for predecessor in register.split_from(municipality):
        parts = names_and_numbers(register.successors(predecessor))
        notes.append(
            _(
                "%(name)s (%(number)s) was divided into %(parts)s on %(date)s. Its earlier figures cover "
                "the whole former municipality and are not included here."
            )
            % {
                "name": predecessor.name,
                "number": predecessor.number,
                "parts": parts,
                "date": municipality.valid_from.strftime("%d.%m.%Y"),
            }
        )
    if municipality.valid_to:
        successors = register.successors(municipality)
        if successors:
            names = names_and_numbers(successors)
            notes.append(
                _("Municipality number %(number)s was in use until %(date)s. It continues as %(names)s.")
                % {"number": municipality.number, "date": municipality.valid_to.strftime("%d.%m.%Y"), "names": names}
            )
    return notes


def successor_counties(county: County, register: MunicipalityRegister) -> list[County]:
    """The counties a former county's municipalities went to (Viken → Østfold, Akershus, Buskerud)."""
    found: dict[int, County] = {}
    for municipality in register.municipalities_in(county):
        for successor in register.successors(municipality):
            found.setdefault(successor.county_id, register.county_by_id[successor.county_id])
    return sorted(found.values(), key=lambda c: c.number)


def names_and_numbers(municipalities: list[Municipality]) -> str:
    return get_text_list([f"{m.name} ({m.number})" for m in municipalities], _("and"))
