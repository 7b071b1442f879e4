"""Abuse limits that hold: an atomic counter in the database (or Redis), not in the cache.

Every public limit (sign-up, registration, send-my-link, search, suggestions) calls
core.ratelimit.allow, so these tests hold for all of them. The concurrency tests run
eight clients at once, each a thread with its own database connection, released
together by a barrier; they commit, so they are transactional (tests/seeded_data.py puts
the migrations' rows back). They run on SQLite, and on PostgreSQL with DATABASE_URL.

The negative controls run the counter this module replaced (kept verbatim below as
`cache_counter_hit`) on Django's file cache, the default on one machine, under the same
load: it lets far more through, and forgets a count when the cache is filled.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from core import ratelimit
from core.models import RateLimitCounter
from tests.redis_service import REDIS_URL, needs_redis

CLIENTS = 8
ATTEMPTS_PER_CLIENT = 25
LIMIT = 60

transactional = pytest.mark.django_db(transaction=True)


def cache_counter_hit(key: str, window_seconds: int) -> int:
    """The counter core.ratelimit used before: cache.add, then cache.incr (the negative control)."""
    window = int(time.time() // window_seconds)
    cache_key = f"allmenn:ratelimit:{key}:{window}"
    timeout = window_seconds + 5
    if cache.add(cache_key, 1, timeout):
        return 1
    try:
        return cache.incr(cache_key)
    except ValueError:
        cache.add(cache_key, 1, timeout)
        return 1


def run_at_once(job: Callable[[], bool], clients: int = CLIENTS, attempts: int = ATTEMPTS_PER_CLIENT) -> list[bool]:
    """`clients` threads released together, each calling `job` `attempts` times on its own connection."""
    start = threading.Barrier(clients)
    answers: list[bool] = []
    failures: list[BaseException] = []
    lock = threading.Lock()

    def client() -> None:
        try:
            start.wait(60)
            mine = [job() for _ in range(attempts)]
            with lock:
                answers.extend(mine)
        except BaseException as exc:  # reported below
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=client, name=f"client-{n}") for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not any(thread.is_alive() for thread in threads), "a client hung"
    assert failures == []
    assert len(answers) == clients * attempts
    return answers


@pytest.fixture(autouse=True)
def database_counter(settings):
    """The database counter, even when REDIS_URL is set for the run (the Redis tests ask for it)."""
    settings.REDIS_URL = ""


@pytest.fixture
def file_cache(settings, tmp_path):
    """Django's FileBasedCache in a temporary folder as the default cache, as on one machine in production."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(tmp_path)}
    }
    return cache


def fill(a_cache, count: int = 10_000) -> None:
    """What one client reading many statistics pages does to the cache: many other keys."""
    for number in range(count):
        a_cache.set(f"flo:figures:{number}", number)


# --- The counter -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_allows_up_to_the_limit_per_key_then_refuses():
    assert [ratelimit.allow("test:a", 3, 60) for _ in range(5)] == [True, True, True, False, False]
    assert ratelimit.allow("test:b", 3, 60)
    assert ratelimit.hit("test:a", 3600) == 1  # another window length is another counter


@pytest.mark.django_db
def test_keys_are_stored_as_digests_of_any_length():
    key = "newsletter:signups:192.0.2.10:" + "x" * 5000
    assert [ratelimit.allow(key, 2, 60) for _ in range(3)] == [True, True, False]
    (row,) = RateLimitCounter.objects.all()
    assert len(row.key_digest) == 64 and "192.0.2.10" not in row.key_digest
    assert row.count == 3


@pytest.mark.django_db
def test_the_counter_does_not_live_in_the_cache():
    assert [ratelimit.allow("test:c", 2, 60) for _ in range(2)] == [True, True]
    cache.clear()
    assert not ratelimit.allow("test:c", 2, 60)


@transactional
def test_a_count_stands_when_the_request_fails_afterwards():
    # No request runs in one transaction, so the counting statement commits by itself.
    assert not any(database.get("ATOMIC_REQUESTS") for database in django_settings.DATABASES.values())
    assert ratelimit.allow("test:failing", 1, 60)
    with pytest.raises(RuntimeError), transaction.atomic():
        raise RuntimeError("the view fails after counting")
    assert RateLimitCounter.objects.get().count == 1
    assert not ratelimit.allow("test:failing", 1, 60)


