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

With object storage (MEDIA_STORAGE=s3) the files are private objects: once these checks pass,
the audio address (and a transcript too big to hold) answers with a redirect to a short-lived
signed URL, and the bucket serves the byte ranges. The feed keeps the episode's own address.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
from functools import wraps

from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
)
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

from core.media_storage import is_remote
from core.ranges import ranged_file_response

from .feed import BuiltFeed, cached_feed
from .transcripts import TRANSCRIPT_CONTENT_TYPES, TranscriptError, parse_transcript, transcript_plain_text

FEED_CONTENT_TYPE = "application/rss+xml; charset=utf-8"
FEED_CACHE_CONTROL = "public, max-age=300"
AUDIO_CACHE_CONTROL = "public, max-age=604800"
TEXT_CACHE_CONTROL = "public, max-age=3600"
CHAPTERS_CONTENT_TYPE = "application/json+chapters"
# Transcripts up to this size are read whole and may be gzipped; bigger ones stream with ranges.
MAX_TEXT_BYTES = 5 * 1024 * 1024
MIN_GZIP_BYTES = 256


def serve_feed(request: HttpRequest, show) -> HttpResponse:
    """The show's feed; a 301 to the new address once the show has moved."""
    if request.method == "OPTIONS":
        return open_to_every_origin(HttpResponse(status=204))
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD", "OPTIONS"])
    if show.new_feed_url:
        return HttpResponsePermanentRedirect(show.new_feed_url)
    show.ensure_podcast_guid(request)
    built = cached_feed(show, request)
    gzipped = accepts_gzip(request)
    etag = gzip_etag(built.etag) if gzipped else built.etag
    last_modified = int(built.last_modified.timestamp())
    not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if not_modified is not None:
        return _with_feed_headers(not_modified, built, etag)
    body = built.gzipped if gzipped else built.body
    response = HttpResponse(b"" if request.method == "HEAD" else body, content_type=FEED_CONTENT_TYPE)
    response["Content-Length"] = str(len(body))
    if gzipped:
        response["Content-Encoding"] = "gzip"
    response["Content-Language"] = show.language  # the show's, not the visitor's interface language
    return _with_feed_headers(response, built, etag)


def _with_feed_headers(response: HttpResponse, built: BuiltFeed, etag: str) -> HttpResponse:
    response["ETag"] = etag
    response["Last-Modified"] = http_date(built.last_modified.timestamp())
    response["Cache-Control"] = FEED_CACHE_CONTROL
    patch_vary_headers(response, ("Accept-Encoding",))
    return open_to_every_origin(response)


# --- Headers every public podcast address shares ----------------------------------------------


def accepts_gzip(request: HttpRequest) -> bool:
    """Whether Accept-Encoding admits gzip (a q=0 refuses it)."""
    for part in request.headers.get("Accept-Encoding", "").lower().split(","):
        coding, _, params = part.strip().partition(";")
        if coding.strip() in ("gzip", "*"):
            return params.replace(" ", "") not in ("q=0", "q=0.0", "q=0.00", "q=0.000")
    return False


def gzip_etag(etag: str) -> str:
    """The gzipped body is another representation, so it has a strong tag of its own."""
    return etag[:-1] + '-gz"'


def open_to_every_origin(response: HttpResponse) -> HttpResponse:
    """CORS for web players: the feed and a public episode's files may be read by any site.

    A private episode's file reaches a visitor only after Wagtail's password or login check,
    that is with a cookie, and browsers never hand a credentialed answer under `*` to
    another site's script; Wagtail also marks those answers private to caches.
    """
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
    response["Access-Control-Allow-Headers"] = "Range, If-None-Match, If-Modified-Since, If-Range"
    response["Access-Control-Expose-Headers"] = (
        "Content-Length, Content-Range, Accept-Ranges, Content-Encoding, ETag, Last-Modified"
    )
    response["Access-Control-Max-Age"] = "86400"
    # The body is the same in every language: LocaleMiddleware must not add Vary: Accept-Language.
    response.language_independent = True
    return response


def preflight(route_args: tuple, route_names: tuple[str, ...]) -> HttpResponse | None:
    """The CORS preflight answer when Wagtail routed OPTIONS to one of these routes, else None.

    Wagtail answers OPTIONS before any route runs (its before_serve_page hook calls the page's
    handle_options_request with the route's view as the first argument).
    """
    view = route_args[0] if route_args else None
    if isinstance(view, tuple):  # the hook passes the route result's args whole: (view, args, kwargs)
        view = view[0] if view else None
    if getattr(view, "__name__", None) not in route_names:
        return None
    return open_to_every_origin(HttpResponse(status=204, headers={"Allow": "GET, HEAD, OPTIONS"}))


def cacheable(response: HttpResponse, cache_control: str) -> HttpResponse:
    """Long caching for a file or a 304; an error (416) must not be kept."""
    response["Cache-Control"] = cache_control if response.status_code in (200, 206, 304) else "no-store"
    return response


