"""Listings of pages (the home page's sections, the campaign index): rendered once per
version of what they show, and pages in them looked up without a query for privacy.

A listing shows pages' titles, summaries, addresses and images. Every publication,
unpublication, move, deletion or privacy change renews the page tree's version
(core/page_tree.py); a replaced or edited image renews the media version
(core/signals.py); a new release changes the templates. A listing cached under all of
them, the interface language and the Site (page links are relative only on their own
Site) is never stale.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import get_language
from wagtail.models import PageViewRestriction, Site
from wagtail.query import PageQuerySet

from core.cache_versions import current_version
from core.page_cache import release
from core.page_tree import page_tree_version
from core.signals import MEDIA_VERSION_KEY

# How long a rendered listing is kept: its key changes with what it shows, so this only
# bounds how long an unused one takes room in the cache.
LISTING_TIMEOUT = 60 * 60 * 24


def listing_key(request: HttpRequest) -> str:
    """The versions a rendered listing depends on (templates/pages use it with {% cache %})."""
    site = Site.find_for_request(request)
    return ":".join(
        (
            release(),
            page_tree_version(),
            current_version(MEDIA_VERSION_KEY),
            get_language() or "",
            str(site.pk if site else ""),
        )
    )


def restricted_sections() -> list[tuple[str, int]]:
    """(path, depth) of every page with a view restriction, cached under the page tree's
    version (a restriction added, changed or removed, or a page moved, renews it)."""
    key = f"allmenn:restricted-sections:{page_tree_version()}"
    sections = cache.get(key)
    if sections is None:
        sections = sorted(set(PageViewRestriction.objects.values_list("page__path", "page__depth")))
        cache.set(key, sections, LISTING_TIMEOUT)
    return sections


def public(queryset: PageQuerySet) -> PageQuerySet:
    """Wagtail's `.public()` (no page in or under a restricted section) without its query
    for the restrictions on every call."""
    private = Q()
    for path, depth in restricted_sections():
        private |= Q(path__startswith=path, depth__gte=depth)
    return queryset.exclude(private) if private else queryset
