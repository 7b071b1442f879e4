"""The public statistics pages: the country, a county, a municipality, the picker and the open data page."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from flo.factories import ImportBatchFactory, add_figures, counts
from flo.models import MonthlyFigures

from .conftest import MONTH

FEBRUARY = date(2025, 2, 1)
NBSP = "\u00a0"
EMPTY = "Det er ikke publisert tall for dette området ennå."
SOURCE = "Kilde: FLO, Helsedirektoratet."

# March 2025 (MONTH), worked out by hand:
#   Oslo    1 234 agreements, 123 lists without a GP, 1 234 000 on lists, 151 165 without a GP (12.25 %)
#   Bergen    300,             30,                     300 000,             30 000 (10 %)
#   Kinn       12,              1,                      12 000,              2 400 (20 %)
#   Halden     20,              4,                      20 000,              2 000 (10 %)
# Country: 1 566, 158, 1 566 000, 185 565 → 11.85 % rounds to 11,8 %; 1 000 per list; reserve 110,0.
# Vestland: 32 400 of 312 000 → 10,4 %. In February Oslo has 60 000 without a GP (12,0 %), the country 11,3 %.
MARCH_FIGURES = {
    "0301": counts(1234, residents_without_gp=151_165),
    "4601": counts(300),
    "4602": counts(12, residents_without_gp=2_400),
    "3101": counts(20, lists_without_gp=4),
}
FEBRUARY_FIGURES = {**MARCH_FIGURES, "0301": counts(500, residents_without_gp=60_000)}


@pytest.fixture
def reported(register):
    """Four municipalities in three counties, February and March 2025, one import per month."""
    for month, figures in ((FEBRUARY, FEBRUARY_FIGURES), (MONTH, MARCH_FIGURES)):
        batch = ImportBatchFactory(first_month=month)
        for number, values in figures.items():
            add_figures(register.municipality(number), month, batch=batch, **values)


@pytest.fixture
def get(site_client, statistics_page):
    """GET a route under the statistics page; returns the response with its parsed HTML as `.soup`."""

    def fetch(route: str = "", **extra):
        response = site_client.get(statistics_page.url + route, **extra)
        response.soup = BeautifulSoup(response.content, "html.parser")
        return response

    return fetch


def text_of(node) -> str:
    return " ".join(node.get_text(" ").split())


def card_values(soup) -> list[str]:
    return [p.get_text() for p in soup.select(".flo-card__value")]


def chart_table(soup, chart_id: str) -> dict[str, list[str]]:
    """A chart's table as {row heading: cells}."""
    table = soup.find(id=f"{chart_id}-caption").find_parent("table")
    return {row.th.get_text(): [td.get_text() for td in row.find_all("td")] for row in table.tbody.find_all("tr")}


def switch_language(page, language: str) -> None:
    page.language = language
    page.save_revision().publish()


# --- Routes ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("route", "h1"),
    [
        ("", "Fastlegestatistikk"),
        ("fylke/31/", "Fastlegestatistikk for Østfold"),
        ("fylke/30/", "Fastlegestatistikk for Viken"),
        ("kommune/0301/", "Fastlegestatistikk for Oslo"),
        ("kommune/3001/", "Fastlegestatistikk for Halden"),
        ("kommune/", "Fastlegestatistikk for hver kommune"),
        ("data/", "Åpne data: fastlegestatistikk"),
    ],
)
def test_each_route_answers_with_one_h1(get, reported, route, h1):
    response = get(route)
    assert response.status_code == 200
    assert [text_of(h) for h in response.soup.find_all("h1")] == [h1]
    assert response.soup.html["lang"] == "nb"


@pytest.mark.parametrize("route", ["fylke/99/", "fylke/3/", "kommune/9999/", "kommune/301/", "kommune/oslo/"])
def test_unknown_county_or_municipality_is_not_found(get, reported, route):
    assert get(route).status_code == 404


def test_picker_goes_on_to_the_chosen_municipality(get, statistics_page):
    response = get("kommune/?kommune=301")  # as Excel writes Oslo
    assert response.status_code == 302
    assert response["Location"] == statistics_page.url + "kommune/0301/"
    assert get("kommune/?kommune=4601")["Location"] == statistics_page.url + "kommune/4601/"


@pytest.mark.parametrize("choice", ["9999", "oslo", "12345"])
def test_picker_answers_an_unknown_municipality_with_the_picker_and_an_error(get, choice):
    response = get(f"kommune/?kommune={choice}")
    assert response.status_code == 400
    select = response.soup.find("select", attrs={"name": "kommune"})
    assert select["aria-invalid"] == "true"
    error = response.soup.find(id=select["aria-describedby"])
    assert text_of(error) == "Vi kjenner ikke den kommunen. Velg en fra listen."


