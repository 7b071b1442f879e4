"""Chooser blocks whose objects a page fetches together: one query per model for the page.

Wagtail converts a StreamField one block type at a time, and every block type that holds
an image, a page or a document asks the database for its own: a campaign with a hero,
testimonials, a gallery, a call to action and related links made five queries for three
images and three pages. `fetch_chosen_together()` reads the raw data of a page's streams,
collects every chosen id per model, fetches each model's objects in one query, and
converts the streams while the chooser blocks below take their objects from what was
fetched (a missing or unexpected id falls back to Wagtail's own lookup). Chosen pages are
kept in memory under the page tree's version, images and documents under the media
version, so a warm page asks for none of them.

The blocks store exactly what Wagtail's do and deconstruct as Wagtail's (see
DECONSTRUCT_ALIASES, which Wagtail's Block.deconstruct reads), so migrations neither
see nor depend on them.
"""

from __future__ import annotations

import copy
import functools
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db.models import Model
from wagtail import blocks
from wagtail.blocks import StreamValue
from wagtail.documents.blocks import DocumentChooserBlock as WagtailDocumentChooserBlock
from wagtail.fields import StreamField
from wagtail.images.blocks import ImageBlock as WagtailImageBlock
from wagtail.images.blocks import ImageChooserBlock as WagtailImageChooserBlock

from .cache_versions import current_version, kept_in_process

# model class -> {pk: object}, while fetch_chosen_together() converts a page's streams
_fetched: ContextVar[dict[type[Model], dict[Any, Model | None]] | None] = ContextVar(
    "allmenn_chosen_objects", default=None
)


class FetchedTogetherMixin:
    """A chooser block that takes its objects from those fetched for the whole page."""

    model_class: type[Model]

    def bulk_to_python(self, values: Iterable[Any]) -> list[Model | None]:
        values = list(values)
        known = (_fetched.get() or {}).get(self.model_class)
        if known is None or not all(value is None or value in known for value in values):
            return super().bulk_to_python(values)
        # Each use its own instance, as in Wagtail: an image block sets the alt text of its
        # place on the image, and the same image may be chosen in several places.
        return [copy.copy(obj) if (obj := known.get(value)) is not None else None for value in values]


class PageChooserBlock(FetchedTogetherMixin, blocks.PageChooserBlock):
    pass


class ImageChooserBlock(FetchedTogetherMixin, WagtailImageChooserBlock):
    pass


class DocumentChooserBlock(FetchedTogetherMixin, WagtailDocumentChooserBlock):
    pass


class ImageBlock(WagtailImageBlock):
    """Wagtail's image with alt text, its image fetched with the page's other images."""

    def __init__(self, required: bool = True, **kwargs) -> None:
        super().__init__(required=required, **kwargs)
        chooser = ImageChooserBlock(required=required)
        chooser.set_name("image")
        self.child_blocks["image"] = chooser


DECONSTRUCT_ALIASES = {
    PageChooserBlock: "wagtail.blocks.PageChooserBlock",
    ImageChooserBlock: "wagtail.images.blocks.ImageChooserBlock",
    DocumentChooserBlock: "wagtail.documents.blocks.DocumentChooserBlock",
}


def _chosen_ids(block: blocks.Block, raw: Any, found: dict[type[Model], set[Any]]) -> None:
    """Add the ids that `block`'s raw value `raw` chooses, by model."""
    if raw is None:
        return
    if isinstance(block, FetchedTogetherMixin):
        if isinstance(raw, int) and not isinstance(raw, bool):  # anything else: Wagtail's own lookup
            found[block.model_class].add(raw)
    elif isinstance(block, WagtailImageBlock) and not isinstance(raw, dict):
        _chosen_ids(block.child_blocks["image"], raw, found)  # stored by a former ImageChooserBlock
    elif isinstance(block, blocks.StructBlock) and isinstance(raw, dict):
        for name, child in block.child_blocks.items():
            _chosen_ids(child, raw.get(name), found)
    elif isinstance(block, blocks.ListBlock) and isinstance(raw, list):
        for item in raw:
            is_item = isinstance(item, dict) and item.get("type") == "item" and "value" in item
            _chosen_ids(block.child_block, item["value"] if is_item else item, found)
    elif isinstance(block, blocks.StreamBlock) and isinstance(raw, list):
        for item in raw:
            if isinstance(item, dict) and (child := block.child_blocks.get(item.get("type"))) is not None:
                _chosen_ids(child, item.get("value"), found)


def _version_of(model: type[Model]) -> str | None:
    """The version that every change to what pages show of `model`'s objects renews."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Page

    from .page_tree import page_tree_version
    from .signals import MEDIA_VERSION_KEY

    if issubclass(model, Page):
        return page_tree_version()  # a title, an address, a publication
    if model in (get_image_model(), get_document_model()):
        return current_version(MEDIA_VERSION_KEY)  # a replaced file, an alt text, a title
    return None


def _chosen_objects(model: type[Model], ids: set[Any]) -> dict[Any, Model | None]:
    """{id: object} for the ids, None for one deleted since it was chosen: kept in this
    process while the model's version holds, as rich-text page links are, so a page asks
    nothing for what it has chosen once warm. The blocks above hand out copies."""

    def fetch() -> dict[Any, Model | None]:
        fetched = model._default_manager.in_bulk(ids)
        return {pk: fetched.get(pk) for pk in ids}

    version = _version_of(model)
    if version is None:
        return fetch()
    key = f"allmenn:chosen:{model._meta.label}:{version}:{','.join(map(str, sorted(ids)))}"
    return kept_in_process.get(key, fetch)


@contextmanager
def _objects_known(objects: dict[type[Model], dict[Any, Model | None]]) -> Iterator[None]:
    token = _fetched.set(objects)
    try:
        yield
    finally:
        _fetched.reset(token)


def fetch_chosen_together(*streams: StreamValue | None) -> None:
    """Convert `streams` with one query per chosen model (images, pages, documents) in all of them.

    Afterwards the streams hold their converted blocks, so rendering asks nothing more.
    """
    # A stream built from Python values (not read from the database) has nothing to convert.
    streams = tuple(s for s in streams if isinstance(s, StreamValue) and s.is_lazy)
    found: dict[type[Model], set[Any]] = defaultdict(set)
    for stream in streams:
        for item in stream.raw_data:
            child = stream.stream_block.child_blocks.get(item.get("type")) if isinstance(item, dict) else None
            if child is not None:
                _chosen_ids(child, item.get("value"), found)
    if not found:
        return
    objects = {model: _chosen_objects(model, ids) for model, ids in found.items()}
    with _objects_known(objects):
        for stream in streams:
            for _block in stream:  # converts every block type, taking the objects above
                pass


@functools.cache
def _stream_field_names(model: type[Model]) -> tuple[str, ...]:
    return tuple(field.name for field in model._meta.concrete_fields if isinstance(field, StreamField))


def fetch_chosen_for(instance: Model) -> None:
    """fetch_chosen_together() for every StreamField of `instance` (a page or a snippet)."""
    fetch_chosen_together(*(getattr(instance, name) for name in _stream_field_names(type(instance))))
