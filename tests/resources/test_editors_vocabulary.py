"""Editors and moderators keep the library's vocabulary themselves (hub migration 0005): the
themes, forms of exploitation and audiences, and the editors' picks of search; other admin
users do not."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from resources.models import Audience, ExploitationForm, Theme
from tests.conftest import make_user

TAXONOMIES = [Theme, ExploitationForm, Audience]


def url(model, view, *args):
    return reverse(f"wagtailsnippets_resources_{model._meta.model_name}:{view}", args=args)


def term_form(slug, name):
    return {
        "slug": slug,
        "name_en": name,
        "name_fr": f"{name} (fr)",
        "name_ar": f"{name} (ar)",
    }


@pytest.fixture
def admin_user_without_groups(db):
    """Someone who may reach the admin but is in neither group."""
    user = make_user("bystander")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


@pytest.mark.django_db
@pytest.mark.parametrize("model", TAXONOMIES, ids=lambda model: model.__name__)
@pytest.mark.parametrize("role", ["editor", "moderator"])
def test_editors_and_moderators_add_change_and_delete_terms(client, request, role, model):
    client.force_login(request.getfixturevalue(role))
    assert client.get(url(model, "list")).status_code == 200

    response = client.post(url(model, "add"), term_form("survivor-led", "Survivor-led"))
    assert response.status_code == 302, response.content.decode()[:2000]
    term = model.objects.get(slug="survivor-led")
    assert (term.name_en, term.name_fr) == ("Survivor-led", "Survivor-led (fr)")

    response = client.post(
        url(model, "edit", term.pk), term_form("survivor-led", "Led by survivors")
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    term.refresh_from_db()
    assert term.name_en == "Led by survivors"

    assert client.post(url(model, "delete", term.pk)).status_code == 302
    assert not model.objects.filter(slug="survivor-led").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("model", TAXONOMIES, ids=lambda model: model.__name__)
def test_other_admin_users_do_not_change_terms(client, admin_user_without_groups, model):
    client.force_login(admin_user_without_groups)
    response = client.post(url(model, "add"), term_form("survivor-led", "Survivor-led"))
    assert response.status_code in (302, 403)
    assert not model.objects.filter(slug="survivor-led").exists()


def picks_form(page, description, pick_id=""):
    return {
        "query_string": "shelter",
        "editors_picks-TOTAL_FORMS": 1,
        "editors_picks-INITIAL_FORMS": 1 if pick_id else 0,
        "editors_picks-MAX_NUM_FORMS": 1000,
        "editors_picks-0-id": pick_id,
        "editors_picks-0-DELETE": "",
        "editors_picks-0-ORDER": 0,
        "editors_picks-0-page": page.pk,
        "editors_picks-0-description": description,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["editor", "moderator"])
def test_editors_and_moderators_manage_the_editors_picks(client, request, role, resources):
    client.force_login(request.getfixturevalue(role))
    page = resources["indicators-of-trafficking-frontline-checklist"]
    index = reverse("wagtailsearchpromotions:index")
    assert client.get(index).status_code == 200
    assert "Promoted search results" in client.get(reverse("wagtailadmin_home")).content.decode()

    response = client.post(reverse("wagtailsearchpromotions:add"), picks_form(page, "Start here"))
    assert response.status_code == 302, response.content.decode()[:2000]
    query = Query.get("shelter")
    (pick,) = query.editors_picks.all()
    assert (pick.page_id, pick.description) == (page.pk, "Start here")
    promoted = client.get("/api/search/", {"q": "shelter"}).json()["promoted"]
    assert [item["title"] for item in promoted] == [page.title]

    edit = reverse("wagtailsearchpromotions:edit", args=[query.pk])
    response = client.post(edit, picks_form(page, "Read this first", pick.pk))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert SearchPromotion.objects.get(pk=pick.pk).description == "Read this first"

    delete = reverse("wagtailsearchpromotions:delete", args=[query.pk])
    assert client.post(delete).status_code == 302
    assert not SearchPromotion.objects.filter(query=query).exists()


@pytest.mark.django_db
def test_other_admin_users_do_not_manage_the_editors_picks(
    client, admin_user_without_groups, resources
):
    client.force_login(admin_user_without_groups)
    page = resources["indicators-of-trafficking-frontline-checklist"]
    response = client.post(reverse("wagtailsearchpromotions:add"), picks_form(page, "Mine"))
    assert response.status_code in (302, 403)
    assert not SearchPromotion.objects.exists()
