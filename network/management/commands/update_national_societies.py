"""Bring the hub's National Societies up to date with the reference file (network.societies)."""

from django.core.management.base import BaseCommand, CommandError

from hub.records import RecordError, import_turn
from network import societies


class Command(BaseCommand):
    help = (
        "Create or update the National Societies from a reference file (by default the Hub's "
        "own, network/data/national_societies.json). A bad record stops the command before "
        "anything changes; running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--file",
            default=str(societies.DATA_FILE),
            help='a JSON list of records, or an object with one under "societies"',
        )
        parser.add_argument(
            "--delete-missing",
            action="store_true",
            help="delete the National Societies the file does not have, unless a resource, a "
            "contact point or a revision refers to them",
        )

    def handle(self, *args, file, delete_missing, **options):
        records = societies.read_file(file)
        try:
            with import_turn(self):
                outcome = societies.update(records, delete_missing=delete_missing)
        except RecordError as error:
            self.stderr.write(str(error))
            raise CommandError(f"{file} has bad records: nothing was changed.") from None
        for note in outcome.notes:
            self.stdout.write(note)
        for society in outcome.kept:
            self.stdout.write(f'Kept "{society.slug}", not in the file: it is in use.')
        if outcome.missing and not delete_missing:
            slugs = ", ".join(society.slug for society in outcome.missing)
            self.stdout.write(
                f"Not in the file, left as they are ({len(outcome.missing)}): {slugs}"
            )
        summary = (
            f"{len(outcome.created)} created, {len(outcome.updated)} updated, "
            f"{outcome.unchanged} unchanged"
        )
        if delete_missing:
            summary += f", {len(outcome.deleted)} deleted, {len(outcome.kept)} kept (in use)"
        self.stdout.write(self.style.SUCCESS(summary))
