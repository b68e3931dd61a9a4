"""The search API over the stand-in's indexes: the body's keys checked, the query, the
post_filter, sorting, paging within `index.max_result_window`, `hits.total` as
{value, relation}, filter and terms aggregations (with `include` and `exclude`: Lucene
regular expressions, search.standin.regexp, or lists of terms), _source filtering,
highlighting and the term suggester (search.standin.suggesting), each refused where
Elasticsearch refuses it (shape of the answer:
https://www.elastic.co/guide/en/elasticsearch/reference/8.19/search-search.html#search-api-response-body).
"""

import fnmatch
from datetime import UTC, date, datetime

from tests.search.standin import highlight, queries, suggesting
from tests.search.standin.errors import EsError, ShardFailure, parsing
from tests.search.standin.regexp import compile_lucene

BODY_KEYS = {
    "query", "post_filter", "aggs", "aggregations", "sort", "from", "size", "highlight",
    "_source", "track_total_hits", "track_scores", "search_after", "timeout", "min_score",
    "explain", "version", "seq_no_primary_term", "stored_fields", "docvalue_fields", "fields",
    "suggest", "collapse", "rescore", "pit", "runtime_mappings", "profile", "indices_boost",
    "terminate_after", "stats", "ext",
}  # fmt: skip
TERMS_KEYS = {
    "field", "size", "shard_size", "min_doc_count", "order", "missing", "include", "exclude",
    "execution_hint", "collect_mode", "show_term_doc_count_error", "value_type", "format",
}  # fmt: skip
LONG_MIN, LONG_MAX = -(2**63), 2**63 - 1
FIELDDATA = (
    "Fielddata is disabled on [{field}] in [{index}]. Text fields are not optimised for"
    " operations that require per-document field data like aggregations and sorting, so these"
    " operations are disabled by default. Please use a keyword field instead. Alternatively,"
    " set fielddata=true on [{field}] in order to load field data by uninverting the inverted"
    " index. Note that this can use significant memory."
)


def search(indexes, body, max_clauses):
    unknown = set(body) - BODY_KEYS
    if unknown:
        raise parsing(f"Unknown key for a START_OBJECT in [{sorted(unknown)[0]}].")
    label = indexes[0].name if indexes else "_na_"
    corpus = queries.Corpus(indexes)
    query = queries.parse(body.get("query", {"match_all": {}}))
    post_filter = queries.parse(body["post_filter"]) if "post_filter" in body else None
    aggregations = _parse_aggs(body.get("aggs", body.get("aggregations", {})), corpus, label)
    suggestions = suggesting.parse(body["suggest"]) if "suggest" in body else None
    checked = [query, post_filter, *(agg["filter"] for agg in _walk(aggregations))]
    for node in filter(None, checked):
        if node.clauses(corpus) > max_clauses:
            # Status 400 since elastic/elasticsearch#112177 (a 500 before).
            raise ShardFailure(
                400,
                "too_many_nested_clauses",
                f"Query contains too many nested clauses; maxClauseCount is set to {max_clauses}",
                label,
            )
    offset, size = body.get("from", 0), body.get("size", 10)
    for name, value in (("from", offset), ("size", size)):
        if not isinstance(value, int) or value < 0:
            raise EsError(
                400,
                "illegal_argument_exception",
                f"[{name}] parameter cannot be negative, found [{value}]",
            )
    window = min((index.settings["index.max_result_window"] for index in indexes), default=10_000)
    if offset + size > window:
        raise ShardFailure(
            400,
            "illegal_argument_exception",
            f"Result window is too large, from + size must be less than or equal to: [{window}]"
            f" but was [{offset + size}]. See the scroll api for a more efficient way to request"
            " large data sets. This limit can be set by changing the [index.max_result_window]"
            " index level setting.",
            label,
        )
    fields = highlight.parse(body["highlight"]) if "highlight" in body else {}
    sort = _parse_sort(body.get("sort", ["_score"]), corpus, label)

    matched = query.run(corpus)
    hits = post_filter.run(corpus).keys() & matched.keys() if post_filter else matched.keys()
    ordered = sorted(hits, key=lambda key: _sort_key(sort, key, matched[key], corpus))
    scored = any(field == "_score" for field, _order, _missing in sort)
    page = []
    for key in ordered[offset : offset + size]:
        index = corpus.index(key)
        hit = {"_index": key[0], "_id": key[1], "_score": matched[key] if scored else None}
        if body.get("_source", True) is not False:
            hit["_source"] = _filtered(index.docs[key[1]], body.get("_source", True))
        if body.get("sort"):
            hit["sort"] = [_value(s, key, matched[key], corpus) for s in sort]
        if fields:
            marked = highlight.highlight(fields, query, corpus, key, index)
            if marked:
                hit["highlight"] = marked
        page.append(hit)
    answer = {
        "took": 1,
        "timed_out": False,
        "_shards": {"total": len(indexes), "successful": len(indexes), "skipped": 0, "failed": 0},
        "hits": {
            **_total(body.get("track_total_hits", 10_000), len(hits)),
            "max_score": max((matched[k] for k in hits), default=None) if scored else None,
            "hits": page,
        },
    }
    if aggregations:
        answer["aggregations"] = _run_aggs(aggregations, set(matched), corpus)
    if suggestions is not None:
        answer["suggest"] = suggesting.run(suggestions, corpus, label)
    return answer


def _total(track, count):
    if track is False:
        return {}
    if track is True:
        return {"total": {"value": count, "relation": "eq"}}
    if count > track:
        return {"total": {"value": track, "relation": "gte"}}
    return {"total": {"value": count, "relation": "eq"}}


