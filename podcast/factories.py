"""Factories for podcast shows and episodes, for tests and benchmarks."""

from __future__ import annotations

import factory
import wagtail_factories
from django.core.files.base import ContentFile

from core.factories import ContentPageFactory
from core.text import ascii_stem

from .audio import inspect_audio
from .models import PodcastEpisodePage, PodcastShowPage


class PodcastArtworkFactory(wagtail_factories.ImageFactory):
    """Artwork as podcast directories want it: a square RGB JPEG of 1400 pixels."""

    title = "Omslag for Fastlegepodden"
    file = factory.django.ImageField(filename="omslag.jpg", width=1400, height=1400, color=(20, 90, 140), format="JPEG")


class _PublishedThroughRevision(ContentPageFactory):
    """`publish=True` publishes the new page through a revision, as an editor does: the
    signals fire (feed version, search index), and a revision and a log entry are written."""

    class Meta:
        abstract = True
        skip_postgeneration_save = True  # publish() saves what it changes

    @factory.post_generation
    def publish(page, create: bool, extracted: bool, **kwargs) -> None:
        if create and extracted:
            page.save_revision().publish()
            page.refresh_from_db()


class PodcastShowPageFactory(_PublishedThroughRevision):
    """An episodic show in bokmål with an owner, a category and funding; pass `artwork` to publish it."""

    title = "Fastlegepodden"
    slug = factory.LazyAttribute(lambda page: ascii_stem(page.title))
    language = "nb"
    description = "Samtaler om fastlegeordningen, rekruttering og allmennmedisin i hele landet."
    author = "Allmennlegeprogrammet"
    owner_name = "Allmennlegeprogrammet"
    owner_email = "podkast@allmenn.example"
    copyright = "© Allmennlegeprogrammet"
    funding_url = "https://allmenn.example/stott"
    funding_text = "Støtt programmet"

    class Meta:
        model = PodcastShowPage


class PodcastEpisodePageFactory(_PublishedThroughRevision):
    """An episode with a typed transcript.

    `audio=<bytes>` stores an MP3 or M4A file named after the slug and reads its length,
    bitrate and format as an upload in the editor does; without it the episode has no audio
    (and so stays out of the feed and the show's list).
    """

    title = factory.Sequence(lambda n: f"Episode {n}")
    slug = factory.LazyAttribute(lambda page: ascii_stem(page.title))
    language = "nb"
    summary = factory.LazyAttribute(lambda page: f"Om {page.title.lower()}.")
    transcript_text = factory.LazyAttribute(lambda page: f"Velkommen. I dag: {page.title}.")

    class Meta:
        model = PodcastEpisodePage

    @classmethod
    def _create(cls, model_class, *args, audio: bytes | None = None, **kwargs):
        if audio is not None:
            info = inspect_audio(ContentFile(audio))
            read = {
                "audio_file": ContentFile(audio, name=f"{kwargs['slug']}.{info.format}"),
                "audio_size": info.size,
                "audio_duration": info.duration,
                "audio_bitrate": info.bitrate,
                "audio_format": info.format,
                "audio_mime_type": info.mime_type,
                "duration_is_estimate": info.duration_is_estimate,
            }
            kwargs = {**read, **kwargs}  # what a test passes wins over what was read
        return super()._create(model_class, *args, **kwargs)