def public_file_view(view):
    """GET and HEAD of an episode's file, an OPTIONS preflight, and CORS on every answer."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method == "OPTIONS":
            return open_to_every_origin(HttpResponse(status=204))
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD", "OPTIONS"])
        response = view(request, *args, **kwargs)
        language = getattr(args[0] if args else None, "language", "")
        if language and response.status_code in (200, 206):
            response["Content-Language"] = language  # the episode's, not the visitor's interface language
        return open_to_every_origin(response)

    return wrapper


def require_live_show(episode) -> None:
    """404 unless the episode's show is live too (Wagtail routes through a parent without asking)."""
    show = episode.get_parent()
    if show is None or not show.live:
        raise Http404


@public_file_view
def serve_episode_audio(request: HttpRequest, episode, filename: str) -> HttpResponse:
    require_live_show(episode)
    if not episode.audio_file or os.path.basename(episode.audio_file.name) != filename:
        raise Http404
    response = _serve_stored_file(
        request, episode.audio_file, content_type=episode.audio_mime_type or "audio/mpeg", size=episode.audio_size
    )
    return cacheable(response, AUDIO_CACHE_CONTROL)


@public_file_view
def serve_transcript(request: HttpRequest, episode, extension: str) -> HttpResponse:
    require_live_show(episode)
    if extension in ("vtt", "srt"):
        stored = episode.transcript_file
        if not stored or os.path.splitext(stored.name)[1].lower() != f".{extension}":
            raise Http404
        response = _serve_stored_text(
            request, stored, content_type=f"{TRANSCRIPT_CONTENT_TYPES[extension]}; charset=utf-8"
        )
    elif extension == "txt":
        text = plain_transcript(episode)
        if not text:
            raise Http404
        response = _serve_bytes(request, text.encode("utf-8"), content_type="text/plain; charset=utf-8")
    else:
        raise Http404
    return cacheable(response, TEXT_CACHE_CONTROL)


@public_file_view
def serve_chapters(request: HttpRequest, episode) -> HttpResponse:
    require_live_show(episode)
    chapters = list(episode.chapters.all())
    if not chapters:
        raise Http404
    body = json.dumps(chapters_document(chapters), ensure_ascii=False, indent=2).encode("utf-8")
    response = _serve_bytes(request, body, content_type=CHAPTERS_CONTENT_TYPE)
    return cacheable(response, TEXT_CACHE_CONTROL)


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
    if is_remote(storage):
        return _redirect_to_signed_url(request, storage, name, content_type=content_type)
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
    etag = f'"{tag}"'
    not_modified = get_conditional_response(
        request, etag=etag, last_modified=int(modified.timestamp()) if modified else None
    )
    if not_modified is not None:
        handle.close()
        return not_modified
    return ranged_file_response(
        request,
        handle,
        content_type=content_type,
        size=size,
        filename=os.path.basename(name),
        last_modified=modified,
        etag=etag,
    )


def _redirect_to_signed_url(request: HttpRequest, storage, name: str, *, content_type: str) -> HttpResponse:
    """A bucket serves the file itself, with ranges, at a short-lived signed URL for this method.

    The episode's address stays the enclosure URL; every request to it runs the checks above
    before it is sent on, and the object stays private. The signature covers the method, so a
    HEAD gets a URL signed for HEAD, and the Content-Type the bucket answers with is ours.
    """
    try:
        url = storage.url(name, parameters={"ResponseContentType": content_type}, http_method=request.method)
    except (OSError, ValueError) as error:
        raise Http404 from error
    response = HttpResponseRedirect(url)
    # The signed URL expires: neither a browser nor a shared cache may keep this answer.
    response["Cache-Control"] = "no-store"
    return response


def _serve_stored_text(request: HttpRequest, field_file, *, content_type: str) -> HttpResponse:
    """A transcript file: small text, read whole so that it can be gzipped like the feed."""
    try:
        with field_file.storage.open(field_file.name, "rb") as handle:
            body = handle.read(MAX_TEXT_BYTES + 1)
    except (FileNotFoundError, OSError) as error:
        raise Http404 from error
    if len(body) > MAX_TEXT_BYTES:
        return _serve_stored_file(request, field_file, content_type=content_type)
    return _serve_bytes(request, body, content_type=content_type)


def _serve_bytes(request: HttpRequest, body: bytes, *, content_type: str) -> HttpResponse:
    """Text we hold whole: gzipped when the client takes it and asks for no range, else with ranges."""
    etag = '"' + hashlib.sha1(body, usedforsecurity=False).hexdigest()[:20] + '"'
    gzipped = accepts_gzip(request) and "Range" not in request.headers and len(body) >= MIN_GZIP_BYTES
    if gzipped:
        etag = gzip_etag(etag)
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        response = not_modified
    elif gzipped:
        compressed = gzip.compress(body, compresslevel=6, mtime=0)
        response = HttpResponse(b"" if request.method == "HEAD" else compressed, content_type=content_type)
        response["Content-Length"] = str(len(compressed))
        response["Content-Encoding"] = "gzip"
        response["ETag"] = etag
    else:
        response = ranged_file_response(request, io.BytesIO(body), content_type=content_type, size=len(body), etag=etag)
    patch_vary_headers(response, ("Accept-Encoding",))
    return response
