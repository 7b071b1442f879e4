"""Importing FLO files and rolling imports back: a file is imported whole or not at all,
replaced figures are kept, and the imports form a stack that unwinds from the top."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction

from core.spreadsheet_reading import UnreadableFile
from demo.flo_figures import DEMO_FILE_NAME, load_demo_figures
from flo.factories import ImportBatchFactory, add_figures, counts, csv_content, file_rows
from flo.imports import MAX_COLUMNS, ImportRefused, RollbackRefused, import_file, read_file, rollback_import
from flo.indicators import COUNT_FIELDS
from flo.models import ImportBatch, MonthlyFigures
from flo.versioning import data_version

from .conftest import MONTH

pytestmark = pytest.mark.django_db

FEBRUARY = date(2025, 2, 1)


def figures_in_effect(month=MONTH):
    """For each municipality, the import its current figures came from and the counts themselves."""
    return {
        figures.municipality_id: (figures.batch_id, {name: getattr(figures, name) for name in COUNT_FIELDS})
        for figures in MonthlyFigures.objects.current().filter(month=month)
    }


@pytest.fixture
def analyst(django_user_model):
    """The analyst who uploads FLO's monthly file."""
    return django_user_model.objects.create_user(username="analytiker", password="hemmelig")


@pytest.fixture
def reviewer(django_user_model):
    return django_user_model.objects.create_user(username="kontrollor", password="hemmelig")


@pytest.fixture
def municipalities(register):
    """Every municipality in MONTH (and in February 2025: the register did not change between them)."""
    assert register.municipalities_on(FEBRUARY) == register.municipalities_on(MONTH)
    return register.municipalities_on(MONTH)


@pytest.fixture
def march_import(valid_file, analyst):
    """March 2025 imported for every municipality, ten GP agreements each."""
    return import_file(valid_file, "flo-mars-2025.csv", user=analyst)


@pytest.fixture
def corrected_march(municipalities, bergen):
    """A corrected March file: twenty agreements each, and Bergen left out (so a partial month)."""
    return csv_content(file_rows([m for m in municipalities if m != bergen], MONTH, agreements=20))


# --- Importing -----------------------------------------------------------------------------------


def test_a_file_for_every_municipality_imports_in_one_batch(valid_file, municipalities, analyst, oslo):
    batch = import_file(valid_file, "flo-mars-2025.csv", user=analyst)

    batch.refresh_from_db()
    assert ImportBatch.objects.get() == batch
    assert batch.created_by == analyst
    assert batch.file_name == "flo-mars-2025.csv"
    assert batch.file_size == len(valid_file)
    assert batch.file_sha256 == hashlib.sha256(valid_file).hexdigest()
    assert bytes(batch.file_content) == valid_file
    assert batch.row_count == len(municipalities)
    assert (batch.first_month, batch.last_month) == (MONTH, MONTH)
    assert batch.status == ImportBatch.Status.IMPORTED
    assert (batch.rolled_back_at, batch.rolled_back_by, batch.is_demo) == (None, None, False)

    in_effect = figures_in_effect()
    assert set(in_effect) == {m.pk for m in municipalities}
    assert {batch_id for batch_id, _ in in_effect.values()} == {batch.pk}
    assert in_effect[oslo.pk] == (batch.pk, counts(10))


def test_the_figures_are_the_numbers_in_the_file(oslo, bergen):
    content = csv_content(
        [
            {"number": "301", "month": "mars 2025", **{k: f"{v:,}".replace(",", " ") for k, v in counts(700).items()}},
            {"number": "4601", "month": "2025-03", **counts(290)},
        ]
    )

    import_file(content, "flo.csv", allow_partial=True)

    assert figures_in_effect()[oslo.pk][1] == counts(700)
    assert figures_in_effect()[bergen.pk][1] == counts(290)


def test_an_anonymous_import_has_no_importer(valid_file):
    assert import_file(valid_file, "flo.csv", user=AnonymousUser()).created_by is None


