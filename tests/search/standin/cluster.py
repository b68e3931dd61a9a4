"""The stand-in's indexes, aliases and documents, and the REST endpoints the Hub calls, with
Elasticsearch 8's rules: index and alias names (an index named like an alias, or an alias
like an index, is refused), alias actions applied atomically and refused on missing indexes
or aliases, writes through an alias only to its write index, writes to a missing index
creating one with dynamic mappings unless `require_alias`, and bulk answers item by item
(201 created, 200 updated, 404 on a missing document, mapping errors), in the shapes of the
reference's pages:
https://www.elastic.co/guide/en/elasticsearch/reference/8.19/docs-bulk.html (its example
response: 201, 200, a delete "not_found" with status 404 and no error, an update of a
missing document: 404 document_missing_exception),
https://www.elastic.co/guide/en/elasticsearch/reference/8.19/indices-aliases.html and
https://www.elastic.co/guide/en/elasticsearch/reference/8.19/indices-create-index.html.
"""

import itertools
import json
import uuid

from tests.search.standin import rules, searching
from tests.search.standin.errors import EsError, index_not_found

SHARDS = {"total": 1, "successful": 1, "failed": 0}
BULK_PARAMETERS = {
    "refresh",
    "require_alias",
    "timeout",
    "routing",
    "pipeline",
    "wait_for_active_shards",
}
NO_WRITE_INDEX = (
    "no write index is defined for alias [{alias}]. The write index may be explicitly disabled"
    " using is_write_index=false or the alias points to multiple indices without one being"
    " designated as a write index"
)


class StoredIndex:
    def __init__(self, name, settings, analyzers, mappings):
        self.name, self.settings, self.analyzers, self.mappings = (
            name,
            settings,
            analyzers,
            mappings,
        )
        self.uuid = uuid.uuid4().hex[:22]
        self.fields = rules.field_types(mappings)
        self.docs, self.order, self.versions, self._tokens = {}, {}, {}, {}

    def values(self, doc_id, field):
        value = self.docs[doc_id]
        for part in field.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if value is None:
            return []
        return value if isinstance(value, list) else [value]

    def tokens(self, doc_id, field):
        if (doc_id, field) not in self._tokens:
            mapping = self.fields.get(field, {})
            analyzer = self.analyzers[mapping.get("analyzer", "standard")]
            tokens, shift = [], 0
            for value in self.values(doc_id, field):
                if isinstance(value, str):
                    analysed = analyzer(value)
                    tokens += [(t, p + shift, s, e) for t, p, s, e in analysed]
                    shift += (analysed[-1][1] + 1 if analysed else 0) + 100
            self._tokens[(doc_id, field)] = tokens
        return self._tokens[(doc_id, field)]

    def put(self, doc_id, source, sequence):
        added = rules.check_document(source, self.mappings, doc_id)
        for name, mapping in added.items():
            self.mappings.setdefault("properties", {})[name] = mapping
        self.fields = rules.field_types(self.mappings)
        created = doc_id not in self.docs
        self.docs[doc_id] = source
        self.order.setdefault(doc_id, sequence)
        self.versions[doc_id] = self.versions.get(doc_id, 0) + 1
        self._tokens = {k: v for k, v in self._tokens.items() if k[0] != doc_id}
        return created


