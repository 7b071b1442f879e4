"""Feed autodiscovery: the `<link rel="alternate" type="application/rss+xml">` in every page's head.

Browsers, feed readers and podcast apps given a page's address look for that link to
find the feed. A show's own pages (the show and its episodes) name that show's feed;
every other page, the home page first, names the feed of each live, public show.

Every page asks, so the list is cached under the page tree's version (core.page_tree),
which any publication, unpublication, move, slug change or deletion of a page, any change
to a page's privacy and any change to a site renews: a page costs no query, and the first
page after such a change two (the shows, and the privacy restrictions above them).
"""

from __future__ import annotations

from dataclasses import dataclass

from wagtail.models import Page

from core import site_address
from core.page_privacy import public
from core.page_tree import kept_per_tree

from .models import PodcastShowPage


@dataclass(frozen=True)
class FeedLink:
    title: str
    href: str
    path: str  # the show's place in the page tree: its episodes' paths start with it


def feed_link(show: PodcastShowPage) -> FeedLink | None:
    """The show's feed on the site's public address (as canonical links are), or the address it moved to."""
    parts = show.get_url_parts()
    if parts is None:
        return None
    _site_id, _root_url, page_path = parts
    href = show.new_feed_url or site_address.base_url() + page_path + show.feed_path
    return FeedLink(title=show.title, href=href, path=show.path)


def site_feed_links() -> tuple[FeedLink, ...]:
    """Every live, public show's feed, in the page tree's order."""

    def build() -> tuple[FeedLink, ...]:
        shows = public(PodcastShowPage.objects.live()).order_by("path")
        return tuple(link for link in map(feed_link, shows) if link is not None)

    return kept_per_tree("podcast:feed-links", build)


def feed_links_for(page: Page | None) -> tuple[FeedLink, ...]:
    """The feeds a page names: its own show's on a show or episode page, every show's elsewhere."""
    links = site_feed_links()
    path = getattr(page, "path", "") or ""
    own = tuple(link for link in links if path.startswith(link.path))
    return own or links
