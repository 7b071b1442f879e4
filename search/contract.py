"""The one search contract: what is indexed, what is asked and what comes back.

Both backends (embedded SQLite FTS5 and Elasticsearch) take and give exactly these
types, so the search page, the indexing tasks and the contract tests never know which
engine answers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

# Facet names, in the order the search page shows them.
FACETS = ("type", "topic", "language", "year")


class SearchUnavailable(Exception):
    """The search engine cannot be reached or refused the request; the caller shows a 503."""


@dataclass(frozen=True)
class IndexDocument:
    """One searchable page, flattened to text by the page type's document class."""

    key: str  # stable id in the index: "page:<pk>"
    page_id: int
    url: str  # site-relative path, such as "/veiledning/listetak/"
    title: str
    content_type: str  # "guidance", "report", "chapter", "campaign", "episode", "newsletter", "conference", …
    language: str  # "nb", "nn" or "en"
    summary: str = ""
    headings: tuple[str, ...] = ()
    body: str = ""
    footnotes: str = ""
    attachments: str = ""  # text extracted from attached PDFs
    breadcrumbs: tuple[str, ...] = ()  # titles above the page inside its section: report → chapter
    topics: tuple[str, ...] = ()
    year: int | None = None
    first_published: datetime | None = None
    last_updated: datetime | None = None
    last_substantive_change: datetime | None = None

    @property
    def display_date(self) -> datetime | None:
        """The date a reader cares about: the last substantive change, else the last update."""
        return self.last_substantive_change or self.last_updated or self.first_published


@dataclass(frozen=True)
class SearchQuery:
    """What a visitor asked. ``text`` is raw input: words, "phrases" and -exclusions."""

    text: str
    types: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    page: int = 1
    per_page: int = 10
    # The visitor's interface language ("nb", "nn", "en"): pages in it rank above pages
    # in other languages for the same match (search.ranking.language_factor). Not a filter.
    prefer_language: str = ""

    @property
    def offset(self) -> int:
        return (max(self.page, 1) - 1) * self.per_page

    def filters(self) -> dict[str, tuple]:
        """Active filters by facet name."""
        return {"type": self.types, "topic": self.topics, "language": self.languages, "year": self.years}


@dataclass(frozen=True)
class Hit:
    key: str
    page_id: int
    url: str
    title: str
    content_type: str
    language: str
    snippet: str  # safe HTML: escaped text with <mark>…</mark> around matches
    title_highlighted: str  # safe HTML, as snippet
    breadcrumbs: tuple[str, ...] = ()
    display_date: datetime | None = None
    score: float = 0.0


@dataclass(frozen=True)
class FacetValue:
    value: str  # as stored ("guidance", "nb", "2024", a topic name)
    count: int
    selected: bool = False


@dataclass
class SearchResults:
    query: SearchQuery
    total: int
    hits: list[Hit]
    # Counts per value for each facet in FACETS; each facet's counts ignore that facet's own filter.
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    suggestion: str | None = None  # "did you mean": a corrected query text, or None
    # True when no page had every word, so pages with some of the words are shown instead.
    relaxed: bool = False
    # Set by search.service.run_search when nothing matched the visitor's text and these
    # are the results for the spelling suggestion instead: the text the visitor typed.
    corrected_from: str | None = None


@dataclass(frozen=True)
class Completion:
    """One autocomplete entry for the search box."""

    title: str
    url: str
    content_type: str


class SearchBackend(Protocol):
    """What every backend does. Methods raise SearchUnavailable when the engine is down."""

    name: str

    def index(self, documents: Iterable[IndexDocument]) -> int:
        """Add or replace documents by key; returns how many were written."""

    def delete(self, keys: Iterable[str]) -> None:
        """Remove documents by key; unknown keys are ignored."""

    def search(self, query: SearchQuery) -> SearchResults:
        """Ranked, filtered, highlighted results with facets; synonyms stored by set_synonyms apply."""

    def autocomplete(self, prefix: str, limit: int = 8) -> list[Completion]: ...

    def rebuild(self, documents: Iterable[IndexDocument], progress: Callable[[int], None] | None = None) -> int:
        """Build a fresh index from ``documents`` and switch to it in one step; returns the count."""

    def set_synonyms(self, groups: list[tuple[str, ...]]) -> None:
        """Replace the editors' synonym groups (each a tuple of equivalent terms), applied at search time."""

    def count(self) -> int: ...

    def ping(self) -> None:
        """Raise SearchUnavailable unless the index can answer."""

    def clear(self) -> None:
        """Drop everything (tests and rebuilds from nothing)."""
