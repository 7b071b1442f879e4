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


# --- Page by page, month by month -------------------------------------------------------------


@pytest.fixture
def two_sections(home_page):
    """Two sections: Veiledning (two bokmål pages, one nynorsk) and Rapporter (one in English)."""
    guidance = GuidancePageFactory(parent=home_page, title="Veiledning", language="nb")
    reports = GuidancePageFactory(parent=home_page, title="Rapporter", language="nb")
    GuidancePageFactory(parent=guidance, title="Listetak", language="nb")
    GuidancePageFactory(parent=guidance, title="Fastlegeliste", language="nn")
    GuidancePageFactory(parent=reports, title="Evaluation", language="en")
    GuidancePageFactory(parent=guidance, title="Kladd", language="nn", live=False)
    return guidance, reports


@pytest.mark.django_db
def test_pages_are_listed_with_language_and_section(two_sections):
    from core.reports import pages_by_language, sections

    guidance, _reports = two_sections
    by_title = {page.title: page for page in pages_by_language()}
    assert by_title["Fastlegeliste"].language_label == "Norsk nynorsk"
    assert by_title["Fastlegeliste"].section == "Veiledning"
    assert by_title["Evaluation"].section == "Rapporter"
    assert "Kladd" not in by_title  # drafts are not published
    (section,) = [s for s in sections() if s.id == guidance.id]
    assert [p.title for p in pages_by_language("nn", section)] == ["Fastlegeliste"]
    assert sorted(p.title for p in pages_by_language("", section)) == ["Fastlegeliste", "Listetak", "Veiledning"]


@pytest.mark.django_db
def test_the_page_list_filters_by_language_and_section(admin_client, two_sections):
    guidance, _reports = two_sections
    response = admin_client.get("/admin/reports/language/", {"sprak": "nn", "seksjon": guidance.id})
    html = response.content.decode()
    assert "Fastlegeliste" in html
    assert "Evaluation" not in html and ">Listetak<" not in html


@pytest.mark.django_db
def test_the_page_list_downloads_as_csv_for_norwegian_excel(admin_client, two_sections):
    import csv
    import io

    guidance, _reports = two_sections
    response = admin_client.get("/admin/reports/language/", {"seksjon": guidance.id, "eksport": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="sprakfordeling-')
    assert response.content.startswith("\ufeff".encode())  # the BOM: Excel reads UTF-8
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Side-ID", "Tittel", "Språk", "Seksjon", "Sidetype", "Sist publisert"]
    assert sorted(row[1] for row in rows[1:]) == ["Fastlegeliste", "Listetak", "Veiledning"]
    assert {row[3] for row in rows[1:]} == {"Veiledning"}


@pytest.mark.django_db
def test_monthly_shares_count_pages_by_when_they_were_first_published(home_page):
    from datetime import date, datetime

    from django.utils import timezone

    from core.reports import monthly_shares

    def published(language: str, day: date) -> None:
        page = GuidancePageFactory(parent=home_page, language=language)
        first = timezone.make_aware(datetime(day.year, day.month, day.day, 12))
        type(page).objects.filter(pk=page.pk).update(first_published_at=first)

    home_first = timezone.make_aware(datetime(2025, 1, 1, 12))
    type(home_page).objects.filter(pk=home_page.pk).update(first_published_at=home_first)
    published("nn", date(2026, 3, 15))
    published("nb", date(2026, 11, 2))
    published("en", date(2026, 12, 1))
    months = monthly_shares(12, today=date(2026, 12, 6))
    assert months[0].month == date(2026, 1, 1)
    assert months[-1].month == date(2026, 12, 1)
    by_month = {m.month: m.counts for m in months}
    assert by_month[date(2026, 2, 1)] == {"nb": 1, "nn": 0, "en": 0}  # the home page
    assert by_month[date(2026, 3, 1)] == {"nb": 1, "nn": 1, "en": 0}
    assert by_month[date(2026, 11, 1)] == {"nb": 2, "nn": 1, "en": 0}
    assert by_month[date(2026, 12, 1)] == {"nb": 2, "nn": 1, "en": 1}
    assert months[-1].percent("nn") == "25,0"


def test_month_starts_cross_the_new_year():
    from datetime import date

    from core.reports import month_starts

    assert month_starts(3, date(2026, 2, 10)) == [date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1)]


def test_the_chart_stacks_each_month_to_the_full_height():
    from datetime import date

    from core.admin.language_chart import PLOT_HEIGHT, build_chart
    from core.reports import MonthShares

    chart = build_chart([MonthShares(date(2026, 1, 1), {"nb": 3, "nn": 1, "en": 0}), MonthShares(date(2026, 2, 1), {})])
    january, february = chart.bars
    assert sum(segment.height for segment in january.segments) == PLOT_HEIGHT
    # Nynorsk at the bottom, where the line at the minimum share measures it.
    assert [segment.title for segment in january.segments] == [
        "Norsk nynorsk: 25,0 % (1 side)",
        "Norsk bokmål: 75,0 % (3 sider)",
    ]
    assert january.segments[0].y == chart.minimum_y  # exactly 25 % reaches the line
    assert february.segments == []  # no pages: no bar, and no division by zero
    assert january.label == "jan. 26"


@pytest.mark.django_db
def test_the_report_shows_the_chart_with_its_table(editor_client, two_sections):
    import lxml.html

    tree = lxml.html.fromstring(editor_client.get("/admin/reports/language/").content)
    (svg,) = tree.xpath("//figure/svg[@role='img']")
    assert svg.xpath("./title")[0].text == "Andel sider per språk, måned for måned"
    assert "Siste måned: bokmål" in svg.xpath("./desc")[0].text
    # Coordinates with a decimal point, not the Norwegian decimal comma.
    for rect in svg.xpath(".//rect"):
        float(rect.get("y")), float(rect.get("height"))
    table = tree.xpath("//details/table")[0]
    assert len(table.xpath(".//tbody/tr")) == 12
