"""Admin views for subscribers, topics, consent texts and the suppression list, with
import, export and an overview of counts. All of it lives in the "Nyhetsbrev" menu;
the viewsets that use these views are in viewsets.py.

Personal data stays minimal: a suppressed address is typed in, hashed and forgotten;
deleting a subscriber erases them and keeps only that hash.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.generic import FormView, TemplateView
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import HeaderButton

from core.admin.helpers import NorwegianMixin
from core.mail.addresses import normalise_email

from ..confirmations import RESEND_AFTER, ask_to_confirm, plan
from ..models import Consent, ConsentText, Role, Status, Subscriber, Suppression, Topic, email_hash
from ..subscriber_export import FORMATS, export_response
from ..subscriber_import import (
    ImportRefused,
    ImportRow,
    Validation,
    check_file,
    import_subscribers,
    max_bytes,
    max_rows,
)
from .forms import ImportForm

# --- Subscribers -----------------------------------------------------------------------------


class SubscriberIndexView(generic.IndexView):
    """The list, whose XLSX and CSV buttons export exactly what is filtered, through core.spreadsheets."""

    def can_export(self) -> bool:
        return self.permission_policy.user_has_permission(self.request.user, "view")

    @cached_property
    def show_export_buttons(self):
        return self.can_export()

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.request.user.has_perm("newsletter.add_subscriber"):
            buttons.append(
                HeaderButton(
                    "Be om bekreftelse",
                    url=reverse("newsletter_subscriber_admin:confirmations"),
                    icon_name="mail",
                )
            )
        return buttons

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("municipality")

    def as_spreadsheet(self, queryset, spreadsheet_format):
        if not self.can_export():
            raise PermissionDenied
        if spreadsheet_format not in FORMATS:
            spreadsheet_format = "csv"
        return export_response(queryset, spreadsheet_format)


class SubscriberCreateView(generic.CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        row = ImportRow(
            number=1,
            email=data["email"],
            name=data["name"],
            role=data["role"],
            municipality=data["municipality"],
            language=data["language"],
            topics=list(data["topics"]),
        )
        try:
            import_subscribers(
                Validation(rows=[row]),
                source=Consent.Source.ADMIN,
                user=self.request.user,
                note=data["note"],
                double_opt_in=data["double_opt_in"],
                send_confirmation=data["send_confirmation"],
            )
        except ImportRefused as refused:
            raise PermissionDenied(str(refused)) from refused
        return Subscriber.objects.get(email_hash=email_hash(row.email))


class SubscriberEditView(generic.EditView):
    """Saved without an entry in Wagtail's log, whose label (the address) would outlive an erasure."""

    def save_instance(self):
        return self.form.save()


class SubscriberDeleteView(generic.DeleteView):
    """Deleting is erasing: the address is kept as a hash on the suppression list so it is never mailed again."""

    success_message = "Abonnenten «%(object)s» er slettet. Adressen er sperret, så den ikke får e-post igjen."

    def delete_action(self):
        self.object.erase()


class SubscriberInspectView(generic.InspectView):
    """Everything about one subscriber, with every consent they gave, read-only."""

    template_name = "newsletter/admin/subscriber_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["consents"] = self.object.consents.select_related("consent_text", "recorded_by")
        context["is_suppressed"] = self.object.is_suppressed
        context["can_ask_to_confirm"] = (
            self.object.status == Status.PENDING
            and not context["is_suppressed"]
            and self.request.user.has_perm("newsletter.add_subscriber")
        )
        return context


# --- Consent texts and the suppression list ---------------------------------------------------


class ConsentTextCreateView(generic.CreateView):
    def get_initial(self):
        current = ConsentText.current()
        return {"text": current.text, "text_nn": current.text_nn} if current else {}


class SuppressionCreateView(generic.CreateView):
    success_message = "Adressen er sperret og får ikke flere e-poster fra oss."

    def save_instance(self):
        address = self.form.cleaned_data["email"]
        suppression = super().save_instance()
        # A subscriber with this address is unsubscribed too, so the list and the status agree.
        subscriber = Subscriber.objects.filter(email_hash=email_hash(address)).first()
        if subscriber and subscriber.status in (Status.PENDING, Status.CONFIRMED):
            subscriber.set_status(Status.UNSUBSCRIBED, suppress_reason=Suppression.Reason.MANUAL)
        return suppression


class SuppressionIndexView(generic.IndexView):
    """Search by typing a whole address: it is hashed and looked up, as nothing else is stored."""

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return queryset.filter(email_hash=email_hash(normalise_email(self.search_query)))


# --- Import and overview -----------------------------------------------------------------------


