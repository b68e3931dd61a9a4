"""Benchmark of counting a search for the editors' reports, the cost each search pays:
- written at once (search.stats with SEARCH_STATS_SECONDS = 0: one upsert of QueryStat);
- Wagtail's own `Query.get(q).add_hit()` (its daily hits, for its search-terms features);
- noted in the cache and written in batches (search.stats, SEARCH_STATS_SECONDS = 5), the
  batch written by the first search after the interval (its cost is in the p95 and the mean).

Usage: python bench/stats.py [--database URL] [--cache URL] [--searches N]
Without --database it uses a migrated SQLite file in a new temporary folder; --cache is a
CACHE_URL (default: the local memory cache; redis://127.0.0.1:6379/1 for Redis).
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def percentiles(samples):
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return statistics.median(ordered), p95, statistics.fmean(ordered)


def timed(function, searches, queries):
    samples = []
    for number in range(searches):
        query = queries[number % len(queries)]
        started = time.perf_counter()
        function(query)
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", help="DATABASE_URL (default: SQLite in a new folder)")
    parser.add_argument("--cache", default="locmemcache://", help="CACHE_URL")
    parser.add_argument("--searches", type=int, default=2000)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="hub-stats-bench-"))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="hub.settings.dev",
        DATABASE_URL=args.database or f"sqlite:///{workdir / 'bench.sqlite3'}",
        CACHE_URL=args.cache,
        DEBUG="false",
    )
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command
    from wagtail.contrib.search_promotions.models import Query

    from search import stats
    from search.models import QueryStat

    call_command("migrate", verbosity=0, interactive=False)
    rng = random.Random(3)
    words = "trafficking shelter referral labour volunteers asylum transit risk".split()
    queries = [" ".join(rng.sample(words, rng.choice([1, 2, 3]))) for _ in range(200)]

    def at_once(query):
        stats.record(query, "en", 12)

    def batched(query):
        stats.record(query, "en", 12)

    def wagtail(query):
        Query.get(query).add_hit()

    figures = []
    settings.SEARCH_STATS_SECONDS = 0
    figures.append(("written at once (QueryStat)", timed(at_once, args.searches, queries)))
    figures.append(("Wagtail Query.get(q).add_hit()", timed(wagtail, args.searches, queries)))
    settings.SEARCH_STATS_SECONDS = 5
    cache.clear()
    figures.append(("noted in the cache, batched", timed(batched, args.searches, queries)))
    stats.flush()
    written = sum(QueryStat.objects.values_list("searches", flat=True)) - args.searches

    engine = os.environ["DATABASE_URL"].split(":", 1)[0]
    print(f"database: {engine}, cache: {args.cache.split(':', 1)[0]}, searches: {args.searches}")
    # A cache that evicts (the local memory cache keeps 300 keys) loses what it evicts.
    print(f"batched searches written: {written} of {args.searches}")
    for label, samples in figures:
        p50, p95, mean = percentiles(samples)
        print(f"{label:34s} p50 {p50:7.3f} ms   p95 {p95:7.3f} ms   mean {mean:7.3f} ms")


if __name__ == "__main__":
    main()
