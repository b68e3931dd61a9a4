"""Pages cost the same number of queries whatever the size of the library."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from resources.factories import resource_record
from resources.importer import ResourceImporter
from resources.models import GuidancePage

KINDS = ["guidance", "tool", "case_study"]


def fill_library_to(total):
    existing = sum(model.objects.count() for model in GuidancePage.__mro__[1].__subclasses__())
    records = [
        resource_record(
            number, kind=KINDS[number % 3], languages=("en", "fr", "hr")[: 1 + number % 3]
        )
        for number in range(existing, total)
    ]
    report = ResourceImporter().run(records)
    assert report.failed == 0, report.errors


def queries_for(client, url):
    client.get(url)  # warm caches (site root paths), as on a running server
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def urls(home, library, resources):
    detail = resources["step-integration-pilot-uk"]
    result = {}
    for language in ("en", "fr", "ar"):
        with translation.override(language):
            result[f"home-{language}"] = home.get_url()
            result[f"library-{language}"] = library.get_url()
            result[f"library-page-2-{language}"] = library.get_url() + "?page=2"
            result[f"detail-{language}"] = detail.get_url()
    return result


@pytest.mark.django_db
def test_query_counts_do_not_grow_with_the_library(client, home, library, resources):
    pages = urls(home, library, resources)
    fill_library_to(10)
    with_10 = {name: queries_for(client, url) for name, url in pages.items()}

    fill_library_to(200)
    with_200 = {name: queries_for(client, url) for name, url in pages.items()}

    assert with_10 == with_200
    # And they stay small: a page is a handful of queries, not one per resource.
    assert max(with_200.values()) <= 25, with_200
