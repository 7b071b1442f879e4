"""The demo statistics: the statistics page and 24 months of synthetic FLO figures.

The page is found or created before the other pages are published, so their texts
can link to it; the figures are imported after, through the real import.
"""

from __future__ import annotations

import logging

from wagtail.models import Page

from flo.models import StatisticsPage

from .flo_figures import load_demo_figures
from .stream import Refs, heading, paragraph

logger = logging.getLogger(__name__)

STATISTICS_SLUG = "statistikk"
STATISTICS_TITLE = "Fastlegestatistikk"


def ensure_statistics_page(home: Page) -> StatisticsPage:
    page = home.get_children().filter(slug=STATISTICS_SLUG).specific().first()
    if page is None:
        page = StatisticsPage(
            title=STATISTICS_TITLE,
            slug=STATISTICS_SLUG,
            live=False,
            summary="Månedlige tall fra FLO for hele landet, hvert fylke og hver kommune: fastlegeavtaler, "
            "lister uten fast lege og ledig kapasitet.",
        )
        home.add_child(instance=page)
    return page


def method_body(r: Refs) -> list[dict]:
    return [
        heading("Om tallene"),
        paragraph(
            """
<p>Tallene kommer fra FLO, systemet som forvalter fastlegeordningen. Hver måned henter en analytiker
ut tall per kommune, og kommunikasjonsavdelingen publiserer dem her. Tallene for fylkene og hele
landet er summen av kommunene. Gjennomsnittlig listelengde, andel innbyggere på lister uten fast
lege og reservekapasitet regnes ut fra summene.</p>
<p><strong>I demoen er tallene syntetiske.</strong> Kommunene, kommunenumrene og fylkene er ekte,
også endringene etter fylkesreformen i 2024.</p>
"""
        ),
    ]


def build_statistics(page: StatisticsPage, refs: Refs) -> StatisticsPage:
    """Publish the page if it never was, and import the demo figures if there are none."""
    if page.live_revision_id is None:
        page = StatisticsPage.objects.get(pk=page.pk)
        page.body = method_body(refs)
        page.save_revision().publish()
    batch = load_demo_figures()
    if batch is not None:
        logger.debug("Demo FLO figures imported: %s rows", batch.row_count)
    return page
