"""Slugs in every language: an error names the page holding the slug, empty ones are no
error, and a page re-created with the same title is given the next free slug."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import Page

from hub.models import StandardPage
from resources.models import GuidancePage
from tests.resources.test_admin import LANGUAGES, page_form

AUTOSAVE = {"Accept": "application/json"}  # how the editor's autosave posts the form


def add_url(library):
    return reverse("wagtailadmin_pages:add", args=("resources", "guidancepage", library.pk))


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=(page.pk,))


def link_to(page):
    return f'<a href="{edit_url(page)}">{page.get_admin_display_title()}</a>'


@pytest.mark.django_db
def test_a_resource_created_twice_with_one_title_gets_the_next_free_slugs(client, editor, library):
    """Before: the second one was refused six times over (its English and French slugs, and
    the four empty ones that fall back to the English), on a tab the editor was not on."""
    client.force_login(editor)
    for _ in range(3):
        response = client.post(add_url(library), page_form("Same title", "same-title"))
        assert response.status_code == 302

    pages = GuidancePage.objects.filter(title_en="Same title").order_by("pk")
    assert [(page.slug_en, page.slug_fr) for page in pages] == [
        ("same-title", "same-title-fr"),
        ("same-title-2", "same-title-fr-2"),
        ("same-title-3", "same-title-fr-3"),
    ]
    assert all(page.slug_es in (None, "") for page in pages)  # empty ones stay empty
    third = pages[2]
    assert client.get(edit_url(third)).status_code == 200


@pytest.mark.django_db
def test_autosave_of_a_page_made_again_succeeds_and_shows_the_new_slug(client, editor, library):
    """The editor's first keystrokes in a new page's title autosave it: a draft exists at
    once. One left behind made every autosave of the next attempt fail ("There are
    validation errors")."""
    client.force_login(editor)
    abandoned = client.post(add_url(library), page_form("Referral", "referral"), headers=AUTOSAVE)
    assert abandoned.json()["success"] is True

    # The next attempt: autosaved as its first letters are typed, then as the title grows.
    first = client.post(add_url(library), page_form("R", "r"), headers=AUTOSAVE).json()
    assert first["success"] is True
    draft = GuidancePage.objects.get(pk=first["pk"])
    data = page_form("Referral", "referral")
    response = client.post(edit_url(draft), data, headers=AUTOSAVE)

    assert response.status_code == 200, response.content
    result = response.json()
    assert result["success"] is True
    assert result["field_updates"]["slug_en"] == "referral-2"
    assert result["field_updates"]["slug_fr"] == "referral-fr-2"
    draft = GuidancePage.objects.get(pk=draft.pk).get_latest_revision_as_object()
    assert (draft.slug_en, draft.slug_fr) == ("referral-2", "referral-fr-2")


@pytest.mark.django_db
def test_a_slug_typed_by_hand_and_taken_is_refused_naming_the_page(
    client, editor, library, resources
):
    client.force_login(editor)
    holder = resources["step-integration-pilot-uk"]
    data = page_form("Another", "step-integration-pilot-uk")

    response = client.post(add_url(library), data)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["slug_en"]  # not the empty slugs that fall back to it
    assert errors["slug_en"] == [f"This slug is already the English address of {link_to(holder)}."]
    html = response.content.decode()
    assert f"This slug is already the English address of {link_to(holder)}." in html


@pytest.mark.django_db
def test_an_empty_slug_is_no_error_but_its_english_fallback_clash_is(
    client, editor, library, resources
):
    client.force_login(editor)
    holder = resources["step-integration-pilot-uk"]
    data = page_form("Another", "typed-by-hand")
    # Its French address would be its English slug: taken in French by the pilot.
    holder.slug_fr = "typed-by-hand"
    holder.save()
    data["slug_fr"] = ""
    data["title_fr"] = ""

    response = client.post(add_url(library), data)

    errors = response.context["form"].errors
    assert list(errors) == ["slug_en"]
    assert errors["slug_en"] == [f"This slug is already the French address of {link_to(holder)}."]


@pytest.mark.django_db
def test_the_error_says_when_the_holder_is_a_draft_never_published(client, editor, library):
    client.force_login(editor)
    client.post(add_url(library), page_form("Left behind", "left-behind"))
    holder = GuidancePage.objects.get(slug_en="left-behind")

    response = client.post(add_url(library), page_form("Another title", "left-behind"))

    assert response.context["form"].errors["slug_en"] == [
        f"This slug is already the English address of {link_to(holder)}. That page is a draft"
        " that was never published: finish or delete it, or choose another slug."
    ]


@pytest.mark.django_db
def test_a_published_page_keeps_its_address_rules(client, moderator, resources):
    """A page once published is not given another slug behind the editor's back."""
    client.force_login(moderator)
    page = resources["what-is-human-trafficking-leaflet"]
    holder = resources["step-integration-pilot-uk"]
    data = page_form(holder.title_en, holder.slug_en)

    response = client.post(edit_url(page), data)

    assert response.status_code == 200
    assert response.context["form"].errors["slug_en"] == [
        f"This slug is already the English address of {link_to(holder)}."
    ]
    page.refresh_from_db()
    assert page.slug_en == "what-is-human-trafficking-leaflet"


@pytest.mark.django_db
def test_the_hubs_own_pages_give_the_same_errors(client, editor, home):
    client.force_login(editor)
    holder = StandardPage.objects.get(slug_en="what-is-human-trafficking")
    url = reverse("wagtailadmin_pages:add", args=("hub", "standardpage", home.pk))

    response = client.post(url, page_form("Trafficking explained", "what-is-human-trafficking"))

    assert response.context["form"].errors["slug_en"] == [
        f"This slug is already the English address of {link_to(holder)}."
    ]
    # The same title again is given the next free slug.
    response = client.post(url, page_form(holder.title_en, "what-is-human-trafficking"))
    assert response.status_code == 302
    assert StandardPage.objects.filter(slug_en="what-is-human-trafficking-2").exists()


@pytest.mark.django_db
def test_the_model_check_gives_the_same_error(resources):
    page = resources["what-is-human-trafficking-leaflet"]
    holder = resources["step-integration-pilot-uk"]
    page.slug_nl = holder.slug_nl or holder.slug_en  # the pilot's Dutch address
    with pytest.raises(ValidationError) as raised:
        page.full_clean()
    assert raised.value.message_dict["slug_nl"] == [
        f"This slug is already the Dutch address of {link_to(holder)}."
    ]


@pytest.mark.django_db
def test_copying_a_page_beside_itself_names_the_page_holding_its_slugs(
    client, moderator, library, resources
):
    client.force_login(moderator)
    page = resources["step-integration-pilot-uk"]
    url = reverse("wagtailadmin_pages:copy", args=(page.pk,))
    data = {"new_parent_page": library.pk}
    for language in LANGUAGES:
        data[f"new_title_{language}"] = getattr(page, f"title_{language}") or ""
        data[f"new_slug_{language}"] = getattr(page, f"slug_{language}") or ""

    response = client.post(url, data)

    assert response.status_code == 200
    errors = response.context["form"].errors
    own = [language for language in LANGUAGES if getattr(page, f"slug_{language}")]
    assert set(errors) == {f"new_slug_{language}" for language in own}  # never an empty one
    message = f"This slug is already the English address of {link_to(page)}."
    assert errors["new_slug_en"] == [message]

    data.update({f"new_slug_{language}": f"copy-{language}" for language in own})
    response = client.post(url, data)
    assert response.status_code == 302
    copy = Page.objects.get(slug_en="copy-en").specific
    assert copy.title_en == page.title_en


@pytest.mark.django_db
def test_the_clash_message_keeps_a_hostile_title_inert(library):
    """The message is HTML (it links the page holding the slug): the holder's title, which any
    editor writes, is escaped within it, whatever it holds."""
    from resources.slugs import clash_message

    holder = GuidancePage(title="<script>alert(1)</script> & <b>bold</b>", slug="hostile")
    library.add_child(instance=holder)
    message = str(clash_message("fr", holder))
    assert "<script>" not in message and "<b>" not in message
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in message
    assert message.count("<a ") == 1 and f'href="{edit_url(holder)}"' in message
