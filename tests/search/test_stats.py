"""Search statistics are noted in the cache and written in batches (search.stats)."""

import pytest
from django.core.cache import cache
from django.db import DatabaseError
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from hub import cache as fail_safe
from search import stats
from search.models import QueryStat


@pytest.fixture
def batched(settings):
    settings.SEARCH_STATS_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


def searches(query, language="en"):
    stat = QueryStat.objects.filter(query=query, language=language).first()
    return stat.searches if stat else 0


@pytest.mark.django_db
def test_searches_are_written_together(client, backend, batched):
    with freeze_time() as clock:
        client.get("/api/search/", {"q": "THB"})
        assert searches("thb") == 1  # the first in a while is written at once
        client.get("/api/search/", {"q": "thb "})
        client.get("/api/search/", {"q": "okapicanary", "lang": "fr"})
        assert searches("thb") == 1 and not searches("okapicanary", "fr")  # noted only

        clock.tick(61)  # the next search after the interval writes what was noted since
        client.get("/api/search/", {"q": "THB"})
    thb = QueryStat.objects.get(query="thb", language="en")
    assert (thb.searches, thb.empty_searches) == (3, 0) and thb.last_results > 0
    empty = QueryStat.objects.get(query="okapicanary", language="fr")
    assert (empty.searches, empty.empty_searches, empty.last_results) == (1, 1, 0)

    stats.flush()
    stats.flush()  # nothing left: nothing counted twice
    assert searches("thb") == 3


@pytest.mark.django_db
def test_the_reports_show_every_search_noted(client, backend, batched, editor):
    client.get("/api/search/", {"q": "THB"})
    client.get("/api/search/", {"q": "okapicanary"})  # noted, not written
    client.force_login(editor)
    missing = client.get(reverse("search_empty_queries")).content.decode()
    assert ">okapicanary<" in missing


@pytest.mark.django_db
def test_a_search_is_counted_at_once_while_the_cache_is_down(client, backend, settings):
    settings.CACHES = {
        "default": {"BACKEND": "hub.cache.FailSafeRedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    }
    settings.SEARCH_STATS_SECONDS = 60
    fail_safe._outages.clear()
    try:
        for _search in range(2):
            response = client.get("/api/search/", {"q": "mensenhandel", "lang": "nl"})
            assert response.status_code == 200
    finally:
        fail_safe._outages.clear()
    assert searches("mensenhandel", "nl") == 2


@pytest.mark.django_db
def test_a_write_that_fails_is_kept_for_the_next(client, backend, batched, monkeypatch):
    written = stats._write

    def database_down(rows):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(stats, "_write", database_down)
    # The search still answers; what it noted stays in the cache.
    assert client.get("/api/search/", {"q": "trata de personas", "lang": "es"}).status_code == 200
    monkeypatch.setattr(stats, "_write", written)
    client.get("/api/search/", {"q": "trata de personas", "lang": "es"})
    stats.flush()
    assert searches("trata de personas", "es") == 2


@pytest.mark.django_db
def test_a_search_noted_while_a_write_reads_is_written_by_the_next(batched):
    stats.record("thb", "en", 3)  # written at once, the first in a while
    number = cache.incr(stats.SEQUENCE)  # another process has its number, not yet its entry
    stats.record("tip", "en", 2)
    stats.flush()
    assert not searches("tip")  # it waits behind the entry being stored
    cache.set(stats._entry(number), ("thb", "en", 1, 0, 3, timezone.now()))
    stats.flush()
    assert (searches("thb"), searches("tip")) == (2, 1)

    number = cache.incr(stats.SEQUENCE)  # an entry the cache lost: never stored
    stats.record("tip", "en", 2)
    stats.flush()  # waits for it once...
    stats.flush()  # ...not twice
    assert searches("tip") == 2
