"""Signal handlers for the newsletter: events from an ESP, and a draft mail for each new episode."""

from anymail.signals import tracking
from django.db import transaction
from django.dispatch import receiver
from wagtail.signals import page_published

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
