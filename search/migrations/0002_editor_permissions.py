"""Editors manage synonyms and promoted results and read the query statistics."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ("Editors", "Moderators")
SEARCH_CODENAMES = (
    "view_queryday",
    "view_synonymgroup",
    "add_synonymgroup",
    "change_synonymgroup",
    "delete_synonymgroup",
)
PROMOTION_CODENAMES = ("add_searchpromotion", "change_searchpromotion", "delete_searchpromotion")


def forwards(apps, schema_editor):
    for label in ("search", "wagtailsearchpromotions"):
        app_config = apps.get_app_config(label)
        app_config.models_module = True  # the migration's app stub lacks it; create_permissions checks it
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = list(
        Permission.objects.filter(content_type__app_label="search", codename__in=SEARCH_CODENAMES)
    ) + list(
        Permission.objects.filter(content_type__app_label="wagtailsearchpromotions", codename__in=PROMOTION_CODENAMES)
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
        ("wagtailsearchpromotions", "0007_searchpromotion_external_link_text_and_more"),
        ("wagtailcore", "0002_initial_data"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
