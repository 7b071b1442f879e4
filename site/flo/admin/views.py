"""The editors' side of the statistics: upload a month's file, see what was wrong with
it, download the template, follow the log of imports and roll one back."""

from __future__ import annotations

import hashlib
from datetime import date

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import DetailView, FormView, ListView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.admin.helpers import NorwegianMixin
from core.municipality_register import get_municipality_register

from ..checks import ImportCheck, check_import
from ..import_template import template_csv, template_xlsx
from ..imports import (
    ExistingMonth,
    ImportRefused,
    RollbackRefused,
    batch_months,
    blocking_import,
    check_file,
    existing_months,
    import_file,
    restored_by_rollback,
    rollback_import,
)
from ..indicators import COUNTS
from ..models import ImportBatch, PendingImport
from ..months import add_months, current_month, month_label, month_param, parse_month_param
from ..statistics import data_state
from ..validation import HEADINGS, MONTH_COLUMN, NAME_COLUMN, NUMBER_COLUMN
from .forms import ConfirmImportForm, ImportForm


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
        """Validate the file; a valid one is kept server-side and the editor goes on to the check page."""
        upload = form.cleaned_data["file"]
        content = upload.read()
        name = upload.name or "fil"
        validation = check_file(content, name)
        if not validation.is_valid:
            return self.render_to_response(self.get_context_data(form=form, validation=validation, file_name=name))
        expire_pending_imports()
        check = check_import(validation.rows, get_municipality_register())
        pending = PendingImport.objects.create(
            created_by=self.request.user,
            file_name=name[:255],
            file_content=content,
            check_fingerprint=confirmation_fingerprint(check, existing_months(validation.months)),
        )
        return redirect("flo_admin:check", token=pending.token)


def expire_pending_imports() -> int:
    """Forget uploads nobody confirmed in time; returns how many."""
    cutoff = timezone.now() - PendingImport.EXPIRES_AFTER
    deleted, _ = PendingImport.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def confirmation_fingerprint(check: ImportCheck, existing: list[ExistingMonth]) -> str:
    """What the editor confirms: the checks and which imports a replace would supersede."""
    replaced = ",".join(f"{item.month:%Y-%m}:{item.batch.pk}" for item in existing)
    return hashlib.sha256(f"{check.fingerprint()}|{replaced}".encode()).hexdigest()


class CheckImportView(NorwegianMixin, PermissionRequiredMixin, WagtailAdminTemplateMixin, View):
    """Step two of an import: what the file holds, what is missing, what jumps and what a
    replace changes; the editor confirms each of those explicitly, or cancels."""

    permission_required = "flo.add_importbatch"
    page_title = "Kontroller importen"
    header_icon = "upload"
    template_name = "flo/admin/check.html"
    expired_message = "Opplastingen finnes ikke lenger (den utløper etter to timer). Last opp filen på nytt."

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {"url": reverse("flo_admin:import"), "label": ImportView.page_title},
            {"url": "", "label": self.page_title},
        ]

    def get_pending(self, token) -> PendingImport | None:
        cutoff = timezone.now() - PendingImport.EXPIRES_AFTER
        return PendingImport.objects.filter(token=token, created_by=self.request.user, created_at__gte=cutoff).first()

    def expired(self):
        messages.error(self.request, self.expired_message)
        return redirect("flo_admin:import")

    def run_checks(self):
        content = bytes(self.pending.file_content)
        self.validation = check_file(content, self.pending.file_name)
        if not self.validation.is_valid:
            return None, [], ""
        check = check_import(self.validation.rows, get_municipality_register())
        existing = existing_months(self.validation.months)
        return check, existing, confirmation_fingerprint(check, existing)

    def make_form(self, check: ImportCheck, existing: list[ExistingMonth], data=None) -> ConfirmImportForm:
        return ConfirmImportForm(
            data,
            needs_replace=bool(existing),
            needs_partial=check.is_partial,
            needs_warnings=bool(check.jumps),
        )

    def render_check(self, check, existing, form, **extra):
        context = self.get_context_data(
            pending=self.pending,
            validation=self.validation,
            check=check,
            existing=existing,
            form=form,
            row_count=len(self.validation.rows),
            months=[month_label(month) for month in self.validation.months],
            **extra,
        )
        return self.render_to_response(context)

    def get(self, request, token):
        self.pending = self.get_pending(token)
        if self.pending is None:
            return self.expired()
        check, existing, fingerprint = self.run_checks()
        if check is None:
            return self.render_check(None, [], None)
        if fingerprint != self.pending.check_fingerprint:
            self.pending.check_fingerprint = fingerprint
            self.pending.save(update_fields=["check_fingerprint"])
        return self.render_check(check, existing, self.make_form(check, existing))

    def post(self, request, token):
        self.pending = self.get_pending(token)
        if self.pending is None:
            return self.expired()
        check, existing, fingerprint = self.run_checks()
        if check is None:
            return self.render_check(None, [], None)
        form = self.make_form(check, existing, request.POST)
        if fingerprint != self.pending.check_fingerprint:
            # Another import or rollback changed what the editor was shown: show it again.
            self.pending.check_fingerprint = fingerprint
            self.pending.save(update_fields=["check_fingerprint"])
            return self.render_check(check, existing, self.make_form(check, existing), changed=True)
        if not form.is_valid():
            return self.render_check(check, existing, form)
        try:
            batch = import_file(
                bytes(self.pending.file_content),
                self.pending.file_name,
                user=request.user,
                replace=bool(existing),
                allow_partial=check.is_partial,
                validation=self.validation,
            )
        except ImportRefused as refused:
            return self.render_check(check, existing, self.make_form(check, existing), refused=refused.problems)
        self.pending.delete()
        for warning in self.validation.warnings:
            messages.warning(request, warning)
        text = f"Importerte {batch.row_count} rader fra «{batch.file_name}» for {batch.months_label}."
        if batch.is_partial:
            text += " Importert som delvis måned."
        messages.success(request, text)
        return redirect("flo_admin:batch", pk=batch.pk)


class CancelImportView(NorwegianMixin, PermissionRequiredMixin, View):
    """POST only: forget an upload on the check page; nothing was imported."""

    permission_required = "flo.add_importbatch"

    def post(self, request, token):
        PendingImport.objects.filter(token=token, created_by=request.user).delete()
        messages.info(request, "Importen er avbrutt. Ingenting er lagret.")
        return redirect("flo_admin:import")


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


class RollbackView(NorwegianMixin, PermissionRequiredMixin, WagtailAdminTemplateMixin, DetailView):
    """GET asks for confirmation and says what would happen; POST undoes the import and
    brings back what it replaced."""

    permission_required = "flo.change_importbatch"
    header_icon = "history"
    template_name = "flo/admin/rollback_confirm.html"
    model = ImportBatch
    context_object_name = "batch"

    def get_queryset(self):
        return ImportBatch.objects.select_related("created_by").defer("file_content")

    def get_page_title(self):
        return f"Rull tilbake importen: {self.object.file_name}"

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {"url": reverse("flo_admin:batches"), "label": BatchListView.page_title},
            {"url": reverse("flo_admin:batch", args=[self.object.pk]), "label": f"Import: {self.object.file_name}"},
            {"url": "", "label": "Rull tilbake importen"},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        batch = self.object
        blocking = None if batch.is_rolled_back else blocking_import(batch)
        context.update(
            blocking=blocking,
            restored=[] if batch.is_rolled_back or blocking else restored_by_rollback(batch),
            current_rows=batch.figures.filter(is_current=True).count(),
        )
        return context

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
