"""The language report: the share of live pages in bokmål, nynorsk and English."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

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


class LanguageReportView(WagtailAdminTemplateMixin, TemplateView):
    """Shows editors whether the site meets the minimum share for each written standard."""

    page_title = _("Språkfordeling")
    header_icon = "globe"
    template_name = "core/reports/language_report.html"

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        shares = language_shares()
        context["shares"] = shares
        context["total"] = sum(s.count for s in shares)
        context["minimum_percent"] = int(NYNORSK_MINIMUM_SHARE * 100)
        return context
