"""Registers the statistics in the admin: the admin URLs and a menu with the import, the import
log, and the register of municipalities and counties (core's snippets)."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem

from core.admin.helpers import PermissionMenuItem


@hooks.register("register_admin_urls")
def register_flo_admin_urls():
    return [path("flo/", include("flo.admin.urls", namespace="flo_admin"))]


@hooks.register("register_admin_menu_item")
def register_statistics_menu():
    items = [
        PermissionMenuItem(
            "Importer tall", reverse("flo_admin:import"), icon_name="upload", order=10, permission="flo.add_importbatch"
        ),
        PermissionMenuItem(
            "Importlogg", reverse("flo_admin:batches"), icon_name="list-ul", order=20, permission="flo.view_importbatch"
        ),
        PermissionMenuItem(
            "Kommuner",
            reverse("wagtailsnippets_core_municipality:list"),
            icon_name="site",
            order=30,
            permission="core.view_municipality",
        ),
        PermissionMenuItem(
            "Fylker",
            reverse("wagtailsnippets_core_county:list"),
            icon_name="site",
            order=40,
            permission="core.view_county",
        ),
    ]
    return SubmenuMenuItem("Fastlegestatistikk", Menu(items=items), icon_name="table", order=260)
