"""Reading an uploaded spreadsheet into rows of cells, whatever Excel or an analyst's
script made of it: CSV with `;`, `,` or tabs, in UTF-8, UTF-16 or Windows-1252, or XLSX.

Every import that takes a file from an editor (FLO figures, newsletter subscribers) reads
it here, each with its own limits; spreadsheets.py writes the exports. Nothing here knows
what the columns mean. Problems that stop the whole file (not a spreadsheet, too big,
unreadable) raise UnreadableFile with a message in Norwegian.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime

# An XLSX is a zip: refuse one that would unpack to far more than a real export (a zip bomb).
MAX_XLSX_UNPACKED_BYTES = 200 * 1024 * 1024
XLSX_SIGNATURE = b"PK\x03\x04"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0"  # the old binary Excel format (.xls)
DELIMITERS = (";", "\t", ",")

Cell = str | int | float | date | datetime | None


class UnreadableFile(Exception):
    """The file as a whole cannot be read; the message says why, for the editor."""


@dataclass(frozen=True)
class Row:
    number: int  # the row number the editor sees in Excel or a text editor (the header is row 1)
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: list[Row]
    kind: str  # "csv" or "xlsx"
    delimiter: str = ""
    encoding: str = ""
    header_row: int = 1  # where the column names are: blank lines may come first


@dataclass(frozen=True)
class _Limits:
    max_rows: int
    max_columns: int


def read_table(
    content: bytes,
    file_name: str = "",
    *,
    max_bytes: int,
    max_rows: int,
    max_columns: int,
    one_column: bool = False,
    strict_quotes: bool = False,
) -> Table:
    """Read CSV or XLSX content, deciding by the content itself rather than the name.

    `max_rows` counts the rows below the header. With `one_column` a CSV whose first line has
    no delimiter is read as a single column (a list of addresses); without it such a file is
    refused. With `strict_quotes` a stray quote in a CSV refuses the file instead of being
    read as text.
    """
    if not content.strip():
        raise UnreadableFile("Filen er tom.")
    if len(content) > max_bytes:
        size = f"{len(content) / 1024 / 1024:.1f}".replace(".", ",")
        raise UnreadableFile(f"Filen er for stor ({size} MB). Grensen er {max_bytes / 1024 / 1024:.0f} MB.")
    limits = _Limits(max_rows=max_rows, max_columns=max_columns)
    name = file_name.lower()
    if content.startswith(XLSX_SIGNATURE):
        return _read_xlsx(content, limits)
    if content.startswith(OLE_SIGNATURE) or name.endswith(".xls"):
        raise UnreadableFile(
            "Filen er i det gamle Excel-formatet (.xls). Lagre den som .xlsx eller .csv og prøv igjen."
        )
    if name.endswith((".xlsx", ".xlsm")):
        raise UnreadableFile("Filen heter .xlsx, men er ikke en Excel-fil. Lagre den på nytt fra Excel.")
    return _read_csv(content, limits, one_column=one_column, strict_quotes=strict_quotes)


def _too_many_rows(limits: _Limits) -> UnreadableFile:
    return UnreadableFile(f"Filen har mer enn {limits.max_rows} rader. Del den opp og importer delene hver for seg.")


# --- CSV ----------------------------------------------------------------------------------------


def decode(content: bytes) -> tuple[str, str]:
    """Text and the encoding it was in: UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1252.

    Excel on Windows saves «CSV (semikolonseparert)» in Windows-1252, so æ, ø and å
    arrive as single bytes that are not valid UTF-8.
    """
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return content.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as error:
            raise UnreadableFile("Filen kunne ikke leses som UTF-16-tekst.") from error
    if b"\x00" in content:
        raise UnreadableFile("Filen ser ikke ut som en tekstfil (CSV) eller en Excel-fil (.xlsx).")
    try:
        return content.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace"), "windows-1252"


def sniff_delimiter(header_line: str, *, one_column: bool = False) -> str:
    """The delimiter the header uses most: `;` (Norwegian Excel), `,` or a tab."""
    counts = {delimiter: header_line.count(delimiter) for delimiter in DELIMITERS}
    delimiter, count = max(counts.items(), key=lambda item: item[1])
    if count == 0:
        if one_column:
            return ";"  # any delimiter reads a single column
        raise UnreadableFile(
            "Fant ingen skilletegn i første linje. Første linje skal være kolonnenavnene, skilt med semikolon eller komma."
        )
    return delimiter


def _read_csv(content: bytes, limits: _Limits, *, one_column: bool, strict_quotes: bool) -> Table:
    text, encoding = decode(content)
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = sniff_delimiter(first, one_column=one_column)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=strict_quotes)
    header: tuple[str, ...] | None = None
    header_row = 1
    rows: list[Row] = []
    try:
        while True:
            # A quoted cell may span lines: the editor knows a row by the line it starts on.
            number = reader.line_num + 1
            record = next(reader, None)
            if record is None:
                break
            if not any(cell.strip() for cell in record):
                continue
            while record and not record[-1].strip():
                record.pop()  # Excel pads rows with empty cells up to the widest row
            if len(record) > limits.max_columns:
                raise UnreadableFile(f"Rad {number} har {len(record)} kolonner. Grensen er {limits.max_columns}.")
            if header is None:
                header, header_row = tuple(cell.strip() for cell in record), number
                continue
            rows.append(Row(number=number, cells=tuple(record)))
            if len(rows) > limits.max_rows:
                raise _too_many_rows(limits)
    except csv.Error as error:
        raise UnreadableFile(f"Rad {reader.line_num} kunne ikke leses som CSV: {error}.") from error
    if header is None:
        raise UnreadableFile("Filen har ingen kolonnenavn.")
    return Table(header=header, rows=rows, kind="csv", delimiter=delimiter, encoding=encoding, header_row=header_row)


# --- XLSX ----------------------------------------------------------------------------------------


def _read_xlsx(content: bytes, limits: _Limits) -> Table:
    """The first worksheet, as values (a formula gives the value Excel last calculated)."""
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as error:
        raise UnreadableFile("Filen er ikke en gyldig Excel-fil (.xlsx).") from error
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        raise UnreadableFile(
            "Excel-filen pakker seg ut til altfor mye data. Del den opp og importer delene hver for seg."
        )
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise UnreadableFile("Excel-filen kunne ikke åpnes. Er den skadet eller passordbeskyttet?") from error
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise UnreadableFile("Excel-filen har ingen regneark.")
        header, header_row, rows = _sheet_rows(sheet, limits)
    except UnreadableFile:
        raise
    except Exception as error:  # read-only openpyxl parses each cell only as it is read
        raise UnreadableFile(
            "Excel-filen har celler som ikke kan leses. Er den skadet? Lagre den på nytt fra Excel."
        ) from error
    finally:
        workbook.close()
    return Table(header=header, rows=rows, kind="xlsx", header_row=header_row)


def _sheet_rows(sheet, limits: _Limits) -> tuple[tuple[str, ...], int, list[Row]]:
    """The header, the row it is on, and the rows below it with their Excel row numbers."""
    header: tuple[str, ...] | None = None
    header_row = 1
    rows: list[Row] = []
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        values = tuple(values[: limits.max_columns + 1])
        if not any(value not in (None, "") and str(value).strip() for value in values):
            continue
        if len(values) > limits.max_columns and values[limits.max_columns] not in (None, ""):
            raise UnreadableFile(f"Rad {number} har mer enn {limits.max_columns} kolonner.")
        if header is None:
            header, header_row = tuple("" if value is None else str(value).strip() for value in values), number
            continue
        rows.append(Row(number=number, cells=values))
        if len(rows) > limits.max_rows:
            raise _too_many_rows(limits)
    if header is None:
        raise UnreadableFile("Regnearket er tomt.")
    return header, header_row, rows


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: how Excel names the column."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters
