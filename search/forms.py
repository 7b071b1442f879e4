"""The search page's GET parameters, checked and turned into a SearchQuery.

Anything a visitor or a crawler can put in a URL ends up here, so nothing raises: a
page number that is not a number is page 1, an unknown facet value is dropped, and each
facet keeps at most MAX_VALUES_PER_FACET values. The labels the page shows for facet
values live here too, beside the values they label.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from django.http import QueryDict
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .contract import SearchQuery
from .query_syntax import clean_query_text, parse_query

PER_PAGE = 10
# Deep pages are of no use to a person and costly for an engine (Elasticsearch refuses
# offsets past 10,000 by default): asking for more gives the last page there is.
MAX_PAGE = 500
MAX_VALUES_PER_FACET = 10
MAX_TOPIC_LENGTH = 100
MIN_YEAR, MAX_YEAR = 1900, 2100

# Facet values as the index stores them → what the visitor reads, in the page's language.
TYPE_LABELS = {
    "guidance": _("Guidance"),
    "report": _("Report"),
    "chapter": _("Report chapter"),
    "campaign": _("Campaign"),
    "episode": _("Podcast episode"),
    "podcast": _("Podcast"),
    "newsletter": _("Newsletter"),
    "conference": _("Conference"),
    "statistics": _("Statistics"),
}
LANGUAGE_LABELS = {"nb": _("Bokmål"), "nn": _("Nynorsk"), "en": _("English")}
FACET_LABELS = {"type": _("Type"), "topic": _("Topic"), "language": _("Language"), "year": _("Year")}


def known_types() -> set[str]:
    """Every content type the page can filter on: ours, and any a documents.py registers."""
    from .searchable import content_types

    return set(TYPE_LABELS) | set(content_types())


def type_label(value: str) -> str:
    """The visitor's word for a content type; a type registered elsewhere keeps its own label."""
    if value in TYPE_LABELS:
        return str(TYPE_LABELS[value])
    from .searchable import content_types

    return content_types().get(value, value)


def facet_value_label(facet: str, value: str) -> str:
    if facet == "type":
        return type_label(value)
    if facet == "language":
        return str(LANGUAGE_LABELS.get(value, value))
    return value


@dataclass(frozen=True)
class SearchParams:
    """What the URL asked for, after checking: the query (or None) and the raw text."""

    query: SearchQuery | None  # None when there is nothing to search for
    text: str  # the cleaned text, shown back in the search field
    unsearchable: bool = False  # True when the visitor typed something with no words in it

    @property
    def has_filters(self) -> bool:
        return self.query is not None and any(self.query.filters().values())


def parse_page(raw: str | None) -> int:
    """A page number from the URL: anything but plain ASCII digits is page 1."""
    raw = (raw or "").strip()
    # int() also reads "٣" and " +3_0 ": only what a pagination link would write counts.
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 6:
        return 1
    return min(max(int(raw), 1), MAX_PAGE)


def _values(raw: Iterable[str], clean: Callable[[str], object | None]) -> tuple:
    """Cleaned, de-duplicated values in the order given, at most MAX_VALUES_PER_FACET."""
    kept: list = []
    for item in raw:
        value = clean(item)
        if value is not None and value not in kept:
            kept.append(value)
        if len(kept) >= MAX_VALUES_PER_FACET:
            break
    return tuple(kept)


def _year(raw: str) -> int | None:
    raw = raw.strip()
    if not (raw.isascii() and raw.isdigit() and len(raw) == 4):
        return None
    year = int(raw)
    return year if MIN_YEAR <= year <= MAX_YEAR else None


def _topic(raw: str) -> str | None:
    topic = clean_query_text(raw)[:MAX_TOPIC_LENGTH].strip()
    return topic or None


def _choice(choices: set[str]) -> Callable[[str], str | None]:
    def clean(raw: str) -> str | None:
        value = raw.strip()
        return value if value in choices else None

    return clean


def _getlist(params: Mapping, name: str) -> list[str]:
    if isinstance(params, QueryDict):
        return params.getlist(name)
    value = params.get(name)
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def parse_search_params(params: Mapping) -> SearchParams:
    """The search page's GET parameters as a SearchQuery; never raises.

    ``q`` is cleaned (control characters out, 200 characters at most); a query with no
    word left to search for is no query. Facet values: ``type`` and ``language`` must be
    known values, ``year`` a four-digit year, ``topic`` any short text (a topic that does
    not exist simply matches nothing, and the page offers to remove it).
    """
    raw_text = _getlist(params, "q")
    text = clean_query_text(raw_text[0] if raw_text else "")
    if not text:
        return SearchParams(query=None, text="")
    if parse_query(text).is_empty:
        return SearchParams(query=None, text=text, unsearchable=True)
    pages = _getlist(params, "page")
    query = SearchQuery(
        text=text,
        types=_values(_getlist(params, "type"), _choice(known_types())),
        topics=_values(_getlist(params, "topic"), _topic),
        languages=_values(_getlist(params, "language"), _choice(set(LANGUAGE_LABELS))),
        years=_values(_getlist(params, "year"), _year),
        page=parse_page(pages[0] if pages else None),
        per_page=PER_PAGE,
        prefer_language=_interface_language(),
    )
    return SearchParams(query=query, text=text)


def _interface_language() -> str:
    """The language the page is shown in ("nb", "nn", "en"), which ranking prefers."""
    language = (get_language() or "").split("-")[0]
    return language if language in LANGUAGE_LABELS else ""


def query_params(query: SearchQuery, **changes) -> list[tuple[str, str]]:
    """The URL parameters that ask for ``query`` again, with ``changes`` applied.

    ``changes`` may replace ``text``, ``page`` or a facet's values (``type``, ``topic``,
    ``language``, ``year``); page 1 is left out, so the first page has one address.
    """
    values = {
        "q": changes.get("text", query.text),
        "type": changes.get("type", query.types),
        "topic": changes.get("topic", query.topics),
        "language": changes.get("language", query.languages),
        "year": changes.get("year", query.years),
    }
    pairs: list[tuple[str, str]] = [("q", values["q"])]
    for facet in ("type", "topic", "language", "year"):
        pairs.extend((facet, str(value)) for value in values[facet])
    page = changes.get("page", query.page)
    if page and page > 1:
        pairs.append(("page", str(page)))
    return pairs
