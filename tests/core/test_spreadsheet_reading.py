"""Reading an uploaded spreadsheet into rows: CSV in the delimiters and encodings that Excel
and analysts' scripts produce, XLSX, broken or hostile files refused in Norwegian, and the
limits and options each import passes."""

from __future__ import annotations

import codecs
import io
import random
import zipfile
from datetime import datetime

import pytest
from openpyxl import Workbook

from core import spreadsheet_reading
from core.spreadsheet_reading import Row, UnreadableFile, column_letter, read_table

HEADER = ["kommunenummer", "kommunenavn", "måned", "innbyggere_på_liste"]
# Names with æ, ø and å, which are the first casualties of a wrong encoding.
ROWS = [
    ["3201", "Bærum", "2025-03", "130 000"],
    ["3218", "Ås", "2025-03", "21 000"],
    ["3118", "Indre Østfold", "2025-03", "46 000"],
]


# The FLO import's limits; each test that is about a limit passes its own.
LIMITS = {"max_bytes": 10 * 1024 * 1024, "max_rows": 60_000, "max_columns": 60}


def read(content, file_name="", **options):
    return read_table(content, file_name, **{**LIMITS, **options})


def csv_text(rows, delimiter=";", newline="\n"):
    return newline.join(delimiter.join(row) for row in rows) + newline


def xlsx_content(rows):
    """A workbook with the rows on its first sheet, as Excel would save it."""
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_with_sheet_xml(sheet_data):
    """A workbook whose first sheet's <sheetData> is written by hand, to make damaged cells."""
    source = zipfile.ZipFile(io.BytesIO(xlsx_content([["kommunenummer"]])))
    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        f"{sheet_data}</sheetData></worksheet>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = sheet.encode() if info.filename == "xl/worksheets/sheet1.xml" else source.read(info.filename)
            archive.writestr(info.filename, data)
    return buffer.getvalue()


def unreadable(content, file_name="flo.csv", **options):
    """The Norwegian message the file is refused with (any other exception fails the test)."""
    with pytest.raises(UnreadableFile) as refusal:
        read(content, file_name, **options)
    return str(refusal.value)


# --- CSV: delimiters and encodings ---------------------------------------------------------------


@pytest.mark.parametrize("delimiter", [";", ",", "\t"], ids=["semicolon", "comma", "tab"])
def test_csv_is_read_with_the_delimiter_its_header_uses(delimiter):
    rows = [HEADER, *([*row[:3], row[3].replace(" ", "")] for row in ROWS)]
    table = read(csv_text(rows, delimiter).encode(), "flo.csv")

    assert table.kind == "csv"
    assert table.delimiter == delimiter
    assert table.header == tuple(HEADER)
    assert [row.cells for row in table.rows] == [tuple(row) for row in rows[1:]]


