"""Validating a FLO file: every problem names its row and column in Norwegian, a file
with any problem imports nothing, and the formats analysts really use are accepted."""

from __future__ import annotations

import io
import unicodedata
from datetime import date, datetime

import pytest
from openpyxl import Workbook

from core.spreadsheet_reading import Row, Table
from flo.factories import counts, csv_content, file_rows
from flo.imports import ImportRefused, check_file, import_file
from flo.indicators import COUNT_FIELDS
from flo.models import ImportBatch, MonthlyFigures
from flo.validation import MAX_ERRORS, RELATIONS, REQUIRED, Problem, validate_table

from .conftest import BEFORE_REFORM, MONTH

pytestmark = pytest.mark.django_db

# Where each column is in the file csv_content writes: its heading and its letter in Excel.
COLUMNS = {
    "kommunenummer": ("kommunenummer", "A"),
    "kommunenavn": ("kommunenavn", "B"),
    "maned": ("måned", "C"),
    "gp_agreements": ("fastlegeavtaler", "D"),
    "lists_without_gp": ("lister_uten_fast_lege", "E"),
    "residents_on_lists": ("innbyggere_på_liste", "F"),
    "residents_without_gp": ("innbyggere_uten_fast_lege", "G"),
    "list_ceiling_sum": ("sum_listetak", "H"),
    "available_places": ("ledige_plasser", "I"),
    "open_lists": ("åpne_lister", "J"),
    "female_gps": ("kvinnelige_fastleger", "K"),
}
HEADER = tuple(heading for heading, _ in COLUMNS.values())


def row_for(municipality, month=MONTH, **cells):
    """A row of an import file: the municipality's consistent counts for a month (a date or the
    text in the cell), with some cells changed."""
    month = f"{month:%Y-%m}" if isinstance(month, date) else month
    return {"number": municipality.number, "name": municipality.name, "month": month, **counts(), **cells}


def at(row, key, message):
    """The problem we expect on a row, in the column of `key`."""
    heading, letter = COLUMNS[key]
    return Problem(message, row=row, column=heading, letter=letter)


def refused(content, file_name="flo.csv", **options):
    """Import the file the way the admin does; check that nothing was written; return the problems."""
    with pytest.raises(ImportRefused) as refusal:
        import_file(content, file_name, **options)
    assert MonthlyFigures.objects.count() == 0
    assert ImportBatch.objects.count() == 0
    return refusal.value.problems


def accepted(content, file_name="flo.csv", **options):
    validation = check_file(content, file_name, **options)
    assert validation.is_valid, [str(problem) for problem in validation.problems]
    return validation


def edit_columns(content, edit):
    """The CSV with each line's cells changed by edit(line_index, cells)."""
    lines = [line.split(";") for line in content.decode().splitlines()]
    return "".join(";".join(edit(index, cells)) + "\n" for index, cells in enumerate(lines)).encode()


def without_column(content, heading):
    position = content.decode().splitlines()[0].split(";").index(heading)
    return edit_columns(content, lambda index, cells: cells[:position] + cells[position + 1 :])


def with_column(content, heading, value):
    return edit_columns(content, lambda index, cells: [*cells, heading if index == 0 else value])


def by_value(*cases):
    """(value, message) cases for parametrize, with the value alone as the test id."""
    return [pytest.param(value, message, id=repr(value)) for value, message in cases]


def table(*rows, header=HEADER):
    """A table as read from an XLSX file: rows of cells from row 2."""
    return Table(header=header, rows=[Row(number, cells) for number, cells in enumerate(rows, start=2)], kind="xlsx")


def xlsx_cells(number, month, **values):
    return (number, "Oslo", month, *(counts(**values)[name] for name in COUNT_FIELDS))


# --- A valid file --------------------------------------------------------------------------------


