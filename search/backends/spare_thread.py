"""A second thread for the part of a search that does not wait for the rest.

SQLite lets go of Python's global lock while it works, so a search can count its matches
on a second connection while its own connection ranks them: on a machine with a core to
spare, the slower of the two, not their sum, is what a visitor waits for. Under full load
no core is spare; then this thread is often busy, and the work runs where it was asked
for, as it would without this thread. It never queues behind another search's work.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import Generic, TypeVar

T = TypeVar("T")


class Beside(Generic[T]):
    """Work started beside the caller's own: its result, waited for or computed here."""

    def __init__(self, future: Future[T] | None, here: Callable[[], T]):
        self._future = future
        self._here = here
        self.ran_beside = future is not None

    def result(self) -> T:
        if self._future is None:
            self._future = Future()
            try:
                self._future.set_result(self._here())
            except BaseException as exc:
                self._future.set_exception(exc)
        return self._future.result()

    def finish(self) -> None:
        """Wait until work started beside has ended, whatever the caller did meanwhile."""
        if self._future is not None:
            wait([self._future])


class SpareThread:
    """One worker thread, started on first use (and anew in a forked child)."""

    def __init__(self, enabled: bool = True, name: str = "spare"):
        self.enabled = enabled
        self._name = name
        self._free = threading.Lock()
        self._executor: ThreadPoolExecutor | None = None
        self._pid: int | None = None

    @contextlib.contextmanager
    def beside(self, there: Callable[[], T], here: Callable[[], T]) -> Iterator[Beside[T]]:
        """Start ``there`` on the spare thread if it is free, else nothing yet: the block's
        ``result()`` then runs ``here`` (the same work, on the caller's resources). The
        block does not end before work it started has ended, so a lock the caller holds
        around it also covers that work."""
        started = self._start(there)
        beside = Beside(started, here)
        try:
            yield beside
        finally:
            beside.finish()

    def _start(self, work: Callable[[], T]) -> Future[T] | None:
        if not self.enabled or not self._free.acquire(blocking=False):
            return None

        def run() -> T:
            try:
                return work()
            finally:
                self._free.release()  # before the result is set, so the next caller finds it free

        try:
            return self._worker().submit(run)
        except BaseException:
            self._free.release()
            raise

    def _worker(self) -> ThreadPoolExecutor:
        pid = os.getpid()
        if self._executor is None or self._pid != pid:
            # A forked child has the parent's executor but not its thread: start its own.
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=self._name)
            self._pid = pid
        return self._executor

    def close(self, last: Callable[[], object] | None = None) -> None:
        """Run ``last`` on the thread (to close what it opened) and end the thread."""
        executor, self._executor = self._executor, None
        if executor is None or self._pid != os.getpid():
            return
        if last is not None:
            with contextlib.suppress(Exception):
                executor.submit(last).result()
        executor.shutdown(wait=True)
