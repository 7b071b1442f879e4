"""The search page's and autocomplete's abuse limits are exact when the requests come at once.

Each test sends RUSH requests through Django's test client from threads released
together (tests.concurrency.run_at_once), each thread with its own database connection,
against a limit of LIMIT a minute: exactly LIMIT are answered and the rest get 429. On
top of the start barrier, every request is held at the counter itself until all have
reached it, so they count at the same moment rather than one after another as their
rendering happens to spread them. The rows must be committed for the threads to see the
pages, so these are transactional tests (tests/seeded_data.py puts the migrations' rows
back). They run on SQLite, on PostgreSQL with DATABASE_URL, and on Redis when one
answers (REDIS_URL, else 127.0.0.1:6379/15), under a key prefix of their own.

The search engine is a stand-in that always finds one page and keeps no state: what is
under test is the limit in front of it, not an engine's behaviour under threads. The
counter's clock stands still during a test: the limit is per fixed window, and a
rush that straddled the turn of a minute would rightly be counted in two windows.

The negative control puts a read-then-write counter in the database counter's place
(the digest, window and row are the same) and lets every request read before any
writes, under the same load: more than LIMIT get through, so these tests catch a
regression to a racy counter.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from django.test import Client

from core import ratelimit
from core.models import RateLimitCounter
from search import views
from search.contract import Completion, Hit, SearchResults
from tests.concurrency import run_at_once
from tests.redis_service import REDIS_URL, needs_redis
from tests.search import fixtures_pages

search_page = fixtures_pages.search_page

SEARCH_URL = "/sok/"
AUTOCOMPLETE_URL = "/sok/forslag/"
RUSH = 20
LIMIT = 7
WINDOW = 60  # both views count per minute
ADDRESS = "192.0.2.10"
# An IPv6 client is counted by its /64 (core.ratelimit.client_ip).
OTHER_ADDRESS = "2001:db8:7:1::25"
OTHER_CLIENT = "2001:db8:7:1::/64"
GATE_TIMEOUT = 30

transactional = pytest.mark.django_db(transaction=True)


# --- Fixtures -----------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def limits(settings, monkeypatch):
    """LIMIT a minute for both views, counted in the database (the Redis tests switch), in one window."""
    settings.SEARCH_REQUESTS_PER_IP_PER_MINUTE = LIMIT
    settings.SEARCH_COMPLETIONS_PER_IP_PER_MINUTE = LIMIT
    settings.REDIS_URL = ""
    now = time.time()
    # core.ratelimit reads nothing but time.time() from the time module.
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: now))
    return int(now // WINDOW) * WINDOW


class Engine:
    """A search engine that always finds one page: what is under test is the limit in front of it.

    It keeps no state, so any number of request threads can use it at once.
    """

    name = "stand-in"
    hit = Hit(
        key="page:101",
        page_id=101,
        url="/listetak/",
        title="Listetak for fastleger",
        content_type="guidance",
        language="nb",
        snippet="Hvor mange pasienter en fastlege kan ha.",
        title_highlighted="<mark>Listetak</mark> for fastleger",
    )

    def search(self, query):
        return SearchResults(query=query, total=1, hits=[self.hit])

    def autocomplete(self, prefix, limit=8):
        return [Completion(title=self.hit.title, url=self.hit.url, content_type=self.hit.content_type)]


@pytest.fixture
def engine(monkeypatch):
    monkeypatch.setattr(views, "get_backend", Engine)


@pytest.fixture
def redis_counter(settings, monkeypatch):
    """The counter on the Redis at REDIS_URL under a key prefix of this test's own, deleted afterwards."""
    settings.REDIS_URL = REDIS_URL
    prefix = f"allmenn-test:{uuid.uuid4().hex}:ratelimit"
    monkeypatch.setattr(ratelimit, "KEY_PREFIX", prefix)
    client = ratelimit._redis(REDIS_URL)
    yield SimpleNamespace(client=client, prefix=prefix)
    for name in client.scan_iter(f"{prefix}:*"):
        client.delete(name)


