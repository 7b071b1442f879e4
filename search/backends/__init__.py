"""The configured search backend: Elasticsearch when ELASTICSEARCH_URL is set, else the
embedded SQLite FTS5 index file."""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

from ..contract import SearchBackend


@lru_cache(maxsize=1)
def get_backend() -> SearchBackend:
    if settings.ELASTICSEARCH_URL:
        from .elastic import ElasticsearchBackend

        return ElasticsearchBackend(
            url=settings.ELASTICSEARCH_URL,
            index_prefix=settings.SEARCH_INDEX_PREFIX,
            timeout=settings.ELASTICSEARCH_TIMEOUT,
            compound_parts_path=settings.ELASTICSEARCH_COMPOUND_WORDS_PATH or None,
        )
    from .embedded import EmbeddedBackend

    return EmbeddedBackend(path=settings.SEARCH_INDEX_PATH)


def reset_backend() -> None:
    get_backend.cache_clear()


@receiver(setting_changed)
def _settings_changed(setting: str, **kwargs) -> None:
    if setting in {
        "ELASTICSEARCH_URL",
        "SEARCH_INDEX_PATH",
        "SEARCH_INDEX_PREFIX",
        "ELASTICSEARCH_TIMEOUT",
        "ELASTICSEARCH_COMPOUND_WORDS_PATH",
    }:
        reset_backend()
