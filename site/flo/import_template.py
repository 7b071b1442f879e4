"""The file editors download, fill in and upload: every municipality of a month, with
its number and name, the month, and empty columns for the counts.

Numbers are stored as text in the XLSX, so Excel keeps Oslo's leading zero.
"""

from __future__ import annotations

import csv
import io
from datetime import date

from core.municipality_register import get_municipality_register

from .indicators import COUNTS
from .months import month_param
from .validation import HEADINGS, MONTH_COLUMN, NAME_COLUMN, NUMBER_COLUMN


def template_header() -> list[str]:
    return [HEADINGS[NUMBER_COLUMN], HEADINGS[NAME_COLUMN], HEADINGS[MONTH_COLUMN], *(HEADINGS[i.key] for i in COUNTS)]


def template_rows(month: date) -> list[list[str]]:
    return [
        [municipality.number, municipality.name, month_param(month), *([""] * len(COUNTS))]
        for municipality in get_municipality_register().municipalities_on(month)
    ]


def template_csv(month: date) -> bytes:
    """Semicolons and a byte-order mark, so Excel in Norway opens it with æøå and columns intact."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(template_header())
    writer.writerows(template_rows(month))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def template_xlsx(month: date) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "FLO"
    sheet.append(template_header())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in template_rows(month):
        sheet.append(row)
    for cells in sheet.iter_rows(min_row=2, max_col=3):
        for cell in cells:
            cell.number_format = "@"  # text: keeps 0301 and 2026-10 as typed
    sheet.freeze_panes = "D2"
    for letter, width in zip("ABC", (16, 24, 10), strict=True):
        sheet.column_dimensions[letter].width = width

    guide = workbook.create_sheet("Kolonner")
    guide.append(["Kolonne", "Forklaring"])
    guide.append([HEADINGS[NUMBER_COLUMN], "Fire sifre, slik kommunen het denne måneden (for eksempel 0301)."])
    guide.append([HEADINGS[NAME_COLUMN], "Bare til hjelp; blir ikke lest."])
    guide.append([HEADINGS[MONTH_COLUMN], "ÅÅÅÅ-MM, for eksempel 2026-03."])
    for indicator in COUNTS:
        guide.append([HEADINGS[indicator.key], str(indicator.description)])
    for cells in guide.iter_rows():
        for cell in cells:
            cell.data_type = "s"
    guide.column_dimensions["A"].width = 30
    guide.column_dimensions["B"].width = 90
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