def _filtered(source, spec):
    if spec is True:
        return source
    includes = spec if isinstance(spec, list) else spec.get("includes", ["*"])
    return {k: v for k, v in source.items() if any(fnmatch.fnmatch(k, p) for p in includes)}


def _parse_sort(spec, corpus, label):
    parsed = []
    for item in spec if isinstance(spec, list) else [spec]:
        if isinstance(item, str):
            field, options = item, {}
        else:
            ((field, options),) = item.items()
            options = {"order": options} if isinstance(options, str) else options
        order = options.get("order", "desc" if field == "_score" else "asc")
        if field != "_score":
            mapping = corpus.mapping(field)
            if mapping is None and "unmapped_type" not in options:
                raise ShardFailure(
                    400,
                    "query_shard_exception",
                    f"No mapping found for [{field}] in order to sort on",
                    label,
                )
            if mapping and mapping.get("type") == "text":
                raise ShardFailure(
                    400,
                    "illegal_argument_exception",
                    FIELDDATA.format(field=field, index=label),
                    label,
                )
        parsed.append((field, order, options.get("missing", "_last")))
    return parsed


def _value(sort, key, score, corpus):
    field, order, missing = sort
    if field == "_score":
        return score
    values = corpus.values(key, field)
    if not values:
        return LONG_MIN if (order == "desc") == (missing == "_last") else LONG_MAX
    value = values[0]
    if (corpus.mapping(field) or {}).get("type") == "date":
        day = datetime.combine(date.fromisoformat(str(value)[:10]), datetime.min.time(), UTC)
        return int(day.timestamp() * 1000)
    return value


def _sort_key(sort, key, score, corpus):
    parts = []
    for item in sort:
        value = _value(item, key, score, corpus)
        parts.append(-value if item[1] == "desc" and isinstance(value, int | float) else value)
    parts.append(corpus.index(key).order[key[1]])  # ties: the order documents came in
    return parts


def _parse_aggs(spec, corpus, label):
    parsed = {}
    for name, body in spec.items():
        sub = body.get("aggs", body.get("aggregations", {}))
        kinds = [kind for kind in body if kind not in ("aggs", "aggregations", "meta")]
        if len(kinds) != 1:
            raise parsing(f"Expected one aggregation type for [{name}]")
        kind = kinds[0]
        if kind == "filter":
            parsed[name] = {
                "filter": queries.parse(body["filter"]),
                "aggs": _parse_aggs(sub, corpus, label),
            }
        elif kind == "terms":
            options = body["terms"]
            unknown = set(options) - TERMS_KEYS
            if unknown:
                raise EsError(
                    400,
                    "x_content_parse_exception",
                    f"[1:1] [terms] unknown field [{sorted(unknown)[0]}]",
                )
            if options.get("size", 10) <= 0:
                raise EsError(
                    400,
                    "illegal_argument_exception",
                    f"[size] must be greater than 0. Found [{options['size']}] in [{name}]",
                )
            mapping = corpus.mapping(options.get("field"))
            if mapping and mapping.get("type") == "text":
                raise ShardFailure(
                    400,
                    "illegal_argument_exception",
                    FIELDDATA.format(field=options["field"], index=label),
                    label,
                )
            parsed[name] = {
                "terms": options,
                "filter": None,
                "accept": _include_exclude(options),
                "aggs": _parse_aggs(sub, corpus, label),
            }
        else:
            raise EsError(
                400, "parsing_exception", f"Unknown aggregation type [{kind}]", line=1, col=1
            )
    return parsed


def _include_exclude(options):
    """Whether a terms aggregation keeps a term: `include` and `exclude` each a Lucene
    regular expression or a list of terms (IncludeExclude), exclusion winning."""
    tests = []
    for name in ("include", "exclude"):
        spec = options.get(name)
        if spec is None:
            tests.append(None)
        elif isinstance(spec, str):
            tests.append(compile_lucene(spec).fullmatch)
        elif isinstance(spec, list):
            tests.append({str(value) for value in spec}.__contains__)
        elif name == "include" and isinstance(spec, dict):
            raise EsError(
                400, "illegal_argument_exception", "the stand-in does not emulate partitions"
            )
        else:
            kind = "START_OBJECT" if isinstance(spec, dict) else "VALUE"
            raise EsError(
                400, "illegal_argument_exception", f"Unrecognized token for an {name} [{kind}]"
            )
    include, exclude = tests
    return lambda term: (
        (include is None or bool(include(term))) and not (exclude is not None and exclude(term))
    )


def _walk(aggregations):
    for agg in aggregations.values():
        yield agg
        yield from _walk(agg["aggs"])


def _run_aggs(aggregations, keys, corpus):
    answer = {}
    for name, agg in aggregations.items():
        if agg["filter"] is not None:
            inside = keys & set(agg["filter"].run(corpus))
            answer[name] = {"doc_count": len(inside), **_run_aggs(agg["aggs"], inside, corpus)}
        else:
            counts = {}
            for key in keys:
                for value in set(map(str, corpus.values(key, agg["terms"]["field"]))):
                    if agg["accept"](value):
                        counts[value] = counts.get(value, 0) + 1
            ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
            size = agg["terms"].get("size", 10)
            answer[name] = {
                "doc_count_error_upper_bound": 0,
                "sum_other_doc_count": sum(count for _v, count in ordered[size:]),
                "buckets": [{"key": value, "doc_count": count} for value, count in ordered[:size]],
            }
    return answer
