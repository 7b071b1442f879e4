"""What an episode page shows of its show: the show's link and subscription addresses, and
the episodes next to it.

Every episode of a show shows the same, and all of it follows from published pages (the
show's fields, which episodes are live and public, their titles, order and addresses), so
it is built once per version of the page tree and Site, instead of a query for the show
and one reading every episode of the show on every request (rows that grow with the show).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from wagtail.models import Page, Site

from core.page_tree import kept_per_tree


@dataclass(frozen=True)
class ShowLink:
    title: str
    url: str
    feed_url: str
    apple_podcasts_url: str
    spotify_url: str


@dataclass(frozen=True)
class EpisodeLink:
    pk: int
    title: str
    url: str


@dataclass(frozen=True)
class ShowNavigation:
    show: ShowLink
    episodes: tuple[EpisodeLink, ...]  # the show's listed episodes, newest first

    def neighbours(self, episode_pk: int) -> tuple[EpisodeLink | None, EpisodeLink | None]:
        """(newer, older) next to the episode; (None, None) for one not listed (a draft)."""
        index = next((i for i, episode in enumerate(self.episodes) if episode.pk == episode_pk), None)
        if index is None:
            return None, None
        newer = self.episodes[index - 1] if index > 0 else None
        older = self.episodes[index + 1] if index + 1 < len(self.episodes) else None
        return newer, older


def show_navigation(episode: Page, request: HttpRequest | None) -> ShowNavigation | None:
    """The navigation of the show an episode is under; None when its parent is not a show."""
    from .models import PodcastShowPage

    site = Site.find_for_request(request) if request is not None else None
    show_path = episode.path[: -Page.steplen]

    def build() -> ShowNavigation | bool:
        show = PodcastShowPage.objects.filter(path=show_path).first()
        if show is None:
            return False  # kept as "no show", unlike None, which the cache reads as a miss
        episodes = show.episodes().only("id", "title", "path", "depth", "url_path")
        return ShowNavigation(
            show=ShowLink(
                title=show.title,
                url=show.get_url(request) or "",
                feed_url=show.feed_url(request),
                apple_podcasts_url=show.apple_podcasts_url,
                spotify_url=show.spotify_url,
            ),
            episodes=tuple(EpisodeLink(pk=e.pk, title=e.title, url=e.get_url(request) or "") for e in episodes),
        )

    return kept_per_tree(f"podcast:show-navigation:{site.pk if site else '-'}:{show_path}", build) or None