@pytest.mark.parametrize(
    "encode, encoding",
    [
        pytest.param(lambda text: text.encode("utf-8"), "utf-8", id="utf-8"),
        pytest.param(lambda text: codecs.BOM_UTF8 + text.encode("utf-8"), "utf-8", id="utf-8 with BOM"),
        pytest.param(lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"), "utf-16", id="utf-16 LE"),
        pytest.param(lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"), "utf-16", id="utf-16 BE"),
        pytest.param(lambda text: text.encode("cp1252"), "windows-1252", id="windows-1252"),
    ],
)
def test_csv_keeps_aeoeaa_in_every_encoding_excel_saves(encode, encoding):
    """Excel on Windows saves «CSV (semikolonseparert)» in Windows-1252 with CRLF line endings."""
    content = encode(csv_text([HEADER, *ROWS], newline="\r\n"))

    table = read(content, "flo.csv")

    assert table.encoding == encoding
    assert table.header == tuple(HEADER)  # no BOM left on «kommunenummer»
    assert [row.cells[1] for row in table.rows] == ["Bærum", "Ås", "Indre Østfold"]
    assert [row.number for row in table.rows] == [2, 3, 4]


def test_windows_1252_file_really_has_single_byte_letters():
    """Guards the encoding test above: å is the single byte E5, which is not valid UTF-8."""
    content = csv_text([HEADER, *ROWS]).encode("cp1252")
    assert b"\xe5" in content
    with pytest.raises(UnicodeDecodeError):
        content.decode("utf-8")
    assert read(content).rows[1].cells[1] == "Ås"


# --- CSV: blank lines and row numbers -------------------------------------------------------------


def test_blank_lines_and_rows_of_only_delimiters_are_skipped_but_still_counted():
    """Row numbers are the line numbers the editor sees: a skipped line still takes a number."""
    content = "\n".join(
        [
            ";".join(HEADER),  # 1
            ";".join(ROWS[0]),  # 2
            "",  # 3
            ";;;",  # 4
            ";".join(ROWS[1]),  # 5
            "   ",  # 6
            "; ; ;",  # 7
            ";".join(ROWS[2]),  # 8
            "",
            "",
        ]
    ).encode()

    table = read(content, "flo.csv")

    assert [row.number for row in table.rows] == [2, 5, 8]
    assert [row.cells[0] for row in table.rows] == ["3201", "3218", "3118"]


def test_blank_lines_before_the_header_count_too():
    content = ("\r\n\r\n" + csv_text([HEADER, ROWS[0]], newline="\r\n")).encode()

    table = read(content, "flo.csv")

    assert table.header == tuple(HEADER)
    assert table.rows == [Row(number=4, cells=tuple(ROWS[0]))]


def test_a_header_only_file_gives_a_table_without_rows():
    table = read(csv_text([HEADER]).encode(), "flo.csv")

    assert table.header == tuple(HEADER)
    assert table.rows == []


def test_headings_are_stripped_but_cells_are_left_for_validation():
    content = " kommunenummer ; måned \n 0301 ; 2025-03 \n".encode()

    table = read(content, "flo.csv")

    assert table.header == ("kommunenummer", "måned")
    assert table.rows[0].cells == (" 0301 ", " 2025-03 ")


# --- XLSX ----------------------------------------------------------------------------------------


def test_xlsx_keeps_numbers_as_numbers_and_the_month_as_a_date():
    content = xlsx_content(
        [
            ["kommunenummer", "kommunenavn", "måned", "fastlegeavtaler", "andel"],
            [301, "Oslo", datetime(2025, 3, 1), 1234, 0.5],
            [],
            [4601, "Bergen", datetime(2025, 3, 1), 456, 0.25],
        ]
    )

    table = read(content, "flo.xlsx")

    assert table.kind == "xlsx"
    assert table.header == ("kommunenummer", "kommunenavn", "måned", "fastlegeavtaler", "andel")
    assert table.rows == [
        Row(number=2, cells=(301, "Oslo", datetime(2025, 3, 1), 1234, 0.5)),
        Row(number=4, cells=(4601, "Bergen", datetime(2025, 3, 1), 456, 0.25)),
    ]
    assert isinstance(table.rows[0].cells[0], int)


def test_xlsx_row_numbers_are_the_sheet_rows_when_the_table_starts_lower_down():
    content = xlsx_content([[], [], ["kommunenummer", "måned"], [301, "2025-03"]])

    table = read(content, "flo.xlsx")

    assert table.header == ("kommunenummer", "måned")
    assert table.rows == [Row(number=4, cells=(301, "2025-03"))]


def test_the_content_decides_the_format_not_the_file_name():
    assert read(xlsx_content([["kommunenummer", "måned"], [301, "2025-03"]]), "flo.csv").kind == "xlsx"
    assert read(csv_text([HEADER, ROWS[0]]).encode(), "eksport.txt").kind == "csv"


def test_a_header_only_workbook_gives_a_table_without_rows():
    table = read(xlsx_content([["kommunenummer", "måned"]]), "flo.xlsx")

    assert table.header == ("kommunenummer", "måned")
    assert table.rows == []


# --- Hostile and broken files --------------------------------------------------------------------


def test_an_empty_file_is_refused():
    assert unreadable(b"") == "Filen er tom."


def test_a_binary_file_is_refused():
    rng = random.Random(2025)
    content = b"\x7fELF\x02\x01\x01\x00" + bytes(rng.randrange(256) for _ in range(4096))

    assert "ser ikke ut som en tekstfil" in unreadable(content, "flo.csv")


def test_a_file_with_only_blank_lines_is_empty():
    assert unreadable(b"\n \n\r\n") == "Filen er tom."


def test_a_first_line_without_delimiters_is_refused():
    assert "Fant ingen skilletegn i første linje" in unreadable(b"kommunenummer\n0301\n")


def test_broken_utf16_is_refused():
    assert "UTF-16" in unreadable(codecs.BOM_UTF16_LE + "kommunenummer;måned".encode("utf-16-le") + b"\x00")


def test_a_csv_field_beyond_the_csv_modules_limit_is_refused():
    """An unclosed quote swallows the rest of the file into one field; csv raises, we explain."""
    content = ('kommunenummer;måned\n0301;"' + "x" * 200_000 + "\n").encode()

    assert unreadable(content).startswith("Rad 2 kunne ikke leses som CSV")


@pytest.mark.parametrize("file_name", ["flo.xls", "flo.xlsx", "flo.csv"])
def test_an_old_excel_file_is_refused_with_advice(file_name):
    content = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + b"Workbook"

    message = unreadable(content, file_name)

    assert "gamle Excel-formatet (.xls)" in message
    assert "Lagre den som .xlsx eller .csv" in message


def test_a_file_named_xlsx_that_is_not_a_zip_is_refused():
    content = csv_text([HEADER, *ROWS]).encode()

    assert unreadable(content, "FLO mars.XLSX") == (
        "Filen heter .xlsx, men er ikke en Excel-fil. Lagre den på nytt fra Excel."
    )


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"PK\x03\x04" + bytes(random.Random(4).randrange(256) for _ in range(2000)), id="random"),
        pytest.param(xlsx_content([HEADER, *ROWS])[:1500], id="cut off"),
        pytest.param(b"PK\x03\x04", id="only the signature"),
    ],
)
def test_a_corrupt_zip_is_refused(content):
    assert unreadable(content, "flo.xlsx") == "Filen er ikke en gyldig Excel-fil (.xlsx)."


