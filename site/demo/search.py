"""The demo's search: the search page, the editors' synonym groups, and a fresh index.

The page and the synonyms are created only if missing, like the rest of the demo. The
index is rebuilt on every run: it is derived from the pages, so rebuilding it changes
nothing a visitor can tell, and it is the one step that makes a freshly loaded demo
searchable without a task worker.
"""

from __future__ import annotations

import io
import logging

from django.core.management import CommandError, call_command
from wagtail.models import Page

from search.models import SearchPage, SynonymGroup

logger = logging.getLogger(__name__)

SEARCH_SLUG = "sok"
SEARCH_TITLE = "Søk"

# Words visitors use for the same thing: the GP in everyday, formal and English words; the
# grant in bokmål and nynorsk; and LIS1 by the name it had until 2017 ("turnus").
DEMO_SYNONYMS = (
    ("fastlege, allmennlege, GP", "Fastlegen har flere navn"),
    ("tilskudd, tilskot", "Bokmål og nynorsk"),
    ("LIS1, turnus", "Turnustjenesten ble til LIS1 i 2017"),
)


def ensure_search_page(home: Page) -> SearchPage:
    """The one search page (Home → Søk), published if it never was."""
    page = home.get_children().filter(slug=SEARCH_SLUG).specific().first()
    if page is None:
        page = SearchPage(
            title=SEARCH_TITLE,
            slug=SEARCH_SLUG,
            language="nb",
            summary="Søk i veiledning, rapporter, kampanjer, podkast og nyhetsbrev fra Allmennlegeprogrammet.",
            live=False,
        )
        home.add_child(instance=page)
    if page.live_revision_id is None:
        page = SearchPage.objects.get(pk=page.pk)
        page.save_revision().publish()
    return page


def ensure_synonyms() -> list[SynonymGroup]:
    """The demo synonym groups, created if an editor has not got them already."""
    groups = []
    for terms, note in DEMO_SYNONYMS:
        group, _created = SynonymGroup.objects.get_or_create(terms=terms, defaults={"note": note})
        groups.append(group)
    return groups


def rebuild_search_index() -> bool:
    """Rebuild the public index from the pages just loaded; False (and a warning) if the
    engine is unreachable, since a demo site without search is still a demo site."""
    try:
        call_command("rebuild_search_index", "--no-progress", verbosity=0, stdout=io.StringIO())
    except CommandError as exc:
        logger.warning("The demo site is loaded, but its search index was not rebuilt: %s", exc)
        return False
    return True
