"""Validating a whole FLO file before anything is written.

Every problem is reported with its row and column, in Norwegian, so the analyst can
fix the file in Excel and upload it again. A file with any error imports nothing.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from core.municipality_register import MunicipalityRegister
from core.spreadsheet_reading import Cell, Row, Table, column_letter

from .indicators import COUNTS
from .months import current_month, month_label

MAX_ERRORS = 200
MAX_COUNT = 2_000_000_000  # fits the database column; no municipality comes near

NUMBER_COLUMN = "kommunenummer"
MONTH_COLUMN = "maned"
NAME_COLUMN = "kommunenavn"

# Headings are compared after normalising: lower case, æøå spelt out, spaces and
# hyphens as underscores. Each column accepts a few names analysts are likely to use.
ALIASES: dict[str, tuple[str, ...]] = {
    NUMBER_COLUMN: ("kommunenummer", "kommunenr", "kommune_nr", "knr", "kommunekode"),
    MONTH_COLUMN: ("maned", "mnd", "periode", "month"),
    NAME_COLUMN: ("kommunenavn", "kommune", "navn"),
    "gp_agreements": ("fastlegeavtaler", "antall_fastlegeavtaler", "avtaler"),
    "lists_without_gp": ("lister_uten_fast_lege", "lister_uten_lege", "antall_lister_uten_fast_lege"),
    "residents_on_lists": ("innbyggere_pa_liste", "innbyggere_pa_lister", "antall_innbyggere_pa_liste"),
    "residents_without_gp": (
        "innbyggere_uten_fast_lege",
        "innbyggere_pa_liste_uten_fast_lege",
        "innbyggere_pa_lister_uten_fast_lege",
    ),
    "list_ceiling_sum": ("sum_listetak", "listetak"),
    "available_places": ("ledige_plasser", "ledig_kapasitet"),
    "open_lists": ("apne_lister", "antall_apne_lister"),
    "female_gps": ("kvinnelige_fastleger", "kvinner", "fastleger_kvinner"),
}
REQUIRED = (NUMBER_COLUMN, MONTH_COLUMN, *(indicator.key for indicator in COUNTS))
# What the template file and the error messages call each column.
HEADINGS: dict[str, str] = {
    NUMBER_COLUMN: "kommunenummer",
    MONTH_COLUMN: "måned",
    NAME_COLUMN: "kommunenavn",
    **{indicator.key: indicator.column.replace("_pa_", "_på_").replace("apne", "åpne") for indicator in COUNTS},
}

# (smaller, larger, message): the first count can never exceed the second.
RELATIONS: tuple[tuple[str, str, str], ...] = (
    ("lists_without_gp", "gp_agreements", "Flere lister uten fast lege ({a}) enn fastlegeavtaler ({b})."),
    ("open_lists", "gp_agreements", "Flere åpne lister ({a}) enn fastlegeavtaler ({b})."),
    ("female_gps", "gp_agreements", "Flere kvinnelige fastleger ({a}) enn fastlegeavtaler ({b})."),
    (
        "residents_without_gp",
        "residents_on_lists",
        "Flere innbyggere uten fast lege ({a}) enn innbyggere på liste ({b}).",
    ),
    ("available_places", "list_ceiling_sum", "Flere ledige plasser ({a}) enn summen av listetakene ({b})."),
)

MONTH_NAMES = {
    "jan": 1, "januar": 1, "feb": 2, "februar": 2, "mar": 3, "mars": 3, "apr": 4, "april": 4, "mai": 5,
    "jun": 6, "juni": 6, "jul": 7, "juli": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
    "okt": 10, "oktober": 10, "nov": 11, "november": 11, "des": 12, "desember": 12,
}  # fmt: skip
SPACES = re.compile(r"[\s\u00a0\u2007\u2009\u202f']")
PLAIN_NUMBER = re.compile(r"^-?[\d.,]+$")  # digits and separators only: no exponents, no currency
DOT_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file. `row` and `column` are None when it concerns the whole file."""

    message: str
    row: int | None = None
    column: str | None = None  # the heading as written in the file, or the expected one if missing
    letter: str | None = None  # the spreadsheet column letter, A, B, ...

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"rad {self.row}")
        if self.column:
            where.append(f"kolonne «{self.column}»" + (f" ({self.letter})" if self.letter else ""))
        if not where:
            return self.message
        place = ", ".join(where)
        return f"{place[0].upper()}{place[1:]}: {self.message}"


@dataclass(frozen=True)
class ValidRow:
    row: int
    municipality_id: int
    month: date
    counts: dict[str, int]


