"""The SVG charts: well-formed, escaped, described for screen readers and backed by a table."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from itertools import pairwise

import pytest
from django.utils.translation import override
from lxml import etree

from flo.charts import HEIGHT, MARGIN_LEFT, MARGIN_RIGHT, WIDTH, BarChart, LineChart, Series, nice_ticks
from flo.indicators import BY_KEY
from flo.months import months_between

SVG = "{http://www.w3.org/2000/svg}"
NBSP = "\u00a0"
SHARE = BY_KEY["share_without_gp"]
AGREEMENTS = BY_KEY["gp_agreements"]
MONTHS = months_between(date(2025, 1, 1), date(2025, 4, 1))


@pytest.fixture(autouse=True)
def bokmal():
    with override("nb"):
        yield


def line_chart(*series: Series, indicator=SHARE, months=MONTHS, title="Andel uten fast lege") -> LineChart:
    return LineChart(id="chart-test", title=title, indicator=indicator, months=months, series=list(series))


def bar_chart(bars, indicator=SHARE, title="Andel uten fast lege", highlight=0) -> BarChart:
    return BarChart(
        id="chart-bars", title=title, indicator=indicator, month=date(2025, 3, 1), bars=bars, highlight=highlight
    )


def parse(chart) -> etree._Element:
    return etree.fromstring(str(chart.svg).encode())


def line_groups(svg: etree._Element) -> list[etree._Element]:
    return [g for g in svg.iter(f"{SVG}g") if "flo-chart__line " in g.get("class", "")]


def d(text: str) -> Decimal:
    return Decimal(text)


OSLO = Series("Oslo", [d("5.0"), None, d("7.5"), d("6.1")])
COUNTRY = Series("Hele landet", [d("8.0"), d("8.2"), d("8.1"), d("8.4")])


# --- Well-formed and labelled --------------------------------------------------------------------


def test_line_chart_is_well_formed_svg_labelled_by_its_title_and_description():
    svg = parse(line_chart(OSLO, COUNTRY))
    assert svg.tag == f"{SVG}svg"
    assert svg.get("role") == "img"
    title_id, desc_id = svg.get("aria-labelledby").split()
    assert svg.find(f"{SVG}title").get("id") == title_id
    assert svg.find(f"{SVG}title").text == "Andel uten fast lege"
    assert svg.find(f"{SVG}desc").get("id") == desc_id
    assert svg.find(f"{SVG}desc").text.startswith("Oslo: 5,0")
    assert svg.get("viewBox") == f"0 0 {WIDTH} {HEIGHT}"


def test_bar_chart_is_well_formed_svg_labelled_by_its_title_and_description():
    svg = parse(bar_chart([("Oslo", d("5.0")), ("Hele landet", d("8.4"))]))
    assert svg.tag == f"{SVG}svg"
    title_id, desc_id = svg.get("aria-labelledby").split()
    assert svg.find(f"{SVG}title").get("id") == title_id
    assert svg.find(f"{SVG}desc").get("id") == desc_id
    assert svg.find(f"{SVG}desc").text == f"Andel uten fast lege, mars 2025. Oslo: 5,0{NBSP}%; Hele landet: 8,4{NBSP}%."


def test_drawing_is_hidden_from_screen_readers_which_get_the_description():
    svg = parse(line_chart(OSLO))
    groups = svg.findall(f"{SVG}g")
    assert groups and all(group.get("aria-hidden") == "true" for group in groups)


# --- Escaping ------------------------------------------------------------------------------------


def test_texts_in_a_line_chart_are_escaped():
    hostile = Series("<script>&", [d("1.0"), d("2.0"), None, None])
    chart = line_chart(hostile, title='Tittel "<b>&"')
    svg = parse(chart)
    assert not list(svg.iter(f"{SVG}script", "script", f"{SVG}b", "b"))
    labels = [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "flo-chart__label"]
    assert labels == ["<script>&"]
    assert svg.find(f"{SVG}title").text == 'Tittel "<b>&"'
    assert svg.find(f"{SVG}desc").text.startswith("<script>&: ")
    assert "&lt;script&gt;&amp;" in str(chart.svg)


def test_texts_in_a_bar_chart_are_escaped():
    chart = bar_chart([("<script>alert(1)</script>", d("3.0")), ("A & B", None)], title="<i>x</i>")
    svg = parse(chart)
    assert not list(svg.iter(f"{SVG}script", "script", f"{SVG}i", "i"))
    labels = [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "flo-chart__label"]
    assert labels == ["<script>alert(1)</script>", "A & B"]
    assert svg.find(f"{SVG}title").text == "<i>x</i>"


# --- Scales --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("low", "high"), [(3, 47), (0, 100), (0, 0.3), (0.8, 1.2), (0, 12.5), (55, 57), (0, 7), (0, 0), (5, 5)]
)
def test_nice_ticks_start_at_zero_and_cover_the_range(low, high):
    ticks = nice_ticks(low, high)
    assert ticks[0] == 0
    assert ticks[-1] >= high
    steps = {round(b - a, 9) for a, b in pairwise(ticks)}
    assert len(steps) == 1 and steps.pop() > 0  # evenly spaced, rising
    assert 2 <= len(ticks) <= 7


def test_nice_ticks_use_round_steps():
    assert nice_ticks(3, 47) == [0, 10, 20, 30, 40, 50]
    assert nice_ticks(0, 12.5) == [0, 2.5, 5, 7.5, 10, 12.5]


def tick_labels(svg: etree._Element) -> list[str]:
    return [
        t.text for t in svg.iter(f"{SVG}text") if t.get("text-anchor") == "end" and t.get("class") == "flo-chart__tick"
    ]


def test_y_axis_labels_for_a_count_are_whole_numbers():
    svg = parse(line_chart(Series("Oslo", [120, 130, 140, 150]), indicator=AGREEMENTS))
    assert tick_labels(svg) == ["0", "50", "100", "150"]


@pytest.mark.parametrize(
    "values",
    [
        [d("0.8"), d("1.2"), d("1.0"), d("0.9")],  # a share with low vacancy: ticks every 0,25
        [d("0.1"), d("0.0"), d("0.1"), d("0.1")],  # ticks every 0,02
        [d("3.0"), d("47.0"), d("12.5"), d("20.0")],
    ],
)
def test_y_axis_labels_read_back_as_their_tick_values(values):
    labels = tick_labels(parse(line_chart(Series("Oslo", values))))
    read_back = [float(label.replace(NBSP, "").replace(" %", "").replace(",", ".")) for label in labels]
    assert read_back == pytest.approx(nice_ticks(float(min(values)), float(max(values))))
    assert len(set(labels)) == len(labels)


# --- Gaps ----------------------------------------------------------------------------------------


def test_a_month_without_a_figure_gets_no_point():
    svg = parse(line_chart(OSLO, COUNTRY))
    oslo, country = line_groups(svg)
    assert len(oslo.findall(f"{SVG}circle")) == 3
    assert len(country.findall(f"{SVG}circle")) == 4


def test_a_series_without_figures_is_not_drawn():
    svg = parse(line_chart(Series("Tomt", [None] * 4), COUNTRY))
    assert len(line_groups(svg)) == 1
    assert [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "flo-chart__label"] == ["Hele landet"]


def test_a_single_month_is_a_point_without_a_line():
    svg = parse(line_chart(Series("Oslo", [d("5.0")]), months=MONTHS[:1]))
    (group,) = line_groups(svg)
    assert len(group.findall(f"{SVG}circle")) == 1
    assert group.find(f"{SVG}polyline") is None


def test_the_line_breaks_at_a_month_without_a_figure():
    five_months = [*MONTHS, date(2025, 5, 1)]
    svg = parse(line_chart(Series("Oslo", [d("5.0"), d("5.5"), None, d("7.5"), d("6.1")]), months=five_months))
    step = (WIDTH - MARGIN_LEFT - MARGIN_RIGHT) / 4
    (group,) = line_groups(svg)
    polylines = group.findall(f"{SVG}polyline")
    assert len(polylines) == 2  # January–February, then April–May
    for polyline in polylines:
        xs = [float(point.split(",")[0]) for point in polyline.get("points").split()]
        assert len(xs) == 2
        assert all(abs((b - a) - step) < 0.2 for a, b in pairwise(xs))  # neighbouring months only


def test_a_lone_month_between_gaps_is_a_point_without_a_line():
    svg = parse(line_chart(OSLO))  # January, a gap, then March–April
    (group,) = line_groups(svg)
    assert len(group.findall(f"{SVG}polyline")) == 1
    assert len(group.findall(f"{SVG}circle")) == 3


def test_a_missing_bar_has_its_label_but_no_bar():
    svg = parse(bar_chart([("Oslo", d("5.0")), ("Bergen", None), ("Hele landet", d("8.4"))], highlight=2))
    rects = list(svg.iter(f"{SVG}rect"))
    assert len(rects) == 2
    assert "flo-chart__bar--highlight" in rects[1].get("class")
    assert "flo-chart__bar--highlight" not in rects[0].get("class")
    values = [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "flo-chart__value"]
    assert values == [f"5,0{NBSP}%", f"8,4{NBSP}%"]


def test_the_longest_bar_is_the_largest_value():
    svg = parse(bar_chart([("Oslo", d("5.0")), ("Hele landet", d("10.0"))]))
    oslo, country = (float(rect.get("width")) for rect in svg.iter(f"{SVG}rect"))
    assert oslo == pytest.approx(country / 2)


# --- Description and table -----------------------------------------------------------------------


def test_description_gives_first_last_and_highest_of_each_line():
    chart = line_chart(OSLO, COUNTRY)
    assert chart.description == (
        f"Oslo: 5,0{NBSP}% i januar 2025, 6,1{NBSP}% i april 2025; høyest 7,5{NBSP}% i mars 2025. "
        f"Hele landet: 8,0{NBSP}% i januar 2025, 8,4{NBSP}% i april 2025; høyest 8,4{NBSP}% i april 2025."
    )


def test_description_skips_a_line_without_figures_and_follows_the_language():
    with override("en"):
        chart = line_chart(Series("Tomt", [None] * 4), Series("Oslo", [None, 120, 140, 130]), indicator=AGREEMENTS)
    assert chart.description == "Oslo: 120 in February 2025, 130 in April 2025; highest 140 in March 2025."


def test_line_chart_table_rows_match_the_values():
    rows = line_chart(OSLO, COUNTRY).table_rows
    assert rows == [
        {"month": "januar 2025", "values": [f"5,0{NBSP}%", f"8,0{NBSP}%"]},
        {"month": "februar 2025", "values": ["–", f"8,2{NBSP}%"]},
        {"month": "mars 2025", "values": [f"7,5{NBSP}%", f"8,1{NBSP}%"]},
        {"month": "april 2025", "values": [f"6,1{NBSP}%", f"8,4{NBSP}%"]},
    ]


def test_bar_chart_table_rows_match_the_values():
    rows = bar_chart([("Oslo", 1234), ("Bergen", None)], indicator=AGREEMENTS).table_rows
    assert rows == [{"label": "Oslo", "value": f"1{NBSP}234"}, {"label": "Bergen", "value": "–"}]


def test_has_data_is_false_when_every_value_is_missing():
    assert not line_chart(Series("Oslo", [None] * 4), Series("Bergen", [None] * 4)).has_data
    assert line_chart(Series("Oslo", [None, None, None, d("1.0")])).has_data
    assert not bar_chart([("Oslo", None), ("Bergen", None)]).has_data
    assert bar_chart([("Oslo", None), ("Bergen", 0)]).has_data


def test_an_empty_chart_still_draws_well_formed_svg():
    svg = parse(line_chart(Series("Oslo", [None] * 4)))
    assert svg.find(f"{SVG}title") is not None
    assert not list(svg.iter(f"{SVG}circle"))
