"""Benchmark of the search service, beside a dedicated search engine (tantivy) and Wagtail's
own database search.

Generates N resources (default 10,000, each in two or three languages, 250-word bodies) of a
corpus (bench/corpus.py: --corpus zipf, the domain words common to rare, or common, every
domain word in 80-97% of the bodies), streamed to files of 10,000 records, imports them with
import_resources into a scratch database, indexes the same records in tantivy
(bench/anchor.py), then reports p50 and p95 of:
- GET /api/search/ (ranked, every facet counted, highlights) and tantivy's answer to the
  same query (ranked top 20, total, the same eight facets counted, highlighted titles),
  interleaved query by query, and their ratio: straight after the import, then after
  VACUUM ANALYZE (PostgreSQL; ANALYZE on SQLite). With --counts 10000,100000 the library
  grows from one size to the next and the growth of p50/p95 is printed;
- at the last size: /api/search/ with facet filters and on a later page, a search repeated
  (its answer from the cache), a search narrowed by facets after the reader saw it
  unfiltered (a new answer, from the ranking the database backend kept), reloading the
  facet bitsets (which a process does after the index changed);
- Wagtail's bare Page.objects.live().search(q, order_by_relevance=False) (an unranked match,
  the cheapest thing Wagtail can do) and Wagtail's ranked search on a few queries (slow on
  SQLite: kept to --ranked-samples), unless --no-wagtail. The Hub indexes only titles in
  Wagtail's index (the admin autocompletes titles); for a like-for-like comparison the
  benchmark first rebuilds Wagtail's index of its scratch database with every resource's
  summary and body;
- a fixed CPU-bound loop, before and after, whose spread says how steady the machine was.

Usage: python bench/search.py [N | --counts N1,N2] [--corpus zipf|common] [--database URL]
       [--repeat R] [--ranked-samples K] [--workdir DIR] [--skip-import] [--no-wagtail]
Without --database it uses a SQLite file in --workdir (default: a new temporary folder).
--skip-import reuses a database that an earlier run filled. The results cache
(SEARCH_CACHE_SECONDS, which also keeps the database backend's rankings) is off for every
figure but the two that measure it. tantivy is a benchmark dependency:
.venv/bin/pip install -c constraints.txt -e ".[bench]"
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.append(str(ROOT / "bench"))  # after ROOT: its search package comes first

from anchor import INSTALL, Anchor  # noqa: E402
from corpus import CORPORA, QUERIES, VOCABULARY, chunks, write_records  # noqa: E402, F401

CHUNK = 10_000  # records a file holds: the importer reads one file at a time


def percentiles(samples):
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return statistics.median(ordered), p95


def timed(function):
    started = time.perf_counter()
    result = function()
    elapsed = (time.perf_counter() - started) * 1000
    status = getattr(result, "status_code", 200)
    if status != 200:
        raise SystemExit(f"request failed with {status}: {getattr(result, 'content', b'')[:200]}")
    return elapsed


def arguments():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("count", nargs="?", type=int, help="resources (default 10,000)")
    parser.add_argument("--counts", help="several library sizes, e.g. 10000,100000: it grows")
    parser.add_argument("--corpus", choices=CORPORA, default="zipf")
    parser.add_argument("--database", help="DATABASE_URL (default: SQLite in --workdir)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--ranked-samples", type=int, default=3)
    parser.add_argument("--workdir", help="folder for the scratch files (kept)")
    parser.add_argument("--skip-import", action="store_true", help="reuse a filled database")
    parser.add_argument(
        "--no-wagtail", action="store_true", help="leave out Wagtail's searches (and its index)"
    )
    args = parser.parse_args()
    try:
        counts = [int(n) for n in args.counts.split(",")] if args.counts else []
    except ValueError:
        parser.error(f"--counts must be numbers separated by commas, not {args.counts!r}")
    counts = sorted(set(counts or [args.count or 10_000]))
    if counts[0] < 1:
        parser.error("a count must be at least 1")
    if args.count and args.counts:
        parser.error("give either a count or --counts")
    args.counts = counts
    return args


def import_records(env, workdir, start, stop, corpus, skip):
    """Write records start..stop-1 to files of CHUNK records and import each (unless
    `skip`); the files, for the anchor's index."""
    files = []
    manage = [sys.executable, str(ROOT / "manage.py")]
    for low, high in chunks(start, stop, CHUNK):
        data = workdir / f"records-{corpus}-{low:07d}-{high:07d}.json"
        if not data.exists():
            write_records(data, low, high, corpus)
        files.append(data)
        if not skip:
            # The benchmark runs this project's own manage.py with fixed arguments.
            subprocess.run(
                [*manage, "import_resources", str(data), "--no-progress"],
                env=env,
                check=True,
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
            )
    return files


