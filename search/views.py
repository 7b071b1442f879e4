"""The public search page and the autocomplete endpoint behind the search box.

Both are routes of SearchPage, so they are served inside BasePage.serve: the interface
follows the page's language and the response carries Content-Language. Every response
here, errors included, tells search engines not to index it.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext

from core.ratelimit import allow, client_ip

from .backends import get_backend
from .contract import FACETS, FacetValue, Hit, SearchQuery, SearchResults, SearchUnavailable
from .forms import (
    FACET_LABELS,
    MAX_PAGE,
    SearchParams,
    facet_value_label,
    parse_search_params,
    query_params,
    type_label,
)
from .promotions import Promotion, promotions_for, without_promoted
from .query_stats import looks_like_a_bot, record_search
from .query_syntax import clean_query_text
from .service import run_search
from .text_analysis import tokenize

logger = logging.getLogger(__name__)

AUTOCOMPLETE_LIMIT = 8
AUTOCOMPLETE_MIN_LENGTH = 2
AUTOCOMPLETE_MAX_AGE = 60
RETRY_AFTER_SECONDS = 30
# A long tail of topics helps nobody choose: show the most common, and any that are chosen.
MAX_FACET_VALUES_SHOWN = 20
PAGINATION_WINDOW = 2
SAFE_METHODS = ("GET", "HEAD")

# The facet fields of SearchQuery, by facet name.
_QUERY_FIELD = {"type": "types", "topic": "topics", "language": "languages", "year": "years"}


def noindex(response: HttpResponse) -> HttpResponse:
    """Search results are not content: no search engine should index them."""
    response["X-Robots-Tag"] = "noindex"
    return response


# --- What the template gets ------------------------------------------------------------------


@dataclass(frozen=True)
class FacetOption:
    facet: str
    value: str
    label: str
    count: int
    selected: bool
    input_id: str


@dataclass(frozen=True)
class FacetGroup:
    name: str
    label: str
    options: list[FacetOption]


@dataclass(frozen=True)
class ActiveFilter:
    facet_label: str
    label: str
    remove_url: str


@dataclass(frozen=True)
class ResultItem:
    hit: Hit
    type_label: str
    date: datetime | None


@dataclass(frozen=True)
class PageLink:
    number: int | None  # None for a gap ("…")
    url: str = ""
    current: bool = False


@dataclass
class Pagination:
    current: int
    last: int
    previous_url: str = ""
    next_url: str = ""
    links: list[PageLink] = field(default_factory=list)


def _url(query: SearchQuery, **changes) -> str:
    return "?" + urlencode(query_params(query, **changes))


def _selected_values(query: SearchQuery, facet: str) -> tuple:
    return getattr(query, _QUERY_FIELD[facet])


def facet_groups(results: SearchResults) -> list[FacetGroup]:
    """Each facet's values with counts and selected state; chosen values always appear."""
    query = results.query
    groups = []
    for facet in FACETS:
        values: list[FacetValue] = list(results.facets.get(facet, []))
        selected = {str(value) for value in _selected_values(query, facet)}
        if facet == "year":
            values.sort(key=lambda v: v.value, reverse=True)
        shown = list(values[:MAX_FACET_VALUES_SHOWN])
        shown += [v for v in values[MAX_FACET_VALUES_SHOWN:] if v.value in selected]
        missing = selected - {v.value for v in shown}
        # A chosen value the engine does not list (a topic that does not exist) stays
        # visible, so the visitor can see and remove it.
        shown += [FacetValue(value=value, count=0, selected=True) for value in sorted(missing)]
        options = [
            FacetOption(
                facet=facet,
                value=v.value,
                label=facet_value_label(facet, v.value),
                count=v.count,
                selected=v.selected or v.value in selected,
                input_id=f"filter-{facet}-{index}",
            )
            for index, v in enumerate(shown)
        ]
        if options:
            groups.append(FacetGroup(name=facet, label=str(FACET_LABELS[facet]), options=options))
    return groups


def active_filters(query: SearchQuery) -> list[ActiveFilter]:
    """The chosen facet values, each with a link that removes just that one."""
    filters = []
    for facet in FACETS:
        chosen = _selected_values(query, facet)
        for value in chosen:
            remaining = tuple(v for v in chosen if v != value)
            filters.append(
                ActiveFilter(
                    facet_label=str(FACET_LABELS[facet]),
                    label=facet_value_label(facet, str(value)),
                    remove_url=_url(query, page=1, **{facet: remaining}),
                )
            )
    return filters


def last_page(total: int, per_page: int) -> int:
    return max(1, min(MAX_PAGE, math.ceil(total / per_page)))


def pagination(query: SearchQuery, total: int) -> Pagination | None:
    """Previous, next and a window of page numbers around the current one, or None for one page."""
    last = last_page(total, query.per_page)
    if last <= 1:
        return None
    current = min(query.page, last)
    numbers = {1, last, *range(max(1, current - PAGINATION_WINDOW), min(last, current + PAGINATION_WINDOW) + 1)}
    links: list[PageLink] = []
    previous_number = 0
    for number in sorted(numbers):
        if number - previous_number > 1:
            links.append(PageLink(number=None))
        links.append(PageLink(number=number, url=_url(query, page=number), current=number == current))
        previous_number = number
    return Pagination(
        current=current,
        last=last,
        previous_url=_url(query, page=current - 1) if current > 1 else "",
        next_url=_url(query, page=current + 1) if current < last else "",
        links=links,
    )


