"""Signal handlers for the podcast: a file no version needs any more is deleted once the
change has committed. (The feed needs no signal: feed_freshness.py sees every change.)"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_save, pre_delete, pre_save
from django.dispatch import receiver
from wagtail.models import Revision
from wagtail.signals import page_published

from .models import PodcastEpisodePage
from .stored_files import FILE_FIELDS, names_in_revision_content, names_in_row, names_used_by
from .tasks import request_file_cleanup

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
