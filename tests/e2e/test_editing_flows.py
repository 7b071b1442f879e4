"""The communications team's editing flows in Chromium, as an editor and a moderator do them.

- The moderator approves a substantive change in the page editor: the editor's mark is
  shown and recorded as a public version.
- An MP3 uploaded with a refused publish (no transcript yet) is kept in the draft.
- *Lagre kladd* while autosave's answer is still on its way leaves one footnote, not two.
  Wagtail's own autosave sends the request (started at once through its unsaved-changes
  event); Playwright holds its answer back, as a slow connection would.

The site is served by this module's live server; the rows made here are committed and
the migrated database is put back at the end (tests/seeded_data.py).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from wagtail.models import Workflow, WorkflowPage

from core.admin.groups import EDITORS, MODERATORS

pytestmark = pytest.mark.e2e

NOTE = "Nytt avsnitt om veiledning i spesialiseringen"


@dataclass
class EditingSite:
    base_url: str
    users: dict[str, object]

    def admin_url(self, path: str) -> str:
        return f"{self.base_url}/admin/{path}"


@pytest.fixture(scope="module")
def editing_site(site_server, django_db_blocker, seeded_data) -> Iterator[EditingSite]:
    """A home page, an editor, a moderator and a superuser; the database put back afterwards."""
    from pages.factories import make_site_root

    with django_db_blocker.unblock():
        try:
            make_site_root()
            users = {}
            for username, group in (("redaktor", EDITORS), ("moderator", MODERATORS), ("admin", None)):
                if group is None:
                    user = get_user_model().objects.create_superuser(username, f"{username}@example.test", "pw")
                else:
                    user = get_user_model().objects.create_user(username, f"{username}@example.test", "pw")
                    user.groups.add(Group.objects.get(name=group))
                users[username] = user
            yield EditingSite(base_url=site_server.url, users=users)
        finally:
            seeded_data.restore()


@pytest.fixture
def signed_in(browser, editing_site):
    """`signed_in("moderator")`: a browser tab with that user's admin session."""
    contexts = []

    def open_tab(username: str):
        client = Client()
        client.force_login(editing_site.users[username])
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nb-NO")
        context.add_cookies(
            [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": editing_site.base_url}]
        )
        contexts.append(context)
        return context.new_page()

    yield open_tab
    for context in contexts:
        context.close()


def click_hidden(page, selector: str) -> None:
    """Click a button that sits in the editor's closed *more actions* menu, as the menu would."""
    page.locator(selector).first.evaluate("button => button.click()")


# --- 1. The moderator approves in the page editor ------------------------------------------


def test_approving_in_the_page_editor_records_the_editors_substantive_change(signed_in, editing_site):
    from core.models import PublicVersion
    from core.moderation import MODERATION_WORKFLOW_NAME
    from pages.factories import GuidancePageFactory
    from pages.models import GuidancePage, HomePage

    page = GuidancePageFactory(parent=HomePage.objects.get(), title="Organisering av programmet")
    WorkflowPage.objects.create(page=page, workflow=Workflow.objects.get(name=MODERATION_WORKFLOW_NAME))
    edit_url = editing_site.admin_url(f"pages/{page.pk}/edit/")

    editor = signed_in("redaktor")
    editor.goto(edit_url)
    editor.locator("#id_substantive_change").check()
    editor.locator("#id_change_note").fill(NOTE)
    with editor.expect_navigation():
        click_hidden(editor, 'button[name="action-submit"]')
    assert GuidancePage.objects.get(pk=page.pk).workflow_in_progress

    moderator = signed_in("moderator")
    moderator.goto(edit_url)
    assert moderator.locator("#id_substantive_change").is_checked()
    assert moderator.locator("#id_change_note").input_value() == NOTE
    moderator.locator("#id_summary").fill("Slik er programmet organisert i dag.")  # a typo fixed on the way
    with moderator.expect_navigation():
        click_hidden(moderator, 'button[data-workflow-action-name="approve"]:not([data-workflow-action-modal-url])')

    page = GuidancePage.objects.get(pk=page.pk)
    assert page.live and page.summary == "Slik er programmet organisert i dag."
    version = PublicVersion.objects.get(page=page)
    assert version.note == NOTE
    assert page.last_substantive_change_at == version.published_at


# --- 5. An upload with a refused publish is kept ---------------------------------------------


def test_an_mp3_uploaded_with_a_refused_publish_is_kept(signed_in, editing_site, tmp_path):
    from pages.models import HomePage
    from podcast.factories import PodcastArtworkFactory, PodcastShowPageFactory
    from podcast.models import PodcastEpisodePage
    from tests.podcast.audio_fixtures import mp3_with_header

    show = PodcastShowPageFactory(parent=HomePage.objects.get(), artwork=PodcastArtworkFactory(), publish=True)
    audio = tmp_path / "listetak.mp3"
    audio.write_bytes(mp3_with_header(2.0))

    admin = signed_in("admin")
    admin.goto(editing_site.admin_url(f"pages/add/podcast/podcastepisodepage/{show.pk}/"))
    admin.locator("#id_title").fill("Listetak")
    admin.locator("#id_slug").evaluate("input => { input.value = 'listetak'; }")  # on the Promote tab
    admin.locator("#id_audio_file").set_input_files(str(audio))
    with admin.expect_navigation():
        click_hidden(admin, 'button[name="action-publish"]')

    episode = PodcastEpisodePage.objects.get(title="Listetak")
    assert admin.url == editing_site.admin_url(f"pages/{episode.pk}/edit/")
    assert "er lagret som kladd, men ikke publisert" in admin.content()
    assert "Lagret lyd" in admin.content()
    assert not episode.live

    admin.locator("#id_transcript_text").fill("Velkommen til Fastlegepodden.")
    with admin.expect_navigation():
        click_hidden(admin, 'button[name="action-publish"]')

    episode = PodcastEpisodePage.objects.get(pk=episode.pk)
    assert episode.live
    assert episode.audio_file.storage.exists(episode.audio_file.name)
    assert "Last opp lyden" not in admin.content()


# --- 7. Lagre kladd while autosave runs ----------------------------------------------------------


def test_save_while_autosave_is_answering_keeps_one_footnote(signed_in, editing_site):
    from core.models import Footnote
    from pages.factories import GuidancePageFactory
    from pages.models import GuidancePage, HomePage

    page = GuidancePageFactory(parent=HomePage.objects.get(), title="Tilskudd til veiledning", live=False)
    edit_path = f"/admin/pages/{page.pk}/edit/"
    editor = signed_in("redaktor")

    # Autosave reaches the server (which stores the footnote), but its answer is held back, as
    # on a slow connection: the editor's form does not yet know the footnote's id.
    held: list = []

    def hold_autosave_answer(route, request) -> None:
        if request.method == "POST" and "application/json" in (request.headers.get("accept") or ""):
            held.append((route, route.fetch()))
        else:
            route.continue_()

    editor.route(f"**{edit_path}", hold_autosave_answer)
    editor.goto(editing_site.base_url + edit_path)
    editor.locator("#id_footnotes-ADD").click()
    editor.locator("#id_footnotes-0-key").type("kilde")
    editor.locator(
        "#id_footnotes-0-text + * [contenteditable=true], [id^='footnotes-0-text'] [contenteditable=true]"
    ).first.type("Rundskriv I-2/2024.")
    # Wagtail's unsaved-changes watcher starts autosave; start it now rather than wait for it.
    editor.locator("form[data-edit-form]").evaluate(
        "form => form.dispatchEvent(new CustomEvent('w-unsaved:add', {bubbles: true, cancelable: true, detail: {type: 'edits'}}))"
    )
    for _ in range(50):
        if held:
            break
        editor.wait_for_timeout(100)
    assert held, "autosave did not run"
    assert list(Footnote.objects.filter(page=page).values_list("key", flat=True)) == ["kilde"]

    with editor.expect_navigation():
        editor.locator("button.action-save").first.click()  # *Lagre kladd*
    for route, answer in held:
        # The tab has moved on, so the held answer may have nowhere to go.
        with contextlib.suppress(Exception):
            route.fulfill(response=answer)

    assert list(Footnote.objects.filter(page=page).values_list("key", flat=True)) == ["kilde"]
    latest = GuidancePage.objects.get(pk=page.pk).get_latest_revision_as_object()
    assert [note.key for note in latest.footnotes.all()] == ["kilde"]
    assert editor.locator("input[id^='id_footnotes-'][id$='-key']").evaluate_all(
        "inputs => inputs.map(input => input.value).filter(Boolean)"
    ) == ["kilde"]
