"""Sending issues and keeping the subscriber list move from Editors and Moderators to Kommunikasjonsansvarlig.

Until now anyone who could write or approve a page could mail every subscriber, import a
list of addresses and read who subscribes. Those are the communication officer's
(core/admin/groups.py); Editors and Moderators keep their page rights.
"""

from django.db import migrations

from core.admin.groups import MIGRATION_DEPENDENCIES, app_permissions, communications_group, set_editors_and_moderators

MODELS = ("subscriber", "send", "topic", "consenttext", "suppression", "delivery", "consent")
# As before: a consent text that has been shown, a suppression and a delivery are records, not for deleting.
NOT_GRANTED = ("delete_consenttext", "delete_suppression", "delete_delivery")


def codenames() -> list[str]:
    every = [f"{action}_{model}" for model in MODELS for action in ("add", "change", "view", "delete")]
    return [codename for codename in every if codename not in NOT_GRANTED]


def forwards(apps, schema_editor):
    newsletter = app_permissions(apps, "newsletter")
    communications_group(apps).permissions.add(*newsletter.filter(codename__in=codenames()))
    # Whatever Editors and Moderators held of the newsletter's, they hold no more.
    set_editors_and_moderators(apps, newsletter, hold=False)


def backwards(apps, schema_editor):
    newsletter = apps.get_model("auth", "Permission").objects.filter(content_type__app_label="newsletter")
    set_editors_and_moderators(apps, newsletter.filter(codename__in=codenames()), hold=True)


class Migration(migrations.Migration):
    dependencies = [("newsletter", "0004_subscriber_municipality_in_core"), *MIGRATION_DEPENDENCIES]

    operations = [migrations.RunPython(forwards, backwards)]
