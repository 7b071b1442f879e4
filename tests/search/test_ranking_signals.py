"""The ranking signals of search.ranking, each shown on the embedded backend with pages
built for it: a long page with the exact word against short pages with a variant,
acronyms matched whole, hyphenated words kept together, the visitor's language first,
ø/æ/å folding as a fallback, compounds split by the dictionary only, and snippets that
show the passage that matched wherever it is."""

from __future__ import annotations

import itertools
import re

import pytest

from search.backends.embedded import EmbeddedBackend
from search.contract import SearchQuery
from search.factories import IndexDocumentFactory
from tests.search.needs import needs_dictionary

# Plain programme prose, none of it a query word below, to make long pages long.
_FILLER = (
    "Kommunene har ansvar for å sørge for nok leger i sine tjenester. Tiltakene i planen skal "
    "styrke rekruttering og stabilitet over tid, og de skal følges opp med tall hvert år. "
    "Helsedirektoratet samler erfaringer fra prosjektene og deler dem med sektoren. "
    "Mange kommuner har lagt om organiseringen av kontorene sine de siste årene. "
    "Det gjelder særlig små kommuner med lange reiseavstander og få innbyggere."
)


def long_text(paragraphs: int, insert: str = "", every: int = 0) -> str:
    parts = []
    for number in range(paragraphs):
        parts.append(_FILLER)
        if every and number % every == every - 1:
            parts.append(insert)
    return "\n\n".join(parts)


@pytest.fixture
def embedded(tmp_path):
    engine = EmbeddedBackend(tmp_path / "index.sqlite3")
    yield engine
    engine.close()


def keys(engine: EmbeddedBackend, text: str, **query) -> list[str]:
    return [hit.key for hit in engine.search(SearchQuery(text=text, **query)).hits]


def others(count: int = 5) -> list:
    return [IndexDocumentFactory(title=f"Annet tema {n}", body=long_text(1)) for n in range(count)]


def test_a_long_page_with_the_exact_word_ranks_above_short_pages_with_a_variant(embedded):
    sentence = "Referansegruppen møttes fire ganger og ga råd om prioriteringene."
    embedded.index(
        [
            IndexDocumentFactory(
                page_id=1, title="Årsrapport for programmet", body=long_text(40, sentence, every=12), language="nb"
            ),
            IndexDocumentFactory(page_id=2, title="Om referansegruppa", body="Kort om gruppa.", language="nb"),
            IndexDocumentFactory(page_id=3, title="Referansegrupper i kommunene", body="Kort tekst.", language="nb"),
            *others(),
        ]
    )

    assert keys(embedded, "referansegruppen")[0] == "page:1"
    # The variants are still found, after it.
    assert set(keys(embedded, "referansegruppen")[1:3]) == {"page:2", "page:3"}


@needs_dictionary
def test_an_acronym_matches_whole_words_only(embedded):
    embedded.index(
        [
            IndexDocumentFactory(page_id=1, title="ALIS-avtaler", body="Om ALIS i kommunene."),
            IndexDocumentFactory(page_id=2, title="Spesialister", body="Spesialisering i allmennmedisin."),
            IndexDocumentFactory(page_id=3, title="Specialising", body="Specialist training for GPs.", language="en"),
            IndexDocumentFactory(page_id=4, title="Spesialistutdanning", body="Spesialistene og kurs."),
            *others(),
        ]
    )

    for text in ("ALIS", "alis"):
        results = embedded.search(SearchQuery(text=text))
        assert [hit.key for hit in results.hits] == ["page:1"], text
        for hit in results.hits:
            assert re.findall(r"<mark>(.*?)</mark>", hit.snippet) == ["ALIS"]


def test_an_acronym_written_in_capitals_in_the_pages_is_learned(embedded):
    """'KUPPS' is no known acronym and no dictionary word: the pages writing it in capitals teach the index."""
    embedded.index(
        [
            IndexDocumentFactory(page_id=1, title="Om KUPPS", body="KUPPS er en ordning."),
            IndexDocumentFactory(page_id=2, title="Kuppsalg", body="Noe annet."),
            *others(),
        ]
    )
    assert keys(embedded, "kupps") == ["page:1"]


def test_a_hyphenated_query_ranks_the_words_together_first(embedded):
    embedded.index(
        [
            IndexDocumentFactory(
                page_id=1,
                title="Kontorfellesskap",
                summary="Om kontor og lokaler.",
                body="Kommunen eier kontor. " * 3 + long_text(2) + " ALIS nevnes her i en annen sammenheng.",
            ),
            IndexDocumentFactory(page_id=2, title="Tilskudd", body=long_text(2) + " Et ALIS-kontor i hver region."),
            *others(),
        ]
    )

    assert keys(embedded, "ALIS-kontor")[0] == "page:2"


