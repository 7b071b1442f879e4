"""Search documents for podcast shows and their episodes."""

from __future__ import annotations

from django.db.models import OuterRef, QuerySet, Subquery
from django.db.models.functions import Substr
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from search import searchable
from search.page_document import PageDocument
from search.stream_text import clean_text, html_to_text

from .models import PodcastEpisodePage, PodcastShowPage


def with_parent_title(queryset: QuerySet) -> QuerySet:
    """Annotate each page with its parent's title (``parent_title``), in the same query."""
    parent = Page.objects.filter(path=Substr(OuterRef("path"), 1, (OuterRef("depth") - 1) * Page.steplen)).values(
        "title"
    )[:1]
    return queryset.annotate(parent_title=Subquery(parent))


@searchable.register
class PodcastShowDocument(PageDocument):
    model = PodcastShowPage
    content_type = "podcast"
    type_label = _("Podcast")

    def prepare_body(self) -> str:
        return clean_text(self.page.description)


@searchable.register
class PodcastEpisodeDocument(PageDocument):
    """An episode: its show notes, the people in it, its chapter titles and the transcript.

    The transcript is the episode's own text version, shown on its page, so it is body text
    (not an attachment); chapter titles work as the episode's headings.
    """

    model = PodcastEpisodePage
    content_type = "episode"
    type_label = _("Podcast episode")

    @classmethod
    def queryset(cls) -> QuerySet:
        return with_parent_title(super().queryset().prefetch_related("people", "chapters"))

    def prepare_headings(self) -> list[str]:
        return [title for title in (clean_text(chapter.title) for chapter in self.page.chapters.all()) if title]

    def prepare_body(self) -> str:
        people = [", ".join(part for part in (p.name, p.description) if part) for p in self.page.people.all()]
        transcript = [paragraph["text"] for paragraph in self.page.transcript_paragraphs()]
        pieces = [html_to_text(self.page.show_notes), *map(clean_text, people), *map(clean_text, transcript)]
        return "\n".join(piece for piece in pieces if piece)

    def prepare_breadcrumbs(self) -> list[str]:
        """The show's title."""
        title = getattr(self.page, "parent_title", None)
        if title is None:
            parent = self.page.get_parent()
            title = parent.title if parent else ""
        return [title] if title else []
