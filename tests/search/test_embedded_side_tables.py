"""The embedded index's side tables that stand in for a costlier read of the FTS table:
each must answer exactly what the FTS table would, after indexing, re-indexing,
deleting, clearing and rebuilding alike."""

from __future__ import annotations

import pytest

from search import ranking
from search.backends.embedded import EmbeddedBackend
from search.backends.embedded_query import EVERY_PAGE, PART_MARK, STEM_MARK, SynonymTable, plan_query
from search.contract import SearchQuery
from search.factories import IndexDocumentFactory
from search.query_syntax import parse_query

PAGES = {
    1: ("Rapporten om ordningen", "Rapporten om ordningen kom i fjor. Nye rutiner for vakt."),
    2: ("Nye rutiner", "Kommunen har nye rutiner for legevakt og rapport ordning."),
    3: ("Ordningen", "Ordningen og rapporten står langt fra hverandre i denne teksten om vakt."),
    4: ("Vakt", "Legevakt i kommunen. Nye rutiner i rapporten."),
}


@pytest.fixture
def embedded(tmp_path):
    engine = EmbeddedBackend(tmp_path / "index.sqlite3")
    yield engine
    engine.close()


def documents(pages: dict[int, tuple[str, str]]) -> list:
    return [IndexDocumentFactory(page_id=number, title=title, body=body) for number, (title, body) in pages.items()]


def rowids(engine: EmbeddedBackend, table: str, expression: str) -> set[int]:
    with engine._reading() as conn:
        return {row[0] for row in conn.execute(f"SELECT rowid FROM {table} WHERE {table} MATCH ?", (expression,))}


def phrase_signal(text: str):
    """The phrase signal of a two-word query (the pairs table's when it can answer)."""
    plan = plan_query(parse_query(text), SynonymTable([]), lambda stems: ())
    (signal,) = [
        signal for signal in plan.signals() if signal.boost in {ranking.PHRASE_BOOST, ranking.HYPHENATED_BOOST}
    ]
    return signal


def by_positions(text: str) -> str:
    """The same phrase signal as FTS5 finds it from the words' positions."""
    from search.backends.embedded_query import _stemmed_phrase_expression

    return _stemmed_phrase_expression(tuple(text.split()))


QUERIES = ("rapporten ordningen", "nye rutiner", "ordningen rapporten", "legevakt kommunen", "rapport ordning")


def assert_pairs_agree_with_positions(engine: EmbeddedBackend) -> None:
    for text in QUERIES:
        signal = phrase_signal(text)
        assert signal.pairs, text
        assert rowids(engine, "pairs", signal.expression) == rowids(engine, "fts", by_positions(text)), text


def test_the_pairs_table_finds_what_the_phrase_finds(embedded):
    embedded.index(documents(PAGES))

    assert rowids(embedded, "pairs", phrase_signal("nye rutiner").expression) == {1, 2, 4}
    assert_pairs_agree_with_positions(embedded)


def test_the_pairs_table_follows_reindexing_and_deleting(embedded):
    embedded.index(documents(PAGES))
    changed = dict(PAGES)
    changed[2] = ("Nye tider", "Kommunen har gamle rutiner.")
    embedded.index(documents({2: changed[2]}))
    embedded.delete(["page:4"])

    assert rowids(embedded, "pairs", phrase_signal("nye rutiner").expression) == {1}
    assert_pairs_agree_with_positions(embedded)
    with embedded._reading() as conn:
        conn.execute("INSERT INTO pairs (pairs, rank) VALUES ('integrity-check', 0)")


def test_the_pairs_table_is_emptied_and_rebuilt_with_the_index(embedded):
    embedded.index(documents(PAGES))
    embedded.clear()
    assert rowids(embedded, "pairs", phrase_signal("nye rutiner").expression) == set()

    embedded.rebuild(documents(PAGES))

    assert_pairs_agree_with_positions(embedded)


def test_a_stop_word_or_a_longer_group_uses_the_positions():
    from search.backends.embedded_query import _stem_pairs_expression

    assert _stem_pairs_expression(("rapport", "om")) is None  # no pair with "om" is stored
    assert '"rapport_ordning"' in _stem_pairs_expression(("rapport", "ordning"))
    plan = plan_query(parse_query("nye rutiner for vakt"), SynonymTable([]), lambda stems: ())
    assert [signal.pairs for signal in plan.signals() if signal.boost == ranking.PHRASE_BOOST] == [False]


