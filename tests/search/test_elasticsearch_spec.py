"""Every request body the Elasticsearch backend sends, checked against Elastic's own types.

No cluster can run here, so the next best judge of a body is the generated TypeScript
definitions of the Elasticsearch API (../shared/elasticsearch-spec, versions 8.19 and
9.2). The real backend runs a scenario that makes every kind of request it can make
against the recording FakeCluster; each recorded body becomes a typed object literal and
``tsc --strict`` compiles them all, once per version. The negative control proves that a
broken body does fail.
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime

import pytest

from search.backends.elastic import ElasticsearchBackend
from search.contract import IndexDocument, SearchQuery
from tests.search.es_spec import (
    DOCUMENT_TYPE,
    SPEC_VERSIONS,
    FakeCluster,
    TypedBody,
    UntypedRequest,
    client_for,
    document_interface,
    es_response,
    run_tsc,
    tsc_missing,
    typed_bodies,
)

PREFIX = "allmenn-spec"
ALIAS = f"{PREFIX}-pages"


def full_page(number: int, language: str = "nb") -> IndexDocument:
    """A page with every field filled, so every key of a source is typed."""
    changed = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)
    return IndexDocument(
        key=f"page:{number}",
        page_id=number,
        url=f"/rapporter/{number}/",
        title="Evaluering av ALIS-kontor",
        content_type="report",
        language=language,
        summary="Hva fastlegene mener om ALIS-kontorene.",
        headings=("Bakgrunn", "Funn"),
        body="Fastlegeordningen og listetak i kommunene.",
        footnotes="Kilde: Helsedirektoratet.",
        attachments="Vedlegg om rekruttering.",
        breadcrumbs=("Rapporter", "Evaluering"),
        topics=("Fastlegeordningen", "ALIS"),
        year=2025,
        first_published=changed,
        last_updated=changed,
        last_substantive_change=changed,
    )


def run_scenario(backend: ElasticsearchBackend, cluster: FakeCluster) -> None:
    """Every kind of request the backend makes, in the order a site might make them."""
    backend.set_synonyms([("fastlege", "allmennlege", "GP"), ("listetak", "listelengde")])
    backend.rebuild([full_page(1), full_page(2, "nn")])
    backend.rebuild([full_page(1), full_page(2, "nn"), full_page(3, "en")])  # alias swap with a remove
    backend.index([full_page(4)])
    backend.delete(["page:4", "page:404"])
    # No hits: the relaxed retry (and any other retry the backend makes) is recorded too.
    backend.search(
        SearchQuery(
            text='Fastlegen ALIS-kontor KS listetak "ny ordning" -2019 -"gammel avtale"',
            types=("report", "guidance"),
            topics=("Fastlegeordningen",),
            languages=("nb", "nn"),
            years=(2024, 2025),
            page=2,
            per_page=20,
            prefer_language="nb",
        )
    )
    cluster.search_responses = [(200, es_response([]))]
    backend.search(SearchQuery(text="tromsø", prefer_language="en"))
    backend.search(SearchQuery(text="LIS1 legevakt", prefer_language="nn"))
    backend.autocomplete("fastlege ordn", limit=8)
    backend.count()
    backend.ping()
    backend.clear()
    backend.index([full_page(5)])  # the first write after a clear creates index and alias


@pytest.fixture(scope="module")
def recorded() -> tuple[FakeCluster, list[TypedBody]]:
    cluster = FakeCluster()
    backend = ElasticsearchBackend("http://elasticsearch.invalid:9200", PREFIX, 1.0, client=client_for(cluster))
    run_scenario(backend, cluster)
    return cluster, typed_bodies(cluster.requests)


@pytest.fixture(scope="module")
def document(recorded) -> str:
    cluster, _bodies = recorded
    (mappings,) = {
        id(index["definition"]["mappings"]): index["definition"]["mappings"] for index in cluster.indices.values()
    }.values()
    return document_interface(mappings)


@pytest.fixture
def tsc():
    reason = tsc_missing()
    if reason:
        pytest.skip(f"TypeScript check of the Elasticsearch bodies skipped: {reason}")


def test_the_scenario_sends_every_kind_of_request_with_a_body(recorded):
    _cluster, bodies = recorded
    kinds = {body.type for body in bodies}
    assert kinds >= {
        "T.IndicesCreateRequest['body']",
        "T.SynonymsPutSynonymRequest['body']",
        "T.IndicesUpdateAliasesRequest['body']",
        "T.IndicesPutSettingsRequest['body']",
        "T.SearchRequest['body']",
        "T.BulkOperationContainer",
        DOCUMENT_TYPE,
    }
    actions = {next(iter(body.value)) for body in bodies if body.type == "T.BulkOperationContainer"}
    assert actions == {"index", "delete"}
    alias_actions = {
        next(iter(action)) for body in bodies if "Aliases" in body.type for action in body.value["actions"]
    }
    assert alias_actions == {"add", "remove"}
    searches = [body.value for body in bodies if body.type == "T.SearchRequest['body']"]
    assert any("suggest" in search for search in searches)
    assert any("post_filter" in search for search in searches)
    assert len(searches) >= 5  # first tries, retries and autocomplete


def test_a_body_without_a_known_type_fails_the_check():
    with pytest.raises(UntypedRequest):
        typed_bodies([("POST", "/x/_unknown_api", {}, {"a": 1})])


@pytest.mark.parametrize("version", SPEC_VERSIONS)
def test_every_request_body_satisfies_elastics_types(tsc, recorded, document, version, tmp_path):
    _cluster, bodies = recorded
    passed, output = run_tsc(bodies, version, document, tmp_path)
    assert passed, f"Elasticsearch {version} types refuse what the backend sends:\n{output}"


def broken_bodies(bodies: list[TypedBody]) -> list[TypedBody]:
    """The real bodies with three deliberate mistakes of the kinds the check is for."""
    create = copy.deepcopy(next(body for body in bodies if body.type == "T.IndicesCreateRequest['body']"))
    create.value["settings"]["analysis"]["filter"]["allmenn_nb_stemmer"]["type"] = "stemer"
    create.value["mappings"]["properties"]["title"]["analyzers"] = "allmenn_exact"
    search = copy.deepcopy(next(body for body in bodies if body.type == "T.SearchRequest['body']"))
    search.value["query"] = {"match": {"title.exact": {"query": "listetak", "operatr": "and"}}}
    source = TypedBody("PUT /_bulk line 2", DOCUMENT_TYPE, {"key": "page:1", "titel": "Listetak"})
    return [create, search, source]


@pytest.mark.parametrize("version", SPEC_VERSIONS)
def test_negative_control_a_broken_body_fails_tsc(tsc, recorded, document, version, tmp_path):
    _cluster, bodies = recorded
    passed, output = run_tsc(broken_bodies(bodies), version, document, tmp_path)
    assert not passed
    for mistake in ("'stemer'", "'analyzers'", "'operatr'", "'titel'"):
        assert mistake.strip("'") in output, f"tsc did not report {mistake}:\n{output}"