class Cluster:
    def __init__(self, max_clauses):
        self.indexes = {}
        self.aliases = {}  # alias -> {index: {"is_write_index": bool | None}}
        self.max_clauses = max_clauses
        self.sequence = itertools.count()
        self.refused = set()  # ids of documents refused as a mapping conflict would be

    # -- Names ------------------------------------------------------------------------------
    def resolve(self, name):
        """The indexes a name stands for (an index, or an alias's indexes)."""
        if name in self.indexes:
            return [self.indexes[name]]
        if name in self.aliases:
            return [self.indexes[index] for index in self.aliases[name]]
        raise index_not_found(name)

    def write_index(self, name, require_alias=False):
        if name in self.aliases:
            members = self.aliases[name]
            flagged = [index for index, spec in members.items() if spec.get("is_write_index")]
            if flagged:
                return self.indexes[flagged[0]]
            if (
                len(members) == 1
                and next(iter(members.values())).get("is_write_index") is not False
            ):
                return self.indexes[next(iter(members))]
            raise EsError(400, "illegal_argument_exception", NO_WRITE_INDEX.format(alias=name))
        if require_alias:
            raise index_not_found(
                name,
                f"no such index [{name}] and [require_alias] request flag is [true] and [{name}]"
                " is not an alias",
            )
        if name not in self.indexes:
            self.create(name, {})  # action.auto_create_index: dynamic mappings
        return self.indexes[name]

    # -- Indexes ----------------------------------------------------------------------------
    def create(self, name, body):
        rules.check_index_name(name, self.aliases)
        if name in self.indexes:
            index = self.indexes[name]
            raise EsError(
                400,
                "resource_already_exists_exception",
                f"index [{name}/{index.uuid}] already exists",
                index_uuid=index.uuid,
                index=name,
            )
        settings, analyzers, mappings = rules.check_create_body(body)
        aliases = body.get("aliases", {})
        for alias, spec in aliases.items():
            self._check_alias(alias, spec, name)
        self.indexes[name] = StoredIndex(name, settings, analyzers, mappings)
        for alias, spec in aliases.items():
            self.aliases.setdefault(alias, {})[name] = {
                "is_write_index": spec.get("is_write_index")
            }
        self._check_write_indexes()
        return {"acknowledged": True, "shards_acknowledged": True, "index": name}

    def delete(self, name, ignore_unavailable=False):
        if name in self.aliases:
            raise EsError(
                400,
                "illegal_argument_exception",
                f"The provided expression [{name}] matches an alias, specify the corresponding"
                " concrete indices instead.",
            )
        if name not in self.indexes:
            if ignore_unavailable:
                return {"acknowledged": True}
            raise index_not_found(name)
        self._drop(name)
        return {"acknowledged": True}

    def _drop(self, name):
        del self.indexes[name]
        for alias in list(self.aliases):
            self.aliases[alias].pop(name, None)
            if not self.aliases[alias]:
                del self.aliases[alias]

    def _check_alias(self, alias, spec, index):
        unknown = set(spec) - {"is_write_index", "filter", "routing", "index_routing"}
        unknown -= {"search_routing", "is_hidden", "must_exist"}
        if unknown:
            raise EsError(
                400, "x_content_parse_exception", f"[alias] unknown field [{sorted(unknown)[0]}]"
            )
        if alias in self.indexes or alias == index:
            raise EsError(
                400,
                "invalid_alias_name_exception",
                f"Invalid alias name [{alias}]: an index or data stream exists with the same"
                " name as the alias",
            )

    def _check_write_indexes(self):
        for alias, members in self.aliases.items():
            flagged = [index for index, spec in members.items() if spec.get("is_write_index")]
            if len(flagged) > 1:
                raise EsError(
                    400,
                    "illegal_state_exception",
                    f"alias [{alias}] has more than one write index [{','.join(flagged)}]",
                )

    def get_alias(self, name):
        if name not in self.aliases:
            return 404, {"error": f"alias [{name}] missing", "status": 404}
        return 200, {
            index: {"aliases": {name: {k: v for k, v in spec.items() if v is not None}}}
            for index, spec in self.aliases[name].items()
        }

    def put_alias(self, index, alias, body):
        if index not in self.indexes:
            raise index_not_found(index)
        self.update_aliases({"actions": [{"add": {"index": index, "alias": alias, **body}}]})
        return {"acknowledged": True}

    def update_aliases(self, body):
        """Every action applied, or none (the request is atomic)."""
        saved_indexes, saved_aliases = dict(self.indexes), json.loads(json.dumps(self.aliases))
        try:
            actions = body["actions"]
            for action in sorted(actions, key=lambda a: "remove_index" not in a):
                ((kind, spec),) = action.items()
                if kind == "remove_index":
                    if spec["index"] in self.aliases:
                        self.delete(spec["index"])  # refused: the name is an alias
                    if spec["index"] not in self.indexes:
                        raise index_not_found(spec["index"])
                    self._drop(spec["index"])
                elif kind in ("add", "remove"):
                    for index in spec.get("indices", [spec.get("index")]):
                        self._alias_action(kind, index, spec)
                else:
                    raise EsError(
                        400, "x_content_parse_exception", f"[aliases] unknown field [{kind}]"
                    )
            self._check_write_indexes()
        except Exception:
            self.indexes, self.aliases = saved_indexes, saved_aliases
            raise
        return {"acknowledged": True, "errors": False}

    def _alias_action(self, kind, index, spec):
        alias = spec["alias"]
        if index not in self.indexes:
            raise index_not_found(index)
        if kind == "add":
            options = {k: v for k, v in spec.items() if k not in ("index", "indices", "alias")}
            self._check_alias(alias, options, index)
            self.aliases.setdefault(alias, {})[index] = {
                "is_write_index": options.get("is_write_index")
            }
        elif index not in self.aliases.get(alias, {}):
            raise EsError(
                404,
                "aliases_not_found_exception",
                f"aliases [{alias}] missing",
                **{"resource.type": "aliases", "resource.id": alias},
            )
        else:
            del self.aliases[alias][index]
            if not self.aliases[alias]:
                del self.aliases[alias]

    # -- Documents --------------------------------------------------------------------------
    def bulk(self, body, params, path_index=None):
        unknown = set(params) - BULK_PARAMETERS
        if unknown:
            raise EsError(
                400,
                "illegal_argument_exception",
                f"request [/_bulk] contains unrecognized parameter: [{sorted(unknown)[0]}]",
            )
        if params.get("refresh", "false") not in ("", "true", "false", "wait_for"):
            raise EsError(
                400,
                "illegal_argument_exception",
                f"Unknown value for refresh: [{params['refresh']}].",
            )
        lines = [json.loads(line) for line in body.splitlines() if line.strip()]
        items, number = [], 0
        while number < len(lines):
            ((op, meta),) = lines[number].items()
            unknown = set(meta) - {
                "_index",
                "_id",
                "routing",
                "require_alias",
                "if_seq_no",
                "if_primary_term",
                "retry_on_conflict",
            }
            if op not in ("index", "create", "update", "delete") or unknown:
                raise EsError(
                    400,
                    "illegal_argument_exception",
                    f"Action/metadata line [{number + 1}] contains an unknown parameter"
                    f" [{sorted(unknown or {op})[0]}]",
                )
            source = None if op == "delete" else lines[number + 1]
            number += 1 if op == "delete" else 2
            require = (
                str(meta.get("require_alias", params.get("require_alias", "false"))).lower()
                == "true"
            )
            items.append(
                {
                    op: self._write(
                        op, meta.get("_index", path_index), meta.get("_id"), source, require
                    )
                }
            )
        errors = any("error" in item for entry in items for item in entry.values())
        return {"took": 1, "errors": errors, "items": items}

    def _write(self, op, name, doc_id, source, require_alias):
        try:
            index = self.write_index(name, require_alias)
            result = {"_index": index.name, "_id": doc_id}
            if doc_id in self.refused and op != "delete":
                raise EsError(
                    400,
                    "document_parsing_exception",
                    f"[1:2] failed to parse field [published] of type [date] in document with"
                    f" id '{doc_id}'. Preview of field's value: '0000-00-00'",
                )
            if op == "delete":
                if doc_id not in index.docs:
                    return {
                        **result,
                        "_version": 1,
                        "result": "not_found",
                        "_shards": SHARDS,
                        "status": 404,
                    }
                del index.docs[doc_id]
                return {
                    **result,
                    "_version": index.versions[doc_id] + 1,
                    "result": "deleted",
                    "_shards": SHARDS,
                    "status": 200,
                }
            if op == "update":
                unknown = set(source) - {
                    "doc",
                    "doc_as_upsert",
                    "upsert",
                    "script",
                    "detect_noop",
                    "_source",
                }
                if unknown:
                    raise EsError(
                        400,
                        "x_content_parse_exception",
                        f"[1:2] [UpdateRequest] unknown field [{sorted(unknown)[0]}]",
                    )
                if doc_id not in index.docs:
                    raise EsError(
                        404,
                        "document_missing_exception",
                        f"[{doc_id}]: document missing",
                        index_uuid=index.uuid,
                        shard="0",
                        index=index.name,
                    )
                source = {**index.docs[doc_id], **source["doc"]}
            created = index.put(doc_id, source, next(self.sequence))
            if op == "update":
                return {
                    **result,
                    "_version": index.versions[doc_id],
                    "result": "updated",
                    "_shards": SHARDS,
                    "status": 200,
                }
            return {
                **result,
                "_version": index.versions[doc_id],
                "result": "created" if created else "updated",
                "_shards": SHARDS,
                "_seq_no": index.order[doc_id],
                "_primary_term": 1,
                "status": 201 if created else 200,
            }
        except EsError as error:
            return {"_index": name, "_id": doc_id, "status": error.status, "error": error.cause}

    def search(self, name, body):
        return searching.search(self.resolve(name), body, self.max_clauses)
