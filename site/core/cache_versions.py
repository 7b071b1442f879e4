"""Version counters in the cache: what is cached from some data carries the data's version
in its key, and a change bumps the version instead of hunting down every cached entry.

A version is a random token, not a number, so that two processes bumping at once still
leave a value that matches neither's stale entries.
"""

from __future__ import annotations

import uuid

from django.core.cache import cache


def current_version(key: str) -> str:
    """The version under `key`, created on first use and shared by every process."""
    version = cache.get(key)
    if version is None:
        cache.add(key, uuid.uuid4().hex[:12], None)
        version = cache.get(key) or "0"
    return version


def bump_version(key: str) -> None:
    cache.set(key, uuid.uuid4().hex[:12], None)
