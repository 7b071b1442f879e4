"""The editors' side: upload, the error report, templates, the log, rollback and permissions."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from flo.factories import counts, csv_content, file_rows
from flo.imports import import_file
from flo.models import ImportBatch, MonthlyFigures, PendingImport

from .conftest import MONTH

pytestmark = pytest.mark.django_db


def upload(client, content: bytes, name: str = "flo.csv"):
    """Step one: the file is validated and kept, and the editor is sent to the check page."""
    return client.post(reverse("flo_admin:import"), {"file": SimpleUploadedFile(name, content)})


def confirm(client, upload_response, **choices: bool):
    """Step two: the check page's form, with the boxes the editor ticks."""
    data = {name: "on" for name, ticked in choices.items() if ticked}
    return client.post(upload_response["Location"], data)


def import_through_the_admin(client, content: bytes, name: str = "flo.csv", **choices: bool):
    return confirm(client, upload(client, content, name), **choices)


def test_editor_imports_a_valid_file_and_lands_on_its_log_entry(
    communications_client, communications_officer, valid_file
):
    checked = upload(communications_client, valid_file, "mars.csv")
    assert checked.status_code == 302
    assert not ImportBatch.objects.exists()  # nothing is saved before the editor confirms
    check_page = communications_client.get(checked["Location"]).content.decode()
    assert "Kontrollen fant ingenting å merke seg" in check_page

    response = confirm(communications_client, checked)
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("flo_admin:batch", args=[batch.pk])
    assert batch.created_by == communications_officer
    assert batch.file_name == "mars.csv"
    assert not batch.is_partial
    assert MonthlyFigures.objects.current().filter(month=MONTH).count() == batch.row_count == 357
    assert not PendingImport.objects.exists()
    page = communications_client.get(response["Location"])
    assert "Importerte 357 rader" in page.content.decode()
    assert "mars 2025" in page.content.decode()


def test_xlsx_upload_imports(communications_client, register):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["kommunenummer", "måned", "fastlegeavtaler", "lister_uten_fast_lege", "innbyggere_på_liste",
                  "innbyggere_uten_fast_lege", "sum_listetak", "ledige_plasser", "åpne_lister", "kvinnelige_fastleger"])  # fmt: skip
    values = counts(12)
    sheet.append([301, MONTH, *values.values()])  # Excel has dropped Oslo's leading zero
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = import_through_the_admin(communications_client, buffer.getvalue(), "mars.xlsx", accept_partial=True)
    assert response.status_code == 302
    figures = MonthlyFigures.objects.get()
    assert figures.municipality.number == "0301"
    assert figures.gp_agreements == 12


def test_a_bad_file_shows_every_problem_by_row_and_column_and_saves_nothing(communications_client, oslo, bergen):
    rows = file_rows([oslo, bergen], MONTH)
    rows[0]["gp_agreements"] = "mange"
    rows[1]["number"] = "9999"
    response = upload(communications_client, csv_content(rows), "feil.csv")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Filen «feil.csv» har 2 feil" in html
    assert "Ingenting er lagret" in html
    assert "«mange» er ikke et tall." in html
    assert "Ukjent kommunenummer 9999." in html
    assert "fastlegeavtaler" in html and "(D)" in html  # the column, by name and Excel letter
    assert not ImportBatch.objects.exists()
    assert not MonthlyFigures.objects.exists()


def test_a_month_already_imported_is_replaced_only_when_the_editor_says_so(communications_client, valid_file):
    import_through_the_admin(communications_client, valid_file, "første.csv")
    checked = upload(communications_client, valid_file, "andre.csv")
    refused = confirm(communications_client, checked)
    assert refused.status_code == 200
    assert "Kryss av for å erstatte tallene" in refused.content.decode()
    assert ImportBatch.objects.count() == 1

    replaced = confirm(communications_client, checked, replace=True)
    assert replaced.status_code == 302
    assert ImportBatch.objects.count() == 2
    assert set(MonthlyFigures.objects.current().values_list("batch__file_name", flat=True)) == {"andre.csv"}


def test_rollback_from_the_log_brings_back_the_replaced_figures(communications_client, valid_file):
    first = import_file(valid_file, "første.csv")
    second = import_file(valid_file, "andre.csv", replace=True)
    detail = communications_client.get(reverse("flo_admin:batch", args=[first.pk])).content.decode()
    assert "kan ikke rulles tilbake før" in detail and "andre.csv" in detail

    response = communications_client.post(reverse("flo_admin:rollback", args=[second.pk]), follow=True)
    assert "Tallene fra «første.csv» gjelder igjen." in response.content.decode()
    second.refresh_from_db()
    assert second.is_rolled_back
    assert set(MonthlyFigures.objects.current().values_list("batch", flat=True)) == {first.pk}


