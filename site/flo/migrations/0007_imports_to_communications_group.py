"""Importing FLO figures and rolling imports back move from Editors and Moderators to Kommunikasjonsansvarlig.

The figures are official statistics that the public pages and the open data repeat; an
import replaces a month's figures and a rollback brings old ones back. Editors and
Moderators keep reading the import log (core/admin/groups.py says who does what).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from core.admin.groups import EDITORS, MODERATORS, communications_group

CHANGING = ("add_importbatch", "change_importbatch")
READING = ("view_importbatch",)
REGISTER = ("view_municipality", "view_county")


def forwards(apps, schema_editor):
    app_config = apps.get_app_config("flo")
    app_config.models_module = True  # the migration's app stub lacks it; create_permissions checks it
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    changing = list(Permission.objects.filter(content_type__app_label="flo", codename__in=CHANGING))
    group = communications_group(apps)
    group.permissions.add(
        *changing,
        *Permission.objects.filter(content_type__app_label="flo", codename__in=READING),
        *Permission.objects.filter(content_type__app_label="core", codename__in=REGISTER),
    )
    for former in Group.objects.filter(name__in=(EDITORS, MODERATORS)):
        former.permissions.remove(*changing)


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    changing = Permission.objects.filter(content_type__app_label="flo", codename__in=CHANGING)
    for former in Group.objects.filter(name__in=(EDITORS, MODERATORS)):
        former.permissions.add(*changing)


class Migration(migrations.Migration):
    dependencies = [
        ("flo", "0006_register_moved_to_core"),
        ("wagtailcore", "0090_remove_grouppagepermission_permission_type"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