def test_picker_without_a_choice_lists_every_municipality(get, statistics_page):
    response = get("kommune/")
    assert response.status_code == 200
    assert response.soup.find(id="flo-picker-error") is None
    hrefs = {a["href"] for a in response.soup.select("main .flo-directory a")}
    assert statistics_page.url + "kommune/3101/" in hrefs
    assert statistics_page.url + "fylke/31/" in hrefs
    assert statistics_page.url + "kommune/3001/" not in hrefs


# --- Language ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "country", "source", "heading"),
    [
        ("nb", "Hele landet", "Kilde: FLO, Helsedirektoratet.", "Nøkkeltall, mars 2025"),
        ("nn", "Heile landet", "Kjelde: FLO, Helsedirektoratet.", "Nøkkeltal, mars 2025"),
        ("en", "Norway", "Source: FLO, the Norwegian Directorate of Health.", "Key figures, March 2025"),
    ],
)
@pytest.mark.parametrize("route", ["", "fylke/31/", "kommune/0301/"])
def test_pages_follow_the_page_language(get, statistics_page, reported, language, country, source, heading, route):
    switch_language(statistics_page, language)
    response = get(route)
    assert response.soup.html["lang"] == language
    assert response["Content-Language"] == language
    text = text_of(response.soup.main)
    assert country in text
    assert source in text
    assert heading in text


def test_numbers_follow_the_page_language(get, statistics_page, reported):
    switch_language(statistics_page, "en")
    assert card_values(get().soup) == ["1,566", "158", "185,565", f"11.8{NBSP}%", "1,000", "110.0"]


# --- Key figures ---------------------------------------------------------------------------------------


def test_national_cards_show_the_countrys_figures_for_the_latest_month(get, reported):
    soup = get().soup
    assert card_values(soup) == [
        f"1{NBSP}566",
        "158",
        f"185{NBSP}565",
        f"11,8{NBSP}%",
        f"1{NBSP}000",
        "110,0",
    ]
    labels = [p.get_text() for p in soup.select(".flo-card__label")]
    assert labels[0] == "Fastlegeavtaler"
    assert labels[3] == "Andel innbyggere på liste uten fast lege"
    section = soup.find(id="key-figures-heading").parent
    assert text_of(soup.find(id="key-figures-heading")) == "Nøkkeltall, mars 2025"
    assert text_of(section.select_one(".flo-source")) == f"{SOURCE} Tall per mars 2025."


def test_county_cards_show_the_countys_sums(get, reported):
    assert card_values(get("fylke/46/").soup) == ["312", "31", f"32{NBSP}400", f"10,4{NBSP}%", f"1{NBSP}000", "110,0"]
    assert card_values(get("fylke/31/").soup) == ["20", "4", f"2{NBSP}000", f"10,0{NBSP}%", f"1{NBSP}000", "110,0"]


def test_municipality_cards_round_half_up(get, reported):
    # Oslo's share is exactly 12.25 %.
    soup = get("kommune/0301/").soup
    assert card_values(soup) == [f"1{NBSP}234", "123", f"151{NBSP}165", f"12,3{NBSP}%", f"1{NBSP}000", "110,0"]
    assert text_of(soup.find(id="key-figures-heading")) == "Nøkkeltall, mars 2025"


def test_cards_compare_with_the_same_month_a_year_earlier(get, reported, oslo):
    add_figures(oslo, date(2024, 3, 1), **counts(1200, residents_without_gp=120_000))  # 10,0 %
    changes = [text_of(p) for p in get("kommune/0301/").soup.select(".flo-card__change")]
    assert changes[0] == "+34 fra året før"
    assert changes[3] == "+2,3 prosentpoeng fra året før"


def test_every_figure_on_a_page_gives_its_month_and_source(get, reported):
    for route in ("", "fylke/31/", "kommune/0301/"):
        soup = get(route).soup
        figures = soup.select("figure.flo-chart")
        assert figures, route
        for figure in figures:
            assert SOURCE in text_of(figure.figcaption)
            assert "Tall per mars 2025." in text_of(figure.figcaption)


# --- Demo data and no data ------------------------------------------------------------------------


