"""Create or update published resources from a JSON file (format: DESIGN.md, README)."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from resources.interchange import RecordError, ResourceImporter


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
        records = self._read(file)
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
        for position, label, message in report.errors:
            self.stderr.write(f"Record {position} ({label}): {message}")
        summary = (
            f"{report.created} created, {report.updated} updated, "
            f"{report.unchanged} unchanged, {report.failed} failed"
        )
        if report.failed:
            raise CommandError(summary)
        self.stdout.write(self.style.SUCCESS(summary))

    def _read(self, file):
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
