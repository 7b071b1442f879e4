"""The readable text of a StreamField, and the documents its blocks link to.

Wagtail's ``get_searchable_content`` is close but not right for a public index: choice
blocks give their value and label ("h2", "Nivå 2"), image blocks give alt text nobody
sees on the page, rich text keeps the editors' footnote markers ("[^kilde]"), and it
works on converted values, so every figure, document and page chooser costs a query.
This module walks the stored (raw) JSON instead: text comes out without any query, and
only blocks that hold words readers see contribute.

A block class whose text needs more than its fields can register its own extractor with
``text_extractor`` (the newsletter's article teasers show the linked page's title).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.utils.html import strip_tags
from wagtail import blocks
from wagtail.contrib.typed_table_block.blocks import TypedTableBlock
from wagtail.documents import get_document_model
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock

from core.footnotes import MARKER

Extractor = Callable[[blocks.Block, Any], Iterable[str]]

_extractors: dict[type[blocks.Block], Extractor] = {}

# Ends of block-level elements and line breaks: a space must stand there once tags go,
# or "<p>fastlege</p><p>liste</p>" would index the word "fastlegeliste".
_BLOCK_BREAK = re.compile(
    r"<\s*(?:br|hr)\b[^>]*>|</\s*(?:p|h[1-6]|li|ul|ol|blockquote|div|td|th|tr|table|figcaption|pre)\s*>",
    re.IGNORECASE,
)
# Characters that split or hide words without being visible: soft hyphens, zero-width
# spaces and joiners, a byte order mark; and control characters no database should keep.
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NUMBER_BLOCKS = (blocks.DecimalBlock, blocks.IntegerBlock, blocks.FloatBlock)


def text_extractor(block_class: type[blocks.Block]) -> Callable[[Extractor], Extractor]:
    """Register ``function(block, raw_value) -> texts`` for a block class and its subclasses."""

    def register(function: Extractor) -> Extractor:
        _extractors[block_class] = function
        return function

    return register


def clean_text(text: Any) -> str:
    """Plain text as the index wants it: footnote markers gone, whitespace normalised per line."""
    if not isinstance(text, str) or not text:
        return ""
    text = _INVISIBLE.sub("", MARKER.sub("", text))
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def html_to_text(source: Any) -> str:
    """Rich text (Wagtail's stored HTML) as plain text, one line per paragraph or list item."""
    if not isinstance(source, str) or not source:
        return ""
    with_breaks = _BLOCK_BREAK.sub(lambda match: match.group(0) + "\n", source)
    return clean_text(html.unescape(strip_tags(with_breaks)))


def stream_text(stream_value, exclude: Iterable[str] = ()) -> str:
    """The words readers see in a StreamField, one line per paragraph-like piece.

    ``exclude`` names top-level block types to leave out (PageDocument leaves out
    "heading", which has a field of its own in the index).
    """
    if not stream_value:
        return ""
    excluded = set(exclude)
    raw = [item for item in _raw_items(stream_value) if item.get("type") not in excluded]
    pieces = (clean_text(text) for text in block_texts(stream_value.stream_block, raw))
    return "\n".join(piece for piece in pieces if piece)


def stream_headings(stream_value, block_type: str = "heading") -> list[str]:
    """The texts of the top-level heading blocks, in order (the page's table of contents).

    Read from the raw data like everything here: core.outline.build_outline would convert
    every block, and so fetch every image, for the same list.
    """
    if not stream_value:
        return []
    texts = (
        clean_text(item["value"].get("text"))
        for item in _raw_items(stream_value)
        if item.get("type") == block_type and isinstance(item.get("value"), dict)
    )
    return [text for text in texts if text]


def block_texts(block: blocks.Block, raw: Any) -> Iterator[str]:
    """The texts of one block's raw value, in reading order (not yet cleaned)."""
    if raw is None:
        return
    extractor = _extractor_for(block)
    if extractor is not None:
        yield from extractor(block, raw)
    elif isinstance(block, blocks.RichTextBlock):
        yield html_to_text(raw)
    elif isinstance(block, (blocks.CharBlock, blocks.TextBlock)):
        if isinstance(raw, str):
            yield raw
    elif isinstance(block, TypedTableBlock):
        yield from _table_texts(block, raw)
    elif isinstance(block, ImageBlock):
        return  # alt text is for screen readers, not words a reader would search for on the page
    elif isinstance(block, (blocks.StructBlock, blocks.ListBlock, blocks.StreamBlock)):
        for child, child_raw in _children(block, raw):
            yield from block_texts(child, child_raw)
    # Everything else holds no readable text: choosers (ids), URLs, choices, dates,
    # numbers outside tables, booleans, static blocks, regex codes such as municipality numbers.


def attached_document_ids(stream_value) -> list[int]:
    """Ids of the documents chosen in document blocks anywhere in the stream, first use first."""
    if not stream_value:
        return []
    ids: dict[int, None] = {}
    for block, raw in _leaves(stream_value.stream_block, list(_raw_items(stream_value))):
        if isinstance(block, DocumentChooserBlock):
            pk = raw.pk if hasattr(raw, "pk") else raw
            if isinstance(pk, int) or (isinstance(pk, str) and pk.isdigit()):
                ids.setdefault(int(pk), None)
    return list(ids)


def fetch_documents(ids: list[int]) -> list:
    """Documents by id in the given order, with their cached text joined in; missing ids are skipped."""
    if not ids:
        return []
    by_id = get_document_model().objects.select_related("search_text", "collection").in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]


