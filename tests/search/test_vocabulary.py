"""The database backend's vocabulary (search.backends.vocabulary): built again after a change
once it is old enough, at once when who may find what changed."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page, PageViewRestriction

from resources.factories import resource_record
from search import service
from tests.search.test_contract import import_records

SEARCH_BACKENDS = ["database"]


def test_a_vocabulary_is_built_again_after_a_change_once_it_is_old_enough(backend, settings):
    import_records(resource_record(87, languages=("en",), title={"en": "Trafficking on ships"}))
    settings.SEARCH_VOCABULARY_SECONDS = 0  # this test's index, whatever an earlier one built
    assert backend.correct("trafiking", "en") == "trafficking"
    settings.SEARCH_VOCABULARY_SECONDS = 3600
    import_records(resource_record(88, languages=("en",), title={"en": "Okapinest shelters"}))
    # Within the hour, the process keeps the vocabulary it has...
    assert backend.correct("okapinets", "en") is None
    assert service.suggest_terms("okapin") == []
    # ...and past it, the next query after the change builds it again.
    settings.SEARCH_VOCABULARY_SECONDS = 0
    assert backend.correct("okapinets", "en") == "okapinest"
    assert service.suggest_terms("okapin") == ["okapinest"]


@pytest.mark.django_db
def test_a_restriction_builds_it_again_at_once(
    backend, settings, django_capture_on_commit_callbacks
):
    import_records(
        resource_record(
            89, languages=("en",), slug="quill-guide", title={"en": "Zanzibarquill outreach"}
        )
    )
    settings.SEARCH_VOCABULARY_SECONDS = 0
    assert service.suggest_terms("zanzibar") == ["zanzibarquill"]
    settings.SEARCH_VOCABULARY_SECONDS = 3600
    group = Group.objects.create(name="Outreach workers")
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(
            page=Page.objects.get(slug_en="quill-guide"), restriction_type="groups"
        )
        restriction.groups.add(group)
    # Within the hour, but who may find the resource changed: its words are hidden now.
    assert service.suggest_terms("zanzibar") == []


def test_a_vocabulary_one_process_built_is_shared_with_the_others(backend, settings):
    """Each of the web workers used to read every text of a language to build its own."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from search.backends import vocabulary
    from search.models import SearchText

    import_records(resource_record(90, languages=("en",), title={"en": "Quetzalharbour guide"}))
    settings.SEARCH_VOCABULARY_SECONDS = 0
    assert backend.correct("quetzalharbor", "en") == "quetzalharbour"
    vocabulary._VOCABULARIES.clear()  # another process, which has built nothing
    with CaptureQueriesContext(connection) as context:
        assert backend.correct("quetzalharbor", "en") == "quetzalharbour"
    texts = SearchText._meta.db_table
    assert not [query for query in context.captured_queries if texts in query["sql"]]
    # Without a cache to share it through, each process builds its own.
    settings.SEARCH_CACHE_SECONDS = 0
    vocabulary._VOCABULARIES.clear()
    with CaptureQueriesContext(connection) as context:
        assert backend.correct("quetzalharbor", "en") == "quetzalharbour"
    assert [query for query in context.captured_queries if texts in query["sql"]]