@transactional
def test_eight_clients_at_once_get_exactly_the_limit(file_cache):
    """With the file cache as the default cache, as on one machine, which the counter does not use."""
    answers = run_at_once(lambda: ratelimit.allow("test:rush", LIMIT, 600))
    assert answers.count(True) == LIMIT
    assert RateLimitCounter.objects.get().count == CLIENTS * ATTEMPTS_PER_CLIENT


def test_the_old_cache_counter_lets_more_through_under_the_same_load(file_cache):
    """Negative control: add/incr on the file cache lose counts when clients arrive together."""
    answers = run_at_once(lambda: cache_counter_hit("test:rush", 600) <= LIMIT)
    assert answers.count(True) > LIMIT


@pytest.mark.django_db
def test_a_cache_filled_with_10000_other_keys_does_not_reset_a_limit(file_cache):
    """Three mails a day to an address: before and after the cache is filled, three in all.

    The old counter, filled by the same keys, forgets its count and lets more through
    (the negative control).
    """
    assert [ratelimit.allow("newsletter:mails:victim", 3, 86400) for _ in range(3)] == [True] * 3
    assert [cache_counter_hit("old:mails:victim", 86400) <= 3 for _ in range(3)] == [True] * 3
    fill(file_cache)
    assert [ratelimit.allow("newsletter:mails:victim", 3, 86400) for _ in range(3)] == [False] * 3
    assert [cache_counter_hit("old:mails:victim", 86400) <= 3 for _ in range(3)].count(True) > 0


# --- Redis, when REDIS_URL is set ------------------------------------------------------------


@pytest.fixture
def redis_counter(settings):
    """The counter on the Redis at REDIS_URL; a key of its own, deleted afterwards."""
    settings.REDIS_URL = REDIS_URL
    key = f"test:redis:{uuid.uuid4().hex}"
    yield key
    client = ratelimit._redis(REDIS_URL)
    for name in client.keys(f"{ratelimit.KEY_PREFIX}:{ratelimit._digest(key, 600)}:*"):
        client.delete(name)


@needs_redis
@pytest.mark.django_db
def test_eight_clients_at_once_on_redis_get_exactly_the_limit(redis_counter):
    answers = run_at_once(lambda: ratelimit.allow(redis_counter, LIMIT, 600))
    assert answers.count(True) == LIMIT
    client = ratelimit._redis(REDIS_URL)
    (name,) = client.keys(f"{ratelimit.KEY_PREFIX}:{ratelimit._digest(redis_counter, 600)}:*")
    assert int(client.get(name)) == CLIENTS * ATTEMPTS_PER_CLIENT
    assert 0 < client.ttl(name) <= 600 + ratelimit.EXPIRY_MARGIN_SECONDS
    assert not RateLimitCounter.objects.exists()  # nothing counted in the database


@pytest.mark.django_db
def test_an_unreachable_redis_falls_back_to_the_database(settings, caplog):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    assert [ratelimit.allow("test:outage", 1, 60) for _ in range(2)] == [True, False]
    assert RateLimitCounter.objects.get().count == 2
    assert "Redis unreachable" in caplog.text


# --- Old windows go ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_core_tick_deletes_the_counters_of_ended_windows(monkeypatch):
    two_days_ago = time.time() - 2 * 86400
    monkeypatch.setattr(ratelimit.time, "time", lambda: two_days_ago)
    ratelimit.hit("test:old", 3600)
    monkeypatch.undo()
    ratelimit.hit("test:current", 3600)
    ratelimit.hit("test:today", 86400)
    assert RateLimitCounter.objects.count() == 3
    call_command("core_tick", verbosity=0)
    remaining = set(RateLimitCounter.objects.values_list("key_digest", flat=True))
    assert remaining == {ratelimit._digest("test:current", 3600), ratelimit._digest("test:today", 86400)}
    assert ratelimit.purge_expired(timezone.now() + timedelta(days=2)) == 2


def test_the_scheduler_runs_core_tick(monkeypatch):
    from core.management.commands import run_scheduler

    jobs = []
    monkeypatch.setattr(run_scheduler, "call_command", lambda job, **kwargs: jobs.append(job))
    run_scheduler.Command().handle(interval=1, once=True)
    assert "core_tick" in jobs
