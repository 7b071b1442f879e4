"""The podcast feed: Apple's required tags, the podcast namespace, parsers, HTTP and query counts."""

from __future__ import annotations

import io
from datetime import timedelta
from email.utils import parsedate_to_datetime

import feedparser
import podcastparser
import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.http import http_date
from lxml import etree
from wagtail.models import Page

from podcast.factories import PodcastEpisodePageFactory
from podcast.guid import podcast_guid_for_feed_url
from podcast.models import EpisodeChapter, EpisodePerson, FeedState, ShowType
from podcast.show_notes import DESCRIPTION_MAX_BYTES, apple_html, truncate_utf8

from .conftest import published_episode, tone_mp3
from .feed_xml import HOST, NS, items_by_title, one

pytestmark = pytest.mark.django_db


def get_feed(client, show, **headers):
    return client.get(show.feed_path_url, HTTP_HOST=HOST, **headers)


@pytest.fixture
def show(podcast_show):
    podcast_show.feed_path_url = podcast_show.url + podcast_show.feed_path
    return podcast_show


@pytest.fixture
def episodes(show):
    """Three published episodes, oldest first, with people, chapters and a transcript."""
    first = published_episode(show, "Listetak", days=30, season=1, episode_number=1)
    second = published_episode(show, "Rekruttering i distriktene", days=20, season=1, episode_number=2, explicit=True)
    third = published_episode(show, "Legevakt på øyene", days=10, season=1, episode_number=3, episode_type="bonus")
    EpisodePerson.objects.create(page=second, name="Kari Nordmann", role="host", url="https://allmenn.example/kari")
    EpisodePerson.objects.create(page=second, name="Ola Nordmann", role="guest")
    EpisodeChapter.objects.create(page=second, start_seconds=0, title="Innledning")
    EpisodeChapter.objects.create(page=second, start_seconds=1, title="Om ALIS-avtaler")
    return [first, second, third]


def parse(response) -> etree._Element:
    assert response.status_code == 200, response.status_code
    return etree.fromstring(response.content)


def test_channel_has_every_tag_apple_requires(client, show, episodes):
    response = get_feed(client, show)
    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    root = parse(response)
    assert root.tag == "rss" and root.get("version") == "2.0"
    for prefix, uri in NS.items():
        assert root.nsmap[prefix] == uri
    channel = one(root, "/rss/channel")
    assert channel.findtext("title") == "Fastlegepodden"
    assert channel.findtext("link") == show.get_full_url()
    assert channel.findtext("language") == "nb"
    assert channel.findtext("description").startswith("Samtaler om fastlegeordningen")
    assert channel.findtext("copyright") == "© Allmennlegeprogrammet"
    image = one(root, "/rss/channel/itunes:image").get("href")
    assert image.startswith("http://localhost/") and image.endswith((".jpg", ".png"))
    category = one(root, "/rss/channel/itunes:category")
    assert category.get("text") == "Health & Fitness"
    assert one(root, "/rss/channel/itunes:category/itunes:category").get("text") == "Medicine"
    assert one(root, "/rss/channel/itunes:explicit").text == "false"
    assert one(root, "/rss/channel/itunes:author").text == "Allmennlegeprogrammet"
    assert one(root, "/rss/channel/itunes:owner/itunes:name").text == "Allmennlegeprogrammet"
    assert one(root, "/rss/channel/itunes:owner/itunes:email").text == "podkast@allmenn.example"
    assert one(root, "/rss/channel/itunes:type").text == "episodic"
    self_link = one(root, "/rss/channel/atom:link[@rel='self']")
    assert self_link.get("href") == show.feed_url() and self_link.get("type") == "application/rss+xml"
    assert not root.xpath("/rss/channel/itunes:new-feed-url", namespaces=NS)


