"""The demo site answers the questions the issue asks, on the embedded backend.

This is the relevance floor, kept modest on purpose: for a handful of queries the page
that answers them must be among the first three results. bench/search.py measures the
rest (nDCG@10 and MRR@10 over the whole judged set).
"""

from __future__ import annotations

import pytest
from django.conf import settings
from wagtail.models import Page

from search.backends.embedded import EmbeddedBackend
from search.contract import SearchQuery
from search.models import SearchPage, SynonymGroup
from search.searchable import all_documents, count_searchable

pytestmark = pytest.mark.django_db

TOP = 3


@pytest.fixture(scope="module")
def demo_index(demo_site, django_db_blocker, tmp_path_factory):
    """The demo content in an embedded index of this module's own, with the demo's synonyms."""
    backend = EmbeddedBackend(path=tmp_path_factory.mktemp("demo-index") / "index.sqlite3")
    with django_db_blocker.unblock():
        backend.set_synonyms(SynonymGroup.all_groups())
        backend.rebuild(all_documents())
    return backend


def top_urls(backend, text: str) -> list[str]:
    return [hit.url for hit in backend.search(SearchQuery(text=text, per_page=TOP)).hits]


@pytest.mark.parametrize(
    ("text", "answers"),
    [
        # The four examples.
        ("listetak", {"/fastlegeordningen/listetak/"}),
        ("ALIS-tilskudd", {"/tilskuddsordninger/", "/tilskuddsordninger/alis-avtalar/"}),
        ("hva gjør referansegruppen", {"/om-programmet/organisering/referansegruppa/"}),
        ("fastlegeordningen evaluering 2023", {"/fastlegeordningen/evaluering-2023/"}),
        # An inflected form, a phrase, nynorsk, English, a synonym.
        ("hvem betaler basistilskuddet", {"/fastlegeordningen/finansiering/"}),
        ('"kommunens ansvar"', {"/fastlegeordningen/kommunens-ansvar/"}),
        ("kvilande vakt", {"/fastlegeordningen/legevakt/"}),
        ("list ceiling", {"/om-programmet/english/patient-lists/"}),
        ("turnus", {"/fastlegeordningen/veiledning/"}),  # the demo's synonyms: turnus = LIS1
        # A word that only the attached PDF of the 2023 evaluation contains.
        ("fokusgruppeintervjuer", {"/fastlegeordningen/evaluering-2023/"}),
    ],
)
def test_the_answer_is_in_the_top_three(demo_index, text, answers):
    urls = top_urls(demo_index, text)
    assert answers & set(urls), (text, urls)


def test_a_misspelling_gets_a_suggestion_that_finds_the_page(demo_index):
    results = demo_index.search(SearchQuery(text="refransegruppen"))
    assert results.suggestion
    assert "/om-programmet/organisering/referansegruppa/" in top_urls(demo_index, results.suggestion)


def test_the_demo_indexes_every_searchable_page(demo_site):
    """load_demo_data rebuilt the configured index itself, so a fresh demo is searchable."""
    from search.backends import get_backend

    assert settings.ELASTICSEARCH_URL or isinstance(get_backend(), EmbeddedBackend)
    assert get_backend().count() == count_searchable() > 40


def test_the_demo_has_a_search_page_and_synonyms(demo_site):
    page = SearchPage.objects.get()
    assert page.live and page.get_url() == "/sok/"
    assert Page.objects.get(pk=page.pk).get_parent().specific_class.__name__ == "HomePage"
    assert ("fastlege", "allmennlege", "gp") in SynonymGroup.all_groups()
