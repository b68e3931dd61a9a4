"""Benchmark of the search service against Wagtail's own database search.

Generates N resources (default 10,000, each in two or three languages, 250-word bodies),
imports them with import_resources into a scratch database, then reports p50 and p95 of:
- GET /api/search/ (ranked, every facet counted), for a set of queries in six languages, as
  they are, with facet filters, and on a later page;
- Wagtail's bare Page.objects.live().search(q, order_by_relevance=False) (an unranked match,
  the cheapest thing Wagtail can do) and Wagtail's ranked search on a few queries (slow on
  SQLite: kept to --ranked-samples). The Hub indexes only titles in Wagtail's index (the
  admin autocompletes titles); for a like-for-like comparison the benchmark first rebuilds
  Wagtail's index of its scratch database with every resource's summary and body;
- a search repeated (its answer from the cache), and a search narrowed by facets after the
  reader saw it unfiltered (a new answer, from the ranking the database backend kept);
- reloading the facet bitsets, which a process does after the index changed;
- a fixed CPU-bound loop, whose spread says how steady the machine was during the run.

Usage: python bench/search.py [N] [--database URL] [--repeat R] [--ranked-samples K]
       [--workdir DIR] [--skip-import]
Without --database it uses a SQLite file in --workdir (default: a new temporary folder).
--skip-import reuses a database that an earlier run filled. The results cache
(SEARCH_CACHE_SECONDS) is off for every figure but the two that measure it.
"""

import argparse
import itertools
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

VOCABULARY = {
    "en": "trafficking victims protection assistance identification volunteers migrants"
    " exploitation labour support integration referral shelter safeguarding risk border"
    " transit asylum survivors health legal community training awareness indicators".split(),
    "fr": "traite victimes protection assistance identification bénévoles migrants exploitation"
    " travail soutien intégration orientation hébergement risque frontière transit asile"
    " survivantes santé juridique communauté formation sensibilisation indicateurs".split(),
    "hr": "trgovanje žrtve zaštita pomoć identifikacija volonteri migranti iskorištavanje rad"
    " podrška integracija upućivanje smještaj rizik granica tranzit azil zdravlje pravni".split(),
    "nl": "mensenhandel slachtoffers bescherming hulp identificatie vrijwilligers migranten"
    " uitbuiting arbeid steun integratie doorverwijzing opvang risico grens transit asiel".split(),
}
QUERIES = [
    "trafficking",
    "identification volunteers",
    "forced labour",
    "THB",
    "travail forcé",
    "bénévoles intégration",
    "mensenhandel",
    "zaštita žrtve",
    "shelter referral",
    "asylum transit risk",
    "indicators",
    "survivors health",
]


SYLLABLES = "ka lo ri ve na sto mu pe dra li go ser tin ba ko vel mar do ne zu".split()


def vocabulary(language, size=3000, seed=11):
    """A language's words by frequency rank: filler words, with the domain words spread over
    the ranks, so that a body of 250 words follows a Zipf law as real text does."""
    rng = random.Random(f"{seed}-{language}")
    filler = []
    while len(filler) < size:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        if word not in filler:
            filler.append(word)
    for position, word in enumerate(VOCABULARY[language]):
        filler.insert(15 + position * 40, word)  # ranks 15, 55, 95...: common to rare
    return filler


WORDS = {}


def body(rng, language, words=250):
    if language not in WORDS:
        ranked = vocabulary(language)
        weights = (1 / rank**1.07 for rank in range(1, len(ranked) + 1))
        WORDS[language] = (ranked, list(itertools.accumulate(weights)))
    ranked, cumulative = WORDS[language]
    return " ".join(rng.choices(ranked, cum_weights=cumulative, k=words))