def count_together(monkeypatch, name: str, parties: int = RUSH) -> None:
    """Hold each request at the counter (`ratelimit.<name>`) until all `parties` are there, then let them count."""
    real = getattr(ratelimit, name)
    gate = threading.Barrier(parties)

    def count(*args):
        gate.wait(GATE_TIMEOUT)
        return real(*args)

    monkeypatch.setattr(ratelimit, name, count)


def read_then_write_counter(parties: int = RUSH) -> Callable[[str, int, int], int]:
    """The negative control: the same row, read with one query and written with the next.

    Every request reads before any writes (a barrier between the two), the interleaving
    that two requests arriving together can always produce.
    """
    everyone_has_read = threading.Barrier(parties)

    def count(digest: str, window_start: int, window_seconds: int) -> int:
        row = RateLimitCounter.objects.filter(key_digest=digest, window_start=window_start).first()
        seen = row.count if row else 0
        everyone_has_read.wait(GATE_TIMEOUT)
        RateLimitCounter.objects.update_or_create(
            key_digest=digest,
            window_start=window_start,
            defaults={
                "count": seen + 1,
                "expires_at": datetime.fromtimestamp(window_start + window_seconds, tz=UTC),
            },
        )
        return seen + 1

    return count


# --- Helpers ------------------------------------------------------------------------------------


def rush(url: str, query: str, addresses: list[str]) -> list:
    """One request per address, all at once, each from its own client, thread and connection."""

    def request(address: str) -> Callable[[], object]:
        client = Client(HTTP_HOST="localhost")
        return lambda: client.get(url, {"q": query}, REMOTE_ADDR=address)

    results = run_at_once([request(address) for address in addresses], timeout=60)
    errors = [result for result in results if isinstance(result, Exception)]
    assert not errors, errors
    return results


def statuses(responses) -> Counter:
    return Counter(response.status_code for response in responses)


def stored_count(key: str, window_start: int) -> int:
    """The database counter of `key` for the current minute."""
    return RateLimitCounter.objects.get(key_digest=ratelimit._digest(key, WINDOW), window_start=window_start).count


def redis_count(redis_counter, key: str, window_start: int) -> int:
    return int(redis_counter.client.get(f"{redis_counter.prefix}:{ratelimit._digest(key, WINDOW)}:{window_start}"))


def assert_search_answers(responses) -> None:
    assert statuses(responses) == {200: LIMIT, 429: RUSH - LIMIT}
    for response in responses:
        assert response["X-Robots-Tag"] == "noindex"
        if response.status_code == 429:
            assert response["Retry-After"] == "60"
            assert "Du har søkt svært mange ganger på kort tid" in response.content.decode()
        else:
            assert 'href="/listetak/"' in response.content.decode()  # the hit


def assert_autocomplete_answers(responses) -> None:
    assert statuses(responses) == {200: LIMIT, 429: RUSH - LIMIT}
    for response in responses:
        if response.status_code == 429:
            assert response["Retry-After"] == "60" and response["Cache-Control"] == "no-store"
            assert response.json() == {"error": "For mange søk. Vent et minutt."}
        else:
            assert "Listetak for fastleger" in [result["title"] for result in response.json()["results"]]


# --- The database counter (SQLite, or PostgreSQL with DATABASE_URL) -----------------------------


@transactional
def test_a_rush_of_searches_from_one_address_gets_exactly_the_limit(search_page, engine, monkeypatch, limits):
    count_together(monkeypatch, "_count_in_database")
    responses = rush(SEARCH_URL, "listetak", [ADDRESS] * RUSH)

    assert_search_answers(responses)
    assert stored_count(f"search:{ADDRESS}", limits) == RUSH  # every request counted once


