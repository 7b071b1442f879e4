"""From a visitor's parsed query to an FTS5 MATCH expression for the embedded index.

Every token that reaches FTS5 comes out of ``search.text_analysis.tokenize`` (letters and
digits only) and is double-quoted, so nothing a visitor types can become FTS5 syntax
(NEAR, AND, *, ^, column filters, parentheses). The plan also says which words,
stems, compound parts and phrases the highlighter should mark.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from typing import NamedTuple

from .. import ranking
from ..compounds import MIN_COMPOUND, dictionary, parts_of, split_compound, strip_linking
from ..query_syntax import ParsedQuery
from ..text_analysis import STOPWORDS, stem, tokenize

# Unstemmed columns (exact words, phrases, snippets) and their stemmed shadows, in the
# order of the FTS5 table. The compound columns hold the dictionary parts (as stems) of
# a document's compounds (words the dictionary splits, search.compounds), each compound
# once, so a word finds the compounds it is part of ("lege" → "fastlegeordningen") by
# one token: the heads of the title's and headings' compounds (weighed high), their
# other parts (weighed low), and the parts of the summary's and body's compounds.
# Breadcrumbs (the titles above a page in its section) let a chapter be found by its report's title.
UNSTEMMED_COLUMNS = ("title", "headings", "summary", "body", "breadcrumbs", "footnotes", "attachments")
STEMMED_COLUMNS = tuple(f"{column}_s" for column in UNSTEMMED_COLUMNS)
COMPOUND_COLUMNS = ("title_compounds", "title_compounds_weak", "compounds")
FTS_COLUMNS = (*UNSTEMMED_COLUMNS, *STEMMED_COLUMNS, *COMPOUND_COLUMNS)

# At most this many indexed compounds containing a part are marked in snippets (shortest
# first). Matching needs no list: the part is a token of the compound columns.
MAX_COMPOUND_WORDS = 64

# Each stemmed column's token starts with STEM_MARK and each compound column's with
# PART_MARK: private-use characters, which tokenize() never yields (a visitor cannot
# type them into a query) and which prepare_row strips from a page's text. A token then
# names its kind of column, so a stem, a part or an exact word is matched without a
# column filter. FTS5 tests a column filter by reading every position of the token in
# every page (for a common word about three times the cost of its list of pages, once
# to match and once more for bm25's statistics); bm25 counts the same hits either way.
STEM_MARK = "\ue000"
PART_MARK = "\ue001"
# Every page's row of the presence table also holds EVERY_PAGE (a token of its own), so
# the pages that do not match an expression are one query: EVERY_PAGE NOT (expression).
# For a word most pages hold, they are far fewer than the pages that match it.
EVERY_PAGE = "\ue002"
MARKS = STEM_MARK + PART_MARK + EVERY_PAGE

_TITLE_UNSTEMMED = "{title headings}"
_TITLE_STEMMED = "{title_s headings_s}"


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
    """Every token stemmed and marked (STEM_MARK), joined by spaces: the shadow text the
    index stores, through the cache."""
    return " ".join(STEM_MARK + cached_stem(token, language) for token in tokens)


def stems_phrase(stems: str) -> str:
    """An FTS5 string for stems (one, or several as a phrase) as the stemmed columns hold them."""
    return quote(" ".join(STEM_MARK + stem for stem in stems.split()))


def _any_stem(stems: Iterable[str], mark: str = STEM_MARK) -> str:
    """Any of these stems, as the stemmed columns (or with PART_MARK the compound columns) hold them."""
    return "(" + " OR ".join(quote(mark + stem) for stem in sorted(stems)) + ")"


def compound_words(*token_lists: list[str]) -> list[str]:
    """The distinct words of these token lists that the dictionary splits into parts."""
    words: set[str] = set()
    for tokens in token_lists:
        words.update(token for token in tokens if len(token) >= MIN_COMPOUND and token.isalpha())
    return sorted(word for word in words if parts_of(word))


def compound_part_columns(title_words: list[str], body_words: list[str]) -> tuple[str, str, str]:
    """The compound columns' text (COMPOUND_COLUMNS order): the part stems (marked with
    PART_MARK) of the title's and headings' compounds, heads and other parts apart, and
    those of the summary's and body's compounds; each distinct compound's parts once."""
    heads: list[str] = []
    modifiers: list[str] = []
    parts: list[str] = []
    for word in title_words:
        for key, head in part_keys(word):
            (heads if head else modifiers).append(PART_MARK + key)
    for word in body_words:
        parts.extend(PART_MARK + key for key, _ in part_keys(word))
    return " ".join(heads), " ".join(modifiers), " ".join(parts)


