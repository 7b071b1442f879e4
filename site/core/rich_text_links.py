"""Links to pages in rich text, resolved once per version of the page tree.

Wagtail turns every `<a linktype="page" id="…">` in rich text into the page's address
with two queries per rendering (the pages, then their specific objects), on every request
for a page whose text links to another. The address only changes when the page tree does
(a publication, a move, a slug or Site change: core/page_tree.py), so the finished tag is
kept in the cache under that version and Wagtail's own handler makes it on a miss.
"""

from __future__ import annotations

from django.core.cache import cache
from wagtail.rich_text.pages import PageLinkHandler

from .page_tree import page_tree_version

# The key changes with the tree, so this only bounds how long an unused entry takes room.
TIMEOUT = 60 * 60 * 24


class VersionedPageLinkHandler(PageLinkHandler):
    @classmethod
    def expand_db_attributes_many(cls, attrs_list: list[dict]) -> list[str]:
        version = page_tree_version()
        keys = [_key(version, attrs) for attrs in attrs_list]
        found = cache.get_many([key for key in keys if key])
        tags: list[str | None] = [found.get(key) if key else None for key in keys]
        missing = [index for index, tag in enumerate(tags) if tag is None]
        if missing:
            made = super().expand_db_attributes_many([attrs_list[index] for index in missing])
            for index, tag in zip(missing, made, strict=True):
                tags[index] = tag
            cache.set_many({keys[index]: tags[index] for index in missing if keys[index]}, TIMEOUT)
        return tags


def _key(version: str, attrs: dict) -> str | None:
    page_id = str(attrs.get("id", ""))
    return f"allmenn:page-link:{version}:{page_id}" if page_id.isdigit() else None
