"""How fast the public pages are: database queries per page, and requests per second
with p50/p95 latency under gunicorn.

    .venv/bin/python bench/pages.py            # 10 s per page
    .venv/bin/python bench/pages.py --short    # 2 s per page, for CI

It builds a fresh SQLite database with the demo content in a temporary directory,
counts the queries of one warm request per page with Django's test client, then
starts gunicorn on 127.0.0.1 and loads each page in turn from a few client
threads (gunicorn's sync workers close every connection, so each request opens
one, as a browser behind a load balancer would). The load generator is a small
Python client rather than wrk, because wrk reports no 95th percentile; every
latency is recorded, so the percentiles are exact. All traffic goes to 127.0.0.1.
On a machine with only a few cores the client competes with gunicorn for them;
the report gives the load average so that a busy run can be recognised.
"""

from __future__ import annotations

import argparse
import http.client
import io
import math
import os
import platform
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
DEFAULT_CONNECTIONS = 4
DEFAULT_WORKERS = 2


@dataclass
class Target:
    name: str
    path: str
    queries: int = 0


@dataclass
class Result:
    target: Target
    seconds: float
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

    from pages.models import CampaignPage, ChapterPage, GuidancePage

    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_demo_data", "--force", verbosity=0, stdout=io.StringIO())

    def first_url(model) -> str:
        page = model.objects.live().public().order_by("path").first()
        if page is None:
            raise SystemExit(f"The demo content has no live {model.__name__}.")
        return page.url

    home = Site.objects.get(is_default_site=True).root_page
    return [
        Target("home", home.url),
        Target("campaign", first_url(CampaignPage)),
        Target("guidance", first_url(GuidancePage)),
        Target("chapter", first_url(ChapterPage)),
    ]


def count_queries(targets: list[Target]) -> None:
    """The queries of a warm request (caches filled by a first one), as gunicorn sees them."""
    from django.db import connection, connections
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST=HOST)
    for target in targets:
        first = client.get(target.path)
        if first.status_code != 200:
            raise SystemExit(f"{target.path} answered {first.status_code} in the test client.")
        with CaptureQueriesContext(connection) as captured:
            client.get(target.path)
        target.queries = len(captured)
    connections.close_all()


# --- gunicorn -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def production_environment(env: dict[str, str], workdir: Path) -> dict[str, str]:
    """Serve as production would: DEBUG off, the same SQLite file through DATABASE_URL."""
    static_root = workdir / "static"
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
    }


def gunicorn_command(port: int, workers: int) -> list[str]:
    return [
        str(Path(sys.executable).with_name("gunicorn")),
        "config.wsgi:application",
        "--no-control-socket",
        "--workers",
        str(workers),
        "--bind",
        f"{HOST}:{port}",
        "--chdir",
        str(PROJECT_DIR / "site"),
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


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


# --- Load -------------------------------------------------------------------------------------


def load(port: int, path: str, seconds: float, connections: int) -> tuple[list[float], int]:
    """GET the path from several threads until the time is up; return latencies and errors."""
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
                    connection.request("GET", path)
                    response = connection.getresponse()
                    response.read()
                except (OSError, http.client.HTTPException):
                    errors[index] += 1
                    connection.close()
                    continue
                elapsed = time.perf_counter() - started
                if response.status == 200:
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


def measure(port: int, targets: list[Target], seconds: float, connections: int) -> list[Result]:
    results = []
    for target in targets:
        load(port, target.path, WARMUP_SECONDS, connections)  # every worker renders it once
        started = time.monotonic()
        latencies, errors = load(port, target.path, seconds, connections)
        results.append(Result(target, time.monotonic() - started, latencies, errors))
    return results


# --- Report -----------------------------------------------------------------------------------


def print_table(results: list[Result], args: argparse.Namespace) -> None:
    header = f"{'page':<10} {'queries':>7} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7}  path"
    print()
    print(
        f"gunicorn {args.workers} sync workers, {args.connections} client threads, {args.seconds:g} s per page, "
        f"config.settings.production on SQLite; {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"load average {args.load_average:.1f} before the run"
    )
    print(header)
    print("-" * len(header))
    for result in results:
        print(
            f"{result.target.name:<10} {result.target.queries:>7} {len(result.latencies):>9} "
            f"{result.requests_per_second:>8.1f} {result.percentile(0.50):>8.1f} {result.percentile(0.95):>8.1f} "
            f"{result.errors:>7}  {result.target.path}"
        )
    print()
    command = ".venv/bin/python bench/pages.py"
    if args.short:
        command += " --short"
    elif args.seconds != DEFAULT_SECONDS:
        command += f" --seconds {args.seconds:g}"
    if args.connections != DEFAULT_CONNECTIONS:
        command += f" --connections {args.connections}"
    if args.workers != DEFAULT_WORKERS:
        command += f" --workers {args.workers}"
    print(f"Reproduce: {command}")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--short", action="store_true", help=f"{SHORT_SECONDS:g} s per page instead of {DEFAULT_SECONDS:g} s (for CI)"
    )
    parser.add_argument("--seconds", type=float, default=DEFAULT_SECONDS, help="seconds of load per page")
    parser.add_argument("--connections", type=int, default=DEFAULT_CONNECTIONS, help="concurrent client threads")
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS, help="gunicorn worker processes")
    args = parser.parse_args(argv)
    if args.short:
        args.seconds = SHORT_SECONDS
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # Other work on the machine skews the figures; the report says how busy it was.
    args.load_average = os.getloadavg()[0]
    workdir = Path(tempfile.mkdtemp(prefix="allmenn-bench-"))
    server = None
    try:
        env = prepare_environment(workdir)
        print(f"Building the demo site in {workdir} …", flush=True)
        targets = build_site()
        count_queries(targets)

        port = free_port()
        serve_env = production_environment(env, workdir)
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"],
            cwd=PROJECT_DIR,
            env=serve_env,
            check=True,
        )
        server = subprocess.Popen(gunicorn_command(port, args.workers), cwd=PROJECT_DIR, env=serve_env)
        wait_until_serving(server, port, targets[0].path)
        print(f"gunicorn serves http://{HOST}:{port}/; measuring {len(targets)} pages …", flush=True)
        results = measure(port, targets, args.seconds, args.connections)
    finally:
        if server is not None:
            stop(server)
        shutil.rmtree(workdir, ignore_errors=True)
    print_table(results, args)
    return 1 if any(result.errors or not result.latencies for result in results) else 0


if __name__ == "__main__":
    sys.exit(main())
