"""*Lagre kladd* while autosave runs: two saves of one page keep one footnote per key.

The browser posts the footnote it has just added to both requests; the one sent before
autosave's answer arrived carries no id. modelcluster keeps the stored footnote (it is
not in that post, so it is not deleted) and adds the posted one: two footnotes with one
key, in the page's rows and in the revision. BasePage merges them by key
(core.footnotes.one_footnote_per_key): the posted one wins and takes the stored one's id,
so the save updates that row. The database holds one footnote per key
(core_footnote_unique_key_per_page) whatever else happens.

The concurrent tests start their threads together (threading.Barrier), each with its own
connection, with a pause before each footnote is written (of a different length per
thread). The two saves need no lock of their own: Model.save updates the page row before
the footnotes are read and replaced, so the second save waits for the first to commit
(a row lock on PostgreSQL, BEGIN IMMEDIATE on SQLite). The negative controls switch the
merge off under the same load and show the break: a server error from the unique
constraint, or two footnotes with one key.
"""

from __future__ import annotations

import threading
import time
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import IntegrityError
from django.test import Client
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from core.admin.groups import EDITORS
from core.models import Footnote
from pages.factories import GuidancePageFactory
from pages.models import GuidancePage
from tests.concurrency import run_at_once

transactional = pytest.mark.django_db(transaction=True)


@pytest.fixture
def draft_with_a_marker(home_page) -> GuidancePage:
    """A draft (never published: its footnotes are stored at every save) that refers to [^kilde]."""
    return GuidancePageFactory(parent=home_page, title="Tilskudd til veiledning", live=False)


@pytest.fixture
def editor_clients(transactional_db) -> list[Client]:
    user = get_user_model().objects.create_user("redaktor", "redaktor@example.test", "pw")
    user.groups.add(Group.objects.get(name=EDITORS))
    clients = [Client(raise_request_exception=False), Client(raise_request_exception=False)]
    for client in clients:
        client.force_login(user)
    return clients


def draft_form(page: GuidancePage) -> dict:
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "language": "nb",
            "summary": "",
            "body": streamfield([("paragraph", rich_text("<p>Tilskuddet dekker veiledningen.[^kilde]</p>"))]),
            "footnotes": inline_formset([{"key": "kilde", "text": rich_text("<p>Rundskriv I-2/2024.</p>")}]),
            "attachments": streamfield([]),
            "comments": inline_formset([]),
            "tags": "",
            "change_note": "",
        }
    )


def save_draft(client: Client, page: GuidancePage, *, autosave: bool):
    """*Lagre kladd* (a form post, answered with a redirect) or autosave (answered with JSON)."""
    headers = {"Accept": "application/json"} if autosave else {}
    return client.post(reverse("wagtailadmin_pages:edit", args=(page.pk,)), draft_form(page), headers=headers)


def slow_footnote_inserts():
    """A pause before each footnote is written, longer for one thread than the other."""
    original = Footnote.save

    def save(self, *args, **kwargs):
        time.sleep(0.3 if threading.current_thread().name == "job-0" else 0.35)
        return original(self, *args, **kwargs)

    return mock.patch.object(Footnote, "save", save)


def save_twice_at_once(clients: list[Client], page: GuidancePage) -> list[object]:
    with slow_footnote_inserts():
        return run_at_once(
            [
                lambda: save_draft(clients[0], page, autosave=True),
                lambda: save_draft(clients[1], page, autosave=False),
            ]
        )


@transactional
def test_save_and_autosave_at_once_keep_one_footnote_per_key(editor_clients, draft_with_a_marker):
    results = save_twice_at_once(editor_clients, draft_with_a_marker)

    autosave, save = results
    assert not isinstance(autosave, Exception) and not isinstance(save, Exception), results
    assert autosave.status_code == 200 and autosave.json()["success"] is True
    assert save.status_code == 302
    assert list(Footnote.objects.filter(page=draft_with_a_marker).values_list("key", flat=True)) == ["kilde"]
    latest = GuidancePage.objects.get(pk=draft_with_a_marker.pk).get_latest_revision_as_object()
    assert [note.key for note in latest.footnotes.all()] == ["kilde"]


@transactional
def test_without_merging_by_key_saving_at_once_breaks(editor_clients, draft_with_a_marker):
    """Negative control: the same load, modelcluster alone."""
    with mock.patch("core.models.one_footnote_per_key", lambda footnotes: footnotes):
        results = save_twice_at_once(editor_clients, draft_with_a_marker)

    failed = [r for r in results if isinstance(r, Exception) or r.status_code >= 500]
    duplicates = Footnote.objects.filter(page=draft_with_a_marker, key="kilde").count() > 1
    assert failed or duplicates, results


@transactional
def test_a_post_without_the_id_autosave_just_gave_updates_that_footnote(editor_clients, draft_with_a_marker):
    """Autosave has stored the footnote; *Lagre kladd*, sent before its answer, posts it again without the id."""
    autosave = save_draft(editor_clients[0], draft_with_a_marker, autosave=True)
    (stored,) = Footnote.objects.filter(page=draft_with_a_marker)
    assert autosave.json()["field_updates"]["footnotes-0-id"] == str(stored.pk)

    save = save_draft(editor_clients[1], draft_with_a_marker, autosave=False)

    assert save.status_code == 302
    assert list(Footnote.objects.filter(page=draft_with_a_marker).values_list("pk", "key")) == [(stored.pk, "kilde")]
    latest = GuidancePage.objects.get(pk=draft_with_a_marker.pk).get_latest_revision_as_object()
    assert [note.key for note in latest.footnotes.all()] == ["kilde"]


@transactional
def test_without_merging_by_key_the_stale_post_breaks(editor_clients, draft_with_a_marker):
    """Negative control: modelcluster alone keeps the stored footnote and adds the posted one."""
    save_draft(editor_clients[0], draft_with_a_marker, autosave=True)
    with mock.patch("core.models.one_footnote_per_key", lambda footnotes: footnotes):
        save = save_draft(editor_clients[1], draft_with_a_marker, autosave=False)

    duplicates = Footnote.objects.filter(page=draft_with_a_marker, key="kilde").count() > 1
    assert save.status_code == 500 or duplicates


@pytest.mark.django_db
def test_the_database_refuses_two_footnotes_with_one_key(draft_with_a_marker):
    Footnote.objects.create(page=draft_with_a_marker, key="kilde", text="<p>Første.</p>")
    with pytest.raises(IntegrityError):
        Footnote.objects.create(page=draft_with_a_marker, key="kilde", text="<p>Andre.</p>")
