"""Wagtail's admin speaks bokmål where editors and moderators work.

Wagtail's own nb catalogue leaves much of the admin in English; the project's catalogue
(site/locale/nb, built from site/locale/wagtail_nb.py) fills the gaps. These tests log in as
an editor and a moderator, open the pages they use, and fail on known English leftovers.
"""

from __future__ import annotations

import html
import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.template.loader import render_to_string
from django.test import Client
from django.utils import translation
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from core.admin.groups import MODERATORS
from pages.factories import GuidancePageFactory

pytestmark = pytest.mark.django_db

# English that Wagtail 8's nb catalogue left on the pages below (checked before the overrides).
KNOWN_ENGLISH = (
    "Autosave is paused",
    "Autosave is <span>paused</span>",
    "Approve with comment",
    "and Publish",
    "og Publiser",  # Wagtail's nb capitalises the verb mid-sentence
    "Request changes",
    "Tiittel",  # Wagtail's nb typo for "Tittel"
    "The page could not be saved due to validation errors",
    "Go to the first error",
    "Preview is out of date",
    "Correct the validation errors to resume preview",
    "Choose when this page should go live",
    "Set publishing schedule",
    "No publishing schedule set",
    "Save your changes before leaving",
    "View latest version",
    "Visible to all",
    "Once live anyone can view",
    "Privacy and access",
    "Content metrics",
    "Reading time",
    "Keyboard shortcuts",
    "Toggle side panel",
    "Toggle sidebar",
    "Toggle breadcrumbs",
    "Close dialog",
    "Search all pages",
    "Sent to ",
    "See full history",
    "In Moderation",
    "editor guide",
    "Add comment",
    "Show filters",
    "Promoted search result",
    "Forfremmede",  # Wagtail's nb name for promoted results; ours is "Anbefalte resultater"
    "Redaktørvalg",
    "Add a recommended result",
    "Alternatively, use an external link",
)


def visible_text(response) -> str:
    """The response's markup with entities decoded; a JSON answer (a modal) is unwrapped first."""
    content = response.content.decode()
    if response["Content-Type"].startswith("application/json"):
        content = json.loads(content).get("html", "")
    return html.unescape(content)


def english_leftovers(text: str) -> list[str]:
    return [phrase for phrase in KNOWN_ENGLISH if phrase in text]


@pytest.fixture
def moderator(db):
    user = get_user_model().objects.create_user("moderator", "moderator@example.test", "pw", first_name="Mona")
    user.groups.add(Group.objects.get(name=MODERATORS))
    return user


@pytest.fixture
def submitted_page(home_page, editor):
    """A guidance page the editor has submitted to Faglig godkjenning."""
    page = GuidancePageFactory(parent=home_page, title="Listetak og pasientlister")
    page.save_revision(user=editor)
    page.get_workflow().start(page, editor)
    return page


def test_editor_pages_have_no_english_leftovers(editor_client, home_page, submitted_page):
    draft = GuidancePageFactory(parent=home_page, title="Utkast om fastlegeordningen")
    pages = {
        "dashboard": "/admin/",
        "explorer": f"/admin/pages/{home_page.pk}/",
        "edit": f"/admin/pages/{draft.pk}/edit/",
        "add": f"/admin/pages/add/pages/guidancepage/{home_page.pk}/",
        "history": f"/admin/pages/{submitted_page.pk}/history/",
        "language report": "/admin/reports/language/",
    }
    found = {}
    for name, url in pages.items():
        response = editor_client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        if leftovers := english_leftovers(visible_text(response)):
            found[name] = leftovers
    assert found == {}


def test_validation_banner_is_in_bokmal(editor_client, home_page):
    page = GuidancePageFactory(parent=home_page, title="Veiledning")
    data = nested_form_data(
        {
            "title": "",  # required: the form is refused
            "slug": page.slug,
            "language": "nb",
            "summary": "",
            "body": streamfield([("paragraph", rich_text("<p>Tekst</p>"))]),
            "footnotes": inline_formset([]),
            "attachments": streamfield([]),
            "tags": "",
        }
    )
    response = editor_client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 200
    text = visible_text(response)
    assert "Siden kunne ikke lagres fordi noen felt har feil." in text
    assert english_leftovers(text) == []


