"""Benchmark of the search service against Wagtail's own database search.

Generates N resources (default 10,000, each in two or three languages, 250-word bodies),
imports them with import_resources into a scratch database, then reports p50 and p95 of:
- GET /api/search/ (ranked, all facets counted), for a set of queries;
- Wagtail's bare Page.objects.live().search(q, order_by_relevance=False) (an unranked match);
- Wagtail's ranked search on a few queries (slow on SQLite: kept to --ranked-samples).

Usage: python bench/search.py [N] [--database URL] [--repeat R] [--ranked-samples K]
Without --database it uses a new SQLite file in a temporary folder.
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
    parser.add_argument("--database", help="DATABASE_URL (default: scratch SQLite)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--ranked-samples", type=int, default=3)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="hub-search-bench-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hub.settings.dev",
        "DATABASE_URL": args.database or f"sqlite:///{workdir / 'bench.sqlite3'}",
        "MEDIA_ROOT": str(workdir / "media"),
        "DEBUG": "false",
        "ALLOWED_HOSTS": "testserver,localhost",
    }
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
            [*manage, *command],
            env=env,
            check=True,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
        )

    os.environ.update(env)
    import django

    django.setup()
    from django.test import Client
    from wagtail.models import Page

    client = Client()
    api, bare, ranked = [], [], []
    for query in QUERIES:
        client.get("/api/search/", {"q": query})  # warm caches
        for _ in range(args.repeat):
            api.append(timed(lambda q=query: client.get("/api/search/", {"q": q, "lang": "fr"})))
            bare.append(
                timed(
                    lambda q=query: list(
                        Page.objects.live().search(q, order_by_relevance=False)[:20]
                    )
                )
            )
    filtered = []
    for query in QUERIES[:6]:
        for _ in range(args.repeat):
            filtered.append(
                timed(
                    lambda q=query: client.get(
                        "/api/search/", {"q": q, "kind": ["tool", "guidance"], "country": "FR"}
                    )
                )
            )
    for query in QUERIES[: args.ranked_samples]:
        ranked.append(timed(lambda q=query: list(Page.objects.live().search(q)[:20])))

    engine = env["DATABASE_URL"].split(":", 1)[0]
    print(f"database: {engine}, resources: {args.count} (+5 demo), queries: {len(QUERIES)}")
    for label, samples in (
        ("/api/search/ ranked, all facets", api),
        ("/api/search/ ranked, with facet filters", filtered),
        ("Wagtail unranked match", bare),
        ("Wagtail ranked search", ranked),
    ):
        p50, p95 = percentiles(samples)
        print(f"{label:42s} p50 {p50:9.1f} ms   p95 {p95:9.1f} ms   (n={len(samples)})")


if __name__ == "__main__":
    main()
