"""Run the search contract suite against every backend available here: the database, the
Elasticsearch backend against the stand-in server (tests/search/standin), and a live
Elasticsearch when ELASTICSEARCH_URL is set, under the test settings' own alias."""

import os

import pytest
from django.conf import settings as django_settings
from elasticsearch import Elasticsearch

from search import service
from tests.search.standin import ElasticsearchStandIn

DATABASE = "search.backends.database.DatabaseBackend"
ELASTICSEARCH = "search.backends.elasticsearch.ElasticsearchBackend"
LIVE_URL = os.environ.get("ELASTICSEARCH_URL", "")
BACKENDS = ["database", "standin", *(["live"] if LIVE_URL else [])]


@pytest.fixture(scope="session")
def standin_server():
    with ElasticsearchStandIn() as server:
        yield server


@pytest.fixture
def standin(standin_server):
    """The stand-in server, emptied; a test fails if the stand-in itself broke."""
    standin_server.reset()
    yield standin_server
    assert not standin_server.bugs, standin_server.bugs[0]


def delete_test_indexes(url):
    """Every index of the test alias on a live server (by name: Elasticsearch refuses to
    delete by wildcard), and never another."""
    client = Elasticsearch(url)
    alias = django_settings.ELASTICSEARCH_INDEX
    assert alias.startswith("hub-test-")
    for name in client.indices.get(index=f"{alias}-*", allow_no_indices=True):
        client.indices.delete(index=name)


def pytest_generate_tests(metafunc):
    """`backend` is each backend of BACKENDS, or of a module's own SEARCH_BACKENDS."""
    if "backend" in metafunc.fixturenames:
        names = getattr(metafunc.module, "SEARCH_BACKENDS", BACKENDS)
        metafunc.parametrize("backend", names, indirect=True, ids=names)


@pytest.fixture
def backend(request, settings, db):
    """The backend under test, with the demo library indexed in it."""
    if request.param == "database":
        settings.SEARCH_BACKEND = DATABASE
    else:
        settings.SEARCH_BACKEND = ELASTICSEARCH
        settings.ELASTICSEARCH_URL = (
            LIVE_URL if request.param == "live" else request.getfixturevalue("standin").url
        )
        settings.ELASTICSEARCH_TIMEOUT = 30  # a slow test machine is no outage
    service.get_backend.cache_clear()
    service.rebuild()
    yield service.get_backend()
    service.get_backend.cache_clear()
    if request.param == "live":
        delete_test_indexes(LIVE_URL)


@pytest.fixture
def on_standin(settings, standin, db):
    """The Elasticsearch backend, on the stand-in, with the demo library indexed."""
    settings.SEARCH_BACKEND = ELASTICSEARCH
    settings.ELASTICSEARCH_URL = standin.url
    settings.ELASTICSEARCH_TIMEOUT = 30
    service.get_backend.cache_clear()
    service.rebuild()
    yield standin
    service.get_backend.cache_clear()


@pytest.fixture(autouse=True)
def _fresh_backend_cache():
    service.get_backend.cache_clear()
    yield
    service.get_backend.cache_clear()
