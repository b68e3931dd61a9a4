"""What typo correction costs a search: /api/search/ with correction on and off, interleaved
request by request on the same library (results cache off, every facet counted, highlights).

A query that finds fewer than search.spelling.FEW results is looked up in the vocabulary and,
when a correction is close, searched again as the viewer; turning FEW to 0 turns that off.
Run it on a library `bench/search.py` filled (its scratch database is kept):

    python bench/correction.py --database postgres://postgres@127.0.0.1:5432/hub_bench
    python bench/correction.py --database sqlite:////tmp/hub-search-bench-.../bench.sqlite3

It prints p50 / p95 of both and each query's medians.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def percentiles(samples):
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[int(0.95 * (len(ordered) - 1))]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", required=True, help="DATABASE_URL of a filled library")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "hub.settings.dev",
            "DATABASE_URL": args.database,
            "DEBUG": "false",
            "ALLOWED_HOSTS": "testserver,localhost",
        }
    )
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from bench.corpus import QUERIES
    from search import spelling

    settings.SEARCH_CACHE_SECONDS = 0
    settings.DEBUG = False
    settings.API_RATE_LIMIT = "1000000/m"
    client = Client()
    few = spelling.FEW

    def timed(params, threshold):
        spelling.FEW = threshold
        started = time.perf_counter()
        response = client.get("/api/search/", params)
        elapsed = (time.perf_counter() - started) * 1000
        spelling.FEW = few
        if response.status_code != 200:
            raise SystemExit(f"{params['q']}: {response.status_code}")
        return elapsed

    on, off, by_query = [], [], {}
    for query in QUERIES:
        params = {"q": query, "lang": "fr"}
        timed(params, few)  # warm
        for _ in range(args.repeat):
            with_it, without = timed(params, few), timed(params, 0)
            on.append(with_it)
            off.append(without)
            by_query.setdefault(query, []).append((with_it, without))
    for label, samples in (("with correction", on), ("without correction", off)):
        p50, p95 = percentiles(samples)
        print(f"{label:20}p50 {p50:6.1f} ms   p95 {p95:6.1f} ms")
    for query, pairs in by_query.items():
        with_it = statistics.median(pair[0] for pair in pairs)
        without = statistics.median(pair[1] for pair in pairs)
        print(f"  {query:28} with {with_it:6.1f}   without {without:6.1f} ms")


if __name__ == "__main__":
    main()
