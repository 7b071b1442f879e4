"""An MP3 uploaded with a publish that is refused (no transcript yet) is kept, and the editor is told so.

The publish saves the draft with the audio and stops there with the reasons; the next
publish, with the transcript typed, goes live with that audio without a new upload. A
form sent back with other errors says the chosen file was not stored, instead of
showing it as stored.
"""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile

from podcast.models import PodcastEpisodePage

from .audio_fixtures import mp3_with_header
from .test_admin_upload import episode_form_data

pytestmark = pytest.mark.django_db


def error_messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request) if message.level_tag == "error"]


def new_audio(seconds: float = 2.0) -> SimpleUploadedFile:
    return SimpleUploadedFile("Listetak.mp3", mp3_with_header(seconds), content_type="audio/mpeg")


def test_a_new_episode_published_without_transcript_is_saved_as_a_draft_with_its_audio(admin_client, podcast_show):
    data = episode_form_data("Listetak", "listetak", audio_file=new_audio())
    data["action-publish"] = "action-publish"

    response = admin_client.post(f"/admin/pages/add/podcast/podcastepisodepage/{podcast_show.pk}/", data)

    episode = PodcastEpisodePage.objects.get(slug="listetak")
    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{episode.pk}/edit/"
    assert not episode.live and episode.live_revision is None
    assert any("lagret som kladd" in message and "tekstversjon" in message for message in error_messages(response))
    draft = episode.get_latest_revision_as_object()
    assert draft.audio_file.storage.exists(draft.audio_file.name)
    assert 1.9 < draft.audio_duration < 2.1

    editor = admin_client.get(f"/admin/pages/{episode.pk}/edit/").content.decode()
    assert "Lagret lyd" in editor

    # The next publish, with the transcript typed and no new upload, goes live with that audio.
    data = episode_form_data("Listetak", "listetak", transcript_text="Velkommen til Fastlegepodden.")
    data["action-publish"] = "action-publish"
    response = admin_client.post(f"/admin/pages/{episode.pk}/edit/", data)
    assert response.status_code == 302
    assert not error_messages(response)
    episode = PodcastEpisodePage.objects.get(pk=episode.pk)
    assert episode.live
    assert episode.audio_file.name == draft.audio_file.name


def test_new_audio_for_a_live_episode_is_kept_when_its_publish_is_refused(admin_client, podcast_show):
    data = episode_form_data("Listetak", "listetak", audio_file=new_audio(), transcript_text="Tekst.")
    data["action-publish"] = "action-publish"
    admin_client.post(f"/admin/pages/add/podcast/podcastepisodepage/{podcast_show.pk}/", data)
    episode = PodcastEpisodePage.objects.get(slug="listetak")
    live_audio = episode.audio_file.name
    assert episode.live

    # New audio, and the transcript removed by mistake: refused, but the new audio is in the draft.
    data = episode_form_data("Listetak", "listetak", audio_file=new_audio(3.0), transcript_text="")
    data["action-publish"] = "action-publish"
    response = admin_client.post(f"/admin/pages/{episode.pk}/edit/", data)

    assert response.status_code == 302
    assert any("ikke publisert" in message for message in error_messages(response))
    episode = PodcastEpisodePage.objects.get(pk=episode.pk)
    assert episode.audio_file.name == live_audio  # the live version is untouched
    draft = episode.get_latest_revision_as_object()
    assert draft.audio_file.name != live_audio
    assert draft.audio_file.storage.exists(draft.audio_file.name)
    assert 2.9 < draft.audio_duration < 3.1


def test_a_form_with_other_errors_says_the_chosen_audio_is_not_stored(admin_client, podcast_show):
    data = episode_form_data("", "listetak", audio_file=new_audio())  # no title
    data["action-publish"] = "action-publish"

    response = admin_client.post(f"/admin/pages/add/podcast/podcastepisodepage/{podcast_show.pk}/", data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Lagret lyd" not in html
    assert "Lydfila du valgte, er ikke lagret" in html
    assert not PodcastEpisodePage.objects.filter(slug="listetak").exists()
