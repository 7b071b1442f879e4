"""Search documents for newsletter issues and the newsletter archive.

The archive is indexed too: it is where readers sign up, so "nyhetsbrev" should find it.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from search import searchable
from search.page_document import PageDocument
from search.stream_text import block_texts, clean_text, text_extractor

from .blocks import ArticleTeaserBlock, ImageBlock
from .models import NewsletterArchivePage, NewsletterIssuePage


@text_extractor(ArticleTeaserBlock)
def teaser_texts(block: ArticleTeaserBlock, raw: dict) -> Iterator[str]:
    """What the issue shows for a teaser: the editor's title or else the page's, and the
    editor's own summary (the linked page's summary is that page's text, indexed there)."""
    if not isinstance(raw, dict):
        return
    title = raw.get("title")
    if not title and raw.get("page"):
        title = Page.objects.filter(pk=raw["page"]).values_list("title", flat=True).first()
    if title:
        yield title
    if raw.get("summary"):
        yield raw["summary"]


@text_extractor(ImageBlock)
def image_texts(block: ImageBlock, raw: dict) -> Iterator[str]:
    """The caption only: the alt text describes the picture for those who cannot see it."""
    if isinstance(raw, dict):
        yield from block_texts(block.child_blocks["caption"], raw.get("caption"))


@searchable.register
class NewsletterIssueDocument(PageDocument):
    model = NewsletterIssuePage
    content_type = "newsletter"
    type_label = _("Newsletter")

    def prepare_summary(self) -> str:
        return clean_text(self.page.summary or self.page.preheader or self.page.search_description)

    def prepare_year(self) -> int | None:
        return self.page.issue_month.year if self.page.issue_month else super().prepare_year()


@searchable.register
class NewsletterArchiveDocument(PageDocument):
    model = NewsletterArchivePage
    content_type = "newsletter"
    type_label = _("Newsletter")

    def prepare_body(self) -> str:
        return clean_text(self.page.intro)

    def prepare_year(self) -> int | None:
        # A standing page, not an item of a year: a year facet would only hide it.
        return None
