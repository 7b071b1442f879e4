"""Two web hosts that share nothing but PostgreSQL, Redis and an S3 server: what one host
changes, the other serves at once.

Host A and host B each run gunicorn under production settings with a var/ directory of
their own (file cache, media, search index, static files); changes are made as host A
(host_actions.py in A's environment) and read through host B over HTTP. A control host
without REDIS_URL keeps its cache in its own files, as every host would without Redis:
it goes on serving the page it cached before the change, which shows that the checks on
host B can fail.
"""

from __future__ import annotations

import base64
import re
import secrets
import time

import pytest

from tests.multihost.hosts import SEARCH_LIMIT
from tests.multihost.object_storage import needs_object_storage

pytestmark = pytest.mark.multihost


def title_of(html: str) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    return re.sub(r"<[^>]+>|\s+", " ", match.group(1)).strip() if match else ""


def menu_labels(html: str) -> list[str]:
    """The header menu's link texts."""
    nav = re.search(r"<nav[^>]*>(.*?)</nav>", html, re.S)
    return (
        [re.sub(r"<[^>]+>|\s+", " ", label).strip() for label in re.findall(r"<a[^>]*>(.*?)</a>", nav.group(1), re.S)]
        if nav
        else []
    )


def cached(host, path: str):
    """GET twice: the second answer comes from the host's page cache."""
    host.get(path)
    answer = host.get(path)
    assert answer.status == 200, (host.name, path, answer.status)
    assert answer.header("X-Page-Cache") == "hit", (host.name, path, answer.header("X-Page-Cache"))
    return answer


def test_a_page_published_on_a_is_served_changed_by_b_at_once(cluster):
    page, home = cluster.site["menu_page"], cluster.site["home"]
    before = page["title"]
    for host in (cluster.b, cluster.control):
        assert title_of(cached(host, page["url"]).text) == before
        assert before in menu_labels(cached(host, home).text)

    after = f"Organisering, ny utgave {secrets.token_hex(3)}"
    cluster.on_a("publish_title", page_id=page["id"], title=after)

    changed = cluster.b.get(page["url"])
    assert changed.status == 200
    assert title_of(changed.text) == after
    assert changed.header("X-Page-Cache") == "miss"  # B's entry from before is out of reach, not served
    # The menu on every page, the home page included, names the page by its new title.
    assert after in menu_labels(cluster.b.get(home).text)
    assert before not in menu_labels(cluster.b.get(home).text)
    # The control host, its cache in its own files, never hears of the change: stale.
    stale = cluster.control.get(page["url"])
    assert stale.header("X-Page-Cache") == "hit"
    assert title_of(stale.text) == before
    assert before in menu_labels(cluster.control.get(home).text)


@needs_object_storage
def test_the_feed_on_b_lists_an_episode_published_on_a_at_once(cluster):
    feed = cluster.b.get(cluster.site["feed"])
    assert feed.status == 200
    title = f"Ny episode {secrets.token_hex(3)}"
    assert title not in feed.text

    episode = cluster.on_a("publish_episode", show_id=cluster.site["show_id"], title=title, seed=7)

    feed = cluster.b.get(cluster.site["feed"])
    assert feed.status == 200
    assert title in feed.text
    enclosure = re.search(rf'<enclosure url="[^"]*{re.escape(episode["audio"])}" length="(\d+)"', feed.text)
    assert enclosure is not None and int(enclosure.group(1)) == len(base64.b64decode(episode["audio_bytes"]))
    # Its audio, uploaded through A, is there for a player that follows the feed to B.
    assert read_through(cluster.b, episode["audio"]).body == base64.b64decode(episode["audio_bytes"])


def read_through(host, path: str, headers: dict[str, str] | None = None):
    """GET from the host, following one redirect to where the host sends the client (the bucket)."""
    answer = host.get(path, headers)
    if answer.status in (301, 302, 303, 307, 308):
        from urllib.request import Request, urlopen

        with urlopen(Request(answer.header("Location"), headers=headers or {}), timeout=30) as redirected:
            return type(answer)(
                redirected.status, {k.lower(): v for k, v in redirected.getheaders()}, redirected.read()
            )
    return answer


