"""How fast the podcast feed is: building it (cold), serving it from the cache, and the 304 path.

    .venv/bin/python bench/podcast.py            # 10, 100 and 1000 episodes
    .venv/bin/python bench/podcast.py --short    # 10 and 100 episodes, for CI

It builds a throw-away SQLite database and media folder in a temporary directory,
adds one show with artwork, then grows it to each episode count (every episode with
audio, a host and a chapter) and requests the feed with Django's test client: cold
(cache cleared, so the feed is built), cached, and conditional (If-None-Match, 304).
The cache is a file cache in the temporary directory, as in development and on a
single production machine, so the developer's own cache is never touched.
"""

from __future__ import annotations

import argparse
import platform
import shutil
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from fresh_site import setup_django

PROJECT_DIR = Path(__file__).resolve().parent.parent
HOST = "localhost"
COUNTS, SHORT_COUNTS = (10, 100, 1000), (10, 100)


def tone_mp3(seconds: float = 1.0) -> bytes:
    from demo.audio import make_mp3

    return make_mp3(seconds, xing=False)


def make_show():
    import io

    from django.core.files.images import ImageFile
    from django.utils import timezone
    from PIL import Image as PILImage
    from wagtail.images import get_image_model

    from pages.factories import make_site_root
    from podcast.models import PodcastShowPage

    buffer = io.BytesIO()
    PILImage.new("RGB", (1400, 1400), (20, 90, 140)).save(buffer, "JPEG", quality=70)
    artwork = get_image_model().objects.create(title="Omslag", file=ImageFile(buffer, name="omslag.jpg"))
    home = make_site_root()  # the default site on localhost, as in the tests
    now = timezone.now()
    return home.add_child(
        instance=PodcastShowPage(
            title="Fastlegepodden",
            slug="fastlegepodden",
            language="nb",
            description="Samtaler om fastlegeordningen.",
            artwork=artwork,
            author="Allmennlegeprogrammet",
            owner_name="Allmennlegeprogrammet",
            owner_email="podkast@allmenn.example",
            first_published_at=now,
            last_published_at=now,
        )
    )


def add_episodes(show, audio_name: str, audio_size: int, start: int, stop: int) -> None:
    """Live episodes added straight to the tree (no revisions): the feed reads only live pages."""
    from django.utils import timezone

    from podcast.models import EpisodeChapter, EpisodePerson, PodcastEpisodePage

    show = type(show).objects.get(pk=show.pk)  # fresh tree numbers for add_child
    now = timezone.now()
    people, chapters = [], []
    for number in range(start, stop):
        published = now - timedelta(hours=10_000 - number)
        episode = show.add_child(
            instance=PodcastEpisodePage(
                title=f"Episode {number}: om fastlegeordningen",
                slug=f"episode-{number}",
                language="nb",
                summary="Samtale om listetak og rekruttering.",
                show_notes='<p>Vi snakker om <b>listetak</b> og <a href="https://allmenn.example">ALIS</a>.</p>',
                audio_file=audio_name,
                audio_size=audio_size,
                audio_duration=1.0,
                audio_format="mp3",
                audio_mime_type="audio/mpeg",
                transcript_text="Velkommen til Fastlegepodden.",
                season=1,
                episode_number=number,
                first_published_at=published,
                last_published_at=published,
            )
        )
        people.append(EpisodePerson(page=episode, name="Kari Nordmann", role="host", sort_order=0))
        chapters.append(EpisodeChapter(page=episode, start_seconds=0, title="Innledning", sort_order=0))
    EpisodePerson.objects.bulk_create(people)
    EpisodeChapter.objects.bulk_create(chapters)


