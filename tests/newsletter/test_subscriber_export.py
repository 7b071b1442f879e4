"""Exporting the subscriber list: what a spreadsheet sees, what is filtered, and who may."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from openpyxl import load_workbook

from core.models import Municipality
from newsletter.models import Consent, Status
from newsletter.subscriber_export import HEADERS
from newsletter.subscriber_import import check_file, import_subscribers

pytestmark = pytest.mark.django_db

LIST_URL = "newsletter_subscribers:index"
EVIL = '=HYPERLINK("http://evil.example","Klikk")'


@pytest.fixture
def editor_client(client, db):
    """The subscriber list is the communication officer's (core/admin/groups.py)."""
    user = get_user_model().objects.create_user("redaktor", "redaktor@example.test", "pw")
    user.groups.add(Group.objects.get(name="Kommunikasjonsansvarlig"))
    client.force_login(user)
    return client


@pytest.fixture
def attackers(subscriber_factory):
    """Subscribers whose names a careless spreadsheet would run as formulas."""
    oslo = Municipality.objects.get(number="0301", valid_to__isnull=True)
    return [
        subscriber_factory(email="evil@example.no", name=EVIL, municipality=oslo, topics=["flo", "podkast"]),
        subscriber_factory(email="sum@example.no", name="@SUM(A1)"),
        subscriber_factory(email="phone@example.no", name="+47 22 33 44 55", language="nn"),
        subscriber_factory(email="minus@example.no", name="-1", status=Status.PENDING, confirmed_at=None),
        subscriber_factory(email="aase@example.no", name="Åse Ærø Øvrebø", role="lis"),
    ]


def export(client, file_format: str, **params):
    return client.get(reverse(LIST_URL), {**params, "export": file_format})


def csv_rows(response) -> list[dict[str, str]]:
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")
    reader = csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline=""), delimiter=";")
    return list(reader)


def test_csv_export_neutralises_formulas_and_keeps_everything_readable(editor_client, attackers):
    response = export(editor_client, "csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="abonnenter-')
    assert "no-store" in response["Cache-Control"]
    rows = {row["email"]: row for row in csv_rows(response)}
    assert list(next(iter(rows.values()))) == list(HEADERS)
    assert rows["evil@example.no"]["name"] == "'" + EVIL
    assert rows["sum@example.no"]["name"] == "'@SUM(A1)"
    assert rows["phone@example.no"]["name"] == "'+47 22 33 44 55"
    assert rows["minus@example.no"]["name"] == "'-1"
    assert rows["aase@example.no"]["name"] == "Åse Ærø Øvrebø"
    evil = rows["evil@example.no"]
    assert (evil["municipality"], evil["topics"], evil["status"]) == ("0301", "flo|podkast", "confirmed")
    assert rows["minus@example.no"]["status"] == "pending" and rows["minus@example.no"]["confirmed"] == ""
    assert rows["phone@example.no"]["language"] == "nn" and rows["aase@example.no"]["role"] == "lis"


def test_xlsx_export_stores_the_names_as_text_exactly(editor_client, attackers):
    response = export(editor_client, "xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    header = [cell.value for cell in sheet[1]]
    assert header == list(HEADERS)
    names = {row[0].value: row[1] for row in sheet.iter_rows(min_row=2)}
    for email, expected in [
        ("evil@example.no", EVIL),
        ("sum@example.no", "@SUM(A1)"),
        ("phone@example.no", "+47 22 33 44 55"),
        ("minus@example.no", "-1"),
        ("aase@example.no", "Åse Ærø Øvrebø"),
    ]:
        assert (names[email].value, names[email].data_type) == (expected, "s")
    created = sheet.cell(row=2, column=HEADERS.index("created") + 1)
    assert created.is_date


def test_the_export_follows_the_filters_and_search(editor_client, attackers):
    pending = csv_rows(export(editor_client, "csv", status="pending"))
    assert [row["email"] for row in pending] == ["minus@example.no"]
    searched = csv_rows(export(editor_client, "csv", q="Øvrebø"))
    assert [row["email"] for row in searched] == ["aase@example.no"]


def test_an_export_can_be_imported_again_as_it_is(editor_client, attackers):
    """Codes, not labels: the file goes back through the import and every row is an existing subscriber."""
    validation = check_file(export(editor_client, "csv").content, "abonnenter.csv")
    assert validation.is_valid, validation.problems
    rows = {row.email: row for row in validation.rows}
    assert rows["evil@example.no"].name == EVIL  # the export's apostrophe is taken off again
    assert rows["phone@example.no"].name == "+47 22 33 44 55"
    assert rows["aase@example.no"].role == "lis"
    assert [topic.slug for topic in rows["evil@example.no"].topics] == ["flo", "podkast"]
    assert rows["evil@example.no"].municipality.number == "0301"
    result = import_subscribers(validation, source=Consent.Source.IMPORT)
    assert result.created == [] and len(result.existing) == 5


def test_the_export_takes_a_fixed_number_of_queries(editor_client, subscriber_factory, django_assert_max_num_queries):
    for n in range(30):
        subscriber_factory(email=f"lege{n}@example.no", topics=["flo", "podkast"])
    export(editor_client, "csv")  # warm caches (session, permissions, content types)
    with django_assert_max_num_queries(12):
        response = export(editor_client, "csv")
    assert len(csv_rows(response)) == 30


def test_export_needs_the_view_permission(client, subscriber_factory):
    subscriber_factory(email="kari@example.no")
    user = get_user_model().objects.create_user("importer", "importer@example.test", "pw")
    # May add subscribers (so the list opens) but not view them: no export.
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"), Permission.objects.get(codename="add_subscriber")
    )
    client.force_login(user)
    listing = client.get(reverse(LIST_URL))
    assert listing.status_code == 200
    assert "export=csv" not in listing.content.decode()
    response = export(client, "csv")
    assert response.status_code in (302, 403)
    assert b"kari@example.no" not in response.content


def test_export_is_refused_to_someone_without_subscriber_permissions(client, subscriber_factory):
    subscriber_factory(email="kari@example.no")
    user = get_user_model().objects.create_user("gjest", "gjest@example.test", "pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    response = export(client, "xlsx")
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


def test_the_list_offers_both_export_buttons(editor_client, attackers):
    html = editor_client.get(reverse(LIST_URL), {"status": "confirmed"}).content.decode()
    assert "export=xlsx" in html and "export=csv" in html
