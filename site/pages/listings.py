"""Listings of pages (the home page's sections, the campaign index): rendered once per
version of what they show (pages in them are filtered for privacy by core.page_privacy).

A listing shows pages' titles, summaries, addresses and images. Every publication,
unpublication, move, deletion or privacy change renews the page tree's version
(core/page_tree.py); a replaced or edited image renews the media version
(core/signals.py); a new release changes the templates. A listing cached under all of
them, the interface language and the Site (page links are relative only on their own
Site) is never stale.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import get_language
from wagtail.models import Site

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
