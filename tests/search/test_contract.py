"""The search contract, run against every configured backend (see conftest.backend).

Each test states one promise of search/contract.py or of the issue ("får" never
matches "far", a compound is found by its part, facet counts ignore their own filter, …)
in terms a visitor would notice, without knowing which engine answers.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta

import pytest

from search.contract import Completion, SearchQuery, SearchResults
from tests.search.needs import needs_dictionary


def search(backend, text: str, **options) -> SearchResults:
    return backend.search(SearchQuery(text=text, **options))


def found_keys(backend, text: str, **options) -> list[str]:
    return [hit.key for hit in search(backend, text, per_page=50, **options).hits]


def counts(results: SearchResults, facet: str) -> dict[str, int]:
    return {value.value: value.count for value in results.facets[facet]}


def selected(results: SearchResults, facet: str) -> set[str]:
    return {value.value for value in results.facets[facet] if value.selected}


def without_marks(markup: str) -> str:
    return markup.replace("<mark>", "").replace("</mark>", "")


def marked_words(markup: str) -> list[str]:
    return re.findall(r"<mark>(.*?)</mark>", markup)


# --- Writing: index, upsert, delete, count, clear ------------------------------------------


def test_index_returns_how_many_were_written_and_count_agrees(backend, make_document):
    written = backend.index([make_document(), make_document(), make_document()])

    assert written == 3
    assert backend.count() == 3


def test_indexing_a_key_again_replaces_the_document(backend, make_document):
    backend.index([make_document(page_id=7, title="Timebestilling", body="Slik bestiller du time hos legekontoret.")])
    backend.index([make_document(page_id=7, title="Reseptfornyelse", body="Slik fornyer du en resept.")])

    assert backend.count() == 1
    assert found_keys(backend, "timebestilling") == []
    assert found_keys(backend, "reseptfornyelse") == ["page:7"]


def test_delete_removes_documents_and_ignores_unknown_keys(backend, make_document):
    backend.index([make_document(page_id=1, title="Listetak"), make_document(page_id=2, title="Listetak i Bodø")])

    backend.delete(["page:1", "page:404"])

    assert backend.count() == 1
    assert found_keys(backend, "listetak") == ["page:2"]


def test_clear_empties_the_index(backend, make_document):
    backend.index([make_document(title="Listetak")])

    backend.clear()

    assert backend.count() == 0
    assert search(backend, "listetak").total == 0


def test_an_empty_index_answers(backend):
    backend.ping()
    results = search(backend, "fastlege")

    assert results.total == 0
    assert results.hits == []
    assert backend.autocomplete("fast") == []


def test_a_hit_carries_the_document_it_came_from(backend, make_document):
    changed = datetime(2025, 5, 2, 10, 30, tzinfo=UTC)
    backend.index(
        [
            make_document(
                page_id=42,
                url="/rapporter/arsrapport-2025/rekruttering/",
                title="Rekruttering",
                content_type="chapter",
                language="nb",
                body="Rekrutteringen til distriktene har bedret seg.",
                breadcrumbs=("Årsrapport 2025",),
                last_substantive_change=changed,
            )
        ]
    )

    [hit] = search(backend, "rekruttering").hits

    assert (hit.key, hit.page_id, hit.url) == ("page:42", 42, "/rapporter/arsrapport-2025/rekruttering/")
    assert (hit.title, hit.content_type, hit.language) == ("Rekruttering", "chapter", "nb")
    assert hit.breadcrumbs == ("Årsrapport 2025",)
    assert hit.display_date == changed


# --- Norwegian (and English) analysis --------------------------------------------------------


def test_inflected_forms_are_found_by_the_base_form(index_pages, make_document):
    backend = index_pages(
        make_document(page_id=1, title="Bytte av fastlegen", body="Du kan bytte fastlegen to ganger i året."),
        make_document(page_id=2, title="Fastlegene i Nord-Norge", body="Fastlegene har lange lister."),
    )

    assert sorted(found_keys(backend, "fastlege")) == ["page:1", "page:2"]
    assert sorted(found_keys(backend, "fastlegene")) == ["page:1", "page:2"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [("får", ["page:1"]), ("far", ["page:2"]), ("Får", ["page:1"]), ("FAR", ["page:2"])],
)
def test_a_and_aa_are_different_letters(index_pages, make_document, query, expected):
    backend = index_pages(
        make_document(page_id=1, title="Svar på søknaden", body="Du får svar innen tre uker."),
        make_document(page_id=2, title="Foreldre", body="Far og mor kan begge følge barnet til timen."),
    )

    assert found_keys(backend, query) == expected


@needs_dictionary
def test_a_compound_is_found_by_its_part(index_pages, make_document):
    backend = index_pages(
        make_document(page_id=1, title="Evaluering", body="Evalueringen av fastlegeordningen kom i 2023."),
    )

    assert found_keys(backend, "lege") == ["page:1"]
    assert found_keys(backend, "ordning") == ["page:1"]


def test_a_nynorsk_page_is_found_by_its_own_forms(index_pages, make_document):
    backend = index_pages(
        make_document(
            page_id=1,
            language="nn",
            title="Vilkår for legane",
            body="Legane i kommunane får betre vilkår. Ordninga gjeld frå 2024.",
        ),
    )

    assert found_keys(backend, "legane") == ["page:1"]
    assert found_keys(backend, "ordninga") == ["page:1"]
    assert found_keys(backend, "ordning") == ["page:1"]


def test_english_words_are_found_by_their_english_inflections(index_pages, make_document):
    backend = index_pages(
        make_document(
            page_id=1,
            language="en",
            title="Reports on general practice",
            body="The reports describe how doctors organise their patient lists.",
        ),
    )

    assert found_keys(backend, "report") == ["page:1"]
    assert found_keys(backend, "doctor") == ["page:1"]
    assert found_keys(backend, "describing") == ["page:1"]


# --- Ranking -------------------------------------------------------------------------------------


def test_ranking_follows_the_fields_title_headings_summary_body_attachments(index_pages, make_document):
    filler = "Teksten handler om noe annet enn det du søkte etter."
    backend = index_pages(
        make_document(page_id=5, title="Vedlegg", body=filler, attachments="Listetak i vedlegget."),
        make_document(page_id=4, title="Brødtekst", body=f"{filler} Listetak i teksten."),
        make_document(page_id=3, title="Sammendrag", body=filler, summary="Listetak i sammendraget."),
        make_document(page_id=2, title="Overskrift", body=filler, headings=("Listetak i overskriften",)),
        make_document(page_id=1, title="Listetak", body=filler),
    )

    assert found_keys(backend, "listetak") == ["page:1", "page:2", "page:3", "page:4", "page:5"]


def test_an_exact_title_match_ranks_above_an_inflected_one(index_pages, make_document):
    backend = index_pages(
        make_document(page_id=1, title="Fastlegene", body="Om ordningen."),
        make_document(page_id=2, title="Fastlegen", body="Om ordningen."),
    )

    assert found_keys(backend, "fastlegen") == ["page:2", "page:1"]


def test_recency_breaks_a_tie(index_pages, make_document):
    now = datetime.now(UTC)
    text = {"title": "Listetak", "body": "Listetaket kan endres ved å søke kommunen."}
    backend = index_pages(
        make_document(page_id=1, last_substantive_change=now - timedelta(days=5 * 365), **text),
        make_document(page_id=2, last_substantive_change=now - timedelta(days=30), **text),
    )

    assert found_keys(backend, "listetak") == ["page:2", "page:1"]


def test_recency_never_beats_a_clearly_better_text_match(index_pages, make_document):
    now = datetime.now(UTC)
    backend = index_pages(
        make_document(
            page_id=1,
            title="Listetak",
            body="Slik endrer du listen.",
            last_substantive_change=now - timedelta(days=3000),
        ),
        make_document(
            page_id=2,
            title="Nytt fra sekretariatet",
            body="Mange spør om listetak.",
            last_substantive_change=now - timedelta(days=1),
        ),
    )

    assert found_keys(backend, "listetak") == ["page:1", "page:2"]


# --- Query syntax: phrases, exclusions, relaxed fallback ----------------------------------------


def test_a_phrase_matches_only_adjacent_words(index_pages, make_document):
    backend = index_pages(
        make_document(page_id=1, title="Alle har rett", body="Alle innbyggere har rett til en fast lege."),
        make_document(page_id=2, title="Ansettelse", body="En lege som er fast ansatt i kommunen."),
    )

    assert found_keys(backend, '"fast lege"') == ["page:1"]
    assert sorted(found_keys(backend, "fast lege")) == ["page:1", "page:2"]


def test_a_chapter_is_found_by_its_reports_title(index_pages, make_document):
    backend = index_pages(
        make_document(page_id=1, title="Evaluering 2023", content_type="report", body="Om evalueringen."),
        make_document(
            page_id=2,
            title="Rekruttering",
            content_type="chapter",
            breadcrumbs=("Evaluering 2023",),
            body="Kommunene melder om færre søkere.",
        ),
        make_document(page_id=3, title="Rekruttering i distriktene", body="Kommunene rekrutterer leger."),
    )

    # The chapter has both words (one through its report's title); pages with one follow it.
    assert found_keys(backend, "evaluering rekruttering")[0] == "page:2"
    assert found_keys(backend, "evaluering")[0] == "page:1", "the report itself ranks above its chapters"
    assert "page:2" not in found_keys(backend, "rekruttering -evaluering")


def test_a_hyphenated_word_matches_its_parts_with_their_inflections(index_pages, make_document):
    backend = index_pages(
        make_document(page_id=1, title="Avtaler", body="Kommunen inngår ALIS-avtaler med legene."),
        make_document(page_id=2, title="Tilskudd", body="Avtalene gir tilskudd til ALIS."),
    )

    assert sorted(found_keys(backend, "ALIS-avtalene")) == ["page:1", "page:2"]
    assert found_keys(backend, '"ALIS-avtaler"') == ["page:1"], "in quotes it is the exact text"


def test_excluded_words_and_phrases_remove_documents(index_pages, make_document):
    backend = index_pages(
        make_document(page_id=1, title="Legevakt", body="Fastlege og legevakt samarbeider."),
        make_document(page_id=2, title="Sykehus", body="Fastlege og sykehus samarbeider om fast oppfølging."),
    )

    assert found_keys(backend, "fastlege -sykehus") == ["page:1"]
    assert found_keys(backend, "fastlege -sykehusene") == ["page:1"], "an inflected exclusion excludes by stem"
    assert found_keys(backend, 'fastlege -"fast oppfølging"') == ["page:1"]
    assert found_keys(backend, "-fastlege") == [], "only exclusions find nothing"


def test_when_no_page_has_every_word_pages_with_some_are_shown(index_pages, make_document):
    backend = index_pages(
        make_document(page_id=1, title="Fastlege i Bodø", body="Ledige hjemler i Bodø."),
        make_document(page_id=2, title="Sykehus i Tromsø", body="Utvidet drift i Tromsø."),
    )

    strict = search(backend, "fastlege bodø")
    relaxed = search(backend, "fastlege tromsø")

    # Fewer than a page has every word: those come first, then pages with some of them.
    assert strict.hits[0].key == "page:1"
    assert strict.total > 1
    assert strict.relaxed is False
    assert relaxed.relaxed is True
    assert sorted(hit.key for hit in relaxed.hits) == ["page:1", "page:2"]


def test_pages_with_more_of_the_words_come_first_when_few_have_all(index_pages, make_document):
    backend = index_pages(
        make_document(page_id=1, title="Legevakt", body="Legevakt om natten. " * 20),
        make_document(page_id=2, title="Legevakt i distriktene", body="Lange avstander og samarbeid."),
        make_document(page_id=3, title="Samarbeid", body="Legevakt og samarbeid i distriktene."),
    )

    assert found_keys(backend, "legevakt samarbeid distriktene")[:2] in (["page:2", "page:3"], ["page:3", "page:2"])
    assert found_keys(backend, "legevakt samarbeid distriktene")[2] == "page:1"


def test_stop_words_do_not_have_to_match(index_pages, make_document):
    backend = index_pages(make_document(page_id=1, title="Referansegruppen", body="Gruppen gir råd til programmet."))

    results = search(backend, "hva gjør referansegruppen")

    assert [hit.key for hit in results.hits] == ["page:1"]
    assert results.relaxed is False


# --- Filters and facets ---------------------------------------------------------------------


@pytest.fixture
def grant_pages(index_pages, make_document):
    """Four pages about the grant ("tilskudd"), of different types, languages, topics and years."""
    return index_pages(
        make_document(
            page_id=1, content_type="guidance", language="nb", topics=("Rekruttering",), year=2024, title="Tilskudd"
        ),
        make_document(
            page_id=2, content_type="guidance", language="nn", topics=("Økonomi",), year=2023, title="Tilskudd i år"
        ),
        make_document(
            page_id=3,
            content_type="report",
            language="nb",
            topics=("Rekruttering", "Økonomi"),
            year=2024,
            title="Rapport om tilskudd",
        ),
        make_document(
            page_id=4, content_type="campaign", language="en", topics=("Rekruttering",), year=2022, title="Tilskudd"
        ),
    )


def test_a_filter_narrows_and_values_of_one_facet_are_ored(grant_pages):
    assert sorted(found_keys(grant_pages, "tilskudd", types=("guidance",))) == ["page:1", "page:2"]
    assert sorted(found_keys(grant_pages, "tilskudd", types=("guidance", "report"))) == ["page:1", "page:2", "page:3"]
    assert sorted(found_keys(grant_pages, "tilskudd", topics=("Økonomi",))) == ["page:2", "page:3"]
    assert sorted(found_keys(grant_pages, "tilskudd", years=(2024,))) == ["page:1", "page:3"]


def test_filters_of_different_facets_are_anded(grant_pages):
    assert found_keys(grant_pages, "tilskudd", types=("guidance",), languages=("nb",)) == ["page:1"]
    assert found_keys(grant_pages, "tilskudd", topics=("Rekruttering",), years=(2022,)) == ["page:4"]


def test_facet_counts_without_filters(grant_pages):
    results = search(grant_pages, "tilskudd")

    assert results.total == 4
    assert counts(results, "type") == {"guidance": 2, "report": 1, "campaign": 1}
    assert counts(results, "topic") == {"Rekruttering": 3, "Økonomi": 2}
    assert counts(results, "language") == {"nb": 2, "nn": 1, "en": 1}
    assert counts(results, "year") == {"2024": 2, "2023": 1, "2022": 1}
    assert all(not value.selected for values in results.facets.values() for value in values)


def test_each_facet_ignores_its_own_filter_and_respects_the_others(grant_pages):
    results = search(grant_pages, "tilskudd", types=("guidance",))

    assert results.total == 2
    assert counts(results, "type") == {"guidance": 2, "report": 1, "campaign": 1}, "own filter ignored"
    assert selected(results, "type") == {"guidance"}
    assert counts(results, "language") == {"nb": 1, "nn": 1}, "the type filter applies"
    assert counts(results, "topic") == {"Rekruttering": 1, "Økonomi": 1}
    assert counts(results, "year") == {"2024": 1, "2023": 1}

    by_year = search(grant_pages, "tilskudd", years=(2024,), languages=("nb",))
    assert counts(by_year, "year") == {"2024": 2}, "the year facet ignores the year filter, not the language one"
    assert counts(by_year, "language") == {"nb": 2}
    assert selected(by_year, "year") == {"2024"}
    assert selected(by_year, "language") == {"nb"}


# --- Highlights --------------------------------------------------------------------------------


def test_matches_are_marked_in_the_title_and_snippet_including_inflections(index_pages, make_document):
    backend = index_pages(
        make_document(
            page_id=1,
            title="Fastlegen din",
            summary="Om å bytte lege.",
            body="Når du flytter, kan du beholde fastlegen eller velge en ny fastlege i den nye kommunen.",
        )
    )

    [hit] = search(backend, "fastlege").hits

    assert marked_words(hit.title_highlighted) == ["Fastlegen"]
    assert {word.lower() for word in marked_words(hit.snippet)} >= {"fastlegen", "fastlege"}
    assert "beholde" in hit.snippet


def test_html_in_documents_is_escaped(index_pages, make_document):
    backend = index_pages(
        make_document(
            page_id=1,
            title='Listetak <script>alert("x")</script>',
            body="Listetak & <b>fet</b> tekst <img src=x onerror=alert(1)>.",
        )
    )

    [hit] = search(backend, "listetak").hits

    for markup in (hit.title_highlighted, hit.snippet):
        assert "<" not in without_marks(markup), markup
        assert "listetak" in html.unescape(without_marks(markup)).lower()
    assert "&lt;script&gt;" in hit.title_highlighted
    assert "&amp;" in hit.snippet and "&lt;b&gt;fet&lt;/b&gt;" in hit.snippet


def test_the_snippet_shows_the_passage_around_the_match(index_pages, make_document):
    opening = " ".join(["Innledende tekst om programmet og historien."] * 20)
    closing = " ".join(["Avsluttende merknader om andre ting."] * 20)
    backend = index_pages(
        make_document(page_id=1, title="Lang side", body=f"{opening} Her står det om listetak for fastleger. {closing}")
    )

    [hit] = search(backend, "listetak").hits

    assert marked_words(hit.snippet) == ["listetak"]
    assert len(without_marks(hit.snippet).split()) <= 60


# --- Pagination ----------------------------------------------------------------------------------


def test_pages_of_results_are_disjoint_and_total_is_the_full_count(index_pages, make_document):
    backend = index_pages(
        *(make_document(page_id=number, title=f"Veileder {number}", body="En veileder.") for number in range(1, 26))
    )

    pages = [search(backend, "veileder", page=page, per_page=10) for page in (1, 2, 3)]

    assert [len(page.hits) for page in pages] == [10, 10, 5]
    assert {page.total for page in pages} == {25}
    keys = [hit.key for page in pages for hit in page.hits]
    assert len(set(keys)) == 25
    assert search(backend, "veileder", page=4, per_page=10).hits == []


# --- "Did you mean" ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "suggested"),
    [("fastlegordningen", "fastlegeordningen"), ("refransegruppen", "referansegruppen")],
)
def test_a_misspelling_gets_a_suggestion(index_pages, make_document, typed, suggested):
    backend = index_pages(
        make_document(page_id=1, title="Fastlegeordningen", body="Fastlegeordningen ble innført i 2001."),
        make_document(page_id=2, title="Referansegruppen", body="Referansegruppen møtes fire ganger i året."),
    )

    results = search(backend, typed)

    assert results.suggestion == suggested
    assert search(backend, suggested).total >= 1


def test_a_suggestion_keeps_the_rest_of_the_query(index_pages, make_document):
    backend = index_pages(
        make_document(page_id=1, title="Referansegruppen", body="Referansegruppen møtes fire ganger i året."),
    )

    assert search(backend, "møter i refransegruppen").suggestion == "møter i referansegruppen"


def test_a_query_that_finds_pages_gets_no_suggestion(index_pages, make_document):
    backend = index_pages(make_document(page_id=1, title="Referansegruppen", body="Referansegruppen gir råd."))

    assert search(backend, "referansegruppen").suggestion is None


# --- Autocomplete --------------------------------------------------------------------------------


def test_autocomplete_offers_titles_with_a_word_starting_with_the_prefix(index_pages, make_document):
    backend = index_pages(
        make_document(page_id=1, title="Fastlegeordningen", url="/fastlegeordningen/"),
        make_document(page_id=2, title="Bli fastlege i nord", url="/bli-fastlege/", content_type="campaign"),
        make_document(page_id=3, title="Om listetak", url="/listetak/"),
    )

    completions = backend.autocomplete("fastl")

    assert {completion.url for completion in completions} == {"/fastlegeordningen/", "/bli-fastlege/"}
    assert completions[0] == Completion(title="Fastlegeordningen", url="/fastlegeordningen/", content_type="guidance")
    assert [completion.url for completion in backend.autocomplete("list")] == ["/listetak/"]
    assert len(backend.autocomplete("fastl", limit=1)) == 1


# --- Synonyms ----------------------------------------------------------------------------------


def test_synonyms_expand_a_word_to_its_group(index_pages, make_document):
    backend = index_pages(make_document(page_id=1, title="Fastlegen din", body="Fastlegen følger deg opp."))
    assert found_keys(backend, "allmennlege") == [], "no synonyms yet"

    backend.set_synonyms([("fastlege", "allmennlege", "GP")])

    assert found_keys(backend, "allmennlege") == ["page:1"]
    assert found_keys(backend, "GP") == ["page:1"]

    backend.set_synonyms([])
    assert found_keys(backend, "allmennlege") == []


def test_a_multiword_synonym_expands_too(index_pages, make_document):
    backend = index_pages(make_document(page_id=1, title="Fastlegen din", body="Fastlegen følger deg opp."))

    backend.set_synonyms([("allmennpraktiserende lege", "fastlege")])

    assert found_keys(backend, "allmennpraktiserende lege") == ["page:1"]


# --- Rebuild ---------------------------------------------------------------------------------


def test_rebuild_replaces_the_content_and_keeps_the_synonyms(backend, make_document):
    backend.index([make_document(page_id=1, title="Gammelt innhold", body="Utdatert veiledning.")])
    backend.set_synonyms([("fastlege", "allmennlege")])
    reported: list[int] = []

    written = backend.rebuild(
        [
            make_document(page_id=2, title="Fastlegen din", body="Ny veiledning."),
            make_document(page_id=3, title="Listetak", body="Ny veiledning."),
        ],
        progress=reported.append,
    )

    assert written == 2
    assert backend.count() == 2
    assert sum(reported) == 2
    assert found_keys(backend, "utdatert") == []
    assert sorted(found_keys(backend, "veiledning")) == ["page:2", "page:3"]
    assert found_keys(backend, "allmennlege") == ["page:2"]


# --- Hostile input ---------------------------------------------------------------------------

HOSTILE = [
    '"',
    '""',
    '"unclosed phrase',
    "NEAR(fastlege sykehus)",
    "fastlege AND OR NOT",
    "*",
    "fast*",
    "^fastlege",
    "(((",
    ")",
    "title:fastlege",
    "{title body}: fastlege",
    "fastlege\x00sykehus",
    "\x00",
    "x" * 10_000,
    "fastlege " * 2_000,
    "å" * 5_000,
    "-",
    "- - -",
    "🙂 fastlege",
    "'; DROP TABLE documents; --",
    "\\",
    "%_",
    "a\u030a",  # å as a plus combining ring
    "ﬁ İstanbul ß",
    "<script>alert(1)</script>",
    "",
    "   ",
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_input_never_raises(index_pages, make_document, text):
    backend = index_pages(make_document(page_id=1, title="Fastlegen", body="Fastlegen og sykehuset."))
    before = backend.count()

    results = search(backend, text)
    filtered = search(backend, text, types=(text[:50],), topics=(text[:50],))
    completions = backend.autocomplete(text)

    assert results.total >= 0 and filtered.total >= 0
    assert isinstance(completions, list)
    assert backend.count() == before
    for hit in results.hits:
        assert "<" not in without_marks(hit.snippet)
