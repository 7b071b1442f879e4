"""Feed autodiscovery: a page's <head> names the podcasts' feeds, so that a browser, a feed reader
or a podcast app given the page's address finds the feed."""

from __future__ import annotations

import lxml.html
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from podcast.factories import PodcastShowPageFactory

from .conftest import published_episode


@pytest.fixture(autouse=True)
def render_every_request(settings):
    """Count the queries of rendering a page, not of the page cache's hits (0 = 0)."""
    settings.PAGE_CACHE_ENABLED = False


pytestmark = pytest.mark.django_db


def feed_links(response) -> list[tuple[str, str]]:
    """(title, href) of each RSS autodiscovery link in the page's <head>."""
    assert response.status_code == 200, response.status_code
    head = lxml.html.fromstring(response.content).find("head")
    return [
        (link.get("title"), link.get("href"))
        for link in head.xpath("link[@rel='alternate'][@type='application/rss+xml']")
    ]


@pytest.fixture
def second_show(home_page, podcast_artwork):
    return PodcastShowPageFactory(parent=home_page, title="Legevaktpodden", artwork=podcast_artwork, publish=True)


FASTLEGEPODDEN = ("Fastlegepodden", "http://localhost/fastlegepodden/feed/")
LEGEVAKTPODDEN = ("Legevaktpodden", "http://localhost/legevaktpodden/feed/")


def test_the_show_and_its_episodes_name_their_own_feed(site_client, podcast_show, second_show):
    episode = published_episode(podcast_show, "Listetak")
    assert FASTLEGEPODDEN[1] == podcast_show.feed_url()
    assert feed_links(site_client.get(podcast_show.url)) == [FASTLEGEPODDEN]
    assert feed_links(site_client.get(episode.url)) == [FASTLEGEPODDEN]
    assert feed_links(site_client.get(second_show.url)) == [LEGEVAKTPODDEN]


def test_the_home_page_and_other_pages_name_every_live_public_show(
    site_client, home_page, guidance_page, podcast_show, second_show, podcast_artwork
):
    PodcastShowPageFactory(parent=home_page, title="Utkastpodden", artwork=podcast_artwork, live=False)
    private = PodcastShowPageFactory(parent=home_page, title="Internpodden", artwork=podcast_artwork, publish=True)
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.PASSWORD, password="x")
    assert feed_links(site_client.get(home_page.url)) == [FASTLEGEPODDEN, LEGEVAKTPODDEN]
    assert feed_links(site_client.get(guidance_page.url)) == [FASTLEGEPODDEN, LEGEVAKTPODDEN]


def test_the_links_follow_publishing_privacy_and_unpublishing(site_client, home_page, podcast_artwork):
    assert feed_links(site_client.get(home_page.url)) == []  # no show: no link
    show = PodcastShowPageFactory(parent=home_page, title="Fastlegepodden", artwork=podcast_artwork, publish=True)
    assert feed_links(site_client.get(home_page.url)) == [FASTLEGEPODDEN]

    show.title = "Fastlegepodden – ny sesong"
    show.save_revision().publish()
    assert feed_links(site_client.get(home_page.url)) == [("Fastlegepodden – ny sesong", FASTLEGEPODDEN[1])]

    restriction = PageViewRestriction.objects.create(page=show, restriction_type=PageViewRestriction.LOGIN)
    assert feed_links(site_client.get(home_page.url)) == []
    restriction.delete()
    assert feed_links(site_client.get(home_page.url)) == [("Fastlegepodden – ny sesong", FASTLEGEPODDEN[1])]

    show.unpublish()
    assert feed_links(site_client.get(home_page.url)) == []


def test_the_link_is_on_the_public_address_or_where_the_feed_moved(site_client, settings, podcast_show):
    settings.WAGTAILADMIN_BASE_URL = "https://allmenn.example"  # the request and the Site say localhost
    assert feed_links(site_client.get(podcast_show.url)) == [
        ("Fastlegepodden", "https://allmenn.example/fastlegepodden/feed/")
    ]
    podcast_show.new_feed_url = "https://podkast.example/fastlegepodden.xml"
    podcast_show.save_revision().publish()
    assert feed_links(site_client.get(podcast_show.url)) == [
        ("Fastlegepodden", "https://podkast.example/fastlegepodden.xml")
    ]


def test_the_links_cost_no_query_once_cached(site_client, home_page, podcast_show, podcast_artwork):
    def home_page_queries() -> tuple[list, list[str]]:
        site_client.get(home_page.url)  # warm: the list of shows is built and cached here
        with CaptureQueriesContext(connection) as captured:
            links = feed_links(site_client.get(home_page.url))
        return links, [query["sql"] for query in captured.captured_queries]

    links, with_one_show = home_page_queries()
    assert links == [FASTLEGEPODDEN]
    assert not [sql for sql in with_one_show if "podcast_podcastshowpage" in sql]
    for title in ("Legevaktpodden", "Turnuspodden", "Distriktspodden"):
        PodcastShowPageFactory(parent=home_page, title=title, artwork=podcast_artwork, publish=True)
    links, with_four_shows = home_page_queries()
    assert len(links) == 4
    assert len(with_four_shows) == len(with_one_show)
