"""Audio, transcripts and chapters over HTTP: HEAD, byte ranges and content types, through the episode routes."""

import io
import json
import os
import re

import pytest
from django.core.files.base import ContentFile
from django.test import RequestFactory

from core.ranges import parse_range, ranged_file_response
from podcast.factories import PodcastEpisodePageFactory, PodcastShowPageFactory
from podcast.models import EpisodeChapter
from tests.podcast.audio_fixtures import delete_episode_files, m4a_bytes, mp3_with_header

pytestmark = pytest.mark.django_db

VTT = "WEBVTT\n\n00:00.000 --> 00:02.000\n<v Kari>Velkommen til Fastlegepodden.\n"


@pytest.fixture
def audio_show(home_page):
    """A live show at /fastlegepodden/, without artwork (not needed to serve files)."""
    return PodcastShowPageFactory(parent=home_page)


@pytest.fixture
def mp3_episode(audio_show):
    """A live episode at /fastlegepodden/listetak/ with two seconds of real MP3 in MEDIA_ROOT, and no transcript."""
    episode = PodcastEpisodePageFactory(
        parent=audio_show, title="Listetak", audio=mp3_with_header(), transcript_text=""
    )
    yield episode
    delete_episode_files(episode)


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def audio_url(mp3_episode):
    return mp3_episode.url + "lyd/" + os.path.basename(mp3_episode.audio_file.name)


def test_audio_url_ends_in_the_ascii_file_name(mp3_episode):
    name = os.path.basename(mp3_episode.audio_file.name)
    assert re.fullmatch(r"listetak(_\w+)?\.mp3", name)
    assert mp3_episode.audio_url() == f"http://localhost/fastlegepodden/listetak/lyd/{name}"


def test_whole_file(site_client, audio_url):
    response = site_client.get(audio_url)
    assert response.status_code == 200
    assert body(response) == mp3_with_header()
    assert response["Content-Type"] == "audio/mpeg"
    assert response["Content-Length"] == str(len(mp3_with_header()))
    assert response["Accept-Ranges"] == "bytes"
    assert re.fullmatch(r'inline; filename="listetak(_\w+)?\.mp3"', response["Content-Disposition"])
    assert "public" in response["Cache-Control"]
    assert response["ETag"] and response["Last-Modified"]


@pytest.mark.parametrize(
    ("header", "first", "last"),
    [("bytes=0-1", 0, 1), ("bytes=0-0", 0, 0), ("bytes=-500", None, None), ("bytes=100-", 100, None)],
)
def test_single_ranges(site_client, audio_url, header, first, last):
    data = mp3_with_header()
    size = len(data)
    first = size - 500 if first is None else first
    last = size - 1 if last is None else last
    response = site_client.get(audio_url, HTTP_RANGE=header)
    assert response.status_code == 206
    assert body(response) == data[first : last + 1]
    assert response["Content-Length"] == str(last - first + 1)
    assert response["Content-Range"] == f"bytes {first}-{last}/{size}"
    assert response["Content-Type"] == "audio/mpeg"


def test_range_past_the_end_is_416(site_client, audio_url):
    size = len(mp3_with_header())
    response = site_client.get(audio_url, HTTP_RANGE=f"bytes={size}-")
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{size}"


def test_last_byte_past_the_end_is_clamped(site_client, audio_url):
    size = len(mp3_with_header())
    response = site_client.get(audio_url, HTTP_RANGE=f"bytes={size - 2}-{size + 1000}")
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {size - 2}-{size - 1}/{size}"


@pytest.mark.parametrize("header", ["bytes=abc", "bytes=5-2", "items=0-1", "bytes=", "bytes=0-1,4-5", "bytes=--1"])
def test_malformed_or_multiple_ranges_get_the_whole_file(site_client, audio_url, header):
    response = site_client.get(audio_url, HTTP_RANGE=header)
    assert response.status_code == 200
    assert body(response) == mp3_with_header()