@needs_object_storage
def test_audio_uploaded_on_a_is_read_through_b_with_ranges(cluster):
    episode = cluster.site["episode"]
    audio = base64.b64decode(episode["audio_bytes"])

    whole = read_through(cluster.b, episode["audio"])
    assert whole.status == 200
    assert whole.body == audio

    start = read_through(cluster.b, episode["audio"], {"Range": "bytes=0-99"})
    assert start.status == 206
    assert start.header("Content-Range") == f"bytes 0-99/{len(audio)}"
    assert start.body == audio[:100]

    middle = read_through(cluster.b, episode["audio"], {"Range": "bytes=1000-"})
    assert middle.status == 206
    assert middle.body == audio[1000:]

    end = read_through(cluster.b, episode["audio"], {"Range": "bytes=-64"})
    assert end.status == 206
    assert end.body == audio[-64:]


@needs_object_storage
def test_a_restricted_document_uploaded_on_a_is_refused_to_the_public_and_given_to_a_member_on_b(cluster):
    document = cluster.site["document"]
    pdf = base64.b64decode(document["bytes"])

    public = cluster.b.get(document["url"])
    assert public.status == 302
    assert "/_util/login/" in public.header("Location")
    assert pdf[:64] not in public.body

    # Logged in on A: the session lives in the shared database, so B knows the member.
    session = cluster.a.log_in(**cluster.site["member"])
    member = read_through(cluster.b, document["url"], {"Cookie": f"sessionid={session}"})
    assert member.status == 200
    assert member.body == pdf


@needs_object_storage
def test_uploads_live_in_the_bucket_and_on_no_host(cluster):
    keys = [item["Key"] for item in cluster.bucket.client().list_objects_v2(Bucket=cluster.bucket.name)["Contents"]]
    assert any(key.endswith(".mp3") for key in keys), keys
    assert any(key.endswith(".pdf") for key in keys), keys
    for host in (cluster.a, cluster.b, cluster.control):
        assert [path for path in (host.var_dir / "media").rglob("*") if path.is_file()] == [], host.name


def alternate(cluster, path: str, requests: int) -> tuple[list[tuple[str, int]], bool]:
    """GET the path from a client of its own, alternately on A and B; the answers, and whether
    they all fell in one calendar minute (the limit's window)."""
    # A client of its own (an IPv6 /64 counts as one), as the proxy in front names it.
    client = f"2001:db8:{secrets.token_hex(2)}:{secrets.token_hex(2)}::1"
    window = time.time() // 60
    statuses = []
    for number in range(requests):
        host = (cluster.a, cluster.b)[number % 2]
        statuses.append((host.name, host.get(path, {"X-Forwarded-For": client}).status))
    return statuses, time.time() // 60 == window


def test_a_rate_limit_counts_requests_spread_over_both_hosts(cluster):
    path = cluster.site["search"] + "?q=fastlege"
    statuses, one_window = alternate(cluster, path, 2 * SEARCH_LIMIT)
    if not one_window:  # a new minute began midway and restarted the count: once more, within one
        statuses, one_window = alternate(cluster, path, 2 * SEARCH_LIMIT)
    assert one_window

    # The first SEARCH_LIMIT answered, whichever host they reached; every one after refused, on both.
    assert [status for _host, status in statuses] == [200] * SEARCH_LIMIT + [429] * SEARCH_LIMIT, statuses
    assert {host for host, status in statuses if status == 429} == {"A", "B"}
    # Counted in Redis, not in the shared database.
    import psycopg

    from core.models import RateLimitCounter

    with psycopg.connect(cluster.database_url) as connection:
        rows = connection.execute(f'SELECT count(*) FROM "{RateLimitCounter._meta.db_table}"').fetchone()[0]
    assert rows == 0
