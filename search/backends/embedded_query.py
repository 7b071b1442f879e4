"""From a visitor's parsed query to an FTS5 MATCH expression for the embedded index.

Every token that reaches FTS5 comes out of ``search.text_analysis.tokenize`` (letters and
digits only) and is double-quoted, so nothing a visitor types can become FTS5 syntax
(NEAR, AND, *, ^, column filters, parentheses). The plan also says which words,
stems, compound parts and phrases the highlighter should mark.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from ..query_syntax import ParsedQuery
from ..text_analysis import STOPWORDS, stem, tokenize

# Unstemmed columns (exact words, phrases, snippets) and their stemmed shadows, in the
# order of the FTS5 table. The compound columns list a document's long words once each,
# so a compound found by its part ("lege" → "fastlegeordningen") counts once: those of
# the title and headings twice over (weighed high when the part is the compound's head,
# low when it is not; see is_head), and those of the summary and body.
# Breadcrumbs (the titles above a page in its section) let a chapter be found by its report's title.
UNSTEMMED_COLUMNS = ("title", "headings", "summary", "body", "breadcrumbs", "footnotes", "attachments")
STEMMED_COLUMNS = tuple(f"{column}_s" for column in UNSTEMMED_COLUMNS)
COMPOUND_COLUMNS = ("title_compounds", "title_compounds_weak", "compounds")
FTS_COLUMNS = (*UNSTEMMED_COLUMNS, *STEMMED_COLUMNS, *COMPOUND_COLUMNS)

# A compound part must be at least this long to be looked for inside longer words
# ("lege" in "fastlegeordningen"); shorter parts match too much ("tak", "bil").
MIN_PART = 4
# Only words at least this long can be compounds of such a part and something else.
MIN_COMPOUND = 6
# At most this many indexed words containing a part are searched for it (shortest first):
# each is one more phrase for bm25 to score, and the cost grows with them.
MAX_COMPOUND_WORDS = 64

_ALL_UNSTEMMED = "{" + " ".join(UNSTEMMED_COLUMNS) + "}"
_ALL_STEMMED = "{" + " ".join(STEMMED_COLUMNS) + "}"
_HEAD_COMPOUNDS = "{title_compounds compounds}"
_MODIFIER_COMPOUNDS = "{title_compounds_weak compounds}"


# snowballstemmer's stemmer objects keep the word being stemmed in instance state: two
# threads stemming with one object corrupt each other (IndexError inside find_among_b).
# text_analysis keeps one stemmer per thread; this lock around every stem the backend
# needs stays as a second guard.
_STEMMER_LOCK = threading.Lock()


@lru_cache(maxsize=200_000)
def cached_stem(word: str, language: str) -> str:
    """search.text_analysis.stem with a cache (word frequencies are skewed, so indexing 10,000
    documents stems a few thousand distinct words, not millions) and a lock."""
    with _STEMMER_LOCK:
        return stem(word, language)


def query_stems(word: str) -> set[str]:
    """The stems a query word may have in bokmål/nynorsk or English, since the visitor's
    language is unknown, through the cache: 'reports' → {'report', 'reports'}."""
    return {cached_stem(word, language) for language in ("nb", "en")}


def stem_tokens(tokens: list[str], language: str) -> str:
    """Every token stemmed, joined by spaces (the shadow text the index stores), through the cache."""
    return " ".join(cached_stem(token, language) for token in tokens)


def compound_words(*token_lists: list[str]) -> list[str]:
    """The distinct long words of these token lists: the compounds a part may be found in."""
    words: set[str] = set()
    for tokens in token_lists:
        words.update(token for token in tokens if len(token) >= MIN_COMPOUND and token.isalpha())
    return sorted(words)


@lru_cache(maxsize=100_000)
def suffixes(word: str) -> tuple[str, ...]:
    """Every suffix of at least MIN_PART letters, the word itself included.

    Stored once per distinct word (not per document), they turn "which words contain
    'lege'?" into a prefix range on an ordinary index: suffixes starting with "lege".
    """
    return tuple(word[start:] for start in range(len(word) - MIN_PART + 1))


def part_needles(word: str) -> tuple[str, ...]:
    """What a query word looks for inside compounds: the word itself and its longer stems
    ("ordningen" → "ordningen", "ordning"); a short stem like "list" would match
    "spesialist", so stems need five letters."""
    if len(word) < MIN_PART or not word.isalpha():
        return ()
    needles = {word} | {s for s in query_stems(word) if len(s) >= MIN_PART + 1}
    return tuple(sorted(needles))


def quote(token: str) -> str:
    """An FTS5 string: the token between double quotes, inner quotes doubled."""
    return '"' + token.replace('"', '""') + '"'


@dataclass(frozen=True)
class Unit:
    """One thing a query asks for: a word with its synonyms, or an exact phrase.

    ``alternatives`` are word sequences, any of which satisfies the unit. A one-word
    alternative matches by word, stem or compound part; a longer one as a phrase (by
    stems, for synonyms). ``exact`` units (quoted phrases) match unstemmed words only.
    """

    alternatives: tuple[tuple[str, ...], ...]
    exact: bool = False

    def expression(self, compounds: dict[str, tuple[str, ...]]) -> str:
        branches: list[str] = []
        for words in self.alternatives:
            if self.exact:
                branches.append(f"{_ALL_UNSTEMMED} : {quote(' '.join(words))}")
            elif len(words) == 1:
                branches.append(_word_expression(words[0], compounds.get(words[0], ())))
            else:
                branches.append(_phrase_by_stems_expression(words))
        return "(" + " OR ".join(branches) + ")"


def _word_expression(word: str, compounds: tuple[str, ...] = ()) -> str:
    stems = " OR ".join(quote(s) for s in sorted(query_stems(word)))
    branches = [f"{_ALL_STEMMED} : ({stems})", f"{_ALL_UNSTEMMED} : {quote(word)}"]
    needles = part_needles(word)
    heads = [compound for compound in compounds if is_head(compound, needles)]
    modifiers = [compound for compound in compounds if not is_head(compound, needles)]
    # A compound is a kind of its last part: "arbeidsbelastning" is a "belastning", so in
    # a title it counts much; "fastlegekonferansen" is no kind of "fastlege": it counts little.
    if heads:
        branches.append(f"{_HEAD_COMPOUNDS} : (" + " OR ".join(map(quote, heads)) + ")")
    if modifiers:
        branches.append(f"{_MODIFIER_COMPOUNDS} : (" + " OR ".join(map(quote, modifiers)) + ")")
    return "(" + " OR ".join(branches) + ")"


# Longest inflection ending after a compound's last part: -en, -ene, -ar, -ane, -enes.
_MAX_ENDING = 4


def is_head(compound: str, needles: tuple[str, ...]) -> bool:
    """True when a part is the compound's last part (give or take an ending)."""
    for needle in needles:
        at = compound.rfind(needle)
        if at > 0 and len(compound) - at - len(needle) <= _MAX_ENDING:
            return True
    return False


