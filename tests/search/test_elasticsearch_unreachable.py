"""An Elasticsearch that cannot be reached makes every backend call fail fast with
SearchUnavailable: the search page answers 503 and the indexing outbox keeps its changes."""

from __future__ import annotations

import socket
import time

import pytest

from search.backends.elastic import ElasticsearchBackend
from search.contract import IndexDocument, SearchQuery, SearchUnavailable

# Connection refused comes back at once; this bounds a call with its one retry.
QUICKLY = 2.0


@pytest.fixture(scope="module")
def closed_port() -> int:
    """A local port with nothing listening: bound once to get a free number, then closed."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def backend(closed_port) -> ElasticsearchBackend:
    return ElasticsearchBackend(f"http://127.0.0.1:{closed_port}", "allmenn-unreachable", timeout=0.5)


def listetak_page() -> IndexDocument:
    return IndexDocument(
        key="page:1", page_id=1, url="/listetak/", title="Listetak", content_type="guidance", language="nb"
    )


CALLS = {
    "search": lambda backend: backend.search(SearchQuery(text="listetak fastlege")),
    "autocomplete": lambda backend: backend.autocomplete("liste"),
    "index": lambda backend: backend.index([listetak_page()]),
    "delete": lambda backend: backend.delete(["page:1"]),
    "rebuild": lambda backend: backend.rebuild([listetak_page()]),
    "set_synonyms": lambda backend: backend.set_synonyms([("fastlege", "allmennlege")]),
    "count": lambda backend: backend.count(),
    "clear": lambda backend: backend.clear(),
    "ping": lambda backend: backend.ping(),
}


@pytest.mark.parametrize("call", CALLS.values(), ids=CALLS.keys())
def test_every_call_fails_quickly_with_search_unavailable(backend, call, caplog):
    started = time.monotonic()
    with pytest.raises(SearchUnavailable) as failure:
        call(backend)
    elapsed = time.monotonic() - started
    assert elapsed < QUICKLY, f"took {elapsed:.2f} s"
    assert "cannot be reached" in str(failure.value)
    # A connection failure is the operator's concern, not a bug: a warning, never an error.
    ours = [record for record in caplog.records if record.name == "search.backends.elastic"]
    assert ours and all(record.levelname == "WARNING" for record in ours)


def test_a_blackholed_engine_is_cut_off_by_the_timeout():
    """A server that accepts the connection but never answers: the call ends after the
    configured timeout, without retrying."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        port = silent.getsockname()[1]
        backend = ElasticsearchBackend(f"http://127.0.0.1:{port}", "allmenn-unreachable", timeout=0.3)
        started = time.monotonic()
        with pytest.raises(SearchUnavailable):
            backend.search(SearchQuery(text="listetak"))
        elapsed = time.monotonic() - started
    assert 0.3 <= elapsed < 1.5, f"took {elapsed:.2f} s"
