"""The editors' side of the statistics: upload a month's file, see what was wrong with
it, download the template, follow the log of imports and roll one back."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views import View
from django.views.generic import DetailView, FormView, ListView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.admin.helpers import NorwegianMixin

from ..import_template import template_csv, template_xlsx
from ..imports import (
    ImportRefused,
    RollbackRefused,
    batch_months,
    blocking_import,
    check_file,
    import_file,
    rollback_import,
)
from ..indicators import COUNTS
from ..models import ImportBatch
from ..months import add_months, current_month, month_label, month_param, parse_month_param
from ..statistics import data_state
from ..validation import HEADINGS, MONTH_COLUMN, NAME_COLUMN, NUMBER_COLUMN
from .forms import ImportForm


def next_month_to_import() -> date:
    """The month after the latest one imported, but never in the future."""
    latest = data_state().latest_month
    candidate = add_months(latest, 1) if latest else add_months(current_month(), -1)
    return min(candidate, current_month())


class ImportView(NorwegianMixin, PermissionRequiredMixin, WagtailAdminTemplateMixin, FormView):
    permission_required = "flo.add_importbatch"
    page_title = "Importer FLO-tall"
    header_icon = "upload"
    template_name = "flo/admin/import.html"
    form_class = ImportForm

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        month = next_month_to_import()
        context.update(
            state=data_state(),
            template_month=month_param(month),
            template_month_label=month_label(month),
            columns=[
                (HEADINGS[NUMBER_COLUMN], "Fire sifre, slik nummeret var denne måneden (3101 Halden, ikke 3001)."),
                (HEADINGS[NAME_COLUMN], "Valgfri, bare til hjelp."),
                (HEADINGS[MONTH_COLUMN], "ÅÅÅÅ-MM, for eksempel 2026-03. En fil kan ha flere måneder."),
                *((HEADINGS[i.key], str(i.description)) for i in COUNTS),
            ],
        )
        return context

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        content = upload.read()
        name = upload.name or "fil"
        validation = check_file(content, name)
        if not validation.is_valid:
            return self.render_to_response(self.get_context_data(form=form, validation=validation, file_name=name))
        try:
            batch = import_file(
                content, name, user=self.request.user, replace=form.cleaned_data["replace"], validation=validation
            )
        except ImportRefused as refused:
            return self.render_to_response(
                self.get_context_data(
                    form=form, refused=refused.problems, validation=refused.validation, file_name=name
                )
            )
        for warning in validation.warnings:
            messages.warning(self.request, warning)
        messages.success(
            self.request, f"Importerte {batch.row_count} rader fra «{batch.file_name}» for {batch.months_label}."
        )
        return redirect("flo_admin:batch", pk=batch.pk)


class TemplateDownloadView(NorwegianMixin, PermissionRequiredMixin, View):
    """The import template for a month: every municipality valid then, counts left empty."""

    permission_required = "flo.add_importbatch"

    def get(self, request, file_format: str):
        if file_format not in ("csv", "xlsx"):
            raise Http404("Unknown template format")
        month = parse_month_param(request.GET.get("month")) or next_month_to_import()
        if file_format == "xlsx":
            body = template_xlsx(month)
            content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        else:
            body, content_type = template_csv(month), "text/csv; charset=utf-8"
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="flo-mal-{month_param(month)}.{file_format}"'
        return response


class BatchListView(NorwegianMixin, PermissionRequiredMixin, WagtailAdminTemplateMixin, ListView):
    permission_required = "flo.view_importbatch"
    page_title = "Importlogg for FLO-tall"
    header_icon = "list-ul"
    template_name = "flo/admin/batch_list.html"
    model = ImportBatch
    paginate_by = 50
    context_object_name = "batches"

    def get_queryset(self):
        return ImportBatch.objects.select_related("created_by", "rolled_back_by").defer("file_content")

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["state"] = data_state()
        return context


class BatchDetailView(NorwegianMixin, PermissionRequiredMixin, WagtailAdminTemplateMixin, DetailView):
    permission_required = "flo.view_importbatch"
    header_icon = "doc-full"
    template_name = "flo/admin/batch_detail.html"
    model = ImportBatch
    context_object_name = "batch"

    def get_queryset(self):
        return ImportBatch.objects.select_related("created_by", "rolled_back_by").defer("file_content")

    def get_page_title(self):
        return f"Import: {self.object.file_name}"

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {"url": reverse("flo_admin:batches"), "label": BatchListView.page_title},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        batch = self.object
        context.update(
            month_count=len(batch_months(batch)),
            current_rows=batch.figures.filter(is_current=True).count(),
            blocking=None if batch.is_rolled_back else blocking_import(batch),
            can_roll_back=self.request.user.has_perm("flo.change_importbatch"),
        )
        return context


class BatchFileView(NorwegianMixin, PermissionRequiredMixin, View):
    """The original file, exactly as uploaded."""

    permission_required = "flo.view_importbatch"

    def get(self, request, pk: int):
        batch = get_object_or_404(ImportBatch, pk=pk)
        response = HttpResponse(bytes(batch.file_content), content_type="application/octet-stream")
        response["Content-Disposition"] = f'attachment; filename="{batch.file_name.replace(chr(34), "")}"'
        return response


class RollbackView(NorwegianMixin, PermissionRequiredMixin, View):
    """POST only: undo an import and bring back what it replaced."""

    permission_required = "flo.change_importbatch"

    def post(self, request, pk: int):
        batch = get_object_or_404(ImportBatch, pk=pk)
        try:
            restored = rollback_import(batch, user=request.user)
        except RollbackRefused as refused:
            messages.error(request, str(refused))
        else:
            if restored:
                names = ", ".join(f"«{b.file_name}»" for b in restored)
                messages.success(request, f"Importen er rullet tilbake. Tallene fra {names} gjelder igjen.")
            else:
                messages.success(request, "Importen er rullet tilbake. Det finnes ikke tall for disse månedene nå.")
        return redirect("flo_admin:batch", pk=batch.pk)
