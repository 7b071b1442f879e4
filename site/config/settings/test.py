"""Tests: like dev, but fast and isolated. DATABASE_URL selects PostgreSQL."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-insecure-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]

# A throw-away SQLite file (not :memory:) so that the browser tests' live server
# thread sees the same data; PostgreSQL when DATABASE_URL is set.
DATABASES = {"default": database_from_env(Path(tempfile.gettempdir()) / "allmenn-test.sqlite3")}  # noqa: F405
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": str(Path(tempfile.gettempdir()) / f"allmenn-test-{os.getpid()}.sqlite3")}
else:
    # One test database per run, so that two test runs on one server (a developer's and
    # CI's, or two terminals) never create or drop each other's database.
    DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_{os.getpid()}"}

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
DEFAULT_FROM_EMAIL = "Allmenn <post@allmenn.test>"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The abuse limits count in the test database; a REDIS_URL in the environment would share
# counts between tests (the Redis tests set it themselves).
REDIS_URL = ""
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="allmenn-media-"))
# Unhashed names from the finders; a new dict, so that base's (production's, which
# tests/test_static_files.py reads) stays as it is.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tasks run at once in tests, so that signal-driven work is visible to assertions.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# The address of the site that the tests' factories make (localhost, port 80).
WAGTAILADMIN_BASE_URL = "http://localhost"
# Each test run has its own embedded index file and, with ELASTICSEARCH_URL, its own index names.
SEARCH_INDEX_PATH = Path(tempfile.mkdtemp(prefix="allmenn-search-")) / "index.sqlite3"
SEARCH_INDEX_PREFIX = f"allmenn-test-{os.getpid()}"

# Static files come straight from the finders (no collectstatic in development).
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
