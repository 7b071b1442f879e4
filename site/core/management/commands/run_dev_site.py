"""Run the development site: the web server, the task worker and the scheduler, and stop them together.

``./dev start`` ends with this command. Each process runs in a process group of its own,
so that when one of them ends — Ctrl+C, SIGTERM, a crash, a port already in use — the
others are stopped too, with every process they started (runserver's autoreloader runs
the server in a child process), and nothing is left running behind the terminal.
"""

from __future__ import annotations

import errno
import os
import signal
import socket
import sys
import time
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from subprocess import Popen, TimeoutExpired
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core import site_address

MANAGE_PY = Path(settings.BASE_DIR) / "manage.py"
# How long a process gets to stop after SIGTERM before it is killed.
STOP_GRACE_SECONDS = 5.0


class Stop(Exception):
    """A signal asked the whole site to stop."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


@dataclass
class Child:
    name: str
    process: Popen

    @property
    def running(self) -> bool:
        return self.process.poll() is None


def serve_address() -> tuple[str, int]:
    """The host and port of the site's address (WAGTAILADMIN_BASE_URL, from DEV_URL)."""
    parts = urlsplit(site_address.base_url())
    return parts.hostname or "127.0.0.1", parts.port or site_address.DEFAULT_PORTS[parts.scheme]


def port_is_free(host: str, port: int) -> bool:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno in (errno.EADDRINUSE, errno.EACCES):
                return False
            raise
    return True


class Command(BaseCommand):
    help = "Run the web server, the task worker and the scheduler until one of them stops or Ctrl+C."

    def handle(self, *args, **options) -> None:
        host, port = serve_address()
        if not port_is_free(host, port):
            raise CommandError(
                f"Port {port} on {host} is in use, perhaps by another ./dev start. Stop that one, or serve on "
                f"another port: DEV_URL=http://{host}:{port + 1} ./dev start"
            )
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, self._raise_stop)

        children: list[Child] = []
        exit_code = 0
        try:
            children.append(self._start("task worker", "db_worker", "--verbosity", "0"))
            children.append(self._start("scheduler", "run_scheduler"))
            children.append(self._start("web server", "runserver", f"{host}:{port}"))
            self.stdout.write(
                self.style.SUCCESS(
                    f"The site runs at {site_address.base_url()}/ (admin: {site_address.base_url()}/admin/). "
                    "Ctrl+C stops it."
                )
            )
            stopped = self._wait_for_first_to_stop(children)
            exit_code = stopped.process.returncode or 1
            self.stderr.write(
                f"The {stopped.name} stopped (exit code {stopped.process.returncode}); stopping the rest."
            )
        except Stop as stop:
            exit_code = 128 + stop.signum
        finally:
            for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
                signal.signal(signum, signal.SIG_IGN)
            self._stop_all(children)
        sys.exit(exit_code if exit_code != 128 + signal.SIGINT else 0)

    @staticmethod
    def _raise_stop(signum, frame) -> None:
        raise Stop(signum)

    def _start(self, name: str, *command: str) -> Child:
        process = Popen(  # noqa: S603  (our own manage.py, no shell)
            [sys.executable, str(MANAGE_PY), *command],
            start_new_session=True,  # its own process group, which _stop_all signals as a whole
        )
        return Child(name=name, process=process)

    @staticmethod
    def _wait_for_first_to_stop(children: list[Child]) -> Child:
        while True:
            for child in children:
                if not child.running:
                    return child
            time.sleep(0.2)

    @staticmethod
    def _stop_all(children: list[Child]) -> None:
        """SIGTERM every group, wait a little, then SIGKILL what is left (a group outlives its leader)."""
        for child in children:
            _signal_group(child, signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        for child in children:
            with suppress(TimeoutExpired):  # killed below
                child.process.wait(timeout=max(0.0, deadline - time.monotonic()))
        for child in children:
            _signal_group(child, signal.SIGKILL)
            child.process.wait()


def _signal_group(child: Child, signum: int) -> None:
    with suppress(ProcessLookupError, PermissionError):  # the whole group has gone already
        os.killpg(child.process.pid, signum)