def _phrase_by_stems_expression(words: tuple[str, ...]) -> str:
    phrases = {" ".join(cached_stem(word, language) for word in words) for language in ("nb", "en")}
    stemmed = " OR ".join(quote(phrase) for phrase in sorted(phrases))
    return f"({_ALL_STEMMED} : ({stemmed}) OR {_ALL_UNSTEMMED} : {quote(' '.join(words))})"


@dataclass(frozen=True)
class HighlightRules:
    """Which tokens of a document's text count as matches, each tied to its unit."""

    words: dict[str, int] = field(default_factory=dict)
    stems: dict[str, int] = field(default_factory=dict)
    parts: dict[str, int] = field(default_factory=dict)
    # (unit, words, by_stem): sequences marked only where they occur in order.
    phrases: tuple[tuple[int, tuple[str, ...], bool], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.words or self.stems or self.parts or self.phrases)


class SynonymTable:
    """The editors' groups, looked up by word sequence or by its stems."""

    def __init__(self, groups: list[tuple[str, ...]]):
        self.groups: list[tuple[tuple[str, ...], ...]] = []
        self._lookup: dict[tuple[str, ...], int] = {}
        self.longest = 0
        for group in groups:
            members = tuple(dict.fromkeys(words for words in (tuple(tokenize(term)) for term in group) if words))
            if len(members) < 2:
                continue
            number = len(self.groups)
            self.groups.append(members)
            for words in members:
                self._lookup.setdefault(words, number)
                self._lookup.setdefault(_stems_key(words), number)
                self.longest = max(self.longest, len(words))

    def group_at(self, terms: tuple[str, ...], start: int) -> tuple[int, tuple[str, ...]] | None:
        """The longest synonym found at ``terms[start:]``: (how many terms, members)."""
        for length in range(min(self.longest, len(terms) - start), 0, -1):
            words = terms[start : start + length]
            number = self._lookup.get(words)
            if number is None:
                number = self._lookup.get(_stems_key(words))
            if number is not None:
                return length, self.groups[number]
        return None


