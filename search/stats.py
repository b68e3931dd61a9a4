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
    global _timer
    now = timezone.now()
    delay = settings.SEARCH_STATS_SECONDS
    with _lock:
        counts = _pending.setdefault((query, language), [0, 0, 0, now])
        counts[0] += 1
        counts[1] += 0 if total else 1
        counts[2], counts[3] = total, now
        if delay and _timer is None:
            _timer = threading.Timer(delay, _flush_from_timer)
            _timer.daemon = True
            _timer.start()
    if not delay:
        flush()


def flush():
    """Write what this process has counted and not written yet, in one statement."""
    global _timer
    with _lock:
        rows = [(query, language, *counts) for (query, language), counts in _pending.items()]
        _pending.clear()
        _timer = None
    if not rows:
        return
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
        logger.exception("Search statistics could not be written; these counts are lost")
    finally:
        connections.close_all()  # this thread's own connections


@atexit.register
def _flush_at_exit():
    try:
        flush()
    except Exception:
        logger.exception("Search statistics could not be written at exit")
