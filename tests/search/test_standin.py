"""The stand-in refuses what Elasticsearch 8 refuses, with its status and error type, and
answers in its shapes (the reference's pages for the create index, aliases, bulk and search
APIs), so that a test passing against it does not pass by leniency."""

import pytest
from elasticsearch import ApiError, Elasticsearch

from search.backends.elasticsearch_index import index_body

BODY = index_body()


@pytest.fixture
def es(standin):
    return Elasticsearch(standin.url)


def refused(call):
    with pytest.raises(ApiError) as raised:
        call()
    error = raised.value.body["error"]
    return (
        raised.value.status_code,
        error["root_cause"][0]["type"],
        error["root_cause"][0]["reason"],
    )


def with_settings(**changes):
    body = {"settings": dict(BODY["settings"]), "mappings": BODY["mappings"]}
    body["settings"].update(changes)
    return body


def with_analysis(kind, name, definition):
    analysis = {key: dict(value) for key, value in BODY["settings"]["analysis"].items()}
    analysis[kind][name] = definition
    return with_settings(analysis=analysis)


@pytest.mark.parametrize(
    ("body", "kind", "reason"),
    [
        (with_settings(max_result_windows=5), "illegal_argument_exception", "unknown setting"),
        (with_settings(number_of_shards="many"), "illegal_argument_exception", "Failed to parse"),
        (
            with_analysis("filter", "hub_xx", {"type": "stemmer", "language": "croatian"}),
            "illegal_argument_exception",
            "unknown language [croatian]",
        ),
        (
            with_analysis("filter", "hub_xx", {"type": "snowball", "language": "Croatian"}),
            "illegal_argument_exception",
            "CroatianStemmer",
        ),
        (
            with_analysis("filter", "hub_xx", {"type": "stemer", "language": "english"}),
            "illegal_argument_exception",
            "Unknown filter type [stemer]",
        ),
        (
            with_analysis("filter", "hub_xx", {"type": "stop", "stopwords": "_klingon_"}),
            "illegal_argument_exception",
            "unknown stop words",
        ),
        (
            with_analysis("filter", "hub_xx", {"type": "stop", "stop_words": "_english_"}),
            "illegal_argument_exception",
            "unknown setting [index.analysis.filter.hub_xx.stop_words]",
        ),
        (
            with_analysis("analyzer", "hub_xx", {"tokenizer": "standard", "filter": ["nope"]}),
            "illegal_argument_exception",
            "failed to find filter under name [nope]",
        ),
        (
            with_analysis("analyzer", "hub_xx", {"tokenizer": "kuromoji_tokenizer"}),
            "illegal_argument_exception",
            "failed to find tokenizer",
        ),
        (
            {"mappings": {"properties": {"title": {"type": "text", "analyser": "standard"}}}},
            "mapper_parsing_exception",
            "unknown parameter [analyser] on mapper [title] of type [text]",
        ),
        (
            {"mappings": {"properties": {"title": {"type": "text", "analyzer": "hub_xx"}}}},
            "mapper_parsing_exception",
            "analyzer [hub_xx] has not been configured in mappings",
        ),
        (
            {"mappings": {"properties": {"title": {"type": "string"}}}},
            "mapper_parsing_exception",
            "No handler for type [string] declared on field [title]",
        ),
        ({"setting": {}}, "parse_exception", "unknown key [setting] for create index"),
    ],
)
def test_index_bodies_elasticsearch_refuses_are_refused(es, body, kind, reason):
    status, found_kind, found_reason = refused(lambda: es.indices.create(index="x", body=body))
    assert (status, found_kind) == (400, kind)
    assert reason in found_reason


def test_index_and_alias_names_follow_elasticsearchs_rules(es):
    assert refused(lambda: es.indices.create(index="Hub"))[:2] == (
        400,
        "invalid_index_name_exception",
    )
    assert refused(lambda: es.indices.create(index="_hub"))[:2] == (
        400,
        "invalid_index_name_exception",
    )
    es.indices.create(index="hub-1", aliases={"hub": {}})
    assert refused(lambda: es.indices.create(index="hub-1"))[:2] == (
        400,
        "resource_already_exists_exception",
    )
    assert refused(lambda: es.indices.create(index="hub"))[2].endswith("already exists as alias")
    assert refused(lambda: es.indices.put_alias(index="hub-1", name="hub-1"))[:2] == (
        400,
        "invalid_alias_name_exception",
    )
    assert refused(lambda: es.indices.delete(index="hub"))[2].startswith(
        "The provided expression [hub] matches an alias"
    )


def test_alias_actions_are_atomic_and_refused_on_missing_indexes(es, standin):
    es.indices.create(index="hub-1", aliases={"hub": {}})
    status, kind, _reason = refused(
        lambda: es.indices.update_aliases(
            actions=[
                {"remove": {"index": "hub-1", "alias": "hub"}},
                {"add": {"index": "hub-2", "alias": "hub"}},
            ]
        )
    )
    assert (status, kind) == (404, "index_not_found_exception")
    assert standin.aliases == {"hub-1": "hub"}  # the remove did not happen either
    status, kind, _reason = refused(
        lambda: es.indices.update_aliases(
            actions=[{"remove": {"index": "hub-1", "alias": "other"}}]
        )
    )
    assert (status, kind) == (404, "aliases_not_found_exception")


def test_writes_go_to_an_aliases_write_index_only(es):
    es.indices.create(index="hub-1", aliases={"hub": {}}, mappings={"dynamic": "strict"})
    es.indices.create(index="hub-2", aliases={"hub": {}}, mappings={"dynamic": "strict"})
    answer = es.bulk(operations=[{"index": {"_index": "hub", "_id": "1"}}, {}])
    item = answer["items"][0]["index"]
    assert answer["errors"] and item["status"] == 400
    assert item["error"]["reason"].startswith("no write index is defined for alias [hub]")


