"""Registers core's part of the admin (the language report and the register's snippets) and
its rich text link type for pages."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .admin import urls as admin_urls
from .admin.views import LanguageReportMenuItem
from .admin.viewsets import CountyViewSet, MunicipalityViewSet
from .rich_text_links import VersionedPageLinkHandler


@hooks.register("register_reports_menu_item")
def register_language_report_menu_item():
    return LanguageReportMenuItem(_("Språkfordeling"), reverse("language_report"), icon_name="globe", order=700)


@hooks.register("register_admin_urls")
def register_language_report_url():
    return admin_urls.urlpatterns


register_snippet(MunicipalityViewSet)
register_snippet(CountyViewSet)


@hooks.register("register_rich_text_features", order=1)  # after Wagtail's own "page" link type
def page_links_per_tree_version(features) -> None:
    features.register_link_type(VersionedPageLinkHandler)
