"""Search statistics (QueryStat), noted in the cache and written in batches.

Writing each search to the database cost every search a write and a commit (the largest wait
of a busy server's searches, once their results are cached). A search is noted in Django's
cache instead (Redis in production, shared by every process: a numbered entry), and the
first search SEARCH_STATS_SECONDS or more after the last write, or an editor opening a
report, writes what every process noted since, in one statement. The reports are that many
seconds behind at most while readers search. With SEARCH_STATS_SECONDS = 0, or while the
cache cannot be reached (hub.cache), each search is written at once. A cache that evicts
entries before they are written loses their counts: Redis as deployed evicts nothing, the
local memory cache of development keeps its last 300 keys.
"""

import logging

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

PREFIX = "hub-search-stats"
SEQUENCE = f"{PREFIX}:sequence"  # how many searches were ever noted: the last entry's number
WRITTEN = f"{PREFIX}:written"  # the entries up to this number are written
SETTLED = f"{PREFIX}:settled"  # the sequence when the last write began
DUE = f"{PREFIX}:due"  # present while the last write is recent
WRITING = f"{PREFIX}:writing"  # held by the process that writes
ENTRY_SECONDS = 7 * 24 * 3600  # an entry waits this long for a database that is down
WRITING_SECONDS = 60
MAX_ENTRIES = 5000  # written at once; more wait for the next write


def _entry(number):
    return f"{PREFIX}:{number}"


def record(query, language, total):
    """Count a search of `query` (normalised) in `language` that found `total` resources."""
    row = (query, language, 1, 0 if total else 1, total, timezone.now())
    delay = settings.SEARCH_STATS_SECONDS
    if not delay or not _note(row):
        _write([row])
        return
    if cache.add(DUE, True, delay):
        try:
            flush()
        except DatabaseError:
            logger.exception("Search statistics could not be written; the next write retries")


def _note(row):
    """Note a search in the cache; False when the cache cannot be reached."""
    try:
        number = cache.incr(SEQUENCE)
    except ValueError:  # the first search noted, or the cache did not answer (hub.cache)
        cache.add(SEQUENCE, 0, None)
        try:
            number = cache.incr(SEQUENCE)
        except ValueError:
            return False
    cache.set(_entry(number), row, ENTRY_SECONDS)
    return True


def flush():
    """Write what every process noted and no one wrote yet, in one statement; unless another
    process is writing."""
    if not cache.add(WRITING, True, WRITING_SECONDS):
        return
    try:
        last = cache.get(SEQUENCE, 0)
        written, settled = cache.get(WRITTEN, 0), cache.get(SETTLED, 0)
        if written > last:  # the cache lost its entries (restarted): they start again
            written = settled = 0
        numbers = range(written + 1, min(last, written + MAX_ENTRIES) + 1)
        found = cache.get_many([_entry(number) for number in numbers])
        rows, upto = [], written
        for number in numbers:
            row = found.get(_entry(number))
            if row is None and number > settled:
                break  # noted since the last write began: it may be being stored now
            upto = number  # (an older entry that is missing was lost with a cache failure)
            if row is not None:
                rows.append(row)
        if rows:
            _write(rows)
        cache.set_many({WRITTEN: upto, SETTLED: last}, None)
        cache.delete_many([_entry(number) for number in range(written + 1, upto + 1)])
    finally:
        cache.delete(WRITING)


def _add_up(rows):
    """One row a (query, language): searches and empty ones added up, the latest results."""
    totals = {}
    for query, language, searches, empty, results, when in rows:
        counts = totals.setdefault((query, language), [0, 0, results, when])
        counts[0] += searches
        counts[1] += empty
        if when >= counts[3]:
            counts[2], counts[3] = results, when
    # In the same order in every process: concurrent writes then lock their rows in the same
    # order and cannot deadlock.
    return sorted((query, language, *counts) for (query, language), counts in totals.items())


def _write(rows):
    from search.models import QueryStat

    rows = _add_up(rows)
    table = QueryStat._meta.db_table
    values = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(rows))
    sql = f"""
        INSERT INTO {table}
            (query, language, searches, empty_searches, last_results, last_searched)
        VALUES {values}
        ON CONFLICT (query, language) DO UPDATE SET
            searches = {table}.searches + excluded.searches,
            empty_searches = {table}.empty_searches + excluded.empty_searches,
            last_results = excluded.last_results,
            last_searched = excluded.last_searched"""  # noqa: S608 - a table name, placeholders
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [value for row in rows for value in row])
