"""An editor uploads audio and a transcript in the page editor and publishes."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from podcast.models import PodcastEpisodePage

from .audio_fixtures import mp3_with_header

pytestmark = pytest.mark.django_db

VTT = "WEBVTT\n\n00:00:00.000 --> 00:00:01.500\n<v Ingrid>Velkommen til Fastlegepodden.\n"


def episode_form_data(title: str, slug: str, **extra) -> dict:
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "language": "nb",
            "summary": "Om listetak.",
            "episode_type": "full",
            "show_notes": rich_text("<p>Notater.</p>"),
            "people": inline_formset([]),
            "chapters": inline_formset([{"start_seconds": "0", "title": "Innledning", "url": ""}]),
            "transcript_text": "",
            "change_note": "",
            **extra,
        }
    )


def test_create_and_then_replace_audio_through_the_editor(admin_client, podcast_show):
    audio = SimpleUploadedFile("Listetak på Røst.mp3", mp3_with_header(2.0), content_type="audio/mpeg")
    transcript = SimpleUploadedFile("tekst.vtt", VTT.encode(), content_type="text/vtt")
    data = episode_form_data("Listetak", "listetak", audio_file=audio, transcript_file=transcript)
    data["action-publish"] = "action-publish"
    response = admin_client.post(f"/admin/pages/add/podcast/podcastepisodepage/{podcast_show.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    episode = PodcastEpisodePage.objects.get(slug="listetak")
    assert episode.live
    # An unguessable folder, then the ASCII name listeners see at …/lyd/listetak.mp3.
    assert re.fullmatch(r"podcast/audio/[0-9a-f]{32}/listetak\.mp3", episode.audio_file.name)
    assert episode.audio_file.name.isascii()
    assert episode.audio_size == episode.audio_file.storage.size(episode.audio_file.name)
    assert 1.9 < episode.audio_duration < 2.1
    assert episode.audio_mime_type == "audio/mpeg"
    guid = episode.guid

    # Replace the audio in the edit view: the new file must reach storage too.
    longer = SimpleUploadedFile("ny versjon.mp3", mp3_with_header(3.0), content_type="audio/mpeg")
    data = episode_form_data("Listetak", "listetak", audio_file=longer)
    data["action-publish"] = "action-publish"
    response = admin_client.post(f"/admin/pages/{episode.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    episode = PodcastEpisodePage.objects.get(pk=episode.pk)
    assert episode.audio_file.storage.exists(episode.audio_file.name)
    assert episode.audio_size == episode.audio_file.storage.size(episode.audio_file.name)
    assert 2.9 < episode.audio_duration < 3.1
    assert episode.guid == guid


def test_a_text_file_named_mp3_is_refused_and_nothing_is_saved(admin_client, podcast_show):
    fake = SimpleUploadedFile("episode.mp3", b"Dette er ikke lyd.\n" * 50, content_type="audio/mpeg")
    data = episode_form_data("Falsk", "falsk", audio_file=fake)
    response = admin_client.post(f"/admin/pages/add/podcast/podcastepisodepage/{podcast_show.pk}/", data)
    assert response.status_code == 200  # the form again, with the error
    assert not PodcastEpisodePage.objects.filter(slug="falsk").exists()


def test_editor_is_warned_when_the_duration_is_an_estimate(admin_client, podcast_show):
    from .audio_fixtures import mp3_without_header

    audio = SimpleUploadedFile("uten-header.mp3", mp3_without_header(2.0), content_type="audio/mpeg")
    data = episode_form_data("Anslag", "anslag", audio_file=audio, transcript_text="Tekst.")
    response = admin_client.post(f"/admin/pages/add/podcast/podcastepisodepage/{podcast_show.pk}/", data)
    assert response.status_code == 302
    episode = PodcastEpisodePage.objects.get(slug="anslag")
    assert episode.duration_is_estimate
    html = admin_client.get(f"/admin/pages/{episode.pk}/edit/").content.decode()
    assert "Varigheten er bare et anslag" in html


def test_an_oversized_transcript_is_refused_before_it_is_read(admin_client, podcast_show):
    audio = SimpleUploadedFile("ok.mp3", mp3_with_header(1.0), content_type="audio/mpeg")
    huge = SimpleUploadedFile("tekst.vtt", b"WEBVTT\n\n" + b"x" * (5 * 1024 * 1024 + 1), content_type="text/vtt")
    data = episode_form_data("Stor", "stor", audio_file=audio, transcript_file=huge)
    response = admin_client.post(f"/admin/pages/add/podcast/podcastepisodepage/{podcast_show.pk}/", data)
    assert response.status_code == 200
    assert "for stor" in response.content.decode()
    assert not PodcastEpisodePage.objects.filter(slug="stor").exists()
