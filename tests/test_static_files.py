"""Production's static files: hashed names, precompressed copies, cached for good.

collectstatic runs once for the module with production's storage (config.settings.base;
production.py keeps it) into a temporary STATIC_ROOT, which also proves that every CSS
file's url() references resolve (a missing one fails the manifest storage). Requests then
go through the whole middleware stack of a fresh test client, so whitenoise reads that root
and the manifest as a production process does.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path, PurePosixPath

import brotli
import lxml.html
import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client, override_settings

from config.settings import base

ONE_YEAR = 365 * 24 * 60 * 60
# What base.html links on every page.
MAIN_FILES = [
    "designsystemet/index.css",
    "designsystemet-theme/digdir.css",
    "css/site.css",
    "css/print.css",
    "search/search.css",
    "js/site.js",
    "search/autocomplete.js",
    "favicon.svg",
]
# Large enough that compression always pays (whitenoise keeps only copies 5 % smaller).
COMPRESSIBLE = ["designsystemet/index.css", "css/site.css", "js/site.js"]


def test_production_uses_the_compressed_manifest_storage():
    assert base.STORAGES["staticfiles"]["BACKEND"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"


@pytest.fixture(scope="module")
def static_root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("static")
    with override_settings(
        STORAGES=base.STORAGES,
        STATIC_ROOT=root,
        # As in production: only what collectstatic wrote, read once at start.
        WHITENOISE_USE_FINDERS=False,
        WHITENOISE_AUTOREFRESH=False,
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield root


@pytest.fixture(scope="module")
def manifest(static_root) -> dict[str, str]:
    return json.loads((static_root / "staticfiles.json").read_text())["paths"]


@pytest.fixture
def production_client(static_root) -> Client:
    """A new client, so that its middleware (whitenoise) is built under the module's settings."""
    return Client(HTTP_HOST="localhost")


def hashed_pattern(name: str) -> re.Pattern:
    path = PurePosixPath(name)
    return re.compile(re.escape(str(path.with_suffix(""))) + r"\.[0-9a-f]{12}" + re.escape(path.suffix))


def body(response) -> bytes:
    try:
        return b"".join(response.streaming_content)
    finally:
        response.close()


def max_age(response) -> int:
    return int(re.search(r"max-age=(\d+)", response["Cache-Control"]).group(1))


@pytest.mark.parametrize("name", MAIN_FILES)
def test_collectstatic_writes_a_hashed_copy_of_each_file(static_root, manifest, name):
    hashed = manifest[name]
    assert hashed_pattern(name).fullmatch(hashed), hashed
    assert (static_root / hashed).is_file()


@pytest.mark.parametrize("name", COMPRESSIBLE)
def test_collectstatic_compresses_with_gzip_and_brotli(static_root, manifest, name):
    hashed = static_root / manifest[name]
    original = hashed.read_bytes()
    assert gzip.decompress(Path(f"{hashed}.gz").read_bytes()) == original
    assert brotli.decompress(Path(f"{hashed}.br").read_bytes()) == original


def test_a_hashed_file_is_cached_for_good(production_client, static_root, manifest):
    response = production_client.get(f"/static/{manifest['css/site.css']}")
    assert response.status_code == 200
    assert max_age(response) >= ONE_YEAR
    assert {"public", "immutable"} <= {part.strip() for part in response["Cache-Control"].split(",")}
    assert response["Content-Type"].startswith("text/css")
    assert body(response) == (static_root / manifest["css/site.css"]).read_bytes()


def test_an_unhashed_name_is_served_but_not_for_long(production_client):
    # Old links keep working, but a changed file reaches them within a minute.
    response = production_client.get("/static/css/site.css")
    assert response.status_code == 200
    assert "immutable" not in response["Cache-Control"]
    assert max_age(response) <= 60
    body(response)


def test_the_precompressed_copy_is_served_to_those_who_accept_it(production_client, static_root, manifest):
    url = f"/static/{manifest['designsystemet/index.css']}"
    original = (static_root / manifest["designsystemet/index.css"]).read_bytes()

    gzipped = production_client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert gzipped["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in gzipped["Vary"]
    assert gzip.decompress(body(gzipped)) == original
    assert "immutable" in gzipped["Cache-Control"]

    brotlied = production_client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert brotlied["Content-Encoding"] == "br"
    assert brotli.decompress(body(brotlied)) == original

    plain = production_client.get(url)
    assert not plain.has_header("Content-Encoding")
    assert body(plain) == original


@pytest.fixture
def fresh_cache():
    # Pages rendered by other tests in this process (with unhashed names) must not be served here,
    # nor these (with names only this module's root holds) to later tests.
    cache.clear()
    yield
    cache.clear()


def test_pages_link_hashed_names_that_whitenoise_serves(production_client, manifest, home_page, fresh_cache):
    response = production_client.get("/")
    assert response.status_code == 200
    page = lxml.html.fromstring(response.content)
    static_links = {
        link for link in page.xpath("//link/@href | //script/@src | //img/@src") if link.startswith("/static/")
    }
    assert {f"/static/{manifest[name]}" for name in MAIN_FILES} <= static_links
    hashed_names = set(manifest.values())
    for link in sorted(static_links):
        assert link.removeprefix("/static/") in hashed_names, link
        served = production_client.get(link)
        assert served.status_code == 200, link
        assert "immutable" in served["Cache-Control"], link
        body(served)
