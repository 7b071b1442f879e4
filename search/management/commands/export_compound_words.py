"""Write the dictionary's compoundable words for Elasticsearch's dictionary_decompounder.

The embedded index splits compounds with the hunspell-no dictionaries directly
(search.compounds). Elasticsearch reads its word list from a file on every node; this
command writes that file from the same dictionaries, so both engines split by the same
words:

    manage.py export_compound_words /etc/elasticsearch/analysis/allmenn_compound_parts.txt

then set ELASTICSEARCH_COMPOUND_WORDS_PATH=analysis/allmenn_compound_parts.txt (relative
to the node's config directory) and rebuild the index.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from search.compounds import DERIVATION_ENDINGS, MIN_PART, dictionary


class Command(BaseCommand):
    help = "Write the compoundable words of the Norwegian dictionaries, one per line, for Elasticsearch."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="The file to write (UTF-8, one word per line).")

    def handle(self, *args, path: str, **options) -> None:
        words = dictionary()
        if not words:
            raise CommandError("No dictionary: install hunspell-no or set SEARCH_DICTIONARIES.")
        # Words that are also derivation endings ("ring" of "rekruttering") would split derived words.
        chosen = sorted(
            word for word in words.compoundable_words() if len(word) >= MIN_PART and word not in DERIVATION_ENDINGS
        )
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".partial")
        partial.write_text("".join(f"{word}\n" for word in chosen), encoding="utf-8")
        partial.replace(target)
        self.stdout.write(f"Wrote {len(chosen):,} words to {target}.")
