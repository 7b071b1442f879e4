"""Small builders for raw StreamField data, so the demo texts read like content, not JSON.

Each function returns one block in the raw form StreamField accepts
(``{"type": ..., "value": ...}``); the names match the block names in core/blocks.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.html import escape


@dataclass
class Refs:
    """Database ids of what the demo has created, looked up by the keys the texts use."""

    images: dict = field(default_factory=dict)
    documents: dict = field(default_factory=dict)
    pages: dict = field(default_factory=dict)

    def image(self, key: str, alt: str | None = None, decorative: bool = False) -> dict:
        """An ImageBlock value; the alt text defaults to the image's description."""
        image = self.images[key]
        alt_text = "" if decorative else (alt or getattr(image, "description", "") or image.title)
        return {"image": image.pk, "decorative": decorative, "alt_text": alt_text}

    def page_link(self, key: str, text: str) -> str:
        """Rich text markup for a link to a demo page."""
        return f'<a linktype="page" id="{self.pages[key].pk}">{escape(text)}</a>'

    def document_link(self, key: str, text: str) -> str:
        return f'<a linktype="document" id="{self.documents[key].pk}">{escape(text)}</a>'

    def link(self, key: str, text: str = "") -> dict:
        """A LinkBlock value pointing at a demo page."""
        return {"page": self.pages[key].pk, "url": "", "text": text}


def external(url: str, text: str) -> dict:
    """A LinkBlock value for an address outside the site (these need a text)."""
    return {"page": None, "url": url, "text": text}


def heading(text: str, level: str = "h2") -> dict:
    return {"type": "heading", "value": {"text": text, "level": level}}


def paragraph(html: str) -> dict:
    return {"type": "paragraph", "value": html.strip()}


def quote(text: str, attribution: str = "") -> dict:
    return {"type": "quote", "value": {"quote": text, "attribution": attribution}}


def key_figures(heading_text: str, indicators: Sequence[str], level: str = "national", number: str = "") -> dict:
    """Key figures read from the FLO statistics when the page is shown."""
    return {
        "type": "key_figures",
        "value": {
            "heading": heading_text,
            "indicators": list(indicators),
            "level": level,
            "county": number if level == "county" else "",
            "municipality": number if level == "municipality" else "",
            "month": None,
        },
    }


def fact_cards(heading_text: str, cards: Sequence[tuple[str, str, str]]) -> dict:
    """Cards as (figure, label, source) triples."""
    return {
        "type": "fact_cards",
        "value": {
            "heading": heading_text,
            "cards": [{"figure": f, "label": label, "source": source} for f, label, source in cards],
        },
    }


def accordion(heading_text: str, items: Sequence[tuple[str, str]], block_type: str = "accordion") -> dict:
    """Question/answer pairs; the answer is rich text. Campaign pages call the same block "faq"."""
    return {
        "type": block_type,
        "value": {
            "heading": heading_text,
            "items": [{"question": question, "answer": answer.strip()} for question, answer in items],
        },
    }


def table(
    caption: str,
    columns: Sequence[tuple[str, str]],
    rows: Sequence[Sequence[str]],
    source: str = "",
    first_column_is_header: bool = True,
) -> dict:
    """A table block; columns are (type, heading) with type "text", "number" or "rich_text"."""
    return {
        "type": "table",
        "value": {
            "caption": caption,
            "table": {
                "caption": "",
                "columns": [{"type": kind, "heading": title} for kind, title in columns],
                "rows": [{"values": list(row)} for row in rows],
            },
            "first_column_is_header": first_column_is_header,
            "source": source,
        },
    }


def documents(heading_text: str, items: Sequence[tuple[int, str]]) -> dict:
    """Document links as (document id, title) pairs; an empty title shows the document's own."""
    return {
        "type": "documents",
        "value": {"heading": heading_text, "documents": [{"document": pk, "title": t} for pk, t in items]},
    }


def attachment(document_id: int, title: str = "") -> dict:
    """One entry in a page's attachments field."""
    return {"type": "document", "value": {"document": document_id, "title": title}}


def call_to_action(heading_text: str, text: str, link: dict) -> dict:
    return {"type": "call_to_action", "value": {"heading": heading_text, "text": text, "link": link}}


def related_links(heading_text: str, links: Sequence[dict]) -> dict:
    return {"type": "related_links", "value": {"heading": heading_text, "links": list(links)}}


def video(url: str, title: str, description: str = "") -> dict:
    return {"type": "video", "value": {"url": url, "title": title, "description": description}}


def hero(heading_text: str, text: str, image: dict) -> dict:
    return {"type": "hero", "value": {"heading": heading_text, "text": text, "image": image}}


def testimonial(text: str, name: str, role: str, portrait: dict | None = None) -> dict:
    return {"type": "testimonial", "value": {"quote": text, "name": name, "role": role, "portrait": portrait}}


def figure(image: dict, caption: str = "", source: str = "") -> dict:
    return {"type": "figure", "value": {"image": image, "caption": caption, "source": source}}


def gallery(heading_text: str, figures: Sequence[dict]) -> dict:
    """Figures built with figure(); only their values go into the gallery."""
    return {"type": "gallery", "value": {"heading": heading_text, "images": [f["value"] for f in figures]}}
