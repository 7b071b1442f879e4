"""Importing FLO figures and rolling imports back move from Editors and Moderators to Kommunikasjonsansvarlig.

The figures are official statistics that the public pages and the open data repeat; an
import replaces a month's figures and a rollback brings old ones back. Editors and
Moderators keep reading the import log (core/admin/groups.py says who does what).
"""

from django.db import migrations

from core.admin.groups import MIGRATION_DEPENDENCIES, app_permissions, communications_group, set_editors_and_moderators

CHANGING = ("add_importbatch", "change_importbatch")
READING = ("view_importbatch",)
REGISTER = ("view_municipality", "view_county")


def forwards(apps, schema_editor):
    flo = app_permissions(apps, "flo")
    changing = list(flo.filter(codename__in=CHANGING))
    Permission = apps.get_model("auth", "Permission")
    communications_group(apps).permissions.add(
        *changing,
        *flo.filter(codename__in=READING),
        *Permission.objects.filter(content_type__app_label="core", codename__in=REGISTER),
    )
    set_editors_and_moderators(apps, changing, hold=False)


def backwards(apps, schema_editor):
    flo = apps.get_model("auth", "Permission").objects.filter(content_type__app_label="flo")
    set_editors_and_moderators(apps, flo.filter(codename__in=CHANGING), hold=True)


class Migration(migrations.Migration):
    dependencies = [("flo", "0006_register_moved_to_core"), *MIGRATION_DEPENDENCIES]

    operations = [migrations.RunPython(forwards, backwards)]
