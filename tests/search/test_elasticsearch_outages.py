"""Elasticsearch failing as servers fail (400, 429, 503, a hung server, no index yet): readers
are told search is unavailable (a 503 with a message in their language), never shown an
error page; writes retry what the server rejected for load and log the rest; a rebuild that
fails deletes its new index and leaves the alias where it was."""

import logging

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from django.utils.translation import gettext

from search import documents, service
from search.backends.base import RebuildFailed, SearchUnavailable

MESSAGE = "Search is unavailable at the moment. Please try again in a few minutes."
FAILURES = [
    pytest.param({"status": 400}, id="400"),
    pytest.param({"status": 429}, id="429"),
    pytest.param({"status": 503}, id="503"),
    pytest.param({"delay": 1.0}, id="timeout"),
]


@pytest.fixture
def failing(on_standin, settings):
    settings.ELASTICSEARCH_TIMEOUT = 0.2
    service.get_backend.cache_clear()

    def fail(path, **fault):
        on_standin.fail("POST", path, times=100, **fault)

    return fail


@pytest.mark.parametrize("fault", FAILURES)
def test_the_api_and_suggest_answer_503_with_a_message(failing, client, fault):
    failing("/_search", **fault)
    for address, params in (
        ("/api/search/", {"q": "leaflet"}),
        ("/api/search/suggest/", {"q": "leafl"}),
    ):
        service.get_backend.cache_clear()  # a fresh backend: no pause from the last outage
        response = client.get(address, params)
        assert response.status_code == 503
        assert response.json() == {"error": MESSAGE, "parameter": None}
        assert response["Retry-After"] == "30"
        assert "no-cache" in response["Cache-Control"]


@pytest.mark.parametrize("fault", FAILURES)
def test_the_search_page_and_the_feed_say_search_is_unavailable(failing, client, fault):
    failing("/_search", **fault)
    response = client.get("/en/search/", {"q": "leaflet"})
    assert response.status_code == 503
    assert MESSAGE in response.content.decode()
    assert 'value="leaflet"' in response.content.decode()  # the query stays in the form
    service.get_backend.cache_clear()
    response = client.get("/en/search/feed/", {"q": "leaflet"})
    assert response.status_code == 503
    assert response.content.decode() == MESSAGE


@pytest.mark.django_db
def test_the_library_says_search_is_unavailable_and_is_not_cached(failing, client, page_cache):
    from resources.models import ResourceIndexPage

    failing("/_search", status=503)
    library = ResourceIndexPage.objects.get()
    response = client.get(library.url)
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert MESSAGE in response.content.decode()
    assert "no-cache" in response["Cache-Control"]


def test_the_message_is_in_the_readers_language(failing, client):
    failing("/_search", status=503)
    response = client.get("/fr/search/", {"q": "traite"})
    assert response.status_code == 503
    with translation.override("fr"):
        french = gettext(MESSAGE)
    assert french != MESSAGE and french in response.content.decode()


def test_after_a_timeout_searches_fail_at_once_for_a_while(failing, on_standin):
    failing("/_search", delay=1.0)
    backend = service.get_backend()
    with pytest.raises(SearchUnavailable):
        backend.search(service.parse({}), [])
    asked = len(on_standin.calls("POST", "/hub-test"))
    with pytest.raises(SearchUnavailable):
        backend.search(service.parse({}), [])
    assert len(on_standin.calls("POST", "/hub-test")) == asked  # the server was not asked


def test_a_missing_index_is_unavailable_and_says_how_to_repair_it(on_standin, client, caplog):
    on_standin.reset()  # the server lost its indexes (or the first rebuild never ran)
    service.get_backend.cache_clear()
    with caplog.at_level(logging.ERROR):
        response = client.get("/api/search/", {"q": "leaflet"})
    assert response.status_code == 503
    assert "rebuild_search_index" in caplog.text


def test_health_names_the_search_server(on_standin, client, settings):
    response = client.get("/healthz/")
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok", "search": "ok"}
    on_standin.reset()
    service.get_backend.cache_clear()
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json() == {
        "status": "degraded",
        "database": "ok",
        "cache": "ok",
        "search": "down",
    }


# -- Writes ---------------------------------------------------------------------------------------
def test_writes_rejected_for_load_are_retried(on_standin, resources, caplog):
    backend = service.get_backend()
    backend.index_set.backoff = 0
    page = resources["what-is-human-trafficking-leaflet"]
    page.title_en = "The pelicanary leaflet"
    on_standin.reject_items(times=2)
    with caplog.at_level(logging.ERROR):
        backend.index([documents.build(page)])
    assert "refused" not in caplog.text
    (index,) = on_standin.indexes.values()
    assert index.docs[str(page.pk)]["title_en"] == "The pelicanary leaflet"


