"""Public pages are served from the cache to readers who are not signed in, never stale
after a publish, and never to members or editors."""

import pytest
from django.utils import translation
from wagtail.models import PageViewRestriction, Site

from hub.models import EmergencyNotice, StandardPage
from tests.conftest import page_and_queries

CHECKLIST = "indicators-of-trafficking-frontline-checklist"


@pytest.mark.django_db
def test_a_page_is_rendered_once_for_anonymous_readers(client, page_cache, resources):
    path = resources[CHECKLIST].url
    first, rendering = page_and_queries(client, path)
    again, served = page_and_queries(client, path)
    assert again == first
    assert served < rendering and served <= 3  # the index version and the session


@pytest.mark.django_db
def test_publishing_shows_at_once(
    client, page_cache, resources, django_capture_on_commit_callbacks
):
    page = resources[CHECKLIST]
    client.get(page.url)
    client.get("/en/")
    with django_capture_on_commit_callbacks(execute=True):
        page.title_en = "Indicators of trafficking: the 2026 checklist"
        page.save_revision().publish()
    assert "the 2026 checklist" in client.get(page.url).content.decode()
    assert "the 2026 checklist" in client.get("/en/").content.decode()  # the latest resources


@pytest.mark.django_db
def test_a_new_emergency_notice_shows_at_once(client, page_cache):
    client.get("/hr/")
    notice = EmergencyNotice.for_site(Site.objects.get(is_default_site=True))
    notice.text_hr = "Nazovite 112 odmah."
    notice.save()
    assert "Nazovite 112 odmah." in client.get("/hr/").content.decode()


@pytest.mark.django_db
def test_each_language_is_cached_on_its_own(client, page_cache, library):
    english_url = library.url
    with translation.override("fr"):
        french_url = library.get_url()
    english = client.get(english_url).content.decode()
    french = client.get(french_url).content.decode()
    assert '<html lang="en"' in english and '<html lang="fr"' in french
    assert client.get(english_url).content.decode() == english


@pytest.mark.django_db
def test_signed_in_members_and_editors_get_fresh_pages(client, page_cache, editor, resources):
    path = resources[CHECKLIST].url
    client.get(path)
    client.force_login(editor)
    _html, signed_in = page_and_queries(client, path)
    _html, again = page_and_queries(client, path)
    assert again == signed_in > 3


@pytest.mark.django_db
def test_a_page_made_private_is_never_served_from_the_cache(client, page_cache, resources):
    page = resources[CHECKLIST]
    assert client.get(page.url).status_code == 200
    PageViewRestriction.objects.create(page=page, restriction_type="login")
    response = client.get(page.url)
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.django_db
def test_pages_from_the_cache_carry_the_security_headers(client, page_cache, resources):
    path = resources[CHECKLIST].url
    fresh = client.get(path)
    cached = client.get(path)
    for header in ("Content-Security-Policy", "X-Frame-Options", "Permissions-Policy"):
        assert cached[header] == fresh[header], header
    assert cached["X-Content-Type-Options"] == "nosniff"


# The navigation and the emergency notice are kept by each process for the index version,
# whether or not whole pages are cached (hub.templatetags.hub_tags).
@pytest.mark.django_db
def test_the_menu_follows_pages_at_once(client, home):
    assert "Safe referral pathways" not in client.get("/en/network/").content.decode()
    page = StandardPage(title="Safe referral pathways", slug="referral", show_in_menus=True)
    home.add_child(instance=page)  # live, as code creates pages (the admin publishes)
    menu = client.get("/en/network/").content.decode()
    assert f'<a href="{page.url}">Safe referral pathways</a>' in menu

    page.unpublish()
    assert "Safe referral pathways" not in client.get("/en/network/").content.decode()
    page.save_revision().publish()
    assert "Safe referral pathways" in client.get("/en/network/").content.decode()
    page.delete()
    assert "Safe referral pathways" not in client.get("/en/network/").content.decode()


@pytest.mark.django_db
def test_the_menu_and_notice_are_read_once_per_version(client):
    _html, first = page_and_queries(client, "/fr/network/")
    html, again = page_and_queries(client, "/fr/network/")
    # The site, the notice, the home page and the menu: not read again.
    assert again <= first - 4
    assert 'class="emergency"' in html and "/fr/network/" in html
    notice = EmergencyNotice.for_site(Site.objects.get(is_default_site=True))
    notice.text_fr = "Appelez le 112."
    notice.save()
    assert "Appelez le 112." in client.get("/fr/network/").content.decode()
