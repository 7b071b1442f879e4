"""A new podcast episode prepares a draft mail for the podcast topic, once, and sends nothing."""

from __future__ import annotations

import pytest

from demo.audio import make_mp3
from newsletter.models import NewsletterIssuePage, Send
from podcast.factories import PodcastEpisodePageFactory, PodcastShowPageFactory
from podcast.models import PodcastEpisodePage


@pytest.fixture
def show(home_page):
    return PodcastShowPageFactory(parent=home_page, live=False)


def publish_episode(show, title: str) -> PodcastEpisodePage:
    return PodcastEpisodePageFactory(parent=show, title=title, live=False, audio=make_mp3(1.0), publish=True)


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
