"""The key-figures block: FLO figures in any page's body, read from the data and never typed by hand."""

from __future__ import annotations

from datetime import date

import pytest
from bs4 import BeautifulSoup
from wagtail.blocks.struct_block import StructBlockValidationError

from flo.blocks import KeyFiguresBlock
from flo.factories import ImportBatchFactory, add_figures, counts
from flo.key_figures import key_figures
from flo.versioning import bump_data_version
from pages.factories import GuidancePageFactory

FEBRUARY, MARCH = date(2025, 2, 1), date(2025, 3, 1)
NBSP = "\u00a0"
SOURCE = "Kilde: FLO, Helsedirektoratet."
HEADLINE = ["gp_agreements", "share_without_gp", "average_list_length"]


@pytest.fixture
def reported(register):
    """Oslo, Bergen and Kinn in February and March 2025. By hand, for March:
    Oslo 120 agreements, 12 000 of 120 000 without a GP (10,0 %); Bergen 50, 5 000 of 50 000 (10,0 %);
    Kinn 10, 2 500 of 10 000 (25,0 %). Vestland: 60 agreements, 7 500 of 60 000 → 12,5 %. The country:
    180 agreements, 19 500 of 180 000 → 10,8 %. In February Oslo has 100 agreements."""
    figures = {
        FEBRUARY: {"0301": counts(100), "4601": counts(50), "4602": counts(10, residents_without_gp=2_500)},
        MARCH: {"0301": counts(120), "4601": counts(50), "4602": counts(10, residents_without_gp=2_500)},
    }
    for month, by_number in figures.items():
        batch = ImportBatchFactory(first_month=month)
        for number, values in by_number.items():
            add_figures(register.municipality(number), month, batch=batch, **values)


@pytest.fixture
def render(site_client, home_page):
    """A guidance page with one key-figures block, as the public sees it."""

    def page_with(language: str = "nb", **value):
        page = GuidancePageFactory(
            parent=home_page,
            language=language,
            body=[{"type": "key_figures", "value": {"heading": "Fastlegeordningen i tall", **value}}],
        )
        response = site_client.get(page.url)
        assert response.status_code == 200
        return BeautifulSoup(response.content, "html.parser")

    return page_with


def shown(soup) -> dict[str, str]:
    """{label: figure} of the block."""
    section = soup.select_one(".flo-key-figures")
    return {
        card.select_one(".block-facts__label").get_text(): card.select_one(".block-facts__figure").get_text()
        for card in section.select(".block-facts__card")
    }


def source(soup) -> str:
    return " ".join(soup.select_one(".flo-key-figures .block-facts__source").get_text(" ").split())


# --- Rendered in a page ------------------------------------------------------------------------------


def test_block_shows_the_countrys_figures_for_the_latest_month(render, reported):
    soup = render(indicators=HEADLINE, level="national")
    assert shown(soup) == {
        "Fastlegeavtaler": "180",
        "Andel innbyggere på liste uten fast lege": f"10,8{NBSP}%",
        "Gjennomsnittlig listelengde": f"1{NBSP}000",
    }
    # Three of 357 municipalities reported: the sum does not call itself the country's.
    assert source(soup) == f"Sum for 3 av 357 kommuner, mars 2025. {SOURCE}"
    heading = soup.select_one(".flo-key-figures h2")
    assert heading.get_text() == "Fastlegeordningen i tall"
    assert soup.select_one(".flo-key-figures")["aria-labelledby"] == heading["id"]


def test_block_keeps_the_order_the_editor_chose(render, reported):
    soup = render(indicators=["share_without_gp", "gp_agreements"], level="national")
    assert list(shown(soup)) == ["Andel innbyggere på liste uten fast lege", "Fastlegeavtaler"]


def test_block_for_a_fixed_month_keeps_that_months_figures(render, reported):
    soup = render(indicators=["gp_agreements"], level="municipality", municipality="0301", month=date(2025, 2, 14))
    assert shown(soup) == {"Fastlegeavtaler": "100"}
    assert source(soup) == f"Oslo, februar 2025. {SOURCE}"


def test_block_for_a_county_shows_the_countys_sums(render, reported):
    soup = render(indicators=["gp_agreements", "share_without_gp"], level="county", county="46")
    assert shown(soup) == {"Fastlegeavtaler": "60", "Andel innbyggere på liste uten fast lege": f"12,5{NBSP}%"}
    assert source(soup) == f"Vestland (ufullstendig), mars 2025. {SOURCE}"  # only 2 of its municipalities


def test_block_for_a_municipality_shows_its_own_figures(render, reported):
    soup = render(indicators=["gp_agreements", "share_without_gp"], level="municipality", municipality="4602")
    assert shown(soup) == {"Fastlegeavtaler": "10", "Andel innbyggere på liste uten fast lege": f"25,0{NBSP}%"}
    assert source(soup) == f"Kinn, mars 2025. {SOURCE}"


def test_block_for_a_renumbered_municipality_reaches_back_to_its_old_number(render, halden_before_reform):
    add_figures(halden_before_reform, date(2023, 6, 1), **counts(33))
    soup = render(indicators=["gp_agreements"], level="municipality", municipality="3101", month=date(2023, 6, 1))
    assert shown(soup) == {"Fastlegeavtaler": "33"}
    assert source(soup) == f"Halden, juni 2023. {SOURCE}"


def test_block_follows_the_page_language(render, reported):
    soup = render(language="en", indicators=["gp_agreements", "share_without_gp"], level="national")
    assert shown(soup) == {"GP agreements": "180", "Share of residents on lists without a GP": f"10.8{NBSP}%"}
    assert (
        source(soup) == "Sum of 3 of 357 municipalities, March 2025. Source: FLO, the Norwegian Directorate of Health."
    )