def part_keys(word: str) -> list[tuple[str, bool]]:
    """(stem of part, is_head) for each part of a compound, as the index stores them, so
    a query word meets the parts by its stem: 'legevakten' → [('leg', False), ('vakt', True)]."""
    keys: dict[str, bool] = {}
    for part, head in parts_of(word):
        key = cached_stem(part, "nb")
        keys[key] = keys.get(key, False) or head
    return list(keys.items())


# The pairs table (embedded.SCHEMA) holds, for each page, every two stems that stand next
# to each other in one stemmed column, joined by PAIR_JOINER ("rapport_ordning"), with no
# positions: the phrase signal of two words is then one token's list of pages instead of
# a comparison of two common words' positions in every page. Pairs with a stop word's
# stem are left out (they are most of the pairs), so a query that has one uses the
# positions after all. A change to STOPWORDS changes which pairs are stored: bump
# embedded.SCHEMA_VERSION with it.
PAIR_JOINER = "_"
PAIR_TOKENIZER = f"unicode61 remove_diacritics 0 tokenchars '{PAIR_JOINER}'"
_PAIRLESS_STEMS = frozenset(stem(word, language) for word in STOPWORDS for language in ("nb", "en"))


def stem_pairs(stemmed_texts: tuple[str, ...]) -> str:
    """The pairs table's text for one page: each distinct pair of neighbouring stems in
    any of its stemmed columns (never across two columns), stop words' stems left out.
    The pairs are stored without STEM_MARK (the pairs table holds nothing else)."""
    pairs: dict[str, None] = {}
    for text in stemmed_texts:
        stems = text.replace(STEM_MARK, "").split()
        for first, second in pairwise(stems):
            if first not in _PAIRLESS_STEMS and second not in _PAIRLESS_STEMS:
                pairs[first + PAIR_JOINER + second] = None
    return " ".join(pairs)


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
    # An acronym ("alis"): the whole word only, never a stem or a part of another word.
    whole: bool = False
    # A compound's dictionary parts ("legevaktsamarbeid" → legevakt, samarbeid): a page
    # with every part, by stem, satisfies the unit too (below the compound itself).
    parts: tuple[str, ...] = ()

    def expression(self, compounds: dict[str, tuple[tuple[str, bool], ...]]) -> str:
        branches: list[str] = []
        for words in self.alternatives:
            if self.whole and len(words) == 1:
                branches.append(quote(words[0]))
            elif self.exact:
                branches.append(quote(" ".join(words)))
            elif len(words) == 1:
                branches.append(_word_expression(words[0], with_parts=bool(compounds.get(words[0]))))
            else:
                branches.append(_phrase_by_stems_expression(words))
        if self.parts:
            every = " AND ".join(_any_stem(query_stems(part)) for part in self.parts)
            branches.append(f"({every})")
        return "(" + " OR ".join(branches) + ")"

    def exact_expression(self) -> str:
        """The unit in exactly the typed form (or a synonym's), in any unstemmed column."""
        return "(" + " OR ".join(quote(" ".join(words)) for words in self.alternatives) + ")"

    def title_expression(self, filtered: bool = True) -> str:
        """The unit by word or stem in the title or headings. Without ``filtered``, the
        expression names no columns, for the title_headings table, whose columns are
        only the title and headings (as written, and stemmed with STEM_MARK)."""
        written, stemmed = (f"{_TITLE_UNSTEMMED} : ", f"{_TITLE_STEMMED} : ") if filtered else ("", "")
        branches = []
        for words in self.alternatives:
            branches.append(f"{written}{quote(' '.join(words))}")
            if not (self.exact or self.whole):
                stems = {" ".join(cached_stem(word, language) for word in words) for language in ("nb", "en")}
                branches.extend(f"{stemmed}{stems_phrase(phrase)}" for phrase in sorted(stems))
        return "(" + " OR ".join(branches) + ")"


