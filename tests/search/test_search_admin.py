"""The editors' "Søk" menu: synonyms, recommended results and query statistics."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from search.models import QueryDay, SynonymGroup
from search.wagtail_hooks import hide_wagtail_promotions_item, hide_wagtail_search_terms_report

STATISTICS_URL = "/admin/sok/statistikk/"
SEARCH_PERMISSIONS = [
    ("search", "view_queryday"),
    *(("search", f"{action}_synonymgroup") for action in ("view", "add", "change", "delete")),
    *(("wagtailsearchpromotions", f"{action}_searchpromotion") for action in ("add", "change", "delete")),
]


def grant(user, permissions) -> None:
    for app_label, codename in permissions:
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))


@pytest.fixture
def search_editor_client(client, db):
    """An editor who may see the statistics and manage synonyms and recommended results."""
    user = get_user_model().objects.create_user("soekeredaktor", "sok@example.test", "pw")
    grant(user, [("wagtailadmin", "access_admin"), *SEARCH_PERMISSIONS])
    client.force_login(user)
    return client


@pytest.fixture
def statistics_only_client(client, db):
    user = get_user_model().objects.create_user("analytiker", "analyse@example.test", "pw")
    grant(user, [("wagtailadmin", "access_admin"), ("search", "view_queryday")])
    client.force_login(user)
    return client


@pytest.fixture
def searches(db):
    today = timezone.localdate()
    QueryDay.objects.bulk_create(
        [
            QueryDay(day=today, query="listetak", searches=12, without_results=0),
            QueryDay(day=today - timedelta(days=3), query="listetak", searches=8, without_results=0),
            QueryDay(day=today - timedelta(days=3), query="alis-tilskot", searches=5, without_results=5),
            QueryDay(day=today - timedelta(days=20), query="referansegruppa", searches=3, without_results=2),
            QueryDay(day=today - timedelta(days=60), query="gammel evaluering", searches=40, without_results=0),
            QueryDay(day=today, query='=HYPERLINK("http://evil.example")', searches=1, without_results=1),
        ]
    )


def admin_menu(response) -> dict[str, str]:
    """The admin sidebar's menu items as label → URL, read from the sidebar's JSON."""
    import json
    import re

    assert response.status_code == 200
    found = re.search(
        r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', response.content.decode(), re.S
    )
    items: dict[str, str] = {}

    def walk(node) -> None:
        if isinstance(node, dict):
            if "label" in node and "url" in node:
                items[node["label"]] = node["url"]
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(found.group(1)))
    return items


# --- The menu -----------------------------------------------------------------------------------


def test_the_search_menu_is_shown_to_editors_with_permission(search_editor_client):
    menu = admin_menu(search_editor_client.get("/admin/"))
    assert menu["Søkestatistikk"] == STATISTICS_URL
    assert menu["Synonymer"] == reverse("wagtailsnippets_search_synonymgroup:list")
    assert menu["Anbefalte resultater"] == reverse("wagtailsearchpromotions:index")


def test_the_menu_shows_only_what_the_user_may_use(statistics_only_client):
    menu = admin_menu(statistics_only_client.get("/admin/"))
    assert menu["Søkestatistikk"] == STATISTICS_URL
    assert "Anbefalte resultater" not in menu
    assert "Synonymer" not in menu


def test_the_search_menu_is_hidden_from_outsiders(outsider_client):
    menu = admin_menu(outsider_client.get("/admin/"))
    assert "Søk" not in menu and "Søkestatistikk" not in menu
    assert STATISTICS_URL not in menu.values()


def test_wagtails_own_promotion_and_search_term_items_are_removed():
    class Item:
        def __init__(self, name):
            self.name = name

    settings_items = [Item("promoted-search-results"), Item("redirects")]
    hide_wagtail_promotions_item(None, settings_items)
    assert [item.name for item in settings_items] == ["redirects"]
    report_items = [Item("search-terms"), Item("locked-pages")]
    hide_wagtail_search_terms_report(None, report_items)
    assert [item.name for item in report_items] == ["locked-pages"]


def test_recommended_results_open_from_the_menu(search_editor_client):
    response = search_editor_client.get(reverse("wagtailsearchpromotions:index"))
    assert response.status_code == 200


# --- Statistics -----------------------------------------------------------------------------------


def table_rows(html: str, heading: str) -> list[list[str]]:
    import lxml.html

    tree = lxml.html.fromstring(html)
    (table,) = tree.xpath(f"//h2[normalize-space()='{heading}']/following-sibling::table[1]")
    return [[" ".join(cell.text_content().split()) for cell in row.xpath("td")] for row in table.xpath(".//tbody/tr")]


def test_statistics_show_top_queries_and_queries_without_results(statistics_only_client, searches):
    response = statistics_only_client.get(STATISTICS_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert table_rows(html, "Mest brukte søk") == [
        ["listetak", "20", "0"],
        ["alis-tilskot", "5", "5"],
        ["referansegruppa", "3", "2"],
        ['=HYPERLINK("http://evil.example")', "1", "1"],
    ]
    assert table_rows(html, "Søk uten treff") == [
        ["alis-tilskot", "5", "5"],
        ["referansegruppa", "2", "3"],
        ['=HYPERLINK("http://evil.example")', "1", "1"],
    ]
    assert "29 søk de siste 30 dagene, 8 av dem uten treff (28 %)" in " ".join(html.split())


@pytest.mark.parametrize(
    ("days", "expected"),
    [("7", ["listetak", "alis-tilskot"]), ("90", ["gammel evaluering", "listetak"]), ("abc", ["listetak"])],
)
def test_statistics_periods(statistics_only_client, searches, days, expected):
    html = statistics_only_client.get(STATISTICS_URL, {"dager": days}).content.decode()
    queries = [row[0] for row in table_rows(html, "Mest brukte søk")]
    assert queries[: len(expected)] == expected


def test_statistics_as_csv(statistics_only_client, searches):
    response = statistics_only_client.get(STATISTICS_URL, {"dager": "30", "eksport": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "sokestatistikk-30-dager.csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Søk", "Antall søk", "Uten treff"]
    assert rows[1] == ["listetak", "20", "0"]
    assert ['\'=HYPERLINK("http://evil.example")', "1", "1"] in rows  # a formula stays text


def test_statistics_need_the_permission(outsider_client, searches):
    response = outsider_client.get(STATISTICS_URL)
    assert response.status_code in (302, 403)
    assert "listetak" not in response.content.decode()


def test_the_editors_group_gets_the_search_menu_from_the_migration(editor_client, searches):
    menu = admin_menu(editor_client.get("/admin/"))
    assert menu["Søkestatistikk"] == STATISTICS_URL
    assert menu["Synonymer"] == reverse("wagtailsnippets_search_synonymgroup:list")
    assert menu["Anbefalte resultater"] == reverse("wagtailsearchpromotions:index")
    assert "listetak" in editor_client.get(STATISTICS_URL).content.decode()


# --- Synonyms -------------------------------------------------------------------------------------


def test_a_synonym_group_needs_two_words(search_editor_client):
    url = reverse("wagtailsnippets_search_synonymgroup:add")
    response = search_editor_client.post(url, {"terms": "fastlege, , FASTLEGE", "note": ""})
    assert response.status_code == 200
    assert "Skriv minst to ord, skilt med komma." in response.content.decode()
    assert not SynonymGroup.objects.exists()

    response = search_editor_client.post(url, {"terms": "fastlege, allmennlege, GP", "note": "Fra redaksjonen"})
    assert response.status_code == 302
    (group,) = SynonymGroup.objects.all()
    assert group.as_tuple() == ("fastlege", "allmennlege", "gp")


def test_synonyms_are_listed_for_editors(search_editor_client):
    SynonymGroup.objects.create(terms="fastlege, allmennlege, GP")
    response = search_editor_client.get(reverse("wagtailsnippets_search_synonymgroup:list"))
    assert response.status_code == 200
    assert "fastlege, allmennlege, GP" in response.content.decode()
