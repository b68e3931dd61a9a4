"""The admin's upload limit in a real browser: a file over it is refused as soon as it is
chosen, and nothing is sent (hub/static/hub/admin/uploads.js)."""

import re

import pytest
from django.contrib.auth.models import Group, User
from playwright.sync_api import expect
from wagtail.documents.models import Document

from tests.browser.test_journeys import sign_in_admin

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def edith(demo_hub):
    user = User.objects.create_user("edith", "edith@example.org", "journey-pass-1234")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def document_field(page):
    return page.locator('input[type="file"][name="file"]')


@pytest.mark.django_db(transaction=True)
def test_a_document_over_the_limit_is_refused_before_it_is_sent(hub, page, edith, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024 * 1024
    sign_in_admin(page, hub, "edith")
    page.goto(f"{hub.url}/admin/documents/add/")
    expect(page.locator("#w-editor-form")).to_contain_text("Maximum filesize: 1.0\xa0MB.")
    posted = []
    page.on("request", lambda request: request.method == "POST" and posted.append(request.url))

    page.locator("#id_title").fill("Annual report")
    document_field(page).set_input_files(
        {"name": "report.pdf", "mimeType": "application/pdf", "buffer": PDF + b"0" * 1_100_000}
    )
    alert = page.get_by_role("alert")
    expect(alert).to_have_count(1)
    expect(alert).to_have_text("This file is too big. Maximum filesize 1.0\xa0MB.")
    assert document_field(page).evaluate("input => input.files.length") == 0
    assert posted == []

    # A file within the limit takes the message away, and goes.
    document_field(page).set_input_files(
        {"name": "report.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    expect(page.get_by_role("alert")).to_have_count(0)
    page.locator("#id_title").fill("Annual report")
    page.get_by_role("button", name=re.compile("Upload", re.I)).click()
    expect(page).to_have_url(re.compile(r"/admin/documents/$"))
    assert Document.objects.filter(title="Annual report").exists()


@pytest.mark.django_db(transaction=True)
def test_an_image_over_the_limit_is_refused_in_the_choosers_upload_tab(hub, page, edith, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 1024 * 1024
    sign_in_admin(page, hub, "edith")
    from resources.models import ResourceIndexPage

    parent = ResourceIndexPage.objects.get()
    page.goto(f"{hub.url}/admin/pages/add/resources/toolpage/{parent.pk}/")
    page.get_by_role("button", name=re.compile("Choose an image", re.I)).first.click()
    modal = page.locator(".modal-content")
    modal.get_by_role("tab", name=re.compile("Upload", re.I)).click()
    posted = []
    page.on("request", lambda request: request.method == "POST" and posted.append(request.url))
    modal.locator('input[type="file"]').set_input_files(
        {"name": "cover.png", "mimeType": "image/png", "buffer": b"\x89PNG" + b"0" * 1_100_000}
    )
    expect(modal.get_by_role("alert")).to_have_text(
        "This file is too big. Maximum filesize 1.0\xa0MB."
    )
    assert modal.locator('input[type="file"]').evaluate("input => input.files.length") == 0
    assert posted == []
