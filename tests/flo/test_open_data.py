"""Open data: CSV and JSON downloads under the statistics page, and the read-only JSON API."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

from flo.factories import ImportBatchFactory, add_figures, counts, csv_content, file_rows
from flo.imports import import_file
from flo.versioning import bump_data_version

JANUARY, FEBRUARY, MARCH = date(2025, 1, 1), date(2025, 2, 1), date(2025, 3, 1)
API = "/api/statistikk/v1/"
LICENCE_URL = "https://data.norge.no/nlod/no/2.0"
HEADER = [
    "month",
    "level",
    "area_number",
    "area_name",
    "county_number",
    "municipalities",
    "gp_agreements",
    "lists_without_gp",
    "residents_on_lists",
    "residents_without_gp",
    "list_ceiling_sum",
    "available_places",
    "open_lists",
    "female_gps",
    "average_list_length",
    "share_without_gp",
    "reserve_capacity",
]

# Oslo grows by ten agreements a month; the others stay put. By hand, for the country:
#   January  200 agreements, 20 lists without a GP, 200 000 on lists, 17 600 without a GP → 8,8 %
#   February 210,            21,                    210 000,           18 600             → 8,857 → 8,9 %
#   March    220,            22,                    220 000,           19 600             → 8,909 → 8,9 %
# Østfold (Halden and Moss) every month: 50 agreements, 50 000 on lists, 2 600 without a GP → 5,2 %.
FIGURES = {
    "0301": {JANUARY: counts(100), FEBRUARY: counts(110), MARCH: counts(120)},
    "4601": dict.fromkeys((JANUARY, FEBRUARY, MARCH), counts(50)),
    "3101": dict.fromkeys((JANUARY, FEBRUARY, MARCH), counts(20)),
    "3103": dict.fromkeys((JANUARY, FEBRUARY, MARCH), counts(30, residents_without_gp=600)),
}


@pytest.fixture
def reported(register):
    """Four municipalities in three counties, January to March 2025, one import per month."""
    batches = {month: ImportBatchFactory(first_month=month) for month in (JANUARY, FEBRUARY, MARCH)}
    for number, months in FIGURES.items():
        for month, values in months.items():
            add_figures(register.municipality(number), month, batch=batches[month], **values)


@pytest.fixture
def download(site_client, statistics_page):
    """GET the page's download route: download("csv", "level=county")."""

    def fetch(file_format: str, query: str = "", **headers):
        url = f"{statistics_page.url}data/{file_format}/" + (f"?{query}" if query else "")
        return site_client.get(url, **headers)

    return fetch


def csv_rows(response) -> list[dict[str, str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))


# --- CSV -----------------------------------------------------------------------------------------


def test_csv_for_the_country_has_a_header_and_a_row_per_month(download, reported):
    response = download("csv", "level=national")
    assert response.status_code == 200
    assert response.content.decode().splitlines()[0] == ",".join(HEADER)
    rows = csv_rows(response)
    assert [row["month"] for row in rows] == ["2025-01", "2025-02", "2025-03"]
    january = rows[0]
    assert (january["level"], january["area_number"], january["area_name"], january["county_number"]) == (
        "national",
        "",
        "Norge",
        "",
    )
    assert january["municipalities"] == "4"
    assert (january["gp_agreements"], january["lists_without_gp"]) == ("200", "20")
    assert (january["residents_on_lists"], january["residents_without_gp"]) == ("200000", "17600")
    assert [row["share_without_gp"] for row in rows] == ["8.8", "8.9", "8.9"]
    assert float(january["average_list_length"]) == 1000
    assert float(january["reserve_capacity"]) == 110


def test_csv_without_a_level_is_for_the_country(download, reported):
    assert [row["level"] for row in csv_rows(download("csv"))] == ["national"] * 3


def test_csv_for_counties_has_a_row_per_county_and_month(download, reported):
    rows = csv_rows(download("csv", "level=county"))
    assert [(row["month"], row["area_number"]) for row in rows] == [
        (month, county) for month in ("2025-01", "2025-02", "2025-03") for county in ("03", "31", "46")
    ]
    ostfold = rows[1]
    assert (ostfold["level"], ostfold["area_name"], ostfold["county_number"]) == ("county", "Østfold", "31")
    assert (ostfold["municipalities"], ostfold["gp_agreements"], ostfold["residents_without_gp"]) == ("2", "50", "2600")
    assert ostfold["share_without_gp"] == "5.2"


