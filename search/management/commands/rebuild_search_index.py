"""Rebuild the Hub's search index from the live resources (either backend)."""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from search import service
from search.backends.base import RebuildFailed
from search.documents import count_live_resources


class Command(BaseCommand):
    help = (
        "Rebuild the search index: a new index is built and swapped in when complete "
        "(Elasticsearch: a new index behind the alias; database: one transaction)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true", help="Hide the progress bar.")

    def handle(self, *args, no_progress=False, **options):
        with tqdm(
            total=count_live_resources(),
            unit="resource",
            desc="Indexing",
            disable=no_progress or None,
            file=self.stderr._out,
        ) as progress:
            try:
                total = service.rebuild(progress=progress)
            except RebuildFailed as error:
                raise CommandError(f"{error} The search index is unchanged.") from error
        backend = service.get_backend().name
        self.stdout.write(self.style.SUCCESS(f"Indexed {total} resources ({backend} backend)."))
