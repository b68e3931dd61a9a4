"""Create or update contact points from a JSON file (format: DESIGN.md, README)."""

from django.core.management.base import BaseCommand, CommandError

from hub.records import read_records
from network.interchange import import_contacts


class Command(BaseCommand):
    help = (
        "Import contact points from a JSON list. Bad records are reported with their position "
        "and skipped; the command exits non-zero if any record failed."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        records = read_records(file)
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