def test_a_file_for_every_municipality_is_valid(valid_file, register):
    validation = accepted(valid_file)

    assert len(validation.rows) == len(register.municipalities_on(MONTH))
    assert validation.months == [MONTH]
    assert validation.warnings == []
    assert validation.truncated == 0


def test_valid_rows_carry_the_municipality_the_month_and_the_counts(oslo):
    validation = accepted(csv_content([row_for(oslo)]))

    [row] = validation.rows
    assert (row.row, row.municipality_id, row.month, row.counts) == (2, oslo.pk, MONTH, counts())


# --- Municipality numbers ------------------------------------------------------------------------


def test_an_unknown_municipality_number_is_reported_on_its_row(oslo):
    problems = refused(csv_content([row_for(oslo), row_for(oslo, number="9999", name="Atlantis")]))

    assert problems == [at(3, "kommunenummer", "Ukjent kommunenummer 9999.")]
    assert str(problems[0]) == "Rad 3, kolonne «kommunenummer» (A): Ukjent kommunenummer 9999."


def test_a_number_that_ended_with_the_reform_points_to_its_successor(halden_before_reform):
    problems = refused(csv_content([row_for(halden_before_reform, MONTH)]))

    assert problems == [
        at(
            2,
            "kommunenummer",
            "Kommunenummer 3001 (Halden) gjaldt ikke i mars 2025, bare 2020–2023. Bruk 3101 Halden.",
        )
    ]


def test_a_number_used_before_it_existed_says_when_it_began(halden):
    problems = refused(csv_content([row_for(halden, BEFORE_REFORM)]))

    assert problems == [
        at(2, "kommunenummer", "Kommunenummer 3101 (Halden) gjaldt ikke i juni 2023, bare fra 01.01.2024.")
    ]


def test_each_number_is_read_as_the_municipality_of_its_month(halden, halden_before_reform):
    validation = accepted(csv_content([row_for(halden_before_reform, BEFORE_REFORM), row_for(halden, MONTH)]))

    assert [row.municipality_id for row in validation.rows] == [halden_before_reform.pk, halden.pk]


@pytest.mark.parametrize(
    "number, message",
    by_value(
        ("03O1", "«03O1» er ikke et kommunenummer (fire sifre)."),
        ("0301a", "«0301a» er ikke et kommunenummer (fire sifre)."),
        ("K-0301", "«K-0301» er ikke et kommunenummer (fire sifre)."),
        ("12345", "«12345» er ikke et kommunenummer (fire sifre)."),
        ("30", "«30» er ikke et kommunenummer (fire sifre)."),
        ("", "Kommunenummeret mangler."),
    ),
)
def test_a_number_that_is_not_four_digits_is_reported(oslo, number, message):
    problems = refused(csv_content([row_for(oslo, number=number)]))

    assert problems == [at(2, "kommunenummer", message)]


# --- Duplicates ----------------------------------------------------------------------------------


def test_a_municipality_twice_in_a_month_is_reported_on_the_second_row(oslo, bergen):
    problems = refused(csv_content([row_for(oslo), row_for(bergen), row_for(oslo, gp_agreements=12)]))

    assert problems == [at(4, "kommunenummer", "Kommunen har allerede tall for mars 2025 på rad 2.")]
    assert str(problems[0]) == (
        "Rad 4, kolonne «kommunenummer» (A): Kommunen har allerede tall for mars 2025 på rad 2."
    )


def test_oslo_with_and_without_its_leading_zero_is_a_duplicate(oslo):
    problems = refused(csv_content([row_for(oslo), row_for(oslo, number="301")]))

    assert problems == [at(3, "kommunenummer", "Kommunen har allerede tall for mars 2025 på rad 2.")]


def test_a_municipality_in_two_months_is_not_a_duplicate(oslo):
    validation = accepted(csv_content([row_for(oslo, date(2025, 2, 1)), row_for(oslo, MONTH)]))

    assert validation.months == [date(2025, 2, 1), MONTH]


# --- Columns -------------------------------------------------------------------------------------


