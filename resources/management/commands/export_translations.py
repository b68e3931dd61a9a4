"""Write what one language still lacks as XLIFF, for translators (resources.xliff)."""

from django.core.management.base import BaseCommand, CommandError

from resources.xliff import export_units


class Command(BaseCommand):
    help = (
        "Write each missing or outdated field of the live resources in one language as an "
        "XLIFF unit with its English source."
    )

    def add_arguments(self, parser):
        parser.add_argument("--language", required=True, help="The language to translate into.")
        parser.add_argument("--output", "-o", required=True, help="The XLIFF file to write.")
        parser.add_argument(
            "--resources",
            help="Only these resources: their English slugs, separated by commas.",
        )

    def handle(self, *args, language, output, resources=None, **options):
        slugs = [slug.strip() for slug in (resources or "").split(",") if slug.strip()]
        try:
            data, units, pages = export_units(language, slugs or None)
        except ValueError as error:
            raise CommandError(str(error)) from error
        try:
            with open(output, "wb") as handle:
                handle.write(data)
        except OSError as error:
            raise CommandError(f"Could not write {output}: {error}") from error
        self.stdout.write(f"Wrote {units} units from {pages} resources to {output}")
