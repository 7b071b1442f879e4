"""Podcast files in a bucket: private objects, reached only through the episode's own address.

The address keeps answering (the feed's enclosure), runs the episode's checks, and then
redirects to a short-lived URL signed for the request's method; the bucket serves the ranges.
"""

from __future__ import annotations

import os
from urllib.parse import parse_qs, urlsplit

import pytest
from lxml import etree
from wagtail.models import PageViewRestriction

from podcast.factories import PodcastArtworkFactory, PodcastEpisodePageFactory, PodcastShowPageFactory
from podcast.stored_files import delete_unneeded
from tests.podcast.audio_fixtures import mp3_with_header
from tests.s3_service import needs_moto
from tests.storage.http_get import fetch

pytestmark = [needs_moto, pytest.mark.django_db]

VTT = "WEBVTT\n\n00:00.000 --> 00:02.000\n<v Kari>Velkommen til Fastlegepodden.\n"


@pytest.fixture
def show(home_page, s3_media):
    return PodcastShowPageFactory(parent=home_page)


@pytest.fixture
def episode(show):
    """A live, public episode with two seconds of real MP3 and a WebVTT transcript, both in the bucket."""
    from django.core.files.base import ContentFile

    episode = PodcastEpisodePageFactory(parent=show, title="Listetak", audio=mp3_with_header(), transcript_text="")
    episode.transcript_file.save("listetak.vtt", ContentFile(VTT.encode()), save=False)
    episode.save_revision().publish()
    episode.refresh_from_db()
    return episode


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def audio_address(episode) -> str:
    return episode.url + "lyd/" + os.path.basename(episode.audio_file.name)


def test_episode_files_are_private_objects_in_the_bucket(s3_media, episode):
    client = s3_media.client()
    for field_file in (episode.audio_file, episode.transcript_file):
        client.head_object(Bucket=s3_media.name, Key=field_file.name)
        assert fetch(s3_media.object_url(field_file.name)).status == 403


def test_the_audio_address_redirects_to_a_signed_url_that_serves_ranges(s3_media, site_client, episode):
    response = site_client.get(audio_address(episode))
    assert response.status_code == 302
    assert response["Cache-Control"] == "no-store"  # the signature expires: nobody may keep this answer
    assert response["Access-Control-Allow-Origin"] == "*"
    location = response["Location"]
    assert location.startswith(f"{s3_media.endpoint_url}/{s3_media.name}/{episode.audio_file.name}?")
    query = parse_qs(urlsplit(location).query)
    assert query["X-Amz-Expires"] == ["300"]
    audio = mp3_with_header()
    partial = fetch(location, headers={"Range": "bytes=100-1099"})
    assert partial.status == 206
    assert partial.body == audio[100:1100]
    assert partial.headers["content-range"] == f"bytes 100-1099/{len(audio)}"
    assert partial.headers["content-type"] == "audio/mpeg"
    assert fetch(location).body == audio


def test_head_gets_a_url_signed_for_head(s3_media, site_client, episode):
    response = site_client.head(audio_address(episode))
    assert response.status_code == 302
    answer = fetch(response["Location"], method="HEAD")
    assert answer.status == 200
    assert int(answer.headers["content-length"]) == len(mp3_with_header())


def test_the_feed_keeps_the_episode_address_and_the_object_size(s3_media, client, show, episode):
    response = client.get(show.url + show.feed_path, HTTP_HOST="localhost")
    assert response.status_code == 200
    enclosure = etree.fromstring(response.content).xpath("/rss/channel/item/enclosure")[0]
    assert enclosure.get("url") == episode.audio_url()
    assert urlsplit(enclosure.get("url")).path == audio_address(episode)
    size = s3_media.client().head_object(Bucket=s3_media.name, Key=episode.audio_file.name)["ContentLength"]
    assert int(enclosure.get("length")) == size == episode.audio_size == len(mp3_with_header())


def test_the_feed_artwork_is_a_public_bucket_url_ending_in_jpg(s3_media, client, home_page):
    show = PodcastShowPageFactory(parent=home_page, artwork=PodcastArtworkFactory(), publish=True)
    response = client.get(show.url + show.feed_path, HTTP_HOST="localhost")
    namespaces = {"itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd"}
    image = etree.fromstring(response.content).xpath("/rss/channel/itunes:image", namespaces=namespaces)[0]
    url = image.get("href")
    assert url.startswith(f"{s3_media.endpoint_url}/{s3_media.name}/images/") and url.endswith(".jpg")
    answer = fetch(url)
    assert answer.status == 200 and answer.body.startswith(b"\xff\xd8")  # a JPEG anyone can read


def test_a_login_protected_episode_sends_visitors_to_the_login_not_the_bucket(
    s3_media, site_client, episode, django_user_model
):
    PageViewRestriction.objects.create(page=episode, restriction_type=PageViewRestriction.LOGIN)
    anonymous = site_client.get(audio_address(episode))
    assert anonymous.status_code == 302 and s3_media.endpoint_url not in anonymous["Location"]
    assert "login" in anonymous["Location"]
    site_client.force_login(django_user_model.objects.create_user("kari", password="x"))
    allowed = site_client.get(audio_address(episode))
    assert allowed.status_code == 302 and allowed["Location"].startswith(s3_media.endpoint_url)
    assert fetch(allowed["Location"], headers={"Range": "bytes=0-3"}).body == mp3_with_header()[:4]


def test_an_unpublished_episode_answers_404_and_no_url(s3_media, site_client, episode):
    address = audio_address(episode)
    episode.unpublish()
    assert site_client.get(address).status_code == 404


def test_transcripts_are_read_from_the_bucket(s3_media, site_client, episode):
    vtt = site_client.get(episode.url + "tekstversjon.vtt")
    assert vtt.status_code == 200 and body(vtt).decode() == VTT
    text = site_client.get(episode.url + "tekstversjon.txt")
    assert text.status_code == 200 and "Velkommen til Fastlegepodden." in body(text).decode()


def test_files_nothing_needs_are_deleted_from_the_bucket(s3_media, episode, django_capture_on_commit_callbacks):
    names = [episode.audio_file.name, episode.transcript_file.name]
    with django_capture_on_commit_callbacks(execute=True):
        episode.delete()
    delete_unneeded(names)  # idempotent: the deletion hook may already have removed them
    listed = s3_media.client().list_objects_v2(Bucket=s3_media.name, Prefix="podcast/")
    assert listed.get("KeyCount", 0) == 0
