"""The embedded search backend: SQLite FTS5 in its own index file, no server.

The index file is derived data (rebuildable from the database at any time). One FTS5
table holds the unstemmed text (exact words, phrases, snippets), stemmed shadow columns
(Snowball, per the document's language; the stdlib cannot register an FTS5 tokenizer)
and compound columns holding the part stems of the document's compounds; side tables
hold which compounds each part belongs to (for the snippets), the words with æ, ø or å
under their folded forms, the acronyms the pages write in capitals, and the numbered
facet keys. Rebuilds write a new file and swap it in with os.replace.

Concurrency: each thread (and each process after a fork) has its own connection, and
every read or write holds a shared or exclusive flock on "<index>.lock" (with a gate,
"<index>.gate", so writers are not starved by searches). The lock, and not SQLite's own
locking alone, is what makes the swap safe: a rollback journal is found by file name, so
a connection still open on the replaced file must never start a transaction while a
writer of the new file has a journal beside it. Holding the lock, each operation checks
the file's inode and reopens when a rebuild has swapped it.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import re
import sqlite3
import tempfile
import threading
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO, NamedTuple

from .. import ranking
from ..compounds import dictionary
from ..contract import (
    FACETS,
    Completion,
    FacetValue,
    Hit,
    IndexDocument,
    SearchQuery,
    SearchResults,
    SearchUnavailable,
)
from ..query_syntax import parse_query
from ..text_analysis import tokenize
from .embedded_highlight import Highlighter
from .embedded_query import (
    EVERY_PAGE,
    FTS_COLUMNS,
    MARKS,
    MAX_COMPOUND_WORDS,
    PAIR_TOKENIZER,
    STEMMED_COLUMNS,
    UNSTEMMED_COLUMNS,
    QueryPlan,
    SynonymTable,
    compound_part_columns,
    compound_words,
    part_keys,
    plan_query,
    quote,
    stem_pairs,
    stem_tokens,
)
from .embedded_spelling import suggest
from .spare_thread import SpareThread

logger = logging.getLogger(__name__)

# 2: breadcrumbs became searchable; 3: dictionary compounds, folding, acronyms, lengths;
# 4: the compound columns hold the compounds' part stems instead of the compounds;
# 5: each document's facet values in two keys, for the facet counts; 6: the keys numbered;
# 7: the pairs of neighbouring stems, for the phrase signal; 8: the titles and headings apart,
# for the ranking pool; 9: which columns hold each word, without positions (presence);
# 10: what matching and ranking read of each document, in a narrow table of its own (facts);
# 11: the stemmed and compound columns' tokens marked (embedded_query.STEM_MARK, PART_MARK);
# 12: every page in the presence table (EVERY_PAGE), and the facts indexed by facet keys.
SCHEMA_VERSION = 12
TOKENIZER = "unicode61 remove_diacritics 0"

# bm25 weights per FTS column, in FTS_COLUMNS order. The stemmed columns carry the
# ranking (search.ranking.FIELD_WEIGHTS); the unstemmed ones add a bonus for the exact
# word; a compound found by its part counts less than the word itself in the same place.
_STEMMED_WEIGHTS = tuple(ranking.FIELD_WEIGHTS[field] for field in ranking.FIELDS)
_EXACT_SHARE = 0.5
_COMPOUND_WEIGHTS = (3.0, 0.3, 0.3)  # title or headings (part is the head; is not); summary or body
BM25_WEIGHTS = (*(w * _EXACT_SHARE for w in _STEMMED_WEIGHTS), *_STEMMED_WEIGHTS, *_COMPOUND_WEIGHTS)

# The ranking signals (search.ranking) are tested on this many of the best pages by text
# score (a NEAR of common stems is sought on their rows alone: PROXIMITY_SEEK_FROM).
SIGNAL_CANDIDATES = 200
# In a ranking pool (EXACT_RANKING_LIMIT), its best pages by text score that get the
# signals: ten pages of results. Boosts only raise a score, so the pool's other pages,
# which keep their text score, stay below them. Over the bench's 300 pooled queries the
# first page is the same as with the whole pool, and each signal costs half as much.
POOL_SIGNAL_CANDIDATES = 100
# A NEAR of stems that at least this many pages hold together is tested page by page on
# the candidates; one that fewer pages hold is matched once over the index. FTS5 seeks a
# candidate's row by scanning on to the next page where the words stand near each other:
# for stems that seldom do, that is a scan to the end of the index for every candidate,
# where one pass over the few pages holding both costs less than a millisecond.
PROXIMITY_SEEK_FROM = 1000

# The columns of the title_headings table, a subset of FTS_COLUMNS, and their bm25 weights.
HEADING_COLUMNS = ("title", "headings", "title_s", "headings_s")
HEADING_WEIGHTS = tuple(BM25_WEIGHTS[FTS_COLUMNS.index(column)] for column in HEADING_COLUMNS)

# bm25() costs microseconds per matching page, so a query that matches most of a large
# index ("lege") would spend most of its time ranking pages nobody pages through. Up to
# EXACT_RANKING_LIMIT matches every page is ranked. Beyond it only a pool is: the
# RANKING_POOL pages with every query word in their title or a heading that rank best on
# those fields; the others are still counted (total, facets) and follow the pool, and a
# page of results that reaches past the pool ranks every page after all.
EXACT_RANKING_LIMIT = 1000
RANKING_POOL = 200  # twenty pages of results

# Counting by complement needs fewer than half the pages not to match. When the first
# matches (EXACT_RANKING_LIMIT + 1 of them, in rowid order) are fewer than this share of
# the pages up to the last of them, most pages will not match either: the pages that do
# not match are not read (up to half the index) only to find that out. A wrong guess
# costs time, never exactness.
COMPLEMENT_FROM_SHARE = 0.4

# Each thread keeps every page's facet groups (for counting by complement) for at most
# this many combinations of filters, until the index changes.
EVERY_PAGE_FILTERS_KEPT = 64

# A page changed today scores up to 10 % more than the same text two years old.
RECENCY_BOOST = 0.10
RECENCY_HORIZON_SECONDS = 730 * 24 * 3600

# Fewer results than this, with a word the index does not know, asks for "did you mean".
SUGGEST_BELOW = 3
MAX_PER_PAGE = 100
BATCH_SIZE = 500
LOCK_TIMEOUT_SECONDS = 30.0

_SCHEMA = f"""
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    page_id INTEGER NOT NULL,
    url TEXT NOT NULL,
    title TEXT NOT NULL,
    title_folded TEXT NOT NULL,
    content_type TEXT NOT NULL,
    language TEXT NOT NULL,
    year INTEGER,
    breadcrumbs TEXT NOT NULL,
    display_date TEXT,
    changed_at REAL,
    length INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    -- The facet values in two numbered keys, so the facet counts group by one integer
    -- each: type, language and year (facet_keys), and the set of topics (topic_sets).
    facet_no INTEGER NOT NULL,
    topics_no INTEGER NOT NULL
);
-- A key is the values joined by _KEY_SEPARATOR: type, language and year; the sorted topics.
CREATE TABLE facet_keys (no INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE);
CREATE TABLE topic_sets (no INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE);
CREATE INDEX documents_seq ON documents (seq);
-- The documents' columns that matching, filtering, counting and ranking read for every match
-- (thousands of rows for a common word), apart from the wide rows the hits are read from.
CREATE TABLE facts (
    id INTEGER PRIMARY KEY,
    content_type TEXT NOT NULL,
    language TEXT NOT NULL,
    year INTEGER,
    changed_at REAL,
    length INTEGER NOT NULL,
    facet_no INTEGER NOT NULL,
    topics_no INTEGER NOT NULL
);
-- For the facet counts of every page (the complement's counts are subtracted from them).
CREATE INDEX facts_facets ON facts (facet_no);
CREATE INDEX facts_topics ON facts (topics_no, content_type, language, year);
CREATE TABLE document_topics (
    doc_id INTEGER NOT NULL,
    topic TEXT NOT NULL,
    PRIMARY KEY (doc_id, topic)
) WITHOUT ROWID;
CREATE TABLE tombstones (key TEXT PRIMARY KEY, seq INTEGER NOT NULL);
CREATE TABLE synonyms (group_no INTEGER NOT NULL, position INTEGER NOT NULL, term TEXT NOT NULL);
-- The dictionary parts (as stems) of every indexed compound: which compounds a word is part of.
CREATE TABLE word_parts (part TEXT NOT NULL, word TEXT NOT NULL, head INTEGER NOT NULL, PRIMARY KEY (part, word))
    WITHOUT ROWID;
-- Indexed words with æ, ø or å under their folded forms ("direktorene" → "direktørene").
CREATE TABLE folded_words (folded TEXT NOT NULL, word TEXT NOT NULL, PRIMARY KEY (folded, word)) WITHOUT ROWID;
-- Words the pages write in capitals that are no dictionary word ("ALIS", "KS"): matched whole.
CREATE TABLE acronyms (word TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE VIRTUAL TABLE fts USING fts5 ({", ".join(FTS_COLUMNS)}, tokenize="{TOKENIZER}");
-- The same columns without positions or a copy of the text (detail=column): which words
-- each page's columns hold. Cheaper to read than fts where positions do not matter (a
-- count, a signal or an exclusion of single words, the vocabulary); a deleted page's
-- text is read from fts for FTS5's delete. The last column also holds EVERY_PAGE.
CREATE VIRTUAL TABLE presence USING fts5 ({", ".join(FTS_COLUMNS)}, tokenize="{TOKENIZER}", detail=column, content='');
CREATE VIRTUAL TABLE vocab USING fts5vocab (presence, 'col');
CREATE VIRTUAL TABLE titles USING fts5 (title, tokenize="{TOKENIZER}", prefix='2 3');
-- The titles and headings, as typed and stemmed, for the ranking pool: a few words per page,
-- so finding and ranking a common word there does not read its positions in every body.
CREATE VIRTUAL TABLE title_headings USING fts5 ({", ".join(HEADING_COLUMNS)}, tokenize="{TOKENIZER}");
-- Each page's pairs of neighbouring stems (embedded_query.stem_pairs), without positions
-- or a copy of the text: a deleted page's pairs are computed again from its stemmed columns.
CREATE VIRTUAL TABLE pairs USING fts5 (pair, tokenize="{PAIR_TOKENIZER}", detail=none, content='');
PRAGMA user_version = {SCHEMA_VERSION};
"""

_DOCUMENT_COLUMNS = (
    "id, key, page_id, url, title, title_folded, content_type, language, year, breadcrumbs, "
    "display_date, changed_at, length, seq, facet_no, topics_no"
)
_META_COLUMNS = 11  # _DOCUMENT_COLUMNS after id and key, before seq
_KEY_SEPARATOR = "\x1f"  # in facet_keys and topic_sets: no type, language or topic holds it


@dataclass
class _Row:
    """One document as the index stores it: metadata, topics and FTS column values."""

    key: str
    meta: tuple  # documents columns after id and key, before seq
    topics: tuple[str, ...]
    text: tuple[str, ...]  # FTS_COLUMNS
    acronyms: frozenset[str] = frozenset()
    folding: frozenset[str] = frozenset()  # words with æ, ø or å
    compounds: frozenset[str] = frozenset()  # the words the dictionary splits (for word_parts)

    @property
    def pairs(self) -> str:
        """The pairs table's text (from the stemmed columns, as _remove_keys computes it again)."""
        return _pairs_of(self.text)


# Two to six capitals and up to two digits, as a whole word: "ALIS", "KS", "LIS1".
_CAPITALS = re.compile(r"(?<![^\W_])[A-ZÆØÅ]{2,6}[0-9]{0,2}(?![^\W_])")
_FOLDABLE = re.compile("[æøå]")


def fold(word: str) -> str:
    """A word as typed on a keyboard without æ, ø and å: ø→o, æ→ae, å→aa."""
    return word.replace("ø", "o").replace("æ", "ae").replace("å", "aa")


def _written_acronyms(texts: Iterable[str]) -> frozenset[str]:
    """Words written in capitals that are no dictionary word (so a heading in capitals
    does not turn "MÅL" into an acronym); none without a dictionary."""
    words = dictionary()
    if not words:
        return frozenset()
    found = {match.casefold() for text in texts for match in _CAPITALS.findall(text)}
    return frozenset(word for word in found if word not in words)


def _foldable(token_lists: Iterable[list[str]]) -> frozenset[str]:
    return frozenset(token for tokens in token_lists for token in tokens if _FOLDABLE.search(token))


def _pairs_of(text: tuple[str, ...]) -> str:
    """The pairs table's text of a row of FTS_COLUMNS values."""
    start = len(UNSTEMMED_COLUMNS)
    return stem_pairs(tuple(text[start : start + len(STEMMED_COLUMNS)]))


_WITHOUT_MARKS = str.maketrans(dict.fromkeys(MARKS))


def _nfc(text: str) -> str:
    """The text in NFC, without the characters that mark stems and parts (they are not
    text, and a page that held them would match as if it had the stem)."""
    text = unicodedata.normalize("NFC", text or "")
    if any(mark in text for mark in MARKS):  # seldom: translate() is slow on a long text
        text = text.translate(_WITHOUT_MARKS)
    return text


def prepare_row(document: IndexDocument) -> _Row:
    """Flatten, normalise and stem one document (the CPU-heavy part of indexing)."""
    language = document.language or "nb"
    unstemmed = tuple(
        _nfc(text)
        for text in (
            document.title,
            "\n".join(document.headings),
            document.summary,
            document.body,
            "\n".join(document.breadcrumbs),
            document.footnotes,
            document.attachments,
        )
    )
    tokens = [tokenize(text) for text in unstemmed]
    stemmed = tuple(stem_tokens(words, language) for words in tokens)
    in_title, in_body = compound_words(*tokens[:2]), compound_words(*tokens[2:4])
    compounds = compound_part_columns(in_title, in_body)
    length = sum(len(words) for words in tokens)
    changed = document.last_substantive_change
    display = document.display_date
    meta = (
        document.page_id,
        document.url,
        unstemmed[0],
        " ".join(tokenize(unstemmed[0])),
        document.content_type,
        language,
        document.year,
        json.dumps(list(document.breadcrumbs), ensure_ascii=False),
        display.isoformat() if display else None,
        changed.timestamp() if changed else None,
        length,
    )
    return _Row(
        document.key,
        meta,
        tuple(dict.fromkeys(document.topics)),
        (*unstemmed, *stemmed, *compounds),
        acronyms=_written_acronyms(unstemmed),
        folding=_foldable(tokens),
        compounds=frozenset(in_title) | frozenset(in_body),
    )


class _Found(NamedTuple):
    """What matching a plan found: whether only some units were required (relaxed), the
    total after filters, the facets, and whether only a pool was ranked."""

    relaxed: bool
    total: int
    facets: dict[str, list[FacetValue]]
    pooled: bool


class _ThreadState(threading.local):
    conn: sqlite3.Connection | None = None
    inode: tuple[int, int] | None = None
    pid: int | None = None
    # _every_page_groups by the queries' filters, for the connection's data_version (None: unknown).
    every: dict[tuple, _EveryPage]
    every_version: int | None = None

    def __init__(self) -> None:
        self.every = {}

    lock_files: tuple[BinaryIO, BinaryIO] | None = None
    lock_pid: int | None = None


class EmbeddedBackend:
    """SearchBackend on an SQLite FTS5 index file."""

    name = "embedded"

    def __init__(self, path: Path, spare_thread: bool = True):
        self.path = Path(path)
        self.lock_path = self.path.with_name(self.path.name + ".lock")
        self.gate_path = self.path.with_name(self.path.name + ".gate")
        self._state = _ThreadState()
        # A large result's counts are read on a second connection while the pool is ranked.
        self._spare = SpareThread(enabled=spare_thread, name="search-counts")

    def __repr__(self) -> str:
        return f"EmbeddedBackend(path={str(self.path)!r})"

    # -- writing ----------------------------------------------------------------

    def index(self, documents: Iterable[IndexDocument]) -> int:
        rows = list({row.key: row for row in map(prepare_row, documents)}.values())
        if not rows:
            return 0
        with self._writing() as conn:
            seq = _next_seq(conn)
            _write_rows(conn, rows, seq)
        return len(rows)

    def delete(self, keys: Iterable[str]) -> None:
        keys = list(dict.fromkeys(keys))
        if not keys:
            return
        with self._writing() as conn:
            seq = _next_seq(conn)
            _remove_keys(conn, keys)
            conn.executemany("INSERT OR REPLACE INTO tombstones (key, seq) VALUES (?, ?)", [(key, seq) for key in keys])
            _store_average_length(conn)

    def clear(self) -> None:
        """Remove every document and the synonyms, as the Elasticsearch backend does."""
        with self._writing() as conn:
            tables = (
                *("fts", "titles", "title_headings", "document_topics", "documents", "facts", "tombstones"),
                "synonyms",
                *("word_parts", "folded_words", "acronyms", "facet_keys", "topic_sets"),
            )
            for table in tables:
                conn.execute(f"DELETE FROM {table}")  # noqa: S608
            for table in ("pairs", "presence"):  # contentless tables
                conn.execute(f"INSERT INTO {table} ({table}) VALUES ('delete-all')")  # noqa: S608

    def set_synonyms(self, groups: list[tuple[str, ...]]) -> None:
        with self._writing() as conn:
            _store_synonyms(conn, groups)

    def rebuild(self, documents: Iterable[IndexDocument], progress: Callable[[int], None] | None = None) -> int:
        """Index everything into a new file beside the live one, then swap it in.

        Searches keep using the old file until the swap, so there is never an empty
        index. Changes written to the live file while the rebuild ran (by key, newer
        sequence numbers) are carried over at the swap, so none is lost.
        """
        self.path.parent.mkdir(parents=True, exist_ok=True)
        started_seq = self._live_seq()
        fresh = _new_file_beside(self.path, ".rebuild-")
        try:
            conn = _open(fresh)
            try:
                total = self._fill(conn, documents, progress)
                with self._locked(fcntl.LOCK_EX):
                    self._carry_over(conn, started_seq)
                    conn.close()
                    with open(fresh, "rb+") as file:
                        os.fsync(file.fileno())
                    os.replace(fresh, self.path)
                    _fsync_directory(self.path.parent)
            finally:
                conn.close()
        except (sqlite3.Error, OSError) as exc:
            raise SearchUnavailable(f"Could not rebuild the search index at {self.path}: {exc}") from exc
        finally:
            fresh.unlink(missing_ok=True)
        logger.info("Rebuilt the search index at %s with %d documents", self.path, total)
        return total

    def _fill(
        self, conn: sqlite3.Connection, documents: Iterable[IndexDocument], progress: Callable[[int], None] | None
    ) -> int:
        """Write every document into a new, private file, in batches."""
        conn.execute("PRAGMA journal_mode = OFF")  # a half-built file is thrown away anyway
        conn.execute("PRAGMA synchronous = OFF")
        conn.executescript(_SCHEMA)
        total = 0
        known_words: set[str] = set()
        batch: list[_Row] = []
        for document in documents:
            batch.append(prepare_row(document))
            if len(batch) >= BATCH_SIZE:
                total += self._rebuild_batch(conn, batch, progress, known_words)
                batch = []
        if batch:
            total += self._rebuild_batch(conn, batch, progress, known_words)
        conn.execute("INSERT INTO fts (fts) VALUES ('optimize')")
        conn.execute("INSERT INTO titles (titles) VALUES ('optimize')")
        conn.execute("INSERT INTO title_headings (title_headings) VALUES ('optimize')")
        conn.execute("INSERT INTO pairs (pairs) VALUES ('optimize')")
        conn.execute("INSERT INTO presence (presence) VALUES ('optimize')")
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("PRAGMA synchronous = FULL")
        return total

    def _rebuild_batch(
        self, conn: sqlite3.Connection, batch: list[_Row], progress: Callable | None, known_words: set[str]
    ) -> int:
        unique = list({row.key: row for row in batch}.values())
        with _transaction(conn):
            _write_rows(conn, unique, seq=0, known_words=known_words)
        if progress:
            progress(len(batch))
        return len(batch)

    def _live_seq(self) -> int | None:
        """The live file's latest change number, or None when it cannot be read."""
        if not self.path.exists():
            return None
        try:
            with self._reading() as conn:
                return _current_seq(conn)
        except SearchUnavailable as exc:
            logger.warning("Rebuilding over an unreadable search index: %s", exc)
            return None

    def _carry_over(self, conn: sqlite3.Connection, started_seq: int | None) -> None:
        """Copy the synonyms, and the changes made since the rebuild started, from the
        live file into the new one (called holding the exclusive lock)."""
        if not self.path.exists():
            return
        try:
            conn.execute("ATTACH DATABASE ? AS live", (str(self.path),))
        except sqlite3.Error as exc:
            logger.warning("Could not open the live search index to carry over changes: %s", exc)
            return
        try:
            with _transaction(conn):
                conn.execute("DELETE FROM main.synonyms")
                conn.execute("INSERT INTO main.synonyms SELECT * FROM live.synonyms")
                if started_seq is not None:
                    _copy_changes(conn, started_seq)
        except sqlite3.Error as exc:
            logger.warning("Could not carry changes over from the live search index: %s", exc)
        finally:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("DETACH DATABASE live")

    def needs_rebuild(self) -> bool:
        """True when the index file was written by another version of this backend (its
        schema differs): search_tick then rebuilds it, so an upgrade needs no manual step."""
        try:
            if self.path.stat().st_size == 0:
                return False
            conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
        except (OSError, sqlite3.Error):
            return False
        try:
            return conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION
        except sqlite3.Error:
            return True
        finally:
            conn.close()

    # -- reading ----------------------------------------------------------------

    def count(self) -> int:
        with self._reading() as conn:
            return conn.execute("SELECT count(*) FROM documents").fetchone()[0]

    def ping(self) -> None:
        with self._reading() as conn:
            conn.execute("SELECT count(*) FROM documents").fetchone()
            conn.execute("SELECT rowid FROM fts LIMIT 1").fetchall()

    def search(self, query: SearchQuery) -> SearchResults:
        per_page = min(max(query.per_page, 1), MAX_PER_PAGE)
        offset = (max(query.page, 1) - 1) * per_page
        parsed = parse_query(query.text)
        with self._reading() as conn:
            synonyms = SynonymTable(_load_synonyms(conn))
            acronyms = _known_acronyms(conn, parsed.terms)

            def planned(alternatives: dict[str, tuple[str, ...]] | None = None) -> QueryPlan:
                return plan_query(
                    parsed, synonyms, lambda stems: _compounds_with(conn, stems), acronyms, alternatives=alternatives
                )

            plan = planned()
            if plan.is_empty:
                return SearchResults(query=query, total=0, hits=[], facets=_empty_facets(query))
            shown = offset + per_page
            found = self._match_plan(conn, plan, query, shown)
            if found.total < ranking.FOLD_BELOW:
                # ø typed as o, æ as ae, å as aa: only when the forms as typed find little.
                unfolded = _unfolded(conn, [word for word in parsed.terms if word not in acronyms])
                if unfolded:
                    folded_plan = planned(unfolded)
                    folded = self._match_plan(conn, folded_plan, query, shown)
                    if folded.total > found.total:
                        plan, found = folded_plan, folded
                    else:
                        self._match_plan(conn, plan, query, shown)
            hits = self._hits(conn, plan, per_page, offset, found.pooled)
            suggestion = None
            if found.total < SUGGEST_BELOW:
                suggestion = suggest(conn, query.text, parsed.positive_words())
        return SearchResults(
            query=query,
            total=found.total,
            hits=hits,
            facets=found.facets,
            suggestion=suggestion,
            relaxed=found.relaxed,
        )

    def _match_plan(self, conn: sqlite3.Connection, plan: QueryPlan, query: SearchQuery, shown: int) -> _Found:
        """Match every unit. When that finds less than a page, pages with only some of the
        units follow, those with more of them first (``relaxed`` when no page had all).
        ``shown`` is how many of the best pages the results show (the page's end).

        temp.matched holds the matches the hits and the counts read: every match, ranked
        or not, or past EXACT_RANKING_LIMIT the pool's pages alone (the counts then come
        from _match_groups)."""
        relaxed = False
        groups: _Groups | None = None
        expression = plan.match_expression(require_all=True)
        if any(unit.exact for unit in plan.units):
            # A quoted phrase seldom matches many pages: rank them while matching them
            # instead of counting them first (a second read of the match), and rank a
            # pool after all when there are more than EXACT_RANKING_LIMIT.
            if self._title_matches(conn, plan, shown) < shown:
                # Too few titles and headings hold the words for a pool to fill the page
                # (a phrase of stop words, which titles seldom hold): however many pages
                # match, every match is ranked, so rank them in one pass.
                matched = self._match(conn, expression, plan, query)
                pooled = False
            else:
                matched = self._match(conn, expression, plan, query, limit=EXACT_RANKING_LIMIT + 1)
                pooled = matched > EXACT_RANKING_LIMIT
            if pooled:
                (last,) = conn.execute("SELECT max(id) FROM temp.matched").fetchone()
                self._fill_pool(conn, plan, query)
                if conn.execute("SELECT count(*) FROM temp.pool").fetchone()[0] < shown:
                    # A pool smaller than the page cannot fill it (a phrase of stop words,
                    # which titles seldom hold): rank the rest of the matches as well, as
                    # the full ranking below would, without matching the first ones again.
                    pooled = False
                    matched = self._match(conn, expression, plan, query, after=last)
                else:
                    # Past the limit after all: keep the pages matched so far with the pool's
                    # scores (the others' become 0), and add the rest of the matches.
                    conn.execute("UPDATE temp.matched SET score = 0.0 WHERE id NOT IN (SELECT id FROM temp.pool)")
                    matched = self._match(conn, expression, plan, query, pooled=True, after=last)
        else:
            matched, reach = self._count_matches(conn, plan, expression)
            pooled = matched > EXACT_RANKING_LIMIT
            if pooled:
                # Only the pool's pages are kept (and ranked). The counts need no ranking:
                # they are read from the matches' facet groups apart, on a second
                # connection in the spare thread when it is free, while this one ranks.
                share = self._share_matching(conn, reach)

                def count(connection: sqlite3.Connection) -> _Groups:
                    return self._match_groups(connection, plan, query, share)

                with self._spare.beside(lambda: self._on_own_connection(count), lambda: count(conn)) as counting:
                    self._fill_pool(conn, plan, query, fill=shown)
                    self._match(conn, expression, plan, query, pooled=True, only_pool=True)
                    groups = counting.result()
            else:
                matched = self._match(conn, expression, plan, query)
        if pooled and self._ranked(conn) < shown:
            pooled, groups = False, None
            matched = self._match(conn, expression, plan, query)  # the page reaches past the pool
        if matched < ranking.FILL_BELOW and len(plan.units) > 1:
            relaxed = matched == 0
            self._match(conn, plan.match_expression(require_all=False), plan, query, coverage=True)
        grouped = None if groups is None else (self._every_page(conn, query), groups)
        total, facets = _counts(conn, query, grouped)
        return _Found(relaxed, total, facets, pooled)

    def _on_own_connection(self, work: Callable[[sqlite3.Connection], _Groups]) -> _Groups:
        """Run ``work`` on this thread's connection in a read transaction: the spare
        thread's, for a search whose thread holds the shared lock until it has ended."""
        try:
            conn = self._connection()
            conn.execute("BEGIN")
            try:
                return work(conn)
            finally:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
        except (sqlite3.DatabaseError, OSError):
            self._forget_connection()  # the search's thread reports it (SearchUnavailable)
            raise

    def _match_groups(self, conn: sqlite3.Connection, plan: QueryPlan, query: SearchQuery, share: float) -> _Groups:
        """The facet groups of a large result, without ranking it: from the pages that
        do not match when they are fewer than half (tried when the first matches' share,
        ``share``, says they may be: COMPLEMENT_FROM_SHARE), else from the matches."""
        if share >= COMPLEMENT_FROM_SHARE and not plan.needs_positions:
            unmatched = self._unmatched_groups(conn, plan, query)
            if unmatched is not None:
                return unmatched
        table = "fts" if plan.needs_positions else "presence"
        return _groups_of(conn, table, plan.match_expression(), query, complement=False)

    def _every_page(self, conn: sqlite3.Connection, query: SearchQuery) -> _EveryPage:
        """_every_page_groups for this query's filters, kept by this thread's connection until the
        index changes: PRAGMA data_version tells another connection's commits, and
        this connection's own writes and a new connection (a rebuilt file) empty it."""
        state = self._state
        version = conn.execute("PRAGMA data_version").fetchone()[0]
        if state.every_version != version or len(state.every) >= EVERY_PAGE_FILTERS_KEPT:
            state.every, state.every_version = {}, version
        key = (query.types, query.topics, query.languages, query.years)
        found = state.every.get(key)
        if found is None:
            found = state.every[key] = _every_page_groups(conn, query)
        return found

    def _unmatched_groups(self, conn: sqlite3.Connection, plan: QueryPlan, query: SearchQuery) -> _Groups | None:
        """The facet groups of the pages that do not match, when they are fewer than half
        of all pages; else None. Only the presence table holds EVERY_PAGE, so a match
        expression that needs positions (a phrase) is not complemented."""
        if plan.needs_positions:
            return None
        (pages,) = conn.execute("SELECT count(*) FROM facts").fetchone()
        unmatched = _groups_of(conn, "presence", plan.unmatched_expression(), query, complement=True, limit=pages // 2)
        return None if unmatched.pages >= pages // 2 else unmatched

    def _count_matches(self, conn: sqlite3.Connection, plan: QueryPlan, expression: str) -> tuple[int, int]:
        """How many pages match, counted up to EXACT_RANKING_LIMIT + 1 (without positions
        when no phrase needs them), and the rowid of the last one counted."""
        table = "fts" if plan.needs_positions else "presence"
        matched, reach = conn.execute(
            f"SELECT count(*), max(rowid) FROM (SELECT rowid FROM {table} WHERE {table} MATCH ? LIMIT ?)",  # noqa: S608
            (expression, EXACT_RANKING_LIMIT + 1),
        ).fetchone()
        return matched, reach or 0

    def _share_matching(self, conn: sqlite3.Connection, reach: int) -> float:
        """The share of pages that match, as the first EXACT_RANKING_LIMIT + 1 matches (up
        to rowid ``reach``) tell it: how many of the pages up to there they are."""
        (pages,) = conn.execute("SELECT count(*) FROM facts WHERE id <= ?", (reach,)).fetchone()
        return (EXACT_RANKING_LIMIT + 1) / max(pages, 1)

    def _title_matches(self, conn: sqlite3.Connection, plan: QueryPlan, limit: int) -> int:
        """How many pages hold every unit in their title or a heading, counted up to
        ``limit``: more than the pool (temp.pool) could ever hold, before filters."""
        return conn.execute(
            "SELECT count(*) FROM (SELECT rowid FROM title_headings WHERE title_headings MATCH ? LIMIT ?)",
            (plan.title_pool_expression(), limit),
        ).fetchone()[0]

    def _fill_pool(self, conn: sqlite3.Connection, plan: QueryPlan, query: SearchQuery, fill: int = 0) -> None:
        """Put the RANKING_POOL best pages by bm25 over their title and headings alone
        (the title_headings table) that pass the filters and exclusions into temp.pool (when
        more than EXACT_RANKING_LIMIT pages match). When fewer than ``fill`` pages have
        every unit there, pages with some of them follow, those with more first (they do
        not get the title signal, which needs every unit: temp.pool.strict is 0)."""
        weights = ", ".join(str(weight) for weight in HEADING_WEIGHTS)
        flags, params = _filter_flags(query)
        excluded = plan.excluded_expression()
        if excluded:
            # Excluded words count wherever they are, so they are looked up in the full index.
            table = "fts" if any(len(words) > 1 for words in plan.excluded) else "presence"
            flags.append(f"d.id NOT IN (SELECT rowid FROM {table} WHERE {table} MATCH :excluded)")  # noqa: S608
            params["excluded"] = excluded
        conn.execute("DELETE FROM temp.pool")
        insert = f"""
            INSERT INTO temp.pool (id, strict)
            SELECT d.id, :strict FROM title_headings AS t CROSS JOIN facts AS d ON d.id = t.rowid
            WHERE title_headings MATCH :pool_expression AND {" AND ".join(f"({flag})" for flag in flags)}
                AND d.id NOT IN (SELECT id FROM temp.pool)
            ORDER BY bm25(title_headings, {weights}) LIMIT :pool_size
            """  # noqa: S608 -- only our own column names and placeholders are formatted in
        params.update(pool_expression=plan.title_pool_expression(), pool_size=RANKING_POOL, strict=1)
        conn.execute(insert, params)
        if fill and len(plan.units) > 1:
            (pooled,) = conn.execute("SELECT count(*) FROM temp.pool").fetchone()
            if pooled < fill:
                params.update(
                    pool_expression=plan.title_pool_expression(require_all=False),
                    pool_size=RANKING_POOL - pooled,
                    strict=0,
                )
                conn.execute(insert, params)

    def _ranked(self, conn: sqlite3.Connection) -> int:
        """How many matches that pass the filters were ranked (score above 0): in the
        pooled case only pool pages can be, so only theirs are looked up."""
        return conn.execute(
            "SELECT count(*) FROM temp.pool AS p CROSS JOIN temp.matched AS m ON m.id = p.id WHERE m.ok AND m.score > 0"
        ).fetchone()[0]

    def _match(
        self,
        conn: sqlite3.Connection,
        expression: str,
        plan: QueryPlan,
        query: SearchQuery,
        coverage: bool = False,
        pooled: bool = False,
        limit: int | None = None,
        after: int | None = None,
        only_pool: bool = False,
    ) -> int:
        """Fill temp.matched with every matching document, its score and which filters
        it passes; returns how many matched before filtering.

        The score is FTS5's bm25 (field weights) times recency, the visitor's language
        and a length factor that keeps long reports from being buried. Then the
        ``SIGNAL_CANDIDATES`` best pages get a boost for each signal expression of
        search.ranking they also match (exact form, title, phrase, proximity) and, for
        pages that need not have every word (``coverage``), the count of words they
        have. With ``pooled``, only the pages in temp.pool are ranked (EXACT_RANKING_LIMIT);
        the other matches are kept with a score of 0. With ``limit``, only the first
        matches by rowid are kept, and when there are that many the signals are left to
        the caller; ``after`` adds the matches past that rowid to those kept;
        ``only_pool`` keeps the pool's pages alone (the counts then come from the
        matches' groups, read apart: _match_groups). Boosts only raise a score, so no page outside the candidates
        could have overtaken them. A proximity signal's
        MATCH looks only at the candidates' rows, which keeps a NEAR test on common words
        cheap; the other signals run once over the index (see embedded_query.Signal).
        """
        if after is None:
            conn.execute("DELETE FROM temp.matched")
        flags, params = _filter_flags(query)
        passes = " AND ".join(f"({flag})" for flag in flags)
        ranked = (
            " AND ".join(f"({flag})" for flag in [*flags, "d.id IN (SELECT id FROM temp.pool)"]) if pooled else passes
        )
        weights = ", ".join(str(weight) for weight in BM25_WEIGHTS)
        languages = {
            language: ranking.language_factor(query.prefer_language, language) for language in ("nb", "nn", "en")
        }
        # The pool's test is on fts.rowid, so it runs before a match's facts row is read; the
        # unary plus keeps SQLite from handing it to FTS5 as rowid lookups, each of which
        # would start the MATCH and bm25's statistics over.
        in_pool = "AND +fts.rowid IN (SELECT id FROM temp.pool)"
        # CROSS JOIN keeps FTS5 as the outer loop: the MATCH runs once, never per row.
        # bm25() is the costly part and only rows that pass every filter are ranked, so it
        # is computed for those alone (CASE evaluates only the branch it takes); the
        # others are kept, unscored, for the facet counts.
        conn.execute(
            f"""
            INSERT INTO temp.matched
                (id, covered, score, ok, topic_ok, others_ok, facet_no, topics_no)
            SELECT d.id,
                   :covered,
                   CASE WHEN {ranked} THEN
                       -bm25(fts, {weights})
                       * (1.0 + :recency * max(0.0, min(1.0,
                            1.0 - (:now - coalesce(d.changed_at, :now - :horizon)) / :horizon)))
                       * (CASE d.language WHEN 'nb' THEN :nb WHEN 'nn' THEN :nn WHEN 'en' THEN :en ELSE 1.0 END)
                       * min(:max_length, power(max(d.length, 1) / :average_length, :length_power))
                   ELSE 0.0 END,
                   {passes}, {flags[1]}, {_but_topic(flags)},
                   d.facet_no, d.topics_no
            FROM fts CROSS JOIN facts AS d ON d.id = fts.rowid
            WHERE fts MATCH :expression AND fts.rowid > :after {in_pool if only_pool else ""}
            ORDER BY fts.rowid LIMIT :limit
            """,  # noqa: S608 -- only our own column names and placeholders are formatted in
            {
                **params,
                **languages,
                "covered": 0 if coverage else len(plan.units),
                "recency": RECENCY_BOOST,
                "now": time.time(),
                "horizon": float(RECENCY_HORIZON_SECONDS),
                "max_length": ranking.MAX_LENGTH_FACTOR,
                "length_power": ranking.LENGTH_COMPENSATION,
                "average_length": _average_length(conn),
                "expression": expression,
                "limit": -1 if limit is None else limit,
                "after": -1 if after is None else after,
            },
        )
        matched = conn.execute("SELECT count(*) FROM temp.matched").fetchone()[0]
        if limit is None or matched < limit:
            self._apply_signals(conn, plan, coverage, pooled)
        return matched

    def _apply_signals(self, conn: sqlite3.Connection, plan: QueryPlan, coverage: bool, pooled: bool) -> None:
        """Boost the best candidates by the signals they match (and count their words).

        A signal that every candidate with a score has (Signal.implied, and Signal.title
        for the pool's pages with every unit in a title or heading) is applied without a
        MATCH: pages outside the pool have a score of 0, which no boost changes."""
        signals = plan.signals()
        if not signals and not coverage:
            return
        conn.execute("DELETE FROM temp.candidates")
        if pooled:
            # The pool's pages are the ones with a score: the others' 0 stays 0 whatever
            # boosts they would get. Its POOL_SIGNAL_CANDIDATES best get the signals.
            conn.execute(
                "INSERT INTO temp.candidates (id) SELECT m.id FROM temp.pool AS p JOIN temp.matched AS m USING (id) "
                "ORDER BY m.score DESC, m.id LIMIT ?",
                (POOL_SIGNAL_CANDIDATES,),
            )
        else:
            conn.execute(
                "INSERT INTO temp.candidates (id) SELECT id FROM temp.matched WHERE ok ORDER BY score DESC, id LIMIT ?",
                (SIGNAL_CANDIDATES,),
            )
        conn.execute("DELETE FROM temp.signal_hits")
        params: dict[str, object] = {}

        def among_candidates(name: str, expression: str, seek: bool = True, table: str = "fts") -> str:
            # Either FTS5 seeks each candidate's row (the candidates are the outer loop), or
            # the MATCH runs once over the index and each match is looked up among the
            # candidates (FTS5 is the outer loop); which one is cheaper depends on the
            # expression (see embedded_query.Signal). The candidates found are kept under
            # the name in temp.signal_hits: a subquery of the MATCH itself would first copy
            # every matching rowid of the index into a table of its own.
            source = (
                f"temp.candidates AS c CROSS JOIN {table} ON {table}.rowid = c.id"
                if seek
                else f"{table} CROSS JOIN temp.candidates AS c ON c.id = {table}.rowid"
            )
            conn.execute(
                f"INSERT OR IGNORE INTO temp.signal_hits (name, id) SELECT :name, c.id FROM {source} "  # noqa: S608
                f"WHERE {table} MATCH :expression",
                {"name": name, "expression": expression},
            )
            params[name] = name
            return f"(id IN (SELECT id FROM temp.signal_hits WHERE name = :{name}))"  # noqa: S608

        boosts = []
        for number, signal in enumerate(signals):
            params[f"boost{number}"] = signal.boost
            if signal.implied and not coverage:  # every page with all the units has it
                boosts.append(f":boost{number}")
                continue
            if signal.title and pooled:
                boosts.append(f":boost{number} * (id IN (SELECT id FROM temp.pool WHERE strict))")  # noqa: S608
                continue
            if signal.branches:
                # A page holding any language's NEAR has the signal: one name for them all.
                for near, stems in signal.branches:
                    match = among_candidates(f"signal{number}", near, seek=self._held_together(conn, stems))
                boosts.append(f":boost{number} * {match}")
                continue
            table = "pairs" if signal.pairs else "fts" if signal.positions else "presence"
            match = among_candidates(f"signal{number}", signal.expression, seek=signal.proximity, table=table)
            boosts.append(f":boost{number} * {match}")
        covered = "covered"
        if coverage:
            covered = " + ".join(
                among_candidates(f"unit{number}", unit.expression(plan.compounds))
                for number, unit in enumerate(plan.units)
            )
        conn.execute(
            f"UPDATE temp.matched SET score = score * (1.0 + {' + '.join(boosts) or '0'}), covered = {covered} "  # noqa: S608
            "WHERE id IN (SELECT id FROM temp.candidates)",
            params,
        )

    def _held_together(self, conn: sqlite3.Connection, stems: str) -> bool:
        """Whether at least PROXIMITY_SEEK_FROM pages hold all these stems (counted without
        positions, and only that far)."""
        (pages,) = conn.execute(
            "SELECT count(*) FROM (SELECT rowid FROM presence WHERE presence MATCH ? LIMIT ?)",
            (stems, PROXIMITY_SEEK_FROM),
        ).fetchone()
        return pages >= PROXIMITY_SEEK_FROM

    def _hits(self, conn: sqlite3.Connection, plan: QueryPlan, limit: int, offset: int, pooled: bool) -> list[Hit]:
        """The page of results. With a pool that reaches past the page, the page is among
        the pool's pages, the only ones with a score, so only those are sorted."""
        rows = conn.execute(
            f"""
            WITH page AS MATERIALIZED (
                SELECT id, covered, score FROM temp.matched WHERE ok {"AND score > 0" if pooled else ""}
                ORDER BY covered DESC, score DESC, id LIMIT ? OFFSET ?
            )
            SELECT page.id, page.score, d.key, d.page_id, d.url, d.title, d.content_type, d.language,
                   d.breadcrumbs, d.display_date, f.summary, f.body, f.attachments, f.headings, f.footnotes
            FROM page
            CROSS JOIN documents AS d ON d.id = page.id
            CROSS JOIN fts AS f ON f.rowid = page.id
            ORDER BY page.covered DESC, page.score DESC, page.id
            """,  # noqa: S608
            (limit, offset),
        ).fetchall()
        rules = plan.highlight_rules()
        highlighters: dict[str, Highlighter] = {}  # one per language: building one compiles its regex
        hits = []
        for row in rows:
            (_, score, key, page_id, url, title, content_type, language, crumbs, display, summary, body, files) = row[
                :13
            ]
            headings, footnotes = row[13:]
            breadcrumbs = tuple(json.loads(crumbs))
            crumb_text = " › ".join(breadcrumbs)
            highlighter = highlighters.get(language) or highlighters.setdefault(language, Highlighter(rules, language))
            hits.append(
                Hit(
                    key=key,
                    page_id=page_id,
                    url=url,
                    title=title,
                    content_type=content_type,
                    language=language,
                    snippet=highlighter.snippet([summary, body, headings, footnotes, files, crumb_text]),
                    title_highlighted=highlighter.mark(title),
                    breadcrumbs=breadcrumbs,
                    display_date=datetime.fromisoformat(display) if display else None,
                    score=score,
                )
            )
        return hits

    def autocomplete(self, prefix: str, limit: int = 8) -> list[Completion]:
        """Titles whose words start with what was typed; titles that start with it first."""
        words = tokenize(prefix[:200])[:8]
        if not words or limit < 1:
            return []
        expression = " AND ".join([*(quote(word) for word in words[:-1]), quote(words[-1]) + "*"])
        typed = " ".join(words)
        with self._reading() as conn:
            rows = conn.execute(
                """
                SELECT d.title, d.url, d.content_type
                FROM titles CROSS JOIN documents AS d ON d.id = titles.rowid
                WHERE titles MATCH ?
                ORDER BY substr(d.title_folded, 1, ?) = ? DESC, bm25(titles), length(d.title), d.id
                LIMIT ?
                """,
                (expression, len(typed), typed, min(limit, 50)),
            ).fetchall()
        return [Completion(title=title, url=url, content_type=content_type) for title, url, content_type in rows]

    # -- connections and locks --------------------------------------------------

    @contextlib.contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        """This thread's connection inside a read transaction, under the shared lock."""
        with self._translate_errors():
            self._ensure_file()
            with self._locked(fcntl.LOCK_SH):
                conn = self._connection()
                conn.execute("BEGIN")
                try:
                    yield conn
                finally:
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")  # nothing was written but temp.matched

    @contextlib.contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        """This thread's connection inside a write transaction, under the exclusive lock."""
        with self._translate_errors():
            self._ensure_file()
            with self._locked(fcntl.LOCK_EX):
                conn = self._connection()
                self._state.every_version = None  # its own commits leave data_version as it was
                with _transaction(conn, "BEGIN IMMEDIATE"):
                    yield conn

    @contextlib.contextmanager
    def _translate_errors(self) -> Iterator[None]:
        """Any failure of the file or of SQLite becomes SearchUnavailable (a 503, not a 500)."""
        try:
            yield
        except (sqlite3.DatabaseError, OSError) as exc:
            self._forget_connection()
            logger.exception("The search index at %s failed", self.path)
            raise SearchUnavailable(
                f"The search index file {self.path} cannot be used ({exc}). "
                "Rebuild it from the database (it holds nothing else)."
            ) from exc

    @contextlib.contextmanager
    def _locked(self, mode: int) -> Iterator[None]:
        """Hold the lock shared (reading) or exclusive (writing), writers first.

        flock grants a shared lock even while a writer waits, so a steady stream of
        searches could starve the indexer. A second lock, the gate, fixes the order: a
        writer takes the gate before the lock and keeps it, a reader passes the gate only
        on its way in, so once a writer waits no new reader gets past it.
        """
        gate, lock = self._lock_fds()
        if mode == fcntl.LOCK_SH:
            self._flock(gate, fcntl.LOCK_SH)
            try:
                self._flock(lock, fcntl.LOCK_SH)
            finally:
                fcntl.flock(gate, fcntl.LOCK_UN)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)
            return
        self._flock(gate, fcntl.LOCK_EX)
        try:
            self._flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)
        finally:
            fcntl.flock(gate, fcntl.LOCK_UN)

    def _flock(self, fd: int, mode: int) -> None:
        """flock with a deadline: a stuck writer must turn into a 503, not a hung page."""
        deadline = time.monotonic() + LOCK_TIMEOUT_SECONDS
        while True:
            try:
                fcntl.flock(fd, mode | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise SearchUnavailable(f"The search index {self.path} stayed locked too long.") from None
                time.sleep(0.001)

    def _lock_fds(self) -> tuple[int, int]:
        """This thread's descriptors of the gate and lock files (flock locks belong to an
        open file description, so each thread needs its own to exclude the others)."""
        state = self._state
        pid = os.getpid()
        if state.lock_files is None or state.lock_pid != pid:
            # After a fork the inherited descriptors share their locks with the parent: open anew.
            # File objects, not bare descriptors, so a finished thread's are closed with it.
            self.path.parent.mkdir(parents=True, exist_ok=True)
            state.lock_files = tuple(open(path, "ab") for path in (self.gate_path, self.lock_path))  # noqa: SIM115
            state.lock_pid = pid
        gate, lock = state.lock_files
        return gate.fileno(), lock.fileno()

    def _ensure_file(self) -> None:
        """Create an empty index file on first use (atomically, so nobody sees half of it)."""
        with contextlib.suppress(FileNotFoundError):
            if self.path.stat().st_size > 0:
                return
        with self._locked(fcntl.LOCK_EX):
            with contextlib.suppress(FileNotFoundError):
                if self.path.stat().st_size > 0:
                    return
            fresh = _new_file_beside(self.path, ".new-")
            try:
                conn = _open(fresh)
                conn.executescript(_SCHEMA)
                conn.close()
                os.replace(fresh, self.path)
            finally:
                fresh.unlink(missing_ok=True)
            logger.info("Created an empty search index at %s", self.path)

    def _connection(self) -> sqlite3.Connection:
        """This thread's connection to the current file (called holding the lock)."""
        state = self._state
        info = os.stat(self.path)
        inode = (info.st_dev, info.st_ino)
        pid = os.getpid()
        if state.conn is not None and state.inode == inode and state.pid == pid:
            return state.conn
        if state.conn is not None and state.pid == pid:
            state.conn.close()
        state.conn = None
        conn = _open(self.path)
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version != SCHEMA_VERSION:
                raise SearchUnavailable(
                    f"The search index file {self.path} has schema version {version}, not {SCHEMA_VERSION}: rebuild it."
                )
            conn.execute("CREATE TEMP TABLE candidates (id INTEGER PRIMARY KEY)")
            conn.execute(
                "CREATE TEMP TABLE signal_hits (name TEXT NOT NULL, id INTEGER NOT NULL, PRIMARY KEY (name, id)) "
                "WITHOUT ROWID"
            )
            conn.execute("CREATE TEMP TABLE pool (id INTEGER PRIMARY KEY, strict INTEGER NOT NULL)")
            conn.execute(
                "CREATE TEMP TABLE matched (id INTEGER PRIMARY KEY, covered INTEGER NOT NULL, score REAL NOT NULL, "
                "ok INTEGER, topic_ok INTEGER, others_ok INTEGER, facet_no INTEGER, topics_no INTEGER)"
            )
        except BaseException:
            conn.close()
            raise
        state.conn, state.inode, state.pid = conn, inode, pid
        state.every_version = None
        return conn

    def _forget_connection(self) -> None:
        state = self._state
        if state.conn is not None and state.pid == os.getpid():
            with contextlib.suppress(sqlite3.Error):
                state.conn.close()
        state.conn = state.inode = None

    def close(self) -> None:
        """Close this thread's connection and lock file, and the spare thread with its
        connection (tests; connections are per thread)."""
        self._spare.close(last=self._forget_connection)
        self._forget_connection()
        state = self._state
        if state.lock_files is not None and state.lock_pid == os.getpid():
            for file in state.lock_files:
                file.close()
        state.lock_files = None


# -- SQL helpers --------------------------------------------------------------------


def _open(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), isolation_level=None, timeout=LOCK_TIMEOUT_SECONDS)
    conn.execute("PRAGMA cache_size = -20000")  # 20 MB per connection
    conn.execute("PRAGMA temp_store = MEMORY")
    return conn


