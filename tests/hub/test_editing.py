"""Editors preview pages in every language and type each language's text in its own direction."""

import json
import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from wagtail.users.models import UserProfile

from hub.models import HelpLine, HomePage, StandardPage
from network.models import ContactPoint, NationalSociety
from resources.models import ResourceIndexPage, Theme
from tests.conftest import make_user
from tests.resources.test_admin import LANGUAGES, page_form

DIRECTION = {"ar": "rtl"}


def preview(client, url, data, mode=None):
    """What the admin's preview panel shows: the form posted, then the preview fetched."""
    posted = client.post(url, data)
    assert posted.json() == {"is_valid": True, "is_available": True}
    return client.get(url, {"mode": mode} if mode else {})


def edit_preview_url(page):
    return reverse("wagtailadmin_pages:preview_on_edit", args=(page.pk,))


def html_element(response):
    return re.search(r"<html[^>]*>", response.content.decode()).group(0)


@pytest.mark.django_db
def test_the_preview_may_be_framed_by_the_admin_and_public_pages_by_no_one(
    client, editor, resources
):
    resource = resources["step-integration-pilot-uk"]
    public = client.get(resource.url)
    assert "frame-ancestors 'none'" in public["Content-Security-Policy"]
    assert public["X-Frame-Options"] == "DENY"

    client.force_login(editor)
    data = page_form("STEP integration pilot", "step-integration-pilot-uk")
    response = preview(client, edit_preview_url(resource), data)

    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in policy
    assert "'none'" not in policy.split("frame-ancestors")[1].split(";")[0]
    # The rest of the public pages' policy still holds inside the preview.
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "private" in response["Cache-Control"]

    # Signed in or not, the public page keeps refusing every frame.
    public = client.get(resource.url)
    assert "frame-ancestors 'none'" in public["Content-Security-Policy"]
    assert public["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_every_language_is_a_preview_mode_of_every_page_type(client, editor, resources):
    client.force_login(editor)
    pages = [
        resources["step-integration-pilot-uk"],  # case study
        resources["action-to-assist-and-protect-trafficked-persons"],  # guidance
        resources["indicators-of-trafficking-frontline-checklist"],  # tool
        ResourceIndexPage.objects.get(),
        HomePage.objects.get(),
        StandardPage.objects.get(slug_en="what-is-human-trafficking"),
    ]
    for page in pages:
        assert [code for code, _name in page.preview_modes] == LANGUAGES
        edit = client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,))).content.decode()
        select = re.search(r'<select id="id_preview_mode".*?</select>', edit, re.S).group(0)
        assert re.findall(r'<option value="(\w+)"', select) == LANGUAGES
        assert '<option value="en" selected>English</option>' in select
        assert "العربية" in select


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_an_editor_working_in_english_previews_each_language(client, editor, resources, language):
    client.force_login(editor)
    resource = resources["step-integration-pilot-uk"]
    data = page_form("STEP pilot", "step-integration-pilot-uk")
    data["title_ar"] = "المشروع التجريبي STEP"

    response = preview(client, edit_preview_url(resource), data, mode=language)

    assert response.status_code == 200
    direction = DIRECTION.get(language, "ltr")
    assert html_element(response) == f'<html lang="{language}" dir="{direction}">'
    assert response["Content-Language"] == language
    html = response.content.decode()
    expected = {"en": "STEP pilot", "fr": "STEP pilot (FR)", "ar": "المشروع التجريبي STEP"}
    # A language without its own title shows the English one (with the fallback notice).
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)
    assert expected.get(language, "STEP pilot") in heading
    # The admin itself stays in the editor's language.
    after = client.get(reverse("wagtailadmin_pages:edit", args=(resource.pk,)))
    assert '<html lang="en" dir="ltr"' in after.content.decode()


@pytest.mark.django_db
def test_a_new_page_is_previewed_right_to_left_in_arabic(client, editor, home):
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:preview_on_add", args=("hub", "standardpage", home.pk))
    data = page_form("About the Hub", "about", {"intro_en": "Who we are."})
    data["title_ar"] = "عن المنصة"
    data["intro_ar"] = "من نحن."

    response = preview(client, url, data, mode="ar")

    assert html_element(response) == '<html lang="ar" dir="rtl">'
    assert "من نحن." in response.content.decode()
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_the_default_preview_is_in_the_admins_language(client, editor, library):
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "fr"
    profile.save()
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:preview_on_edit", args=(library.pk,))
    response = preview(client, url, page_form("Library", "library"))
    assert html_element(response) == '<html lang="fr" dir="ltr">'


