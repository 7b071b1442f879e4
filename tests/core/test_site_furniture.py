"""Sitemap, robots.txt, redirects, error pages, settings-driven menus, scheduling."""

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from wagtail.contrib.redirects.models import Redirect

from core.models import NavigationSettings, OrganisationSettings
from pages.factories import GuidancePageFactory
from pages.models import GuidancePage


@pytest.fixture(autouse=True)
def render_every_request(settings):
    """Count the queries of rendering a page, not of the page cache's hits (0 = 0)."""
    settings.PAGE_CACHE_ENABLED = False


@pytest.mark.django_db
def test_sitemap_lists_live_pages_only(site_client, guidance_page, report_with_chapters, home_page):
    draft = home_page.add_child(instance=GuidancePage(title="Utkast", body=[], live=False))
    response = site_client.get("/sitemap.xml")
    assert response.status_code == 200
    xml = response.content.decode()
    assert f"http://localhost{guidance_page.url}" in xml
    assert f"http://localhost{report_with_chapters[1]['2.1'].url}" in xml
    assert draft.slug not in xml
    assert "versjoner" not in xml


@pytest.mark.django_db
def test_robots_txt_points_to_the_sitemap(site_client):
    response = site_client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://localhost/sitemap.xml" in text


@pytest.mark.django_db
def test_norwegian_404_page(site_client, home_page):
    response = site_client.get("/finnes-ikke/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="nb"' in html
    assert "Vi finner ikke siden" in html
    assert len(re.findall(r"<h1[\s>]", html)) == 1


def test_500_page_renders_without_a_database():
    from django.template import loader

    html = loader.get_template("500.html").render()
    assert "Noe gikk galt" in html and '<html lang="nb">' in html


@pytest.mark.django_db
def test_redirects_are_followed(site_client, guidance_page):
    Redirect.objects.create(old_path="/gammel-side", redirect_page=guidance_page)
    response = site_client.get("/gammel-side/")
    assert response.status_code == 301
    assert response["Location"].endswith(guidance_page.url)


@pytest.mark.django_db
def test_menus_and_organisation_come_from_site_settings(site_client, home_page, guidance_page):
    site = home_page.get_site()
    nav = NavigationSettings.for_site(site)
    nav.header_links = [{"type": "link", "value": {"page": guidance_page.pk, "url": "", "text": ""}}]
    nav.footer_links = [{"type": "link", "value": {"page": None, "url": "https://www.uustatus.no", "text": "Uustatus"}}]
    nav.save()
    org = OrganisationSettings.for_site(site)
    org.name = "Allmennlegeprogrammet"
    org.email = "post@allmenn.example"
    org.accessibility_statement = guidance_page
    org.save()

    html = site_client.get(guidance_page.url).content.decode()
    menu = re.search(r'<nav class="site-nav".*?</nav>', html, re.S).group(0)
    assert f'href="{guidance_page.url}" aria-current="page">{guidance_page.title}<' in menu
    assert "Uustatus" in html
    assert f'<a class="ds-link" href="{guidance_page.url}">Tilgjengelighetserklæring</a>' in html
    assert "mailto:post@allmenn.example" in html


@pytest.mark.django_db
def test_public_pages_send_a_strict_content_security_policy(site_client, guidance_page):
    response = site_client.get(guidance_page.url)
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"


@pytest.mark.django_db
def test_no_third_party_resources_in_pages(site_client, campaign_page, guidance_page, home_page):
    for page in (home_page, campaign_page, guidance_page):
        html = site_client.get(page.url).content.decode()
        sources = re.findall(r'<(?:script|link|img|iframe)[^>]+(?:src|href)="([^"]+)"', html)
        external = [s for s in sources if s.startswith(("http:", "https:", "//")) and "localhost" not in s]
        assert external == [], external


@pytest.mark.django_db
def test_scheduled_publishing(site_client, home_page):
    page = home_page.add_child(instance=GuidancePage(title="Kommer snart", body=[], live=False))
    page.go_live_at = timezone.now() + timedelta(hours=1)
    revision = page.save_revision()
    revision.publish()
    page.refresh_from_db()
    assert not page.live
    assert site_client.get("/kommer-snart/").status_code == 404

    # An hour passes: move the schedule into the past rather than wait.
    past = timezone.now() - timedelta(minutes=1)
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save(update_fields=["content", "approved_go_live_at"])
    call_command("run_scheduler", "--once")
    page.refresh_from_db()
    assert page.live
    assert site_client.get(page.url).status_code == 200


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_admin_is_available(client, django_user_model):
    user = django_user_model.objects.create_superuser("redaktor", "redaktor@example.com", "passord-som-er-langt")
    client.force_login(user)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/reports/language/").status_code == 200


@pytest.mark.django_db
def test_admin_is_outside_the_public_policy(client):
    # Wagtail's admin needs inline scripts; it is staff-only and excluded from the public CSP.
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response


@pytest.mark.django_db
def test_campaign_has_its_own_sharing_image_and_text(site_client, campaign_page):
    import wagtail_factories

    campaign_page.social_image = wagtail_factories.ImageFactory(title="Fastlege på hjemmebesøk")
    campaign_page.social_text = "Bli fastlege der du trengs mest."
    campaign_page.save()
    html = site_client.get(campaign_page.url).content.decode()
    assert '<meta property="og:description" content="Bli fastlege der du trengs mest.">' in html
    image = re.search(r'<meta property="og:image" content="([^"]+)">', html).group(1)
    assert image.startswith("http://localhost/") and image.endswith((".jpg", ".png", ".jpeg"))
    assert re.search(r'<meta property="og:image:width" content="\d+">', html)
    assert f'<meta property="og:title" content="{campaign_page.title}">' in html


@pytest.mark.django_db
def test_furniture_is_cached_and_follows_changes(site_client, home_page, guidance_page):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    site = home_page.get_site()
    nav = NavigationSettings.for_site(site)
    nav.header_links = [{"type": "link", "value": {"page": guidance_page.pk, "url": "", "text": ""}}]
    nav.save()
    site_client.get(home_page.url)
    with CaptureQueriesContext(connection) as captured:
        html = site_client.get(home_page.url).content.decode()
    assert f">{guidance_page.title}</a>" in html
    assert not any("core_navigationsettings" in q["sql"] for q in captured.captured_queries)

    # Renaming and republishing the linked page shows at once.
    guidance_page.title = "Programstyret"
    guidance_page.save_revision().publish()
    assert ">Programstyret</a>" in site_client.get(home_page.url).content.decode()

    # Unpublishing it takes it out of the menu rather than leaving a dead link.
    guidance_page.unpublish()
    assert ">Programstyret</a>" not in site_client.get(home_page.url).content.decode()

    # Editing the settings shows at once too.
    org = OrganisationSettings.for_site(site)
    org.name = "Allmennlegeprogrammet 2026"
    org.save()
    assert "Allmennlegeprogrammet 2026" in site_client.get(home_page.url).content.decode()


def test_favicon_ico_answers_at_the_root(client):
    """Browsers and feed readers ask for /favicon.ico without reading any page."""
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] in ("image/x-icon", "image/vnd.microsoft.icon")
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"


@pytest.mark.django_db
def test_the_rendered_header_and_footer_mark_each_page_of_the_menu(site_client, home_page, guidance_page, settings):
    """The header and footer are rendered once per furniture version, language and menu
    page: each page of the menu still gets aria-current on its own link only."""
    settings.PAGE_CACHE_ENABLED = False
    other = GuidancePageFactory(parent=home_page, title="Referansegruppen")
    nav = NavigationSettings.for_site(home_page.get_site())
    nav.header_links = [
        {"type": "link", "value": {"page": guidance_page.pk, "url": "", "text": ""}},
        {"type": "link", "value": {"page": other.pk, "url": "", "text": ""}},
    ]
    nav.save()
    for page, not_current in ((guidance_page, other), (other, guidance_page), (home_page, None)):
        for _ in range(2):  # the second answer comes from the rendered fragment
            html = site_client.get(page.url).content.decode()
            current = re.findall(r'href="([^"]+)" aria-current="page"', html)
            assert current == ([page.url, page.url] if not_current else [])  # header and footer
            if not_current:
                assert f'href="{not_current.url}">' in html
