"""The Elasticsearch backend without a server: mappings, query bodies, recorded responses,
bulk operations and the alias swap of a rebuild. (With ELASTICSEARCH_URL set, the contract
suite also runs against a live server.)"""

import json
import logging
from pathlib import Path

import pytest
from django.http import QueryDict
from elasticsearch import Elasticsearch

from search import analysis, documents, service
from search.backends.elasticsearch import ElasticsearchBackend, index_body, source_of
from tests.search.es_server import FakeElasticsearch

RESPONSE = json.loads((Path(__file__).parent / "fixtures" / "es_search_response.json").read_text())


def backend_for(server, alias="hub-test"):
    return ElasticsearchBackend(client=Elasticsearch(server.url), alias=alias)


def request(query_string):
    return service.parse(QueryDict(query_string))


def test_mapping_has_language_analyzers_and_keyword_facets():
    body = index_body()
    properties = body["mappings"]["properties"]
    assert properties["title_fr"] == {"type": "text", "analyzer": "hub_fr"}
    assert properties["body_ar"] == {"type": "text", "analyzer": "hub_ar"}
    assert properties["attachment_hr"] == {"type": "text", "analyzer": "hub_hr"}
    for facet in (
        "kind",
        "theme",
        "exploitation",
        "audience",
        "country",
        "society",
        "language",
        "year",
    ):
        assert properties[facet] == {"type": "keyword"}
    analyzers = body["settings"]["analysis"]["analyzer"]
    assert "asciifolding" in analyzers["hub_fr"]["filter"]  # "etres" finds "êtres"
    assert analyzers["hub_fr"]["filter"][-1] == "hub_fr_stemmer"
    assert body["settings"]["analysis"]["filter"]["hub_nl_stemmer"]["language"] == "dutch"
    assert "hub_hr_suffixes" in analyzers["hub_hr"]["filter"]
    assert body["mappings"]["dynamic"] == "strict"


@pytest.mark.django_db
def test_query_body_is_disjunctive_and_boosts_the_readers_language():
    backend = ElasticsearchBackend(client=Elasticsearch("http://127.0.0.1:9"))
    search_request = request(
        "q=travail forcé&kind=tool&kind=guidance&country=GB&lang=fr&page=2&page_size=5"
    )
    body = backend.build_search(search_request, analysis.analyse(search_request.q)).to_dict()

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
    # Synonyms: "travail forcé" matches "forced labour" as a phrase, in every language.
    should = body["query"]["bool"]["must"][0]["bool"]["should"]
    phrases = {clause["multi_match"]["query"] for clause in should}
    assert {"forced labour", "travail force", "dwangarbeid"} <= phrases
    fields = should[0]["multi_match"]["fields"]
    assert "title_fr^15" in fields and "title_en^10" in fields and "context^2" in fields
    assert body["from"] == 5 and body["size"] == 5 and body["track_total_hits"] is True
    assert body["sort"][0] == "_score"
    assert body["highlight"]["encoder"] == "html"
    assert body["highlight"]["pre_tags"] == ["<mark>"]
    # Only what a view restriction lets an anonymous reader find, in hits and counts alike.
    assert body["query"]["bool"]["filter"] == [{"terms": {"access": ["public"]}}]


@pytest.mark.django_db
def test_browse_and_newest_sort_by_date():
    backend = ElasticsearchBackend(client=Elasticsearch("http://127.0.0.1:9"))
    body = backend.build_search(request("sort=newest"), []).to_dict()
    assert body["query"] == {"bool": {"filter": [{"terms": {"access": ["public"]}}]}}
    assert body["sort"][0] == {"published": {"order": "desc", "missing": "_last"}}
    assert "post_filter" not in body and "highlight" not in body


