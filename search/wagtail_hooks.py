"""Registers search in the admin: its URLs, the synonyms snippet, and one "Søk på nettstedet" menu with the
synonyms, the editors' recommended results, the query statistics and the index status.

Recommended results are Wagtail's own search promotions (its admin registers itself);
our menu links to them, and Wagtail's duplicate item under Settings is removed, as is its
"Search terms" report, which counts hits we never record (our statistics are QueryDay).
Wagtail's "popular search terms" chooser is answered by our own view, from QueryDay.
"""

from __future__ import annotations

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem
from wagtail.snippets.models import register_snippet

from core.admin.helpers import PermissionMenuItem

from .admin.views import SEARCH_MENU_LABEL, popular_queries_chooser, popular_queries_chooser_results
from .admin.viewsets import SynonymGroupViewSet

register_snippet(SynonymGroupViewSet)


@hooks.register("register_admin_urls")
def register_search_admin_urls():
    return [path("sok/", include("search.admin.urls", namespace="search_admin"))]


@hooks.register("register_admin_urls", order=-1)
def register_popular_queries_chooser_urls():
    # Ahead of Wagtail's own search promotions URLs, at the same addresses, so that
    # "Velg blant populære søkeord" lists the site's query statistics.
    return [
        path("searchpicks/queries/chooser/", popular_queries_chooser, name="popular_queries_chooser"),
        path(
            "searchpicks/queries/chooser/results/",
            popular_queries_chooser_results,
            name="popular_queries_chooser_results",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_search_menu() -> SubmenuMenuItem:
    items = [
        PermissionMenuItem(
            "Synonymer",
            reverse("wagtailsnippets_search_synonymgroup:list"),
            name="search-synonyms",
            icon_name="list-ul",
            order=10,
            permissions=tuple(f"search.{action}_synonymgroup" for action in ("view", "add", "change", "delete")),
        ),
        PermissionMenuItem(
            "Anbefalte resultater",
            reverse("wagtailsearchpromotions:index"),
            name="search-promotions",
            icon_name="pick",
            order=20,
            permissions=tuple(
                f"wagtailsearchpromotions.{action}_searchpromotion" for action in ("add", "change", "delete")
            ),
        ),
        PermissionMenuItem(
            "Søkestatistikk",
            reverse("search_admin:statistics"),
            name="search-statistics",
            icon_name="table",
            order=30,
            permission="search.view_queryday",
        ),
        PermissionMenuItem(
            "Indeksstatus",
            reverse("search_admin:index_status"),
            name="search-index-status",
            icon_name="cogs",
            order=40,
            permission="search.view_indexchange",
        ),
    ]
    # Not "Søk" with the search icon: the sidebar's own search field is that.
    return SubmenuMenuItem(SEARCH_MENU_LABEL, Menu(items=items), icon_name="sliders", name="search-admin", order=270)


@hooks.register("construct_settings_menu")
def hide_wagtail_promotions_item(request, menu_items: list) -> None:
    # Recommended results live in our "Søk på nettstedet" menu; one place to find them is enough.
    menu_items[:] = [item for item in menu_items if item.name != "promoted-search-results"]


@hooks.register("construct_reports_menu")
def hide_wagtail_search_terms_report(request, menu_items: list) -> None:
    # Wagtail's report counts its own query hits, which the site never records.
    menu_items[:] = [item for item in menu_items if item.name != "search-terms"]
