"""The full-page cache for anonymous visitors: Wagtail pages answered from Django's cache,
never stale, with a strong ETag and 304 Not Modified.

**Never stale.** The key carries the public content version (core.cache_versions), which
every version bump in the project renews: the page tree's (every publication,
unpublication, move, deletion, privacy or Site change), the furniture's (menus, footer,
SiteIdentity), the municipality register's, the FLO figures' (an import or a rollback),
images' and documents', newsletter topics'. The version is read before the page is
rendered, so what a request renders is stored under the version that was current when it
started: a change that lands meanwhile makes a new version, never a stale entry under the
new one. Conference seats change with every registration, so their version is scoped
(core.cache_versions): it does not renew the public content version (a registration rush
would otherwise empty the whole cache); the entry of a page that read it while rendering
(a conference page) keeps the version it read and is served only while that is current. Pages
that show the time's passing (a conference's registration opens, closes, the conference is
held) register the moments when they change (`register_moments`); the key carries how many
of those moments have passed.

**Only what is the same for every anonymous visitor is stored:** a 200 text/html answer of
Wagtail's page view, for GET, without a session cookie in the request (an editor, or a
visitor who passed a page's password: the session is never read), without a query string
other than tracking parameters (utm_* and the like, which pages never read) and those
listed in PAGE_CACHE_QUERY_PARAMS, and without Set-Cookie, Cache-Control of its own,
Vary on anything but Accept-Language, or the CSRF token used while rendering (a form that
posts with Django's token: the token is the visitor's own). Pages with view restrictions and
the page types in PAGE_CACHE_EXCLUDED_PAGE_TYPES (the search page) are never stored; previews
are not Wagtail's page view. A page whose rendering used the CSRF token gets `Cache-Control:
private, no-cache`, so that no shared cache keeps it either.

**Forms.** The public forms on pages (the newsletter's sign-up block) carry no CSRF token:
their views judge a POST by the browser's Origin and Sec-Fetch-Site headers instead
(core/public_forms.py), so such pages are stored like any other. What they do carry is the
anti-spam time stamp (core/antispam.py), which must say when the visitor saw the form, not
when the page was rendered: every answer from the cache gets fresh stamps (`restamp`), and
the ETag of such a page is weak (the bytes differ in the stamps) and changes every
antispam.STAMP_REFRESH_SECONDS, so that a copy a browser or a CDN revalidates is replaced
by one with fresh stamps at least that often.

**Vary.** LocaleMiddleware adds `Vary: Accept-Language`; the key carries the language
Django picks from the request (Accept-Language and the language cookie), so a stored
answer is only given to requests that would have been answered in the same language.

**Headers.** A stored page says `Cache-Control: public, max-age=0, must-revalidate` with a
strong ETag (the body's hash): browsers and shared caches ask again every time with
If-None-Match, and get a 304 from the cache entry without rendering. HEAD is answered from
the GET entry without a body.

The middleware sits right after WhiteNoise, before SessionMiddleware: a hit costs no
query, no session and no template. The module also purges a frontend cache
(wagtail.contrib.frontend_cache, WAGTAILFRONTENDCACHE) when pages change: the page, its
ancestors (their listings) and the pages that link to it (Wagtail's reference index).
"""

from __future__ import annotations

import bisect
import hashlib
import os
import time
from collections.abc import Callable, Iterable
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.cache import cc_delim_re
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import antispam, cache_versions

