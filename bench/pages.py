"""How fast the public pages are: database queries per page, and requests per second
with p50/p99 latency under gunicorn, without and with the page cache, beside a static file.

    .venv/bin/python bench/pages.py            # 10 s per page and way of serving it
    .venv/bin/python bench/pages.py --short    # 2 s each, for CI
    .venv/bin/python bench/pages.py --compare-with /tmp/base   # also another checkout, uncached
    .venv/bin/python bench/pages.py --workers 3 --threads 4    # gthread workers instead of sync

It builds a fresh SQLite database with the demo content in a temporary directory,
counts the queries of one warm request per page with Django's test client (with the
page cache off, and with it on), then starts two gunicorns on 127.0.0.1 from the same
database, one with the page cache off (PAGE_CACHE_ENABLED=false) and one with it on, and
loads each page from a few client threads: uncached, cached, and cached with
If-None-Match (the 304 a browser or CDN gets when it revalidates), and a static file
that whitenoise serves, as the floor no page can beat. The ways are interleaved in
rounds (page by page, way by way), so that a busy moment of the machine falls on all of
them alike; the report gives each way's figures and its ratio to the static file.
gunicorn's sync workers close every connection, so each request opens one, as a browser
behind a load balancer would. The load generator is a small Python client rather than
wrk, so that it can send If-None-Match and record every latency: the percentiles are
exact. All traffic goes to 127.0.0.1.
On a machine with only a few cores the client competes with gunicorn for them;
the report gives the load average so that a busy run can be recognised.

--compare-with DIR serves the same database from another checkout (a baseline worktree,
`git worktree add /tmp/base <commit>`) with the page cache off, as one more way in the
same interleaved rounds, so that a speed-up is measured against the same moments of a
shared machine; the report gives each page's uncached ÷ baseline. Both checkouts must
share the database's schema (no migrations between them).
"""

from __future__ import annotations

import argparse
import http.client
import io
import math
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
SETTINGS = "config.settings.dev"  # for building the demo site; gunicorn serves with production settings
REQUEST_TIMEOUT = 10.0
STARTUP_TIMEOUT = 60.0
WARMUP_SECONDS = 1.0
DEFAULT_SECONDS, SHORT_SECONDS = 10.0, 2.0
DEFAULT_ROUNDS, SHORT_ROUNDS = 4, 2
# The ways of serving a page, in the order each round measures them.
UNCACHED, CACHED, NOT_MODIFIED, STATIC = "uncached", "cached", "cached 304", "static"
BASELINE = "baseline"  # uncached, served by the checkout given with --compare-with
WAYS = (UNCACHED, CACHED, NOT_MODIFIED)
DEFAULT_CONNECTIONS = 4
DEFAULT_WORKERS = 2
OSLO = "0301"  # the municipality whose statistics page is measured


@dataclass
class Target:
    name: str
    path: str
    queries: int = 0
    cached_queries: int = 0
    etag: str = ""


@dataclass
class Result:
    target: Target
    way: str
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    errors: int = 0

    @property
    def requests_per_second(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        """Nearest-rank percentile of the latencies, in milliseconds."""
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        rank = max(1, math.ceil(share * len(ordered)))
        return ordered[rank - 1] * 1000


# --- The site -------------------------------------------------------------------------------


def prepare_environment(workdir: Path) -> dict[str, str]:
    """Point Django at a throw-away SQLite file and media folder."""
    os.environ.pop("DATABASE_URL", None)  # always the embedded default, never a shared database
    os.environ.update(
        DJANGO_SETTINGS_MODULE=SETTINGS,
        VAR_DIR=str(workdir),  # mails, the search index and the cache: never the developer's var/
        SQLITE_PATH=str(workdir / "bench.sqlite3"),
        # The demo's site takes the address production serves below (https, as production
        # requires; the benchmark itself talks plain HTTP on loopback).
        DEV_URL=f"https://{HOST}",
        MEDIA_ROOT=str(workdir / "media"),
        LOG_LEVEL="WARNING",
    )
    return dict(os.environ)


def build_site() -> list[Target]:
    """Migrate, load the demo content and pick the pages to measure."""
    sys.path.insert(0, str(PROJECT_DIR / "site"))
    sys.path.insert(0, str(PROJECT_DIR))
    import django

    django.setup()
    from django.core.management import call_command
    from wagtail.models import Site

    from flo.models import StatisticsPage
    from pages.models import CampaignPage, ChapterPage, GuidancePage
    from podcast.models import PodcastEpisodePage

    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_demo_data", "--force", verbosity=0, stdout=io.StringIO())

    def first_url(model) -> str:
        page = model.objects.live().public().order_by("path").first()
        if page is None:
            raise SystemExit(f"The demo content has no live {model.__name__}.")
        return page.url

    home = Site.objects.get(is_default_site=True).root_page
    statistics = first_url(StatisticsPage)
    return [
        Target("home", home.url),
        Target("campaign", first_url(CampaignPage)),
        Target("guidance", first_url(GuidancePage)),
        Target("chapter", first_url(ChapterPage)),
        Target("episode", first_url(PodcastEpisodePage)),
        Target("statistics", statistics),
        Target("municipality", f"{statistics}kommune/{OSLO}/"),
    ]


def count_queries(targets: list[Target]) -> None:
    """The queries of a warm request (caches filled by a first one), as gunicorn sees them:
    with the page cache off, and with it on (a hit)."""
    from django.db import connection, connections
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST=HOST)
    for target in targets:
        for enabled in (False, True):
            with override_settings(PAGE_CACHE_ENABLED=enabled):
                first = client.get(target.path)
                if first.status_code != 200:
                    raise SystemExit(f"{target.path} answered {first.status_code} in the test client.")
                with CaptureQueriesContext(connection) as captured:
                    client.get(target.path)
            if enabled:
                target.cached_queries = len(captured)
            else:
                target.queries = len(captured)
    connections.close_all()


