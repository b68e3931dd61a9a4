"""Load test: 20 concurrent users on search and pages for 60 s against gunicorn.

Starts gunicorn (production settings, 4 workers) on a database that already holds the
library (for example the PostgreSQL database `bench/search.py --database ...` filled), runs
Locust headless on loopback, and prints throughput, p50/p95 and errors.

Usage: python bench/load.py --database postgres://postgres@127.0.0.1:5432/hub_bench
       [--users 20] [--seconds 60] [--port 8765]
Needs the bench extra: pip install -e ".[bench]".
"""

from gevent import monkey

monkey.patch_all()

import argparse  # noqa: E402
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
from locust import HttpUser, constant, task  # noqa: E402
from locust.env import Environment  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
QUERIES = [
    "trafficking",
    "forced labour",
    "travail forcé",
    "mensenhandel",
    "THB",
    "identification volunteers",
    "zaštita žrtve",
    "indicators",
    "shelter referral",
]
LANGUAGES = ["en", "fr", "hr", "nl", "es", "ar"]
PAGES = ["/{lang}/", "/{lang}/search/?q=trafficking", "/{lang}/network/"]


class Reader(HttpUser):
    wait_time = constant(0)

    @task(4)
    def search(self):
        params = {"q": random.choice(QUERIES), "lang": random.choice(LANGUAGES)}
        if random.random() < 0.5:
            params["kind"] = random.choice(["tool", "guidance", "case_study"])
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
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=4)
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
        "API_RATE_LIMIT": "1000000/m",
        "LOG_LEVEL": "WARNING",
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
        gevent.sleep(args.seconds)
        runner.quit()
        stats = environment.stats
        print(f"users: {args.users}, duration: {args.seconds} s, workers: {args.workers}")
        for name in ("/api/search/", "pages"):
            entry = stats.get(name, "GET")
            print(
                f"{name:14s} {entry.num_requests / args.seconds:7.1f} req/s   "
                f"p50 {entry.get_response_time_percentile(0.5):6.0f} ms   "
                f"p95 {entry.get_response_time_percentile(0.95):6.0f} ms   "
                f"errors {entry.num_failures}"
            )
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
