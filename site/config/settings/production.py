"""Production: everything secret or host-specific comes from the environment.

The process refuses to start when a required variable is missing, rather than
running with a guessed value.
"""

import importlib.util
import os
from urllib.parse import urlsplit

import dj_email_url
from django.core.exceptions import ImproperlyConfigured
from django.http.request import validate_host

from core.media_storage import media_origins, media_storage_from_env, media_storage_kind
from newsletter.webhooks import missing_webhook_secret

from .base import *  # noqa: F403


def require_env(name: str) -> str:
    """Return the environment variable, or stop with a clear message."""
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"The environment variable {name} must be set in production.")
    return value


DEBUG = False
SECRET_KEY = require_env("SECRET_KEY")
ALLOWED_HOSTS = [h.strip() for h in require_env("ALLOWED_HOSTS").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [f"https://{host.lstrip('.')}" for host in ALLOWED_HOSTS]
WAGTAILADMIN_BASE_URL = require_env("WAGTAILADMIN_BASE_URL")
if urlsplit(WAGTAILADMIN_BASE_URL).scheme != "https":
    raise ImproperlyConfigured(
        f"WAGTAILADMIN_BASE_URL must be an https address in production (it is {WAGTAILADMIN_BASE_URL!r})."
    )
if not validate_host(urlsplit(WAGTAILADMIN_BASE_URL).hostname or "", ALLOWED_HOSTS):
    raise ImproperlyConfigured(f"The host of WAGTAILADMIN_BASE_URL ({WAGTAILADMIN_BASE_URL}) is not in ALLOWED_HOSTS.")
# The default Wagtail site must answer at the same address; config/wsgi.py checks it at start.
SITE_ADDRESS_CHECKED_AT_START = True

# The embedded SQLite default is allowed on one machine, but must be chosen
# explicitly: DATABASE_URL=sqlite:////path/to/allmenn.sqlite3.
require_env("DATABASE_URL")
DATABASES = {"default": database_from_env(SQLITE_PATH)}  # noqa: F405
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update({"transaction_mode": "IMMEDIATE", "timeout": 20})

# Elasticsearch index names must say which environment they belong to, so that staging
# and production sharing a cluster never rebuild each other's index.
if ELASTICSEARCH_URL:  # noqa: F405
    SEARCH_INDEX_PREFIX = require_env("SEARCH_INDEX_PREFIX")

_email = dj_email_url.parse(require_env("EMAIL_URL"))
if "EMAIL_BACKEND" not in _email:
    # dj-email-url leaves out the backend (and TLS) for a scheme it does not know, such as smtp+tls.
    raise ImproperlyConfigured(
        f"EMAIL_URL has a scheme dj-email-url does not know ({urlsplit(os.environ['EMAIL_URL']).scheme}://): use "
        "submission:// (port 587, STARTTLS), smtps:// (port 465, TLS), smtp:// (add ?tls=True for STARTTLS) or console://."
    )
vars().update(_email)
DEFAULT_FROM_EMAIL = require_env("DEFAULT_FROM_EMAIL")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# An ESP instead of SMTP: e.g. EMAIL_BACKEND=anymail.backends.mailgun.EmailBackend with its
# ANYMAIL_* / MAILGUN_* variables (see base.py); bounces then arrive at /anymail/<esp>/tracking/.
if os.environ.get("EMAIL_BACKEND"):
    EMAIL_BACKEND = os.environ["EMAIL_BACKEND"]
# Any ANYMAIL_<NAME> variable is anymail's <NAME> setting (ANYMAIL_WEBHOOK_SECRET, ANYMAIL_BREVO_API_KEY, ...).
ANYMAIL = {
    **ANYMAIL,  # noqa: F405
    **{
        name.removeprefix("ANYMAIL_"): value
        for name, value in os.environ.items()
        if name.startswith("ANYMAIL_") and value
    },
}
# An ESP's tracking webhook suppresses addresses: it is mounted only with a secret that proves
# the ESP sent the call, and production does not start without one (newsletter/webhooks.py).
if _webhook_problem := missing_webhook_secret(EMAIL_BACKEND, ANYMAIL):
    raise ImproperlyConfigured(_webhook_problem)
# The List-Id of newsletter mails names the site's own domain unless told otherwise.
if not os.environ.get("NEWSLETTER_LIST_DOMAIN"):
    NEWSLETTER_LIST_DOMAIN = "nyhetsbrev." + urlsplit(WAGTAILADMIN_BASE_URL).hostname.removeprefix("www.")

REDIS_URL = os.environ.get("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "allmenn"),
        }
    }
