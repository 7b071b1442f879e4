"""The Elasticsearch index: analysis chains, field mapping and the document written per page.

Every text field is indexed several ways as multi-fields:

- ``.exact``: standard tokenizer and lower case only. No ASCII folding, so æ, ø and å stay
  letters ("får" never matches "far"). Phrases and exact word forms match here.
- ``.nb``, ``.nn``, ``.en``: the same text stemmed for bokmål (``light_norwegian``), nynorsk
  (``light_nynorsk``) and English. Every document is indexed in all three, but a query asks
  each one only for documents in that language (see elastic_queries), so a page's words are
  always matched by its own language's stemmer while scores stay comparable across languages.
  The light Norwegian stemmer keeps "fastlege" as "fastleg" where Snowball would cut "-leg".
- ``.parts``: Norwegian compounds split by a dictionary (``dictionary_decompounder``), so
  "lege" finds "fastlegeordningen": the parts are words of a list, never n-gram substrings.
  The list is ``COMPOUND_PARTS`` (a short one, sent in the index settings) unless the
  backend is given ``compound_parts_path``: a word list the operator installs on every
  Elasticsearch node under its config directory, one word per line, for example
  ``analysis/allmenn_compound_parts.txt`` made from the hunspell-no dictionaries (words of
  at least four letters). Elasticsearch refuses to create an index whose list file is
  missing, so the file comes first, then a rebuild.
- ``.folded``: ø as o, æ as ae, å as aa (a ``mapping`` char filter), for visitors without
  those keys. Only the folding retry searches it (elastic_queries), so "får" still never
  matches "far" when the forms as typed find enough.

Long texts (body, footnotes, attachments) are scored with a BM25 whose length
normalisation ``b`` is lower than Lucene's 0.75 by ``ranking.LENGTH_COMPENSATION``, so
long reports are not buried by their length.

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

from .. import ranking
from ..contract import IndexDocument

LANGUAGES = ("nb", "nn", "en")

# Text fields in ranking order; which of them are searched for compound parts and folded
# forms (attachments and footnotes are long or minor, and each subfield adds to the index).
# Breadcrumbs are searchable too, so a chapter is found by its report's title.
TEXT_FIELDS = ranking.FIELDS
PARTS_FIELDS = ("title", "headings", "summary", "body")
FOLDED_FIELDS = ("title", "headings", "summary", "body", "breadcrumbs")
# Copied into the spelling field that "did you mean" draws its vocabulary from.
SPELLING_SOURCES = ("title", "headings", "summary", "body")
# Scored with LONG_TEXT_SIMILARITY.
LONG_TEXT_FIELDS = ("body", "footnotes", "attachments")

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
# ø typed as o, æ as ae, å as aa (before the tokenizer, so capitals too).
FOLD_CHAR_FILTER = dsl.char_filter(
    "allmenn_fold",
    "mapping",
    mappings=["æ => ae", "ø => o", "å => aa", "Æ => ae", "Ø => o", "Å => aa"],
)
FOLDED = "allmenn_folded"
FOLDED_ANALYZER = dsl.analyzer(FOLDED, tokenizer="standard", char_filter=[FOLD_CHAR_FILTER], filter=["lowercase"])
# Word pairs and triples for the phrase suggester's language model.
SPELLING_ANALYZER = dsl.analyzer(
    "allmenn_spelling",
    tokenizer="standard",
    filter=[
        "lowercase",
        dsl.token_filter("allmenn_shingle", "shingle", min_shingle_size=2, max_shingle_size=3, output_unigrams=True),
    ],
)

# Compounds: a word is kept and followed by every word of the list found inside it. Parts
# are at least four letters and only words of eight or more are split (two parts of four),
# as in the embedded backend's hunspell splitting.
PARTS = "allmenn_parts"
COMPOUND_MIN_PART = 4
COMPOUND_MIN_WORD = 8
# The default list: parts of the domain's compounds, chosen so that few unrelated words
# contain them (a plain list cannot know that "lege" inside "kollegene" is no part: the
# embedded backend's hunspell splitting can). An operator's word_list_path replaces it.
COMPOUND_PARTS = (
    "allmenn",
    "arbeid",
    "avtale",
    "belastning",
    "beredskap",
    "budsjett",
    "evaluering",
    "finansiering",
    "forskning",
    "gruppe",
    "helse",
    "henvisning",
    "hjemmel",
    "honorar",
    "journal",
    "kommune",
    "kontor",
    "kontroll",
    "kvalitet",
    "lege",
    "omsorg",
    "ordning",
    "pasient",
    "poeng",
    "praksis",
    "prosjekt",
    "rapport",
    "refusjon",
    "rekruttering",
    "resept",
    "samarbeid",
    "smitte",
    "spesialist",
    "statistikk",
    "stilling",
    "sykehus",
    "takst",
    "tilbud",
    "tilskudd",
    "tjeneste",
    "turnus",
    "utdanning",
    "vaksine",
    "vakt",
    "veiledning",
)


def parts_analyzer(compound_parts_path: str | None = None) -> dsl.analysis.Analyzer:
    """Lower case, then the dictionary decompounder over the built-in list or the
    operator's file on the nodes (a path relative to Elasticsearch's config directory)."""
    words = {"word_list_path": compound_parts_path} if compound_parts_path else {"word_list": list(COMPOUND_PARTS)}
    decompounder = dsl.token_filter(
        "allmenn_compound_parts",
        "dictionary_decompounder",
        min_subword_size=COMPOUND_MIN_PART,
        min_word_size=COMPOUND_MIN_WORD,
        **words,
    )
    return dsl.analyzer(PARTS, tokenizer="standard", filter=["lowercase", decompounder])


# BM25 for long texts: Lucene's default b (0.75) lowered by the length compensation.
LONG_TEXT_SIMILARITY = "allmenn_long_text"
DEFAULT_BM25_B = 0.75
LONG_TEXT_B = round(DEFAULT_BM25_B - ranking.LENGTH_COMPENSATION, 2)
SIMILARITIES = {LONG_TEXT_SIMILARITY: {"type": "BM25", "b": LONG_TEXT_B, "k1": 1.2}}

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
    scoring = {"similarity": LONG_TEXT_SIMILARITY} if name in LONG_TEXT_FIELDS else {}
    subfields = {"exact": dsl.Text(analyzer=EXACT_ANALYZER, search_analyzer=EXACT_SEARCH, **scoring)}
    for language in LANGUAGES:
        subfields[language] = dsl.Text(
            analyzer=LANGUAGE_ANALYZERS[language], search_analyzer=LANGUAGE_SEARCH[language], **scoring
        )
    if name in PARTS_FIELDS:
        # Parts in the index only: the query word is looked up as typed, never split.
        subfields["parts"] = dsl.Text(analyzer=PARTS, search_analyzer=EXACT, **scoring)
    if name in FOLDED_FIELDS:
        subfields["folded"] = dsl.Text(analyzer=FOLDED_ANALYZER, **scoring)
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


def index_definition(name: str, synonyms_set: str, compound_parts_path: str | None = None) -> dsl.Index:
    """Settings, analysis and mappings of one concrete index."""
    index = dsl.Index(name)
    index.settings(
        number_of_shards=1,
        # One copy on a single node, two on a cluster: a single node stays green.
        auto_expand_replicas="0-1",
        similarity=SIMILARITIES,
    )
    index.mapping(IndexedPage._doc_type.mapping)
    index.analyzer(parts_analyzer(compound_parts_path))
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