def side_by_side(client, anchor, repeat):
    """(Hub's times, tantivy's times, totals per query) of the queries, the two interleaved
    query by query (each warmed once first): ranked, every facet counted, highlighted."""
    hub, tantivy, totals = [], [], {}
    for query in QUERIES:
        params = {"q": query, "lang": "fr"}
        answer = client.get("/api/search/", params).json()
        totals[query] = (answer.get("total"), anchor.search(query, "fr")[0])
        for _ in range(repeat):
            hub.append(timed(lambda p=params: client.get("/api/search/", p)))
            tantivy.append(timed(lambda q=query: anchor.search(q, "fr")))
    return hub, tantivy, totals


def analyze(connection):
    """What autovacuum does after a bulk load (PostgreSQL's VACUUM ANALYZE; SQLite's ANALYZE)."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def row(label, samples):
    p50, p95 = percentiles(samples)
    print(f"{label:46s} p50 {p50:9.1f} ms   p95 {p95:9.1f} ms   (n={len(samples)})")
    return p50, p95


def main():
    args = arguments()
    try:
        import tantivy  # noqa: F401
    except ImportError:
        raise SystemExit(INSTALL) from None
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="hub-search-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hub.settings.dev",
        "DATABASE_URL": args.database or f"sqlite:///{workdir / f'bench-{args.corpus}.sqlite3'}",
        "MEDIA_ROOT": str(workdir / "media"),
        "DEBUG": "false",
        "ALLOWED_HOSTS": "testserver,localhost",
    }
    if not args.skip_import:
        manage = [sys.executable, str(ROOT / "manage.py")]
        for command in (["migrate", "--noinput", "-v", "0"], ["load_demo_content"]):
            subprocess.run(
                [*manage, *command], env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL
            )

    os.environ.update(env)
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    # Every search is computed (the answers' and the rankings' cache off), and no query is
    # logged as DEBUG would: the cache is measured on its own at the end.
    settings.SEARCH_CACHE_SECONDS = 0
    settings.DEBUG = False
    settings.API_RATE_LIMIT = "1000000/m"  # one client asks hundreds of searches a minute
    client = Client()
    engine = env["DATABASE_URL"].split(":", 1)[0]
    print(
        f"database: {engine}, corpus: {args.corpus}, resources: {', '.join(map(str, args.counts))}"
        f" (+5 demo), queries: {len(QUERIES)} x {args.repeat}, Hub and tantivy interleaved"
    )
    calibration = [timed(lambda: sum(range(3_000_000))) for _ in range(20)]
    row("calibration: a fixed CPU-bound loop", calibration)
    growth, files, done = [], [], 0
    for count in args.counts:
        started = time.perf_counter()
        files += import_records(env, workdir, done, count, args.corpus, args.skip_import)
        imported = time.perf_counter() - started
        started = time.perf_counter()
        anchor = Anchor(workdir / f"tantivy-{args.corpus}")
        anchor.add(files)
        indexed = time.perf_counter() - started
        done = count
        print(
            f"\n{count} resources: Hub import {imported:.0f} s"
            f"{' (skipped)' if args.skip_import else ''}, tantivy index {indexed:.1f} s"
        )
        after = "as found (--skip-import)" if args.skip_import else "straight after import"
        for moment in (
            after,
            "after VACUUM ANALYZE" if engine.startswith("postgres") else "after ANALYZE",
        ):
            if moment.startswith("after "):
                analyze(connection)
            hub, tantivy, totals = side_by_side(client, anchor, args.repeat)
            print(f"{moment}:")
            hub_p = row("  /api/search/ ranked, all facets, highlights", hub)
            anchor_p = row("  tantivy ranked, all facets, highlights", tantivy)
            ratio = (hub_p[0] / anchor_p[0], hub_p[1] / anchor_p[1])
            print(f"  {'Hub / tantivy':44s} p50 {ratio[0]:9.1f} x    p95 {ratio[1]:9.1f} x")
            growth.append((count, moment, hub_p, anchor_p))
        print(
            "  matches (Hub / tantivy): "
            + ", ".join(
                f"{query} {hub_total}/{anchor_total}"
                for query, (hub_total, anchor_total) in totals.items()
            )
        )
    if len(args.counts) > 1:
        print("\ngrowth (p50 / p95 ms):")
        for count, moment, hub_p, anchor_p in growth:
            print(
                f"  {count:>7} {moment:26s} Hub {hub_p[0]:7.1f} / {hub_p[1]:7.1f}"
                f"   tantivy {anchor_p[0]:6.1f} / {anchor_p[1]:6.1f}"
            )
    print(f"\nthe other searches, at {args.counts[-1]} resources:")
    others(args, client, settings, workdir)
    row(
        "calibration: a fixed CPU-bound loop",
        calibration + [timed(lambda: sum(range(3_000_000))) for _ in range(20)],
    )
    print(f"scratch files: {workdir}")


def others(args, client, settings, workdir):
    """The Hub's searches with filters, a later page, from the cache, narrowed; the facet
    bitsets' reload; Wagtail's own searches (unless --no-wagtail)."""
    from wagtail.models import Page

    from search import facets

    filtered, later = [], []
    for query in QUERIES:
        for _ in range(args.repeat):
            filtered.append(
                timed(
                    lambda q=query: client.get(
                        "/api/search/",
                        {"q": q, "lang": "hr", "kind": ["tool", "guidance"], "country": "FR"},
                    )
                )
            )
            later.append(timed(lambda q=query: client.get("/api/search/", {"q": q, "page": 5})))
    reload = [timed(lambda: facets.FacetIndex.load("benchmark")) for _ in range(args.repeat)]
    settings.SEARCH_CACHE_SECONDS = 600
    cached = []
    for query in QUERIES:
        params = {"q": query, "lang": "nl", "page": 2}
        client.get("/api/search/", params)  # computed and kept
        cached += [timed(lambda p=params: client.get("/api/search/", p)) for _ in range(3)]
    narrowed = []
    for query in QUERIES:
        client.get("/api/search/", {"q": query, "lang": "hr"})  # its ranking kept
        for kind in ("tool", "guidance", "case_study"):
            params = {"q": query, "lang": "hr", "kind": kind, "country": "FR"}
            narrowed.append(timed(lambda p=params: client.get("/api/search/", p)))
    settings.SEARCH_CACHE_SECONDS = 0
    row("/api/search/ ranked, with facet filters", filtered)
    row("/api/search/ ranked, page 5", later)
    row("/api/search/ repeated, from the cache", cached)
    row("/api/search/ narrowed, ranking from cache", narrowed)
    row("facet bitsets reload (after a change)", reload)
    if args.no_wagtail:
        return
    marker = workdir / f"wagtail-index-with-bodies-{args.corpus}-{args.counts[-1]}"
    if not marker.exists():
        wagtail_index_with_bodies()
        marker.touch()
    bare, ranked = [], []
    for query in QUERIES:
        list(Page.objects.live().search(query, order_by_relevance=False)[:20])
        for _ in range(args.repeat):
            bare.append(
                timed(
                    lambda q=query: list(
                        Page.objects.live().search(q, order_by_relevance=False)[:20]
                    )
                )
            )
    for query in QUERIES[: args.ranked_samples]:
        ranked.append(timed(lambda q=query: list(Page.objects.live().search(q)[:20])))
    row("Wagtail unranked match", bare)
    row("Wagtail ranked search", ranked)


def wagtail_index_with_bodies():
    """Rebuild Wagtail's index of the scratch database with every resource's summary and body
    in every language, so that its search reads the same text as the Hub's."""
    from django.core.management import call_command
    from wagtail.search import index

    from resources.models import KIND_MODELS

    fields = [
        index.SearchField(f"{name}_{code}")
        for name in ("summary", "body")
        for code in ("en", "fr", "es", "ar", "hr", "nl")
    ]
    for model in KIND_MODELS.values():
        model.search_fields = [*model.search_fields, *fields]
    call_command("update_index", verbosity=0)


if __name__ == "__main__":
    main()
