"""How registration holds up when it opens: many registrations at once for few seats, on
PostgreSQL, over HTTP and straight into the ledger, in interleaved rounds.

    .venv/bin/python bench/conference.py                 # 2 rounds of 500 registrations for 100 seats
    .venv/bin/python bench/conference.py --short         # 1 round of 100 for 20 seats, for CI
    .venv/bin/python bench/conference.py --baseline /tmp/base   # the same rounds, another checkout's between
    .venv/bin/python bench/conference.py --once [--direct]      # one measurement, as a round runs it

Each measurement runs in a process of its own on a throw-away PostgreSQL database
(`bench_conference_<pid>`) on the server of DATABASE_URL, or of
postgres://postgres@127.0.0.1:5432/allmenn when that is not set, with a conference open for
registration and one ticket type; the database is dropped at the end and the database the
URL names is never touched. 20 client threads, released together, take the registrations
from a shared queue, 20 in flight at a time, and time each one.

- HTTP: POSTs of the registration form to gunicorn (4 sync workers, dev settings with DEBUG
  off), as a browser sends them from the form page: the Origin and Sec-Fetch-Site headers
  a browser adds, no cookie (core/public_forms.py), from 50 loopback addresses (the limit
  per address). Each POST runs the whole view: the abuse limits, the anti-spam check, form
  validation, the ledger's transaction, the confirmation mail promised in the outbox and
  queued as a task (the database task backend; no worker runs), and the redirect.
- direct (`--direct`): `conference.ledger.register()` from the threads, each with its own
  connection: the ledger's transaction alone, the ceiling the HTTP path could reach.

A round measures HTTP then direct (and, with --baseline, the other checkout's HTTP and
direct between them), so a machine shared with other work weighs on both alike. The
summary prints the median of each, the ratio of HTTP to the direct ceiling and to the
baseline, and whether the goal (REGISTRATIONS_PER_SECOND_GOAL over HTTP) is met.

Every measurement fails (exit code 1) unless exactly `seats` registrations are confirmed,
all the others wait, each once: the ledger's guarantees hold at any speed.
"""

from __future__ import annotations

import argparse
import http.client
import math
import os
import platform
import queue
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode, urlsplit

PROJECT_DIR = Path(__file__).resolve().parent.parent
SETTINGS = "config.settings.dev"
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/allmenn"
FULL = (500, 100)  # registrations, seats
SHORT = (100, 20)
CLIENTS = 20
SERVER_WORKERS = 4
SOURCE_ADDRESSES = 50  # 500 posts, 10 per address: under the 20 per address and hour the site allows
REGISTRATIONS_PER_SECOND_GOAL = 100  # over HTTP on PostgreSQL (issue 20)
ROUNDS, SHORT_ROUNDS = 2, 1
STARTED = time.perf_counter()


def progress(message: str) -> None:
    print(f"  {time.perf_counter() - STARTED:5.1f} s  {message}", file=sys.stderr, flush=True)


# --- A throw-away PostgreSQL database ----------------------------------------------------


def server_url() -> str:
    url = os.environ.get("DATABASE_URL") or DEFAULT_SERVER
    if urlsplit(url).scheme not in ("postgres", "postgresql", "pgsql"):
        raise SystemExit(f"bench/conference.py needs PostgreSQL; DATABASE_URL is {urlsplit(url).scheme}://…")
    return url


def with_database(url: str, name: str) -> str:
    return urlsplit(url)._replace(path="/" + name).geturl()