def test_moderator_pages_have_no_english_leftovers(moderator, submitted_page):
    client = Client()
    client.force_login(moderator)
    task_state = submitted_page.current_workflow_task_state
    pages = {
        "dashboard": "/admin/",
        "edit": f"/admin/pages/{submitted_page.pk}/edit/",
        "approve": f"/admin/pages/workflow/collect_action_data/{submitted_page.pk}/approve/{task_state.pk}/",
        "reject": f"/admin/pages/workflow/collect_action_data/{submitted_page.pk}/reject/{task_state.pk}/",
        "workflow report": "/admin/reports/workflow/",
        "promotions": "/admin/searchpicks/",
        "add promotion": "/admin/searchpicks/add/",
        "search statistics": "/admin/sok/statistikk/",
    }
    found = {}
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        if leftovers := english_leftovers(visible_text(response)):
            found[name] = leftovers
    assert found == {}
    edit = visible_text(client.get(pages["edit"]))
    assert "Godkjenn med kommentar og publiser" in edit
    assert "Be om endringer" in edit


def test_javascript_catalogue_carries_the_missing_strings(editor_client):
    response = editor_client.get("/admin/jsi18n/")
    catalogue = json.loads(re.search(r"const newcatalog = (\{.*?\});", response.content.decode(), re.S).group(1))
    assert catalogue["Autosave in progress…"] == "Lagrer automatisk …"
    assert catalogue["Changes have been autosaved."] == "Endringene er lagret automatisk."
    assert catalogue["Insert a block"] == "Sett inn en blokk"


@pytest.mark.parametrize(
    "template",
    [
        "wagtailadmin/notifications/workflow_state_submitted_subject.txt",
        "wagtailadmin/notifications/task_state_submitted_subject.txt",
        "wagtailadmin/notifications/workflow_state_approved_subject.txt",
        "wagtailadmin/notifications/workflow_state_rejected_subject.txt",
        "wagtailadmin/notifications/task_state_rejected_subject.txt",
    ],
)
def test_moderation_mail_subjects_are_in_bokmal(template, submitted_page):
    state = submitted_page.current_workflow_state
    context = {"page": submitted_page, "workflow": state.workflow, "task": state.current_task_state.task}
    with translation.override("nb"):
        subject = " ".join(render_to_string(template, context).split())
    assert subject.startswith("Siden ") and "Listetak og pasientlister" in subject
    assert "has been" not in subject


def test_page_title_help_text_has_no_typo():
    with translation.override("nb"):
        help_text = translation.gettext("The page title as you'd like it to be seen by the public")
    assert help_text == "Tittelen på siden slik den vises offentlig"


def test_wagtail_overrides_do_not_change_the_public_strings():
    # The overrides are appended after the site's own strings and never replace them.
    with translation.override("nb"):
        assert translation.gettext("Skip to main content") == "Hopp til hovedinnhold"
    with translation.override("nn"):
        assert translation.gettext("Skip to main content") == "Hopp til hovudinnhaldet"


def load_locale_module(name: str):
    """site/locale's scripts are not a package: load one by path."""
    import importlib.util
    import sys
    from pathlib import Path

    locale_dir = Path(__file__).resolve().parents[2] / "site" / "locale"
    sys.path.insert(0, str(locale_dir))
    try:
        spec = importlib.util.spec_from_file_location(name, locale_dir / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(locale_dir))
    return module


def test_compiled_catalogue_holds_every_override():
    # The .mo files are committed: this fails when wagtail_nb.py changed without
    # `python site/locale/translations.py` and `manage.py compilemessages`.
    overrides = load_locale_module("wagtail_nb").DJANGO
    site_strings = load_locale_module("translations").STRINGS
    catalogue = translation.trans_real.translation("nb")._catalog
    stale = []
    for msgid, value in overrides.items():
        if msgid in site_strings:
            continue
        if isinstance(value, tuple):
            if catalogue.get((msgid, 0)) != value[1] or catalogue.get((msgid, 1)) != value[2]:
                stale.append(msgid)
        elif catalogue.get(msgid) != value:
            stale.append(msgid)
    assert stale == []


def test_the_moderator_gets_the_submission_mail_in_bokmal(home_page, editor, moderator):
    from django.core import mail

    page = GuidancePageFactory(parent=home_page, title="Listetak")
    page.save_revision(user=editor)
    page.get_workflow().start(page, editor)
    (message,) = [message for message in mail.outbox if message.to == [moderator.email]]
    assert message.subject == "Siden «Listetak» er sendt til godkjenning i steget «Faglig godkjenning»"
    assert "has been submitted" not in message.body
