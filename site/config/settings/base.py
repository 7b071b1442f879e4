"""Settings shared by every environment.

Environment-specific choices (database, mail, cache, secrets) live in dev, test and
production; this module holds only what is true everywhere.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

SITE_DIR = Path(__file__).resolve().parent.parent.parent
BASE_DIR = SITE_DIR.parent
# What the site writes on one machine: the SQLite database, media, the search index, the
# file cache and (in development) mails. VAR_DIR moves all of it, as the tests of
# `./dev start` do.
VAR_DIR = Path(os.environ.get("VAR_DIR") or BASE_DIR / "var")

INSTALLED_APPS = [
    "core",
    "pages",
    "podcast",
    "flo",
    "newsletter",
    "conference",
    "search",
    "demo",
    "anymail",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.typed_table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A version is read from the cache once per request (core/cache_versions.py).
    "core.cache_versions.RequestVersionsMiddleware",
    # Before the session and everything after it: a cached page costs no query (core/page_cache.py).
    "core.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Before LocaleMiddleware, so that it can take back Vary: Accept-Language where nothing varies.
    "core.vary.LanguageIndependentMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # After CSPMiddleware: a view that allows framing by its own origin (Wagtail's previews) gets a matching CSP.
    "core.framing.SameOriginFramingMiddleware",
    "core.permissions_policy.PermissionsPolicyMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Routes Wagtail's page view in two queries (process_view only).
    "core.routing.PageRoutingMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "core.context_processors.furniture",
            ],
        },
    },
]

# Database: SQLite in WAL mode with immediate transactions is the embedded default;
# DATABASE_URL switches to PostgreSQL without any other change.
SQLITE_PATH = Path(os.environ.get("SQLITE_PATH", VAR_DIR / "allmenn.sqlite3"))


SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    # WAL lets readers continue while a writer commits; the busy timeout makes a
    # second writer wait instead of failing at once.
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;",
}


def database_from_env(default_sqlite_path: Path) -> dict:
    """Return the default database config: DATABASE_URL if set, else local SQLite."""
    url = os.environ.get("DATABASE_URL")
    if url:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    else:
        config = {"ENGINE": "django.db.backends.sqlite3", "NAME": default_sqlite_path}
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {**SQLITE_OPTIONS, **config.get("OPTIONS", {})}
    return config


DATABASES = {"default": database_from_env(SQLITE_PATH)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Language: bokmål by default; every page states its own language (nb, nn or en).
LANGUAGE_CODE = "nb"
LANGUAGES = [
    ("nb", "Norsk bokmål"),
    ("nn", "Norsk nynorsk"),
    ("en", "English"),
]
LOCALE_PATHS = [SITE_DIR / "locale"]
# Dates follow the page's language ("20. november 2025", "20 November 2025"): templates
# use the named formats (DATE_FORMAT, DATETIME_FORMAT ...), never a literal pattern.
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

WAGTAILADMIN_PERMITTED_LANGUAGES = [("nb", "Norsk bokmål"), ("en", "English")]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("designsystemet", BASE_DIR / "node_modules" / "@digdir" / "designsystemet-css" / "dist" / "src"),
    ("designsystemet-theme", BASE_DIR / "node_modules" / "@digdir" / "designsystemet-theme" / "brand"),
]
# Files that belong at the root of the site (favicon.ico, which browsers and feed readers
# ask for without reading any page), served by whitenoise.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Django serves MEDIA_URL itself (with byte ranges) unless nginx or object storage does.
SERVE_MEDIA = os.environ.get("SERVE_MEDIA", "true").lower() != "false"

# `collectstatic` writes every static file under a name with a hash of its content
# (css/site.3f2a9c1e04b7.css), rewrites the url()s inside CSS to those names, and
# compresses each beside it (.gz, and .br with the brotli package); {% static %} reads the
# names from STATIC_ROOT/staticfiles.json, so production cannot render a page before
# collectstatic has run. Whitenoise serves the hashed names with
# `Cache-Control: max-age=315360000, public, immutable` (ten years) and the unhashed names
# (favicon.ico, links from old pages) for a minute. Development and tests read from the finders.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# A Redis server shared by every host (cache, abuse-limit counters); empty on one machine.
REDIS_URL = os.environ.get("REDIS_URL", "")
# How many reverse proxies (load balancer, nginx, CDN) stand in front of the site and each
# append the address they were reached from to X-Forwarded-For. The abuse limits count
# per client: with 0 the client is REMOTE_ADDR and X-Forwarded-For is ignored; with N the
# client is the N-th address from the right of X-Forwarded-For (core/ratelimit.py). Set it
# to exactly the number of proxies: one too many lets clients choose their own address,
# one too few makes every visitor count as the outermost proxy.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured(f"TRUSTED_PROXY_COUNT must be 0 or more (it is {TRUSTED_PROXY_COUNT}).")

# The full-page cache for anonymous visitors (core/page_cache.py), in the default cache (the
# file cache on one machine, Redis with REDIS_URL). Entries are never stale: their keys
# carry the content version; the timeout only clears out entries no key reaches any more.
PAGE_CACHE_ENABLED = os.environ.get("PAGE_CACHE_ENABLED", "true").lower() != "false"
PAGE_CACHE_TIMEOUT = int(os.environ.get("PAGE_CACHE_TIMEOUT", 60 * 60 * 24))
# Query parameters a page reads and may be cached by (others, apart from utm_* and the
# like, are answered without the cache).
PAGE_CACHE_QUERY_PARAMS: list[str] = []
PAGE_CACHE_EXCLUDED_PAGE_TYPES = ["search.SearchPage"]

# A frontend cache (CDN, Varnish) purged when pages change (wagtail.contrib.frontend_cache):
# FRONTEND_CACHE_PURGE_URL for an HTTP purge (Varnish, nginx), CLOUDFLARE_ZONE_ID with
# CLOUDFLARE_BEARER_TOKEN for Cloudflare. None set: nothing is purged.
WAGTAILFRONTENDCACHE = {}
if os.environ.get("FRONTEND_CACHE_PURGE_URL"):
    WAGTAILFRONTENDCACHE["http"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": os.environ["FRONTEND_CACHE_PURGE_URL"],
    }
if os.environ.get("CLOUDFLARE_ZONE_ID"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "ZONEID": os.environ["CLOUDFLARE_ZONE_ID"],
        "BEARER_TOKEN": os.environ.get("CLOUDFLARE_BEARER_TOKEN", ""),
    }

# Background work: django-tasks with the database backend (manage.py db_worker).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _mail_env(name: str) -> str:
    """A MAIL_* variable, or its older NEWSLETTER_* name (read until 2027: set the new one)."""
    return os.environ.get(f"MAIL_{name}") or os.environ.get(f"NEWSLETTER_{name}", "")


# Mail, for every app (core/mail): the From people see is DEFAULT_FROM_EMAIL; replies,
# bounces (the envelope sender, read by manage.py process_bounces) and DKIM are shared.
MAIL_REPLY_TO = _mail_env("REPLY_TO")
MAIL_BOUNCE_ADDRESS = _mail_env("BOUNCE_ADDRESS")
# Optional DKIM signing (dkimpy): a PEM private key, the selector and the signing domain.
MAIL_DKIM_PRIVATE_KEY = _mail_env("DKIM_PRIVATE_KEY")
MAIL_DKIM_PRIVATE_KEY_FILE = _mail_env("DKIM_PRIVATE_KEY_FILE")
MAIL_DKIM_SELECTOR = _mail_env("DKIM_SELECTOR")
MAIL_DKIM_DOMAIN = _mail_env("DKIM_DOMAIN")
# The outbox of notices (core/mail/outbox.py): tries, the first wait (doubled each try),
# how long a claim lasts before its worker counts as dead, and what a notice that was
# being handed to the server when its worker died becomes: "resend" (a second
# confirmation is better than none) or "skip".
MAIL_MAX_ATTEMPTS = int(os.environ.get("MAIL_MAX_ATTEMPTS", "8"))
MAIL_RETRY_BASE_SECONDS = float(os.environ.get("MAIL_RETRY_BASE_SECONDS", "30"))
MAIL_LEASE_SECONDS = float(os.environ.get("MAIL_LEASE_SECONDS", "120"))
MAIL_UNCERTAIN_POLICY = os.environ.get("MAIL_UNCERTAIN_POLICY", "resend")
# Sent, skipped and failed notices are forgotten after this many days (they name no address).
MAIL_OUTBOX_RETENTION_DAYS = int(os.environ.get("MAIL_OUTBOX_RETENTION_DAYS", "30"))

# Newsletter. Addresses and limits come from the environment where they differ per site.
# Issues may have a sender and Reply-To of their own; empty means the site's (above).
NEWSLETTER_FROM_EMAIL = os.environ.get("NEWSLETTER_FROM_EMAIL", "")
NEWSLETTER_REPLY_TO = os.environ.get("NEWSLETTER_REPLY_TO", "")
# The mailto: half of List-Unsubscribe; process_bounces handles what arrives there too.
NEWSLETTER_UNSUBSCRIBE_MAILTO = os.environ.get("NEWSLETTER_UNSUBSCRIBE_MAILTO", "")
NEWSLETTER_LIST_DOMAIN = os.environ.get("NEWSLETTER_LIST_DOMAIN", "nyhetsbrev.allmenn.localhost")
NEWSLETTER_CONFIRM_TOKEN_HOURS = int(os.environ.get("NEWSLETTER_CONFIRM_TOKEN_HOURS", "48"))
NEWSLETTER_MANAGE_TOKEN_DAYS = int(os.environ.get("NEWSLETTER_MANAGE_TOKEN_DAYS", "400"))
NEWSLETTER_BATCH_SIZE = int(os.environ.get("NEWSLETTER_BATCH_SIZE", "50"))
NEWSLETTER_WORKERS = int(os.environ.get("NEWSLETTER_WORKERS", "1"))
# Mails per second for a whole send, shared by its workers; 0 means as fast as the server takes them.
NEWSLETTER_MAX_PER_SECOND = float(os.environ.get("NEWSLETTER_MAX_PER_SECOND", "20"))
# A claim older than this belongs to a worker that died; its rows are taken back.
NEWSLETTER_LEASE_SECONDS = float(os.environ.get("NEWSLETTER_LEASE_SECONDS", "300"))
NEWSLETTER_MAX_ATTEMPTS = int(os.environ.get("NEWSLETTER_MAX_ATTEMPTS", "6"))
NEWSLETTER_RETRY_BASE_SECONDS = float(os.environ.get("NEWSLETTER_RETRY_BASE_SECONDS", "60"))
# This many failures in a row pause the whole send and tell the editor.
NEWSLETTER_PAUSE_AFTER_FAILURES = int(os.environ.get("NEWSLETTER_PAUSE_AFTER_FAILURES", "20"))
# What to do with a mail that was being handed to the server when its worker died:
# "skip" (never risk a second copy) or "resend" (never risk none).
NEWSLETTER_UNCERTAIN_POLICY = os.environ.get("NEWSLETTER_UNCERTAIN_POLICY", "skip")
# Sign-up abuse limits: requests per IP per hour, and mails to one address per day.
NEWSLETTER_SIGNUPS_PER_IP_PER_HOUR = int(os.environ.get("NEWSLETTER_SIGNUPS_PER_IP_PER_HOUR", "20"))
NEWSLETTER_MAILS_PER_ADDRESS_PER_DAY = int(os.environ.get("NEWSLETTER_MAILS_PER_ADDRESS_PER_DAY", "3"))
NEWSLETTER_FORM_MIN_SECONDS = float(os.environ.get("NEWSLETTER_FORM_MIN_SECONDS", "2"))
# Unsubscribed, bounced and pending records are deleted after this many days; the
# suppression list (a hash of the address) is all that stays.
NEWSLETTER_RETENTION_DAYS = int(os.environ.get("NEWSLETTER_RETENTION_DAYS", "30"))
# The largest subscriber list an editor may import (CSV or XLSX).
NEWSLETTER_IMPORT_MAX_BYTES = int(os.environ.get("NEWSLETTER_IMPORT_MAX_BYTES", 5 * 1024 * 1024))
NEWSLETTER_IMPORT_MAX_ROWS = int(os.environ.get("NEWSLETTER_IMPORT_MAX_ROWS", "50000"))
# An ESP through django-anymail sets ANYMAIL (and EMAIL_BACKEND); its tracking webhooks
# mark bounces and complaints. Plain SMTP needs none of it.
ANYMAIL = {
    key: os.environ[env]
    for key, env in (
        ("WEBHOOK_SECRET", "ANYMAIL_WEBHOOK_SECRET"),
        ("MAILGUN_WEBHOOK_SIGNING_KEY", "MAILGUN_WEBHOOK_SIGNING_KEY"),
        ("POSTMARK_SERVER_TOKEN", "POSTMARK_SERVER_TOKEN"),
        ("MAILGUN_API_KEY", "MAILGUN_API_KEY"),
    )
    if os.environ.get(env)
}

# Conference registration: abuse limits, as for the newsletter's sign-up.
CONFERENCE_REGISTRATIONS_PER_IP_PER_HOUR = int(os.environ.get("CONFERENCE_REGISTRATIONS_PER_IP_PER_HOUR", "20"))
CONFERENCE_MAILS_PER_ADDRESS_PER_DAY = int(os.environ.get("CONFERENCE_MAILS_PER_ADDRESS_PER_DAY", "5"))
CONFERENCE_FORM_MIN_SECONDS = float(os.environ.get("CONFERENCE_FORM_MIN_SECONDS", "2"))
# The ledger's row lock on ticket types. Only the concurrency tests' negative control
# turns it off, to show the race it prevents.
CONFERENCE_LOCK_SEATS = True

# FLO statistics: the largest monthly file an editor may import (CSV or XLSX).
FLO_IMPORT_MAX_BYTES = int(os.environ.get("FLO_IMPORT_MAX_BYTES", 10 * 1024 * 1024))
FLO_IMPORT_MAX_ROWS = int(os.environ.get("FLO_IMPORT_MAX_ROWS", "60000"))

# Podcast: the largest audio file an editor may upload.
PODCAST_MAX_AUDIO_BYTES = int(os.environ.get("PODCAST_MAX_AUDIO_BYTES", 300 * 1024 * 1024))

# Public search: the embedded SQLite FTS5 index file by default, Elasticsearch when its
# URL is set. Index names carry a prefix per environment (dev, staging, production).
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
ELASTICSEARCH_TIMEOUT = float(os.environ.get("ELASTICSEARCH_TIMEOUT", "5"))
# The compound word list on every Elasticsearch node, relative to its config directory
# (written by manage.py export_compound_words); empty: a short built-in list.
ELASTICSEARCH_COMPOUND_WORDS_PATH = os.environ.get("ELASTICSEARCH_COMPOUND_WORDS_PATH", "")
SEARCH_INDEX_PREFIX = os.environ.get("SEARCH_INDEX_PREFIX", "allmenn-dev")
SEARCH_INDEX_PATH = Path(os.environ.get("SEARCH_INDEX_PATH", VAR_DIR / "search" / "index.sqlite3"))
# Hunspell .dic files (with their .aff beside them) whose words split Norwegian compounds
# for search: Debian's hunspell-no. Colon-separated; missing files turn splitting off.
SEARCH_DICTIONARIES = tuple(
    path
    for path in os.environ.get(
        "SEARCH_DICTIONARIES", "/usr/share/hunspell/nb_NO.dic:/usr/share/hunspell/nn_NO.dic"
    ).split(":")
    if path
)
# The dictionaries' words in a small SQLite file, built on first use (derived data).
SEARCH_DICTIONARY_CACHE = Path(os.environ.get("SEARCH_DICTIONARY_CACHE", VAR_DIR / "search" / "dictionary"))
# Abuse limits per client address and minute: far above what a person types.
SEARCH_REQUESTS_PER_IP_PER_MINUTE = int(os.environ.get("SEARCH_REQUESTS_PER_IP_PER_MINUTE", "60"))
SEARCH_COMPLETIONS_PER_IP_PER_MINUTE = int(os.environ.get("SEARCH_COMPLETIONS_PER_IP_PER_MINUTE", "300"))
# Query statistics are daily counts without any visitor data; they go after this long.
SEARCH_QUERY_RETENTION_DAYS = int(os.environ.get("SEARCH_QUERY_RETENTION_DAYS", "395"))

# Wagtail
WAGTAIL_SITE_NAME = "Allmenn"
# The site's public address, the one source of its absolute URLs (core/site_address.py):
# set by each environment, https in production.
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Production checks at start that the default Wagtail site answers at that address.
SITE_ADDRESS_CHECKED_AT_START = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# Documents always pass through Wagtail's view, which runs the collection's privacy check and
# sends them with its own headers (Content-Disposition, a CSP sandbox, nosniff); with object
# storage Wagtail would otherwise redirect to a signed bucket URL that anyone holding it can
# use until it expires. Documents are small (at most 20 MB), so the stream costs little.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAILEMBEDS_RESPONSIVE_HTML = True

# Content-Security-Policy for the public site: nothing from third parties except the
# privacy-enhanced video players, which load only after the visitor clicks.
CONTENT_SECURITY_POLICY = {
    # Wagtail's admin relies on inline scripts and styles; it is staff-only and
    # keeps Django's own protections.
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/django-admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["https://www.youtube-nocookie.com", "https://player.vimeo.com"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    },
}
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# A refused form (another site, or no check possible) gets the site's own page, in its language.
CSRF_FAILURE_VIEW = "core.views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "SAMEORIGIN"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
