"""What only the embedded SQLite FTS5 backend promises: its tokenizer, its index file
(created on first use, swapped atomically by a rebuild, refused with a clear error when
corrupt), its behaviour under concurrent threads, and query plans that never scan."""

from __future__ import annotations

import re
import sqlite3
import threading
from datetime import UTC, datetime

import pytest

from search.backends.embedded import SCHEMA_VERSION, EmbeddedBackend
from search.backends.embedded_highlight import _CHUNK_CHARS, Highlighter
from search.backends.embedded_query import HighlightRules
from search.contract import SearchQuery, SearchUnavailable
from search.factories import IndexDocumentFactory
from tests.search.needs import needs_dictionary


@pytest.fixture
def index_file(tmp_path):
    return tmp_path / "search" / "index.sqlite3"


@pytest.fixture
def embedded(index_file):
    engine = EmbeddedBackend(index_file)
    yield engine
    engine.close()


def found_keys(engine: EmbeddedBackend, text: str) -> list[str]:
    return [hit.key for hit in engine.search(SearchQuery(text=text, per_page=50)).hits]


def fts_definition(path) -> str:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT sql FROM sqlite_master WHERE name = 'fts'").fetchone()[0]


# --- The tokenizer ----------------------------------------------------------------------------


def test_the_fts_table_keeps_diacritics(embedded, index_file):
    embedded.count()  # creates the file

    definition = fts_definition(index_file)

    assert re.search(r"tokenize\s*=\s*\"unicode61 remove_diacritics 0\"", definition), definition


def test_far_does_not_match_faar_in_the_unstemmed_columns_of_the_file(embedded, index_file):
    embedded.index([IndexDocumentFactory(page_id=1, title="Du får svar", body="Du får svar.")])

    with sqlite3.connect(index_file) as conn:
        far = conn.execute("SELECT rowid FROM fts WHERE fts MATCH '{title body} : \"far\"'").fetchall()
        faar = conn.execute("SELECT rowid FROM fts WHERE fts MATCH '{title body} : \"får\"'").fetchall()

    assert far == []
    assert len(faar) == 1


def test_negative_control_the_default_tokenizer_would_match_far_for_faar():
    """Without remove_diacritics 0, unicode61 folds å to a: this is what the option prevents."""
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE folded USING fts5 (body)")  # default: unicode61 remove_diacritics 1
    conn.execute("INSERT INTO folded (body) VALUES ('Du får svar')")

    assert conn.execute("SELECT count(*) FROM folded WHERE folded MATCH '\"far\"'").fetchone()[0] == 1


# --- The index file ----------------------------------------------------------------------------


def test_a_missing_index_file_is_created_empty_on_first_use(embedded, index_file):
    assert not index_file.exists()

    assert embedded.count() == 0
    assert index_file.exists()
    assert embedded.search(SearchQuery(text="fastlege")).total == 0


@pytest.mark.parametrize(
    "garbage",
    [b"this is not an SQLite database" * 100, b"SQLite format 3\x00" + b"\xff" * 4000],
    ids=["text", "broken-header"],
)
def test_a_corrupt_index_file_raises_search_unavailable_with_a_clear_message(embedded, index_file, garbage):
    index_file.parent.mkdir(parents=True)
    index_file.write_bytes(garbage)

    for attempt in (
        lambda: embedded.search(SearchQuery(text="fastlege")),
        embedded.count,
        embedded.ping,
        lambda: embedded.autocomplete("fast"),
        lambda: embedded.index([IndexDocumentFactory(title="Ny side")]),
    ):
        with pytest.raises(SearchUnavailable, match=r"(?i)rebuild"):
            attempt()


def test_a_rebuild_repairs_a_corrupt_index_file(embedded, index_file):
    index_file.parent.mkdir(parents=True)
    index_file.write_bytes(b"garbage" * 1000)

    embedded.rebuild([IndexDocumentFactory(page_id=1, title="Listetak")])

    assert found_keys(embedded, "listetak") == ["page:1"]


def test_an_index_file_from_another_schema_version_asks_for_a_rebuild(embedded, index_file):
    embedded.count()
    with sqlite3.connect(index_file) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    other_thread_view = EmbeddedBackend(index_file)  # a fresh connection reads the version

    with pytest.raises(SearchUnavailable, match="rebuild"):
        other_thread_view.count()


