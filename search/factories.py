"""Factories for search, for tests and benchmarks: index documents without pages behind them."""

from __future__ import annotations

from datetime import UTC, datetime

import factory

from .contract import IndexDocument


class IndexDocumentFactory(factory.Factory):
    """A bokmål guidance page from 2024 as the index holds it, with a fresh page id."""

    page_id = factory.Sequence(lambda n: 1000 + n)
    key = factory.LazyAttribute(lambda document: f"page:{document.page_id}")
    url = factory.LazyAttribute(lambda document: f"/side-{document.page_id}/")
    title = factory.LazyAttribute(lambda document: f"Side {document.page_id}")
    content_type = "guidance"
    language = "nb"
    year = 2024
    last_substantive_change = datetime(2024, 3, 5, 12, 0, tzinfo=UTC)

    class Meta:
        model = IndexDocument
