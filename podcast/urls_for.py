"""Public URLs of an episode's audio, transcript and chapters (the routes on PodcastEpisodePage)."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import re_path
from wagtail import views as wagtail_views

# Wagtail's own page pattern allows no dots, so "lyd/listetak.mp3", "tekstversjon.vtt" and
# "kapitler.json" never reach the episode's routes. This pattern sends exactly those to
# Wagtail's serve view; include it in config/urls.py before wagtail_urls.
episode_file_urlpatterns = [
    re_path(
        r"^((?:[\w\-]+/)+(?:lyd/[\w\-]+\.(?:mp3|m4a)|tekstversjon\.[a-z0-9]{1,5}|kapitler\.json))$",
        wagtail_views.serve,
        name="podcast_episode_file",
    ),
]


def _absolute(episode, path: str, request: HttpRequest | None) -> str:
    """One of the episode's own paths (from the model), made absolute like its page URL."""
    if not path:
        return ""
    return (episode.get_full_url(request) or "") + path.removeprefix(episode.url or "")


def episode_audio_url(episode, request: HttpRequest | None = None) -> str:
    """Absolute URL ending in the ASCII file name (.mp3/.m4a), or "" without audio."""
    return _absolute(episode, episode.audio_path(), request)


def episode_transcript_url(episode, extension: str | None = None, request: HttpRequest | None = None) -> str:
    """The uploaded file's URL (vtt/srt) by default, the plain text (txt) otherwise; "" without a transcript."""
    return _absolute(episode, episode.transcript_path(extension), request)


def episode_chapters_url(episode, request: HttpRequest | None = None) -> str:
    if not episode.chapters.exists():
        return ""
    return _absolute(episode, episode.chapters_path(), request)
