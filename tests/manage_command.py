"""Running manage.py in a child process, for the tests of settings that are read at start
(production settings, the deploy check): the child gets this process's environment without
the variables a test run sets that would change what it reads, plus the test's own."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_manage(
    *args: str, env: dict[str, str], drop: Iterable[str] = (), timeout: int = 180
) -> subprocess.CompletedProcess:
    """`manage.py *args` with os.environ minus `drop`, plus `env`; output captured as text."""
    dropped = set(drop)
    inherited = {name: value for name, value in os.environ.items() if name not in dropped}
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env={**inherited, **env},
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
    )
