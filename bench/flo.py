"""How fast the FLO statistics are: importing one month and two years of figures,
rolling an import back, and serving the statistics pages and the open-data CSV.

    .venv/bin/python bench/flo.py            # 3 runs of each two-year import, 9 of each one-month import
    .venv/bin/python bench/flo.py --short    # 1 and 3 runs and fewer requests, for CI

It builds a throw-away SQLite database (the register of municipalities comes with the
migrations) and file cache in a temporary directory. The figures are demo.flo_figures' synthetic
ones as an analyst uploads them: a semicolon CSV with Norwegian number formats, or an
XLSX of the same rows, imported through flo.imports.import_file (reading the bytes,
validating every row, writing). First two years for every municipality: a first import
into an empty table, re-imports of the same file with replace=True (the figures they
replace are kept), and rollbacks of those re-imports. With the two years in effect it
requests the national, one county and one municipality page and the CSV of every
municipality with Django's test client, cold (cache cleared before each request) and
warm, and counts their queries. Last one month: a first import of the month after the
two years, and re-imports of the latest of them, the realistic monthly case.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import platform
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from fresh_site import setup_django

PROJECT_DIR = Path(__file__).resolve().parent.parent
HOST = "localhost"
SETTINGS = "config.settings.dev"
YEARS_MONTHS = 24
STARTED = time.perf_counter()


@dataclass(frozen=True)
class Repeats:
    month: int  # runs of each one-month import
    years: int  # runs of each 24-month import and rollback
    cold: int  # cold requests per page
    warm: int  # warm requests per page


FULL = Repeats(month=9, years=3, cold=7, warm=20)
SHORT = Repeats(month=3, years=1, cold=3, warm=5)


def progress(message: str) -> None:
    print(f"  {time.perf_counter() - STARTED:5.1f} s  {message}", file=sys.stderr, flush=True)


def timed(function, repeat: int, before=None) -> tuple[float, object]:
    """Median milliseconds of `repeat` calls, and the last result; `before` runs untimed ahead of each."""
    times, result = [], None
    for _ in range(repeat):
        if before is not None:
            before()
        started = time.perf_counter()
        result = function()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result


# --- Files ------------------------------------------------------------------------------------


def xlsx_from_csv(content: bytes) -> bytes:
    """The same rows as an Excel workbook: counts as numbers, the month as a date cell."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("FLO")
    records = csv.reader(io.StringIO(content.decode("utf-8")), delimiter=";")
    sheet.append(next(records))
    for number, name, month, *counts in records:
        year, month_number = (int(part) for part in month.split("-"))
        sheet.append([number, name, datetime(year, month_number, 1), *(int(c.replace(" ", "")) for c in counts)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class ImportFile:
    label: str
    name: str
    content: bytes
    rows: int


def month_files(month: date) -> tuple[ImportFile, ImportFile]:
    """One month for every municipality, as CSV and as XLSX."""
    from demo.flo_figures import demo_file

    content = demo_file([month])
    rows = content.count(b"\n") - 1
    return (
        ImportFile("one month, CSV", f"flo-{month:%Y-%m}.csv", content, rows),
        ImportFile("one month, XLSX", f"flo-{month:%Y-%m}.xlsx", xlsx_from_csv(content), rows),
    )


# --- Imports ------------------------------------------------------------------------------------


def expect_rows(batch, file: ImportFile) -> None:
    """A benchmark of an import that lost rows would measure the wrong thing."""
    if batch.row_count != file.rows:
        raise SystemExit(f"{file.name}: {batch.row_count} rows imported, {file.rows} in the file.")


def empty_figures() -> None:
    """No imports and no figures, as in a new installation."""
    from flo.models import ImportBatch
    from flo.versioning import bump_data_version

    ImportBatch.objects.all().delete()  # the figures go with their import
    bump_data_version()


def measure_years(years: ImportFile, today_month: date, runs: int) -> dict[str, float]:
    """24 months in one file: first import into an empty table, re-import, and rollback."""
    from flo.imports import import_file, rollback_import
    from flo.models import MonthlyFigures

    def first_import():
        return import_file(years.content, years.name, today_month=today_month)

    def reimport():
        batch = import_file(years.content, years.name, replace=True, today_month=today_month)
        reimports.append(batch)
        return batch

    progress(f"importing {years.rows} rows into an empty table ({runs}×)")
    first_ms, batch = timed(first_import, runs, before=empty_figures)
    expect_rows(batch, years)
    reimports = []
    progress(f"re-importing {years.rows} rows with replace=True ({runs}×)")
    reimport_ms, batch = timed(reimport, runs)
    expect_rows(batch, years)
    # Newest first, as the import log requires: each rollback restores the figures the
    # re-import replaced, and the last one brings back the first import.
    progress(f"rolling back the re-imports ({runs}×)")
    rollback_ms, _ = timed(lambda: rollback_import(reimports.pop()), runs)
    in_effect = MonthlyFigures.objects.current().count()
    if in_effect != years.rows:
        raise SystemExit(f"{in_effect} figures in effect after the rollbacks, {years.rows} expected.")
    return {"first_ms": first_ms, "reimport_ms": reimport_ms, "rollback_ms": rollback_ms}


def measure_month(new: ImportFile, latest: ImportFile, today_month: date, runs: int) -> dict[str, float]:
    """One month into a database with the two years in effect.

    First import: the month after the two years, rolled back (untimed) after each run so
    that it has no figures in effect again. Re-import: the latest of the two years, with
    replace=True, again and again.
    """
    from flo.imports import import_file, rollback_import

    batches = []

    def first_import():
        batches.append(import_file(new.content, new.name, today_month=today_month))
        return batches[-1]

    def undo():
        if batches:
            rollback_import(batches.pop())

    def reimport():
        return import_file(latest.content, latest.name, replace=True, today_month=today_month)

    progress(f"{new.label}: first import ({runs}×) and re-import with replace=True ({runs}×)")
    first_ms, batch = timed(first_import, runs, before=undo)
    expect_rows(batch, new)
    undo()
    reimport_ms, batch = timed(reimport, runs)
    expect_rows(batch, latest)
    return {"first_ms": first_ms, "reimport_ms": reimport_ms}


# --- Pages --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    name: str
    path: str


def measure_page(client, target: Target, repeats: Repeats) -> dict:
    from django.core.cache import cache
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    def get():
        response = client.get(target.path)
        if response.status_code != 200:
            raise SystemExit(f"{target.path} answered {response.status_code}.")
        return response

    get()  # templates loaded and compiled, as on a server that has served anything at all
    cold_ms, _ = timed(get, repeats.cold, before=cache.clear)
    # DEBUG is on, so the query log may be full (9000 entries): empty it before each count,
    # and count at once, as the captured list is a slice of that log read when asked for.
    cache.clear()
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        get()
    queries_cold = len(captured)
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        get()
    queries_warm = len(captured)
    warm_ms, response = timed(get, repeats.warm)
    return {
        "target": target,
        "bytes": len(response.content),
        "cold_ms": cold_ms,
        "warm_ms": warm_ms,
        "queries": f"{queries_cold}/{queries_warm}",
    }


def measure_pages(repeats: Repeats) -> list[dict]:
    from django.test import Client

    from flo.factories import StatisticsPageFactory
    from pages.factories import make_site_root

    page = StatisticsPageFactory(parent=make_site_root())  # the default site on localhost
    targets = [
        Target("national", page.url),
        Target("county 46", page.url + "fylke/46/"),
        Target("municipality 4601", page.url + "kommune/4601/"),
        Target("CSV, every municipality", page.url + "data/csv/?level=municipality"),
    ]
    client = Client(HTTP_HOST=HOST)
    rows = []
    for target in targets:
        progress(f"requesting {target.path} ({repeats.cold} cold, {repeats.warm} warm)")
        rows.append(measure_page(client, target, repeats))
    return rows


# --- Report -------------------------------------------------------------------------------------


def print_report(
    imports: list[dict], rollback: dict, pages: list[dict], repeats: Repeats, context: str, short: bool
) -> None:
    print(context)
    print()
    print("Imports through flo.imports.import_file (read, validate, write), median ms")
    print(f"{'file':<18} {'rows':>5} {'KiB':>6} {'runs':>5} {'first import':>13} {'re-import (replace)':>20}")
    for row in imports:
        file = row["file"]
        print(
            f"{file.label:<18} {file.rows:>5} {len(file.content) / 1024:>6.0f} {row['runs']:>5}"
            f" {row['first_ms']:>13.0f} {row['reimport_ms']:>20.0f}"
        )
    print(
        f"Rollback of the {YEARS_MONTHS}-month re-import ({rollback['rows']} figures out, the {rollback['rows']} "
        f"it replaced back in): {rollback['rollback_ms']:.0f} ms, median of {repeats.years}"
    )
    print(
        "one month: into a database with the 24 months in effect; first import of the month after them "
        "(rolled back between runs), re-import of the latest of them"
    )
    print("24 months: first import into an empty table (emptied between runs), re-import over the figures in effect")
    print()
    print(f"Statistics pages with {YEARS_MONTHS} months in effect, Django's test client")
    print(f"{'page':<24} {'KiB':>7} {'cold ms':>8} {'warm ms':>8} {'queries cold/warm':>18}  path")
    for row in pages:
        print(
            f"{row['target'].name:<24} {row['bytes'] / 1024:>7.1f} {row['cold_ms']:>8.1f} {row['warm_ms']:>8.1f}"
            f" {row['queries']:>18}  {row['target'].path}"
        )
    print(
        f"cold: cache cleared before each request (median of {repeats.cold}); "
        f"warm: median of {repeats.warm} requests; the CSV is built on every request without an ETag"
    )
    print(f"Reproduce: .venv/bin/python bench/flo.py{' --short' if short else ''}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--short", action="store_true", help="fewer runs of each measurement (for CI)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    options = parser.parse_args()
    repeats = SHORT if options.short else FULL
    # Other work on the machine skews the figures; the report says how busy it was.
    load_average = os.getloadavg()[0]

    workdir = Path(tempfile.mkdtemp(prefix="allmenn-bench-flo-"))
    try:
        progress(f"migrating a fresh database in {workdir}")
        setup_django(workdir)
        from demo.flo_figures import demo_file, demo_months
        from flo.months import add_months, current_month

        # The months are fixed here and every import is told which month it is, so that a
        # run crossing into a new month still agrees with itself.
        latest = add_months(current_month(), -1)
        months = demo_months(YEARS_MONTHS, latest)
        today_month = add_months(latest, 1)
        content = demo_file(months)
        years = ImportFile(f"{YEARS_MONTHS} months, CSV", "flo-24-maneder.csv", content, content.count(b"\n") - 1)
        years_result = measure_years(years, today_month, repeats.years)
        pages = measure_pages(repeats)
        imports = []
        for new, again in zip(month_files(today_month), month_files(latest), strict=True):
            result = measure_month(new, again, today_month, repeats.month)
            imports.append({"file": again, "runs": repeats.month, **result})
        imports.append({"file": years, "runs": repeats.years, **years_result})
        rollback = {"rows": years.rows, "rollback_ms": years_result["rollback_ms"]}
    finally:
        if options.keep:
            progress(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)

    context = (
        f"FLO statistics — {platform.python_implementation()} {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}, file cache, {SETTINGS} (DEBUG on); "
        f"{os.cpu_count()} CPUs, load average {load_average:.1f} before the run"
    )
    print_report(imports, rollback, pages, repeats, context, options.short)


if __name__ == "__main__":
    main()