def test_every_required_column_is_covered_below():
    assert set(REQUIRED) <= set(COLUMNS)


@pytest.mark.parametrize("key", REQUIRED)
def test_a_missing_required_column_is_reported_on_the_header_row(valid_file, key):
    heading, _ = COLUMNS[key]

    problems = refused(without_column(valid_file, heading))

    assert problems == [Problem("Kolonnen mangler.", row=1, column=heading)]
    assert str(problems[0]) == f"Rad 1, kolonne «{heading}»: Kolonnen mangler."


def test_the_name_column_is_optional(valid_file):
    assert accepted(without_column(valid_file, "kommunenavn")).warnings == []


def test_a_file_of_unknown_columns_misses_every_required_one():
    validation = check_file(b"a;b\n1;2\n", "flo.csv")

    assert [problem.column for problem in validation.problems] == [COLUMNS[key][0] for key in REQUIRED]
    assert validation.warnings == [
        "Kolonnen «a» (A) er ukjent og ble ikke lest.",
        "Kolonnen «b» (B) er ukjent og ble ikke lest.",
    ]


def test_a_missing_column_is_reported_on_the_line_the_header_is_on(valid_file):
    problems = refused(b"\n" + without_column(valid_file, "måned"))

    assert problems == [Problem("Kolonnen mangler.", row=2, column="måned")]


@pytest.mark.parametrize("heading", ["fastlegeavtaler", "Avtaler"])
def test_a_repeated_column_is_reported_with_both_letters(valid_file, heading):
    problems = refused(with_column(valid_file, heading, "10"))

    assert problems == [Problem("Kolonnen står to ganger (også i D).", row=1, column=heading, letter="L")]
    assert str(problems[0]) == f"Rad 1, kolonne «{heading}» (L): Kolonnen står to ganger (også i D)."


def test_an_unknown_extra_column_gives_a_warning_not_an_error(valid_file):
    validation = accepted(with_column(valid_file, "merknad", "foreløpige tall"))

    assert validation.warnings == ["Kolonnen «merknad» (L) er ukjent og ble ikke lest."]


HEADER_VARIANTS = [
    "Kommunenr",
    "Kommune",
    "MÅNED",
    "Antall fastlegeavtaler",
    "Lister uten fast lege",
    "Innbyggere på liste",
    "Innbyggere på liste uten fast lege",
    "Sum listetak",
    "Ledige plasser",
    "Åpne lister",
    "Kvinnelige fastleger",
]


def test_headings_are_matched_whatever_their_case_spaces_and_aeoeaa(oslo):
    validation = accepted(csv_content([row_for(oslo)], header=HEADER_VARIANTS))

    assert validation.rows[0].counts == counts()
    assert validation.warnings == []


@pytest.mark.parametrize(
    "heading",
    ["måned", "Måned", "MÅNED", unicodedata.normalize("NFD", "Måned"), " Måned ", "Mnd", "Periode", "Month"],
)
def test_the_month_column_has_the_names_analysts_use(oslo, heading):
    header = [heading if name == "måned" else name for name in HEADER]

    assert accepted(csv_content([row_for(oslo)], header=header)).rows[0].month == MONTH


# --- Counts --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, message",
    by_value(
        ("abc", "«abc» er ikke et tall."),
        ("#REF!", "«#REF!» er ikke et tall."),
        ("12 kr", "«12 kr» er ikke et tall."),
        ("NaN", "«NaN» er ikke et tall."),
        ("Infinity", "«Infinity» er ikke et tall."),
        ("12,5", "Skal være et helt tall, ikke 12,5."),
        ("12.5", "Skal være et helt tall, ikke 12,5."),
        ("1,234", "Skal være et helt tall, ikke 1,234."),
        ("", "Verdien mangler."),
        ("3 000 000 000", "Tallet 3000000000 er urimelig stort."),
    ),
)
def test_a_count_that_is_not_a_whole_number_is_reported(oslo, value, message):
    problems = refused(csv_content([row_for(oslo, list_ceiling_sum=value)]))

    assert problems == [at(2, "list_ceiling_sum", message)]
    assert str(problems[0]) == f"Rad 2, kolonne «sum_listetak» (H): {message}"


