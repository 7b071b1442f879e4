"""One version of the page tree as visitors see it: which pages are live, where, and for whom.

What is cached from the tree (the header and footer, the search page's address, the
podcast feeds every page links to) carries this version in its key, so one set of
receivers serves them all: any publication, unpublication, slug change, move or deletion
of a page, any change to a page's privacy and any change to a Site starts a new version.
So does a live page saved outside the editor's drafts and locks (a page created live by a
script, the demo loader or a factory, a field written straight to a live page's row): the
full-page cache (core/page_cache.py) must not show what such a save changed too late.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from .cache_versions import bump_version, current_version, kept_under

VERSION_KEY = "allmenn:page-tree:version"
# How long an entry kept under a version stays: its key changes with the tree, so this only
# bounds how long an unused one takes room in the cache.
KEPT_FOR = 60 * 60 * 24

T = TypeVar("T")


def page_tree_version() -> str:
    return current_version(VERSION_KEY)


def kept_per_tree(key: str, build: Callable[[], T], *, read_only: bool = True) -> T:
    """build(), kept under `key` and the page tree's current version (`kept_under`): for
    what only a publication, move, deletion, privacy or Site change can change."""
    return kept_under(f"allmenn:{key}:{page_tree_version()}", build, KEPT_FOR, read_only=read_only)


@receiver(page_published)
@receiver(page_unpublished)
@receiver(page_slug_changed)
@receiver(post_page_move)
@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
def new_version_on_change(sender, **kwargs) -> None:
    bump_version(VERSION_KEY)


@receiver(post_delete)
def new_version_on_page_delete(sender, instance=None, **kwargs) -> None:
    if isinstance(instance, Page):
        bump_version(VERSION_KEY)


# What Wagtail writes on a page's row for drafts, locks and workflow, which visitors never see.
DRAFT_FIELDS = frozenset(
    {
        "has_unpublished_changes",
        "draft_title",
        "latest_revision",
        "latest_revision_created_at",
        "locked",
        "locked_at",
        "locked_by",
        "wagtail_admin_comments",  # save_revision() saves the comments with the draft
    }
)


@receiver(post_save)
def new_version_on_live_page_save(sender, instance=None, update_fields=None, **kwargs) -> None:
    if not isinstance(instance, Page) or not instance.live:
        return
    if update_fields is not None and set(update_fields) <= DRAFT_FIELDS:
        return
    bump_version(VERSION_KEY)
