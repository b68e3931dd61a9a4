"""Each cache follows its own version: the site's content (pages, the notice, restrictions,
contacts) or the search index (index writes, terms, picks)."""

import json

import pytest
from wagtail.models import PageViewRestriction, Site

from hub.models import ContentVersion, EmergencyNotice
from network.factories import ContactPointFactory
from network.models import NationalSociety
from resources.models import Theme
from search.models import IndexVersion


def versions():
    return ContentVersion.current(), IndexVersion.current()


@pytest.mark.django_db
def test_a_contact_point_changes_the_pages_not_the_searches():
    society = NationalSociety.objects.get(slug="croatian-red-cross")
    content, index = versions()
    ContactPointFactory(society=society)
    assert versions()[0] != content
    assert versions()[1] == index  # every cached search and facet index stays valid


@pytest.mark.django_db
def test_the_emergency_notice_changes_the_pages_only(home):
    content, index = versions()
    notice = EmergencyNotice.for_site(Site.objects.get(is_default_site=True))
    notice.phone_number = "112"
    notice.save()
    assert versions()[0] != content and versions()[1] == index


@pytest.mark.django_db
def test_publishing_a_resource_changes_both(resources, django_capture_on_commit_callbacks):
    content, index = versions()
    with django_capture_on_commit_callbacks(execute=True):
        resources["what-is-human-trafficking-leaflet"].save_revision().publish()
    new_content, new_index = versions()
    assert new_content != content and new_index != index


@pytest.mark.django_db
def test_a_term_and_a_restriction_change_both(resources, django_capture_on_commit_callbacks):
    content, index = versions()
    theme = Theme.objects.first()
    theme.name_fr = "Nouveau nom"
    theme.save()
    after_term = versions()
    assert after_term[0] != content and after_term[1] != index
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=resources["what-is-human-trafficking-leaflet"], restriction_type="login"
        )
    assert versions()[0] != after_term[0] and versions()[1] != after_term[1]


@pytest.mark.django_db
def test_a_bulk_write_changes_the_pages_once_as_it_ends(tmp_path):
    from django.core.management import call_command

    from hub.versions import collapsed_bumps
    from resources.factories import resource_record

    content, index = versions()
    with collapsed_bumps():
        Theme.objects.create(slug="collapsed-one")
        Theme.objects.create(slug="collapsed-two")
        assert versions()[0] == content  # not yet: once, as the block ends
    assert versions()[0] != content
    content = versions()[0]
    with pytest.raises(RuntimeError), collapsed_bumps():
        Theme.objects.create(slug="collapsed-three")
        raise RuntimeError  # its transaction rolls back: nothing to bump for
    assert versions()[0] == content

    path = tmp_path / "records.json"
    path.write_text(json.dumps([resource_record(n) for n in range(3)]), encoding="utf-8")
    call_command("import_resources", str(path), "--no-progress", "--batch-size=2")
    assert versions()[0] != content and versions()[1] != index