def create_database(url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(with_database(url, "postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')


def drop_database(url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(with_database(url, "postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def setup_django(workdir: Path, database_url: str) -> None:
    """Settings pointed at the throw-away database and a temporary folder; no mail leaves the process."""
    os.environ.update(
        DJANGO_SETTINGS_MODULE=SETTINGS,
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(workdir / "media"),
        LOG_LEVEL="WARNING",
    )
    # The site folder goes before bench/, so that `flo` is the app and not bench/flo.py.
    sys.path.insert(0, str(PROJECT_DIR / "site"))
    sys.path.insert(0, str(PROJECT_DIR))
    import django

    django.setup()
    from django.test.utils import override_settings

    cache = {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(workdir / "cache")}
    # No query log (DEBUG is on in the dev settings), the lock on whatever the environment says,
    # and the confirmation mails (queued as tasks, never run here) going nowhere.
    override_settings(
        CACHES={"default": cache},
        DEBUG=False,
        ALLOWED_HOSTS=["127.0.0.1"],
        CONFERENCE_LOCK_SEATS=True,
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
    ).enable()


def build_schema(migrate: bool) -> str:
    """The tables: from the models at once (like pytest --nomigrations), or through every migration."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.test.utils import override_settings

    if migrate:
        call_command("migrate", interactive=False, verbosity=0)
        return "migrations"
    # Every migration of every app takes about 20 s of CPU; the tables straight from the
    # models take 5. The one row the migrations would have added that the site needs is
    # Wagtail's root page (make_site_root adds the locale, home page and site).
    with override_settings(MIGRATION_MODULES={app.label: None for app in apps.get_app_configs()}):
        call_command("migrate", run_syncdb=True, interactive=False, verbosity=0)
    from wagtail.models import Locale, Page

    Locale.objects.get_or_create(language_code="nb")
    Page.add_root(instance=Page(title="Root", slug="root", content_type=ContentType.objects.get_for_model(Page)))
    return "tables from the models (--migrate: through the migrations)"


# --- The site -----------------------------------------------------------------------------


def make_conference(seats: int):
    from conference.factories import ConferenceIndexPageFactory, ConferencePageFactory, TicketTypeFactory
    from conference.models import RegistrationConsentText
    from pages.factories import make_site_root

    home = make_site_root()
    index = ConferenceIndexPageFactory(parent=home)
    conference = ConferencePageFactory(parent=index, title="Fastlegekonferansen")
    ticket_type = TicketTypeFactory(conference=conference, name="Fysisk oppmøte", capacity=seats)
    RegistrationConsentText.objects.get_or_create(
        version=1, defaults={"text": "Vi lagrer påmeldingen.", "text_nn": "Vi lagrar påmeldinga."}
    )
    return conference, ticket_type


def registration_view_exists(conference_id: int) -> bool:
    """Whether /konferanse-pamelding/<id>/ is the conference's own view (not Wagtail's catch-all)."""
    from django.urls import Resolver404, resolve

    try:
        match = resolve(f"/konferanse-pamelding/{conference_id}/")
    except Resolver404:
        return False
    return match.func.__module__ == "conference.views"


# --- The server (HTTP mode) ----------------------------------------------------------------


def serve(workdir: Path, database_url: str, port: int) -> None:
    """The --serve mode: gunicorn with sync workers in this process, the settings above applied."""
    setup_django(workdir, database_url)
    from django.core.wsgi import get_wsgi_application
    from gunicorn.app.base import BaseApplication

    application = get_wsgi_application()

    class Server(BaseApplication):
        def load_config(self) -> None:
            options = {
                "bind": f"127.0.0.1:{port}",
                "workers": SERVER_WORKERS,
                "control_socket_disable": True,
                "loglevel": "warning",
                "timeout": 120,
                "backlog": 256,
            }
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self):
            return application

    Server().run()


def start_server(workdir: Path, database_url: str) -> tuple[subprocess.Popen, int]:
    port = free_port()
    command = [sys.executable, __file__, "--serve", str(port), "--workdir", str(workdir), "--url", database_url]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server, port
        except OSError:
            if server.poll() is not None:
                break
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("gunicorn did not start")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class FormPoster:
    """Posts the registration form as a browser does from the form page: the Origin and
    Sec-Fetch-Site headers every current browser adds (core/public_forms.py judges the post by
    them; no cookie or CSRF token is needed), an empty honeypot, and a time stamp signed as
    the site signs it, as if the form had been open for 30 seconds (a stamp younger than
    CONFERENCE_FORM_MIN_SECONDS counts as a bot).

    The site allows CONFERENCE_REGISTRATIONS_PER_IP_PER_HOUR posts per client address (20 by
    default, a Django setting with no environment variable), so the posts come from
    SOURCE_ADDRESSES different loopback addresses (127.0.1.1, 127.0.1.2, ...), as a crowd would.
    """

    def __init__(self, port: int, conference_id: int, ticket_type_id: int) -> None:
        self.port = port
        self.path = f"/konferanse-pamelding/{conference_id}/"
        self.ticket_type_id = ticket_type_id
        response, body = self.request("GET", self.path, source="127.0.0.1")
        if response.status != 200 or 'name="ticket_type"' not in body:
            raise RuntimeError(f"GET {self.path} answered {response.status} without the form")

    def request(self, method: str, path: str, *, source: str, body: str | None = None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120, source_address=(source, 0))
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response, response.read().decode("utf-8", "replace")
        finally:
            connection.close()

    def __call__(self, number: int) -> None:
        from core import antispam

        form = {
            "name": f"Lege {number}",
            "email": f"lege{number:04d}@example.no",
            "organisation": "Legesenteret",
            "role": "",
            "municipality": "",
            "ticket_type": str(self.ticket_type_id),
            "consent_version": "1",
            antispam.HONEYPOT_FIELD: "",
            antispam.STAMP_FIELD: antispam.new_stamp("conference", shown_at=time.time() - 30),
        }
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": f"http://127.0.0.1:{self.port}",
            "Sec-Fetch-Site": "same-origin",
        }
        source = f"127.0.1.{1 + number % SOURCE_ADDRESSES}"
        response, _ = self.request("POST", self.path, source=source, body=urlencode(form), headers=headers)
        if response.status != 302:
            raise RuntimeError(f"POST answered {response.status} (302 to the thank-you page expected)")


# --- The rush -----------------------------------------------------------------------------


def ledger_register(conference, ticket_type_id: int) -> Callable[[int], None]:
    from conference import ledger

    def register(number: int) -> None:
        ledger.register(
            conference,
            ticket_type_id,
            name=f"Lege {number}",
            email=f"lege{number:04d}@example.no",
            organisation="Legesenteret",
            role="fastlege",
        )

    return register


def rush(register: Callable[[int], None], registrations: int) -> tuple[float, list[float], list[str]]:
    """All registrations from CLIENTS threads, CLIENTS in flight at a time; wall seconds, latencies, errors."""
    from django.db import connection

    todo: queue.SimpleQueue[int] = queue.SimpleQueue()
    for number in range(registrations):
        todo.put(number)
    start = threading.Barrier(CLIENTS + 1)
    latencies: list[float] = []
    problems: list[str] = []
    record = threading.Lock()

    def client() -> None:
        try:
            start.wait()
            while True:
                try:
                    number = todo.get_nowait()
                except queue.Empty:
                    return
                began = time.perf_counter()
                try:
                    register(number)
                except Exception as exc:  # counted and reported, the run fails
                    with record:
                        problems.append(f"registration {number}: {exc!r}")
                    continue
                took = time.perf_counter() - began
                with record:
                    latencies.append(took)
        finally:
            connection.close()

    threads = [threading.Thread(target=client, name=f"client-{n}") for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    return time.perf_counter() - began, latencies, problems


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile: every latency is recorded, so this is exact."""
    ordered = sorted(values)
    return ordered[max(math.ceil(share * len(ordered)) - 1, 0)]


def final_counts(ticket_type) -> dict[str, int]:
    from django.db.models import Count

    from conference.models import Registration

    rows = Registration.objects.filter(ticket_type=ticket_type).values("status").annotate(n=Count("pk"))
    counts = {row["status"]: row["n"] for row in rows}
    counts["distinct_emails"] = Registration.objects.filter(ticket_type=ticket_type).values("email").distinct().count()
    return counts


# --- Interleaved rounds -----------------------------------------------------------------------

RATE_ROW = re.compile(r"^\s*(\d+)\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+\d+\s+\d+\s*$", re.MULTILINE)


def measurement(checkout: Path, *, direct: bool, short: bool, migrate: bool) -> float:
    """Registrations per second of one measurement by `checkout`'s own bench/conference.py in a
    process of its own (its output is read, so an older checkout's script serves as well)."""
    script = checkout / "bench" / "conference.py"
    command = [sys.executable, str(script)]
    # A script that has --once runs rounds of its own without it; an older one measures once.
    if checkout == PROJECT_DIR or '"--once"' in script.read_text(encoding="utf-8"):
        command.append("--once")
    command += [flag for flag, on in (("--direct", direct), ("--short", short), ("--migrate", migrate)) if on]
    done = subprocess.run(command, cwd=checkout, capture_output=True, text=True, check=False)
    found = RATE_ROW.search(done.stdout)
    if done.returncode != 0 or found is None:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"{' '.join(command)} failed (exit code {done.returncode})")
    return float(found.group(1))


def rounds(options: argparse.Namespace) -> None:
    """Each round: this checkout over HTTP, the baseline over HTTP, this one direct, the baseline direct."""
    count = options.rounds or (SHORT_ROUNDS if options.short else ROUNDS)
    checkouts = {"this": PROJECT_DIR}
    if options.baseline:
        checkouts["baseline"] = options.baseline.resolve()
    figures: dict[tuple[str, str], list[float]] = {}
    load_before = os.getloadavg()[0]
    for number in range(1, count + 1):
        for mode in ("http", "direct"):
            for label, checkout in checkouts.items():
                rate = measurement(checkout, direct=mode == "direct", short=options.short, migrate=options.migrate)
                figures.setdefault((label, mode), []).append(rate)
                progress(f"round {number}/{count}: {label} {mode}: {rate:.0f} registrations/s")

    registrations, seats = SHORT if options.short else FULL
    print(
        f"Conference registration rush — {platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, load average {load_before:.1f} before and {os.getloadavg()[0]:.1f} after"
    )
    print(
        f"{registrations} registrations for {seats} seats, {CLIENTS} at a time, {count} interleaved round(s); "
        f"HTTP: gunicorn ({SERVER_WORKERS} sync workers) on PostgreSQL; direct: ledger.register() from threads"
    )
    print(f"{'checkout':<10} {'mode':<7} {'median reg/s':>12}  each round")
    medians = {}
    for (label, mode), rates in figures.items():
        medians[(label, mode)] = statistics.median(rates)
        each = " ".join(f"{rate:.0f}" for rate in rates)
        print(f"{label:<10} {mode:<7} {medians[(label, mode)]:>12.0f}  {each}")
    http, ceiling = medians[("this", "http")], medians[("this", "direct")]
    print(f"HTTP ÷ direct ceiling: {http / ceiling:.2f}")
    if options.baseline:
        print(
            f"this ÷ baseline: HTTP {http / medians[('baseline', 'http')]:.2f}, "
            f"direct {ceiling / medians[('baseline', 'direct')]:.2f}  (baseline: {options.baseline})"
        )
    met = "met" if http >= REGISTRATIONS_PER_SECOND_GOAL else "NOT met on this machine now"
    print(f"Goal ≥ {REGISTRATIONS_PER_SECOND_GOAL} registrations/s over HTTP on PostgreSQL: {met} ({http:.0f}/s)")
    flags = [flag for flag, on in (("--short", options.short),) if on]
    if options.baseline:
        flags.append(f"--baseline {options.baseline}")
    print(f"Reproduce: .venv/bin/python bench/conference.py{''.join(' ' + f for f in flags)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--short", action="store_true", help=f"{SHORT[0]} registrations for {SHORT[1]} seats (CI)")
    parser.add_argument("--once", action="store_true", help="one measurement (HTTP, or --direct), not rounds")
    parser.add_argument("--direct", action="store_true", help="with --once: call ledger.register() from threads")
    parser.add_argument("--baseline", type=Path, help="another checkout whose bench runs between this one's")
    parser.add_argument("--rounds", type=int, help=f"rounds ({ROUNDS}, --short {SHORT_ROUNDS})")
    parser.add_argument("--migrate", action="store_true", help="build the tables through every migration")
    parser.add_argument("--keep", action="store_true", help="with --once: keep the database and the temporary folder")
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.serve:
        serve(options.workdir, options.url, options.serve)
        return
    if options.once or options.direct:
        measure_once(options)
    else:
        rounds(options)


def measure_once(options: argparse.Namespace) -> None:
    registrations, seats = SHORT if options.short else FULL

    url = server_url()
    name = f"bench_conference_{os.getpid()}"
    workdir = Path(tempfile.mkdtemp(prefix="allmenn-bench-conference-"))
    create_database(url, name)
    server = None
    try:
        setup_django(workdir, with_database(url, name))
        schema = build_schema(options.migrate)
        progress(f"database {name}: {schema}")
        from django.db import connection, connections

        server_version = connection.cursor().connection.info.server_version
        conference, ticket_type = make_conference(seats)
        over_http = not options.direct and registration_view_exists(conference.pk)
        if over_http:
            server, port = start_server(workdir, with_database(url, name))
            register = FormPoster(port, conference.pk, ticket_type.pk)
            how = (
                f"POSTs of the registration form to /konferanse-pamelding/{conference.pk}/ on gunicorn "
                f"({SERVER_WORKERS} sync workers), from {CLIENTS} client threads and {SOURCE_ADDRESSES} "
                "loopback addresses"
            )
        else:
            register = ledger_register(conference, ticket_type.pk)
            why = "--direct" if options.direct else "the registration view /konferanse-pamelding/<id>/ does not exist"
            how = f"ledger.register() called from {CLIENTS} threads, each with its own connection; NOT HTTP ({why})"
        progress(f"{registrations} registrations for {seats} seats, {CLIENTS} at a time")
        seconds, latencies, problems = rush(register, registrations)
        counts = final_counts(ticket_type)
        connections.close_all()
    finally:
        if server is not None:
            server.terminate()
            server.wait(30)
        if options.keep:
            print(f"kept database {name} and {workdir}", file=sys.stderr)
        else:
            drop_database(url, name)
            shutil.rmtree(workdir, ignore_errors=True)

    confirmed, waiting = counts.get("confirmed", 0), counts.get("waiting", 0)
    print(
        f"Conference registration rush — {platform.python_implementation()} {platform.python_version()}, "
        f"PostgreSQL {server_version // 10000}.{server_version % 10000}, {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    print(f"{registrations} registrations for {seats} seats, {CLIENTS} at a time: {how}")
    if latencies:
        print(f"{'reg/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} {'wall s':>7} {'confirmed':>9} {'waiting':>8}")
        print(
            f"{len(latencies) / seconds:>7.0f} {percentile(latencies, 0.5) * 1000:>7.1f}"
            f" {percentile(latencies, 0.95) * 1000:>7.1f} {max(latencies) * 1000:>7.1f} {seconds:>7.2f}"
            f" {confirmed:>9} {waiting:>8}"
        )
    print(
        "reg/s: completed registrations over the wall time from the clients' common start to the last one's end; "
        "latency: one registration as its client saw it"
        + (" (a POST answered with the redirect to the thank-you page)" if over_http else " (lock, count, insert)")
    )
    flags = [flag for flag, on in (("--short", options.short), ("--direct", options.direct)) if on]
    print(f"Reproduce: .venv/bin/python bench/conference.py --once{''.join(' ' + f for f in flags)}")

    failures = list(problems)
    if confirmed != seats or waiting != registrations - seats:
        failures.append(f"expected {seats} confirmed and {registrations - seats} waiting, got {counts}")
    if counts["distinct_emails"] != registrations or confirmed + waiting != registrations:
        failures.append(f"expected {registrations} registrations, each once, got {counts}")
    if failures:
        for failure in failures[:20]:
            print(f"ERROR: {failure}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
