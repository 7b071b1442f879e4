"""How the embedded backend keeps a query cheap on a large index without changing what it
answers: a query that matches more than EXACT_RANKING_LIMIT pages ranks only a pool (the
best by title and headings) yet counts every match; a page of results past the pool
ranks everything; bm25 is computed only for pages that pass the filters. The limits are
lowered here so a few dozen pages stand for thousands."""

from __future__ import annotations

import pytest

from search.backends import embedded as embedded_module
from search.backends.embedded import EmbeddedBackend
from search.contract import SearchQuery
from search.factories import IndexDocumentFactory

BODY = "Legevakten i kommunen har nye rutiner for vakt og beredskap. "


class ObservedBackend(EmbeddedBackend):
    """The embedded backend, noting how many matches the last search gave a score (its
    temp table is rolled back with the read transaction, so it is read before that)."""

    ranked = -1

    def _hits(self, conn, plan, limit, offset, *args):
        self.ranked = conn.execute("SELECT count(*) FROM temp.matched WHERE score > 0").fetchone()[0]
        return super()._hits(conn, plan, limit, offset, *args)


@pytest.fixture
def embedded(tmp_path):
    engine = ObservedBackend(tmp_path / "index.sqlite3")
    yield engine
    engine.close()


@pytest.fixture
def small_limits(monkeypatch):
    use_small_limits(monkeypatch)


def use_small_limits(monkeypatch) -> None:
    """More than 10 matches make a large result; 4 pages are ranked in the pool."""
    monkeypatch.setattr(embedded_module, "EXACT_RANKING_LIMIT", 10)
    monkeypatch.setattr(embedded_module, "RANKING_POOL", 4)


def pages(count: int, in_title: int) -> list:
    """``count`` pages that mention legevakt in the body, the first ``in_title`` also in the title."""
    return [
        IndexDocumentFactory(
            page_id=number,
            title=f"Legevakt {number}" if number < in_title else f"Side {number}",
            body=BODY * (1 + number % 3),
            content_type="report" if number % 2 else "guidance",
            topics=("Legevakt",) if number % 3 else ("Kommuner",),
        )
        for number in range(count)
    ]


def ranked_rows(engine: ObservedBackend) -> int:
    return engine.ranked


def test_a_large_result_ranks_only_the_pool_but_counts_every_match(embedded, small_limits):
    embedded.index(pages(30, in_title=6))

    results = embedded.search(SearchQuery(text="legevakt", per_page=3))

    assert results.total == 30
    assert ranked_rows(embedded) == 4  # the pool, not all 30
    assert all(hit.title.startswith("Legevakt") for hit in results.hits)  # pages with the word in the title first


def test_a_small_result_ranks_every_match(embedded, small_limits):
    embedded.index(pages(8, in_title=2))

    embedded.search(SearchQuery(text="legevakt", per_page=3))

    assert ranked_rows(embedded) == 8


def test_facets_and_total_are_the_same_with_and_without_the_pool(embedded, monkeypatch):
    embedded.index(pages(30, in_title=6))
    query = SearchQuery(text="legevakt", per_page=2, types=("report",))
    exact = embedded.search(query)

    monkeypatch.setattr(embedded_module, "EXACT_RANKING_LIMIT", 10)
    monkeypatch.setattr(embedded_module, "RANKING_POOL", 6)  # the six title pages, three of them reports
    pooled = embedded.search(query)

    assert ranked_rows(embedded) < 15  # the pool was used
    assert pooled.total == exact.total == 15
    assert pooled.facets == exact.facets
    assert [hit.key for hit in pooled.hits] == [hit.key for hit in exact.hits]


def test_a_page_past_the_pool_is_ranked_as_if_there_were_no_pool(embedded, monkeypatch):
    embedded.index(pages(30, in_title=6))
    query = SearchQuery(text="legevakt", per_page=5, page=2)
    exact = embedded.search(query)

    use_small_limits(monkeypatch)
    pooled = embedded.search(query)

    assert [hit.key for hit in pooled.hits] == [hit.key for hit in exact.hits]
    assert ranked_rows(embedded) == 30


