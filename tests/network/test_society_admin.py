"""Deleting a National Society that resources or contact points name: refused with the list of
them, or done after moving them to the National Society that replaces it."""

import re

import pytest
from django.urls import reverse
from wagtail.models import PageLogEntry

from network.factories import ContactPointFactory
from network.models import NationalSociety
from resources.models import KIND_MODELS
from search import service

BRITISH, FRENCH = "british-red-cross", "french-red-cross"


def society(slug):
    return NationalSociety.objects.get(slug=slug)


def crediting(slug):
    return sorted(
        page.slug_en
        for model in KIND_MODELS.values()
        for page in model.objects.filter(national_society__slug=slug)
    )


def delete_url(found):
    return reverse("wagtailsnippets_network_nationalsociety:delete", args=[found.pk])


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.mark.django_db
def test_deleting_a_named_society_is_refused_with_what_names_it(editor_client, resources):
    british = society(BRITISH)
    credited = crediting(BRITISH)
    assert credited  # the demo's leaflet, checklist...
    contact = ContactPointFactory(society=british, name="Bea Brown")

    url = delete_url(british)
    for response in (editor_client.get(url), editor_client.post(url)):
        assert response.status_code == 200
        html = response.content.decode()
        assert "British Red Cross cannot be deleted" in html
        for slug in credited:
            page = resources[slug]
            link = reverse("wagtailadmin_pages:edit", args=[page.pk])
            assert f'href="{link}"' in html
        contact_link = reverse("wagtailsnippets_network_contactpoint:edit", args=[contact.pk])
        assert f'href="{contact_link}">Bea Brown</a>' in html
        options = re.findall(r'<option value="(\d+)"', html)
        assert str(british.pk) not in options and str(society(FRENCH).pk) in options

    assert NationalSociety.objects.filter(slug=BRITISH).exists()
    assert crediting(BRITISH) == credited


@pytest.mark.django_db
def test_the_bulk_delete_refuses_too(editor_client):
    british, croatian = society(BRITISH), society("croatian-red-cross")
    url = reverse("wagtail_bulk_action", args=("network", "nationalsociety", "delete"))
    params = f"?id={british.pk}&id={croatian.pk}"
    for response in (editor_client.get(url + params), editor_client.post(url + params)):
        html = response.content.decode()
        assert "British Red Cross cannot be deleted" in html
        assert "Croatian Red Cross cannot be deleted" in html
        assert "one at a time" in html
    assert NationalSociety.objects.filter(pk__in=[british.pk, croatian.pk]).count() == 2


@pytest.mark.django_db
def test_a_society_named_in_a_draft_only_is_refused(editor_client, resources, editor):
    newcomer = NationalSociety.objects.create(name="Newcomer Red Cross", slug="new", country="MT")
    page = resources["what-is-human-trafficking-leaflet"]
    page.national_society = newcomer
    page.save_revision(user=editor)  # a draft: the live page still names its own society
    assert crediting("new") == []
    html = editor_client.post(delete_url(newcomer)).content.decode()
    assert "Newcomer Red Cross cannot be deleted" in html
    assert reverse("wagtailadmin_pages:edit", args=[page.pk]) in html
    assert NationalSociety.objects.filter(pk=newcomer.pk).exists()


@pytest.mark.django_db
def test_a_society_named_in_an_earlier_revision_only_is_refused(editor_client, resources, editor):
    """A revert would bring it back: update_national_societies keeps it too (in_use)."""
    from network.societies import in_use

    earlier = NationalSociety.objects.create(name="Earlier Red Cross", slug="early", country="MT")
    page = resources["what-is-human-trafficking-leaflet"]
    kept = page.national_society
    page.national_society = earlier
    page.save_revision(user=editor)
    page.national_society = kept
    page.save_revision(user=editor)
    assert in_use(earlier)
    html = editor_client.post(delete_url(earlier)).content.decode()
    assert "Earlier Red Cross cannot be deleted" in html
    assert reverse("wagtailadmin_pages:edit", args=[page.pk]) in html


