"""Search's periodic job (every minute, like newsletter_tick): retry index changes that
are due, and delete query statistics older than SEARCH_QUERY_RETENTION_DAYS."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import timezone

from search.indexing import process_all_due
from search.query_stats import purge_old_query_stats


class Command(BaseCommand):
    help = "Apply pending search index changes and purge old query statistics."

    def handle(self, *args, **options) -> None:
        applied = process_all_due()
        purged = purge_old_query_stats(timezone.now())
        if options["verbosity"] > 1:
            self.stdout.write(f"Applied {applied} index changes, purged {purged} query statistics rows.")