KEY_PREFIX = "allmenn:page-cache"
FORMAT = 2  # bumped when the entry's layout changes, so a new release never reads an old one
CACHE_CONTROL = "public, max-age=0, must-revalidate"
PAGE_VIEW = "wagtail_serve"
# Query parameters that only tell analytics where a visitor came from: no page reads them.
TRACKING_PARAMS = frozenset(
    {"fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "mc_cid", "mc_eid", "_ga", "_gl"}
)
TRACKING_PREFIXES = ("utm_",)
# What a 304 repeats of the 200 it stands for (RFC 9110, 15.4.5).
NOT_MODIFIED_HEADERS = frozenset({"etag", "cache-control", "vary", "content-location", "expires"})


def enabled() -> bool:
    return getattr(settings, "PAGE_CACHE_ENABLED", True)


# --- Moments when pages change by themselves ------------------------------------------------

MomentSource = Callable[[], Iterable[datetime]]
_moment_sources: list[MomentSource] = []


def register_moments(source: MomentSource) -> MomentSource:
    """`source()` lists the moments when a public page changes without an edit (a
    conference's registration opens): a cached page is not served across one of them.

    The list is read once per public content version, so it must change only with
    something that bumps a version (a publication).
    """
    _moment_sources.append(source)
    return source


def _moments(version: str) -> list[float]:
    key = f"{KEY_PREFIX}:moments:{version}"
    moments = cache.get(key)
    if moments is None:
        moments = sorted({moment.timestamp() for source in _moment_sources for moment in source()})
        cache.set(key, moments, settings.PAGE_CACHE_TIMEOUT)
    return moments


def content_version(now: datetime | None = None) -> str:
    """What the key carries so that it is never stale: the release, the public content
    version and how many of the registered moments have passed."""
    version = cache_versions.public_content_version()
    passed = bisect.bisect_right(_moments(version), (now or timezone.now()).timestamp())
    return f"{release()}:{version}:{passed}"


# What a release changes in a page besides content: its code, templates, translations and
# the hashed static names (the manifest) that pages link to.
_RELEASE_SUFFIXES = (".py", ".html", ".txt", ".mjml", ".mo", ".svg")
_NOT_RELEASE = frozenset({".venv", "node_modules", "var", "tests", "bench", ".git", "media", "__pycache__"})


@lru_cache(maxsize=1)
def release() -> str:
    """A fingerprint of this deployment, read once per process: a new release (changed
    templates, code, translations or static files) never serves pages cached by the
    previous one, even before any content changes.

    It hashes the files' contents under their paths relative to BASE_DIR (about 500 files,
    2 MB: tens of milliseconds, once per process), not their times or where they were
    installed: hosts that share a Redis and run the same release share their entries,
    however each was installed."""
    digest = hashlib.sha256()
    manifest = Path(settings.STATIC_ROOT or "") / "staticfiles.json"
    if settings.STATIC_ROOT and manifest.is_file():
        digest.update(manifest.read_bytes())
    root = Path(settings.BASE_DIR)
    for directory, subdirectories, files in os.walk(root):
        subdirectories[:] = sorted(name for name in subdirectories if name not in _NOT_RELEASE)
        for name in sorted(files):
            if name.endswith(_RELEASE_SUFFIXES):
                path = os.path.join(directory, name)
                with open(path, "rb") as handle:
                    content = hashlib.sha256(handle.read()).hexdigest()
                digest.update(f"{os.path.relpath(path, root)}:{content}\n".encode())
    return digest.hexdigest()[:16]


# --- The key ----------------------------------------------------------------------------------


def cached_query(request: HttpRequest) -> str | None:
    """The query string as the key sees it (tracking parameters left out), or None when it
    has a parameter that a page might read and that is not known to be safe to cache."""
    kept = []
    allowed = set(getattr(settings, "PAGE_CACHE_QUERY_PARAMS", ()))
    for name, values in request.GET.lists():
        if name in TRACKING_PARAMS or name.startswith(TRACKING_PREFIXES):
            continue
        if name not in allowed:
            return None
        kept.extend((name, value) for value in values)
    return urlencode(sorted(kept))


def is_page_path(path: str) -> bool:
    try:
        return resolve(path).url_name == PAGE_VIEW
    except Resolver404:
        return False


def cache_key(request: HttpRequest) -> str | None:
    """The key of this request's entry, or None when the request may not use the cache.

    The content version is read here, before the page is rendered (see the module's doc)."""
    if not enabled() or request.method not in ("GET", "HEAD"):
        return None
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "HTTP_AUTHORIZATION" in request.META:
        return None  # maybe an editor, or a visitor let into a private page: never read the session here
    query = cached_query(request)
    if query is None or not is_page_path(request.path_info):
        return None
    try:
        host = request.get_host()
    except DisallowedHost:
        return None  # Django answers it with a 400
    language = translation.get_language_from_request(request)
    raw = "\n".join((request.scheme, host, request.path, query, language, content_version()))
    return f"{KEY_PREFIX}:{FORMAT}:{hashlib.sha256(raw.encode()).hexdigest()}"


# --- What may be stored -----------------------------------------------------------------------


def _vary_fields(response: HttpResponse) -> set[str]:
    return {field.strip().lower() for field in cc_delim_re.split(response.get("Vary", "")) if field.strip()}


def _served_page(request: HttpRequest) -> Page | None:
    match = getattr(request, "resolver_match", None)
    route = getattr(request, "_wagtail_route_for_request", None)
    if match is None or match.url_name != PAGE_VIEW or not route:
        return None
    return route[0]


def used_csrf_token(request: HttpRequest, response: HttpResponse) -> bool:
    """Whether rendering asked for the CSRF token. Since Django 4.1 get_token() sets
    CSRF_COOKIE_NEEDS_UPDATE (which CsrfViewMiddleware turns back to False once it has
    set the cookie, so its presence is what counts); older versions set CSRF_COOKIE_USED."""
    return (
        "CSRF_COOKIE_NEEDS_UPDATE" in request.META
        or bool(request.META.get("CSRF_COOKIE_USED"))
        or settings.CSRF_COOKIE_NAME in response.cookies
    )


def storable(request: HttpRequest, response: HttpResponse) -> bool:
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    if used_csrf_token(request, response) or response.cookies or response.has_header("Cache-Control"):
        return False
    if not _vary_fields(response) <= {"accept-language"}:
        return False
    if not getattr(response, "page_cacheable", True):
        return False
    page = _served_page(request)
    if page is None:
        return False
    excluded = {label.lower() for label in getattr(settings, "PAGE_CACHE_EXCLUDED_PAGE_TYPES", ())}
    if page._meta.label_lower in excluded:
        return False
    return not page.get_view_restrictions().exists()


# --- Answers ----------------------------------------------------------------------------------


def etag_for(body: bytes) -> str:
    return f'"{hashlib.sha256(body).hexdigest()[:32]}"'


def etag_matches(request: HttpRequest, etag: str) -> bool:
    """If-None-Match uses the weak comparison (RFC 9110, 13.1.2)."""
    header = request.headers.get("If-None-Match", "")
    if not header:
        return False
    if header.strip() == "*":
        return True
    return etag.removeprefix("W/") in {tag.strip().removeprefix("W/") for tag in header.split(",")}


def served_etag(entry: dict) -> str:
    """The entry's ETag: the body's hash, or, for a page with form stamps, a weak one that
    changes every STAMP_REFRESH_SECONDS (a kept copy's stamps must not grow old)."""
    if not entry.get("stamped"):
        return entry["etag"]
    period = int(time.time() // antispam.STAMP_REFRESH_SECONDS)
    return f'W/"{entry["etag"].strip(chr(34))}-{period}"'


def make_entry(response: HttpResponse) -> dict:
    body = response.content
    entry = {"body": body, "etag": etag_for(body), "stamped": antispam.STAMP_MARK in body}
    response["ETag"] = served_etag(entry)
    response["Cache-Control"] = CACHE_CONTROL
    response["Content-Length"] = str(len(body))
    entry["headers"] = [
        (name, value) for name, value in response.items() if name.lower() not in ("x-page-cache", "etag")
    ]
    return entry


def answer_from(request: HttpRequest, entry: dict) -> HttpResponse:
    etag = served_etag(entry)
    if etag_matches(request, etag):
        response = HttpResponseNotModified()
        for name, value in entry["headers"]:
            if name.lower() in NOT_MODIFIED_HEADERS:
                response[name] = value
        response["ETag"] = etag
        return response
    body = antispam.restamp(entry["body"]) if entry["stamped"] else entry["body"]
    response = HttpResponse(b"" if request.method == "HEAD" else body)
    for name, value in entry["headers"]:
        response[name] = value
    response["ETag"] = etag
    response["Content-Length"] = str(len(body))
    return response


class PageCacheMiddleware:
    """Listed right after WhiteNoise: it answers hits before the session, the locale and
    the CSRF middleware run, and sees misses with every header the others add."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = cache_key(request)
        if key is not None:
            entry = cache.get(key)
            if entry is not None and cache_versions.versions_unchanged(entry.get("versions", {})):
                response = answer_from(request, entry)
                response["X-Page-Cache"] = "hit"
                return response
        with cache_versions.recording_scoped_reads() as scoped_reads:
            response = self.get_response(request)
        if key is not None and storable(request, response):
            entry = make_entry(response)
            entry["versions"] = scoped_reads
            cache.set(key, entry, settings.PAGE_CACHE_TIMEOUT)
            response = answer_from(request, entry) if etag_matches(request, served_etag(entry)) else response
            response["X-Page-Cache"] = "miss"
        elif (
            used_csrf_token(request, response)
            and not response.has_header("Cache-Control")
            and _served_page(request) is not None
        ):
            response["Cache-Control"] = "private, no-cache"  # the visitor's own CSRF token is in it
        return response


# --- The frontend cache (a CDN or Varnish in front) ------------------------------------------


def frontend_cache_configured() -> bool:
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def _queue_urls(urls: Iterable[str]) -> None:
    """Purge the URLs once the change commits (a rolled-back change purges nothing)."""
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    batch = sorted({url for url in urls if url})
    if batch:
        transaction.on_commit(lambda: purge_urls_from_cache(batch))


def _page_urls(page: Page) -> list[str]:
    url = page.get_full_url()
    if not url:
        return []
    return [url + path.lstrip("/") for path in page.specific_deferred.get_cached_paths()]


def _referencing_pages(page: Page) -> Iterable[Page]:
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ReferenceIndex

    ids = (
        ReferenceIndex.get_references_to(page)
        .filter(base_content_type=ContentType.objects.get_for_model(Page))
        .values_list("object_id", flat=True)
    )
    return Page.objects.live().filter(pk__in={int(pk) for pk in ids if str(pk).isascii() and str(pk).isdigit()})


def urls_to_purge(page: Page, *, itself: bool = True) -> set[str]:
    """The page's URLs, its ancestors' (their listings show it) and those of the live pages
    that refer to it."""
    urls: set[str] = set()
    if itself:
        urls.update(_page_urls(page))
    for other in Page.objects.ancestor_of(page).filter(depth__gt=1).live():
        urls.update(_page_urls(other))
    for other in _referencing_pages(page):
        urls.update(_page_urls(other))
    return urls


@receiver(page_published, dispatch_uid="core.page_cache.published")
@receiver(page_unpublished, dispatch_uid="core.page_cache.unpublished")
def purge_on_publication(sender, instance: Page, **kwargs) -> None:
    if frontend_cache_configured():
        # Wagtail's own handler purges the page itself; its listings and referrers are ours.
        _queue_urls(urls_to_purge(instance, itself=False))


@receiver(post_page_move, dispatch_uid="core.page_cache.moved")
def purge_on_move(sender, instance: Page, url_path_before: str = "", url_path_after: str = "", **kwargs) -> None:
    if not frontend_cache_configured():
        return
    urls = urls_to_purge(instance)
    parent_before = kwargs.get("parent_page_before")
    if parent_before is not None and parent_before.pk != instance.get_parent().pk:
        old_parent = Page.objects.filter(pk=parent_before.pk).first()
        if old_parent is not None:
            urls.update(urls_to_purge(old_parent))
    if url_path_before and url_path_before != url_path_after:
        # The old addresses of the page and everything below it, which a cache may still hold.
        for page in [instance, *instance.get_descendants().live()]:
            urls.update(_old_urls(url_path_before + page.url_path[len(url_path_after) :]))
    _queue_urls(urls)


def _old_urls(url_path: str) -> set[str]:
    from wagtail.models import Site

    return {
        root.root_url + "/" + url_path[len(root.root_path) :]
        for root in Site.get_site_root_paths()
        if url_path.startswith(root.root_path)
    }


@receiver(pre_delete, dispatch_uid="core.page_cache.deleted")
def purge_on_delete(sender, instance=None, **kwargs) -> None:
    if isinstance(instance, Page) and frontend_cache_configured() and instance.live:
        _queue_urls(urls_to_purge(instance))


@receiver(post_save, sender=PageViewRestriction, dispatch_uid="core.page_cache.restricted")
@receiver(post_delete, sender=PageViewRestriction, dispatch_uid="core.page_cache.unrestricted")
def purge_on_privacy_change(sender, instance: PageViewRestriction, **kwargs) -> None:
    if not frontend_cache_configured():
        return
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is None:
        return
    urls = urls_to_purge(page)
    for descendant in page.get_descendants().live():
        urls.update(_page_urls(descendant))
    _queue_urls(urls)