@pytest.mark.parametrize(("visitor", "first"), [("nb", "page:1"), ("nn", "page:2"), ("en", "page:3")])
def test_pages_in_the_visitors_language_come_first_for_the_same_match(embedded, visitor, first):
    embedded.index(
        [
            IndexDocumentFactory(page_id=1, title="Ordningen", body="Om fastlege og liste.", language="nb"),
            IndexDocumentFactory(page_id=2, title="Ordninga", body="Om fastlege og liste.", language="nn"),
            IndexDocumentFactory(page_id=3, title="The scheme", body="About fastlege and list.", language="en"),
            *others(),
        ]
    )

    found = keys(embedded, "fastlege", prefer_language=visitor)
    assert found[0] == first
    assert set(found) == {"page:1", "page:2", "page:3"}  # a preference, never a filter


def test_o_typed_for_oe_finds_the_word_with_oe_only_when_the_exact_form_finds_little(embedded):
    embedded.index(
        [
            IndexDocumentFactory(page_id=1, title="Ledelse", body="Divisjonsdirektøren leder arbeidet."),
            IndexDocumentFactory(page_id=2, title="Møter", body="Referat fra møtene i rådet."),
            *(
                IndexDocumentFactory(page_id=10 + n, title=f"Moter {n}", body="Moter og klær i vinter.")
                for n in range(3)
            ),
            *others(),
        ]
    )

    results = embedded.search(SearchQuery(text="divisjonsdirektoren"))
    assert [hit.key for hit in results.hits] == ["page:1"]
    assert "<mark>Divisjonsdirektøren</mark>" in results.hits[0].snippet
    assert keys(embedded, "raadet") == ["page:2"]
    # When the typed form finds enough pages, folding adds nothing: "moter" (fashions) is a word of its own.
    assert sorted(keys(embedded, "moter")) == ["page:10", "page:11", "page:12"]


@needs_dictionary
def test_compound_parts_come_from_the_dictionary_not_substrings(embedded):
    embedded.index(
        [
            IndexDocumentFactory(page_id=1, title="Legevakten", body="Om legevakten om natten."),
            IndexDocumentFactory(page_id=2, title="Kollegene", body="Kollegaer på kontoret."),
            IndexDocumentFactory(page_id=3, title="Rekruttering", body="Rekruttering av leger."),
            *others(),
        ]
    )

    assert "page:1" in keys(embedded, "vakt")  # legevakten = lege + vakten
    assert "page:2" not in keys(embedded, "lege")  # "kollegene" holds "lege" but is no compound of it
    assert keys(embedded, "ring") == []  # rekrutte-ring is a derivation, not a ring


@pytest.mark.parametrize(
    ("field", "where"),
    [
        ("headings", ("Om sekretariatet",)),
        ("footnotes", "Sekretariatet ligger i Helsedirektoratet, se rundskriv."),
        ("breadcrumbs", ("Sekretariatet", "Årsrapport 2024")),
    ],
)
def test_the_snippet_shows_the_match_where_it_is(embedded, field, where):
    embedded.index(
        [
            IndexDocumentFactory(
                page_id=1, title="Organisering", summary="Hvem gjør hva.", body=long_text(2), **{field: where}
            )
        ]
    )

    (hit,) = embedded.search(SearchQuery(text="sekretariatet")).hits
    assert re.search("<mark>sekretariatet</mark>", hit.snippet, re.IGNORECASE), hit.snippet


def test_signals_cost_constant_matches_not_a_query_per_page(embedded):
    """Each signal is one MATCH: the statements a search runs do not grow with the pages."""
    counts = []
    for size in (10, 60):
        embedded.clear()
        embedded.index(
            [
                IndexDocumentFactory(title=f"Legevakt {n}", body="Legevakt og fastlege. " + long_text(1))
                for n in range(size)
            ]
        )
        statements: list[str] = []
        embedded.count()
        conn = embedded._state.conn
        conn.set_trace_callback(statements.append)
        try:
            embedded.search(SearchQuery(text="fastlege legevakt", prefer_language="nb"))
        finally:
            conn.set_trace_callback(None)
        # FTS5's own statements (comments, "-- …") read each matched row's size for bm25, as before.
        counts.append(len([statement for statement in statements if not statement.startswith("--")]))
    assert counts[0] == counts[1]


def test_the_frozen_weights_stay_ordered():
    """The field order of search.ranking holds: title > headings > summary > body ≥ breadcrumbs > footnotes > attachments."""
    from search.ranking import FIELD_WEIGHTS, FIELDS

    weights = [FIELD_WEIGHTS[field] for field in FIELDS]
    assert all(a >= b for a, b in itertools.pairwise(weights))


@needs_dictionary
def test_a_compound_in_the_query_finds_pages_that_write_its_parts_apart(embedded):
    embedded.index(
        [
            IndexDocumentFactory(page_id=1, title="Legevaktsamarbeid", body="Om legevaktsamarbeidet i regionen."),
            IndexDocumentFactory(page_id=2, title="Legevakt", body="Kommunene har samarbeid om legevakt."),
            IndexDocumentFactory(page_id=3, title="Samarbeid", body="Om samarbeid mellom kontorer."),
            *others(),
        ]
    )

    results = embedded.search(SearchQuery(text="legevaktsamarbeid"))
    assert [hit.key for hit in results.hits][:2] == ["page:1", "page:2"]  # the compound itself first
    assert "page:3" not in [hit.key for hit in results.hits]  # one part is not enough
    assert "<mark>legevakt</mark>" in results.hits[1].snippet
