"""Development: the embedded default, no services needed."""

import os
from urllib.parse import urlsplit

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = "dev-only-insecure-key-never-use-in-production"  # noqa: S105

# The address `./dev start` serves (manage.py run_dev_site), so that every link the site
# makes — in mails, calendar files, feeds and the sitemap — opens on this machine.
DEV_URL = os.environ.get("DEV_URL") or "http://127.0.0.1:8000"
WAGTAILADMIN_BASE_URL = DEV_URL
ALLOWED_HOSTS = sorted({"127.0.0.1", "localhost", "[::1]", urlsplit(DEV_URL).hostname or "127.0.0.1"})
INTERNAL_IPS = ["127.0.0.1"]

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = VAR_DIR / "mail"  # noqa: F405
DEFAULT_FROM_EMAIL = "Allmenn <post@allmenn.localhost>"

# Files, not memory: the web server, the task worker and the scheduler share it.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": VAR_DIR / "cache",  # noqa: F405
    }
}
# Unhashed names from the finders; a new dict, so that base's (production's, which
# tests/test_static_files.py reads) stays as it is.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Static files come straight from the finders (no collectstatic in development).
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
