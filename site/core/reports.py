"""The language report: the share of live pages in bokmål, nynorsk and English, page by
page and month by month."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count
from django.utils import timezone

from .languages import NYNORSK_MINIMUM_SHARE, Language
from .models import BasePage


@dataclass
class LanguageShare:
    code: str
    label: str
    count: int
    share: float

    @property
    def percent(self) -> str:
        return f"{self.share * 100:.1f}".replace(".", ",")

    @property
    def below_minimum(self) -> bool:
        # The minimum applies to the two Norwegian written standards.
        return self.code in (Language.BOKMAL, Language.NYNORSK) and self.share < NYNORSK_MINIMUM_SHARE


def page_types() -> list[type[BasePage]]:
    from django.apps import apps

    return [m for m in apps.get_models() if issubclass(m, BasePage) and not m._meta.abstract]


def language_shares() -> list[LanguageShare]:
    """Count live, public pages per language across every page type (one query per type)."""
    counts = {code: 0 for code, _label in Language.choices}
    for model in page_types():
        rows = model.objects.live().public().values("language").annotate(n=Count("pk"))
        for row in rows:
            counts[row["language"]] = counts.get(row["language"], 0) + row["n"]
    total = sum(counts.values())
    return [
        LanguageShare(code=code, label=str(label), count=counts[code], share=(counts[code] / total if total else 0.0))
        for code, label in Language.choices
    ]


# --- Per page: which page is in which language, by section --------------------------------------

# Wagtail's tree paths have four characters per level; the root is level 1 and each site's
# home page level 2, so a page's section is its ancestor at level 3.
PATH_STEP = 4
SECTION_DEPTH = 3


@dataclass(frozen=True)
class Section:
    id: int
    title: str
    path: str


@dataclass(frozen=True)
class PageLanguage:
    """One live, public page with its language and the section it belongs to."""

    id: int
    title: str
    language: str
    language_label: str
    page_type: str
    section: str
    last_published_at: object


def sections() -> list[Section]:
    """The top-level sections (the home pages' children), in menu order."""
    from wagtail.models import Page

    rows = Page.objects.filter(depth=SECTION_DEPTH).order_by("path").values("id", "title", "path")
    return [Section(row["id"], row["title"], row["path"]) for row in rows]


def pages_by_language(language: str = "", section: Section | None = None) -> list[PageLanguage]:
    """Every live, public page with its language, optionally for one language or one section
    (one query per page type), sorted by section and title."""
    labels = dict(Language.choices)
    section_titles = {s.path: s.title for s in sections()}
    pages = []
    for model in page_types():
        rows = model.objects.live().public()
        if language:
            rows = rows.filter(language=language)
        if section is not None:
            rows = rows.filter(path__startswith=section.path)
        page_type = str(model._meta.verbose_name)
        for row in rows.values("id", "title", "language", "path", "last_published_at"):
            pages.append(
                PageLanguage(
                    id=row["id"],
                    title=row["title"],
                    language=row["language"],
                    language_label=str(labels.get(row["language"], row["language"])),
                    page_type=page_type,
                    section=section_titles.get(row["path"][: PATH_STEP * SECTION_DEPTH], "Forsiden"),
                    last_published_at=row["last_published_at"],
                )
            )
    return sorted(pages, key=lambda page: (page.section, page.title.casefold()))


# --- Over time: the share at the end of each of the last 12 months -------------------------------


@dataclass(frozen=True)
class MonthShares:
    """The live pages in each language at the end of one month."""

    month: date
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def share(self, code: str) -> float:
        return self.counts.get(code, 0) / self.total if self.total else 0.0

    def percent(self, code: str) -> str:
        return f"{self.share(code) * 100:.1f}".replace(".", ",")

    @property
    def cells(self) -> list[tuple[int, str]]:
        """(pages, percent) per language, in the order of Language.choices."""
        return [(self.counts.get(code, 0), self.percent(code)) for code, _label in Language.choices]


def month_starts(months: int, today: date) -> list[date]:
    """The first day of each of the last ``months`` months, this month last."""
    year, month = today.year, today.month
    starts = []
    for _ in range(months):
        starts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return starts[::-1]


def monthly_shares(months: int = 12, today: date | None = None) -> list[MonthShares]:
    """For each of the last ``months`` months, the pages live today that had been published by
    the month's end, per language (one query per page type).

    Pages unpublished or deleted since are not in the history: Wagtail keeps no record of
    which pages were live on a past day that is cheap to read.
    """
    today = today or timezone.localdate()
    published: list[tuple[str, date | None]] = []
    for model in page_types():
        for row in model.objects.live().public().values("language", "first_published_at"):
            first = row["first_published_at"]
            published.append((row["language"], timezone.localdate(first) if first else None))
    result = []
    for start in month_starts(months, today):
        next_month = date(start.year + start.month // 12, start.month % 12 + 1, 1)
        counts = {code: 0 for code, _label in Language.choices}
        for language, first in published:
            if first is None or first < next_month:
                counts[language] = counts.get(language, 0) + 1
        result.append(MonthShares(start, counts))
    return result
