""" "Did you mean" for the embedded backend, from the index's own vocabulary.

Candidates come from an fts5vocab table over the unstemmed columns, read by term range
(words sharing the first letters) so no query walks the whole vocabulary: a wrong first
letter ("vastlege") is not corrected. Among words
within a small edit distance the closest wins, then the most frequent.
"""

from __future__ import annotations

import re
import sqlite3

from ..query_syntax import clean_query_text
from ..text_analysis import STOPWORDS, normalise
from .embedded_query import STEM_MARK, STEMMED_COLUMNS, UNSTEMMED_COLUMNS, query_stems

# Words this short get at most one edit; "far" → "får" must never be a suggestion for
# a word that simply is not in the index.
SHORT_WORD = 5
_WORD = re.compile(r"[^\W_]+")


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance (insert, delete, substitute, swap two
    neighbours); returns ``limit + 1`` as soon as the distance must exceed the limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def _columns(names: tuple[str, ...]) -> str:
    return ", ".join(f"'{name}'" for name in names)


_IN_UNSTEMMED = _columns(UNSTEMMED_COLUMNS)
_IN_STEMMED = _columns(STEMMED_COLUMNS)


def is_known(conn: sqlite3.Connection, word: str) -> bool:
    """True when the word, or one of its stems, occurs anywhere in the index."""
    if conn.execute(
        f"SELECT 1 FROM vocab WHERE term = ? AND col IN ({_IN_UNSTEMMED}) LIMIT 1",  # noqa: S608
        (word,),
    ).fetchone():
        return True
    for stem in query_stems(word):
        if conn.execute(
            f"SELECT 1 FROM vocab WHERE term = ? AND col IN ({_IN_STEMMED}) LIMIT 1",  # noqa: S608
            (STEM_MARK + stem,),
        ).fetchone():
            return True
    return False


def correction(conn: sqlite3.Connection, word: str) -> str | None:
    """The closest frequent indexed word to a word the index does not know, or None."""
    limit = 1 if len(word) <= SHORT_WORD else 2
    # Narrow ranges first (the first two letters as typed, swapped, or the second one
    # missing or extra); the whole first-letter range only when they find nothing.
    narrow = dict.fromkeys((word[:2], word[1::-1], word[0] + word[2:3]))
    for heads in (narrow, (word[:1],)):
        best = _closest(conn, word, limit, heads)
        if best:
            return best
    return None


def _closest(conn: sqlite3.Connection, word: str, limit: int, heads) -> str | None:
    best: tuple[int, int, str] | None = None
    for head in heads:
        if not head:
            continue
        upper = head[:-1] + chr(ord(head[-1]) + 1)
        rows = conn.execute(
            f"""
            SELECT term, sum(doc) FROM vocab
            WHERE term >= ? AND term < ? AND col IN ({_IN_UNSTEMMED}) AND length(term) BETWEEN ? AND ?
            GROUP BY term
            """,  # noqa: S608
            (head, upper, len(word) - limit, len(word) + limit),
        )
        for term, documents in rows:
            if term == word or term.isdigit():
                continue
            distance = edit_distance(word, term, limit)
            if distance > limit:
                continue
            rank = (distance, -documents, term)
            if best is None or rank < best:
                best = rank
    return best[2] if best else None


def suggest(conn: sqlite3.Connection, text: str, words: tuple[str, ...]) -> str | None:
    """The visitor's query text with each unknown word replaced by its correction."""
    corrections: dict[str, str] = {}
    for word in dict.fromkeys(words):
        if len(word) < 3 or word.isdigit() or word in STOPWORDS or is_known(conn, word):
            continue
        fixed = correction(conn, word)
        if fixed:
            corrections[word] = fixed
    if not corrections:
        return None
    cleaned = clean_query_text(text)
    return _WORD.sub(lambda match: corrections.get(normalise(match.group()), match.group()), cleaned)
