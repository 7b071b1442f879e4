"""A new podcast episode prepares a draft mail for the podcast topic, once, and sends nothing."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile

from demo.audio import make_mp3
from newsletter.models import NewsletterIssuePage, Send
from podcast.models import PodcastEpisodePage, PodcastShowPage


@pytest.fixture
def show(home_page):
    show = PodcastShowPage(
        title="Fastlegepodden",
        slug="fastlegepodden",
        description="Samtaler om fastlegeordningen.",
        author="Allmennlegeprogrammet",
        owner_name="Allmennlegeprogrammet",
        owner_email="podkast@allmenn.example",
        live=False,
    )
    home_page.add_child(instance=show)
    return show


def publish_episode(show, title: str) -> PodcastEpisodePage:
    episode = PodcastEpisodePage(
        title=title, slug=title.lower().replace(" ", "-"), summary="Om listetak.", transcript_text="Hei.", live=False
    )
    episode.audio_file.save("episode.mp3", ContentFile(make_mp3(1.0)), save=False)
    show.add_child(instance=episode)
    episode.save_revision().publish()
    return episode


def test_first_publish_drafts_one_issue(show, newsletter_archive, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        episode = publish_episode(show, "Listetak")
    draft = NewsletterIssuePage.objects.get()
    assert draft.title == "Ny episode: Listetak"
    assert not draft.live and draft.topic.slug == "podkast"
    assert draft.get_parent().pk == newsletter_archive.pk
    assert draft.body[0].value["page"].pk == episode.pk
    with django_capture_on_commit_callbacks(execute=True):
        episode.save_revision().publish()
    assert NewsletterIssuePage.objects.count() == 1
    assert not Send.objects.exists()


def test_no_archive_no_draft(show, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        publish_episode(show, "Legevakt")
    assert not NewsletterIssuePage.objects.exists()
