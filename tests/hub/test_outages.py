"""With Redis down the Hub still serves every page, and /healthz/ says what fails."""

import json
import logging
import os
import subprocess
import sys
from unittest import mock
from wsgiref.util import setup_testing_defaults

import psycopg
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import OperationalError, connection

from hub import cache as fail_safe
from tests.conftest import make_user

CLOSED_PORT = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture
def dead_cache(settings):
    """The cache configured as in production (CACHE_URL=redis://...), its server gone."""
    settings.CACHES = {
        "default": {"BACKEND": "hub.cache.FailSafeRedisCache", "LOCATION": CLOSED_PORT}
    }
    settings.PAGE_CACHE_SECONDS = 60
    settings.SEARCH_CACHE_SECONDS = 600
    fail_safe._outages.clear()
    yield
    fail_safe._outages.clear()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/en/",
        "/fr/",
        "/en/library/",
        "/en/search/?q=x",
        "/en/search/?q=trafficking",
        "/api/search/?q=x",
        "/api/search/suggest/?q=traf",
        "/api/contacts/",
        "/en/network/",
        "/sitemap.xml",
        "/en/network/login/",
        "/healthz/",
    ],
)
def test_every_page_answers_with_the_cache_down(dead_cache, client, url):
    response = client.get(url)
    assert response.status_code == 200


@pytest.mark.django_db
def test_signing_in_works_and_lockouts_hold_with_the_cache_down(dead_cache, client, settings):
    make_user("ivana")
    response = client.post(
        "/en/network/login/", {"username": "ivana@example.org", "password": "pass-1234-word"}
    )
    assert response.status_code == 302
    client.logout()
    # django-axes counts failures in the database: the lockout does not depend on the cache.
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post("/en/network/login/", {"username": "ivana@example.org", "password": "wrong"})
    response = client.post(
        "/en/network/login/", {"username": "ivana@example.org", "password": "pass-1234-word"}
    )
    assert response.status_code == 429


@pytest.mark.django_db
def test_api_rate_limits_fail_open_with_the_cache_down(dead_cache, client, settings):
    settings.API_RATE_LIMIT = "2/m"
    for _request in range(4):
        assert client.get("/api/search/?q=x").status_code == 200
        assert client.get("/api/contacts/").status_code == 200


@pytest.mark.django_db
def test_the_outage_is_logged_once_a_minute(dead_cache, client, caplog, monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(fail_safe.time, "monotonic", lambda: clock[0])
    with caplog.at_level(logging.WARNING, logger="hub.cache"):
        for _request in range(3):
            client.get("/en/")
            clock[0] += 6  # past the retry pause: every request tries the server again
        warnings = [record for record in caplog.records if record.name == "hub.cache"]
        assert len(warnings) == 1
        assert "127.0.0.1:1" in warnings[0].getMessage()
        clock[0] += 60
        client.get("/en/")
    warnings = [record for record in caplog.records if record.name == "hub.cache"]
    assert len(warnings) == 2


def test_a_redis_cache_url_selects_the_fail_safe_backend():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "hub.settings.dev"}
    env["CACHE_URL"] = "redis://:secret@127.0.0.1:6379/1?socket_timeout=5"
    result = subprocess.run(  # noqa: S603 - the project's own manage.py, fixed arguments
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "import json; from django.conf import settings; "
            "print(json.dumps(settings.CACHES['default']))",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    config = json.loads(result.stdout.strip().splitlines()[-1])
    assert config["BACKEND"] == "hub.cache.FailSafeRedisCache"
    assert config["OPTIONS"] == {"socket_timeout": 5}


@pytest.mark.django_db
def test_health_names_the_database_and_the_cache(client):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


@pytest.mark.django_db
def test_health_reports_the_cache_down_and_still_answers_200(dead_cache, client):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "down"}


@pytest.mark.django_db
def test_health_answers_503_when_the_database_fails(client):
    with mock.patch.object(
        connection, "cursor", side_effect=OperationalError("connection refused")
    ):
        response = client.get("/healthz/")
    assert response.status_code == 503
    assert response.json() == {"status": "down", "database": "down", "cache": "ok"}


def served(path):
    """(status, JSON body) of a request served as a WSGI server does, with the signals that
    recycle connections between requests (Django's test client leaves them out)."""
    environ = {}
    setup_testing_defaults(environ)
    environ["PATH_INFO"] = path
    started = []
    body = b"".join(WSGIHandler()(environ, lambda status, headers: started.append(status)))
    return int(started[0].split()[0]), json.loads(body)


@pytest.mark.django_db(transaction=True)
def test_a_connection_the_database_dropped_costs_no_failed_request():
    """The server closes a kept connection (a restart, a failover): the next request
    notices before using it and opens another (CONN_HEALTH_CHECKS)."""
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
    if connection.vendor != "postgresql":
        return  # SQLite is a file: there is no server to drop a connection
    kept = {**connection.settings_dict}
    connection.close()
    connection.settings_dict["CONN_MAX_AGE"] = 60  # as in production (tests close at once)
    try:
        assert served("/healthz/") == (200, {"status": "ok", "database": "ok", "cache": "ok"})
        pid = connection.connection.info.backend_pid
        with psycopg.connect(**connection.get_connection_params()) as other:
            other.execute("SELECT pg_terminate_backend(%s)", [pid])
        assert served("/healthz/") == (200, {"status": "ok", "database": "ok", "cache": "ok"})
        assert connection.connection.info.backend_pid != pid
    finally:
        connection.close()
        connection.settings_dict.update(kept)


@pytest.mark.django_db
def test_page_passwords_are_not_checked_while_the_cache_that_counts_guesses_is_down(
    dead_cache, client, resources
):
    """The guess limit fails closed: without it, a cache outage would open every shared
    password to unlimited guessing."""
    from django.urls import reverse
    from wagtail.models import PageViewRestriction

    page = resources["what-is-human-trafficking-leaflet"]
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type="password", password="s3cret-word"
    )
    url = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, page.pk])
    response = client.post(url, {"password": "s3cret-word", "return_url": page.url})
    assert response.status_code == 429
    assert "try again" in response.content.decode()
    assert client.get(page.url).status_code == 200  # the form, not the page
    assert "s3cret" not in client.get(page.url).content.decode()
    assert 'type="password"' in client.get(page.url).content.decode()