def test_demo_notice_when_the_figures_are_demo_data(get, register):
    demo = ImportBatchFactory(first_month=MONTH, is_demo=True)
    add_figures(register.municipality("0301"), MONTH, batch=demo, **counts(100))
    for route in ("", "fylke/03/", "kommune/0301/", "data/"):
        soup = get(route).soup
        notice = soup.select_one(".flo-demo-notice")
        assert notice is not None, route
        assert "syntetiske demodata" in text_of(notice)
    assert "Demodata." in text_of(get().soup.select_one(".flo-source"))


def test_no_demo_notice_for_real_figures(get, reported):
    for route in ("", "fylke/31/", "kommune/0301/", "data/"):
        soup = get(route).soup
        assert soup.select_one(".flo-demo-notice") is None, route
        assert "Demodata" not in text_of(soup.main)


def test_no_demo_notice_once_a_demo_import_is_rolled_back(get, register):
    from flo.models import ImportBatch

    demo = ImportBatchFactory(first_month=MONTH, is_demo=True, status=ImportBatch.Status.ROLLED_BACK)
    real = ImportBatchFactory(first_month=MONTH)
    add_figures(register.municipality("0301"), MONTH, batch=real, **counts(100))
    MonthlyFigures.objects.create(
        municipality=register.municipality("0301"), month=MONTH, batch=demo, is_current=False, **counts(50)
    )
    assert get().soup.select_one(".flo-demo-notice") is None


def test_no_demo_notice_once_real_figures_replace_the_demo_figures(get, register):
    oslo = register.municipality("0301")
    demo = ImportBatchFactory(first_month=MONTH, is_demo=True)
    MonthlyFigures.objects.create(municipality=oslo, month=MONTH, batch=demo, is_current=False, **counts(50))
    add_figures(oslo, MONTH, batch=ImportBatchFactory(first_month=MONTH), **counts(100))
    assert get().soup.select_one(".flo-demo-notice") is None


@pytest.mark.parametrize("route", ["", "fylke/31/", "kommune/0301/"])
def test_empty_state_when_there_are_no_figures(get, route):
    response = get(route)
    assert response.status_code == 200
    soup = response.soup
    assert EMPTY in text_of(soup.main)
    assert not soup.select(".flo-card")
    assert not soup.select("svg")
    assert not soup.select("table")


def test_no_empty_state_when_there_are_figures(get, reported):
    for route in ("", "fylke/31/", "kommune/0301/"):
        assert EMPTY not in text_of(get(route).soup.main), route


# --- Tables of areas -----------------------------------------------------------------------------------


def test_county_table_lists_every_county_valid_in_the_latest_month(get, statistics_page, reported, register):
    soup = get().soup
    caption = soup.find(id="areas-caption")
    assert text_of(caption) == "Fylkene, mars 2025"
    rows = caption.find_parent("table").tbody.find_all("tr")
    counties = register.counties_on(MONTH)
    assert len(counties) == 15
    # Only 4 of 357 municipalities reported: the total says so instead of calling itself the country's.
    assert [text_of(row.th) for row in rows] == [c.name for c in counties] + ["Sum for 4 av 357 kommuner"]
    for row, county in zip(rows, counties, strict=False):
        assert row.th.a["href"] == statistics_page.url + f"fylke/{county.number}/"
    assert rows[-1].th.a is None  # the total is where we are
    by_name = {text_of(row.th): [td.get_text() for td in row.find_all("td")] for row in rows}
    assert by_name["Vestland"] == ["312", "31", f"32{NBSP}400", f"10,4{NBSP}%", f"1{NBSP}000", "110,0"]
    assert by_name["Rogaland"] == ["–"] * 6
    assert by_name["Sum for 4 av 357 kommuner"][0] == f"1{NBSP}566"
    assert "Viken" not in by_name


def test_county_table_lists_the_countys_municipalities(get, statistics_page, reported, register, ostfold):
    soup = get("fylke/31/").soup
    caption = soup.find(id="areas-caption")
    assert text_of(caption) == "Kommunene i Østfold, mars 2025"
    rows = caption.find_parent("table").tbody.find_all("tr")
    assert len(rows) == 12 + 1
    halden = next(row for row in rows if text_of(row.th) == "Halden")
    assert halden.th.a["href"] == statistics_page.url + "kommune/3101/"
    assert [td.get_text() for td in halden.find_all("td")][:2] == ["20", "4"]


