"""The Elasticsearch backend without a server: its index definition and request bodies
compared with reviewed JSON, its response parsing, and its conversation with a cluster.

The conversation tests run the real client over a transport node that hands each HTTP
request to a small in-memory cluster (tests/search/es_spec.FakeCluster), so what is
checked is what would go over the wire (``PUT /<index>``, ``POST /_aliases``,
``DELETE /<index>``), in order.

The JSON files in tests/search/elasticsearch/ are the reviewed contract. After an intended
change, regenerate them with

    UPDATE_ES_FIXTURES=1 .venv/bin/python -m pytest tests/search/test_elasticsearch_offline.py

and read the diff before committing.
"""

from __future__ import annotations

import json
import logging
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from search import ranking
from search.backends.elastic import ElasticsearchBackend, synonym_rules
from search.backends.elastic_mapping import (
    COMPOUND_PARTS,
    TEXT_FIELDS,
    document_source,
    index_definition,
)
from search.backends.elastic_queries import build_autocomplete, build_search
from search.backends.elastic_results import results_from, suggestion_from
from search.contract import FACETS, IndexDocument, SearchQuery, SearchUnavailable
from search.query_syntax import parse_query
from tests.search.es_spec import FakeCluster, client_for, es_response

FIXTURES = Path(__file__).parent / "elasticsearch"
UPDATE_FIXTURES = os.environ.get("UPDATE_ES_FIXTURES") == "1"
PREFIX = "allmenn-test"
ALIAS = f"{PREFIX}-pages"
# A fixed concrete name for the reviewed index definition (real ones carry the time).
FIXTURE_INDEX = f"{ALIAS}-20260101000000000000"


def as_json(value) -> object:
    """Tuples become lists, as on the wire."""
    return json.loads(json.dumps(value, default=str))