# --- Walking raw stream data ---------------------------------------------------------------


def _raw_items(stream_value) -> list[dict]:
    # RawDataView rebuilds the stored JSON for blocks that were set as Python values.
    return [item for item in stream_value.raw_data if isinstance(item, dict)]


def _extractor_for(block: blocks.Block) -> Extractor | None:
    for cls in type(block).__mro__:
        if cls in _extractors:
            return _extractors[cls]
    return None


def _list_item_value(item: Any) -> Any:
    """ListBlock stores {"type": "item", "value": …, "id": …}; older data stored bare values."""
    if isinstance(item, dict) and item.get("type") == "item" and "value" in item and "id" in item:
        return item["value"]
    return item


def _children(block: blocks.Block, raw: Any) -> Iterator[tuple[blocks.Block, Any]]:
    if isinstance(block, blocks.StreamBlock):
        for item in raw if isinstance(raw, list) else []:
            child = block.child_blocks.get(item.get("type")) if isinstance(item, dict) else None
            if child is not None:
                yield child, item.get("value")
    elif isinstance(block, blocks.ListBlock):
        for item in raw if isinstance(raw, list) else []:
            yield block.child_block, _list_item_value(item)
    elif isinstance(block, blocks.StructBlock) and isinstance(raw, dict):
        for name, child in block.child_blocks.items():
            yield child, raw.get(name)


def _leaves(block: blocks.Block, raw: Any) -> Iterator[tuple[blocks.Block, Any]]:
    """Every non-container block with its raw value, depth first."""
    if raw is None:
        return
    if isinstance(block, (blocks.StructBlock, blocks.ListBlock, blocks.StreamBlock)):
        for child, child_raw in _children(block, raw):
            yield from _leaves(child, child_raw)
    else:
        yield block, raw


def _table_texts(block: TypedTableBlock, raw: Any) -> Iterator[str]:
    """Caption, column headings and cells, one line per row. Numbers count here: they are
    what a table says."""
    if not isinstance(raw, dict):
        return
    if isinstance(raw.get("caption"), str):
        yield raw["caption"]
    columns = [column for column in raw.get("columns") or [] if isinstance(column, dict)]
    yield " ".join(str(column.get("heading") or "") for column in columns)
    for row in raw.get("rows") or []:
        values = row.get("values") if isinstance(row, dict) else None
        cells = []
        for column, cell in zip(columns, values or [], strict=False):
            cell_block = block.child_blocks.get(column.get("type"))
            if cell_block is None or cell is None or cell == "":
                continue
            if isinstance(cell_block, _NUMBER_BLOCKS):
                cells.append(str(cell))
            else:
                cells.extend(clean_text(text).replace("\n", " ") for text in block_texts(cell_block, cell))
        yield " ".join(cell for cell in cells if cell)