def test_block_says_when_the_figures_are_demo_data(render, oslo):
    add_figures(oslo, MARCH, batch=ImportBatchFactory(first_month=MARCH, is_demo=True), **counts(10))
    soup = render(indicators=["gp_agreements"], level="national")
    assert source(soup) == f"Sum for 1 av 357 kommuner, mars 2025. {SOURCE} Demodata."


def test_block_has_no_demo_label_for_real_figures(render, reported):
    assert "Demodata" not in source(render(indicators=["gp_agreements"], level="national"))


@pytest.mark.parametrize(
    "value",
    [
        {"level": "national"},
        {"level": "county", "county": "31"},
        {"level": "municipality", "municipality": "0301"},
    ],
)
def test_block_renders_nothing_without_figures(render, value):
    soup = render(indicators=["gp_agreements"], **value)
    assert soup.select_one(".flo-key-figures") is None
    assert "Fastlegeordningen i tall" not in soup.main.get_text()


@pytest.mark.parametrize(
    "value",
    [
        {"level": "national", "month": date(2024, 3, 1)},  # a month without figures
        {"level": "county", "county": "31"},  # a county without figures
        {"level": "municipality", "municipality": "3101"},  # a municipality without figures
    ],
)
def test_block_renders_nothing_where_the_data_has_nothing(render, reported, value):
    assert render(indicators=["gp_agreements"], **value).select_one(".flo-key-figures") is None


# --- Validation ----------------------------------------------------------------------------------------


@pytest.fixture
def block():
    return KeyFiguresBlock()


def clean(block, **value):
    raw = {"heading": "", "indicators": ["gp_agreements"], "level": "national", "county": "", "municipality": ""}
    return block.clean(block.to_python({**raw, **value, "month": value.get("month")}))


def refused(block, **value) -> set[str]:
    with pytest.raises(StructBlockValidationError) as error:
        clean(block, **value)
    return set(error.value.block_errors)


def test_block_accepts_one_to_six_indicators(block, register):
    assert list(clean(block, indicators=["gp_agreements"])["indicators"]) == ["gp_agreements"]
    six = ["gp_agreements", "lists_without_gp", "residents_on_lists", "open_lists", "female_gps", "share_without_gp"]
    assert list(clean(block, indicators=six)["indicators"]) == six
    assert clean(block, level="county", county="46")["county"] == "46"
    assert clean(block, level="municipality", municipality="0301")["municipality"] == "0301"
    assert clean(block, level="municipality", municipality="3001")["municipality"] == "3001"  # a former number


def test_block_refuses_no_indicators(block, register):
    assert refused(block, indicators=[]) == {"indicators"}


def test_block_refuses_seven_indicators(block, register):
    seven = [
        "gp_agreements",
        "lists_without_gp",
        "residents_on_lists",
        "residents_without_gp",
        "open_lists",
        "female_gps",
        "share_without_gp",
    ]
    assert refused(block, indicators=seven) == {"indicators"}


@pytest.mark.parametrize(
    ("value", "field"),
    [
        ({"level": "county"}, "county"),
        ({"level": "county", "county": "99"}, "county"),
        ({"level": "county", "county": "4"}, "county"),
        ({"level": "municipality"}, "municipality"),
        ({"level": "municipality", "municipality": "9999"}, "municipality"),
        ({"level": "municipality", "municipality": "301"}, "municipality"),
    ],
)
def test_block_refuses_a_missing_or_unknown_area(block, register, value, field):
    assert refused(block, **value) == {field}


# --- Caching -------------------------------------------------------------------------------------------


def test_key_figures_are_cached(reported, django_assert_num_queries):
    first = key_figures(HEADLINE, level="county", county_number="46")
    with django_assert_num_queries(0):
        again = key_figures(HEADLINE, level="county", county_number="46")
    assert again == first
    assert [figure.value for figure in again.figures] == ["60", f"12,5{NBSP}%", f"1{NBSP}000"]


def test_missing_figures_are_cached_too(register, django_assert_num_queries):
    assert key_figures(["gp_agreements"], level="municipality", municipality_number="0301") is None
    with django_assert_num_queries(0):
        assert key_figures(["gp_agreements"], level="municipality", municipality_number="0301") is None


def test_a_new_data_version_brings_new_key_figures(reported, oslo):
    assert key_figures(["gp_agreements"]).figures[0].value == "180"
    add_figures(oslo, date(2025, 4, 1), **counts(200))
    assert key_figures(["gp_agreements"]).figures[0].value == "180"  # still the cached figures
    bump_data_version()
    fresh = key_figures(["gp_agreements"])
    assert (fresh.month, fresh.figures[0].value) == (date(2025, 4, 1), "200")


def test_block_for_the_latest_month_stays_on_the_last_complete_month(render, register, oslo):
    """A partial import must not become the country's figure in every key-figures block."""
    february = ImportBatchFactory(first_month=FEBRUARY)
    for municipality in register.municipalities_on(FEBRUARY):
        add_figures(municipality, FEBRUARY, batch=february, **counts(10))
    add_figures(oslo, MARCH, **counts(999))
    soup = render(indicators=["gp_agreements"], level="national")
    assert shown(soup) == {"Fastlegeavtaler": f"3{NBSP}570"}
    assert source(soup) == f"Hele landet, februar 2025. {SOURCE}"
    pinned = render(indicators=["gp_agreements"], level="national", month=MARCH)
    assert source(pinned) == f"Sum for 1 av 357 kommuner, mars 2025. {SOURCE}"
    vestland = render(indicators=["gp_agreements"], level="county", county="46")
    assert source(vestland) == f"Vestland, februar 2025. {SOURCE}"
