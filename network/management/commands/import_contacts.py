"""Create or update contact points from a JSON file (format: DESIGN.md, README)."""

from django.core.management.base import BaseCommand

from hub.records import import_turn, read_records, report_outcome
from network.importer import import_contacts


class Command(BaseCommand):
    help = (
        "Import contact points from a JSON list. Bad records are reported with their position "
        "and skipped; the command exits non-zero if any record failed."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        records = read_records(file)
        with import_turn(self):
            report = import_contacts(records)
        report_outcome(self, report)