# --- gunicorn -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def production_environment(
    env: dict[str, str], workdir: Path, *, page_cache: bool = True, name: str = ""
) -> dict[str, str]:
    """Serve as production would: DEBUG off, the same SQLite file through DATABASE_URL.

    `name` sets another checkout's server apart: its own static files and cache."""
    static_root = workdir / f"static{name}"
    static_root.mkdir(exist_ok=True)
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "bench-only-" + "x" * 50,
        "ALLOWED_HOSTS": HOST,
        "WAGTAILADMIN_BASE_URL": f"https://{HOST}",
        "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
        "EMAIL_URL": "console://",
        "DEFAULT_FROM_EMAIL": "bench@allmenn.invalid",
        "SECURE_SSL_REDIRECT": "false",  # plain HTTP on loopback
        # Filled by collectstatic (main), as a deploy does: pages name the hashed files.
        "STATIC_ROOT": str(static_root),
        "PAGE_CACHE_ENABLED": "true" if page_cache else "false",
        # Each server its own file cache: the uncached one must not fill the cached one's.
        "CACHE_DIR": str(workdir / (("cache" if page_cache else "cache-off") + name)),
    }


def gunicorn_command(port: int, workers: int, threads: int = 1, project: Path = PROJECT_DIR) -> list[str]:
    """Sync workers, or gthread workers when threads > 1."""
    model = ["--worker-class", "gthread", "--threads", str(threads)] if threads > 1 else []
    return [
        str(Path(sys.executable).with_name("gunicorn")),
        "config.wsgi:application",
        "--no-control-socket",
        "--workers",
        str(workers),
        *model,
        "--bind",
        f"{HOST}:{port}",
        "--chdir",
        str(project / "site"),
        "--log-level",
        "warning",
    ]


def wait_until_serving(server: subprocess.Popen, port: int, path: str) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with status {server.returncode} before serving.")
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", path)
            status = connection.getresponse().status
            connection.close()
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"gunicorn did not serve {path} within {STARTUP_TIMEOUT:.0f} s.")


def fetch(port: int, path: str) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.body = response.read()
        return response
    finally:
        connection.close()


def check_servers(uncached_port: int, cached_port: int, targets: list[Target]) -> None:
    """The cached server answers from its cache (with an ETag), the other does not."""
    for target in targets:
        fetch(cached_port, target.path)
        cached = fetch(cached_port, target.path)
        if cached.getheader("X-Page-Cache") != "hit" or not cached.getheader("ETag"):
            raise SystemExit(f"{target.path} is not served from the page cache ({cached.getheader('X-Page-Cache')}).")
        target.etag = cached.getheader("ETag")
        if fetch(uncached_port, target.path).getheader("X-Page-Cache"):
            raise SystemExit(f"{target.path} is cached on the server with the page cache off.")


def check_baseline(port: int, targets: list[Target]) -> None:
    """Every page answers on the other checkout too, and never from a page cache."""
    for target in targets:
        response = fetch(port, target.path)
        if response.status != 200 or response.getheader("X-Page-Cache"):
            raise SystemExit(f"The baseline answers {target.path} with {response.status} (or from its cache).")


def static_file_path(port: int, home: str) -> str:
    """The site's stylesheet as the home page names it (the hashed name after collectstatic)."""
    html = fetch(port, home).body.decode()
    match = re.search(r'href="(/static/css/site[^"]*\.css)"', html)
    if match is None:
        raise SystemExit("The home page names no /static/css/site*.css.")
    return match.group(1)


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


# --- Load -------------------------------------------------------------------------------------