def test_rollback_asks_for_confirmation_before_it_acts(communications_client, valid_file):
    batch = import_file(valid_file, "mars.csv")
    detail = communications_client.get(reverse("flo_admin:batch", args=[batch.pk])).content.decode()
    # The log entry only links to the confirmation: no form there rolls anything back.
    assert f'action="{reverse("flo_admin:rollback", args=[batch.pk])}"' not in detail
    assert f'href="{reverse("flo_admin:rollback", args=[batch.pk])}"' in detail

    question = communications_client.get(reverse("flo_admin:rollback", args=[batch.pk]))
    html = question.content.decode()
    assert question.status_code == 200
    assert "Vil du rulle tilbake importen «mars.csv»" in html
    assert "357 rader slutter å gjelde" in html
    assert "ingen tall, siden ingen tidligere import har tall for måneden" in html
    assert "Ja, rull tilbake importen" in html and "Nei, behold importen" in html
    batch.refresh_from_db()
    assert not batch.is_rolled_back

    communications_client.post(reverse("flo_admin:rollback", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.is_rolled_back


def test_the_rollback_question_names_the_figures_that_come_back(communications_client, valid_file):
    import_file(valid_file, "første.csv")
    second = import_file(valid_file, "andre.csv", replace=True)
    html = communications_client.get(reverse("flo_admin:rollback", args=[second.pk])).content.decode()
    assert "tallene fra «første.csv»" in html and "gjelder igjen" in html


def test_the_log_lists_imports_and_marks_demo_data(communications_client, valid_file):
    import_file(valid_file, "demo.csv", is_demo=True)
    html = communications_client.get(reverse("flo_admin:batches")).content.decode()
    assert "demo.csv" in html
    assert "Demodata" in html


def test_the_original_file_can_be_downloaded_unchanged(communications_client, valid_file):
    batch = import_file(valid_file, "mars.csv")
    response = communications_client.get(reverse("flo_admin:batch_file", args=[batch.pk]))
    assert response.content == valid_file
    assert 'filename="mars.csv"' in response["Content-Disposition"]


def test_csv_template_lists_every_municipality_of_the_month(communications_client, register):
    response = communications_client.get(reverse("flo_admin:template", args=["csv"]) + "?month=2023-12")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:3] == ["kommunenummer", "kommunenavn", "måned"]
    assert len(rows) - 1 == 356  # the division before the 2024 reform
    assert rows[[r[0] for r in rows].index("3001")][:3] == ["3001", "Halden", "2023-12"]


def test_xlsx_template_keeps_leading_zeros_as_text_and_round_trips(communications_client, register):
    response = communications_client.get(reverse("flo_admin:template", args=["xlsx"]) + "?month=2025-03")
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["FLO"]
    assert sheet["A2"].value == "0301"
    assert sheet.max_row - 1 == 357
    assert "Kolonner" in workbook.sheetnames


def test_unknown_template_format_is_not_found(communications_client):
    assert communications_client.get("/admin/flo/import/mal.exe").status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        reverse("flo_admin:import"),
        reverse("flo_admin:batches"),
        reverse("flo_admin:template", args=["csv"]),
    ],
)
def test_admin_users_without_the_permissions_are_refused(outsider_client, url):
    # Wagtail answers a permission denied in the admin by sending the user to the dashboard.
    response = outsider_client.get(url)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get(reverse("flo_admin:import"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_the_menu_and_register_are_there_for_editors(communications_client):
    dashboard = communications_client.get("/admin/").content.decode()
    assert "Fastlegestatistikk" in dashboard
    listing = communications_client.get(reverse("wagtailsnippets_core_municipality:list") + "?q=Halden")
    assert listing.status_code == 200
    assert "3101" in listing.content.decode()


def test_the_upload_is_read_and_validated_once(communications_client, valid_file, monkeypatch):
    import flo.imports

    calls = []
    original = flo.imports.validate_table
    monkeypatch.setattr(flo.imports, "validate_table", lambda *a, **k: calls.append(1) or original(*a, **k))
    assert upload(communications_client, valid_file).status_code == 302
    assert len(calls) == 1


def test_the_rollback_question_is_for_those_who_may_roll_back(outsider_client, valid_file):
    batch = import_file(valid_file, "mars.csv")
    response = outsider_client.get(reverse("flo_admin:rollback", args=[batch.pk]))
    assert response.status_code == 302 and response["Location"] == "/admin/"
