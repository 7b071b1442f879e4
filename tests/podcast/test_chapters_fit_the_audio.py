"""A chapter must start before the audio ends: the editor refuses it beside the chapter, and so does
the chapter model."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.test.utils.form_data import inline_formset

from podcast.models import EpisodeChapter, PodcastEpisodePage

from .audio_fixtures import mp3_with_header
from .conftest import published_episode
from .test_admin_upload import episode_form_data

pytestmark = pytest.mark.django_db

TOO_LATE = "Kapittelet starter ved eller etter slutten av lyden"


@pytest.fixture
def ten_minute_episode(podcast_show) -> PodcastEpisodePage:
    """A published episode whose audio, as read on upload, lasts exactly ten minutes."""
    episode = published_episode(podcast_show, "Listetak")
    PodcastEpisodePage.objects.filter(pk=episode.pk).update(audio_duration=600.0)
    return PodcastEpisodePage.objects.get(pk=episode.pk)


def chapters(*starts: int) -> dict:
    return inline_formset([{"start_seconds": str(start), "title": f"Ved {start}", "url": ""} for start in starts])


def chapter_errors(response) -> list[list[str]]:
    """The messages beside each chapter's start, in the order of the chapters."""
    assert response.status_code == 200, response.status_code  # the form again, not a redirect
    formset = response.context["form"].formsets["chapters"]
    return [list(form.errors.get("start_seconds", [])) for form in formset.forms]


def test_the_editor_refuses_a_chapter_at_or_after_the_end(admin_client, ten_minute_episode):
    episode = ten_minute_episode
    data = episode_form_data("Listetak", episode.slug, chapters=chapters(0, 599, 600, 601))
    response = admin_client.post(f"/admin/pages/{episode.pk}/edit/", data)
    errors = chapter_errors(response)
    assert [bool(messages) for messages in errors] == [False, False, True, True]
    assert errors[2] == [
        "Kapittelet starter ved eller etter slutten av lyden, som varer 10:00 (600,0 sekunder). Velg en start før det."
    ]
    assert response.content.decode().count(TOO_LATE) == 2
    assert PodcastEpisodePage.objects.get(pk=episode.pk).get_latest_revision() == episode.live_revision  # no draft


def test_a_new_upload_sets_the_end_the_chapters_are_checked_against(admin_client, ten_minute_episode):
    episode = ten_minute_episode
    two_seconds = SimpleUploadedFile("kortere.mp3", mp3_with_header(2.0), content_type="audio/mpeg")
    data = episode_form_data("Listetak", episode.slug, audio_file=two_seconds, chapters=chapters(0, 100))
    errors = chapter_errors(admin_client.post(f"/admin/pages/{episode.pk}/edit/", data))
    assert [bool(messages) for messages in errors] == [False, True]  # 100 s fitted the old audio, not the new


def test_a_new_episode_with_a_chapter_past_its_audio_is_not_created(admin_client, podcast_show):
    two_seconds = SimpleUploadedFile("listetak.mp3", mp3_with_header(2.0), content_type="audio/mpeg")
    data = episode_form_data("Listetak", "listetak", audio_file=two_seconds, chapters=chapters(0, 5))
    response = admin_client.post(f"/admin/pages/add/podcast/podcastepisodepage/{podcast_show.pk}/", data)
    assert [bool(messages) for messages in chapter_errors(response)] == [False, True]
    assert not PodcastEpisodePage.objects.filter(slug="listetak").exists()


def test_the_chapter_model_refuses_a_start_at_or_after_the_end(ten_minute_episode, podcast_show):
    EpisodeChapter(page=ten_minute_episode, start_seconds=599, title="Slutt").full_clean()
    for start in (600, 3600):
        with pytest.raises(ValidationError) as refused:
            EpisodeChapter(page=ten_minute_episode, start_seconds=start, title="For sent").full_clean()
        assert TOO_LATE in refused.value.message_dict["start_seconds"][0]
    without_audio = PodcastEpisodePage(title="Uten lyd", slug="uten-lyd")
    EpisodeChapter(page=without_audio, start_seconds=3600, title="Ingen lyd å måle mot").full_clean(exclude=["page"])