def records(count, seed=7):
    rng = random.Random(seed)
    kinds = ["guidance", "tool", "case_study"]
    themes = ["identification", "integration", "safeguarding", "migration", "raising-awareness"]
    result = []
    for number in range(count):
        languages = ["en", rng.choice(["fr", "hr", "nl"])]
        if number % 3 == 0:
            languages.append(
                rng.choice([code for code in ("fr", "hr", "nl") if code not in languages])
            )
        record = {
            "kind": kinds[number % 3],
            "slug": f"bench-{number}",
            "title": {code: f"{body(rng, code, 6)} {number}" for code in languages},
            "summary": {code: body(rng, code, 30) for code in languages},
            "body": {code: body(rng, code) for code in languages},
            "themes": rng.sample(themes, 2),
            "exploitation_forms": [rng.choice(["forced-labour", "sexual-exploitation"])],
            "audiences": [rng.choice(["volunteers", "staff", "managers"])],
            "countries": [rng.choice(["GB", "FR", "HR", "NL", "ES"])],
            "national_society": rng.choice(
                [
                    "british-red-cross",
                    "french-red-cross",
                    "croatian-red-cross",
                    "netherlands-red-cross",
                ]
            ),
            "published": f"{rng.randint(2012, 2026)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
        }
        if record["kind"] == "tool":
            record["format"] = "checklist"
        result.append(record)
    return result


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


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("count", nargs="?", type=int, default=10_000)
    parser.add_argument("--database", help="DATABASE_URL (default: SQLite in --workdir)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--ranked-samples", type=int, default=3)
    parser.add_argument("--workdir", help="folder for the scratch files (kept)")
    parser.add_argument("--skip-import", action="store_true", help="reuse a filled database")
    args = parser.parse_args()

    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="hub-search-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hub.settings.dev",
        "DATABASE_URL": args.database or f"sqlite:///{workdir / 'bench.sqlite3'}",
        "MEDIA_ROOT": str(workdir / "media"),
        "DEBUG": "false",
        "ALLOWED_HOSTS": "testserver,localhost",
    }
    if not args.skip_import:
        data = workdir / "records.json"
        data.write_text(json.dumps(records(args.count)), encoding="utf-8")
        manage = [sys.executable, str(ROOT / "manage.py")]
        for command in (
            ["migrate", "--noinput", "-v", "0"],
            ["load_demo_content"],
            ["import_resources", str(data), "--no-progress"],
        ):
            # The benchmark runs this project's own manage.py with fixed arguments.
            subprocess.run(
                [*manage, *command], env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL
            )

    os.environ.update(env)
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client
    from wagtail.models import Page

    from search import facets

    marker = workdir / "wagtail-index-with-bodies"
    if not marker.exists():
        wagtail_index_with_bodies()
        marker.touch()
    from django.db import connection

    if connection.vendor == "postgresql":
        # What autovacuum does after a bulk load (it may be off, or not there yet).
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")

    # Every search is computed: the results cache is measured on its own below.
    settings.SEARCH_CACHE_SECONDS = 0
    client = Client()
    api, filtered, later, bare, ranked = [], [], [], [], []
    # Each kind of search in a loop of its own, after a first run that warms the caches:
    # interleaved, Wagtail's searches (which read large body vectors) would evict the Hub's
    # index pages from the database's cache between two of its searches, and the reverse.
    for query in QUERIES:
        client.get("/api/search/", {"q": query})
        for _ in range(args.repeat):
            api.append(timed(lambda q=query: client.get("/api/search/", {"q": q, "lang": "fr"})))
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
    for query in QUERIES[: args.ranked_samples]:
        ranked.append(timed(lambda q=query: list(Page.objects.live().search(q)[:20])))
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

    calibration = [timed(lambda: sum(range(3_000_000))) for _ in range(20)]

    engine = env["DATABASE_URL"].split(":", 1)[0]
    print(f"database: {engine}, resources: {args.count} (+5 demo), queries: {len(QUERIES)}")
    for label, samples in (
        ("/api/search/ ranked, all facets", api),
        ("/api/search/ ranked, with facet filters", filtered),
        ("/api/search/ ranked, page 5", later),
        ("Wagtail unranked match", bare),
        ("Wagtail ranked search", ranked),
        ("/api/search/ repeated, from the cache", cached),
        ("/api/search/ narrowed, ranking from cache", narrowed),
        ("facet bitsets reload (after a change)", reload),
        ("calibration: a fixed CPU-bound loop", calibration),
    ):
        p50, p95 = percentiles(samples)
        print(f"{label:42s} p50 {p50:9.1f} ms   p95 {p95:9.1f} ms   (n={len(samples)})")
    print(f"scratch files: {workdir}")


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
