"""Chapter numbering and navigation for a report, computed from the page tree.

Numbers are never stored: they follow the tree, so when editors reorder or move
chapters the numbering is right on the next request. One query fetches every
chapter of the report, whatever its size, and the result is cached under the page
tree's version (every publication, move, deletion or privacy change renews it) and
the Site, so a chapter's page usually asks for none.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from django.http import HttpRequest
from wagtail.models import Page, Site

from core.page_tree import kept_per_tree


@dataclass
class ChapterEntry:
    page: Page
    number: str
    url: str
    depth: int
    children: list[ChapterEntry] = field(default_factory=list)
    is_current: bool = False

    @property
    def title(self) -> str:
        return self.page.title

    @property
    def numbered_title(self) -> str:
        return f"{self.number} {self.page.title}"


@dataclass
class ReportOutline:
    report: Page
    report_url: str
    chapters: list[ChapterEntry]  # top level, each with its sub-chapters
    in_order: list[ChapterEntry]  # depth first, the order a reader goes through them
    current: ChapterEntry | None = None

    @classmethod
    def for_report(cls, report: Page, request: HttpRequest | None, current: Page | None = None) -> ReportOutline:
        """The outline of a ReportPage (whose live_chapters() gives the chapters in tree order),
        with `current` marked. The report itself is the caller's (a preview's draft)."""
        site = Site.find_for_request(request) if request is not None else None
        chapters = kept_per_tree(
            f"report-outline:{site.pk if site else '-'}:{report.pk}",
            lambda: replace(cls.build(report, request), report=None),  # the report is the caller's
            read_only=False,  # marked below for this request
        )
        chapters.report = report
        chapters.report_url = report.get_url(request) or ""
        chapters.mark_current(current)
        return chapters

    def mark_current(self, current: Page | None) -> None:
        for entry in self.in_order:
            entry.is_current = bool(current and entry.page.pk == current.pk)
        self.current = next((entry for entry in self.in_order if entry.is_current), None)

    @classmethod
    def build(cls, report: Page, request: HttpRequest | None) -> ReportOutline:
        """The outline from the database: one query for every chapter."""
        chapters = report.live_chapters().only("id", "title", "path", "depth", "url_path", "draft_title", "live")
        by_path: dict[str, ChapterEntry] = {}
        counters: dict[str, int] = {}
        top: list[ChapterEntry] = []
        in_order: list[ChapterEntry] = []
        step = Page.steplen
        for chapter in chapters:
            parent_path = chapter.path[:-step]
            counters[parent_path] = counters.get(parent_path, 0) + 1
            parent = by_path.get(parent_path)
            if parent is None and chapter.depth != report.depth + 1:
                continue  # under an unpublished chapter: not reachable, not numbered
            number = f"{parent.number}.{counters[parent_path]}" if parent else str(counters[parent_path])
            entry = ChapterEntry(
                page=chapter,
                number=number,
                url=chapter.get_url(request) or "",
                depth=chapter.depth - report.depth,
            )
            by_path[chapter.path] = entry
            (parent.children if parent else top).append(entry)
            in_order.append(entry)
        return cls(report=report, report_url=report.get_url(request) or "", chapters=top, in_order=in_order)

    @property
    def previous(self) -> ChapterEntry | None:
        if self.current is None:
            return None
        index = self.in_order.index(self.current)
        return self.in_order[index - 1] if index > 0 else None

    @property
    def next(self) -> ChapterEntry | None:
        if self.current is None:
            return self.in_order[0] if self.in_order else None
        index = self.in_order.index(self.current)
        return self.in_order[index + 1] if index + 1 < len(self.in_order) else None
