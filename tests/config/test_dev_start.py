"""`./dev start` as a newcomer runs it: the site answers at its address, every link it
makes (mails, the sitemap, the podcast feed) opens there, and however the site stops,
nothing it started keeps running.

The module runs the real command once, in a folder of its own (VAR_DIR) and on a free
port (DEV_URL); the process tests start `manage.py run_dev_site` on that database.
"""

from __future__ import annotations

import email
import email.policy
import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import html as lxml_html

ROOT = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT = 300  # migrations and the demo content on a cold machine
pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def newcomer_environment(var_dir: Path, url: str, home: Path) -> dict[str, str]:
    """The environment of a newcomer's shell: none of the test run's own settings or database."""
    dropped = {
        "DJANGO_SETTINGS_MODULE",
        "DATABASE_URL",
        "SQLITE_PATH",
        "MEDIA_ROOT",
        "SEARCH_INDEX_PATH",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
        "PYTEST_XDIST_WORKER",
        "PYTEST_CURRENT_TEST",
    }
    env = {key: value for key, value in os.environ.items() if key not in dropped}
    return {**env, "HOME": str(home), "VAR_DIR": str(var_dir), "DEV_URL": url, "PYTHONUNBUFFERED": "1"}


# --- Processes -------------------------------------------------------------------------------------


def children_of() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # it ended while we looked
            tree.setdefault(int(fields[1]), []).append(int(entry.name))
    return tree


def descendants(pid: int) -> set[int]:
    tree, found, todo = children_of(), set(), [pid]
    while todo:
        for child in tree.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def is_running(pid: int) -> bool:
    """True while the process exists and is not a zombie (which has ended and only waits to be reaped)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def wait_until_it_answers(url: str, process: subprocess.Popen, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"it stopped (exit {process.returncode}) before answering:\n{log.read_text()[-4000:]}")
        if answers(url):
            return
        time.sleep(0.5)
    pytest.fail(f"{url} did not answer within {timeout} s:\n{log.read_text()[-4000:]}")


def stop(process: subprocess.Popen, leftovers: set[int] = frozenset()) -> None:
    """Clean up after a test, whatever it left."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    for pid in leftovers:
        if is_running(pid):
            os.kill(pid, signal.SIGKILL)


# --- The site that ./dev start serves ----------------------------------------------------------------


@dataclass
class DevSite:
    url: str
    var_dir: Path
    process: subprocess.Popen
    log: Path

    def open(self, path: str, data: dict | None = None, opener=None) -> tuple[int, str, str]:
        """(status, final URL, body) of a GET, or of a POST when data is given."""
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        opener = opener or urllib.request.build_opener()
        try:
            with opener.open(urllib.parse.urljoin(self.url + "/", path), data=body, timeout=30) as response:
                return response.status, response.url, response.read().decode("utf-8", errors="replace")
        except urllib.error.HTTPError as error:
            return error.code, error.url, error.read().decode("utf-8", errors="replace")


