"""The statistics cost the same number of queries for 3 municipalities and 2 months as for 40 and 24."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from flo.factories import ImportBatchFactory, counts
from flo.models import MonthlyFigures
from flo.months import months_between
from flo.versioning import bump_data_version


@pytest.fixture(autouse=True)
def render_every_request(settings):
    """Count the queries of rendering a page, not of the page cache's hits (0 = 0)."""
    settings.PAGE_CACHE_ENABLED = False


LATEST = date(2025, 12, 1)
TWO_YEARS = months_between(date(2024, 1, 1), LATEST)
ROUTES = {
    "national page": "{page}",
    "county page": "{page}fylke/31/",
    "municipality page": "{page}kommune/3101/",
    "csv download": "{page}data/csv/?level=municipality",
    "json download": "{page}data/json/?level=county",
    "api figures": "/api/statistikk/v1/figures/?level=municipality&page_size=1000",
}
# Statistics queries a request still makes once everything cacheable is cached: none for the
# pages, the rows for a download, the count and the rows for a page of the API.
WARM_STATISTICS_QUERIES = {
    "national page": 0,
    "county page": 0,
    "municipality page": 0,
    "csv download": 1,
    "json download": 1,
    "api figures": 2,
}


def report(municipalities, months) -> int:
    """Figures for every municipality and month not yet reported, in one import; returns the rows in effect."""
    existing = set(MonthlyFigures.objects.values_list("municipality_id", "month"))
    batch = ImportBatchFactory(first_month=months[0], last_month=months[-1])
    MonthlyFigures.objects.bulk_create(
        MonthlyFigures(municipality=m, month=month, batch=batch, is_current=True, **counts(10 + index % 7))
        for index, (m, month) in enumerate((m, month) for m in municipalities for month in months)
        if (m.pk, month) not in existing
    )
    bump_data_version()
    return MonthlyFigures.objects.current().count()


@pytest.fixture
def few(register):
    """Oslo, Halden and Moss."""
    return [register.municipality(number) for number in ("0301", "3101", "3103")]


@pytest.fixture
def many(register, few):
    """Forty municipalities: Oslo, all of Østfold and Akershus, and six in Buskerud."""
    chosen = [m for m in register.municipalities_on(LATEST) if m.county.number in ("03", "31", "32", "33")][:40]
    assert len(chosen) == 40 and set(few) <= set(chosen)
    return chosen


STATISTICS_TABLES = re.compile(r'"flo_(monthlyfigures|importbatch|county|municipality)')


def statistics_queries(captured: CaptureQueriesContext) -> int:
    """Queries for figures, imports or the register (not for the statistics page itself)."""
    return sum(bool(STATISTICS_TABLES.search(query["sql"])) for query in captured.captured_queries)


def measure(client, url: str) -> dict[str, int]:
    """Queries for a request with an empty cache (cold), and for the same request again (warm)."""
    client.get(url)  # the first request ever creates the site's settings rows: not what we measure
    cache.clear()
    with CaptureQueriesContext(connection) as cold:
        response = client.get(url)
    assert response.status_code == 200, url
    with CaptureQueriesContext(connection) as warm:
        assert client.get(url).status_code == 200
    return {"cold": len(cold), "warm": len(warm), "warm statistics": statistics_queries(warm)}


@pytest.mark.parametrize("route", list(ROUTES))
def test_queries_do_not_grow_with_municipalities_and_months(site_client, statistics_page, few, many, route):
    url = ROUTES[route].format(page=statistics_page.url)
    assert report(few, TWO_YEARS[-2:]) == 3 * 2
    small = measure(site_client, url)
    assert report(many, TWO_YEARS) == 40 * 24
    large = measure(site_client, url)
    assert large == small
    assert large["warm statistics"] == WARM_STATISTICS_QUERIES[route]
    assert large["warm"] < large["cold"]


def test_large_data_is_all_there(site_client, statistics_page, few, many):
    """The measured responses do show the larger data, so the counts above compare like with like."""
    report(many, TWO_YEARS)
    csv_lines = site_client.get(f"{statistics_page.url}data/csv/?level=municipality").content.decode().splitlines()
    assert len(csv_lines) == 1 + 40 * 24
    api = site_client.get(ROUTES["api figures"]).json()
    assert (api["count"], len(api["data"])) == (960, 960)
    county_page = site_client.get(f"{statistics_page.url}fylke/31/").content.decode()
    assert county_page.count('href="/statistikk/kommune/31') == 12


def test_a_conditional_request_for_a_download_asks_the_database_nothing(site_client, statistics_page, many):
    report(many, TWO_YEARS)
    url = f"{statistics_page.url}data/csv/?level=municipality"
    etag = site_client.get(url)["ETag"]
    with CaptureQueriesContext(connection) as captured:
        assert site_client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert statistics_queries(captured) == 0
