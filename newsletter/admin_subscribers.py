"""Admin for subscribers, topics, consent texts and the suppression list, with import,
export and an overview of counts. All of it lives in the "Nyhetsbrev" menu.

Personal data stays minimal: a suppressed address is typed in, hashed and forgotten;
deleting a subscriber erases them and keeps only that hash.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Max, Q
from django.urls import include, path, reverse
from django.utils.functional import cached_property
from django.views.generic import FormView, TemplateView
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from core.admin_helpers import PermissionMenuItem
from core.mail.addresses import clean_email, normalise_email, refuse_header_injection
from core.models import Municipality

from .models import Consent, ConsentText, MailLanguage, Role, Status, Subscriber, Suppression, Topic, email_hash
from .subscriber_export import FORMATS, export_response
from .subscriber_import import (
    NOTE_MAX_LENGTH,
    ImportRefused,
    ImportRow,
    Validation,
    check_file,
    import_subscribers,
    max_bytes,
    max_rows,
)

# --- Permission policies ---------------------------------------------------------------------


class RefusingPermissionPolicy(ModelPermissionPolicy):
    """The model's permissions, except for actions nobody may take, superusers included."""

    def __init__(self, model, refused: tuple[str, ...]):
        super().__init__(model)
        self.refused = refused

    def user_has_permission(self, user, action):
        return action not in self.refused and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        allowed = [action for action in actions if action not in self.refused]
        if not allowed:
            return get_user_model().objects.none()
        return super().users_with_any_permission(allowed)


# A consent text that has been shown is evidence: a new wording is a new version.
register_permission_policy(ConsentText, RefusingPermissionPolicy(ConsentText, refused=("change", "delete")))
# A suppression is a hash and a reason; there is nothing to edit.
register_permission_policy(Suppression, RefusingPermissionPolicy(Suppression, refused=("change",)))


# --- Subscribers -----------------------------------------------------------------------------


def municipalities_in_use(request):
    """Only the municipalities some subscriber lives in: the full register has hundreds."""
    return Municipality.objects.filter(pk__in=Subscriber.objects.values("municipality")).order_by("number")


class SubscriberFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label="Status", choices=Status.choices)
    topics = django_filters.ModelChoiceFilter(label="Tema", queryset=Topic.objects.all())
    role = django_filters.ChoiceFilter(label="Rolle", choices=Role.choices)
    language = django_filters.ChoiceFilter(label="Språk", choices=MailLanguage.choices)
    municipality = django_filters.ModelChoiceFilter(label="Kommune", queryset=municipalities_in_use)

    class Meta:
        model = Subscriber
        fields = ["status", "topics", "role", "language", "municipality"]


class SubscriberIndexView(generic.IndexView):
    """The list, whose XLSX and CSV buttons export exactly what is filtered, through core.spreadsheets."""

    def can_export(self) -> bool:
        return self.permission_policy.user_has_permission(self.request.user, "view")

    @cached_property
    def show_export_buttons(self):
        return self.can_export()

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("municipality")

    def as_spreadsheet(self, queryset, spreadsheet_format):
        if not self.can_export():
            raise PermissionDenied
        if spreadsheet_format not in FORMATS:
            spreadsheet_format = "csv"
        return export_response(queryset, spreadsheet_format)


