"""Spreadsheet exports that open cleanly in Norwegian Excel and never run a formula.

Anything an outsider can type (a subscriber's name, a conference attendee's
workplace) ends up in these files, and a cell such as `=HYPERLINK("http://evil")`
would otherwise become a live formula on an editor's machine.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from django.utils import timezone

# The OWASP list: Excel and LibreOffice treat a cell starting with any of these as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


def _local(value: datetime) -> datetime:
    """Local wall-clock time without a zone: what a reader in Norway expects, and all Excel can hold."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(tzinfo=None)


def cell_text(value: object) -> str:
    """The text a value is written as in a CSV cell, before neutralising."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nei"
    if isinstance(value, datetime):
        return _local(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple | set):
        return ", ".join(cell_text(item) for item in value)
    return str(value)


def neutralise(value: object, *, decimal_comma: bool = False) -> str:
    """CSV cell text that a spreadsheet shows as text: a leading apostrophe before a formula trigger.

    Numbers are left alone (a real -1 is a number, not an attack); only text is prefixed,
    so `+47 22 33 44 55` stays readable as `'+47 22 33 44 55`.
    """
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value).replace(".", ",") if decimal_comma else str(value)
    text = cell_text(value)
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def write_csv(rows: Iterable[Sequence[object]], headers: Sequence[str], *, decimal_comma: bool = False) -> bytes:
    """CSV as Norwegian Excel opens it by double-click: UTF-8 with BOM, `;` between cells.

    With decimal_comma, numbers are written 12,5 as Norwegian Excel reads them.
    """
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([neutralise(heading) for heading in headers])
    for row in rows:
        writer.writerow([neutralise(value, decimal_comma=decimal_comma) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _xlsx_cell(sheet, value: object):
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if value is None:
        return WriteOnlyCell(sheet, value=None)
    if isinstance(value, bool):
        return WriteOnlyCell(sheet, value=value)
    if isinstance(value, datetime):
        cell = WriteOnlyCell(sheet, value=_local(value))
        cell.number_format = "dd.mm.yyyy hh:mm"
        return cell
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "dd.mm.yyyy"
        return cell
    if isinstance(value, int | float):
        return WriteOnlyCell(sheet, value=value)
    # Text: assigned after creation and typed "s" explicitly, because openpyxl turns any
    # string starting with "=" into a formula. Control characters are not allowed in the
    # XML at all, so they are dropped.
    text = ILLEGAL_CHARACTERS_RE.sub("", cell_text(value))
    cell = WriteOnlyCell(sheet)
    cell._value = text
    cell.data_type = "s"
    if text.startswith(FORMULA_TRIGGERS):
        # Excel's own "this is text" flag: it keeps the cell text even after the editor edits it.
        cell.quotePrefix = True
    return cell


def write_xlsx(rows: Iterable[Sequence[object]], headers: Sequence[str], *, title: str = "Eksport") -> bytes:
    """An XLSX workbook with one sheet: every text cell a string, dates as dates."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    header_cells = []
    for heading in headers:
        cell = _xlsx_cell(sheet, heading)
        cell.font = Font(bold=True)
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