def test_a_filter_keeps_the_order_of_the_unfiltered_ranking(embedded):
    """bm25 is computed only for the pages that pass the filters: their order must not change."""
    embedded.index(pages(24, in_title=5))

    everything = embedded.search(SearchQuery(text="legevakt", per_page=50)).hits
    reports = embedded.search(SearchQuery(text="legevakt", per_page=50, types=("report",))).hits

    assert [hit.key for hit in reports] == [hit.key for hit in everything if hit.content_type == "report"]
    assert [hit.score for hit in reports] == pytest.approx(
        [hit.score for hit in everything if hit.content_type == "report"]
    )


def search_with_statements(engine: EmbeddedBackend, query: SearchQuery):
    """The results of one search and the SQL statements it ran, in order."""
    statements: list[str] = []
    engine.count()  # opens the connection
    conn = engine._state.conn
    conn.set_trace_callback(statements.append)
    try:
        results = engine.search(query)
    finally:
        conn.set_trace_callback(None)
    return results, statements


def statements_of_one_search(engine: EmbeddedBackend, query: SearchQuery) -> int:
    _results, statements = search_with_statements(engine, query)
    # FTS5's own statements (comments, "-- …") read the matched rows' sizes for bm25.
    return len([statement for statement in statements if not statement.startswith("--")])


def test_a_large_result_runs_as_many_statements_at_any_size(embedded, small_limits):
    counts = []
    for size in (20, 80):
        embedded.clear()
        embedded.index(pages(size, in_title=8))
        counts.append(statements_of_one_search(embedded, SearchQuery(text="legevakt", per_page=3)))
    assert counts[0] == counts[1]


def test_the_pool_holds_only_pages_that_pass_the_filters_and_exclusions(embedded, monkeypatch):
    """Else a filtered query would find too few ranked pages in the pool and rank every match."""
    embedded.index(pages(30, in_title=8))
    monkeypatch.setattr(embedded_module, "EXACT_RANKING_LIMIT", 10)
    monkeypatch.setattr(embedded_module, "RANKING_POOL", 2)

    reports = embedded.search(SearchQuery(text="legevakt", per_page=2, types=("report",)))
    assert ranked_rows(embedded) == 2
    assert [hit.content_type for hit in reports.hits] == ["report", "report"]

    without = embedded.search(SearchQuery(text="legevakt -beredskap", per_page=2))
    assert without.total == 0  # every page says "beredskap"

    embedded.index([IndexDocumentFactory(page_id=100 + n, title=f"Legevakt {n}", body="Legevakt.") for n in range(12)])
    rest = embedded.search(SearchQuery(text="legevakt -beredskap", per_page=2))
    assert rest.total == 12
    assert ranked_rows(embedded) == 2


def test_the_pool_gets_the_title_signal_without_a_match_of_its_own_and_the_same_scores(embedded, monkeypatch):
    """In the pool every page has the words in a title or heading, so the title signal
    is applied to it without a MATCH; each pooled page scores as it does without a pool."""
    embedded.index(pages(30, in_title=6))
    every_score = {
        hit.key: round(hit.score, 6) for hit in embedded.search(SearchQuery(text="legevakt", per_page=30)).hits
    }
    use_small_limits(monkeypatch)
    results, statements = search_with_statements(embedded, SearchQuery(text="legevakt", per_page=3))
    pooled = results.hits

    assert ranked_rows(embedded) == 4
    assert {hit.key: round(hit.score, 6) for hit in pooled} == {hit.key: every_score[hit.key] for hit in pooled}
    (update,) = [statement for statement in statements if statement.startswith("UPDATE temp.matched")]
    assert "(id IN (SELECT id FROM temp.pool WHERE strict))" in update


def test_a_quoted_phrase_implies_its_exact_signal():
    from search.backends.embedded_query import SynonymTable, plan_query
    from search.query_syntax import parse_query

    def exact_signal(text: str):
        return plan_query(parse_query(text), SynonymTable([]), lambda stems: ()).signals()[0]

    assert exact_signal('"fast lege"').implied  # the match is the exact form itself
    assert not exact_signal("fastlege").implied  # a stem or a part matches too
    assert not exact_signal('"fast lege" legevakt').implied