@pytest.fixture(scope="module")
def dev_site(tmp_path_factory) -> DevSite:
    folder = tmp_path_factory.mktemp("dev-start")
    var_dir, home, log = folder / "var", folder / "home", folder / "dev-start.log"
    home.mkdir()
    url = f"http://127.0.0.1:{free_port()}"
    env = newcomer_environment(var_dir, url, home)
    env["NEWSLETTER_FORM_MIN_SECONDS"] = "0"  # the test fills in the sign-up form at once
    with log.open("w") as output:
        process = subprocess.Popen(
            [str(ROOT / "dev"), "start"], cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    site = DevSite(url=url, var_dir=var_dir, process=process, log=log)
    try:
        wait_until_it_answers(url + "/", process, log, STARTUP_TIMEOUT)
        started = descendants(process.pid)
        yield site
    finally:
        leftovers = descendants(process.pid) | locals().get("started", set())
        stop(process, leftovers)


def test_the_site_answers_at_its_address_with_a_favicon(dev_site):
    status, _, body = dev_site.open("/")
    assert status == 200 and "<html" in body
    with urllib.request.urlopen(dev_site.url + "/favicon.ico", timeout=10) as response:
        assert response.status == 200
        assert response.headers["Content-Type"] in ("image/x-icon", "image/vnd.microsoft.icon")
        assert response.read(4) == b"\x00\x00\x01\x00"  # an ICO file's header


def test_the_output_names_the_address_and_no_other_way_to_start(dev_site):
    output = dev_site.log.read_text()
    assert f"{dev_site.url}/admin/" in output
    assert "runserver" not in output.split("Starting the web server")[0]


def test_a_confirmation_link_in_a_dev_mail_opens_on_this_site(dev_site):
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    status, _, body = dev_site.open("/abonnement/", opener=opener)
    assert status == 200
    form = next(f for f in lxml_html.fromstring(body).forms if "email" in f.inputs)
    fields = {name: value for name, value in form.form_values() if name}
    fields["email"] = "ny.lege@allmenn.example"
    fields["language"] = "nb"
    fields["topics"] = [next(i.get("value") for i in form.inputs if i.get("name") == "topics")]
    status, final_url, body = dev_site.open(form.action or "/abonnement/", fields, opener=opener)
    assert status == 200 and final_url.endswith("/abonnement/takk/"), body[:2000]

    mail = wait_for_mail(dev_site.var_dir / "mail", "ny.lege@allmenn.example")
    text = mail.get_body(preferencelist=("plain",)).get_content()
    links = re.findall(r"https?://[^\s<>\"]+", text)
    assert links and all(link.startswith(dev_site.url + "/") for link in links), links
    (confirm,) = [link for link in links if "/abonnement/bekreft/" in link]
    status, _, body = dev_site.open(confirm)
    assert status == 200 and 'method="post"' in body


def wait_for_mail(folder: Path, address: str, timeout: float = 60) -> email.message.EmailMessage:
    """The mail to an address among the files that Django's file backend writes."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for path in sorted(folder.glob("*.log")):
            for raw in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
                if raw.strip():
                    message = email.message_from_bytes(raw.lstrip(), policy=email.policy.default)
                    if address in (message["To"] or ""):
                        return message
        time.sleep(0.5)
    pytest.fail(f"no mail to {address} in {folder} within {timeout} s")


def test_the_sitemap_and_the_podcast_feed_link_to_this_site(dev_site):
    status, _, sitemap = dev_site.open("/sitemap.xml")
    assert status == 200
    locations = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert locations and all(location.startswith(dev_site.url + "/") for location in locations)

    status, _, feed = dev_site.open("/podkast/feed/")
    assert status == 200
    addresses = re.findall(r'(?:url|href)="(https?://[^"]+)"', feed) + re.findall(r"<link>([^<]+)</link>", feed)
    ours = [address for address in addresses if urllib.parse.urlsplit(address).hostname in ("127.0.0.1", "localhost")]
    assert ours, "the feed should link to the episodes and their audio"
    assert all(address.startswith(dev_site.url + "/") for address in ours), ours


# --- However the site stops, nothing keeps running ------------------------------------------------


@pytest.fixture
def run_dev_site(dev_site, tmp_path):
    """Start `manage.py run_dev_site` on the dev site's database, on a port of its own."""
    started: list[tuple[subprocess.Popen, set[int]]] = []

    def start(port: int | None = None) -> tuple[subprocess.Popen, str, Path]:
        url = f"http://127.0.0.1:{port or free_port()}"
        log = tmp_path / f"run-dev-site-{len(started)}.log"
        env = newcomer_environment(dev_site.var_dir, url, tmp_path)
        with log.open("w") as output:
            process = subprocess.Popen(
                [sys.executable, "manage.py", "run_dev_site"],
                cwd=ROOT,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        started.append((process, set()))
        return process, url, log

    yield start
    for process, _ in started:
        stop(process, descendants(process.pid))


def the_three(process: subprocess.Popen) -> set[int]:
    """Every process the site started, once the web server answers: worker, scheduler, server and reloader."""
    found = descendants(process.pid)
    names = " ".join(command_line(pid) for pid in found)
    for part in ("db_worker", "run_scheduler", "runserver"):
        assert part in names, f"{part} is not running: {names}"
    return found


def assert_all_stopped(pids: set[int], timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and any(is_running(pid) for pid in pids):
        time.sleep(0.2)
    left = {pid: command_line(pid) for pid in pids if is_running(pid)}
    assert not left, f"still running: {left}"


def test_when_the_web_server_is_killed_the_worker_and_scheduler_stop_too(run_dev_site):
    process, url, log = run_dev_site()
    wait_until_it_answers(url + "/", process, log, 120)
    started = the_three(process)
    # runserver's autoreloader, whose child serves: killed alone, it would leave the child behind.
    reloader = next(pid for pid in children_of().get(process.pid, []) if "runserver" in command_line(pid))
    os.kill(reloader, signal.SIGTERM)
    assert process.wait(timeout=30) != 0
    assert "The web server stopped" in log.read_text()
    assert_all_stopped(started)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_stopping_dev_start_stops_everything_it_started(run_dev_site, signum):
    process, url, log = run_dev_site()
    wait_until_it_answers(url + "/", process, log, 120)
    started = the_three(process)
    process.send_signal(signum)
    code = process.wait(timeout=30)
    assert code == (0 if signum == signal.SIGINT else 128 + signum), log.read_text()[-2000:]
    assert_all_stopped(started)
    assert not answers(url + "/")


def test_a_busy_port_is_named_and_nothing_is_started(run_dev_site):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        process, _, log = run_dev_site(port)
        code = process.wait(timeout=60)
    assert code != 0
    assert f"Port {port} on 127.0.0.1 is in use" in log.read_text()
    assert not descendants(process.pid)
