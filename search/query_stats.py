"""What visitors search for, as daily counts per query, for the editors.

Only the normalised query text, the day and two counts are kept: nothing about the
visitor (no address, session, user agent or time of day). A query that looks like
personal data (a national identity number, an e-mail address, a phone number, any long
run of digits) is never stored: it is counted in one placeholder row instead, so editors
can still see that visitors type such things without the search keeping them.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from .models import QueryDay

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 100
PERSONAL_DATA_PLACEHOLDER = "[personopplysning]"

# Eight digits or more in a row, allowing single spaces, dots or dashes between them: a
# fødselsnummer ("010190 12345"), a phone number ("+47 912 34 567", "22334455"), an
# account or case number. Years are taken out first, so "2019-2023" and "ALIS 2024" stay.
_DIGIT_RUN = re.compile(r"\d(?:[ .\-]?\d){7,}")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_EMAIL = re.compile(r"\S@\S")
# Robots and scripts: their searches are not what people look for.
_BOT = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|scrap|curl/|wget/|python-|httpx|java/|go-http-client|"
    r"headless|monitor|preview|facebookexternalhit|bingpreview|pingdom|uptime",
    re.IGNORECASE,
)


def normalise_query(text: str) -> str:
    """Lower case, single spaces, at most 100 characters: one row per query however it was typed."""
    return " ".join((text or "").lower().split())[:MAX_QUERY_LENGTH].strip()


def looks_like_personal_data(text: str) -> bool:
    """True for text that may identify a person: long digit runs (fødselsnummer, phone) and e-mail."""
    if _EMAIL.search(text):
        return True
    return bool(_DIGIT_RUN.search(_YEAR.sub(" ", text)))


def looks_like_a_bot(user_agent: str | None) -> bool:
    """True for crawlers, link previews, monitors and scripts (the agent is read, never stored)."""
    return bool(user_agent) and bool(_BOT.search(user_agent))


def record_search(text: str, total: int, *, day: date | None = None) -> str | None:
    """Count one search of ``text`` that found ``total`` results; returns the row's query, or None.

    The count is one UPDATE with F() expressions, so concurrent searches never lose a
    count; the first search of the day inserts the row, and the one that loses a race to
    insert it (the unique constraint on day and query) updates it instead.
    """
    query = normalise_query(text)
    if not query:
        return None
    # Judge the whole text: cutting it to length first could leave half a fødselsnummer.
    if looks_like_personal_data(text):
        query = PERSONAL_DATA_PLACEHOLDER
    day = day or timezone.localdate()
    empty = 1 if total == 0 else 0
    try:
        with transaction.atomic():
            _increment(day, query, empty)
    except DatabaseError:
        # Statistics must never cost a visitor the search itself.
        logger.warning("Could not record a search in the query statistics", exc_info=True)
        return None
    return query


def _increment(day: date, query: str, empty: int) -> None:
    rows = QueryDay.objects.filter(day=day, query=query)
    if rows.update(searches=F("searches") + 1, without_results=F("without_results") + empty):
        return
    try:
        with transaction.atomic():
            QueryDay.objects.create(day=day, query=query, searches=1, without_results=empty)
    except IntegrityError:
        # Another request inserted the row between our UPDATE and INSERT: it is there now.
        rows.update(searches=F("searches") + 1, without_results=F("without_results") + empty)


def purge_old_query_stats(now: datetime | None = None) -> int:
    """Delete days older than SEARCH_QUERY_RETENTION_DAYS; returns how many rows went."""
    now = now or timezone.now()
    today = timezone.localdate(now) if timezone.is_aware(now) else now.date()
    cutoff = today - timedelta(days=settings.SEARCH_QUERY_RETENTION_DAYS)
    deleted, _ = QueryDay.objects.filter(day__lt=cutoff).delete()
    return deleted


# --- Reports for editors ---------------------------------------------------------------------


@dataclass(frozen=True)
class QueryCount:
    query: str
    searches: int
    without_results: int


def _since(days: int, today: date | None) -> date:
    today = today or timezone.localdate()
    return today - timedelta(days=days - 1)


def top_queries(days: int, limit: int = 50, *, today: date | None = None) -> list[QueryCount]:
    """The most searched queries over the last ``days`` days, today included (one query)."""
    rows = (
        QueryDay.objects.filter(day__gte=_since(days, today))
        .values("query")
        .annotate(total=Sum("searches"), empty=Sum("without_results"))
        .order_by("-total", "query")[:limit]
    )
    return [QueryCount(row["query"], row["total"], row["empty"]) for row in rows]


def queries_without_results(days: int, limit: int = 50, *, today: date | None = None) -> list[QueryCount]:
    """Queries that found nothing over the last ``days`` days, most frequent first (one query)."""
    rows = (
        QueryDay.objects.filter(day__gte=_since(days, today), without_results__gt=0)
        .values("query")
        .annotate(total=Sum("searches"), empty=Sum("without_results"))
        .order_by("-empty", "query")[:limit]
    )
    return [QueryCount(row["query"], row["total"], row["empty"]) for row in rows]


def totals(days: int, *, today: date | None = None) -> dict[str, int]:
    """All searches and those without results over the period (one query)."""
    sums = QueryDay.objects.filter(day__gte=_since(days, today)).aggregate(
        searches=Sum("searches"), without_results=Sum("without_results")
    )
    return {key: value or 0 for key, value in sums.items()}


def popular_queries(
    days: int, *, containing: str = "", limit: int = 500, today: date | None = None
) -> list[QueryCount]:
    """The most searched queries for choosing recommended results: aggregated counts only,
    without the placeholder that stands for personal data (one query)."""
    rows = QueryDay.objects.filter(day__gte=_since(days, today)).exclude(query=PERSONAL_DATA_PLACEHOLDER)
    if needle := normalise_query(containing):
        rows = rows.filter(query__contains=needle)
    rows = (
        rows.values("query")
        .annotate(total=Sum("searches"), empty=Sum("without_results"))
        .order_by("-total", "query")[:limit]
    )
    return [QueryCount(row["query"], row["total"], row["empty"]) for row in rows]