@pytest.mark.django_db
def test_an_unknown_preview_mode_is_a_clear_error(client, editor, library):
    client.force_login(editor)
    response = preview(client, edit_preview_url(library), page_form("Library", "library"), "xx")
    assert response.status_code == 400
    assert "There is no preview mode “xx”: choose one of en, fr, es, ar, hr, nl." in (
        response.content.decode()
    )


def field_tags(html, name):
    """The opening tags of the inputs and textareas named `name`."""
    return re.findall(rf'<(?:input|textarea)[^>]*\bname="{name}"[^>]*>', html)


def assert_fields_carry_their_language(html, base_names):
    for base in base_names:
        for language in LANGUAGES:
            tags = field_tags(html, f"{base}_{language}")
            assert tags, f"{base}_{language} is not in the form"
            for tag in tags:
                assert f'lang="{language}"' in tag, tag
                assert f'dir="{DIRECTION.get(language, "ltr")}"' in tag, tag


@pytest.mark.django_db
@pytest.mark.parametrize("admin_language", ["en", "ar"])
def test_each_language_field_carries_its_language_whatever_the_admins(
    client, editor, resources, admin_language
):
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = admin_language
    profile.save()
    client.force_login(editor)
    resource = resources["indicators-of-trafficking-frontline-checklist"]  # a tool

    html = client.get(reverse("wagtailadmin_pages:edit", args=(resource.pk,))).content.decode()

    assert f'<html lang="{admin_language}"' in html
    names = ["title", "slug", "seo_title", "search_description", "summary", "how_to_use"]
    assert_fields_carry_their_language(html, names)
    # The StreamField (and the rich text inside it) is built in the browser inside an
    # element that carries the language.
    for language in LANGUAGES:
        direction = DIRECTION.get(language, "ltr")
        assert re.search(
            rf'<div class="hub-field-language" lang="{language}" dir="{direction}">\s*'
            rf'<div id="body_{language}" data-block',
            html,
        ), language
    # Fields that are in no language carry none.
    assert 'lang="' not in field_tags(html, "publication_date")[0]


@pytest.mark.django_db
def test_the_language_survives_a_form_with_errors(client, editor, library):
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:add", args=("resources", "guidancepage", library.pk))
    data = page_form("", "")  # no title: refused
    data["action-publish"] = "publish"
    html = client.post(url, data).content.decode()
    assert "This field is required" in html
    assert_fields_carry_their_language(html, ["title", "summary"])
    assert '<div class="hub-field-language" lang="ar" dir="rtl">' in html


@pytest.mark.django_db
def test_snippets_and_settings_mark_their_language_fields_too(client, admin_user):
    client.force_login(admin_user)
    theme = Theme.objects.get(slug="identification")
    help_line = HelpLine.objects.first()
    society = NationalSociety.objects.get(slug="croatian-red-cross")
    contact = ContactPoint.objects.first()
    forms = {
        reverse("wagtailsnippets_resources_theme:edit", args=(theme.pk,)): ["name"],
        reverse("wagtailsnippets_hub_helpline:edit", args=(help_line.pk,)): ["purpose", "name"],
        reverse("wagtailsettings:edit", args=("hub", "emergencynotice")): ["text"],
        reverse("wagtailsnippets_network_nationalsociety:edit", args=(society.pk,)): ["name"],
        reverse("wagtailsnippets_network_contactpoint:edit", args=(contact.pk,)): ["role"],
    }
    for url, names in forms.items():
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        assert_fields_carry_their_language(response.content.decode(), names)


# -- "Copy content from" ------------------------------------------------------------------


def copy_url(page):
    return f"/admin/pages/{page.pk}/edit/copy_translation_content/"


