"""Page life-cycle events that change what search should find.

Each handler only records the affected pages in the outbox (see indexing.py); the
engine is updated by a task after the commit, never inside the editor's request.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver
from wagtail.documents import get_document_model
from wagtail.models import CollectionViewRestriction, Page, PageViewRestriction, ReferenceIndex
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from .indexing import subtree_ids
from .models import SynonymGroup
from .tasks import request_synonyms_update, request_update


@receiver(page_published)
def page_was_published(sender, instance: Page, **kwargs) -> None:
    ids = [instance.pk]
    # Chapters show their report's title as a breadcrumb: a report's new title reaches them.
    if getattr(instance.specific_class, "search_reindex_descendants", False):
        ids = subtree_ids(instance)
    request_update(ids)


@receiver(page_unpublished)
def page_was_unpublished(sender, instance: Page, **kwargs) -> None:
    request_update([instance.pk])


@receiver(page_slug_changed)
def page_slug_was_changed(sender, instance: Page, **kwargs) -> None:
    request_update(subtree_ids(instance))  # every URL below it changed


@receiver(post_page_move)
def page_was_moved(sender, instance: Page, **kwargs) -> None:
    request_update(subtree_ids(instance))


@receiver(post_delete)
def page_was_deleted(sender, instance, **kwargs) -> None:
    # Fired once for the Page row and once for the specific row; both ask for the same id.
    if isinstance(instance, Page):
        request_update([instance.pk])


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def privacy_was_changed(sender, instance: PageViewRestriction, **kwargs) -> None:
    # A restricted page leaves the index with everything below it; a lifted one returns.
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        request_update(subtree_ids(page))


def pages_referring_to(documents) -> list[int]:
    """Pages whose content links to any of these documents (Wagtail's reference index),
    in one query however many documents there are."""
    references = ReferenceIndex.get_references_to_in_bulk(documents).filter(
        base_content_type__app_label="wagtailcore", base_content_type__model="page"
    )
    return sorted({int(pk) for pk in references.values_list("object_id", flat=True)})


@receiver(post_save, sender=get_document_model())
def document_was_saved(sender, instance, created: bool, **kwargs) -> None:
    # A replaced PDF (or one moved to another collection) changes the attachment text of
    # every page that links to it.
    if not created:
        request_update(pages_referring_to([instance]))


@receiver(pre_delete, sender=get_document_model())
def document_will_be_deleted(sender, instance, **kwargs) -> None:
    # Before the references go: the outbox row is processed after the commit, when the
    # document (and so its text) is gone.
    request_update(pages_referring_to([instance]))


@receiver(post_save, sender=CollectionViewRestriction)
@receiver(post_delete, sender=CollectionViewRestriction)
def document_privacy_was_changed(sender, instance: CollectionViewRestriction, **kwargs) -> None:
    # Text from documents in a restricted collection stays out of the public index.
    collections = instance.collection.get_descendants(inclusive=True)
    request_update(pages_referring_to(get_document_model().objects.filter(collection__in=collections)))


@receiver(post_save, sender=SynonymGroup)
@receiver(post_delete, sender=SynonymGroup)
def synonyms_were_changed(sender, **kwargs) -> None:
    request_synonyms_update()
