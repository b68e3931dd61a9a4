"""Create or update published resources from a JSON file (format: DESIGN.md, README), or
from a bundle (.zip) that export_resources --bundle wrote."""

import zipfile

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from hub.record_stream import RecordStream
from hub.records import RecordError, import_turn, report_outcome
from resources.bundle import Bundle, BundleError, ensure_library
from resources.bundle_catalogue import restore_catalogue
from resources.importer import ResourceImporter


def is_bundle(file):
    return file != "-" and (file.lower().endswith(".zip") or zipfile.is_zipfile(file))


class Command(BaseCommand):
    help = (
        "Import resources from a JSON list of records, or a bundle (.zip) with their files. "
        "Bad records are reported with their position and skipped; the command exits "
        "non-zero if any record failed. A bundle that cannot be read changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", help="The JSON file ('-' for standard input), or a bundle FILE.zip."
        )
        parser.add_argument("--batch-size", type=int, default=250)
        parser.add_argument(
            "--no-progress", action="store_true", help="Do not show a progress bar."
        )

    def handle(self, *args, file, batch_size, no_progress, **options):
        if is_bundle(file):
            try:
                bundle = Bundle(file)
            except BundleError as error:
                raise CommandError(str(error)) from error
            with bundle, import_turn(self):
                self.import_bundle(bundle, batch_size, no_progress)
            return
        records = RecordStream(file)  # says now if the file is unreadable or not a list
        failed = None
        with import_turn(self):  # another import's writes come before this one's reads
            try:
                self.import_records(records, batch_size, no_progress)
            except CommandError as error:
                failed = error
        if records.error is not None:  # the JSON broke further on: the import stopped there
            if failed is not None:
                self.stderr.write(str(failed))
            raise records.error
        if failed is not None:
            raise failed

    def import_records(self, records, batch_size, no_progress, bundle=None, library=None):
        try:
            importer = ResourceImporter(library=library, batch_size=batch_size, files=bundle)
        except RecordError as error:
            raise CommandError(str(error)) from error
        with tqdm(
            total=len(records) if isinstance(records, list) else None,  # a stream: unknown
            unit="record",
            desc="Importing",
            disable=no_progress or None,
            file=self.stderr._out,
        ) as progress:
            report = importer.run(records, progress=progress)
        report_outcome(self, report)

    def import_bundle(self, bundle, batch_size, no_progress):
        """Terms and National Societies first, then contacts (resources name them), then the
        library's resources."""
        try:
            with transaction.atomic():
                terms, societies = restore_catalogue(bundle.site, bundle)
        except RecordError as error:
            raise CommandError(f"{bundle.path}: {error} (nothing was imported)") from error
        if terms or societies:
            self.stdout.write(f"{terms} terms and {societies} National Societies created.")
        failed = None
        if bundle.contacts is not None:
            from network.bundle import import_contact_records

            report = import_contact_records(bundle.contacts, bundle)
            self.stdout.write("Contact points:")
            try:
                report_outcome(self, report)
            except CommandError as error:
                self.stderr.write(str(error))
                failed = error
            self.stdout.write("Resources:")
        try:
            library = ensure_library(bundle.site)
        except RecordError as error:
            raise CommandError(str(error)) from error
        self.import_records(bundle.records, batch_size, no_progress, bundle, library)
        if failed is not None:
            raise failed