# --- The picker ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("route", ["", "fylke/31/", "kommune/0301/", "kommune/"])
def test_picker_is_a_plain_get_form_grouped_by_county(get, statistics_page, register, route):
    form = get(route).soup.select_one("form.flo-picker")
    assert form["action"] == statistics_page.url + "kommune/"
    assert form["method"].lower() == "get"
    assert form.find("button", attrs={"type": "submit"}) is not None
    select = form.find("select", attrs={"name": "kommune"})
    assert form.find("label", attrs={"for": select["id"]}) is not None
    groups = select.find_all("optgroup")
    assert [group["label"] for group in groups] == [c.name for c in register.current_counties()]
    ostfold = next(group for group in groups if group["label"] == "Østfold")
    assert {option["value"] for option in ostfold.find_all("option")} >= {"3101", "3103"}
    values = [option["value"] for option in select.find_all("option")]
    assert "3001" not in values and "1507" not in values
    assert len(values) == len(set(values)) == len(register.current_municipalities())


def test_picker_marks_the_municipality_being_shown(get):
    selected = get("kommune/4601/").soup.select("select[name=kommune] option[selected]")
    assert [option["value"] for option in selected] == ["4601"]


# The Norwegian alphabet ends … X Y Z Æ Ø Å; in Unicode Å comes before Æ and Ø.
NORWEGIAN_ORDER = str.maketrans({"Æ": "[", "Ø": "\\", "Å": "]", "æ": "{", "ø": "|", "å": "}"})


def in_norwegian_order(names: list[str]) -> bool:
    return names == sorted(names, key=lambda name: name.translate(NORWEGIAN_ORDER))


def test_municipalities_are_listed_in_norwegian_alphabetical_order(get, reported):
    groups = get("kommune/").soup.select("select[name=kommune] optgroup")
    for group in groups:
        names = [option.get_text() for option in group.find_all("option")]
        assert in_norwegian_order(names), group["label"]
    table = get("fylke/15/").soup.find(id="areas-caption")
    if table is not None:  # the county has figures: its table
        names = [row.th.get_text() for row in table.find_parent("table").tbody.find_all("tr")][:-1]
    else:  # no figures: the list of its municipalities
        names = [link.get_text() for link in get("fylke/15/").soup.select("#directory-heading + ul a")]
    assert len(names) == 27
    assert in_norwegian_order(names)


def test_norwegian_order_puts_ae_oe_aa_last():
    assert in_norwegian_order(["Volda", "Ærøy", "Ørsta", "Ålesund"])
    assert not in_norwegian_order(["Volda", "Ålesund", "Ørsta"])


# --- Charts --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("route", ["", "fylke/31/", "kommune/0301/"])
def test_every_chart_is_labelled_described_and_given_as_a_table(get, reported, route):
    soup = get(route).soup
    svgs = soup.select('svg[role="img"]')
    assert len(svgs) >= 3
    for svg in svgs:
        ids = svg["aria-labelledby"].split()
        labelled = [svg.find(id=element_id) for element_id in ids]
        assert [element.name for element in labelled] == ["title", "desc"]
        assert text_of(labelled[0])
        assert len(text_of(labelled[1])) > 20
        assert soup.select(f"#{ids[0]}") == [labelled[0]]  # ids are unique on the page
    for figure in soup.select("figure.flo-chart"):
        heading = soup.find(id=figure["aria-labelledby"])
        caption = figure.select_one("table caption")
        assert text_of(caption) == text_of(heading)
        table = caption.find_parent("table")
        columns = len(table.thead.find_all("th")) - 1
        rows = table.tbody.find_all("tr")
        assert rows and all(len(row.find_all("td")) == columns for row in rows)


def test_chart_tables_hold_the_charted_values(get, reported):
    soup = get("kommune/4601/").soup
    share = chart_table(soup, "chart-share")
    assert share["mars 2025"] == [f"10,0{NBSP}%", f"10,4{NBSP}%", f"11,8{NBSP}%"]  # Bergen, Vestland, the country
    assert share["februar 2025"] == [f"10,0{NBSP}%", f"10,4{NBSP}%", f"11,3{NBSP}%"]
    assert share["januar 2025"] == ["–", "–", "–"]
    assert len(share) == 24
    assert chart_table(soup, "chart-lists")["mars 2025"] == ["30"]
    compare = chart_table(soup, "chart-compare-share_without_gp")
    assert compare == {"Bergen": [f"10,0{NBSP}%"], "Vestland": [f"10,4{NBSP}%"], "Hele landet": [f"11,8{NBSP}%"]}
    desc = soup.find(id="chart-share-svg-desc").get_text()
    assert desc.startswith(f"Bergen: 10,0{NBSP}% i februar 2025, 10,0{NBSP}% i mars 2025; ")  # from February
    assert f"Hele landet: 11,3{NBSP}% i februar 2025, 11,8{NBSP}% i mars 2025; høyest 11,8{NBSP}%" in desc