def test_unknown_extra_columns_do_not_stop_an_import(oslo):
    lines = csv_content([{"number": "0301", "month": "2025-03", **counts()}]).decode().splitlines()
    content = f"{lines[0]};merknad\n{lines[1]};foreløpig\n".encode()

    assert import_file(content, "flo.csv", allow_partial=True).row_count == 1


def test_400_rows_over_two_months_import(municipalities):
    rows = file_rows(municipalities[:200], FEBRUARY) + file_rows(municipalities[:200], MONTH)
    assert len(rows) == 400

    batch = import_file(csv_content(rows), "flo-feb-mars-2025.csv", allow_partial=True)

    assert batch.row_count == 400
    assert (batch.first_month, batch.last_month) == (FEBRUARY, MONTH)
    assert MonthlyFigures.objects.current().filter(batch=batch).count() == 400
    assert len(figures_in_effect(FEBRUARY)) == len(figures_in_effect(MONTH)) == 200


def test_one_bad_row_among_400_good_ones_writes_nothing(municipalities):
    rows = file_rows(municipalities[:200], FEBRUARY) + file_rows(municipalities[:200], MONTH)
    bad = file_rows([municipalities[200]], MONTH)[0] | {"lists_without_gp": 11}
    rows.insert(250, bad)

    with pytest.raises(ImportRefused) as refusal:
        import_file(csv_content(rows), "flo.csv")

    assert [(problem.row, problem.column) for problem in refusal.value.problems] == [(252, "lister_uten_fast_lege")]
    assert len(refusal.value.validation.rows) == 400
    assert ImportBatch.objects.count() == 0
    assert MonthlyFigures.objects.count() == 0


def test_a_collision_while_writing_rolls_back_the_whole_import(valid_file, oslo, monkeypatch):
    """Another import of the month commits between our check and our write: nothing of ours remains."""
    real_bulk_create = MonthlyFigures.objects.bulk_create

    def bulk_create_after_a_rival(objects, **options):
        add_figures(oslo, MONTH, ImportBatchFactory(file_name="samtidig.csv"))
        return real_bulk_create(objects, **options)

    monkeypatch.setattr(MonthlyFigures.objects, "bulk_create", bulk_create_after_a_rival)

    with pytest.raises(ImportRefused) as refusal:
        import_file(valid_file, "flo-mars-2025.csv")

    assert str(refusal.value) == "En annen import av samme måned ble lagret samtidig. Last opp filen på nytt."
    assert not ImportBatch.objects.filter(file_name="flo-mars-2025.csv").exists()
    assert not MonthlyFigures.objects.exclude(batch__file_name="samtidig.csv").exists()


# --- The file's limits ------------------------------------------------------------------------------


def test_the_file_is_read_within_the_flo_row_limit(settings):
    settings.FLO_IMPORT_MAX_ROWS = 2
    header = ["kommunenummer", "måned"]

    assert len(read_file(csv_content([{"number": "0301"}] * 2, header=header)).rows) == 2
    with pytest.raises(UnreadableFile, match="Filen har mer enn 2 rader"):
        read_file(csv_content([{"number": "0301"}] * 3, header=header))


def test_the_file_is_read_within_the_flo_size_limit(settings):
    content = csv_content([{"number": "0301"}], header=["kommunenummer", "måned"])
    settings.FLO_IMPORT_MAX_BYTES = len(content)
    assert read_file(content).rows

    settings.FLO_IMPORT_MAX_BYTES = len(content) - 1
    with pytest.raises(UnreadableFile, match="Filen er for stor"):
        read_file(content)


def test_a_flo_file_may_have_sixty_columns():
    header = [f"kolonne{index}" for index in range(MAX_COLUMNS)]
    assert MAX_COLUMNS == 60 and len(read_file(";".join(header).encode()).header) == MAX_COLUMNS
    with pytest.raises(UnreadableFile, match=r"Rad 1 har 61 kolonner\. Grensen er 60\."):
        read_file(";".join([*header, "en til"]).encode())


