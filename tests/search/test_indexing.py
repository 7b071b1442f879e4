"""Signal-driven indexing, end to end against the real embedded index.

Editors' actions (publish, edit, unpublish, delete, move, privacy, a replaced PDF, new
synonyms) only write the outbox; the task that runs on commit brings the index up to date.
An unreachable engine keeps the outbox rows for a later try and loses nothing.
"""

from __future__ import annotations

import socket
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from demo.documents import make_pdf
from pages.factories import ChapterPageFactory, GuidancePageFactory, ReportPageFactory, paragraph
from search import indexing, tasks
from search.contract import SearchQuery
from search.models import IndexChange, SynonymGroup


@pytest.fixture
def search_backend(settings, tmp_path):
    """The embedded index, in a file of its own for this test."""
    from search.backends import get_backend, reset_backend

    settings.ELASTICSEARCH_URL = ""
    settings.SEARCH_INDEX_PATH = tmp_path / "index.sqlite3"  # resets the backend (setting_changed)
    backend = get_backend()
    backend.clear()
    yield backend
    reset_backend()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a block as if its transaction committed: on_commit callbacks (the index task) run at its end."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def found(backend, text: str) -> list[int]:
    return [hit.page_id for hit in backend.search(SearchQuery(text=text, per_page=50)).hits]


def hit_for(backend, text: str, page_id: int):
    return next(hit for hit in backend.search(SearchQuery(text=text, per_page=50)).hits if hit.page_id == page_id)


def draft(parent, title: str, text: str, factory=GuidancePageFactory, **fields):
    """A page that has never been published."""
    return factory(parent=parent, title=title, live=False, body=[paragraph(f"<p>{text}</p>")], **fields)


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def published(home_page, search_backend, committed):
    """publish(title, text, parent=None): a page published the way editors do, and indexed."""

    def make(title: str, text: str, parent=None, factory=GuidancePageFactory, **fields):
        page = draft(parent or home_page, title, text, factory=factory, **fields)
        with committed():
            publish(page)
        return page

    return make


# --- The page life cycle -----------------------------------------------------------------------


def test_publish_makes_a_page_findable(published, search_backend):
    page = published("Listetak", "Listetaket er det høyeste antallet innbyggere på en fastleges liste.")
    assert found(search_backend, "listetaket") == [page.pk]
    assert not IndexChange.objects.exists()


def test_a_new_version_replaces_the_old_text(published, search_backend, committed):
    page = published("Tilskudd", "Kommunene kan søke om basistilskudd.")
    page.body = [paragraph("<p>Ordningen gjelder nå veiledningstilskudd.</p>")]
    with committed():
        publish(page)
    assert found(search_backend, "veiledningstilskudd") == [page.pk]
    assert found(search_backend, "basistilskudd") == []


def test_unpublishing_removes_the_page(published, search_backend, committed):
    page = published("Legevakt", "Legevakten i kommunen.")
    with committed():
        page.unpublish()
    assert found(search_backend, "legevakten") == []


def test_deleting_removes_the_page_and_its_subtree(published, search_backend, committed):
    parent = published("Organisering", "Programrådet møtes fire ganger i året.")
    child = published("Referansegruppa", "Referansegruppa gir råd.", parent=parent)
    assert found(search_backend, "referansegruppa") == [child.pk]
    with committed():
        parent.delete()
    assert found(search_backend, "programrådet") == []
    assert found(search_backend, "referansegruppa") == []


def test_a_move_changes_the_urls_of_the_page_and_below(published, search_backend, committed):
    old_home = published("Gammel seksjon", "Seksjonstekst.")
    new_home = published("Ny seksjon", "Annen seksjonstekst.")
    page = published("Rekruttering", "Rekrutteringstiltak i distriktene.", parent=old_home, slug="rekruttering")
    child = published("Turnus", "Turnusleger i distriktene.", parent=page, slug="turnus")
    with committed():
        page.move(new_home, pos="last-child")
    assert hit_for(search_backend, "rekrutteringstiltak", page.pk).url == f"/{new_home.slug}/rekruttering/"
    assert hit_for(search_backend, "turnusleger", child.pk).url == f"/{new_home.slug}/rekruttering/turnus/"


def test_a_new_slug_changes_the_urls_of_the_page_and_below(published, search_backend, committed):
    page = published("Listetak", "Listetaket settes av legen.", slug="listetak")
    child = published("Redusert listetak", "Redusert liste for ALIS.", parent=page, slug="redusert")
    page.slug = "listetak-og-liste"
    with committed():
        publish(page)
    assert hit_for(search_backend, "listetaket", page.pk).url == "/listetak-og-liste/"
    assert hit_for(search_backend, "redusert", child.pk).url == "/listetak-og-liste/redusert/"


def test_making_a_page_private_removes_it_and_its_subtree(published, search_backend, committed):
    parent = published("Internt", "Interne arbeidsnotater.")
    child = published("Møtereferat", "Møtereferat fra styringsgruppa.", parent=parent)
    with committed():
        restriction = PageViewRestriction.objects.create(page=parent, restriction_type=PageViewRestriction.LOGIN)
    assert found(search_backend, "arbeidsnotater") == []
    assert found(search_backend, "styringsgruppa") == []

    with committed():
        restriction.delete()
    assert found(search_backend, "styringsgruppa") == [child.pk]


