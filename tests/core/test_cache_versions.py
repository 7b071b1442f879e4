"""Version counters (core/cache_versions.py): read once per request, renewed at once by a bump."""

from __future__ import annotations

import pytest
from django.core.cache import cache, caches

from core.cache_versions import (
    PUBLIC_CONTENT_KEY,
    HeldWhileVersion,
    bump_version,
    current_version,
    public_content_version,
    versions_held,
)

KEY = "allmenn:test-thing:version"


def test_outside_a_request_every_read_asks_the_cache():
    first = current_version(KEY)
    cache.set(KEY, "from-another-process", None)
    assert current_version(KEY) == "from-another-process" != first


def test_a_request_reads_a_version_once():
    before = current_version(KEY)
    with versions_held():
        assert current_version(KEY) == before
        cache.set(KEY, "from-another-process", None)  # another process bumps meanwhile
        assert current_version(KEY) == before  # this request keeps what it read
    with versions_held():
        assert current_version(KEY) == "from-another-process"  # the next request sees it


def test_a_bump_in_the_request_is_seen_at_once():
    with versions_held():
        version, content = current_version(KEY), public_content_version()
        bump_version(KEY, again_at_commit=False)
        assert current_version(KEY) != version
        assert public_content_version() != content
        assert current_version(KEY) == cache.get(KEY)
        assert public_content_version() == cache.get(PUBLIC_CONTENT_KEY)


@pytest.mark.django_db
def test_a_request_reads_the_page_tree_version_from_the_cache_once(site_client, guidance_page, settings, monkeypatch):
    settings.PAGE_CACHE_ENABLED = False
    site_client.get(guidance_page.url)
    reads = []
    backend = type(caches["default"])
    real_get = backend.get

    def counting_get(self, key, *args, **kwargs):
        reads.append(key)
        return real_get(self, key, *args, **kwargs)

    monkeypatch.setattr(backend, "get", counting_get)
    assert site_client.get(guidance_page.url).status_code == 200
    assert reads.count("allmenn:page-tree:version") == 1


def test_a_held_value_is_built_once_per_version():
    builds = []
    held = HeldWhileVersion(lambda: current_version(KEY), lambda: builds.append(1) or object())
    first = held.get()
    assert held.get() is first and len(builds) == 1
    bump_version(KEY, again_at_commit=False)
    assert held.get() is not first and len(builds) == 2
