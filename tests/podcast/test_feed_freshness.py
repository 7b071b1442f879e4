"""The feed is fresh at once after any change it shows, its Last-Modified never goes back, it is
built once under load, and the feed and an episode's files are open to web players (CORS), gzipped
where they are text, and answer 304.
"""

from __future__ import annotations

import gzip
import io
import threading
import time
from email.utils import parsedate_to_datetime

import pytest
from django.core.cache import cache
from django.core.files.images import ImageFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image as PILImage
from wagtail.models import PageViewRestriction, Site

from core.cache_versions import bump_public_content
from podcast import feed_freshness
from podcast.feed_freshness import BuiltFeed

from .conftest import published_episode
from .test_feed import HOST, get_feed, items_by_title, one, parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def show(podcast_show):
    podcast_show.feed_path_url = podcast_show.url + podcast_show.feed_path
    return podcast_show


@pytest.fixture
def episodes(show):
    return [
        published_episode(show, "Listetak", days=30),
        published_episode(show, "Rekruttering", days=20),
        published_episode(show, "Legevakt", days=10),
    ]


def modified(response):
    return parsedate_to_datetime(response["Last-Modified"])


def assert_changed_at_once(client, show, before, *, gone: str | None = None):
    """The next request shows the change: a new body and ETag, a Last-Modified not earlier, and If-Modified-Since sees it."""
    after = get_feed(client, show)
    assert after.status_code == 200
    assert after.content != before.content
    assert after["ETag"] != before["ETag"]
    assert modified(after) > modified(before)
    assert get_feed(client, show, HTTP_IF_MODIFIED_SINCE=before["Last-Modified"]).status_code == 200
    assert get_feed(client, show, HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 200
    if gone:
        assert gone not in items_by_title(parse(after))
    return after


# --- Staleness: every change the feed shows is seen on the next request ------------------------


def test_a_site_change_gives_new_urls_at_once(client, show, episodes):
    before = get_feed(client, show)
    assert b"http://localhost/" in before.content
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "podkast.example", 443
    site.save()

    after = assert_changed_at_once(client, show, before)
    assert b"https://podkast.example/" in after.content


def test_a_password_restriction_removes_the_episode_at_once(client, show, episodes):
    before = get_feed(client, show)
    PageViewRestriction.objects.create(page=episodes[1], restriction_type=PageViewRestriction.PASSWORD, password="x")
    assert_changed_at_once(client, show, before, gone="Rekruttering")


def test_replacing_the_artwork_file_changes_the_picture_at_once(client, show, episodes):
    before = get_feed(client, show)
    old_image = one(parse(before), "/rss/channel/itunes:image").get("href")
    buffer = io.BytesIO()
    PILImage.new("RGB", (1400, 1400), (200, 40, 40)).save(buffer, "JPEG")
    artwork = show.artwork
    artwork.file = ImageFile(buffer, name="nytt-omslag.jpg")
    artwork.save()
    artwork.renditions.all().delete()  # as Wagtail's image edit view does when the file is replaced

    after = assert_changed_at_once(client, show, before)
    assert one(parse(after), "/rss/channel/itunes:image").get("href") != old_image


@pytest.mark.parametrize("how", ["delete", "unpublish"])
def test_losing_the_newest_episode_never_moves_last_modified_back(client, show, episodes, how):
    before = get_feed(client, show)
    newest = episodes[-1]
    getattr(newest, how)()
    after = assert_changed_at_once(client, show, before, gone="Legevakt")
    assert parsedate_to_datetime(parse(after).findtext("channel/lastBuildDate")) == modified(after)


def test_last_modified_survives_a_cleared_cache(client, show, episodes):
    before = get_feed(client, show)
    episodes[-1].delete()
    after = get_feed(client, show)
    cache.clear()
    again = get_feed(client, show)
    assert again["Last-Modified"] == after["Last-Modified"] and modified(again) > modified(before)
    assert again["ETag"] == after["ETag"]


def test_an_unchanged_feed_keeps_its_etag_and_date(client, show, episodes):
    first = get_feed(client, show)
    cache.clear()
    second = get_feed(client, show)
    assert (first["ETag"], first["Last-Modified"], first.content) == (
        second["ETag"],
        second["Last-Modified"],
        second.content,
    )


def test_an_unchanged_feed_reads_no_fingerprint_query_and_a_304_follows(client, show, episodes):
    """The fingerprint is memoised under the public content version: a podcast app polling an
    unchanged feed skips its four queries (episodes, restrictions, Sites, artwork); a change is
    still seen at once (the tests above), because each of those changes renews the version."""
    first = get_feed(client, show)
    with CaptureQueriesContext(connection) as memoised:
        again = get_feed(client, show, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304

    bump_public_content()  # negative control: a new version reads the fingerprint again
    with CaptureQueriesContext(connection) as read_again:
        assert get_feed(client, show, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert len(read_again) - len(memoised) >= 4
    fingerprint_only = 'FROM "wagtailcore_site" ORDER BY'  # the fingerprint's Site query
    assert not any(fingerprint_only in query["sql"] for query in memoised.captured_queries)
    assert any(fingerprint_only in query["sql"] for query in read_again.captured_queries)


# --- Built once under load --------------------------------------------------------------------


class SlowBuild:
    """A feed builder that takes a while and counts its calls."""

    def __init__(self) -> None:
        self.calls = 0
        self.lock = threading.Lock()

    def __call__(self, show, request, last_modified) -> bytes:
        with self.lock:
            self.calls += 1
        time.sleep(0.3)
        return b"<rss/>"


@pytest.fixture
def fixed_fingerprint(monkeypatch, show):
    """The fingerprint and Last-Modified of a show, without the database (the threads have none)."""
    from django.utils import timezone

    monkeypatch.setattr(feed_freshness, "feed_fingerprint", lambda show: ("f" * 64, None))
    monkeypatch.setattr(feed_freshness, "feed_last_modified", lambda show, fingerprint, newest: timezone.now())


def build_at_once(show, rf, builder, clients: int = 6) -> list[BuiltFeed]:
    results, barrier = [], threading.Barrier(clients)

    def read():
        barrier.wait()
        results.append(feed_freshness.cached_feed(show, rf.get("/", HTTP_HOST=HOST), builder))

    threads = [threading.Thread(target=read) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_simultaneous_requests_after_a_change_build_the_feed_once(show, rf, fixed_fingerprint):
    cache.clear()
    builder = SlowBuild()
    results = build_at_once(show, rf, builder)
    assert builder.calls == 1
    assert len({result.etag for result in results}) == 1 and len(results) == 6


def test_without_the_build_lock_every_request_builds_negative_control(show, rf, fixed_fingerprint, monkeypatch):
    cache.clear()
    from django.core.cache.backends.locmem import LocMemCache

    monkeypatch.setattr(LocMemCache, "add", lambda self, *args, **kwargs: True)  # everyone gets the lock
    builder = SlowBuild()
    build_at_once(show, rf, builder)
    assert builder.calls == 6


# --- Headers: gzip, CORS, Vary, 304 on every episode address -----------------------------------


def test_the_feed_is_gzipped_for_clients_that_take_it(client, show, episodes):
    plain = get_feed(client, show)
    zipped = get_feed(client, show, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert zipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.content) == plain.content
    assert int(zipped["Content-Length"]) == len(zipped.content) < len(plain.content)
    assert "Content-Encoding" not in plain
    assert zipped["ETag"] != plain["ETag"]
    assert get_feed(client, show, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=zipped["ETag"]).status_code == 304
    assert get_feed(client, show, HTTP_ACCEPT_ENCODING="gzip;q=0").get("Content-Encoding") is None


def vary(response) -> set[str]:
    return {field.strip().lower() for field in response.get("Vary", "").split(",") if field.strip()}


def test_the_feed_is_open_to_web_players_and_does_not_vary_by_language(client, show, episodes):
    response = get_feed(client, show, HTTP_ORIGIN="https://player.example", HTTP_ACCEPT_LANGUAGE="en")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "accept-language" not in vary(response) and "accept-encoding" in vary(response)
    assert response["Content-Language"] == show.language  # the show's language, not the visitor's
    preflight = client.options(show.feed_path_url, HTTP_HOST=HOST, HTTP_ORIGIN="https://player.example")
    assert preflight.status_code == 204 and preflight["Access-Control-Allow-Origin"] == "*"


def test_ordinary_pages_still_vary_by_language(client, show):
    assert "accept-language" in vary(client.get(show.url, HTTP_HOST=HOST))


@pytest.fixture
def episode_with_files(show):
    from podcast.models import EpisodeChapter

    episode = published_episode(show, "Listetak", days=1, transcript_text="Velkommen til Fastlegepodden. " * 40)
    # Enough chapters that the JSON is worth gzipping (each title within the column's 160 characters).
    EpisodeChapter.objects.bulk_create(
        EpisodeChapter(
            page=episode, start_seconds=0, title=f"Del {n}: innledning om listetak og rekruttering", sort_order=n
        )
        for n in range(8)
    )
    episode.save_revision().publish()
    return episode


def file_addresses(episode) -> list[str]:
    return [episode.audio_path(), episode.transcript_path("txt"), episode.chapters_path()]


def test_every_episode_address_answers_304_and_cors(client, episode_with_files):
    for url in file_addresses(episode_with_files):
        preflight = client.options(url, HTTP_HOST=HOST, HTTP_ORIGIN="https://player.example")
        assert preflight.status_code == 204 and preflight["Access-Control-Allow-Origin"] == "*", url
        first = client.get(url, HTTP_HOST=HOST)
        assert first.status_code == 200, url
        assert first["Access-Control-Allow-Origin"] == "*", url
        assert "accept-language" not in vary(first), url
        english = client.get(url, HTTP_HOST=HOST, HTTP_ACCEPT_LANGUAGE="en")
        assert english["Content-Language"] == first["Content-Language"] == episode_with_files.language, url
        again = client.get(url, HTTP_HOST=HOST, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304, url
        if "Last-Modified" in first:
            by_date = client.get(url, HTTP_HOST=HOST, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
            assert by_date.status_code == 304, url


def test_transcripts_and_chapters_are_gzipped_but_ranges_are_not(client, episode_with_files):
    for url in file_addresses(episode_with_files)[1:]:
        plain = client.get(url, HTTP_HOST=HOST)
        zipped = client.get(url, HTTP_HOST=HOST, HTTP_ACCEPT_ENCODING="gzip")
        assert zipped["Content-Encoding"] == "gzip", url
        assert (
            gzip.decompress(zipped.content) == b"".join(plain.streaming_content) if plain.streaming else plain.content
        )
        ranged = client.get(url, HTTP_HOST=HOST, HTTP_ACCEPT_ENCODING="gzip", HTTP_RANGE="bytes=0-9")
        assert ranged.status_code == 206 and "Content-Encoding" not in ranged, url


def test_an_unsatisfiable_range_is_plain_text_and_not_kept(client, episode_with_files):
    response = client.get(episode_with_files.audio_path(), HTTP_HOST=HOST, HTTP_RANGE="bytes=99999999-")
    assert response.status_code == 416
    assert response["Content-Type"].startswith("text/plain")
    assert response["Cache-Control"] == "no-store"


# --- Show notes ---------------------------------------------------------------------------------


def test_internal_links_in_show_notes_become_absolute(client, show, home_page):
    published_episode(
        show,
        "Listetak",
        show_notes=f'<p>Les <a linktype="page" id="{home_page.pk}">forsiden</a> og <a href="/om/">om oss</a>.'
        ' <a href="javascript:alert(1)">ikke dette</a></p>',
    )
    description = items_by_title(parse(get_feed(client, show)))["Listetak"].findtext("description")
    assert 'href="http://localhost/"' in description
    assert 'href="http://localhost/om/"' in description
    assert "javascript" not in description
