"""How fast a newsletter send is: creating the delivery rows, then delivering them over SMTP
with one and with two workers, against what a bare smtplib loop moves to the same sink.

    .venv/bin/python bench/newsletter.py            # 10,000 subscribers
    .venv/bin/python bench/newsletter.py --short    # 1,000 subscribers, for CI

It builds a throw-away SQLite database in a temporary directory, adds confirmed
subscribers of the FLO newsletter (in bulk, with their topic) and one published issue,
and starts an SMTP sink in a separate process (aiosmtpd's Sink handler, which accepts
and discards). Then, for one and for two workers, it starts a send of the issue (the
audience snapshot: rendering and one delivery row per subscriber, timed) and runs the
workers as separate processes, each a DeliveryWorker over its own SMTP connection, with
no rate limit. Mails per second are counted from the first worker's start to the last
one's end (Django's start-up excluded); peak memory is each process's own peak (VmHWM,
or ru_maxrss where there is no /proc).

The physical limit, measured in the same run against the same sink, each loop in a
process of its own over one SMTP connection, as many mails as the send has, no Django
and no database:

- "bare loop, building each mail": the issue's rendered HTML and text (bokmål) with the
  recipient's greeting and links put in, a MIMEMultipart of two utf-8 MIMETexts with the
  same list headers (email.mime: the stdlib's fastest way, about 1 ms a mail here, where
  email.message.EmailMessage's set_content takes about 3), `smtp.sendmail()` of its bytes;
- "bare loop, prebuilt bytes": that mail built once, `smtp.sendmail()` of the same bytes
  to each recipient; what the sink and the SMTP conversation alone allow.

The send's rate is then given as a share of each.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from fresh_site import setup_django

PROJECT_DIR = Path(__file__).resolve().parent.parent
SETTINGS = "config.settings.dev"
FULL, SHORT = 10_000, 1_000
WORKER_COUNTS = (1, 2)
STARTED = time.perf_counter()


def progress(message: str) -> None:
    print(f"  {time.perf_counter() - STARTED:5.1f} s  {message}", file=sys.stderr, flush=True)


def peak_memory_mib() -> float:
    """This process's peak resident memory. Linux keeps ru_maxrss across exec, so a worker
    started from the main process would report the main process's peak: VmHWM first."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def mail_settings(port: int) -> dict:
    """SMTP to the sink, no rate limit, and no query log (DEBUG is on in the dev settings)."""
    return {
        "DEBUG": False,
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": port,
        "EMAIL_USE_TLS": False,
        "EMAIL_HOST_USER": "",
        "EMAIL_HOST_PASSWORD": "",
        "EMAIL_TIMEOUT": 30,
        "NEWSLETTER_MAX_PER_SECOND": 0,
    }


# --- The SMTP sink ------------------------------------------------------------------------