@transactional
def test_a_rush_of_autocomplete_requests_from_one_address_gets_exactly_the_limit(
    search_page, engine, monkeypatch, limits
):
    count_together(monkeypatch, "_count_in_database")
    responses = rush(AUTOCOMPLETE_URL, "listet", [ADDRESS] * RUSH)

    assert_autocomplete_answers(responses)
    assert stored_count(f"search-complete:{ADDRESS}", limits) == RUSH


@transactional
def test_two_addresses_in_one_rush_each_get_their_own_limit(search_page, engine, monkeypatch, limits):
    count_together(monkeypatch, "_count_in_database")
    addresses = [ADDRESS, OTHER_ADDRESS] * (RUSH // 2)
    responses = rush(SEARCH_URL, "listetak", addresses)

    for address in (ADDRESS, OTHER_ADDRESS):
        mine = [response for sent_from, response in zip(addresses, responses, strict=True) if sent_from == address]
        assert statuses(mine) == {200: LIMIT, 429: RUSH // 2 - LIMIT}, address
    assert stored_count(f"search:{ADDRESS}", limits) == RUSH // 2
    assert stored_count(f"search:{OTHER_CLIENT}", limits) == RUSH // 2


@transactional
def test_a_read_then_write_counter_lets_more_than_the_limit_through(search_page, engine, monkeypatch):
    """Negative control: the same rush, counted by reading the row and then writing it."""
    monkeypatch.setattr(ratelimit, "_count_in_database", read_then_write_counter())
    responses = rush(SEARCH_URL, "listetak", [ADDRESS] * RUSH)

    assert statuses(responses)[200] > LIMIT


@transactional
def test_a_read_then_write_counter_lets_more_than_the_limit_through_autocomplete(search_page, engine, monkeypatch):
    """Negative control for the autocomplete endpoint."""
    monkeypatch.setattr(ratelimit, "_count_in_database", read_then_write_counter())
    responses = rush(AUTOCOMPLETE_URL, "listet", [ADDRESS] * RUSH)

    assert statuses(responses)[200] > LIMIT


# --- The Redis counter ------------------------------------------------------------------------


@needs_redis
@transactional
def test_on_redis_a_rush_of_searches_gets_exactly_the_limit(search_page, engine, redis_counter, monkeypatch, limits):
    count_together(monkeypatch, "_count_in_redis")
    responses = rush(SEARCH_URL, "listetak", [ADDRESS] * RUSH)

    assert_search_answers(responses)
    assert redis_count(redis_counter, f"search:{ADDRESS}", limits) == RUSH
    assert not RateLimitCounter.objects.exists()  # Redis counted, not the database fallback


@needs_redis
@transactional
def test_on_redis_a_rush_of_autocomplete_requests_gets_exactly_the_limit(
    search_page, engine, redis_counter, monkeypatch, limits
):
    count_together(monkeypatch, "_count_in_redis")
    responses = rush(AUTOCOMPLETE_URL, "listet", [ADDRESS] * RUSH)

    assert_autocomplete_answers(responses)
    assert redis_count(redis_counter, f"search-complete:{ADDRESS}", limits) == RUSH
    assert not RateLimitCounter.objects.exists()


@needs_redis
@transactional
def test_on_redis_two_addresses_each_get_their_own_limit(search_page, engine, redis_counter, monkeypatch, limits):
    count_together(monkeypatch, "_count_in_redis")
    addresses = [ADDRESS, OTHER_ADDRESS] * (RUSH // 2)
    responses = rush(SEARCH_URL, "listetak", addresses)

    for address in (ADDRESS, OTHER_ADDRESS):
        mine = [response for sent_from, response in zip(addresses, responses, strict=True) if sent_from == address]
        assert statuses(mine) == {200: LIMIT, 429: RUSH // 2 - LIMIT}, address
    assert redis_count(redis_counter, f"search:{ADDRESS}", limits) == RUSH // 2
    assert redis_count(redis_counter, f"search:{OTHER_CLIENT}", limits) == RUSH // 2