def _stems_key(words: tuple[str, ...]) -> tuple[str, ...]:
    # Marked so a stem sequence never collides with a word sequence.
    return ("\x00stem", *(cached_stem(word, "nb") for word in words))


@dataclass(frozen=True)
class QueryPlan:
    """The units to match, the exclusions, and for each single word the indexed
    compounds that contain it."""

    units: tuple[Unit, ...]
    excluded: tuple[tuple[str, ...], ...]
    compounds: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not self.units

    def match_expression(self, require_all: bool = True) -> str:
        """Units joined by AND (or OR, for the relaxed retry), minus the exclusions."""
        joiner = " AND " if require_all else " OR "
        positive = "(" + joiner.join(unit.expression(self.compounds) for unit in self.units) + ")"
        if not self.excluded:
            return positive
        negative = " OR ".join(_excluded_expression(words) for words in self.excluded)
        return f"{positive} NOT ({negative})"

    def highlight_rules(self) -> HighlightRules:
        words: dict[str, int] = {}
        stems: dict[str, int] = {}
        parts: dict[str, int] = {}
        phrases: list[tuple[int, tuple[str, ...], bool]] = []
        for number, unit in enumerate(self.units):
            for alternative in unit.alternatives:
                if len(alternative) > 1:
                    phrases.append((number, alternative, not unit.exact))
                    continue
                word = alternative[0]
                words.setdefault(word, number)
                for s in query_stems(word):
                    stems.setdefault(s, number)
                for needle in part_needles(word):
                    parts.setdefault(needle, number)
        return HighlightRules(words, stems, parts, tuple(phrases))


def _compounds_of(word: str, find_compounds: Callable[[str], tuple[str, ...]]) -> tuple[str, ...]:
    """Indexed words containing ``word`` (or its longer stems), without its own inflections,
    which the stemmed columns find already."""
    stems = query_stems(word)
    found: dict[str, None] = {}
    for needle in part_needles(word):
        found.update(dict.fromkeys(find_compounds(needle)))
    compounds = [candidate for candidate in found if not query_stems(candidate) & stems]
    return tuple(compounds[:MAX_COMPOUND_WORDS])


def _excluded_expression(words: tuple[str, ...]) -> str:
    if len(words) == 1:
        return _word_expression(words[0])
    return f"({_ALL_UNSTEMMED} : {quote(' '.join(words))})"


def plan_query(
    parsed: ParsedQuery, synonyms: SynonymTable, find_compounds: Callable[[str], tuple[str, ...]]
) -> QueryPlan:
    """Group the parsed query into units: synonyms expand (longest match first), stop
    words drop out unless nothing else is left, phrases stay exact. ``find_compounds``
    lists the indexed words that contain a part."""
    units: list[Unit] = []
    plain: list[str] = []
    position = 0
    while position < len(parsed.terms):
        found = synonyms.group_at(parsed.terms, position)
        if found:
            length, members = found
            units.append(Unit(alternatives=members))
            position += length
        else:
            plain.append(parsed.terms[position])
            position += 1
    content = [word for word in plain if word not in STOPWORDS]
    if not content and not units and not parsed.phrases:
        content = plain
    units.extend(Unit(alternatives=((word,),)) for word in dict.fromkeys(content))
    units.extend(Unit(alternatives=(phrase,), exact=True) for phrase in dict.fromkeys(parsed.phrases))
    excluded = tuple(dict.fromkeys([(word,) for word in parsed.excluded] + list(parsed.excluded_phrases)))
    compounds: dict[str, tuple[str, ...]] = {}
    for unit in units:
        for words in unit.alternatives:
            if len(words) == 1 and not unit.exact and words[0] not in compounds:
                compounds[words[0]] = _compounds_of(words[0], find_compounds)
    return QueryPlan(units=tuple(units), excluded=excluded, compounds=compounds)
