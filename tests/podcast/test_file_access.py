"""Who may fetch an episode's audio, transcript and chapters.

Only a live episode in a live show, public to this visitor, answers at its own addresses;
a private one answers what Wagtail answers for its page (the password form or the login),
never the file; an unpublished or deleted one answers 404. /media/ never serves them.
"""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from wagtail.models import PageViewRestriction

from podcast.factories import PodcastEpisodePageFactory, PodcastShowPageFactory
from podcast.models import EpisodeChapter

from .audio_fixtures import delete_episode_files, mp3_with_header

pytestmark = pytest.mark.django_db

VTT = b"WEBVTT\n\n00:00.000 --> 00:02.000\n<v Kari>Velkommen til Fastlegepodden.\n"


@pytest.fixture
def show(home_page):
    return PodcastShowPageFactory(parent=home_page)


@pytest.fixture
def episode(show):
    """A live episode with audio, an uploaded WebVTT transcript and a chapter, published through a revision."""
    episode = PodcastEpisodePageFactory(parent=show, title="Listetak", audio=mp3_with_header(), live=False)
    episode.transcript_file.save("listetak.vtt", ContentFile(VTT), save=False)
    episode.save()
    EpisodeChapter.objects.create(page=episode, start_seconds=0, title="Innledning")
    episode.save_revision().publish()
    episode.refresh_from_db()
    yield episode
    delete_episode_files(episode)


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def own_addresses(episode) -> list[str]:
    return [
        episode.audio_path(),
        episode.transcript_path("vtt"),
        episode.transcript_path("txt"),
        episode.chapters_path(),
    ]


def media_addresses(episode) -> list[str]:
    return ["/media/" + episode.audio_file.name, "/media/" + episode.transcript_file.name]


def test_a_live_public_episode_serves_its_files_at_its_own_addresses(site_client, episode):
    for url in own_addresses(episode):
        for method in (site_client.get, site_client.head):
            assert method(url).status_code == 200, url
    assert body(site_client.get(episode.audio_path())) == mp3_with_header()
    assert "public" in site_client.get(episode.audio_path())["Cache-Control"]


def test_media_never_serves_podcast_files(site_client, episode):
    for url in media_addresses(episode):
        for method in (site_client.get, site_client.head):
            response = method(url)
            assert response.status_code == 404, url
            assert mp3_with_header() not in body(response)


def test_an_unpublished_episode_answers_404(site_client, episode):
    urls = own_addresses(episode) + media_addresses(episode)
    episode.unpublish()
    for url in urls:
        for method in (site_client.get, site_client.head):
            assert method(url).status_code == 404, url


def test_a_draft_that_never_went_live_answers_404(site_client, show):
    draft = PodcastEpisodePageFactory(parent=show, title="Utkast", audio=mp3_with_header(), live=False)
    try:
        urls = [draft.url + "lyd/" + draft.audio_filename, draft.url + "tekstversjon.txt"]
        urls.append("/media/" + draft.audio_file.name)
        for url in urls:
            for method in (site_client.get, site_client.head):
                assert method(url).status_code == 404, url
    finally:
        delete_episode_files(draft)


def test_a_deleted_episode_answers_404(site_client, episode, django_capture_on_commit_callbacks):
    urls = own_addresses(episode) + media_addresses(episode)
    with django_capture_on_commit_callbacks(execute=True):
        episode.delete()
    for url in urls:
        assert site_client.get(url).status_code == 404, url


def test_a_password_protected_episode_answers_the_password_form_never_the_file(site_client, episode):
    PageViewRestriction.objects.create(page=episode, restriction_type=PageViewRestriction.PASSWORD, password="hemmelig")
    page = site_client.get(episode.url)
    assert page.status_code == 200 and 'name="password"' in page.content.decode()
    for url in own_addresses(episode):
        for method in (site_client.get, site_client.head):
            response = method(url)
            assert response.status_code == page.status_code, url
            assert response["Content-Type"] == page["Content-Type"]
            assert mp3_with_header() not in body(response) and VTT not in body(response)
    for url in media_addresses(episode):
        assert site_client.get(url).status_code == 404


def test_an_episode_in_a_private_show_answers_the_login(site_client, episode, show):
    PageViewRestriction.objects.create(page=show, restriction_type=PageViewRestriction.LOGIN)
    page = site_client.get(episode.url)
    assert page.status_code == 302
    for url in own_addresses(episode):
        for method in (site_client.get, site_client.head):
            response = method(url)
            assert response.status_code == 302 and response["Location"].startswith(page["Location"].split("?")[0])
    for url in media_addresses(episode):
        assert site_client.get(url).status_code == 404


def test_a_visitor_let_in_gets_the_file_but_no_shared_cache_keeps_it(site_client, episode, admin_user):
    PageViewRestriction.objects.create(page=episode, restriction_type=PageViewRestriction.LOGIN)
    site_client.force_login(admin_user)
    for url in own_addresses(episode):
        response = site_client.get(url)
        assert response.status_code == 200, url
        assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]


def test_an_episode_in_an_unpublished_show_answers_404(site_client, episode, show):
    urls = own_addresses(episode)
    show.unpublish()  # only the show: its episode's own row stays live
    for url in urls:
        assert site_client.get(url).status_code == 404, url


def test_a_draft_upload_is_never_served_while_the_live_audio_plays(site_client, episode):
    """An editor uploads new audio in a draft: visitors keep getting the live file, and nothing else."""
    live_name = episode.audio_file.name
    draft = episode.get_latest_revision_as_object()
    draft.audio_file.save("ny.mp3", ContentFile(mp3_with_header(3.0)), save=False)
    draft.save_revision()
    assert draft.audio_file.name != live_name
    response = site_client.get(episode.url + "lyd/" + draft.audio_filename)
    if response.status_code == 200:  # the draft's file has the live one's name: the live file
        assert body(response) == mp3_with_header()
    else:
        assert response.status_code == 404
    assert site_client.get("/media/" + draft.audio_file.name).status_code == 404
    draft.audio_file.storage.delete(draft.audio_file.name)