def load(
    port: int, path: str, seconds: float, connections: int, headers: dict[str, str] | None = None
) -> tuple[list[float], int]:
    """GET the path from several threads until the time is up; return latencies and errors."""
    expected = 304 if headers and "If-None-Match" in headers else 200
    deadline = time.monotonic() + seconds
    latencies: list[list[float]] = [[] for _ in range(connections)]
    errors = [0] * connections

    def client(index: int) -> None:
        # gunicorn's sync workers close the connection after each response;
        # http.client then opens a new one for the next request.
        connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
        try:
            while time.monotonic() < deadline:
                started = time.perf_counter()
                try:
                    connection.request("GET", path, headers=headers or {})
                    response = connection.getresponse()
                    response.read()
                except (OSError, http.client.HTTPException):
                    errors[index] += 1
                    connection.close()
                    continue
                elapsed = time.perf_counter() - started
                if response.status == expected:
                    latencies[index].append(elapsed)
                else:
                    errors[index] += 1
        finally:
            connection.close()

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + REQUEST_TIMEOUT + 5)
    return [latency for per_thread in latencies for latency in per_thread], sum(errors)


def measure(
    ports: dict[str, int], targets: list[Target], static: Target, args: argparse.Namespace
) -> dict[tuple[str, str], Result]:
    """Every page each way, and the static file, in interleaved rounds of seconds/rounds each."""
    ways = [way for way in (*WAYS, BASELINE) if way in ports and way in args.ways]
    plan = [(target, way) for target in targets for way in ways]
    plan.append((static, STATIC))
    results = {(target.name, way): Result(target, way) for target, way in plan}
    for target, way in plan:  # every worker renders (and caches) each page once
        load(ports[way], target.path, WARMUP_SECONDS / 2, args.connections, request_headers(target, way))
    for _round in range(args.rounds):
        for target, way in plan:
            result = results[(target.name, way)]
            started = time.monotonic()
            latencies, errors = load(
                ports[way], target.path, args.seconds / args.rounds, args.connections, request_headers(target, way)
            )
            result.seconds += time.monotonic() - started
            result.latencies.extend(latencies)
            result.errors += errors
    return results


def request_headers(target: Target, way: str) -> dict[str, str]:
    return {"If-None-Match": target.etag} if way == NOT_MODIFIED else {}


# --- Report -----------------------------------------------------------------------------------


def print_table(results: dict[tuple[str, str], Result], args: argparse.Namespace) -> None:
    static = next(result for result in results.values() if result.way == STATIC)
    header = (
        f"{'page':<10} {'way':<10} {'queries':>7} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'÷static':>8} {'errors':>7}  path"
    )
    print()
    print(
        f"gunicorn {worker_model(args)}, {args.connections} client threads, {args.seconds:g} s per page and "
        f"way in {args.rounds} interleaved rounds, config.settings.production on SQLite with the file cache; "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}, load average {args.load_average:.1f} before the run"
    )
    print(header)
    print("-" * len(header))
    for result in results.values():
        queries = {UNCACHED: result.target.queries, STATIC: 0, BASELINE: "-"}.get(
            result.way, result.target.cached_queries
        )
        ratio = result.requests_per_second / static.requests_per_second if static.requests_per_second else 0.0
        print(
            f"{result.target.name:<10} {result.way:<10} {queries:>7} {len(result.latencies):>9} "
            f"{result.requests_per_second:>8.1f} {result.percentile(0.50):>8.1f} {result.percentile(0.99):>8.1f} "
            f"{ratio:>8.2f} {result.errors:>7}  {result.target.path}"
        )
    print()
    print("÷static: requests per second as a share of the static file's (whitenoise, the floor of a request).")
    for name in dict.fromkeys(result.target.name for result in results.values() if result.way != STATIC):
        baseline = results.get((name, BASELINE))
        uncached = results.get((name, UNCACHED))
        if baseline and uncached and baseline.requests_per_second:
            print(
                f"{name}: uncached {uncached.requests_per_second / baseline.requests_per_second:.2f}× the baseline "
                f"({uncached.requests_per_second:.1f} against {baseline.requests_per_second:.1f} req/s, p50 "
                f"{uncached.percentile(0.5):.1f} against {baseline.percentile(0.5):.1f} ms)"
            )
        if not all((name, way) in results for way in WAYS):
            continue
        uncached, cached, revalidated = (results[(name, way)] for way in WAYS)
        if uncached.requests_per_second and cached.requests_per_second:
            print(
                f"{name}: cached {cached.requests_per_second / uncached.requests_per_second:.1f}× uncached; "
                f"a 304 takes {revalidated.percentile(0.5) / uncached.percentile(0.5):.0%} of an uncached 200's "
                f"median time and {revalidated.percentile(0.5) / cached.percentile(0.5):.0%} of a cached 200's"
            )
    print()
    command = ".venv/bin/python bench/pages.py"
    if args.short:
        command += " --short"
    elif args.seconds != DEFAULT_SECONDS:
        command += f" --seconds {args.seconds:g}"
    if args.rounds != (SHORT_ROUNDS if args.short else DEFAULT_ROUNDS):
        command += f" --rounds {args.rounds}"
    if args.connections != DEFAULT_CONNECTIONS:
        command += f" --connections {args.connections}"
    if args.workers != DEFAULT_WORKERS:
        command += f" --workers {args.workers}"
    if args.threads > 1:
        command += f" --threads {args.threads}"
    if set(args.ways) != {*WAYS, BASELINE}:
        command += f" --ways {','.join(args.ways)}"
    if args.compare_with:
        command += f" --compare-with {args.compare_with}"
    print(f"Reproduce: {command}")