def test_csv_for_one_county(download, reported):
    rows = csv_rows(download("csv", "level=county&county=31"))
    assert [(row["month"], row["area_number"], row["gp_agreements"]) for row in rows] == [
        ("2025-01", "31", "50"),
        ("2025-02", "31", "50"),
        ("2025-03", "31", "50"),
    ]


def test_csv_for_municipalities_in_a_county(download, reported):
    rows = csv_rows(download("csv", "level=municipality&county=31&from=2025-03"))
    assert [(row["area_number"], row["area_name"], row["county_number"]) for row in rows] == [
        ("3101", "Halden", "31"),
        ("3103", "Moss", "31"),
    ]
    assert rows[1]["residents_without_gp"] == "600"
    assert rows[1]["share_without_gp"] == "2.0"


def test_csv_for_one_municipality(download, reported):
    rows = csv_rows(download("csv", "municipality=0301"))
    assert [(row["month"], row["level"], row["area_number"], row["gp_agreements"]) for row in rows] == [
        ("2025-01", "municipality", "0301", "100"),
        ("2025-02", "municipality", "0301", "110"),
        ("2025-03", "municipality", "0301", "120"),
    ]
    assert {row["municipalities"] for row in rows} == {"1"}


def test_csv_for_a_range_of_months(download, reported):
    rows = csv_rows(download("csv", "level=municipality&municipality=0301&from=2025-02&to=2025-03"))
    assert [(row["month"], row["gp_agreements"]) for row in rows] == [("2025-02", "110"), ("2025-03", "120")]
    assert [row["month"] for row in csv_rows(download("csv", "from=2025-02&to=2025-02"))] == ["2025-02"]
    assert [row["month"] for row in csv_rows(download("csv", "to=2025-01"))] == ["2025-01"]
    assert csv_rows(download("csv", "from=2025-04")) == []


def test_csv_is_offered_as_a_named_attachment(download, reported):
    response = download("csv", "municipality=0301&from=2025-02&to=2025-03")
    assert response["Content-Disposition"] == (
        'attachment; filename="fastlegestatistikk-municipality-0301-2025-02-2025-03.csv"'
    )
    assert download("csv")["Content-Disposition"] == 'attachment; filename="fastlegestatistikk-national.csv"'


def test_csv_ignores_figures_that_are_no_longer_current(download, reported, oslo):
    from flo.models import MonthlyFigures

    MonthlyFigures.objects.create(
        municipality=oslo, month=MARCH, batch=ImportBatchFactory(first_month=MARCH), is_current=False, **counts(999)
    )
    rows = csv_rows(download("csv", "municipality=0301&from=2025-03"))
    assert [row["gp_agreements"] for row in rows] == ["120"]


# --- JSON ----------------------------------------------------------------------------------------


def test_json_download_carries_licence_source_columns_and_data(download, reported):
    response = download("json", "level=county&county=31&from=2025-03")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="fastlegestatistikk-county-31-2025-03.json"'
    body = json.loads(response.content)
    assert body["licence"]["url"] == LICENCE_URL
    assert "NLOD" in body["licence"]["name"]
    assert body["source"] == "FLO – Fastlegeordningen, Helsedirektoratet"
    assert body["is_demo_data"] is False
    assert body["latest_month"] == "2025-03"
    assert body["selection"] == {"level": "county", "county": "31", "municipality": None, "from": "2025-03", "to": None}
    assert [column["name"] for column in body["columns"]] == HEADER
    assert all(column["description"] for column in body["columns"])
    share = next(column for column in body["columns"] if column["name"] == "share_without_gp")
    assert (share["unit"], share["derived"]) == ("%", True)
    (row,) = body["data"]
    assert row["month"] == "2025-03"
    assert (row["area_number"], row["area_name"], row["gp_agreements"], row["residents_without_gp"]) == (
        "31",
        "Østfold",
        50,
        2600,
    )
    assert row["share_without_gp"] == 5.2
    assert row["average_list_length"] == 1000


def test_json_says_when_the_figures_are_demo_data(download, oslo):
    add_figures(oslo, MARCH, batch=ImportBatchFactory(first_month=MARCH, is_demo=True), **counts(10))
    assert json.loads(download("json").content)["is_demo_data"] is True


def test_json_and_csv_hold_the_same_figures(download, reported):
    query = "level=municipality&from=2025-02"
    from_json = json.loads(download("json", query).content)["data"]
    from_csv = csv_rows(download("csv", query))
    assert len(from_json) == len(from_csv) == 8
    for record, row in zip(from_json, from_csv, strict=True):
        assert {name: "" if value is None else str(value) for name, value in record.items()} == row


