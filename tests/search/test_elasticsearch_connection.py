"""Connecting to a secured Elasticsearch 8 (TLS on a CA of its own, an API key or a user),
with the timeout and retries the settings give; the test settings' own alias; the compose
file's Elasticsearch and the README's way of running the contract suite against it."""

import hashlib
import re
import ssl
from pathlib import Path

import elasticsearch
import pytest
from django.conf import settings as django_settings
from django.http import QueryDict

from search import service
from search.backends.base import SearchUnavailable
from search.backends.elasticsearch import ElasticsearchBackend
from search.backends.elasticsearch_index import index_body
from tests.search.standin import ElasticsearchStandIn

ROOT = Path(__file__).resolve().parent.parent.parent
CA = Path(__file__).parent / "fixtures" / "tls" / "ca.pem"


def fingerprint(path):
    return hashlib.sha256(ssl.PEM_cert_to_DER_cert(path.read_text())).hexdigest().upper()


def answers(settings, url):
    """Whether a backend built from the settings gets an answer from the server at `url`."""
    settings.ELASTICSEARCH_URL = url
    backend = ElasticsearchBackend()
    try:
        backend.search(service.parse(QueryDict()), [])
    except SearchUnavailable as unavailable:
        return str(unavailable.__cause__)
    return True


@pytest.fixture
def tls_server():
    with ElasticsearchStandIn(tls=True) as server:
        server.cluster.create("hub-test", index_body())
        yield server


@pytest.mark.django_db
def test_a_server_on_its_own_ca_is_trusted_with_its_certificate(settings, tls_server):
    assert "CERTIFICATE_VERIFY_FAILED" in answers(settings, tls_server.url)
    settings.ELASTICSEARCH_INDEX = "hub-test"
    settings.ELASTICSEARCH_CA_CERTS = str(CA)
    assert answers(settings, tls_server.url) is True


@pytest.mark.django_db
def test_a_server_is_trusted_by_the_fingerprint_of_its_ca(settings, tls_server):
    settings.ELASTICSEARCH_INDEX = "hub-test"
    settings.ELASTICSEARCH_FINGERPRINT = "00" * 32
    assert answers(settings, tls_server.url) is not True
    settings.ELASTICSEARCH_FINGERPRINT = fingerprint(CA)  # as Elasticsearch prints it at setup
    assert answers(settings, tls_server.url) is True


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("server_options", "credentials"),
    [
        ({"api_key": "aHViOnNlY3JldA=="}, {"ELASTICSEARCH_API_KEY": "aHViOnNlY3JldA=="}),
        (
            {"basic_auth": ("hub", "s3cret")},
            {"ELASTICSEARCH_USERNAME": "hub", "ELASTICSEARCH_PASSWORD": "s3cret"},
        ),
    ],
    ids=["api-key", "user-and-password"],
)
def test_credentials_are_sent(settings, server_options, credentials):
    with ElasticsearchStandIn(**server_options) as server:
        server.cluster.create("hub-test", index_body())
        settings.ELASTICSEARCH_INDEX = "hub-test"
        assert "security_exception" in answers(settings, server.url)
        for name, value in credentials.items():
            setattr(settings, name, value)
        assert answers(settings, server.url) is True


@pytest.mark.django_db
def test_failed_reads_are_retried_as_the_settings_say(settings):
    with ElasticsearchStandIn() as server:
        server.cluster.create("hub-test", index_body())
        settings.ELASTICSEARCH_INDEX = "hub-test"
        settings.ELASTICSEARCH_RETRIES = 0
        server.fail("POST", "/_search", status=503, times=1)
        assert "503" in answers(settings, server.url)
        settings.ELASTICSEARCH_RETRIES = 2
        server.fail("POST", "/_search", status=503, times=2)
        assert answers(settings, server.url) is True


def test_defaults_keep_a_reader_waiting_a_few_seconds_at_most():
    from hub.settings import base

    assert base.ELASTICSEARCH_TIMEOUT <= 5
    assert base.ELASTICSEARCH_INDEX_TIMEOUT >= 30  # bulks of PDF text


def test_every_elasticsearch_setting_is_in_the_readme():
    names = re.findall(
        r'env\.\w+\("(ELASTICSEARCH_\w+)"', (ROOT / "hub/settings/base.py").read_text()
    )
    readme = (ROOT / "README.md").read_text()
    assert len(names) >= 10
    for name in names:
        assert f"| `{name}` |" in readme, name


# -- A live run never touches a hub's indexes ---------------------------------------------------
def test_tests_use_an_alias_of_their_own():
    from hub.settings import base

    assert django_settings.ELASTICSEARCH_INDEX.startswith("hub-test-")
    assert django_settings.ELASTICSEARCH_INDEX != base.ELASTICSEARCH_INDEX


def test_compose_runs_the_clients_elasticsearch_and_publishes_it_for_the_contract_suite():
    compose = (ROOT / "docker-compose.yml").read_text()
    (image,) = re.findall(
        r"image: docker\.elastic\.co/elasticsearch/elasticsearch:([\d.]+)", compose
    )
    server = tuple(int(part) for part in image.split("."))
    client = elasticsearch.__version__
    assert server[:2] == client[:2] and server >= client
    assert '"127.0.0.1:9200:9200"' in compose  # on this machine only
    readme = (ROOT / "README.md").read_text()
    assert "docker compose up -d elasticsearch" in readme
    assert "ELASTICSEARCH_URL=http://localhost:9200 .venv/bin/pytest tests/search" in readme