# --- Rebuild: atomic swap ----------------------------------------------------------------------


def test_a_reader_opened_before_the_rebuild_keeps_its_answers_and_new_readers_see_the_new_index(embedded, index_file):
    embedded.index([IndexDocumentFactory(page_id=1, title="Gammel veiledning")])
    old_reader = sqlite3.connect(index_file)
    old_reader.execute("BEGIN")
    assert old_reader.execute("SELECT count(*) FROM documents").fetchone()[0] == 1
    inode_before = index_file.stat().st_ino

    embedded.rebuild(
        [IndexDocumentFactory(page_id=2, title="Ny veiledning"), IndexDocumentFactory(page_id=3, title="Listetak")]
    )

    assert index_file.stat().st_ino != inode_before, "a new file was swapped in"
    assert old_reader.execute("SELECT key FROM documents").fetchall() == [("page:1",)]
    old_reader.close()
    assert embedded.count() == 2
    assert found_keys(embedded, "gammel") == []
    assert EmbeddedBackend(index_file).count() == 2
    assert not list(index_file.parent.glob("*.rebuild-*")), "no temporary file is left behind"


def test_searches_during_a_rebuild_always_see_a_full_index(embedded):
    embedded.index([IndexDocumentFactory(page_id=number, title=f"Listetak {number}") for number in range(1, 41)])
    totals: list[int] = []
    errors: list[BaseException] = []
    done = threading.Event()

    def keep_searching():
        try:
            while not done.is_set():
                totals.append(embedded.search(SearchQuery(text="listetak")).total)
        except BaseException as exc:
            errors.append(exc)

    def slow_documents():
        for number in range(100, 160):
            yield IndexDocumentFactory(page_id=number, title=f"Listetak {number}")

    reader = threading.Thread(target=keep_searching)
    reader.start()
    try:
        embedded.rebuild(slow_documents())
        embedded.rebuild(slow_documents())
    finally:
        done.set()
        reader.join(timeout=30)

    assert errors == []
    assert totals, "the reader ran"
    assert set(totals) <= {40, 60}, "only the old or the new index, never an empty or half one"
    assert embedded.search(SearchQuery(text="listetak")).total == 60


def test_changes_written_while_a_rebuild_runs_are_carried_into_the_new_index(embedded):
    embedded.index(
        [IndexDocumentFactory(page_id=1, title="Listetak"), IndexDocumentFactory(page_id=9, title="Listetak utgått")]
    )

    def documents_while_the_site_changes():
        yield IndexDocumentFactory(page_id=1, title="Listetak")
        # Meanwhile an editor publishes page 5 and deletes page 9 (the outbox writes them).
        embedded.index([IndexDocumentFactory(page_id=5, title="Listetak nyhet")])
        embedded.delete(["page:9"])
        yield IndexDocumentFactory(page_id=2, title="Listetak i Bodø")
        yield IndexDocumentFactory(page_id=9, title="Listetak utgått")  # read before the deletion

    embedded.rebuild(documents_while_the_site_changes())

    assert sorted(found_keys(embedded, "listetak")) == ["page:1", "page:2", "page:5"]


# --- Threads -----------------------------------------------------------------------------------


def test_concurrent_readers_during_index_writes_never_fail_and_never_go_back(embedded):
    embedded.index([IndexDocumentFactory(page_id=1, title="Fastlegen")])
    errors: list[BaseException] = []
    seen: dict[int, list[int]] = {}
    writing = threading.Event()

    def reader(number: int):
        totals = seen.setdefault(number, [])
        try:
            while writing.is_set():
                totals.append(embedded.search(SearchQuery(text="fastlege")).total)
        except BaseException as exc:
            errors.append(exc)

    def writer():
        for batch in range(20):
            embedded.index(
                [IndexDocumentFactory(page_id=1000 + batch * 5 + n, title=f"Fastlegen {batch} {n}") for n in range(5)]
            )

    writing.set()
    readers = [threading.Thread(target=reader, args=(number,)) for number in range(4)]
    for thread in readers:
        thread.start()
    try:
        writer()
    finally:
        writing.clear()
        for thread in readers:
            thread.join(timeout=30)

    assert errors == []
    assert all(totals == sorted(totals) for totals in seen.values()), "a reader never sees fewer pages later"
    assert embedded.count() == 101


# --- Query plans: no scans ----------------------------------------------------------------------


