"""The register of counties and municipalities moves here from the flo app.

State only: the tables (flo_county, flo_municipality, flo_municipality_successors), their
rows and constraints stay as flo's migrations created them; the models keep those names
through Meta.db_table. The through table of `successors` is derived from db_table, so it
keeps its name without a db_table of its own.
"""

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_footnote_key_validator"),
        # flo's migrations created the tables and loaded the register's rows.
        ("flo", "0002_register"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="County",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("valid_from", models.DateField(verbose_name="gyldig fra")),
                        ("valid_to", models.DateField(blank=True, help_text="Tom betyr at den fortsatt gjelder.", null=True, verbose_name="gyldig til")),
                        ("number", models.CharField(max_length=2, validators=[django.core.validators.RegexValidator("^\\d{2}$", "To sifre, for eksempel 03.")], verbose_name="fylkesnummer")),
                        ("name", models.CharField(max_length=100, verbose_name="navn")),
                    ],
                    options={
                        "verbose_name": "fylke",
                        "verbose_name_plural": "fylker",
                        "db_table": "flo_county",
                        "ordering": ["number", "valid_from"],
                        "constraints": [models.UniqueConstraint(fields=("number", "valid_from"), name="flo_county_number_period")],
                    },
                ),
                migrations.CreateModel(
                    name="Municipality",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("valid_from", models.DateField(verbose_name="gyldig fra")),
                        ("valid_to", models.DateField(blank=True, help_text="Tom betyr at den fortsatt gjelder.", null=True, verbose_name="gyldig til")),
                        ("number", models.CharField(max_length=4, validators=[django.core.validators.RegexValidator("^\\d{4}$", "Fire sifre, for eksempel 0301.")], verbose_name="kommunenummer")),
                        ("name", models.CharField(max_length=100, verbose_name="navn")),
                        ("other_names", models.CharField(blank=True, help_text="Samiske og kvenske navn, skilt med «|».", max_length=200, verbose_name="andre offisielle navn")),
                        ("county", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="municipalities", to="core.county", verbose_name="fylke")),
                        ("successors", models.ManyToManyField(blank=True, help_text="Kommunen eller kommunene som overtok da dette nummeret sluttet å gjelde.", related_name="predecessors", to="core.municipality", verbose_name="videreført i")),
                    ],
                    options={
                        "verbose_name": "kommune",
                        "verbose_name_plural": "kommuner",
                        "db_table": "flo_municipality",
                        "ordering": ["number", "valid_from"],
                        "constraints": [models.UniqueConstraint(fields=("number", "valid_from"), name="flo_municipality_number_period")],
                    },
                ),
            ],
        ),
    ]
