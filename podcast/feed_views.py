"""Serving the feed: GET and HEAD, cached, with ETag, Last-Modified and 304s.

The built feed is cached under a per-show version that the signals in signals.py
bump whenever the show or one of its episodes is published, unpublished, moved or
deleted, so a publication changes the feed and its ETag on the next request.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponsePermanentRedirect
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from .feed import build_feed_and_date

CONTENT_TYPE = "application/rss+xml; charset=utf-8"
CACHE_CONTROL = "public, max-age=300"
TIMEOUT = 60 * 60 * 24


@dataclass(frozen=True)
class BuiltFeed:
    body: bytes
    etag: str
    last_modified: datetime | None


def _version_key(show_id: int) -> str:
    return f"allmenn:podcast:feed-version:{show_id}"


def feed_version(show_id: int) -> str:
    version = cache.get(_version_key(show_id))
    if version is None:
        cache.add(_version_key(show_id), uuid.uuid4().hex, None)
        version = cache.get(_version_key(show_id)) or "0"
    return version


def bump_feed_version(show_id: int) -> None:
    cache.set(_version_key(show_id), uuid.uuid4().hex, None)


def cached_feed(show, request: HttpRequest) -> BuiltFeed:
    # The feed holds absolute URLs, so the scheme and host are part of the key.
    origin = hashlib.sha256(request.build_absolute_uri("/").encode()).hexdigest()[:16]
    key = f"allmenn:podcast:feed:{show.pk}:{feed_version(show.pk)}:{origin}"
    built = cache.get(key)
    if built is None:
        body, last_modified = build_feed_and_date(show, request)
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        built = BuiltFeed(body=body, etag=etag, last_modified=last_modified)
        cache.set(key, built, TIMEOUT)
    return built


def _with_headers(response: HttpResponse, built: BuiltFeed) -> HttpResponse:
    response["ETag"] = built.etag
    if built.last_modified is not None:
        response["Last-Modified"] = http_date(built.last_modified.timestamp())
    response["Cache-Control"] = CACHE_CONTROL
    return response


def serve_feed(request: HttpRequest, show) -> HttpResponse:
    """The show's feed; a 301 to the new address once the show has moved."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    if show.new_feed_url:
        return HttpResponsePermanentRedirect(show.new_feed_url)
    show.ensure_podcast_guid(request)
    built = cached_feed(show, request)
    last_modified = int(built.last_modified.timestamp()) if built.last_modified else None
    not_modified = get_conditional_response(request, etag=built.etag, last_modified=last_modified)
    if not_modified is not None:
        return _with_headers(not_modified, built)
    response = HttpResponse(b"" if request.method == "HEAD" else built.body, content_type=CONTENT_TYPE)
    response["Content-Length"] = str(len(built.body))
    return _with_headers(response, built)
