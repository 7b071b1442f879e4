"""The block library every StreamField on the site draws from: the blocks that need no app.

Blocks are small, have a template, a preview value and a description for editors.
Logic that templates need lives on StructValue subclasses, not in templates. Each app
composes the streams of its own page types from these and its own blocks
(pages/streams.py, conference/blocks.py, flo/blocks.py); the FLO key figures and the
newsletter sign-up live in their apps.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.contrib.typed_table_block.blocks import TypedTableBlock

from .chooser_blocks import DocumentChooserBlock, ImageBlock, PageChooserBlock
from .footnotes import link_footnote_references
from .text import anchor_slug

RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "h3", "h4"]
INLINE_RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link"]


# --- Preview values that need content from the library --------------------------------


def _first_image():
    from wagtail.images import get_image_model

    return get_image_model().objects.order_by("-created_at").first()


def _first_document():
    from wagtail.documents import get_document_model

    return get_document_model().objects.order_by("-created_at").first()


def _image_value(alt: str) -> dict:
    image = _first_image()
    return {"image": image, "decorative": False, "alt_text": alt} if image else None


def figure_preview() -> dict:
    return {
        "image": _image_value("Fastlege i samtale med en pasient"),
        "caption": "Fastlegen kjenner pasientene sine over tid.",
        "source": "Foto: Allmennlegeprogrammet",
    }


def hero_preview() -> dict:
    return {
        "heading": "Bli fastlege",
        "text": "Et yrke med mening, faglig bredde og et lokalsamfunn som trenger deg.",
        "image": _image_value("Fastlegekontor i en småby"),
    }


def gallery_preview() -> dict:
    return {"heading": "Fra hverdagen på legekontoret", "images": [figure_preview(), figure_preview()]}


def documents_preview() -> dict:
    document = _first_document()
    return {"heading": "Dokumenter", "documents": [{"document": document, "title": ""}] if document else []}


TABLE_PREVIEW = {
    "caption": "Fastleger per helseregion (eksempel)",
    "table": {
        "columns": [{"type": "text", "heading": "Helseregion"}, {"type": "number", "heading": "Fastleger"}],
        "rows": [{"values": ["Helse Nord", 560]}, {"values": ["Helse Vest", 1080]}],
    },
    "first_column_is_header": True,
    "source": "Eksempeltall",
}


# --- Links ----------------------------------------------------------------------------


class LinkValue(blocks.StructValue):
    @property
    def href(self) -> str:
        page = self.get("page")
        if page:
            return page.specific_deferred.url or ""
        return self.get("url") or ""

    @property
    def label(self) -> str:
        if self.get("text"):
            return self["text"]
        page = self.get("page")
        return page.title if page else self.get("url", "")


class LinkBlock(blocks.StructBlock):
    """A link to a page on the site or an external address, with optional text."""

    page = PageChooserBlock(required=False, label=_("Side på nettstedet"))
    url = blocks.URLBlock(required=False, label=_("Ekstern adresse"))
    text = blocks.CharBlock(
        required=False, max_length=120, label=_("Lenketekst"), help_text=_("Tom gir sidens tittel.")
    )

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise StructBlockValidationError(
                block_errors={"url": ValidationError(_("Velg enten en side eller en ekstern adresse."))}
            )
        if value.get("url") and not value.get("text"):
            raise StructBlockValidationError(
                block_errors={"text": ValidationError(_("Eksterne lenker trenger en lenketekst."))}
            )
        return value

    class Meta:
        icon = "link"
        value_class = LinkValue
        template = "blocks/link.html"
        description = _("En lenke til en side eller en ekstern adresse.")
        preview_value = {"url": "https://www.helsedirektoratet.no", "text": "Helsedirektoratet"}


# --- Text -----------------------------------------------------------------------------


class HeadingValue(blocks.StructValue):
    @property
    def anchor(self) -> str:
        return anchor_slug(self.get("text", ""))

    @property
    def tag(self) -> str:
        return self.get("level") or "h2"


class HeadingBlock(blocks.StructBlock):
    """A section heading; level 2 and 3 headings build the table of contents."""

    text = blocks.CharBlock(max_length=160, label=_("Overskrift"))
    level = blocks.ChoiceBlock(choices=[("h2", _("Nivå 2")), ("h3", _("Nivå 3"))], default="h2", label=_("Nivå"))

    class Meta:
        label = _("Overskrift")
        icon = "title"
        value_class = HeadingValue
        template = "blocks/heading.html"
        group = _("Tekst")
        description = _("Overskrift som også blir et punkt i innholdsfortegnelsen.")
        preview_value = {"text": "Slik er programmet organisert", "level": "h2"}


FOOTNOTE_HELP = _("Skriv [^nøkkel] der en fotnote skal stå, og legg inn fotnoten med samme nøkkel under «Fotnoter».")


class ParagraphBlock(blocks.RichTextBlock):
    """Rich text in which [^key] markers become numbered footnote references."""

    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        kwargs.setdefault("help_text", FOOTNOTE_HELP)
        super().__init__(**kwargs)

    def render_basic(self, value, context=None):
        html = super().render_basic(value, context)
        numbering = (context or {}).get("footnote_numbering")
        return mark_safe(link_footnote_references(html, numbering))  # noqa: S308

    class Meta:
        icon = "pilcrow"
        group = _("Tekst")
        description = _("Brødtekst med lenker, lister og fotnotehenvisninger.")
        preview_value = (
            "<p>Fastlegeordningen gir alle innbyggere rett til en fast allmennlege. "
            "Over 5 millioner står på en fastlegeliste.</p>"
        )


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Sitat"))
    attribution = blocks.CharBlock(required=False, max_length=120, label=_("Hvem sa det"))

    class Meta:
        icon = "openquote"
        template = "blocks/quote.html"
        group = _("Tekst")
        description = _("Et sitat med kilde.")
        preview_value = {
            "quote": "En god fastlegeordning er grunnmuren i helsetjenesten.",
            "attribution": "Programleder",
        }


class TestimonialBlock(blocks.StructBlock):
    """A GP in their own words, for the recruitment campaign."""

    quote = blocks.TextBlock(label=_("Sitat"))
    name = blocks.CharBlock(max_length=120, label=_("Navn"))
    role = blocks.CharBlock(max_length=160, label=_("Rolle og sted"), help_text=_("For eksempel «fastlege i Vardø»."))
    portrait = ImageBlock(required=False, label=_("Portrett"))

    class Meta:
        icon = "user"
        template = "blocks/testimonial.html"
        group = _("Kampanje")
        description = _("En fastlege forteller, med navn, sted og bilde.")
        preview_value = {
            "quote": "Jeg følger familier gjennom flere generasjoner. Det er det beste med jobben.",
            "name": "Ingrid Solberg",
            "role": "Fastlege i Steinkjer",
        }


# --- Media and data ---------------------------------------------------------------------


class FigureBlock(blocks.StructBlock):
    image = ImageBlock(label=_("Bilde"))
    caption = blocks.CharBlock(required=False, max_length=300, label=_("Bildetekst"))
    source = blocks.CharBlock(required=False, max_length=200, label=_("Kilde eller fotograf"))

    class Meta:
        icon = "image"
        template = "blocks/figure.html"
        preview_value = staticmethod(figure_preview)
        group = _("Media og data")
        description = _("Et bilde eller en figur med bildetekst og kilde.")


class HeroBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, label=_("Overskrift"))
    text = blocks.TextBlock(required=False, max_length=400, label=_("Ingress"))
    image = ImageBlock(label=_("Bilde"))

    class Meta:
        icon = "image"
        template = "blocks/hero.html"
        preview_value = staticmethod(hero_preview)
        group = _("Kampanje")
        description = _("Stort toppbilde med overskrift og ingress. Brukes øverst på kampanjesider.")


class TableValue(blocks.StructValue):
    @property
    def header_row(self) -> list[str]:
        table = self.get("table")
        return [column["heading"] for column in table.columns] if table else []


class TableBlock(blocks.StructBlock):
    caption = blocks.CharBlock(max_length=200, label=_("Tabelltittel"))
    table = TypedTableBlock(
        [
            ("text", blocks.CharBlock(label=_("Tekst"))),
            ("number", blocks.DecimalBlock(label=_("Tall"))),
            ("rich_text", blocks.RichTextBlock(features=INLINE_RICH_TEXT_FEATURES, label=_("Formatert tekst"))),
        ],
        label=_("Tabell"),
    )
    first_column_is_header = blocks.BooleanBlock(
        required=False, default=False, label=_("Første kolonne er overskrifter")
    )
    source = blocks.CharBlock(required=False, max_length=200, label=_("Kilde"))

    class Meta:
        icon = "table"
        template = "blocks/table.html"
        value_class = TableValue
        preview_value = TABLE_PREVIEW
        group = _("Media og data")
        description = _("En tabell med tittel og kilde. Kolonneoverskrifter blir tabellhoder.")


# Words that already say which way a figure went ("færre innbyggere ..."): a sign before the
# figure would say it twice, and "−46 800 færre" reads as "46 800 more".
DIRECTION_WORDS = frozenset(
    [
        "færre",
        "flere",
        "fleire",
        "mindre",
        "mer",
        "meir",
        "lavere",
        "lågare",
        "høyere",
        "høgare",
        "fewer",
        "more",
        "less",
        "lower",
        "higher",
    ]
)
SIGNS = "−-‑+±"


class FactCardValue(blocks.StructValue):
    @property
    def display_figure(self) -> str:
        """The figure without its sign when the explanation starts with a word of direction."""
        figure = (self.get("figure") or "").strip()
        first_word = (self.get("label") or "").strip().split(" ", 1)[0].lower()
        if first_word in DIRECTION_WORDS and figure[:1] in SIGNS:
            return figure[1:].lstrip()
        return figure


class FactCardBlock(blocks.StructBlock):
    figure = blocks.CharBlock(max_length=30, label=_("Tall"), help_text=_("For eksempel «4 900» eller «93 %»."))
    label = blocks.CharBlock(max_length=160, label=_("Forklaring"))
    source = blocks.CharBlock(required=False, max_length=160, label=_("Kilde"))

    class Meta:
        value_class = FactCardValue


class FactCardsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, max_length=120, label=_("Overskrift"))
    cards = blocks.ListBlock(FactCardBlock(), min_num=1, max_num=6, label=_("Faktakort"))

    class Meta:
        icon = "doc-full"
        template = "blocks/fact_cards.html"
        group = _("Media og data")
        description = _("Ett til seks nøkkeltall med forklaring og kilde.")
        preview_value = {
            "heading": "Fastlegeordningen i tall",
            "cards": [
                {"figure": "5 000", "label": "fastleger i Norge", "source": "FLO"},
                {"figure": "5,5 mill.", "label": "innbyggere på en fastlegeliste", "source": "FLO"},
            ],
        }


class GalleryBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, max_length=120, label=_("Overskrift"))
    images = blocks.ListBlock(FigureBlock(), min_num=2, max_num=12, label=_("Bilder"))

    class Meta:
        icon = "image"
        template = "blocks/gallery.html"
        preview_value = staticmethod(gallery_preview)
        group = _("Media og data")
        description = _("Et bildegalleri med bildetekster.")


VIDEO_PROVIDERS = {
    "youtube": "https://www.youtube-nocookie.com/embed/{id}",
    "vimeo": "https://player.vimeo.com/video/{id}?dnt=1",
}
YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")


def parse_video_url(url: str) -> tuple[str, str] | None:
    """Return (provider, video id) for a YouTube or Vimeo address, else None."""
    parsed = urlparse(url or "")
    host = (parsed.hostname or "").removeprefix("www.").removeprefix("m.")
    video_id = ""
    if host in {"youtube.com", "youtube-nocookie.com"}:
        if parsed.path == "/watch":
            video_id = parse_qs(parsed.query).get("v", [""])[0]
        elif parsed.path.startswith(("/embed/", "/shorts/", "/live/")):
            video_id = parsed.path.split("/")[2]
        provider = "youtube"
    elif host == "youtu.be":
        video_id, provider = parsed.path.lstrip("/"), "youtube"
    elif host in {"vimeo.com", "player.vimeo.com"}:
        video_id = parsed.path.rstrip("/").rsplit("/", 1)[-1]
        provider = "vimeo"
        if not video_id.isdigit():
            return None
    else:
        return None
    if provider == "youtube" and not YOUTUBE_ID.match(video_id):
        return None
    return provider, video_id


class VideoValue(blocks.StructValue):
    @cached_property
    def provider(self) -> str:
        parsed = parse_video_url(self.get("url"))
        return parsed[0] if parsed else ""

    @cached_property
    def embed_url(self) -> str:
        parsed = parse_video_url(self.get("url"))
        return VIDEO_PROVIDERS[parsed[0]].format(id=parsed[1]) if parsed else ""

    @property
    def provider_name(self) -> str:
        return {"youtube": "YouTube", "vimeo": "Vimeo"}.get(self.provider, "")


class VideoBlock(blocks.StructBlock):
    """A video that loads nothing from the provider until the visitor asks for it."""

    url = blocks.URLBlock(label=_("Adresse til videoen"), help_text=_("YouTube eller Vimeo."))
    title = blocks.CharBlock(max_length=160, label=_("Tittel"))
    description = blocks.TextBlock(
        required=False, label=_("Beskrivelse eller tekstversjon"), help_text=_("Hjelper dem som ikke kan se videoen.")
    )

    def clean(self, value):
        value = super().clean(value)
        if not parse_video_url(value.get("url")):
            raise StructBlockValidationError(
                block_errors={"url": ValidationError(_("Bruk en adresse til en video på YouTube eller Vimeo."))}
            )
        return value

    class Meta:
        icon = "media"
        template = "blocks/video.html"
        value_class = VideoValue
        group = _("Media og data")
        description = _("Video fra YouTube eller Vimeo. Ingenting lastes fra tjenesten før den besøkende klikker.")
        preview_value = {
            "url": "https://www.youtube.com/watch?v=aqz-KE-bpKQ",
            "title": "Hva gjør en fastlege?",
        }


# --- Navigation and structure -----------------------------------------------------------


class CallToActionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, label=_("Overskrift"))
    text = blocks.TextBlock(required=False, max_length=400, label=_("Tekst"))
    link = LinkBlock(label=_("Lenke"))

    class Meta:
        icon = "pick"
        template = "blocks/call_to_action.html"
        group = _("Navigasjon")
        description = _("En tydelig oppfordring med én lenke.")
        preview_value = {
            "heading": "Bli fastlege",
            "text": "Se ledige fastlegehjemler i hele landet.",
            "link": {"url": "https://www.helsedirektoratet.no", "text": "Se ledige hjemler"},
        }


class AccordionItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=200, label=_("Spørsmål eller tittel"))
    answer = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Svar"))


class AccordionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, max_length=120, label=_("Overskrift"))
    items = blocks.ListBlock(AccordionItemBlock(), min_num=1, label=_("Punkter"))

    class Meta:
        icon = "list-ul"
        template = "blocks/accordion.html"
        group = _("Navigasjon")
        description = _("Spørsmål og svar som kan åpnes og lukkes, også uten JavaScript.")
        preview_value = {
            "heading": "Ofte stilte spørsmål",
            "items": [
                {"question": "Hva er et listetak?", "answer": "<p>Det høyeste antallet innbyggere på en liste.</p>"}
            ],
        }


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Dokument"))
    title = blocks.CharBlock(
        required=False, max_length=200, label=_("Tittel"), help_text=_("Tom gir dokumentets tittel.")
    )


class DocumentLinksBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, max_length=120, label=_("Overskrift"))
    documents = blocks.ListBlock(DocumentLinkBlock(), min_num=1, label=_("Dokumenter"))

    class Meta:
        icon = "doc-full-inverse"
        template = "blocks/document_links.html"
        preview_value = staticmethod(documents_preview)
        group = _("Navigasjon")
        description = _("Lenker til dokumenter, med filtype og størrelse.")


class RelatedLinksBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, max_length=120, label=_("Overskrift"))
    links = blocks.ListBlock(LinkBlock(), min_num=1, label=_("Lenker"))

    class Meta:
        icon = "list-ul"
        template = "blocks/related_links.html"
        group = _("Navigasjon")
        description = _("En liste med relaterte lenker.")
        preview_value = {
            "heading": "Les mer",
            "links": [{"url": "https://www.regjeringen.no", "text": "Handlingsplan for allmennlegetjenesten"}],
        }


# --- Runs of blocks the apps' streams share ------------------------------------------------
# Each app composes its page types' streams (pages/streams.py, conference/blocks.py,
# flo/blocks.py): these runs, in this order, with its own blocks between and after them.


def text_blocks() -> list[tuple[str, blocks.Block]]:
    """The written body of a page: headings, text, figures, tables and fact cards."""
    return [
        ("heading", HeadingBlock()),
        ("paragraph", ParagraphBlock(label=_("Tekst"))),
        ("figure", FigureBlock(label=_("Figur"))),
        ("table", TableBlock(label=_("Tabell"))),
        ("fact_cards", FactCardsBlock(label=_("Faktakort"))),
    ]


def supporting_blocks() -> list[tuple[str, blocks.Block]]:
    """What follows the text: quotes, accordions, video, documents and links onward."""
    return [
        ("quote", QuoteBlock(label=_("Sitat"))),
        ("accordion", AccordionBlock(label=_("Trekkspill"))),
        ("video", VideoBlock(label=_("Video"))),
        ("documents", DocumentLinksBlock(label=_("Dokumenter"))),
        ("call_to_action", CallToActionBlock(label=_("Handlingsoppfordring"))),
        ("related_links", RelatedLinksBlock(label=_("Relaterte lenker"))),
    ]


def quick_link_blocks() -> list[tuple[str, blocks.Block]]:
    return [("link", LinkBlock(label=_("Lenke")))]
