"""The stream of a conference page: programme, recordings and slides, from core's block library."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from core.blocks import (
    AccordionBlock,
    CallToActionBlock,
    DocumentLinksBlock,
    FactCardsBlock,
    FigureBlock,
    HeadingBlock,
    ParagraphBlock,
    QuoteBlock,
    RelatedLinksBlock,
    TableBlock,
    VideoBlock,
)


def programme_blocks() -> list[tuple[str, blocks.Block]]:
    return [
        ("heading", HeadingBlock()),
        ("paragraph", ParagraphBlock(label=_("Tekst"))),
        ("figure", FigureBlock(label=_("Figur"))),
        ("table", TableBlock(label=_("Tabell"))),
        ("fact_cards", FactCardsBlock(label=_("Faktakort"))),
        ("quote", QuoteBlock(label=_("Sitat"))),
        ("accordion", AccordionBlock(label=_("Trekkspill"))),
        ("video", VideoBlock(label=_("Video"))),
        ("documents", DocumentLinksBlock(label=_("Dokumenter"))),
        ("call_to_action", CallToActionBlock(label=_("Handlingsoppfordring"))),
        ("related_links", RelatedLinksBlock(label=_("Relaterte lenker"))),
    ]
