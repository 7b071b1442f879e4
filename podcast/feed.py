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
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import format_datetime
from urllib.parse import quote

from django.http import HttpRequest
from feedgen.feed import FeedGenerator
from lxml import etree
from wagtail.images import get_image_model

from . import feed_freshness
from .artwork import artwork_rendition_url
from .feed_extension import ITUNES_NS, PODCAST_NS, AllmennFeedExtension, Person
from .feed_freshness import BuiltFeed
from .models import (
    EpisodeChapter,
    EpisodePerson,
    PodcastEpisodePage,
    PodcastShowPage,
    ShowType,
    transcript_extension_of,
)
from .show_notes import description_html, truncate_utf8, xml_text

TRANSCRIPT_TYPES = {"vtt": "text/vtt", "srt": "application/x-subrip", "txt": "text/plain"}


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


CONTENT_ENCODED = "{http://purl.org/rss/1.0/modules/content/}encoded"
ITUNES = {tag: f"{{{ITUNES_NS}}}{tag}" for tag in ("duration", "season", "episode", "episodeType", "explicit", "image")}
PODCAST = {tag: f"{{{PODCAST_NS}}}{tag}" for tag in ("transcript", "chapters", "person")}


def _write_item(channel: etree._Element, episode: FeedEpisode, links: FeedLinks) -> None:
    """One <item>, written straight into the channel.

    feedgen's entry objects cost more per item than everything else in the feed (a dozen
    validating setters, extension objects, a second pass to write the elements); items are
    plain data here, so they are written with lxml directly, tag for tag what feedgen and our
    extension wrote before.
    """
    add = etree.SubElement
    html = description_html(episode.show_notes, episode.summary, episode.title, links.show_url)
    item = add(channel, "item")
    add(item, "title").text = xml_text(episode.title)
    add(item, "link").text = links.page(episode)
    add(item, "description").text = etree.CDATA(html)  # HTML that Apple and most apps read from CDATA
    add(item, CONTENT_ENCODED).text = etree.CDATA(html)
    add(item, "guid", isPermaLink="false").text = episode.guid
    add(
        item,
        "enclosure",
        url=links.audio(episode),
        length=str(episode.audio_size or 0),
        type=episode.audio_mime_type or "audio/mpeg",
    )
    if episode.first_published_at:
        add(item, "pubDate").text = format_datetime(episode.first_published_at)
    if episode.audio_duration is not None:
        add(item, ITUNES["duration"]).text = str(round(episode.audio_duration))
    if episode.season:
        add(item, ITUNES["season"]).text = str(episode.season)
    if episode.episode_number:
        add(item, ITUNES["episode"]).text = str(episode.episode_number)
    add(item, ITUNES["episodeType"]).text = episode.episode_type
    add(item, ITUNES["explicit"]).text = "true" if episode.explicit else "false"
    if episode.artwork is not None:
        add(item, ITUNES["image"], href=links.artwork(episode.artwork))
    kind = episode.transcript_extension
    if kind:
        transcript = add(
            item,
            PODCAST["transcript"],
            url=links.transcript(episode, kind),
            type=TRANSCRIPT_TYPES.get(kind, "text/plain"),
        )
        if episode.language:
            transcript.set("language", episode.language)
        if kind in ("vtt", "srt"):
            transcript.set("rel", "captions")  # timed cues that players can show as subtitles
    if episode.has_chapters:
        add(item, PODCAST["chapters"], url=links.chapters(episode), type="application/json+chapters")
    for person in episode.feed_people:
        element = add(item, PODCAST["person"], role=person.role, group=person.group)
        if person.href:
            element.set("href", person.href)
        element.text = xml_text(person.name)


def build_feed(show: PodcastShowPage, request: HttpRequest, last_modified: datetime | None) -> bytes:
    """The show's RSS feed as UTF-8 bytes, with `last_modified` as its lastBuildDate.

    feedgen writes the channel; the items are appended to it (see _write_item).
    """
    episodes = feed_episodes(show)
    links = FeedLinks(show, request)
    fg = FeedGenerator()
    fg.load_extension("podcast")
    fg.register_extension("allmenn", AllmennFeedExtension)
    _channel(fg, show, request, last_modified)
    parser = etree.XMLParser(remove_blank_text=True)  # so that the whole feed is indented alike
    rss = etree.fromstring(fg.rss_str(pretty=False, encoding="UTF-8", xml_declaration=True), parser)
    channel = rss[0]
    for episode in episodes:
        _write_item(channel, episode, links)
    return etree.tostring(rss, pretty_print=True, encoding="UTF-8", xml_declaration=True)


# --- Serving: the cache, the fingerprint and Last-Modified live in feed_freshness.py ---------


def cached_feed(show: PodcastShowPage, request: HttpRequest) -> BuiltFeed:
    """The show's current feed with its ETag, Last-Modified and gzipped bytes."""
    return feed_freshness.cached_feed(show, request, build_feed)
