"""Keeping the index in step with the site through an outbox.

A publish (or unpublish, move, delete, privacy change) records the page in IndexChange
inside the same transaction (tasks.request_update), and a task enqueued on commit brings
the index up to date with process_changes. A row is removed only once the engine has
accepted the change and only if nobody asked again meanwhile, so neither an unreachable
engine nor a race loses an update.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone
from wagtail.models import Page

from .backends import get_backend
from .contract import SearchUnavailable
from .models import IndexChange, SynonymGroup
from .searchable import prepare

logger = logging.getLogger(__name__)

# page_id 0 is no page: it asks for the editors' synonyms to be sent to the engine.
SYNONYMS = 0
MAX_BACKOFF = timedelta(hours=1)
# While a rebuild runs, changes wait in the outbox and are applied to the new index after
# the swap; applied to the old one, they would be lost when the new one replaces it.
REBUILD_KEY = "search:rebuild-running"
REBUILD_MAX_SECONDS = 6 * 60 * 60


class RebuildRunning(Exception):
    """Another rebuild holds the lock."""


@contextmanager
def holding_changes_for_rebuild() -> Iterator[None]:
    """Hold index changes in the outbox while a rebuild runs; one rebuild at a time."""
    if not cache.add(REBUILD_KEY, timezone.now().isoformat(), timeout=REBUILD_MAX_SECONDS):
        raise RebuildRunning(f"A rebuild has been running since {cache.get(REBUILD_KEY)}.")
    try:
        yield
    finally:
        cache.delete(REBUILD_KEY)


def subtree_ids(page: Page, inclusive: bool = True) -> list[int]:
    """The page and every page below it."""
    return list(Page.objects.descendant_of(page, inclusive=inclusive).values_list("pk", flat=True))


def backoff(attempts: int) -> timedelta:
    """30 s, 60 s, 120 s … up to an hour between tries while the engine is away."""
    return min(timedelta(seconds=30 * 2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def process_changes(limit: int = 500) -> int:
    """Apply due outbox rows to the engine; returns how many were done."""
    if cache.get(REBUILD_KEY):
        return 0
    now = timezone.now()
    changes = list(
        IndexChange.objects.filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)).order_by(
            "requested_at"
        )[:limit]
    )
    if not changes:
        return 0
    backend = get_backend()
    documents, deletions, failed = [], [], []
    synonyms_requested = False
    # Specific pages in one query per page type, not one per page.
    wanted = [change.page_id for change in changes if change.page_id != SYNONYMS]
    pages = {page.pk: page for page in Page.objects.filter(pk__in=wanted).specific()}
    for change in changes:
        if change.page_id == SYNONYMS:
            synonyms_requested = True
            continue
        page = pages.get(change.page_id)
        try:
            document = prepare(page) if page else None
        except Exception as exc:  # a page that cannot be flattened must not block the others
            logger.exception("Could not prepare page %s for the search index", change.page_id)
            failed.append((change, exc))
            continue
        if document is None:
            deletions.append(f"page:{change.page_id}")
        else:
            documents.append(document)
    failed_ids = {change.pk for change, _ in failed}
    done = [change for change in changes if change.pk not in failed_ids]
    try:
        if synonyms_requested:
            backend.set_synonyms(SynonymGroup.all_groups())
        if documents:
            backend.index(documents)
        if deletions:
            backend.delete(deletions)
    except SearchUnavailable as exc:
        logger.warning("Search engine unavailable; %d index changes will be retried: %s", len(changes), exc)
        _postpone(changes, exc)
        return 0
    for change, exc in failed:
        _postpone([change], exc)
    if done:
        # Only rows nobody asked for again while we worked: a newer request keeps its row.
        unchanged = Q()
        for change in done:
            unchanged |= Q(pk=change.pk, requested_at=change.requested_at)
        IndexChange.objects.filter(unchanged).delete()
    return len(done)


def _postpone(changes: list[IndexChange], error: Exception | None = None) -> None:
    now = timezone.now()
    for change in changes:
        attempts = change.attempts + 1
        IndexChange.objects.filter(pk=change.pk, requested_at=change.requested_at).update(
            attempts=attempts, next_attempt_at=now + backoff(attempts), last_error=str(error or "")[:500]
        )


def process_all_due() -> int:
    """Work through the whole outbox in batches (a tick or a test)."""
    total = 0
    while done := process_changes():
        total += done
    return total