def test_searching_never_scans_the_tables(embedded, index_file):
    embedded.index(
        [
            IndexDocumentFactory(page_id=number, title=f"Fastlegen {number}", topics=("Rekruttering",), year=2024)
            for number in range(50)
        ]
    )
    statements: list[str] = []
    embedded.count()
    conn = embedded._state.conn
    conn.set_trace_callback(statements.append)
    try:
        embedded.search(SearchQuery(text="fastlege -sykehus", topics=("Rekruttering",), years=(2024,)))
        embedded.autocomplete("fastl")
    finally:
        conn.set_trace_callback(None)

    plans = []
    for statement in statements:
        if statement.lstrip().upper().startswith(("SELECT", "INSERT", "WITH")):
            plans.extend(row[-1] for row in conn.execute(f"EXPLAIN QUERY PLAN {statement}"))
    assert any("VIRTUAL TABLE INDEX 0:M" in step for step in plans), "the MATCH drives the query"
    full_scans = [
        step
        for step in plans
        if re.match(r"SCAN (documents|d|document_topics|t|word_suffixes)\b", step)
        or re.search(r"VIRTUAL TABLE INDEX \d+:$", step)
    ]
    assert full_scans == [], plans


# --- Ranking and highlighting details -----------------------------------------------------------


def test_footnotes_rank_above_attachments(embedded):
    embedded.index(
        [
            IndexDocumentFactory(page_id=1, title="Vedlegg", attachments="Om listetak."),
            IndexDocumentFactory(page_id=2, title="Fotnote", footnotes="Om listetak."),
            *(IndexDocumentFactory(title=f"Annet {n}", body="Noe helt annet.") for n in range(5)),
        ]
    )

    assert found_keys(embedded, "listetak") == ["page:2", "page:1"]


@needs_dictionary
def test_a_compound_is_marked_as_a_whole_word(embedded):
    embedded.index(
        [IndexDocumentFactory(page_id=1, title="Evaluering", body="Evalueringen av fastlegeordningen kom i 2023.")]
    )

    [hit] = embedded.search(SearchQuery(text="lege")).hits

    assert "<mark>fastlegeordningen</mark>" in hit.snippet


def test_phrase_words_are_marked_only_where_they_stand_together(embedded):
    embedded.index([IndexDocumentFactory(page_id=1, title="Fast", body="Fast ansatt. Alle har rett til en fast lege.")])

    [hit] = embedded.search(SearchQuery(text='"fast lege"')).hits

    assert hit.snippet.count("<mark>") == 2
    assert "<mark>fast</mark> <mark>lege</mark>" in hit.snippet


def test_the_snippet_falls_back_to_the_summary_when_only_the_title_matches(embedded):
    embedded.index(
        [
            IndexDocumentFactory(
                page_id=1, title="Listetak", summary="Hvor mange pasienter en lege har.", body="Annen tekst."
            )
        ]
    )

    [hit] = embedded.search(SearchQuery(text="listetak")).hits

    assert hit.snippet == "Hvor mange pasienter en lege har."


def test_a_suggestion_keeps_norwegian_letters(embedded):
    embedded.index([IndexDocumentFactory(page_id=1, title="Søknadsfristen", body="Søknadsfristen er 1. mars.")])

    assert embedded.search(SearchQuery(text="søknadsfirsten")).suggestion == "søknadsfristen"


def test_the_recency_boost_is_gentle(embedded):
    """A page changed today scores at most ten per cent above the same text two years old."""
    today = datetime.now(UTC)
    text = {"title": "Listetak", "body": "Om listetak."}
    embedded.index(
        [
            IndexDocumentFactory(page_id=1, last_substantive_change=today.replace(year=today.year - 3), **text),
            IndexDocumentFactory(page_id=2, last_substantive_change=today, **text),
            *(IndexDocumentFactory(title=f"Annet {n}", body="Noe helt annet.") for n in range(5)),
        ]
    )

    new, old = embedded.search(SearchQuery(text="listetak")).hits

    assert new.key == "page:2"
    assert 1.0 < new.score / old.score <= 1.1 + 1e-9


