"""The Redis the tests may talk to: REDIS_URL, else the one these machines run on
127.0.0.1:6379 (database 15) when it answers; tests that need it skip without it."""

from __future__ import annotations

import os

import pytest


def _reachable_redis() -> str:
    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15"
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except Exception:  # any failure means: no Redis to test against
        return ""
    return url


REDIS_URL = _reachable_redis()
needs_redis = pytest.mark.skipif(
    not REDIS_URL, reason="no Redis answered (set REDIS_URL, e.g. redis://127.0.0.1:6379/0)"
)
