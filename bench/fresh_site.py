"""A fresh site for a benchmark: settings pointed at a temporary directory, a new SQLite
database migrated there, and a file cache, so nothing is shared with a developer's
database or with another run."""

from __future__ import annotations

import os
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent


def setup_django(workdir: Path, settings: str = "config.settings.dev", *, migrate: bool = True) -> None:
    """Point Django at the work folder; a helper process beside the benchmark passes migrate=False."""
    os.environ.pop("DATABASE_URL", None)  # always the embedded default, never a shared database
    os.environ.update(
        DJANGO_SETTINGS_MODULE=settings,
        VAR_DIR=str(workdir),  # mails, the search index and the cache: never the developer's var/
        SQLITE_PATH=str(workdir / "bench.sqlite3"),
        MEDIA_ROOT=str(workdir / "media"),
        LOG_LEVEL="WARNING",
    )
    # The site folder goes before bench/, so that `flo` is the app and not bench/flo.py.
    sys.path.insert(0, str(PROJECT_DIR / "site"))
    sys.path.insert(0, str(PROJECT_DIR))
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import override_settings

    cache = {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(workdir / "cache")}
    override_settings(CACHES={"default": cache}).enable()
    if migrate:
        call_command("migrate", interactive=False, verbosity=0)
