"""Running jobs at the same moment, for the concurrency tests (each with its negative control)."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connection


def run_at_once(jobs: list[Callable[[], object]], timeout: float = 120) -> list[object]:
    """Run each job in its own thread, all released together; return results or exceptions, in order.

    Each thread closes its own database connection when done, as a request's would be.
    """
    start = threading.Barrier(len(jobs))
    results: list[object] = [None] * len(jobs)

    def run(index: int, job: Callable[[], object]) -> None:
        try:
            start.wait(timeout)
            results[index] = job()
        except Exception as exc:  # reported by the test
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job), name=f"job-{i}") for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    return results
