"""The base of every search document: a page flattened to the fields of IndexDocument.

Each ``prepare_<field>`` method returns one field, so a page type's document class in its
app's ``documents.py`` overrides only what differs (cfgov's pattern for its documents).
"""

from __future__ import annotations

import logging
from typing import ClassVar

from django.db.models import QuerySet
from django.utils import timezone
from wagtail.models import Page

from .contract import IndexDocument
from .pdf_text import documents_text
from .stream_text import (
    attached_document_ids,
    clean_text,
    fetch_documents,
    html_to_text,
    stream_headings,
    stream_text,
)

logger = logging.getLogger(__name__)


class PageDocument:
    """Flattens one page. Subclasses set ``model``, ``content_type`` and ``type_label``."""

    model: ClassVar[type[Page]]
    content_type: ClassVar[str]  # stable English slug, the facet value: "guidance"
    type_label: ClassVar[str]  # what readers see for the type, translated (gettext_lazy)
    # Top-level block types whose text has a field of its own and stays out of the body.
    body_excludes: ClassVar[tuple[str, ...]] = ("heading",)
    # Relations the prepare_* methods read, fetched once per batch ("tags" for topics).
    prefetch: ClassVar[tuple[str, ...]] = ()

    def __init__(self, page: Page) -> None:
        self.page = page

    @classmethod
    def queryset(cls) -> QuerySet:
        """Every page of this type that belongs in the index, ready for bulk preparation:
        subclasses add what their prepare_* methods read, so a batch costs a fixed number of queries."""
        return cls.model.objects.live().public().prefetch_related("footnotes", *cls.prefetch)

    def prepare(self) -> IndexDocument:
        page = self.page
        return IndexDocument(
            key=f"page:{page.pk}",
            page_id=page.pk,
            url=self.prepare_url(),
            title=self.prepare_title(),
            content_type=self.content_type,
            language=self.prepare_language(),
            summary=self.prepare_summary(),
            headings=tuple(self.prepare_headings()),
            body=self.prepare_body(),
            footnotes=self.prepare_footnotes(),
            attachments=self.prepare_attachments(),
            breadcrumbs=tuple(self.prepare_breadcrumbs()),
            topics=tuple(self.prepare_topics()),
            year=self.prepare_year(),
            first_published=page.first_published_at,
            last_updated=page.last_published_at or page.first_published_at,
            last_substantive_change=getattr(page, "last_substantive_change_at", None) or page.first_published_at,
        )

    # --- Fields -------------------------------------------------------------------------

    def prepare_url(self) -> str:
        """The site-relative path, also when several sites are configured."""
        parts = self.page.get_url_parts()
        if parts is None:
            logger.warning("Page %s is not under any site; indexing its tree path", self.page.pk)
            return self.page.url_path
        return parts[2]

    def prepare_title(self) -> str:
        return clean_text(self.page.title)

    def prepare_language(self) -> str:
        return getattr(self.page, "language", "") or "nb"

    def prepare_summary(self) -> str:
        return clean_text(getattr(self.page, "summary", "") or self.page.search_description or "")

    def stream(self):
        """The StreamField that holds the page's text, or None."""
        return getattr(self.page, "stream_body", None)

    def prepare_headings(self) -> list[str]:
        return stream_headings(self.stream())

    def prepare_body(self) -> str:
        return stream_text(self.stream(), exclude=self.body_excludes)

    def prepare_footnotes(self) -> str:
        footnotes = getattr(self.page, "footnotes", None)
        if footnotes is None:
            return ""
        return "\n".join(text for text in (html_to_text(note.text) for note in footnotes.all()) if text)

    def attachment_streams(self) -> list:
        """StreamFields whose document blocks point at files worth reading (PDFs)."""
        streams = [self.stream(), getattr(self.page, "attachments", None)]
        return [stream for stream in streams if stream]

    def attached_documents(self) -> list:
        ids: list[int] = []
        for stream in self.attachment_streams():
            ids.extend(pk for pk in attached_document_ids(stream) if pk not in ids)
        return fetch_documents(ids)

    def prepare_attachments(self) -> str:
        return documents_text(self.attached_documents())

    def prepare_breadcrumbs(self) -> list[str]:
        return []

    def prepare_topics(self) -> list[str]:
        tags = getattr(self.page, "tags", None)
        return sorted({tag.name for tag in tags.all()}, key=str.casefold) if tags is not None else []

    def prepare_year(self) -> int | None:
        date = getattr(self.page, "last_substantive_change_at", None) or self.page.first_published_at
        return timezone.localtime(date).year if date else None

    # --- Helpers for subclasses ---------------------------------------------------------------

    def ancestor_titles(self, from_model: type[Page]) -> list[str]:
        """Titles from the nearest ancestor of type ``from_model`` down to the parent, in one query.

        Empty when there is no such ancestor. Uses the live titles (``title``, not ``draft_title``).
        """
        from django.contrib.contenttypes.models import ContentType

        wanted = ContentType.objects.get_for_model(from_model).pk
        ancestors = list(Page.objects.ancestor_of(self.page).order_by("depth").values_list("title", "content_type_id"))
        start = max((i for i, (_, ct) in enumerate(ancestors) if ct == wanted), default=None)
        if start is None:
            return []
        return [title for title, _ in ancestors[start:]]
