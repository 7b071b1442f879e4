"""Every page says which browser features it and its frames may use: none but fullscreen for the video players."""

from __future__ import annotations

import pytest

from core.permissions_policy import HEADER_VALUE, VIDEO_ORIGINS

pytestmark = pytest.mark.django_db


def parse(header: str) -> dict[str, list[str]]:
    """`camera=(), fullscreen=(self "https://a")` → {"camera": [], "fullscreen": ["self", "https://a"]}."""
    policy = {}
    for item in header.split(", "):
        feature, _, allowlist = item.partition("=")
        assert allowlist.startswith("(") and allowlist.endswith(")"), item
        policy[feature] = [origin.strip('"') for origin in allowlist[1:-1].split()]
    return policy


@pytest.mark.parametrize("path", ["/", "/abonnement/", "/api/statistikk/v1/", "/robots.txt", "/finnes-ikke/"])
def test_public_responses_carry_the_policy(site_client, home_page, path):
    response = site_client.get(path)

    policy = parse(response["Permissions-Policy"])
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "interest-cohort", "browsing-topics"):
        assert policy[feature] == [], feature


def test_fullscreen_only_for_this_site_and_the_video_players(site_client, home_page):
    policy = parse(site_client.get("/")["Permissions-Policy"])

    assert policy["fullscreen"] == ["self", *VIDEO_ORIGINS]
    assert {feature for feature, origins in policy.items() if origins} == {"fullscreen"}


def test_the_video_origins_are_those_the_csp_lets_us_frame(settings):
    assert set(VIDEO_ORIGINS) == set(settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["frame-src"])


def test_the_header_is_one_valid_structured_field():
    assert "\n" not in HEADER_VALUE and HEADER_VALUE.count("fullscreen=") == 1