def start_sink(port: int) -> subprocess.Popen:
    sink = subprocess.Popen(
        [sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{port}", "-c", "aiosmtpd.handlers.Sink"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return sink
        except OSError:
            time.sleep(0.1)
    sink.kill()
    raise RuntimeError("the SMTP sink did not start")


# --- The site ---------------------------------------------------------------------------


def make_issue():
    from newsletter.factories import NewsletterArchivePageFactory, NewsletterIssuePageFactory
    from pages.factories import make_site_root

    home = make_site_root()
    archive = NewsletterArchivePageFactory(parent=home)
    return NewsletterIssuePageFactory(parent=archive, title="Fastlegenytt desember")


def make_subscribers(count: int) -> float:
    """Confirmed subscribers of the FLO newsletter, a quarter reading nynorsk; returns seconds."""
    from django.utils import timezone

    from newsletter.factories import topic
    from newsletter.models import Subscriber, email_hash

    started = time.perf_counter()
    flo = topic("flo")
    now = timezone.now()
    addresses = [f"fastlege{i:05d}@example.no" for i in range(count)]
    subscribers = Subscriber.objects.bulk_create(
        (
            Subscriber(
                email=address,
                email_hash=email_hash(address),
                name=f"Lege {i}",
                role="fastlege",
                language="nn" if i % 4 == 0 else "nb",
                status="confirmed",
                confirmed_at=now,
            )
            for i, address in enumerate(addresses)
        ),
        batch_size=2000,
    )
    Subscriber.topics.through.objects.bulk_create(
        (Subscriber.topics.through(subscriber_id=s.pk, topic_id=flo.pk) for s in subscribers), batch_size=2000
    )
    return time.perf_counter() - started


def create_send(issue, workers: int):
    """A send started now: the rows are created; the workers are started by the benchmark, not enqueued."""
    from django.utils import timezone

    from newsletter.models import Send
    from newsletter.sending import start_send

    send = Send.objects.create(
        issue=issue, issue_title=issue.title, topic=issue.topic, scheduled_at=timezone.now(), workers=workers
    )
    started = time.perf_counter()
    assert start_send(send.pk)  # the rows only: queueing the workers is tasks.start_and_deliver's part
    return send, time.perf_counter() - started


def deliver(workdir: Path, send_id: int, workers: int, port: int) -> list[dict]:
    """Run the workers as processes and collect what each reports."""
    command = [sys.executable, __file__, "--worker", str(send_id), "--workdir", str(workdir), "--port", str(port)]
    processes = [subprocess.Popen(command, stdout=subprocess.PIPE, text=True) for _ in range(workers)]
    reports = []
    for process in processes:
        out, _ = process.communicate(timeout=3600)
        if process.returncode != 0:
            raise RuntimeError(f"a worker failed with exit code {process.returncode}")
        reports.append(json.loads(out.strip().splitlines()[-1]))
    return reports


def run_worker(workdir: Path, send_id: int, port: int) -> None:
    """The --worker mode: one DeliveryWorker over the send, then a JSON line with what it did."""
    setup_django(workdir, SETTINGS, migrate=False)
    from django.test.utils import override_settings

    from newsletter.sending import DeliveryWorker

    override_settings(**mail_settings(port)).enable()
    worker = DeliveryWorker(send_id)
    started = time.time()
    report = worker.run()
    finished = time.time()
    print(
        json.dumps(
            {
                "sent": report.sent,
                "failed": report.failed + report.retried + getattr(report, "uncertain", 0),
                "stopped": report.stopped_because,
                "started": started,
                "finished": finished,
                # Connections opened (None for a version of the worker that does not count them).
                "sessions": worker.smtp.opened if hasattr(worker, "smtp") else None,
                "peak_mib": peak_memory_mib(),
            }
        )
    )


# --- The bare smtplib loops ------------------------------------------------------------------


def write_issue_for_loops(workdir: Path, send_id: int) -> Path:
    """What the bare loops send: the send's rendered bokmål issue and its list headers, as JSON."""
    from core.mail.headers import envelope_sender, message_id_domain
    from newsletter.links import site_root
    from newsletter.messages import issue_from_header, list_id
    from newsletter.models import Send

    send = Send.objects.select_related("topic").get(pk=send_id)
    path = workdir / "issue-for-loops.json"
    path.write_text(
        json.dumps(
            {
                **send.rendered["nb"],
                "from": issue_from_header(),
                "envelope_from": envelope_sender(issue_from_header()),
                "list_id": list_id(send.topic.list_name or send.topic.name, send.topic.slug),
                "root": site_root(),
                "domain": message_id_domain(),
            }
        )
    )
    return path


def run_loop(kind: str, issue_path: Path, count: int, port: int) -> None:
    """The --loop mode: `count` mails over one smtplib connection, then a JSON line; no Django."""
    import secrets
    import smtplib
    from email.mime.multipart import MIMEMultipart
    from email.mime.text import MIMEText
    from email.utils import formatdate, make_msgid

    issue = json.loads(issue_path.read_text())
    nonce = issue["nonce"]

    def mail(i: int) -> bytes:
        token = secrets.token_urlsafe(32)
        links = {
            "GREETING": f"Hei, Lege {i}!",
            "PREFERENCES_URL": f"{issue['root']}/nyhetsbrev/innstillinger/{token}/",
            "UNSUBSCRIBE_URL": f"{issue['root']}/nyhetsbrev/avmeld/{token}/",
        }
        html, text = issue["html"], issue["text"]
        for name, value in links.items():
            html = html.replace(f"%%{nonce}_{name}%%", value)
            text = text.replace(f"%%{nonce}_{name}%%", value)
        message = MIMEMultipart("alternative")
        message["From"] = issue["from"]
        message["To"] = f"fastlege{i:05d}@example.no"
        message["Subject"] = issue["subject"]
        message["Date"] = formatdate(localtime=True)
        message["Message-ID"] = make_msgid(f"loop.{i}", domain=issue["domain"])
        message["List-Id"] = issue["list_id"]
        message["List-Unsubscribe"] = f"<{links['UNSUBSCRIBE_URL']}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        message.attach(MIMEText(text, "plain", "utf-8"))
        message.attach(MIMEText(html, "html", "utf-8"))
        return message.as_bytes(policy=message.policy.clone(linesep="\r\n"))

    started = time.time()
    with smtplib.SMTP("127.0.0.1", port, timeout=30) as smtp:
        if kind == "build":
            for i in range(count):
                smtp.sendmail(issue["envelope_from"], [f"fastlege{i:05d}@example.no"], mail(i))
        else:
            prebuilt = mail(0)
            for i in range(count):
                smtp.sendmail(issue["envelope_from"], [f"fastlege{i:05d}@example.no"], prebuilt)
    finished = time.time()
    print(json.dumps({"sent": count, "seconds": finished - started, "peak_mib": peak_memory_mib()}))


def measure_loop(kind: str, issue_path: Path, count: int, port: int) -> dict:
    command = [sys.executable, __file__, "--loop", kind, "--issue", str(issue_path), "--count", str(count)]
    out = subprocess.run([*command, "--port", str(port)], capture_output=True, text=True, check=True, timeout=3600)
    report = json.loads(out.stdout.strip().splitlines()[-1])
    progress(f"bare loop ({kind}): {count} mails in {report['seconds']:.2f} s")
    return {**report, "per_second": count / report["seconds"]}


# --- The benchmark ------------------------------------------------------------------------


def measure(workdir: Path, issue, subscribers: int, workers: int, port: int) -> dict:
    from newsletter.models import Delivery, Send

    send, rows_seconds = create_send(issue, workers)
    parent_peak = peak_memory_mib()
    progress(f"{subscribers} delivery rows in {rows_seconds:.2f} s; delivering with {workers} worker(s)")
    reports = deliver(workdir, send.pk, workers, port)
    seconds = max(r["finished"] for r in reports) - min(r["started"] for r in reports)
    progress(f"{subscribers} mails in {seconds:.2f} s with {workers} worker(s)")
    sent = Delivery.objects.filter(send=send, status=Delivery.Status.SENT).count()
    send.refresh_from_db()
    if sent != subscribers or send.status != Send.Status.DONE or sum(r["sent"] for r in reports) != subscribers:
        raise RuntimeError(f"not every mail was sent once: {sent} rows sent, {reports}, send {send.status}")
    return {
        "send_id": send.pk,
        "workers": workers,
        "subscribers": subscribers,
        "rows_s": rows_seconds,
        "deliver_s": seconds,
        "per_second": sent / seconds,
        "per_worker": [r["sent"] for r in reports],
        "sessions": [r["sessions"] for r in reports],
        "parent_mib": parent_peak,
        "worker_mib": [r["peak_mib"] for r in reports],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--short", action="store_true", help=f"{SHORT:,} subscribers instead of {FULL:,} (for CI)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--loop", choices=["build", "prebuilt"], help=argparse.SUPPRESS)
    parser.add_argument("--issue", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--count", type=int, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.worker:
        run_worker(options.workdir, options.worker, options.port)
        return
    if options.loop:
        run_loop(options.loop, options.issue, options.count, options.port)
        return

    subscribers = SHORT if options.short else FULL
    workdir = Path(tempfile.mkdtemp(prefix="allmenn-bench-newsletter-"))
    port = free_port()
    sink = start_sink(port)
    rows = []
    loops = {}
    try:
        setup_django(workdir, SETTINGS)
        from django.test.utils import override_settings

        override_settings(**mail_settings(port)).enable()
        progress("site migrated")
        issue = make_issue()
        create_seconds = make_subscribers(subscribers)
        progress(f"{subscribers} subscribers created in {create_seconds:.2f} s")
        for workers in WORKER_COUNTS:
            rows.append(measure(workdir, issue, subscribers, workers, port))
            if not loops:
                # The same rendered issue the send went out with, through the same sink.
                issue_path = write_issue_for_loops(workdir, rows[-1]["send_id"])
                loops = {kind: measure_loop(kind, issue_path, subscribers, port) for kind in ("build", "prebuilt")}
    finally:
        sink.terminate()
        sink.wait(10)
        if not options.keep:
            shutil.rmtree(workdir, ignore_errors=True)

    print(
        f"Newsletter send — {platform.python_implementation()} {platform.python_version()}, SQLite, "
        f"{subscribers:,} subscribers, aiosmtpd Sink in its own process, {os.cpu_count()} CPUs"
    )
    build, prebuilt = loops["build"]["per_second"], loops["prebuilt"]["per_second"]
    print(
        f"{'workers':>7} {'rows s':>7} {'deliver s':>10} {'mails/s':>8} {'of build loop':>14} {'of prebuilt':>12}"
        f" {'sent per worker':>16} {'SMTP sessions':>14} {'peak MiB main':>14} {'peak MiB per worker':>20}"
    )
    for row in rows:
        per_worker = "/".join(str(n) for n in row["per_worker"])
        sessions = "/".join("?" if n is None else str(n) for n in row["sessions"])
        worker_mib = "/".join(f"{m:.0f}" for m in row["worker_mib"])
        print(
            f"{row['workers']:>7} {row['rows_s']:>7.2f} {row['deliver_s']:>10.1f} {row['per_second']:>8.0f}"
            f" {row['per_second'] / build:>13.0%} {row['per_second'] / prebuilt:>12.0%}"
            f" {per_worker:>16} {sessions:>14} {row['parent_mib']:>14.0f} {worker_mib:>20}"
        )
    print(f"{'bare smtplib loop, building each mail':<42} {build:>8.0f} mails/s")
    print(f"{'bare smtplib loop, prebuilt bytes':<42} {prebuilt:>8.0f} mails/s")
    best = max(row["per_second"] for row in rows)
    print(
        f"Goal (a send at >= 75 % of the bare loop building each mail): "
        f"{'met' if rows[0]['per_second'] >= 0.75 * build else 'NOT met'} with 1 worker "
        f"({rows[0]['per_second'] / build:.0%}), best {best / build:.0%}; "
        f"the prebuilt-bytes loop is the ceiling ({best / prebuilt:.0%} of it)"
    )
    print(
        "rows s: start_send (rendering once per language and one delivery row per subscriber, one transaction); "
        "mails/s: first worker's start to last worker's end; of build loop / of prebuilt: the send's mails/s as a "
        "share of each bare loop's (one process, one connection, same sink, same run); SMTP sessions: connections "
        "each worker opened; peak MiB: VmHWM per process (main: the process that creates the rows, cumulative)"
    )
    print(f"Reproduce: .venv/bin/python bench/newsletter.py{' --short' if options.short else ''}")


if __name__ == "__main__":
    main()
