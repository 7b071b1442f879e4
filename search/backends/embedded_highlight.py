"""Highlighted titles and snippets for the embedded backend.

FTS5's own snippet() sees only the tokens of the column it is given, so a word found
through its stem ("fastlegen" for "fastlege") or as a compound part would go unmarked.
This highlighter applies the same rules the query used (word, stem, part, phrase)
to the stored unstemmed text. Everything that is not a mark is HTML-escaped.
"""

from __future__ import annotations

import html
import itertools
import re
from collections import deque
from collections.abc import Iterator
from functools import lru_cache

from ..text_analysis import normalise
from .embedded_query import HighlightRules, cached_stem, query_stems

SNIPPET_WORDS = 30
# Words shown before the first match, so a snippet does not start on the mark itself.
LEAD_WORDS = 6
# How far (in characters) one snippet reaches when counting the matches it would show.
_WINDOW_CHARS = 200
# Caps that keep a long text from costing more than a fraction of a millisecond: the
# richest window is looked for among the first matches of a field only.
_MAX_CANDIDATES = 400
_MAX_MATCHES = 60
# Text read at a time when looking for the needles (see Highlighter._needle_starts).
_CHUNK_CHARS = 2048

_WORD = re.compile(r"[^\W_]+")


class Highlighter:
    """Marks matches in one document's text, in that document's language."""

    def __init__(self, rules: HighlightRules, language: str):
        self.rules = rules
        self.language = language
        needles = set(rules.compounds)
        for word in rules.words:
            needles.add(word)
            if rules.stems:
                needles.update(_common_prefix(word, s) for s in query_stems(word) if s in rules.stems)
        needles.update(words[0] for _, words, _ in rules.phrases)
        needles = {needle for needle in needles if needle}
        # Longest first, so the regex prefers "fastlege" over "fast". Every needle is the
        # start of a token (a word, a stem's common prefix, a compound, a phrase's first
        # word), so the regex tries it only where a token starts: most positions of a long
        # text then fail on the look-behind alone.
        self._pattern = "|".join(re.escape(needle) for needle in sorted(needles, key=len, reverse=True))
        self._needle_list = _without_longer(needles)
        self._units = len(
            {*rules.words.values(), *rules.stems.values(), *rules.compounds.values(), *(u for u, _, _ in rules.phrases)}
        )

    def unit_of(self, token: str) -> int | None:
        """The query unit a lower-cased token satisfies on its own, or None."""
        rules = self.rules
        if token in rules.words:
            return rules.words[token]
        unit = rules.stems.get(cached_stem(token, self.language))
        if unit is not None:
            return unit
        return rules.compounds.get(token)

    def mark(self, text: str) -> str:
        """The whole text, escaped, with <mark> around every match."""
        return self._render(" ".join(text.split()))

    def snippet(self, fields: list[str], words: int = SNIPPET_WORDS) -> str:
        """About ``words`` words around the passage with the most distinct query words,
        from any field (earlier fields win ties); without any match, the opening words of
        the first non-empty field. The first field with a passage that holds every query
        word is taken without reading the fields after it (a long body, an attached PDF)."""
        best: tuple[tuple[int, int, int], str, int] | None = None
        for order, text in enumerate(fields):
            found = self._best_window(text) if text else None
            if found is None:
                continue
            (units, count), start = found
            rank = (units, count, -order)
            if best is None or rank > best[0]:
                best = (rank, text, start)
            if units >= self._units:
                break
        if best is None:
            opening = next((text for text in fields if text and text.strip()), "")
            return self._excerpt(opening, 0, words)
        _, text, start = best
        return self._excerpt(text, _lead_start(text, start), words)

    # -- internals --------------------------------------------------------------

    def _best_window(self, text: str) -> tuple[tuple[int, int], int] | None:
        """((distinct units, matches), start offset) of the window (the matches within
        _WINDOW_CHARS of one) to show, or None: the first with every unit, found without
        reading on; else the one with the most distinct units, then the most matches,
        among the first matches (_MAX_MATCHES)."""
        best: tuple[tuple[int, int], int] | None = None
        window: deque[tuple[int, int]] = deque()  # the matches within reach of the first
        for match in self._matches(text):
            while window and match[0] - window[0][0] >= _WINDOW_CHARS:
                best = _richer(best, window)  # nothing later falls in the first one's window
                window.popleft()
            window.append(match)
            units = len({unit for _, unit in window})
            if units >= self._units:
                return (units, len(window)), window[0][0]
        while window:
            best = _richer(best, window)
            window.popleft()
        return best

    def _matches(self, text: str) -> Iterator[tuple[int, int]]:
        """(token start, unit) for matching tokens, in order, found through the needles
        (with str.find, or the needles regex) so a long text is scanned in C rather
        than token by token in Python."""
        if not self._needle_list:
            return
        found = 0
        for count, start in enumerate(self._needle_starts(text)):
            if count >= _MAX_CANDIDATES or found >= _MAX_MATCHES:
                return
            token = _WORD.match(text, start)
            if token is None:
                continue
            word = normalise(token.group())
            unit = self.unit_of(word)
            if unit is None:
                unit = self._phrase_unit_at(word, text, token.end())
            if unit is not None:
                found += 1
                yield start, unit

    def _needle_starts(self, text: str) -> Iterator[int]:
        """The token starts where a needle begins, in order and each once, ignoring case: what the
        needles regex finds, found faster with str.find on the case-folded text (the
        needles are case-folded tokens). The text is read _CHUNK_CHARS at a time, so a
        long body is read only as far as the candidates the caller takes. Where folding
        changes a chunk's length ("ß" → "ss"), offsets would not line up: the regex runs
        over the rest of the text instead."""
        reach = max(map(len, self._needle_list)) - 1  # a needle may start in a chunk and end in the next
        for chunk_start in range(0, len(text), _CHUNK_CHARS):
            chunk_end = chunk_start + _CHUNK_CHARS
            piece = text[chunk_start : chunk_end + reach]
            lowered = piece.casefold()
            if len(lowered) != len(piece):
                yield from (hit.start() for hit in _needles_regex(self._pattern).finditer(text, chunk_start))
                return
            starts: set[int] = set()
            for needle in self._needle_list:
                position = lowered.find(needle)
                while 0 <= position < _CHUNK_CHARS:
                    start = chunk_start + position
                    if start == 0 or not text[start - 1].isalnum():
                        starts.add(start)
                    position = lowered.find(needle, position + 1)
            yield from sorted(starts)

    def _phrase_unit_at(self, token: str, text: str, end: int) -> int | None:
        """The unit of a phrase that starts with this token (ending at ``end``) and whose
        other words follow it in the text, as _render marks phrases."""
        following: list[str] | None = None
        for unit, words, by_stem in self.rules.phrases:
            if words[0] != token:
                continue
            if following is None:
                longest = max(len(phrase) for _, phrase, _ in self.rules.phrases) - 1
                following = [normalise(word.group()) for word in itertools.islice(_WORD.finditer(text, end), longest)]
            if self._is_phrase(following[: len(words) - 1], words[1:], by_stem):
                return unit
        return None

    def _is_phrase(self, window: list[str], phrase: tuple[str, ...], by_stem: bool) -> bool:
        """Whether these tokens are the phrase's words: as typed, or (``by_stem``) by stem."""
        if len(window) != len(phrase):
            return False
        if not by_stem:
            return tuple(window) == phrase
        return all(
            word == expected or cached_stem(word, self.language) in _stems_of(expected)
            for word, expected in zip(window, phrase, strict=True)
        )

    def _excerpt(self, text: str, start: int, words: int) -> str:
        tokens = _WORD.finditer(text, start)
        end = start
        for count, token in enumerate(tokens, start=1):
            end = token.end()
            if count >= words:
                break
        # Keep a closing full stop or similar that ends the last word's sentence.
        while end < len(text) and not text[end].isspace() and not text[end].isalnum() and end - start < 2000:
            end += 1
        body = self._render(" ".join(text[start:end].split()))
        prefix = "… " if text[:start].strip() else ""
        suffix = " …" if text[end:].strip() else ""
        return f"{prefix}{body}{suffix}"

    def _render(self, text: str) -> str:
        tokens = list(_WORD.finditer(text))
        folded = [normalise(token.group()) for token in tokens]
        marked = [self.unit_of(word) is not None for word in folded]
        for _, phrase, by_stem in self.rules.phrases:
            self._mark_phrase(folded, marked, phrase, by_stem)
        # Escaping runs of text between marks gives what escaping token by token gives
        # (html.escape replaces characters one by one), in far fewer calls.
        pieces: list[str] = []
        position = 0
        for token, is_marked in zip(tokens, marked, strict=True):
            if is_marked:
                pieces.append(html.escape(text[position : token.start()]))
                pieces.append(f"<mark>{html.escape(token.group())}</mark>")
                position = token.end()
        pieces.append(html.escape(text[position:]))
        return "".join(pieces)

    def _mark_phrase(self, folded: list[str], marked: list[bool], phrase: tuple[str, ...], by_stem: bool) -> None:
        size = len(phrase)
        for index in range(len(folded) - size + 1):
            if self._is_phrase(folded[index : index + size], phrase, by_stem):
                for offset in range(size):
                    marked[index + offset] = True


