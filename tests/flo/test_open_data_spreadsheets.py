"""Open data for spreadsheets: a CSV Norwegian Excel opens in columns, and XLSX.

Norwegian Excel reads a CSV with `;` between cells and decimal commas, and takes it
for UTF-8 only with a BOM; the plain comma CSV stays for programs.
"""

from __future__ import annotations

import csv
import io
from datetime import date

import openpyxl
import pytest

from flo.factories import ImportBatchFactory, add_figures, counts

JANUARY, FEBRUARY = date(2025, 1, 1), date(2025, 2, 1)


@pytest.fixture
def reported(register):
    """Oslo (10 % without a GP in January) and Halden, two months."""
    batches = {month: ImportBatchFactory(first_month=month) for month in (JANUARY, FEBRUARY)}
    for month in (JANUARY, FEBRUARY):
        add_figures(register.municipality("0301"), month, batch=batches[month], **counts(100))
        add_figures(register.municipality("3101"), month, batch=batches[month], **counts(20))


@pytest.fixture
def download(site_client, statistics_page):
    def fetch(file_format: str, query: str = ""):
        return site_client.get(f"{statistics_page.url}data/{file_format}/" + (f"?{query}" if query else ""))

    return fetch


def plain_csv(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))


def test_excel_csv_has_a_bom_semicolons_and_decimal_commas(download, reported):
    response = download("excel-csv", "level=municipality")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf"), "Excel takes a CSV for UTF-8 only with a BOM"
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 4
    assert rows[0]["month"] == "2025-01" and rows[0]["area_name"] == "Oslo"
    machine = plain_csv(download("csv", "level=municipality"))
    assert [row.keys() for row in rows] == [row.keys() for row in machine]
    for excel_row, machine_row in zip(rows, machine, strict=True):
        for name, value in machine_row.items():
            assert excel_row[name] == value.replace(".", ","), name
    assert any("," in row["share_without_gp"] for row in rows), "decimals are written with a comma"


def test_excel_csv_is_named_for_excel(download, reported):
    response = download("excel-csv", "municipality=0301")
    assert response["Content-Disposition"] == 'attachment; filename="fastlegestatistikk-municipality-0301-excel.csv"'


def test_plain_csv_for_programs_keeps_commas_and_points(download, reported):
    response = download("csv", "level=municipality")
    assert not response.content.startswith(b"\xef\xbb\xbf")
    assert response.content.decode().splitlines()[0].count(",") > 10
    assert any("." in row["share_without_gp"] for row in plain_csv(response))


def test_xlsx_holds_the_same_figures_as_numbers(download, reported):
    response = download("xlsx", "level=municipality")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="fastlegestatistikk-municipality.xlsx"'
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    machine = plain_csv(download("csv", "level=municipality"))
    assert header == list(machine[0].keys())
    assert len(rows) == len(machine) == 4
    record = dict(zip(header, rows[0], strict=True))
    assert record["area_name"] == "Oslo" and record["area_number"] == "0301", "numbers as text keep their zero"
    assert record["gp_agreements"] == int(machine[0]["gp_agreements"])
    assert record["share_without_gp"] == pytest.approx(float(machine[0]["share_without_gp"]))


def test_the_data_page_offers_excel_first_and_every_format(site_client, statistics_page, reported):
    html = site_client.get(f"{statistics_page.url}data/").content.decode()
    assert f'action="{statistics_page.url}data/excel-csv/"' in html
    for file_format in ("xlsx", "csv", "json"):
        assert f'formaction="{statistics_page.url}data/{file_format}/"' in html