@contextlib.contextmanager
def _transaction(conn: sqlite3.Connection, begin: str = "BEGIN") -> Iterator[None]:
    """An explicit transaction on an autocommit connection: commit, or roll back on error."""
    conn.execute(begin)
    try:
        yield
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _new_file_beside(path: Path, infix: str) -> Path:
    """An empty file in the index's directory (so os.replace stays on one file system)."""
    handle, name = tempfile.mkstemp(prefix=path.name + infix, dir=path.parent)
    os.close(handle)
    os.chmod(name, 0o644)  # mkstemp's 0600 would lock out a web server running as another user
    return Path(name)


def _fsync_directory(directory: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _current_seq(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT value FROM meta WHERE name = 'seq'").fetchone()
    return int(row[0]) if row else 0


def _next_seq(conn: sqlite3.Connection) -> int:
    seq = _current_seq(conn) + 1
    conn.execute("INSERT OR REPLACE INTO meta (name, value) VALUES ('seq', ?)", (str(seq),))
    return seq


def _placeholders(count: int) -> str:
    return ", ".join("?" * count)


def _chunks(items: list, size: int = BATCH_SIZE) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _average_length(conn: sqlite3.Connection) -> float:
    """The average document length in words (at least 1), for the length factor: kept in
    meta by every write, so a search never scans the documents for it."""
    row = conn.execute("SELECT value FROM meta WHERE name = 'average_length'").fetchone()
    return max(float(row[0]) if row else 1.0, 1.0)


def _store_average_length(conn: sqlite3.Connection) -> None:
    (average,) = conn.execute("SELECT avg(length) FROM documents").fetchone()
    conn.execute(
        "INSERT OR REPLACE INTO meta (name, value) VALUES ('average_length', ?)", (str(float(average or 1.0)),)
    )


def _remove_keys(conn: sqlite3.Connection, keys: list[str]) -> None:
    ids: list[tuple[int]] = []
    for chunk in _chunks(keys):
        ids.extend(
            conn.execute(
                f"SELECT id FROM documents WHERE key IN ({_placeholders(len(chunk))})",  # noqa: S608
                chunk,
            ).fetchall()
        )
    # The pairs and presence tables keep no text: FTS5 removes a page's tokens when given them again.
    columns = ", ".join(FTS_COLUMNS)
    for chunk in _chunks(ids):
        rows = conn.execute(
            f"SELECT rowid, {columns} FROM fts WHERE rowid IN ({_placeholders(len(chunk))})",  # noqa: S608
            [doc_id for (doc_id,) in chunk],
        ).fetchall()
        conn.executemany(
            "INSERT INTO pairs (pairs, rowid, pair) VALUES ('delete', ?, ?)",
            [(row[0], _pairs_of(row[1:])) for row in rows],
        )
        conn.executemany(
            f"INSERT INTO presence (presence, rowid, {columns}) "  # noqa: S608
            f"VALUES ('delete', ?, {_placeholders(len(FTS_COLUMNS))})",
            [_presence_values(row[0], row[1:]) for row in rows],
        )
    conn.executemany("DELETE FROM fts WHERE rowid = ?", ids)
    conn.executemany("DELETE FROM titles WHERE rowid = ?", ids)
    conn.executemany("DELETE FROM title_headings WHERE rowid = ?", ids)
    conn.executemany("DELETE FROM document_topics WHERE doc_id = ?", ids)
    conn.executemany("DELETE FROM documents WHERE id = ?", ids)
    conn.executemany("DELETE FROM facts WHERE id = ?", ids)


def _presence_values(doc_id: int, text: Sequence[str]) -> tuple:
    """A page's row of the presence table: its fts columns, with EVERY_PAGE in the last."""
    return (doc_id, *text[:-1], f"{text[-1]} {EVERY_PAGE}")


def _write_rows(conn: sqlite3.Connection, rows: list[_Row], seq: int, known_words: set[str] | None = None) -> None:
    """Replace these documents by key (in the caller's transaction). ``known_words``
    remembers, across the batches of one rebuild, whose suffixes are stored already."""
    keys = [row.key for row in rows]
    _remove_keys(conn, keys)
    conn.executemany("DELETE FROM tombstones WHERE key = ?", [(key,) for key in keys])
    first = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM documents").fetchone()[0]
    ids = range(first, first + len(rows))
    conn.executemany(
        f"INSERT INTO documents ({_DOCUMENT_COLUMNS}) VALUES ({_placeholders(_META_COLUMNS + 5)})",  # noqa: S608
        [
            (doc_id, row.key, *row.meta, seq, *numbers)
            for doc_id, row, numbers in zip(ids, rows, _facet_numbers(conn, rows), strict=True)
        ],
    )
    conn.execute(
        "INSERT INTO facts (id, content_type, language, year, changed_at, length, facet_no, topics_no) "
        "SELECT id, content_type, language, year, changed_at, length, facet_no, topics_no FROM documents "
        "WHERE id BETWEEN ? AND ?",
        (ids.start, ids.stop - 1),
    )
    conn.executemany(
        "INSERT INTO document_topics (doc_id, topic) VALUES (?, ?)",
        [(doc_id, topic) for doc_id, row in zip(ids, rows, strict=True) for topic in row.topics],
    )
    for table, values in (("fts", lambda doc_id, text: (doc_id, *text)), ("presence", _presence_values)):
        conn.executemany(
            f"INSERT INTO {table} (rowid, {', '.join(FTS_COLUMNS)}) VALUES (?, {_placeholders(len(FTS_COLUMNS))})",  # noqa: S608
            [values(doc_id, row.text) for doc_id, row in zip(ids, rows, strict=True)],
        )
    conn.executemany(
        "INSERT INTO titles (rowid, title) VALUES (?, ?)",
        [(doc_id, row.text[0]) for doc_id, row in zip(ids, rows, strict=True)],
    )
    heading_indexes = [FTS_COLUMNS.index(column) for column in HEADING_COLUMNS]
    conn.executemany(
        f"INSERT INTO title_headings (rowid, {', '.join(HEADING_COLUMNS)}) VALUES (?, {_placeholders(len(HEADING_COLUMNS))})",  # noqa: S608
        [(doc_id, *(row.text[index] for index in heading_indexes)) for doc_id, row in zip(ids, rows, strict=True)],
    )
    conn.executemany(
        "INSERT INTO pairs (rowid, pair) VALUES (?, ?)",
        [(doc_id, row.pairs) for doc_id, row in zip(ids, rows, strict=True)],
    )
    compounds = {word for row in rows for word in row.compounds}
    foldable = {word for row in rows for word in row.folding}
    if known_words is not None:
        compounds -= known_words
        foldable -= known_words
        known_words |= compounds | foldable
    conn.executemany(
        "INSERT OR IGNORE INTO word_parts (part, word, head) VALUES (?, ?, ?)",
        [(part, word, int(head)) for word in compounds for part, head in part_keys(word)],
    )
    conn.executemany(
        "INSERT OR IGNORE INTO folded_words (folded, word) VALUES (?, ?)", [(fold(word), word) for word in foldable]
    )
    conn.executemany(
        "INSERT OR IGNORE INTO acronyms (word) VALUES (?)",
        [(word,) for word in {w for row in rows for w in row.acronyms}],
    )
    _store_average_length(conn)


def _facet_numbers(conn: sqlite3.Connection, rows: list[_Row]) -> list[tuple[int, int]]:
    """documents.facet_no and topics_no for each row, numbering the keys not seen yet."""
    keys = []
    for row in rows:
        content_type, language, year = row.meta[4], row.meta[5], row.meta[6]
        facet_key = _KEY_SEPARATOR.join((content_type, language, "" if year is None else str(year)))
        keys.append((facet_key, _KEY_SEPARATOR.join(sorted(set(row.topics)))))
    numbers: list[dict[str, int]] = []
    for table, wanted in (("facet_keys", sorted({k for k, _ in keys})), ("topic_sets", sorted({t for _, t in keys}))):
        conn.executemany(f"INSERT OR IGNORE INTO {table} (key) VALUES (?)", [(key,) for key in wanted])  # noqa: S608
        found: dict[str, int] = {}
        for chunk in _chunks(wanted):
            sql = f"SELECT key, no FROM {table} WHERE key IN ({_placeholders(len(chunk))})"  # noqa: S608
            found.update(conn.execute(sql, chunk).fetchall())
        numbers.append(found)
    return [(numbers[0][facet_key], numbers[1][topics]) for facet_key, topics in keys]


def _compounds_with(conn: sqlite3.Connection, stems: tuple[str, ...]) -> tuple[tuple[str, bool], ...]:
    """Indexed compounds with one of these stems as a dictionary part, shortest first,
    each with whether the part is its head."""
    rows = conn.execute(
        f"SELECT word, max(head) FROM word_parts WHERE part IN ({_placeholders(len(stems))}) "  # noqa: S608
        "GROUP BY word ORDER BY length(word), word LIMIT ?",
        (*stems, 4 * MAX_COMPOUND_WORDS),  # room for the inflections plan_query drops
    )
    return tuple((word, bool(head)) for word, head in rows)


def _known_acronyms(conn: sqlite3.Connection, words: Iterable[str]) -> frozenset[str]:
    words = list(dict.fromkeys(words))
    if not words:
        return frozenset()
    rows = conn.execute(f"SELECT word FROM acronyms WHERE word IN ({_placeholders(len(words))})", words)  # noqa: S608
    return frozenset(word for (word,) in rows)


def _unfolded(conn: sqlite3.Connection, words: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """For each query word, the indexed words with æ, ø or å that fold to it (or to its
    form with "oe" typed for ø): 'divisjonsdirektorene' → ('divisjonsdirektørene',).
    One query for all the words."""
    keys = {word: {fold(word), fold(word).replace("oe", "o")} for word in dict.fromkeys(words)}
    wanted = sorted(set().union(*keys.values())) if keys else []
    if not wanted:
        return {}
    by_key: dict[str, list[str]] = {}
    for folded, other in conn.execute(
        f"SELECT folded, word FROM folded_words WHERE folded IN ({_placeholders(len(wanted))}) ORDER BY folded, word",  # noqa: S608
        wanted,
    ):
        by_key.setdefault(folded, []).append(other)
    found: dict[str, tuple[str, ...]] = {}
    for word, word_keys in keys.items():
        others = [other for key in sorted(word_keys) for other in by_key.get(key, ()) if other != word]
        if others:
            found[word] = tuple(dict.fromkeys(others))[:8]
    return found


def _copy_changes(conn: sqlite3.Connection, started_seq: int) -> None:
    """Bring documents written or deleted in the live file after ``started_seq`` into main."""
    deleted = [key for (key,) in conn.execute("SELECT key FROM live.tombstones WHERE seq > ?", (started_seq,))]
    _remove_keys(conn, deleted)
    _store_average_length(conn)
    rows = []
    columns = ", ".join(f"f.{column}" for column in FTS_COLUMNS)
    changed = conn.execute(
        f"""
        SELECT d.id, d.key, d.page_id, d.url, d.title, d.title_folded, d.content_type, d.language, d.year,
               d.breadcrumbs, d.display_date, d.changed_at, d.length, {columns}
        FROM live.documents AS d JOIN live.fts AS f ON f.rowid = d.id
        WHERE d.seq > ?
        """,  # noqa: S608
        (started_seq,),
    ).fetchall()
    for record in changed:
        topics = tuple(
            topic for (topic,) in conn.execute("SELECT topic FROM live.document_topics WHERE doc_id = ?", (record[0],))
        )
        text = tuple(record[2 + _META_COLUMNS :])
        unstemmed = text[: len(UNSTEMMED_COLUMNS)]
        tokens = [tokenize(column) for column in unstemmed]
        rows.append(
            _Row(
                key=record[1],
                meta=tuple(record[2 : 2 + _META_COLUMNS]),
                topics=topics,
                text=text,
                acronyms=_written_acronyms(unstemmed),
                folding=_foldable(tokens),
                compounds=frozenset(compound_words(*tokens[:4])),
            )
        )
    if rows:
        _write_rows(conn, rows, seq=0)
    if rows or deleted:
        logger.info("Carried %d changed and %d deleted documents into the rebuilt index", len(rows), len(deleted))


def _store_synonyms(conn: sqlite3.Connection, groups: list[tuple[str, ...]]) -> None:
    conn.execute("DELETE FROM synonyms")
    conn.executemany(
        "INSERT INTO synonyms (group_no, position, term) VALUES (?, ?, ?)",
        [(number, position, term) for number, group in enumerate(groups) for position, term in enumerate(group)],
    )


def _load_synonyms(conn: sqlite3.Connection) -> list[tuple[str, ...]]:
    groups: dict[int, list[str]] = {}
    for number, term in conn.execute("SELECT group_no, term FROM synonyms ORDER BY group_no, position"):
        groups.setdefault(number, []).append(term)
    return [tuple(terms) for terms in groups.values()]


def _but_topic(flags: list[str]) -> str:
    """Whether a row passes every filter of _filter_flags but the topic's (others_ok)."""
    return f"({flags[0]}) AND ({flags[2]}) AND ({flags[3]})"


def _filter_flags(query: SearchQuery) -> tuple[list[str], dict]:
    """SQL expressions (type, topic, language, year) telling whether a row passes that facet's filter."""
    params: dict[str, object] = {}

    def among(column: str, name: str, values: tuple) -> str:
        if not values:
            return "1"
        names = []
        for index, value in enumerate(values):
            params[f"{name}{index}"] = value
            names.append(f":{name}{index}")
        return f"{column} IN ({', '.join(names)})"

    years = tuple(int(year) for year in query.years if str(year).lstrip("-").isdigit())
    topic_test = among("t.topic", "topic", tuple(query.topics))
    topic_flag = (
        "1"
        if not query.topics
        else f"EXISTS (SELECT 1 FROM document_topics AS t WHERE t.doc_id = d.id AND {topic_test})"  # noqa: S608
    )
    flags = [
        among("d.content_type", "type", tuple(query.types)),
        topic_flag,
        among("d.language", "language", tuple(query.languages)),
        among("d.year", "year", years) if query.years else "1",
    ]
    return flags, params


class _EveryPage(NamedTuple):
    """The facet groups of every page under one query's filters (the pages per facet_no
    that pass the topic filter, and per topics_no that pass the others), and the keys
    of the numbers: what counting by complement subtracts the pages that do not match from."""

    facets: dict[int, int]
    topics: dict[int, int]
    facet_keys: dict[int, str]
    topic_sets: dict[int, str]


class _Groups(NamedTuple):
    """Some pages counted apart from the ranking: how many there are, how many per
    facet_no pass the topic filter, and how many per topics_no pass the others. Either
    the matches, or (``complement``) the pages that do not match, which every page's
    groups less them give the matches' counts."""

    complement: bool
    pages: int
    facets: dict[int, int]
    topics: dict[int, int]


def _groups_of(
    conn: sqlite3.Connection, table: str, expression: str, query: SearchQuery, complement: bool, limit: int = -1
) -> _Groups:
    """The facet groups of the pages of ``table`` (fts or presence) that match
    ``expression``, counted up to ``limit``.

    SQLite hands over each group's numbers as one list in a string, counted here: a
    table of the pages grouped twice, or a row per page, costs more than the reading."""
    flags, params = _filter_flags(query)
    facets, topics, pages = conn.execute(
        f"""
        SELECT group_concat(facet_no), group_concat(topics_no), count(*) FROM (
            SELECT CASE WHEN {flags[1]} THEN d.facet_no END AS facet_no,
                   CASE WHEN {_but_topic(flags)} THEN d.topics_no END AS topics_no
            FROM {table} CROSS JOIN facts AS d ON d.id = {table}.rowid
            WHERE {table} MATCH :expression LIMIT :limit
        )
        """,  # noqa: S608 -- only our own table and column names and placeholders are formatted in
        {**params, "expression": expression, "limit": limit},
    ).fetchone()
    return _Groups(complement, pages, _counted_numbers(facets), _counted_numbers(topics))


def _counted_numbers(listed: str | None) -> dict[int, int]:
    """How often each number occurs in a comma-separated list (SQLite's group_concat)."""
    return {int(number): count for number, count in Counter(listed.split(",")).items()} if listed else {}


def _every_page_groups(conn: sqlite3.Connection, query: SearchQuery) -> _EveryPage:
    flags, params = _filter_flags(query)
    facets = f"SELECT facet_no, count(*) FROM facts AS d WHERE {flags[1]} GROUP BY 1"  # noqa: S608
    topics = f"SELECT topics_no, count(*) FROM facts AS d WHERE {_but_topic(flags)} GROUP BY 1"  # noqa: S608
    return _EveryPage(
        dict(conn.execute(facets, params).fetchall()),
        dict(conn.execute(topics, params).fetchall()),
        dict(conn.execute("SELECT no, key FROM facet_keys").fetchall()),
        dict(conn.execute("SELECT no, key FROM topic_sets").fetchall()),
    )


def _counts(
    conn: sqlite3.Connection, query: SearchQuery, grouped: tuple[_EveryPage, _Groups] | None = None
) -> tuple[int, dict[str, list[FacetValue]]]:
    """The total after filters and the facet counts of temp.matched (each facet ignores
    its own filter and respects the others); with ``grouped``, those of the matches'
    groups, or of every page less those of the pages that do not match (a complement,
    cheaper to read when they are few).

    Two grouped queries of one integer each, since grouping by several columns (or by
    text) costs SQLite a sort several times as slow: type, language and year by
    facet_no (their filters are tested here, on the few groups), the topics by
    topics_no among the pages that pass the other filters (others_ok)."""
    if grouped is None:
        facet_rows = conn.execute(
            "SELECT k.key, g.topic_ok, g.pages FROM (SELECT facet_no, topic_ok, count(*) AS pages FROM temp.matched "
            "GROUP BY 1, 2) AS g CROSS JOIN facet_keys AS k ON k.no = g.facet_no"
        ).fetchall()
        topic_rows = conn.execute(
            "SELECT k.key, g.pages FROM (SELECT topics_no, count(*) AS pages FROM temp.matched WHERE others_ok "
            "GROUP BY 1) AS g CROSS JOIN topic_sets AS k ON k.no = g.topics_no"
        ).fetchall()
    else:
        every, groups = grouped
        facets, topics = groups.facets, groups.topics
        if groups.complement:
            facets, topics = dict(every.facets), dict(every.topics)
            for number, pages in groups.facets.items():
                facets[number] -= pages
            for number, pages in groups.topics.items():
                topics[number] -= pages
        facet_rows = [(every.facet_keys[number], 1, pages) for number, pages in facets.items() if pages > 0]
        topic_rows = [(every.topic_sets[number], pages) for number, pages in topics.items() if pages > 0]
    type_ok, language_ok, year_ok = _filter_tests(query)
    total = 0
    counts: dict[str, dict[str, int]] = {name: {} for name in FACETS}

    def add(name: str, value: str, count: int) -> None:
        counts[name][value] = counts[name].get(value, 0) + count

    for facet_key, topic_ok, count in facet_rows:
        if not topic_ok:  # every facet here respects the topic filter
            continue
        content_type, language, year = facet_key.split(_KEY_SEPARATOR)
        passes_type, passes_language, passes_year = type_ok(content_type), language_ok(language), year_ok(year)
        if passes_type and passes_language and passes_year:
            total += count
        if passes_language and passes_year:
            add("type", content_type, count)
        if passes_type and passes_year:
            add("language", language, count)
        if passes_type and passes_language and year:  # a page without a year has no bucket
            add("year", year, count)
    for topic_set, count in topic_rows:
        for topic in topic_set.split(_KEY_SEPARATOR) if topic_set else ():
            add("topic", topic, count)
    selected = {name: {str(value) for value in values} for name, values in query.filters().items()}
    facets = {}
    for name in FACETS:
        for value in selected[name]:
            counts[name].setdefault(value, 0)
        facets[name] = _ordered_facet(name, counts[name], selected[name])
    return total, facets


def _filter_tests(query: SearchQuery) -> tuple[Callable[[str], bool], Callable[[str], bool], Callable[[str], bool]]:
    """For type, language and year (as facet_keys writes them): whether a value passes
    the query's filter, as the SQL of _filter_flags decides it."""

    def among(values: set[str]) -> Callable[[str], bool]:
        return values.__contains__ if values else lambda value: True

    years = {str(int(year)) for year in query.years if str(year).lstrip("-").isdigit()}
    return (
        among({str(value) for value in query.types}),
        among({str(value) for value in query.languages}),
        among(years),
    )


def _ordered_facet(name: str, counts: dict[str, int], selected: set[str]) -> list[FacetValue]:
    if name == "year":
        order = sorted(counts, key=lambda value: (-int(value) if value.lstrip("-").isdigit() else 0, value))
    else:
        order = sorted(counts, key=lambda value: (-counts[value], value))
    return [FacetValue(value=value, count=counts[value], selected=value in selected) for value in order]


def _empty_facets(query: SearchQuery) -> dict[str, list[FacetValue]]:
    selected = {name: [str(value) for value in values] for name, values in query.filters().items()}
    return {name: [FacetValue(value=value, count=0, selected=True) for value in selected[name]] for name in FACETS}


__all__ = ["BM25_WEIGHTS", "STEMMED_COLUMNS", "TOKENIZER", "UNSTEMMED_COLUMNS", "EmbeddedBackend", "prepare_row"]
