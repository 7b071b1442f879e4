"""Request bodies for Elasticsearch, built only from the parsed parts of a visitor's query.

Pure functions: they return ``dsl.Search`` objects and never talk to a server, so the
offline tests can compare their bodies with reviewed JSON. Nothing a visitor types reaches
Elasticsearch's own query syntax: words and phrases go in as ``query`` values of match
queries, which Elasticsearch analyses but never parses.
"""

from __future__ import annotations

import json
import re

from elasticsearch import dsl
from elasticsearch.dsl.aggs import Agg
from elasticsearch.dsl.query import Query

from .. import ranking
from ..contract import FACETS, SearchQuery
from ..query_syntax import ParsedQuery, clean_query_text
from ..text_analysis import STOPWORDS, content_words, tokenize
from .elastic_mapping import EXACT, FOLDED, FOLDED_FIELDS, LANGUAGE, LANGUAGES, PARTS_FIELDS, TEXT_FIELDS

Q = dsl.Q

# Ranking: the shared field weights (title > headings > summary > body and the titles above
# the page > footnotes > attachments). Elasticsearch adds clause scores where the embedded
# backend multiplies, so each multiplier of search.ranking becomes the boost of a ``should``
# clause scored on the same fields: a bonus of about that fraction of the text score.
FIELD_WEIGHTS = ranking.FIELD_WEIGHTS
# A word found only as a dictionary part of a compound counts for less than the word itself;
# a folded form (ø typed as o) less than the form as written.
PARTS_WEIGHT = 0.3
FOLD_WEIGHT = 0.5
# Compounds are split only in Norwegian pages ("lege" is no part of "privilege").
COMPOUND_LANGUAGES = ("nb", "nn")
# Letters a folded form differs in: a query word without them finds nothing new by folding.
_FOLDABLE = re.compile("[oøæå]|ae|aa")

# Facet name → keyword field, and how many values each facet can show (topics exceed the
# default of ten).
FACET_FIELDS = {"type": "content_type", "topic": "topics", "language": "language", "year": "year"}
FACET_SIZES = {"type": 50, "topic": 200, "language": 10, "year": 100}

# The fields a hit is built from; body and attachments stay on the server.
SOURCE_FIELDS = [
    "key",
    "page_id",
    "url",
    "title",
    "content_type",
    "language",
    "summary",
    "breadcrumbs",
    "first_published",
    "last_updated",
    "last_substantive_change",
]

# Elasticsearch's default index.max_result_window: from + size beyond it is an error.
MAX_RESULT_WINDOW = 10_000
# As in the embedded backend: a page never holds more than this many hits.
MAX_PER_PAGE = 100

HIGHLIGHT_TAGS = {"pre_tags": ["<mark>"], "post_tags": ["</mark>"]}
SNIPPET_FIELDS = ("summary", "body", "attachments")
SNIPPET_LENGTH = 150
# Text beyond this many characters is not re-analysed for highlighting (a long PDF would
# otherwise make the request fail); a match further in simply has no snippet.
HIGHLIGHT_MAX_ANALYZED = 100_000

# Gentle recency: a recent substantive change adds at most 10 % to a score, which reorders
# near-ties and nothing else. Half the bonus is gone a year after the change.
RECENCY_WEIGHT = 0.1
RECENCY_DECAY = {"origin": "now/d", "offset": "30d", "scale": "365d", "decay": 0.5}

SUGGESTION_NAME = "did_you_mean"
# "Did you mean" is offered when a query finds fewer pages than this (as the embedded
# backend does): a query with plenty of hits was understood.
SUGGEST_BELOW = 3

AUTOCOMPLETE_FIELDS = ["title.autocomplete", "title.autocomplete._2gram", "title.autocomplete._3gram"]
AUTOCOMPLETE_MAX = 20


def _weights(fields: tuple[str, ...] = TEXT_FIELDS, factor: float = 1.0) -> dict[str, float]:
    return {name: FIELD_WEIGHTS[name] * factor for name in fields}


def _fields(subfield: str, boosts: dict[str, float]) -> list[str]:
    return [f"{name}.{subfield}^{boost:g}" for name, boost in boosts.items()]


def _exact_fields() -> list[str]:
    return _fields("exact", _weights())


def _language_fields(language: str) -> list[str]:
    return _fields(language, _weights())


def _in_language(language: str, query: Query) -> Query:
    """``query`` asked only of documents written in ``language``: a page's words are
    matched by its own language's stemmer."""
    return Q("bool", filter=[Q("term", language=language)], must=[query])