def test_a_refused_document_is_logged_and_the_others_written(on_standin, resources, caplog):
    pages = list(resources.values())[:2]
    for page in pages:
        page.title_en = "Written anyway"
    on_standin.refuse_documents(pages[0].pk)
    with caplog.at_level(logging.ERROR):
        service.get_backend().index([documents.build(page) for page in pages])
    assert "Elasticsearch refused a write" in caplog.text
    assert "document_parsing_exception" in caplog.text
    (index,) = on_standin.indexes.values()
    assert index.docs[str(pages[1].pk)]["title_en"] == "Written anyway"
    assert index.docs[str(pages[0].pk)]["title_en"] != "Written anyway"


@pytest.mark.parametrize("fault", FAILURES)
def test_an_editor_publishes_while_writes_fail(
    on_standin, settings, resources, caplog, django_capture_on_commit_callbacks, fault
):
    settings.ELASTICSEARCH_INDEX_TIMEOUT = 0.2
    service.get_backend.cache_clear()
    service.get_backend().index_set.backoff = 0
    on_standin.fail("PUT", "/_bulk", times=100, **fault)
    on_standin.fail("POST", "/_bulk", times=100, **fault)
    page = resources["what-is-human-trafficking-leaflet"]
    page.summary_en = "Published while the search server fails."
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    page.refresh_from_db()
    assert page.summary_en == "Published while the search server fails."
    assert "rebuild_search_index" in caplog.text


def test_a_slow_bulk_is_retried_after_its_timeout(on_standin, settings, resources):
    settings.ELASTICSEARCH_INDEX_TIMEOUT = 0.2
    service.get_backend.cache_clear()
    on_standin.fail("PUT", "/_bulk", delay=1.0)
    on_standin.fail("POST", "/_bulk", delay=1.0)
    page = resources["what-is-human-trafficking-leaflet"]
    page.title_en = "The pelicanary leaflet"
    service.get_backend().index([documents.build(page)])
    (index,) = on_standin.indexes.values()
    assert index.docs[str(page.pk)]["title_en"] == "The pelicanary leaflet"


# -- Rebuilds -------------------------------------------------------------------------------------
def rebuilt(standin):
    """(the index behind the alias, every index) of the stand-in."""
    return next(iter(standin.aliases)), set(standin.indexes)


@pytest.mark.parametrize(
    ("method", "path", "fault"),
    [
        pytest.param("PUT", "^/hub-test-[^/]*$", {"status": 400}, id="create-400"),
        pytest.param("PUT", "/_bulk", {"status": 503}, id="bulk-503"),
        pytest.param("PUT", "/_bulk", {"status": 429}, id="bulk-429"),
        pytest.param("POST", "/_refresh", {"status": 503}, id="refresh-503"),
        pytest.param("POST", "/_aliases", {"status": 503}, id="swap-503"),
        pytest.param("POST", "/_aliases", {"delay": 1.0}, id="swap-timeout"),
    ],
)
def test_a_failed_rebuild_leaves_the_alias_on_the_old_index(
    on_standin, settings, method, path, fault
):
    settings.ELASTICSEARCH_INDEX_TIMEOUT = 0.2
    service.get_backend.cache_clear()
    service.get_backend().index_set.backoff = 0
    before = rebuilt(on_standin)
    on_standin.fail(method, path, times=20, **fault)
    on_standin.fail("POST" if method == "PUT" else method, path, times=20, **fault)
    with pytest.raises(RebuildFailed):
        service.rebuild()
    assert rebuilt(on_standin) == before
    assert service.search(service.parse({})).total == 5


def test_rejected_items_of_a_rebuild_are_retried(on_standin):
    service.get_backend().index_set.backoff = 0
    old, _ = rebuilt(on_standin)
    on_standin.reject_items(times=3)
    service.rebuild()
    new, indexes = rebuilt(on_standin)
    assert new != old and indexes == {new}
    assert len(on_standin.indexes[new].docs) == 5


def test_a_rebuild_with_a_refused_document_fails_and_says_so(on_standin, resources):
    before = rebuilt(on_standin)
    on_standin.refuse_documents(resources["step-integration-pilot-uk"].pk)
    with pytest.raises(CommandError, match="refused 1 documents.*The search index is unchanged"):
        call_command("rebuild_search_index", "--no-progress")
    assert rebuilt(on_standin) == before
