"""Create or update contact points from a JSON file (format: DESIGN.md, README)."""

import json

from django.core.management.base import BaseCommand, CommandError

from network.interchange import import_contacts


class Command(BaseCommand):
    help = (
        "Import contact points from a JSON list. Bad records are reported with their position "
        "and skipped; the command exits non-zero if any record failed."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            with open(file, encoding="utf-8") as handle:
                records = json.load(handle)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from error
        except json.JSONDecodeError as error:
            raise CommandError(
                f"{file} is not valid JSON (line {error.lineno}, column {error.colno}): {error.msg}"
            ) from error
        if not isinstance(records, list):
            raise CommandError(f"{file} must hold a JSON list of records")
        report = import_contacts(records)
        for position, label, message in report.errors:
            self.stderr.write(f"Record {position} ({label}): {message}")
        summary = (
            f"{report.created} created, {report.updated} updated, "
            f"{report.unchanged} unchanged, {report.failed} failed"
        )
        if report.failed:
            raise CommandError(summary)
        self.stdout.write(self.style.SUCCESS(summary))
