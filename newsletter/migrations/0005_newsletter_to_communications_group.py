"""Sending issues and keeping the subscriber list move from Editors and Moderators to Kommunikasjonsansvarlig.

Until now anyone who could write or approve a page could mail every subscriber, import a
list of addresses and read who subscribes. Those are the communication officer's
(core/admin/groups.py); Editors and Moderators keep their page rights.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from core.admin.groups import EDITORS, MODERATORS, communications_group

MODELS = ("subscriber", "send", "topic", "consenttext", "suppression", "delivery", "consent")
# As before: a consent text that has been shown, a suppression and a delivery are records, not for deleting.
NOT_GRANTED = ("delete_consenttext", "delete_suppression", "delete_delivery")


def codenames() -> list[str]:
    every = [f"{action}_{model}" for model in MODELS for action in ("add", "change", "view", "delete")]
    return [codename for codename in every if codename not in NOT_GRANTED]


def forwards(apps, schema_editor):
    app_config = apps.get_app_config("newsletter")
    app_config.models_module = True  # the migration's app stub lacks it; create_permissions checks it
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    newsletter = Permission.objects.filter(content_type__app_label="newsletter")
    group = communications_group(apps)
    group.permissions.add(*newsletter.filter(codename__in=codenames()))
    # Whatever Editors and Moderators held of the newsletter's, they hold no more.
    Group = apps.get_model("auth", "Group")
    for former in Group.objects.filter(name__in=(EDITORS, MODERATORS)):
        former.permissions.remove(*newsletter)


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="newsletter", codename__in=codenames())
    for former in Group.objects.filter(name__in=(EDITORS, MODERATORS)):
        former.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("newsletter", "0004_subscriber_municipality_in_core"),
        ("wagtailcore", "0090_remove_grouppagepermission_permission_type"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
