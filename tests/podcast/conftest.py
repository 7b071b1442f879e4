"""Podcast fixtures: a show with square artwork, and episodes with real (tiny) MP3 audio."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import cache

import pytest
from django.utils import timezone

from demo.audio import make_mp3
from podcast.factories import PodcastArtworkFactory, PodcastEpisodePageFactory, PodcastShowPageFactory
from podcast.models import PodcastEpisodePage, PodcastShowPage


@cache
def tone_mp3(seconds: float = 2.0) -> bytes:
    """A 440 Hz tone as 64 kbps mono MP3 (as lameenc writes it), encoded once per test run."""
    return make_mp3(seconds, xing=False)


def days_ago(days: float) -> datetime:
    return timezone.now() - timedelta(days=days)


def published_episode(show: PodcastShowPage, title: str, *, days: float = 0, **fields) -> PodcastEpisodePage:
    """An episode with a tiny MP3, published `days` ago through a revision as editors do."""
    return PodcastEpisodePageFactory(
        parent=show, title=title, audio=tone_mp3(), first_published_at=days_ago(days), publish=True, **fields
    )


@pytest.fixture
def podcast_artwork(db):
    return PodcastArtworkFactory()


@pytest.fixture
def podcast_show(home_page, podcast_artwork) -> PodcastShowPage:
    """A published, episodic show in bokmål with artwork, owner, category and funding."""
    return PodcastShowPageFactory(parent=home_page, artwork=podcast_artwork, publish=True)
