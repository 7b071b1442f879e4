"""The check between upload and import: missing municipalities, implausible jumps from the
month before and what a replace changes, each confirmed explicitly; the upload waits
server-side; and partial months are marked on the public pages."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from flo.checks import THRESHOLDS, Threshold, check_import
from flo.factories import csv_content, file_rows
from flo.imports import ImportRefused, check_file, import_file
from flo.models import ImportBatch, MonthlyFigures, PendingImport

from .conftest import MONTH

pytestmark = pytest.mark.django_db

FEBRUARY = date(2025, 2, 1)
APRIL = date(2025, 4, 1)
NBSP = "\xa0"


def upload(client, content: bytes, name: str = "flo.csv"):
    return client.post(reverse("flo_admin:import"), {"file": SimpleUploadedFile(name, content)})


def confirm(client, checked, **choices: bool):
    return client.post(checked["Location"], {name: "on" for name, ticked in choices.items() if ticked})


@pytest.fixture
def three_of_357(oslo, bergen, halden):
    """The issue's file: the template with only three municipalities kept."""
    return csv_content(file_rows([oslo, bergen, halden], MONTH))


@pytest.fixture
def march_with_71_each(register):
    """March 2025 in effect for every municipality, 71 GP agreements each."""
    return import_file(csv_content(file_rows(register.municipalities_on(MONTH), MONTH, agreements=71)), "mars.csv")


@pytest.fixture
def april_with_a_typo(register, oslo):
    """April's file as the analyst typed it: Oslo's 71 agreements became 999."""
    rows = file_rows(register.municipalities_on(APRIL), APRIL, agreements=71)
    next(row for row in rows if row["number"] == oslo.number)["gp_agreements"] = 999
    return csv_content(rows)


# --- Completeness -------------------------------------------------------------------------------


def test_a_partial_month_is_listed_and_imported_only_by_explicit_choice(communications_client, three_of_357):
    checked = upload(communications_client, three_of_357, "tre.csv")
    html = communications_client.get(checked["Location"]).content.decode()
    assert "Kommuner mangler" in html
    assert "tall for 3 av 357 kommuner" in html and "354 mangler" in html
    assert "1103 Stavanger" in html  # the missing ones are listed
    assert "Importer likevel som delvis måned" in html

    refused = confirm(communications_client, checked)
    assert refused.status_code == 200
    assert "Kryss av for å importere en delvis måned" in refused.content.decode()
    assert not ImportBatch.objects.exists()

    imported = confirm(communications_client, checked, accept_partial=True)
    batch = ImportBatch.objects.get()
    assert imported["Location"] == reverse("flo_admin:batch", args=[batch.pk])
    assert batch.is_partial
    [month] = batch.check_report["partial"]
    assert (month["month"], month["expected"], len(month["missing"])) == ("2025-03", 357, 354)
    detail = communications_client.get(imported["Location"]).content.decode()
    assert "Importert som delvis måned" in detail and "354 av 357 kommuner manglet" in detail
    assert "Delvis måned" in communications_client.get(reverse("flo_admin:batches")).content.decode()


def test_the_import_itself_refuses_a_partial_month_without_the_choice(three_of_357):
    with pytest.raises(ImportRefused) as refusal:
        import_file(three_of_357, "tre.csv")

    assert refusal.value.problems[0].message.startswith("Mars 2025 har tall for 3 av 357 kommuner. Mangler: ")
    assert not MonthlyFigures.objects.exists()
    assert import_file(three_of_357, "tre.csv", allow_partial=True).is_partial


def test_completeness_follows_the_register_of_the_month(register):
    """December 2023 had 356 municipalities, March 2025 has 357: each is complete against its own."""
    december = date(2023, 12, 1)
    rows = file_rows(register.municipalities_on(december), december) + file_rows(
        register.municipalities_on(MONTH), MONTH
    )
    check = check_import(check_file(csv_content(rows), "to.csv").rows, register)
    assert not check.is_partial


# --- Plausibility -------------------------------------------------------------------------------


def test_thresholds_need_both_a_relative_and_an_absolute_change():
    agreements = THRESHOLDS["gp_agreements"]
    assert agreements.is_exceeded(71, 999)
    assert agreements.is_exceeded(999, 71)
    assert not agreements.is_exceeded(2, 4)  # doubled, but two agreements is noise
    assert not agreements.is_exceeded(700, 730)  # thirty more in Oslo is an ordinary month
    assert Threshold(relative=0.5, absolute=10).is_exceeded(0, 10)


