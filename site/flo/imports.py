"""Importing a validated FLO file, and rolling an import back.

An import writes all its rows in one transaction or none. Figures it replaces are
kept, marked as no longer current, so rolling the import back makes them current
again: the log of imports is a stack that can be unwound from the top.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.utils import timezone, translation

from core.municipality_register import get_municipality_register
from core.spreadsheet_reading import Table, UnreadableFile, read_table

from .checks import MissingMonth, check_import
from .models import ImportBatch, MonthlyFigures
from .months import month_label
from .validation import Problem, Validation, validate_table
from .versioning import bump_data_version

logger = logging.getLogger(__name__)

# A FLO file has a dozen columns; far more than that is some other spreadsheet.
MAX_COLUMNS = 60


class ImportRefused(Exception):
    """The file was not imported; `problems` says why, row by row where it can."""

    def __init__(self, problems: list[Problem], validation: Validation | None = None):
        super().__init__("; ".join(str(problem) for problem in problems[:3]))
        self.problems = problems
        self.validation = validation


class RollbackRefused(Exception):
    pass


@dataclass(frozen=True)
class ExistingMonth:
    month: date
    rows: int
    batch: ImportBatch


def read_file(content: bytes, file_name: str = "") -> Table:
    """The uploaded file as a table, within the FLO import's limits; UnreadableFile if it is none."""
    return read_table(
        content,
        file_name,
        max_bytes=settings.FLO_IMPORT_MAX_BYTES,
        max_rows=settings.FLO_IMPORT_MAX_ROWS,
        max_columns=MAX_COLUMNS,
    )


def check_file(content: bytes, file_name: str, *, today_month: date | None = None) -> Validation:
    """Read and validate a file without writing anything."""
    with translation.override("nb"):
        try:
            table = read_file(content, file_name)
        except UnreadableFile as error:
            validation = Validation()
            validation.add(Problem(str(error)))
            return validation
        return validate_table(table, get_municipality_register(), today_month=today_month)


def existing_months(months: list[date]) -> list[ExistingMonth]:
    """Months in the list that already have figures in effect, and the import they came from."""
    rows = (
        MonthlyFigures.objects.current()
        .filter(month__in=months)
        .values("month")
        .annotate(rows=Count("pk"), batch=Max("batch"))
        .order_by("month")
    )
    batches = ImportBatch.objects.defer("file_content").in_bulk([row["batch"] for row in rows])
    return [ExistingMonth(row["month"], row["rows"], batches[row["batch"]]) for row in rows]


def import_file(
    content: bytes,
    file_name: str,
    *,
    user=None,
    replace: bool = False,
    allow_partial: bool = False,
    is_demo: bool = False,
    today_month: date | None = None,
    validation: Validation | None = None,
) -> ImportBatch:
    """Validate the whole file, then import every row or none.

    Months that already have figures are replaced only when `replace` is true; the
    figures they had are kept for rollback. A month that lacks municipalities of the
    register is imported only when `allow_partial` is true, and the batch says so. A
    caller that has already checked the content with check_file() passes its result,
    so the file is not read twice.
    """
    validation = validation or check_file(content, file_name, today_month=today_month)
    if not validation.is_valid:
        raise ImportRefused(validation.problems, validation)
    months = validation.months
    try:
        with transaction.atomic():
            existing = existing_months(months)
            if existing and not replace:
                with translation.override("nb"):
                    problems = [
                        Problem(
                            f"{month_label(item.month).capitalize()} er allerede importert "
                            f"({item.rows} kommuner, fra «{item.batch.file_name}» "
                            f"{timezone.localtime(item.batch.created_at):%d.%m.%Y}). "
                            "Kryss av for å erstatte tallene hvis filen skal gjelde i stedet."
                        )
                        for item in existing
                    ]
                raise ImportRefused(problems, validation)
            check = check_import(validation.rows, get_municipality_register())
            if check.is_partial and not allow_partial:
                raise ImportRefused([partial_problem(item) for item in check.incomplete], validation)
            batch = ImportBatch.objects.create(
                created_by=user if getattr(user, "is_authenticated", False) else None,
                file_name=file_name[:255],
                file_size=len(content),
                file_sha256=hashlib.sha256(content).hexdigest(),
                file_content=content,
                row_count=len(validation.rows),
                first_month=months[0],
                last_month=months[-1],
                is_demo=is_demo,
                is_partial=check.is_partial,
                check_report=check.report(),
            )
            MonthlyFigures.objects.current().filter(month__in=months).update(is_current=False)
            MonthlyFigures.objects.bulk_create(
                (
                    MonthlyFigures(
                        municipality_id=row.municipality_id,
                        month=row.month,
                        batch=batch,
                        is_current=True,
                        **row.counts,
                    )
                    for row in validation.rows
                ),
                batch_size=2000,
            )
            transaction.on_commit(bump_data_version)
    except IntegrityError as error:
        # Another import of the same month committed between our check and our write.
        logger.warning("FLO import of %s collided with another import: %s", file_name, error)
        raise ImportRefused(
            [Problem("En annen import av samme måned ble lagret samtidig. Last opp filen på nytt.")], validation
        ) from error
    logger.info("FLO import %s: %s, %d rows, %s", batch.pk, file_name, batch.row_count, batch.months_label)
    return batch


