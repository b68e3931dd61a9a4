"""The Elasticsearch backend against the stand-in server (tests/search/standin): the index
as elasticsearch-dsl declares it, query bodies, a recorded response, bulk writes, the first
index and the alias swap of a rebuild. (The contract suite runs against the stand-in too,
and against a live server when ELASTICSEARCH_URL is set.)"""

import json
import logging
from pathlib import Path

import pytest
from django.http import QueryDict
from elasticsearch import Elasticsearch
from elasticsearch_dsl import Document, Index

from search import analysis, documents, service
from search.backends.elasticsearch import ElasticsearchBackend
from search.backends.elasticsearch_index import (
    ResourceDocument,
    declared_index,
    index_body,
    source_of,
)

RESPONSE = json.loads((Path(__file__).parent / "fixtures" / "es_search_response.json").read_text())
LEAFLET = "what-is-human-trafficking-leaflet"


def backend_for(server, alias="hub-test"):
    return ElasticsearchBackend(client=Elasticsearch(server.url), alias=alias, backoff=0)


def request(query_string, **kwargs):
    return service.parse(QueryDict(query_string), **kwargs)


def offline_backend():
    return ElasticsearchBackend(client=Elasticsearch("http://127.0.0.1:9"))


def test_the_index_is_declared_with_elasticsearch_dsl():
    assert issubclass(ResourceDocument, Document)
    index = declared_index("hub-resources-1")
    assert isinstance(index, Index) and index._name == "hub-resources-1"
    body = index_body()
    properties = body["mappings"]["properties"]
    assert properties["title_fr"] == {"type": "text", "analyzer": "hub_fr"}
    assert properties["body_ar"] == {"type": "text", "analyzer": "hub_ar"}
    assert properties["attachment_hr"] == {"type": "text", "analyzer": "hub_hr"}
    assert properties["display"] == {"type": "object", "enabled": False}
    for facet in documents.FACETS:
        assert properties[facet] == {"type": "keyword"}
    assert body["mappings"]["dynamic"] == "strict"
    analyzers = body["settings"]["analysis"]["analyzer"]
    assert "asciifolding" in analyzers["hub_fr"]["filter"]  # "etres" finds "êtres"
    assert analyzers["hub_fr"]["filter"][-1] == "hub_fr_stemmer"
    assert body["settings"]["analysis"]["filter"]["hub_nl_stemmer"]["language"] == "dutch"
    # The limits the backend keeps within, written on the index.
    assert body["settings"]["max_result_window"] == 10_000
    assert body["settings"]["highlight"] == {"max_analyzed_offset": 1_000_000}


def test_a_strict_server_accepts_the_index(standin):
    client = Elasticsearch(standin.url)
    assert client.indices.create(index="hub-resources-1", **index_body())["acknowledged"]
    stored = standin.indexes["hub-resources-1"]
    assert stored.settings["index.max_result_window"] == 10_000
    assert {"hub_en", "hub_fr", "hub_es", "hub_ar", "hub_hr", "hub_nl"} <= set(stored.analyzers)


