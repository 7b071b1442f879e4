"""Registers core's part of the admin: the language report and the register's snippets."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .admin import urls as admin_urls
from .admin.views import LanguageReportMenuItem
from .admin.viewsets import CountyViewSet, MunicipalityViewSet


@hooks.register("register_reports_menu_item")
def register_language_report_menu_item():
    return LanguageReportMenuItem(_("Språkfordeling"), reverse("language_report"), icon_name="globe", order=700)


@hooks.register("register_admin_urls")
def register_language_report_url():
    return admin_urls.urlpatterns


register_snippet(MunicipalityViewSet)
register_snippet(CountyViewSet)