def phrase_pages(count: int, in_title: int) -> list:
    """``count`` pages with "nye rutiner" in the body, the first ``in_title`` in the title too."""
    return [
        IndexDocumentFactory(
            page_id=number, title="Nye rutiner" if number < in_title else f"Side {number}", body=BODY * (1 + number % 3)
        )
        for number in range(count)
    ]


def test_a_quoted_phrase_is_ranked_while_matched_and_past_the_limit_ranks_the_pool(embedded, small_limits):
    embedded.index(phrase_pages(8, in_title=2))
    small = embedded.search(SearchQuery(text='"nye rutiner"', per_page=3))
    assert (small.total, ranked_rows(embedded)) == (8, 8)

    embedded.clear()
    embedded.index(phrase_pages(30, in_title=6))
    large = embedded.search(SearchQuery(text='"nye rutiner"', per_page=3))
    assert (large.total, ranked_rows(embedded)) == (30, 4)  # every match counted, the pool ranked
    assert [hit.title for hit in large.hits] == ["Nye rutiner"] * 3


def test_a_quoted_phrase_past_the_limit_scores_pool_pages_matched_late_as_without_a_pool(embedded, monkeypatch):
    """The first EXACT_RANKING_LIMIT + 1 matches are ranked while matched; past the limit
    the rest are added, and pool pages on either side score as they do without a pool."""
    documents = phrase_pages(30, in_title=0)
    for number in (2, 25, 27, 29):  # one title page among the first matches, three after them
        documents[number] = IndexDocumentFactory(page_id=number, title="Nye rutiner", body=BODY)
    embedded.index(documents)
    every_score = {
        hit.key: round(hit.score, 6) for hit in embedded.search(SearchQuery(text='"nye rutiner"', per_page=30)).hits
    }
    use_small_limits(monkeypatch)

    results = embedded.search(SearchQuery(text='"nye rutiner"', per_page=4))

    assert (results.total, ranked_rows(embedded)) == (30, 4)
    assert {hit.key for hit in results.hits} == {"page:2", "page:25", "page:27", "page:29"}
    assert {hit.key: round(hit.score, 6) for hit in results.hits} == {
        hit.key: every_score[hit.key] for hit in results.hits
    }


def test_a_quoted_phrase_few_titles_hold_past_the_limit_is_ranked_in_one_pass(embedded, monkeypatch):
    """When fewer titles and headings hold the phrase's words than the page shows, no pool
    could fill it: every match is ranked in one MATCH, with the scores of a small index."""
    documents = phrase_pages(30, in_title=2)
    embedded.index(documents)
    every = [(hit.key, round(hit.score, 6)) for hit in embedded.search(SearchQuery(text='"nye rutiner"')).hits]
    use_small_limits(monkeypatch)
    results, statements = search_with_statements(embedded, SearchQuery(text='"nye rutiner"'))

    assert (results.total, ranked_rows(embedded)) == (30, 30)
    assert [(hit.key, round(hit.score, 6)) for hit in results.hits] == every
    assert sum(statement.split()[:3] == ["INSERT", "INTO", "temp.matched"] for statement in statements) == 1
    assert not any(statement.split()[:3] == ["INSERT", "INTO", "temp.pool"] for statement in statements)


def test_a_quoted_phrase_whose_pool_cannot_fill_the_page_ranks_the_rest_without_matching_again(embedded, monkeypatch):
    """Enough titles hold the words, but filters leave the pool smaller than the page: the
    matches past the limit are ranked too, and the first ones are not matched again."""
    documents = phrase_pages(30, in_title=12)
    for number in range(12):
        documents[number] = IndexDocumentFactory(
            page_id=number, title="Nye rutiner", body=BODY, content_type="guidance" if number < 2 else "report"
        )
    embedded.index(documents)
    query = SearchQuery(text='"nye rutiner"', types=("guidance",))
    every = [(hit.key, round(hit.score, 6)) for hit in embedded.search(query).hits]
    use_small_limits(monkeypatch)
    results, statements = search_with_statements(embedded, query)

    assert [(hit.key, round(hit.score, 6)) for hit in results.hits] == every
    assert results.total == embedded.search(SearchQuery(text='"nye rutiner"', types=("guidance",), per_page=30)).total
    assert sum(statement.split()[:3] == ["INSERT", "INTO", "temp.matched"] for statement in statements) == 2