def acronyms_of(parsed: ParsedQuery) -> frozenset[str]:
    """Words to match whole and as written: typed in capitals, or known to the domain."""
    return parsed.acronyms | ranking.KNOWN_ACRONYMS


def word_query(word: str, *, acronym: bool = False, folded: bool = False) -> Query:
    """One query word, found as written, by its stem in the document's language, as a
    dictionary part of a compound, or (folded) with ø typed as o. Synonyms apply through
    the fields' search analyzers. The clauses add up, so the exact form ranks above an
    inflection of it. An acronym ("ALIS") is only ever the whole word as written: never a
    stem, a compound part or folded."""
    common = {"query": word, "type": "best_fields", "operator": "and", "tie_breaker": 0.3}
    exact = Q("multi_match", fields=_exact_fields(), **common)
    if acronym:
        return exact
    clauses = [exact]
    for language in LANGUAGES:
        clauses.append(_in_language(language, Q("multi_match", fields=_language_fields(language), **common)))
    parts = Q("multi_match", fields=_fields("parts", _weights(PARTS_FIELDS, PARTS_WEIGHT)), **common)
    clauses.append(Q("bool", filter=[Q("terms", language=list(COMPOUND_LANGUAGES))], must=[parts]))
    if folded:
        fields = _fields("folded", _weights(FOLDED_FIELDS, FOLD_WEIGHT))
        clauses.append(Q("multi_match", fields=fields, analyzer=FOLDED, **common))
    return Q("bool", should=clauses, minimum_should_match=1)


def phrase_query(words: tuple[str, ...]) -> Query:
    """Words in this order, as written: no stems, no synonyms."""
    return Q(
        "multi_match",
        query=" ".join(words),
        type="phrase",
        fields=_exact_fields(),
        analyzer=EXACT,
    )


def stemmed_phrase_query(words: tuple[str, ...] | list[str], *, slop: int = 0, boost: float = 1.0) -> Query:
    """A ranking bonus: the words together in this order by their stems (within ``slop``
    positions), each page by its own language's stemmer. No synonyms: the bonus is for the
    words typed."""
    options = {"slop": slop} if slop else {}
    clauses = [
        _in_language(
            language,
            Q(
                "multi_match",
                query=" ".join(words),
                type="phrase",
                fields=_language_fields(language),
                analyzer=LANGUAGE[language],
                **options,
            ),
        )
        for language in LANGUAGES
    ]
    return Q("bool", should=clauses, minimum_should_match=1, boost=boost)


def excluded_word_query(word: str) -> Query:
    """What a -word excludes: the word as written or by its stem, but not its synonyms."""
    all_fields = {"type": "best_fields", "operator": "and"}
    clauses = [
        Q(
            "multi_match",
            query=word,
            fields=_fields("exact", dict.fromkeys(TEXT_FIELDS, 1)),
            analyzer=EXACT,
            **all_fields,
        )
    ]
    for language in LANGUAGES:
        match = Q(
            "multi_match",
            query=word,
            fields=_fields(language, dict.fromkeys(TEXT_FIELDS, 1)),
            analyzer=LANGUAGE[language],
            **all_fields,
        )
        clauses.append(_in_language(language, match))
    return Q("bool", should=clauses, minimum_should_match=1)


def query_words(parsed: ParsedQuery) -> list[str]:
    """The free words every hit must contain: stop words dropped, unless nothing else is
    asked for (a query of only "hva er det" still searches for those words)."""
    if parsed.phrases:
        return [word for word in parsed.terms if word not in STOPWORDS]
    return content_words(parsed.terms)


def can_relax(parsed: ParsedQuery) -> bool:
    """Whether a query with no hits may be retried with any of its words instead of all."""
    return len(query_words(parsed)) >= 2


def can_fold(parsed: ParsedQuery) -> bool:
    """Whether folded forms could find more: a word other than an acronym with an o, ae,
    aa (which ø, æ, å fold to) or with one of those letters."""
    acronyms = acronyms_of(parsed)
    return any(_FOLDABLE.search(word) for word in query_words(parsed) if word not in acronyms)


