"""Draft issues for the "new podcast episodes" topic, one per episode."""

from __future__ import annotations

from django.utils import timezone

from .models import NewsletterArchivePage, NewsletterIssuePage, Topic

PODCAST_TOPIC = "podkast"


def draft_slug(episode_id: int) -> str:
    return f"ny-episode-{episode_id}"


def draft_episode_issue(episode_id: int) -> NewsletterIssuePage | None:
    """Create the draft once; a republished or edited episode creates nothing more."""
    from podcast.models import PodcastEpisodePage

    episode = PodcastEpisodePage.objects.live().filter(pk=episode_id).first()
    archive = NewsletterArchivePage.objects.first()
    topic = Topic.objects.filter(slug=PODCAST_TOPIC, is_active=True).first()
    if episode is None or archive is None or topic is None:
        return None
    slug = draft_slug(episode.pk)
    if NewsletterIssuePage.objects.filter(slug=slug).exists():
        return None
    issue = NewsletterIssuePage(
        title=f"Ny episode: {episode.title}"[:255],
        slug=slug,
        live=False,
        topic=topic,
        language=episode.language if episode.language in ("nb", "nn") else "nb",
        preheader=(episode.summary or "")[:150],
        issue_month=timezone.localdate().replace(day=1),
        body=[
            {"type": "article", "value": {"page": episode.pk, "title": "", "summary": "", "show_image": True}},
            {"type": "button", "value": {"text": "Hør episoden", "page": episode.pk, "url": ""}},
        ],
    )
    archive.add_child(instance=issue)
    issue.save_revision()
    return issue
