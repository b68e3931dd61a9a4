"""Editors in the admin, in a real browser: the preview panel in every language, each
language's fields in their own direction, the same title given twice."""

import re

import pytest
from django.contrib.auth.models import Group, User
from playwright.sync_api import expect

from resources.models import CaseStudyPage, GuidancePage, ResourceIndexPage
from tests.browser.test_journeys import sign_in_admin


@pytest.fixture(autouse=True)
def no_request_outlives_the_test(page):
    """The editor's page tells the server when an editing session ends (on leaving the page,
    as the browser closes): such a late request held SQLite's tables while the test's
    database was emptied ("database table is locked"), and the next test found its user. The
    sessions' requests are answered in the browser, and the page is left before the end."""
    page.route(re.compile(r"/admin/editing-sessions/"), lambda route: route.fulfill(json={}))
    yield
    page.goto("about:blank")


def editor_signs_in(page, hub):
    user = User.objects.create_user("edith", "edith@example.org", "journey-pass-1234")
    user.groups.add(Group.objects.get(name="Editors"))
    sign_in_admin(page, hub, "edith")


def direction_of(locator):
    return locator.evaluate("element => getComputedStyle(element).direction")


def language_of(locator):
    return locator.evaluate("element => element.closest('[lang]').lang")


@pytest.mark.django_db(transaction=True)
def test_an_editor_working_in_english_previews_and_writes_the_arabic_page(hub, page, settings):
    # Not about autosave: no save runs beside the preview's requests.
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    editor_signs_in(page, hub)
    resource = CaseStudyPage.objects.get(slug_en="step-integration-pilot-uk")
    page.goto(f"{hub.url}/admin/pages/{resource.pk}/edit/")
    expect(page.locator("html")).to_have_attribute("lang", "en")

    # The preview panel shows the page (it was blank: the page refused to be framed).
    page.locator('[data-side-panel-toggle="preview"]').click()
    preview = page.frame_locator("#w-preview-iframe")
    expect(preview.locator("html")).to_have_attribute("lang", "en")
    expect(preview.locator("main h1")).to_contain_text("STEP integration pilot")

    # Its Arabic mode: right to left, in Arabic, as a reader of /ar/ sees it.
    modes = page.locator("#id_preview_mode option")
    expect(modes).to_have_text(
        ["English", "Français", "Español", "العربية", "Hrvatski", "Nederlands"]
    )
    page.locator("#id_preview_mode").select_option("ar")
    expect(preview.locator("html")).to_have_attribute("lang", "ar")
    expect(preview.locator("html")).to_have_attribute("dir", "rtl")
    expect(preview.locator("main h1")).to_contain_text(resource.title_ar)
    assert direction_of(preview.locator("main h1")) == "rtl"
    # The admin around it stays in English.
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.locator('[data-side-panel-toggle="preview"]').click()  # closed again

    # The Arabic fields, shown beside the English ones, run right to left.
    page.locator("button.locale-toggle", has_text="ar").first.click()
    title_ar = page.locator("#id_title_ar")
    expect(title_ar).to_have_attribute("lang", "ar")
    assert direction_of(title_ar) == "rtl"
    assert direction_of(page.locator("#id_summary_ar")) == "rtl"
    assert direction_of(page.locator("#id_title_en")) == "ltr"
    # The English body's rich text editor is in English, left to right.
    english_text = page.locator("#panel-child-content-body_en-section [contenteditable=true]")
    assert language_of(english_text.first) == "en"
    assert direction_of(english_text.first) == "ltr"

    # "Copy content from" is on each language's body, not on the attachments panel (where
    # it answered 500); copying the English body into the Arabic one keeps it right to left.
    attachments = page.locator("#panel-child-content-attachments-section")
    expect(attachments.locator(".translation-field-copy-wrapper")).to_be_hidden()
    arabic_body = page.locator("#panel-child-content-body_ar-section")
    copy_from_english = arabic_body.locator('.translation-field-copy[data-lang-code="body_en"]')
    expect(copy_from_english).to_be_visible()
    copy_from_english.click()
    arabic_text = arabic_body.locator("[contenteditable=true]").first
    expect(arabic_text).to_be_visible()
    assert language_of(arabic_text) == "ar"
    assert direction_of(arabic_text) == "rtl"
    heading = arabic_body.locator('input[name$="-value"]').first
    expect(heading).to_have_value(re.compile(r"\w"))
    assert direction_of(heading) == "rtl"


def begin_a_guidance(page, hub, title):
    """Typed as an editor types: the admin makes the slug from the title, and autosaves the
    new page as a draft (its address becomes the draft's edit view)."""
    library = ResourceIndexPage.objects.get()
    page.goto(f"{hub.url}/admin/pages/add/resources/guidancepage/{library.pk}/")
    # The admin watches the form for edits once it has read it (two seconds after loading).
    page.wait_for_function("window.hubWatchingEdits === true")
    page.locator("#id_title_en").press_sequentially(title, delay=10)
    expect(page).to_have_url(re.compile(r"/admin/pages/\d+/edit/"), timeout=20_000)
    expect(page.locator("#w-autosave-indicator")).to_contain_text(re.compile("saved", re.I))
    return GuidancePage.objects.get(pk=re.search(r"/pages/(\d+)/edit/", page.url).group(1))


@pytest.mark.django_db(transaction=True)
def test_a_page_begun_again_with_its_title_is_saved_under_the_next_free_slug(hub, page):
    """Before: the draft left behind held the slug, and every autosave of the new attempt
    failed ("There are validation errors")."""
    editor_signs_in(page, hub)
    page.add_init_script(
        "document.addEventListener('w-unsaved:watch-edits',"
        " () => { window.hubWatchingEdits = true; })"
    )
    left = begin_a_guidance(page, hub, "Referral pathway template")
    assert left.slug_en == "referral-pathway-template"

    again = begin_a_guidance(page, hub, "Referral pathway template")
    assert again.pk != left.pk
    expect(page.locator("#id_slug_en")).to_have_value("referral-pathway-template-2")

    page.locator("#id_summary_en").fill("The same template, begun again.")
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".messages")).to_contain_text("has been updated")
    draft = GuidancePage.objects.get(pk=again.pk).get_latest_revision_as_object()
    assert draft.slug_en == "referral-pathway-template-2"
    assert draft.summary_en == "The same template, begun again."
