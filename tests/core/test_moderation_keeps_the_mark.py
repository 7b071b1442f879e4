"""The substantive-change mark belongs to the revision an editor submits, on every approval path.

An editor ticks *Faglig endring*, writes a note and submits to *Faglig godkjenning*. The
moderator may approve in the page editor (after fixing a typo, say), from the dashboard,
or by bulk publishing: each way the approved publish becomes a public version with the
editor's note, and "Siste faglige endring" moves.
"""

from __future__ import annotations

import lxml.html
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from wagtail.models import Workflow, WorkflowPage
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from core.admin.groups import MODERATORS
from core.models import PublicVersion, pending_change_mark
from core.moderation import MODERATION_WORKFLOW_NAME
from pages.factories import GuidancePageFactory
from pages.models import GuidancePage

pytestmark = pytest.mark.django_db

NOTE = "Nytt avsnitt om veiledning i spesialiseringen"


@pytest.fixture
def moderator(db):
    user = get_user_model().objects.create_user("moderator", "moderator@example.test", "pw")
    user.groups.add(Group.objects.get(name=MODERATORS))
    return user


@pytest.fixture
def moderator_client(moderator) -> Client:
    client = Client()
    client.force_login(moderator)
    return client


@pytest.fixture
def organisation_page(home_page) -> GuidancePage:
    """A live guidance page in the moderated section, as the demo has it."""
    page = GuidancePageFactory(parent=home_page, title="Organisering av programmet")
    WorkflowPage.objects.create(page=page, workflow=Workflow.objects.get(name=MODERATION_WORKFLOW_NAME))
    return GuidancePage.objects.get(pk=page.pk)


def edit_form_data(page: GuidancePage, *, summary: str, substantive: bool, note: str) -> dict:
    data = {
        "title": page.title,
        "slug": page.slug,
        "language": "nb",
        "summary": summary,
        "body": streamfield(
            [("paragraph", rich_text("<p>Programmet har en styringsgruppe og en referansegruppe.</p>"))]
        ),
        "footnotes": inline_formset([]),
        "attachments": streamfield([]),
        "comments": inline_formset([]),
        "tags": "",
        "change_note": note,
    }
    if substantive:
        data["substantive_change"] = "on"
    return nested_form_data(data)


def mark_shown_in_editor(client: Client, page: GuidancePage) -> tuple[bool, str]:
    """What the page editor's *Faglig endring* fields hold when the page is opened."""
    response = client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
    assert response.status_code == 200
    document = lxml.html.fromstring(response.content)
    (checkbox,) = document.xpath('//input[@name="substantive_change"]')
    (note,) = document.xpath('//*[@name="change_note"]')
    return checkbox.get("checked") is not None, note.get("value") or note.text_content() or ""


def submit_substantive_change(editor_client: Client, page: GuidancePage) -> None:
    data = edit_form_data(page, summary="Slik er programmet organisert.", substantive=True, note=NOTE)
    data["action-submit"] = "action-submit"
    response = editor_client.post(reverse("wagtailadmin_pages:edit", args=(page.pk,)), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert GuidancePage.objects.get(pk=page.pk).workflow_in_progress


def assert_recorded(page: GuidancePage, before) -> None:
    version = PublicVersion.objects.get(page=page)
    assert version.note == NOTE
    page = GuidancePage.objects.get(pk=page.pk)
    assert page.last_substantive_change_at == version.published_at
    assert before is None or page.last_substantive_change_at > before
    assert version.revision_id == page.live_revision_id


def test_the_moderator_sees_the_editors_mark_and_approving_in_the_editor_records_it(
    editor_client, moderator_client, organisation_page
):
    before = organisation_page.last_substantive_change_at
    submit_substantive_change(editor_client, organisation_page)

    substantive, note = mark_shown_in_editor(moderator_client, organisation_page)
    assert substantive is True
    assert note == NOTE

    # The moderator fixes a typo and chooses *Godkjenn og publiser*, posting the form as shown.
    data = edit_form_data(
        organisation_page, summary="Slik er programmet organisert i dag.", substantive=substantive, note=note
    )
    data["action-workflow-action"] = "true"
    data["workflow-action-name"] = "approve"
    response = moderator_client.post(reverse("wagtailadmin_pages:edit", args=(organisation_page.pk,)), data)
    assert response.status_code == 302, response.content.decode()[:2000]

    page = GuidancePage.objects.get(pk=organisation_page.pk)
    assert page.live and not page.workflow_in_progress
    assert page.summary == "Slik er programmet organisert i dag."
    assert_recorded(organisation_page, before)


def test_approving_from_the_dashboard_records_the_mark(editor_client, moderator_client, organisation_page):
    submit_substantive_change(editor_client, organisation_page)
    task_state = GuidancePage.objects.get(pk=organisation_page.pk).current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=(organisation_page.pk, "approve", task_state.pk))

    response = moderator_client.post(url, {"comment": ""})

    assert response.status_code in (200, 302)
    assert_recorded(organisation_page, None)


def test_bulk_publishing_the_submitted_draft_records_the_mark(editor_client, moderator_client, organisation_page):
    submit_substantive_change(editor_client, organisation_page)
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish")) + f"?id={organisation_page.pk}"

    moderator_client.post(url, {"include_descendants": ""})

    assert_recorded(organisation_page, None)


def test_a_saved_draft_keeps_its_mark_until_it_is_published(editor_client, organisation_page):
    data = edit_form_data(organisation_page, summary="Utkast.", substantive=True, note=NOTE)
    editor_client.post(reverse("wagtailadmin_pages:edit", args=(organisation_page.pk,)), data)
    assert pending_change_mark(organisation_page) == (True, NOTE)
    assert mark_shown_in_editor(editor_client, organisation_page) == (True, NOTE)

    page = GuidancePage.objects.get(pk=organisation_page.pk)
    page.get_latest_revision().publish()
    assert pending_change_mark(page) == (False, "")
    assert mark_shown_in_editor(editor_client, page) == (False, "")


def test_a_draft_without_the_mark_shows_none(editor_client, organisation_page):
    data = edit_form_data(organisation_page, summary="Skrivefeil rettet.", substantive=False, note="")
    editor_client.post(reverse("wagtailadmin_pages:edit", args=(organisation_page.pk,)), data)
    assert mark_shown_in_editor(editor_client, organisation_page) == (False, "")


def test_a_revision_made_later_from_the_page_does_not_repeat_the_mark(editor_client, organisation_page):
    """A move, a script or the admin API saves a revision from the page's row: not a new version."""
    page = GuidancePage.objects.get(pk=organisation_page.pk)
    page.substantive_change = True
    page.change_note = NOTE
    page.save_revision().publish()
    assert PublicVersion.objects.filter(page=page).count() == 1

    page = GuidancePage.objects.get(pk=organisation_page.pk)
    assert (page.substantive_change, page.change_note) == (False, "")
    page.save_revision().publish()

    assert PublicVersion.objects.filter(page=page).count() == 1
    assert mark_shown_in_editor(editor_client, page) == (False, "")
