"""Search in the admin: one "Søk" menu with the synonyms, the editors' recommended results,
the query statistics and the index status.

Recommended results are Wagtail's own search promotions (its admin registers itself);
our menu links to them, and Wagtail's duplicate item under Settings is removed, as is its
"Search terms" report, which counts hits we never record (our statistics are QueryDay).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import HttpResponse
from django.urls import include, path, reverse
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Site
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from core.admin_helpers import NorwegianMixin, PermissionMenuItem
from core.spreadsheets import CSV_CONTENT_TYPE, write_csv

from . import analytics
from .admin_status import IndexStatusView
from .models import SynonymGroup
from .templatetags.search_tags import search_page_url_for

PERIODS = (7, 30, 90)
DEFAULT_PERIOD = 30
REPORT_ROWS = 50
EXPORT_ROWS = 5000


class SynonymGroupViewSet(SnippetViewSet):
    model = SynonymGroup
    icon = "list-ul"
    menu_label = "Synonymer"
    add_to_admin_menu = False
    list_display = ["terms", Column("note", label="Merknad"), DateColumn("updated_at", label="Endret")]
    search_fields = ["terms", "note"]
    search_backend_name = None  # a handful of rows: the database filters them directly
    ordering = ["terms"]


register_snippet(SynonymGroupViewSet)


class QueryStatisticsView(NorwegianMixin, PermissionRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    """The most searched queries and the queries that found nothing, over 7, 30 or 90 days."""

    permission_required = "search.view_queryday"
    template_name = "search/admin/query_statistics.html"
    page_title = "Søkestatistikk"
    header_icon = "search"

    def period(self) -> int:
        try:
            days = int(self.request.GET.get("dager", DEFAULT_PERIOD))
        except ValueError:
            return DEFAULT_PERIOD
        return days if days in PERIODS else DEFAULT_PERIOD

    def get(self, request, *args, **kwargs):
        if request.GET.get("eksport") == "csv":
            return self.export()
        return super().get(request, *args, **kwargs)

    def export(self) -> HttpResponse:
        days = self.period()
        rows = (
            (row.query, row.searches, row.without_results) for row in analytics.top_queries(days, limit=EXPORT_ROWS)
        )
        response = HttpResponse(write_csv(rows, ["Søk", "Antall søk", "Uten treff"]), content_type=CSV_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="sokestatistikk-{days}-dager.csv"'
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        days = self.period()
        totals = analytics.totals(days)
        share = round(100 * totals["without_results"] / totals["searches"]) if totals["searches"] else 0
        context.update(
            days=days,
            periods=PERIODS,
            totals=totals,
            share_without_results=share,
            top=analytics.top_queries(days, limit=REPORT_ROWS),
            without_results=analytics.queries_without_results(days, limit=REPORT_ROWS),
            placeholder=analytics.PERSONAL_DATA_PLACEHOLDER,
            retention_days=settings.SEARCH_QUERY_RETENTION_DAYS,
            search_url=search_page_url_for(Site.find_for_request(self.request)),
        )
        return context


admin_urlpatterns = [
    path("statistikk/", QueryStatisticsView.as_view(), name="statistics"),
    path("indeks/", IndexStatusView.as_view(), name="index_status"),
]


@hooks.register("register_admin_urls")
def register_search_admin_urls():
    return [path("sok/", include((admin_urlpatterns, "search_admin"), namespace="search_admin"))]


@hooks.register("register_admin_menu_item")
def register_search_menu() -> SubmenuMenuItem:
    items = [
        PermissionMenuItem(
            "Synonymer",
            reverse("wagtailsnippets_search_synonymgroup:list"),
            name="search-synonyms",
            icon_name="list-ul",
            order=10,
            permissions=tuple(f"search.{action}_synonymgroup" for action in ("view", "add", "change", "delete")),
        ),
        PermissionMenuItem(
            "Anbefalte resultater",
            reverse("wagtailsearchpromotions:index"),
            name="search-promotions",
            icon_name="pick",
            order=20,
            permissions=tuple(
                f"wagtailsearchpromotions.{action}_searchpromotion" for action in ("add", "change", "delete")
            ),
        ),
        PermissionMenuItem(
            "Søkestatistikk",
            reverse("search_admin:statistics"),
            name="search-statistics",
            icon_name="table",
            order=30,
            permission="search.view_queryday",
        ),
        PermissionMenuItem(
            "Indeksstatus",
            reverse("search_admin:index_status"),
            name="search-index-status",
            icon_name="cogs",
            order=40,
            permission="search.view_indexchange",
        ),
    ]
    return SubmenuMenuItem("Søk", Menu(items=items), icon_name="search", name="search-admin", order=270)


@hooks.register("construct_settings_menu")
def hide_wagtail_promotions_item(request, menu_items: list) -> None:
    # Recommended results live in our "Søk" menu; one place to find them is enough.
    menu_items[:] = [item for item in menu_items if item.name != "promoted-search-results"]


@hooks.register("construct_reports_menu")
def hide_wagtail_search_terms_report(request, menu_items: list) -> None:
    # Wagtail's report counts its own query hits, which the site never records.
    menu_items[:] = [item for item in menu_items if item.name != "search-terms"]
