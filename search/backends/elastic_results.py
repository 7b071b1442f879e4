"""Elasticsearch responses turned into the contract's types.

Pure functions over the response body (a dict shaped as Elasticsearch 8 answers), so
the offline tests can feed them recorded or hand-written responses.
"""

from __future__ import annotations

import html
import re
from datetime import datetime

from ..contract import FACETS, Completion, FacetValue, Hit, SearchQuery, SearchResults
from ..query_syntax import ParsedQuery, clean_query_text
from ..text_analysis import normalise, tokenize
from .elastic_mapping import LANGUAGES
from .elastic_queries import SNIPPET_FIELDS, SUGGESTION_NAME, suggestion_text

MARK = "<mark>"
# A word as the shared tokenizer sees one (letters and digits; æ, ø, å included).
_WORD = re.compile(r"[^\W_]+")


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def _marks(fragment: str) -> int:
    return fragment.count(MARK)


def _best_fragment(highlight: dict, fields: list[str]) -> str | None:
    """The first fragment of whichever field marks the most matches; ties go to the field
    listed first."""
    best, best_marks = None, 0
    for field in fields:
        fragments = highlight.get(field) or []
        if fragments and _marks(fragments[0]) > best_marks:
            best, best_marks = fragments[0], _marks(fragments[0])
    return best


def _subfields(name: str, language: str) -> list[str]:
    """Highlighted subfields worth reading for a page: its own language's stems first, then
    the exact words (which carry the phrase matches), then the folded forms (only asked
    for by the folding retry)."""
    own = language if language in LANGUAGES else "nb"
    return [f"{name}.{own}", f"{name}.exact", f"{name}.folded"]


def hit_from(raw: dict) -> Hit:
    source = raw.get("_source") or {}
    highlight = raw.get("highlight") or {}
    language = source.get("language", "")
    title = source.get("title", "")
    title_highlighted = _best_fragment(highlight, [*_subfields("title", language), "title.parts"])
    snippet_fields = [field for name in SNIPPET_FIELDS for field in _subfields(name, language)]
    snippet = _best_fragment(highlight, snippet_fields)
    display_date = (
        _date(source.get("last_substantive_change"))
        or _date(source.get("last_updated"))
        or _date(source.get("first_published"))
    )
    return Hit(
        key=source.get("key") or raw.get("_id", ""),
        page_id=int(source.get("page_id") or 0),
        url=source.get("url", ""),
        title=title,
        content_type=source.get("content_type", ""),
        language=language,
        # Highlights come HTML-escaped (encoder "html"); the fallbacks are escaped here.
        snippet=snippet or html.escape(source.get("summary", "")),
        title_highlighted=title_highlighted or html.escape(title),
        breadcrumbs=tuple(source.get("breadcrumbs") or ()),
        display_date=display_date,
        score=float(raw.get("_score") or 0.0),
    )


def facets_from(aggregations: dict, query: SearchQuery) -> dict[str, list[FacetValue]]:
    """Counts per facet value. A selected value the other filters leave empty still shows,
    with 0, so the visitor can see and undo the choice."""
    facets: dict[str, list[FacetValue]] = {}
    for name in FACETS:
        selected = {str(value) for value in query.filters()[name]}
        buckets = ((aggregations.get(name) or {}).get("values") or {}).get("buckets") or []
        values = [
            FacetValue(
                value=str(bucket["key"]), count=int(bucket["doc_count"]), selected=str(bucket["key"]) in selected
            )
            for bucket in buckets
        ]
        shown = {value.value for value in values}
        values += [FacetValue(value=value, count=0, selected=True) for value in sorted(selected - shown)]
        facets[name] = values
    return facets


def suggestion_from(body: dict, text: str, parsed: ParsedQuery) -> str | None:
    """What the visitor typed with each misspelt word replaced by Elasticsearch's
    correction (quotes, exclusions and the rest kept as typed), or None when there is no
    better spelling."""
    entries = (body.get("suggest") or {}).get(SUGGESTION_NAME) or []
    options = [option for entry in entries for option in entry.get("options") or []]
    if not options:
        return None
    asked = suggestion_text(parsed).split()
    corrected = tokenize(options[0].get("text", ""))
    if len(corrected) != len(asked):
        # The suggester corrects word for word; anything else cannot be mapped back.
        return None
    corrections = {word: fixed for word, fixed in zip(asked, corrected, strict=True) if word != fixed}
    if not corrections:
        return None
    return _WORD.sub(lambda match: corrections.get(normalise(match.group()), match.group()), clean_query_text(text))


def total_from(body: dict) -> int:
    total = (body.get("hits") or {}).get("total") or 0
    return int(total["value"] if isinstance(total, dict) else total)


def results_from(body: dict, query: SearchQuery, *, relaxed: bool = False) -> SearchResults:
    """Hits, total and facets of one response (the suggestion is read separately)."""
    return SearchResults(
        query=query,
        total=total_from(body),
        hits=[hit_from(raw) for raw in (body.get("hits") or {}).get("hits") or []],
        facets=facets_from(body.get("aggregations") or {}, query),
        relaxed=relaxed,
    )


def completions_from(body: dict) -> list[Completion]:
    completions = []
    for raw in (body.get("hits") or {}).get("hits") or []:
        source = raw.get("_source") or {}
        completions.append(
            Completion(
                title=source.get("title", ""), url=source.get("url", ""), content_type=source.get("content_type", "")
            )
        )
    return completions
