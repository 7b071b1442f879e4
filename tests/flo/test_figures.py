"""Derived figures, sums over areas and how they are written, checked against hand-computed values."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.utils.translation import override

from flo import queries
from flo.factories import ImportBatchFactory, add_figures, counts
from flo.figures import Figures
from flo.formatting import format_figure
from flo.models import MonthlyFigures

FEBRUARY, MARCH = date(2025, 2, 1), date(2025, 3, 1)
NBSP = "\u00a0"


def figures(**values: int) -> Figures:
    """Figures for one month with every count zero unless given."""
    zero = dict.fromkeys(counts(0), 0)
    return Figures(month=MARCH, **{**zero, **values})


# --- Derived figures ---------------------------------------------------------------------------------


def test_average_list_length_is_residents_on_lists_per_agreement():
    assert figures(residents_on_lists=4900, gp_agreements=4).average_list_length == Decimal(1225)
    assert figures(residents_on_lists=1000, gp_agreements=3).average_list_length == Decimal(1000) / Decimal(3)


def test_share_without_gp_is_a_percentage_of_residents_on_lists():
    assert figures(residents_without_gp=49, residents_on_lists=400).share_without_gp == Decimal("12.25")


def test_reserve_capacity_is_list_ceilings_as_a_percentage_of_residents_on_lists():
    assert figures(list_ceiling_sum=4410, residents_on_lists=4000).reserve_capacity == Decimal("110.25")


def test_derived_figures_are_none_when_there_is_nothing_to_divide_by():
    empty = figures(residents_without_gp=0, list_ceiling_sum=100, residents_on_lists=0, gp_agreements=0)
    assert empty.average_list_length is None
    assert empty.share_without_gp is None
    assert empty.reserve_capacity is None
    assert empty.rounded("share_without_gp") is None
    assert figures(residents_on_lists=10, gp_agreements=0).average_list_length is None


@pytest.mark.parametrize(
    ("values", "key", "shown"),
    [
        ({"residents_without_gp": 49, "residents_on_lists": 400}, "share_without_gp", Decimal("12.3")),  # 12.25
        ({"residents_without_gp": 1, "residents_on_lists": 2000}, "share_without_gp", Decimal("0.1")),  # 0.05
        ({"residents_without_gp": 49, "residents_on_lists": 401}, "share_without_gp", Decimal("12.2")),  # 12.219…
        ({"residents_on_lists": 1, "gp_agreements": 2}, "average_list_length", 1),  # 0.5
        ({"residents_on_lists": 5, "gp_agreements": 2}, "average_list_length", 3),  # 2.5, not 2 as banks round
        ({"residents_on_lists": 2999, "gp_agreements": 3}, "average_list_length", 1000),  # 999.67
        ({"list_ceiling_sum": 4410, "residents_on_lists": 4000}, "reserve_capacity", Decimal("110.3")),  # 110.25
    ],
)
def test_rounded_rounds_half_up_to_the_indicators_decimals(values, key, shown):
    value = figures(**values).rounded(key)
    assert value == shown
    assert type(value) is type(shown)


def test_rounded_leaves_counts_whole():
    assert figures(gp_agreements=1234).rounded("gp_agreements") == 1234


def test_an_unknown_indicator_is_an_error():
    with pytest.raises(KeyError):
        figures().value("patients_on_mars")


# --- Sums in the database -----------------------------------------------------------------------------

# Four municipalities in two counties, two months. The sums below are worked out by hand.
FIGURES = {
    ("3101", FEBRUARY): counts(20),  # Halden: 20, 2, 20 000, 2 000, 22 000, 1 000, 10, 10
    ("3103", FEBRUARY): counts(30, residents_without_gp=600),  # Moss: 30, 3, 30 000, 600, 33 000, 1 500, 15, 15
    ("4601", FEBRUARY): counts(250),  # Bergen: 250, 25, 250 000, 25 000, 275 000, 12 500, 125, 125
    ("4602", FEBRUARY): counts(12, lists_without_gp=5),  # Kinn: 12, 5, 12 000, 1 200, 13 200, 600, 6, 6
    ("3101", MARCH): counts(21),  # 21, 2, 21 000, 2 100, 23 100, 1 050, 10, 10
    ("3103", MARCH): counts(30, residents_without_gp=600),
    ("4601", MARCH): counts(251),  # 251, 25, 251 000, 25 100, 276 100, 12 550, 125, 125
    ("4602", MARCH): counts(12, lists_without_gp=5),
}


@pytest.fixture
def reported(register):
    """FIGURES in the database, one import per month."""
    batches = {month: ImportBatchFactory(first_month=month) for month in (FEBRUARY, MARCH)}
    for (number, month), values in FIGURES.items():
        add_figures(register.municipality(number), month, batch=batches[month], **values)
    return FIGURES


@pytest.fixture
def vestland(register):
    return register.county("46")


def hand_sum(numbers: list[str], month: date) -> dict[str, int]:
    return {name: sum(FIGURES[number, month][name] for number in numbers) for name in counts()}


def count_values(found: Figures) -> dict[str, int]:
    return {name: getattr(found, name) for name in counts()}


def test_national_series_sums_every_municipality_per_month(reported):
    february, march = queries.national_series()
    assert (february.month, march.month) == (FEBRUARY, MARCH)
    assert (february.gp_agreements, february.lists_without_gp) == (312, 35)
    assert (february.residents_on_lists, february.residents_without_gp) == (312_000, 28_800)
    assert (february.list_ceiling_sum, february.available_places, february.open_lists) == (343_200, 15_600, 156)
    assert (march.gp_agreements, march.residents_on_lists, march.residents_without_gp) == (314, 314_000, 29_000)
    assert february.municipalities == march.municipalities == 4
    everyone = ["3101", "3103", "4601", "4602"]
    assert count_values(february) == hand_sum(everyone, FEBRUARY)
    assert count_values(march) == hand_sum(everyone, MARCH)


def test_national_series_keeps_to_the_months_asked_for(reported):
    assert [f.month for f in queries.national_series(start=MARCH)] == [MARCH]
    assert [f.month for f in queries.national_series(end=FEBRUARY)] == [FEBRUARY]
    assert queries.national_series(start=date(2025, 4, 1)) == []


def test_county_series_sums_the_countys_municipalities(reported, ostfold, vestland):
    february, march = queries.county_series(ostfold)
    assert (february.gp_agreements, february.residents_on_lists, february.residents_without_gp) == (50, 50_000, 2_600)
    assert (march.gp_agreements, march.residents_on_lists, march.residents_without_gp) == (51, 51_000, 2_700)
    assert february.municipalities == 2
    assert count_values(march) == hand_sum(["3101", "3103"], MARCH)
    west_february, _west_march = queries.county_series(vestland)
    assert (west_february.gp_agreements, west_february.lists_without_gp, west_february.list_ceiling_sum) == (
        262,
        30,
        288_200,
    )


def test_by_county_gives_each_countys_sums_for_one_month(reported, ostfold, vestland):
    found = queries.by_county(FEBRUARY)
    assert set(found) == {ostfold.pk, vestland.pk}
    assert count_values(found[ostfold.pk]) == hand_sum(["3101", "3103"], FEBRUARY)
    assert count_values(found[vestland.pk]) == hand_sum(["4601", "4602"], FEBRUARY)
    assert found[vestland.pk].municipalities == 2
    assert queries.by_county(date(2025, 4, 1)) == {}


def test_by_municipality_gives_each_municipalitys_own_figures(reported, register, ostfold):
    halden, moss, bergen = (register.municipality(n) for n in ("3101", "3103", "4601"))
    everyone = queries.by_municipality(MARCH)
    assert len(everyone) == 4
    assert count_values(everyone[bergen.pk]) == FIGURES["4601", MARCH]
    in_ostfold = queries.by_municipality(MARCH, ostfold)
    assert set(in_ostfold) == {halden.pk, moss.pk}
    assert count_values(in_ostfold[halden.pk]) == FIGURES["3101", MARCH]


def test_derived_county_figures_are_ratios_of_sums_not_means_of_ratios(register, ostfold):
    halden, moss = register.municipality("3101"), register.municipality("3103")
    # Halden: half its residents without a GP, 1 000 per list; Moss: none without, 3 000 per list.
    add_figures(halden, MARCH, **counts(1, residents_on_lists=1000, residents_without_gp=500, list_ceiling_sum=1000))
    add_figures(moss, MARCH, **counts(3, residents_on_lists=9000, residents_without_gp=0, list_ceiling_sum=9900))
    (county,) = queries.county_series(ostfold)
    # Means of the municipalities' figures would be 25 %, 2 000 and 105: the county's own ratios are not.
    assert county.rounded("share_without_gp") == Decimal("5.0")  # 500 / 10 000
    assert county.rounded("average_list_length") == 2500  # 10 000 / 4
    assert county.rounded("reserve_capacity") == Decimal("109.0")  # 10 900 / 10 000
    assert queries.by_county(MARCH)[ostfold.pk].share_without_gp == Decimal(5)
    (country,) = queries.national_series()
    assert country.share_without_gp == Decimal(5)


def test_figures_that_are_no_longer_current_are_ignored(reported, register, ostfold):
    halden = register.municipality("3101")
    replaced = ImportBatchFactory(first_month=FEBRUARY)
    MonthlyFigures.objects.create(municipality=halden, month=FEBRUARY, batch=replaced, is_current=False, **counts(9000))
    february = queries.national_series(end=FEBRUARY)[0]
    assert february.gp_agreements == 312
    assert february.municipalities == 4
    assert queries.county_series(ostfold, end=FEBRUARY)[0].gp_agreements == 50
    assert queries.by_county(FEBRUARY)[ostfold.pk].residents_on_lists == 50_000
    assert queries.by_municipality(FEBRUARY)[halden.pk].gp_agreements == 20
    assert queries.municipality_series(halden, end=FEBRUARY)[0].gp_agreements == 20


def test_a_month_with_only_replaced_figures_has_no_figures(register):
    batch = ImportBatchFactory(first_month=MARCH)
    MonthlyFigures.objects.create(
        municipality=register.municipality("0301"), month=MARCH, batch=batch, is_current=False, **counts(10)
    )
    assert queries.national_series() == []
    assert queries.month_span() == (None, None)


# --- Formatting ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "count", "share", "reserve", "list_length"),
    [
        ("nb", f"1{NBSP}234", f"12,3{NBSP}%", f"1{NBSP}234{NBSP}567,5", f"1{NBSP}000"),
        ("nn", f"1{NBSP}234", f"12,3{NBSP}%", f"1{NBSP}234{NBSP}567,5", f"1{NBSP}000"),
        ("en", "1,234", f"12.3{NBSP}%", "1,234,567.5", "1,000"),
    ],
)
def test_format_figure_follows_the_language(language, count, share, reserve, list_length):
    with override(language):
        assert format_figure(1234, "gp_agreements") == count
        assert format_figure(Decimal("12.3"), "share_without_gp") == share
        assert format_figure(Decimal("1234567.5"), "reserve_capacity") == reserve
        assert format_figure(1000, "average_list_length") == list_length


def test_format_figure_writes_a_dash_for_a_figure_that_cannot_be_computed():
    with override("nb"):
        assert format_figure(None, "share_without_gp") == "–"
        assert format_figure(figures().rounded("share_without_gp"), "share_without_gp") == "–"


def test_rounded_figures_are_formatted_as_they_are_rounded():
    shown = figures(residents_without_gp=49, residents_on_lists=400)  # 12.25
    with override("nb"):
        assert format_figure(shown.rounded("share_without_gp"), "share_without_gp") == f"12,3{NBSP}%"
