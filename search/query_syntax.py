"""What a visitor types, taken apart: words, "exact phrases" and -excluded words.

The grammar is deliberately small and forgiving: an unclosed quote is a phrase to the
end, stray operators are ignored, and nothing a visitor types can reach an engine's own
query language (each backend builds its query from these parts only).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text_analysis import tokenize

MAX_QUERY_LENGTH = 200
MAX_PARTS = 12

_PART = re.compile(r'(-?)"([^"]*)"?|(-?)(\S+)')


@dataclass(frozen=True)
class ParsedQuery:
    terms: tuple[str, ...] = ()  # lower-cased words to match (stemmed by the backend)
    phrases: tuple[tuple[str, ...], ...] = ()  # each a sequence of lower-cased words, matched exactly
    excluded: tuple[str, ...] = ()  # lower-cased words that must not occur
    excluded_phrases: tuple[tuple[str, ...], ...] = ()
    # Hyphenated words ("ALIS-kontor" → ("alis", "kontor")): their parts are terms of their
    # own, and the group asks the ranking to favour pages where they stand together.
    groups: tuple[tuple[str, ...], ...] = ()
    # Words typed in capitals ("ALIS", "LIS1"): acronyms, matched as whole words only.
    acronyms: frozenset[str] = frozenset()

    @property
    def is_empty(self) -> bool:
        """True when nothing positive is left to search for (only exclusions count as empty)."""
        return not self.terms and not self.phrases

    def positive_words(self) -> tuple[str, ...]:
        """Every word that should match, from terms and phrases, in order."""
        words = list(self.terms)
        for phrase in self.phrases:
            words.extend(phrase)
        return tuple(words)


def clean_query_text(text: str) -> str:
    """Strip control characters and cap the length, so hostile input stays harmless."""
    text = "".join(ch if ch.isprintable() else " " for ch in (text or ""))
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def parse_query(text: str) -> ParsedQuery:
    """'listetak "ALIS-tilskudd" -2019' → terms, phrases and exclusions."""
    terms: list[str] = []
    phrases: list[tuple[str, ...]] = []
    excluded: list[str] = []
    excluded_phrases: list[tuple[str, ...]] = []
    groups: list[tuple[str, ...]] = []
    acronyms: set[str] = set()
    for match in _PART.finditer(clean_query_text(text)):
        if len(terms) + len(phrases) + len(excluded) + len(excluded_phrases) >= MAX_PARTS:
            break
        negated_phrase, phrase_text, negated_word, word = match.groups()
        if phrase_text is not None:
            words = tuple(tokenize(phrase_text))
            if not words:
                continue
            if negated_phrase:
                excluded_phrases.append(words)
            elif len(words) == 1:
                terms.append(words[0])
            else:
                phrases.append(words)
            continue
        words = tuple(tokenize(word))
        if not words:
            continue
        acronyms.update(_acronyms(word))
        if negated_word:
            # "-ALIS-tilskudd" excludes the phrase its parts form.
            if len(words) == 1:
                excluded.append(words[0])
            else:
                excluded_phrases.append(words)
        else:
            # A hyphenated compound such as "ALIS-avtalene" is its parts as words, so that
            # each part keeps its inflections ("ALIS-avtaler"); only quotes ask for exact text.
            terms.extend(words)
            if len(words) > 1:
                groups.append(words)
    return ParsedQuery(
        tuple(terms),
        tuple(phrases),
        tuple(excluded),
        tuple(excluded_phrases),
        groups=tuple(dict.fromkeys(groups)),
        acronyms=frozenset(acronyms),
    )


# Two to six capitals, optionally followed by digits ("KS", "ALIS", "LIS1"), as a whole token.
_ACRONYM = re.compile(r"^[A-ZÆØÅ]{2,6}[0-9]{0,2}$")


def _acronyms(raw: str) -> set[str]:
    """The lower-cased tokens of ``raw`` that were typed as acronyms: 'ALIS-kontor' → {'alis'}."""
    return {token.casefold() for token in re.findall(r"[^\W_]+", raw) if _ACRONYM.match(token)}