@dataclass
class Validation:
    rows: list[ValidRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    truncated: int = 0  # problems left out beyond MAX_ERRORS

    @property
    def is_valid(self) -> bool:
        return not self.problems

    @property
    def months(self) -> list[date]:
        return sorted({row.month for row in self.rows})

    def add(self, problem: Problem) -> None:
        if len(self.problems) < MAX_ERRORS:
            self.problems.append(problem)
        else:
            self.truncated += 1


def normalise_heading(text: str) -> str:
    text = unicodedata.normalize("NFC", str(text)).strip().lower()
    text = text.replace("æ", "ae").replace("ø", "o").replace("å", "a")
    text = re.sub(r"[\s\-/.]+", "_", text)
    return re.sub(r"[^a-z0-9_]", "", text).strip("_")


def map_columns(header: tuple[str, ...], result: Validation, header_row: int = 1) -> dict[str, int]:
    """Which position each known column has; reports missing and repeated columns."""
    lookup = {alias: key for key, aliases in ALIASES.items() for alias in aliases}
    positions: dict[str, int] = {}
    for index, heading in enumerate(header):
        key = lookup.get(normalise_heading(heading))
        if key is None:
            if heading.strip():
                result.warnings.append(f"Kolonnen «{heading}» ({column_letter(index)}) er ukjent og ble ikke lest.")
            continue
        if key in positions:
            result.add(
                Problem(
                    f"Kolonnen står to ganger (også i {column_letter(positions[key])}).",
                    row=header_row,
                    column=heading,
                    letter=column_letter(index),
                )
            )
            continue
        positions[key] = index
    for key in REQUIRED:
        if key not in positions:
            result.add(Problem("Kolonnen mangler.", row=header_row, column=HEADINGS[key]))
    return positions


def parse_count(cell: Cell) -> int:
    """A whole, non-negative number in Norwegian or plain notation: 1 234, 1234, 1.234, 1234,0."""
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        raise ValueError("Verdien mangler.")
    if isinstance(cell, (bool, date, datetime)):
        raise ValueError(f"«{cell}» er ikke et tall.")
    if isinstance(cell, int):
        value = Decimal(cell)
    elif isinstance(cell, float):
        value = Decimal(repr(cell))
    else:
        text = SPACES.sub("", str(cell)).replace("\u2212", "-")
        if not PLAIN_NUMBER.match(text):
            raise ValueError(f"«{str(cell).strip()[:40]}» er ikke et tall.")
        if DOT_THOUSANDS.match(text):
            text = text.replace(".", "")
        text = text.replace(",", ".")
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"«{str(cell).strip()[:40]}» er ikke et tall.") from None
    if not value.is_finite():
        raise ValueError(f"«{str(cell).strip()[:40]}» er ikke et tall.")
    if value < 0:
        raise ValueError(f"Tallet kan ikke være negativt ({format_decimal(value)}).")
    if value != value.to_integral_value():
        raise ValueError(f"Skal være et helt tall, ikke {format_decimal(value)}.")
    if value > MAX_COUNT:
        raise ValueError(f"Tallet {int(value)} er urimelig stort.")
    return int(value)


def format_decimal(value: Decimal) -> str:
    return f"{value:f}".replace(".", ",")