@pytest.mark.django_db
def test_query_body_is_disjunctive_and_boosts_the_readers_language():
    search_request = request(
        "q=travail forcé&kind=tool&kind=guidance&country=GB&lang=fr&page=2&page_size=5"
    )
    body = offline_backend().build_search(search_request, analysis.analyse(search_request.q))
    body = body.to_dict()

    # The facet selections filter the hits (post_filter), not the aggregations...
    assert body["post_filter"] == {
        "bool": {
            "filter": [{"terms": {"kind": ["tool", "guidance"]}}, {"terms": {"country": ["GB"]}}]
        }
    }
    # ...and each facet's counts ignore its own selection only.
    assert body["aggs"]["kind"]["filter"] == {"bool": {"filter": [{"terms": {"country": ["GB"]}}]}}
    assert (
        body["aggs"]["theme"]["filter"]["bool"]["filter"] == body["post_filter"]["bool"]["filter"]
    )
    assert body["aggs"]["year"]["aggs"]["values"]["terms"]["field"] == "year"
    # Synonyms: "travail forcé" matches "forced labour" as a phrase; each phrase of a language
    # is looked for in that language's fields (and the taxonomy labels), boosted for French.
    should = body["query"]["bool"]["must"][0]["bool"]["should"]
    phrases = {clause["multi_match"]["query"]: clause["multi_match"] for clause in should}
    assert {"forced labour", "travail force", "dwangarbeid"} <= set(phrases)
    assert phrases["travail force"]["fields"] == [
        "title_fr^15",
        "summary_fr^6",
        "body_fr^1.5",
        "attachment_fr^1.5",
        "context^2",
    ]
    assert phrases["forced labour"]["fields"][0] == "title_en^10"
    assert {clause["multi_match"]["type"] for clause in should} == {"phrase"}
    assert body["from"] == 5 and body["size"] == 5 and body["track_total_hits"] is True
    assert body["sort"][0] == "_score"
    assert body["highlight"]["encoder"] == "html"
    assert body["highlight"]["pre_tags"] == ["<mark>"]
    # Only what a view restriction lets an anonymous reader find, in hits and counts alike.
    assert body["query"]["bool"]["filter"] == [{"terms": {"access": ["public"]}}]


@pytest.mark.django_db
def test_browse_and_newest_sort_by_date():
    body = offline_backend().build_search(request("sort=newest"), []).to_dict()
    assert body["query"] == {"bool": {"filter": [{"terms": {"access": ["public"]}}]}}
    assert body["sort"][0] == {"published": {"order": "desc", "missing": "_last"}}
    assert "post_filter" not in body and "highlight" not in body


@pytest.mark.django_db
def test_recorded_response_becomes_results():
    search_request = request("q=travail forcé&lang=fr&kind=tool")
    raw = offline_backend().parse_response(RESPONSE, search_request)

    assert raw.total == 2
    first, second = raw.hits
    assert first.page_id == 12 and first.kind == "tool"
    assert first.highlight == "Les signes de <mark>travail forcé</mark> comprennent"  # reader's
    assert not first.matched_documents
    assert second.matched_documents and second.highlight.startswith("the <mark>forced")
    assert second.published is None
    assert raw.facets["kind"] == {"tool": 2, "guidance": 2, "case_study": 1}
    assert raw.facets["audience"] == {}

    result = service.to_result(first, "fr")
    assert result.title.startswith("Indicateurs de traite")
    assert result.url == "/fr/bibliotheque/indicateurs/"
    assert result.society == {"value": "british-red-cross", "label": "Croix-Rouge britannique"}
    assert result.documents == []  # the match was not inside the documents
    assert service.to_result(second, "fr").documents[0]["title"] == "Visit form"


@pytest.mark.django_db
def test_documents_are_sent_in_bulk_through_the_alias(resources, standin):
    pages = [resources["step-integration-pilot-uk"], resources[LEAFLET]]
    backend = backend_for(standin)
    backend.index([documents.build(page) for page in pages])
    backend.remove([pages[1].pk])

    lines = standin.bulk_lines()
    assert lines[0] == {"index": {"_index": "hub-test", "_id": str(pages[0].pk)}}
    assert lines[1]["page_id"] == pages[0].pk and "Ashiana" in lines[1]["body_fr"]
    assert lines[-1] == {"delete": {"_index": "hub-test", "_id": str(pages[1].pk)}}
    bulks = [path for method, path, _body in standin.requests if "/_bulk" in path]
    assert bulks and all("refresh=wait_for" in path for path in bulks)
    assert all("require_alias=true" in path for path in bulks)  # never an index in its place
    (index,) = standin.indexes.values()
    assert set(index.docs) == {str(pages[0].pk)}

    source = source_of(documents.build(pages[0]))
    assert source["kind"] == ["case_study"]
    assert source["society"] == ["british-red-cross"]
    assert source["display"]["urls"]["fr"].startswith("/fr/bibliotheque/")


