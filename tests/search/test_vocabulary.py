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
