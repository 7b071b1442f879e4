"""The RSS feed of a podcast show, built with feedgen and our own extension, and cached.

The feed follows Apple's and the Podcasting 2.0 rules: RSS 2.0 with the itunes,
content, atom and podcast namespaces, a description within 4000 bytes, HTML limited
to the tags Apple allows, RFC 2822 dates, and a lastBuildDate that is the newest
change rather than the time of the request.

The built feed is cached under a per-show version that the signals in signals.py
bump whenever the show or one of its episodes is published, unpublished, moved or
deleted, so a publication changes the feed and its ETag on the next request.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime
from html import escape, unescape
from html.parser import HTMLParser

from django.core.cache import cache
from django.db.models import Max
from django.http import HttpRequest
from django.utils.html import strip_tags
from feedgen.feed import FeedGenerator
from wagtail.models import PageLogEntry
from wagtail.rich_text import expand_db_html

from core.cache_versions import bump_version, current_version

from .artwork import artwork_rendition_url
from .feed_extension import AllmennEntryExtension, AllmennFeedExtension, Person, Transcript
from .models import PodcastEpisodePage, PodcastShowPage, ShowType

CACHE_TIMEOUT = 60 * 60 * 24
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

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
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


def apple_html(html: str) -> str:
    """HTML reduced to what Apple Podcasts shows: p, ol, ul, li and a with href."""
    parser = _AppleHtml()
    parser.feed(html or "")
    return parser.result()


def episode_html(episode: PodcastEpisodePage) -> str:
    """The item description: cleaned show notes, within Apple's 4000 bytes.

    Cutting HTML in the middle could leave tags open, so notes that are too long
    become plain text cut at a character boundary instead.
    """
    notes = apple_html(expand_db_html(episode.show_notes)) if episode.show_notes else ""
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


def _episode_page_url(episode: PodcastEpisodePage, request: HttpRequest | None) -> str:
    return episode.get_full_url(request) or ""


def feed_episodes(show: PodcastShowPage) -> list[PodcastEpisodePage]:
    """Live, public episodes with audio, in feed order, with what each item needs prefetched."""
    episodes = list(
        show.episodes().select_related("artwork").prefetch_related("people", "chapters", "artwork__renditions")
    )
    if show.show_type == ShowType.SERIAL:
        episodes.reverse()  # show.episodes() is newest first
    return episodes


def last_change(show: PodcastShowPage, episodes: list[PodcastEpisodePage]) -> datetime | None:
    """The newest publication of the show or an episode, or the newest unpublication of an episode."""
    moments = [show.last_published_at, *(episode.last_published_at for episode in episodes)]
    unpublished = PageLogEntry.objects.filter(
        page__path__startswith=show.path, page__depth=show.depth + 1, action="wagtail.unpublish"
    ).aggregate(latest=Max("timestamp"))["latest"]
    moments.append(unpublished)
    moments = [moment for moment in moments if moment is not None]
    return max(moments) if moments else None


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
    if show.podcast_guid:
        extension.guid = str(show.podcast_guid)
    extension.locked = show.podcast_locked
    extension.locked_owner = show.owner_email
    if show.funding_url:
        extension.funding_url = show.funding_url
        extension.funding_text = show.funding_text


def _item(fg: FeedGenerator, episode: PodcastEpisodePage, request: HttpRequest) -> None:
    html = episode_html(episode)
    entry = fg.add_entry(order="append")  # feedgen prepends by default
    entry.title(episode.title)
    entry.link(href=_episode_page_url(episode, request))
    entry.guid(episode.guid, permalink=False)
    entry.description(html)
    entry.content(html, type="CDATA")
    entry.enclosure(episode.audio_url(request), str(episode.audio_size or 0), episode.audio_mime_type or "audio/mpeg")
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
    if episode.artwork_id and episode.artwork is not None:
        extension.image_url = artwork_rendition_url(episode.artwork, request)
    kind = episode.transcript_extension
    if kind:
        url = episode.transcript_url(extension=kind, request=request)
        extension.transcripts = [Transcript(url, TRANSCRIPT_TYPES.get(kind, "text/plain"), episode.language)]
    chapters = list(episode.chapters.all())
    if chapters:
        extension.chapters_url = episode.chapters_url(request)
    extension.people = [Person(name=person.name, role=person.role, href=person.url) for person in episode.people.all()]


def build_feed_and_date(show: PodcastShowPage, request: HttpRequest) -> tuple[bytes, datetime | None]:
    """The show's RSS feed as UTF-8 bytes, and its lastBuildDate (for Last-Modified)."""
    episodes = feed_episodes(show)
    built = last_change(show, episodes)
    fg = FeedGenerator()
    fg.load_extension("podcast")
    fg.register_extension("allmenn", AllmennFeedExtension, AllmennEntryExtension)
    _channel(fg, show, request, built)
    for episode in episodes:
        _item(fg, episode, request)
    return fg.rss_str(pretty=True, encoding="UTF-8", xml_declaration=True), built


# --- The cache -----------------------------------------------------------------------------


@dataclass(frozen=True)
class BuiltFeed:
    body: bytes
    etag: str
    last_modified: datetime | None


def _version_key(show_id: int) -> str:
    return f"allmenn:podcast:feed-version:{show_id}"


def feed_version(show_id: int) -> str:
    return current_version(_version_key(show_id))


def bump_feed_version(show_id: int) -> None:
    bump_version(_version_key(show_id))


def cached_feed(show: PodcastShowPage, request: HttpRequest) -> BuiltFeed:
    """The show's feed with its ETag and Last-Modified, built once per version and address."""
    # The feed holds absolute URLs, so the scheme and host are part of the key.
    origin = hashlib.sha256(request.build_absolute_uri("/").encode()).hexdigest()[:16]
    key = f"allmenn:podcast:feed:{show.pk}:{feed_version(show.pk)}:{origin}"
    built = cache.get(key)
    if built is None:
        body, last_modified = build_feed_and_date(show, request)
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        built = BuiltFeed(body=body, etag=etag, last_modified=last_modified)
        cache.set(key, built, CACHE_TIMEOUT)
    return built
