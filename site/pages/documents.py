"""Search documents for guidance, reports, their chapters and campaigns.

Not indexed: the home page and the campaign index, which only list pages that are in
the index themselves and would come up as noise above them.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from search import searchable
from search.page_document import PageDocument

from .models import CampaignPage, ChapterPage, GuidancePage, ReportPage


@searchable.register
class GuidanceDocument(PageDocument):
    model = GuidancePage
    content_type = "guidance"
    type_label = _("Guidance")
    prefetch = ("tags",)


@searchable.register
class ReportDocument(PageDocument):
    """A report's own page: the preface and introduction, its topics, and the report as PDF."""

    model = ReportPage
    content_type = "report"
    type_label = _("Report")
    prefetch = ("tags",)

    def prepare_year(self) -> int | None:
        return self.page.year or super().prepare_year()


@searchable.register
class ChapterDocument(PageDocument):
    """A chapter: found with its report's title above it and its report's topics and year.

    The title is the chapter's own, without "Kapittel 1.2": the number follows the chapter's
    place among its siblings, so it changes when an editor inserts or moves a sibling, an
    event that does not reindex this chapter, and the index would show a stale number.
    """

    model = ChapterPage
    content_type = "chapter"
    type_label = _("Report chapter")

    def report(self) -> ReportPage | None:
        if not hasattr(self, "_report"):
            self._report = ReportPage.objects.ancestor_of(self.page).order_by("-depth").prefetch_related("tags").first()
        return self._report

    def prepare_breadcrumbs(self) -> list[str]:
        """The report's title, then the titles of the chapters above this one."""
        return self.ancestor_titles(ReportPage)

    def prepare_topics(self) -> list[str]:
        report = self.report()
        return sorted({tag.name for tag in report.tags.all()}, key=str.casefold) if report else []

    def prepare_year(self) -> int | None:
        report = self.report()
        return (report.year if report else None) or super().prepare_year()


@searchable.register
class CampaignDocument(PageDocument):
    model = CampaignPage
    content_type = "campaign"
    type_label = _("Campaign")
    prefetch = ("tags",)