def _ranking_bonuses(parsed: ParsedQuery, words: list[str]) -> list[Query]:
    """Scoring-only clauses (the ``must`` decides what matches): every word in its exact
    form, in the title or a heading, the words as a phrase and near each other, each
    hyphenated group as a phrase."""
    if not words:
        return []
    text = " ".join(words)
    exact = {"query": text, "type": "cross_fields", "operator": "and", "analyzer": EXACT}
    bonuses = [
        Q("multi_match", fields=_exact_fields(), boost=ranking.EXACT_BOOST, **exact),
        Q(
            "multi_match",
            fields=_fields("exact", _weights(("title", "headings"))),
            boost=ranking.EXACT_TITLE_BOOST,
            **exact,
        ),
    ]
    hyphenated = [tuple(group) for group in parsed.groups if len(group) >= 2]
    phrases = {tuple(words): ranking.PHRASE_BOOST} if len(words) >= 2 else {}
    if len(words) >= 2:
        bonuses.append(stemmed_phrase_query(words, slop=ranking.NEAR_DISTANCE, boost=ranking.NEAR_BOOST))
    # A hyphenated group ("ALIS-kontor") names one thing: together it counts more.
    phrases.update(dict.fromkeys(hyphenated, ranking.HYPHENATED_BOOST))
    for phrase, boost in phrases.items():
        bonuses.append(stemmed_phrase_query(phrase, boost=boost))
    return bonuses


def prefer_language(query: Query, language: str) -> Query:
    """Pages in the visitor's language above others for the same match: the score times
    ``ranking.language_factor`` for the page's language. Every page still matches."""
    functions = [
        dsl.SF({"filter": Q("term", language=page), "weight": factor})
        for page in LANGUAGES
        if (factor := ranking.language_factor(language, page)) != 1.0
    ]
    if not language or not functions:
        return query
    return Q("function_score", query=query, functions=functions, score_mode="multiply", boost_mode="multiply")


# What each word found adds in the relaxed query: more than any page's text score.
COVERAGE_WEIGHT = 1000.0


def text_query(parsed: ParsedQuery, *, relaxed: bool = False, folded: bool = False, language: str = "") -> Query:
    """The scoring query: every word (or, relaxed, any word) and every phrase, none of the
    exclusions; exact forms, phrases and proximity ranked higher, recent pages slightly
    higher, pages in the visitor's ``language`` above others."""
    words = query_words(parsed)
    acronyms = acronyms_of(parsed)
    word_clauses = [word_query(word, acronym=word in acronyms, folded=folded) for word in words]
    if relaxed and word_clauses:
        # Pages with more of the words first: each word found adds COVERAGE_WEIGHT, far
        # above any text score, as the embedded engine orders by how many words a page has.
        covered = [
            Q("bool", should=[clause, Q("constant_score", filter=clause, boost=COVERAGE_WEIGHT)])
            for clause in word_clauses
        ]
        must = [Q("bool", should=covered, minimum_should_match=1)]
    else:
        must = word_clauses
    must += [phrase_query(phrase) for phrase in parsed.phrases]
    must_not = [excluded_word_query(word) for word in parsed.excluded]
    must_not += [phrase_query(phrase) for phrase in parsed.excluded_phrases]
    matching = Q("bool", must=must, must_not=must_not, should=_ranking_bonuses(parsed, words))
    recent = Q(
        "function_score",
        query=matching,
        functions=[
            # The floor: every document keeps its score ...
            dsl.SF({"weight": 1}),
            # ... and a recent substantive change adds up to RECENCY_WEIGHT of it. A page
            # without the date gets no bonus (decay functions treat a missing date as now).
            dsl.SF(
                "gauss",
                last_substantive_change=RECENCY_DECAY,
                filter=Q("exists", field="last_substantive_change"),
                weight=RECENCY_WEIGHT,
            ),
        ],
        score_mode="sum",
        boost_mode="multiply",
    )
    return prefer_language(recent, language)


def facet_filter(facet: str, values: tuple) -> Query:
    return Q("terms", **{FACET_FIELDS[facet]: list(values)})


def active_filters(query: SearchQuery) -> dict[str, Query]:
    """The visitor's filters by facet name, for the facets that have values selected."""
    return {facet: facet_filter(facet, values) for facet, values in query.filters().items() if values}


def _facet_aggregation(facet: str, others: list[Query]) -> Agg:
    """One facet's counts under every filter except its own, so choosing "report" still
    shows how many guidance pages match."""
    order = [{"_key": "desc"}] if facet == "year" else [{"_count": "desc"}, {"_key": "asc"}]
    values = dsl.A("terms", field=FACET_FIELDS[facet], size=FACET_SIZES[facet], order=order)
    scope = Q("bool", filter=others) if others else Q("match_all")
    return dsl.A("filter", filter=scope, aggs={"values": values})


