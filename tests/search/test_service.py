"""run_search: the search page's one rule on top of a backend, a query that finds
nothing is answered for its spelling suggestion."""

from __future__ import annotations

from search.contract import SearchQuery
from search.service import run_search


def test_a_misspelt_query_that_finds_nothing_shows_the_corrected_results(index_pages, make_document):
    page = make_document(title="Referansegruppen", body="Referansegruppen gir råd til programmet.")
    backend = index_pages(page)
    results = run_search(SearchQuery(text="refransegruppen"), backend)
    assert [hit.key for hit in results.hits] == [page.key]
    assert results.corrected_from == "refransegruppen"
    assert results.query.text == "referansegruppen"
    assert results.suggestion is None


def test_a_query_that_finds_something_is_never_second_guessed(index_pages, make_document):
    page = make_document(title="Listetak", body="Listetaket er antall pasienter på listen.")
    backend = index_pages(page)
    results = run_search(SearchQuery(text="listetak"), backend)
    assert results.corrected_from is None
    assert [hit.key for hit in results.hits] == [page.key]


def test_nothing_found_and_no_suggestion_stays_empty(index_pages):
    backend = index_pages()
    results = run_search(SearchQuery(text="qqxzzv"), backend)
    assert results.total == 0 and results.corrected_from is None
