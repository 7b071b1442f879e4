"""Wagtail's groups and its default workflow get Norwegian names: Editors become Redaktører,
Moderators become Moderatorer, and "Moderators approval" becomes "Godkjenning av moderatorer".

Runs after every migration that looks the groups up by their English names; later ones use
core.admin.groups, which finds a group by either name.
"""

from django.db import migrations

GROUPS = {"Editors": "Redaktører", "Moderators": "Moderatorer"}
WORKFLOW = {"Moderators approval": "Godkjenning av moderatorer"}


def rename(apps, names: dict[str, str], model: str, app_label: str) -> None:
    Model = apps.get_model(app_label, model)
    for old, new in names.items():
        if not Model.objects.filter(name=new).exists():
            Model.objects.filter(name=old).update(name=new)


def to_norwegian(apps, schema_editor):
    rename(apps, GROUPS, "Group", "auth")
    rename(apps, WORKFLOW, "Workflow", "wagtailcore")
    rename(apps, WORKFLOW, "Task", "wagtailcore")


def to_english(apps, schema_editor):
    rename(apps, {new: old for old, new in GROUPS.items()}, "Group", "auth")
    rename(apps, {new: old for old, new in WORKFLOW.items()}, "Workflow", "wagtailcore")
    rename(apps, {new: old for old, new in WORKFLOW.items()}, "Task", "wagtailcore")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0007_footnote_unique_key_per_page"),
        ("wagtailcore", "0048_add_default_workflows"),
        # The data migrations that name the groups in English.
        ("search", "0002_editor_permissions"),
        ("conference", "0002_consent_text_and_permissions"),
        ("flo", "0003_editor_permissions"),
        ("newsletter", "0002_topics_consent_permissions"),
    ]

    operations = [migrations.RunPython(to_norwegian, to_english)]
