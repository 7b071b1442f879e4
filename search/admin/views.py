"""Search's admin views: the query statistics, and the index status.

Søkestatistikk shows the most searched queries and those that found nothing. Indeksstatus
shows the engine and how many pages it holds against how many should be there, and the
index changes still waiting in the outbox with their last error, so that an unreachable
engine or a page that cannot be prepared is seen in the admin, not only in the logs.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import InvalidPage, Paginator
from django.db.models import Count, Min, Q
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.views.generic import TemplateView
from wagtail.admin.forms.search import SearchForm
from wagtail.admin.modal_workflow import render_modal_workflow
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page, Site

from core.admin.helpers import NorwegianMixin
from core.spreadsheets import CSV_CONTENT_TYPE, write_csv

from .. import query_stats
from ..backends import get_backend
from ..contract import SearchUnavailable
from ..indexing import SYNONYMS
from ..models import IndexChange
from ..searchable import count_searchable
from ..templatetags.search_tags import search_page_url_for

SEARCH_MENU_LABEL = "Søk på nettstedet"
PERIODS = (7, 30, 90)
POPULAR_QUERY_DAYS = 90
PROMOTION_PERMISSIONS = tuple(
    f"wagtailsearchpromotions.{action}_searchpromotion" for action in ("add", "change", "delete")
)
DEFAULT_PERIOD = 30
REPORT_ROWS = 50
EXPORT_ROWS = 5000
FAILING_ROWS_SHOWN = 20


class SearchAdminBreadcrumbsMixin:
    """Hjem › Søk på nettstedet › the page: the header names the page, not only "Hjem"."""

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {"url": "", "label": SEARCH_MENU_LABEL},
            {"url": "", "label": self.page_title},
        ]


class QueryStatisticsView(
    NorwegianMixin, PermissionRequiredMixin, SearchAdminBreadcrumbsMixin, WagtailAdminTemplateMixin, TemplateView
):
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
            (row.query, row.searches, row.without_results) for row in query_stats.top_queries(days, limit=EXPORT_ROWS)
        )
        response = HttpResponse(write_csv(rows, ["Søk", "Antall søk", "Uten treff"]), content_type=CSV_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="sokestatistikk-{days}-dager.csv"'
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        days = self.period()
        totals = query_stats.totals(days)
        share = round(100 * totals["without_results"] / totals["searches"]) if totals["searches"] else 0
        context.update(
            days=days,
            periods=PERIODS,
            totals=totals,
            share_without_results=share,
            top=query_stats.top_queries(days, limit=REPORT_ROWS),
            without_results=query_stats.queries_without_results(days, limit=REPORT_ROWS),
            placeholder=query_stats.PERSONAL_DATA_PLACEHOLDER,
            retention_days=settings.SEARCH_QUERY_RETENTION_DAYS,
            search_url=search_page_url_for(Site.find_for_request(self.request)),
        )
        return context


class IndexStatusView(
    NorwegianMixin, PermissionRequiredMixin, SearchAdminBreadcrumbsMixin, WagtailAdminTemplateMixin, TemplateView
):
    permission_required = "search.view_indexchange"
    template_name = "search/admin/index_status.html"
    page_title = "Indeksstatus"
    header_icon = "search"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        backend = get_backend()
        try:
            backend.ping()
            indexed, engine_error = backend.count(), ""
        except SearchUnavailable as exc:
            indexed, engine_error = None, str(exc)
        waiting = IndexChange.objects.aggregate(
            total=Count("pk"), failing=Count("pk", filter=Q(attempts__gt=0)), oldest=Min("requested_at")
        )
        failing = list(IndexChange.objects.filter(attempts__gt=0).order_by("requested_at")[:FAILING_ROWS_SHOWN])
        titles = dict(Page.objects.filter(pk__in=[row.page_id for row in failing]).values_list("pk", "title"))
        context.update(
            engine=backend.name,
            indexed=indexed,
            engine_error=engine_error,
            searchable=count_searchable(),
            waiting=waiting,
            failing=[
                {
                    "change": row,
                    "title": "Synonymer" if row.page_id == SYNONYMS else titles.get(row.page_id, "(slettet side)"),
                }
                for row in failing
            ],
        )
        return context


@dataclass(frozen=True)
class PopularQuery:
    """A row in Wagtail's "popular search terms" chooser, which reads id, query_string and hits."""

    id: int
    query_string: str
    hits: int


def popular_queries_chooser(request, get_results: bool = False):
    """Wagtail's "Velg blant populære søkeord", fed from the site's own query statistics.

    Wagtail's chooser reads its own Query/QueryDailyHits, which the site never fills: the
    site counts searches in QueryDay (aggregated per day, personal data replaced). This view
    answers at Wagtail's chooser addresses with the same templates.
    """
    if not any(request.user.has_perm(permission) for permission in PROMOTION_PERMISSIONS):
        raise PermissionDenied
    searchform = SearchForm(request.GET if "q" in request.GET else None)
    containing = searchform.cleaned_data["q"] if searchform.is_valid() else ""
    rows = query_stats.popular_queries(POPULAR_QUERY_DAYS, containing=containing)
    queries = [PopularQuery(number, row.query, row.searches) for number, row in enumerate(rows, start=1)]
    try:
        page = Paginator(queries, per_page=10).page(request.GET.get("p", 1))
    except InvalidPage as exc:
        raise Http404 from exc
    if get_results:
        return TemplateResponse(request, "wagtailsearchpromotions/queries/chooser/results.html", {"queries": page})
    return render_modal_workflow(
        request,
        "wagtailsearchpromotions/queries/chooser/chooser.html",
        None,
        {"queries": page, "searchform": searchform if searchform.is_bound else SearchForm()},
        json_data={"step": "chooser"},
    )


def popular_queries_chooser_results(request):
    return popular_queries_chooser(request, get_results=True)