# --- Pages whose text depends on other pages and files -------------------------------------------


@pytest.fixture
def report_with_chapter(published):
    report = published("Årsrapport 2025", "Forord.", factory=ReportPageFactory, year=2025)
    chapter = published("Resultater", "Flere fastleger i nord.", parent=report, factory=ChapterPageFactory)
    return report, chapter


def rename_report(report, committed) -> None:
    report.title = "Årsrapport 2025 – endelig"
    with committed():
        publish(report)


def test_a_renamed_report_updates_its_chapters_breadcrumbs(report_with_chapter, search_backend, committed):
    report, chapter = report_with_chapter
    assert hit_for(search_backend, "fastleger nord", chapter.pk).breadcrumbs == ("Årsrapport 2025",)
    rename_report(report, committed)
    assert hit_for(search_backend, "fastleger nord", chapter.pk).breadcrumbs == ("Årsrapport 2025 – endelig",)


def test_a_renamed_chapter_updates_its_subchapters_breadcrumbs(
    report_with_chapter, published, search_backend, committed
):
    _, chapter = report_with_chapter
    subchapter = published("Rekruttering", "Turnusleger blir værende.", parent=chapter, factory=ChapterPageFactory)
    chapter.title = "Resultater og effekter"
    with committed():
        publish(chapter)
    hit = hit_for(search_backend, "turnusleger", subchapter.pk)
    assert hit.breadcrumbs == ("Årsrapport 2025", "Resultater og effekter")


def test_replacing_a_pdf_reindexes_the_pages_that_attach_it(published, search_backend, committed):
    document = get_document_model()(title="Regelverk")
    document.file = ContentFile(make_pdf("Regelverk", ["Tilskot til ALIS-avtalar."]), name="regelverk.pdf")
    document.save()
    page = published(
        "Regelverk for tilskudd",
        "Se regelverket.",
        attachments=[{"type": "document", "value": {"document": document.pk, "title": ""}}],
    )
    assert found(search_backend, "ALIS-avtalar") == [page.pk]

    document.file = ContentFile(make_pdf("Regelverk 2026", ["Nytt: tilskot til rettleiing."]), name="regelverk2.pdf")
    with committed():
        document.save()
    assert found(search_backend, "rettleiing") == [page.pk]
    assert found(search_backend, "ALIS-avtalar") == []


def test_deleting_a_pdf_removes_its_text_from_the_pages_that_attached_it(published, search_backend, committed):
    document = get_document_model()(title="Utkast")
    document.file = ContentFile(make_pdf("Utkast", ["Konfidensielt utkast om honorartakster."]), name="utkast.pdf")
    document.save()
    page = published(
        "Takster",
        "Om takstene.",
        attachments=[{"type": "document", "value": {"document": document.pk, "title": ""}}],
    )
    assert found(search_backend, "honorartakster") == [page.pk]
    with committed():
        document.delete()
    assert found(search_backend, "honorartakster") == []


def test_restricting_a_documents_collection_removes_its_text(published, search_backend, committed):
    parent = Collection.get_first_root_node().add_child(name="Avdeling")
    internal = parent.add_child(name="Interne dokumenter")  # restricted through its parent
    document = get_document_model()(title="Internt notat", collection=internal)
    document.file = ContentFile(make_pdf("Notat", ["Intern vurdering av honorartakster."]), name="notat.pdf")
    document.save()
    page = published(
        "Takster",
        "Om takstene.",
        attachments=[{"type": "document", "value": {"document": document.pk, "title": ""}}],
    )
    assert found(search_backend, "honorartakster") == [page.pk]
    with committed():
        restriction = CollectionViewRestriction.objects.create(
            collection=parent, restriction_type=CollectionViewRestriction.LOGIN
        )
    assert found(search_backend, "honorartakster") == []
    assert found(search_backend, "takster") == [page.pk]
    with committed():
        restriction.delete()
    assert found(search_backend, "honorartakster") == [page.pk]


def test_saved_synonyms_reach_the_engine(published, search_backend, committed):
    page = published("Allmennleger", "Allmennlegen følger pasientene over tid.")
    assert found(search_backend, "fastlegen") == []
    with committed():
        SynonymGroup.objects.create(terms="fastlege, allmennlege")
    assert found(search_backend, "fastlegen") == [page.pk]
    assert not IndexChange.objects.exists()


# --- Never inside the request ---------------------------------------------------------------------


def test_publishing_only_writes_the_outbox_until_commit(
    home_page, search_backend, django_capture_on_commit_callbacks, monkeypatch
):
    calls = []

    class Spy:
        def __getattr__(self, name):
            calls.append(name)
            return getattr(search_backend, name)

    monkeypatch.setattr(indexing, "get_backend", Spy)
    page = draft(home_page, "Ventende", "Venteliste for fastlege.")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        publish(page)
    assert calls == []  # nothing reached the engine inside the "request"
    assert IndexChange.objects.filter(page_id=page.pk).exists()
    assert callbacks  # the task waits for the commit

    for callback in callbacks:
        callback()
    assert "index" in calls
    assert found(search_backend, "venteliste") == [page.pk]
    assert not IndexChange.objects.exists()