def test_a_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("les-meg.txt", "Dette er ikke et regneark.")

    assert "Excel-filen kunne ikke åpnes" in unreadable(buffer.getvalue(), "flo.xlsx")


def test_a_zip_bomb_is_refused_before_it_is_unpacked(monkeypatch):
    limit = 1024 * 1024
    monkeypatch.setattr(spreadsheet_reading, "MAX_XLSX_UNPACKED_BYTES", limit)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", bytes(4 * limit))
    bomb = buffer.getvalue()
    declared = sum(info.file_size for info in zipfile.ZipFile(io.BytesIO(bomb)).infolist())
    assert declared > limit and len(bomb) < limit // 50  # really a bomb: small file, huge contents

    assert unreadable(bomb, "flo.xlsx") == (
        "Excel-filen pakker seg ut til altfor mye data. Del den opp og importer delene hver for seg."
    )


def test_a_workbook_under_the_unpacked_limit_is_read(monkeypatch):
    """The negative control for the zip bomb: the same low limit lets an ordinary workbook through."""
    monkeypatch.setattr(spreadsheet_reading, "MAX_XLSX_UNPACKED_BYTES", 1024 * 1024)

    assert read(xlsx_content([HEADER, *ROWS]), "flo.xlsx").header == tuple(HEADER)


@pytest.mark.parametrize(
    "cell",
    [
        pytest.param('<c r="A2" t="n"><v>abc</v></c>', id="text in a number cell"),
        pytest.param('<c r="A2" t="s"><v>99</v></c>', id="missing shared string"),
        pytest.param('<c r="A2" t="d"><v>ikke en dato</v></c>', id="broken date"),
    ],
)
def test_a_workbook_with_a_damaged_cell_is_refused_as_unreadable(cell):
    content = xlsx_with_sheet_xml(
        f'<row r="1"><c r="A1" t="inlineStr"><is><t>kommunenummer</t></is></c></row><row r="2">{cell}</row>'
    )

    assert "Excel-filen" in unreadable(content, "flo.xlsx")


def test_a_hand_written_sheet_with_sound_cells_is_read():
    """The negative control for the damaged cells above: the same construction with a good cell reads."""
    content = xlsx_with_sheet_xml(
        '<row r="1"><c r="A1" t="inlineStr"><is><t>kommunenummer</t></is></c></row>'
        '<row r="2"><c r="A2" t="n"><v>301</v></c></row>'
    )

    assert read(content, "flo.xlsx").rows == [Row(number=2, cells=(301,))]


