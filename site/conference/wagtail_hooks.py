"""The conference's place in the Wagtail admin: one "Konferanse" menu, and a button on each
conference page that leads to its registrations. The views are in admin_views.py."""

from __future__ import annotations

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem
from wagtail.admin.widgets import Button

from core.admin_helpers import PermissionMenuItem

from . import admin_views as views

REGISTRATION_PERMISSIONS = ("conference.view_registration", "conference.change_registration")

admin_urlpatterns = [
    path("", views.ConferenceListView.as_view(), name="conferences"),
    path("<int:conference_id>/", views.OverviewView.as_view(), name="overview"),
    path("<int:conference_id>/pameldte/", views.RegistrationListView.as_view(), name="registrations"),
    path("<int:conference_id>/pameldte/ny/", views.AddRegistrationView.as_view(), name="add"),
    path("<int:conference_id>/melding/", views.MessageView.as_view(), name="message"),
    path("<int:conference_id>/eksport.<str:file_format>", views.ExportView.as_view(), name="export"),
    path(
        "<int:conference_id>/eksport-sensitivt.<str:file_format>",
        views.ExportView.as_view(sensitive=True),
        name="export_sensitive",
    ),
    path("pamelding/<int:pk>/", views.RegistrationDetailView.as_view(), name="registration"),
    path("pamelding/<int:pk>/avmeld/", views.CancelView.as_view(), name="cancel"),
    path("pamelding/<int:pk>/flytt/", views.MoveView.as_view(), name="move"),
    path("pamelding/<int:pk>/oppmote/", views.AttendanceView.as_view(), name="attendance"),
]


@hooks.register("register_admin_urls")
def register_conference_admin_urls():
    return [path("konferanse/", include((admin_urlpatterns, "conference_admin"), namespace="conference_admin"))]


conference_menu = Menu(register_hook_name="register_conference_menu_item", construct_hook_name=None)


@hooks.register("register_admin_menu_item")
def register_conference_menu() -> SubmenuMenuItem:
    return SubmenuMenuItem("Konferanse", conference_menu, icon_name="group", name="conference", order=270)


@hooks.register("register_conference_menu_item")
def register_registrations_menu_item() -> PermissionMenuItem:
    return PermissionMenuItem(
        "Påmeldinger",
        reverse("conference_admin:conferences"),
        icon_name="group",
        order=10,
        name="conference-registrations",
        permissions=REGISTRATION_PERMISSIONS,
    )


@hooks.register("register_page_header_buttons")
def conference_registrations_button(page, user, view_name, next_url=None):
    from .models import ConferencePage

    if page.specific_class is ConferencePage and user.has_perm("conference.view_registration"):
        yield Button(
            "Påmeldinger", reverse("conference_admin:overview", args=[page.pk]), icon_name="group", priority=80
        )
