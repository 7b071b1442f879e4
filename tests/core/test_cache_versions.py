"""Version counters (core/cache_versions.py): read once per request, renewed at once by a bump."""

from __future__ import annotations

import pytest
from django.core.cache import cache, caches

from core.cache_versions import (
    PUBLIC_CONTENT_KEY,
    HeldWhileVersion,
    KeptInProcess,
    bump_version,
    current_version,
    public_content_version,
    versions_held,
)
from core.page_tree import VERSION_KEY as PAGE_TREE_VERSION_KEY
from core.page_tree import kept_per_tree

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


def test_a_value_kept_in_process_is_loaded_once_and_the_least_used_goes_first():
    kept = KeptInProcess(size=2)
    loads = []

    def load(name: str):
        return lambda: loads.append(name) or {"name": name}

    first = kept.get("a", load("a"))
    assert kept.get("a", load("a")) is first
    kept.get("b", load("b"))
    kept.get("a", load("a"))  # a is used again, so b is the least recently used
    kept.get("c", load("c"))
    kept.get("a", load("a"))
    kept.get("b", load("b"))
    assert loads == ["a", "b", "c", "b"]


def test_kept_per_tree_reads_the_shared_cache_once_per_version(monkeypatch):
    builds, reads = [], []
    real_get = cache.get
    monkeypatch.setattr(cache, "get", lambda key, *args: reads.append(key) or real_get(key, *args))

    def build():
        builds.append(1)
        return ["built", len(builds)]

    first = kept_per_tree("test-kept", build)
    assert kept_per_tree("test-kept", build) is first
    assert len(builds) == 1 and len([key for key in reads if "test-kept" in key]) == 1
    bump_version(PAGE_TREE_VERSION_KEY, again_at_commit=False)
    assert kept_per_tree("test-kept", build) == ["built", 2]


def test_a_value_the_caller_changes_is_a_fresh_copy_each_time():
    first = kept_per_tree("test-changed", lambda: {"marked": False}, read_only=False)
    first["marked"] = True  # this request's own mark
    assert kept_per_tree("test-changed", lambda: {"marked": False}, read_only=False) == {"marked": False}
