"""The Elasticsearch queries apply the ranking signals of search.ranking, as the embedded
backend does: field weights, exact forms, phrases and proximity (hyphenated groups too),
the visitor's language, whole-word acronyms, dictionary compounds and the folding retry.

Each test reads the request body the backend builds (or, for the retry, the requests it
sends to the recording FakeCluster); tests/search/test_elasticsearch_spec.py checks the
same bodies against Elastic's types.
"""

from __future__ import annotations

import json

import pytest

from search import ranking
from search.backends.elastic import ElasticsearchBackend
from search.backends.elastic_queries import build_search, can_fold
from search.contract import SearchQuery
from search.query_syntax import parse_query
from tests.search.es_spec import FakeCluster, client_for, es_response

PREFIX = "allmenn-ranking"


def body_of(text: str, *, relaxed: bool = False, folded: bool = False, **options) -> dict:
    query = SearchQuery(text=text, **options)
    built = build_search(query, parse_query(query.text), relaxed=relaxed, folded=folded)
    return json.loads(json.dumps(built.to_dict()))


def recency_query(body: dict) -> dict:
    """The function_score with the recency functions, under any language preference."""
    query = body["query"]["function_score"]
    return query["query"].get("function_score", query)


def scoring_bool(body: dict) -> dict:
    return recency_query(body)["query"]["bool"]


def word_clauses(body: dict) -> list[dict]:
    """The alternatives one query word matches by (the first word)."""
    word = scoring_bool(body)["must"][0]
    return word["bool"]["should"] if "bool" in word else [word]


def subfields_in(node) -> set[str]:
    """Every subfield named by a multi_match inside ``node``: {"exact", "nb", "parts", …}."""
    found = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "multi_match":
                found |= {field.split("^")[0].split(".")[1] for field in value["fields"]}
            found |= subfields_in(value)
    elif isinstance(node, list):
        for item in node:
            found |= subfields_in(item)
    return found


def stemmed_phrases(body: dict) -> list[tuple[str, int, float]]:
    """(words, slop, boost) of each stemmed phrase bonus in the scoring query's should."""
    phrases = []
    for clause in scoring_bool(body).get("should", []):
        inner = clause.get("bool")
        if not inner:
            continue
        match = inner["should"][0]["bool"]["must"][0]["multi_match"]
        assert match["type"] == "phrase"
        phrases.append((match["query"], match.get("slop", 0), inner["boost"]))
    return phrases


# --- Fields and exact forms --------------------------------------------------------------


def test_field_weights_are_the_shared_ones():
    (exact, *_rest) = word_clauses(body_of("listetak"))
    fields = exact["multi_match"]["fields"]
    assert fields == [f"{name}.exact^{weight:g}" for name, weight in ranking.FIELD_WEIGHTS.items()]


def test_the_exact_form_scores_above_stems_everywhere_and_more_in_titles():
    should = scoring_bool(body_of("fastlegen"))["should"]
    exact = [clause["multi_match"] for clause in should if "multi_match" in clause]
    everywhere, titles = exact
    assert everywhere["boost"] == ranking.EXACT_BOOST
    assert titles["boost"] == ranking.EXACT_TITLE_BOOST
    for bonus in exact:
        assert bonus["analyzer"] == "allmenn_exact"  # as typed: no stems, no synonyms
        assert (bonus["type"], bonus["operator"]) == ("cross_fields", "and")
        assert all(".exact^" in field for field in bonus["fields"])
    assert {field.split(".")[0] for field in titles["fields"]} == {"title", "headings"}


# --- Phrases, proximity and hyphenated groups ----------------------------------------------


def test_several_words_score_more_as_a_phrase_and_near_each_other_by_their_stems():
    body = body_of("fastlegen listetak")
    assert stemmed_phrases(body) == [
        ("fastlegen listetak", ranking.NEAR_DISTANCE, ranking.NEAR_BOOST),
        ("fastlegen listetak", 0, ranking.PHRASE_BOOST),
    ]
    near = scoring_bool(body)["should"][2]["bool"]["should"]
    by_language = {clause["bool"]["filter"][0]["term"]["language"]: clause for clause in near}
    assert set(by_language) == {"nb", "nn", "en"}
    for language, clause in by_language.items():
        match = clause["bool"]["must"][0]["multi_match"]
        assert match["analyzer"] == f"allmenn_{language}"
        assert all(f".{language}^" in field for field in match["fields"])


def test_one_word_has_no_phrase_bonus():
    assert stemmed_phrases(body_of("listetak")) == []


def test_a_hyphenated_group_is_a_phrase_bonus_of_its_own():
    assert ("alis kontor", 0, ranking.HYPHENATED_BOOST) in stemmed_phrases(body_of("ALIS-kontor evaluering"))
    # Alone, the group is the whole query: one phrase bonus (the hyphenated one), not two.
    assert stemmed_phrases(body_of("ALIS-kontor")) == [
        ("alis kontor", ranking.NEAR_DISTANCE, ranking.NEAR_BOOST),
        ("alis kontor", 0, ranking.HYPHENATED_BOOST),
    ]


# --- Language preference ---------------------------------------------------------------------


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_the_visitors_language_multiplies_other_languages_by_their_factors(language):
    body = body_of("listetak", prefer_language=language)
    outer = body["query"]["function_score"]
    assert (outer["score_mode"], outer["boost_mode"]) == ("multiply", "multiply")
    factors = {function["filter"]["term"]["language"]: function["weight"] for function in outer["functions"]}
    expected = {page: ranking.language_factor(language, page) for page in ("nb", "nn", "en")}
    assert factors == {page: factor for page, factor in expected.items() if factor != 1.0}
    assert language not in factors
    # A preference, never a filter: the hits and facets are those without it.
    assert outer["query"] == body_of("listetak")["query"]
    assert "post_filter" not in body


