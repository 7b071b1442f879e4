"""The stream of a conference page: programme, recordings and slides, from core's block library."""

from __future__ import annotations

from wagtail import blocks

from core.blocks import supporting_blocks, text_blocks


def programme_blocks() -> list[tuple[str, blocks.Block]]:
    return text_blocks() + supporting_blocks()