def test_channel_has_the_podcast_namespace_tags(client, show, episodes):
    root = parse(get_feed(client, show))
    show.refresh_from_db()
    expected = str(podcast_guid_for_feed_url(f"http://{HOST}{show.url}{show.feed_path}"))
    assert one(root, "/rss/channel/podcast:guid").text == expected == str(show.podcast_guid)
    locked = one(root, "/rss/channel/podcast:locked")
    assert (locked.text, locked.get("owner")) == ("yes", "podkast@allmenn.example")
    funding = one(root, "/rss/channel/podcast:funding")
    assert (funding.get("url"), funding.text) == ("https://allmenn.example/stott", "Støtt programmet")


def test_podcast_guid_survives_edits_and_a_new_slug(client, show, episodes):
    parse(get_feed(client, show))
    show.refresh_from_db()
    guid = show.podcast_guid
    show.title = "Fastlegepodden – ny sesong"
    show.slug = "fastlegepodden-ny"
    show.save_revision().publish()
    show.refresh_from_db()
    show.feed_path_url = show.url + show.feed_path
    root = parse(get_feed(client, show))
    assert one(root, "/rss/channel/podcast:guid").text == str(guid)
    assert one(root, "/rss/channel/title").text == "Fastlegepodden – ny sesong"


def test_items_have_every_tag_apple_requires(client, show, episodes):
    root = parse(get_feed(client, show))
    items = root.xpath("/rss/channel/item")
    assert [item.findtext("title") for item in items] == ["Legevakt på øyene", "Rekruttering i distriktene", "Listetak"]
    for item, episode in zip(items, reversed(episodes), strict=True):
        enclosure = one(item, "enclosure")
        assert enclosure.get("url").startswith("http://localhost/") and enclosure.get("url").endswith(".mp3")
        assert int(enclosure.get("length")) == episode.audio_size == episode.audio_file.size
        assert enclosure.get("type") == "audio/mpeg"
        guid = one(item, "guid")
        assert guid.text == episode.guid and guid.text.startswith("urn:uuid:")
        assert guid.get("isPermaLink") == "false"
        published = parsedate_to_datetime(item.findtext("pubDate"))
        assert published.tzinfo is not None
        assert published == episode.first_published_at.replace(microsecond=0)
        assert one(item, "itunes:duration").text == "2"
        assert one(item, "itunes:explicit").text in ("true", "false")
        assert one(item, "itunes:episodeType").text == episode.episode_type
        assert one(item, "itunes:season").text == "1"
        assert one(item, "itunes:episode").text == str(episode.episode_number)
        assert item.findtext("link") == episode.get_full_url()
    by_title = items_by_title(root)
    assert one(by_title["Rekruttering i distriktene"], "itunes:explicit").text == "true"
    assert one(by_title["Listetak"], "itunes:explicit").text == "false"


def test_items_have_transcripts_chapters_and_people(client, show, episodes):
    item = items_by_title(parse(get_feed(client, show)))["Rekruttering i distriktene"]
    transcript = one(item, "podcast:transcript")
    assert transcript.get("url") == episodes[1].get_full_url() + "tekstversjon.txt"
    assert (transcript.get("type"), transcript.get("language")) == ("text/plain", "nb")
    chapters = one(item, "podcast:chapters")
    assert chapters.get("url") == episodes[1].get_full_url() + "kapitler.json"
    assert chapters.get("type") == "application/json+chapters"
    people = item.xpath("podcast:person", namespaces=NS)
    assert [(p.text, p.get("role"), p.get("group"), p.get("href")) for p in people] == [
        ("Kari Nordmann", "host", "cast", "https://allmenn.example/kari"),
        ("Ola Nordmann", "guest", "cast", None),
    ]
    listetak = items_by_title(parse(get_feed(client, show)))["Listetak"]
    assert not listetak.xpath("podcast:chapters | podcast:person", namespaces=NS)


