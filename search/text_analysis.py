"""Norwegian text analysis shared by both backends: tokens, stems and stop words.

Tokens keep æ, ø and å as letters (never folded to a, o), so "får" and "far" stay two
words. Stems come from the Snowball stemmers; Snowball has one Norwegian stemmer, which
serves bokmål and nynorsk alike (it removes nynorsk endings such as -ane and -ar too).
"""

from __future__ import annotations

import re
import threading
import unicodedata

import snowballstemmer

# Letters (any script, æøå included) and digits; hyphens and apostrophes split words.
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)

_STEMMER_FOR_LANGUAGE = {"nb": "norwegian", "nn": "norwegian", "en": "english"}

# Snowball 3 treats "-leg" as an adjective suffix, so it stems "fastlegen" to "fast". In
# this domain "lege" (doctor) is the most important word of all: keep it whole.
_LEGE = re.compile(r"^(\w*leg)(e|en|ene|er|ar|ane|ens|enes|ers|anes|ane)?$")

# Function words dropped from a query's free terms (never from phrases). Short on purpose:
# a word missing here only makes a query stricter, a word wrongly here loses meaning.
_STOPWORD_TEXT = """
    og i på til av for med som er det den de en et ei at om fra har hva hvem hvor hvordan
    hvorfor når kan skal vil ikke jeg du vi dere han hun man seg sin sitt sine være var
    blir ble også eller men så da her der denne dette disse enn etter før over under
    gjør gjer kva kven kvar korleis kvifor ikkje eg me dei ho dykk vere vert vart òg
    the a an and or of to in on for with is are was were be by at as from what who how why
    when which does do this that these those it its not
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())


def normalise(text: str) -> str:
    """NFC and lower case: 'Å' typed as A + ring equals the precomposed 'å'."""
    return unicodedata.normalize("NFC", text or "").casefold()


def tokenize(text: str) -> list[str]:
    """Lower-cased words and numbers in order: 'ALIS-tilskudd 2024' → ['alis', 'tilskudd', '2024']."""
    return _TOKEN.findall(normalise(text))


# Snowball stemmer objects keep state between calls: one per thread and language.
_stemmers = threading.local()


def _stemmer(language: str):
    name = _STEMMER_FOR_LANGUAGE.get(language, "norwegian")
    stemmer = getattr(_stemmers, name, None)
    if stemmer is None:
        stemmer = snowballstemmer.stemmer(name)
        setattr(_stemmers, name, stemmer)
    return stemmer


def stem(word: str, language: str = "nb") -> str:
    """The stem of one lower-cased token; numbers and very short words stay as they are."""
    if len(word) < 3 or word.isdigit():
        return word
    if language != "en":
        lege = _LEGE.match(word)
        if lege:
            return lege.group(1)
    return _stemmer(language).stemWord(word)


def content_words(words: tuple[str, ...] | list[str]) -> list[str]:
    """The words that carry meaning; if every word is a stop word, keep them all."""
    kept = [word for word in words if word not in STOPWORDS]
    return kept or list(words)
