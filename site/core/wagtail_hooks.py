from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import AdminOnlyMenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import County, Municipality
from .reports import LanguageReportView


@hooks.register("register_reports_menu_item")
def register_language_report_menu_item():
    return AdminOnlyMenuItem(_("Språkfordeling"), reverse("language_report"), icon_name="globe", order=700)


@hooks.register("register_admin_urls")
def register_language_report_url():
    return [
        path("reports/language/", LanguageReportView.as_view(), name="language_report"),
    ]


# The register of counties and municipalities; the statistics' admin menu links to it.
class MunicipalityViewSet(SnippetViewSet):
    model = Municipality
    icon = "site"
    menu_label = "Kommuner"
    add_to_admin_menu = False
    list_display = ["number", "name", "county", "valid_from", "valid_to"]
    list_filter = ["county", "valid_to"]
    search_fields = ["number", "name", "other_names"]
    ordering = ["number", "valid_from"]
    list_per_page = 100


class CountyViewSet(SnippetViewSet):
    model = County
    icon = "site"
    menu_label = "Fylker"
    add_to_admin_menu = False
    list_display = ["number", "name", "valid_from", "valid_to"]
    ordering = ["number", "valid_from"]


register_snippet(MunicipalityViewSet)
register_snippet(CountyViewSet)
