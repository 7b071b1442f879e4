"""Background work for search: index updates run here, never inside the request."""

from __future__ import annotations

from django_tasks import task

from .indexing import process_all_due


@task()
def update_search_index() -> int:
    """Apply every due index change. Idempotent: a second run finds nothing left to do."""
    return process_all_due()