@pytest.mark.parametrize("value", ["-5", "\u22125", "- 5"], ids=["hyphen", "unicode minus", "spaced"])
def test_a_negative_count_is_reported(oslo, value):
    problems = refused(csv_content([row_for(oslo, available_places=value)]))

    assert problems == [at(2, "available_places", "Tallet kan ikke være negativt (-5).")]


@pytest.mark.parametrize("value", ["1,23E+06", "1e3"])
def test_a_count_in_scientific_notation_is_reported(oslo, value):
    validation = check_file(csv_content([row_for(oslo, list_ceiling_sum=value)]), "flo.csv")

    assert [(problem.row, problem.column) for problem in validation.problems] == [(2, "sum_listetak")]


@pytest.mark.parametrize(("smaller", "larger", "message"), RELATIONS, ids=[relation[0] for relation in RELATIONS])
def test_an_impossible_relation_is_reported_on_the_smaller_count(oslo, smaller, larger, message):
    values = counts()
    values[smaller] = values[larger] + 1

    problems = refused(csv_content([row_for(oslo, **values)]))

    assert problems == [at(2, smaller, message.format(a=values[smaller], b=values[larger]))]
    assert problems[0].message.startswith("Flere ")


@pytest.mark.parametrize(("smaller", "larger", "message"), RELATIONS, ids=[relation[0] for relation in RELATIONS])
def test_equal_counts_are_a_possible_relation(oslo, smaller, larger, message):
    values = counts()
    values[smaller] = values[larger]

    assert accepted(csv_content([row_for(oslo, **values)])).rows[0].counts[smaller] == values[larger]


def test_the_relation_message_reads_naturally(oslo):
    problems = refused(csv_content([row_for(oslo, gp_agreements=10, lists_without_gp=11)]))

    assert str(problems[0]) == (
        "Rad 2, kolonne «lister_uten_fast_lege» (E): Flere lister uten fast lege (11) enn fastlegeavtaler (10)."
    )


def test_a_short_row_reports_each_missing_value(oslo):
    content = (";".join(HEADER) + "\n0301;Oslo;2025-03;10;1\n").encode()

    problems = refused(content)

    assert problems == [at(2, key, "Verdien mangler.") for key in COUNT_FIELDS[2:]]


def test_every_problem_in_a_row_is_reported(oslo):
    problems = refused(csv_content([row_for(oslo, number="Oslo", month="", gp_agreements="ti")]))

    assert problems == [
        at(2, "maned", "Måneden mangler."),
        at(2, "kommunenummer", "«Oslo» er ikke et kommunenummer (fire sifre)."),
        at(2, "gp_agreements", "«ti» er ikke et tall."),
    ]


@pytest.mark.parametrize(
    "value",
    ["1234", "1 234", "1\u00a0234", "1\u202f234", "1.234", "1234,0", "1 234,0", " 1234 ", "1234.0"],
    ids=[
        "plain",
        "space",
        "no-break space",
        "narrow no-break space",
        "dot",
        "comma",
        "space and comma",
        "padded",
        "point",
    ],
)
def test_norwegian_number_formats_are_accepted(oslo, value):
    validation = accepted(csv_content([row_for(oslo, gp_agreements=value)]))

    assert validation.rows[0].counts["gp_agreements"] == 1234


def test_a_count_of_millions_with_dots_for_thousands_is_accepted(oslo):
    validation = accepted(csv_content([row_for(oslo, residents_on_lists="1.234.567")]))

    assert validation.rows[0].counts["residents_on_lists"] == 1_234_567


