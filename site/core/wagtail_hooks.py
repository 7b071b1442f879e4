from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import AdminOnlyMenuItem

from .reports import LanguageReportView


@hooks.register("register_reports_menu_item")
def register_language_report_menu_item():
    return AdminOnlyMenuItem(_("Språkfordeling"), reverse("language_report"), icon_name="globe", order=700)


@hooks.register("register_admin_urls")
def register_language_report_url():
    return [
        path("reports/language/", LanguageReportView.as_view(), name="language_report"),
    ]
