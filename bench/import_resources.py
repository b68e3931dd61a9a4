"""Benchmark: import N generated resources (default 10,000) into a scratch database.

Prints the time of a first import (creates every page), of a second import of the same file
(changes nothing), of a third with every summary changed (updates every page) and the rates,
with the CPU time of each (the command's, not a database server's: steadier than the wall
clock on a shared machine) and its peak memory (the command's own peak resident set, which
must not grow with the file: the import streams it). The files are written a record at a
time, so that the benchmark itself runs at 100,000 records.
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
    # Each command in a fresh Python that reports its own peak RSS: RUSAGE_CHILDREN's is the
    # largest of every child so far, so a small import after a large one would show the large.
    rss_file = workdir / "peak-rss"
    manage = [sys.executable, "-c", PEAK_RSS, str(rss_file), str(ROOT / "manage.py")]

    def run(*command):
        """Wall and CPU seconds of the command, and its peak RSS in MiB."""
        started, before = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
        # The benchmark runs this project's own manage.py with fixed arguments.
        subprocess.run([*manage, *command], env=env, check=True, cwd=ROOT)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
        return time.perf_counter() - started, cpu, int(rss_file.read_text()) / 1024

    os.environ.update(env)
    import django

    django.setup()
    from resources.factories import resource_record

    kinds = ["guidance", "tool", "case_study"]

    def records(revised=False):
        for number in range(args.count):
            languages = [("en", "fr"), ("en", "hr", "nl")][number % 2]
            record = resource_record(number, kind=kinds[number % 3], languages=languages)
            if revised:
                record["summary"] = {code: f"{t} Revised." for code, t in record["summary"].items()}
            yield record

    data, changed = workdir / "records.json", workdir / "changed.json"
    write_list(data, records())
    write_list(changed, records(revised=True))

    run("migrate", "--noinput", "-v", "0")
    run("load_demo_content")
    first = run("import_resources", str(data), "--no-progress")
    second = run("import_resources", str(data), "--no-progress")
    third = run("import_resources", str(changed), "--no-progress")
    print(f"database: {env['DATABASE_URL'].split(':', 1)[0]}")
    print(f"records: {args.count}")
    for name, (wall, cpu, rss) in (
        ("first import (creates)", first),
        ("second import (unchanged)", second),
        ("third import (updates)", third),
    ):
        print(
            f"{name}: {wall:.1f} s ({args.count / wall:.0f} records/s), CPU {cpu:.1f} s, "
            f"peak RSS {rss:.0f} MiB"
        )


def write_list(path, items):
    """A JSON list of `items`, written one at a time."""
    with path.open("w", encoding="utf-8") as file:
        file.write("[")
        for number, item in enumerate(items):
            file.write(",\n" if number else "\n")
            file.write(json.dumps(item))
        file.write("\n]\n")


# Runs manage.py (argv[2:]) as `python manage.py` would, then writes its peak RSS (KiB on
# Linux) to argv[1], however the command ends.
PEAK_RSS = """
import resource, runpy, sys
rss_file = sys.argv.pop(1)
sys.argv.pop(0)
try:
    runpy.run_path(sys.argv[0], run_name="__main__")
finally:
    with open(rss_file, "w") as file:
        file.write(str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))
"""


if __name__ == "__main__":
    main()