# --- The MATCH expression -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        'NEAR(fastlege sykehus, 2) AND "x" OR y* ^z {title}: w -"a b" -c',
        'fastlege" OR "1"="1',
        "title:fastlege body : lege",
        "fastlegeordningen -legevakt «sitat» (parentes)",
    ],
)
def test_visitor_text_reaches_fts5_only_inside_quotes(embedded, text):
    from search.backends.embedded import _compounds_with
    from search.backends.embedded_query import FTS_COLUMNS, SynonymTable, plan_query
    from search.query_syntax import parse_query
    from search.ranking import NEAR_DISTANCE

    embedded.index([IndexDocumentFactory(title="Fastlegeordningen", body="Legevakt og fastlegekontor.")])
    embedded.set_synonyms([("fastlege", "allmennlege", "GP"), ("lege i spesialisering", "LIS")])
    with embedded._reading() as conn:
        plan = plan_query(
            parse_query(text), SynonymTable([("fastlege", "allmennlege", "GP")]), lambda n: _compounds_with(conn, n)
        )
    # The match and every ranking signal's expression.
    expression = " ".join([plan.match_expression(), *(signal.expression for signal in plan.signals())])

    outside_quotes = re.sub(r'"(?:[^"]|"")*"', " ", expression)
    allowed = {"AND", "OR", "NOT", "NEAR", str(NEAR_DISTANCE), *FTS_COLUMNS}
    assert set(re.findall(r"\w+", outside_quotes)) <= allowed, outside_quotes
    assert set(re.sub(r"[\w\s]", "", outside_quotes)) <= set("(){}:*,"), outside_quotes
    embedded.search(SearchQuery(text=text))  # and FTS5 accepts it


@needs_dictionary
@pytest.mark.parametrize(
    ("compound", "part", "head"),
    [
        ("arbeidsbelastning", "belastning", True),
        ("arbeidsbelastningen", "belastning", True),
        ("fastlegestatistikken", "statistikk", True),
        ("fastlegekonferansen", "fastlege", False),
        ("fastlegeordningen", "lege", False),
        ("belastningsgrad", "belastning", False),
    ],
)
def test_a_part_is_the_head_of_a_compound_only_at_its_end(compound, part, head):
    from search.backends.embedded_query import cached_stem, part_keys

    assert dict(part_keys(compound))[cached_stem(part, "nb")] is head


@needs_dictionary
def test_a_title_compound_counts_more_when_the_word_is_its_head(embedded):
    """An "arbeidsbelastning" is a kind of "belastning"; "belastningsskader" are not."""
    embedded.index(
        [
            IndexDocumentFactory(page_id=1, title="Belastningsskader", body="Skader i muskler og ledd."),
            IndexDocumentFactory(page_id=2, title="Arbeidsbelastning", body="Om lange uker og mye vakt."),
            *(IndexDocumentFactory(title=f"Annet {n}", body="Noe helt annet.") for n in range(5)),
        ]
    )

    assert found_keys(embedded, "belastning") == ["page:2", "page:1"]


# --- Compound parts as tokens (schema 4) ---------------------------------------------------------


@needs_dictionary
def test_the_compound_columns_hold_each_compounds_part_stems_once():
    from search.backends.embedded import prepare_row
    from search.backends.embedded_query import COMPOUND_COLUMNS, FTS_COLUMNS, PART_MARK

    row = prepare_row(
        IndexDocumentFactory(
            title="Legevakten", headings=(), summary="", body="Fastlegeordningen. Fastlegeordningen igjen."
        )
    )
    columns = dict(zip(FTS_COLUMNS, row.text, strict=True))
    marked = [columns[name].split() for name in COMPOUND_COLUMNS]
    assert all(token.startswith(PART_MARK) for tokens in marked for token in tokens)
    heads, others, body = ([token.removeprefix(PART_MARK) for token in tokens] for tokens in marked)

    assert heads == ["vakt"]  # legevakten = lege + vakten: a kind of vakt
    assert others == ["leg"]
    assert sorted(body) == ["fast", "fastleg", "leg", "ordning"]  # once, though written twice
    assert row.compounds == {"legevakten", "fastlegeordningen"}


@needs_dictionary
def test_a_part_finds_compounds_by_its_inflections_and_the_compound_is_marked_whole(embedded):
    embedded.index(
        [
            IndexDocumentFactory(page_id=1, title="Legevakten", body="Om natten."),
            IndexDocumentFactory(page_id=2, title="Kontoret", body="Vaktene er lange."),
            IndexDocumentFactory(page_id=3, title="Annet", body="Noe helt annet."),
        ]
    )

    results = embedded.search(SearchQuery(text="vakter"))

    assert sorted(hit.key for hit in results.hits) == ["page:1", "page:2"]
    assert next(hit for hit in results.hits if hit.key == "page:1").title_highlighted == "<mark>Legevakten</mark>"


