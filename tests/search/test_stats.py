"""Search statistics are counted in each process and written in batches (search.stats)."""

import time

import pytest

from search import stats
from search.models import QueryStat


@pytest.fixture
def batched(settings):
    settings.SEARCH_STATS_SECONDS = 3600  # the timer never fires during the test
    yield
    stats._pending.clear()
    if stats._timer is not None:
        stats._timer.cancel()
        stats._timer = None


@pytest.mark.django_db
def test_searches_are_written_together(client, backend, batched):
    client.get("/api/search/", {"q": "THB"})
    client.get("/api/search/", {"q": "thb "})
    client.get("/api/search/", {"q": "okapicanary", "lang": "fr"})
    assert not QueryStat.objects.exists()  # counted, not yet written

    stats.flush()
    thb = QueryStat.objects.get(query="thb", language="en")
    assert (thb.searches, thb.empty_searches) == (2, 0) and thb.last_results > 0
    empty = QueryStat.objects.get(query="okapicanary", language="fr")
    assert (empty.searches, empty.empty_searches, empty.last_results) == (1, 1, 0)

    # The next batch adds to what is written.
    client.get("/api/search/", {"q": "THB"})
    stats.flush()
    stats.flush()  # nothing left: nothing counted twice
    assert QueryStat.objects.get(query="thb", language="en").searches == 3


@pytest.mark.django_db(transaction=True)
def test_a_timer_writes_the_batch(settings):
    settings.SEARCH_STATS_SECONDS = 0.2
    stats.record("mensenhandel", "nl", 12)
    stats.record("mensenhandel", "nl", 12)
    deadline = time.monotonic() + 10
    while not QueryStat.objects.filter(query="mensenhandel").exists():
        assert time.monotonic() < deadline, "the statistics were never written"
        time.sleep(0.05)
    assert QueryStat.objects.get(query="mensenhandel", language="nl").searches == 2


@pytest.mark.django_db
def test_a_batch_that_fails_is_kept_for_the_next(batched, monkeypatch):
    stats.record("trata de personas", "es", 4)
    written = stats._write

    def database_down(rows):
        raise OSError("connection refused")

    monkeypatch.setattr(stats, "_write", database_down)
    with pytest.raises(OSError):
        stats.flush()
    stats.record("trata de personas", "es", 4)
    monkeypatch.setattr(stats, "_write", written)
    stats.flush()
    assert QueryStat.objects.get(query="trata de personas", language="es").searches == 2
