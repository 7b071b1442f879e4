"""Version counters in the cache: what is cached from some data carries the data's version
in its key, and a change bumps the version instead of hunting down every cached entry.

A version is a random token, not a number, so that two processes bumping at once still
leave a value that matches neither's stale entries.

Every version is of something public pages show (the page tree, the furniture, the
register, the FLO figures, images …), so every bump also renews the public content
version, which the full-page cache (core/page_cache.py) carries in its keys: a version
added later reaches the page cache without anyone having to remember it.

A *scoped* version (`scoped_version`) is the exception, for data that changes often and
that few pages show: conference seats change with every registration, and renewing the
public content version for each would empty the whole page cache during a registration
rush. A bump of a scoped version renews only that version. Instead, every read of it
while a page is rendered is recorded (`recording_scoped_reads`), the page cache stores
what was read with the page, and an entry is only served while those versions are
unchanged (`versions_unchanged`). The version must be read before the data it guards, so
that data read after a change is never stored under the version from before it.

Within one request a version is read from the cache once (`RequestVersionsMiddleware`): a
page reads the page tree's version for its menu, breadcrumbs, listings and links, and
each read was a round trip to the cache (a file or Redis). A bump in the request itself
is seen at once.

A bump happens at once and again when the change commits. The first reaches this
process's next request; the second makes sure that no other request read the new version
while the change was still uncommitted and cached what it saw then under it.
"""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from typing import Generic, TypeVar

from django.core.cache import cache
from django.db import transaction
from django.db.transaction import TransactionManagementError
from django.http import HttpRequest, HttpResponse

PUBLIC_CONTENT_KEY = "allmenn:public-content:version"

_scoped_keys: set[str] = set()
_scoped_reads: ContextVar[dict[str, str] | None] = ContextVar("allmenn_scoped_version_reads", default=None)
_held: ContextVar[dict[str, str] | None] = ContextVar("allmenn_versions_held_for_request", default=None)


def scoped_version(key: str) -> str:
    """Declare `key` a scoped version (see the module's doc); returns the key."""
    _scoped_keys.add(key)
    return key


def current_version(key: str) -> str:
    """The version under `key`, created on first use and shared by every process."""
    held = _held.get()
    version = held.get(key) if held is not None else None
    if version is None:
        version = cache.get(key)
        if version is None:
            cache.add(key, _token(), None)
            version = cache.get(key) or "0"
        if held is not None:
            held[key] = version
    if key in _scoped_keys and (reads := _scoped_reads.get()) is not None:
        reads.setdefault(key, version)
    return version


@contextmanager
def recording_scoped_reads() -> Iterator[dict[str, str]]:
    """The scoped versions read inside the block (the first value read of each)."""
    reads: dict[str, str] = {}
    token = _scoped_reads.set(reads)
    try:
        yield reads
    finally:
        _scoped_reads.reset(token)


def versions_unchanged(reads: dict[str, str]) -> bool:
    """Whether every version in `reads` is still current (one cache round trip; a version
    evicted from the cache counts as changed)."""
    if not reads:
        return True
    current = cache.get_many(list(reads))
    return all(current.get(key) == version for key, version in reads.items())


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
    renewed = {key: _token()} if key in _scoped_keys else {key: _token(), PUBLIC_CONTENT_KEY: _token()}
    cache.set_many(renewed, None)
    if (held := _held.get()) is not None:
        held.update(renewed)


@contextmanager
def versions_held() -> Iterator[None]:
    """Inside the block each version is read from the cache once (see the module's doc)."""
    token = _held.set({})
    try:
        yield
    finally:
        _held.reset(token)


class RequestVersionsMiddleware:
    """Holds the versions a request reads for the rest of that request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with versions_held():
            return self.get_response(request)


T = TypeVar("T")


class HeldWhileVersion(Generic[T]):
    """A value built once in this process and held while a version is unchanged.

    For what is costly to read from the shared cache on every request (an unpickled
    register, tables of rows): each call reads only the version (once per request), and
    the next call after a bump builds the value again. Every thread of the process shares
    the value, so treat it as read-only, or change it only under `lock`.
    """

    def __init__(self, version: Callable[[], str], build: Callable[[], T]) -> None:
        self._version = version
        self._build = build
        self._held: tuple[str, T] | None = None
        self.lock = threading.Lock()

    def get(self) -> T:
        version = self._version()
        held = self._held
        if held is not None and held[0] == version:
            return held[1]
        value = self._build()
        with self.lock:
            self._held = (version, value)
        return value


class KeptInProcess:
    """The last values read under versioned keys, kept in this process's memory.

    An entry whose key carries every version it depends on never changes: a bump makes a
    new key. Reading it from the shared cache on every request still costs a file read or
    a Redis round trip and an unpickling (with lazy translations, a new class per string);
    this keeps the `size` most recently used in memory, so only the first request after a
    bump reads or builds it. Values are shared by every thread of the process and must
    be treated as read-only.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._values: OrderedDict[str, object] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str, load: Callable[[], T]) -> T:
        """The value under `key`, from memory or else from load(); None is not kept."""
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]  # type: ignore[return-value]
        value = load()
        if value is None:
            return value
        with self._lock:
            self._values[key] = value
            self._values.move_to_end(key)
            while len(self._values) > self.size:
                self._values.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._values.clear()


# Enough for the furniture and lookups of every page type in every language on a few Sites;
# an entry is typically a few kilobytes.
kept_in_process = KeptInProcess(size=512)


def kept_under(key: str, build: Callable[[], T], timeout: int, *, read_only: bool = True) -> T:
    """build(), kept in the shared cache under `key`, which must carry every version the
    value depends on; a value the caller only reads is also kept in this process's memory
    (no file read or unpickling per request), one it changes (read_only=False) is a fresh
    copy from the shared cache every time."""

    def shared() -> T:
        value = cache.get(key)
        if value is None:
            value = build()
            cache.set(key, value, timeout)
        return value

    return kept_in_process.get(key, shared) if read_only else shared()


def _token() -> str:
    return uuid.uuid4().hex[:12]