IMPORT_COLUMNS = [
    ("email", "Påkrevd. Hver adresse bare én gang."),
    ("name", "Valgfri."),
    ("role", f"Valgfri: {', '.join(Role.values)}. Tom betyr annet."),
    ("municipality", "Valgfri: kommunenummer med fire sifre, for eksempel 0301."),
    ("language", "Valgfri: nb (bokmål) eller nn (nynorsk). Tom betyr bokmål."),
    ("topics", "Kortnavn for temaene, skilt med komma eller |, for eksempel flo|podkast."),
]


class ImportView(PermissionRequiredMixin, WagtailAdminTemplateMixin, FormView):
    permission_required = "newsletter.add_subscriber"
    page_title = "Importer abonnenter"
    header_icon = "upload"
    template_name = "newsletter/admin/import.html"
    form_class = ImportForm

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {"url": reverse("newsletter_subscribers:index"), "label": "Abonnenter"},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            columns=IMPORT_COLUMNS,
            topics=Topic.objects.all(),
            max_rows=max_rows(),
            max_megabytes=max_bytes() // 1024 // 1024,
        )
        return context

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        name = upload.name or "fil"
        validation = check_file(upload.read(), name, default_topics=list(form.cleaned_data["default_topics"]))
        if not validation.is_valid:
            return self.render_to_response(self.get_context_data(form=form, validation=validation, file_name=name))
        try:
            result = import_subscribers(
                validation,
                source=form.cleaned_data["source"],
                user=self.request.user,
                note=form.cleaned_data["note"],
                double_opt_in=form.cleaned_data["double_opt_in"],
                send_confirmation=form.cleaned_data["send_confirmation"] == "now",
            )
        except ImportRefused as refused:
            return self.render_to_response(self.get_context_data(form=form, refused=str(refused), file_name=name))
        return self.render_to_response(
            self.get_context_data(form=self.get_form_class()(), result=result, file_name=name)
        )


class ConfirmationRequestView(NorwegianMixin, PermissionRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    """Send the confirmation mail to subscribers who wait for it: everyone waiting, or one.

    It says first whom it would mail and whom not (asked within the last day), and
    sends on a second, deliberate click; asking twice mails nobody twice.
    """

    permission_required = "newsletter.add_subscriber"
    page_title = "Be om bekreftelse"
    header_icon = "mail"
    template_name = "newsletter/admin/confirmations.html"

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {"url": reverse("newsletter_subscribers:index"), "label": "Abonnenter"},
            {"url": "", "label": self.page_title},
        ]

    def chosen(self):
        """The queryset asked about: one subscriber (?abonnent=id) or None for everyone waiting."""
        raw = self.request.POST.get("abonnent") or self.request.GET.get("abonnent") or ""
        return Subscriber.objects.filter(pk=int(raw)) if raw.isascii() and raw.isdigit() and len(raw) < 19 else None

    def get_context_data(self, **kwargs):
        subscribers = self.chosen()
        context = super().get_context_data(**kwargs)
        context.update(
            plan=plan(subscribers),
            subscriber=subscribers.first() if subscribers is not None else None,
            resend_hours=int(RESEND_AFTER.total_seconds() // 3600),
            link_hours=settings.NEWSLETTER_CONFIRM_TOKEN_HOURS,
        )
        return context

    def post(self, request, *args, **kwargs):
        done = ask_to_confirm(self.chosen())
        if done.due:
            messages.success(request, f"Bekreftelses-e-post sendes til {len(done.due)} abonnent(er).")
        else:
            messages.info(request, "Ingen bekreftelses-e-post ble sendt: ingen venter som ikke har fått en nylig.")
        if done.recently_asked:
            messages.info(
                request,
                f"{len(done.recently_asked)} hadde fått en bekreftelses-e-post det siste døgnet og fikk ingen ny.",
            )
        return redirect(reverse("newsletter_subscribers:index") + f"?status={Status.PENDING}")


class OverviewView(PermissionRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    """Subscribers per topic and status, counted in one query."""

    permission_required = "newsletter.view_subscriber"
    page_title = "Oversikt over abonnenter"
    header_icon = "table"
    template_name = "newsletter/admin/overview.html"

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts: dict[tuple[int, str], int] = {
            (row["topic_id"], row["subscriber__status"]): row["n"]
            for row in Subscriber.topics.through.objects.values("topic_id", "subscriber__status").annotate(
                n=Count("pk")
            )
        }
        totals = dict(Subscriber.objects.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
        list_url = reverse("newsletter_subscribers:index")
        statuses = list(Status)
        context.update(
            statuses=[(status.value, status.label) for status in statuses],
            rows=[
                {
                    "topic": topic,
                    "cells": [
                        (counts.get((topic.pk, status.value), 0), f"{list_url}?topics={topic.pk}&status={status.value}")
                        for status in statuses
                    ],
                    "total": sum(counts.get((topic.pk, status.value), 0) for status in statuses),
                }
                for topic in Topic.objects.all()
            ],
            totals=[(totals.get(status.value, 0), f"{list_url}?status={status.value}") for status in statuses],
            grand_total=sum(totals.values()),
        )
        return context