def test_uploaded_transcript_is_linked_with_its_type(client, show):
    from django.core.files.base import ContentFile

    episode = PodcastEpisodePageFactory(
        parent=show, title="Med undertekster", audio=tone_mp3(), transcript_text="", live=False
    )
    episode.transcript_file.save(
        "undertekster.vtt", ContentFile(b"WEBVTT\n\n00:00.000 --> 00:01.000\nHei\n"), save=False
    )
    episode.save_revision().publish()
    transcript = one(items_by_title(parse(get_feed(client, show)))["Med undertekster"], "podcast:transcript")
    assert transcript.get("url").endswith("/tekstversjon.vtt") and transcript.get("type") == "text/vtt"


def test_guid_is_stable_across_edits_and_republishing(client, show, episodes):
    episode = episodes[0]
    guid = episode.guid
    episode.title = "Listetak – oppdatert"
    episode.save_revision().publish()
    episode.unpublish()
    episode.refresh_from_db()
    episode.save_revision().publish()
    item = items_by_title(parse(get_feed(client, show)))["Listetak – oppdatert"]
    assert item.findtext("guid") == guid


def test_serial_show_lists_oldest_first(client, show, episodes):
    show.show_type = ShowType.SERIAL
    show.save_revision().publish()
    root = parse(get_feed(client, show))
    assert one(root, "/rss/channel/itunes:type").text == "serial"
    titles = [item.findtext("title") for item in root.xpath("/rss/channel/item")]
    assert titles == ["Listetak", "Rekruttering i distriktene", "Legevakt på øyene"]


def test_last_build_date_is_the_newest_change_not_now(client, show, episodes):
    episodes[0].title = "Listetak (rettet)"
    episodes[0].save_revision().publish()
    episodes[0].refresh_from_db()
    newest = max(page.last_published_at for page in [show, *episodes])
    assert newest == episodes[0].last_published_at
    response = get_feed(client, show)
    built = parsedate_to_datetime(parse(response).findtext("channel/lastBuildDate"))
    assert built == newest.replace(microsecond=0)
    assert response["Last-Modified"] == http_date(newest.timestamp())


def test_drafts_and_scheduled_episodes_are_absent_until_live(client, show, episodes):
    PodcastEpisodePageFactory(parent=show, title="Utkast", audio=tone_mp3(), live=False, first_published_at=None)
    scheduled = PodcastEpisodePageFactory(
        parent=show, title="Planlagt", audio=tone_mp3(), live=False, first_published_at=None
    )
    revision = scheduled.save_revision(approved_go_live_at=timezone.now() + timedelta(days=1))
    titles = set(items_by_title(parse(get_feed(client, show))))
    assert "Utkast" not in titles and "Planlagt" not in titles and len(titles) == 3

    revision.approved_go_live_at = timezone.now() - timedelta(minutes=1)
    revision.save(update_fields=["approved_go_live_at"])
    call_command("publish_scheduled", stdout=io.StringIO())
    titles = set(items_by_title(parse(get_feed(client, show))))
    assert "Planlagt" in titles and "Utkast" not in titles


def test_description_fits_in_4000_bytes_of_norwegian(client, show, episodes):
    show.description = "Blåbærsyltetøy på ærlig vis. " * 200  # ≈ 6600 bytes, with æ, ø and å at two bytes
    show.save_revision().publish()
    root = parse(get_feed(client, show))
    for xpath in ("/rss/channel/description", "/rss/channel/itunes:summary"):
        text = one(root, xpath).text
        assert len(text.encode("utf-8")) <= DESCRIPTION_MAX_BYTES
        assert text.startswith("Blåbærsyltetøy") and text.endswith("…")


def test_truncate_never_splits_a_character():
    text = "æøå" * 10  # 60 bytes
    for cut in range(1, 64):
        truncated = truncate_utf8(text, cut)
        assert len(truncated.encode("utf-8")) <= cut
        assert text.startswith(truncated.removesuffix("…"))
    assert truncate_utf8("kort", 4000) == "kort"