# --- Counted from the pages that do not match ----------------------------------------------------


def varied_pages(count: int, holding: int) -> list:
    """``count`` pages of three types, four languages in turn, five years and three topic
    sets; ``holding`` of every ten hold legevakt (two of every seven of those in the
    title), every third page tilskudd."""
    return [
        IndexDocumentFactory(
            page_id=number,
            title=f"Legevakt {number}" if number % 10 < holding and number % 7 in {0, 3} else f"Side {number}",
            body=("Legevakt i kommunen. " if number % 10 < holding else "Kommunen har nye rutiner. ")
            + "Tilskudd. " * (number % 3 == 0),
            content_type=("report", "guidance", "chapter")[number % 3],
            language=("nb", "nn", "en", "nb")[number % 4],
            year=2021 + number % 5,
            topics=(("Legevakt",), ("Kommuner", "Legevakt"), ())[number % 11 % 3],
        )
        for number in range(count)
    ]


class CountingBackend(ObservedBackend):
    """Also notes how many rows temp.matched held for the last search, how many pages
    it counted by complement (0 when it did not), and how many it counted as matches
    apart from the ranking (0 when it did not)."""

    def _match_plan(self, *args):
        self.unmatched = self.grouped = 0
        return super()._match_plan(*args)

    def _match_groups(self, *args):
        groups = super()._match_groups(*args)
        self.grouped = 0 if groups.complement else groups.pages
        return groups

    def _unmatched_groups(self, *args):
        groups = super()._unmatched_groups(*args)
        self.unmatched = 0 if groups is None else groups.pages
        return groups

    def _hits(self, conn, plan, limit, offset, *args):
        self.kept = conn.execute("SELECT count(*) FROM temp.matched").fetchone()[0]
        return super()._hits(conn, plan, limit, offset, *args)


COMPLEMENT_QUERIES = (
    SearchQuery(text="legevakt", per_page=3),
    SearchQuery(text="legevakt -tilskudd", per_page=3),
    SearchQuery(text="legevakt", per_page=3, types=("report",)),
    SearchQuery(text="legevakt", per_page=3, languages=("nn", "en"), years=(2022, 2024)),
    SearchQuery(text="legevakt", per_page=3, topics=("Kommuner",)),
    SearchQuery(text="legevakt", per_page=3, topics=("Legevakt",), types=("guidance", "chapter")),
)


@pytest.mark.parametrize("query", COMPLEMENT_QUERIES, ids=lambda query: repr(query.filters()) + query.text)
def test_a_word_most_pages_hold_is_counted_from_the_pages_without_it(tmp_path, monkeypatch, query):
    engine = CountingBackend(tmp_path / "index.sqlite3")
    engine.index(varied_pages(210, holding=8))  # 168 of 210 pages hold the word
    exact = engine.search(query)
    use_small_limits(monkeypatch)
    pooled = engine.search(query)
    kept, unmatched, grouped = engine.kept, engine.unmatched, engine.grouped
    # The negative control: the matches themselves counted, not the pages without them.
    monkeypatch.setattr(CountingBackend, "_unmatched_groups", lambda *args: None)
    without = engine.search(query)
    engine.close()

    assert 0 < unmatched < 105 and grouped == 0  # the pages without the word (or with the excluded one)
    assert engine.unmatched == 0 and engine.grouped > 105  # the control read the matches
    assert kept <= 4 and engine.kept <= 4  # only the pool's pages were kept, not every match
    assert pooled.total == without.total == exact.total > 0
    assert pooled.facets == without.facets == exact.facets
    assert [(hit.key, hit.score) for hit in pooled.hits] == [(hit.key, hit.score) for hit in without.hits]


