"""The public search page and the autocomplete endpoint, against the configured backend.

Presentation-only cases (a suggestion, the relaxed notice, an engine that is down or
that sends bad markup) use a stand-in backend, so they do not depend on how an engine
ranks or spells.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

import lxml.html
import pytest
from django.test import override_settings

from search import views
from search.contract import Completion, Hit, SearchResults, SearchUnavailable
from search.factories import IndexDocumentFactory
from search.forms import MAX_VALUES_PER_FACET, parse_search_params
from tests.search import fixtures_pages

search_page = fixtures_pages.search_page
search_index = fixtures_pages.search_index

SEARCH_URL = "/sok/"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36"


def parse(response) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(response.content.decode())


def texts(tree, xpath: str) -> list[str]:
    return [" ".join(element.text_content().split()) for element in tree.xpath(xpath)]


def result_titles(tree) -> list[str]:
    return texts(tree, "//ol[contains(@class,'search-hits')]/li//h3")


def facet_option(tree, facet: str, value: str):
    (box,) = tree.xpath(f"//aside//input[@type='checkbox'][@name='{facet}'][@value='{value}']")
    (label,) = tree.xpath(f"//aside//label[@for='{box.get('id')}']")
    return box, " ".join(label.text_content().split())


class StandIn:
    """A backend that answers what a test tells it to, and records what it was asked."""

    name = "stand-in"

    def __init__(self, results: SearchResults | None = None, error: Exception | None = None, completions=()):
        self.results = results
        self.error = error
        self.completions = list(completions)
        self.queries = []
        self.prefixes = []

    def search(self, query):
        self.queries.append(query)
        if self.error:
            raise self.error
        self.results.query = query
        return self.results

    def autocomplete(self, prefix, limit=8):
        self.prefixes.append((prefix, limit))
        if self.error:
            raise self.error
        return self.completions[:limit]


@pytest.fixture
def stand_in(monkeypatch):
    def install(**kwargs) -> StandIn:
        backend = StandIn(**kwargs)
        monkeypatch.setattr(views, "get_backend", lambda: backend)
        return backend

    return install


def hit(page_id: int, title: str, snippet: str = "", **fields) -> Hit:
    return Hit(
        key=f"page:{page_id}",
        page_id=page_id,
        url=f"/side-{page_id}/",
        title=title,
        content_type=fields.pop("content_type", "guidance"),
        language=fields.pop("language", "nb"),
        snippet=snippet,
        title_highlighted=fields.pop("title_highlighted", title),
        **fields,
    )


@pytest.fixture
def listetak_pages(search_index):
    """Two guidance pages and a report chapter about the list ceiling, and one unrelated page."""
    search_index.index(
        [
            IndexDocumentFactory(
                page_id=101,
                title="Listetak for fastleger",
                summary="Hvor mange pasienter en fastlege kan ha.",
                body="Listetaket bestemmer hvor mange pasienter som står på listen.",
                topics=("Fastlegeordningen",),
            ),
            IndexDocumentFactory(
                page_id=102,
                title="Endre listetaket",
                body="Slik ber du kommunen om å endre listetaket ditt.",
                topics=("Fastlegeordningen",),
                year=2023,
            ),
            IndexDocumentFactory(
                page_id=103,
                title="Rekruttering",
                content_type="chapter",
                body="Kommunene melder om lavere listetak i distriktene.",
                breadcrumbs=("Årsrapport 2025",),
                year=2025,
                last_substantive_change=datetime(2025, 1, 20, 9, 0, tzinfo=UTC),
            ),
            IndexDocumentFactory(page_id=104, title="ALIS-avtalen", body="Avtalen om allmennleger i spesialisering."),
        ]
    )
    return search_index


# --- The empty page -------------------------------------------------------------------------


def test_empty_query_shows_the_form_and_help_only(site_client, search_page, stand_in):
    backend = stand_in(results=SearchResults(query=None, total=0, hits=[]))
    response = site_client.get(SEARCH_URL)

    assert response.status_code == 200
    tree = parse(response)
    assert len(tree.xpath("//h1")) == 1
    (form,) = tree.xpath("//main//form[@role='search']")
    assert form.get("method") == "get" and form.get("action") == SEARCH_URL
    (field,) = form.xpath(".//input[@name='q']")
    assert tree.xpath(f"//label[@for='{field.get('id')}']"), "the search field needs a label"
    assert texts(tree, "//h2[@id='search-help-heading']") == ["Slik søker du"]
    assert not tree.xpath("//ol[contains(@class,'search-hits')]")
    assert backend.queries == [], "an empty query must not reach the engine"


@pytest.mark.parametrize("q", ["", "   ", "\x00\x01", "!!! ???", "-alene"])
def test_query_without_words_is_no_query(site_client, search_page, stand_in, q):
    backend = stand_in(results=SearchResults(query=None, total=0, hits=[]))
    response = site_client.get(SEARCH_URL, {"q": q})
    assert response.status_code == 200
    assert backend.queries == []
    assert not parse(response).xpath("//section[contains(@class,'search-results')]")


def test_every_search_response_says_noindex(site_client, search_page, listetak_pages):
    for params in ({}, {"q": "listetak"}, {"q": "finnesikkeiindeksen"}, {"q": "listetak", "page": "2"}):
        response = site_client.get(SEARCH_URL, params)
        assert response["X-Robots-Tag"] == "noindex", params
        if response.status_code == 200:
            assert parse(response).xpath("//meta[@name='robots']/@content") == ["noindex"], params
    completions = site_client.get(SEARCH_URL + "forslag/", {"q": "list"})
    assert completions["X-Robots-Tag"] == "noindex"


def test_the_interface_follows_the_pages_language(site_client, search_page, listetak_pages):
    response = site_client.get(SEARCH_URL, {"q": "listetak"})
    tree = parse(response)
    assert tree.get("lang") == "nb"
    assert texts(tree, "//h2[@id='filters-heading']") == ["Avgrens treffene"]

    search_page.language = "nn"
    search_page.save_revision().publish()
    tree = parse(site_client.get(SEARCH_URL, {"q": "listetak"}))
    assert tree.get("lang") == "nn"
    assert texts(tree, "//h2[@id='filters-heading']") == ["Avgrens treffa"]


# --- Results ------------------------------------------------------------------------------------


def test_results_show_title_type_breadcrumb_date_and_marked_snippet(site_client, search_page, listetak_pages):
    response = site_client.get(SEARCH_URL, {"q": "listetak"})
    assert response.status_code == 200
    tree = parse(response)

    assert texts(tree, "//h2[@id='results-heading']") == ["3 treff for «listetak»"]
    assert set(result_titles(tree)) == {"Listetak for fastleger", "Endre listetaket", "Rekruttering"}
    assert tree.xpath("//ol[contains(@class,'search-hits')]/@start") == ["1"]

    (chapter,) = [
        li for li in tree.xpath("//ol[contains(@class,'search-hits')]/li") if "Rekruttering" in li.text_content()
    ]
    meta = " ".join(chapter.xpath(".//p[contains(@class,'search-hit__meta')]")[0].text_content().split())
    assert "Rapportkapittel" in meta
    assert "Årsrapport 2025" in meta
    assert chapter.xpath(".//time/text()") == ["20. januar 2025"]
    assert chapter.xpath(".//h3/a/@href") == ["/side-103/"]
    assert chapter.xpath(".//p[contains(@class,'search-hit__snippet')]//mark")


def test_markup_in_indexed_text_is_shown_as_text(site_client, search_page, search_index):
    search_index.index(
        [
            IndexDocumentFactory(
                page_id=201,
                title="Listetak <b>fet</b>",
                body='Listetak <script>alert("x")</script> <img src=x onerror=alert(1)>',
            )
        ]
    )
    response = site_client.get(SEARCH_URL, {"q": "listetak"})
    body = response.content.decode()
    assert "<script>alert" not in body
    assert "<img src=x" not in body
    assert "<b>fet</b>" not in body
    tree = parse(response)
    (snippet,) = tree.xpath("//p[contains(@class,'search-hit__snippet')]")
    assert [child.tag for child in snippet.iter() if child is not snippet] == ["mark"]
    assert '<script>alert("x")</script>' in snippet.text_content()


def test_an_engine_that_sends_markup_cannot_put_it_on_the_page(site_client, search_page, stand_in):
    bad = hit(
        1,
        "Tittel",
        snippet="ok <mark>listetak</mark> <script>alert(1)</script><mark>open &amp; shut",
        title_highlighted="<em>Tittel</em>",
    )
    stand_in(results=SearchResults(query=None, total=1, hits=[bad]))
    tree = parse(site_client.get(SEARCH_URL, {"q": "listetak"}))
    (snippet,) = tree.xpath("//p[contains(@class,'search-hit__snippet')]")
    assert [child.tag for child in snippet.iter() if child is not snippet] == ["mark", "mark"]
    assert "<script>alert(1)</script>" in snippet.text_content()
    assert snippet.xpath("mark")[1].text == "open & shut"
    assert not tree.xpath("//h3//em")


def test_a_hit_in_another_language_says_so(site_client, search_page, search_index):
    search_index.index(
        [IndexDocumentFactory(page_id=301, title="List ceiling for GPs", language="en", body="The list ceiling.")]
    )
    tree = parse(site_client.get(SEARCH_URL, {"q": "list ceiling"}))
    (title,) = tree.xpath("//ol[contains(@class,'search-hits')]/li/h3")
    assert title.get("lang") == "en"


# --- Facets and filters ------------------------------------------------------------------------


def test_facets_list_values_with_counts(site_client, search_page, listetak_pages):
    tree = parse(site_client.get(SEARCH_URL, {"q": "listetak"}))
    legends = texts(tree, "//aside//fieldset/legend")
    assert legends[:2] == ["Type", "Emne"]
    box, label = facet_option(tree, "type", "guidance")
    assert label == "Veiledning (2 treff)"
    assert box.get("checked") is None
    _, label = facet_option(tree, "type", "chapter")
    assert label == "Rapportkapittel (1 treff)"
    _, label = facet_option(tree, "topic", "Fastlegeordningen")
    assert label == "Fastlegeordningen (2 treff)"
    years = [box.get("value") for box in tree.xpath("//aside//input[@name='year']")]
    assert years == ["2025", "2024", "2023"]
    # The filter form keeps the query and has a submit button: it works without JavaScript.
    (form,) = tree.xpath("//aside//form")
    assert form.xpath(".//input[@type='hidden'][@name='q']/@value") == ["listetak"]
    assert form.xpath(".//button[@type='submit']")


def test_a_filter_narrows_the_results_and_shows_as_chosen(site_client, search_page, listetak_pages):
    tree = parse(site_client.get(SEARCH_URL, {"q": "listetak", "type": "chapter"}))
    assert result_titles(tree) == ["Rekruttering"]
    box, label = facet_option(tree, "type", "chapter")
    assert box.get("checked") is not None
    # Counts for type ignore the type filter, so the other choices stay visible with their counts.
    _, label = facet_option(tree, "type", "guidance")
    assert label == "Veiledning (2 treff)"
    links = tree.xpath("//ul[contains(@class,'search-active-filters__list')]//a")
    assert [" ".join(a.text_content().split()) for a in links] == ["Fjern filteret Type: Rapportkapittel"]
    assert links[0].get("href") == "?q=listetak"


def test_filters_combine_across_facets(site_client, search_page, listetak_pages):
    tree = parse(site_client.get(SEARCH_URL, {"q": "listetak", "type": "guidance", "year": "2023"}))
    assert result_titles(tree) == ["Endre listetaket"]
    assert len(tree.xpath("//ul[contains(@class,'search-active-filters__list')]/li")) == 3  # two + remove all


def test_unknown_facet_values_are_ignored(site_client, search_page, listetak_pages):
    response = site_client.get(
        SEARCH_URL,
        {"q": "listetak", "type": ["finnes-ikke", "<script>"], "language": "xx", "year": ["abcd", "99999", "1066"]},
    )
    assert response.status_code == 200
    tree = parse(response)
    assert len(result_titles(tree)) == 3
    assert not tree.xpath("//ul[contains(@class,'search-active-filters__list')]")


def test_an_unknown_topic_shows_as_chosen_so_it_can_be_removed(site_client, search_page, listetak_pages):
    tree = parse(site_client.get(SEARCH_URL, {"q": "listetak", "topic": "Finnes ikke"}))
    assert result_titles(tree) == []
    box, label = facet_option(tree, "topic", "Finnes ikke")
    assert box.get("checked") is not None and label == "Finnes ikke (0 treff)"
    assert tree.xpath("//a[normalize-space()='Søk uten filtrene.']/@href") == ["?q=listetak"]


def test_each_facet_keeps_at_most_a_few_values():
    params = parse_search_params({"q": "listetak", "topic": [f"Emne {n}" for n in range(50)], "year": ["2024"] * 30})
    assert len(params.query.topics) == MAX_VALUES_PER_FACET
    assert params.query.years == (2024,)


# --- Pagination ------------------------------------------------------------------------------


@pytest.fixture
def many_pages(search_index):
    search_index.index(
        [
            IndexDocumentFactory(page_id=1000 + n, title=f"Fastlegeveileder del {n}", body="Om fastlegeordningen.")
            for n in range(25)
        ]
    )
    return search_index


def test_pagination(site_client, search_page, many_pages):
    tree = parse(site_client.get(SEARCH_URL, {"q": "fastlegeordningen"}))
    assert len(result_titles(tree)) == 10
    (nav,) = tree.xpath("//nav[contains(@class,'search-pagination')]")
    assert nav.get("aria-label") == "Sider med treff"
    assert nav.xpath(".//a[@aria-current='page']/text()") == ["1"]
    assert nav.xpath(".//a[@rel='next']/@href") == ["?q=fastlegeordningen&page=2"]
    assert not nav.xpath(".//a[@rel='prev']")

    tree = parse(site_client.get(SEARCH_URL, {"q": "fastlegeordningen", "page": "3"}))
    assert len(result_titles(tree)) == 5
    assert tree.xpath("//ol[contains(@class,'search-hits')]/@start") == ["21"]
    assert texts(tree, "//p[contains(@class,'search-results__page')]") == ["Side 3 av 3"]
    assert tree.xpath("//nav[contains(@class,'search-pagination')]//a[@rel='prev']/@href") == [
        "?q=fastlegeordningen&page=2"
    ]
    first_page = set(result_titles(parse(site_client.get(SEARCH_URL, {"q": "fastlegeordningen"}))))
    assert not first_page & set(result_titles(tree))


@pytest.mark.parametrize("page", ["abc", "-5", "0", "1.5", "", "1e9", "٣"])
def test_a_bad_page_number_is_page_one(site_client, search_page, many_pages, page):
    response = site_client.get(SEARCH_URL, {"q": "fastlegeordningen", "page": page})
    assert response.status_code == 200
    tree = parse(response)
    assert tree.xpath("//ol[contains(@class,'search-hits')]/@start") == ["1"]


def test_a_page_past_the_last_goes_to_the_last(site_client, search_page, many_pages):
    response = site_client.get(SEARCH_URL, {"q": "fastlegeordningen", "page": "99"})
    assert response.status_code == 302
    assert response["Location"] == "?q=fastlegeordningen&page=3"
    assert response["X-Robots-Tag"] == "noindex"


# --- Suggestion, relaxed results, nothing found -------------------------------------------------


def test_did_you_mean_links_to_the_corrected_query(site_client, search_page, stand_in):
    stand_in(results=SearchResults(query=None, total=0, hits=[], suggestion="listetak"))
    tree = parse(site_client.get(SEARCH_URL, {"q": "listetk", "type": "guidance"}))
    (paragraph,) = tree.xpath("//p[contains(@class,'search-suggestion')]")
    assert " ".join(paragraph.text_content().split()) == "Mente du listetak?"
    assert paragraph.xpath("a/@href") == ["?q=listetak&type=guidance"]


def test_a_misspelling_that_finds_nothing_shows_the_corrected_results(site_client, search_page, listetak_pages):
    tree = parse(site_client.get(SEARCH_URL, {"q": "listetk"}))
    assert texts(tree, "//div[contains(@class,'search-notice')]") == [
        "Ingen treff på «listetk». Viser treff for «listetak»."
    ]
    assert "Listetak for fastleger" in result_titles(tree)
    assert texts(tree, "//h2[@id='results-heading']")[0].endswith("treff for «listetak»")
    assert not tree.xpath("//p[contains(@class,'search-suggestion')]")
    # The form keeps what the visitor typed.
    assert tree.xpath("//input[@id='search-q']/@value") == ["listetk"]


def test_relaxed_results_say_not_every_word_was_found(site_client, search_page, stand_in):
    stand_in(results=SearchResults(query=None, total=1, hits=[hit(1, "Listetak")], relaxed=True))
    tree = parse(site_client.get(SEARCH_URL, {"q": "listetak marsvin"}))
    assert texts(tree, "//div[contains(@class,'search-notice')]") == [
        "Ingen sider hadde alle ordene; her er sider med noen av dem."
    ]


def test_relaxed_results_with_the_real_engine(site_client, search_page, listetak_pages):
    tree = parse(site_client.get(SEARCH_URL, {"q": "listetak marsvin"}))
    assert result_titles(tree)
    assert tree.xpath("//div[contains(@class,'search-notice')]")


def test_no_results_helps_the_visitor_on(site_client, search_page, listetak_pages):
    from core.models import NavigationSettings

    navigation = NavigationSettings.for_site(search_page.get_site())
    navigation.header_links = [{"type": "link", "value": {"page": search_page.pk, "url": "", "text": "Finn fram"}}]
    navigation.save()

    response = site_client.get(SEARCH_URL, {"q": "qqqzzzxxx"})
    assert response.status_code == 200
    tree = parse(response)
    assert texts(tree, "//h2[@id='results-heading']") == ["Ingen treff for «qqqzzzxxx»"]
    help_items = texts(tree, "//div[contains(@class,'search-help')]//li")
    assert "Sjekk stavemåten." in help_items
    assert "Bruk færre ord, eller mer generelle ord." in help_items
    sections = tree.xpath("//nav[contains(@class,'search-sections')]//a")
    assert [(a.get("href"), a.text) for a in sections] == [(SEARCH_URL, "Finn fram"), ("/", "Gå til forsiden")]
    assert not tree.xpath("//ol[contains(@class,'search-hits')]")


# --- Hostile input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x" * 10_000},
        {"q": "listetak\x00\x1b[31m"},
        {"q": '"""---"""'},
        {"q": "listetak", "page": "9" * 40},
        {"q": "listetak", "type": ["guidance"] * 500},
        {"q": "listetak", "year": "1" * 100},
        {"q": "listetak", "topic": "<script>" * 100},
        {"q": "listetak", "language": "nb\x00"},
        {"q": ["listetak", "tak"]},
        {"q": "AND OR NOT NEAR( * ^ : {}"},
        {"q": "' OR 1=1 --"},
    ],
)
def test_hostile_parameters_never_fail(site_client, search_page, listetak_pages, params):
    response = site_client.get(SEARCH_URL, params)
    assert response.status_code in (200, 302)
    assert response["X-Robots-Tag"] == "noindex"
    if response.status_code == 200:
        body = response.content.decode()
        assert "<script><script>" not in body


def test_post_is_not_allowed(site_client, search_page):
    response = site_client.post(SEARCH_URL, {"q": "listetak"})
    assert response.status_code == 405
    assert response["X-Robots-Tag"] == "noindex"


# --- The engine is down ----------------------------------------------------------------------


def test_unavailable_engine_gives_a_clear_503(site_client, search_page, stand_in, caplog):
    stand_in(error=SearchUnavailable("connection refused"))
    with caplog.at_level(logging.WARNING, logger="search.views"):
        response = site_client.get(SEARCH_URL, {"q": "listetak"})

    assert response.status_code == 503
    assert response["Retry-After"].isdigit()
    assert response["X-Robots-Tag"] == "noindex"
    tree = parse(response)
    assert texts(tree, "//div[@role='alert']") == ["Søket er midlertidig utilgjengelig. Prøv igjen om litt."]
    assert len(tree.xpath("//h1")) == 1
    assert tree.xpath("//main//form[@role='search']//input[@name='q']/@value") == ["listetak"]
    assert tree.xpath("//meta[@name='robots']/@content") == ["noindex"]
    assert any(record.levelno == logging.WARNING for record in caplog.records)


def test_unavailable_engine_in_autocomplete_gives_503_json(site_client, search_page, stand_in):
    stand_in(error=SearchUnavailable("timeout"))
    response = site_client.get(SEARCH_URL + "forslag/", {"q": "listetak"})
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response["X-Robots-Tag"] == "noindex"
    assert json.loads(response.content) == {"error": "Søket er midlertidig utilgjengelig. Prøv igjen om litt."}


# --- Autocomplete -----------------------------------------------------------------------------


def test_autocomplete_gives_titles_as_json(site_client, search_page, search_index):
    search_index.index(
        [IndexDocumentFactory(page_id=400 + n, title=f"Fastlege nummer {n}", body="tekst") for n in range(12)]
    )
    search_index.index(
        [IndexDocumentFactory(page_id=450, title="Rapport om fastleger", content_type="report", body="tekst")]
    )
    response = site_client.get(SEARCH_URL + "forslag/", {"q": "fastl"}, HTTP_USER_AGENT=BROWSER)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "public, max-age=60"
    assert response["X-Robots-Tag"] == "noindex"
    data = json.loads(response.content)
    assert data["query"] == "fastl"
    assert 1 <= len(data["results"]) <= 8
    for entry in data["results"]:
        assert set(entry) == {"title", "url", "type"}
        assert entry["url"].startswith("/")
    assert {entry["type"] for entry in data["results"]} <= {"Veiledning", "Rapport"}


def test_autocomplete_needs_two_characters(site_client, search_page, stand_in):
    backend = stand_in(completions=[Completion("Fastlege", "/fastlege/", "guidance")])
    for q in ("", "f", " f ", "\x00f"):
        data = json.loads(site_client.get(SEARCH_URL + "forslag/", {"q": q}).content)
        assert data["results"] == []
    assert backend.prefixes == []
    data = json.loads(site_client.get(SEARCH_URL + "forslag/", {"q": "fa"}).content)
    assert data == {"query": "fa", "results": [{"title": "Fastlege", "url": "/fastlege/", "type": "Veiledning"}]}
    assert backend.prefixes == [("fa", 8)]


def test_autocomplete_never_gives_more_than_eight(site_client, search_page, stand_in):
    stand_in(completions=[Completion(f"Side {n}", f"/side-{n}/", "guidance") for n in range(20)])
    data = json.loads(site_client.get(SEARCH_URL + "forslag/", {"q": "side"}).content)
    assert len(data["results"]) == 8


@pytest.mark.parametrize("q", ["x" * 5000, "\x00\x01\x02ab", '"*^()', "fast' OR 1=1 --", "ø" * 300, "NEAR(a b)"])
def test_autocomplete_survives_hostile_input(site_client, search_page, listetak_pages, q):
    response = site_client.get(SEARCH_URL + "forslag/", {"q": q})
    assert response.status_code == 200
    data = json.loads(response.content)
    assert len(data["query"]) <= 200
    assert isinstance(data["results"], list)


# --- The header's search box -----------------------------------------------------------------


def test_every_page_has_a_search_box_that_works_without_javascript(site_client, search_page, home_page):
    tree = parse(site_client.get("/"))
    (form,) = tree.xpath("//header//form[@role='search']")
    assert form.get("method") == "get" and form.get("action") == SEARCH_URL
    (field,) = form.xpath(".//input[@name='q']")
    assert form.xpath(f".//label[@for='{field.get('id')}']")
    assert form.xpath(".//button[@type='submit']")
    assert tree.xpath("//script[contains(@src,'search/autocomplete.js')]/@defer") == ["defer"]


def test_the_search_page_has_one_search_form(site_client, search_page, listetak_pages):
    tree = parse(site_client.get(SEARCH_URL, {"q": "listetak"}))
    assert len(tree.xpath("//form[@role='search']")) == 1


def test_no_search_box_without_a_search_page(site_client, home_page):
    tree = parse(site_client.get("/"))
    assert not tree.xpath("//form[@role='search']")


# --- Database queries ---------------------------------------------------------------------------


def test_query_count_does_not_grow_with_the_hits(site_client, search_page, search_index, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def index_pages(count: int) -> None:
        search_index.clear()
        search_index.index(
            [
                IndexDocumentFactory(page_id=2000 + n, title=f"Veileder {n}", body="Om fastlegeordningen.")
                for n in range(count)
            ]
        )
        site_client.get(SEARCH_URL, {"q": "fastlegeordningen"}, HTTP_USER_AGENT=BROWSER)  # warm the caches

    index_pages(3)
    with CaptureQueriesContext(connection) as three:
        response = site_client.get(SEARCH_URL, {"q": "fastlegeordningen"}, HTTP_USER_AGENT=BROWSER)
    # Read the count now: the next request's request_started signal empties the query log.
    queries_for_three = len(three)
    assert len(result_titles(parse(response))) == 3
    assert queries_for_three <= 13, "\n".join(query["sql"][:200] for query in three.captured_queries)

    index_pages(10)
    with django_assert_max_num_queries(queries_for_three):
        response = site_client.get(SEARCH_URL, {"q": "fastlegeordningen"}, HTTP_USER_AGENT=BROWSER)
    assert len(result_titles(parse(response))) == 10


# --- Abuse limits -------------------------------------------------------------------------------


@override_settings(SEARCH_REQUESTS_PER_IP_PER_MINUTE=2)
def test_a_flood_of_searches_from_one_address_gets_429(site_client, search_page, listetak_pages):
    for _ in range(2):
        assert site_client.get(SEARCH_URL, {"q": "listetak"}).status_code == 200
    response = site_client.get(SEARCH_URL, {"q": "listetak"})
    assert response.status_code == 429
    assert response["Retry-After"] == "60" and response["X-Robots-Tag"] == "noindex"
    assert "Du har søkt svært mange ganger på kort tid" in response.content.decode()
    # Another address is not affected, and the empty form costs nothing.
    assert site_client.get(SEARCH_URL, {"q": "listetak"}, REMOTE_ADDR="192.0.2.7").status_code == 200
    assert site_client.get(SEARCH_URL).status_code == 200


@override_settings(SEARCH_COMPLETIONS_PER_IP_PER_MINUTE=3)
def test_a_flood_of_autocomplete_requests_gets_429_json(site_client, search_page, listetak_pages):
    url = f"{SEARCH_URL}forslag/"
    for _ in range(3):
        assert site_client.get(url, {"q": "list"}).status_code == 200
    response = site_client.get(url, {"q": "list"})
    assert response.status_code == 429
    assert response.json() == {"error": "For mange søk. Vent et minutt."}
