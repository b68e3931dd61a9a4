"""Reading the JSON files of the bulk commands (import_resources, import_contacts)."""

import json
import sys

from django.core.management.base import CommandError


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
