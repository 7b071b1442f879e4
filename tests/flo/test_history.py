"""Municipalities that were renumbered or split in the 2024 reform keep their history, once and only once."""

from __future__ import annotations

from datetime import date

import pytest
from bs4 import BeautifulSoup

from flo import queries
from flo.factories import add_figures, counts
from flo.months import months_between

VIKEN_YEARS = months_between(date(2023, 7, 1), date(2023, 12, 1))
OSTFOLD_YEARS = months_between(date(2024, 1, 1), date(2025, 3, 1))
JUNE_2023, MARCH_2025 = date(2023, 6, 1), date(2025, 3, 1)


@pytest.fixture
def viken(register):
    return register.county("30")


@pytest.fixture
def alesund_before_split(register):
    """1507 Ålesund, 2020–2023, divided into 1508 Ålesund and 1580 Haram."""
    return register.municipality("1507")


@pytest.fixture
def alesund(register):
    return register.municipality("1508")


@pytest.fixture
def haram(register):
    return register.municipality("1580")


@pytest.fixture
def halden_reported(halden, halden_before_reform):
    """Halden's figures under 3001 in the second half of 2023 and under 3101 from 2024, plus a
    stray 3001 row for January 2024 that must not be added to 3101's."""
    for index, month in enumerate(VIKEN_YEARS):
        add_figures(halden_before_reform, month, agreements=30 + index)
    for index, month in enumerate(OSTFOLD_YEARS):
        add_figures(halden, month, agreements=50 + index)
    add_figures(halden_before_reform, date(2024, 1, 1), agreements=900)


def page_text(response) -> str:
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text(" ").split())


def links(response) -> set[str]:
    return {a["href"] for a in BeautifulSoup(response.content, "html.parser").select("main a[href]")}


# --- The register ----------------------------------------------------------------------------------


def test_registry_picks_the_period_valid_on_a_day(register, halden, halden_before_reform):
    assert register.municipality("3001", on=JUNE_2023) == halden_before_reform
    assert register.municipality("3001", on=date(2023, 12, 31)) == halden_before_reform
    assert register.municipality("3001", on=date(2024, 1, 1)) is None
    assert register.municipality("3101", on=date(2023, 12, 31)) is None
    assert register.municipality("3101", on=date(2024, 1, 1)) == halden
    assert register.municipality("3101") == halden  # without a day: the latest period
    assert register.municipality("9999", on=JUNE_2023) is None
    assert halden_before_reform.county.number == "30"
    assert halden.county.number == "31"


def test_registry_knows_which_municipalities_and_counties_existed_on_a_day(register):
    before = {m.number for m in register.municipalities_on(JUNE_2023)}
    after = {m.number for m in register.municipalities_on(MARCH_2025)}
    assert {"3001", "1507"} <= before and not {"3101", "1508", "1580"} & before
    assert {"3101", "1508", "1580"} <= after and not {"3001", "1507"} & after
    assert register.county("30", on=JUNE_2023).name == "Viken"
    assert register.county("30", on=MARCH_2025) is None
    assert [c.number for c in register.counties_on(MARCH_2025)][:6] == ["03", "11", "15", "18", "31", "32"]


def test_renumbering_carries_the_old_number_over(register, halden, halden_before_reform):
    assert register.successors(halden_before_reform) == [halden]
    assert register.predecessors(halden) == [halden_before_reform]
    assert register.carried_over(halden) == [halden_before_reform]
    assert register.carried_over(halden_before_reform) == []
    assert register.split_from(halden) == []


def test_a_split_carries_nothing_over(register, alesund_before_split, alesund, haram):
    assert register.successors(alesund_before_split) == [alesund, haram]
    assert register.carried_over(alesund) == []
    assert register.carried_over(haram) == []
    assert register.split_from(alesund) == [alesund_before_split]
    assert register.split_from(haram) == [alesund_before_split]


# --- Series -----------------------------------------------------------------------------------------


def test_renumbered_municipality_has_one_continuous_series(register, halden, halden_reported):
    series = queries.municipality_series(halden, register.carried_over(halden))
    months = [figures.month for figures in series]
    assert months == VIKEN_YEARS + OSTFOLD_YEARS  # every month once, oldest first
    agreements = {figures.month: figures.gp_agreements for figures in series}
    assert agreements[date(2023, 7, 1)] == 30
    assert agreements[date(2023, 12, 1)] == 35
    assert agreements[date(2024, 1, 1)] == 50  # the stray 3001 row (900) is not added
    assert agreements[MARCH_2025] == 64
    assert all(figures.municipalities == 1 for figures in series)


def test_without_carrying_over_a_municipality_has_only_its_own_figures(halden, halden_reported):
    series = queries.municipality_series(halden)
    assert [figures.month for figures in series] == OSTFOLD_YEARS


def test_carried_over_series_keeps_to_the_months_asked_for(register, halden, halden_reported):
    series = queries.municipality_series(
        halden, register.carried_over(halden), start=date(2023, 11, 1), end=date(2024, 2, 1)
    )
    assert [(f.month, f.gp_agreements) for f in series] == [
        (date(2023, 11, 1), 34),
        (date(2023, 12, 1), 35),
        (date(2024, 1, 1), 50),
        (date(2024, 2, 1), 51),
    ]


def test_split_municipality_starts_afresh(register, alesund_before_split, alesund, haram):
    add_figures(alesund_before_split, date(2023, 12, 1), agreements=70)
    add_figures(alesund, date(2024, 1, 1), agreements=50)
    add_figures(haram, date(2024, 1, 1), agreements=8)
    alesund_series = queries.municipality_series(alesund, register.carried_over(alesund))
    haram_series = queries.municipality_series(haram, register.carried_over(haram))
    assert [(f.month, f.gp_agreements) for f in alesund_series] == [(date(2024, 1, 1), 50)]
    assert [(f.month, f.gp_agreements) for f in haram_series] == [(date(2024, 1, 1), 8)]