class SubscriberEditForm(forms.ModelForm):
    """What an editor may correct: not the address (the person's own) and not the status
    (ways in and out go through confirmation and unsubscribing, which keep the records)."""

    class Meta:
        model = Subscriber
        fields = ["name", "role", "municipality", "language", "topics"]
        widgets = {"topics": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = Q(valid_to__isnull=True)
        if self.instance.municipality_id:
            current |= Q(pk=self.instance.municipality_id)
        self.fields["municipality"].queryset = Municipality.objects.filter(current).order_by("number")

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        refuse_header_injection(name)
        return name


class SubscriberAddForm(SubscriberEditForm):
    """A subscriber added by hand: the editor vouches for the consent, as with an import."""

    email = forms.CharField(label="E-postadresse", max_length=254)
    consent_given = forms.BooleanField(
        label="Personen har samtykket til å få e-post om temaene som er valgt",
        error_messages={"required": "Bekreft at personen har samtykket."},
        help_text="Samtykket registreres med gjeldende samtykketekst og deg som den som la det inn.",
    )
    double_opt_in = forms.BooleanField(
        label="Personen har allerede bekreftet adressen (dobbel bekreftelse)",
        required=False,
        help_text="Ellers venter abonnenten på bekreftelse og får ingen nyhetsbrev før det.",
    )
    note = forms.CharField(label="Hvor kom samtykket fra?", max_length=NOTE_MAX_LENGTH, required=False)

    class Meta(SubscriberEditForm.Meta):
        fields = ["email", *SubscriberEditForm.Meta.fields]

    field_order = ["email", "name", "role", "municipality", "language", "topics", "consent_given", "double_opt_in"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].required = True

    def clean_email(self):
        value = clean_email(self.cleaned_data["email"])
        if Suppression.contains(value):
            raise ValidationError(
                "Adressen er sperret: personen har meldt seg av eller bedt om sletting. "
                "Bare personen selv kan melde seg på igjen."
            )
        if Subscriber.objects.filter(email_hash=email_hash(value)).exists():
            raise ValidationError("Adressen er allerede registrert.")
        return value

    def clean_note(self):
        note = self.cleaned_data["note"].strip()
        refuse_header_injection(note)
        return note


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
        return context


class SubscriberViewSet(ModelViewSet):
    model = Subscriber
    name = "newsletter_subscribers"
    url_prefix = "nyhetsbrev/abonnenter"
    icon = "user"
    menu_label = "Abonnenter"
    add_to_admin_menu = False
    add_to_reference_index = False
    index_view_class = SubscriberIndexView
    add_view_class = SubscriberCreateView
    edit_view_class = SubscriberEditView
    delete_view_class = SubscriberDeleteView
    inspect_view_class = SubscriberInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        "email",
        "name",
        Column("role", label="Rolle", accessor="get_role_display", sort_key="role"),
        Column("municipality", label="Kommune"),
        Column("status", label="Status", accessor="get_status_display", sort_key="status"),
        DateColumn("created_at", label="Registrert", sort_key="created_at"),
    ]
    filterset_class = SubscriberFilterSet
    search_fields = ["email", "name"]
    search_backend_name = None
    list_export = list(FORMATS)  # shows the export buttons; the columns are subscriber_export's
    list_per_page = 50
    ordering = ["-created_at", "-pk"]
    inspect_view_fields = [
        "email",
        "name",
        "role",
        "municipality",
        "language",
        "topics",
        "status",
        "created_at",
        "confirmed_at",
        "status_changed_at",
    ]

    def get_form_class(self, for_update=False):
        return SubscriberEditForm if for_update else SubscriberAddForm


# --- Topics and consent texts ----------------------------------------------------------------


class TopicViewSet(ModelViewSet):
    model = Topic
    name = "newsletter_topics"
    url_prefix = "nyhetsbrev/temaer"
    icon = "tag"
    menu_label = "Temaer"
    add_to_admin_menu = False
    copy_view_enabled = False
    list_display = ["name", "slug", "list_name", "sort_order", "is_active"]
    form_fields = [
        "name",
        "name_nn",
        "slug",
        "description",
        "description_nn",
        "list_name",
        "sort_order",
        "is_active",
    ]


class ConsentTextForm(forms.ModelForm):
    """A new version of the consent text; the version number is the next one."""

    class Meta:
        model = ConsentText
        fields = ["text", "text_nn"]
        widgets = {"text": forms.Textarea(attrs={"rows": 6}), "text_nn": forms.Textarea(attrs={"rows": 6})}

    def save(self, commit=True):
        latest = ConsentText.objects.aggregate(latest=Max("version"))["latest"] or 0
        self.instance.version = latest + 1
        return super().save(commit=commit)


class ConsentTextCreateView(generic.CreateView):
    def get_initial(self):
        current = ConsentText.current()
        return {"text": current.text, "text_nn": current.text_nn} if current else {}


class ConsentTextViewSet(ModelViewSet):
    model = ConsentText
    name = "newsletter_consent_texts"
    url_prefix = "nyhetsbrev/samtykketekster"
    icon = "doc-full"
    menu_label = "Samtykketekster"
    add_to_admin_menu = False
    add_view_class = ConsentTextCreateView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = ["__str__", DateColumn("created_at", label="Opprettet"), Column("text", label="Tekst (bokmål)")]
    inspect_view_fields = ["version", "created_at", "text", "text_nn"]

    def get_form_class(self, for_update=False):
        return ConsentTextForm


# --- Suppression list --------------------------------------------------------------------------


class SuppressionForm(forms.ModelForm):
    """An address typed in, stored only as its hash."""

    email = forms.CharField(
        label="E-postadresse",
        max_length=254,
        help_text="Selve adressen lagres ikke, bare en kode (hash) som gjør at den kjennes igjen.",
    )

    class Meta:
        model = Suppression
        fields = []

    def clean_email(self):
        value = clean_email(self.cleaned_data["email"])
        if Suppression.contains(value):
            raise ValidationError("Adressen er allerede sperret.")
        return value

    def save(self, commit=True):
        self.instance.email_hash = email_hash(self.cleaned_data["email"])
        self.instance.reason = Suppression.Reason.MANUAL
        return super().save(commit=commit)


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


