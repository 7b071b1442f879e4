"""An episode goes live only with audio and a transcript, on every path that publishes.

The edit form refuses with a message beside the field; bulk publish (with or without the
drafts below) refuses the whole batch with a message; revision.publish() and the admin API
raise the model's ValidationError; scheduled publishing unschedules the episode, notes it in
the page history and goes on with the other pages. Each path also publishes a complete episode.
"""

from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import PageLogEntry

from core.admin.groups import MODERATORS
from podcast.factories import PodcastEpisodePageFactory, PodcastShowPageFactory
from podcast.models import SCHEDULE_REFUSED_LOG_ACTION, PodcastEpisodePage

from .audio_fixtures import mp3_with_header
from .test_admin_upload import episode_form_data

pytestmark = pytest.mark.django_db

BULK_PUBLISH = "/admin/bulk/wagtailcore/page/publish/"


@pytest.fixture
def show(home_page, podcast_artwork):
    return PodcastShowPageFactory(parent=home_page, artwork=podcast_artwork, publish=True)


def draft_episode(show, title: str, *, audio: bool = True, transcript: bool = True) -> PodcastEpisodePage:
    """A draft that was never published, with or without audio and a typed transcript."""
    return PodcastEpisodePageFactory(
        parent=show,
        title=title,
        audio=mp3_with_header() if audio else None,
        transcript_text="Velkommen til Fastlegepodden." if transcript else "",
        live=False,
    )


def is_live(episode) -> bool:
    return PodcastEpisodePage.objects.get(pk=episode.pk).live


INCOMPLETE = [
    pytest.param({"audio": False}, "audio_file", id="uten-lyd"),
    pytest.param({"transcript": False}, "transcript_text", id="uten-tekstversjon"),
]


# --- revision.publish() and page.save_revision().publish() ---------------------------------


@pytest.mark.parametrize(("missing", "field"), INCOMPLETE)
def test_revision_publish_refuses(show, missing, field):
    episode = draft_episode(show, "Listetak", **missing)
    with pytest.raises(ValidationError) as refused:
        episode.save_revision().publish()
    assert field in refused.value.message_dict
    assert not is_live(episode)


@pytest.mark.parametrize(("missing", "field"), INCOMPLETE)
def test_publishing_a_stored_revision_refuses(show, missing, field):
    episode = draft_episode(show, "Listetak", **missing)
    revision = episode.save_revision()
    with pytest.raises(ValidationError):
        type(revision).objects.get(pk=revision.pk).publish()
    assert not is_live(episode)


def test_revision_publish_publishes_a_complete_episode(show):
    episode = draft_episode(show, "Listetak")
    episode.save_revision().publish()
    assert is_live(episode)


def test_a_live_episode_cannot_lose_its_audio_through_a_new_revision(show):
    episode = draft_episode(show, "Listetak")
    episode.save_revision().publish()
    episode.refresh_from_db()
    episode.audio_file = ""
    with pytest.raises(ValidationError):
        episode.save_revision().publish()
    assert PodcastEpisodePage.objects.get(pk=episode.pk).audio_file


# --- Bulk publish in the admin ---------------------------------------------------------------


def bulk_publish(client, pages, *, include_descendants: bool = False, next_url: str = "/admin/pages/"):
    query = "&".join(f"id={page.pk}" for page in pages) + f"&next={next_url}"
    data = {"include_descendants": "on"} if include_descendants else {}
    return client.post(f"{BULK_PUBLISH}?{query}", data)


def error_messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request) if message.level_tag == "error"]


@pytest.mark.parametrize(("missing", "field"), INCOMPLETE)
def test_bulk_publish_refuses_the_batch_with_a_message(admin_client, show, missing, field):
    incomplete = draft_episode(show, "Listetak", **missing)
    complete = draft_episode(show, "Legevakt")
    response = bulk_publish(admin_client, [complete, incomplete], next_url=f"/admin/pages/{show.pk}/")
    assert response.status_code == 302 and response["Location"] == f"/admin/pages/{show.pk}/"
    (message,) = error_messages(response)
    assert message.startswith("Ingenting ble publisert.") and "«Listetak»" in message and "Legevakt" not in message
    assert ("(lyd)" if field == "audio_file" else "(tekstversjon)") in message
    assert not is_live(incomplete) and not is_live(complete)


def test_bulk_publish_publishes_complete_episodes(admin_client, show):
    episodes = [draft_episode(show, "Listetak"), draft_episode(show, "Legevakt")]
    response = bulk_publish(admin_client, episodes)
    assert response.status_code == 302 and not error_messages(response)
    assert all(is_live(episode) for episode in episodes)


def test_publish_with_drafts_below_refuses_an_incomplete_draft(admin_client, home_page, podcast_artwork):
    show = PodcastShowPageFactory(parent=home_page, artwork=podcast_artwork, live=False)
    incomplete = draft_episode(show, "Listetak", audio=False, transcript=False)
    complete = draft_episode(show, "Legevakt")
    response = bulk_publish(admin_client, [show], include_descendants=True)
    (message,) = error_messages(response)
    assert "«Listetak» (lyd og tekstversjon)" in message
    assert not is_live(incomplete) and not is_live(complete)
    assert not type(show).objects.get(pk=show.pk).live
    admin_client.get(response["Location"])  # shows (and so uses up) the message

    # Without the drafts below, the show itself may go live.
    response = bulk_publish(admin_client, [show])
    assert not error_messages(response) and type(show).objects.get(pk=show.pk).live
    assert not is_live(incomplete)


