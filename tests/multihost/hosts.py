"""Web hosts for the two-host test: gunicorn under production settings, each with a var/
directory of its own (file cache, media, search index, static files), sharing only what
the environment names (PostgreSQL, Redis, S3).

Plain helpers, not fixtures: conftest.py puts them together.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
# The one public address of the site, whichever host answers (as behind a load balancer).
PUBLIC_ADDRESS = f"https://{HOST}"
STARTUP_TIMEOUT = 120.0
REQUEST_TIMEOUT = 30.0
ACTION_TIMEOUT = 300.0
# The search page's limit per client and minute on every host (SEARCH_REQUESTS_PER_IP_PER_MINUTE).
SEARCH_LIMIT = 6
# Variables of the test run's own environment that must not leak into a host.
NOT_INHERITED = (
    "DJANGO_SETTINGS_MODULE",
    "DATABASE_URL",
    "REDIS_URL",
    "ELASTICSEARCH_URL",
    "MEDIA_STORAGE",
    "VAR_DIR",
    "MEDIA_ROOT",
    "STATIC_ROOT",
    "CACHE_DIR",
    "SEARCH_INDEX_PATH",
    "SQLITE_PATH",
    "TASKS_BACKEND",
    "PAGE_CACHE_ENABLED",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


# --- PostgreSQL -------------------------------------------------------------------------------


def postgres_server_url() -> str:
    """DATABASE_URL when it names PostgreSQL, else ""."""
    url = os.environ.get("DATABASE_URL", "")
    return url if urlsplit(url).scheme in ("postgres", "postgresql", "pgsql") else ""


def with_database(url: str, name: str) -> str:
    return urlsplit(url)._replace(path="/" + name).geturl()


def _admin_connection(server_url: str):
    import psycopg

    return psycopg.connect(with_database(server_url, "postgres"), autocommit=True)


def copy_database(server_url: str, template: str, name: str) -> None:
    """A new database as a copy of `template` (which must have no other session open)."""
    with _admin_connection(server_url) as admin:
        # Sessions this test process left on the template (it is this worker's own test
        # database) would make PostgreSQL refuse the copy.
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [template],
        )
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')


def drop_database(server_url: str, name: str) -> None:
    with _admin_connection(server_url) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- Hosts ------------------------------------------------------------------------------------


def host_environment(var_dir: Path, shared: dict[str, str]) -> dict[str, str]:
    """Production settings with everything a host writes under its own `var_dir`, and the
    shared services (`shared`: DATABASE_URL, REDIS_URL, the S3 variables …) on top."""
    inherited = {name: value for name, value in os.environ.items() if name not in NOT_INHERITED}
    return {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "ALLOWED_HOSTS": HOST,
        "WAGTAILADMIN_BASE_URL": PUBLIC_ADDRESS,
        "EMAIL_URL": "console://",
        "DEFAULT_FROM_EMAIL": "Allmenn <post@allmenn.test>",
        "SECURE_SSL_REDIRECT": "false",  # plain HTTP on loopback; TLS would end at the load balancer
        "VAR_DIR": str(var_dir),
        "MEDIA_ROOT": str(var_dir / "media"),
        "STATIC_ROOT": str(var_dir / "static"),
        "CACHE_DIR": str(var_dir / "cache"),
        "SEARCH_INDEX_PATH": str(var_dir / "search" / "index.sqlite3"),
        "SEARCH_DICTIONARY_CACHE": str(var_dir / "search" / "dictionary"),
        "LOG_LEVEL": "WARNING",
        "PYTHONDONTWRITEBYTECODE": "1",
        **shared,
    }


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes
    cookies: dict[str, str] = field(default_factory=dict)

    def header(self, name: str) -> str:
        return self.headers.get(name.lower(), "")

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


@dataclass
class Host:
    """One web host: a gunicorn master with one sync worker."""

    name: str
    var_dir: Path
    env: dict[str, str]
    port: int = 0
    process: subprocess.Popen | None = None

    @property
    def log_path(self) -> Path:
        return self.var_dir / "gunicorn.log"

    def start(self) -> None:
        self.port = free_port()
        for folder in ("media", "cache", "search"):
            (self.var_dir / folder).mkdir(parents=True, exist_ok=True)
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    str(Path(sys.executable).with_name("gunicorn")),
                    "config.wsgi:application",
                    "--no-control-socket",
                    "--workers",
                    "1",
                    "--bind",
                    f"{HOST}:{self.port}",
                    "--chdir",
                    str(ROOT / "site"),
                    "--log-level",
                    "warning",
                ],
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=ROOT,
                start_new_session=True,  # its own process group: stop() ends the workers with it
            )

    def wait_until_serving(self, path: str = "/") -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            if self.process is None or self.process.poll() is not None:
                raise RuntimeError(f"host {self.name} exited before serving:\n{self.log()}")
            try:
                if self.get(path).status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.25)
        raise RuntimeError(f"host {self.name} did not serve {path} within {STARTUP_TIMEOUT:.0f} s:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:] if self.log_path.exists() else ""

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=20)
        except ProcessLookupError:
            pass

    def request(
        self, method: str, path: str, headers: dict[str, str] | None = None, body: bytes | None = None
    ) -> Answer:
        connection = http.client.HTTPConnection(HOST, self.port, timeout=REQUEST_TIMEOUT)
        try:
            connection.request(method, path, body=body, headers={"Host": HOST, **(headers or {})})
            response = connection.getresponse()
            data = response.read()
            cookies = {}
            for value in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = value.partition("=")
                cookies[name.strip()] = rest.split(";", 1)[0]
            headers_read = {name.lower(): value for name, value in response.getheaders()}
            return Answer(response.status, headers_read, data, cookies)
        finally:
            connection.close()

    def get(self, path: str, headers: dict[str, str] | None = None) -> Answer:
        return self.request("GET", path, headers)

    def log_in(self, username: str, password: str) -> str:
        """Log in through Wagtail's login form on this host (CSRF and all); the session cookie."""
        form = self.get("/_util/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
        csrf_cookie = form.cookies.get("csrftoken", "")
        if form.status != 200 or token is None or not csrf_cookie:
            raise RuntimeError(f"no login form on host {self.name} ({form.status})")
        answer = self.request(
            "POST",
            "/_util/login/",
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={csrf_cookie}",
            },
            body=urlencode(
                {"csrfmiddlewaretoken": token.group(1), "username": username, "password": password, "next": "/"}
            ).encode(),
        )
        session = answer.cookies.get("sessionid", "")
        if answer.status != 302 or not session:
            raise RuntimeError(f"logging in on host {self.name} failed ({answer.status})")
        return session


def run_action(env: dict[str, str], action: str, arguments: dict | None = None) -> dict:
    """Run one of host_actions.py's actions in a host's environment; its result."""
    from tests.multihost.host_actions import RESULT_PREFIX

    result = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("host_actions.py")), action, json.dumps(arguments or {})],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=ACTION_TIMEOUT,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith(RESULT_PREFIX)]
    if result.returncode != 0 or not lines:
        raise RuntimeError(f"{action} failed ({result.returncode}):\n{result.stdout[-2000:]}\n{result.stderr[-4000:]}")
    return json.loads(lines[-1].removeprefix(RESULT_PREFIX))