def _word_expression(word: str, with_parts: bool = False) -> str:
    """The word by stem or as typed; ``with_parts`` (some indexed compound has it as a
    part) adds its stems among the compounds' parts."""
    stems = query_stems(word)
    branches = [_any_stem(stems), quote(word)]
    # A compound is a kind of its last part: "arbeidsbelastning" is a "belastning", so in
    # a title it counts much (title_compounds holds the heads); "fastlegekonferansen" is
    # no kind of "fastlege": it counts little (title_compounds_weak holds the other parts).
    if with_parts:
        branches.append(_any_stem(stems, PART_MARK))
    return "(" + " OR ".join(branches) + ")"


def _stem_pairs_expression(words: tuple[str, ...]) -> str | None:
    """The pairs table's expression for two words standing together (by stems), or None
    when the pairs table cannot tell (more or fewer than two words, or a stop word's stem)."""
    if len(words) != 2:
        return None
    phrases = {tuple(cached_stem(word, language) for word in words) for language in ("nb", "en")}
    if any(stem in _PAIRLESS_STEMS for phrase in phrases for stem in phrase):
        return None
    return "(" + " OR ".join(quote(PAIR_JOINER.join(phrase)) for phrase in sorted(phrases)) + ")"


def _stemmed_phrase_expression(words: tuple[str, ...]) -> str:
    """The words as a phrase of their stems (bokmål/nynorsk or English) in a stemmed column.

    Enough for the phrase signal: where the words stand together as typed, their stems
    stand together in the stemmed shadow of that column (a page is stemmed in its own
    language, which is one of the two), so the unstemmed columns would add no page and
    only cost a second read of the words' positions."""
    phrases = {" ".join(cached_stem(word, language) for word in words) for language in ("nb", "en")}
    return "(" + " OR ".join(stems_phrase(phrase) for phrase in sorted(phrases)) + ")"


def _phrase_by_stems_expression(words: tuple[str, ...]) -> str:
    phrases = {" ".join(cached_stem(word, language) for word in words) for language in ("nb", "en")}
    stemmed = " OR ".join(stems_phrase(phrase) for phrase in sorted(phrases))
    return f"(({stemmed}) OR {quote(' '.join(words))})"


@dataclass(frozen=True)
class HighlightRules:
    """Which tokens of a document's text count as matches, each tied to its unit."""

    words: dict[str, int] = field(default_factory=dict)
    stems: dict[str, int] = field(default_factory=dict)
    compounds: dict[str, int] = field(default_factory=dict)  # indexed compounds found by a part
    # (unit, words, by_stem): sequences marked only where they occur in order.
    phrases: tuple[tuple[int, tuple[str, ...], bool], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.words or self.stems or self.compounds or self.phrases)


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