@lru_cache(maxsize=4096)
def _stems_of(word: str) -> frozenset[str]:
    """A phrase word's stems in bokmål/nynorsk and English (the visitor's language is unknown)."""
    return frozenset(cached_stem(word, language) for language in ("nb", "en"))


@lru_cache(maxsize=256)
def _needles_regex(pattern: str) -> re.Pattern:
    """The needles as one regex, compiled only for the rare text that str.find cannot search."""
    return re.compile(rf"(?<![^\W_])(?:{pattern})", re.IGNORECASE)


def _richer(best: tuple[tuple[int, int], int] | None, window: deque[tuple[int, int]]) -> tuple[tuple[int, int], int]:
    """The better of the best window so far and this one: more distinct units, then more
    matches; the earlier on a tie."""
    score = (len({unit for _, unit in window}), len(window))
    return best if best is not None and best[0] >= score else (score, window[0][0])


def _without_longer(needles: set[str]) -> tuple[str, ...]:
    """The needles, sorted, without those another needle starts ("fastlegeordningen"
    after "fastleg"): every needle is sought at token starts only, so the shorter one
    finds the same starts, and a part's compounds (up to MAX_COMPOUND_WORDS of them) seldom
    need a pass of their own over the text."""
    kept: list[str] = []
    for needle in sorted(needles):
        # Sorted, every needle that starts with a kept one comes right after it.
        if not kept or not needle.startswith(kept[-1]):
            kept.append(needle)
    return tuple(kept)


def _common_prefix(word: str, stem: str) -> str:
    """The part a word and its stem share: English stems may rewrite the ending
    ("study" → "studi"), so the needle for the raw text stops where they differ."""
    length = 0
    for a, b in zip(word, stem, strict=False):
        if a != b:
            break
        length += 1
    return word[: max(length, 2)]


def _lead_start(text: str, match_start: int) -> int:
    """Start a few words before the match, at a word boundary."""
    before = list(_WORD.finditer(text, max(0, match_start - 120), match_start))
    if len(before) <= LEAD_WORDS:
        # Close to the beginning of the field: start there if it is near.
        return 0 if match_start < 120 else before[0].start() if before else match_start
    return before[-LEAD_WORDS].start()
