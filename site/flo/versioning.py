"""One version for the statistics: any import or rollback bumps it, and everything cached
from the figures (the pages' numbers, ETags of the open data) carries it in its key, with
the register's version (a changed municipality changes the numbers too) and a stamp of
the code that built it."""

from __future__ import annotations

import hashlib
from pathlib import Path

from core.cache_versions import bump_version, current_version, kept_under
from core.municipality_register import register_version

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
    """The figures' version and the register's: either changing changes what the pages show."""
    return f"{current_version(VERSION_KEY)}-{register_version()}"


def bump_data_version() -> None:
    bump_version(VERSION_KEY)


def cached(name: str, build, timeout: int = 60 * 60 * 24):
    """build() kept under the current data version (`kept_under`): callers only read it."""
    return kept_under(f"allmenn:flo:{CODE_STAMP}:{data_version()}:{name}", build, timeout)
