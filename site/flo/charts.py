"""Charts drawn on the server as SVG: no JavaScript, no library loaded from elsewhere.

Each chart carries a title and a description for screen readers and is shown with
the same figures as a table, so nothing is only in the picture. Lines differ in dash
pattern and are labelled at their ends, so colour is never the only difference.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from math import ceil, floor, log10

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .formatting import format_figure, format_number
from .indicators import Indicator
from .months import month_label, short_month_label

WIDTH, HEIGHT = 720, 320
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 64, 150, 20, 44
MAX_X_LABELS = 8
BAR_HEIGHT, BAR_GAP = 28, 14

Value = int | Decimal | None


@dataclass(frozen=True)
class Series:
    label: str
    values: list[Value]  # one per month of the chart, None where there is no figure


@dataclass
class LineChart:
    """A time series of one indicator for one or more areas."""

    id: str
    title: str
    indicator: Indicator
    months: list[date]
    series: list[Series]
    description: str = ""
    source: str = ""

    def __post_init__(self) -> None:
        if not self.description:
            self.description = describe_series(self.indicator, self.months, self.series)

    @property
    def has_data(self) -> bool:
        return any(value is not None for series in self.series for value in series.values)

    @property
    def table_rows(self) -> list[dict]:
        return [
            {"month": month_label(month), "values": [format_figure(s.values[i], self.indicator) for s in self.series]}
            for i, month in enumerate(self.months)
        ]

    @property
    def svg(self) -> SafeString:
        return mark_safe(draw_line_chart(self))  # noqa: S308 - every text in it is escaped


@dataclass
class BarChart:
    """One indicator compared across areas in one month."""

    id: str
    title: str
    indicator: Indicator
    month: date
    bars: list[tuple[str, Value]]
    description: str = ""
    source: str = ""
    highlight: int = 0  # the bar of the area the page is about

    def __post_init__(self) -> None:
        if not self.description:
            parts = [f"{label}: {format_figure(value, self.indicator)}" for label, value in self.bars]
            self.description = f"{self.title}, {month_label(self.month)}. " + "; ".join(parts) + "."

    @property
    def has_data(self) -> bool:
        return any(value is not None for _label, value in self.bars)

    @property
    def table_rows(self) -> list[dict]:
        return [{"label": label, "value": format_figure(value, self.indicator)} for label, value in self.bars]

    @property
    def svg(self) -> SafeString:
        return mark_safe(draw_bar_chart(self))  # noqa: S308 - every text in it is escaped


# --- Describing ----------------------------------------------------------------------------


def describe_series(indicator: Indicator, months: list[date], series: list[Series]) -> str:
    """A sentence per line: where it starts, where it ends, and its highest point."""
    sentences = []
    for line in series:
        points = [(month, value) for month, value in zip(months, line.values, strict=True) if value is not None]
        if not points:
            continue
        (first_month, first), (last_month, last) = points[0], points[-1]
        top_month, top = max(points, key=lambda point: point[1])
        sentences.append(
            _("%(area)s: %(first)s in %(first_month)s, %(last)s in %(last_month)s; highest %(top)s in %(top_month)s.")
            % {
                "area": line.label,
                "first": format_figure(first, indicator),
                "first_month": month_label(first_month),
                "last": format_figure(last, indicator),
                "last_month": month_label(last_month),
                "top": format_figure(top, indicator),
                "top_month": month_label(top_month),
            }
        )
    return " ".join(sentences)


# --- Scales -----------------------------------------------------------------------------------


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering low..high, starting at zero for counts and shares."""
    low = min(low, 0.0)
    if high <= low:
        high = low + 1
    raw_step = (high - low) / count
    magnitude = 10 ** floor(log10(raw_step))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw_step)
    start = floor(low / step) * step
    stop = ceil(high / step) * step
    ticks = []
    value = start
    while value <= stop + step / 1000:
        ticks.append(round(value, 10))
        value += step
    return ticks


def _attr(text: str) -> str:
    return escape(text)


def _tick_label(value: float, indicator: Indicator) -> str:
    # As many decimals as the tick needs: 0,25 reads 0,25, not 0,2.
    decimals = next((d for d in range(4) if abs(round(value, d) - value) < 1e-9), 4)
    text = format_number(Decimal(str(round(value, decimals))), decimals)
    return f"{text} %" if indicator.unit == "%" else text


# --- Drawing ------------------------------------------------------------------------------------