@needs_dictionary
def test_a_compound_typed_together_or_apart_finds_both_spellings(embedded):
    embedded.index(
        [
            IndexDocumentFactory(page_id=1, title="Legevaktsamarbeid", body="Om legevaktsamarbeidet."),
            IndexDocumentFactory(page_id=2, title="Kommunene", body="Kommunene har samarbeid om legevakt."),
            IndexDocumentFactory(page_id=3, title="Annet", body="Noe helt annet."),
        ]
    )

    assert found_keys(embedded, "legevaktsamarbeid")[:2] == ["page:1", "page:2"]
    assert sorted(found_keys(embedded, "legevakt samarbeid")) == ["page:1", "page:2"]


@needs_dictionary
def test_a_phrase_never_matches_the_parts_of_compounds_standing_side_by_side(embedded):
    """The compound columns hold "leg vakt" for "legevakten": a phrase must not find that."""
    embedded.index(
        [
            IndexDocumentFactory(page_id=1, title="Legevakten", body="Om natten."),
            IndexDocumentFactory(page_id=2, title="Vakt", body="En lege vakt i helgen."),
        ]
    )

    assert found_keys(embedded, '"lege vakt"') == ["page:2"]
    assert found_keys(embedded, '"leg vakt"') == []


@needs_dictionary
def test_excluding_a_word_excludes_pages_with_the_word_not_the_compounds_it_is_part_of(embedded):
    embedded.index(
        [
            IndexDocumentFactory(page_id=1, title="Legevakten", body="Fastlegen har legevakt om natten."),
            IndexDocumentFactory(page_id=2, title="Fastlegen", body="Fastlegen har vakt i helgen."),
            IndexDocumentFactory(page_id=3, title="Fastlegen", body="Fastlegen har fri."),
        ]
    )

    assert sorted(found_keys(embedded, "fastlege -vakt")) == ["page:1", "page:3"]
    assert sorted(found_keys(embedded, "fastlege -legevakt")) == ["page:2", "page:3"]


# --- Counting (schema 5: facet_key and topic_set) -------------------------------------------------


def test_facets_count_pages_without_a_year_or_topics_and_years_given_as_text(embedded):
    embedded.index(
        [
            IndexDocumentFactory(page_id=1, title="Listetak", year=None, topics=("ALIS", "Tilskudd")),
            IndexDocumentFactory(page_id=2, title="Listetak", year=2023, topics=()),
            IndexDocumentFactory(page_id=3, title="Listetak", year=2024, topics=("ALIS",), content_type="report"),
        ]
    )

    def counts(results, name):
        return {value.value: value.count for value in results.facets[name]}

    everything = embedded.search(SearchQuery(text="listetak"))
    assert everything.total == 3
    assert counts(everything, "year") == {"2024": 1, "2023": 1}  # no year, no bucket
    assert counts(everything, "topic") == {"ALIS": 2, "Tilskudd": 1}

    by_topic = embedded.search(SearchQuery(text="listetak", topics=("ALIS",), years=("2024", "2023", "ukjent")))
    assert [hit.key for hit in by_topic.hits] == ["page:3"]
    assert by_topic.total == 1
    assert counts(by_topic, "topic") == {"ALIS": 1}  # page 2 has no topics, page 1 no year
    assert counts(by_topic, "year") == {"2024": 1, "2023": 0, "ukjent": 0}  # selected values stay listed
    assert counts(by_topic, "type") == {"report": 1}


@pytest.mark.parametrize(
    "body",
    [
        "Innledning uten treff. Om LEGEVAKTEN i kommunen.",  # capitals: found ignoring case
        "Straße og innledning uten treff. Om legevakten i kommunen.",  # folding lengthens "ß": the regex path
        # The text is read in chunks: a match across two of them, and "ß" in a later one.
        f"{'uten treff ' * (_CHUNK_CHARS // 11)}{'x' * (_CHUNK_CHARS % 11 - 4)} Legevakten i kommunen.",
        f"{'uten treff ' * (_CHUNK_CHARS // 11 + 3)} Straße. Om legevakten i kommunen.",
    ],
)
def test_the_snippet_finds_matches_ignoring_case_whatever_folding_does_to_the_text(embedded, body):
    embedded.index([IndexDocumentFactory(page_id=1, title="Kommunen", summary="", body=body)])

    [hit] = embedded.search(SearchQuery(text="legevakten")).hits

    assert re.search("<mark>legevakten</mark>", hit.snippet, re.IGNORECASE), hit.snippet


