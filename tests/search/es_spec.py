"""Elasticsearch without a server: a recording in-memory cluster, and a check of every
request body it received against Elastic's own TypeScript types.

``FakeCluster`` answers the REST calls the backend makes, through the real client's
transport, and records each request as it went over the wire. ``typed_bodies`` turns the
recorded requests into ``(label, TypeScript type, value)`` triples, one per body (one per
NDJSON line for ``_bulk``), and ``run_tsc`` compiles them all as typed object literals in
one file per spec version, so a misspelled key, a wrong nesting, an unknown analyzer or
token-filter ``type`` or a wrong literal fails the test with tsc's message. The types are
those of Elastic's specification in ``../shared/elasticsearch-spec`` next to the
repository, or where ``ELASTICSEARCH_SPEC_DIR`` points, or in /work/shared on these
machines (a clean clone elsewhere still finds them), never copied into it.
"""

from __future__ import annotations

import fnmatch
import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from elastic_transport import ApiResponseMeta, BaseNode, HttpHeaders
from elastic_transport._node import NodeApiResponse
from elasticsearch import Elasticsearch

REPOSITORY = Path(__file__).resolve().parents[2]


def _spec_dir() -> Path:
    """The first place holding Elastic's types: the environment's choice, beside the
    repository, then the machines' shared folder."""
    candidates = [
        *([Path(os.environ["ELASTICSEARCH_SPEC_DIR"])] if os.environ.get("ELASTICSEARCH_SPEC_DIR") else []),
        REPOSITORY.parent / "shared" / "elasticsearch-spec",
        Path("/work/shared/elasticsearch-spec"),
    ]
    return next((path for path in candidates if (path / "types-9.2.ts").is_file()), candidates[0])


SPEC_DIR = _spec_dir()
SPEC_VERSIONS = ("8.19", "9.2")
TSC = REPOSITORY / "node_modules" / ".bin" / "tsc"
DOCUMENT_TYPE = "AllmennPage"


# --- A recording cluster -------------------------------------------------------------------


def es_response(hits: list[dict], total: int | None = None, *, aggregations=None, suggest=None) -> dict:
    """A body shaped like an Elasticsearch 8 search response."""
    body = {
        "took": 3,
        "timed_out": False,
        "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0},
        "hits": {
            "total": {"value": len(hits) if total is None else total, "relation": "eq"},
            "max_score": max((hit["_score"] for hit in hits), default=None),
            "hits": hits,
        },
    }
    if aggregations is not None:
        body["aggregations"] = aggregations
    if suggest is not None:
        body["suggest"] = suggest
    return body


