"""Signal handlers for the podcast: a change to a show or its episodes bumps that show's feed
version, and a file no version needs any more is deleted once the change has committed."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from wagtail.models import Page, Revision
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from .feed import bump_feed_version
from .models import PodcastEpisodePage, PodcastShowPage
from .stored_files import FILE_FIELDS, names_in_revision_content, names_in_row, names_used_by
from .tasks import request_file_cleanup


def _show_ids_for(page: Page | None) -> set[int]:
    """The show a page belongs to: the page itself if it is a show, its parent if it is an episode."""
    if page is None:
        return set()
    page_class = page.specific_class  # from the content type: works for plain Page instances too
    if page_class is not None and issubclass(page_class, PodcastShowPage):
        return {page.pk}
    if page_class is not None and issubclass(page_class, PodcastEpisodePage) and page.depth and page.depth > 1:
        parent_path = page.path[: -Page.steplen]
        return set(PodcastShowPage.objects.filter(path=parent_path).values_list("pk", flat=True))
    return set()


@receiver(page_published)
@receiver(page_unpublished)
@receiver(page_slug_changed)
def bump_on_page_change(sender, instance: Page | None = None, **kwargs) -> None:
    for show_id in _show_ids_for(instance):
        bump_feed_version(show_id)


@receiver(post_page_move)
def bump_on_move(
    sender, instance: Page | None = None, parent_page_before=None, parent_page_after=None, **kwargs
) -> None:
    show_ids = _show_ids_for(instance)
    for parent in (parent_page_before, parent_page_after):
        if parent is not None:
            show_ids.add(parent.pk)  # an episode moved in or out: harmless if the parent is no show
    for show_id in show_ids:
        bump_feed_version(show_id)


@receiver(post_delete)
def bump_on_delete(sender, instance=None, **kwargs) -> None:
    if isinstance(instance, Page):
        for show_id in _show_ids_for(instance):
            bump_feed_version(show_id)


# --- Stored files (podcast/stored_files.py says what stays and why) -------------------------


@receiver(pre_save, sender=PodcastEpisodePage)
def remember_stored_files(sender, instance: PodcastEpisodePage, update_fields=None, **kwargs) -> None:
    if instance.pk and (update_fields is None or set(update_fields) & set(FILE_FIELDS)):
        stored = PodcastEpisodePage.objects.filter(pk=instance.pk).values_list(*FILE_FIELDS).first()
        instance._stored_file_names = {name for name in stored or () if name}


@receiver(post_save, sender=PodcastEpisodePage)
def clean_up_dropped_files(sender, instance: PodcastEpisodePage, **kwargs) -> None:
    """The row no longer points at a file (published new audio, a draft's replaced upload)."""
    before = instance.__dict__.pop("_stored_file_names", set())
    request_file_cleanup(before - names_in_row(instance))


@receiver(pre_save, sender=Revision)
def remember_overwritten_revision_files(sender, instance: Revision, update_fields=None, **kwargs) -> None:
    if instance.pk and update_fields is None and _is_episode_revision(instance):
        stored = Revision.objects.filter(pk=instance.pk).values_list("content", flat=True).first()
        instance._stored_file_names = names_in_revision_content(stored)


@receiver(post_save, sender=Revision)
def clean_up_after_a_new_draft(sender, instance: Revision, created: bool, update_fields=None, **kwargs) -> None:
    """A new (or autosaved) draft: a file only earlier drafts held is no longer needed."""
    if update_fields is not None or not _is_episode_revision(instance):
        return
    overwritten = instance.__dict__.pop("_stored_file_names", set())
    request_file_cleanup(names_used_by(int(instance.object_id)) | overwritten)


@receiver(page_published, sender=PodcastEpisodePage)
def clean_up_after_publishing(sender, instance: PodcastEpisodePage, **kwargs) -> None:
    """Publishing also ends the schedule of any other revision, whose file was kept for it."""
    request_file_cleanup(names_used_by(instance.pk))


@receiver(pre_delete, sender=PodcastEpisodePage)
def clean_up_a_deleted_episode(sender, instance: PodcastEpisodePage, **kwargs) -> None:
    """Also for each episode when its show is deleted with its children. Read before the rows go."""
    request_file_cleanup(names_used_by(instance.pk) | names_in_row(instance))


def _is_episode_revision(revision: Revision) -> bool:
    return revision.content_type_id == ContentType.objects.get_for_model(PodcastEpisodePage).pk
