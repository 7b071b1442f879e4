"""The ranking signals both backends apply, and their weights, in one place.

The embedded index (SQLite FTS5) and Elasticsearch compute relevance differently (FTS5's
bm25() against Lucene's BM25), but they must reward the same things, so a page that
ranks first on one ranks near the top on the other:

- **fields**: a match in the title counts most, then headings, summary, body and
  breadcrumbs, footnotes, attached PDFs (BM25F-like weights per field);
- **exact form**: the word as typed ("referansegruppen") above a variant of it found
  through its stem ("referansegruppa");
- **phrase and proximity**: for several words, pages where they stand together (as a
  phrase, or within ``NEAR_DISTANCE`` words) above pages where they are far apart;
  a hyphenated query ("ALIS-kontor") is one such group;
- **language**: pages in the visitor's interface language above other languages for
  the same match (nynorsk and bokmål are closer to each other than to English);
- **length**: long reports are not buried by their length (``LENGTH_COMPENSATION``);
- **compounds**: a word found as a dictionary part of a compound counts less than the
  word itself, more when it is the compound's head ("belastning" in
  "arbeidsbelastning") than when it is not ("lege" in "legevakt");
- **acronyms** (ALIS, FLO, KS, LIS1) match whole words only, never inside others;
- **folding**: ø typed as o, æ as ae, å as aa are tried only when the exact forms find
  fewer than ``FOLD_BELOW`` pages.
"""

from __future__ import annotations

# Field weights, in the order title, headings, summary, body, breadcrumbs, footnotes, attachments.
FIELDS = ("title", "headings", "summary", "body", "breadcrumbs", "footnotes", "attachments")
FIELD_WEIGHTS = {
    "title": 10.0,
    "headings": 5.0,
    "summary": 3.0,
    "body": 1.5,
    "breadcrumbs": 1.5,
    "footnotes": 0.75,
    "attachments": 0.5,
}

# Multipliers on the text score (1.0 is no change).
EXACT_BOOST = 0.3  # every query word occurs in exactly the typed form somewhere
EXACT_TITLE_BOOST = 1.0  # … and in the title or a heading
PHRASE_BOOST = 0.8  # the words occur as a phrase (by stems)
NEAR_BOOST = 0.4  # the words occur within NEAR_DISTANCE words of each other
NEAR_DISTANCE = 8
# A hyphenated query ("ALIS-kontor") names one thing: its words standing together count much more.
HYPHENATED_BOOST = 2.0

# Score multiplier by (visitor's language, page's language); missing pairs are 1.0.
LANGUAGE_FACTORS = {
    ("nb", "nn"): 0.8,
    ("nn", "nb"): 0.8,
    ("nb", "en"): 0.5,
    ("nn", "en"): 0.5,
    ("en", "nb"): 0.6,
    ("en", "nn"): 0.6,
}


def language_factor(visitor: str, page: str) -> float:
    """How much a page in ``page`` language counts for a visitor reading ``visitor``."""
    if not visitor or visitor == page:
        return 1.0
    return LANGUAGE_FACTORS.get((visitor, page), 1.0)


# A page's score is multiplied by (its length / the average length) ** LENGTH_COMPENSATION,
# partly undoing BM25's length normalisation, which otherwise buries long reports.
LENGTH_COMPENSATION = 0.25
# … but never by more than this.
MAX_LENGTH_FACTOR = 2.0

# Fewer pages than this (a page of results) with every word: pages with some of the words
# follow them, those with more of the words first.
FILL_BELOW = 10

# Fewer pages than this for the exact forms: try ø→o, æ→ae, å→aa folded forms too.
FOLD_BELOW = 3

# Acronyms of the domain, matched as whole words even when typed in lower case. The
# embedded index adds those it sees written in capitals in the pages it indexes.
KNOWN_ACRONYMS = frozenset(
    {"alis", "flo", "ks", "lis1", "lis", "rhf", "hf", "hod", "nav", "kupp", "hdir", "ssb", "kpr", "nhn"}
)
