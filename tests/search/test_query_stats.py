"""Query statistics: daily counts per normalised query, nothing about the visitor, no
personal data, exact under concurrency, purged after the retention period."""

from __future__ import annotations

import threading
from datetime import date, datetime, timedelta

import lxml.html
import pytest
from django.db import connections
from django.utils import timezone

from search import query_stats
from search.factories import IndexDocumentFactory
from search.models import QueryDay
from search.query_stats import (
    PERSONAL_DATA_PLACEHOLDER,
    looks_like_a_bot,
    looks_like_personal_data,
    normalise_query,
    purge_old_query_stats,
    queries_without_results,
    record_search,
    top_queries,
)
from tests.search import fixtures_pages

search_page = fixtures_pages.search_page
search_index = fixtures_pages.search_index

SEARCH_URL = "/sok/"
BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36"
DAY = date(2026, 3, 2)


def rows() -> list[tuple[str, int, int]]:
    return list(QueryDay.objects.order_by("query").values_list("query", "searches", "without_results"))


# --- Normalising and recording ----------------------------------------------------------------


def test_queries_are_normalised():
    assert normalise_query("  Fastlege   LISTETAK\t ") == "fastlege listetak"
    assert normalise_query("Ø" * 150) == "ø" * 100
    assert normalise_query("   ") == ""


def test_each_search_counts_once_per_day_and_query(db):
    record_search("Listetak", 3, day=DAY)
    record_search("  listetak ", 0, day=DAY)
    record_search("LISTETAK", 5, day=DAY)
    record_search("listetak", 1, day=DAY + timedelta(days=1))
    record_search("alis", 0, day=DAY)

    assert list(
        QueryDay.objects.order_by("day", "query").values_list("day", "query", "searches", "without_results")
    ) == [
        (DAY, "alis", 1, 1),
        (DAY, "listetak", 3, 1),
        (DAY + timedelta(days=1), "listetak", 1, 0),
    ]


def test_an_empty_query_is_not_recorded(db):
    assert record_search("   ", 0, day=DAY) is None
    assert rows() == []


@pytest.mark.parametrize(
    "text",
    [
        "01019012345",
        "010190 12345",
        "fødselsnummer 010190-12345",
        "ola.nordmann@example.no",
        "kontakt meg på kari@nav",
        "22334455",
        "22 33 44 55",
        "+47 912 34 567",
        "0047 91234567",
        "912 34 567 fastlege",
        "kontonummer 1234.56.78903",
        "123456789012345678",
    ],
)
def test_queries_that_look_like_personal_data_are_not_stored(db, text):
    assert looks_like_personal_data(text)
    record_search(text, 0, day=DAY)
    assert rows() == [(PERSONAL_DATA_PLACEHOLDER, 1, 1)]
    stored = " ".join(QueryDay.objects.values_list("query", flat=True))
    assert not any(character.isdigit() for character in stored)
    assert "@" not in stored


@pytest.mark.parametrize(
    "text", ["listetak 2019", "statistikk 2019-2023", "alis 2", "kapittel 1.2", "fastlegeordningen evaluering 2023"]
)
def test_ordinary_queries_with_numbers_are_kept(db, text):
    assert not looks_like_personal_data(text)
    record_search(text, 1, day=DAY)
    assert rows() == [(normalise_query(text), 1, 0)]


def test_a_personal_number_cut_off_by_the_length_limit_is_still_caught(db):
    text = "x" * 95 + " 01019012345"
    record_search(text, 0, day=DAY)
    assert rows() == [(PERSONAL_DATA_PLACEHOLDER, 1, 1)]


def test_nothing_about_the_visitor_is_kept():
    fields = {field.name for field in QueryDay._meta.get_fields()}
    assert fields == {"id", "day", "query", "searches", "without_results"}


@pytest.mark.parametrize(
    ("agent", "bot"),
    [
        ("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", True),
        ("Mozilla/5.0 (compatible; bingbot/2.0)", True),
        ("curl/8.5.0", True),
        ("python-requests/2.32", True),
        ("Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/126.0", True),
        (BROWSER, False),
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) Mobile/15E148 Safari/604.1", False),
        ("", False),
        (None, False),
    ],
)
def test_robots_are_recognised(agent, bot):
    assert looks_like_a_bot(agent) is bot


# --- What the search page records ---------------------------------------------------------------


@pytest.fixture
def indexed(search_index):
    search_index.index([IndexDocumentFactory(page_id=1, title="Listetak for fastleger", body="Om listetaket.")])
    search_index.index(
        [IndexDocumentFactory(page_id=2 + n, title=f"Veileder {n}", body="Om fastlegeordningen.") for n in range(15)]
    )
    return search_index


def test_the_search_page_records_the_first_page_of_a_search(site_client, search_page, indexed):
    site_client.get(SEARCH_URL, {"q": "Listetak"}, HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="203.0.113.9")
    site_client.get(SEARCH_URL, {"q": "finnesikke"}, HTTP_USER_AGENT=BROWSER)
    assert rows() == [("finnesikke", 1, 1), ("listetak", 1, 0)]
    assert QueryDay.objects.get(query="listetak").day == timezone.localdate()