def test_the_phrase_boost_is_the_same_with_the_pairs_table(embedded, monkeypatch):
    embedded.index(documents(PAGES))
    query = SearchQuery(text="nye rutiner", per_page=10)
    with_pairs = [(hit.key, round(hit.score, 6)) for hit in embedded.search(query).hits]

    from search.backends import embedded_query

    monkeypatch.setattr(embedded_query, "_stem_pairs_expression", lambda words: None)
    by_phrase = [(hit.key, round(hit.score, 6)) for hit in embedded.search(query).hits]

    assert with_pairs == by_phrase


# --- The titles and headings, for the ranking pool ---------------------------------------------

HEADING_QUERIES = ('{title headings} : "rapporten"', '{title_s headings_s} : "ordning"', '{title} : "vakt"')


def assert_title_headings_agree_with_fts(engine: EmbeddedBackend) -> None:
    for expression in HEADING_QUERIES:
        assert rowids(engine, "title_headings", expression) == rowids(engine, "fts", expression), expression


def test_the_title_headings_table_follows_indexing_reindexing_and_deleting(embedded):
    embedded.index(documents(PAGES))
    assert rowids(embedded, "title_headings", '{title} : "vakt"') == {4}

    embedded.index(documents({4: ("Rapporten", "Legevakt i kommunen.")}))
    embedded.delete(["page:3"])

    assert rowids(embedded, "title_headings", '{title} : "vakt"') == set()
    assert_title_headings_agree_with_fts(embedded)
    embedded.clear()
    assert rowids(embedded, "title_headings", '{title headings} : "rapporten"') == set()
    embedded.rebuild(documents(PAGES))
    assert_title_headings_agree_with_fts(embedded)


def test_the_pool_ranks_by_the_titles_and_headings_alone(embedded, monkeypatch):
    """A long page with the word in its title enters the pool before a short page with
    it in a long heading: the pool's bm25 does not weigh the length of the body."""
    from search.backends import embedded as embedded_module

    long_body = "Kommunen har nye rutiner for legevakt. " * 200
    embedded.index(
        [
            IndexDocumentFactory(page_id=1, title="Veileder", headings=("Om tilskudd til mange ting i kommunen",)),
            IndexDocumentFactory(page_id=2, title="Tilskudd", body=long_body),
            *(IndexDocumentFactory(page_id=10 + n, title=f"Side {n}", body="Tilskudd.") for n in range(12)),
        ]
    )
    monkeypatch.setattr(embedded_module, "EXACT_RANKING_LIMIT", 10)
    monkeypatch.setattr(embedded_module, "RANKING_POOL", 1)

    results = embedded.search(SearchQuery(text="tilskudd", per_page=1))

    assert results.total == 14
    assert [hit.key for hit in results.hits] == ["page:2"]


# --- Which columns hold each word, without positions: counts, signals, the vocabulary -----------

PRESENCE_QUERIES = (
    f'{{title_s headings_s summary_s body_s}} : ("{STEM_MARK}rapport" OR "{STEM_MARK}rapporten")',
    '{title body} : "kommunen" NOT {title headings summary body} : "vakt"',
    f'{{compounds}} : "{PART_MARK}vakt"',
    '"nye" AND "rutiner"',
)


def assert_presence_agrees_with_fts(engine: EmbeddedBackend) -> None:
    for expression in PRESENCE_QUERIES:
        assert rowids(engine, "presence", expression) == rowids(engine, "fts", expression), expression
    with engine._reading() as conn:
        by_column = "SELECT term, col, doc FROM {} WHERE term != ? ORDER BY term, col"
        assert (
            conn.execute(by_column.format("vocab"), (EVERY_PAGE,)).fetchall()
            == conn.execute(by_column.format("fts_vocab"), (EVERY_PAGE,)).fetchall()
        )
        # Besides, every page (and only a page) holds EVERY_PAGE, once.
        pages = {row[0] for row in conn.execute("SELECT id FROM documents")}
    assert rowids(engine, "presence", f'"{EVERY_PAGE}"') == pages
    assert rowids(engine, "fts", f'"{EVERY_PAGE}"') == set()


@pytest.fixture
def fts_vocabulary(embedded):
    """The vocabulary as fts itself counts it, to compare with the presence table's."""
    with embedded._writing() as conn:
        conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS fts_vocab USING fts5vocab (fts, 'col')")
    return embedded


def test_the_presence_table_follows_indexing_reindexing_and_deleting(fts_vocabulary):
    embedded = fts_vocabulary
    embedded.index(documents(PAGES))
    assert_presence_agrees_with_fts(embedded)

    embedded.index(documents({2: ("Nye tider", "Kommunen har gamle rutiner.")}))
    embedded.delete(["page:4"])

    assert_presence_agrees_with_fts(embedded)
    with embedded._reading() as conn:
        conn.execute("INSERT INTO presence (presence, rank) VALUES ('integrity-check', 0)")
    embedded.clear()
    assert rowids(embedded, "presence", '"kommunen"') == set()