def parse_month(cell: Cell) -> date:
    """A month as 2026-10, 2026-10-01, 01.10.2026, 10.2026, 10/2026 or «oktober 2026»."""
    if isinstance(cell, datetime):
        cell = cell.date()
    if isinstance(cell, date):
        if cell.day != 1:
            raise ValueError(f"Datoen {cell:%d.%m.%Y} er ikke den første i måneden. Skriv måneden som ÅÅÅÅ-MM.")
        return cell
    text = str(cell or "").strip().lower()
    if not text:
        raise ValueError("Måneden mangler.")
    patterns = (
        (r"^(\d{4})-(\d{1,2})$", lambda m: (m[1], m[2], "1")),
        (r"^(\d{4})-(\d{1,2})-(\d{1,2})$", lambda m: (m[1], m[2], m[3])),
        (r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$", lambda m: (m[3], m[2], m[1])),
        (r"^(\d{1,2})[./](\d{4})$", lambda m: (m[2], m[1], "1")),
    )
    for pattern, parts in patterns:
        match = re.match(pattern, text)
        if match:
            year, month, day = (int(part) for part in parts(match))
            if not (1 <= month <= 12 and 1900 <= year <= 9999):
                break
            if day != 1:
                raise ValueError(f"«{text}» er ikke den første i måneden. Skriv måneden som ÅÅÅÅ-MM.")
            return date(year, month, 1)
    match = re.match(r"^([a-zæøå]+)\.?\s+(\d{4})$", text)
    if match and match[1] in MONTH_NAMES and int(match[2]) >= 1900:
        return date(int(match[2]), MONTH_NAMES[match[1]], 1)
    raise ValueError(f"«{str(cell).strip()[:40]}» er ikke en måned. Skriv måneden som ÅÅÅÅ-MM, for eksempel 2026-03.")


def parse_municipality_number(cell: Cell) -> str:
    """Four digits; Excel drops Oslo's leading zero (301), so three digits are padded."""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    text = str(cell if cell is not None else "").strip()
    if not text:
        raise ValueError("Kommunenummeret mangler.")
    if not re.fullmatch(r"\d{3,4}", text):
        raise ValueError(f"«{text[:40]}» er ikke et kommunenummer (fire sifre).")
    return text.zfill(4)


def validate_table(table: Table, register: MunicipalityRegister, *, today_month: date | None = None) -> Validation:
    """Check every row and column; return the rows ready to import, or the problems."""
    result = Validation()
    latest_allowed = today_month or current_month()
    positions = map_columns(table.header, result, table.header_row)
    if not result.is_valid:
        return result
    if not table.rows:
        result.add(Problem("Filen har ingen rader med tall under kolonnenavnene."))
        return result

    seen: dict[tuple[int, date], int] = {}
    for row in table.rows:
        valid = validate_row(row, table.header, positions, register, latest_allowed, result)
        if valid is None:
            continue
        key = (valid.municipality_id, valid.month)
        if key in seen:
            result.add(
                Problem(
                    f"Kommunen har allerede tall for {month_label(valid.month)} på rad {seen[key]}.",
                    row=row.number,
                    column=table.header[positions[NUMBER_COLUMN]],
                    letter=column_letter(positions[NUMBER_COLUMN]),
                )
            )
            continue
        seen[key] = row.number
        result.rows.append(valid)
    return result


def validate_row(
    row: Row,
    header: tuple[str, ...],
    positions: dict[str, int],
    register: MunicipalityRegister,
    latest_allowed: date,
    result: Validation,
) -> ValidRow | None:
    def cell(key: str) -> Cell:
        index = positions[key]
        return row.cells[index] if index < len(row.cells) else None

    def problem(key: str, message: str) -> None:
        index = positions[key]
        result.add(Problem(message, row=row.number, column=header[index], letter=column_letter(index)))

    ok = True
    month = None
    try:
        month = parse_month(cell(MONTH_COLUMN))
        if month > latest_allowed:
            problem(MONTH_COLUMN, f"{month_label(month).capitalize()} er fram i tid.")
            ok = False
    except ValueError as error:
        problem(MONTH_COLUMN, str(error))
        ok = False

    municipality = None
    try:
        number = parse_municipality_number(cell(NUMBER_COLUMN))
        if month is not None:
            municipality = register.municipality(number, on=month)
            if municipality is None:
                problem(NUMBER_COLUMN, unknown_number_message(number, month, register))
                ok = False
    except ValueError as error:
        problem(NUMBER_COLUMN, str(error))
        ok = False

    counts: dict[str, int] = {}
    for indicator in COUNTS:
        try:
            counts[indicator.key] = parse_count(cell(indicator.key))
        except ValueError as error:
            problem(indicator.key, str(error))
            ok = False

    for smaller, larger, message in RELATIONS:
        if smaller in counts and larger in counts and counts[smaller] > counts[larger]:
            problem(smaller, message.format(a=counts[smaller], b=counts[larger]))
            ok = False

    if not ok or municipality is None or month is None:
        return None
    return ValidRow(row=row.number, municipality_id=municipality.pk, month=month, counts=counts)


def unknown_number_message(number: str, month: date, register: MunicipalityRegister) -> str:
    periods = register.periods(number)
    if not periods:
        return f"Ukjent kommunenummer {number}."
    period = periods[0]
    span = f"{period.valid_from:%Y}–{period.valid_to:%Y}" if period.valid_to else f"fra {period.valid_from:%d.%m.%Y}"
    message = f"Kommunenummer {number} ({period.name}) gjaldt ikke i {month_label(month)}, bare {span}."
    successors = register.successors(period)
    if successors and period.valid_to and month > period.valid_to:
        message += " Bruk " + " og ".join(f"{s.number} {s.name}" for s in successors) + "."
    return message