def test_a_jump_from_71_to_999_is_shown_before_saving_and_must_be_confirmed(
    communications_client, march_with_71_each, april_with_a_typo
):
    checked = upload(communications_client, april_with_a_typo, "april.csv")
    soup = BeautifulSoup(communications_client.get(checked["Location"]).content, "html.parser")
    table = soup.find("caption", string="Store endringer fra måneden før").find_parent("table")
    rows = [[td.get_text(strip=True) for td in tr.find_all("td")] for tr in table.tbody.find_all("tr")]
    assert rows == [["0301 Oslo", "april 2025", "Fastlegeavtaler", "71", "999", "+1307 %"]]
    assert not ImportBatch.objects.filter(file_name="april.csv").exists()

    refused = confirm(communications_client, checked)
    assert "Kryss av for at de store endringene stemmer" in refused.content.decode()
    assert not ImportBatch.objects.filter(file_name="april.csv").exists()

    confirm(communications_client, checked, accept_warnings=True)
    batch = ImportBatch.objects.get(file_name="april.csv")
    assert batch.check_report["warning_count"] == 1
    assert batch.check_report["warnings"][0] | {} == {
        "municipality": "0301 Oslo",
        "month": "2025-04",
        "field": "gp_agreements",
        "label": "Fastlegeavtaler",
        "before": 71,
        "after": 999,
    }


def test_ordinary_changes_raise_no_warning_and_need_no_extra_tick(communications_client, march_with_71_each, register):
    april = csv_content(file_rows(register.municipalities_on(APRIL), APRIL, agreements=73))
    checked = upload(communications_client, april, "april.csv")
    html = communications_client.get(checked["Location"]).content.decode()
    assert "Kontrollen fant ingenting å merke seg" in html
    assert "accept_warnings" not in html
    assert confirm(communications_client, checked).status_code == 302


def test_a_file_of_two_months_is_compared_with_itself(register, oslo):
    rows = file_rows(register.municipalities_on(FEBRUARY), FEBRUARY, 71) + file_rows(
        register.municipalities_on(MONTH), MONTH, 71
    )
    next(row for row in rows if row["number"] == oslo.number and row["month"] == "2025-03")["gp_agreements"] = 999
    check = check_import(check_file(csv_content(rows), "to.csv").rows, register)
    assert [(c.municipality, c.month, c.before, c.after) for c in check.jumps] == [(oslo, MONTH, 71, 999)]


def test_the_demo_figures_have_no_implausible_agreements(register):
    """The thresholds are measured on the demo's 24 months (see flo.checks)."""
    from demo.flo_figures import demo_file, demo_months

    check = check_import(check_file(demo_file(demo_months()), "demo.csv").rows, register)
    assert not [change for change in check.jumps if change.field == "gp_agreements"]
    assert len(check.jumps) <= 10


# --- What a replace changes ---------------------------------------------------------------------


def test_a_replace_says_what_it_changes_before_and_after(communications_client, valid_file, register, oslo, bergen):
    import_file(valid_file, "mars.csv")
    rows = [row for row in file_rows(register.municipalities_on(MONTH), MONTH) if row["number"] != bergen.number]
    next(row for row in rows if row["number"] == oslo.number)["gp_agreements"] = 12
    checked = upload(communications_client, csv_content(rows), "mars-rettet.csv")

    html = communications_client.get(checked["Location"]).content.decode()
    assert "Dette endrer importen i mars 2025" in html
    assert "1 kommune får endrede tall" in html and "355 uendret" in html
    assert "1 kommune forsvinner: 4601 Bergen" in html
    assert "De største endringene i mars 2025" in html

    confirm(communications_client, checked, replace=True, accept_partial=True)
    batch = ImportBatch.objects.get(file_name="mars-rettet.csv")
    [summary] = batch.check_report["replaced"]
    assert (summary["changed_rows"], summary["unchanged_rows"], summary["added"], summary["removed"]) == (
        1,
        355,
        [],
        ["4601"],
    )
    assert summary["biggest"][0]["before"] == 10 and summary["biggest"][0]["after"] == 12
    detail = communications_client.get(reverse("flo_admin:batch", args=[batch.pk])).content.decode()
    assert "Erstattet tall for mars 2025" in detail and "1 kommuner fikk endrede tall" in detail


# --- The upload between the steps ----------------------------------------------------------------


def test_the_upload_waits_server_side_and_only_its_uploader_can_confirm_it(
    communications_client, client, django_user_model, valid_file
):
    checked = upload(communications_client, valid_file, "mars.csv")
    pending = PendingImport.objects.get()
    assert bytes(pending.file_content) == valid_file
    page = BeautifulSoup(communications_client.get(checked["Location"]).content, "html.parser")
    confirm_form = page.find("form", action=checked["Location"])
    hidden = {field["name"] for field in confirm_form.find_all("input", type="hidden")}
    assert hidden == {"csrfmiddlewaretoken"}  # nothing of the file travels through the browser

    colleague = django_user_model.objects.create_user("kollega", "k@example.test", "pw")
    colleague.groups.add(Group.objects.get(name="Kommunikasjonsansvarlig"))
    client.force_login(colleague)
    response = confirm(client, checked)
    assert response["Location"] == reverse("flo_admin:import")
    assert not ImportBatch.objects.exists()


def test_stale_uploads_expire(communications_client, valid_file):
    checked = upload(communications_client, valid_file, "gammel.csv")
    PendingImport.objects.update(created_at=timezone.now() - PendingImport.EXPIRES_AFTER - timedelta(minutes=1))

    response = confirm(communications_client, checked)
    assert response["Location"] == reverse("flo_admin:import")
    assert not ImportBatch.objects.exists()
    upload(communications_client, valid_file, "ny.csv")
    assert list(PendingImport.objects.values_list("file_name", flat=True)) == ["ny.csv"]