def _highlight(search: dsl.Search, *, folded: bool = False) -> dsl.Search:
    """Matches marked in the title and in one ~150-character fragment of the text. Each
    analysed subfield is highlighted on its own (a stemmed match only shows in the stemmed
    field); the response parser picks the best one for the page's language."""
    search = search.highlight_options(encoder="html", max_analyzed_offset=HIGHLIGHT_MAX_ANALYZED, **HIGHLIGHT_TAGS)
    subfields = ("exact", *LANGUAGES)
    title = [f"title.{sub}" for sub in (*subfields, "parts")]
    snippet_fields = [f"{name}.{sub}" for name in SNIPPET_FIELDS for sub in subfields]
    if folded:
        title.append("title.folded")
        snippet_fields += [f"{name}.folded" for name in SNIPPET_FIELDS if name in FOLDED_FIELDS]
    search = search.highlight(*title, number_of_fragments=0)
    return search.highlight(*snippet_fields, fragment_size=SNIPPET_LENGTH, number_of_fragments=1)


def suggestion_text(parsed: ParsedQuery) -> str:
    """The words a spelling suggestion is asked for: every positive word, in order."""
    return " ".join(parsed.positive_words())


def _suggest(search: dsl.Search, text: str) -> dsl.Search:
    """A phrase suggester over the unstemmed spelling field. The collate query keeps only
    corrections that would find pages, and ``confidence`` 1 only offers a correction that
    the index finds likelier than what was typed."""
    collate = {
        "multi_match": {
            "query": "{{suggestion}}",
            "type": "cross_fields",
            "operator": "and",
            "fields": [f"{name}.exact" for name in TEXT_FIELDS],
        }
    }
    return search.suggest(
        SUGGESTION_NAME,
        text,
        phrase={
            "field": "spelling",
            "size": 1,
            "gram_size": 3,
            "confidence": 1.0,
            "max_errors": 2,
            "direct_generator": [{"field": "spelling", "suggest_mode": "popular", "min_word_length": 4}],
            # The template as a JSON string: Elastic's specification types ``source`` as a
            # string in 8.x (9.x also takes a search body, which a bare query is not).
            "collate": {"query": {"source": json.dumps(collate)}, "prune": False},
        },
    )


def build_search(query: SearchQuery, parsed: ParsedQuery, *, relaxed: bool = False, folded: bool = False) -> dsl.Search:
    """The whole search request: ranked, filtered (post_filter), faceted, highlighted,
    paginated, and on the first try (neither relaxed nor folded) asking for a spelling
    suggestion."""
    scoring = text_query(parsed, relaxed=relaxed, folded=folded, language=query.prefer_language)
    search = dsl.Search().query(scoring)
    filters = active_filters(query)
    if filters:
        # A post_filter narrows the hits but not the aggregations, which apply their own.
        search = search.post_filter(Q("bool", filter=list(filters.values())))
    for facet in FACETS:
        others = [clause for name, clause in filters.items() if name != facet]
        search.aggs.bucket(facet, _facet_aggregation(facet, others))
    search = _highlight(search, folded=folded)
    if not relaxed and not folded and suggestion_text(parsed):
        search = _suggest(search, suggestion_text(parsed))
    per_page = min(max(query.per_page, 1), MAX_PER_PAGE)
    start = min((max(query.page, 1) - 1) * per_page, MAX_RESULT_WINDOW)
    size = min(per_page, MAX_RESULT_WINDOW - start)
    return search.source(SOURCE_FIELDS).extra(track_total_hits=True)[start : start + size]


def autocomplete_text(prefix: str) -> str:
    """The typed prefix as words, the last of which may be unfinished."""
    return " ".join(tokenize(clean_query_text(prefix)))


def build_autocomplete(prefix: str, limit: int = 8) -> dsl.Search:
    """Titles containing every typed word, the last one as a prefix ("fastlege ordn")."""
    limit = max(1, min(limit, AUTOCOMPLETE_MAX))
    match = Q(
        "multi_match",
        query=autocomplete_text(prefix),
        type="bool_prefix",
        operator="and",
        fields=AUTOCOMPLETE_FIELDS,
    )
    return dsl.Search().query(match).source(["title", "url", "content_type"])[:limit]
