"""Editors see the share of live pages in each written standard."""

import json
import re

import pytest

from core.reports import language_shares
from pages.factories import ChapterPageFactory, GuidancePageFactory


@pytest.mark.django_db
def test_shares_count_live_pages_of_every_type(home_page, report_with_chapters):
    # home + report + 4 chapters are bokmål; add nynorsk and English pages and a draft.
    GuidancePageFactory(parent=home_page, language="nn")
    GuidancePageFactory(parent=home_page, language="nn")
    GuidancePageFactory(parent=home_page, language="en")
    GuidancePageFactory(parent=home_page, language="nn", live=False)
    ChapterPageFactory(parent=report_with_chapters[0], language="nn")
    shares = {share.code: share for share in language_shares()}
    assert shares["nb"].count == 6
    assert shares["nn"].count == 3
    assert shares["en"].count == 1
    assert shares["nn"].percent == "30,0"
    assert not shares["nn"].below_minimum
    assert not shares["nb"].below_minimum


@pytest.mark.django_db
def test_below_minimum_is_flagged(home_page):
    GuidancePageFactory(parent=home_page, language="nb")
    GuidancePageFactory(parent=home_page, language="nn")
    GuidancePageFactory(parent=home_page, language="nb")
    GuidancePageFactory(parent=home_page, language="nb")
    GuidancePageFactory(parent=home_page, language="nb")
    shares = {share.code: share for share in language_shares()}
    assert shares["nn"].below_minimum  # 1 of 6
    assert not shares["en"].below_minimum  # English has no minimum


@pytest.mark.django_db
def test_report_view_shows_the_table(admin_client, home_page):
    GuidancePageFactory(parent=home_page, language="nn")
    response = admin_client.get("/admin/reports/language/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Norsk nynorsk" in html
    assert "50,0 %" in html


@pytest.mark.django_db
def test_report_is_for_admins_only(client, django_user_model):
    user = django_user_model.objects.create_user("leser", password="passord-som-er-langt")
    client.force_login(user)
    assert client.get("/admin/reports/language/").status_code in (302, 403)


def sidebar_labels(client) -> set[str]:
    """Every label in the admin's sidebar (submenus included), as the dashboard renders it."""
    html = client.get("/admin/").content.decode()
    props = re.search(r'<script id="wagtail-sidebar-props"[^>]*>(.*?)</script>', html, re.S)
    return set(re.findall(r'"label": "([^"]+)"', json.dumps(json.loads(props.group(1)), ensure_ascii=False)))


@pytest.mark.django_db
def test_editors_find_the_report_in_their_menu_and_may_open_it(editor_client, home_page):
    assert "Språkfordeling" in sidebar_labels(editor_client)
    assert editor_client.get("/admin/reports/language/").status_code == 200


@pytest.mark.django_db
def test_admin_users_without_page_rights_neither_see_nor_open_the_report(outsider_client, home_page):
    assert "Språkfordeling" not in sidebar_labels(outsider_client)
    response = outsider_client.get("/admin/reports/language/")
    assert response.status_code in (302, 403)