def test_writes_without_an_index_create_one_unless_an_alias_is_required(es, standin):
    answer = es.bulk(
        operations=[{"index": {"_index": "hub", "_id": "1"}}, {"title": "x"}], require_alias=True
    )
    assert answer["items"][0]["index"]["status"] == 404
    assert (
        "[require_alias] request flag is [true]" in answer["items"][0]["index"]["error"]["reason"]
    )
    assert standin.indexes == {}
    es.bulk(operations=[{"index": {"_index": "hub", "_id": "1"}}, {"title": "x"}])
    assert standin.indexes["hub"].mappings["properties"]["title"]["type"] == "text"  # guessed


def test_bulk_answers_item_by_item_as_elasticsearch_does(es):
    es.indices.create(index="hub-1", **BODY)
    answer = es.bulk(
        operations=[
            {"index": {"_index": "hub-1", "_id": "1"}},
            {"page_id": 1, "title_en": "Leaflet"},
            {"index": {"_index": "hub-1", "_id": "1"}},
            {"page_id": 1, "title_en": "Leaflet, again"},
            {"delete": {"_index": "hub-1", "_id": "2"}},
            {"update": {"_index": "hub-1", "_id": "3"}},
            {"doc": {"access": "login"}},
            {"index": {"_index": "hub-1", "_id": "4"}},
            {"page_id": 4, "colour": "red"},
            {"index": {"_index": "hub-1", "_id": "5"}},
            {"page_id": "five"},
        ]
    )
    items = [next(iter(item.values())) for item in answer["items"]]
    assert answer["errors"] is True
    assert [item["status"] for item in items] == [201, 200, 404, 404, 400, 400]
    assert [item.get("result") for item in items[:3]] == ["created", "updated", "not_found"]
    assert "error" not in items[2]  # a missing document to delete is no error
    assert items[3]["error"]["type"] == "document_missing_exception"
    assert items[4]["error"]["type"] == "strict_dynamic_mapping_exception"
    assert items[5]["error"]["type"] == "document_parsing_exception"


def search_of(es, **body):
    return lambda: es.search(index="hub-1", body=body)


def test_searches_elasticsearch_refuses_are_refused(es, standin):
    es.indices.create(index="hub-1", **BODY)
    es.index(
        index="hub-1",
        id="1",
        document={"page_id": 1, "body_en": "x" * 1_000_001 + " needle"},
        refresh=True,
    )
    standin.cluster.max_clauses = 1024
    too_many = {"bool": {"should": [{"terms": {"kind": [str(n)]}} for n in range(1025)]}}
    cases = [
        (
            search_of(es, size=20, **{"from": 9_990}),
            "illegal_argument_exception",
            "Result window is too large",
        ),
        (search_of(es, query=too_many), "too_many_nested_clauses", "maxClauseCount is set to 1024"),
        (search_of(es, query={"match_everything": {}}), "parsing_exception", "unknown query"),
        (
            search_of(es, query={"match_all": {"bost": 2}}),
            "parsing_exception",
            "does not support [bost]",
        ),
        (search_of(es, qurey={}), "parsing_exception", "Unknown key"),
        (
            search_of(
                es, query={"multi_match": {"query": "x", "fields": ["title_fr^2", "title_fr"]}}
            ),
            "illegal_argument_exception",
            "named twice",
        ),
        (
            search_of(es, sort=[{"title_en": "asc"}]),
            "illegal_argument_exception",
            "Fielddata is disabled",
        ),
        (search_of(es, sort=[{"nowhere": "asc"}]), "query_shard_exception", "No mapping found"),
        (
            search_of(es, aggs={"t": {"terms": {"field": "body_en"}}}),
            "illegal_argument_exception",
            "Fielddata is disabled",
        ),
        (
            search_of(
                es,
                query={"multi_match": {"query": "needle", "fields": ["body_en"]}},
                highlight={"fields": {"body_en": {}}},
            ),
            "illegal_argument_exception",
            "exceeds the [index.highlight.max_analyzed_offset] limit [1000000]",
        ),
    ]
    for call, kind, reason in cases:
        status, found_kind, found_reason = refused(call)
        assert (status, found_kind) == (400, kind), found_reason
        assert reason in found_reason
    assert refused(lambda: es.search(index="nowhere"))[:2] == (404, "index_not_found_exception")


def test_search_answers_in_elasticsearchs_shape(es):
    es.indices.create(index="hub-1", **BODY)
    text = "Don't <script>alert('x')</script> the leaflet/guide"
    es.index(
        index="hub-1",
        id="1",
        document={"page_id": 1, "body_en": text, "kind": ["tool"]},
        refresh=True,
    )
    answer = es.search(
        index="hub-1",
        query={"multi_match": {"query": "leaflet", "fields": ["body_en"]}},
        highlight={"encoder": "html", "fields": {"body_en": {"max_analyzed_offset": 1_000_000}}},
        aggs={"kind": {"terms": {"field": "kind"}}},
        track_total_hits=True,
    )
    assert answer["hits"]["total"] == {"value": 1, "relation": "eq"}
    assert answer["hits"]["hits"][0]["highlight"]["body_en"] == [
        "Don&#x27;t &lt;script&gt;alert(&#x27;x&#x27;)&lt;&#x2F;script&gt;"
        " the <em>leaflet</em>&#x2F;guide"
    ]
    assert answer["aggregations"]["kind"]["buckets"] == [{"key": "tool", "doc_count": 1}]
    assert "total" not in es.search(index="hub-1", track_total_hits=False)["hits"]
