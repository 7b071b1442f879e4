"""Rebuild the public search index from the database, with a progress bar.

The backend builds a fresh index beside the live one and switches to it in one step
(a file swap for the embedded index, an alias swap in Elasticsearch), so searches keep
answering from the old index until the new one is complete.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from search.backends import get_backend
from search.contract import SearchUnavailable
from search.indexing import RebuildRunning, holding_changes_for_rebuild, process_all_due
from search.models import SynonymGroup
from search.searchable import all_documents, count_searchable


class Command(BaseCommand):
    help = "Rebuild the public search index from every live, public page (no downtime)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-progress", action="store_true", help="Do not draw a progress bar.")

    def handle(self, *args, no_progress: bool, **options) -> None:
        backend = get_backend()
        total = count_searchable()
        show_bar = not no_progress and options["verbosity"] > 0
        # tqdm redraws with carriage returns; Django's OutputWrapper would add a newline each time.
        bar_stream = getattr(self.stderr, "_out", self.stderr)
        try:
            with (
                holding_changes_for_rebuild(),
                tqdm(total=total, unit="sider", desc="Søkeindeks", disable=not show_bar, file=bar_stream) as bar,
            ):
                # An index file of an older version cannot take synonyms before it is rebuilt.
                outdated = getattr(backend, "needs_rebuild", lambda: False)()
                if not outdated:
                    backend.set_synonyms(SynonymGroup.all_groups())
                written = backend.rebuild(all_documents(), progress=bar.update)
                if outdated:
                    backend.set_synonyms(SynonymGroup.all_groups())
        except RebuildRunning as exc:
            raise CommandError(str(exc)) from exc
        except SearchUnavailable as exc:
            raise CommandError(f"The search engine is unavailable, nothing was changed: {exc}") from exc
        # Publishes made while the rebuild ran waited in the outbox: apply them to the new index.
        process_all_due()
        if options["verbosity"] > 0:
            self.stdout.write(f"Indexed {written} of {total} pages with the {backend.name} backend.")
