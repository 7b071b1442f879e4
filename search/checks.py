"""System checks for search: say when compounds cannot be split, rather than rank worse in silence."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.checks import Warning, register


@register()
def dictionaries_present(app_configs=None, **kwargs) -> list[Warning]:
    paths = getattr(settings, "SEARCH_DICTIONARIES", ())
    if any(Path(path).is_file() for path in paths):
        return []
    return [
        Warning(
            "No Norwegian dictionary for search: compounds are not split, so 'lege' will not find 'legevakten'.",
            hint="Install Debian's hunspell-no (apt-get install hunspell-no) or set SEARCH_DICTIONARIES "
            "to hunspell .dic files, then rebuild the search index (manage.py rebuild_search_index).",
            id="search.W001",
        )
    ]