def test_xlsx_numbers_as_floats_are_accepted(register, oslo):
    cells = (301.0, "Oslo", datetime(2025, 3, 1), *(float(counts()[name]) for name in COUNT_FIELDS))

    validation = validate_table(table(cells), register)

    assert validation.is_valid, validation.problems
    assert validation.rows[0].municipality_id == oslo.pk
    assert validation.rows[0].counts == counts()
    assert all(type(value) is int for value in validation.rows[0].counts.values())


def test_an_xlsx_float_with_a_fraction_is_reported(register):
    cells = list(xlsx_cells(301, datetime(2025, 3, 1)))
    cells[7] = 12.5  # sum_listetak

    validation = validate_table(table(tuple(cells)), register)

    assert validation.problems == [at(2, "list_ceiling_sum", "Skal være et helt tall, ikke 12,5.")]


@pytest.mark.parametrize("value", [True, datetime(2025, 3, 1)], ids=["boolean", "date"])
def test_an_xlsx_cell_that_is_not_a_number_is_reported(register, value):
    cells = list(xlsx_cells(301, datetime(2025, 3, 1)))
    cells[3] = value  # fastlegeavtaler

    validation = validate_table(table(tuple(cells)), register)

    assert [(problem.row, problem.column) for problem in validation.problems] == [(2, "fastlegeavtaler")]
    assert validation.problems[0].message.endswith("er ikke et tall.")


def test_an_infinite_xlsx_number_is_reported(register):
    cells = list(xlsx_cells(301, datetime(2025, 3, 1)))
    cells[7] = float("inf")

    validation = validate_table(table(tuple(cells)), register)

    assert [(problem.row, problem.column) for problem in validation.problems] == [(2, "sum_listetak")]


# --- Months --------------------------------------------------------------------------------------


def test_a_month_in_the_future_is_reported(oslo):
    problems = refused(csv_content([row_for(oslo, date(2025, 4, 1))]), today_month=MONTH)

    assert problems == [at(2, "maned", "April 2025 er fram i tid.")]
    assert str(problems[0]) == "Rad 2, kolonne «måned» (C): April 2025 er fram i tid."


def test_the_current_month_is_not_in_the_future(oslo):
    assert accepted(csv_content([row_for(oslo, MONTH)]), today_month=MONTH).months == [MONTH]


def test_without_a_pinned_month_the_clock_decides_what_is_future(oslo):
    problems = refused(csv_content([row_for(oslo, date(2999, 1, 1))]))

    assert problems == [at(2, "maned", "Januar 2999 er fram i tid.")]


NOT_A_MONTH = "er ikke en måned. Skriv måneden som ÅÅÅÅ-MM, for eksempel 2026-03."


@pytest.mark.parametrize(
    "value, message",
    by_value(
        ("2025-13", f"«2025-13» {NOT_A_MONTH}"),
        ("2025-00", f"«2025-00» {NOT_A_MONTH}"),
        ("13.2025", f"«13.2025» {NOT_A_MONTH}"),
        ("mars", f"«mars» {NOT_A_MONTH}"),
        ("march 2025", f"«march 2025» {NOT_A_MONTH}"),
        ("2025/03", f"«2025/03» {NOT_A_MONTH}"),
        ("15.03.2025", "«15.03.2025» er ikke den første i måneden. Skriv måneden som ÅÅÅÅ-MM."),
        ("2025-03-15", "«2025-03-15» er ikke den første i måneden. Skriv måneden som ÅÅÅÅ-MM."),
        ("", "Måneden mangler."),
    ),
)
def test_a_malformed_month_is_reported(oslo, value, message):
    problems = refused(csv_content([row_for(oslo, month=value)]))

    assert problems == [at(2, "maned", message)]


def test_year_zero_is_reported_in_norwegian(oslo):
    problems = refused(csv_content([row_for(oslo, month="0000-03")]))

    assert problems == [at(2, "maned", f"«0000-03» {NOT_A_MONTH}")]


