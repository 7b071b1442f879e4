"""Public URLs of an episode's audio, transcript and chapters (the routes on PodcastEpisodePage)."""

from __future__ import annotations

import os

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


def _episode_base_url(episode, request: HttpRequest | None) -> str:
    return (episode.get_full_url(request) or "").rstrip("/") + "/"


def episode_audio_url(episode, request: HttpRequest | None = None) -> str:
    """Absolute URL ending in the ASCII file name (.mp3/.m4a), or "" without audio."""
    if not episode.audio_file:
        return ""
    subpage = episode.reverse_subpage("audio", args=[os.path.basename(episode.audio_file.name)])
    return _episode_base_url(episode, request) + subpage


def episode_transcript_url(episode, extension: str | None = None, request: HttpRequest | None = None) -> str:
    """The uploaded file's URL (vtt/srt) by default, the plain text (txt) otherwise; "" without a transcript."""
    if extension is None:
        if episode.transcript_file:
            extension = os.path.splitext(episode.transcript_file.name)[1].lower().lstrip(".")
        elif (episode.transcript_text or "").strip():
            extension = "txt"
        else:
            return ""
    return _episode_base_url(episode, request) + episode.reverse_subpage("transcript", args=[extension])


def episode_chapters_url(episode, request: HttpRequest | None = None) -> str:
    if not episode.chapters.exists():
        return ""
    return _episode_base_url(episode, request) + episode.reverse_subpage("chapters")
