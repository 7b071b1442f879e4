"""Importing subscribers from a CSV or XLSX file an editor uploads.

The whole file is checked first and nothing is written unless every row is valid;
then everything is written in one transaction. Two kinds of row are skipped rather
than refused: an address already subscribed (left as it is) and a suppressed address
(someone who left or asked to be erased), so that re-importing an old list can never
bring back people who have gone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.mail.addresses import clean_email, has_unsafe_characters, normalise_email
from core.models import Municipality
from core.spreadsheet_reading import UnreadableFile, read_table
from core.spreadsheets import FORMULA_TRIGGERS

from .confirmations import ask_to_confirm
from .models import Consent, ConsentText, MailLanguage, Role, Status, Subscriber, Suppression, Topic, email_hash

MAX_PROBLEMS = 200
MAX_COLUMNS = 30
NAME_MAX_LENGTH = Subscriber._meta.get_field("name").max_length
NOTE_MAX_LENGTH = Consent._meta.get_field("note").max_length

# Column names in the file, with the Norwegian names an editor is likely to write.
COLUMNS = {
    "email": ("email", "e-post", "epost", "e-postadresse", "epostadresse"),
    "name": ("name", "navn"),
    "role": ("role", "rolle"),
    "municipality": ("municipality", "kommune", "kommunenummer"),
    "language": ("language", "språk", "sprak", "målform"),
    "topics": ("topics", "temaer", "tema"),
}
COLUMN_BY_ALIAS = {alias: column for column, aliases in COLUMNS.items() for alias in aliases}
# Columns of our own export that an import does not take: the editor decides the status.
IGNORED_COLUMNS = {"status", "created", "confirmed"}
TOPIC_SEPARATOR = re.compile(r"[,|]")
LANGUAGE_ALIASES = {"nb": "nb", "bokmål": "nb", "bokmal": "nb", "nn": "nn", "nynorsk": "nn"}


def max_bytes() -> int:
    return settings.NEWSLETTER_IMPORT_MAX_BYTES


def max_rows() -> int:
    return settings.NEWSLETTER_IMPORT_MAX_ROWS


@dataclass(frozen=True)
class Problem:
    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        if self.row and self.column:
            return f"Rad {self.row}, kolonne «{self.column}»: {self.message}"
        if self.row:
            return f"Rad {self.row}: {self.message}"
        return self.message


@dataclass
class ImportRow:
    number: int
    email: str
    name: str = ""
    role: str = Role.OTHER
    municipality: Municipality | None = None
    language: str = MailLanguage.BOKMAL
    topics: list[Topic] = field(default_factory=list)


@dataclass
class Validation:
    rows: list[ImportRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    truncated: int = 0  # problems found beyond MAX_PROBLEMS, counted but not listed

    @property
    def is_valid(self) -> bool:
        return not self.problems

    @property
    def problem_count(self) -> int:
        return len(self.problems) + self.truncated

    def add(self, row: int | None, column: str, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(row, column, message))
        else:
            self.truncated += 1


@dataclass
class ImportResult:
    created: list[int] = field(default_factory=list)  # row numbers
    existing: list[int] = field(default_factory=list)
    suppressed: list[int] = field(default_factory=list)
    status: str = Status.PENDING
    # How many of the new subscribers were sent a confirmation mail (only when asked for).
    asked_to_confirm: int = 0

    @property
    def is_pending(self) -> bool:
        return self.status == Status.PENDING


class ImportRefused(Exception):
    """The file was valid but could not be written (for example a race with a sign-up); nothing was saved."""


# --- Reading ---------------------------------------------------------------------------------


def _text(value: object) -> str:
    """A cell as text: Excel gives numbers and dates where a CSV gives text."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def read_rows(content: bytes, file_name: str = "") -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and the non-empty rows (with the row numbers the editor sees), or UnreadableFile.

    A list of addresses alone has no delimiter, so one column is allowed; a stray quote
    refuses the file rather than gluing rows together.
    """
    table = read_table(
        content,
        file_name,
        max_bytes=max_bytes(),
        max_rows=max_rows(),
        max_columns=MAX_COLUMNS,
        one_column=True,
        strict_quotes=True,
    )
    return [_text(cell) for cell in table.header], [
        (row.number, [_text(cell) for cell in row.cells]) for row in table.rows
    ]


# --- Checking ---------------------------------------------------------------------------------


def _columns(header: list[str], validation: Validation) -> dict[str, int]:
    """Which position each known column is in; problems for unknown, repeated or missing ones."""
    positions: dict[str, int] = {}
    for index, raw in enumerate(header):
        heading = raw.strip().lstrip("\ufeff").lower()
        if not heading:
            continue
        column = COLUMN_BY_ALIAS.get(heading)
        shown = heading[:40]  # a binary file's "header" can be any length
        if heading in IGNORED_COLUMNS:
            continue
        if column is None:
            validation.add(1, shown, f"Ukjent kolonne. Kjente kolonner er {', '.join(COLUMNS)}.")
        elif column in positions:
            validation.add(1, shown, "Kolonnen står to ganger.")
        else:
            positions[column] = index
    if "email" not in positions:
        validation.add(1, "email", "Filen mangler kolonnen «email» med e-postadressene.")
    return positions


class _Lookups:
    """What cell values may name, loaded once per file."""

    def __init__(self) -> None:
        self.topics = {topic.slug: topic for topic in Topic.objects.all()}
        # Only municipalities that exist today: a subscriber lives in one of them.
        self.municipalities = {m.number: m for m in Municipality.objects.filter(valid_to__isnull=True)}
        self.roles = {value: value for value in Role.values}
        self.roles.update({str(label).lower(): value for value, label in Role.choices})


def _check_row(
    number: int, cells: dict[str, str], lookups: _Lookups, default_topics: list[Topic], validation: Validation
) -> ImportRow | None:
    before = validation.problem_count
    for column, value in cells.items():
        if column == "email":
            continue  # clean_email has its own messages for the address
        if has_unsafe_characters(value):
            validation.add(number, column, "Teksten inneholder linjeskift eller kontrolltegn.")
        elif "\ufffd" in value:
            validation.add(
                number, column, "Teksten har tegn som ikke kunne leses. Lagre filen som UTF-8 og prøv igjen."
            )
    row = ImportRow(number=number, email="")

    try:
        row.email = clean_email(cells.get("email", ""))
    except ValidationError as error:
        validation.add(number, "email", error.messages[0])

    name = cells.get("name", "").strip()
    if name[:1] == "'" and name[1:2] in FORMULA_TRIGGERS:
        name = name[1:]  # our own export's neutralising apostrophe, on its way back in
    if len(name) > NAME_MAX_LENGTH:
        validation.add(number, "name", f"Navnet er lengre enn {NAME_MAX_LENGTH} tegn.")
    row.name = name

    role = cells.get("role", "").strip().lower()
    if role:
        if role in lookups.roles:
            row.role = lookups.roles[role]
        else:
            validation.add(number, "role", f"Ukjent rolle «{role}». Bruk {', '.join(Role.values)}.")

    municipality = cells.get("municipality", "").strip()
    if municipality:
        # Excel drops the leading zero of 0301 Oslo.
        padded = municipality.zfill(4) if municipality.isdigit() and len(municipality) == 3 else municipality
        if not re.fullmatch(r"\d{4}", padded):
            validation.add(number, "municipality", f"«{municipality}» er ikke et kommunenummer (fire sifre).")
        elif padded not in lookups.municipalities:
            validation.add(number, "municipality", f"Ukjent kommunenummer {padded}.")
        else:
            row.municipality = lookups.municipalities[padded]

    language = cells.get("language", "").strip().lower()
    if language:
        if language in LANGUAGE_ALIASES:
            row.language = LANGUAGE_ALIASES[language]
        else:
            validation.add(number, "language", f"Ukjent språk «{language}». Bruk nb eller nn.")

    slugs = [slug.strip().lower() for slug in TOPIC_SEPARATOR.split(cells.get("topics", "")) if slug.strip()]
    unknown = [slug for slug in slugs if slug not in lookups.topics]
    if unknown:
        names = ", ".join(f"«{slug}»" for slug in unknown)
        validation.add(number, "topics", f"Ukjent tema {names}. Kjente temaer er {', '.join(lookups.topics)}.")
    else:
        row.topics = [lookups.topics[slug] for slug in dict.fromkeys(slugs)] or list(default_topics)
        if not row.topics:
            validation.add(number, "topics", "Ingen temaer. Fyll ut kolonnen eller velg temaer i skjemaet.")

    return row if validation.problem_count == before else None


def check_file(content: bytes, file_name: str = "", *, default_topics: list[Topic] | None = None) -> Validation:
    """Read and check every row; `rows` holds the ones ready to import, `problems` what is wrong."""
    validation = Validation()
    try:
        header, rows = read_rows(content, file_name)
    except UnreadableFile as error:
        validation.add(None, "", str(error))
        return validation
    positions = _columns(header, validation)
    if "email" not in positions:
        return validation
    if not rows:
        validation.add(None, "", "Filen har kolonnenavn, men ingen rader med abonnenter.")
        return validation

    lookups = _Lookups()
    first_row_of: dict[str, int] = {}
    for number, record in rows:
        cells = {column: (record[index] if index < len(record) else "") for column, index in positions.items()}
        row = _check_row(number, cells, lookups, default_topics or [], validation)
        key = normalise_email(cells["email"])
        if key in first_row_of:
            validation.add(number, "email", f"Adressen står også i rad {first_row_of[key]}.")
            continue
        first_row_of.setdefault(key, number)
        if row is not None:
            validation.rows.append(row)
    return validation


# --- Writing ----------------------------------------------------------------------------------


def _hashes_in(model, hashes: list[str]) -> set[str]:
    """Which of these hashes are in the table, asked in chunks to stay under SQLite's parameter limit."""
    found: set[str] = set()
    for start in range(0, len(hashes), 1000):
        chunk = hashes[start : start + 1000]
        found.update(model.objects.filter(email_hash__in=chunk).values_list("email_hash", flat=True))
    return found