def test_what_the_search_page_does_not_record(site_client, search_page, indexed):
    site_client.get(SEARCH_URL, {"q": "fastlegeordningen", "page": "2"}, HTTP_USER_AGENT=BROWSER)
    site_client.get(SEARCH_URL, {"q": "fastlegeordningen", "type": "guidance"}, HTTP_USER_AGENT=BROWSER)
    site_client.get(SEARCH_URL, {"q": "fastlegeordningen"}, HTTP_USER_AGENT="Mozilla/5.0 (compatible; Googlebot/2.1)")
    site_client.get(SEARCH_URL, {"q": "fastlegeordningen"}, HTTP_USER_AGENT=BROWSER, HTTP_SEC_PURPOSE="prefetch")
    site_client.head(SEARCH_URL, {"q": "fastlegeordningen"}, HTTP_USER_AGENT=BROWSER)
    site_client.get(SEARCH_URL + "forslag/", {"q": "fastlegeordningen"}, HTTP_USER_AGENT=BROWSER)
    site_client.get(SEARCH_URL, {"q": ""}, HTTP_USER_AGENT=BROWSER)
    assert rows() == []


def test_a_failing_statistics_table_does_not_break_the_search(site_client, search_page, indexed, monkeypatch):
    from django.db import DatabaseError

    def broken(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(query_stats, "_increment", broken)
    response = site_client.get(SEARCH_URL, {"q": "listetak"}, HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 200
    titles = lxml.html.fromstring(response.content.decode()).xpath("//ol[contains(@class,'search-hits')]//h3")
    assert [title.text_content() for title in titles] == ["Listetak for fastleger"]


# --- Reports and purging --------------------------------------------------------------------------


@pytest.fixture
def a_month_of_searches(db):
    today = date(2026, 3, 31)
    QueryDay.objects.bulk_create(
        [
            QueryDay(day=today, query="listetak", searches=5, without_results=0),
            QueryDay(day=today - timedelta(days=6), query="listetak", searches=3, without_results=0),
            QueryDay(day=today - timedelta(days=6), query="alis", searches=4, without_results=4),
            QueryDay(day=today - timedelta(days=20), query="alis", searches=6, without_results=1),
            QueryDay(day=today - timedelta(days=20), query="referansegruppen", searches=2, without_results=2),
            QueryDay(day=today - timedelta(days=45), query="gammelt", searches=50, without_results=50),
        ]
    )
    return today


def test_top_queries_add_up_the_days_in_one_query(a_month_of_searches, django_assert_num_queries):
    with django_assert_num_queries(1):
        week = top_queries(7, today=a_month_of_searches)
    assert [(row.query, row.searches, row.without_results) for row in week] == [("listetak", 8, 0), ("alis", 4, 4)]
    month = top_queries(30, today=a_month_of_searches)
    assert [(row.query, row.searches) for row in month] == [("alis", 10), ("listetak", 8), ("referansegruppen", 2)]
    assert top_queries(90, today=a_month_of_searches)[0].query == "gammelt"


def test_queries_without_results_in_one_query(a_month_of_searches, django_assert_num_queries):
    with django_assert_num_queries(1):
        month = queries_without_results(30, today=a_month_of_searches)
    assert [(row.query, row.without_results, row.searches) for row in month] == [
        ("alis", 5, 10),
        ("referansegruppen", 2, 2),
    ]


def test_purge_deletes_days_past_the_retention(db, settings):
    settings.SEARCH_QUERY_RETENTION_DAYS = 30
    now = timezone.make_aware(datetime(2026, 3, 31, 12, 0))
    for age in (0, 30, 31, 400):
        QueryDay.objects.create(day=date(2026, 3, 31) - timedelta(days=age), query=f"q{age}", searches=1)

    assert purge_old_query_stats(now) == 2
    assert sorted(QueryDay.objects.values_list("query", flat=True)) == ["q0", "q30"]
    assert purge_old_query_stats(now) == 0


# --- Concurrency ------------------------------------------------------------------------------------

THREADS = 8
SEARCHES_PER_THREAD = 5


def run_together(work) -> list[BaseException]:
    """Run ``work`` in THREADS threads that start at the same moment; returns their errors."""
    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def run():
        try:
            barrier.wait(timeout=10)
            work()
        except BaseException as error:  # reported to the test below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


# Transactional (threads need real commits), with the migrations' data restored after.
transactional = pytest.mark.django_db(transaction=True)


@transactional
@pytest.mark.parametrize("row_exists", [False, True], ids=["first search of the day", "row exists"])
def test_concurrent_searches_are_all_counted(row_exists):
    if row_exists:
        QueryDay.objects.create(day=DAY, query="listetak", searches=0, without_results=0)
    failures: list[str] = []

    def search_many_times():
        for n in range(SEARCHES_PER_THREAD):
            if record_search("listetak", n % 2, day=DAY) is None:
                failures.append("not recorded")

    assert run_together(search_many_times) == []
    assert failures == []
    row = QueryDay.objects.get(day=DAY, query="listetak")
    assert row.searches == THREADS * SEARCHES_PER_THREAD
    assert row.without_results == THREADS * ((SEARCHES_PER_THREAD + 1) // 2)


@transactional
def test_negative_control_read_then_write_loses_counts():
    """Without the F() update, threads that read the same count each write count + 1."""
    QueryDay.objects.create(day=DAY, query="listetak", searches=0)
    barrier = threading.Barrier(THREADS)

    def naive_increment():
        row = QueryDay.objects.get(day=DAY, query="listetak")
        barrier.wait(timeout=10)  # everyone has read 0 before anyone writes
        row.searches += 1
        row.save(update_fields=["searches"])

    assert run_together(naive_increment) == []
    assert QueryDay.objects.get(day=DAY, query="listetak").searches < THREADS
