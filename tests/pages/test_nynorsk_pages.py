"""Nynorsk pages carry no bokmål furniture: every interface string on them is nynorsk.

The pages are built here with nynorsk content, so a bokmål word in their text can only
come from the interface: a template string, a Python label or a date.
"""

import re
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from conference.factories import ConferenceIndexPageFactory, ConferencePageFactory, TicketTypeFactory
from pages.factories import GuidancePageFactory, heading, paragraph
from podcast.factories import PodcastArtworkFactory, PodcastEpisodePageFactory, PodcastShowPageFactory
from podcast.models import EpisodePerson

pytestmark = pytest.mark.django_db

# Words of the interface that are bokmål only; nynorsk says "hovudinnhald", "Programleiar",
# "Ledige plassar", "Påmeldinga", "ikkje", "korleis", "kva", "frå", "om", "kvar".
BOKMAL_ONLY = [
    "hovedinnhold",
    "Programleder",
    "Ledige plasser",
    "Påmeldingen",
    "Åpen for påmelding",
    "Siste faglige endring",
    "Tidligere versjoner",
    "Innhold",
    "ikke",
    "Hva",
    "Hvordan",
    "fra",
    "hvis",
    "Hver",
    "Avholdt",
]
WORD = re.compile(r"(?<!\w)(" + "|".join(re.escape(word) for word in BOKMAL_ONLY) + r")(?!\w)")


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style|template)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def bokmal_words(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, url
    return WORD.findall(visible_text(response.content.decode()))


def test_a_nynorsk_guidance_page(site_client, home_page):
    page = GuidancePageFactory(
        parent=home_page,
        language="nn",
        title="Listetak",
        summary="Kva listetaket seier.",
        body=[
            heading("Bakgrunn"),
            heading("Kommunen si rolle", level="h3"),
            paragraph("<p>Fastlegen avtaler listetaket med kommunen.</p>"),
            heading("Endringar"),
        ],
    )
    assert bokmal_words(site_client, page.url) == []


def test_a_nynorsk_conference_page_and_its_registration(site_client, home_page):
    index = ConferenceIndexPageFactory(parent=home_page, language="nn", title="Konferansar", slug="konferansar")
    conference = ConferencePageFactory(parent=index, language="nn", title="Fastlegekonferansen")
    TicketTypeFactory(conference=conference, name="Fysisk oppmøte", capacity=40)
    assert bokmal_words(site_client, conference.url) == []
    register = reverse("conference:register", args=[conference.pk]) + "?lang=nn"
    assert bokmal_words(site_client, register) == []


def test_a_past_nynorsk_conference(site_client, home_page):
    index = ConferenceIndexPageFactory(parent=home_page, language="nn", title="Konferansar", slug="konferansar")
    past = ConferencePageFactory(
        parent=index,
        language="nn",
        title="Fastlegekonferansen 2024",
        starts_at=timezone.now() - timedelta(days=60),
        ends_at=timezone.now() - timedelta(days=59),
        registration_opens_at=timezone.now() - timedelta(days=120),
        registration_closes_at=timezone.now() - timedelta(days=62),
    )
    assert bokmal_words(site_client, past.url) == []


def test_a_nynorsk_podcast_episode_with_its_host(site_client, home_page):
    show = PodcastShowPageFactory(
        parent=home_page,
        language="nn",
        artwork=PodcastArtworkFactory(),
        publish=True,
        description="Samtalar om fastlegeordninga.",
        funding_text="Støtt programmet",
    )
    episode = PodcastEpisodePageFactory(
        parent=show,
        language="nn",
        title="Listetak",
        audio_file=default_storage.save("podcast/audio/nn-test/listetak.mp3", ContentFile(b"ID3")),
        audio_duration=754.4,
        audio_mime_type="audio/mpeg",
        transcript_text="Velkomen til Fastlegepodden.",
    )
    EpisodePerson.objects.create(page=episode, name="Kari Nordmann", role="host")
    words = bokmal_words(site_client, episode.url)
    assert words == []
    assert "Kari Nordmann – Programleiar" in visible_text(site_client.get(episode.url).content.decode())
