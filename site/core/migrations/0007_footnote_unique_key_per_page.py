"""One footnote per key on a page: drop duplicates left by concurrent saves, then say so in the database."""

from django.db import migrations, models
from django.db.models import Count, Max


def drop_duplicate_footnotes(apps, schema_editor):
    """Keep the newest row of each (page, key); the others are copies written by a second, concurrent save."""
    Footnote = apps.get_model("core", "Footnote")
    duplicated = (
        Footnote.objects.values("page_id", "key").annotate(rows=Count("pk"), newest=Max("pk")).filter(rows__gt=1)
    )
    for group in duplicated:
        Footnote.objects.filter(page_id=group["page_id"], key=group["key"]).exclude(pk=group["newest"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_outgoing_mail"),
    ]

    operations = [
        migrations.RunPython(drop_duplicate_footnotes, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="footnote",
            constraint=models.UniqueConstraint(fields=("page", "key"), name="core_footnote_unique_key_per_page"),
        ),
    ]
