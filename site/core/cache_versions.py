"""Version counters in the cache: what is cached from some data carries the data's version
in its key, and a change bumps the version instead of hunting down every cached entry.

A version is a random token, not a number, so that two processes bumping at once still
leave a value that matches neither's stale entries.

Every version is of something public pages show (the page tree, the furniture, the
register, the FLO figures, images, conference seats …), so every bump also renews the
public content version, which the full-page cache (core/page_cache.py) carries in its
keys: a version added later reaches the page cache without anyone having to remember it.

A bump happens at once and again when the change commits. The first reaches this
process's next request; the second makes sure that no other request read the new version
while the change was still uncommitted and cached what it saw then under it.
"""

from __future__ import annotations

import uuid
from contextlib import suppress

from django.core.cache import cache
from django.db import transaction
from django.db.transaction import TransactionManagementError

PUBLIC_CONTENT_KEY = "allmenn:public-content:version"


def current_version(key: str) -> str:
    """The version under `key`, created on first use and shared by every process."""
    version = cache.get(key)
    if version is None:
        cache.add(key, _token(), None)
        version = cache.get(key) or "0"
    return version


def bump_version(key: str, *, again_at_commit: bool = True) -> None:
    _renew(key)
    if again_at_commit:
        with suppress(TransactionManagementError):  # manual transaction management: the first bump stands
            transaction.on_commit(lambda: _renew(key))


def public_content_version() -> str:
    """The version of everything public pages show (renewed by every bump_version)."""
    return current_version(PUBLIC_CONTENT_KEY)


def bump_public_content() -> None:
    """For a change public pages show that has no version of its own."""
    bump_version(PUBLIC_CONTENT_KEY)


def _renew(key: str) -> None:
    cache.set_many({key: _token(), PUBLIC_CONTENT_KEY: _token()}, None)


def _token() -> str:
    return uuid.uuid4().hex[:12]