def worker_model(args: argparse.Namespace) -> str:
    if args.threads > 1:
        return f"{args.workers} gthread workers × {args.threads} threads"
    return f"{args.workers} sync workers"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--short", action="store_true", help=f"{SHORT_SECONDS:g} s per page instead of {DEFAULT_SECONDS:g} s (for CI)"
    )
    parser.add_argument("--seconds", type=float, default=DEFAULT_SECONDS, help="seconds of load per page and way")
    parser.add_argument("--rounds", type=int, default=None, help="interleaved rounds the seconds are split into")
    parser.add_argument("--connections", type=int, default=DEFAULT_CONNECTIONS, help="concurrent client threads")
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=1, help="threads per worker (gthread workers when > 1)")
    parser.add_argument(
        "--compare-with",
        type=Path,
        default=None,
        metavar="DIR",
        help="another checkout (a baseline worktree) to serve the same database uncached, interleaved",
    )
    parser.add_argument(
        "--ways",
        default=",".join((*WAYS, BASELINE)),
        help=f"the ways to measure, comma separated (of {', '.join((*WAYS, BASELINE))}; the static file always)",
    )
    args = parser.parse_args(argv)
    args.ways = [way.strip() for way in args.ways.split(",") if way.strip()]
    unknown = set(args.ways) - {*WAYS, BASELINE}
    if unknown:
        parser.error(f"unknown ways: {', '.join(sorted(unknown))}")
    if args.compare_with is not None:
        args.compare_with = args.compare_with.resolve()
        if not (args.compare_with / "site" / "config" / "wsgi.py").is_file():
            parser.error(f"{args.compare_with} is not a checkout of this project (no site/config/wsgi.py)")
    if args.short:
        args.seconds = SHORT_SECONDS
    if args.rounds is None:
        args.rounds = SHORT_ROUNDS if args.short else DEFAULT_ROUNDS
    args.rounds = max(1, args.rounds)
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # Other work on the machine skews the figures; the report says how busy it was.
    args.load_average = os.getloadavg()[0]
    workdir = Path(tempfile.mkdtemp(prefix="allmenn-bench-"))
    servers: list[subprocess.Popen] = []
    try:
        env = prepare_environment(workdir)
        print(f"Building the demo site in {workdir} …", flush=True)
        targets = build_site()
        count_queries(targets)

        checkouts = [(PROJECT_DIR, "")] + ([(args.compare_with, "-baseline")] if args.compare_with else [])
        for project, name in checkouts:
            subprocess.run(
                [sys.executable, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"],
                cwd=project,
                env=production_environment(env, workdir, name=name),
                check=True,
            )
        ports = {}
        servers_to_start = [
            (PROJECT_DIR, "", False, {UNCACHED}),
            (PROJECT_DIR, "", True, {CACHED, NOT_MODIFIED, STATIC}),
        ]
        if args.compare_with:
            servers_to_start.append((args.compare_with, "-baseline", False, {BASELINE}))
        for project, name, page_cache, ways in servers_to_start:
            port = free_port()
            server_env = production_environment(env, workdir, page_cache=page_cache, name=name)
            command = gunicorn_command(port, args.workers, args.threads, project)
            servers.append(subprocess.Popen(command, cwd=project, env=server_env))
            wait_until_serving(servers[-1], port, targets[0].path)
            ports.update(dict.fromkeys(ways, port))
        check_servers(ports[UNCACHED], ports[CACHED], targets)
        if BASELINE in ports:
            check_baseline(ports[BASELINE], targets)
        static = Target("static", static_file_path(ports[CACHED], targets[0].path))
        print(
            f"gunicorn serves http://{HOST}:{ports[UNCACHED]}/ (page cache off) and http://{HOST}:{ports[CACHED]}/ "
            f"(on){' and the baseline' if BASELINE in ports else ''}; measuring {len(targets)} pages and {static.path} …",
            flush=True,
        )
        results = measure(ports, targets, static, args)
    finally:
        for server in servers:
            stop(server)
        shutil.rmtree(workdir, ignore_errors=True)
    print_table(results, args)
    return 1 if any(result.errors or not result.latencies for result in results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
