"""Search's periodic job (every minute, like newsletter_tick): rebuild an index file left
by an older version of the site (so an upgrade needs no manual step), retry index changes
that are due, and delete query statistics older than SEARCH_QUERY_RETENTION_DAYS."""

from __future__ import annotations

import io
import logging

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from search.backends import get_backend
from search.indexing import process_all_due
from search.query_stats import purge_old_query_stats

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Apply pending search index changes and purge old query statistics."

    def handle(self, *args, **options) -> None:
        if getattr(get_backend(), "needs_rebuild", lambda: False)():
            logger.warning("The search index was written by an older version: rebuilding it")
            try:
                call_command("rebuild_search_index", "--no-progress", verbosity=0, stdout=io.StringIO())
            except CommandError as exc:  # another rebuild runs, or the engine is down: next minute
                logger.warning("Could not rebuild the outdated search index yet: %s", exc)
        applied = process_all_due()
        purged = purge_old_query_stats(timezone.now())
        if options["verbosity"] > 1:
            self.stdout.write(f"Applied {applied} index changes, purged {purged} query statistics rows.")