def test_facet_keys_are_numbered_once_across_writes(embedded):
    embedded.index([IndexDocumentFactory(page_id=1, title="Listetak", topics=("ALIS",))])
    embedded.index(
        [
            IndexDocumentFactory(page_id=2, title="Listetak", topics=("ALIS",)),  # the same keys as page 1
            IndexDocumentFactory(page_id=3, title="Listetak", topics=("Tilskudd",), language="nn"),
        ]
    )
    embedded.delete(["page:1"])

    results = embedded.search(SearchQuery(text="listetak"))

    assert results.total == 2
    assert {value.value: value.count for value in results.facets["topic"]} == {"ALIS": 1, "Tilskudd": 1}
    assert {value.value: value.count for value in results.facets["language"]} == {"nb": 1, "nn": 1}
    with sqlite3.connect(embedded.path) as conn:
        assert conn.execute("SELECT count(*) FROM facet_keys").fetchone()[0] == 2  # nb and nn, 2024, guidance
        assert conn.execute("SELECT count(*) FROM topic_sets").fetchone()[0] == 2


def test_needles_that_a_shorter_needle_starts_are_not_sought_and_the_same_tokens_are_found():
    """A part's compounds that start with the query word itself ("legevaktordningen"
    after "legevakt") need no pass of their own over the text."""
    rules = HighlightRules(
        words={"legevakt": 0, "tilskudd": 1},
        compounds={"legevaktordningen": 0, "legevaktlegen": 0, "kveldslegevakt": 0, "tilskuddsordning": 1},
    )
    highlighter = Highlighter(rules, "nb")
    text = (
        "Legevaktordningen og kveldslegevakt. Tilskuddsordning for legevakt; "
        "storlegevakt er ingen match, men Legevaktlegen er. "
    ) * 60  # longer than one chunk
    every_needle = Highlighter(rules, "nb")
    every_needle._needle_list = tuple(sorted({*rules.words, *rules.compounds}))  # the negative control

    assert highlighter._needle_list == ("kveldslegevakt", "legevakt", "tilskudd")
    assert list(highlighter._needle_starts(text)) == list(every_needle._needle_starts(text))
    assert highlighter.snippet([text]) == every_needle.snippet([text])
    assert "<mark>kveldslegevakt</mark>" in highlighter.snippet([text])
    assert "storlegevakt" in highlighter.mark("storlegevakt") and "<mark>" not in highlighter.mark("storlegevakt")


def test_the_snippet_is_the_first_passage_with_every_word_and_what_follows_is_not_read(embedded, monkeypatch):
    filler = " ".join(["Annen tekst her."] * 40)
    later = "Legevakt, legevakt og tilskudd til legevakt."  # more matches, but later
    body = f"{filler} Legevakt og tilskudd i kommunen. {filler} {later} {filler * 20}"
    embedded.index([IndexDocumentFactory(page_id=1, title="Side", summary="", body=body)])
    read: list[int] = []
    needle_starts = Highlighter._needle_starts

    def recorded(self, text):
        for start in needle_starts(self, text):
            read.append(start)
            yield start

    monkeypatch.setattr(Highlighter, "_needle_starts", recorded)
    [hit] = embedded.search(SearchQuery(text="legevakt tilskudd")).hits

    assert "<mark>Legevakt</mark> og <mark>tilskudd</mark> i kommunen" in hit.snippet
    assert read and max(read) < body.index(later)


def test_a_phrases_first_word_alone_is_no_match_for_the_snippet(embedded):
    body = "Store ord om mye. " * 30 + "Til slutt store heile kommunar. " + "Mer tekst. " * 30
    embedded.index([IndexDocumentFactory(page_id=1, title="Side", summary="", body=body)])

    [hit] = embedded.search(SearchQuery(text='"store heile"')).hits

    assert "<mark>store</mark> <mark>heile</mark> kommunar" in hit.snippet
