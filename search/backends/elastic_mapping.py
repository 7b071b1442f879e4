"""The Elasticsearch index: analysis chains, field mapping and the document written per page.

Every text field is indexed several ways as multi-fields:

- ``.exact``: standard tokenizer and lower case only. No ASCII folding, so æ, ø and å stay
  letters ("får" never matches "far"). Phrases and exact word forms match here.
- ``.nb``, ``.nn``, ``.en``: the same text stemmed for bokmål (``light_norwegian``), nynorsk
  (``light_nynorsk``) and English. Every document is indexed in all three, but a query asks
  each one only for documents in that language (see elastic_queries), so a page's words are
  always matched by its own language's stemmer while scores stay comparable across languages.
  The light Norwegian stemmer keeps "fastlege" as "fastleg" where Snowball would cut "-leg".
- ``.ngram``: 3–12 letter n-grams of each word, so "lege" finds "fastlegeordningen". Norwegian
  compounds are written as one word, and Elasticsearch has no decompounder without files on
  the server.

Synonyms are applied at search time only: the search analyzers carry a ``synonym_graph``
filter over an editor-managed synonyms set, which Elasticsearch reloads when the set is
replaced. An updateable filter may not be used at index time, and search-time synonyms
take effect without reindexing. The set's name depends on the environment prefix, so the
search analyzers are added per index (``index_definition``) and the fields refer to them by
name.
"""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime

from elasticsearch import dsl

from ..contract import IndexDocument

LANGUAGES = ("nb", "nn", "en")

# Text fields in ranking order; which of them get an n-gram subfield (attachments and
# footnotes are long or minor, and n-grams multiply an index's size).
# Breadcrumbs are searchable too, so a chapter is found by its report's title.
TEXT_FIELDS = ("title", "headings", "summary", "body", "breadcrumbs", "footnotes", "attachments")
NGRAM_FIELDS = ("title", "headings", "summary", "body")
# Copied into the spelling field that "did you mean" draws its vocabulary from.
SPELLING_SOURCES = ("title", "headings", "summary", "body")

NGRAM_MIN = 3
NGRAM_MAX = 12

# --- Analysis ------------------------------------------------------------------------

_STEMMERS = {
    "nb": dsl.token_filter("allmenn_nb_stemmer", "stemmer", language="light_norwegian"),
    "nn": dsl.token_filter("allmenn_nn_stemmer", "stemmer", language="light_nynorsk"),
    "en": dsl.token_filter("allmenn_en_stemmer", "stemmer", language="english"),
}
_EN_POSSESSIVE = dsl.token_filter("allmenn_en_possessive", "stemmer", language="possessive_english")


def _language_filters(language: str) -> list:
    """Lower case, then the language's stemmer (English first drops the possessive 's)."""
    if language == "en":
        return ["lowercase", _EN_POSSESSIVE, _STEMMERS["en"]]
    return ["lowercase", _STEMMERS[language]]


# Index-time analyzers, also named in queries where synonyms must not apply (phrases,
# exclusions).
EXACT = "allmenn_exact"
LANGUAGE = {language: f"allmenn_{language}" for language in LANGUAGES}
EXACT_ANALYZER = dsl.analyzer(EXACT, tokenizer="standard", filter=["lowercase"])
LANGUAGE_ANALYZERS = {
    language: dsl.analyzer(LANGUAGE[language], tokenizer="standard", filter=_language_filters(language))
    for language in LANGUAGES
}
NGRAM_ANALYZER = dsl.analyzer(
    "allmenn_ngram",
    tokenizer="standard",
    filter=[
        "lowercase",
        dsl.token_filter("allmenn_ngram_filter", "ngram", min_gram=NGRAM_MIN, max_gram=NGRAM_MAX),
    ],
)
# Word pairs and triples for the phrase suggester's language model.
SPELLING_ANALYZER = dsl.analyzer(
    "allmenn_spelling",
    tokenizer="standard",
    filter=[
        "lowercase",
        dsl.token_filter("allmenn_shingle", "shingle", min_shingle_size=2, max_shingle_size=3, output_unigrams=True),
    ],
)

# Search analyzers with synonyms, defined per index by search_analyzers().
EXACT_SEARCH = "allmenn_exact_search"
LANGUAGE_SEARCH = {language: f"allmenn_{language}_search" for language in LANGUAGES}


def synonyms_filter(synonyms_set: str):
    """The search-time synonym filter over the editors' synonyms set.

    ``lenient`` skips a rule the analysis chain cannot parse instead of failing the whole
    reload, so one odd group never switches synonyms off for every query."""
    return dsl.token_filter(
        "allmenn_synonyms", "synonym_graph", synonyms_set=synonyms_set, updateable=True, lenient=True
    )


