"""The Elasticsearch backend, for when one machine is not enough (ELASTICSEARCH_URL).

Pages live in concrete indices named ``<prefix>-pages-<UTC timestamp>`` behind the alias
``<prefix>-pages``; reads and writes go through the alias. A rebuild fills a new index
and moves the alias in one ``update_aliases`` call, so searches never see a half-built
index. Editors' synonyms live in the synonyms set ``<prefix>-synonyms``.

What the index looks like is in elastic_mapping, how queries are built in
elastic_queries and how answers are read in elastic_results; this module only does I/O.
Every engine failure becomes SearchUnavailable, so the search page can answer 503 and
the indexing outbox can retry.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from elasticsearch import ApiError, Elasticsearch, NotFoundError, TransportError, UnsupportedProductError, dsl, helpers

from .. import ranking
from ..contract import Completion, IndexDocument, SearchQuery, SearchResults, SearchUnavailable
from ..query_syntax import ParsedQuery, parse_query
from ..text_analysis import tokenize
from .elastic_mapping import delete_action, index_action, index_definition
from .elastic_queries import (
    SUGGEST_BELOW,
    autocomplete_text,
    build_autocomplete,
    build_search,
    can_fold,
    can_relax,
)
from .elastic_results import completions_from, facets_from, results_from, suggestion_from

logger = logging.getLogger(__name__)

# Elasticsearch index names: lower case, no spaces or special characters, no leading - _ +.
_VALID_PREFIX = re.compile(r"^[a-z0-9][a-z0-9._-]*$")

BULK_CHUNK = 500
# A rebuild index is not refreshed while it fills; this sets the usual interval afterwards.
# (Elasticsearch also takes null for "back to the default", but the API specification
# types the setting as a duration, so the default is written out.)
_RESTORE_REFRESH = {"index": {"refresh_interval": "1s"}}


def synonym_rules(groups: list[tuple[str, ...]]) -> list[dict]:
    """Editors' groups as Solr-format rules ("fastlege, allmennlege, gp"). Terms are
    re-tokenised, so a comma, "=>" or any other rule syntax cannot come from a snippet."""
    rules = []
    for group in groups:
        terms: list[str] = []
        for term in group:
            words = " ".join(tokenize(term))
            if words and words not in terms:
                terms.append(words)
        if len(terms) >= 2:
            rules.append({"id": f"group-{len(rules) + 1}", "synonyms": ", ".join(terms)})
    return rules


class ElasticsearchBackend:
    """The SearchBackend contract on an Elasticsearch 8 or 9 cluster."""

    name = "elasticsearch"

    def __init__(
        self,
        url: str,
        index_prefix: str,
        timeout: float = 5.0,
        *,
        client: Elasticsearch | None = None,
        compound_parts_path: str | None = None,
    ) -> None:
        """``compound_parts_path``: the compound-parts word list installed on every node
        (for example "analysis/allmenn_compound_parts.txt", relative to Elasticsearch's
        config directory); without it new indices use elastic_mapping.COMPOUND_PARTS."""
        if not _VALID_PREFIX.match(index_prefix):
            raise ValueError(f"SEARCH_INDEX_PREFIX {index_prefix!r} is not a valid Elasticsearch index name")
        self.index_prefix = index_prefix
        self.alias = f"{index_prefix}-pages"
        self.synonyms_set = f"{index_prefix}-synonyms"
        self._index_name = re.compile(rf"^{re.escape(self.alias)}-\d{{20}}$")
        # One retry covers a dropped keep-alive connection; retrying a timeout would only
        # double the visitor's wait.
        self._client = client or Elasticsearch(url, request_timeout=timeout, max_retries=1, retry_on_timeout=False)
        self._alias_ready = False
        self._compound_parts_path = compound_parts_path

    # --- Errors ----------------------------------------------------------------------

    @contextmanager
    def _engine(self, action: str) -> Iterator[None]:
        """Turn the client's failures into SearchUnavailable. A 4xx means we sent a bad
        request: logged as an error, since only a code change fixes it."""
        try:
            yield
        except (helpers.BulkIndexError, ApiError, TransportError) as exc:
            # Whatever failed, the next write checks the alias again (another process may
            # have cleared the index meanwhile).
            self._alias_ready = False
            raise SearchUnavailable(self._describe(action, exc)) from exc

    @staticmethod
    def _describe(action: str, exc: Exception) -> str:
        """Log the failure at the level it deserves and return a short message."""
        if isinstance(exc, helpers.BulkIndexError):
            logger.error("Elasticsearch refused %d document(s) during %s: %s", len(exc.errors), action, exc.errors[:3])
            return f"Elasticsearch refused documents during {action}"
        if isinstance(exc, ApiError):
            status = exc.meta.status
            if isinstance(exc, UnsupportedProductError) or (400 <= status < 500 and status not in (408, 429)):
                logger.error("Elasticsearch rejected %s (%s): %s", action, status, exc)
            else:
                logger.warning("Elasticsearch failed during %s (%s): %s", action, status, exc)
            return f"Elasticsearch answered {status} during {action}"
        logger.warning("Elasticsearch unreachable during %s: %s", action, exc)
        return f"Elasticsearch cannot be reached ({action})"

    # --- Index and alias -------------------------------------------------------------

    def _new_index_name(self) -> str:
        # Sorts by time, so "older than the new index" is a string comparison.
        return f"{self.alias}-{datetime.now(UTC):%Y%m%d%H%M%S%f}"

    def _create_index(self, name: str, **settings: object) -> None:
        index = index_definition(name, self.synonyms_set, self._compound_parts_path)
        if settings:
            index.settings(**settings)
        index.create(using=self._client)

    def _ensure_synonyms_set(self) -> None:
        """An index refers to its synonyms set by name, and Elasticsearch leaves an index
        that refers to a missing set unusable: create an empty set first if need be."""
        try:
            self._client.synonyms.get_synonym(id=self.synonyms_set, size=1)
        except NotFoundError:
            self._client.synonyms.put_synonym(id=self.synonyms_set, synonyms_set=[])

    def _ensure_alias(self) -> None:
        """Writes go through the alias; without one, a write would create a concrete index
        of that name with a guessed mapping. So the first write creates index and alias."""
        if self._alias_ready:
            return
        if not self._client.indices.exists_alias(name=self.alias):
            self._ensure_synonyms_set()
            name = self._new_index_name()
            index = index_definition(name, self.synonyms_set, self._compound_parts_path)
            # As the write index, so that a second process doing the same at the same
            # moment is refused instead of leaving the alias on two indices.
            index.aliases(**{self.alias: {"is_write_index": True}})
            try:
                index.create(using=self._client)
            except ApiError:
                if not self._client.indices.exists_alias(name=self.alias):
                    raise
            else:
                logger.info("Created search index %s behind alias %s", name, self.alias)
        self._alias_ready = True

    def _indices(self) -> dict[str, set[str]]:
        """Our concrete indices (open or closed), each with the aliases it carries."""
        found = self._client.indices.get_alias(index=f"{self.alias}-*", expand_wildcards=["open", "closed"])
        return {
            name: set((info or {}).get("aliases") or {})
            for name, info in found.body.items()
            if self._index_name.match(name)
        }

    # --- Writing ---------------------------------------------------------------------

    def index(self, documents: Iterable[IndexDocument]) -> int:
        """Add or replace documents by key; they are searchable when this returns."""
        documents = list(documents)
        if not documents:
            return 0
        with self._engine("index"):
            self._ensure_alias()
            written = 0
            for ok, _item in helpers.streaming_bulk(
                self._client,
                (index_action(document, self.alias) for document in documents),
                chunk_size=BULK_CHUNK,
                max_retries=2,
                initial_backoff=1,
                refresh="wait_for",
                # Never let a write create a concrete index named like the alias.
                require_alias=True,
            ):
                written += int(ok)
        return written

    def delete(self, keys: Iterable[str]) -> None:
        keys = list(keys)
        if not keys:
            return
        with self._engine("delete"):
            self._ensure_alias()
            for _ok, _item in helpers.streaming_bulk(
                self._client,
                (delete_action(key, self.alias) for key in keys),
                chunk_size=BULK_CHUNK,
                ignore_status=(404,),
                refresh="wait_for",
                require_alias=True,
            ):
                pass

    def rebuild(self, documents: Iterable[IndexDocument], progress: Callable[[int], None] | None = None) -> int:
        """Fill a new index, then swap the alias to it in one step and drop the old ones."""
        new = self._new_index_name()
        with self._engine("rebuild"):
            self._ensure_synonyms_set()
            # No refreshes while filling: nobody searches this index until the swap.
            self._create_index(new, refresh_interval="-1")
        try:
            with self._engine("rebuild"):
                written = self._fill(new, documents, progress)
                self._client.indices.put_settings(index=new, settings=_RESTORE_REFRESH)
                self._client.indices.refresh(index=new)
                self._swap_alias(new)
        except BaseException:
            self._drop_quietly(new)
            raise
        with self._engine("rebuild"):
            self._drop_older_than(new)
        logger.info("Rebuilt search index %s with %d documents", new, written)
        return written

    def _fill(self, index: str, documents: Iterable[IndexDocument], progress: Callable[[int], None] | None) -> int:
        written = pending = 0
        for ok, _item in helpers.streaming_bulk(
            self._client,
            (index_action(document, index) for document in documents),
            chunk_size=BULK_CHUNK,
            max_retries=3,
            initial_backoff=1,
        ):
            written += int(ok)
            pending += 1
            if progress and pending >= BULK_CHUNK:
                progress(pending)
                pending = 0
        if progress and pending:
            progress(pending)
        return written

    def _swap_alias(self, new: str) -> None:
        """Move the alias from every index that holds it to ``new`` in one atomic call."""
        try:
            holders = sorted(self._client.indices.get_alias(name=self.alias).body)
        except NotFoundError:
            holders = []
        actions = [{"remove": {"index": holder, "alias": self.alias}} for holder in holders]
        actions.append({"add": {"index": new, "alias": self.alias}})
        self._client.indices.update_aliases(actions=actions)
        self._alias_ready = True

    def _drop_older_than(self, new: str) -> None:
        """Delete our indices from before ``new``; a newer one belongs to a rebuild that
        started meanwhile and is left alone."""
        old = sorted(name for name, aliases in self._indices().items() if name < new and self.alias not in aliases)
        if old:
            self._client.indices.delete(index=",".join(old))
            logger.info("Deleted old search indices %s", ", ".join(old))

    def _drop_quietly(self, name: str) -> None:
        """Best effort after a failed rebuild: the half-filled index is useless, unless the
        alias moved to it after all (a swap whose answer timed out)."""
        try:
            if not self._client.indices.exists_alias(name=self.alias, index=name):
                self._client.indices.delete(index=name, ignore_unavailable=True)
        except (ApiError, TransportError) as exc:
            logger.warning("Could not delete the unfinished index %s: %s", name, exc)

    def set_synonyms(self, groups: list[tuple[str, ...]]) -> None:
        """Replace the synonyms set; Elasticsearch reloads the search analyzers that use it."""
        with self._engine("set_synonyms"):
            self._client.synonyms.put_synonym(id=self.synonyms_set, synonyms_set=synonym_rules(groups))

    def clear(self) -> None:
        """Delete every index of this prefix and empty the synonyms set."""
        with self._engine("clear"):
            names = sorted(self._indices())
            if names:
                self._client.indices.delete(index=",".join(names))
            self._client.synonyms.put_synonym(id=self.synonyms_set, synonyms_set=[])
        self._alias_ready = False

    # --- Reading ---------------------------------------------------------------------

    def _run(self, search: dsl.Search) -> dict:
        # A missing alias (nothing indexed yet) answers with no hits instead of a 404.
        response = search.using(self._client).index(self.alias).params(ignore_unavailable=True).execute()
        return response.to_dict()

    def search(self, query: SearchQuery) -> SearchResults:
        parsed = parse_query(query.text)
        if parsed.is_empty:
            return SearchResults(query=query, total=0, hits=[], facets=facets_from({}, query))
        with self._engine("search"):
            # The first request carries the suggester too, so a misspelling costs no extra
            # round trip; the suggestion is kept only if few pages are found in the end.
            first, results = self._attempt(query, parsed, folded=False)
            if results.total < ranking.FOLD_BELOW and can_fold(parsed):
                # ø typed as o, æ as ae, å as aa: tried only when the forms as typed find little.
                _, folded = self._attempt(query, parsed, folded=True)
                if folded.total > results.total:
                    results = folded
        if results.total < SUGGEST_BELOW:
            results.suggestion = suggestion_from(first, query.text, parsed)
        return results

    def _attempt(self, query: SearchQuery, parsed: ParsedQuery, *, folded: bool) -> tuple[dict, SearchResults]:
        """Every word; when that finds less than a page, pages with some of them follow,
        those with more of the words first (``relaxed`` when no page had all). Returns
        the first response too (it carries the suggestion)."""
        first = self._run(build_search(query, parsed, folded=folded))
        results = results_from(first, query)
        if results.total < ranking.FILL_BELOW and can_relax(parsed):
            relaxed = build_search(query, parsed, relaxed=True, folded=folded)
            results = results_from(self._run(relaxed), query, relaxed=results.total == 0)
        return first, results

    def autocomplete(self, prefix: str, limit: int = 8) -> list[Completion]:
        if not autocomplete_text(prefix):
            return []
        with self._engine("autocomplete"):
            return completions_from(self._run(build_autocomplete(prefix, limit)))

    def count(self) -> int:
        with self._engine("count"):
            try:
                return int(self._client.count(index=self.alias, ignore_unavailable=True)["count"])
            except NotFoundError:
                return 0

    def ping(self) -> None:
        """One HEAD request for the alias: cheap, and it fails when the cluster does. A
        missing alias is not a failure (searches answer with no hits until the first
        rebuild)."""
        with self._engine("ping"):
            if not self._client.indices.exists_alias(name=self.alias):
                logger.info("Search alias %s does not exist yet", self.alias)
