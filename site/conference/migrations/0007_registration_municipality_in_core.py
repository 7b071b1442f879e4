"""Registration.municipality points to the register in core (state only: same table, same column)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("conference", "0006_programme_blocks"),
        ("core", "0004_county_municipality"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="registration",
                    name="municipality",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="core.municipality",
                        verbose_name="kommune",
                    ),
                ),
            ],
        ),
    ]