class FakeCluster:
    """Just enough of Elasticsearch's REST API for the calls the backend makes, with every
    request recorded in order."""

    def __init__(self) -> None:
        self.indices: dict[str, dict] = {}
        self.aliases: dict[str, set[str]] = {}
        self.synonym_sets: dict[str, list] = {}
        self.requests: list[tuple[str, str, dict, object]] = []
        self.search_responses: list[tuple[int, dict]] = []
        self.refuse_ids: set[str] = set()

    # Requests -------------------------------------------------------------------------

    def calls(self, *, skip=("HEAD",)) -> list[str]:
        return [f"{method} {path}" for method, path, _params, _body in self.requests if method not in skip]

    def bodies(self, method: str, path_end: str) -> list:
        return [body for m, path, _p, body in self.requests if m == method and path.endswith(path_end)]

    def handle(self, method: str, target: str, raw: bytes | None) -> tuple[int, object]:
        url = urlsplit(target)
        path = unquote(url.path)
        params = {key: values[-1] for key, values in parse_qs(url.query).items()}
        body: object = None
        if raw:
            text = raw.decode()
            body = (
                [json.loads(line) for line in text.splitlines() if line] if path.endswith("_bulk") else json.loads(text)
            )
        self.requests.append((method, path, params, body))
        parts = [part for part in path.split("/") if part]
        return self.route(method, parts, params, body)

    def route(self, method, parts, params, body):
        match method, parts:
            case "HEAD", ["_alias", name]:
                return (200 if self.aliases.get(name) else 404), None
            case "HEAD", [index, "_alias", name]:
                return (200 if index in self.aliases.get(name, set()) else 404), None
            case "GET", ["_alias", name]:
                if not self.aliases.get(name):
                    return self.error(404, "aliases_not_found_exception")
                return 200, {index: {"aliases": {name: {}}} for index in self.aliases[name]}
            case "GET", [pattern, "_alias"]:
                return 200, {
                    index: {"aliases": {a: {} for a, held in self.aliases.items() if index in held}}
                    for index in self.indices
                    if fnmatch.fnmatch(index, pattern)
                }
            case "GET", ["_synonyms", name]:
                if name not in self.synonym_sets:
                    return self.error(404, "resource_not_found_exception")
                return 200, {"count": len(self.synonym_sets[name]), "synonyms_set": self.synonym_sets[name]}
            case "PUT", ["_synonyms", name]:
                result = "updated" if name in self.synonym_sets else "created"
                self.synonym_sets[name] = body["synonyms_set"]
                return 200, {"result": result, "reload_analyzers_details": {"reload_details": []}}
            case (("PUT" | "POST"), ["_bulk"]):
                return self.bulk(body)
            case "PUT", [index]:
                return self.create_index(index, body)
            case "POST", ["_aliases"]:
                return self.update_aliases(body["actions"])
            case "DELETE", [names]:
                return self.delete_indices(names.split(","), params)
            case "PUT", [index, "_settings"]:
                self.indices[index]["settings"].update(body.get("index", body))
                return 200, {"acknowledged": True}
            case "POST", [index, "_refresh"]:
                return 200, {"_shards": {"total": 1, "successful": 1, "failed": 0}}
            case "POST", [target, "_search"]:
                if self.search_responses:
                    return self.search_responses.pop(0)
                return 200, es_response([])
            case "POST", [target, "_count"]:
                return 200, {"count": sum(len(self.indices[i]["docs"]) for i in self.resolve(target))}
        return self.error(400, "unsupported_by_fake", f"{method} /{'/'.join(parts)}")

    # State ----------------------------------------------------------------------------

    @staticmethod
    def error(status: int, kind: str, reason: str = "") -> tuple[int, dict]:
        return status, {"error": {"type": kind, "reason": reason or kind}, "status": status}

    def resolve(self, name: str) -> set[str]:
        return set(self.aliases.get(name, set())) or ({name} if name in self.indices else set())

    def create_index(self, index: str, body: dict):
        if index in self.indices or index in self.aliases:
            return self.error(400, "resource_already_exists_exception", index)
        self.indices[index] = {"definition": body, "settings": dict(body.get("settings", {})), "docs": {}}
        for alias in body.get("aliases", {}):
            self.aliases.setdefault(alias, set()).add(index)
        return 200, {"acknowledged": True, "index": index}

    def update_aliases(self, actions: list[dict]):
        staged = {alias: set(held) for alias, held in self.aliases.items()}
        for action in actions:
            ((kind, spec),) = action.items()
            held = staged.setdefault(spec["alias"], set())
            if kind == "add":
                held.add(spec["index"])
            elif spec["index"] not in held:
                return self.error(404, "aliases_not_found_exception")
            else:
                held.discard(spec["index"])
        self.aliases = staged  # all or nothing, as in Elasticsearch
        return 200, {"acknowledged": True}

    def delete_indices(self, names: list[str], params: dict):
        missing = [name for name in names if name not in self.indices]
        if missing and params.get("ignore_unavailable") != "true":
            return self.error(404, "index_not_found_exception", missing[0])
        for name in names:
            self.indices.pop(name, None)
            for held in self.aliases.values():
                held.discard(name)
        return 200, {"acknowledged": True}

    def bulk(self, lines: list[dict]):
        items, position = [], 0
        while position < len(lines):
            ((op, meta),) = lines[position].items()
            position += 1
            targets = self.resolve(meta["_index"])
            if not targets:
                return self.error(404, "index_not_found_exception", meta["_index"])
            (index,) = targets
            docs = self.indices[index]["docs"]
            if op == "index":
                source = lines[position]
                position += 1
                if meta["_id"] in self.refuse_ids:
                    items.append({op: {"_index": index, "_id": meta["_id"], "status": 400, "error": {"type": "x"}}})
                    continue
                docs[meta["_id"]] = source
                items.append({op: {"_index": index, "_id": meta["_id"], "status": 201, "result": "created"}})
            else:
                found = docs.pop(meta["_id"], None) is not None
                items.append({op: {"_index": index, "_id": meta["_id"], "status": 200 if found else 404}})
        return 200, {
            "took": 1,
            "errors": any(item[next(iter(item))]["status"] >= 300 for item in items),
            "items": items,
        }