# --- Refusals ------------------------------------------------------------------------------------

BAD_SELECTIONS = [
    ("level=planet", "Ukjent nivå. Bruk national, county eller municipality."),
    ("from=2025-13", "Startmåneden må skrives ÅÅÅÅ-MM."),
    ("from=mars", "Startmåneden må skrives ÅÅÅÅ-MM."),
    ("to=2025-3-1", "Sluttmåneden må skrives ÅÅÅÅ-MM."),
    ("from=2025-03&to=2025-01", "Startmåneden er etter sluttmåneden."),
    ("level=county&municipality=0301", "En kommune kan bare velges på kommunenivå."),
    ("level=national&county=31", "Et fylke kan ikke velges for hele landet."),
    ("municipality=9999", "Ukjent kommunenummer: 9999."),
    ("level=county&county=99", "Ukjent fylkesnummer: 99."),
]


@pytest.mark.parametrize(("query", "message"), BAD_SELECTIONS)
@pytest.mark.parametrize("file_format", ["csv", "json"])
def test_download_refuses_a_bad_selection_in_norwegian(download, reported, file_format, query, message):
    response = download(file_format, query)
    assert response.status_code == 400
    assert response.content.decode() == message
    assert "Content-Disposition" not in response


@pytest.mark.parametrize(("query", "message"), BAD_SELECTIONS)
def test_api_refuses_a_bad_selection_in_norwegian(client, reported, query, message):
    response = client.get(f"{API}figures/?{query}")
    assert response.status_code == 400
    assert response.json() == {"error": message}


def test_unknown_download_format_is_not_found(download, reported):
    response = download("xml")
    assert response.status_code == 404
    assert "Ukjent format" in response.content.decode()


# --- The API -------------------------------------------------------------------------------------


def test_api_index_describes_the_endpoints(client, reported):
    body = client.get(API).json()
    assert body["endpoints"] == {
        "figures": f"http://localhost{API}figures/",
        "municipalities": f"http://localhost{API}municipalities/",
        "counties": f"http://localhost{API}counties/",
    }
    assert body["licence"]["url"] == LICENCE_URL
    assert [column["name"] for column in body["columns"]] == HEADER


def test_api_figures_give_the_same_records_as_the_download(client, download, reported):
    body = client.get(f"{API}figures/?level=county&county=31").json()
    assert body["data"] == json.loads(download("json", "level=county&county=31").content)["data"]
    assert body["selection"]["county"] == "31"
    assert body["source"] and body["licence"]["url"] == LICENCE_URL


def test_api_pages_through_the_figures(client, reported):
    first = client.get(f"{API}figures/?level=municipality&page_size=5").json()
    assert (first["count"], first["pages"], first["page"], first["page_size"]) == (12, 3, 1, 5)
    assert len(first["data"]) == 5
    assert first["previous"] is None
    assert first["next"] == f"http://localhost{API}figures/?level=municipality&page_size=5&page=2"
    second = client.get(first["next"]).json()
    assert second["page"] == 2
    assert second["previous"] == f"http://localhost{API}figures/?level=municipality&page_size=5&page=1"
    last = client.get(second["next"]).json()
    assert (last["page"], len(last["data"]), last["next"]) == (3, 2, None)
    everything = first["data"] + second["data"] + last["data"]
    assert [(r["month"], r["area_number"]) for r in everything] == [
        (month, number) for month in ("2025-01", "2025-02", "2025-03") for number in ("0301", "3101", "3103", "4601")
    ]


def test_api_page_size_is_capped(client, reported):
    assert client.get(f"{API}figures/?page_size=5000").json()["page_size"] == 1000
    assert client.get(f"{API}figures/?page_size=0").json()["page_size"] == 1
    assert client.get(f"{API}figures/").json()["page_size"] == 100


def test_api_page_beyond_the_end_is_not_found(client, reported):
    response = client.get(f"{API}figures/?level=municipality&page_size=5&page=4")
    assert response.status_code == 404
    assert response.json() == {"error": "Siden finnes ikke. Det er 3 sider."}


@pytest.mark.parametrize("query", ["page=two", "page=1.5", "page_size=many", "page=%C2%B2", "page_size=" + "9" * 5000])
def test_api_page_must_be_a_whole_number(client, reported, query):
    response = client.get(f"{API}figures/?{query}")
    assert response.status_code == 400
    assert response.json() == {"error": "page og page_size må være hele tall."}


