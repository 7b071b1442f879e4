"""The admin names things once, in bokmål, and every menu item shows an icon.

One name for Wagtail's search promotions ("Anbefalte resultater"), one "Søk" in the menu
(the sidebar's search field; the site's search settings are "Søk på nettstedet"), a
Norwegian label on every block an editor picks, and page headers that name the page.
"""

from __future__ import annotations

import json
import re

import lxml.html
import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from django.utils import translation
from wagtail.admin.icons import get_icons
from wagtail.fields import StreamField

pytestmark = pytest.mark.django_db


def sidebar_menu(client: Client) -> list[tuple[dict, list[dict]]]:
    """The sidebar's main menu: each top-level item's properties with its submenu's items."""
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    props = json.loads(re.search(r'<script id="wagtail-sidebar-props"[^>]*>(.*?)</script>', html, re.S).group(1))
    (main_menu,) = [module for module in props["modules"] if module["_type"] == "wagtail.sidebar.MainMenuModule"]
    menu = []
    for item in main_menu["_args"][0]:
        children = item["_args"][1] if item["_type"] == "wagtail.sidebar.SubMenuItem" else []
        menu.append((item["_args"][0], [child["_args"][0] for child in children]))
    return menu


def known_icons() -> set[str]:
    return set(re.findall(r'<symbol[^>]*id="icon-([\w-]+)"', "".join(get_icons())))


def test_every_menu_item_has_an_icon_wagtail_knows(superuser_client):
    icons = known_icons()
    everything = [entry for item, children in sidebar_menu(superuser_client) for entry in (item, *children)]
    missing = {item["label"]: item["icon_name"] for item in everything if item["icon_name"] not in icons}
    assert missing == {}


def test_top_level_menu_items_have_distinct_names_and_icons(superuser_client):
    menu = [item for item, _children in sidebar_menu(superuser_client)]
    labels = [item["label"] for item in menu]
    icons = [item["icon_name"] for item in menu]
    assert len(labels) == len(set(labels))
    assert len(icons) == len(set(icons)), icons
    # The sidebar's search field is "Søk" with the search icon; no menu item may look like it.
    assert "Søk" not in labels
    assert "search" not in icons
    assert "Søk på nettstedet" in labels


@pytest.mark.parametrize(
    ("url", "title"),
    [("/admin/sok/statistikk/", "Søkestatistikk"), ("/admin/sok/indeks/", "Indeksstatus")],
)
def test_search_admin_pages_are_named_in_their_header(superuser_client, url, title):
    tree = lxml.html.fromstring(superuser_client.get(url).content)
    crumbs = [" ".join(li.text_content().split()) for li in tree.xpath("//nav[@aria-label='Brødsmuler']//li")]
    assert crumbs[-2:] == ["Søk på nettstedet", title]
    assert " ".join(tree.xpath("//header//h1")[0].text_content().split()) == title


def test_every_block_an_editor_picks_has_a_norwegian_label():
    # A block without a label is named after its Python name: "heading" became "Heading".
    english = []
    with translation.override("nb"):
        for model in apps.get_models():
            for field in model._meta.get_fields():
                if not isinstance(field, StreamField):
                    continue
                for name, block in field.stream_block.child_blocks.items():
                    if str(block.label) == name.replace("_", " ").capitalize() and name not in ("video",):
                        english.append(f"{model.__name__}.{field.name}.{name}")
    assert english == []


def test_promoted_results_have_one_name(superuser_client):
    for url in ("/admin/searchpicks/", "/admin/searchpicks/add/"):
        html = superuser_client.get(url).content.decode()
        assert "Anbefalte resultater" in html or "Anbefalt resultat" in html
        for other_name in ("Forfremmede", "Forfremmet", "Redaktørvalg", "søkepromotering", "Promoted"):
            assert other_name not in html, (url, other_name)


def test_groups_and_the_default_workflow_have_norwegian_names():
    from django.contrib.auth.models import Group
    from wagtail.models import Task, Workflow

    from core.admin.groups import COMMUNICATIONS, EDITORS, MODERATORS

    names = set(Group.objects.values_list("name", flat=True))
    assert {EDITORS, MODERATORS, COMMUNICATIONS} <= names
    assert {"Redaktører", "Moderatorer"} <= names
    assert not names & {"Editors", "Moderators"}
    english = ["Moderators approval"]
    assert not Workflow.objects.filter(name__in=english).exists()
    assert not Task.objects.filter(name__in=english).exists()


def test_a_data_migration_finds_the_groups_by_either_name():
    from core.admin.groups import EDITORS, MODERATORS, names_of

    assert set(names_of(EDITORS, MODERATORS)) == {"Redaktører", "Moderatorer", "Editors", "Moderators"}