def client_for(cluster: FakeCluster) -> Elasticsearch:
    """A real client whose only node answers from ``cluster``."""

    class FakeNode(BaseNode):
        def perform_request(self, method, target, body=None, headers=None, request_timeout=None):
            status, payload = cluster.handle(method, target, body)
            meta = ApiResponseMeta(
                status=status,
                http_version="1.1",
                headers=HttpHeaders({"x-elastic-product": "Elasticsearch", "content-type": "application/json"}),
                duration=0.0,
                node=self.config,
            )
            return NodeApiResponse(meta, b"" if payload is None else json.dumps(payload).encode())

    return Elasticsearch("http://elasticsearch.invalid:9200", node_class=FakeNode, max_retries=0)


# --- Bodies as typed TypeScript literals ------------------------------------------------------


@dataclass(frozen=True)
class TypedBody:
    label: str  # where it went: "PUT /allmenn-test-pages-…", "PUT /_bulk line 2"
    type: str  # a TypeScript type, with the spec's types under the namespace ``T``
    value: object


class UntypedRequest(AssertionError):
    """A request carried a body this module does not know the spec type of."""


# (method, path pattern) → the spec type of its body. Paths are matched part by part; "*"
# is any single part.
REQUEST_TYPES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("PUT", ("_synonyms", "*"), "T.SynonymsPutSynonymRequest['body']"),
    ("POST", ("_aliases",), "T.IndicesUpdateAliasesRequest['body']"),
    ("PUT", ("*", "_settings"), "T.IndicesPutSettingsRequest['body']"),
    ("POST", ("*", "_search"), "T.SearchRequest['body']"),
    ("POST", ("*", "_count"), "T.CountRequest['body']"),
    ("POST", ("*", "_delete_by_query"), "T.DeleteByQueryRequest['body']"),
    ("PUT", ("*",), "T.IndicesCreateRequest['body']"),
)
BULK_ACTIONS = {"index", "create", "update", "delete"}


def _type_of(method: str, parts: list[str]) -> str:
    for known_method, pattern, type_ in REQUEST_TYPES:
        if method != known_method or len(parts) != len(pattern):
            continue
        if all(want in ("*", part) for want, part in zip(pattern, parts, strict=True)):
            return type_
    raise UntypedRequest(f"{method} /{'/'.join(parts)} sent a body; add its spec type to es_spec.REQUEST_TYPES")


def _bulk_lines(label: str, lines: list) -> list[TypedBody]:
    """Each NDJSON line on its own: an action, then the document for index/create/update."""
    typed, position = [], 0
    while position < len(lines):
        action = lines[position]
        typed.append(TypedBody(f"{label} line {position + 1}", "T.BulkOperationContainer", action))
        position += 1
        op = next(iter(action.keys() & BULK_ACTIONS), "?") if isinstance(action, dict) else "?"
        if op in {"index", "create"} and position < len(lines):
            typed.append(TypedBody(f"{label} line {position + 1}", DOCUMENT_TYPE, lines[position]))
            position += 1
        elif op == "update" and position < len(lines):
            typed.append(
                TypedBody(f"{label} line {position + 1}", f"T.BulkUpdateAction<{DOCUMENT_TYPE}>", lines[position])
            )
            position += 1
    return typed