def import_subscribers(
    validation: Validation,
    *,
    source: str,
    user=None,
    note: str = "",
    double_opt_in: bool = False,
    send_confirmation: bool = False,
) -> ImportResult:
    """Write a valid file's rows: new subscribers with their topics and a consent each, all or nothing.

    With `double_opt_in` the editor vouches that these people already confirmed their
    address, so they are mailable at once; otherwise they wait as pending and need a
    confirmation mail, which is promised in the same transaction when `send_confirmation`
    is set (or later, from the admin, through confirmations.ask_to_confirm).
    """
    if not validation.is_valid:
        raise ValueError("Only a valid file can be imported.")
    if source not in (Consent.Source.IMPORT, Consent.Source.ADMIN):
        raise ValueError(f"Not an import consent source: {source}")
    consent_text = ConsentText.current()
    if consent_text is None:
        raise ImportRefused("Det finnes ingen samtykketekst. Legg inn en før du importerer.")
    now = timezone.now()
    status = Status.CONFIRMED if double_opt_in else Status.PENDING
    result = ImportResult(status=status)
    hashes = {row.number: email_hash(row.email) for row in validation.rows}

    try:
        with transaction.atomic():
            suppressed = _hashes_in(Suppression, list(hashes.values()))
            existing = _hashes_in(Subscriber, list(hashes.values()))
            new_rows: list[ImportRow] = []
            for row in validation.rows:
                if hashes[row.number] in suppressed:
                    result.suppressed.append(row.number)
                elif hashes[row.number] in existing:
                    result.existing.append(row.number)
                else:
                    new_rows.append(row)
            subscribers = Subscriber.objects.bulk_create(
                [
                    Subscriber(
                        email=row.email,
                        email_hash=hashes[row.number],
                        name=row.name,
                        role=row.role,
                        municipality=row.municipality,
                        language=row.language,
                        status=status,
                        created_at=now,
                        confirmed_at=now if double_opt_in else None,
                        status_changed_at=now,
                    )
                    for row in new_rows
                ],
                batch_size=1000,
            )
            if subscribers and subscribers[0].pk is None:
                # A database that cannot return ids from a bulk insert: look them up.
                ids = dict(
                    Subscriber.objects.filter(email_hash__in=[s.email_hash for s in subscribers]).values_list(
                        "email_hash", "pk"
                    )
                )
                for subscriber in subscribers:
                    subscriber.pk = ids[subscriber.email_hash]
            Membership = Subscriber.topics.through
            Membership.objects.bulk_create(
                [
                    Membership(subscriber_id=subscriber.pk, topic_id=topic.pk)
                    for subscriber, row in zip(subscribers, new_rows, strict=True)
                    for topic in row.topics
                ],
                batch_size=1000,
            )
            Consent.objects.bulk_create(
                [
                    Consent(
                        subscriber_id=subscriber.pk,
                        consent_text=consent_text,
                        source=source,
                        topics=[topic.slug for topic in row.topics],
                        given_at=now,
                        confirmed_at=now if double_opt_in else None,
                        recorded_by=user if user and user.is_authenticated else None,
                        note=note,
                    )
                    for subscriber, row in zip(subscribers, new_rows, strict=True)
                ],
                batch_size=1000,
            )
            result.created = [row.number for row in new_rows]
            if send_confirmation and not double_opt_in and subscribers:
                asked = ask_to_confirm(Subscriber.objects.filter(pk__in=[s.pk for s in subscribers]))
                result.asked_to_confirm = len(asked.due)
    except IntegrityError as error:
        raise ImportRefused(
            "Noen av adressene ble registrert mens importen pågikk. Ingenting er lagret; prøv igjen."
        ) from error
    return result
