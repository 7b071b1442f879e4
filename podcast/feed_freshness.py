"""When a show's feed changes, and building it once: the feed's fingerprint, a Last-Modified
that never goes back, and a single-flight cache.

The fingerprint is read from everything the feed shows, on every request, in four small
queries: the show's row (its live revision, address, guid and artwork), its live, public
episodes (their live revisions, addresses, artwork and publication times), the privacy
restrictions on the show's branch, the Sites (their root pages and addresses) and the
artwork files (a replaced image keeps its id but not its file). Any change to one of them
is a new fingerprint; nothing else makes a new one, so nothing else rebuilds the feed.
Reading it is memoised under the public content version (core.cache_versions), which every
one of those changes renews (a publication, a privacy or Site change, an image's): a
request for an unchanged feed, a 304 most of all, costs no fingerprint query.

Last-Modified (and the feed's lastBuildDate) is kept per show in FeedState: the newest
publication when that is later than what was served before, else the moment the new
fingerprint was first seen. So it never goes back, also when the newest episode is
deleted or unpublished, and a client that sends only If-Modified-Since sees every change.

One process builds a version; the others serve the previous version meanwhile (or, when
there is none, wait for the builder), so a publication under load builds the feed once.
"""

from __future__ import annotations

import gzip
import hashlib
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site

from core import site_address
from core.cache_versions import public_content_version

# Part of every fingerprint: raise it when the feed's markup or what is cached changes, so every cached feed goes.
FEED_FORMAT = "6"
CACHE_TIMEOUT = 60 * 60 * 24 * 7
BUILD_LOCK_SECONDS = 60
WAIT_FOR_BUILDER_SECONDS = 15
GZIP_LEVEL = 6


@dataclass(frozen=True)
class BuiltFeed:
    """A built feed as cached: gzipped only (a twentieth of the size to store and to read back);
    the few clients that take no gzip get it unpacked."""

    gzipped: bytes
    etag: str
    last_modified: datetime

    @property
    def body(self) -> bytes:
        return gzip.decompress(self.gzipped)


def feed_fingerprint(show) -> tuple[str, datetime | None]:
    """A digest of everything the feed shows, and the newest publication among it."""
    episodes = list(
        show.episodes().values_list("pk", "live_revision_id", "url_path", "artwork_id", "last_published_at")
    )
    ancestor_paths = [show.path[:end] for end in range(Page.steplen, len(show.path) + 1, Page.steplen)]
    restrictions = list(
        PageViewRestriction.objects.filter(Q(page__path__in=ancestor_paths) | Q(page__path__startswith=show.path))
        .order_by("pk")
        .values_list("pk", "page_id", "restriction_type", "password")
    )
    sites = list(Site.objects.order_by("pk").values_list("pk", "hostname", "port", "root_page_id", "is_default_site"))
    artwork_ids = {show.artwork_id, *(row[3] for row in episodes)} - {None}
    artworks = list(
        get_image_model()
        .objects.filter(pk__in=artwork_ids)
        .order_by("pk")
        .values_list("pk", "file", "width", "height", "focal_point_x", "focal_point_y", "focal_point_width")
    )
    show_row = (
        show.pk,
        show.live,
        show.live_revision_id,
        show.url_path,
        str(show.podcast_guid or ""),
        show.new_feed_url,
        show.artwork_id,
        show.last_published_at,
    )
    parts = (FEED_FORMAT, site_address.base_url(), show_row, episodes, restrictions, sites, artworks)
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    published = [moment for moment in (show.last_published_at, *(row[4] for row in episodes)) if moment]
    return digest, max(published) if published else None


def current_fingerprint(show) -> tuple[str, datetime | None]:
    """feed_fingerprint(show), read once per public content version and site address.

    The version is read first, so a fingerprint read while a change was still uncommitted
    is kept under the version from before it, which that change's commit renews.
    """
    key = f"allmenn:podcast:fingerprint:{show.pk}:{public_content_version()}"
    address = site_address.base_url()
    memo = cache.get(key)
    if memo is not None and memo[0] == address:
        return memo[1], memo[2]
    fingerprint, newest = feed_fingerprint(show)
    cache.set(key, (address, fingerprint, newest), CACHE_TIMEOUT)
    return fingerprint, newest


def feed_last_modified(show, fingerprint: str, newest_publication: datetime | None) -> datetime:
    """The show's Last-Modified for this fingerprint: never earlier than one served before."""
    from .models import FeedState

    state = FeedState.objects.filter(show_id=show.pk).first()
    if state is not None and state.fingerprint == fingerprint:
        return state.last_modified
    now = timezone.now().replace(microsecond=0)
    candidate = (newest_publication or now).replace(microsecond=0)
    if state is not None and candidate <= state.last_modified:
        # The change has no later publication (a deletion, a restriction, a new address):
        # it happened now, as far as any client can tell.
        candidate = max(now, state.last_modified + timedelta(seconds=1))
    with transaction.atomic():
        current = FeedState.objects.select_for_update().filter(show_id=show.pk).first()
        if current is None:
            FeedState.objects.create(show_id=show.pk, fingerprint=fingerprint, last_modified=candidate)
        elif current.fingerprint == fingerprint:
            return current.last_modified  # another process got here first
        else:
            candidate = max(candidate, current.last_modified + timedelta(seconds=1))
            current.fingerprint, current.last_modified = fingerprint, candidate
            current.save(update_fields=["fingerprint", "last_modified"])
    return candidate


def cached_feed(show, request: HttpRequest, build) -> BuiltFeed:
    """The show's current feed, built once per fingerprint and address by one process.

    `build(show, request, last_modified)` returns the feed's bytes.
    """
    fingerprint, newest = current_fingerprint(show)
    # The feed holds absolute URLs, so the scheme and host are part of the key.
    origin = hashlib.sha256(request.build_absolute_uri("/").encode()).hexdigest()[:16]
    key = f"allmenn:podcast:feed:{show.pk}:{origin}:{fingerprint[:32]}"
    latest_key = f"allmenn:podcast:feed-latest:{show.pk}:{origin}"
    built = cache.get(key)
    if built is not None:
        return built
    last_modified = feed_last_modified(show, fingerprint, newest)
    lock_key = f"{key}:building"
    if not cache.add(lock_key, 1, BUILD_LOCK_SECONDS):
        previous_key = cache.get(latest_key)
        previous = cache.get(previous_key) if previous_key else None
        if previous is not None:
            return previous  # a builder is at work: the version before it, until it is done
        deadline = time.monotonic() + WAIT_FOR_BUILDER_SECONDS
        while time.monotonic() < deadline:
            time.sleep(0.05)
            if (built := cache.get(key)) is not None:
                return built
        # The builder is slow or gone: build it here rather than keep the reader waiting.
    try:
        body = build(show, request, last_modified)
        built = BuiltFeed(
            gzipped=gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0),
            etag='"' + hashlib.sha256(body).hexdigest()[:32] + '"',
            last_modified=last_modified,
        )
        cache.set(key, built, CACHE_TIMEOUT)
        cache.set(latest_key, key, CACHE_TIMEOUT)  # which version to serve while the next is built
    finally:
        cache.delete(lock_key)
    return built
