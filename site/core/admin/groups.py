"""The admin's groups and who does what, for the apps' data migrations to grant to.

- Editors (Wagtail's) write pages and submit documentation for approval.
- Moderators (Wagtail's) approve ("Faglig godkjenning") and publish.
- Kommunikasjonsansvarlig sends newsletters, keeps the subscriber list and imports or rolls
  back FLO figures: what reaches every subscriber or changes official figures belongs to one
  named group, not to everyone who may write or approve a page. It has the Editors' page and
  collection rights, so that it can open and write the issues it sends; it does not publish.

Health data (the conference's sensitive answers) has a permission of its own that no group
holds: an administrator gives it to the person who needs it for one conference.

The helpers take the migration's `apps`, so that they work on the historical models.
"""

from __future__ import annotations

EDITORS = "Editors"
MODERATORS = "Moderators"
COMMUNICATIONS = "Kommunikasjonsansvarlig"


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
    editors = Group.objects.filter(name=EDITORS).first()
    if editors is not None:
        for row in GroupPagePermission.objects.filter(group=editors):
            GroupPagePermission.objects.get_or_create(group=group, page_id=row.page_id, permission_id=row.permission_id)
        for row in GroupCollectionPermission.objects.filter(group=editors):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection_id=row.collection_id, permission_id=row.permission_id
            )
    return group