def test_the_check_is_shown_again_when_the_figures_changed_meanwhile(communications_client, valid_file):
    checked = upload(communications_client, valid_file, "mars.csv")
    import_file(valid_file, "kollegaens-mars.csv")  # lands while the editor reads the check page

    response = confirm(communications_client, checked)
    assert response.status_code == 200
    assert "endret siden du så kontrollen" in response.content.decode()
    assert ImportBatch.objects.count() == 1

    assert confirm(communications_client, checked, replace=True).status_code == 302
    assert ImportBatch.objects.count() == 2


def test_cancel_forgets_the_upload(communications_client, valid_file):
    checked = upload(communications_client, valid_file, "mars.csv")
    token = PendingImport.objects.get().token
    response = communications_client.post(reverse("flo_admin:cancel", args=[token]), follow=True)
    assert "Importen er avbrutt. Ingenting er lagret." in response.content.decode()
    assert not PendingImport.objects.exists()
    assert communications_client.get(checked["Location"])["Location"] == reverse("flo_admin:import")


def test_the_check_step_needs_the_import_permission(communications_officer, outsider_client, valid_file):
    pending = PendingImport.objects.create(
        created_by=communications_officer, file_name="mars.csv", file_content=valid_file
    )
    check_url = reverse("flo_admin:check", args=[pending.token])
    for response in (
        outsider_client.get(check_url),
        outsider_client.post(check_url),
        outsider_client.post(reverse("flo_admin:cancel", args=[pending.token])),
    ):
        assert response.status_code == 302 and response["Location"] == "/admin/"
    assert PendingImport.objects.exists() and not ImportBatch.objects.exists()


# --- Partial months on the public pages ----------------------------------------------------------


@pytest.fixture
def get(site_client, statistics_page):
    def fetch(route: str = ""):
        return BeautifulSoup(site_client.get(statistics_page.url + route).content, "html.parser")

    return fetch


def total_row(soup) -> list[str]:
    row = soup.find(id="areas-caption").find_parent("table").tbody.find_all("tr")[-1]
    return [row.th.get_text(strip=True), *(td.get_text(strip=True) for td in row.find_all("td"))]


def test_only_a_partial_month_is_never_called_the_whole_country(get, three_of_357):
    import_file(three_of_357, "tre.csv", allow_partial=True)
    soup = get()
    notice = soup.find(class_="flo-incomplete").get_text(" ", strip=True)
    assert "Tallene for mars 2025 er ufullstendige: bare 3 av 357 kommuner har levert tall." in notice
    assert "ikke hele landet" in notice
    assert total_row(soup)[:2] == ["Sum for 3 av 357 kommuner", "30"]
    assert "Hele landet" not in [th.get_text(strip=True) for th in soup.select(".flo-table tbody th")]


def test_national_figures_stay_on_the_last_complete_month(get, register, three_of_357):
    import_file(csv_content(file_rows(register.municipalities_on(FEBRUARY), FEBRUARY)), "februar.csv")
    import_file(three_of_357, "tre.csv", allow_partial=True)
    soup = get()
    assert soup.find(id="key-figures-heading").get_text(strip=True) == "Nøkkeltall, februar 2025"
    assert total_row(soup)[:2] == ["Hele landet", f"3{NBSP}570"]
    notice = soup.find(class_="flo-incomplete").get_text(" ", strip=True)
    assert "Tallene for mars 2025 er ufullstendige: 3 av 357 kommuner har levert tall." in notice
    assert "tar ikke med måneden" in notice

    # A county with municipalities missing says so; Oslo (one municipality, reported) does not.
    vestland = get("fylke/46/").find(class_="flo-incomplete").get_text(" ", strip=True)
    assert "ikke alle kommunene i Vestland har levert tall" in vestland
    assert get("fylke/03/").find(class_="flo-incomplete") is None
    bergen = get("kommune/4601/").find(class_="flo-incomplete").get_text(" ", strip=True)
    assert "summene for fylket og hele landet er ikke komplette" in bergen


def test_a_complete_month_carries_no_notice(get, valid_file):
    import_file(valid_file, "mars.csv")
    soup = get()
    assert soup.find(class_="flo-incomplete") is None
    assert total_row(soup)[:2] == ["Hele landet", f"3{NBSP}570"]


def test_open_data_names_the_incomplete_months(get, site_client, statistics_page, valid_file, three_of_357):
    import_file(valid_file, "mars.csv")
    import_file(three_of_357.replace(b"2025-03", b"2025-04"), "april.csv", allow_partial=True)
    notice = get("data/").find(class_="flo-incomplete").get_text(" ", strip=True)
    assert "april 2025: 3 av 357 kommuner" in notice and "mars 2025" not in notice
    body = site_client.get(statistics_page.url + "data/json/").json()
    assert body["incomplete_months"] == [
        {"month": "2025-04", "reported_municipalities": 3, "expected_municipalities": 357}
    ]