@pytest.mark.django_db
def test_a_society_nobody_names_is_deleted(editor_client):
    lonely = NationalSociety.objects.create(name="Lonely Red Cross", slug="lonely", country="MT")
    response = editor_client.post(delete_url(lonely))
    assert response.status_code == 302
    assert not NationalSociety.objects.filter(pk=lonely.pk).exists()


@pytest.mark.django_db
def test_the_replacement_takes_over_then_the_society_is_deleted(
    editor_client, editor, resources, settings, django_capture_on_commit_callbacks
):
    settings.SEARCH_CACHE_SECONDS = 600
    service.rebuild()
    british, french = society(BRITISH), society(FRENCH)
    credited = crediting(BRITISH)
    contact = ContactPointFactory(society=british, name="Bea Brown")
    contact.save_revision(user=editor)
    contacts = british.contact_points.count()
    leaflet = resources["what-is-human-trafficking-leaflet"]
    leaflet.summary_en = "A draft of the leaflet"
    leaflet.save_revision(user=editor)
    before = service.search(service.parse({"q": "leaflet"}), record=False)
    assert "british-red-cross" in {value.value for value in before.facets["society"]}

    with django_capture_on_commit_callbacks(execute=True):  # the index task, after commit
        response = editor_client.post(
            reverse("network_society_replace", args=[british.pk]),
            {"replacement": french.pk},
            follow=True,
        )
    messages = [str(message) for message in response.context["messages"]]
    count = len(credited) + contacts
    assert messages == [
        f"British Red Cross deleted; {count} resources and contact points now name "
        "French Red Cross."
    ]
    assert not NationalSociety.objects.filter(slug=BRITISH).exists()
    assert set(credited) <= set(crediting(FRENCH))
    contact.refresh_from_db()
    assert contact.society == french
    assert contact.latest_revision.content["society"] == french.pk
    leaflet.refresh_from_db()
    assert leaflet.latest_revision.as_object().national_society == french
    assert leaflet.latest_revision.as_object().summary_en == "A draft of the leaflet"
    entry = PageLogEntry.objects.filter(page=leaflet, action="network.society_replaced").get()
    assert entry.data["from"] == "British Red Cross" and entry.data["to"] == "French Red Cross"

    after = service.search(service.parse({"q": "leaflet"}), record=False)
    societies = {value.value for value in after.facets["society"]}
    assert "british-red-cross" not in societies and "french-red-cross" in societies
    labels = {result.society["label"] for result in after.results if result.society}
    assert labels == {"French Red Cross"}


@pytest.mark.django_db
def test_the_replacement_must_be_another_society(editor_client):
    british = society(BRITISH)
    url = reverse("network_society_replace", args=[british.pk])
    response = editor_client.post(url, {"replacement": british.pk})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert NationalSociety.objects.filter(pk=british.pk).exists()


@pytest.mark.django_db
def test_only_those_who_may_delete_societies_may_replace_them(client, member):
    from django.contrib.auth.models import Permission

    member.is_staff = True
    member.save()
    member.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(member)
    british, french = society(BRITISH), society(FRENCH)
    url = reverse("network_society_replace", args=[british.pk])
    response = client.post(url, {"replacement": french.pk})
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    assert NationalSociety.objects.filter(pk=british.pk).exists()


@pytest.mark.django_db
def test_contacts_the_user_may_not_see_are_counted_not_named(client, member):
    from django.contrib.auth.models import Permission

    lonely = NationalSociety.objects.create(name="Lonely Red Cross", slug="lonely", country="MT")
    ContactPointFactory(society=lonely, name="Open Olga", profile_visibility="network")
    ContactPointFactory(society=lonely, name="Hidden Hana", profile_visibility="editors")
    member.is_staff = True
    member.save()
    member.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["access_admin", "view_nationalsociety", "delete_nationalsociety"]
        )
    )
    client.force_login(member)
    html = client.get(delete_url(lonely)).content.decode()
    assert "Open Olga" in html
    assert "Hidden Hana" not in html
    assert "and 1 contact point you may not see" in html