def test_national_chart_compares_the_counties(get, reported):
    soup = get().soup
    counties = chart_table(soup, "chart-counties")
    assert counties["Vestland"] == [f"10,4{NBSP}%"]
    assert counties["Oslo"] == [f"12,3{NBSP}%"]
    assert counties["Rogaland"] == ["–"]
    assert list(counties)[-1] == "Sum for 4 av 357 kommuner"
    assert chart_table(soup, "chart-share")["mars 2025"] == [f"11,8{NBSP}%"]


def test_comparison_chart_description_names_the_month_once(get, reported):
    desc = get().soup.find(id="chart-counties-svg-desc")
    assert desc.get_text().count("mars 2025") == 1


def test_a_county_without_figures_shows_no_charts_or_empty_table(get, register):
    # Only Oslo has figures: Østfold's page says so, draws nothing, and lists its municipalities.
    add_figures(register.municipality("0301"), MONTH, **counts(100))
    soup = get("fylke/31/").soup
    assert EMPTY in text_of(soup.main)
    assert not soup.select('svg[role="img"]')
    assert soup.find(id="areas-caption") is None
    assert "Halden" in [link.get_text() for link in soup.select("#directory-heading + ul a")]


# --- Nothing from elsewhere -----------------------------------------------------------------------------

LOCAL_HOSTS = {"localhost", "testserver"}
SVG_NAMESPACE = "http://www.w3.org/2000/svg"
LICENCE_URL = "https://data.norge.no/nlod/no/2.0"


@pytest.mark.parametrize("route", ["", "fylke/31/", "kommune/0301/", "kommune/", "data/"])
def test_statistics_pages_run_no_script_and_load_nothing_from_elsewhere(get, reported, route):
    response = get(route)
    soup = response.soup
    assert not soup.main.find_all("script")
    assert not soup.main.find_all(attrs={"onclick": True})
    # The only scripts are the site's own deferred progressive enhancements (the search box's
    # suggestions among them), from our own static files.
    assert [script.get("src") for script in soup.find_all("script")] == [
        "/static/js/site.js",
        "/static/search/autocomplete.js",
    ]
    for element in soup.find_all(True):
        for name, value in element.attrs.items():
            for url in re.findall(r"https?://[^\s\"'<>]+", value if isinstance(value, str) else " ".join(value)):
                host = urlsplit(url).hostname
                allowed = host in LOCAL_HOSTS or (name == "xmlns" and url == SVG_NAMESPACE)
                allowed = allowed or (route == "data/" and element.name == "a" and url == LICENCE_URL)
                assert allowed, f"{element.name} {name}={url}"


@pytest.mark.parametrize("route", ["", "fylke/31/", "kommune/0301/", "kommune/", "data/"])
def test_each_route_is_its_own_canonical_page(get, statistics_page, reported, route):
    (canonical,) = get(route).soup.find_all("link", rel="canonical")
    assert canonical["href"] == f"http://localhost{statistics_page.url}{route}"


# --- The open data page ---------------------------------------------------------------------------------


def test_open_data_page_offers_the_downloads_under_the_licence(get, statistics_page, reported):
    soup = get("data/").soup
    form = soup.select_one("form.flo-download")
    # The form's own action is the download people want: the CSV Norwegian Excel opens.
    assert form["action"] == statistics_page.url + "data/excel-csv/"
    assert form["method"].lower() == "get"
    for file_format in ("xlsx", "csv", "json"):
        assert form.find("button", attrs={"formaction": statistics_page.url + f"data/{file_format}/"}) is not None
    assert form.find("input", attrs={"name": "from"})["value"] == "2025-02"
    assert form.find("input", attrs={"name": "to"})["value"] == "2025-03"
    assert soup.main.find("a", href=LICENCE_URL) is not None
    columns = [code.get_text() for code in soup.select("#columns-caption ~ tbody code")]
    assert columns[:2] == ["month", "level"]
    assert "share_without_gp" in columns
    assert soup.main.find("a", href="/api/statistikk/v1/") is not None


def test_download_link_on_a_page_selects_that_area(get, statistics_page, reported):
    soup = get("kommune/0301/").soup
    hrefs = {a["href"] for a in soup.select("main a[href]")}
    assert statistics_page.url + "data/?level=municipality&municipality=0301" in hrefs
