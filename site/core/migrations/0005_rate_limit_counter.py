"""The abuse limits' counters move from the cache to the database (or Redis): one row per key and window."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_county_municipality"),
    ]

    operations = [
        migrations.CreateModel(
            name="RateLimitCounter",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("key_digest", models.CharField(max_length=64, verbose_name="nøkkel (SHA-256)")),
                ("window_start", models.BigIntegerField(verbose_name="vinduets start (Unix-tid)")),
                ("count", models.PositiveIntegerField(default=0, verbose_name="antall")),
                ("expires_at", models.DateTimeField(db_index=True, verbose_name="utløper")),
            ],
            options={
                "verbose_name": "teller for misbruksgrense",
                "verbose_name_plural": "tellere for misbruksgrenser",
                "constraints": [
                    models.UniqueConstraint(fields=("key_digest", "window_start"), name="core_ratelimit_key_window")
                ],
            },
        ),
    ]