def test_api_lists_municipalities_with_their_periods_and_successors(client, register):
    body = client.get(f"{API}municipalities/?page_size=1000").json()
    assert body["count"] == len(register.municipalities)
    by_number = {m["number"]: m for m in body["data"]}
    assert by_number["3001"] == {
        "number": "3001",
        "name": "Halden",
        "other_names": [],
        "county_number": "30",
        "valid_from": "2020-01-01",
        "valid_to": "2023-12-31",
        "successors": ["3101"],
    }
    assert by_number["1507"]["successors"] == ["1508", "1580"]
    assert by_number["3101"]["valid_to"] is None
    current = client.get(f"{API}municipalities/?county=31&current=1").json()
    assert sorted(m["number"] for m in current["data"])[:2] == ["3101", "3103"]
    assert current["count"] == 12


def test_api_lists_counties_with_their_periods(client, register):
    body = client.get(f"{API}counties/").json()
    assert body["count"] == len(register.counties) == 18
    viken = next(county for county in body["data"] if county["number"] == "30")
    assert viken == {"number": "30", "name": "Viken", "valid_from": "2020-01-01", "valid_to": "2023-12-31"}


# --- HTTP: caching, CORS, licence, methods ---------------------------------------------------------


@pytest.fixture
def endpoints(statistics_page):
    return [
        f"{statistics_page.url}data/csv/?level=county",
        f"{statistics_page.url}data/json/?municipality=0301",
        API,
        f"{API}figures/?level=municipality",
        f"{API}municipalities/",
        f"{API}counties/",
    ]


def test_responses_can_be_cached_and_shared(site_client, endpoints, reported):
    for url in endpoints:
        response = site_client.get(url)
        assert response.status_code == 200, url
        assert response["ETag"].startswith('"') and response["ETag"].endswith('"')
        assert response["Last-Modified"].endswith(" GMT")
        assert response["Cache-Control"] == "public, max-age=900"
        assert response["Access-Control-Allow-Origin"] == "*"
        assert response["Link"] == f'<{LICENCE_URL}>; rel="license"'


def test_a_client_with_the_current_version_gets_304(site_client, endpoints, reported):
    for url in endpoints:
        etag = site_client.get(url)["ETag"]
        again = site_client.get(url, HTTP_IF_NONE_MATCH=etag)
        assert again.status_code == 304, url
        assert again.content == b""
        assert again["ETag"] == etag
        assert again["Access-Control-Allow-Origin"] == "*"


def test_a_client_with_the_last_modified_time_gets_304(site_client, statistics_page, reported):
    url = f"{statistics_page.url}data/csv/"
    last_modified = site_client.get(url)["Last-Modified"]
    assert site_client.get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304


def test_each_selection_has_its_own_etag(site_client, statistics_page, reported):
    base = f"{statistics_page.url}data/csv/"
    tags = {site_client.get(base + query)["ETag"] for query in ("", "?level=county", "?level=municipality")}
    assert len(tags) == 3
    assert site_client.get(base)["ETag"] == site_client.get(base)["ETag"]


def test_an_import_changes_the_etag(site_client, endpoints, reported, oslo, django_capture_on_commit_callbacks):
    before = {url: site_client.get(url)["ETag"] for url in endpoints}
    april = date(2025, 4, 1)
    with django_capture_on_commit_callbacks(execute=True):
        import_file(csv_content(file_rows([oslo], april, agreements=130)), "flo-april.csv", allow_partial=True)
    for url in endpoints:
        response = site_client.get(url, HTTP_IF_NONE_MATCH=before[url])
        assert response.status_code == 200, url
        assert response["ETag"] != before[url]
    rows = csv_rows(site_client.get(f"{endpoints[0]}&from=2025-04"))
    assert [(row["area_number"], row["gp_agreements"]) for row in rows] == [("03", "130")]


def test_a_new_data_version_changes_the_etag(site_client, endpoints, reported):
    url = endpoints[3]
    etag = site_client.get(url)["ETag"]
    bump_data_version()
    assert site_client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200
    assert site_client.get(url)["ETag"] != etag


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_downloads_only_answer_get_and_head(site_client, statistics_page, reported, method):
    url = f"{statistics_page.url}data/csv/"
    response = getattr(site_client, method)(url)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert site_client.head(url).status_code == 200


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_api_only_answers_get_and_head(client, reported, method):
    response = getattr(client, method)(f"{API}figures/")
    assert response.status_code == 405
    assert response.json() == {"error": "Bare GET og HEAD."}
    assert client.head(f"{API}figures/").status_code == 200


def test_api_405_names_the_allowed_methods(client, reported):
    assert client.post(f"{API}figures/")["Allow"] == "GET, HEAD"