def timed(function, repeat: int) -> tuple[float, object]:
    """Median milliseconds of `repeat` calls, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result


def cpu_timed(function, repeat: int) -> float:
    """Median CPU milliseconds of this process over `repeat` calls (what another process does is not counted)."""
    times = []
    for _ in range(repeat):
        started = time.process_time()
        function()
        times.append((time.process_time() - started) * 1000)
    return statistics.median(times)


def measure(client, show, episodes: int) -> dict[str, object]:
    from django.core.cache import cache
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    url = show.url + show.feed_path
    client.get(url)  # warm: renditions, podcast:guid, site root paths

    def cold():
        cache.clear()
        return client.get(url)

    repeat = 3 if episodes >= 1000 else 7
    cold_ms, response = timed(cold, repeat)
    assert response.status_code == 200, response.status_code
    cold_cpu_ms = cpu_timed(cold, repeat)
    zipped = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert zipped["Content-Encoding"] == "gzip"
    # DEBUG is on, so the query log may be full (9000 entries): empty it before each count,
    # and count at once, as the captured list is a slice of that log read when asked for.
    cache.clear()
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    queries_built = len(captured)
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    queries_cached = len(captured)
    cached_ms, response = timed(lambda: client.get(url, HTTP_ACCEPT_ENCODING="gzip"), 20)
    plain_ms, plain = timed(lambda: client.get(url), 20)  # a client that takes no gzip: unpacked per request
    etag = response["ETag"]
    not_modified_ms, not_modified = timed(
        lambda: client.get(url, HTTP_IF_NONE_MATCH=etag, HTTP_ACCEPT_ENCODING="gzip"), 20
    )
    assert not_modified.status_code == 304, not_modified.status_code
    return {
        "episodes": episodes,
        "bytes": len(plain.content),
        "plain_ms": plain_ms,
        "cold_ms": cold_ms,
        "cold_cpu_ms": cold_cpu_ms,
        "gzip_bytes": len(zipped.content),
        "cached_ms": cached_ms,
        "not_modified_ms": not_modified_ms,
        "queries_built": queries_built,
        "queries_cached": queries_cached,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--short", action="store_true", help="10 and 100 episodes only (for CI)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    options = parser.parse_args()
    counts = SHORT_COUNTS if options.short else COUNTS

    workdir = Path(tempfile.mkdtemp(prefix="allmenn-bench-podcast-"))
    try:
        setup_django(workdir)
        from django.core.files.base import ContentFile
        from django.core.files.storage import default_storage
        from django.test import Client

        audio = tone_mp3()
        audio_name = default_storage.save("podcast/audio/tone.mp3", ContentFile(audio))
        show = make_show()
        client = Client(HTTP_HOST=HOST)
        rows, have = [], 0
        for count in counts:
            started = time.perf_counter()
            add_episodes(show, audio_name, len(audio), have + 1, count + 1)
            setup_seconds = time.perf_counter() - started
            have = count
            row = measure(client, show, count)
            row["setup_s"] = setup_seconds
            rows.append(row)
            print(f"  {count} episodes ready in {setup_seconds:.1f} s", file=sys.stderr)
    finally:
        if not options.keep:
            shutil.rmtree(workdir, ignore_errors=True)

    print(f"Podcast feed — {platform.python_implementation()} {platform.python_version()}, SQLite, file cache")
    print(
        f"{'episodes':>8} {'feed KiB':>9} {'gzip KiB':>9} {'cold ms':>9} {'cold CPU':>9} {'× 10':>6}"
        f" {'cached ms':>10} {'no gzip':>8} {'304 ms':>8} {'queries built/cached':>21}"
    )
    base = rows[0]["cold_cpu_ms"]
    for row in rows:
        queries = f"{row['queries_built']}/{row['queries_cached']}"
        print(
            f"{row['episodes']:>8} {row['bytes'] / 1024:>9.1f} {row['gzip_bytes'] / 1024:>9.1f} {row['cold_ms']:>9.1f}"
            f" {row['cold_cpu_ms']:>9.1f} {row['cold_cpu_ms'] / base:>6.1f} {row['cached_ms']:>10.2f} {row['plain_ms']:>8.2f}"
            f" {row['not_modified_ms']:>8.2f} {queries:>21}"
        )
    print(
        "cold: cache cleared, feed built (median wall and CPU ms; × 10: CPU against the 10-episode feed);"
        " cached (gzip, as podcast apps ask), no gzip and 304: median of 20 requests via Django's test client"
    )
    print(f"Reproduce: .venv/bin/python bench/podcast.py{' --short' if options.short else ''}")


if __name__ == "__main__":
    main()