def test_show_notes_are_limited_to_what_apple_allows(client, show):
    notes = (
        '<p>Hei <b>alle</b>!<script>alert("x")</script></p><h2>Lenker</h2>'
        '<ul><li><a href="https://helsedirektoratet.no" onclick="x()">Helsedirektoratet</a></li>'
        '<li><a href="javascript:alert(1)">farlig</a></li></ul><style>p{}</style>'
    )
    published_episode(show, "Med notater", show_notes=notes)
    response = get_feed(client, show)
    assert b"<description><![CDATA[" in response.content
    assert b"<content:encoded><![CDATA[" in response.content
    item = items_by_title(parse(response))["Med notater"]
    expected = (
        '<p>Hei alle!</p>Lenker<ul><li><a href="https://helsedirektoratet.no">Helsedirektoratet</a></li>'
        "<li>farlig</li></ul>"
    )
    assert item.findtext("description") == expected
    assert one(item, "content:encoded").text == expected
    assert b"alert" not in response.content and b"onclick" not in response.content


def test_apple_html_escapes_text_and_closes_tags():
    assert apple_html("<p>1 < 2 & <i>mer</i>") == "<p>1 &lt; 2 &amp; mer</p>"
    assert apple_html("<p>]]></p>") == "<p>]]&gt;</p>"


def test_podcastparser_and_feedparser_read_the_feed(client, show, episodes):
    response = get_feed(client, show)
    parsed = podcastparser.parse(show.feed_url(), io.BytesIO(response.content))
    assert parsed["title"] == "Fastlegepodden"
    assert [e["title"] for e in parsed["episodes"]] == ["Legevakt på øyene", "Rekruttering i distriktene", "Listetak"]
    for parsed_episode, episode in zip(parsed["episodes"], reversed(episodes), strict=True):
        assert parsed_episode["total_time"] == 2
        assert parsed_episode["guid"] == episode.guid
        [enclosure] = parsed_episode["enclosures"]
        assert enclosure["file_size"] == episode.audio_size and enclosure["mime_type"] == "audio/mpeg"
        assert enclosure["url"].endswith(".mp3")

    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "rss20"
    assert feed.feed.title == "Fastlegepodden" and feed.feed.language == "nb"
    assert [e.title for e in feed.entries] == ["Legevakt på øyene", "Rekruttering i distriktene", "Listetak"]
    for entry, episode in zip(feed.entries, reversed(episodes), strict=True):
        assert entry.itunes_duration == "2"
        [enclosure] = entry.enclosures
        assert int(enclosure.length) == episode.audio_size and enclosure.type == "audio/mpeg"


def test_head_answers_like_get_without_a_body(client, show, episodes):
    get = get_feed(client, show)
    head = client.head(show.feed_path_url, HTTP_HOST=HOST)
    assert head.status_code == 200 and head.content == b""
    assert head["Content-Length"] == str(len(get.content))
    assert head["ETag"] == get["ETag"] and head["Content-Type"] == get["Content-Type"]


def test_post_is_not_allowed(client, show):
    response = client.post(show.feed_path_url, HTTP_HOST=HOST)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"