# --- A month imported twice ----------------------------------------------------------------------


def test_a_month_already_imported_is_refused_without_replace(march_import, corrected_march, municipalities):
    before = figures_in_effect()

    with pytest.raises(ImportRefused) as refusal:
        import_file(corrected_march, "flo-mars-2025-rettet.csv")

    [problem] = refusal.value.problems
    assert problem.message.startswith(
        f"Mars 2025 er allerede importert ({len(municipalities)} kommuner, fra «flo-mars-2025.csv» "
    )
    assert problem.message.endswith("Kryss av for å erstatte tallene hvis filen skal gjelde i stedet.")
    assert ImportBatch.objects.get() == march_import
    assert MonthlyFigures.objects.count() == len(municipalities)
    assert figures_in_effect() == before


def test_a_file_with_one_month_already_imported_imports_none_of_its_months(march_import, municipalities):
    content = csv_content(file_rows(municipalities, FEBRUARY) + file_rows(municipalities, MONTH))

    with pytest.raises(ImportRefused):
        import_file(content, "flo-feb-mars-2025.csv")

    assert ImportBatch.objects.get() == march_import
    assert figures_in_effect(FEBRUARY) == {}


def test_replace_makes_the_new_figures_current_and_keeps_the_old(
    march_import, corrected_march, municipalities, oslo, bergen
):
    replacement = import_file(corrected_march, "flo-mars-2025-rettet.csv", replace=True, allow_partial=True)

    in_effect = figures_in_effect()
    assert in_effect[oslo.pk] == (replacement.pk, counts(20))
    assert {batch_id for batch_id, _ in in_effect.values()} == {replacement.pk}
    assert bergen.pk not in in_effect  # left out of the new file, so nothing in effect
    assert len(in_effect) == len(municipalities) - 1
    kept = MonthlyFigures.objects.filter(batch=march_import)
    assert kept.count() == len(municipalities)
    assert not kept.filter(is_current=True).exists()
    assert kept.get(municipality=bergen).gp_agreements == 10


def test_a_bad_file_with_replace_leaves_the_month_as_it_was(march_import, municipalities):
    before = figures_in_effect()
    rows = file_rows(municipalities, MONTH, agreements=20)
    rows[-1]["month"] = "2025-13"

    with pytest.raises(ImportRefused):
        import_file(csv_content(rows), "flo-mars-2025-rettet.csv", replace=True)

    assert figures_in_effect() == before
    assert ImportBatch.objects.get() == march_import


# --- Rolling back --------------------------------------------------------------------------------


def test_rollback_restores_exactly_the_replaced_figures(march_import, corrected_march, reviewer, bergen):
    before = figures_in_effect()
    replacement = import_file(corrected_march, "flo-mars-2025-rettet.csv", replace=True, allow_partial=True)
    assert figures_in_effect() != before

    restored = rollback_import(replacement, user=reviewer)

    assert restored == [march_import]
    assert figures_in_effect() == before
    assert bergen.pk in figures_in_effect()
    replacement.refresh_from_db()
    assert replacement.status == ImportBatch.Status.ROLLED_BACK
    assert replacement.is_rolled_back
    assert replacement.rolled_back_by == reviewer
    assert replacement.rolled_back_at is not None
    assert replacement.rolled_back_at >= replacement.created_at
    # The rolled-back figures are kept for the record, but none is in effect.
    assert replacement.figures.count() == len(before) - 1
    assert not replacement.figures.filter(is_current=True).exists()


def test_rolling_back_twice_is_refused(march_import, reviewer):
    rollback_import(march_import, user=reviewer)

    with pytest.raises(RollbackRefused, match=r"^Importen er allerede rullet tilbake\.$"):
        rollback_import(march_import, user=reviewer)