class SuppressionViewSet(ModelViewSet):
    model = Suppression
    name = "newsletter_suppressions"
    url_prefix = "nyhetsbrev/sperrede-adresser"
    icon = "cross"
    menu_label = "Sperrede adresser"
    add_to_admin_menu = False
    index_view_class = SuppressionIndexView
    add_view_class = SuppressionCreateView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        "__str__",
        Column("reason", label="Årsak", accessor="get_reason_display", sort_key="reason"),
        DateColumn("created_at", label="Lagt til", sort_key="created_at"),
    ]
    list_filter = ["reason"]
    search_fields = ["email_hash"]  # enables the search box; SuppressionIndexView does the lookup
    search_backend_name = None
    ordering = ["-created_at"]
    inspect_view_fields = ["reason", "created_at", "email_hash"]

    def get_form_class(self, for_update=False):
        return SuppressionForm


# --- Import and overview -----------------------------------------------------------------------


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Fil med abonnenter",
        help_text="CSV (semikolon eller komma) eller Excel (.xlsx). Første rad er kolonnenavnene.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )
    source = forms.ChoiceField(
        label="Hvor kommer samtykket fra?",
        choices=[
            (Consent.Source.IMPORT, "Importert liste (for eksempel fra et tidligere system eller påmelding)"),
            (Consent.Source.ADMIN, "Samtykker jeg selv har tatt imot"),
        ],
        initial=Consent.Source.IMPORT,
        widget=forms.RadioSelect,
    )
    consent_given = forms.BooleanField(
        label="Alle i filen har samtykket til å få e-post om temaene de er oppført med",
        error_messages={"required": "Bekreft at alle i filen har samtykket. Uten samtykke importeres ingen."},
        help_text="Samtykket registreres med gjeldende samtykketekst og deg som den som la det inn.",
    )
    double_opt_in = forms.BooleanField(
        label="Alle i filen har allerede bekreftet adressen sin (dobbel bekreftelse)",
        required=False,
        help_text="Ellers blir de importert som «venter på bekreftelse» og får ingen nyhetsbrev før de har bekreftet.",
    )
    note = forms.CharField(
        label="Merknad om samtykket",
        max_length=NOTE_MAX_LENGTH,
        required=False,
        help_text="For eksempel «Påmeldte til Fastlegekonferansen 2026 som krysset av for nyhetsbrev».",
    )
    default_topics = forms.ModelMultipleChoiceField(
        label="Temaer for rader uten temaer",
        queryset=Topic.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Brukes der kolonnen «topics» mangler eller er tom.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > max_bytes():
            raise ValidationError(f"Filen er for stor. Grensen er {max_bytes() // 1024 // 1024} MB.")
        return upload

    def clean_note(self):
        note = self.cleaned_data["note"].strip()
        refuse_header_injection(note)
        return note


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
            )
        except ImportRefused as refused:
            return self.render_to_response(self.get_context_data(form=form, refused=str(refused), file_name=name))
        return self.render_to_response(
            self.get_context_data(form=self.get_form_class()(), result=result, file_name=name)
        )


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


admin_urlpatterns = [
    path("import/", ImportView.as_view(), name="import"),
    path("oversikt/", OverviewView.as_view(), name="overview"),
]


@hooks.register("register_admin_urls")
def register_subscriber_admin_urls():
    return [path("nyhetsbrev/abonnenter-", include((admin_urlpatterns, "newsletter_subscriber_admin")))]


@hooks.register("register_admin_viewset")
def register_subscriber_viewsets():
    return [SubscriberViewSet(), TopicViewSet(), ConsentTextViewSet(), SuppressionViewSet()]


def _model_permissions(model_name: str) -> tuple[str, ...]:
    return tuple(f"newsletter.{action}_{model_name}" for action in ("add", "change", "delete", "view"))


MENU_ITEMS = [
    ("Abonnenter", "newsletter_subscribers:index", "user", _model_permissions("subscriber")),
    ("Importer abonnenter", "newsletter_subscriber_admin:import", "upload", ("newsletter.add_subscriber",)),
    ("Oversikt", "newsletter_subscriber_admin:overview", "table", ("newsletter.view_subscriber",)),
    ("Temaer", "newsletter_topics:index", "tag", _model_permissions("topic")),
    ("Samtykketekster", "newsletter_consent_texts:index", "doc-full", _model_permissions("consenttext")),
    ("Sperrede adresser", "newsletter_suppressions:index", "cross", _model_permissions("suppression")),
]


def _menu_item_hook(label: str, url_name: str, icon: str, permissions: tuple[str, ...], order: int):
    def menu_item():
        return PermissionMenuItem(
            label,
            reverse(url_name),
            icon_name=icon,
            order=order,
            name=url_name.replace(":", "-"),
            permissions=permissions,
        )

    return menu_item


for _order, (_label, _url_name, _icon, _permissions) in enumerate(MENU_ITEMS, start=20):
    hooks.register(
        "register_newsletter_menu_item", _menu_item_hook(_label, _url_name, _icon, _permissions, _order * 10)
    )
