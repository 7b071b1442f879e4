"""How the demo texts describe a page: the page tree as plain data, resolved at load time."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .stream import Refs

BodyFn = Callable[[Refs], list[dict]]
FieldsFn = Callable[[Refs], dict]


def no_fields(refs: Refs) -> dict:
    return {}


@dataclass(frozen=True)
class Edition:
    """One publish of a page, some days before today.

    An edition with a change note is a substantive change and becomes a public version.
    """

    days_ago: int
    body: BodyFn | None = None
    change_note: str = ""


@dataclass(frozen=True)
class PageSpec:
    """A demo page and its children.

    ``key`` names the page for links from other pages (slugs repeat across reports);
    ``fields`` gives model fields that need ids (images, pages) or are type-specific.
    The last edition is what the page shows today.
    """

    model: str  # a model name in the pages app
    key: str
    slug: str
    title: str
    editions: tuple[Edition, ...]
    language: str = "nb"
    summary: str = ""
    fields: FieldsFn = no_fields
    footnotes: tuple[tuple[str, str], ...] = ()
    tags: tuple[str, ...] = ()
    attachments: tuple[tuple[str, str], ...] = ()  # (document key, title)
    social_image: str = ""
    social_text: str = ""
    children: tuple[PageSpec, ...] = field(default_factory=tuple)

    def walk(self):
        """This page and its descendants, parents before children."""
        yield self
        for child in self.children:
            yield from child.walk()
