"""The client address that the abuse limits count, with and without proxies in front.

With TRUSTED_PROXY_COUNT = N, each of N proxies appends the address it was reached from to
X-Forwarded-For and REMOTE_ADDR is the nearest of them: the client is the N-th entry from
the right. Whatever stands further left was written by the client and is never believed.
"""

from __future__ import annotations

import time

import pytest
from django.test import RequestFactory, override_settings

from core.ratelimit import client_ip
from tests.search import fixtures_pages

PROXY = "10.0.0.2"  # the nearest proxy, as REMOTE_ADDR
factory = RequestFactory()


def request(forwarded: str | None = None, remote: str = PROXY):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return factory.get("/", **extra)


def test_without_proxies_a_forwarded_header_is_ignored():
    # The default: the site faces the internet, and anyone can send the header.
    assert client_ip(request("203.0.113.5", remote="198.51.100.7")) == "198.51.100.7"
    assert client_ip(request("203.0.113.5, 192.0.2.1", remote="198.51.100.7")) == "198.51.100.7"


@override_settings(TRUSTED_PROXY_COUNT=0)
def test_zero_proxies_also_ignores_the_header():
    assert client_ip(request("203.0.113.5", remote="198.51.100.7")) == "198.51.100.7"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_one_proxy_takes_the_address_it_appended():
    assert client_ip(request("203.0.113.5")) == "203.0.113.5"
    # Entries the client sent itself stand to the left and are not believed.
    assert client_ip(request("1.1.1.1, 203.0.113.5")) == "203.0.113.5"
    assert client_ip(request("1.1.1.1, 8.8.8.8, 203.0.113.5")) == "203.0.113.5"


@override_settings(TRUSTED_PROXY_COUNT=2)
def test_two_proxies_take_the_address_the_outer_one_appended():
    # client → CDN (appends the client) → nginx (appends the CDN) → the site.
    assert client_ip(request("203.0.113.5, 192.0.2.50")) == "203.0.113.5"
    assert client_ip(request("1.1.1.1, 203.0.113.5, 192.0.2.50")) == "203.0.113.5"


@override_settings(TRUSTED_PROXY_COUNT=2)
def test_too_few_entries_fall_back_to_the_nearest_proxy():
    # A request that went around the outer proxy: its one entry is not the outer proxy's.
    assert client_ip(request("203.0.113.5")) == PROXY
    assert client_ip(request()) == PROXY
    assert client_ip(request("")) == PROXY


@override_settings(TRUSTED_PROXY_COUNT=1)
@pytest.mark.parametrize(
    "forwarded",
    [
        "",
        " ",
        "unknown",
        "not-an-address",
        "1.1.1.1, ",
        "999.1.1.1",
        "203.0.113.5.6",
        "<script>",
        "2001:db8::zz",
        "[2001:db8::1",
        "1" * 5000,
        "1.1.1.1,,",
    ],
)
def test_a_malformed_entry_falls_back_to_remote_addr(forwarded):
    assert client_ip(request(forwarded)) == PROXY


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_addresses_with_ports_and_spaces_are_read():
    assert client_ip(request(" 203.0.113.5 ")) == "203.0.113.5"
    assert client_ip(request("203.0.113.5:51234")) == "203.0.113.5"
    assert client_ip(request("[2001:db8:1:2::1]:443")) == "2001:db8:1:2::/64"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_forwarded_ipv6_clients_are_counted_by_their_64():
    one = client_ip(request("2001:db8:1:2::1"))
    other = client_ip(request("2001:db8:1:2:ffff::9"))
    elsewhere = client_ip(request("2001:db8:1:3::1"))
    assert one == other == "2001:db8:1:2::/64"
    assert elsewhere == "2001:db8:1:3::/64"
    assert client_ip(request("::ffff:203.0.113.5")) == "203.0.113.5"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_the_proxy_itself_may_be_ipv6():
    assert client_ip(request("203.0.113.5", remote="2001:db8::2")) == "203.0.113.5"
    assert client_ip(request("garbage", remote="2001:db8:9:9::2")) == "2001:db8:9:9::/64"


@override_settings(TRUSTED_PROXY_COUNT=3)
def test_a_missing_or_odd_remote_addr_stays_a_key():
    assert client_ip(factory.get("/", REMOTE_ADDR="")) == "unknown"
    assert client_ip(factory.get("/", REMOTE_ADDR="unix:socket")) == "unix:socket"


# --- End to end: the search page's abuse limit behind one proxy --------------------------------

SEARCH_URL = "/sok/"
search_page = fixtures_pages.search_page
search_index = fixtures_pages.search_index


@override_settings(TRUSTED_PROXY_COUNT=1, SEARCH_REQUESTS_PER_IP_PER_MINUTE=2)
def test_clients_behind_one_proxy_have_limits_of_their_own(site_client, search_page, search_index, monkeypatch):
    # The limit counts per fixed minute: hold the counter's clock, so the requests never
    # straddle two windows (core.ratelimit reads only time.time()).
    from types import SimpleNamespace

    from core import ratelimit

    now = time.time()
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: now))

    def search(client_address: str, spoofed: str = "") -> int:
        forwarded = f"{spoofed}, {client_address}" if spoofed else client_address
        return site_client.get(
            SEARCH_URL, {"q": "listetak"}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded
        ).status_code

    assert [search("203.0.113.5") for _ in range(3)] == [200, 200, 429]
    # Another visitor behind the same proxy is not locked out by the first one.
    assert [search("198.51.100.9") for _ in range(2)] == [200, 200]
    # The first cannot escape its limit by sending an address of its own to the left.
    assert search("203.0.113.5", spoofed="192.0.2.123") == 429
    assert search("198.51.100.9") == 429
