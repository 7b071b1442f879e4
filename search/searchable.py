"""Which page types are searchable, and the document class that flattens each.

Apps declare their documents in their own ``documents.py`` (beside the content they
index, as cfgov does) with ``@register``; ``autodiscover`` imports those modules when
the search app starts.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from importlib import import_module
from typing import TYPE_CHECKING

from django.apps import apps
from django.utils.module_loading import module_has_submodule
from wagtail.models import Page

if TYPE_CHECKING:
    from .contract import IndexDocument
    from .page_document import PageDocument

logger = logging.getLogger(__name__)

_documents: dict[type[Page], type[PageDocument]] = {}


def register(document_class: type[PageDocument]) -> type[PageDocument]:
    """Class decorator: make ``document_class.model`` searchable through ``document_class``."""
    _documents[document_class.model] = document_class
    return document_class


def autodiscover() -> None:
    for app_config in apps.get_app_configs():
        if module_has_submodule(app_config.module, "documents"):
            import_module(f"{app_config.name}.documents")


def document_classes() -> list[type[PageDocument]]:
    return list(_documents.values())


def document_class_for(page: Page) -> type[PageDocument] | None:
    """The document class for a page's specific type, or None if the type is not searchable."""
    return _documents.get(type(page))


def content_types() -> dict[str, str]:
    """Facet value → label for every searchable type, in registration order."""
    return {cls.content_type: str(cls.type_label) for cls in _documents.values()}


def is_searchable(page: Page) -> bool:
    """Live, public (no view restriction on it or above it) and of a registered type."""
    cls = document_class_for(page)
    if cls is None or not page.live:
        return False
    return cls.model.objects.live().public().filter(pk=page.pk).exists()


def prepare(page: Page) -> IndexDocument | None:
    """The index document for a page, or None when the page must not be in the index."""
    page = page.specific
    if not is_searchable(page):
        return None
    return document_class_for(page)(page).prepare()


def all_documents(batch_size: int = 200) -> Iterator[IndexDocument]:
    """Every searchable page as a document, type by type, in batches of ``batch_size``."""
    for cls in document_classes():
        queryset = cls.queryset().order_by("pk")
        last_pk = 0
        while True:
            batch = list(queryset.filter(pk__gt=last_pk)[:batch_size])
            if not batch:
                break
            last_pk = batch[-1].pk
            for page in batch:
                try:
                    yield cls(page).prepare()
                except Exception:  # one broken page must not stop a rebuild of thousands
                    logger.exception("Could not prepare page %s for the search index", page.pk)


def count_searchable() -> int:
    return sum(cls.queryset().count() for cls in document_classes())
