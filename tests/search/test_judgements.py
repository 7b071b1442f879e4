"""The judged query sets behind bench/search.py, and the relevance measures it reports.

The tuning set must describe the demo site as it is: every judged page exists, the
PDF queries really are answered only by PDFs, and no page judged relevant to an
exclusion query contains the excluded word. The frozen test set must judge only pages
that exist once its own pages are published beside the demo. nDCG@10, MRR@10 and
recall@10 are checked against values worked out by hand.
"""

from __future__ import annotations

import math
import re

import pytest
from wagtail.models import Page

from bench.search import (
    JUDGEMENTS,
    TEST_JUDGEMENTS,
    TUNING_LONG_JUDGEMENTS,
    TUNING_PAGES,
    dcg,
    first_rank_of_grade,
    load_judgements,
    load_test_pages,
    ndcg_at_k,
    publish_test_pages,
    recall_at_k,
    reciprocal_rank_at_k,
    url_of_test_page,
)
from search.query_syntax import parse_query
from search.text_analysis import tokenize

KINDS = {
    "inflection",
    "compound",
    "nynorsk",
    "english",
    "misspelling",
    "phrase",
    "exclusion",
    "pdf",
    "synonym",
    "question",
    "year",
    "plain",
}


TEST_KINDS = {
    "plain",
    "inflection",
    "compound",
    "hyphenated",
    "acronym",
    "two words",
    "three words",
    "phrase",
    "nynorsk",
    "english",
    "ascii",
    "question",
}
LANGUAGES = {"nb", "nn", "en"}


@pytest.fixture(scope="module")
def judged() -> list[dict]:
    return load_judgements()


@pytest.fixture(scope="module")
def frozen_set() -> list[dict]:
    return load_judgements(TEST_JUDGEMENTS)


@pytest.fixture(scope="module")
def frozen_pages() -> list[dict]:
    return load_test_pages()


@pytest.fixture(scope="module")
def demo_documents(demo_site, django_db_blocker) -> dict[str, object]:
    """The index documents of the demo site by URL, as the search index receives them."""
    from search.searchable import all_documents

    with django_db_blocker.unblock():
        return {document.url: document for document in all_documents()}


def page_words(document) -> set[str]:
    """Every word a page shows outside its attachments."""
    fields = (
        document.title,
        document.summary,
        " ".join(document.headings),
        document.body,
        document.footnotes,
        " ".join(document.breadcrumbs),
    )
    return set(tokenize(" ".join(fields)))


# --- The file ------------------------------------------------------------------------------


def test_file_is_in_the_repository_and_well_formed(judged):
    assert JUDGEMENTS.name == "search_judgements.json"
    assert len(judged) >= 40
    texts = [entry["query"] for entry in judged]
    assert len(set(texts)) == len(texts), "a query is judged twice"
    for entry in judged:
        assert set(entry) <= {"query", "kind", "judgements", "note"}, entry
        assert isinstance(entry["query"], str) and entry["query"].strip(), entry
        assert entry["kind"] in KINDS, entry
        judgements = entry["judgements"]
        assert judgements, entry["query"]
        for path, grade in judgements.items():
            assert path.startswith("/") and path.endswith("/"), (entry["query"], path)
            assert isinstance(grade, int) and 0 <= grade <= 3, (entry["query"], path, grade)
        # MRR needs a page graded 2 or 3, nDCG one graded above 0.
        assert max(judgements.values()) >= 2, entry["query"]


def test_every_kind_of_query_is_judged(judged):
    counts = {kind: sum(entry["kind"] == kind for entry in judged) for kind in KINDS}
    assert all(count >= 3 for count in counts.values()), counts


def test_the_issues_example_queries_are_judged(judged):
    texts = {entry["query"] for entry in judged}
    assert {"listetak", "ALIS-tilskudd", "hva gjør referansegruppen", "fastlegeordningen evaluering 2023"} <= texts


# --- Against the demo site -------------------------------------------------------------------


@pytest.mark.django_db
def test_every_judged_page_exists_in_the_demo(demo_site, judged):
    live = {page.get_url() for page in Page.objects.live().public().filter(depth__gt=1)}
    missing = {path for entry in judged for path in entry["judgements"] if path not in live}
    assert not missing


@pytest.mark.django_db
def test_pdf_queries_are_answered_only_by_attached_pdfs(demo_documents, judged):
    pdf_queries = [entry for entry in judged if entry["kind"] == "pdf"]
    assert pdf_queries
    for entry in pdf_queries:
        words = tokenize(entry["query"])
        in_pages = [url for url, document in demo_documents.items() if set(words) & page_words(document)]
        assert not in_pages, (entry["query"], in_pages)
        best = max(entry["judgements"], key=entry["judgements"].get)
        attachment_words = set(tokenize(demo_documents[best].attachments))
        assert set(words) <= attachment_words, entry["query"]