def test_publish_with_drafts_below_publishes_complete_drafts(admin_client, home_page, podcast_artwork):
    show = PodcastShowPageFactory(parent=home_page, artwork=podcast_artwork, live=False)
    episodes = [draft_episode(show, "Listetak"), draft_episode(show, "Legevakt")]
    response = bulk_publish(admin_client, [show], include_descendants=True)
    assert not error_messages(response)
    assert all(is_live(episode) for episode in episodes)


def test_bulk_publish_checks_the_latest_draft_not_the_row(admin_client, show):
    """A live episode whose latest draft dropped the transcript: bulk publish would publish that draft."""
    episode = draft_episode(show, "Listetak")
    episode.save_revision().publish()
    episode.refresh_from_db()
    episode.transcript_text = ""
    episode.save_revision()
    response = bulk_publish(admin_client, [episode])
    (message,) = error_messages(response)
    assert "«Listetak» (tekstversjon)" in message
    assert PodcastEpisodePage.objects.get(pk=episode.pk).transcript_text


# --- Scheduled publishing ----------------------------------------------------------------------


def schedule(episode, minutes_ago: int):
    revision = episode.save_revision(approved_go_live_at=timezone.now() - timedelta(minutes=minutes_ago))
    return revision


def test_scheduled_publishing_unschedules_an_incomplete_episode_and_goes_on(show):
    incomplete = draft_episode(show, "Listetak", audio=False)
    complete = draft_episode(show, "Legevakt")
    refused = schedule(incomplete, minutes_ago=10)  # due first
    schedule(complete, minutes_ago=5)

    call_command("publish_scheduled", stdout=io.StringIO())

    assert not is_live(incomplete)
    assert is_live(complete)  # the refusal did not stop the loop
    refused.refresh_from_db()
    assert refused.approved_go_live_at is None  # not retried every minute
    entry = PageLogEntry.objects.get(page=incomplete, action=SCHEDULE_REFUSED_LOG_ACTION)
    assert "mangler lyd eller tekstversjon" in entry.message
    call_command("publish_scheduled", stdout=io.StringIO())
    assert not is_live(incomplete)


# --- The admin API and the edit form ------------------------------------------------------------


def test_the_admin_api_answers_400_with_the_reason(admin_client, show):
    episode = draft_episode(show, "Listetak", transcript=False)
    response = admin_client.post(f"/admin/api/main/pages/{episode.pk}/action/publish/")
    assert response.status_code == 400
    assert "transcript_text" in json.loads(response.content)
    assert not is_live(episode)


def test_the_edit_form_refuses_submitting_an_incomplete_episode_for_moderation(admin_client, show):
    episode = draft_episode(show, "Listetak", audio=False)
    data = episode_form_data("Listetak", "listetak", transcript_text="Tekst.")
    data["action-submit"] = "action-submit"
    response = admin_client.post(f"/admin/pages/{episode.pk}/edit/", data)
    assert response.status_code == 200
    assert "Last opp lyden før du publiserer episoden." in response.content.decode()


# --- workflow approval from the dashboard ----------------------------------------------------


def episode_in_moderation(show, admin_user, **missing) -> tuple[PodcastEpisodePage, object]:
    """An episode whose latest revision awaits the last (publishing) step of a one-step workflow."""
    from django.contrib.auth.models import Group
    from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

    task = GroupApprovalTask.objects.create(name="Godkjenning av episode")
    task.groups.set([Group.objects.get(name=MODERATORS)])
    workflow = Workflow.objects.create(name="Podkast")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=show)
    episode = draft_episode(show, "Listetak", **missing)
    episode.save_revision(user=admin_user)
    workflow_state = workflow.start(episode, admin_user)
    return episode, workflow_state.current_task_state


def approve_from_dashboard(client, episode, task_state):
    url = f"/admin/pages/workflow/action/{episode.pk}/approve/{task_state.pk}/"
    return client.post(url, {"comment": ""})


def test_approving_an_incomplete_episode_from_the_dashboard_leaves_it_in_moderation(admin_client, admin_user, show):
    episode, task_state = episode_in_moderation(show, admin_user, transcript=False)

    response = approve_from_dashboard(admin_client, episode, task_state)

    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{episode.pk}/edit/"
    assert any("ikke godkjent" in message and "tekstversjon" in message for message in error_messages(response))
    assert not is_live(episode)
    task_state.refresh_from_db()
    assert task_state.status == "in_progress"
    assert PodcastEpisodePage.objects.get(pk=episode.pk).workflow_in_progress


def test_approving_a_complete_episode_from_the_dashboard_publishes_it(admin_client, admin_user, show):
    episode, task_state = episode_in_moderation(show, admin_user)

    response = approve_from_dashboard(admin_client, episode, task_state)

    assert response.status_code == 302
    assert is_live(episode)
    task_state.refresh_from_db()
    assert task_state.status == "approved"
