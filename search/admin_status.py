"""Indeksstatus: is the search index healthy? For whoever runs the site.

Shows the engine and how many pages it holds against how many should be there, and the
index changes still waiting in the outbox with their last error, so that an unreachable
engine or a page that cannot be prepared is seen in the admin, not only in the logs.
"""

from __future__ import annotations

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.db.models import Count, Min, Q
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

from core.admin_helpers import NorwegianMixin

from .backends import get_backend
from .contract import SearchUnavailable
from .indexing import SYNONYMS
from .models import IndexChange
from .registry import count_searchable

FAILING_ROWS_SHOWN = 20


class IndexStatusView(NorwegianMixin, PermissionRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
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
