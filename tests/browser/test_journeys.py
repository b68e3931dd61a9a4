"""The journeys of the Hub's people, in a real browser."""

import re

import pytest
from django.contrib.auth.models import Group, User
from playwright.sync_api import expect

from network.models import ContactPoint, NationalSociety
from resources.models import ToolPage


@pytest.mark.django_db(transaction=True)
def test_french_staff_find_and_download_a_case_study(hub, page, a11y):
    page.goto(f"{hub.url}/fr/")
    a11y.check(page)
    page.get_by_label("Rechercher dans la bibliothèque").fill("travail forcé")
    page.locator(".site-search button").click()
    expect(page.locator("h1")).to_have_text("Rechercher dans la bibliothèque")
    a11y.check(page)

    page.get_by_role("checkbox", name=re.compile("Étude de cas")).check()
    page.get_by_role("checkbox", name=re.compile("Royaume-Uni")).check()
    page.get_by_role("button", name="Appliquer").click()
    expect(page.get_by_role("status")).to_contain_text("1")
    a11y.check(page)

    page.get_by_role("link", name=re.compile("Projet pilote d'intégration STEP")).first.click()
    expect(page.locator("h1")).to_contain_text("Projet pilote")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    a11y.check(page)

    french = page.locator('.downloads a[hreflang="fr"]')
    expect(page.locator(".downloads")).to_contain_text("français, PDF")
    with page.expect_download() as download_info:
        french.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"


@pytest.mark.django_db(transaction=True)
def test_arabic_reader_gets_right_to_left_pages_and_the_fallback_notice(hub, page, a11y):
    page.goto(f"{hub.url}/ar/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    a11y.check(page)
    page.get_by_role("navigation", name="رئيسي").get_by_role("link", name="المكتبة").click()
    a11y.check(page)
    page.get_by_role("link", name=re.compile("إرشادات الصليب الأحمر الأوروبي")).click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    notice = page.get_by_role("note")
    expect(notice).to_contain_text("غير متوفر")  # all of it or parts: "متوفرة"
    # The English text shown instead runs left to right inside the Arabic page.
    expect(page.locator('.prose > [lang="en"]')).to_have_attribute("dir", "ltr")
    box = page.locator("h1").bounding_box()
    assert box["x"] + box["width"] > page.viewport_size["width"] * 0.6  # aligned right
    a11y.check(page)


def sign_in_admin(page, hub, username):
    page.goto(f"{hub.url}/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill("journey-pass-1234")
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


@pytest.mark.django_db(transaction=True)
def test_editor_creates_a_tool_a_moderator_publishes_it_and_it_is_found(hub, page, a11y):
    for name, group in (("edith", "Editors"), ("moritz", "Moderators")):
        user = User.objects.create_user(name, f"{name}@example.org", "journey-pass-1234")
        user.groups.add(Group.objects.get(name=group))

    sign_in_admin(page, hub, "edith")
    from resources.models import ResourceIndexPage

    parent = ResourceIndexPage.objects.get()
    page.goto(f"{hub.url}/admin/pages/add/resources/toolpage/{parent.pk}/")
    # wagtail-modeltranslation's locale picker shows the French fields next to the English.
    page.locator("button.locale-toggle", has_text="fr").first.click()
    page.locator("#id_title_en").fill("Referral pathway template")
    page.locator("#id_title_fr").fill("Modèle de parcours d'orientation")
    page.locator("#id_summary_en").fill("A template to map where survivors can be referred.")
    page.locator("#id_summary_fr").fill("Un modèle pour cartographier les orientations possibles.")
    page.locator("#id_format").select_option("template")
    page.locator("button.w-dropdown__toggle").last.click()
    page.get_by_role(
        "button", name=re.compile("Submit to Moderators approval|Submit for moderation|Submit to")
    ).first.click()
    expect(page.locator(".messages")).to_contain_text(re.compile("submitted", re.I))

    tool = ToolPage.objects.get(title_en="Referral pathway template")
    assert tool.slug_en == "referral-pathway-template"  # made from the title by the admin
    assert not tool.live and tool.title_fr == "Modèle de parcours d'orientation"

    page.context.clear_cookies()
    sign_in_admin(page, hub, "moritz")
    page.goto(f"{hub.url}/admin/pages/{tool.pk}/edit/")
    page.locator("footer button.w-dropdown__toggle").last.click()
    page.locator("footer").get_by_role("button", name="Approve and Publish").click()
    expect(page.locator(".messages")).to_contain_text("approved and published")
    tool.refresh_from_db()
    assert tool.live

    page.goto(f"{hub.url}/fr/search/?q=parcours+orientation")
    expect(page.locator(".results")).to_contain_text("Modèle de parcours d'orientation")
    a11y.check(page)


@pytest.mark.django_db(transaction=True)
def test_member_signs_in_updates_and_confirms_their_profile(hub, page, a11y):
    user = User.objects.create_user("ivana", "ivana@example.org", "journey-pass-1234")
    contact = ContactPoint.objects.create(
        name="Ivana Horvat",
        society=NationalSociety.objects.get(slug="croatian-red-cross"),
        email="ivana@example.org",
        user=user,
        preferred_language="hr",
    )
    page.goto(f"{hub.url}/hr/network/login/")
    a11y.check(page)
    page.locator("#id_username").fill("IVANA@example.org")
    page.locator("#id_password").fill("journey-pass-1234")
    page.locator("main").get_by_role("button").click()
    expect(page).to_have_url(re.compile("/hr/network/profile/"))
    a11y.check(page)

    page.locator("#id_phone").fill("+385 1 4655 814")
    for code in ("hr", "en", "it"):  # the languages picker: checkboxes, no script needed
        page.locator(f'input[name="languages"][value="{code}"]').check()
    page.get_by_role("checkbox", name=re.compile("^Tigrinja")).check()  # in Croatian
    page.locator('input[name="phone_visibility"][value="editors"]').check()
    page.locator('button[name="save_and_confirm"]').click()
    expect(page.get_by_role("status").first).to_be_visible()
    a11y.check(page)

    contact.refresh_from_db()
    assert contact.phone == "+385 1 4655 814"
    assert contact.languages == ["en", "hr", "it", "ti"]  # the picker's (Croatian) order
    assert contact.phone_visibility == "editors"
    assert contact.confirmed_recently
