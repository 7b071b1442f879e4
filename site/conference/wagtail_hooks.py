"""The conference's place in the Wagtail admin: its URLs, one "Konferanse" menu, and a button on
each conference page that leads to its registrations. The views are in admin/."""

from __future__ import annotations

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem
from wagtail.admin.widgets import Button

from core.admin.helpers import PermissionMenuItem

from .admin import urls as admin_urls
from .models import ConferencePage

REGISTRATION_PERMISSIONS = ("conference.view_registration", "conference.change_registration")


@hooks.register("register_admin_urls")
def register_conference_admin_urls():
    return [path("konferanse/", include(admin_urls))]


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
    if page.specific_class is ConferencePage and user.has_perm("conference.view_registration"):
        yield Button(
            "Påmeldinger", reverse("conference_admin:overview", args=[page.pk]), icon_name="group", priority=80
        )
