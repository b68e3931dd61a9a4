"""The bulk commands' shared parts (import_resources, import_contacts): reading their JSON
files, taking turns, reporting the outcome.

Two imports at once would each read what is stored, then write over the other (the same
new page twice at one tree path, a taxonomy term created by both): they take turns
instead, whichever command they are, the second waiting for the first to finish. On
PostgreSQL the turn is a session advisory lock, which the server releases if the process
dies; on SQLite, a lock file beside the database (filelock), which the system releases.
"""

import hashlib
import json
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.core.management.base import CommandError
from django.db import connection
from filelock import FileLock

# pg_advisory_lock's key for the imports: any bigint, the same in every process.
IMPORT_LOCK_KEY = int.from_bytes(hashlib.sha256(b"hub.records.import_turn").digest()[:4])


def read_records(file):
    """The JSON list in `file` ('-' for standard input), or CommandError saying what is wrong."""
    try:
        if file == "-":
            data = json.load(sys.stdin)
        else:
            with open(file, encoding="utf-8") as handle:
                data = json.load(handle)
    except OSError as error:
        raise CommandError(f"Cannot read {file}: {error.strerror}") from error
    except json.JSONDecodeError as error:
        raise CommandError(
            f"{file} is not valid JSON (line {error.lineno}, column {error.colno}): {error.msg}"
        ) from error
    if not isinstance(data, list):
        raise CommandError(f"{file} must hold a JSON list of records")
    return data


def report_outcome(command, report):
    """Print each failed record and the summary; exit non-zero (CommandError) if any failed."""
    for position, label, message in report.errors:
        command.stderr.write(f"Record {position} ({label}): {message}")
    summary = (
        f"{report.created} created, {report.updated} updated, "
        f"{report.unchanged} unchanged, {report.failed} failed"
    )
    if report.failed:
        raise CommandError(summary)
    command.stdout.write(command.style.SUCCESS(summary))


def _lock_file():
    name = str(connection.settings_dict["NAME"])
    if name and ":memory:" not in name and "mode=memory" not in name:
        return Path(f"{name}.import-lock")
    # An in-memory database (the tests'): shared by this process's threads only.
    digest = hashlib.sha256(name.encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"hub-import-{digest}.lock"


@contextmanager
def import_turn(command):
    """Run the block once no other import runs, saying so on stderr if it has to wait."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [IMPORT_LOCK_KEY])
            if not cursor.fetchone()[0]:
                command.stderr.write("Another import is running: waiting for it to finish.")
                cursor.execute("SELECT pg_advisory_lock(%s)", [IMPORT_LOCK_KEY])
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [IMPORT_LOCK_KEY])
        return
    lock = FileLock(_lock_file(), thread_local=False)
    try:
        lock.acquire(timeout=0)
    except TimeoutError:
        command.stderr.write("Another import is running: waiting for it to finish.")
        lock.acquire()
    try:
        yield
    finally:
        lock.release()