@pytest.mark.django_db
def test_no_page_judged_relevant_to_an_exclusion_contains_the_excluded_word(demo_documents, judged):
    for entry in (entry for entry in judged if entry["kind"] == "exclusion"):
        excluded = set(parse_query(entry["query"]).excluded)
        assert excluded, entry["query"]
        for path, grade in entry["judgements"].items():
            document = demo_documents.get(path)
            if grade and document is not None:
                words = page_words(document) | set(tokenize(document.attachments))
                assert not excluded & words, (entry["query"], path)


# --- The frozen test set ---------------------------------------------------------------------


def words_of(page: dict) -> int:
    texts = [page["title"], page["summary"]]
    for section in page["sections"]:
        texts += [section["heading"], *section["paragraphs"]]
    texts += [note["text"] for note in page.get("footnotes", ())]
    return len(" ".join(texts).split())


def test_test_set_is_well_formed(frozen_set):
    assert TEST_JUDGEMENTS.name == "search_test_judgements.json"
    assert 30 <= len(frozen_set) <= 40
    texts = [entry["query"] for entry in frozen_set]
    assert len(set(texts)) == len(texts), "a query is judged twice"
    for entry in frozen_set:
        assert set(entry) <= {"query", "kind", "language", "judgements", "note"}, entry
        assert isinstance(entry["query"], str) and entry["query"].strip(), entry
        assert entry["kind"] in TEST_KINDS, entry
        assert entry.get("language", "nb") in LANGUAGES, entry
        assert entry["note"].strip(), entry["query"]
        for path, grade in entry["judgements"].items():
            assert path.startswith("/") and path.endswith("/"), (entry["query"], path)
            assert isinstance(grade, int) and 1 <= grade <= 3, (entry["query"], path, grade)
        assert max(entry["judgements"].values()) >= 2, entry["query"]


def test_test_set_does_not_repeat_a_tuning_query(judged, frozen_set):
    tuning = {entry["query"].casefold() for entry in judged}
    assert not [entry["query"] for entry in frozen_set if entry["query"].casefold() in tuning]


def test_test_set_has_the_kinds_of_query_visitors_type(frozen_set):
    kinds = {entry["kind"] for entry in frozen_set}
    assert kinds == TEST_KINDS
    languages = {entry.get("language", "nb") for entry in frozen_set}
    assert languages == LANGUAGES


def test_test_pages_are_well_formed(frozen_pages):
    urls = [url_of_test_page(page) for page in frozen_pages]
    assert len(set(urls)) == len(urls)
    assert {page["language"] for page in frozen_pages} == LANGUAGES
    long_pages = [page for page in frozen_pages if words_of(page) >= 2500]
    assert len(long_pages) >= 2
    assert all(words_of(page) <= 4000 for page in frozen_pages)
    for page in frozen_pages:
        assert page["parent"].startswith("/") and page["parent"].endswith("/"), page["slug"]
        assert re.fullmatch(r"[a-z0-9-]+", page["slug"]), page["slug"]
        assert page["title"].strip() and page["summary"].strip() and page["sections"], page["slug"]
        paragraphs = " ".join(text for section in page["sections"] for text in section["paragraphs"])
        referenced = set(re.findall(r"\[\^([A-Za-z0-9-]+)\]", paragraphs))
        assert referenced == {note["key"] for note in page.get("footnotes", ())}, page["slug"]


@pytest.mark.django_db
def test_every_page_the_test_set_judges_exists_once_the_test_pages_are_published(demo_site, frozen_set, frozen_pages):
    demo = {page.get_url() for page in Page.objects.live().public().filter(depth__gt=1)}
    expected = [url_of_test_page(page) for page in frozen_pages]
    assert not set(expected) & demo, "a test page would replace a demo page"
    assert publish_test_pages(frozen_pages) == expected
    live = {page.get_url() for page in Page.objects.live().public().filter(depth__gt=1)}
    assert live == demo | set(expected)
    missing = {path for entry in frozen_set for path in entry["judgements"] if path not in live}
    assert not missing


@pytest.mark.django_db
def test_every_page_the_long_tuning_set_judges_exists_once_its_pages_are_published(demo_site):
    pages = load_test_pages(TUNING_PAGES)
    judged = load_judgements(TUNING_LONG_JUDGEMENTS)
    demo = {page.get_url() for page in Page.objects.live().public().filter(depth__gt=1)}
    expected = [url_of_test_page(page) for page in pages]
    assert not set(expected) & demo, "a tuning page would replace a demo page"
    assert publish_test_pages(pages) == expected
    live = demo | set(expected)
    assert not {path for entry in judged for path in entry["judgements"] if path not in live}
    assert len({entry["query"] for entry in judged}) == len(judged)


