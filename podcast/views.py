"""The podcast's public views: a show's feed, and an episode's audio, transcripts and chapters.

Called from the routes on PodcastShowPage (``feed/``) and PodcastEpisodePage (``lyd/<filename>``,
``tekstversjon.<ext>``, ``kapitler.json``). The feed answers GET and HEAD from the cache with
ETag, Last-Modified and 304s; the files are served with HEAD and byte ranges.

These addresses are the only way to an episode's files: /media/ never serves ``podcast/``
(core/media.py), and nginx or the bucket must not either. Wagtail routes here only for a live
episode, and its before-serve check answers a private episode (or one in a private show) with
the password form or the login, as for the page, and marks what it lets through as private to
caches. What is left to check here: the show must be live too (unpublishing only the show
leaves its episodes' own rows live), and only the live version's files are served (a draft's
upload has a name of its own and answers 404, or the live file if the names match).
"""

from __future__ import annotations

import hashlib
import io
import json
import os

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponsePermanentRedirect
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from core.ranges import ranged_file_response

from .feed import BuiltFeed, cached_feed
from .transcripts import TRANSCRIPT_CONTENT_TYPES, TranscriptError, parse_transcript, transcript_plain_text

FEED_CONTENT_TYPE = "application/rss+xml; charset=utf-8"
FEED_CACHE_CONTROL = "public, max-age=300"
AUDIO_CACHE_CONTROL = "public, max-age=604800"
TEXT_CACHE_CONTROL = "public, max-age=3600"
CHAPTERS_CONTENT_TYPE = "application/json+chapters"


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
        return _with_feed_headers(not_modified, built)
    response = HttpResponse(b"" if request.method == "HEAD" else built.body, content_type=FEED_CONTENT_TYPE)
    response["Content-Length"] = str(len(built.body))
    return _with_feed_headers(response, built)


def _with_feed_headers(response: HttpResponse, built: BuiltFeed) -> HttpResponse:
    response["ETag"] = built.etag
    if built.last_modified is not None:
        response["Last-Modified"] = http_date(built.last_modified.timestamp())
    response["Cache-Control"] = FEED_CACHE_CONTROL
    return response


def require_live_show(episode) -> None:
    """404 unless the episode's show is live too (Wagtail routes through a parent without asking)."""
    show = episode.get_parent()
    if show is None or not show.live:
        raise Http404


@require_safe
def serve_episode_audio(request: HttpRequest, episode, filename: str) -> HttpResponse:
    require_live_show(episode)
    if not episode.audio_file or os.path.basename(episode.audio_file.name) != filename:
        raise Http404
    response = _serve_stored_file(
        request, episode.audio_file, content_type=episode.audio_mime_type or "audio/mpeg", size=episode.audio_size
    )
    response["Cache-Control"] = AUDIO_CACHE_CONTROL
    return response


@require_safe
def serve_transcript(request: HttpRequest, episode, extension: str) -> HttpResponse:
    require_live_show(episode)
    if extension in ("vtt", "srt"):
        stored = episode.transcript_file
        if not stored or os.path.splitext(stored.name)[1].lower() != f".{extension}":
            raise Http404
        response = _serve_stored_file(
            request, stored, content_type=f"{TRANSCRIPT_CONTENT_TYPES[extension]}; charset=utf-8"
        )
    elif extension == "txt":
        text = plain_transcript(episode)
        if not text:
            raise Http404
        response = _serve_bytes(request, text.encode("utf-8"), content_type="text/plain; charset=utf-8")
    else:
        raise Http404
    response["Cache-Control"] = TEXT_CACHE_CONTROL
    return response


@require_safe
def serve_chapters(request: HttpRequest, episode) -> HttpResponse:
    require_live_show(episode)
    chapters = list(episode.chapters.all())
    if not chapters:
        raise Http404
    body = json.dumps(chapters_document(chapters), ensure_ascii=False, indent=2).encode("utf-8")
    response = _serve_bytes(request, body, content_type=CHAPTERS_CONTENT_TYPE)
    response["Cache-Control"] = TEXT_CACHE_CONTROL
    return response


def chapters_document(chapters) -> dict:
    """Podcasting 2.0 chapters, JSON format 1.2.0."""
    items = []
    for chapter in chapters:
        item = {"startTime": chapter.start_seconds, "title": chapter.title}
        if chapter.url:
            item["url"] = chapter.url
        items.append(item)
    return {"version": "1.2.0", "chapters": items}


def plain_transcript(episode) -> str:
    """The typed transcript, or the text of the uploaded file when nothing was typed."""
    if (episode.transcript_text or "").strip():
        return episode.transcript_text.strip()
    if episode.transcript_file:
        try:
            with episode.transcript_file.storage.open(episode.transcript_file.name, "rb") as handle:
                raw = handle.read()
            return transcript_plain_text(parse_transcript(raw.decode("utf-8-sig"), episode.transcript_file.name))
        except (OSError, UnicodeDecodeError, TranscriptError):
            return ""
    return ""


def _serve_stored_file(request: HttpRequest, field_file, *, content_type: str, size: int | None = None):
    storage, name = field_file.storage, field_file.name
    try:
        handle = storage.open(name, "rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404 from error
    if size is None:
        size = storage.size(name)
    try:
        modified = storage.get_modified_time(name)
    except (NotImplementedError, OSError):
        modified = None
    tag = hashlib.sha1(f"{name}:{size}:{modified}".encode(), usedforsecurity=False).hexdigest()[:20]
    return ranged_file_response(
        request,
        handle,
        content_type=content_type,
        size=size,
        filename=os.path.basename(name),
        last_modified=modified,
        etag=f'"{tag}"',
    )


def _serve_bytes(request: HttpRequest, body: bytes, *, content_type: str) -> HttpResponse:
    etag = '"' + hashlib.sha1(body, usedforsecurity=False).hexdigest()[:20] + '"'
    return ranged_file_response(request, io.BytesIO(body), content_type=content_type, size=len(body), etag=etag)
