"""Write every live resource as JSON, in the format import_resources reads, or the library
with its files as a bundle (resources.bundle)."""

import json

from django.core.management.base import BaseCommand, CommandError

from resources.bundle import BundleError, write_bundle
from resources.export import export_records


class Command(BaseCommand):
    help = (
        "Export the library as a JSON list of records (to stdout, or --output FILE), or as a "
        "bundle with its attachments and images (--bundle FILE.zip), for import_resources."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="Write to this file instead of stdout.")
        parser.add_argument(
            "--bundle",
            metavar="FILE.zip",
            help="Write a zip with the records, the attachments' and images' files and the "
            "library page, to move the library to another hub without loss.",
        )
        parser.add_argument(
            "--contacts",
            action="store_true",
            help="With --bundle: the directory's contact points too (personal data, every "
            "field: the export is logged in each contact's history).",
        )

    def handle(self, *args, output=None, bundle=None, contacts=False, **options):
        if contacts and not bundle:
            raise CommandError("--contacts goes with --bundle FILE.zip")
        if bundle:
            if output:
                raise CommandError("give --bundle FILE.zip or --output FILE, not both")
            try:
                written = write_bundle(bundle, with_contacts=contacts)
            except (BundleError, OSError) as error:
                raise CommandError(str(error)) from error
            people = f", {written['contacts']} contact points" if contacts else ""
            self.stderr.write(
                f"Wrote {bundle}: {written['resources']} resources{people}, "
                f"{written['files']} files"
            )
            return
        text = json.dumps(export_records(), ensure_ascii=False, indent=2)
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text + "\n")
            self.stderr.write(f"Wrote {output}")
        else:
            self.stdout.write(text)
