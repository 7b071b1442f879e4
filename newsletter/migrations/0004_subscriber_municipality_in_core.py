"""Subscriber.municipality points to the register in core (state only: same table, same column)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("newsletter", "0003_conference_block_reads_the_conference_page"),
        ("core", "0004_county_municipality"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="subscriber",
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
