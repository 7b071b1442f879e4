"""The rebuild command and search's periodic job, against the real embedded index."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone
from wagtail.models import PageViewRestriction

from pages.factories import GuidancePageFactory
from search.backends import get_backend
from search.contract import SearchQuery
from search.indexing import holding_changes_for_rebuild, process_changes
from search.models import IndexChange, QueryDay, SynonymGroup
from search.tasks import request_update
from tests.search.needs import needs_dictionary

pytestmark = pytest.mark.django_db


@pytest.fixture
def guidance_pages(home_page):
    pages = [
        GuidancePageFactory(parent=home_page, title="Listetak og listelengde", summary="Om listetaket."),
        GuidancePageFactory(parent=home_page, title="ALIS-tilskudd", summary="Tilskudd til leger i spesialisering."),
        GuidancePageFactory(parent=home_page, title="Referansegruppen", summary="Hva referansegruppen gjør."),
    ]
    hidden = GuidancePageFactory(parent=home_page, title="Listetak utkast", live=False)
    private = GuidancePageFactory(parent=home_page, title="Listetak internt")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    return pages, hidden, private


def rebuild(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("rebuild_search_index", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def found_titles(text: str) -> list[str]:
    return [hit.title for hit in get_backend().search(SearchQuery(text=text)).hits]


def test_rebuild_indexes_every_live_public_page_and_nothing_else(guidance_pages):
    get_backend().clear()
    out, _ = rebuild("--no-progress")
    assert "Indexed 3 of 3 pages" in out
    assert get_backend().count() == 3
    assert found_titles("listetak") == ["Listetak og listelengde"]


def test_rebuild_replaces_what_the_index_held(guidance_pages):
    pages, _, _ = guidance_pages
    rebuild("--no-progress")
    pages[0].title = "Pasientlister"
    pages[0].save()
    rebuild("--no-progress")
    assert found_titles("pasientlister") == ["Pasientlister"]
    assert found_titles("listelengde") == []


def test_rebuild_draws_a_progress_bar_on_stderr(guidance_pages):
    _, err = rebuild()
    assert "Søkeindeks" in err and "3/3" in err


def test_rebuild_sends_the_synonyms(guidance_pages):
    SynonymGroup.objects.create(terms="referansegruppe, rådgivningsgruppe")
    rebuild("--no-progress")
    assert found_titles("rådgivningsgruppe") == ["Referansegruppen"]


def test_a_publish_during_a_rebuild_waits_and_reaches_the_new_index(guidance_pages, monkeypatch):
    pages, _, _ = guidance_pages
    backend = get_backend()
    real_rebuild = backend.rebuild

    def rebuild_while_an_editor_publishes(documents, progress=None):
        documents = list(documents)  # the rebuild has read every page ...
        pages[0].title = "Pasientlister"  # ... when an editor publishes a new title
        pages[0].save()
        request_update([pages[0].pk])
        assert process_changes() == 0, "changes must wait while the rebuild runs"
        return real_rebuild(documents, progress)

    monkeypatch.setattr(backend, "rebuild", rebuild_while_an_editor_publishes)
    rebuild("--no-progress")
    assert found_titles("pasientlister") == ["Pasientlister"]
    assert not IndexChange.objects.exists()


def test_only_one_rebuild_at_a_time(guidance_pages):
    with holding_changes_for_rebuild(), pytest.raises(CommandError, match="running since"):
        rebuild("--no-progress")


@override_settings(ELASTICSEARCH_URL="http://127.0.0.1:9", ELASTICSEARCH_TIMEOUT=0.5)
def test_rebuild_with_the_engine_down_fails_clearly(guidance_pages):
    with pytest.raises(CommandError, match="unavailable"):
        rebuild("--no-progress")


def test_tick_applies_due_changes_and_leaves_later_ones(guidance_pages):
    pages, _, _ = guidance_pages
    get_backend().clear()
    IndexChange.objects.create(page_id=pages[0].pk)
    IndexChange.objects.create(page_id=pages[1].pk, attempts=2, next_attempt_at=timezone.now() + timedelta(hours=1))
    call_command("search_tick")
    assert found_titles("listetak") == ["Listetak og listelengde"]
    assert found_titles("ALIS") == []
    assert list(IndexChange.objects.values_list("page_id", flat=True)) == [pages[1].pk]


def test_tick_rebuilds_an_index_file_left_by_an_older_version(guidance_pages):
    """After an upgrade that changes the embedded index's schema, search answers again
    within a minute, with the synonyms, without anyone running a command."""
    import sqlite3

    from search.backends.embedded import SCHEMA_VERSION

    SynonymGroup.objects.create(terms="fastlege, allmennlege")
    backend = get_backend()
    backend.rebuild([])
    backend.close()
    conn = sqlite3.connect(backend.path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    conn.close()
    assert backend.needs_rebuild()

    call_command("search_tick")

    assert not backend.needs_rebuild()
    assert found_titles("listetak") == ["Listetak og listelengde"]


@needs_dictionary
def test_tick_rebuilds_a_schema_3_index_whose_compound_columns_hold_whole_compounds(guidance_pages, home_page):
    """Schema 4 stores the compounds' part stems where schema 3 stored the compounds: a
    schema 3 file is refused (never read with the new queries) until search_tick rebuilds it."""
    import sqlite3

    from search.contract import SearchUnavailable

    GuidancePageFactory(parent=home_page, title="Legevakten i distriktene")
    backend = get_backend()
    backend.rebuild([])
    backend.close()
    conn = sqlite3.connect(backend.path)
    conn.execute("INSERT INTO fts (rowid, title, compounds) VALUES (1, 'Legevakten', 'legevakten')")
    conn.execute("PRAGMA user_version = 3")
    conn.commit()
    conn.close()
    assert backend.needs_rebuild()
    with pytest.raises(SearchUnavailable, match="schema version 3"):
        backend.count()

    call_command("search_tick")

    assert not backend.needs_rebuild()
    assert found_titles("vakt") == ["Legevakten i distriktene"]


@override_settings(SEARCH_QUERY_RETENTION_DAYS=30)
def test_tick_purges_old_query_statistics(db):
    today = timezone.localdate()
    QueryDay.objects.create(day=today - timedelta(days=31), query="listetak", searches=4)
    QueryDay.objects.create(day=today - timedelta(days=29), query="listetak", searches=2)
    call_command("search_tick")
    assert list(QueryDay.objects.values_list("day", flat=True)) == [today - timedelta(days=29)]
    assert isinstance(QueryDay.objects.get().day, date)


def test_export_compound_words_writes_the_dictionary_parts_for_elasticsearch(tmp_path):
    from search.compounds import dictionary

    if not dictionary():
        pytest.skip("the hunspell-no dictionaries are not installed (./dev installs them)")
    target = tmp_path / "analysis" / "allmenn_compound_parts.txt"
    call_command("export_compound_words", str(target), stdout=io.StringIO())
    words = set(target.read_text(encoding="utf-8").split("\n"))
    assert {"lege", "vakt", "gruppe", "ordning"} <= words
    assert "alis" not in words and "ring" not in words  # no acronym, no derivation ending
    assert all(len(word) >= 4 for word in words if word)


def test_elasticsearch_gets_the_compound_word_list_from_settings(settings):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:1"
    settings.ELASTICSEARCH_COMPOUND_WORDS_PATH = "analysis/allmenn_compound_parts.txt"
    try:
        assert get_backend()._compound_parts_path == "analysis/allmenn_compound_parts.txt"
    finally:
        settings.ELASTICSEARCH_URL = ""