def assert_matches_reviewed(name: str, actual: object) -> None:
    """Compare with tests/search/elasticsearch/<name>, or rewrite it on purpose."""
    path = FIXTURES / name
    actual = as_json(actual)
    if UPDATE_FIXTURES:
        path.parent.mkdir(exist_ok=True)
        path.write_text(json.dumps(actual, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    how = (
        f"{path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path} is the reviewed Elasticsearch "
        "request. If this change is intended, regenerate it with UPDATE_ES_FIXTURES=1 .venv/bin/python -m pytest "
        "tests/search/test_elasticsearch_offline.py and review the diff (git diff tests/search/elasticsearch/)."
    )
    assert path.exists(), f"Missing reviewed file. {how}"
    expected = json.loads(path.read_text(encoding="utf-8"))
    assert actual == expected, how


def search_body(text: str, **filters) -> dict:
    query = SearchQuery(text=text, **filters)
    return as_json(build_search(query, parse_query(query.text)).to_dict())


def walk(value):
    """Every dict and list inside a request body, depth first."""
    yield value
    if isinstance(value, dict):
        for item in value.values():
            yield from walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from walk(item)


def scoring_bool(body: dict) -> dict:
    return body["query"]["function_score"]["query"]["bool"]


# --- Reviewed JSON -------------------------------------------------------------------


@pytest.fixture(scope="module")
def index_body() -> dict:
    return as_json(index_definition(FIXTURE_INDEX, f"{PREFIX}-synonyms").to_dict())


def test_index_settings_match_the_reviewed_file(index_body):
    assert_matches_reviewed("index_settings.json", index_body["settings"])


def test_mappings_match_the_reviewed_file(index_body):
    assert_matches_reviewed("mappings.json", index_body["mappings"])


def test_plain_words_query_matches_the_reviewed_file():
    assert_matches_reviewed("query_words.json", search_body("Fastlegen listetak"))


def test_phrase_with_exclusions_query_matches_the_reviewed_file():
    assert_matches_reviewed(
        "query_phrase_exclusion.json", search_body('"ALIS tilskudd" evaluering -2019 -"ny ordning"')
    )


def test_filters_and_facets_query_matches_the_reviewed_file():
    body = search_body(
        "listetak",
        types=("guidance", "report"),
        topics=("Fastlegeordningen",),
        languages=("nn",),
        years=(2024,),
        page=2,
    )
    assert_matches_reviewed("query_filters_facets.json", body)


def test_relaxed_query_matches_the_reviewed_file():
    query = SearchQuery(text="Fastlegen listetak")
    body = as_json(build_search(query, parse_query(query.text), relaxed=True).to_dict())
    assert_matches_reviewed("query_relaxed.json", body)


def test_autocomplete_query_matches_the_reviewed_file():
    assert_matches_reviewed("autocomplete.json", build_autocomplete("Fastlege ordn", 8).to_dict())


def test_suggest_section_matches_the_reviewed_file():
    assert_matches_reviewed("suggest.json", search_body("lsitetak fastlgee")["suggest"])


# --- The index definition, by rule ------------------------------------------------------


def test_no_analysis_chain_folds_æ_ø_å(index_body):
    analysis = index_body["settings"]["analysis"]
    filters = [name for analyzer in analysis["analyzer"].values() for name in analyzer["filter"]]
    types = [definition["type"] for definition in analysis["filter"].values()]
    assert "asciifolding" not in filters + types
    assert "icu_folding" not in filters + types
    assert analysis["analyzer"]["allmenn_exact"]["filter"] == ["lowercase"]


def test_each_language_has_its_own_stemmer(index_body):
    analysis = index_body["settings"]["analysis"]
    stemmer_of = {
        language: [
            analysis["filter"][name]["language"]
            for name in analysis["analyzer"][f"allmenn_{language}"]["filter"]
            if name in analysis["filter"] and analysis["filter"][name]["type"] == "stemmer"
        ]
        for language in ("nb", "nn", "en")
    }
    assert stemmer_of == {
        "nb": ["light_norwegian"],
        "nn": ["light_nynorsk"],
        "en": ["possessive_english", "english"],
    }


def test_synonyms_come_from_the_prefixed_set_and_only_at_search_time(index_body):
    analysis = index_body["settings"]["analysis"]
    synonym_filters = {name for name, f in analysis["filter"].items() if f["type"] == "synonym_graph"}
    assert synonym_filters == {"allmenn_synonyms"}
    assert analysis["filter"]["allmenn_synonyms"]["synonyms_set"] == f"{PREFIX}-synonyms"
    assert analysis["filter"]["allmenn_synonyms"]["updateable"] is True
    with_synonyms = {name for name, a in analysis["analyzer"].items() if "allmenn_synonyms" in a["filter"]}
    index_analyzers = {
        node["analyzer"] for node in walk(index_body["mappings"]) if isinstance(node, dict) and "analyzer" in node
    }
    search_analyzers = {
        node["search_analyzer"]
        for node in walk(index_body["mappings"])
        if isinstance(node, dict) and "search_analyzer" in node
    }
    assert with_synonyms, "no search analyzer applies the synonyms"
    assert not with_synonyms & index_analyzers, "an updateable synonym filter cannot be used at index time"
    assert with_synonyms <= search_analyzers


def test_every_text_field_has_exact_and_stemmed_subfields(index_body):
    properties = index_body["mappings"]["properties"]
    for name in TEXT_FIELDS:
        assert {"exact", "nb", "nn", "en"} <= set(properties[name]["fields"]), name
    assert properties["title"]["fields"]["autocomplete"]["type"] == "search_as_you_type"


def test_compounds_are_split_only_by_a_dictionary_never_into_ngrams(index_body):
    analysis = index_body["settings"]["analysis"]
    types = {definition["type"] for definition in analysis["filter"].values()}
    assert not types & {"ngram", "edge_ngram"}
    assert "max_ngram_diff" not in index_body["settings"]
    decompounder = analysis["filter"]["allmenn_compound_parts"]
    assert decompounder["type"] == "dictionary_decompounder"
    assert {"lege", "ordning"} <= set(decompounder["word_list"]) == set(COMPOUND_PARTS)
    assert all(len(word) >= decompounder["min_subword_size"] for word in COMPOUND_PARTS)
    assert not set(COMPOUND_PARTS) & {"alis", "ring", "ingen"}
    properties = index_body["mappings"]["properties"]
    for name in ("title", "headings", "summary", "body"):
        parts = properties[name]["fields"]["parts"]
        # Split in the index only: a query word is looked up as typed.
        assert (parts["analyzer"], parts["search_analyzer"]) == ("allmenn_parts", "allmenn_exact")
    assert analysis["analyzer"]["allmenn_parts"]["filter"] == ["lowercase", "allmenn_compound_parts"]


def test_an_operators_word_list_file_replaces_the_built_in_parts():
    body = index_definition(FIXTURE_INDEX, f"{PREFIX}-synonyms", "analysis/allmenn_compound_parts.txt").to_dict()
    decompounder = body["settings"]["analysis"]["filter"]["allmenn_compound_parts"]
    assert decompounder["word_list_path"] == "analysis/allmenn_compound_parts.txt"
    assert "word_list" not in decompounder


def test_a_folded_subfield_maps_ø_æ_å_and_is_not_the_exact_one(index_body):
    analysis = index_body["settings"]["analysis"]
    assert analysis["char_filter"]["allmenn_fold"] == {
        "type": "mapping",
        "mappings": ["æ => ae", "ø => o", "å => aa", "Æ => ae", "Ø => o", "Å => aa"],
    }
    assert analysis["analyzer"]["allmenn_folded"]["char_filter"] == ["allmenn_fold"]
    assert "char_filter" not in analysis["analyzer"]["allmenn_exact"]
    properties = index_body["mappings"]["properties"]
    for name in ("title", "headings", "summary", "body", "breadcrumbs"):
        assert properties[name]["fields"]["folded"]["analyzer"] == "allmenn_folded"


def test_long_texts_are_scored_with_a_gentler_length_normalisation(index_body):
    similarity = index_body["settings"]["similarity"]["allmenn_long_text"]
    assert similarity["type"] == "BM25"
    assert similarity["b"] == 0.75 - ranking.LENGTH_COMPENSATION < 0.75
    properties = index_body["mappings"]["properties"]
    for name in ("body", "footnotes", "attachments"):
        for subfield in ("exact", "nb", "nn", "en"):
            assert properties[name]["fields"][subfield]["similarity"] == "allmenn_long_text", (name, subfield)
    assert "similarity" not in properties["title"]["fields"]["exact"]


def test_filterable_fields_are_keywords_and_the_mapping_is_strict(index_body):
    mappings = index_body["mappings"]
    assert mappings["dynamic"] == "strict"
    for name in ("key", "content_type", "language", "topics", "url"):
        assert mappings["properties"][name]["type"] == "keyword"
    assert mappings["properties"]["year"]["type"] == "integer"
    for name in ("first_published", "last_updated", "last_substantive_change"):
        assert mappings["properties"][name]["type"] == "date"


def test_a_document_source_fits_the_mapping_and_keeps_letters(index_body):
    document = IndexDocument(
        key="page:7",
        page_id=7,
        url="/veiledning/listetak/",
        title="Listetak for fastlegar",
        content_type="guidance",
        language="nn",
        summary="Kva listetak betyr",
        headings=("Kort om listetak",),
        body="Listetaket vert avtalt.",
        breadcrumbs=("Veiledning",),
        topics=("Fastlegeordningen",),
        year=2024,
        last_substantive_change=datetime(2024, 5, 2, 10, 0, tzinfo=UTC),
    )
    source = document_source(document)
    assert set(source) <= set(index_body["mappings"]["properties"]) - {"spelling"}
    assert source["last_substantive_change"] == "2024-05-02T10:00:00+00:00"
    decomposed = IndexDocument(key="k", page_id=1, url="/", title="Fa\u030ar", content_type="guidance", language="nb")
    assert document_source(decomposed)["title"] == "Får"


# --- Request bodies, by rule -----------------------------------------------------------


def test_words_are_anded_after_dropping_stop_words():
    must = scoring_bool(search_body("hva er listetak for fastleger"))["must"]
    words = [clause["bool"]["should"][0]["multi_match"]["query"] for clause in must]
    assert words == ["listetak", "fastleger"]


def test_a_word_is_matched_by_the_stemmer_of_each_documents_own_language():
    word = scoring_bool(search_body("listetaket"))["must"][0]["bool"]
    by_language = {
        clause["bool"]["filter"][0]["term"]["language"]: clause["bool"]["must"][0]["multi_match"]["fields"]
        for clause in word["should"]
        if "term" in clause.get("bool", {}).get("filter", [{}])[0]
    }
    assert set(by_language) == {"nb", "nn", "en"}
    for language, fields in by_language.items():
        assert all(f".{language}^" in field for field in fields)
    assert by_language["nb"][0].startswith("title.nb^")


def test_field_boosts_rank_title_over_headings_summary_body_attachments():
    exact = scoring_bool(search_body("listetak"))["must"][0]["bool"]["should"][0]["multi_match"]["fields"]
    boosts = {field.split(".")[0]: float(field.split("^")[1]) for field in exact}
    assert boosts["title"] > boosts["headings"] > boosts["summary"] > boosts["body"] > boosts["attachments"]


def test_phrases_are_exact_and_exclusions_cover_exact_and_stemmed_forms():
    bool_query = scoring_bool(search_body('"ALIS tilskudd" -evaluering'))
    phrase = bool_query["must"][0]["multi_match"]
    assert phrase["type"] == "phrase"
    assert phrase["query"] == "alis tilskudd"
    assert phrase["analyzer"] == "allmenn_exact"  # no synonyms inside an exact phrase
    assert all(".exact^" in field for field in phrase["fields"])
    excluded_fields = {
        field.split("^")[0].split(".")[1]
        for node in walk(bool_query["must_not"])
        if isinstance(node, dict) and "multi_match" in node
        for field in node["multi_match"]["fields"]
    }
    assert excluded_fields == {"exact", "nb", "nn", "en"}


def test_hostile_input_never_reaches_a_query_parser():
    body = search_body('title:* OR body:(x) AND "unclosed {"script": 1} \\ -')
    assert not any(
        isinstance(node, dict) and ({"query_string", "simple_query_string", "script", "script_score"} & set(node))
        for node in walk(body)
    )
    queries = {node["query"] for node in walk(body) if isinstance(node, dict) and isinstance(node.get("query"), str)}
    assert all(set(query) <= set("abcdefghijklmnopqrstuvwxyzæøå0123456789 ") for query in queries), queries


def test_filters_go_in_post_filter_and_each_facet_ignores_its_own_filter():
    body = search_body("listetak", types=("guidance",), topics=("Fastlegeordningen",), years=(2024,))
    post_filter = body["post_filter"]["bool"]["filter"]
    assert {next(iter(clause["terms"])) for clause in post_filter} == {"content_type", "topics", "year"}
    assert "filter" not in scoring_bool(body), "filters in the query would change the facet counts"
    own_field = {"type": "content_type", "topic": "topics", "language": "language", "year": "year"}
    for facet in FACETS:
        aggregation = body["aggs"][facet]
        scope = aggregation["filter"]
        fields = {next(iter(clause["terms"])) for clause in scope.get("bool", {}).get("filter", [])}
        assert own_field[facet] not in fields
        assert fields == {"content_type", "topics", "year"} - {own_field[facet]}
        assert aggregation["aggs"]["values"]["terms"]["field"] == own_field[facet]
        assert aggregation["aggs"]["values"]["terms"]["size"] >= 10
    assert body["aggs"]["topic"]["aggs"]["values"]["terms"]["size"] > 10  # topics exceed the default ten


def test_recency_only_multiplies_a_score_by_at_most_a_tenth_more():
    function_score = search_body("listetak")["query"]["function_score"]
    assert function_score["boost_mode"] == "multiply"
    assert function_score["score_mode"] == "sum"
    weights = [function.get("weight", 1) for function in function_score["functions"]]
    assert weights[0] == 1 and "filter" not in function_score["functions"][0]
    assert sum(weights) <= 1.1
    decay = function_score["functions"][1]
    assert "last_substantive_change" in decay["gauss"]
    assert decay["filter"] == {"exists": {"field": "last_substantive_change"}}


def test_relaxed_query_needs_any_word_but_keeps_phrases_and_exclusions():
    from search.backends.elastic_queries import COVERAGE_WEIGHT

    query = SearchQuery(text='listetak fastlege "alis tilskudd" -2019')
    strict = scoring_bool(as_json(build_search(query, parse_query(query.text)).to_dict()))
    relaxed = scoring_bool(as_json(build_search(query, parse_query(query.text), relaxed=True).to_dict()))
    assert len(strict["must"]) == 3
    assert len(relaxed["must"]) == 2
    assert relaxed["must"][0]["bool"]["minimum_should_match"] == 1
    # Each word is its own clause plus a constant bonus for having it, so pages with more words rank first.
    for covered, word in zip(relaxed["must"][0]["bool"]["should"], strict["must"][:2], strict=True):
        assert covered["bool"]["should"][0] == word
        assert covered["bool"]["should"][1] == {"constant_score": {"filter": word, "boost": COVERAGE_WEIGHT}}
    assert relaxed["must"][1] == strict["must"][2]
    assert relaxed["must_not"] == strict["must_not"]


def test_pagination_and_total_hits():
    body = search_body("listetak", page=3, per_page=20)
    assert (body["from"], body["size"]) == (40, 20)
    assert body["track_total_hits"] is True
    far = search_body("listetak", page=10_000, per_page=10)
    assert far["from"] + far["size"] <= 10_000
    huge = search_body("listetak", per_page=5000)
    assert huge["size"] == 100
    assert search_body("listetak", page=0, per_page=0)["from"] == 0


def test_highlights_are_escaped_marked_and_short():
    highlight = search_body("listetak")["highlight"]
    assert highlight["encoder"] == "html"
    assert (highlight["pre_tags"], highlight["post_tags"]) == (["<mark>"], ["</mark>"])
    assert highlight["fields"]["body.nb"] == {"fragment_size": 150, "number_of_fragments": 1}
    assert highlight["fields"]["title.exact"] == {"number_of_fragments": 0}
    assert {"summary.nn", "attachments.en", "body.exact"} <= set(highlight["fields"])


def test_only_the_first_try_asks_for_a_spelling_suggestion():
    query = SearchQuery(text="lsitetak fastlgee")
    assert "suggest" in build_search(query, parse_query(query.text)).to_dict()
    assert "suggest" not in build_search(query, parse_query(query.text), relaxed=True).to_dict()
    # Words inside quotes may be misspelt too; the suggestion keeps the quotes.
    assert search_body('"alis tilskuud" -2019')["suggest"]["did_you_mean"]["text"] == "alis tilskuud"


def test_autocomplete_limit_is_bounded():
    assert build_autocomplete("fast", 500).to_dict()["size"] == 20
    assert build_autocomplete("fast", 0).to_dict()["size"] == 1


def test_synonym_rules_cannot_carry_rule_syntax():
    rules = synonym_rules([("Fastlege", "allmennlege", "GP"), ("a => b", "c, d"), ("alone",), ("x", "x")])
    assert rules == [
        {"id": "group-1", "synonyms": "fastlege, allmennlege, gp"},
        {"id": "group-2", "synonyms": "a b, c d"},
    ]


# --- Response parsing ------------------------------------------------------------------


def es_hit(key: str, title: str, *, language="nb", summary="", highlight=None, score=1.0, **source) -> dict:
    hit = {
        "_index": FIXTURE_INDEX,
        "_id": key,
        "_score": score,
        "_source": {
            "key": key,
            "page_id": int(key.split(":")[1]),
            "url": f"/{key.split(':')[1]}/",
            "title": title,
            "content_type": "guidance",
            "language": language,
            "summary": summary,
            **source,
        },
    }
    if highlight:
        hit["highlight"] = highlight
    return hit


def facet_buckets(buckets: list[tuple[object, int]], doc_count: int = 9) -> dict:
    return {
        "doc_count": doc_count,
        "values": {
            "doc_count_error_upper_bound": 0,
            "sum_other_doc_count": 0,
            "buckets": [{"key": key, "doc_count": count} for key, count in buckets],
        },
    }


def test_hits_take_the_highlight_of_their_own_language_and_fall_back_to_escaped_text():
    query = SearchQuery(text="listetaket")
    body = es_response(
        [
            es_hit(
                "page:1",
                "Listetak & listelengde",
                summary="Om listetak",
                highlight={
                    "title.nb": ["<mark>Listetak</mark> &amp; listelengde"],
                    "body.nb": ["… avtaler om <mark>listetaket</mark> og <mark>listetak</mark> …"],
                    "body.exact": ["… avtaler om <mark>listetaket</mark> …"],
                    # Another language's stems never decide a bokmål page's snippet.
                    "body.en": ["<mark>a</mark> <mark>b</mark> <mark>c</mark>"],
                },
                breadcrumbs=["Årsrapport 2024", "Kapittel 2"],
                last_updated="2024-03-01T08:00:00+00:00",
                last_substantive_change="2023-12-24T10:30:00+00:00",
                score=7.5,
            ),
            es_hit("page:2", "Listetak <utkast>", summary='Tekst med <script>alert("x")</script>', score=2.0),
        ],
        total=42,
    )
    results = results_from(body, query)
    first, second = results.hits
    assert results.total == 42
    assert first.key == "page:1" and first.page_id == 1 and first.url == "/1/"
    assert first.title == "Listetak & listelengde"
    assert first.title_highlighted == "<mark>Listetak</mark> &amp; listelengde"
    assert first.snippet == "… avtaler om <mark>listetaket</mark> og <mark>listetak</mark> …"
    assert first.breadcrumbs == ("Årsrapport 2024", "Kapittel 2")
    assert first.display_date == datetime(2023, 12, 24, 10, 30, tzinfo=UTC)
    assert first.score == 7.5
    assert second.snippet == "Tekst med &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
    assert second.title_highlighted == "Listetak &lt;utkast&gt;"
    assert second.display_date is None
    assert results.relaxed is False


def test_a_phrase_match_highlighted_only_in_the_exact_field_is_used():
    query = SearchQuery(text='"alis tilskudd"')
    hit = es_hit(
        "page:3", "Tilskudd", language="nn", highlight={"summary.exact": ["Om <mark>ALIS</mark>-<mark>tilskudd</mark>"]}
    )
    assert results_from(es_response([hit]), query).hits[0].snippet == ("Om <mark>ALIS</mark>-<mark>tilskudd</mark>")


def test_facets_are_read_with_selected_values_marked_and_kept():
    query = SearchQuery(text="listetak", types=("report",), topics=("Legevakt",), years=(2024,))
    aggregations = {
        "type": facet_buckets([("guidance", 5), ("report", 3)]),
        "topic": facet_buckets([("Fastlegeordningen", 4), ("ALIS", 1)]),
        "language": facet_buckets([("nb", 3)]),
        "year": facet_buckets([(2024, 2), (2023, 1)]),
    }
    facets = results_from(es_response([], aggregations=aggregations), query).facets
    assert list(facets) == list(FACETS)
    assert [(v.value, v.count, v.selected) for v in facets["type"]] == [("guidance", 5, False), ("report", 3, True)]
    # A selected topic that no longer matches stays visible, so it can be undone.
    assert [(v.value, v.count, v.selected) for v in facets["topic"]] == [
        ("Fastlegeordningen", 4, False),
        ("ALIS", 1, False),
        ("Legevakt", 0, True),
    ]
    assert [(v.value, v.count, v.selected) for v in facets["year"]] == [("2024", 2, True), ("2023", 1, False)]


def did_you_mean(asked: str, *corrections: str) -> dict:
    options = [{"text": text, "score": 0.04, "collate_match": True} for text in corrections]
    return {"suggest": {"did_you_mean": [{"text": asked, "offset": 0, "length": len(asked), "options": options}]}}


def test_suggestion_replaces_misspelt_words_in_what_the_visitor_typed():
    text = 'Lsitetak  fastlege "ALIS tilskudd" -2019'
    parsed = parse_query(text)
    body = did_you_mean("lsitetak fastlege alis tilskudd", "listetak fastlege alis tilskudd")
    assert suggestion_from(body, text, parsed) == 'listetak fastlege "ALIS tilskudd" -2019'


def test_no_suggestion_when_nothing_better_or_nothing_mappable():
    parsed = parse_query("listetak")
    assert suggestion_from(did_you_mean("listetak", "listetak"), "listetak", parsed) is None
    assert suggestion_from(did_you_mean("listetak"), "listetak", parsed) is None
    assert suggestion_from(did_you_mean("listetak", "liste tak"), "listetak", parsed) is None
    assert suggestion_from({}, "listetak", parsed) is None


# --- The conversation with a cluster -----------------------------------------------------


@pytest.fixture
def cluster() -> FakeCluster:
    return FakeCluster()


@pytest.fixture
def backend(cluster) -> ElasticsearchBackend:
    return ElasticsearchBackend("http://elasticsearch.invalid:9200", PREFIX, 1.0, client=client_for(cluster))


def page(number: int, title: str = "Listetak", language: str = "nb") -> IndexDocument:
    return IndexDocument(
        key=f"page:{number}",
        page_id=number,
        url=f"/side-{number}/",
        title=title,
        content_type="guidance",
        language=language,
    )


def concrete_indices(cluster: FakeCluster) -> list[str]:
    return sorted(cluster.indices)


def test_first_rebuild_creates_the_synonyms_set_then_a_versioned_index_then_the_alias(backend, cluster):
    assert backend.rebuild([page(1), page(2)]) == 2
    (index,) = concrete_indices(cluster)
    assert index.startswith(f"{ALIAS}-") and len(index) == len(FIXTURE_INDEX)
    assert cluster.calls() == [
        f"GET /_synonyms/{PREFIX}-synonyms",
        f"PUT /_synonyms/{PREFIX}-synonyms",
        f"PUT /{index}",
        "PUT /_bulk",
        f"PUT /{index}/_settings",
        f"POST /{index}/_refresh",
        f"GET /_alias/{ALIAS}",
        "POST /_aliases",
        f"GET /{ALIAS}-*/_alias",
    ]
    assert cluster.synonym_sets[f"{PREFIX}-synonyms"] == []
    created = cluster.indices[index]["definition"]
    assert created["settings"]["refresh_interval"] == "-1"  # filled without refreshes
    assert cluster.indices[index]["settings"]["refresh_interval"] == "1s"  # refreshed again
    assert created["mappings"] == json.loads((FIXTURES / "mappings.json").read_text())
    assert cluster.bodies("POST", "_aliases") == [{"actions": [{"add": {"index": index, "alias": ALIAS}}]}]
    assert cluster.aliases[ALIAS] == {index}
    assert set(cluster.indices[index]["docs"]) == {"page:1", "page:2"}


def test_a_second_rebuild_swaps_the_alias_in_one_call_and_then_deletes_the_old_index(backend, cluster):
    backend.rebuild([page(1)])
    (old,) = concrete_indices(cluster)
    cluster.requests.clear()

    backend.rebuild([page(1), page(2), page(3)])

    (new,) = concrete_indices(cluster)
    assert new > old
    assert cluster.bodies("POST", "_aliases") == [
        {"actions": [{"remove": {"index": old, "alias": ALIAS}}, {"add": {"index": new, "alias": ALIAS}}]}
    ]
    calls = cluster.calls()
    assert calls.count("POST /_aliases") == 1
    assert calls.index(f"DELETE /{old}") > calls.index("POST /_aliases")
    assert calls[-1] == f"DELETE /{old}"
    assert cluster.aliases[ALIAS] == {new}
    assert backend.count() == 3


def test_rebuild_reports_progress_per_chunk(backend):
    steps: list[int] = []
    written = backend.rebuild((page(number) for number in range(1, 1202)), progress=steps.append)
    assert written == 1201
    assert steps == [500, 500, 201]


def test_a_failed_rebuild_leaves_the_live_index_alone_and_drops_the_new_one(backend, cluster):
    backend.rebuild([page(1)])
    (live,) = concrete_indices(cluster)
    cluster.refuse_ids = {"page:2"}
    cluster.requests.clear()

    with pytest.raises(SearchUnavailable):
        backend.rebuild([page(1), page(2)])

    assert concrete_indices(cluster) == [live]
    assert cluster.aliases[ALIAS] == {live}
    assert "POST /_aliases" not in cluster.calls()


def test_a_rebuild_whose_documents_fail_to_load_drops_the_new_index(backend, cluster):
    backend.rebuild([page(1)])
    (live,) = concrete_indices(cluster)

    def documents():
        yield page(1)
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        backend.rebuild(documents())
    assert concrete_indices(cluster) == [live]
    assert cluster.aliases[ALIAS] == {live}


def test_rebuild_keeps_an_index_newer_than_its_own_and_other_names(backend, cluster):
    newer = f"{ALIAS}-29991231235959000000"
    cluster.create_index(newer, {})
    cluster.create_index(f"{ALIAS}-manual-copy", {})
    backend.rebuild([page(1)])
    assert newer in cluster.indices
    assert f"{ALIAS}-manual-copy" in cluster.indices


def test_the_first_write_creates_the_index_with_its_alias_and_writes_through_it(backend, cluster):
    assert backend.index([page(1), page(2, "Tilskudd", "nn")]) == 2
    backend.index([page(3)])
    (index,) = concrete_indices(cluster)
    created = cluster.indices[index]["definition"]
    assert created["aliases"] == {ALIAS: {"is_write_index": True}}
    bulk_calls = [(params, body) for method, path, params, body in cluster.requests if path == "/_bulk"]
    assert all(params["refresh"] == "wait_for" for params, _ in bulk_calls)
    assert all(params["require_alias"] == "true" for params, _ in bulk_calls)
    assert {line["index"]["_index"] for _, body in bulk_calls for line in body if "index" in line} == {ALIAS}
    assert [m + " " + p for m, p, _q, _b in cluster.requests].count(f"HEAD /_alias/{ALIAS}") == 1
    assert set(cluster.indices[index]["docs"]) == {"page:1", "page:2", "page:3"}


def test_after_another_process_clears_the_index_the_next_write_sets_it_up_again(backend, cluster):
    backend.index([page(1)])
    cluster.delete_indices(list(cluster.indices), {})  # someone else's clear()
    with pytest.raises(SearchUnavailable):
        backend.index([page(2)])  # the outbox keeps the change and retries
    backend.index([page(2)])
    assert backend.count() == 1
    assert ALIAS not in cluster.indices, "a write must never create an index named like the alias"


def test_delete_ignores_unknown_keys(backend, cluster):
    backend.index([page(1), page(2)])
    backend.delete(["page:2", "page:404"])
    assert backend.count() == 1
    backend.delete([])  # nothing to send


def test_set_synonyms_replaces_the_prefixed_set(backend, cluster):
    backend.set_synonyms([("fastlege", "allmennlege", "GP")])
    backend.set_synonyms([("listetak", "listelengde")])
    assert cluster.bodies("PUT", f"/_synonyms/{PREFIX}-synonyms")[-1] == {
        "synonyms_set": [{"id": "group-1", "synonyms": "listetak, listelengde"}]
    }


def test_clear_deletes_only_this_prefixes_indices_and_empties_the_synonyms(backend, cluster):
    backend.set_synonyms([("fastlege", "allmennlege")])
    backend.rebuild([page(1)])
    cluster.create_index("allmenn-test-2-pages-20260101000000000000", {})
    backend.clear()
    assert concrete_indices(cluster) == ["allmenn-test-2-pages-20260101000000000000"]
    assert cluster.synonym_sets[f"{PREFIX}-synonyms"] == []
    assert backend.count() == 0
    backend.index([page(5)])  # the next write sets the index up again
    assert backend.count() == 1


def test_zero_hits_with_two_words_retries_with_any_word(backend, cluster):
    cluster.search_responses = [(200, es_response([])), (200, es_response([es_hit("page:1", "Listetak")]))]
    results = backend.search(SearchQuery(text="listetak fastlege"))
    assert results.relaxed is True
    assert [hit.key for hit in results.hits] == ["page:1"]
    first, second = cluster.bodies("POST", "/_search")
    assert len(scoring_bool(first)["must"]) == 2
    assert scoring_bool(second)["must"][0]["bool"]["minimum_should_match"] == 1
    assert all(
        params.get("ignore_unavailable") == "true" for _m, p, params, _b in cluster.requests if p.endswith("_search")
    )


def test_the_suggestion_from_the_first_request_is_kept_only_when_few_pages_are_found(backend, cluster):
    misspelt = did_you_mean("lsitetak", "listetak")
    cluster.search_responses = [(200, {**es_response([]), **misspelt})]
    assert backend.search(SearchQuery(text="lsitetak")).suggestion == "listetak"
    many = [es_hit(f"page:{number}", "Listetak") for number in (1, 2, 3)]
    cluster.search_responses = [(200, {**es_response(many), **misspelt})]
    assert backend.search(SearchQuery(text="lsitetak")).suggestion is None
    cluster.search_responses = [(200, {**es_response([]), **did_you_mean("lsitetak fastlege", "listetak fastlege")})]
    relaxed = backend.search(SearchQuery(text="lsitetak fastlege"))
    assert relaxed.relaxed and relaxed.suggestion == "listetak fastlege"


def test_zero_hits_with_one_word_is_not_retried(backend, cluster):
    results = backend.search(SearchQuery(text="listetak"))
    assert (results.total, results.relaxed) == (0, False)
    assert len(cluster.bodies("POST", "/_search")) == 1


def test_an_empty_query_asks_nothing(backend, cluster):
    results = backend.search(SearchQuery(text='  -listetak ""  '))
    assert results.total == 0 and results.hits == []
    assert backend.autocomplete("  ") == []
    assert cluster.requests == []


def test_autocomplete_reads_titles(backend, cluster):
    cluster.search_responses = [(200, es_response([es_hit("page:4", "Fastlegeordningen")]))]
    completions = backend.autocomplete("fastl", limit=5)
    assert [(c.title, c.url, c.content_type) for c in completions] == [("Fastlegeordningen", "/4/", "guidance")]
    (body,) = cluster.bodies("POST", "/_search")
    assert body["size"] == 5


def test_a_request_we_got_wrong_is_unavailable_for_the_visitor_and_an_error_in_the_log(backend, cluster, caplog):
    cluster.search_responses = [FakeCluster.error(400, "parsing_exception", "unknown query [mach]")]
    with caplog.at_level(logging.WARNING, logger="search.backends.elastic"), pytest.raises(SearchUnavailable):
        backend.search(SearchQuery(text="listetak"))
    assert [r.levelno for r in caplog.records if r.name == "search.backends.elastic"] == [logging.ERROR]


def test_an_overloaded_cluster_is_unavailable_and_a_warning(backend, cluster, caplog):
    cluster.search_responses = [FakeCluster.error(503, "search_phase_execution_exception")]
    with caplog.at_level(logging.WARNING, logger="search.backends.elastic"), pytest.raises(SearchUnavailable):
        backend.search(SearchQuery(text="listetak"))
    assert [r.levelno for r in caplog.records if r.name == "search.backends.elastic"] == [logging.WARNING]


def test_ping_is_one_head_request(backend, cluster):
    backend.ping()
    assert [(method, path) for method, path, _p, _b in cluster.requests] == [("HEAD", f"/_alias/{ALIAS}")]


def test_an_invalid_prefix_is_refused():
    with pytest.raises(ValueError):
        ElasticsearchBackend("http://localhost:9200", "Allmenn Prod", 1.0)
