"""Signal handlers for the podcast: a change to a show or its episodes bumps that show's feed version."""

from __future__ import annotations

from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from .feed import bump_feed_version
from .models import PodcastEpisodePage, PodcastShowPage


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