def test_if_range_with_an_old_etag_gets_the_whole_file(site_client, audio_url):
    etag = site_client.head(audio_url)["ETag"]
    assert site_client.get(audio_url, HTTP_RANGE="bytes=0-1", HTTP_IF_RANGE=etag).status_code == 206
    stale = site_client.get(audio_url, HTTP_RANGE="bytes=0-1", HTTP_IF_RANGE='"gammel"')
    assert stale.status_code == 200


def test_head_has_the_headers_and_no_body(site_client, audio_url):
    response = site_client.head(audio_url)
    assert response.status_code == 200
    assert response.content == b""
    assert response["Content-Length"] == str(len(mp3_with_header()))
    assert response["Content-Type"] == "audio/mpeg"
    ranged = site_client.head(audio_url, HTTP_RANGE="bytes=0-0")
    assert ranged.status_code == 206 and ranged["Content-Length"] == "1" and ranged.content == b""


def test_post_is_405(site_client, audio_url):
    response = site_client.post(audio_url)
    assert response.status_code == 405
    assert set(response["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}


def test_wrong_file_name_is_404(site_client, mp3_episode):
    assert site_client.get(mp3_episode.url + "lyd/annen.mp3").status_code == 404
    assert site_client.get(mp3_episode.url + "lyd/listetak.m4a").status_code == 404


def test_episode_without_audio_is_404(site_client, audio_show):
    episode = PodcastEpisodePageFactory(parent=audio_show, title="Uten lyd")
    assert site_client.get(episode.url + "lyd/uten-lyd.mp3").status_code == 404


def test_m4a_is_served_as_audio_x_m4a(site_client, audio_show):
    episode = PodcastEpisodePageFactory(parent=audio_show, title="Rekruttering", audio=m4a_bytes())
    response = site_client.get(episode.audio_url(), HTTP_RANGE="bytes=0-7")
    delete_episode_files(episode)
    assert response.status_code == 206
    assert response["Content-Type"] == "audio/x-m4a"
    assert body(response) == m4a_bytes()[:8]


def test_uploaded_vtt_is_served_as_text_vtt(site_client, mp3_episode):
    mp3_episode.transcript_file.save("listetak.vtt", ContentFile(VTT.encode()), save=True)
    url = mp3_episode.transcript_url()
    assert url.endswith("/listetak/tekstversjon.vtt")
    response = site_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/vtt; charset=utf-8"
    assert body(response) == VTT.encode()
    assert site_client.get(url, HTTP_RANGE="bytes=0-5")["Content-Range"] == f"bytes 0-5/{len(VTT)}"
    assert site_client.get(mp3_episode.url + "tekstversjon.srt").status_code == 404
    # Without typed text, the plain text comes from the file.
    txt = site_client.get(mp3_episode.url + "tekstversjon.txt")
    assert body(txt).decode() == "Kari: Velkommen til Fastlegepodden."


def test_uploaded_srt_is_served_as_subrip(site_client, mp3_episode):
    srt = "1\n00:00:00,000 --> 00:00:02,000\nVelkommen.\n"
    mp3_episode.transcript_file.save("listetak.srt", ContentFile(srt.encode()), save=True)
    response = site_client.get(mp3_episode.url + "tekstversjon.srt")
    assert response["Content-Type"] == "application/x-subrip; charset=utf-8"
    assert site_client.head(mp3_episode.url + "tekstversjon.srt").content == b""


def test_typed_transcript_is_served_as_plain_text(site_client, mp3_episode):
    mp3_episode.transcript_text = "Velkommen til Fastlegepodden.\n\nI dag: listetak på Røst."
    mp3_episode.save()
    url = mp3_episode.transcript_url()
    assert url.endswith("/tekstversjon.txt")
    response = site_client.get(url)
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert body(response).decode() == mp3_episode.transcript_text
    assert site_client.get(mp3_episode.url + "tekstversjon.vtt").status_code == 404
    assert site_client.get(mp3_episode.url + "tekstversjon.html").status_code == 404
    assert site_client.post(url).status_code == 405


def test_no_transcript_is_404(site_client, mp3_episode):
    assert mp3_episode.transcript_url() == ""
    assert site_client.get(mp3_episode.url + "tekstversjon.txt").status_code == 404


def test_chapters_json(site_client, mp3_episode):
    assert mp3_episode.chapters_url() == ""
    assert site_client.get(mp3_episode.url + "kapitler.json").status_code == 404
    EpisodeChapter.objects.create(
        page=mp3_episode, start_seconds=95, title="Om ALIS-avtaler", url="https://example.org/"
    )
    EpisodeChapter.objects.create(page=mp3_episode, start_seconds=0, title="Innledning")
    url = mp3_episode.chapters_url()
    assert url.endswith("/listetak/kapitler.json")
    response = site_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json+chapters"
    assert json.loads(body(response)) == {
        "version": "1.2.0",
        "chapters": [
            {"startTime": 0, "title": "Innledning"},
            {"startTime": 95, "title": "Om ALIS-avtaler", "url": "https://example.org/"},
        ],
    }
    head = site_client.head(url)
    assert head.status_code == 200 and head.content == b"" and int(head["Content-Length"]) > 0
    assert body(site_client.get(url, HTTP_RANGE="bytes=0-0")) == b"{"
    assert site_client.put(url).status_code == 405


@pytest.mark.parametrize(
    ("header", "size", "expected"),
    [
        ("bytes=0-0", 10, (0, 0)),
        ("bytes=-500", 10, (0, 9)),
        ("bytes=-0", 10, "unsatisfiable"),
        ("bytes=0-", 0, "unsatisfiable"),
        ("bytes=9-", 10, (9, 9)),
        ("bytes=10-", 10, "unsatisfiable"),
        ("bytes = 1-2", 10, (1, 2)),
    ],
)
def test_parse_range_edges(header, size, expected):
    assert parse_range(header, size) == expected


def test_response_from_a_path(tmp_path):
    path = tmp_path / "lyd.mp3"
    path.write_bytes(b"0123456789")
    request = RequestFactory().get("/", HTTP_RANGE="bytes=3-4")
    response = ranged_file_response(request, path, content_type="audio/mpeg", filename="Lyd på Røst.mp3")
    assert response.status_code == 206
    assert body(response) == b"34"
    assert response["Content-Disposition"] == 'inline; filename="lyd-pa-rost.mp3"'
    response.close()


def test_streams_in_chunks():
    from core import ranges

    data = b"x" * (ranges.CHUNK_SIZE * 3 + 5)
    response = ranged_file_response(RequestFactory().get("/"), io.BytesIO(data), content_type="audio/mpeg")
    chunks = list(response.streaming_content)
    assert len(chunks) == 4 and b"".join(chunks) == data


@pytest.mark.urls("config.urls")
def test_site_urlconf_sends_episode_files_to_wagtail():
    from django.urls import resolve

    match = resolve("/fastlegepodden/listetak/lyd/listetak.mp3")
    assert match.url_name in {"podcast_episode_file", "wagtail_serve"} and match.func.__module__ == "wagtail.views"
    assert resolve("/fastlegepodden/listetak/kapitler.json").func.__module__ == "wagtail.views"
    assert resolve("/fastlegepodden/listetak/tekstversjon.vtt").func.__module__ == "wagtail.views"


@pytest.mark.parametrize(
    "header",
    [
        "bytes=" + "9" * 5000 + "-",
        "bytes=0-" + "9" * 5000,
        "bytes=-" + "9" * 5000,
        "bytes=²-",
        "bytes=" + "9" * 40 + "-",
    ],
)
def test_hostile_ranges_on_episode_audio_get_416_or_the_whole_file(site_client, audio_url, header):
    size = len(mp3_with_header())
    response = site_client.get(audio_url, HTTP_RANGE=header)
    assert response.status_code in (200, 416)
    if response.status_code == 416:
        assert response["Content-Range"] == f"bytes */{size}"
    else:
        assert body(response) == mp3_with_header()