def test_a_date_cell_that_is_not_the_first_of_the_month_is_reported(register):
    validation = validate_table(table(xlsx_cells(301, datetime(2025, 3, 15))), register)

    assert validation.problems == [
        at(2, "maned", "Datoen 15.03.2025 er ikke den første i måneden. Skriv måneden som ÅÅÅÅ-MM.")
    ]


@pytest.mark.parametrize(
    "value",
    [
        "2025-03",
        "2025-3",
        "2025-03-01",
        "01.03.2025",
        "1.3.2025",
        "03.2025",
        "3/2025",
        "03/2025",
        "mars 2025",
        "Mars 2025",
        "MARS 2025",
        "mar. 2025",
        " 2025-03 ",
    ],
)
def test_the_month_formats_analysts_use_are_accepted(oslo, value):
    assert accepted(csv_content([row_for(oslo, month=value)])).rows[0].month == MONTH


@pytest.mark.parametrize("value", [datetime(2025, 3, 1), date(2025, 3, 1)], ids=["datetime", "date"])
def test_a_date_cell_is_accepted_as_the_month(register, value):
    validation = validate_table(table(xlsx_cells(301, value)), register)

    assert validation.is_valid, validation.problems
    assert validation.rows[0].month == MONTH


@pytest.mark.parametrize("number", ["301", " 0301 ", 301, 301.0], ids=["text", "padded", "int", "float"])
def test_oslo_without_its_leading_zero_is_oslo(register, oslo, number):
    validation = validate_table(table(xlsx_cells(number, "2025-03")), register)

    assert validation.is_valid, validation.problems
    assert validation.rows[0].municipality_id == oslo.pk


def test_a_real_xlsx_file_is_checked_like_a_csv(oslo, bergen):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(HEADER))
    sheet.append(list(xlsx_cells(301, datetime(2025, 3, 1))))
    sheet.append(list(xlsx_cells(4601, datetime(2025, 3, 1), gp_agreements=10, lists_without_gp=11)))
    buffer = io.BytesIO()
    workbook.save(buffer)

    validation = check_file(buffer.getvalue(), "flo.xlsx")

    assert validation.problems == [
        at(3, "lists_without_gp", "Flere lister uten fast lege (11) enn fastlegeavtaler (10).")
    ]
    assert [row.municipality_id for row in validation.rows] == [oslo.pk]


# --- The file as a whole -------------------------------------------------------------------------


def test_a_file_without_data_rows_is_reported():
    problems = refused(csv_content([]))

    assert problems == [Problem("Filen har ingen rader med tall under kolonnenavnene.")]
    assert str(problems[0]) == "Filen har ingen rader med tall under kolonnenavnene."


def test_an_unreadable_file_is_one_problem_for_the_whole_file():
    problems = refused(b"", "flo.csv")

    assert problems == [Problem("Filen er tom.")]


def test_checking_a_file_writes_nothing(valid_file):
    assert accepted(valid_file).rows
    assert MonthlyFigures.objects.count() == 0
    assert ImportBatch.objects.count() == 0


def test_the_error_list_is_capped_and_the_rest_counted(register):
    rows = [
        {**row, "gp_agreements": "ti", "open_lists": "fem"}
        for row in file_rows(register.municipalities_on(MONTH), MONTH)
    ]
    assert 2 * len(rows) > MAX_ERRORS

    validation = check_file(csv_content(rows), "flo.csv")

    assert len(validation.problems) == MAX_ERRORS
    assert validation.truncated == 2 * len(rows) - MAX_ERRORS
    assert validation.problems[0] == at(2, "gp_agreements", "«ti» er ikke et tall.")
    assert validation.problems[-1] == at(MAX_ERRORS // 2 + 1, "open_lists", "«fem» er ikke et tall.")
    assert validation.rows == []


def test_a_problem_without_a_column_names_only_the_row():
    assert str(Problem("Noe er galt.", row=7)) == "Rad 7: Noe er galt."
