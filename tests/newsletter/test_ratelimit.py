"""The fixed-window counter in core.ratelimit (kept in the database; tests/core/test_ratelimit.py has the rest)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import RequestFactory

from core import ratelimit


@pytest.mark.django_db
def test_allows_up_to_the_limit_then_refuses():
    assert [ratelimit.allow("test:a", 3, 60) for _ in range(5)] == [True, True, True, False, False]
    assert ratelimit.allow("test:b", 3, 60)  # another key has its own count


@pytest.mark.django_db
def test_a_new_window_starts_afresh(monkeypatch):
    now = [1_000_000.0]
    monkeypatch.setattr(ratelimit.time, "time", lambda: now[0])
    assert [ratelimit.allow("test:w", 1, 60) for _ in range(2)] == [True, False]
    now[0] += 60
    assert ratelimit.allow("test:w", 1, 60)


@pytest.mark.django_db(transaction=True)
def test_simultaneous_requests_never_exceed_the_limit():
    results = []
    barrier = threading.Barrier(16)

    def worker():
        barrier.wait()
        try:
            for _ in range(5):
                results.append(ratelimit.allow("test:race", 25, 60))
        finally:
            connection.close()  # each thread counts on its own connection

    threads = [threading.Thread(target=worker) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count(True) == 25
    assert len(results) == 80


def test_client_ip_uses_remote_addr_and_groups_ipv6_by_64():
    factory = RequestFactory()
    assert ratelimit.client_ip(factory.get("/", REMOTE_ADDR="192.0.2.10")) == "192.0.2.10"
    assert ratelimit.client_ip(factory.get("/", REMOTE_ADDR="::ffff:192.0.2.10")) == "192.0.2.10"
    one = ratelimit.client_ip(factory.get("/", REMOTE_ADDR="2001:db8:1:2::1"))
    other = ratelimit.client_ip(factory.get("/", REMOTE_ADDR="2001:db8:1:2:ffff::9"))
    assert one == other == "2001:db8:1:2::/64"
    forwarded = factory.get("/", REMOTE_ADDR="192.0.2.10", HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert ratelimit.client_ip(forwarded) == "192.0.2.10"  # a client cannot choose its own key
