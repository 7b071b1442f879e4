"""The home page's and the campaign index's listings are rendered once per version of
what they show (pages/listings.py), and never show what has changed since."""

from __future__ import annotations

import pytest
import wagtail_factories
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from core import page_privacy
from pages.factories import CampaignPageFactory, GuidancePageFactory
from pages.models import CampaignPage


@pytest.fixture(autouse=True)
def render_every_request(settings):
    """The render path: the full-page cache would hide it."""
    settings.PAGE_CACHE_ENABLED = False


def html(client, page) -> str:
    response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("listing", ["home", "campaign index"])
def test_a_published_campaign_shows_at_once(site_client, home_page, campaign_index, listing):
    page = home_page if listing == "home" else campaign_index
    CampaignPageFactory(parent=campaign_index, title="Første kampanje")
    assert "Første kampanje" in html(site_client, page)
    draft = CampaignPageFactory(parent=campaign_index, title="Andre kampanje", live=False)
    assert "Andre kampanje" not in html(site_client, page)
    draft.save_revision().publish()
    assert "Andre kampanje" in html(site_client, page)


@pytest.mark.django_db
@pytest.mark.parametrize("listing", ["home", "campaign index"])
def test_an_unpublished_or_retitled_campaign_shows_at_once(site_client, home_page, campaign_index, listing):
    page = home_page if listing == "home" else campaign_index
    campaign = CampaignPageFactory(parent=campaign_index, title="Gammel tittel")
    assert "Gammel tittel" in html(site_client, page)
    campaign.title = "Ny tittel"
    campaign.save_revision().publish()
    assert "Ny tittel" in html(site_client, page) and "Gammel tittel" not in html(site_client, page)
    campaign.unpublish()
    assert "Ny tittel" not in html(site_client, page)


@pytest.mark.django_db
def test_a_restricted_page_leaves_the_listing_at_once(site_client, home_page):
    guidance = GuidancePageFactory(parent=home_page, title="Intern veiledning")
    assert "Intern veiledning" in html(site_client, home_page)
    restriction = PageViewRestriction.objects.create(page=guidance, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(Group.objects.create(name="Styret"))
    assert "Intern veiledning" not in html(site_client, home_page)
    restriction.delete()
    assert "Intern veiledning" in html(site_client, home_page)


@pytest.mark.django_db
def test_a_page_under_a_restricted_section_is_never_listed(site_client, home_page, campaign_index):
    PageViewRestriction.objects.create(page=campaign_index, restriction_type=PageViewRestriction.LOGIN)
    CampaignPageFactory(parent=campaign_index, title="Lukket kampanje")
    assert "Lukket kampanje" not in html(site_client, home_page)


@pytest.mark.django_db
def test_public_matches_wagtails_public(home_page, campaign_index):
    open_campaign = CampaignPageFactory(parent=campaign_index)
    closed = CampaignPageFactory(parent=campaign_index)
    CampaignPageFactory(parent=closed)  # not allowed by the page rules, but the tree allows it
    PageViewRestriction.objects.create(page=closed, restriction_type=PageViewRestriction.LOGIN)
    ours = set(page_privacy.public(CampaignPage.objects.all()).values_list("pk", flat=True))
    assert ours == set(CampaignPage.objects.public().values_list("pk", flat=True)) == {open_campaign.pk}


@pytest.mark.django_db
def test_a_moved_focal_point_shows_at_once(site_client, campaign_index):
    """The crop follows the focal point an editor sets: a new rendition, a new address."""
    image = wagtail_factories.ImageFactory()
    CampaignPageFactory(parent=campaign_index, social_image=image)
    before = html(site_client, campaign_index)
    image.focal_point_x, image.focal_point_y, image.focal_point_width, image.focal_point_height = 10, 10, 4, 4
    image.save()
    after = html(site_client, campaign_index)
    rendition = image.get_rendition("fill-640x360")
    assert rendition.url in after and rendition.url not in before


@pytest.mark.django_db
def test_the_featured_campaign_follows_the_home_page(site_client, home_page, campaign_index):
    first = CampaignPageFactory(parent=campaign_index, title="Vinterkampanjen")
    second = CampaignPageFactory(parent=campaign_index, title="Sommerkampanjen")
    home_page.featured_campaign = first
    home_page.save_revision().publish()
    assert 'id="featured-heading"' in html(site_client, home_page)
    home_page.featured_campaign = second
    home_page.save_revision().publish()
    featured = html(site_client, home_page).split('id="featured-heading"')[1].split("</h2>")[0]
    assert "Sommerkampanjen" in featured


@pytest.mark.django_db
def test_the_listing_is_rendered_once_per_version(site_client, home_page, campaign_index, monkeypatch):
    CampaignPageFactory(parent=campaign_index, title="Vinterkampanjen")
    first = html(site_client, home_page)

    def not_again(self):
        raise AssertionError("listed again although nothing changed")

    monkeypatch.setattr(type(home_page), "latest_sections", not_again)
    assert html(site_client, home_page) == first


@pytest.mark.django_db
def test_a_guidance_pages_children_follow_the_tree_at_once(site_client, guidance_page):
    child = GuidancePageFactory(parent=guidance_page, title="Tilskudd")
    assert "Tilskudd" in html(site_client, guidance_page)
    child.unpublish()
    assert "Tilskudd" not in html(site_client, guidance_page)
    GuidancePageFactory(parent=guidance_page, title="Referansegruppen")
    assert "Referansegruppen" in html(site_client, guidance_page)


@pytest.mark.django_db
def test_chapter_numbers_follow_the_tree_at_once(site_client, report_with_chapters):
    _report, chapters = report_with_chapters
    assert "2.2 Stabilitet" in html(site_client, chapters["2.1"])
    chapters["2.1"].unpublish()
    page = html(site_client, chapters["2.2"])
    assert "2.1 Stabilitet" in page and "Rekruttering" not in page
    chapters["1"].move(chapters["2"], pos="last-child")
    page = html(site_client, chapters["2.2"])
    assert "1 Stabilitet" in page and "1.2 Innledning" in page