def search_analyzers(synonyms_set: str) -> list:
    """The analyzers that queries go through: as at index time, plus synonyms.

    In the stemmed chains the stemmer runs before the synonyms, so Elasticsearch parses the
    rules through the stemmer too and an inflected query ("fastlegen") still finds the
    group ("fastlege, allmennlege")."""
    synonyms = synonyms_filter(synonyms_set)
    analyzers = [dsl.analyzer(EXACT_SEARCH, tokenizer="standard", filter=["lowercase", synonyms])]
    for language in LANGUAGES:
        analyzers.append(
            dsl.analyzer(
                LANGUAGE_SEARCH[language], tokenizer="standard", filter=[*_language_filters(language), synonyms]
            )
        )
    return analyzers


# --- Fields --------------------------------------------------------------------------


def _analysed_text(name: str) -> dsl.Text:
    """A text field stored for display and indexed only through its subfields."""
    subfields = {"exact": dsl.Text(analyzer=EXACT_ANALYZER, search_analyzer=EXACT_SEARCH)}
    for language in LANGUAGES:
        subfields[language] = dsl.Text(analyzer=LANGUAGE_ANALYZERS[language], search_analyzer=LANGUAGE_SEARCH[language])
    if name in NGRAM_FIELDS:
        # Searched with the plain analyzer: the query word must equal one of the indexed grams.
        subfields["ngram"] = dsl.Text(analyzer=NGRAM_ANALYZER, search_analyzer=EXACT_ANALYZER)
    if name == "title":
        subfields["autocomplete"] = dsl.SearchAsYouType(analyzer=EXACT_ANALYZER, max_shingle_size=3)
    params = {"index": False, "fields": subfields}
    if name in SPELLING_SOURCES:
        params["copy_to"] = "spelling"
    return dsl.Text(multi=name in {"headings", "breadcrumbs"}, **params)


class IndexedPage(dsl.Document):
    """One page in the index; ``_id`` is IndexDocument.key."""

    key = dsl.Keyword()
    page_id = dsl.Integer()
    url = dsl.Keyword()
    content_type = dsl.Keyword()
    language = dsl.Keyword()
    topics = dsl.Keyword(multi=True)
    year = dsl.Integer()
    title = _analysed_text("title")
    headings = _analysed_text("headings")
    summary = _analysed_text("summary")
    body = _analysed_text("body")
    footnotes = _analysed_text("footnotes")
    attachments = _analysed_text("attachments")
    spelling = dsl.Text(analyzer=SPELLING_ANALYZER)
    breadcrumbs = _analysed_text("breadcrumbs")
    first_published = dsl.Date()
    last_updated = dsl.Date()
    last_substantive_change = dsl.Date()

    class Meta:
        # A field we did not map is a bug in the serializer, not something to guess a type for.
        dynamic = dsl.MetaField("strict")


def index_definition(name: str, synonyms_set: str) -> dsl.Index:
    """Settings, analysis and mappings of one concrete index."""
    index = dsl.Index(name)
    index.settings(
        number_of_shards=1,
        # One copy on a single node, two on a cluster: a single node stays green.
        auto_expand_replicas="0-1",
        max_ngram_diff=NGRAM_MAX - NGRAM_MIN,
    )
    index.mapping(IndexedPage._doc_type.mapping)
    for search_analyzer in search_analyzers(synonyms_set):
        index.analyzer(search_analyzer)
    return index


# --- Documents -----------------------------------------------------------------------


def _text(value: str) -> str:
    """NFC, so an "å" typed as a + ring is the same letter as the precomposed one: the
    standard tokenizer does not normalise, and queries are NFC already."""
    return unicodedata.normalize("NFC", value or "")


def _date(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat()


def document_source(document: IndexDocument) -> dict:
    """The ``_source`` stored for one page."""
    page = IndexedPage(
        key=document.key,
        page_id=document.page_id,
        url=document.url,
        content_type=document.content_type,
        language=document.language,
        topics=list(document.topics),
        year=document.year,
        title=_text(document.title),
        headings=[_text(heading) for heading in document.headings],
        summary=_text(document.summary),
        body=_text(document.body),
        footnotes=_text(document.footnotes),
        attachments=_text(document.attachments),
        breadcrumbs=[_text(crumb) for crumb in document.breadcrumbs],
        first_published=_date(document.first_published),
        last_updated=_date(document.last_updated),
        last_substantive_change=_date(document.last_substantive_change),
    )
    return page.to_dict()


def index_action(document: IndexDocument, index: str) -> dict:
    """A bulk ``index`` action that adds or replaces the page by its key."""
    return {"_op_type": "index", "_index": index, "_id": document.key, "_source": document_source(document)}


def delete_action(key: str, index: str) -> dict:
    return {"_op_type": "delete", "_index": index, "_id": key}
