"""Core's admin views: the language report."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.permission_policies.pages import PagePermissionPolicy

from ..languages import NYNORSK_MINIMUM_SHARE, Language
from ..reports import Section, language_shares, monthly_shares, pages_by_language, sections
from ..spreadsheets import CSV_CONTENT_TYPE, write_csv
from .language_chart import build_chart

EXPORT_HEADERS = ["Side-ID", "Tittel", "Språk", "Seksjon", "Sidetype", "Sist publisert"]


def may_see_language_report(user) -> bool:
    """Whoever may write or publish pages may see the language report; the menu and the view both ask here."""
    return user.is_active and PagePermissionPolicy().user_has_any_permission(user, ["add", "change", "publish"])


class LanguageReportMenuItem(MenuItem):
    """Shown to exactly those the report's view lets in."""

    def is_shown(self, request) -> bool:
        return may_see_language_report(request.user)


class LanguageReportView(WagtailAdminTemplateMixin, TemplateView):
    """Shows editors whether the site meets the minimum share for each written standard: in
    total, month by month, and page by page (filtered by language and section, as CSV)."""

    page_title = _("Språkfordeling")
    header_icon = "globe"
    template_name = "core/admin/language_report.html"

    def dispatch(self, request, *args, **kwargs):
        if not may_see_language_report(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.page_title}]

    def chosen_language(self) -> str:
        language = self.request.GET.get("sprak", "")
        return language if language in Language.values else ""

    def chosen_section(self, all_sections: list[Section]) -> Section | None:
        wanted = self.request.GET.get("seksjon", "")
        return next((section for section in all_sections if str(section.id) == wanted), None)

    def export_query(self) -> str:
        query = self.request.GET.copy()
        query["eksport"] = "csv"
        return query.urlencode()

    def get(self, request, *args, **kwargs):
        if request.GET.get("eksport") == "csv":
            return self.export()
        return super().get(request, *args, **kwargs)

    def export(self) -> HttpResponse:
        pages = pages_by_language(self.chosen_language(), self.chosen_section(sections()))
        rows = (
            (page.id, page.title, page.language_label, page.section, page.page_type, page.last_published_at)
            for page in pages
        )
        response = HttpResponse(write_csv(rows, EXPORT_HEADERS), content_type=CSV_CONTENT_TYPE)
        filename = f"sprakfordeling-{timezone.localdate().isoformat()}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        shares = language_shares()
        all_sections = sections()
        language, section = self.chosen_language(), self.chosen_section(all_sections)
        months = monthly_shares(12)
        context.update(
            shares=shares,
            total=sum(s.count for s in shares),
            minimum_percent=int(NYNORSK_MINIMUM_SHARE * 100),
            months=months,
            chart=build_chart(months),
            languages=Language.choices,
            sections=all_sections,
            chosen_language=language,
            chosen_section=section,
            pages=pages_by_language(language, section),
            export_query=self.export_query(),
        )
        return context
