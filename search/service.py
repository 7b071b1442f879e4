"""Searching as the search page does it, for every caller (the page, the benchmark)."""

from __future__ import annotations

from dataclasses import replace

from .backends import get_backend
from .contract import SearchBackend, SearchQuery, SearchResults


def run_search(query: SearchQuery, backend: SearchBackend | None = None) -> SearchResults:
    """Search; when nothing at all is found but the engine has a spelling suggestion that
    finds pages, answer with those pages and say so ("refransegruppen" shows the pages for
    "referansegruppen"). A query that finds anything is never second-guessed."""
    backend = backend or get_backend()
    results = backend.search(query)
    if results.total or not results.suggestion:
        return results
    corrected = backend.search(replace(query, text=results.suggestion))
    if not corrected.total:
        return results
    corrected.corrected_from = query.text
    corrected.suggestion = None
    return corrected
