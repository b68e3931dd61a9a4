"""Create or update published resources from a JSON file (format: DESIGN.md, README)."""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from hub.records import RecordError, import_turn, read_records, report_outcome
from resources.importer import ResourceImporter


class Command(BaseCommand):
    help = (
        "Import resources from a JSON list of records. Bad records are reported with their "
        "position and skipped; the command exits non-zero if any record failed."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path to the JSON file ('-' for standard input).")
        parser.add_argument("--batch-size", type=int, default=250)
        parser.add_argument(
            "--no-progress", action="store_true", help="Do not show a progress bar."
        )

    def handle(self, *args, file, batch_size, no_progress, **options):
        records = read_records(file)
        with import_turn(self):  # another import's writes come before this one's reads
            try:
                importer = ResourceImporter(batch_size=batch_size)
            except RecordError as error:
                raise CommandError(str(error)) from error
            with tqdm(
                total=len(records),
                unit="record",
                desc="Importing",
                disable=no_progress or None,
                file=self.stderr._out,
            ) as progress:
                report = importer.run(records, progress=progress)
        report_outcome(self, report)
