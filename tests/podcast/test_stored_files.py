"""Episode files leave storage with their episode, and when a newer version no longer needs them.

What stays: the file of the live version, of the latest draft and of a scheduled revision
(podcast/stored_files.py). Every test runs the on-commit work, as the request's commit would.
"""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from wagtail.models import Page

from podcast.factories import PodcastEpisodePageFactory, PodcastShowPageFactory
from podcast.models import PodcastEpisodePage

from .audio_fixtures import mp3_with_header
from .test_admin_upload import episode_form_data

pytestmark = pytest.mark.django_db

VTT = b"WEBVTT\n\n00:00.000 --> 00:02.000\n<v Kari>Velkommen.\n"


@pytest.fixture
def committing(django_capture_on_commit_callbacks):
    """Run on-commit callbacks (the file cleanup) at the end of the block, as a commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def show(home_page):
    return PodcastShowPageFactory(parent=home_page)


@pytest.fixture
def episode(show, committing):
    """A live episode with audio and an uploaded transcript, published through a revision."""
    with committing():
        episode = PodcastEpisodePageFactory(parent=show, title="Listetak", audio=mp3_with_header(), live=False)
        episode.transcript_file.save("listetak.vtt", ContentFile(VTT), save=False)
        episode.save()
        episode.save_revision().publish()
    episode.refresh_from_db()
    return episode


def exists(name: str) -> bool:
    return bool(name) and default_storage.exists(name)


def draft_with_new_audio(episode: PodcastEpisodePage, seconds: float) -> PodcastEpisodePage:
    """What the editor does: upload new audio in the page editor and save a draft."""
    draft = episode.get_latest_revision_as_object()
    draft.audio_file.save("ny.mp3", ContentFile(mp3_with_header(seconds)), save=False)
    draft.save_revision()
    return draft


def test_deleting_an_episode_deletes_its_files(episode, committing):
    with committing():
        draft = draft_with_new_audio(episode, 3.0)
    names = [episode.audio_file.name, episode.transcript_file.name, draft.audio_file.name]
    assert all(exists(name) for name in names)
    with committing():
        Page.objects.get(pk=episode.pk).delete()
    assert not any(exists(name) for name in names)
    # Nor does the random folder each was stored in stay behind.
    assert not any(os.path.exists(default_storage.path(os.path.dirname(name))) for name in names)


def test_deleting_a_show_in_the_admin_deletes_its_episodes_files(client, admin_user, show, episode, committing):
    with committing():
        second = PodcastEpisodePageFactory(parent=show, title="Legevakt", audio=mp3_with_header(), publish=True)
    names = [episode.audio_file.name, episode.transcript_file.name, second.audio_file.name]
    assert all(exists(name) for name in names)
    client.force_login(admin_user)
    response = client.post(f"/admin/pages/{show.pk}/delete/")  # the client runs the commit's callbacks
    assert response.status_code == 302
    assert not PodcastEpisodePage.objects.filter(pk__in=[episode.pk, second.pk]).exists()
    assert not any(exists(name) for name in names)


def test_a_draft_upload_keeps_the_live_file_until_it_is_published(episode, committing):
    live = episode.audio_file.name
    with committing():
        draft = draft_with_new_audio(episode, 3.0)
    assert exists(live) and exists(draft.audio_file.name)  # live plays the old, the draft holds the new

    with committing():
        episode.get_latest_revision().publish()
    episode.refresh_from_db()
    assert episode.audio_file.name == draft.audio_file.name and exists(episode.audio_file.name)
    assert not exists(live)


def test_a_draft_upload_replaced_by_a_later_draft_is_deleted(episode, committing):
    live = episode.audio_file.name
    with committing():
        first = draft_with_new_audio(episode, 3.0)
    with committing():
        second = draft_with_new_audio(episode, 4.0)
    assert not exists(first.audio_file.name)
    assert exists(second.audio_file.name) and exists(live)


def test_an_autosave_that_overwrites_a_draft_deletes_the_upload_it_held(episode, committing, admin_user):
    with committing():
        draft = episode.get_latest_revision_as_object()
        draft.audio_file.save("ny.mp3", ContentFile(mp3_with_header(3.0)), save=False)
        revision = draft.save_revision(user=admin_user)
    overwritten = draft.audio_file.name
    with committing():
        draft.audio_file.save("nyere.mp3", ContentFile(mp3_with_header(4.0)), save=False)
        draft.save_revision(user=admin_user, overwrite_revision=revision)
    assert not exists(overwritten) and exists(draft.audio_file.name) and exists(episode.audio_file.name)


def test_a_scheduled_revision_keeps_its_file(episode, committing):
    with committing():
        scheduled = draft_with_new_audio(episode, 3.0)
        revision = episode.get_latest_revision()
        revision.approved_go_live_at = timezone.now() + timedelta(days=1)
        revision.save(update_fields=["approved_go_live_at"])
    with committing():
        later = draft_with_new_audio(episode, 4.0)  # a newer draft on top of the scheduled one
    assert exists(scheduled.audio_file.name) and exists(later.audio_file.name) and exists(episode.audio_file.name)


def test_replacing_the_transcript_and_publishing_deletes_the_old_one(episode, committing):
    old = episode.transcript_file.name
    with committing():
        draft = episode.get_latest_revision_as_object()
        draft.transcript_file.save("ny.vtt", ContentFile(VTT + b"\n"), save=False)
        draft.save_revision().publish()
    assert not exists(old)
    episode.refresh_from_db()
    assert exists(episode.transcript_file.name)


def test_replacing_audio_in_the_editor_deletes_the_old_file_once_published(client, admin_user, episode):
    client.force_login(admin_user)
    live = episode.audio_file.name
    new = SimpleUploadedFile("ny versjon.mp3", mp3_with_header(3.0), content_type="audio/mpeg")
    data = episode_form_data("Listetak", "listetak", audio_file=new, transcript_text="Velkommen.")
    response = client.post(f"/admin/pages/{episode.pk}/edit/", data)  # save draft
    assert response.status_code == 302
    assert exists(live)
    data = episode_form_data("Listetak", "listetak", transcript_text="Velkommen.")
    data["action-publish"] = "action-publish"
    response = client.post(f"/admin/pages/{episode.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    episode.refresh_from_db()
    assert episode.audio_file.name != live and exists(episode.audio_file.name)
    assert not exists(live)


def test_a_file_shared_with_a_copy_stays_while_the_copy_uses_it(episode, show, committing):
    copy = episode.copy(update_attrs={"slug": "listetak-kopi", "title": "Listetak (kopi)"})
    assert copy.specific.audio_file.name == episode.audio_file.name
    with committing():
        Page.objects.get(pk=episode.pk).delete()
    assert exists(copy.specific.audio_file.name)


def test_nothing_is_deleted_when_the_change_is_rolled_back(episode, django_capture_on_commit_callbacks):
    live = episode.audio_file.name
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        Page.objects.get(pk=episode.pk).delete()
    assert callbacks and exists(live)  # the cleanup waits for a commit that never comes


def test_publishing_an_old_revision_whose_audio_is_gone_is_refused(episode, committing):
    old_revision = episode.live_revision
    with committing():
        draft_with_new_audio(episode, 3.0)
        episode.get_latest_revision().publish()
    with pytest.raises(ValidationError) as refused:
        old_revision.publish()
    assert "finnes ikke lenger" in str(refused.value)
    episode.refresh_from_db()
    assert episode.live_revision_id != old_revision.pk