def test_only_the_latest_import_of_a_month_can_be_rolled_back(march_import, corrected_march, reviewer):
    """The imports are a stack: the older one comes back only after the later one is rolled back."""
    before = figures_in_effect()
    replacement = import_file(corrected_march, "flo-mars-2025-rettet.csv", replace=True, allow_partial=True)

    with pytest.raises(RollbackRefused) as refusal:
        rollback_import(march_import, user=reviewer)

    assert str(refusal.value) == (
        "En senere import («flo-mars-2025-rettet.csv», mars 2025) har erstattet noen av disse tallene. "
        "Rull tilbake den først."
    )
    march_import.refresh_from_db()
    assert march_import.status == ImportBatch.Status.IMPORTED

    assert rollback_import(replacement, user=reviewer) == [march_import]
    assert figures_in_effect() == before
    assert rollback_import(march_import, user=reviewer) == []
    assert figures_in_effect() == {}


def test_three_imports_of_a_month_unwind_one_at_a_time(municipalities, reviewer):
    first, second, third = (
        import_file(csv_content(file_rows(municipalities, MONTH, agreements)), f"flo-{agreements}.csv", replace=True)
        for agreements in (10, 20, 30)
    )

    with pytest.raises(RollbackRefused, match=r"«flo-30\.csv»"):
        rollback_import(second)
    assert rollback_import(third) == [second]
    with pytest.raises(RollbackRefused, match=r"«flo-20\.csv»"):
        rollback_import(first)
    assert rollback_import(second) == [first]
    assert {values["gp_agreements"] for _, values in figures_in_effect().values()} == {10}


def test_a_multi_month_import_replaced_in_part(municipalities, oslo, reviewer):
    both = import_file(
        csv_content(file_rows(municipalities, FEBRUARY) + file_rows(municipalities, MONTH)), "flo-feb-mars.csv"
    )
    assert (both.row_count, both.first_month, both.last_month) == (2 * len(municipalities), FEBRUARY, MONTH)
    march = import_file(csv_content(file_rows(municipalities, MONTH, agreements=20)), "flo-mars.csv", replace=True)

    assert figures_in_effect(FEBRUARY)[oslo.pk] == (both.pk, counts(10))
    assert figures_in_effect(MONTH)[oslo.pk] == (march.pk, counts(20))
    with pytest.raises(RollbackRefused, match=r"«flo-mars\.csv», mars 2025"):
        rollback_import(both, user=reviewer)

    assert rollback_import(march, user=reviewer) == [both]
    assert figures_in_effect(FEBRUARY)[oslo.pk] == (both.pk, counts(10))
    assert figures_in_effect(MONTH)[oslo.pk] == (both.pk, counts(10))

    rollback_import(both, user=reviewer)
    assert figures_in_effect(FEBRUARY) == figures_in_effect(MONTH) == {}


def test_rolling_back_an_import_of_two_months_brings_back_both_earlier_imports(municipalities):
    february = import_file(csv_content(file_rows(municipalities, FEBRUARY)), "flo-feb.csv")
    march = import_file(csv_content(file_rows(municipalities, MONTH)), "flo-mars.csv")
    both = import_file(
        csv_content(file_rows(municipalities, FEBRUARY, 20) + file_rows(municipalities, MONTH, 20)),
        "flo-feb-mars-rettet.csv",
        replace=True,
    )

    assert rollback_import(both) == [february, march]
    assert {batch_id for batch_id, _ in figures_in_effect(FEBRUARY).values()} == {february.pk}
    assert {batch_id for batch_id, _ in figures_in_effect(MONTH).values()} == {march.pk}


def test_rolling_back_the_only_import_leaves_no_figures_in_effect(march_import, municipalities, reviewer):
    assert rollback_import(march_import, user=reviewer) == []

    assert figures_in_effect() == {}
    assert MonthlyFigures.objects.filter(batch=march_import).count() == len(municipalities)


