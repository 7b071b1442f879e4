"""The statistics in the admin: a menu with the import, the import log, and the register."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem

from core.admin_helpers import PermissionMenuItem

from . import admin_views

admin_urlpatterns = [
    path("import/", admin_views.ImportView.as_view(), name="import"),
    path("import/mal.<str:file_format>", admin_views.TemplateDownloadView.as_view(), name="template"),
    path("importer/", admin_views.BatchListView.as_view(), name="batches"),
    path("importer/<int:pk>/", admin_views.BatchDetailView.as_view(), name="batch"),
    path("importer/<int:pk>/fil/", admin_views.BatchFileView.as_view(), name="batch_file"),
    path("importer/<int:pk>/rull-tilbake/", admin_views.RollbackView.as_view(), name="rollback"),
]


@hooks.register("register_admin_urls")
def register_flo_admin_urls():
    return [path("flo/", include((admin_urlpatterns, "flo_admin"), namespace="flo_admin"))]


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
