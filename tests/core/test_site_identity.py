"""The site's identity settings: an accent colour readable on white, and the header and footer that use them."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Site

from core import furniture
from core.colours import contrast_ratio, validate_accent_colour
from core.models import OrganisationSettings, SiteIdentity


def test_contrast_ratio_matches_wcag_reference_values():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("colour", ["#1f4e79", "#000000", "#767676"])
def test_dark_enough_accent_colours_are_accepted(colour):
    validate_accent_colour(colour)


@pytest.mark.parametrize(("colour", "code"), [("#777777", "contrast"), ("#ffcc00", "contrast"), ("blue", "format")])
def test_pale_or_malformed_accent_colours_are_refused(colour, code):
    with pytest.raises(ValidationError) as refused:
        validate_accent_colour(colour)
    assert refused.value.code == code


@pytest.mark.django_db
def test_accent_colour_is_served_as_a_stylesheet_and_linked_from_the_pages(client):
    site = Site.objects.get(is_default_site=True)
    identity = SiteIdentity.for_site(site)
    identity.accent_colour = "#1f4e79"
    identity.save()
    furniture.invalidate()

    css = client.get("/identitet.css?farge=1f4e79")
    assert css["Content-Type"].startswith("text/css")
    assert b"--site-accent: #1f4e79" in css.content
    assert 'href="/identitet.css?farge=1f4e79"' in client.get("/finnes-ikke/").content.decode()


@pytest.mark.django_db
def test_placeholder_contact_details_are_marked_as_an_example(client):
    site = Site.objects.get(is_default_site=True)
    organisation = OrganisationSettings.for_site(site)
    organisation.email = "post@allmenn.example"
    organisation.save()
    furniture.invalidate()
    assert furniture.build_furniture(site).contact_is_example

    organisation.email = "post@helsedir.no"
    organisation.save()
    assert not furniture.build_furniture(site).contact_is_example