def test_no_language_preference_no_wrapper():
    assert "functions" in body_of("listetak")["query"]["function_score"]
    assert recency_query(body_of("listetak")) == body_of("listetak")["query"]["function_score"]


# --- Acronyms ----------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["ALIS", "LIS1", "nav", "ks"])
def test_an_acronym_is_matched_whole_as_written_only(text):
    for folded in (False, True):
        clauses = word_clauses(body_of(text, folded=folded))
        assert subfields_in(clauses) == {"exact"}, "no stems, no compound parts, no folding"


def test_a_word_typed_in_capitals_is_an_acronym_only_where_it_is_typed_so():
    body = body_of("ALIS fastlegen")
    alis, fastlegen = scoring_bool(body)["must"]
    assert subfields_in(alis) == {"exact"}
    assert subfields_in(fastlegen) == {"exact", "nb", "nn", "en", "parts"}


# --- Compounds -----------------------------------------------------------------------------------


def test_a_compound_part_counts_less_and_only_in_norwegian_pages():
    clauses = word_clauses(body_of("lege"))
    (parts,) = [clause for clause in clauses if subfields_in(clause) == {"parts"}]
    assert parts["bool"]["filter"] == [{"terms": {"language": ["nb", "nn"]}}]
    weights = {
        field.split("^")[0].split(".")[0]: float(field.split("^")[1])
        for field in parts["bool"]["must"][0]["multi_match"]["fields"]
    }
    assert all(weight < ranking.FIELD_WEIGHTS[name] for name, weight in weights.items())
    assert "ngram" not in json.dumps(body_of("lege"))


# --- Folding --------------------------------------------------------------------------------------


def test_the_folded_request_adds_folded_forms_and_no_suggester():
    plain, folded = body_of("hoyesterett"), body_of("hoyesterett", folded=True)
    assert "folded" not in subfields_in(plain["query"])
    (fold,) = [clause for clause in word_clauses(folded) if subfields_in(clause) == {"folded"}]
    assert fold["multi_match"]["analyzer"] == "allmenn_folded"
    assert "suggest" in plain and "suggest" not in folded
    assert "title.folded" in folded["highlight"]["fields"]


def test_only_words_with_letters_that_fold_are_worth_a_folding_retry():
    assert can_fold(parse_query("hoyesterett"))
    assert can_fold(parse_query("laerer"))
    assert can_fold(parse_query("faar"))
    assert not can_fold(parse_query("listetak"))
    assert not can_fold(parse_query("KS fastlege"))


@pytest.fixture
def cluster() -> FakeCluster:
    return FakeCluster()


@pytest.fixture
def backend(cluster) -> ElasticsearchBackend:
    return ElasticsearchBackend("http://elasticsearch.invalid:9200", PREFIX, 1.0, client=client_for(cluster))


def hit(number: int) -> dict:
    return {
        "_index": f"{PREFIX}-pages-1",
        "_id": f"page:{number}",
        "_score": 1.0,
        "_source": {"key": f"page:{number}", "page_id": number, "url": f"/{number}/", "title": "Høyesterett"},
    }


def folded_requests(cluster: FakeCluster) -> list[bool]:
    return ["folded" in subfields_in(body["query"]) for body in cluster.bodies("POST", "/_search")]


def test_fewer_hits_than_fold_below_retry_with_folded_forms_and_keep_the_bigger_answer(backend, cluster):
    few = [hit(1)] * (ranking.FOLD_BELOW - 1)
    more = [hit(number) for number in range(1, ranking.FOLD_BELOW + 2)]
    cluster.search_responses = [(200, es_response(few)), (200, es_response(more))]
    results = backend.search(SearchQuery(text="hoyesterett"))
    assert folded_requests(cluster) == [False, True]
    assert results.total == len(more)
    assert results.relaxed is False


def test_enough_hits_no_folding_retry(backend, cluster):
    cluster.search_responses = [(200, es_response([hit(n) for n in range(1, ranking.FOLD_BELOW + 1)]))]
    backend.search(SearchQuery(text="hoyesterett"))
    assert folded_requests(cluster) == [False]


def test_a_folding_retry_that_finds_no_more_keeps_the_first_answer(backend, cluster):
    cluster.search_responses = [(200, es_response([hit(1)])), (200, es_response([hit(1)]))]
    results = backend.search(SearchQuery(text="hoyesterett"))
    assert folded_requests(cluster) == [False, True]
    assert [h.key for h in results.hits] == ["page:1"]


def test_nothing_found_relaxes_each_attempt_and_folds_last(backend, cluster):
    # Every response is empty: strict, relaxed, folded strict, folded relaxed.
    backend.search(SearchQuery(text="hoyesterett dom"))
    bodies = cluster.bodies("POST", "/_search")
    relaxed = [len(scoring_bool(body)["must"]) == 1 for body in bodies]  # one "any of the words" clause
    assert folded_requests(cluster) == [False, False, True, True]
    assert relaxed == [False, True, False, True]


def test_no_folding_retry_for_a_word_without_foldable_letters(backend, cluster):
    backend.search(SearchQuery(text="listetak"))
    assert folded_requests(cluster) == [False]
