"""Signal handlers for the newsletter: events from an ESP, a draft mail for each new episode,
and a new version for the cached archive page when topics change."""

from anymail.signals import tracking
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published

from core.cache_versions import bump_version

from .models import Topic
from .tracking import handle_tracking_event

tracking.connect(handle_tracking_event, dispatch_uid="newsletter.tracking")


@receiver(page_published, dispatch_uid="newsletter.episode_published")
def draft_issue_for_new_episode(sender, instance=None, **kwargs) -> None:
    """A first publish of a podcast episode prepares a draft mail for the podcast topic.

    Only a draft: an editor reads it and presses send. Nothing goes out by itself.
    """
    from podcast.models import PodcastEpisodePage

    if not isinstance(instance, PodcastEpisodePage):
        return
    from .tasks import draft_episode_issue_task

    episode_id = instance.pk
    transaction.on_commit(lambda: draft_episode_issue_task.enqueue(episode_id))


@receiver(post_save, sender=Topic, dispatch_uid="newsletter.topic_saved")
@receiver(post_delete, sender=Topic, dispatch_uid="newsletter.topic_deleted")
def topics_changed(sender, **kwargs) -> None:
    """The archive page names the topics (core/page_cache.py keys on this version)."""
    bump_version("allmenn:newsletter:topics:version")