class Signal(NamedTuple):
    """One ranking signal: its FTS5 expression and boost. A ``proximity`` signal (NEAR)
    compares the positions of the words in every page it reads, so for common words it
    is cheaper tested on the few best candidates than over the whole index (see
    embedded.PROXIMITY_SEEK_FROM); the others are cheaper matched once over the index
    than sought page by page.

    Some signals hold for pages the backend knows already, and need no MATCH of their
    own: ``implied`` (every unit's match is its exact form, as for a quoted phrase) for
    every page with all the units, ``title`` for every page of the ranking pool that has
    all the units in a title or heading (embedded.EXACT_RANKING_LIMIT)."""

    expression: str
    boost: float
    proximity: bool = False
    implied: bool = False
    title: bool = False
    pairs: bool = False  # the expression is for the pairs table (see stem_pairs), not fts
    positions: bool = True  # False: single words only, so the presence table answers it
    # A proximity signal's expression as its parts (one per language's stems): each part's
    # NEAR, and the same stems without positions (how many pages hold them all).
    branches: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class QueryPlan:
    """The units to match, the exclusions, for each single word the indexed compounds
    that contain it as a part (with whether it is their head), and the word groups
    (hyphenated or the whole query) whose closeness the ranking rewards."""

    units: tuple[Unit, ...]
    excluded: tuple[tuple[str, ...], ...]
    compounds: dict[str, tuple[tuple[str, bool], ...]] = field(default_factory=dict)
    groups: tuple[tuple[str, ...], ...] = ()
    hyphenated: tuple[tuple[str, ...], ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.units

    @property
    def needs_positions(self) -> bool:
        """Whether the match expression holds a phrase (of several words), which only the
        fts table can answer; else the presence table, without positions, answers it."""
        return any(len(words) > 1 for unit in self.units for words in unit.alternatives) or any(
            len(words) > 1 for words in self.excluded
        )

    def match_expression(self, require_all: bool = True) -> str:
        """Units joined by AND (or OR, for the relaxed retry), minus the exclusions."""
        joiner = " AND " if require_all else " OR "
        return self._without_excluded("(" + joiner.join(unit.expression(self.compounds) for unit in self.units) + ")")

    def title_pool_expression(self, require_all: bool = True) -> str:
        """Pages with every unit (or any unit) in the title or a heading, for the
        title_headings table (which holds nothing else, so no column is named): the pages
        a large result ranks, less those excluded_expression finds (see
        embedded.EXACT_RANKING_LIMIT)."""
        joiner = " AND " if require_all else " OR "
        return "(" + joiner.join(unit.title_expression(filtered=False) for unit in self.units) + ")"

    def excluded_expression(self) -> str | None:
        """Pages with any excluded word or phrase, or None when nothing is excluded."""
        if not self.excluded:
            return None
        return "(" + " OR ".join(_excluded_expression(words) for words in self.excluded) + ")"

    def unmatched_expression(self, require_all: bool = True) -> str:
        """The pages of the presence table that match_expression does not find."""
        return f"{quote(EVERY_PAGE)} NOT ({self.match_expression(require_all)})"

    def _without_excluded(self, positive: str) -> str:
        negative = self.excluded_expression()
        return f"{positive} NOT {negative}" if negative else positive

    def title_expression(self) -> str:
        """Every unit by word or stem in the title or a heading."""
        return " AND ".join(unit.title_expression() for unit in self.units)

    def signals(self) -> list[Signal]:
        """Each ranking signal of search.ranking that this query can show: a page matching
        its expression has its score multiplied by 1 + the sum of its signals' boosts."""
        exact_match = all(unit.expression(self.compounds) == unit.exact_expression() for unit in self.units)
        found = [
            Signal(
                " AND ".join(unit.exact_expression() for unit in self.units),
                ranking.EXACT_BOOST,
                implied=exact_match,
                positions=any(len(words) > 1 for unit in self.units for words in unit.alternatives),
            ),
            Signal(self.title_expression(), ranking.EXACT_TITLE_BOOST, title=True),
        ]
        for words in self.groups:
            boost = ranking.HYPHENATED_BOOST if words in self.hyphenated else ranking.PHRASE_BOOST
            pairs = _stem_pairs_expression(words)
            if pairs:
                found.append(Signal(pairs, boost, pairs=True))
            else:
                found.append(Signal(_stemmed_phrase_expression(words), boost))
            found.append(
                Signal(_near_expression(words), ranking.NEAR_BOOST, proximity=True, branches=_near_branches(words))
            )
        return found

    def highlight_rules(self) -> HighlightRules:
        words: dict[str, int] = {}
        stems: dict[str, int] = {}
        compounds: dict[str, int] = {}
        phrases: list[tuple[int, tuple[str, ...], bool]] = []
        for number, unit in enumerate(self.units):
            for alternative in unit.alternatives:
                if len(alternative) > 1:
                    phrases.append((number, alternative, not unit.exact))
                    continue
                word = alternative[0]
                words.setdefault(word, number)
                if unit.whole:
                    continue
                for s in query_stems(word):
                    stems.setdefault(s, number)
                for compound, _ in self.compounds.get(word, ()):
                    compounds.setdefault(compound, number)
            for part in unit.parts:
                for s in query_stems(part):
                    stems.setdefault(s, number)
        return HighlightRules(words, stems, compounds, tuple(phrases))


def query_parts(word: str) -> tuple[str, ...]:
    """What a compound typed in a query is made of, for pages that write it apart
    ("legevaktsamarbeid" → legevakt, samarbeid; "arbeidsbelastning" → arbeid,
    belastning): the modifiers as one word when the dictionary knows it, else each."""
    found = split_compound(word)
    if found is None:
        return ()
    words = dictionary()
    joined = "".join(found.modifiers)
    if joined in words or strip_linking(joined) in words:
        modifiers: tuple[str, ...] = (strip_linking(joined),)
    else:
        modifiers = tuple(strip_linking(part) for part in found.modifiers)
    return (*modifiers, found.head)


def _near_branches(words: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """For the words' stems in bokmål/nynorsk and in English: (the stems within
    ranking.NEAR_DISTANCE words of each other, in any order; all the stems anywhere)."""
    branches: dict[str, str] = {}
    for language in ("nb", "en"):
        stems = [quote(STEM_MARK + cached_stem(word, language)) for word in words]
        branches[f"NEAR({' '.join(stems)}, {ranking.NEAR_DISTANCE})"] = " AND ".join(stems)
    return tuple(branches.items())


def _near_expression(words: tuple[str, ...]) -> str:
    """The words (by stem) within ranking.NEAR_DISTANCE words of each other, in any order."""
    return "(" + " OR ".join(near for near, _ in _near_branches(words)) + ")"


def _compounds_of(
    word: str, find_compounds: Callable[[tuple[str, ...]], tuple[tuple[str, bool], ...]]
) -> tuple[tuple[str, bool], ...]:
    """Indexed compounds with ``word`` (by its stems) as a dictionary part, without the
    word's own inflections, which the stemmed columns find already."""
    if not word.isalpha():
        return ()
    stems = query_stems(word)
    found = find_compounds(tuple(sorted(stems)))
    compounds = [(candidate, head) for candidate, head in found if not query_stems(candidate) & stems]
    return tuple(compounds[:MAX_COMPOUND_WORDS])


def _excluded_expression(words: tuple[str, ...]) -> str:
    if len(words) == 1:
        return _word_expression(words[0])
    return f"({quote(' '.join(words))})"


def plan_query(
    parsed: ParsedQuery,
    synonyms: SynonymTable,
    find_compounds: Callable[[tuple[str, ...]], tuple[tuple[str, bool], ...]],
    acronyms: frozenset[str] = frozenset(),
    alternatives: dict[str, tuple[str, ...]] | None = None,
) -> QueryPlan:
    """Group the parsed query into units: synonyms expand (longest match first), stop
    words drop out unless nothing else is left, phrases stay exact, acronyms (typed in
    capitals, or known as such) match whole. ``find_compounds`` lists the indexed
    compounds that have one of the given stems as a part; ``alternatives`` adds other
    forms of a word (the folding fallback: "direktorene" → "direktørene")."""
    acronyms = acronyms | parsed.acronyms | ranking.KNOWN_ACRONYMS
    alternatives = alternatives or {}
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
    for word in dict.fromkeys(content):
        forms = ((word,), *((other,) for other in alternatives.get(word, ()) if other != word))
        whole = word in acronyms
        units.append(Unit(alternatives=forms, whole=whole, parts=() if whole else query_parts(word)))
    units.extend(Unit(alternatives=(phrase,), exact=True) for phrase in dict.fromkeys(parsed.phrases))
    excluded = tuple(dict.fromkeys([(word,) for word in parsed.excluded] + list(parsed.excluded_phrases)))
    compounds: dict[str, tuple[tuple[str, bool], ...]] = {}
    for unit in units:
        if unit.exact or unit.whole:
            continue
        for words in unit.alternatives:
            if len(words) == 1 and words[0] not in compounds:
                compounds[words[0]] = _compounds_of(words[0], find_compounds)
    groups = list(parsed.groups)
    if len(content) > 1 and tuple(content) not in groups:
        groups.append(tuple(content))
    return QueryPlan(
        units=tuple(units),
        excluded=excluded,
        compounds=compounds,
        groups=tuple(groups),
        hyphenated=tuple(parsed.groups),
    )
