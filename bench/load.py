"""Load test: 20 concurrent users on search and pages for 60 s against gunicorn.

Starts gunicorn (production settings, 8 workers as in the Dockerfile, the results cache in
Redis) on a database that already holds the library (for example the PostgreSQL database
that `bench/search.py --database ...` filled), runs Locust headless on loopback (on the same
machine: the load generator takes its share of the CPU), and prints throughput, p50/p95,
errors and how many searches were distinct. --no-cache turns the results cache off.

Usage: python bench/load.py --database postgres://postgres@127.0.0.1:5432/hub_bench
       [--users 20] [--seconds 60] [--warmup 0] [--port 8765] [--workers 8] [--no-cache]
--warmup S puts S seconds of the same load before the measured ones, not counted.
Needs the bench extra: pip install -e ".[bench]".
"""

from gevent import monkey

monkey.patch_all()

import argparse  # noqa: E402
import importlib.util  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import secrets  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import urllib.request  # noqa: E402
from pathlib import Path  # noqa: E402

import gevent  # noqa: E402
from locust import FastHttpUser, constant, task  # noqa: E402
from locust.env import Environment  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ["en", "fr", "hr", "nl", "es", "ar"]
PAGES = ["/{lang}/", "/{lang}/network/", "/{lang}/search/?q=trafficking", "/en/library/"]
# What readers ask for: a few popular searches and a long tail (search_queries), each with a
# facet now and then, and sometimes a second page. The results cache helps only as much as
# searches repeat; the run reports how many were distinct.
POOL_SIZE = 300
ZIPF_EXPONENT = 1.0


def _bench_search_module():
    """bench/search.py, for its vocabulary (its name would clash with the search package)."""
    spec = importlib.util.spec_from_file_location("bench_search", ROOT / "bench" / "search.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def search_queries(size=POOL_SIZE, seed=5):
    """The benchmark's queries, then one- and two-word queries from its vocabulary in four
    languages, most popular first."""
    bench = _bench_search_module()
    rng = random.Random(seed)
    queries = list(bench.QUERIES)
    words = [word for language in bench.VOCABULARY.values() for word in language]
    while len(queries) < size:
        query = " ".join(rng.sample(words, rng.choice([1, 1, 2])))
        if query not in queries:
            queries.append(query)
    return queries


QUERIES = search_queries()
WEIGHTS = [1 / rank**ZIPF_EXPONENT for rank in range(1, len(QUERIES) + 1)]
FACETS = [
    ("kind", ["tool", "guidance", "case_study"]),
    ("country", ["GB", "FR", "HR", "NL", "ES"]),
    ("theme", ["identification", "integration", "safeguarding", "migration"]),
]
SEEN = set()


class Reader(FastHttpUser):
    wait_time = constant(0)

    @task(4)
    def search(self):
        params = {
            "q": random.choices(QUERIES, weights=WEIGHTS)[0],
            "lang": random.choice(LANGUAGES),
        }
        if random.random() < 0.4:
            facet, values = random.choice(FACETS)
            params[facet] = random.choice(values)
        if random.random() < 0.1:
            params["page"] = 2
        SEEN.add(tuple(sorted(params.items())))
        self.client.get("/api/search/", params=params, name="/api/search/")

    @task(1)
    def page(self):
        path = random.choice(PAGES).format(lang=random.choice(LANGUAGES))
        self.client.get(path, name="pages")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", required=True)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument(
        "--warmup", type=int, default=0, help="seconds of load before the measured ones"
    )
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--no-cache", action="store_true", help="compute every search")
    args = parser.parse_args()

    static = Path(tempfile.mkdtemp(prefix="hub-load-static-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hub.settings.production",
        "DATABASE_URL": args.database,
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": str(static),
        "CACHE_URL": os.environ.get("CACHE_URL", "redis://127.0.0.1:6379/3"),
        # One load generator stands for many readers: the per-address limits would refuse it
        # (the search page's 120 a minute gave 429s at 10 pages a second).
        "API_RATE_LIMIT": "1000000/m",
        "SEARCH_PAGE_RATE_LIMIT": "1000000/m",
        "LOG_LEVEL": "WARNING",
        "SEARCH_CACHE_SECONDS": "0" if args.no_cache else "600",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "collectstatic", "--noinput", "-v", "0"], env=env, check=True)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "hub.wsgi:application",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--workers",
            str(args.workers),
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    base = f"http://127.0.0.1:{args.port}"
    try:
        for _attempt in range(60):
            try:
                urllib.request.urlopen(f"{base}/healthz/", timeout=2)  # noqa: S310 - loopback
                break
            except OSError:
                time.sleep(0.5)
        environment = Environment(user_classes=[Reader], host=base)
        runner = environment.create_local_runner()
        runner.start(args.users, spawn_rate=args.users)
        if args.warmup:
            # Each worker's first searches build what it keeps (facet bitsets, vocabularies):
            # a long-running worker has, a cold start has not.
            gevent.sleep(args.warmup)
            environment.stats.reset_all()
            SEEN.clear()
        gevent.sleep(args.seconds)
        runner.quit()
        stats = environment.stats
        print(
            f"users: {args.users}, duration: {args.seconds} s after {args.warmup} s of warm-up,"
            f" workers: {args.workers}"
        )
        for name in ("/api/search/", "pages"):
            entry = stats.get(name, "GET")
            print(
                f"{name:14s} {entry.num_requests / args.seconds:7.1f} req/s   "
                f"p50 {entry.get_response_time_percentile(0.5):6.0f} ms   "
                f"p95 {entry.get_response_time_percentile(0.95):6.0f} ms   "
                f"errors {entry.num_failures}"
            )
        searches = stats.get("/api/search/", "GET").num_requests
        print(f"distinct searches: {len(SEEN)} of {searches} ({len(SEEN) / max(searches, 1):.0%})")
        total = stats.total
        print(
            f"{'all':14s} {total.num_requests / args.seconds:7.1f} req/s   "
            f"p95 {total.get_response_time_percentile(0.95):6.0f} ms   errors {total.num_failures}"
        )
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
