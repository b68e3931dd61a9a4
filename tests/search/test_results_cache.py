"""Answers are cached by the search service, whatever the backend, under the index version and
what the viewer is admitted to: never across viewers whom restrictions treat differently."""

import json

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.http import QueryDict
from wagtail.models import PageViewRestriction

from hub.restrictions import ANONYMOUS, Viewer
from resources.models import Theme
from search import service
from search.models import QueryStat

STEP = "step-integration-pilot-uk"


def search(query_string, viewer=ANONYMOUS):
    return service.search(service.parse(QueryDict(query_string), viewer=viewer))


@pytest.fixture
def elasticsearch(on_standin):
    """The Elasticsearch backend on the stand-in server, with the demo library indexed."""
    return on_standin


def searches(server):
    alias = settings.ELASTICSEARCH_INDEX
    return [json.loads(body) for _method, _path, body in server.calls("POST", f"/{alias}/_search")]


@pytest.mark.django_db
def test_the_elasticsearch_backends_answers_are_cached_too(elasticsearch):
    first = search("q=travail forcé&lang=fr")
    again = search("q=travail forcé&lang=fr")
    assert len(searches(elasticsearch)) == 1  # the second came from the cache
    assert [r.title for r in again.results] == [r.title for r in first.results]
    assert again.facets == first.facets and again.total == first.total > 0
    # Counted for the editors' reports both times, cached or not.
    assert QueryStat.objects.get(query="travail forcé", language="fr").searches == 2

    search("q=travail forcé&lang=fr&page=2")  # another page: another answer
    assert len(searches(elasticsearch)) == 2

    theme = Theme.objects.first()  # a new label: a new index version
    theme.name_fr = "Repérage"
    theme.save()
    search("q=travail forcé&lang=fr")
    assert len(searches(elasticsearch)) == 3


@pytest.mark.django_db
def test_viewers_share_an_answer_only_when_admitted_to_the_same_resources(elasticsearch, resources):
    group = Group.objects.create(name="Outreach workers")
    restriction = PageViewRestriction.objects.create(
        page=resources[STEP], restriction_type="groups"
    )
    restriction.groups.add(group)
    token = f"groups:{group.pk}"
    in_group = Viewer(authenticated=True, groups=frozenset({group.pk}))

    def access_filters():
        return [body["query"]["bool"]["filter"] for body in searches(elasticsearch)]

    search("q=pilot", in_group)
    search("q=pilot")  # anonymous: not the group's answer
    assert access_filters() == [
        [{"terms": {"access": [token, "public"]}}],
        [{"terms": {"access": ["public"]}}],
    ]
    # A member outside the group is admitted to what anonymous readers are, a superuser to
    # what the group is: each gets the answer already computed for those.
    search("q=pilot", Viewer(authenticated=True))
    search("q=pilot", Viewer(authenticated=True, superuser=True))
    assert len(access_filters()) == 2


@pytest.mark.django_db
def test_a_restricted_result_cached_for_one_viewer_is_never_shown_to_another(
    backend, resources, django_capture_on_commit_callbacks
):
    step = resources[STEP]
    group = Group.objects.create(name="Outreach workers")
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(page=step, restriction_type="groups")
        restriction.groups.add(group)
    in_group = Viewer(authenticated=True, groups=frozenset({group.pk}))

    assert step.pk in [result.id for result in search("q=integration", in_group).results]
    for viewer in (Viewer(authenticated=True), ANONYMOUS):
        results = search("q=integration", viewer)
        assert step.pk not in [result.id for result in results.results]
    assert step.pk in [result.id for result in search("q=integration", in_group).results]