def test_a_word_fewer_than_half_the_pages_hold_is_counted_from_its_matches(tmp_path, monkeypatch):
    engine = CountingBackend(tmp_path / "index.sqlite3")
    engine.index(varied_pages(120, holding=4))  # 48 of 120
    query = SearchQuery(text="legevakt", per_page=3, types=("report", "chapter"))
    exact = engine.search(query)

    use_small_limits(monkeypatch)
    pooled = engine.search(query)
    engine.close()

    assert engine.kept <= 4 and engine.unmatched == 0  # the pool's pages alone kept, no complement
    assert engine.grouped == 48  # every match counted apart from the ranking
    assert pooled.total == exact.total and pooled.facets == exact.facets


def test_a_word_far_fewer_than_half_the_pages_hold_does_not_read_the_pages_without_it(tmp_path, monkeypatch):
    """Past the limit, the first matches' reach tells that most pages do not match: they
    are not read (up to half the index) only to find that out. Either way the counts are exact."""
    engine = CountingBackend(tmp_path / "index.sqlite3")
    engine.index(varied_pages(120, holding=2))  # 24 of 120
    query = SearchQuery(text="legevakt", per_page=3, types=("report", "chapter"))
    exact = engine.search(query)
    use_small_limits(monkeypatch)
    tried: list[bool] = []
    unmatched_groups = CountingBackend._unmatched_groups

    def noted(self, *args):
        tried.append(True)
        return unmatched_groups(self, *args)

    monkeypatch.setattr(CountingBackend, "_unmatched_groups", noted)
    pooled = engine.search(query)
    read_before = len(tried)
    monkeypatch.setattr(embedded_module, "COMPLEMENT_FROM_SHARE", 0.0)  # the negative control: always read
    read_anyway = engine.search(query)
    engine.close()

    assert read_before == 0 and len(tried) == 1
    assert pooled.total == read_anyway.total == exact.total == 16
    assert pooled.facets == read_anyway.facets == exact.facets
    assert [(hit.key, hit.score) for hit in pooled.hits] == [(hit.key, hit.score) for hit in read_anyway.hits]


def test_a_page_that_stops_holding_the_word_leaves_the_counts_at_once(tmp_path, monkeypatch):
    engine = CountingBackend(tmp_path / "index.sqlite3")
    documents = varied_pages(120, holding=8)
    engine.index(documents)
    use_small_limits(monkeypatch)
    before = engine.search(SearchQuery(text="legevakt"))

    engine.index([IndexDocumentFactory(page_id=1, title="Side 1", body="Ingenting her.", content_type="guidance")])
    engine.delete(["page:2"])  # a chapter
    after = engine.search(SearchQuery(text="legevakt"))
    engine.close()

    assert engine.unmatched > 0
    assert after.total == before.total - 2
    counts = {value.value: value.count for value in after.facets["type"]}
    assert counts == {
        value.value: value.count - (value.value in {"guidance", "chapter"}) for value in before.facets["type"]
    }


# --- The proximity signal, sought or matched once -------------------------------------------------


def test_a_near_signal_boosts_the_same_pages_sought_or_matched_once(embedded, monkeypatch):
    filler = " ".join(["kommunen"] * 12)
    embedded.index(
        [
            IndexDocumentFactory(page_id=number, body=f"Nye rutiner {filler if number % 2 else ''} for beredskap.")
            for number in range(12)
        ]
    )
    query = SearchQuery(text="rutiner beredskap", per_page=12)
    monkeypatch.setattr(embedded_module, "PROXIMITY_SEEK_FROM", 0)  # every NEAR sought page by page
    sought, sought_statements = search_with_statements(embedded, query)
    monkeypatch.setattr(embedded_module, "PROXIMITY_SEEK_FROM", 1000)  # 12 pages hold both: matched once
    once, statements = search_with_statements(embedded, query)

    def sought_page_by_page(trace: list[str]) -> bool:
        return any("FROM temp.candidates AS c CROSS JOIN fts" in statement for statement in trace)

    assert [(hit.key, hit.score) for hit in once.hits] == [(hit.key, hit.score) for hit in sought.hits]
    near = {hit.key for hit in once.hits[:6]}
    assert near == {f"page:{number}" for number in range(0, 12, 2)}  # the words near each other first
    assert sought_page_by_page(sought_statements) and not sought_page_by_page(statements)


