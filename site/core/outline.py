"""The table of contents of a page, built from its heading blocks."""

from __future__ import annotations

from dataclasses import dataclass, field

from .text import anchor_slug


@dataclass(frozen=True)
class OutlineEntry:
    text: str
    anchor: str
    level: int  # 2 or 3
    children: tuple[OutlineEntry, ...] = field(default=())


def build_outline(stream_value) -> tuple[list[OutlineEntry], dict[str, str]]:
    """Return the headings in order and a map from block id to a unique anchor.

    Two headings with the same text get distinct anchors ("mal", "mal-2"), so every
    link in the table of contents goes to its own heading.
    """
    entries: list[OutlineEntry] = []
    anchors_by_block: dict[str, str] = {}
    taken: dict[str, int] = {}
    for block in stream_value or []:
        if block.block_type != "heading":
            continue
        base = anchor_slug(block.value.get("text", ""))
        count = taken.get(base, 0) + 1
        taken[base] = count
        anchor = base if count == 1 else f"{base}-{count}"
        anchors_by_block[block.id] = anchor
        level = 3 if block.value.get("level") == "h3" else 2
        entries.append(OutlineEntry(text=block.value.get("text", ""), anchor=anchor, level=level))
    return entries, anchors_by_block


def nest_outline(entries: list[OutlineEntry]) -> list[OutlineEntry]:
    """Put each level-3 heading under the level-2 heading before it.

    The table of contents numbers only the top level, so a sub-heading must not take a
    number in that sequence ("1, 2, 3", never "1, •, 3"). A sub-heading with no level-2
    heading before it stays at the top level.
    """
    nested: list[OutlineEntry] = []
    for entry in entries:
        if entry.level == 3 and nested and nested[-1].level == 2:
            parent = nested[-1]
            nested[-1] = OutlineEntry(parent.text, parent.anchor, parent.level, (*parent.children, entry))
        else:
            nested.append(entry)
    return nested