def _svg_open(chart_id: str, title: str, description: str, height: int) -> list[str]:
    return [
        f'<svg class="flo-chart__svg" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{chart_id}-svg-title {chart_id}-svg-desc" focusable="false" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-svg-title">{_attr(title)}</title>',
        f'<desc id="{chart_id}-svg-desc">{_attr(description)}</desc>',
    ]


def draw_line_chart(chart: LineChart) -> str:
    plot_width = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    plot_height = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    values = [float(v) for s in chart.series for v in s.values if v is not None]
    ticks = nice_ticks(min(values, default=0.0), max(values, default=1.0))
    y_low, y_high = ticks[0], ticks[-1]
    count = len(chart.months)

    def x(index: int) -> float:
        return MARGIN_LEFT + (plot_width * index / (count - 1) if count > 1 else plot_width / 2)

    def y(value: float) -> float:
        return MARGIN_TOP + plot_height * (1 - (value - y_low) / (y_high - y_low))

    parts = _svg_open(chart.id, chart.title, chart.description, HEIGHT)
    parts.append('<g class="flo-chart__grid" aria-hidden="true">')
    for tick in ticks:
        parts.append(f'<line x1="{MARGIN_LEFT}" x2="{WIDTH - MARGIN_RIGHT}" y1="{y(tick):.1f}" y2="{y(tick):.1f}"/>')
        parts.append(
            f'<text class="flo-chart__tick" x="{MARGIN_LEFT - 8}" y="{y(tick) + 4:.1f}" text-anchor="end">'
            f"{_attr(_tick_label(tick, chart.indicator))}</text>"
        )
    step = max(1, ceil(count / MAX_X_LABELS))
    for index in range(0, count, step):
        parts.append(
            f'<text class="flo-chart__tick" x="{x(index):.1f}" y="{HEIGHT - MARGIN_BOTTOM + 20}" '
            f'text-anchor="middle">{_attr(short_month_label(chart.months[index]))}</text>'
        )
    parts.append("</g>")

    for number, line in enumerate(chart.series):
        points = [(x(i), y(float(v))) for i, v in enumerate(line.values) if v is not None]
        if not points:
            continue
        style = f"flo-chart__line flo-chart__line--{number % 4}"
        parts.append(f'<g class="{style}" aria-hidden="true">')
        for segment in _segments(line.values):
            if len(segment) > 1:
                path = " ".join(f"{x(i):.1f},{y(float(line.values[i])):.1f}" for i in segment)
                parts.append(f'<polyline points="{path}" fill="none"/>')
        for px, py in points:
            parts.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3"/>')
        last_x, last_y = points[-1]
        parts.append(
            f'<text class="flo-chart__label" x="{last_x + 8:.1f}" y="{last_y + 4:.1f}">{_attr(line.label)}</text>'
        )
        parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)


def _segments(values: list[Value]) -> list[list[int]]:
    """Runs of consecutive months with a figure: a month without one breaks the line."""
    segments: list[list[int]] = [[]]
    for index, value in enumerate(values):
        if value is None:
            if segments[-1]:
                segments.append([])
        else:
            segments[-1].append(index)
    return [segment for segment in segments if segment]


def draw_bar_chart(chart: BarChart) -> str:
    label_width = 200
    plot_width = WIDTH - label_width - 110
    height = MARGIN_TOP + len(chart.bars) * (BAR_HEIGHT + BAR_GAP) + 10
    values = [float(v) for _label, v in chart.bars if v is not None]
    high = nice_ticks(0.0, max(values, default=1.0))[-1]
    parts = _svg_open(chart.id, chart.title, chart.description, height)
    parts.append('<g aria-hidden="true">')
    for index, (label, value) in enumerate(chart.bars):
        top = MARGIN_TOP + index * (BAR_HEIGHT + BAR_GAP)
        style = "flo-chart__bar flo-chart__bar--highlight" if index == chart.highlight else "flo-chart__bar"
        parts.append(
            f'<text class="flo-chart__label" x="{label_width - 10}" y="{top + BAR_HEIGHT / 2 + 5:.1f}" '
            f'text-anchor="end">{_attr(label)}</text>'
        )
        if value is None:
            continue
        width = plot_width * float(value) / high if high else 0
        parts.append(f'<rect class="{style}" x="{label_width}" y="{top}" width="{width:.1f}" height="{BAR_HEIGHT}"/>')
        parts.append(
            f'<text class="flo-chart__value" x="{label_width + width + 8:.1f}" y="{top + BAR_HEIGHT / 2 + 5:.1f}">'
            f"{_attr(format_figure(value, chart.indicator))}</text>"
        )
    parts.append("</g></svg>")
    return "".join(parts)
