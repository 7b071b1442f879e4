"""Timed transcripts (WebVTT, SRT) are marked as captions in the feed; plain text is not."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile

from podcast.factories import PodcastEpisodePageFactory

from .conftest import published_episode, tone_mp3
from .feed_xml import feed_root, items_by_title, one, parsed_by_podcastparser

pytestmark = pytest.mark.django_db

VTT = b"WEBVTT\n\n00:00.000 --> 00:01.000\nVelkommen til Fastlegepodden.\n"
SRT = b"1\n00:00:00,000 --> 00:00:01,000\nVelkommen til Fastlegepodden.\n"


def episode_with_transcript_file(show, title: str, name: str, content: bytes):
    episode = PodcastEpisodePageFactory(parent=show, title=title, audio=tone_mp3(), transcript_text="", live=False)
    episode.transcript_file.save(name, ContentFile(content), save=False)
    episode.save_revision().publish()
    return episode


def test_webvtt_and_srt_are_captions_and_plain_text_is_not(client, podcast_show):
    episode_with_transcript_file(podcast_show, "Med WebVTT", "tekst.vtt", VTT)
    episode_with_transcript_file(podcast_show, "Med SRT", "tekst.srt", SRT)
    published_episode(podcast_show, "Med ren tekst")  # a typed transcript
    items = items_by_title(feed_root(client, podcast_show))
    transcripts = {title: one(item, "podcast:transcript") for title, item in items.items()}
    assert {title: (t.get("type"), t.get("language"), t.get("rel")) for title, t in transcripts.items()} == {
        "Med WebVTT": ("text/vtt", "nb", "captions"),
        "Med SRT": ("application/x-subrip", "nb", "captions"),
        "Med ren tekst": ("text/plain", "nb", None),
    }
    parsed = parsed_by_podcastparser(client, podcast_show)
    assert sorted(e["title"] for e in parsed["episodes"]) == ["Med SRT", "Med WebVTT", "Med ren tekst"]
