"""Background work for the podcast: deleting episode files nothing needs any more, and the
function that asks for it once the change that dropped them has committed."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django_tasks import task


@task()
def delete_unneeded_episode_files(names: list[str]) -> list[str]:
    """Delete those of these stored names that no live, latest or scheduled version points at.

    Decided when the task runs, from what the database holds then: safe to run late or twice.
    """
    from .stored_files import delete_unneeded

    return delete_unneeded(names)


def request_file_cleanup(names: Iterable[str]) -> None:
    """Look at these stored names after this commit (never if the change is rolled back)."""
    listed = sorted({name for name in names if name})
    if listed:
        transaction.on_commit(lambda: delete_unneeded_episode_files.enqueue(listed), robust=True)