def result_items(hits: list[Hit]) -> list[ResultItem]:
    return [ResultItem(hit=hit, type_label=type_label(hit.content_type), date=hit.display_date) for hit in hits]


# --- Analytics ----------------------------------------------------------------------------------


def should_record(request: HttpRequest, params: SearchParams) -> bool:
    """Count a person's own search once: page 1, no filters, no robot, no browser prefetch."""
    query = params.query
    if query is None or query.page != 1 or params.has_filters or request.method != "GET":
        return False
    purpose = request.headers.get("Sec-Purpose", "") or request.headers.get("Purpose", "")
    if "prefetch" in purpose.lower():
        return False
    return not looks_like_a_bot(request.headers.get("User-Agent"))


# --- The views --------------------------------------------------------------------------------


def search_results_view(request: HttpRequest, page) -> HttpResponse:
    """The search page: the form, and for a query the results, facets and editors' picks."""
    if request.method not in SAFE_METHODS:
        return noindex(HttpResponseNotAllowed(SAFE_METHODS))
    params = parse_search_params(request.GET)
    context = page.get_context(request)
    context.update(
        search_text=params.text,
        unsearchable=params.unsearchable,
        search_query=params.query,
        # The page has its own search form: the header's would be a second, identical one.
        hide_header_search=True,
    )
    if params.query is None:
        return render(request, page, context)

    query = params.query
    if not allow(f"search:{client_ip(request)}", settings.SEARCH_REQUESTS_PER_IP_PER_MINUTE, 60):
        return unavailable(request, page, {**context, "rate_limited": True}, status=429)
    try:
        results = run_search(query, get_backend())
    except SearchUnavailable:
        logger.warning("Search engine unavailable for the search page", exc_info=True)
        return unavailable(request, page, context)

    if not results.hits and results.total > 0 and query.page > 1:
        # Past the last page (an old link, a hand-edited URL): go to the last page there is.
        return noindex(HttpResponseRedirect(_url(query, page=last_page(results.total, query.per_page))))

    promotions: list[Promotion] = []
    hits = results.hits
    if query.page == 1 and not params.has_filters:
        promotions = promotions_for(query.text, request)
        hits = without_promoted(hits, promotions)

    if should_record(request, params):
        # A corrected query found nothing as typed: editors see it among queries without results.
        record_search(query.text, 0 if results.corrected_from else results.total)

    context.update(
        results=results,
        result_items=result_items(hits),
        promotions=promotions,
        facet_groups=facet_groups(results),
        active_filters=active_filters(query),
        clear_filters_url=_url(query, page=1, type=(), topic=(), language=(), year=()) if params.has_filters else "",
        pagination=pagination(query, results.total),
        suggestion_url=_url(query, text=results.suggestion, page=1) if results.suggestion else "",
        # What the count is about: the corrected text when the results are for a correction.
        results_for=results.query.text if results.corrected_from else params.text,
        first_position=query.offset + 1,
    )
    return render(request, page, context)


def render(request: HttpRequest, page, context: dict, *, status: int = 200) -> TemplateResponse:
    response = TemplateResponse(request, page.get_template(request), context, status=status)
    return noindex(response)


def unavailable(request: HttpRequest, page, context: dict, *, status: int = 503) -> TemplateResponse:
    """503 (or 429 for too many searches) with a clear message, the form to try again and
    links to browse instead."""
    response = TemplateResponse(request, "search/unavailable.html", context, status=status)
    response["Retry-After"] = str(60 if status == 429 else RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return noindex(response)


def autocomplete_view(request: HttpRequest, page) -> HttpResponse:
    """Titles for the search box as the visitor types: JSON, at most eight, cached a minute."""
    if request.method not in SAFE_METHODS:
        return noindex(HttpResponseNotAllowed(SAFE_METHODS))
    text = clean_query_text(request.GET.get("q", ""))
    completions = []
    if len(text) >= AUTOCOMPLETE_MIN_LENGTH and tokenize(text):
        # A keystroke each: the limit is generous, and only a flood of requests meets it.
        if not allow(f"search-complete:{client_ip(request)}", settings.SEARCH_COMPLETIONS_PER_IP_PER_MINUTE, 60):
            response = JsonResponse({"error": gettext("Too many searches. Please wait a minute.")}, status=429)
            response["Retry-After"] = "60"
            response["Cache-Control"] = "no-store"
            return noindex(response)
        try:
            completions = get_backend().autocomplete(text, limit=AUTOCOMPLETE_LIMIT)
        except SearchUnavailable:
            logger.warning("Search engine unavailable for autocomplete", exc_info=True)
            response = JsonResponse(
                {"error": gettext("Search is temporarily unavailable. Please try again shortly.")}, status=503
            )
            response["Retry-After"] = str(RETRY_AFTER_SECONDS)
            response["Cache-Control"] = "no-store"
            return noindex(response)
    data = {
        "query": text,
        "results": [
            {"title": c.title, "url": c.url, "type": type_label(c.content_type)}
            for c in completions[:AUTOCOMPLETE_LIMIT]
        ],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = f"public, max-age={AUTOCOMPLETE_MAX_AGE}"
    return noindex(response)
