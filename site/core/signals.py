"""Record public versions when an editor publishes a substantive change; new versions for
what public pages show of images, documents and the register."""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.signals import page_published

from . import page_cache  # noqa: F401 (connects the frontend cache's receivers)
from .cache_versions import bump_version
from .models import BasePage, County, Municipality, PublicVersion
from .municipality_register import bump_register_version
from .page_tree import VERSION_KEY as PAGE_TREE_VERSION_KEY

MEDIA_VERSION_KEY = "allmenn:media:version"
# What Wagtail fills in on an image or document by itself, as a page is rendered.
MEDIA_BOOKKEEPING_FIELDS = frozenset({"file_hash", "file_size", "width", "height"})

logger = logging.getLogger(__name__)


@receiver(page_published)
def record_public_version(sender, instance, revision, **kwargs) -> None:
    """Turn a publish marked as substantive into a public version.

    Idempotent: a revision gives at most one version, however often it is published.
    The mark belongs to the published revision: the page's row forgets it, so that a
    revision made later from the row (a move, a script, the admin API) does not carry
    the old mark into the next publish.
    """
    if kwargs.get("alias") or not isinstance(instance, BasePage) or not instance.live:
        return
    if not instance.substantive_change or revision is None:
        return
    with transaction.atomic():
        version, created = PublicVersion.objects.get_or_create(
            revision=revision,
            defaults={
                "page_id": instance.pk,
                "published_at": instance.last_published_at or timezone.now(),
                "note": instance.change_note.strip(),
                "content": revision.content,
            },
        )
        row = type(instance).objects.filter(pk=instance.pk)
        row.update(substantive_change=False, change_note="")
        if created:
            row.update(last_substantive_change_at=version.published_at)
            instance.last_substantive_change_at = version.published_at
            logger.info("Public version %s recorded for page %s", version.pk, instance.pk)


@receiver(post_save, sender=PublicVersion)
@receiver(post_delete, sender=PublicVersion)
def public_versions_changed(sender, **kwargs) -> None:
    """A page's link to its earlier versions is cached under the page tree's version."""
    bump_version(PAGE_TREE_VERSION_KEY)


@receiver(post_save, sender=County)
@receiver(post_delete, sender=County)
@receiver(post_save, sender=Municipality)
@receiver(post_delete, sender=Municipality)
@receiver(m2m_changed, sender=Municipality.successors.through)
def register_changed(sender, **kwargs) -> None:
    bump_register_version()


@receiver(post_save, sender=get_image_model(), dispatch_uid="core.image_saved")
@receiver(post_save, sender=get_document_model(), dispatch_uid="core.document_saved")
@receiver(post_delete, sender=get_image_model(), dispatch_uid="core.image_deleted")
@receiver(post_delete, sender=get_document_model(), dispatch_uid="core.document_deleted")
def media_changed(sender, created: bool = False, update_fields=None, **kwargs) -> None:
    """Pages show an image's file, alt text and focal point, a document's title and size:
    a replaced or edited one changes them (core/page_cache.py keys on the version). A new
    one is on no page yet."""
    if created or (update_fields and set(update_fields) <= MEDIA_BOOKKEEPING_FIELDS):
        return
    bump_version(MEDIA_VERSION_KEY)


@receiver(post_delete, sender=get_image_model().get_rendition_model(), dispatch_uid="core.rendition_deleted")
def rendition_deleted(sender, **kwargs) -> None:
    """A rendition purged on its own (wagtail_update_image_renditions): pages that name its
    file, and renditions kept in memory (core/templatetags/renditions.py), must not."""
    bump_version(MEDIA_VERSION_KEY)
