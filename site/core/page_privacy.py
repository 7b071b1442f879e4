"""Which pages are private, read once per version of the page tree instead of per request.

Wagtail asks the database on every request which view restrictions apply to the page
served (two queries: the ancestors, then their restrictions), and `.public()` asks for
every restriction on each call. A restriction added, changed or removed, a page moved and
an alias page published all renew the page tree's version (core/page_tree.py), so the
restricted sections and the alias pages, cached under that version, answer both without
a query. Where a restriction or an alias does lie on a page's path, Wagtail's own lookup
runs, so what a visitor may see is always decided by Wagtail.
"""

from __future__ import annotations

from django.db.models import Q
from wagtail.models import Page, PageViewRestriction
from wagtail.query import PageQuerySet

from .page_tree import kept_per_tree


def restricted_sections() -> list[tuple[str, int]]:
    """(path, depth) of every page with a view restriction."""
    return kept_per_tree(
        "restricted-sections",
        lambda: sorted(set(PageViewRestriction.objects.values_list("page__path", "page__depth"))),
    )


def alias_paths() -> list[str]:
    """The tree paths of every alias page (an alias takes its original's restrictions)."""
    return kept_per_tree(
        "alias-paths", lambda: sorted(Page.objects.filter(alias_of__isnull=False).values_list("path", flat=True))
    )


def public(queryset: PageQuerySet) -> PageQuerySet:
    """Wagtail's `.public()` (no page in or under a restricted section) without its query
    for the restrictions on every call."""
    private = Q()
    for path, depth in restricted_sections():
        private |= Q(path__startswith=path, depth__gte=depth)
    return queryset.exclude(private) if private else queryset


def surely_unrestricted(page: Page) -> bool:
    """True when no restriction can apply to `page`: none on it or an ancestor, and no
    alias on its path whose original could carry one."""
    on_path = [path for path, _depth in restricted_sections() if page.path.startswith(path)]
    aliased = page.alias_of_id is not None or any(page.path.startswith(path) for path in alias_paths())
    return not on_path and not aliased
