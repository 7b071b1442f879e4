"""The streams of the programme's own pages: guidance, reports and chapters, campaigns.

They draw on core's block library and add the FLO key figures and the newsletter
sign-up, which is why they live here and not in core.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from core.blocks import (
    AccordionBlock,
    CallToActionBlock,
    FactCardsBlock,
    FigureBlock,
    GalleryBlock,
    HeadingBlock,
    HeroBlock,
    ParagraphBlock,
    QuoteBlock,
    RelatedLinksBlock,
    TestimonialBlock,
    VideoBlock,
    supporting_blocks,
    text_blocks,
)
from flo.blocks import KeyFiguresBlock
from newsletter.blocks import SignupBlock


def content_blocks() -> list[tuple[str, blocks.Block]]:
    """Blocks for programme documentation: guidance pages, reports and chapters."""
    return [
        *text_blocks(),
        ("key_figures", KeyFiguresBlock(label=_("Nøkkeltall fra FLO"))),
        *supporting_blocks(),
        ("newsletter_signup", SignupBlock(label=_("Påmelding til nyhetsbrev"))),
    ]


def campaign_blocks() -> list[tuple[str, blocks.Block]]:
    """Blocks for campaign pages: the content blocks plus hero, testimonials and gallery."""
    return [
        ("hero", HeroBlock(label=_("Toppbilde"))),
        ("heading", HeadingBlock()),
        ("paragraph", ParagraphBlock(label=_("Tekst"))),
        ("testimonial", TestimonialBlock(label=_("Fastlegen forteller"))),
        ("quote", QuoteBlock(label=_("Sitat"))),
        ("fact_cards", FactCardsBlock(label=_("Faktakort"))),
        ("key_figures", KeyFiguresBlock(label=_("Nøkkeltall fra FLO"))),
        ("call_to_action", CallToActionBlock(label=_("Handlingsoppfordring"))),
        ("gallery", GalleryBlock(label=_("Bildegalleri"))),
        ("faq", AccordionBlock(label=_("Spørsmål og svar"))),
        ("video", VideoBlock(label=_("Video"))),
        ("figure", FigureBlock(label=_("Figur"))),
        ("related_links", RelatedLinksBlock(label=_("Relaterte lenker"))),
        ("newsletter_signup", SignupBlock(label=_("Påmelding til nyhetsbrev"))),
    ]
