"""Run the search contract suite against every backend available here."""

import os

import pytest

from search import service

BACKENDS = ["search.backends.database.DatabaseBackend"]
if os.environ.get("ELASTICSEARCH_URL"):
    BACKENDS.append("search.backends.elasticsearch.ElasticsearchBackend")


@pytest.fixture(params=BACKENDS, ids=lambda path: path.rsplit(".", 1)[-1])
def backend(request, settings, db):
    """The backend under test, with the demo library indexed in it."""
    settings.SEARCH_BACKEND = request.param
    service.get_backend.cache_clear()
    service.rebuild()
    yield service.get_backend()
    service.get_backend.cache_clear()


@pytest.fixture(autouse=True)
def _fresh_backend_cache():
    service.get_backend.cache_clear()
    yield
    service.get_backend.cache_clear()
