"""Benchmark: import N generated resources (default 10,000) into a scratch database.

Prints the time of a first import (creates every page), of a second import of the same file
(changes nothing), of a third with every summary changed (updates every page) and the rates,
with the CPU time of each (the command's, not a database server's: steadier than the wall
clock on a shared machine).
Usage: python bench/import_resources.py [N] [--database URL]. Without --database it uses a
new SQLite file in a temporary folder.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("count", nargs="?", type=int, default=10_000)
    parser.add_argument("--database", help="DATABASE_URL to use (default: scratch SQLite)")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="hub-bench-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hub.settings.dev",
        "DATABASE_URL": args.database or f"sqlite:///{workdir / 'bench.sqlite3'}",
        "MEDIA_ROOT": str(workdir / "media"),
    }
    manage = [sys.executable, str(ROOT / "manage.py")]

    def run(*command):
        """Wall and CPU seconds of the command."""
        started, before = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
        # The benchmark runs this project's own manage.py with fixed arguments.
        subprocess.run([*manage, *command], env=env, check=True, cwd=ROOT)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
        return time.perf_counter() - started, cpu

    os.environ.update(env)
    import django

    django.setup()
    from resources.factories import resource_record

    kinds = ["guidance", "tool", "case_study"]
    records = [
        resource_record(
            number, kind=kinds[number % 3], languages=[("en", "fr"), ("en", "hr", "nl")][number % 2]
        )
        for number in range(args.count)
    ]
    data = workdir / "records.json"
    data.write_text(json.dumps(records), encoding="utf-8")
    for record in records:
        record["summary"] = {code: f"{text} Revised." for code, text in record["summary"].items()}
    changed = workdir / "changed.json"
    changed.write_text(json.dumps(records), encoding="utf-8")

    run("migrate", "--noinput", "-v", "0")
    run("load_demo_content")
    first = run("import_resources", str(data), "--no-progress")
    second = run("import_resources", str(data), "--no-progress")
    third = run("import_resources", str(changed), "--no-progress")
    print(f"database: {env['DATABASE_URL'].split(':', 1)[0]}")
    print(f"records: {args.count}")
    for name, (wall, cpu) in (
        ("first import (creates)", first),
        ("second import (unchanged)", second),
        ("third import (updates)", third),
    ):
        print(f"{name}: {wall:.1f} s ({args.count / wall:.0f} records/s), CPU {cpu:.1f} s")


if __name__ == "__main__":
    main()
