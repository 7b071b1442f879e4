"""The newsletter's model viewsets in the admin (subscribers, topics, consent texts, the
suppression list), their list filters, and the permission policy that refuses some actions
to everyone. wagtail_hooks.py registers them."""

from __future__ import annotations

import django_filters
from django.contrib.auth import get_user_model
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from core.models import Municipality

from ..models import ConsentText, MailLanguage, Role, Status, Subscriber, Suppression, Topic
from ..subscriber_export import FORMATS
from .forms import ConsentTextForm, SubscriberAddForm, SubscriberEditForm, SuppressionForm
from .subscribers import (
    ConsentTextCreateView,
    SubscriberCreateView,
    SubscriberDeleteView,
    SubscriberEditView,
    SubscriberIndexView,
    SubscriberInspectView,
    SuppressionCreateView,
    SuppressionIndexView,
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