# --- A pool too small for the page ----------------------------------------------------------------


def test_a_pool_too_small_for_the_page_takes_pages_with_some_of_the_words_in_the_title(embedded, monkeypatch):
    """Two words that titles seldom hold together: pages with one of them in the title fill
    the pool (without the title signal, which needs both), instead of ranking every match."""
    documents = [
        IndexDocumentFactory(
            page_id=number,
            title=("Rutiner og beredskap" if number < 2 else "Rutiner" if number % 2 else "Beredskap")
            if number < 14
            else f"Side {number}",
            body="Nye rutiner for legevakt og beredskap i kommunen.",
        )
        for number in range(40)
    ]
    embedded.index(documents)
    query = SearchQuery(text="rutiner beredskap", per_page=5)
    exact = embedded.search(query)

    use_small_limits(monkeypatch)
    monkeypatch.setattr(embedded_module, "RANKING_POOL", 8)
    pooled = embedded.search(query)

    assert ranked_rows(embedded) == 8  # two pages with both words in the title, six with one
    assert pooled.total == exact.total == 40
    exact_scores = {
        hit.key: hit.score for hit in embedded.search(SearchQuery(text="rutiner beredskap", per_page=40)).hits
    }
    assert [hit.key for hit in pooled.hits[:2]] == [hit.key for hit in exact.hits[:2]] == ["page:0", "page:1"]
    for hit in pooled.hits:  # the same scores as ranking every match: no title signal for one word
        assert hit.score == pytest.approx(exact_scores[hit.key])
        assert hit.key in {f"page:{number}" for number in range(14)}


def test_every_pages_counts_kept_by_a_reader_follow_another_writer_and_a_rebuild(tmp_path, monkeypatch):
    """What counting by complement keeps of every page (per thread, until the index
    changes) follows a write through another connection (another worker) and a rebuild."""
    reader = CountingBackend(tmp_path / "index.sqlite3")
    writer = EmbeddedBackend(tmp_path / "index.sqlite3")
    documents = varied_pages(120, holding=8)
    writer.index(documents)
    use_small_limits(monkeypatch)
    query = SearchQuery(text="legevakt", types=("report",), per_page=3)
    before = reader.search(query)
    assert reader.unmatched > 0 and reader.kept <= 4  # counted by complement

    writer.index([IndexDocumentFactory(page_id=500, title="Ny", body="Legevakt.", content_type="report")])
    after_write = reader.search(query)
    writer.rebuild(iter(documents[:60]))
    after_rebuild = reader.search(query)
    monkeypatch.setattr(embedded_module, "EVERY_PAGE_FILTERS_KEPT", 0)  # nothing kept: counted afresh
    afresh = reader.search(query)
    reader.close()
    writer.close()

    assert after_write.total == before.total + 1
    assert after_rebuild.total == afresh.total < before.total
    assert after_rebuild.facets == afresh.facets


def test_the_pool_pages_past_its_signal_candidates_keep_their_text_score_below_them(tmp_path, monkeypatch):
    engine = CountingBackend(tmp_path / "index.sqlite3")
    engine.index(pages(30, in_title=10))
    use_small_limits(monkeypatch)
    monkeypatch.setattr(embedded_module, "RANKING_POOL", 8)
    query = SearchQuery(text="legevakt rutiner", per_page=8)
    everything = engine.search(query)  # all eight pool pages get the signals
    monkeypatch.setattr(embedded_module, "POOL_SIGNAL_CANDIDATES", 3)
    fewer = engine.search(query)
    engine.close()

    assert [hit.key for hit in fewer.hits[:3]] == [hit.key for hit in everything.hits[:3]]
    assert [hit.score for hit in fewer.hits[:3]] == pytest.approx([hit.score for hit in everything.hits[:3]])
    boosted = {hit.key: hit.score for hit in everything.hits}
    rest = fewer.hits[3:]
    assert len(rest) == 5 and all(hit.score < boosted[hit.key] for hit in rest)  # no signal past the three
    assert max(hit.score for hit in rest) <= min(hit.score for hit in fewer.hits[:3])
