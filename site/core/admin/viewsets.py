"""The register of counties and municipalities as snippets; the statistics' admin menu links to them."""

from __future__ import annotations

from wagtail.snippets.views.snippets import SnippetViewSet

from ..models import County, Municipality


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
