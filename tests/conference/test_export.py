"""Exports of registrations: formulas neutralised and data intact in CSV and XLSX, one column per
question, and sensitive answers (health data) only in their own export, for those given its own permission."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse
from openpyxl import load_workbook

from conference.models import Answer, Question

pytestmark = pytest.mark.django_db

HOSTILE = {
    "name": '=HYPERLINK("http://evil.example","Klikk")',
    "organisation": "@SUM(1+1)",
    "phone": "+47 22 33 44 55",
    "norwegian": "Blåbærsyltetøy Ærlig Øvre",
}


@pytest.fixture
def conference_with_answers(conference, in_person, registration_factory):
    phone = Question.objects.create(conference=conference, label="Telefon", sort_order=0)
    diet = Question.objects.create(conference=conference, label="Kosthold", sensitive=True, sort_order=1)
    hostile = registration_factory(
        ticket_type=in_person, name=HOSTILE["name"], email="evil@example.no", organisation=HOSTILE["organisation"]
    )
    norwegian = registration_factory(
        ticket_type=in_person, name=HOSTILE["norwegian"], email="aeoa@example.no", organisation="Legekontoret på Å"
    )
    Answer.objects.create(registration=hostile, question=phone, question_label="Telefon", value=HOSTILE["phone"])
    Answer.objects.create(
        registration=norwegian, question=diet, question_label="Kosthold", sensitive=True, value="Nøttefri"
    )
    return conference


def export(client, conference, file_format, *, sensitive=False, **params):
    name = "conference_admin:export_sensitive" if sensitive else "conference_admin:export"
    return client.get(reverse(name, args=[conference.pk, file_format]), params)


def csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def xlsx_rows(response) -> list[list]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()], sheet


def test_csv_neutralises_formulas_and_keeps_the_text(editor_client, conference_with_answers):
    response = export(editor_client, conference_with_answers, "csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "no-store" in response["Cache-Control"]
    header, hostile, norwegian = csv_rows(response)
    assert header[:9] == [
        "Navn",
        "E-post",
        "Arbeidssted",
        "Rolle",
        "Kommune",
        "Billettype",
        "Status",
        "Registrert",
        "Møtt",
    ]
    assert header[9:] == ["Telefon"]  # one column per question; the sensitive one is not here
    assert hostile[0] == "'" + HOSTILE["name"]
    assert hostile[2] == "'" + HOSTILE["organisation"]
    assert hostile[9] == "'+47 22 33 44 55"
    assert hostile[5:7] == ["Fysisk oppmøte", "Påmeldt"]
    assert norwegian[0] == HOSTILE["norwegian"] and norwegian[2] == "Legekontoret på Å"
    assert "Nøttefri" not in response.content.decode()


def test_xlsx_keeps_formulas_as_text_and_data_intact(editor_client, conference_with_answers):
    response = export(editor_client, conference_with_answers, "xlsx")
    assert response.status_code == 200
    rows, sheet = xlsx_rows(response)
    header, hostile, norwegian = rows
    assert header[9:] == ["Telefon"]
    assert hostile[0] == HOSTILE["name"] and hostile[2] == HOSTILE["organisation"] and hostile[9] == HOSTILE["phone"]
    for cell in (sheet.cell(row=2, column=1), sheet.cell(row=2, column=3), sheet.cell(row=2, column=10)):
        assert cell.data_type == "s"  # text, not a formula
    assert norwegian[0] == HOSTILE["norwegian"]
    assert "Nøttefri" not in [value for row in rows for value in row]


def test_the_export_follows_the_list_filters(editor_client, conference_with_answers):
    _header, *rows = csv_rows(export(editor_client, conference_with_answers, "csv", q="Blåbær"))
    assert [row[0] for row in rows] == [HOSTILE["norwegian"]]


@pytest.fixture
def health_data_client(editor_client, editor):
    """An editor given the one permission for health data, as an administrator does for one organiser."""
    editor.user_permissions.add(Permission.objects.get(codename="view_sensitive_answers"))
    return editor_client


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_sensitive_export_holds_the_sensitive_answers(health_data_client, conference_with_answers, file_format):
    response = export(health_data_client, conference_with_answers, file_format, sensitive=True)
    assert response.status_code == 200
    assert "sensitivt" in response["Content-Disposition"]
    rows = csv_rows(response) if file_format == "csv" else xlsx_rows(response)[0]
    header, _hostile, norwegian = rows
    assert list(header) == ["Navn", "E-post", "Billettype", "Status", "Kosthold"]
    assert norwegian[4] == "Nøttefri"
    assert "Telefon" not in header


@pytest.fixture
def viewer_client(client, db):
    user = get_user_model().objects.create_user("leser", "leser@example.test", "pw")
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"), Permission.objects.get(codename="view_registration")
    )
    client.force_login(user)
    return client


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_sensitive_export_needs_its_own_permission(viewer_client, conference_with_answers, file_format):
    assert export(viewer_client, conference_with_answers, file_format).status_code == 200
    response = export(viewer_client, conference_with_answers, file_format, sensitive=True)
    assert response.status_code in (302, 403)
    assert "Nøttefri".encode() not in response.content


def test_outsiders_get_no_export(outsider_client, conference_with_answers):
    response = export(outsider_client, conference_with_answers, "csv")
    assert response.status_code in (302, 403)
    assert b"evil@example.no" not in response.content


def test_an_unknown_format_is_not_found(editor_client, conference_with_answers):
    assert export(editor_client, conference_with_answers, "pdf").status_code == 404
