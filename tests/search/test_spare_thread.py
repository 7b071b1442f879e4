"""The spare thread a search counts its matches on while it ranks them: the work runs
there only when the thread is free, else where it was asked for; a block never ends
before work it started, so the search's shared lock covers that work; and the answers
are the same either way."""

from __future__ import annotations

import threading

import pytest

from search.backends.embedded import EmbeddedBackend
from search.backends.spare_thread import SpareThread
from search.contract import SearchQuery
from tests.search.test_embedded_speed import CountingBackend, use_small_limits, varied_pages


def test_work_runs_on_the_spare_thread_when_it_is_free():
    spare = SpareThread()
    with spare.beside(threading.get_ident, lambda: "here") as work:
        ran_on = work.result()
    spare.close()

    assert work.ran_beside
    assert ran_on != threading.get_ident()


def test_work_runs_where_it_was_asked_for_while_the_spare_thread_is_busy():
    spare = SpareThread()
    release = threading.Event()
    with spare.beside(lambda: release.wait(5), lambda: None) as busy:
        with spare.beside(lambda: "there", lambda: "here") as second:
            assert second.result() == "here" and not second.ran_beside
        release.set()
        assert busy.ran_beside and busy.result() is True
    # The negative control: once free, the thread takes work again.
    with spare.beside(lambda: "there", lambda: "here") as third:
        assert third.result() == "there" and third.ran_beside
    spare.close()


def test_a_block_does_not_end_before_the_work_it_started_even_when_the_caller_fails():
    spare = SpareThread()
    started, release, ended = threading.Event(), threading.Event(), threading.Event()

    def work():
        started.set()
        release.wait(5)
        ended.set()

    def fail_while_the_work_runs():
        with spare.beside(work, lambda: None):
            started.wait(5)
            threading.Timer(0.2, release.set).start()
            raise RuntimeError("the caller failed")

    with pytest.raises(RuntimeError, match="the caller failed"):
        fail_while_the_work_runs()
    assert ended.is_set()
    spare.close()


def test_an_error_in_the_work_reaches_the_caller_and_frees_the_thread():
    spare = SpareThread()

    def broken():
        raise ValueError("broken index")

    with spare.beside(broken, lambda: None) as work, pytest.raises(ValueError, match="broken index"):
        work.result()
    with spare.beside(lambda: "there", lambda: "here") as after:
        assert after.result() == "there"
    spare.close()


def test_a_disabled_spare_thread_runs_everything_here():
    spare = SpareThread(enabled=False)
    with spare.beside(lambda: "there", lambda: "here") as work:
        assert work.result() == "here" and not work.ran_beside


def test_closing_runs_the_last_work_on_the_thread():
    spare = SpareThread()
    with spare.beside(threading.get_ident, lambda: None) as work:
        worker = work.result()
    closed_on: list[int] = []
    spare.close(last=lambda: closed_on.append(threading.get_ident()))

    assert closed_on == [worker]


class ThreadNotingBackend(CountingBackend):
    """Notes the thread that counted the last large result's matches."""

    counted_on: int | None = None

    def _match_groups(self, *args):
        self.counted_on = threading.get_ident()
        return super()._match_groups(*args)


QUERIES = (
    SearchQuery(text="legevakt", per_page=3),  # most pages: counted by complement
    SearchQuery(text="legevakt -tilskudd", per_page=3, types=("guidance",)),
    SearchQuery(text="tilskudd", per_page=3, languages=("nb", "nn")),  # a third: counted as matches
    SearchQuery(text="legevakt kommunen", per_page=3, topics=("Kommuner",)),
)


@pytest.mark.parametrize("query", QUERIES, ids=lambda query: query.text + repr(query.filters()))
def test_a_large_result_counted_on_the_spare_thread_answers_as_counted_here(tmp_path, monkeypatch, query):
    documents = varied_pages(210, holding=8)
    beside = ThreadNotingBackend(tmp_path / "beside.sqlite3")
    here = ThreadNotingBackend(tmp_path / "here.sqlite3", spare_thread=False)
    for engine in (beside, here):
        engine.index(documents)
    exact = here.search(query)  # below the limits: every match ranked and counted from temp.matched
    use_small_limits(monkeypatch)
    found = {engine: engine.search(query) for engine in (beside, here)}
    beside.close()
    here.close()

    assert beside.counted_on not in {None, threading.get_ident()}
    assert here.counted_on == threading.get_ident()  # the negative control
    assert found[beside].total == found[here].total == exact.total > 0
    assert found[beside].facets == found[here].facets == exact.facets
    assert [(hit.key, hit.score) for hit in found[beside].hits] == [(hit.key, hit.score) for hit in found[here].hits]


def test_a_writer_waits_until_the_spare_thread_has_counted(tmp_path, monkeypatch):
    """The spare thread reads under the search's shared lock: a page indexed meanwhile
    is in neither the hits nor the counts of that search, and is in the next one's."""
    counting, release = threading.Event(), threading.Event()
    engine = ThreadNotingBackend(tmp_path / "index.sqlite3")
    engine.index(varied_pages(120, holding=8))
    use_small_limits(monkeypatch)
    match_groups = ThreadNotingBackend._match_groups

    def slow(self, *args):
        counting.set()
        release.wait(5)
        return match_groups(self, *args)

    monkeypatch.setattr(ThreadNotingBackend, "_match_groups", slow)
    found: list = []
    search = threading.Thread(target=lambda: found.append(engine.search(SearchQuery(text="legevakt"))))
    search.start()
    assert counting.wait(5)
    extra = varied_pages(121, holding=10)[120:]  # one more page with the word
    writer = threading.Thread(target=lambda: EmbeddedBackend(engine.path, spare_thread=False).index(extra))
    writer.start()
    writer.join(0.3)
    still_waiting = writer.is_alive()
    release.set()
    search.join(5)
    writer.join(5)
    monkeypatch.setattr(ThreadNotingBackend, "_match_groups", match_groups)
    after = engine.search(SearchQuery(text="legevakt"))
    engine.close()

    assert still_waiting
    assert engine.counted_on != threading.get_ident()
    assert found[0].total == 96 and after.total == 97
