"""Load Norway's counties and municipalities from 2020, with the 2024 reform."""

from django.db import migrations


def load(apps, schema_editor):
    from core.register_data import load_register

    load_register(apps.get_model("flo", "County"), apps.get_model("flo", "Municipality"))


class Migration(migrations.Migration):
    dependencies = [("flo", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
