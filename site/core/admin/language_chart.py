"""The language report's chart: the share of each language at the end of each month, as
stacked bars in an SVG that the template draws from these numbers (the table beside it
carries the same figures for screen readers and for copying)."""

from __future__ import annotations

from dataclasses import dataclass

from ..languages import NYNORSK_MINIMUM_SHARE, Language
from ..reports import MonthShares

MONTH_NAMES = ("jan.", "feb.", "mars", "apr.", "mai", "juni", "juli", "aug.", "sep.", "okt.", "nov.", "des.")
# Distinct in hue and lightness, each at least 3:1 against white (WCAG 1.4.11).
COLOURS = {Language.BOKMAL: "#1f4e8c", Language.NYNORSK: "#b34700", Language.ENGLISH: "#5c5c5c"}

LEFT, TOP, PLOT_HEIGHT = 48, 12, 200
BAR_WIDTH, BAR_GAP = 34, 18
BOTTOM = 36
# Nynorsk at the bottom, so the dashed line at the minimum share measures it directly.
STACK_ORDER = (Language.NYNORSK, Language.BOKMAL, Language.ENGLISH)


@dataclass(frozen=True)
class Segment:
    x: float
    y: float
    width: float
    height: float
    fill: str
    title: str


@dataclass(frozen=True)
class Bar:
    label: str
    label_x: float
    segments: list[Segment]


@dataclass(frozen=True)
class Gridline:
    y: float
    label: str


@dataclass(frozen=True)
class LanguageChart:
    width: int
    height: int
    bars: list[Bar]
    gridlines: list[Gridline]
    minimum_y: float
    plot_left: int
    plot_right: int
    legend: list[tuple[str, str]]
    description: str


def month_label(month_shares: MonthShares, first: bool) -> str:
    month = month_shares.month
    name = MONTH_NAMES[month.month - 1]
    return f"{name} {month.year % 100:02d}" if first or month.month == 1 else name


def build_chart(months: list[MonthShares]) -> LanguageChart:
    """Stacked bars (nynorsk at the bottom, then bokmål, then English), 0–100 %."""
    labels = dict(Language.choices)
    bars = []
    for index, month in enumerate(months):
        x = LEFT + BAR_GAP / 2 + index * (BAR_WIDTH + BAR_GAP)
        bottom = TOP + PLOT_HEIGHT
        segments = []
        for code in STACK_ORDER:
            height = round(month.share(code) * PLOT_HEIGHT, 2)
            if height > 0:
                bottom -= height
                pages = month.counts.get(code, 0)
                title = f"{labels[code]}: {month.percent(code)} % ({pages} {'side' if pages == 1 else 'sider'})"
                segments.append(Segment(x, round(bottom, 2), BAR_WIDTH, height, COLOURS[code], title))
        bars.append(Bar(month_label(month, index == 0), x + BAR_WIDTH / 2, segments))
    width = int(LEFT + len(months) * (BAR_WIDTH + BAR_GAP) + 8)
    gridlines = [Gridline(TOP + PLOT_HEIGHT * (1 - step / 100), f"{step} %") for step in (0, 25, 50, 75, 100)]
    latest = months[-1] if months else None
    description = "Andel publiserte sider per språk ved utgangen av hver måned. " + (
        f"Siste måned: bokmål {latest.percent(Language.BOKMAL)} %, nynorsk {latest.percent(Language.NYNORSK)} %, "
        f"engelsk {latest.percent(Language.ENGLISH)} %."
        if latest
        else ""
    )
    return LanguageChart(
        width=width,
        height=TOP + PLOT_HEIGHT + BOTTOM,
        bars=bars,
        gridlines=gridlines,
        minimum_y=TOP + PLOT_HEIGHT * (1 - NYNORSK_MINIMUM_SHARE),
        plot_left=LEFT,
        plot_right=width - 8,
        legend=[(str(labels[code]), COLOURS[code]) for code in STACK_ORDER],
        description=description,
    )
