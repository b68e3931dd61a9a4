"""A new hub from `migrate` alone (hub migration 0005, network 0008): the home page, the
library and its review workflow, the National Societies, and nothing of the demo; the demo
then goes into that hub, and an import works on it at once."""

import io
import json

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from wagtail.models import GroupApprovalTask, Page, Site, Workflow, WorkflowTask

from hub.languages import LANGUAGE_CODES
from hub.models import HomePage, StandardPage
from network.models import ContactPoint, NationalSociety
from network.societies import DATA_FILE
from resources.models import KIND_MODELS, ResourceIndexPage
from resources.slugs import slug_for

HOME_TITLES = {
    "en": "Anti-trafficking Hub",
    "fr": "Plateforme de lutte contre la traite",
    "ar": "منصة مكافحة الاتجار بالبشر",
}
LIBRARY_TITLES = {
    "en": "Library",
    "fr": "Bibliothèque",
    "es": "Biblioteca",
    "ar": "المكتبة",
    "hr": "Knjižnica",
    "nl": "Bibliotheek",
}


def reference_societies():
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))["societies"]


def resources():
    return [page for model in KIND_MODELS.values() for page in model.objects.all()]


@pytest.mark.django_db(transaction=True)
def test_migrate_makes_a_hub_without_the_demo(fresh_hub, client):
    home = HomePage.objects.get()
    site = Site.objects.get(is_default_site=True)
    assert site.root_page_id == home.pk
    # Wagtail's "Welcome to your new Wagtail site!" made way for the home page.
    assert [page.specific for page in Page.objects.filter(depth=2)] == [home]
    library = ResourceIndexPage.objects.get()
    assert library.get_parent().pk == home.pk and library.live and library.show_in_menus
    for code, title in LIBRARY_TITLES.items():
        assert library.field_in("title", code) == title
        assert library.field_in("slug", code) == slug_for(title)
        assert library.field_in("intro", code)
    for code, title in HOME_TITLES.items():
        assert home.field_in("title", code) == title
    # Nothing of the demo: no resources, pages, contact points or help lines.
    assert not resources()
    assert not StandardPage.objects.exists()
    assert not ContactPoint.objects.exists()
    # The tree paths are the ones Wagtail would compute for these pages.
    for page in (home, library):
        stored = {code: page.field_in("url_path", code) for code in LANGUAGE_CODES}
        page.set_url_path(page.get_parent())
        assert {code: page.field_in("url_path", code) for code in LANGUAGE_CODES} == stored

    # Submissions to the library go to the Moderators.
    workflow = library.get_workflow()
    assert workflow.name == "Library review"
    (task,) = [task.specific for task in workflow.tasks]
    assert isinstance(task, GroupApprovalTask)
    assert list(task.groups.all()) == [Group.objects.get(name="Moderators")]

    for code in LANGUAGE_CODES:
        with translation.override(code):
            response = client.get(home.get_url())
            assert response.status_code == 200, code
            assert home.field_in("title", code) in response.content.decode()
            response = client.get(library.get_url())
            assert response.status_code == 200, code
            assert LIBRARY_TITLES[code] in response.content.decode()
            for url in (
                reverse("search") + "?q=trafficking",
                reverse("network:directory"),
                reverse("network:society", args=["italian-red-cross"]),
                reverse("help_now"),
            ):
                assert client.get(url).status_code == 200, url
    api = client.get("/api/search/", {"q": "trafficking"})
    assert api.status_code == 200 and api.json()["results"] == []
    assert client.get("/sitemap.xml").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_import_resources_works_right_after_migrate(fresh_hub, client, tmp_path):
    records = [
        {
            "kind": "guidance",
            "title": {"en": "Referral pathways in Italy", "fr": "Orientation en Italie"},
            "summary": {"en": "How volunteers refer survivors."},
            "body": {"en": "## Refer\n\nA survivor is referred to a shelter."},
            "themes": ["referral"],
            "countries": ["IT"],
            "national_society": "Italian Red Cross",
        },
        {
            "kind": "tool",
            "title": {"en": "Shelter checklist"},
            "format": "checklist",
            "national_society": "HR",
        },
        {"kind": "guidance", "title": {"en": "Dutch guidance"}, "national_society": "Netherlands"},
    ]
    path = tmp_path / "records.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    out = io.StringIO()

    call_command("import_resources", str(path), "--no-progress", stdout=out, stderr=io.StringIO())

    assert "3 created, 0 updated, 0 unchanged, 0 failed" in out.getvalue()
    library = ResourceIndexPage.objects.get()
    imported = {page.title: page for page in resources()}
    assert all(page.live and page.get_parent().pk == library.pk for page in imported.values())
    assert imported["Referral pathways in Italy"].national_society.slug == "italian-red-cross"
    assert imported["Shelter checklist"].national_society.slug == "croatian-red-cross"
    assert imported["Dutch guidance"].national_society.slug == "netherlands-red-cross"
    found = client.get("/api/search/", {"q": "referral"}).json()["results"]
    assert [result["title"] for result in found] == ["Referral pathways in Italy"]
    assert "Shelter checklist" in client.get(library.get_url()).content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_demo_goes_into_the_hub_migrate_made(fresh_hub):
    home, library = HomePage.objects.get(), ResourceIndexPage.objects.get()
    societies = NationalSociety.objects.count()

    call_command("load_demo_content", stdout=io.StringIO())
    call_command("load_demo_content", stdout=io.StringIO())

    assert HomePage.objects.get().pk == home.pk
    assert ResourceIndexPage.objects.get().pk == library.pk
    assert {page.get_parent().pk for page in resources()} == {library.pk}
    assert StandardPage.objects.child_of(home).exists()
    workflow = Workflow.objects.get(name="Library review")
    assert WorkflowTask.objects.filter(workflow=workflow).count() == 1
    assert library.get_workflow() == workflow
    # The demo's National Societies are the reference file's, named in every language now.
    assert NationalSociety.objects.count() == societies == len(reference_societies())
    croatia = NationalSociety.objects.get(slug="croatian-red-cross")
    assert croatia.name_hr == "Hrvatski Crveni križ" and croatia.atn_member
    out = io.StringIO()
    call_command("update_national_societies", stdout=out)
    assert f"0 created, 0 updated, {societies} unchanged" in out.getvalue()


@pytest.mark.django_db
def test_the_demo_needs_the_hub_that_migrate_makes(library):
    library.delete()
    with pytest.raises(CommandError, match="no library: the demo goes into"):
        call_command("load_demo_content", stdout=io.StringIO())
