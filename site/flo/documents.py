"""Search document for the statistics page.

The routes for each county and municipality are not indexed: they are figures, not
text, and not pages of their own.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from search import searchable
from search.page_document import PageDocument

from .models import StatisticsPage


@searchable.register
class StatisticsDocument(PageDocument):
    """The one statistics page, by its introduction and method text (the figures are data)."""

    model = StatisticsPage
    content_type = "statistics"
    type_label = _("Statistics")

    def prepare_year(self) -> int | None:
        return None  # the figures are always the latest month's
