"""Fixtures for the search page tests: the search page itself and an index to fill.

Imported by the view, promotion and admin test modules (the app's conftest belongs to
the indexing tests). Documents (search.factories.IndexDocumentFactory) go straight into the
configured backend, so the page is tested against real search results without depending on
how pages are flattened.
"""

from __future__ import annotations

import pytest

from search.backends import get_backend
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
