"""Background work for search: index updates run here, never inside the request, and the
functions that ask for them."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .indexing import SYNONYMS, process_all_due
from .models import IndexChange


@task()
def update_search_index() -> int:
    """Apply every due index change. Idempotent: a second run finds nothing left to do."""
    return process_all_due()


def request_update(page_ids: Iterable[int]) -> None:
    """Ask for these pages' index entries to be refreshed (or removed) after this commit."""
    ids = sorted({int(pk) for pk in page_ids if pk is not None})
    if not ids:
        return
    now = timezone.now()
    IndexChange.objects.bulk_create(
        [IndexChange(page_id=pk, requested_at=now) for pk in ids],
        update_conflicts=True,
        unique_fields=["page_id"],
        update_fields=["requested_at", "next_attempt_at", "attempts", "last_error"],
    )
    transaction.on_commit(update_search_index.enqueue, robust=True)


def request_synonyms_update() -> None:
    request_update([SYNONYMS])
