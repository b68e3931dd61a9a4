"""What an Elasticsearch 8 server checks when an index is created and a document written:
index names, index settings, mappings (the parameters each field type takes, analyzers that
exist) and documents against their mappings. Messages are Elasticsearch's own.
"""

import re
from datetime import date, datetime

from tests.search.standin.analysis import build_analyzers
from tests.search.standin.errors import EsError

INDEX_SETTINGS = {
    "index.number_of_shards": (int, 1, 1024),
    "index.number_of_replicas": (int, 0, None),
    "index.max_result_window": (int, 1, None),
    "index.highlight.max_analyzed_offset": (int, 1, None),
    "index.max_terms_count": (int, 1, None),
    "index.refresh_interval": (str, None, None),
    "index.mapping.total_fields.limit": (int, 0, None),
}
DEFAULTS = {"index.max_result_window": 10_000, "index.highlight.max_analyzed_offset": 1_000_000}
COMMON = {"meta", "index", "store", "doc_values", "fields", "copy_to", "boost"}
FIELD_PARAMETERS = {
    "text": COMMON
    | {"analyzer", "search_analyzer", "search_quote_analyzer", "index_options", "norms"}
    | {"term_vector", "similarity", "position_increment_gap", "fielddata", "index_prefixes"}
    | {"index_phrases", "eager_global_ordinals"},
    "keyword": COMMON
    | {"ignore_above", "normalizer", "null_value", "norms", "similarity", "index_options"}
    | {"eager_global_ordinals", "split_queries_on_whitespace", "time_series_dimension"},
    "integer": COMMON | {"null_value", "coerce", "ignore_malformed", "time_series_metric"},
    "long": COMMON | {"null_value", "coerce", "ignore_malformed", "time_series_metric"},
    "float": COMMON | {"null_value", "coerce", "ignore_malformed"},
    "date": COMMON | {"format", "locale", "null_value", "ignore_malformed"},
    "boolean": COMMON | {"null_value"},
    "object": {"enabled", "dynamic", "properties", "subobjects"},
}
FORBIDDEN = re.compile(r'[\\/*?"<>| ,#:]')


def check_index_name(name, aliases):
    if name != name.lower():
        raise _invalid_name(name, "must be lowercase")
    if FORBIDDEN.search(name):
        raise _invalid_name(
            name, 'must not contain the following characters [ , ", *, \\, <, |, ,, >, /, ?]'
        )
    if name[0] in "_-+" or name in (".", ".."):
        raise _invalid_name(name, "must not start with '_', '-', or '+'")
    if len(name.encode()) > 255:
        raise _invalid_name(name, "index name is too long, (> 255)")
    if name in aliases:
        raise _invalid_name(name, "already exists as alias")


def _invalid_name(name, why):
    return EsError(
        400,
        "invalid_index_name_exception",
        f"Invalid index name [{name}], {why}",
        index=name,
        index_uuid="_na_",
    )


def flat_settings(settings, prefix="index"):
    """{"index.x.y": value} of settings given nested, dotted or without their "index." prefix."""
    flat = {}
    for key, value in settings.items():
        path = key if key.startswith("index.") or key == "index" else f"{prefix}.{key}"
        if path == "index":
            flat.update(flat_settings(value))
        elif isinstance(value, dict) and not path.startswith("index.analysis"):
            flat.update(flat_settings(value, path))
        else:
            flat[path] = value
    return flat


def check_settings(settings):
    """(flat settings with defaults, analysis) of an index's settings."""
    flat = flat_settings(settings)
    analysis = flat.pop("index.analysis", {})
    for key, value in flat.items():
        if key not in INDEX_SETTINGS:
            raise EsError(
                400,
                "illegal_argument_exception",
                f"unknown setting [{key}] please check that any required plugins are installed,"
                " or check the breaking changes documentation for removed settings",
            )
        kind, least, most = INDEX_SETTINGS[key]
        try:
            value = kind(value)
        except (TypeError, ValueError):
            raise EsError(
                400,
                "illegal_argument_exception",
                f"Failed to parse value [{value}] for setting [{key}]",
            ) from None
        if kind is int and (value < least or (most is not None and value > most)):
            raise EsError(
                400,
                "illegal_argument_exception",
                f"Failed to parse value [{value}] for setting [{key}] must be >= {least}",
            )
        flat[key] = value
    return {**DEFAULTS, **flat}, analysis


def check_mappings(mappings, analyzers):
    """Mappings as given, once every field's type, parameters and analyzers are known."""
    unknown = set(mappings) - {"dynamic", "properties", "_source", "_meta", "date_detection"}
    if unknown:
        raise _mapping(
            f"Root mapping definition has unsupported parameters:  [{sorted(unknown)[0]}]"
        )
    if mappings.get("dynamic", True) not in (True, False, "true", "false", "strict", "runtime"):
        raise _mapping("Could not convert [dynamic] to boolean")
    _check_properties(mappings.get("properties", {}), analyzers)
    return mappings


