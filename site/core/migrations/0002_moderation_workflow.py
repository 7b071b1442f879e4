"""Create the "Faglig godkjenning" workflow that guidance and reports go through,
and stop moderating every page through Wagtail's root-level default workflow."""

from django.db import migrations

NAME = "Faglig godkjenning"


def create_workflow(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    ContentType = apps.get_model("contenttypes", "ContentType")

    task_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
    task = GroupApprovalTask.objects.filter(name=NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=NAME, content_type=task_type, active=True)
    moderators = Group.objects.filter(name="Moderators").first()
    if moderators is not None:
        task.groups.add(moderators)
    workflow, _ = Workflow.objects.get_or_create(name=NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    # Wagtail assigns its default workflow to the root, which would moderate every page,
    # campaigns included. Documentation is moderated by page type instead (core.moderation).
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowPage.objects.filter(page__depth=1, workflow__name="Moderators approval").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("wagtailcore", "0048_add_default_workflows"),
    ]

    operations = [migrations.RunPython(create_workflow, migrations.RunPython.noop)]
