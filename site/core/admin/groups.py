"""The admin's groups and who does what, for the apps' data migrations to grant to.

- Redaktører (Wagtail's Editors) write pages and submit documentation for approval.
- Moderatorer (Wagtail's Moderators) approve ("Faglig godkjenning") and publish.
- Kommunikasjonsansvarlig sends newsletters, keeps the subscriber list and imports or rolls
  back FLO figures: what reaches every subscriber or changes official figures belongs to one
  named group, not to everyone who may write or approve a page. It has the Editors' page and
  collection rights, so that it can open and write the issues it sends; it does not publish.

Health data (the conference's sensitive answers) has a permission of its own that no group
holds: an administrator gives it to the person who needs it for one conference.

The helpers take the migration's `apps`, so that they work on the historical models.
"""

from __future__ import annotations

EDITORS = "Redaktører"
MODERATORS = "Moderatorer"
COMMUNICATIONS = "Kommunikasjonsansvarlig"

# Wagtail creates the groups in English; core's migration 0008 renames them. A data
# migration that may run before the rename finds a group by either name.
ENGLISH_NAMES = {EDITORS: "Editors", MODERATORS: "Moderators"}


def names_of(*groups: str) -> tuple[str, ...]:
    """The groups' names, with their English names from before the rename."""
    return (*groups, *(ENGLISH_NAMES[group] for group in groups if group in ENGLISH_NAMES))


def communications_group(apps):
    """The Kommunikasjonsansvarlig group, created with admin access and the Editors' page and collection rights."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    group, created = Group.objects.get_or_create(name=COMMUNICATIONS)
    if not created:
        return group
    access_admin = Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin").first()
    if access_admin is not None:
        group.permissions.add(access_admin)
    editors = Group.objects.filter(name__in=names_of(EDITORS)).first()
    if editors is not None:
        for row in GroupPagePermission.objects.filter(group=editors):
            GroupPagePermission.objects.get_or_create(group=group, page_id=row.page_id, permission_id=row.permission_id)
        for row in GroupCollectionPermission.objects.filter(group=editors):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection_id=row.collection_id, permission_id=row.permission_id
            )
    return group


# What a data migration that moves rights needs to have run first: the groups, the page and
# collection permissions copied into the new group, and the admin access permission.
MIGRATION_DEPENDENCIES = [
    ("wagtailcore", "0090_remove_grouppagepermission_permission_type"),
    ("wagtaildocs", "0014_alter_document_file_size"),
    ("wagtailimages", "0027_image_description"),
    ("wagtailadmin", "0001_create_admin_access_permissions"),
    ("auth", "0012_alter_user_first_name_max_length"),
]


def app_permissions(apps, app_label: str):
    """The app's permissions, created first: Django makes them only after the last migration."""
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config(app_label)
    app_config.models_module = True  # the migration's app stub lacks it; create_permissions checks it
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    return apps.get_model("auth", "Permission").objects.filter(content_type__app_label=app_label)


def set_editors_and_moderators(apps, permissions, *, hold: bool) -> None:
    """Give Editors and Moderators these permissions (hold=True) or take them away."""
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=names_of(EDITORS, MODERATORS)):
        (group.permissions.add if hold else group.permissions.remove)(*permissions)