# --- Limits --------------------------------------------------------------------------------------


def test_more_rows_than_the_limit_are_refused():
    rows = [HEADER, *([ROWS[0]] * 6)]

    assert unreadable(csv_text(rows).encode(), max_rows=5) == (
        "Filen har mer enn 5 rader. Del den opp og importer delene hver for seg."
    )
    assert "mer enn 5 rader" in unreadable(xlsx_content(rows), "flo.xlsx", max_rows=5)


def test_exactly_the_row_limit_is_read():
    rows = [HEADER, *([ROWS[0]] * 5)]

    assert len(read(csv_text(rows).encode(), max_rows=5).rows) == 5
    assert len(read(xlsx_content(rows), "flo.xlsx", max_rows=5).rows) == 5


def test_a_file_over_the_size_limit_is_refused():
    content = csv_text([HEADER, *ROWS]).encode()

    assert unreadable(content, max_bytes=len(content) - 1).startswith("Filen er for stor")


def test_a_file_at_the_size_limit_is_read():
    content = csv_text([HEADER, *ROWS]).encode()

    assert len(read(content, max_bytes=len(content)).rows) == 3


def test_the_size_in_the_too_large_message_has_a_norwegian_decimal_comma():
    content = csv_text([HEADER]).encode() + b"x" * (10 * 1024 * 1024 + 512 * 1024)

    assert unreadable(content, max_bytes=10 * 1024 * 1024) == "Filen er for stor (10,5 MB). Grensen er 10 MB."


def test_a_csv_with_too_many_columns_is_refused():
    header = [f"kolonne{index}" for index in range(31)]

    assert unreadable(csv_text([header]).encode(), max_columns=30) == "Rad 1 har 31 kolonner. Grensen er 30."


def test_a_workbook_with_too_many_columns_is_refused():
    header = [f"kolonne{index}" for index in range(31)]

    assert (
        unreadable(xlsx_content([header, [1] * len(header)]), "flo.xlsx", max_columns=30)
        == "Rad 1 har mer enn 30 kolonner."
    )


def test_the_column_limit_itself_is_allowed():
    header = [f"kolonne{index}" for index in range(30)]

    assert len(read(csv_text([header]).encode(), max_columns=30).header) == 30
    assert len(read(xlsx_content([header]), "flo.xlsx", max_columns=30).header) == 30


def test_empty_cells_that_excel_pads_a_row_with_do_not_count_against_the_column_limit():
    assert read(b"kommunenummer;m\xc3\xa5ned;;;;\n0301;2025-03;;;;\n", max_columns=2).rows[0].cells == (
        "0301",
        "2025-03",
    )


# --- What the callers choose ---------------------------------------------------------------------


def test_one_column_reads_a_file_without_delimiters():
    """A list of addresses has no delimiter at all; an import that allows one column reads it."""
    table = read(b"email\nkari@example.no\nola@example.no\n", one_column=True)

    assert table.header == ("email",)
    assert [row.cells for row in table.rows] == [("kari@example.no",), ("ola@example.no",)]


def test_strict_quotes_refuse_a_stray_quote_that_lenient_reading_keeps_as_text():
    content = b'kommunenummer;kommunenavn\n0301;"Oslo" kommune\n'

    assert read(content).rows[0].cells == ("0301", "Oslo kommune")
    assert unreadable(content, strict_quotes=True).startswith("Rad 2 kunne ikke leses som CSV")


def test_a_row_is_numbered_by_the_line_it_starts_on():
    """A quoted cell may span lines; the editor finds the row where it begins."""
    content = b'kommunenummer;merknad\n0301;"to\nlinjer"\n4601;en\n'

    assert [row.number for row in read(content).rows] == [2, 4]


# --- Column letters ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "index, letter",
    [(0, "A"), (1, "B"), (25, "Z"), (26, "AA"), (27, "AB"), (51, "AZ"), (52, "BA"), (701, "ZZ"), (702, "AAA")],
)
def test_column_letter_is_excels_name_for_the_column(index, letter):
    assert column_letter(index) == letter
