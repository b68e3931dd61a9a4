"""Write the translations of an XLIFF file into the resources (resources.xliff)."""

from django.core.management.base import BaseCommand, CommandError

from resources.xliff import import_units


class Command(BaseCommand):
    help = (
        "Write the translations of an XLIFF file (from export_translations) into the "
        "resources as human translated drafts, or published with --publish."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The XLIFF file.")
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish each resource translated (those with other changes waiting stay drafts).",
        )

    def handle(self, *args, file, publish=False, **options):
        try:
            with open(file, "rb") as handle:
                data = handle.read()
        except OSError as error:
            raise CommandError(f"Could not read {file}: {error}") from error
        try:
            result = import_units(data, publish=publish)
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Placed {len(result.placed)} units: {len(result.published)} resources published, "
            f"{len(result.drafts) + len(result.kept_as_draft)} saved as drafts"
        )
        for page in result.kept_as_draft:
            self.stdout.write(
                f"Kept as a draft, not published: {page.slug_en} (it has changes not yet "
                "published, or was never published)"
            )
        for unit_id, reason in result.unplaced:
            self.stderr.write(f"Not placed: {unit_id}: {reason}")
        if result.unplaced:
            names = ", ".join(unit_id for unit_id, _reason in result.unplaced)
            raise CommandError(f"{len(result.unplaced)} units could not be placed: {names}")
