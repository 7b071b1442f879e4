"""Norwegian compounds split by a real dictionary: "fastlegeordningen" → fastlege + ordningen.

A word is only ever split into parts that are words of the Norwegian hunspell
dictionaries (Debian's ``hunspell-no``: ``nb_NO.dic`` and ``nn_NO.dic``), so a query
finds "lege" in "legevakten" but never "alis" in "spesialist": "spesi" + "alist" are
not words. Parts are at least four letters (the dictionaries' own COMPOUNDMIN); a
modifier may carry a linking s or e ("arbeids|belastning", "barne|hage"); the last part
(the head) may carry an inflection ending ("gruppen", "ordningene").

The dictionary is read once per process, and only where documents are indexed: the
index stores each compound's parts, so searching needs no dictionary. Without the
files compound splitting is off (``manage.py check`` warns); everything else works.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
import tempfile
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)

DEFAULT_DICTIONARIES = ("/usr/share/hunspell/nb_NO.dic", "/usr/share/hunspell/nn_NO.dic")
MIN_PART = 4  # hunspell-no's COMPOUNDMIN
MIN_COMPOUND = 2 * MIN_PART
LINKING = ("s", "e")
# Inflection endings a head may carry beyond its dictionary form (bokmål and nynorsk).
ENDINGS = (
    "ene",
    "ane",
    "ens",
    "ets",
    "ers",
    "ars",
    "nes",
    "en",
    "et",
    "er",
    "ar",
    "ne",
    "ns",
    "rs",
    "a",
    "e",
    "n",
    "r",
    "s",
    "t",
)
_MAX_DEPTH = 4  # no real word has more than five parts
# Endings of derived words that are also dictionary words: "rekrutte|ring" and
# "evaluer|ingen" are derivations, not compounds with "ring" (a ring) or "ingen" (nobody).
DERIVATION_ENDINGS = frozenset({"ring", "ingen", "inger", "ende", "else", "ene", "ane"})


@dataclass(frozen=True)
class Split:
    """A compound's parts in order; the last is its head (what the compound is a kind of)."""

    parts: tuple[str, ...]

    @property
    def head(self) -> str:
        return self.parts[-1]

    @property
    def modifiers(self) -> tuple[str, ...]:
        return self.parts[:-1]


class Dictionary:
    """Words from hunspell .dic files (flags and case dropped), and whether their flags
    allow them in compounds (the .aff file's COMPOUNDFLAG: "lege", "vakt", "gruppe" but
    not "ring", "ingen" or "hand", so "rekruttering" is no rekrutt + ring).

    The half-million words live in a small SQLite file built once from the .dic files
    (``SEARCH_DICTIONARY_CACHE``, rebuilt when they change), not in each process's
    memory: a Python set of them would cost every web worker some 65 MB.
    """

    def __init__(self, path: Path | None):
        self.path = path
        self._local = threading.local()

    def _conn(self) -> sqlite3.Connection | None:
        if self.path is None:
            return None
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            self._local.conn = conn
        return conn

    def _flag(self, word: str) -> int | None:
        """None for no word, else 1 when it may be part of a compound, 0 when not."""
        conn = self._conn()
        if conn is None:
            return None
        row = conn.execute("SELECT compoundable FROM words WHERE word = ?", (word,)).fetchone()
        return None if row is None else row[0]

    def __bool__(self) -> bool:
        return self.path is not None

    def __contains__(self, word: str) -> bool:
        return self._flag(word) is not None

    def is_compoundable(self, word: str) -> bool:
        return self._flag(word) == 1

    def compoundable_words(self) -> list[str]:
        conn = self._conn()
        if conn is None:
            return []
        return [word for (word,) in conn.execute("SELECT word FROM words WHERE compoundable = 1 ORDER BY word")]

    def is_head(self, word: str) -> bool:
        """A compoundable word, or one with an inflection ending on such a word
        ("gruppen", "gruppa" of "gruppe")."""
        if word in DERIVATION_ENDINGS:
            return False
        if self.is_compoundable(word):
            return True
        if word.endswith("a") and self.is_compoundable(word[:-1] + "e"):
            return True
        return any(
            word.endswith(ending)
            and len(word) - len(ending) >= MIN_PART
            and word[: -len(ending)] not in DERIVATION_ENDINGS
            and self.is_compoundable(word[: -len(ending)])
            for ending in ENDINGS
        )

    def is_modifier(self, left: str) -> bool:
        """A first part: a compoundable word, the same with a linking s or e, or a
        dictionary entry that is a word plus its linking s ("arbeids", "handlings")."""
        if self.is_compoundable(left):
            return True
        if left[-1] not in LINKING or len(left) <= MIN_PART:
            return False
        return self.is_compoundable(left[:-1]) or (left in self and left[:-1] in self)


def build_dictionary_file(paths: list[str] | tuple[str, ...], target: Path) -> bool:
    """Write the words of these .dic files into ``target`` (atomically); False when none exists."""
    found = [Path(name) for name in paths if Path(name).is_file()]
    if not found:
        return False
    words: dict[str, int] = {}
    for path in found:
        flag = _compound_flag(path.with_suffix(".aff"))
        # hunspell-no's files are ISO-8859-1 (their .aff says SET ISO8859-1).
        with path.open(encoding="iso-8859-1") as lines:
            next(lines, None)  # the first line is the entry count
            for line in lines:
                entry, _, flags = line.strip().partition("/")
                word = entry.casefold()
                if len(word) < 2 or not word.isalpha():
                    continue
                compoundable = 1 if flag and flag in flags else 0
                words[word] = max(words.get(word, 0), compoundable)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=target.name + ".", dir=target.parent)
    os.close(handle)
    try:
        conn = sqlite3.connect(name)
        conn.execute("CREATE TABLE words (word TEXT PRIMARY KEY, compoundable INTEGER NOT NULL) WITHOUT ROWID")
        conn.executemany("INSERT INTO words VALUES (?, ?)", sorted(words.items()))
        conn.commit()
        conn.close()
        os.chmod(name, 0o644)
        os.replace(name, target)
    finally:
        Path(name).unlink(missing_ok=True)
    return True