def test_county_sums_come_from_the_municipalities_valid_then(register, viken, ostfold):
    # Viken in June 2023: 3001 Halden, 3002 Moss and 3024 Bærum. Østfold in March 2025: 3101 Halden
    # and 3103 Moss, but not 3201 Bærum, which went to Akershus.
    for number, agreements in (("3001", 20), ("3002", 30), ("3024", 100)):
        add_figures(register.municipality(number), JUNE_2023, agreements=agreements)
    for number, agreements in (("3101", 21), ("3103", 31), ("3201", 101)):
        add_figures(register.municipality(number), MARCH_2025, agreements=agreements)

    (viken_june,) = queries.county_series(viken)
    assert (viken_june.month, viken_june.gp_agreements, viken_june.municipalities) == (JUNE_2023, 150, 3)
    assert viken_june.residents_on_lists == 150_000
    (ostfold_march,) = queries.county_series(ostfold)
    assert (ostfold_march.month, ostfold_march.gp_agreements, ostfold_march.municipalities) == (MARCH_2025, 52, 2)
    assert set(queries.by_county(JUNE_2023)) == {viken.pk}
    assert set(queries.by_county(MARCH_2025)) == {ostfold.pk, register.county("32").pk}
    june, march = queries.national_series()
    assert (june.gp_agreements, march.gp_agreements) == (150, 153)


# --- Pages -----------------------------------------------------------------------------------------


def test_page_of_the_new_number_explains_and_links_to_the_old(site_client, statistics_page, halden_reported):
    response = site_client.get(statistics_page.url + "kommune/3101/")
    assert response.status_code == 200
    assert "Tall fra før 01.01.2024 ble rapportert under kommunenummer 3001 (Viken)." in page_text(response)
    assert statistics_page.url + "kommune/3001/" in links(response)


def test_page_of_the_new_number_shows_the_old_numbers_figures(site_client, statistics_page, halden_reported):
    soup = BeautifulSoup(site_client.get(statistics_page.url + "kommune/3101/").content, "html.parser")
    table = soup.find("caption", string="Tall per måned for Halden").find_parent("table")
    rows = {row.th.get_text(): [td.get_text() for td in row.find_all("td")] for row in table.tbody.find_all("tr")}
    assert rows["desember 2023"][0] == "35"  # from 3001
    assert rows["januar 2024"][0] == "50"  # from 3101 alone
    assert len(rows) == 21  # July 2023 to March 2025, each once


def test_page_of_the_old_number_says_where_it_continues(site_client, statistics_page, halden_reported):
    response = site_client.get(statistics_page.url + "kommune/3001/")
    assert response.status_code == 200
    text = page_text(response)
    assert "Kommunenummer 3001 var i bruk til 31.12.2023. Kommunen er videreført som Halden (3101)." in text
    assert statistics_page.url + "kommune/3101/" in links(response)
    assert "Viken" in text
    assert "Nøkkeltall, desember 2023" in text  # its own last month, not the latest month in the data


def test_page_of_a_split_municipality_explains_the_split(site_client, statistics_page, alesund_before_split, alesund):
    add_figures(alesund_before_split, date(2023, 12, 1), **counts(70))
    add_figures(alesund, date(2024, 1, 1), **counts(50))
    response = site_client.get(statistics_page.url + "kommune/1508/")
    text = page_text(response)
    assert (
        "Ålesund (1507) ble delt i Ålesund (1508) og Haram (1580) 01.01.2024. "
        "Tallene fra før gjelder hele den gamle kommunen og er ikke tatt med her."
    ) in text
    assert statistics_page.url + "kommune/1507/" in links(response)
    soup = BeautifulSoup(response.content, "html.parser")
    table = soup.find("caption", string="Tall per måned for Ålesund").find_parent("table")
    assert [row.th.get_text() for row in table.tbody.find_all("tr")] == ["januar 2024"]


def test_page_of_the_split_number_names_both_parts(site_client, statistics_page, alesund_before_split):
    add_figures(alesund_before_split, date(2023, 12, 1), **counts(70))
    response = site_client.get(statistics_page.url + "kommune/1507/")
    assert "Kommunen er videreført som Ålesund (1508) og Haram (1580)." in page_text(response)
    assert {statistics_page.url + "kommune/1508/", statistics_page.url + "kommune/1580/"} <= links(response)


def test_page_of_a_former_county_shows_its_last_month(site_client, statistics_page, register):
    add_figures(register.municipality("3001"), JUNE_2023, agreements=40)
    add_figures(register.municipality("3101"), MARCH_2025, agreements=50)
    response = site_client.get(statistics_page.url + "fylke/30/")
    text = page_text(response)
    assert "Fylket Viken fantes til 31.12.2023." in text
    assert "Nøkkeltall, juni 2023" in text
    assert "Kommunene i Viken, juni 2023" in text


def test_page_of_a_former_county_links_only_to_the_counties_it_became(site_client, statistics_page, register):
    add_figures(register.municipality("3001"), JUNE_2023, agreements=40)
    response = site_client.get(statistics_page.url + "fylke/30/")
    county_links = {href for href in links(response) if "/fylke/" in href and href != statistics_page.url + "fylke/30/"}
    assert county_links == {statistics_page.url + f"fylke/{number}/" for number in ("31", "32", "33")}