else:
    # One machine: a file cache that every gunicorn worker and the task worker share,
    # so that invalidating it in one process reaches all of them.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("CACHE_DIR", str(VAR_DIR / "cache")),  # noqa: F405
            # Room for the page cache: Django's default of 300 entries would cull (a third,
            # at random) as soon as a few hundred pages are cached. Culling never makes a
            # page stale (a lost version is a new version), it only costs renders.
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("CACHE_MAX_ENTRIES", "20000"))},
        }
    }

# HTTPS everywhere; the load balancer terminates TLS and says so in a header.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true").lower() != "false"
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY["DIRECTIVES"]["frame-ancestors"] = ["'none'"]  # noqa: F405
CONTENT_SECURITY_POLICY["DIRECTIVES"]["upgrade-insecure-requests"] = True  # noqa: F405

MEDIA_ROOT = os.environ.get("MEDIA_ROOT", str(MEDIA_ROOT))  # noqa: F405
STATIC_ROOT = os.environ.get("STATIC_ROOT", str(STATIC_ROOT))  # noqa: F405

# Media: local files under MEDIA_ROOT, or with MEDIA_STORAGE=s3 an S3-compatible bucket
# (AWS_STORAGE_BUCKET_NAME, AWS_S3_ENDPOINT_URL, AWS_S3_REGION_NAME, AWS_S3_CUSTOM_DOMAIN ...,
# listed in core/media_storage.py; credentials from boto3's own chain, never from settings).
# Images are public objects; documents and podcast files private, served after the site's checks.
STORAGES = {**STORAGES, "default": media_storage_from_env(os.environ)}  # noqa: F405
if media_storage_kind(os.environ) == "s3":
    # Nothing under MEDIA_URL is on this machine's disk any more: the bucket serves images.
    SERVE_MEDIA = os.environ.get("SERVE_MEDIA", "false").lower() != "false"
    _media_origins = media_origins(os.environ)
    _directives = CONTENT_SECURITY_POLICY["DIRECTIVES"]  # noqa: F405
    _directives["img-src"] = [*_directives["img-src"], *_media_origins]
    # An episode's audio address redirects to a signed bucket URL; CSP follows redirects.
    _directives["media-src"] = ["'self'", *_media_origins]

# Background work. The database queue (django-tasks-db, `manage.py db_worker`) is the
# default everywhere: on PostgreSQL its workers claim tasks with row locks, so any number
# of hosts may run one. TASKS_BACKEND=rq puts the queue on Redis instead (django-tasks-rq,
# the `rq` extra; workers run `manage.py rqworker --job-class django_tasks_rq.Job`).
TASKS_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
}
_tasks_backend = os.environ.get("TASKS_BACKEND", "").strip() or "database"
_tasks_backend = {path: name for name, path in TASKS_BACKENDS.items()}.get(_tasks_backend, _tasks_backend)
if _tasks_backend not in TASKS_BACKENDS:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND={_tasks_backend!r} is not a task backend of this site: use one of "
        + ", ".join(f"{name} ({path})" for name, path in TASKS_BACKENDS.items())
        + "."
    )
TASKS = {"default": {"BACKEND": TASKS_BACKENDS[_tasks_backend]}}
if _tasks_backend == "rq":
    if importlib.util.find_spec("django_tasks_rq") is None:
        raise ImproperlyConfigured("TASKS_BACKEND=rq needs django-tasks-rq: pip install -c requirements.lock '.[rq]'.")
    # The queue may live in a Redis of its own (TASKS_REDIS_URL): queued tasks must never be
    # evicted, while the cache's Redis may evict under memory pressure.
    _tasks_redis = os.environ.get("TASKS_REDIS_URL", "").strip() or REDIS_URL
    if not _tasks_redis:
        raise ImproperlyConfigured("TASKS_BACKEND=rq keeps the queue in Redis: set TASKS_REDIS_URL or REDIS_URL.")
    INSTALLED_APPS = [*INSTALLED_APPS, "django_rq", "django_tasks_rq"]  # noqa: F405
    RQ_QUEUES = {"default": {"URL": _tasks_redis}}