def _compound_flag(aff: Path) -> str:
    """The flag that marks compoundable words, from the affix file's COMPOUNDFLAG line."""
    if not aff.is_file():
        return ""
    with aff.open(encoding="iso-8859-1") as lines:
        for line in lines:
            if line.startswith("COMPOUNDFLAG"):
                return line.split()[1] if len(line.split()) > 1 else ""
    return ""


_lock = threading.Lock()
_loaded: Dictionary | None = None


def _cache_path(paths: tuple[str, ...]) -> Path:
    """Where the word file for these .dic files lives: named by their paths, sizes and
    times, so a changed dictionary gets a new file."""
    stamp = hashlib.sha256()
    for name in paths:
        path = Path(name)
        info = path.stat() if path.is_file() else None
        stamp.update(f"{name}\0{info.st_size if info else 0}\0{info.st_mtime_ns if info else 0}\0".encode())
    directory = Path(getattr(settings, "SEARCH_DICTIONARY_CACHE", Path(tempfile.gettempdir()) / "allmenn-dictionary"))
    return directory / f"words-{stamp.hexdigest()[:16]}.sqlite3"


def dictionary() -> Dictionary:
    """The process's dictionary, from ``SEARCH_DICTIONARIES`` (its word file built on first use)."""
    global _loaded
    if _loaded is None:
        with _lock:
            if _loaded is None:
                paths = tuple(getattr(settings, "SEARCH_DICTIONARIES", DEFAULT_DICTIONARIES))
                target = _cache_path(paths)
                if not target.is_file() and not build_dictionary_file(paths, target):
                    logger.warning("No compound dictionary found at %s: compounds are not split", ", ".join(paths))
                    target = None
                _loaded = Dictionary(target)
    return _loaded


def reset_dictionary() -> None:
    """Forget the loaded dictionary (tests that change SEARCH_DICTIONARIES)."""
    global _loaded
    with _lock:
        _loaded = None
    split_compound.cache_clear()
    parts_of.cache_clear()


@lru_cache(maxsize=200_000)
def split_compound(word: str) -> Split | None:
    """The dictionary split of a lower-cased word into two or more parts, or None.

    The longest first part whose rest is a dictionary word (or inflected form) wins:
    "fastlegeordningen" → fastlege + ordningen, then each part is split again where it
    is a compound itself (fastlege → fast + lege); heads stay whole. Linking letters
    stay on the modifier ("arbeids"), as they are written.
    """
    words = dictionary()
    if not words or len(word) < MIN_COMPOUND or not word.isalpha():
        return None
    parts = _split(words, word, 0)
    if parts is None or len(parts) < 2:
        return None
    return Split(parts)


def _split(words: Dictionary, word: str, depth: int) -> tuple[str, ...] | None:
    if depth > _MAX_DEPTH:
        return None
    for cut in range(len(word) - MIN_PART, MIN_PART - 1, -1):
        left, right = word[:cut], word[cut:]
        if not words.is_modifier(left):
            continue
        if words.is_head(right):
            deeper = _split(words, right, depth + 1) if len(right) >= MIN_COMPOUND else None
            tail: tuple[str, ...] = deeper or (right,)
        else:
            deeper = _split(words, right, depth + 1) if len(right) >= MIN_COMPOUND else None
            if deeper is None:
                continue
            tail = deeper
        inner = _split(words, left, depth + 1) if len(left) >= MIN_COMPOUND else None
        return (*(inner or (left,)), *tail)
    return None


@lru_cache(maxsize=200_000)  # indexing asks for the same compounds over and over
def parts_of(word: str) -> tuple[tuple[str, bool], ...]:
    """(part, is_head) for every part a word is found by, head last: 'fastlegeordningen'
    → (fastlege, False), (fast, False), (lege, False), (ordningen, True). Compound
    modifiers are kept whole as well as split ("fastlege" finds "fastlegeordningen")."""
    found = split_compound(word)
    if found is None:
        return ()
    result: dict[str, bool] = {}
    modifiers = found.modifiers
    # Runs of neighbouring modifiers are words too: fast + lege → "fastlege".
    for start in range(len(modifiers)):
        for end in range(start + 1, len(modifiers) + 1):
            joined = "".join(modifiers[start:end])
            if end - start == 1 or joined in dictionary() or strip_linking(joined) in dictionary():
                result.setdefault(strip_linking(joined), False)
    # The head with the modifiers just before it is a head too: "legetjenesten" in
    # "allmennlegetjenesten".
    parts = found.parts
    for start in range(1, len(parts) - 1):
        joined = "".join(parts[start:])
        if dictionary().is_head(joined):
            result[joined] = True
    result[found.head] = True
    return tuple(result.items())


def strip_linking(part: str) -> str:
    """'arbeids' → 'arbeid' when the bare form is the dictionary word."""
    if part not in dictionary() and part[-1:] in LINKING and part[:-1] in dictionary():
        return part[:-1]
    return part