# --- nDCG@10, MRR@10 and recall@10 ------------------------------------------------------------------------


def test_dcg_uses_graded_gain_and_a_log2_discount():
    # ranks 1, 2, 3 with grades 3, 2, 1: 7/1 + 3/log2(3) + 1/2
    assert dcg([3, 2, 1]) == pytest.approx(7 + 3 / math.log2(3) + 0.5)
    assert dcg([]) == 0


def test_ndcg_is_one_for_the_ideal_ranking():
    judgements = {"/a/": 3, "/b/": 2, "/c/": 1}
    assert ndcg_at_k(["/a/", "/b/", "/c/"], judgements) == pytest.approx(1.0)
    # Unjudged pages after the judged ones cost nothing.
    assert ndcg_at_k(["/a/", "/b/", "/c/", "/x/"], judgements) == pytest.approx(1.0)


def test_ndcg_of_a_reversed_ranking():
    # DCG = 1/1 + 3/log2(3) + 7/log2(4) = 6.3928; ideal = 7 + 3/log2(3) + 1/2 = 9.3928
    judgements = {"/a/": 3, "/b/": 2, "/c/": 1}
    assert ndcg_at_k(["/c/", "/b/", "/a/"], judgements) == pytest.approx(6.39279 / 9.39279, abs=1e-5)


def test_ndcg_when_the_one_good_page_comes_second():
    # 7/log2(3) against 7/1
    assert ndcg_at_k(["/x/", "/a/"], {"/a/": 3}) == pytest.approx(1 / math.log2(3))


def test_ndcg_looks_at_the_first_ten_only_and_counts_a_repeat_once():
    ranked = [f"/x{i}/" for i in range(10)] + ["/a/"]
    assert ndcg_at_k(ranked, {"/a/": 3}) == 0.0
    assert ndcg_at_k(["/a/", "/a/", "/b/"], {"/a/": 1, "/b/": 1}) == pytest.approx(1.0)
    assert ndcg_at_k(["/a/", "/a/"], {"/a/": 1, "/b/": 1}) == pytest.approx(1 / (1 + 1 / math.log2(3)))


def test_ndcg_without_any_relevant_page_is_zero():
    assert ndcg_at_k(["/a/"], {"/a/": 0}) == 0.0
    assert ndcg_at_k([], {"/a/": 3}) == 0.0


def test_reciprocal_rank_counts_grade_two_and_up_as_relevant():
    judgements = {"/mentions/": 1, "/about/": 2, "/answer/": 3}
    assert reciprocal_rank_at_k(["/answer/"], judgements) == 1.0
    assert reciprocal_rank_at_k(["/mentions/", "/x/", "/about/"], judgements) == pytest.approx(1 / 3)
    assert reciprocal_rank_at_k(["/mentions/", "/x/"], judgements) == 0.0
    assert reciprocal_rank_at_k([f"/x{i}/" for i in range(10)] + ["/answer/"], judgements) == 0.0
    assert reciprocal_rank_at_k(["/mentions/"], judgements, relevant_from=1) == 1.0


def test_recall_counts_the_pages_graded_two_and_up_found_in_the_first_ten():
    judgements = {"/mentions/": 1, "/about/": 2, "/answer/": 3, "/also/": 2}
    assert recall_at_k(["/answer/", "/about/", "/also/"], judgements) == 1.0
    assert recall_at_k(["/mentions/", "/answer/"], judgements) == pytest.approx(1 / 3)
    assert recall_at_k(["/answer/", "/answer/"], judgements) == pytest.approx(1 / 3)
    assert recall_at_k([f"/x{i}/" for i in range(10)] + ["/answer/"], judgements) == 0.0
    assert recall_at_k(["/mentions/"], {"/mentions/": 1}) == 0.0
    assert recall_at_k(["/mentions/"], {"/mentions/": 1}, relevant_from=1) == 1.0


def test_first_rank_of_the_answer():
    judgements = {"/about/": 2, "/answer/": 3}
    assert first_rank_of_grade(["/about/", "/x/", "/answer/"], judgements) == 3
    assert first_rank_of_grade(["/about/", "/about/", "/answer/"], judgements) == 2
    assert first_rank_of_grade(["/about/"], judgements) is None
    assert first_rank_of_grade([f"/x{i}/" for i in range(10)] + ["/answer/"], judgements) is None
