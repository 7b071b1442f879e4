"""Podcast fixtures: a show with square artwork, and episodes with real (tiny) MP3 audio."""

from __future__ import annotations

import io
from datetime import timedelta
from functools import cache

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.utils import timezone
from wagtail.images import get_image_model

from demo.audio import make_mp3
from podcast.models import PodcastEpisodePage, PodcastShowPage


@cache
def tone_mp3(seconds: float = 2.0) -> bytes:
    """A 440 Hz tone as 64 kbps mono MP3 (as lameenc writes it), encoded once per test run."""
    return make_mp3(seconds, xing=False)


def square_jpeg(size: int = 1400) -> ImageFile:
    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("RGB", (size, size), (20, 90, 140)).save(buffer, "JPEG", quality=70)
    return ImageFile(io.BytesIO(buffer.getvalue()), name="omslag.jpg")


@pytest.fixture
def podcast_artwork(db):
    return get_image_model().objects.create(title="Omslag for Fastlegepodden", file=square_jpeg())


@pytest.fixture
def podcast_show(home_page, podcast_artwork) -> PodcastShowPage:
    """A published, episodic show in bokmål with artwork, owner, category and funding."""
    show = PodcastShowPage(
        title="Fastlegepodden",
        slug="fastlegepodden",
        language="nb",
        description="Samtaler om fastlegeordningen, rekruttering og allmennmedisin i hele landet.",
        artwork=podcast_artwork,
        author="Allmennlegeprogrammet",
        owner_name="Allmennlegeprogrammet",
        owner_email="podkast@allmenn.example",
        apple_category="Health & Fitness",
        apple_subcategory="Medicine",
        copyright="© Allmennlegeprogrammet",
        funding_url="https://allmenn.example/stott",
        funding_text="Støtt programmet",
        live=False,
    )
    home_page.add_child(instance=show)
    show.save_revision().publish()
    show.refresh_from_db()
    return show


def make_episode(
    show: PodcastShowPage, title: str, *, days_ago: float = 0, publish: bool = True, **fields
) -> PodcastEpisodePage:
    """An episode with a tiny MP3, published (or left as a draft) through a revision as editors do."""
    audio = tone_mp3()
    values = {
        "slug": title.lower().replace(" ", "-").replace("æ", "ae").replace("ø", "o").replace("å", "a"),
        "language": show.language,
        "summary": f"Om {title.lower()}.",
        "transcript_text": f"Velkommen. I dag: {title}.",
        "audio_size": len(audio),
        "audio_duration": 2.04,
        "audio_bitrate": 64000,
        "audio_format": "mp3",
        "audio_mime_type": "audio/mpeg",
        "first_published_at": timezone.now() - timedelta(days=days_ago) if publish else None,
        "live": False,
        **fields,
    }
    episode = PodcastEpisodePage(title=title, **values)
    episode.audio_file.save(f"{values['slug']}.mp3", ContentFile(audio), save=False)
    show.add_child(instance=episode)
    if publish:
        episode.save_revision().publish()
        episode.refresh_from_db()
    return episode


@pytest.fixture
def episode_factory():
    return make_episode