@pytest.mark.django_db
def test_first_write_creates_the_index_with_its_alias_in_one_request(resources, standin):
    backend_for(standin).index([documents.build(resources["step-integration-pilot-uk"])])
    created = [call for call in standin.calls("PUT", "/hub-test-") if "/_alias/" not in call[1]]
    assert len(created) == 1
    body = json.loads(created[0][2])
    assert body["mappings"]["properties"]["title_fr"]["analyzer"] == "hub_fr"
    assert body["aliases"] == {"hub-test": {"is_write_index": True}}
    assert standin.aliases == {"hub-test-first": "hub-test"}


@pytest.mark.django_db
def test_rebuild_fills_a_new_index_and_swaps_the_alias(resources, standin):
    backend = backend_for(standin)
    docs = [documents.build(page) for page in resources.values()]
    backend.index(docs[:1])
    assert standin.aliases == {"hub-test-first": "hub-test"}

    backend.rebuild(iter(docs), total=len(docs))

    created = [path for _m, path, _b in standin.calls("PUT", "/hub-test-20")]
    assert len(created) == 1
    new_index = created[0].strip("/").split("?")[0]
    indexed = [line for line in standin.bulk_lines() if "index" in line]
    assert {line["index"]["_index"] for line in indexed[1:]} == {new_index}
    # One atomic request moves the alias and deletes the index it leaves.
    (swap,) = [json.loads(body) for _m, _p, body in standin.calls("POST", "/_aliases")]
    assert swap["actions"] == [
        {"remove_index": {"index": "hub-test-first"}},
        {"add": {"index": new_index, "alias": "hub-test", "is_write_index": True}},
    ]
    assert standin.aliases == {new_index: "hub-test"}
    assert set(standin.indexes) == {new_index}
    assert len(standin.indexes[new_index].docs) == len(docs)


@pytest.mark.django_db
def test_publishing_works_when_elasticsearch_is_down(
    settings, resources, caplog, django_capture_on_commit_callbacks
):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens there
    settings.SEARCH_BACKEND = "search.backends.elasticsearch.ElasticsearchBackend"
    service.get_backend.cache_clear()
    page = resources[LEAFLET]
    page.summary_en = "Updated while the search server is down."
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    page.refresh_from_db()
    assert page.summary_en == "Updated while the search server is down."
    assert "rebuild_search_index" in caplog.text
    service.get_backend.cache_clear()


@pytest.mark.django_db
def test_restricted_resources_carry_their_access_and_members_find_them(resources, standin):
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    from hub.restrictions import Viewer

    page = resources["step-integration-pilot-uk"]
    group = Group.objects.create(name="Outreach workers")
    restriction = PageViewRestriction.objects.create(page=page, restriction_type="groups")
    restriction.groups.add(group)
    token = f"groups:{group.pk}"
    assert source_of(documents.build(page))["access"] == token
    assert source_of(documents.build(resources[LEAFLET]))["access"] == "public"

    def access_filter(viewer):
        search_request = request("q=pilot", viewer=viewer)
        body = offline_backend().build_search(search_request, analysis.analyse("pilot"))
        return body.to_dict()["query"]["bool"]["filter"]

    assert access_filter(Viewer(authenticated=True)) == [{"terms": {"access": ["public"]}}]
    in_group = Viewer(authenticated=True, groups=frozenset({group.pk}))
    assert access_filter(in_group) == [{"terms": {"access": [token, "public"]}}]

    # A change of restriction rewrites the access of what is under it, in one bulk.
    backend = backend_for(standin)
    backend.index([documents.build(page), documents.build(resources[LEAFLET])])
    backend.update_access({page.pk: "login", resources[LEAFLET].pk: "public", 999_999: "login"})
    lines = [line for line in standin.bulk_lines() if "update" in line or "doc" in line]
    assert lines[0] == {"update": {"_index": "hub-test", "_id": str(page.pk)}}
    assert lines[1] == {"doc": {"access": "login"}}
    assert lines[3] == {"doc": {"access": "public"}}
    (index,) = standin.indexes.values()
    assert index.docs[str(page.pk)]["access"] == "login"