def copy(client, page, origin, target, fields):
    return client.post(
        copy_url(page),
        {
            "origin_field_name": origin,
            "target_field_name": target,
            "serializedOriginField": json.dumps(fields),
        },
        headers={"X-Requested-With": "XMLHttpRequest"},
    )


ENGLISH_BODY = [
    {"name": "body_en-count", "value": "1"},
    {"name": "body_en-0-type", "value": "heading"},
    {"name": "body_en-0-value", "value": "Who to call"},
    {"name": "body_en-0-deleted", "value": ""},
    {"name": "body_en-0-order", "value": "0"},
    {"name": "body_en-0-id", "value": "6f1c2a4e-0000-4000-8000-000000000001"},
]


@pytest.mark.django_db
def test_copying_into_the_attachments_panel_is_refused_not_a_server_error(
    client, editor, resources
):
    """The library's buttons on the attachments panel asked for a field `_attachments`:
    its view answered 500 (KeyError: '_attachments')."""
    client.force_login(editor)
    resource = resources["step-integration-pilot-uk"]

    response = copy(client, resource, "_en", "_attachments", [])

    assert response.status_code == 400
    assert response.json() == {
        "error": "Only the content of one language of a StreamField can be copied into another."
    }
    # Nor may the copy go from one field into another, or come without the stream's inputs.
    assert copy(client, resource, "summary_en", "body_fr", ENGLISH_BODY).status_code == 400
    assert copy(client, resource, "body_en", "summary_fr", ENGLISH_BODY).status_code == 400
    assert copy(client, resource, "body_en", "body_fr", []).status_code == 400
    assert copy(client, resource, "body_en", "body_fr", [1, 2]).status_code == 400
    assert client.get(copy_url(resource)).status_code == 405


@pytest.mark.django_db
def test_the_english_body_is_copied_into_the_french_one_in_french(client, editor, resources):
    client.force_login(editor)
    resource = resources["step-integration-pilot-uk"]

    response = copy(client, resource, "body_en", "body_fr", ENGLISH_BODY)

    assert response.status_code == 200
    html = response.json()
    assert html.startswith('<div class="hub-field-language" lang="fr" dir="ltr">')
    assert 'id="body_fr"' in html
    assert "Who to call" in html
    arabic = copy(client, resource, "body_en", "body_ar", ENGLISH_BODY).json()
    assert arabic.startswith('<div class="hub-field-language" lang="ar" dir="rtl">')


@pytest.mark.django_db
def test_copied_content_stays_inert_whatever_it_holds(client, editor, resources):
    """The copy's HTML is the editor widget's own, marked safe to wrap it in its language:
    what the copied blocks say reaches it as data, escaped, never as markup."""
    client.force_login(editor)
    resource = resources["step-integration-pilot-uk"]
    hostile = [
        {**field, "value": '</div><script>alert(1)</script><img src=x onerror="alert(2)">'}
        if field["name"] == "body_en-0-value"
        else field
        for field in ENGLISH_BODY
    ]
    html = copy(client, resource, "body_en", "body_fr", hostile).json()
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "alert(1)" in html  # there, escaped, for the editor to see and delete
    assert html.count('<div class="hub-field-language"') == 1


@pytest.mark.django_db
def test_only_those_who_may_edit_the_page_copy_its_content(client, resources):
    visitor = make_user("visitor")
    visitor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(visitor)
    response = copy(client, resources["step-integration-pilot-uk"], "body_en", "body_fr", [])
    assert response.status_code == 403


@pytest.mark.django_db
def test_copy_buttons_are_kept_to_the_language_fields(client, editor, resources):
    client.force_login(editor)
    resource = resources["step-integration-pilot-uk"]
    html = client.get(reverse("wagtailadmin_pages:edit", args=(resource.pk,))).content.decode()
    # The attachments panel is a nested panel like the StreamFields, whose ids end in a
    # language; the buttons the library adds to the others are hidden.
    assert 'id="panel-child-content-attachments-section"' in html
    rule = re.search(r"<style>(section\.w-panel--nested[^{]*)\{ display: none; \}</style>", html)
    selector = rule.group(1)
    for language in LANGUAGES:
        assert f':not([id$="_{language}-section"])' in selector
    assert selector.strip().endswith("> .w-panel__header > .translation-field-copy-wrapper")