def _check_properties(properties, analyzers):
    for name, field in properties.items():
        kind = field.get("type", "object" if "properties" in field or "enabled" in field else None)
        if kind not in FIELD_PARAMETERS:
            raise _mapping(f"No handler for type [{kind}] declared on field [{name}]")
        unknown = set(field) - FIELD_PARAMETERS[kind] - {"type"}
        if unknown:
            raise _mapping(
                f"unknown parameter [{sorted(unknown)[0]}] on mapper [{name}] of type [{kind}]"
            )
        for parameter in ("analyzer", "search_analyzer", "search_quote_analyzer"):
            if parameter in field and field[parameter] not in analyzers:
                raise _mapping(
                    f"analyzer [{field[parameter]}] has not been configured in mappings",
                    "illegal_argument_exception",
                )
        if kind == "object":
            _check_properties(field.get("properties", {}), analyzers)


def _mapping(reason, cause="mapper_parsing_exception"):
    error = EsError(400, "mapper_parsing_exception", f"Failed to parse mapping: {reason}")
    error.details["caused_by"] = {"type": cause, "reason": reason}
    return error


def field_types(mappings, prefix=""):
    """{dotted field name: mapping} of the leaf fields (and disabled objects)."""
    fields = {}
    for name, field in mappings.get("properties", {}).items():
        kind = field.get("type", "object")
        if kind == "object" and field.get("enabled", True):
            fields.update(field_types(field, f"{prefix}{name}."))
        else:
            fields[f"{prefix}{name}"] = field
    return fields


def check_document(source, mappings, doc_id):
    """Refuse a document its index's mappings refuse; returns the fields a dynamic mapping
    adds (name -> mapping)."""
    added = {}
    _check_object(source, mappings, mappings.get("dynamic", True), "", doc_id, added)
    return added


def _check_object(values, mapping, dynamic, prefix, doc_id, added):
    properties = mapping.get("properties", {})
    for name, value in values.items():
        path = f"{prefix}{name}"
        field = properties.get(name)
        if field is None:
            if str(dynamic) == "strict":
                raise EsError(
                    400,
                    "strict_dynamic_mapping_exception",
                    f"[1:2] mapping set to strict, dynamic introduction of [{name}] within"
                    f" [{prefix.rstrip('.') or '_doc'}] is not allowed",
                )
            if str(dynamic).lower() != "false" and value is not None:
                added[path] = _guess(value)
            continue
        kind = field.get("type", "object")
        if kind == "object":
            if not field.get("enabled", True):
                continue
            if not isinstance(value, dict):
                raise _document(
                    path,
                    kind,
                    value,
                    doc_id,
                    "object mapping for [%s] tried to parse field [%s] as object, but found a"
                    " concrete value",
                )
            _check_object(value, field, field.get("dynamic", dynamic), f"{path}.", doc_id, added)
            continue
        for item in value if isinstance(value, list) else [value]:
            if item is not None and not _fits(kind, item):
                raise _document(path, kind, item, doc_id)


def _fits(kind, value):
    if kind in ("integer", "long"):
        return (isinstance(value, int) and not isinstance(value, bool)) or (
            isinstance(value, str) and value.lstrip("-").isdigit()
        )
    if kind == "float":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind == "date":
        try:
            (datetime if "T" in str(value) else date).fromisoformat(str(value))
        except ValueError:
            return False
        return True
    if kind == "boolean":
        return isinstance(value, bool) or value in ("true", "false")
    return isinstance(value, str | int | float | bool)


def _document(path, kind, value, doc_id, reason=None):
    return EsError(
        400,
        "document_parsing_exception",
        reason % (path, path)
        if reason
        else f"[1:2] failed to parse field [{path}] of type [{kind}] in document with id"
        f" '{doc_id}'. Preview of field's value: '{value}'",
    )


def _guess(value):
    """Elasticsearch's dynamic mapping of a new field (an index created by a write)."""
    sample = value[0] if isinstance(value, list) and value else value
    if isinstance(sample, bool):
        return {"type": "boolean"}
    if isinstance(sample, int):
        return {"type": "long"}
    if isinstance(sample, float):
        return {"type": "float"}
    if isinstance(sample, dict):
        return {"type": "object"}
    if isinstance(sample, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}.*", sample):
        return {"type": "date"}
    return {"type": "text", "fields": {"keyword": {"type": "keyword", "ignore_above": 256}}}


def check_create_body(body):
    unknown = set(body) - {"settings", "mappings", "aliases"}
    if unknown:
        raise EsError(
            400, "parse_exception", f"unknown key [{sorted(unknown)[0]}] for create index"
        )
    settings, analysis = check_settings(body.get("settings", {}))
    analyzers = build_analyzers(analysis)
    mappings = check_mappings(body.get("mappings", {}), analyzers)
    return settings, analyzers, mappings
