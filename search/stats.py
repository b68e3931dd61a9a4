"""Search statistics (QueryStat), written in batches.

Counting each search in a statement of its own cost every search a write and a commit (the
largest wait of a busy server's searches, once their results are cached). Each process adds
its searches up instead, and writes them all in one statement SEARCH_STATS_SECONDS after the
first one it has not written (from a timer thread), and when it exits. The editors' report
is that many seconds behind; a process killed outright loses its last seconds of counts. With
SEARCH_STATS_SECONDS = 0 every search is written at once.
"""

import atexit
import logging
import threading

from django.conf import settings
from django.db import connection, connections
from django.utils import timezone

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_pending = {}  # (query, language) -> [searches, searches that found nothing, results, when]
_timer = None


def record(query, language, total):
    """Count a search of `query` (normalised) in `language` that found `total` resources."""
    now = timezone.now()
    delay = settings.SEARCH_STATS_SECONDS
    with _lock:
        counts = _pending.setdefault((query, language), [0, 0, 0, now])
        counts[0] += 1
        counts[1] += 0 if total else 1
        counts[2], counts[3] = total, now
        if delay:
            _schedule(delay)
    if not delay:
        flush()


def _schedule(delay):
    """Start the timer that writes the batch, unless one runs (call holding the lock)."""
    global _timer
    if _timer is None:
        _timer = threading.Timer(delay, _flush_from_timer)
        _timer.daemon = True
        _timer.start()


def flush():
    """Write what this process has counted and not written yet, in one statement."""
    global _timer
    with _lock:
        # In the same order in every process: concurrent batches then lock their rows in the
        # same order and cannot deadlock.
        rows = sorted((query, language, *counts) for (query, language), counts in _pending.items())
        _pending.clear()
        _timer = None
    if not rows:
        return
    try:
        _write(rows)
    except Exception:
        _put_back(rows)  # the next batch tries again
        raise


def _put_back(rows):
    with _lock:
        for query, language, searches, empty, results, when in rows:
            counts = _pending.setdefault((query, language), [0, 0, results, when])
            counts[0] += searches
            counts[1] += empty
        if settings.SEARCH_STATS_SECONDS:
            _schedule(settings.SEARCH_STATS_SECONDS)


def _write(rows):
    values = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(rows))
    sql = f"""
        INSERT INTO hub_search_querystat
            (query, language, searches, empty_searches, last_results, last_searched)
        VALUES {values}
        ON CONFLICT (query, language) DO UPDATE SET
            searches = hub_search_querystat.searches + excluded.searches,
            empty_searches = hub_search_querystat.empty_searches + excluded.empty_searches,
            last_results = excluded.last_results,
            last_searched = excluded.last_searched"""  # noqa: S608 - placeholders only
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for row in rows for value in row])


def _flush_from_timer():
    try:
        flush()
    except Exception:
        logger.exception("Search statistics could not be written; the next batch retries")
    finally:
        connections.close_all()  # this thread's own connections


@atexit.register
def _flush_at_exit():
    try:
        flush()
    except Exception:
        logger.exception("Search statistics could not be written at exit")