def test_a_rolled_back_month_can_be_imported_again_without_replace(march_import, corrected_march):
    rollback_import(march_import)

    again = import_file(corrected_march, "flo-mars-2025-rettet.csv", allow_partial=True)

    assert {batch_id for batch_id, _ in figures_in_effect().values()} == {again.pk}


def test_rolling_back_a_later_import_does_not_restore_a_rolled_back_one(march_import, corrected_march):
    rollback_import(march_import)
    again = import_file(corrected_march, "flo-mars-2025-rettet.csv", allow_partial=True)

    assert rollback_import(again) == []
    assert figures_in_effect() == {}


# --- The data version ----------------------------------------------------------------------------


def test_an_import_bumps_the_data_version_when_it_commits(valid_file, django_capture_on_commit_callbacks):
    before = data_version()

    with django_capture_on_commit_callbacks() as callbacks:
        import_file(valid_file, "flo.csv")
    assert data_version() == before  # not before the transaction commits

    for callback in callbacks:
        callback()
    assert data_version() != before


def test_a_rollback_bumps_the_data_version(march_import, django_capture_on_commit_callbacks):
    before = data_version()

    with django_capture_on_commit_callbacks(execute=True):
        rollback_import(march_import)

    assert data_version() != before


def test_a_refused_import_leaves_the_data_version_alone(march_import, valid_file, django_capture_on_commit_callbacks):
    before = data_version()

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(ImportRefused):
        import_file(valid_file, "flo-igjen.csv")

    assert callbacks == []
    assert data_version() == before


# --- Demo data -----------------------------------------------------------------------------------


def test_an_import_can_be_flagged_as_demo_data(valid_file):
    assert import_file(valid_file, "demo.csv", is_demo=True).is_demo


def test_the_demo_figures_go_through_the_import_flagged_as_demo(municipalities):
    batch = load_demo_figures([FEBRUARY, MONTH])

    batch.refresh_from_db()
    assert batch.is_demo
    assert batch.file_name == DEMO_FILE_NAME
    assert batch.row_count == 2 * len(municipalities)
    assert len(figures_in_effect(MONTH)) == len(municipalities)
    assert load_demo_figures([FEBRUARY, MONTH]) is None  # a second run leaves the figures alone
    assert ImportBatch.objects.get() == batch


# --- The database's own guarantees ---------------------------------------------------------------


def test_the_database_refuses_two_current_figures_for_a_municipality_and_month(oslo):
    add_figures(oslo, MONTH)

    with pytest.raises(IntegrityError), transaction.atomic():
        MonthlyFigures.objects.create(
            municipality=oslo, month=MONTH, batch=ImportBatchFactory(), is_current=True, **counts()
        )


def test_the_database_keeps_replaced_figures_beside_the_current_ones(oslo):
    """The negative control for the constraint above: it binds only current figures."""
    add_figures(oslo, MONTH)

    MonthlyFigures.objects.create(
        municipality=oslo, month=MONTH, batch=ImportBatchFactory(), is_current=False, **counts()
    )

    assert MonthlyFigures.objects.filter(municipality=oslo, month=MONTH).count() == 2


@pytest.mark.parametrize(
    "smaller, larger",
    [
        ("lists_without_gp", "gp_agreements"),
        ("open_lists", "gp_agreements"),
        ("female_gps", "gp_agreements"),
        ("residents_without_gp", "residents_on_lists"),
    ],
)
def test_the_database_refuses_impossible_counts_that_bypass_validation(oslo, smaller, larger):
    values = counts()
    values[smaller] = values[larger] + 1

    with pytest.raises(IntegrityError), transaction.atomic():
        MonthlyFigures.objects.create(municipality=oslo, month=MONTH, batch=ImportBatchFactory(), **values)


def test_the_database_accepts_counts_at_the_limit(oslo):
    values = counts(lists_without_gp=10, open_lists=10, female_gps=10, residents_without_gp=10_000)

    assert MonthlyFigures.objects.create(municipality=oslo, month=MONTH, batch=ImportBatchFactory(), **values).pk
