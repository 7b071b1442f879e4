"""A new release never serves pages cached by the previous one: the page cache's key
carries a fingerprint of the code, templates and static manifest."""

from __future__ import annotations

import os

import pytest

from core import page_cache


@pytest.fixture(autouse=True)
def fresh_release():
    page_cache.release.cache_clear()
    yield
    page_cache.release.cache_clear()


def test_a_new_static_manifest_is_a_new_release(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    (tmp_path / "staticfiles.json").write_text('{"paths": {"css/site.css": "css/site.aaaa.css"}}')
    before = page_cache.release()
    page_cache.release.cache_clear()
    (tmp_path / "staticfiles.json").write_text('{"paths": {"css/site.css": "css/site.bbbb.css"}}')
    assert page_cache.release() != before


def test_a_changed_template_is_a_new_release(settings, tmp_path):
    (tmp_path / "templates").mkdir()
    template = tmp_path / "templates" / "page.html"
    template.write_text("<p>one</p>")
    settings.BASE_DIR = tmp_path
    settings.STATIC_ROOT = ""
    before = page_cache.release()
    page_cache.release.cache_clear()
    template.write_text("<p>two</p>")  # the same size: the content is what counts
    assert page_cache.release() != before


def test_the_same_release_installed_elsewhere_or_later_is_the_same_release(settings, tmp_path):
    """Two hosts installing the same release (other folders, other file times) share entries."""
    fingerprints = []
    for host in ("a", "b"):
        base = tmp_path / host / "app"
        (base / "templates").mkdir(parents=True)
        template = base / "templates" / "page.html"
        template.write_text("<p>one</p>")
        os.utime(template, (1_000_000 * len(fingerprints), 1_000_000 * len(fingerprints)))
        settings.BASE_DIR = base
        settings.STATIC_ROOT = ""
        page_cache.release.cache_clear()
        fingerprints.append(page_cache.release())
    assert fingerprints[0] == fingerprints[1]


def test_the_release_is_part_of_the_content_version(settings, tmp_path, db):
    settings.STATIC_ROOT = tmp_path
    (tmp_path / "staticfiles.json").write_text("{}")
    assert page_cache.content_version().startswith(page_cache.release() + ":")
