"""The search backends the contract suite runs against, and the pages indexed beside a test's own.

The embedded SQLite FTS5 backend always runs, on a fresh index file per test. When
ELASTICSEARCH_URL is set, every contract test runs against Elasticsearch as well, under
index names of its own, and an unreachable cluster FAILS the run: a CI job that sets the
variable must never pass by silently skipping the engine it meant to test.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator

import pytest

from search.contract import IndexDocument, SearchBackend, SearchUnavailable
from search.factories import IndexDocumentFactory


def configured_backends() -> list[str]:
    return ["embedded", "elasticsearch"] if os.environ.get("ELASTICSEARCH_URL") else ["embedded"]


@pytest.fixture(params=configured_backends())
def backend(request, tmp_path) -> Iterator[SearchBackend]:
    """An empty index on one configured backend, removed after the test."""
    if request.param == "embedded":
        from search.backends.embedded import EmbeddedBackend

        engine = EmbeddedBackend(path=tmp_path / "index.sqlite3")
        yield engine
        engine.close()
        return

    from search.backends.elastic import ElasticsearchBackend

    engine = ElasticsearchBackend(
        url=os.environ["ELASTICSEARCH_URL"],
        index_prefix=f"allmenn-contract-{uuid.uuid4().hex[:12]}",
        timeout=float(os.environ.get("ELASTICSEARCH_TIMEOUT", "10")),
    )
    try:
        engine.ping()
    except SearchUnavailable as exc:
        pytest.fail(f"ELASTICSEARCH_URL is set but Elasticsearch cannot be reached: {exc}")
    try:
        yield engine
    finally:
        engine.clear()


@pytest.fixture
def make_document() -> Callable[..., IndexDocument]:
    """``make_document(title=..., body=...)``: see IndexDocumentFactory."""
    return IndexDocumentFactory


# Pages about other things, so the index has the word statistics of a real site: with
# only the two or three pages a test is about, every word is in most documents and
# relevance scores carry little signal. None of these contains the words the tests look
# for (fastlege, lege, ordning, far, får, listetak, report, doctor, …).
NEIGHBOURS = (
    ("Konferansen i Bodø", "Konferansen samler deltakere fra hele landet hver høst i Bodø."),
    ("Podkast om vaksiner", "Podkasten handler om vaksiner, smittevern og beredskap i kommunene."),
    ("Nyhetsbrev", "Nyhetsbrevet kommer hver måned med statistikk og kunngjøringer."),
    ("Kurs og poeng", "Kursene gir poeng i videreutdanningen og kan tas digitalt."),
    ("Finansiering", "Programmet finansieres over statsbudsjettet og evalueres hvert femte år."),
    ("Søknadsfrister", "Fristen for å søke er første mars, og svar kommer innen juni."),
    ("Autumn conference", "Registration for the autumn conference closes in May."),
    ("Kontakt oss", "Sekretariatet svarer på spørsmål på e-post og telefon."),
)


@pytest.fixture
def neighbours() -> list[IndexDocument]:
    """Unrelated pages to index beside the ones a test is about."""
    return [IndexDocumentFactory(title=title, body=body, content_type="campaign") for title, body in NEIGHBOURS]


@pytest.fixture
def index_pages(backend, neighbours) -> Callable[..., SearchBackend]:
    """``index_pages(doc, doc, ...)`` indexes the documents beside the neighbour pages."""

    def index(*documents: IndexDocument) -> SearchBackend:
        backend.index([*neighbours, *documents])
        return backend

    return index
