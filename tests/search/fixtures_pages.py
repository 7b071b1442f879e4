"""Fixtures for the search page tests: the search page itself and an index to fill.

Imported by the view, promotion and admin test modules (the app's conftest belongs to
the indexing tests). Documents go straight into the configured backend, so the page is
tested against real search results without depending on how pages are flattened.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from search.backends import get_backend
from search.contract import IndexDocument
from search.models import SearchPage


@pytest.fixture
def search_page(home_page) -> SearchPage:
    """Home → Søk, live, in bokmål."""
    page = SearchPage(title="Søk", slug="sok", language="nb", summary="Finn veiledning, rapporter og kampanjer.")
    home_page.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def search_index(db):
    """The configured backend, empty before and after the test."""
    backend = get_backend()
    backend.clear()
    yield backend
    backend.clear()


def document(page_id: int, title: str, **fields) -> IndexDocument:
    """An index document with sensible defaults: a bokmål guidance page from 2024."""
    defaults = {
        "key": f"page:{page_id}",
        "page_id": page_id,
        "url": f"/side-{page_id}/",
        "title": title,
        "content_type": "guidance",
        "language": "nb",
        "year": 2024,
        "last_substantive_change": datetime(2024, 3, 5, 12, 0, tzinfo=UTC),
    }
    defaults.update(fields)
    return IndexDocument(**defaults)