def test_a_count_of_single_words_reads_no_positions(embedded, monkeypatch):
    from search.backends import embedded as embedded_module

    monkeypatch.setattr(embedded_module, "EXACT_RANKING_LIMIT", 2)
    embedded.index(documents(PAGES))
    embedded.count()
    statements: list[str] = []
    embedded._state.conn.set_trace_callback(statements.append)

    total = embedded.search(SearchQuery(text="rutiner -legevakt")).total
    phrase_total = embedded.search(SearchQuery(text='"nye rutiner"')).total

    assert (total, phrase_total) == (1, 3)
    counts = [
        statement
        for statement in statements
        if statement.startswith("SELECT count(*)") and "FROM (SELECT rowid FROM" in statement
    ]
    # Besides the count of matches, a phrase counts the titles and headings that hold its
    # words (whether a pool could fill the page), in their own small table.
    counts = [statement for statement in counts if "FROM title_headings" not in statement]
    assert counts and all("FROM presence" in statement for statement in counts)


def test_did_you_mean_follows_what_is_indexed(embedded):
    embedded.index(documents(PAGES))
    assert embedded.search(SearchQuery(text="legevkat")).suggestion == "legevakt"

    embedded.delete(["page:2", "page:4"])

    assert embedded.search(SearchQuery(text="legevkat")).suggestion is None


# --- What matching reads of each document ------------------------------------------------------


def test_the_facts_table_follows_the_documents(embedded):
    columns = "id, content_type, language, year, changed_at, length, facet_no, topics_no"
    embedded.index(documents(PAGES))
    embedded.index(
        [IndexDocumentFactory(page_id=2, title="Nye tider", language="nn", year=2019, content_type="report")]
    )
    embedded.delete(["page:3"])

    with embedded._reading() as conn:
        facts = conn.execute(f"SELECT {columns} FROM facts ORDER BY id").fetchall()
        expected = conn.execute(f"SELECT {columns} FROM documents ORDER BY id").fetchall()
    assert facts == expected
    assert len(facts) == 3


# --- Stems and parts marked, so no column filter is needed ---------------------------------------


def test_stems_and_parts_are_marked_and_the_words_as_written_are_not(embedded):
    from search.backends.embedded_query import COMPOUND_COLUMNS, STEMMED_COLUMNS, UNSTEMMED_COLUMNS

    embedded.index(documents(PAGES))
    with embedded._reading() as conn:
        rows = conn.execute("SELECT term, col FROM vocab").fetchall()
    marks = dict.fromkeys(STEMMED_COLUMNS, STEM_MARK) | dict.fromkeys(COMPOUND_COLUMNS, PART_MARK)
    assert {column for _, column in rows} >= {"title", "body", "title_s", "body_s", "compounds"}
    for term, column in rows:
        if term == EVERY_PAGE:
            assert column == COMPOUND_COLUMNS[-1]
        elif column in UNSTEMMED_COLUMNS:
            assert term[0] not in STEM_MARK + PART_MARK, (term, column)
        else:
            assert term[0] == marks[column] and term[1:].isalnum(), (term, column)


def test_a_stem_matches_what_it_matched_with_a_column_filter(embedded):
    """The marked token finds exactly the pages the stem finds in the stemmed columns."""
    embedded.index(documents(PAGES))
    stemmed = "{title_s headings_s summary_s body_s breadcrumbs_s footnotes_s attachments_s}"
    for stem in ("rapport", "ordning", "vakt", "kommun"):
        marked = f'"{STEM_MARK}{stem}"'
        assert rowids(embedded, "fts", marked) == rowids(embedded, "fts", f"{stemmed} : {marked}") != set()
        assert rowids(embedded, "fts", f'"{stem}"') != rowids(embedded, "fts", marked) or stem == "vakt"


def test_a_page_that_writes_the_marks_holds_no_stem_by_them(embedded):
    """The marks are private-use characters: a page's text that holds them (pasted from a
    symbol font) loses them, and a visitor cannot type them into a token."""
    from search.text_analysis import tokenize

    embedded.index(documents({1: ("Skjema", f"Fyll ut {STEM_MARK}rapport og {PART_MARK}vakt i dag.")}))

    written = "{title headings summary body breadcrumbs footnotes attachments}"
    assert rowids(embedded, "fts", f'{written} : "{STEM_MARK}rapport"') == set()
    assert rowids(embedded, "fts", f'"{PART_MARK}vakt"') == set()  # no compound has the part
    assert rowids(embedded, "fts", f'{written} : "rapport"') == {1}
    assert tokenize(f"{STEM_MARK}rapport") == ["rapport"]
    assert [hit.key for hit in embedded.search(SearchQuery(text="rapport")).hits] == ["page:1"]