def typed_bodies(requests: list[tuple[str, str, dict, object]]) -> list[TypedBody]:
    """Every body among the recorded requests, with the spec type it must satisfy."""
    typed: list[TypedBody] = []
    for method, path, _params, body in requests:
        if body is None:
            continue
        parts = [part for part in path.split("/") if part]
        label = f"{method} {path}"
        if parts == ["_bulk"] or parts[-1:] == ["_bulk"]:
            typed.extend(_bulk_lines(label, body))
        else:
            typed.append(TypedBody(label, _type_of(method, parts), body))
    return typed


# Mapping field type → the TypeScript type of its value in ``_source`` (a text or keyword
# field may hold one value or several).
_SOURCE_TYPES = {
    "keyword": "string | string[]",
    "text": "string | string[]",
    "integer": "number",
    "long": "number",
    "date": "string",
    "boolean": "boolean",
}


def document_interface(mappings: dict) -> str:
    """The documents we index, as a TypeScript interface generated from our mapping: a
    ``_source`` key the mapping lacks is an excess property (as ``dynamic: strict`` would
    refuse it on a cluster)."""
    fields = []
    for name, definition in sorted(mappings["properties"].items()):
        fields.append(f"  {name}?: {_SOURCE_TYPES[definition.get('type', 'object')]} | null")
    return f"interface {DOCUMENT_TYPE} {{\n" + "\n".join(fields) + "\n}\n"


def typescript_source(bodies: list[TypedBody], version: str, document: str) -> str:
    """One file: the spec imported as ``T``, our document type, then one typed constant per body."""
    spec = (SPEC_DIR / f"types-{version}").as_posix()
    lines = [f"import type * as T from {json.dumps(spec)}", "", document]
    for number, body in enumerate(bodies):
        lines.append(f"// {body.label}")
        lines.append(f"export const body{number}: {body.type} = {json.dumps(body.value, ensure_ascii=False, indent=2)}")
        lines.append("")
    return "\n".join(lines)


def tsc_missing() -> str | None:
    """Why tsc cannot run here, or None."""
    if shutil.which("node") is None:
        return "node is not installed (./dev test installs the npm packages, which need Node.js 20+)"
    if not TSC.exists():
        return f"{TSC.relative_to(REPOSITORY)} is missing: run npm ci (./dev test does)"
    return None


_ERROR_LINE = re.compile(r"^[^(\s]+\.ts\((\d+),(\d+)\): ", re.MULTILINE)


def run_tsc(bodies: list[TypedBody], version: str, document: str, workdir: Path) -> tuple[bool, str]:
    """Compile the bodies against one spec version; (passed, tsc's output with each error
    prefixed by the request it is about)."""
    assert (SPEC_DIR / f"types-{version}.ts").exists(), f"Elastic's types are missing: {SPEC_DIR}"
    source = typescript_source(bodies, version, document)
    path = workdir / f"bodies-{version}.ts"
    path.write_text(source, encoding="utf-8")
    done = subprocess.run(
        [str(TSC), "--strict", "--noEmit", "--pretty", "false", "--target", "es2022", str(path)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    output = (done.stdout + done.stderr).strip()
    return done.returncode == 0, _explain(output, source.splitlines())


def _explain(output: str, lines: list[str]) -> str:
    """Put the request's label in front of each tsc error (the generated file is gone by
    the time someone reads the failure)."""
    explained = []
    for line in output.splitlines():
        match = _ERROR_LINE.match(line)
        if match:
            number = int(match.group(1)) - 1
            label = next(
                (lines[i][3:] for i in range(number, -1, -1) if lines[i].startswith("// ")),
                "(preamble)",
            )
            explained.append(f"[{label}] {line}")
        else:
            explained.append(line)
    return "\n".join(explained)
