"""An issue keeps the episodes it was sent with: the mail and the web archive show the same list.

The "new podcast episodes" block picks the newest episodes when the issue is
rendered. Once a send starts, the choice is frozen on the send, so an episode
published later never appears in the archived issue.
"""

from __future__ import annotations

import pytest

from demo.audio import make_mp3
from newsletter.factories import NewsletterIssuePageFactory
from newsletter.models import Send
from newsletter.rendering import render_issue
from newsletter.sending import create_send, start_send
from podcast.factories import PodcastEpisodePageFactory, PodcastShowPageFactory


@pytest.fixture
def show(home_page):
    return PodcastShowPageFactory(parent=home_page, live=False)


@pytest.fixture
def publish_episode(show):
    def publish(title: str):
        return PodcastEpisodePageFactory(parent=show, title=title, live=False, audio=make_mp3(0.5), publish=True)

    return publish


@pytest.fixture
def issue_with_latest_episodes(newsletter_archive):
    return NewsletterIssuePageFactory(
        parent=newsletter_archive,
        title="Fastlegenytt desember",
        body=[{"type": "episodes", "value": {"heading": "Nye episoder", "show": None, "count": 2}}],
    )


def sent(issue) -> Send:
    send = create_send(issue)
    assert start_send(send.pk)
    return Send.objects.get(pk=send.pk)


def test_archived_issue_lists_the_episodes_it_was_sent_with(site_client, issue_with_latest_episodes, publish_episode):
    publish_episode("Listetak i praksis")
    publish_episode("Legevakt om natta")
    send = sent(issue_with_latest_episodes)
    assert "Legevakt om natta" in send.rendered["nb"]["html"]

    publish_episode("Publisert etter utsendingen")

    html = site_client.get(issue_with_latest_episodes.url).content.decode()
    assert "Legevakt om natta" in html and "Listetak i praksis" in html
    assert "Publisert etter utsendingen" not in html


def test_the_send_stores_the_episode_ids_it_mailed(issue_with_latest_episodes, publish_episode):
    first, second = publish_episode("Første"), publish_episode("Andre")
    send = sent(issue_with_latest_episodes)
    block_id = issue_with_latest_episodes.body[0].id
    assert send.episodes == {block_id: [second.pk, first.pk]}
    publish_episode("Tredje")
    rendered = render_issue(issue_with_latest_episodes, "nb")
    assert "Tredje" not in rendered.html, "a re-render after the send (a resend, the preview) keeps the frozen list"


def test_an_unsent_issue_still_shows_the_newest_episodes(site_client, issue_with_latest_episodes, publish_episode):
    publish_episode("Første")
    publish_episode("Andre")
    publish_episode("Tredje")
    html = site_client.get(issue_with_latest_episodes.url).content.decode()
    assert "Tredje" in html and "Andre" in html and "Første" not in html


def test_an_episode_unpublished_after_the_send_is_left_out(site_client, issue_with_latest_episodes, publish_episode):
    kept, withdrawn = publish_episode("Beholdt"), publish_episode("Trukket")
    sent(issue_with_latest_episodes)
    withdrawn.unpublish()
    html = site_client.get(issue_with_latest_episodes.url).content.decode()
    assert kept.title in html and withdrawn.title not in html