# --- An unreachable engine ---------------------------------------------------------------------------


@pytest.fixture
def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_an_unreachable_engine_keeps_the_change_for_later(home_page, search_backend, committed, settings, closed_port):
    page = draft(home_page, "Utkant", "Fastleger i utkantkommuner.")
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{closed_port}"
    settings.ELASTICSEARCH_TIMEOUT = 0.5
    before = timezone.now()
    with committed():
        publish(page)  # must not raise

    change = IndexChange.objects.get(page_id=page.pk)
    assert change.attempts == 1
    assert change.next_attempt_at > before + timedelta(seconds=20)
    assert change.last_error

    assert indexing.process_all_due() == 0  # not due yet: no new attempt
    assert IndexChange.objects.get(page_id=page.pk).attempts == 1

    settings.ELASTICSEARCH_URL = ""  # the engine is back (the embedded one)
    IndexChange.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    assert indexing.process_all_due() >= 1
    assert not IndexChange.objects.exists()
    assert found(search_backend, "utkantkommuner") == [page.pk]


def test_a_request_made_while_the_change_is_applied_is_not_lost(published, search_backend, committed):
    page = published("Legevakt", "Legevaktsentral i kommunen.")
    real_index = search_backend.index
    state = {"asked_again": False}

    def index_while_the_editor_publishes_again(documents):
        documents = list(documents)
        if not state["asked_again"]:
            state["asked_again"] = True
            tasks.request_update([page.pk])  # a newer publish arrives while the engine works
            assert IndexChange.objects.get(page_id=page.pk).attempts == 0
            return real_index(documents)
        return real_index(documents)

    tasks.request_update([page.pk])
    search_backend.index = index_while_the_editor_publishes_again
    try:
        assert indexing.process_changes() == 1
        assert IndexChange.objects.filter(page_id=page.pk).exists()  # the newer request kept its row
        assert indexing.process_changes() == 1
    finally:
        del search_backend.index
    assert not IndexChange.objects.exists()


def test_a_page_that_cannot_be_prepared_is_retried_without_blocking_others(
    published, search_backend, committed, monkeypatch
):
    good = draft(published("Seksjon", "Tekst.").get_parent(), "God side", "Godt innhold om fastleger.")
    bad = draft(good.get_parent(), "Ødelagt side", "Ødelagt innhold.")
    from pages.documents import GuidanceDocument

    real_prepare = GuidanceDocument.prepare

    def prepare(self):
        if self.page.pk == bad.pk:
            raise ValueError("cannot flatten this page")
        return real_prepare(self)

    monkeypatch.setattr(GuidanceDocument, "prepare", prepare)
    with committed():
        publish(good)
        publish(bad)
    assert found(search_backend, "innhold") == [good.pk]
    change = IndexChange.objects.get(page_id=bad.pk)
    assert change.attempts == 1 and "cannot flatten" in change.last_error


def test_deleting_a_report_removes_it_and_every_chapter(report_with_chapter, search_backend, committed):
    report, chapter = report_with_chapter
    assert found(search_backend, "fastleger") == [chapter.pk]
    with committed():
        report.delete()
    assert found(search_backend, "fastleger") == [] and found(search_backend, "forord") == []
    assert not IndexChange.objects.exists()


def test_restricting_a_collection_costs_the_same_for_one_document_or_many(published, search_backend):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def restrict_collection_with(count: int) -> int:
        collection = Collection.get_first_root_node().add_child(name=f"Samling med {count}")
        for number in range(count):
            document = get_document_model()(title=f"Notat {number}", collection=collection)
            document.file = ContentFile(make_pdf("Notat", [f"Notat nummer {number}."]), name=f"notat{number}.pdf")
            document.save()
            published(
                f"Side {count}-{number}",
                "Om notatet.",
                attachments=[{"type": "document", "value": {"document": document.pk, "title": ""}}],
            )
        with CaptureQueriesContext(connection) as queries:
            CollectionViewRestriction.objects.create(
                collection=collection, restriction_type=CollectionViewRestriction.LOGIN
            )
        return len(queries)

    assert restrict_collection_with(1) == restrict_collection_with(4)


def test_each_page_that_cannot_be_prepared_keeps_its_own_error(published, search_backend, committed, monkeypatch):
    section = published("Seksjon", "Tekst.").get_parent()
    first = draft(section, "Første", "Innhold.")
    second = draft(section, "Andre", "Innhold.")
    from pages.documents import GuidanceDocument

    def prepare(self):
        raise ValueError(f"broken table on page {self.page.title}")

    monkeypatch.setattr(GuidanceDocument, "prepare", prepare)
    with committed():
        publish(first)
        publish(second)
    assert "page Første" in IndexChange.objects.get(page_id=first.pk).last_error
    assert "page Andre" in IndexChange.objects.get(page_id=second.pk).last_error
