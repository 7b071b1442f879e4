"""The RSS feed of a podcast show, built with feedgen and our own extension, and cached.

The feed follows Apple's and the Podcasting 2.0 rules: RSS 2.0 with the itunes,
content, atom and podcast namespaces, a description within 4000 bytes, HTML limited
to the tags Apple allows (links made absolute), RFC 2822 dates, and a lastBuildDate
that is the feed's Last-Modified rather than the time of the request.

When the feed changes and how it is cached is feed_freshness.py's: any change to what
the feed shows is a new fingerprint, seen on the next request.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from html import escape, unescape
from html.parser import HTMLParser
from urllib.parse import quote, urljoin

from django.http import HttpRequest
from django.utils.html import strip_tags
from feedgen.feed import FeedGenerator
from wagtail.images import get_image_model
from wagtail.rich_text import expand_db_html

from . import feed_freshness
from .artwork import artwork_rendition_url
from .feed_extension import AllmennEntryExtension, AllmennFeedExtension, Person, Transcript
from .feed_freshness import BuiltFeed
from .models import (
    EpisodeChapter,
    EpisodePerson,
    PodcastEpisodePage,
    PodcastShowPage,
    ShowType,
    transcript_extension_of,
)

DESCRIPTION_MAX_BYTES = 4000
TRANSCRIPT_TYPES = {"vtt": "text/vtt", "srt": "application/x-subrip", "txt": "text/plain"}
ALLOWED_TAGS = {"p", "ol", "ul", "li", "a"}
DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "template", "noscript"}
SAFE_URL_SCHEMES = ("http://", "https://", "mailto:")


def truncate_utf8(text: str, max_bytes: int = DESCRIPTION_MAX_BYTES) -> str:
    """Cut text to at most max_bytes of UTF-8 without splitting a character (æ, ø and å take two)."""
    encoded = text.encode("utf-8")
    if len(encoded) <= max_bytes:
        return text
    ellipsis = "…" if max_bytes >= len("…".encode()) else ""
    cut = encoded[: max_bytes - len(ellipsis.encode())].decode("utf-8", errors="ignore")
    return cut.rstrip() + ellipsis


class _AppleHtml(HTMLParser):
    """Keeps p, ol, ul, li and a[href]; drops other tags but keeps their text, and
    drops script and style with their content."""

    def __init__(self, base_url: str = "") -> None:
        super().__init__(convert_charrefs=True)
        self.base_url = base_url
        self.parts: list[str] = []
        self.open: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in DROPPED_WITH_CONTENT:
            self.skipping += 1
            return
        if self.skipping or tag not in ALLOWED_TAGS:
            if tag == "br" and not self.skipping:
                self.parts.append(" ")
            return
        if tag == "a":
            href = (dict(attrs).get("href") or "").strip()
            if href and self.base_url and not href.lower().startswith(SAFE_URL_SCHEMES):
                # A link to one of our pages or documents is relative; a podcast app has no page to resolve it against.
                href = urljoin(self.base_url, href)
            if not href.lower().startswith(SAFE_URL_SCHEMES):
                self.open.append("")  # a link without a safe target keeps only its text
                return
            self.parts.append(f'<a href="{escape(href)}">')
        else:
            self.parts.append(f"<{tag}>")
        self.open.append(tag)

    def handle_endtag(self, tag):
        if tag in DROPPED_WITH_CONTENT:
            self.skipping = max(0, self.skipping - 1)
            return
        if self.skipping or tag not in ALLOWED_TAGS:
            return
        if tag in self.open:
            while self.open:
                current = self.open.pop()
                if current:
                    self.parts.append(f"</{current}>")
                if current == tag or (current == "" and tag == "a"):
                    break

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(escape(data, quote=False))

    def result(self) -> str:
        self.close()
        closing = [f"</{tag}>" for tag in reversed(self.open) if tag]
        return "".join(self.parts + closing).replace("]]>", "]]&gt;").strip()


def apple_html(html: str, base_url: str = "") -> str:
    """HTML reduced to what Apple Podcasts shows: p, ol, ul, li and a with href (made absolute against base_url)."""
    parser = _AppleHtml(base_url)
    parser.feed(html or "")
    return parser.result()


def episode_html(episode: PodcastEpisodePage | FeedEpisode, base_url: str = "") -> str:
    """The item description: cleaned show notes, within Apple's 4000 bytes.

    Cutting HTML in the middle could leave tags open, so notes that are too long
    become plain text cut at a character boundary instead.
    """
    notes = apple_html(expand_db_html(episode.show_notes), base_url) if episode.show_notes else ""
    if notes and len(notes.encode("utf-8")) <= DESCRIPTION_MAX_BYTES:
        return notes
    if notes:
        text = re.sub(r"\s+", " ", unescape(strip_tags(notes))).strip()
        limit = budget = DESCRIPTION_MAX_BYTES - len("<p></p>")
        html = escape(truncate_utf8(text, budget), quote=False)
        while len(html.encode("utf-8")) > limit:  # escaping (&amp;) made it longer: cut more
            budget -= len(html.encode("utf-8")) - limit
            html = escape(truncate_utf8(text, budget), quote=False)
        return f"<p>{html}</p>"
    return f"<p>{escape(episode.summary or episode.title, quote=False)}</p>"


class FeedLinks:
    """Every absolute address an item needs, from the show's address and the episode's slug.

    An episode is a child of its show, so its page is the show's address plus its slug, and
    its files are fixed routes below that (PodcastEpisodePage's subpage routes). Reversing
    each route once for the whole feed, instead of walking the tree and the URL resolver for
    every item, is most of what makes a feed of a thousand episodes cheap.
    """

    PLACEHOLDER = "allmennplaceholder0"  # fits every route's pattern, appears in none

    def __init__(self, show: PodcastShowPage, request: HttpRequest | None) -> None:
        self.show_url = show.get_full_url(request) or ""
        self.request = request
        probe = PodcastEpisodePage(slug=self.PLACEHOLDER)
        self._audio = probe.reverse_subpage("audio", args=[self.PLACEHOLDER])
        self._transcript = probe.reverse_subpage("transcript", args=[self.PLACEHOLDER])
        self._chapters = probe.reverse_subpage("chapters")
        self._artwork: dict[int, str] = {}

    def page(self, episode: FeedEpisode) -> str:
        return f"{self.show_url}{quote(episode.slug)}/" if self.show_url else ""

    def audio(self, episode: FeedEpisode) -> str:
        filename = quote(episode.audio_filename)
        return self.page(episode) + self._audio.replace(self.PLACEHOLDER, filename) if filename else ""

    def transcript(self, episode: FeedEpisode, extension: str) -> str:
        return self.page(episode) + self._transcript.replace(self.PLACEHOLDER, extension)

    def chapters(self, episode: FeedEpisode) -> str:
        return self.page(episode) + self._chapters

    def artwork(self, image) -> str:
        """An image's square rendition, looked up once per image however many episodes share it."""
        if image.pk not in self._artwork:
            self._artwork[image.pk] = artwork_rendition_url(image, self.request)
        return self._artwork[image.pk]


@dataclass(slots=True)
class FeedEpisode:
    """What an item shows of a live episode, read as plain values: building a thousand page
    objects (Wagtail's and modelcluster's constructors) cost more than the rest of the feed."""

    pk: int
    slug: str
    title: str
    guid: str
    show_notes: str
    summary: str
    audio_file: str
    audio_size: int | None
    audio_mime_type: str
    first_published_at: datetime | None
    audio_duration: float | None
    season: int | None
    episode_number: int | None
    episode_type: str
    explicit: bool
    artwork_id: int | None
    transcript_file: str
    transcript_text: str
    language: str
    artwork: object = None
    feed_people: list[Person] = field(default_factory=list)
    has_chapters: bool = False

    @property
    def audio_filename(self) -> str:
        return os.path.basename(self.audio_file)

    @property
    def transcript_extension(self) -> str:
        return transcript_extension_of(self.transcript_file, self.transcript_text)


# The columns read: every field but the related objects attached afterwards.
FEED_EPISODE_FIELDS = tuple(
    name for name in FeedEpisode.__dataclass_fields__ if name not in ("artwork", "feed_people", "has_chapters")
)


def feed_episodes(show: PodcastShowPage) -> list[FeedEpisode]:
    """Live, public episodes with audio, in feed order, each with its artwork, people and chapters.

    One query each for the episodes, their artwork, people and chapters, however many there are.
    """
    rows = show.episodes().values_list(*FEED_EPISODE_FIELDS)
    episodes = [FeedEpisode(**dict(zip(FEED_EPISODE_FIELDS, row, strict=True))) for row in rows]
    if show.show_type == ShowType.SERIAL:
        episodes.reverse()  # show.episodes() is newest first
    ids = [episode.pk for episode in episodes]
    artwork = get_image_model().objects.in_bulk({episode.artwork_id for episode in episodes} - {None})
    people = defaultdict(list)
    for page_id, name, role, url in (
        EpisodePerson.objects.filter(page_id__in=ids)
        .order_by("sort_order", "pk")
        .values_list("page_id", "name", "role", "url")
    ):
        people[page_id].append(Person(name=name, role=role, href=url))
    with_chapters = set(EpisodeChapter.objects.filter(page_id__in=ids).values_list("page_id", flat=True).distinct())
    for episode in episodes:
        episode.feed_people, episode.has_chapters = people[episode.pk], episode.pk in with_chapters
        episode.artwork = artwork.get(episode.artwork_id)
    return episodes


def _channel(fg: FeedGenerator, show: PodcastShowPage, request: HttpRequest, built: datetime | None) -> None:
    description = truncate_utf8(show.description or show.summary or show.title)
    page_url = show.get_full_url(request) or ""
    fg.title(show.title)
    fg.link(href=show.feed_url(request), rel="self", type="application/rss+xml")
    fg.link(href=page_url, rel="alternate")  # feedgen takes the last link as the RSS <link>
    fg.description(description)
    fg.language(show.language)
    fg.generator("Allmenn")
    if built is not None:
        fg.lastBuildDate(built)
    if show.copyright:
        fg.copyright(show.copyright)

    fg.podcast.itunes_author(show.author)
    fg.podcast.itunes_owner(name=show.owner_name, email=show.owner_email)
    category = {"cat": show.apple_category}
    if show.apple_subcategory:
        category["sub"] = show.apple_subcategory
    fg.podcast.itunes_category(category)
    fg.podcast.itunes_summary(description)
    fg.podcast.itunes_type(show.show_type)
    if show.new_feed_url:
        fg.podcast.itunes_new_feed_url(show.new_feed_url)

    extension: AllmennFeedExtension = fg.allmenn
    extension.explicit = show.explicit
    if show.artwork_id:
        image_url = artwork_rendition_url(show.artwork, request)
        fg.image(url=image_url, title=show.title, link=page_url)
        fg.podcast.itunes_image(image_url)  # feedgen drops it unless it ends in .jpg/.png
        extension.image_url = image_url  # so we write it ourselves if feedgen did
    guid = show.ensure_podcast_guid()  # set by an administrator, or derived from the site's public address
    if guid:
        extension.guid = str(guid)
    extension.locked = show.podcast_locked
    extension.locked_owner = show.owner_email
    if show.funding_url:
        extension.funding_url = show.funding_url
        extension.funding_text = show.funding_text
    extension.people = [Person(name=person.name, role=person.role, href=person.url) for person in show.people.all()]


def _item(fg: FeedGenerator, episode: FeedEpisode, request: HttpRequest, links: FeedLinks) -> None:
    html = episode_html(episode, links.show_url)
    entry = fg.add_entry(order="append")  # feedgen prepends by default
    entry.title(episode.title)
    entry.link(href=links.page(episode))
    entry.guid(episode.guid, permalink=False)
    entry.description(html)
    entry.content(html, type="CDATA")
    entry.enclosure(links.audio(episode), str(episode.audio_size or 0), episode.audio_mime_type or "audio/mpeg")
    if episode.first_published_at:
        entry.pubDate(episode.first_published_at)
    if episode.audio_duration is not None:
        entry.podcast.itunes_duration(round(episode.audio_duration))
    if episode.season:
        entry.podcast.itunes_season(episode.season)
    if episode.episode_number:
        entry.podcast.itunes_episode(episode.episode_number)
    entry.podcast.itunes_episode_type(episode.episode_type)

    extension: AllmennEntryExtension = entry.allmenn
    extension.description_html = html
    extension.explicit = episode.explicit
    if episode.artwork is not None:
        extension.image_url = links.artwork(episode.artwork)
    kind = episode.transcript_extension
    if kind:
        url = links.transcript(episode, kind)
        rel = "captions" if kind in ("vtt", "srt") else ""  # timed cues that players can show as subtitles
        extension.transcripts = [Transcript(url, TRANSCRIPT_TYPES.get(kind, "text/plain"), episode.language, rel)]
    if episode.has_chapters:
        extension.chapters_url = links.chapters(episode)
    extension.people = episode.feed_people


def build_feed(show: PodcastShowPage, request: HttpRequest, last_modified: datetime | None) -> bytes:
    """The show's RSS feed as UTF-8 bytes, with `last_modified` as its lastBuildDate."""
    episodes = feed_episodes(show)
    links = FeedLinks(show, request)
    fg = FeedGenerator()
    fg.load_extension("podcast")
    fg.register_extension("allmenn", AllmennFeedExtension, AllmennEntryExtension)
    _channel(fg, show, request, last_modified)
    for episode in episodes:
        _item(fg, episode, request, links)
    return fg.rss_str(pretty=True, encoding="UTF-8", xml_declaration=True)


# --- Serving: the cache, the fingerprint and Last-Modified live in feed_freshness.py ---------


def cached_feed(show: PodcastShowPage, request: HttpRequest) -> BuiltFeed:
    """The show's current feed with its ETag, Last-Modified and gzipped bytes."""
    return feed_freshness.cached_feed(show, request, build_feed)