@pytest.mark.django_db
def test_recorded_response_becomes_results():
    with FakeElasticsearch(search_response=RESPONSE) as server:
        search_request = request("q=travail forcé&lang=fr&kind=tool")
        raw = backend_for(server).search(search_request, analysis.analyse(search_request.q))
        method, path, body = server.calls("POST", "/hub-test/_search")[0]
        assert json.loads(body)["post_filter"] == {
            "bool": {"filter": [{"terms": {"kind": ["tool"]}}]}
        }

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
def test_documents_are_sent_in_bulk(resources):
    pages = [resources["step-integration-pilot-uk"], resources["what-is-human-trafficking-leaflet"]]
    with FakeElasticsearch(aliases={"hub-test-1": "hub-test"}) as server:
        backend = backend_for(server)
        backend.index([documents.build(page) for page in pages])
        backend.remove([pages[1].pk])
    lines = server.bulk_lines()
    assert lines[0] == {"index": {"_index": "hub-test", "_id": str(pages[0].pk)}}
    assert lines[1]["page_id"] == pages[0].pk and "Ashiana" in lines[1]["body_fr"]
    assert lines[-1] == {"delete": {"_index": "hub-test", "_id": str(pages[1].pk)}}
    assert all(
        "refresh=wait_for" in path
        for _m, path, _b in server.calls("PUT", "/_bulk") + server.calls("POST", "/_bulk")
    )

    source = source_of(documents.build(pages[0]))
    assert source["kind"] == ["case_study"]
    assert source["society"] == ["british-red-cross"]
    assert source["display"]["urls"]["fr"].startswith("/fr/bibliotheque/")


@pytest.mark.django_db
def test_first_write_creates_the_index_behind_the_alias(resources):
    with FakeElasticsearch() as server:
        backend_for(server).index([documents.build(resources["step-integration-pilot-uk"])])
    created = [call for call in server.calls("PUT", "/hub-test-") if "/_alias/" not in call[1]]
    assert len(created) == 1
    assert json.loads(created[0][2])["mappings"]["properties"]["title_fr"]["analyzer"] == "hub_fr"
    assert list(server.aliases.values()) == ["hub-test"]


@pytest.mark.django_db
def test_rebuild_fills_a_new_index_and_swaps_the_alias(resources):
    docs = [documents.build(page) for page in resources.values()]
    with FakeElasticsearch(aliases={"hub-test-old": "hub-test"}) as server:
        backend_for(server).rebuild(iter(docs), total=len(docs))

    created = [path for _m, path, _b in server.calls("PUT", "/hub-test-")]
    assert len(created) == 1
    new_index = created[0].strip("/").split("?")[0]
    indexed = [line for line in server.bulk_lines() if "index" in line]
    assert len(indexed) == len(docs)
    assert {line["index"]["_index"] for line in indexed} == {new_index}
    swap = json.loads(server.calls("POST", "/_aliases")[0][2])
    assert swap["actions"] == [
        {"remove": {"index": "hub-test-old", "alias": "hub-test"}},
        {"add": {"index": new_index, "alias": "hub-test"}},
    ]
    assert server.calls("DELETE", "/hub-test-old")
    assert server.aliases == {new_index: "hub-test"}


@pytest.mark.django_db
def test_publishing_works_when_elasticsearch_is_down(
    settings, resources, caplog, django_capture_on_commit_callbacks
):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens there
    settings.SEARCH_BACKEND = "search.backends.elasticsearch.ElasticsearchBackend"
    service.get_backend.cache_clear()
    page = resources["what-is-human-trafficking-leaflet"]
    page.summary_en = "Updated while the search server is down."
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    page.refresh_from_db()
    assert page.summary_en == "Updated while the search server is down."
    assert "rebuild_search_index" in caplog.text
    service.get_backend.cache_clear()


@pytest.mark.django_db
def test_restricted_resources_carry_their_access_and_members_find_them(resources):
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

    backend = ElasticsearchBackend(client=Elasticsearch("http://127.0.0.1:9"))

    def access_filter(viewer):
        search_request = service.parse(QueryDict("q=pilot"), viewer=viewer)
        body = backend.build_search(search_request, analysis.analyse("pilot")).to_dict()
        return body["query"]["bool"]["filter"]

    assert access_filter(Viewer(authenticated=True)) == [{"terms": {"access": ["public"]}}]
    in_group = Viewer(authenticated=True, groups=frozenset({group.pk}))
    assert access_filter(in_group) == [{"terms": {"access": [token, "public"]}}]

    # A change of restriction rewrites the access of what is under it, in one bulk.
    with FakeElasticsearch(aliases={"hub-test-1": "hub-test"}) as server:
        backend_for(server).update_access({page.pk: "login", resources[LEAFLET].pk: "public"})
    lines = server.bulk_lines()
    assert lines[0] == {"update": {"_index": "hub-test", "_id": str(page.pk)}}
    assert lines[1] == {"doc": {"access": "login"}}
    assert lines[3] == {"doc": {"access": "public"}}


LEAFLET = "what-is-human-trafficking-leaflet"
