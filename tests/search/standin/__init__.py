"""A stand-in Elasticsearch 8 server for the tests (search.standin.server)."""

from tests.search.standin.server import ElasticsearchStandIn

__all__ = ["ElasticsearchStandIn"]
