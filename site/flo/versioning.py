"""One version number for the statistics: any import, rollback or change to the
register of municipalities bumps it, and everything cached from the figures
(the register, the pages' numbers, ETags of the open data) carries it in its key,
beside a stamp of the code that built it."""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path

from django.core.cache import cache

VERSION_KEY = "allmenn:flo:version"


def _code_stamp() -> str:
    """A digest of this app's code: a deploy that changes how figures are built or shaped
    must not be served what the old code cached (or fail to unpickle it)."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).resolve().parent.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:8]


CODE_STAMP = _code_stamp()


def data_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex[:12], None)
        version = cache.get(VERSION_KEY) or "0"
    return version


def bump_data_version() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex[:12], None)


def cached(name: str, build, timeout: int = 60 * 60 * 24):
    """build() cached under the current data version."""
    key = f"allmenn:flo:{CODE_STAMP}:{data_version()}:{name}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, timeout)
    return value