def partial_problem(item: MissingMonth) -> Problem:
    """Why a month with missing municipalities was not imported without the editor's say-so."""
    with translation.override("nb"):
        names = ", ".join(f"{m.number} {m.name}" for m in item.missing[:10])
        more = f" og {len(item.missing) - 10} til" if len(item.missing) > 10 else ""
        return Problem(
            f"{item.label.capitalize()} har tall for {item.present} av {item.expected} kommuner. "
            f"Mangler: {names}{more}. En delvis måned importeres bare etter et uttrykkelig valg."
        )


def batch_months(batch: ImportBatch) -> list[date]:
    return list(batch.figures.values_list("month", flat=True).distinct().order_by("month"))


def blocking_import(batch: ImportBatch) -> ImportBatch | None:
    """A later import that replaced some of this batch's months, and so must be rolled back first."""
    replaced_months = batch.figures.filter(is_current=False).values("month").distinct()
    return (
        ImportBatch.objects.filter(
            status=ImportBatch.Status.IMPORTED, figures__month__in=replaced_months, pk__gt=batch.pk
        )
        .defer("file_content")
        .order_by("-pk")
        .first()
    )


def previous_imports(batch: ImportBatch) -> dict[date, ImportBatch]:
    """For each month of the batch, the earlier import whose figures a rollback makes current again."""
    found = {}
    for month in batch_months(batch):
        previous = (
            ImportBatch.objects.filter(status=ImportBatch.Status.IMPORTED, figures__month=month)
            .exclude(pk=batch.pk)
            .defer("file_content")
            .order_by("-pk")
            .first()
        )
        if previous is not None:
            found[month] = previous
    return found


def restored_by_rollback(batch: ImportBatch) -> list[tuple[date, ImportBatch | None]]:
    """What rolling back the batch would bring back, month by month (None: no figures then)."""
    previous = previous_imports(batch)
    return [(month, previous.get(month)) for month in batch_months(batch)]


def rollback_import(batch: ImportBatch, *, user=None) -> list[ImportBatch]:
    """Undo an import: its figures stop being current and those it replaced come back.

    Returns the imports whose figures are current again. Only the latest import of a
    month can be rolled back, so that the history stays a straight line.
    """
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().defer("file_content").get(pk=batch.pk)
        if batch.is_rolled_back:
            raise RollbackRefused("Importen er allerede rullet tilbake.")
        later = blocking_import(batch)
        if later is not None:
            with translation.override("nb"):
                raise RollbackRefused(
                    f"En senere import («{later.file_name}», {later.months_label}) har erstattet noen av "
                    "disse tallene. Rull tilbake den først."
                )
        previous = previous_imports(batch)
        batch.figures.update(is_current=False)
        restored: list[ImportBatch] = []
        for month, earlier in previous.items():
            earlier.figures.filter(month=month).update(is_current=True)
            if earlier not in restored:
                restored.append(earlier)
        batch.status = ImportBatch.Status.ROLLED_BACK
        batch.rolled_back_at = timezone.now()
        batch.rolled_back_by = user if getattr(user, "is_authenticated", False) else None
        batch.save(update_fields=["status", "rolled_back_at", "rolled_back_by"])
        transaction.on_commit(bump_data_version)
    logger.info("FLO import %s rolled back; current again: %s", batch.pk, [b.pk for b in restored])
    return restored