def test_etag_and_last_modified_give_304(client, show, episodes):
    first = get_feed(client, show)
    assert first["ETag"].startswith('"') and not first["ETag"].startswith("W/")
    assert first["Cache-Control"] == "public, max-age=300"
    by_etag = get_feed(client, show, HTTP_IF_NONE_MATCH=first["ETag"])
    assert by_etag.status_code == 304 and by_etag.content == b""
    assert by_etag["ETag"] == first["ETag"]
    by_date = get_feed(client, show, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert by_date.status_code == 304
    stale = get_feed(client, show, HTTP_IF_NONE_MATCH='"noe-annet"')
    assert stale.status_code == 200


def backdate(show) -> None:
    """Move every publication an hour back, so a change now is a later second for If-Modified-Since."""
    an_hour_ago = timezone.now() - timedelta(hours=1)
    Page.objects.filter(path__startswith=show.path).update(last_published_at=an_hour_ago)
    FeedState.objects.all().delete()  # as if the feed had never been served


def test_publishing_an_episode_changes_the_feed_and_its_etag_at_once(client, show, episodes):
    backdate(show)
    first = get_feed(client, show)
    published_episode(show, "Helt ny episode")
    second = get_feed(client, show, HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200
    assert second["ETag"] != first["ETag"]
    assert "Helt ny episode" in items_by_title(parse(second))
    assert parsedate_to_datetime(second["Last-Modified"]) > parsedate_to_datetime(first["Last-Modified"])


def test_unpublishing_an_episode_removes_it_at_once(client, show, episodes):
    backdate(show)
    first = get_feed(client, show)
    episodes[2].unpublish()
    second = get_feed(client, show, HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200 and "Legevakt på øyene" not in items_by_title(parse(second))
    by_date = get_feed(client, show, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert by_date.status_code == 200  # the unpublication is a change too


def test_a_moved_show_answers_301_and_names_the_new_feed(client, show, episodes, rf):
    from podcast.feed import build_feed

    show.new_feed_url = "https://podkast.example/fastlegepodden.xml"
    show.save_revision().publish()
    response = get_feed(client, show)
    assert response.status_code == 301
    assert response["Location"] == "https://podkast.example/fastlegepodden.xml"
    body = build_feed(show, rf.get("/", HTTP_HOST=HOST), timezone.now())
    root = etree.fromstring(body)
    assert one(root, "/rss/channel/itunes:new-feed-url").text == "https://podkast.example/fastlegepodden.xml"


def test_explicit_show_says_true_once(client, show, episodes):
    show.explicit = True
    show.save_revision().publish()
    root = parse(get_feed(client, show))
    assert [e.text for e in root.xpath("/rss/channel/itunes:explicit", namespaces=NS)] == ["true"]
    for item in root.xpath("/rss/channel/item"):
        assert len(item.xpath("itunes:explicit", namespaces=NS)) == 1


def _queries(client, show) -> int:
    reset_queries()  # each request clears the log at its start: begin with it empty
    with CaptureQueriesContext(connection) as captured:
        assert get_feed(client, show).status_code == 200
    return len(captured)


def _add_episodes(show, artwork, count: int, start: int) -> None:
    for number in range(start, start + count):
        episode = published_episode(show, f"Episode {number}", days=100 - number, artwork=artwork)
        EpisodePerson.objects.create(page=episode, name="Kari Nordmann", role="host")
        EpisodeChapter.objects.create(page=episode, start_seconds=0, title="Innledning")


def test_query_count_is_constant_as_episodes_grow(client, show, podcast_artwork):
    _add_episodes(show, podcast_artwork, 3, start=1)
    get_feed(client, show)  # warm: renditions, podcast:guid
    cache.clear()
    built_with_3 = _queries(client, show)
    cached_with_3 = _queries(client, show)

    _add_episodes(show, podcast_artwork, 7, start=4)
    get_feed(client, show)
    cache.clear()
    built_with_10 = _queries(client, show)
    cached_with_10 = _queries(client, show)

    assert len(items_by_title(parse(get_feed(client, show)))) == 10
    assert built_with_3 == built_with_10
    assert cached_with_3 == cached_with_10
    assert cached_with_10 < built_with_10


def test_long_show_notes_fit_apples_limit_as_plain_text():
    from podcast.show_notes import description_html

    notes = "<p>" + "Fastlegen & listetaket på Røst. " * 400 + "</p><script>x()</script>"
    html = description_html(notes, summary="", title="Lang")
    assert len(html.encode("utf-8")) <= DESCRIPTION_MAX_BYTES
    assert html.startswith("<p>Fastlegen &amp; listetaket") and html.endswith("</p>")
    assert "<script" not in html and "x()" not in html
