"""One public address for every absolute URL: mails, calendar files, canonical and Open
Graph tags, robots.txt, the sitemap, the API; and production refuses to start while the
default Wagtail site answers somewhere else."""

from __future__ import annotations

import importlib
import re

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError
from wagtail.models import Site

from core import site_address
from core.apps import point_placeholder_site_at_base_url


@pytest.mark.parametrize(
    ("configured", "normalised"),
    [
        ("https://allmenn.no", "https://allmenn.no"),
        ("https://allmenn.no/", "https://allmenn.no"),
        ("https://Allmenn.NO:443/", "https://allmenn.no"),
        ("http://127.0.0.1:8000", "http://127.0.0.1:8000"),
        ("http://localhost:80", "http://localhost"),
        ("  http://[::1]:8000/ ", "http://[::1]:8000"),
    ],
)
def test_the_address_is_normalised(configured, normalised):
    assert site_address.normalise(configured) == normalised


@pytest.mark.parametrize(
    "configured",
    ["", "allmenn.no", "ftp://allmenn.no", "https://allmenn.no/nettsted/", "https://allmenn.no/?a=1", "https://:8000"],
)
def test_an_address_that_is_not_scheme_and_host_is_refused(configured):
    with pytest.raises(ImproperlyConfigured):
        site_address.normalise(configured)


def test_paths_become_absolute_on_the_configured_address(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://allmenn.example.no/"
    assert site_address.absolute("/abonnement/") == "https://allmenn.example.no/abonnement/"
    assert site_address.absolute("abonnement/") == "https://allmenn.example.no/abonnement/"
    assert site_address.absolute("https://elsewhere.example/x") == "https://elsewhere.example/x"
    assert site_address.absolute("mailto:post@allmenn.no") == "mailto:post@allmenn.no"
    assert site_address.absolute("") == ""


@pytest.mark.django_db
def test_the_default_site_is_pointed_at_the_address(settings, home_page):
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8123"
    assert site_address.disagreement() is not None
    assert site_address.point_default_site_at_base_url() is True
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_url) == ("127.0.0.1", 8123, "http://127.0.0.1:8123")
    assert site_address.disagreement() is None
    assert site_address.point_default_site_at_base_url() is False


@pytest.mark.django_db
def test_migrate_moves_only_wagtails_placeholder_site(settings):
    """After migrate, localhost:80 (Wagtail's placeholder) takes the address; an editor's own choice stays."""
    settings.WAGTAILADMIN_BASE_URL = "https://allmenn.example.no"
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == site_address.PLACEHOLDER_SITE
    point_placeholder_site_at_base_url(sender=None)
    site.refresh_from_db()
    assert site.root_url == "https://allmenn.example.no"

    Site.objects.filter(pk=site.pk).update(hostname="www.allmenn.example.no")
    point_placeholder_site_at_base_url(sender=None)
    site.refresh_from_db()
    assert site.hostname == "www.allmenn.example.no"


@pytest.mark.django_db
def test_production_refuses_to_start_while_the_site_answers_elsewhere(settings, home_page):
    settings.WAGTAILADMIN_BASE_URL = "https://allmenn.example.no"
    with pytest.raises(ImproperlyConfigured, match=r"answers at http://localhost.*https://allmenn\.example\.no"):
        site_address.refuse_to_start_on_disagreement()

    Site.objects.filter(is_default_site=True).update(hostname="allmenn.example.no", port=443)
    site_address.refuse_to_start_on_disagreement()


@pytest.mark.django_db
def test_the_wsgi_application_checks_the_address_when_production_says_so(settings, home_page):
    import config.wsgi

    settings.WAGTAILADMIN_BASE_URL = "https://allmenn.example.no"
    settings.SITE_ADDRESS_CHECKED_AT_START = True
    with pytest.raises(ImproperlyConfigured, match="set_site_address"):
        importlib.reload(config.wsgi)
    settings.SITE_ADDRESS_CHECKED_AT_START = False
    importlib.reload(config.wsgi)


def test_a_database_that_cannot_be_read_does_not_stop_the_start(monkeypatch, caplog):
    def unreadable():
        raise DatabaseError("no such table: wagtailcore_site")

    monkeypatch.setattr(site_address, "disagreement", unreadable)
    site_address.refuse_to_start_on_disagreement()
    assert "Could not compare" in caplog.text


@pytest.mark.django_db
def test_set_site_address_command(settings, home_page):
    from io import StringIO

    from django.core.management import call_command

    settings.WAGTAILADMIN_BASE_URL = "https://allmenn.example.no"
    out = StringIO()
    call_command("set_site_address", stdout=out)
    assert "now answers at https://allmenn.example.no" in out.getvalue()
    call_command("set_site_address", stdout=out)
    assert "already answers" in out.getvalue()


# --- What the pages say, asked for under another host name ------------------------------------


@pytest.fixture
def aligned_site(settings, home_page):
    """The configured address and the default site agree, as migrate and the demo make them."""
    settings.WAGTAILADMIN_BASE_URL = "https://allmenn.example.no"
    site_address.point_default_site_at_base_url()
    settings.ALLOWED_HOSTS = ["*"]
    return home_page


def test_canonical_and_open_graph_use_the_address_whatever_the_host(client, aligned_site):
    html = client.get(aligned_site.url, HTTP_HOST="other-name.example.no").content.decode()
    assert '<link rel="canonical" href="https://allmenn.example.no/">' in html
    assert '<meta property="og:url" content="https://allmenn.example.no/">' in html


def test_robots_and_sitemap_use_the_address(client, aligned_site):
    robots = client.get("/robots.txt", HTTP_HOST="other-name.example.no").content.decode()
    assert "Sitemap: https://allmenn.example.no/sitemap.xml" in robots
    sitemap = client.get("/sitemap.xml", HTTP_HOST="allmenn.example.no", secure=True).content.decode()
    locations = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert locations and all(location.startswith("https://allmenn.example.no/") for location in locations)
