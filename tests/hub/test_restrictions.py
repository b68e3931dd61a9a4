"""View restrictions (password, signed-in users, groups) hold on every surface, for every viewer.

A canary resource is restricted in each way, on itself or on the library above it; each viewer
then crawls every surface that lists resources: the search API and page, the feed, suggest,
browsing, the library, the home page's latest resources, editors' picks and the sitemap. The
canary's title must show exactly where the restriction admits the viewer.
"""

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.urls import reverse
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page, PageViewRestriction

from resources.factories import resource_record
from resources.importer import ResourceImporter
from resources.models import ToolPage
from tests.conftest import make_user

CANARY = "Zebrafinch shelter protocol"
SLUG = "zebrafinch-shelter-protocol"


def surfaces(client):
    """Everything a viewer can reach that lists resources, joined."""
    urls = [
        "/api/search/?q=zebrafinch",
        "/api/search/?page_size=100",
        "/en/search/?q=zebrafinch",
        "/en/search/?q=",
        "/fr/search/?q=zebrafinch",
        "/en/search/feed/?q=zebrafinch",
        "/en/search/feed/",
        "/api/search/suggest/?q=zebraf",
        "/en/",
        "/en/library/",
        "/en/network/societies/british-red-cross/",  # the canary's National Society
        "/api/search/?q=leaflet",  # the canary is an editors' pick for "leaflet"
        "/en/search/?q=leaflet",
    ]
    texts = []
    for url in urls:
        response = client.get(url)
        if response.status_code == 302:  # the library itself may be restricted
            continue
        assert response.status_code == 200, url
        texts.append(response.content.decode())
    return "\n".join(texts)


@pytest.fixture
def canary(db, django_capture_on_commit_callbacks):
    """A published tool with a canary title, indexed, and an editors' pick for "leaflet"."""
    with django_capture_on_commit_callbacks(execute=True):
        report = ResourceImporter().run(
            [
                resource_record(
                    1,
                    kind="tool",
                    slug=SLUG,
                    title={"en": CANARY, "fr": CANARY},
                    national_society="british-red-cross",
                )
            ]
        )
    assert report.failed == 0, report.errors
    page = ToolPage.objects.get(slug_en=SLUG)
    SearchPromotion.objects.create(query=Query.get("leaflet"), page=page, sort_order=0)
    return page


@pytest.fixture
def outreach(db):
    return Group.objects.create(name="Outreach workers")


@pytest.fixture
def viewers(db, outreach):
    """Viewers by name: None for an anonymous reader."""
    in_group = make_user("outreach-worker")
    in_group.groups.add(outreach)
    return {
        "anonymous": None,
        "member": make_user("member"),
        "in group": in_group,
        "superuser": make_user("root", is_superuser=True, is_staff=True),
    }


def restrict(page, kind, group=None, django_capture_on_commit_callbacks=None):
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(
            page=page, restriction_type=kind, password="s3cret-word" if kind == "password" else ""
        )
        if group is not None:
            restriction.groups.add(group)
    return restriction


# Who sees the canary, by restriction.
ADMITTED = {
    "login": {"member", "in group", "superuser"},
    "groups": {"in group", "superuser"},
    "password": set(),  # a password is never entered through a listing
}


@pytest.mark.django_db
@pytest.mark.parametrize("on", ["page", "library"])
@pytest.mark.parametrize("kind", list(ADMITTED))
def test_each_surface_shows_a_restricted_resource_only_to_viewers_it_admits(
    client, canary, viewers, outreach, kind, on, django_capture_on_commit_callbacks
):
    # Before: everyone finds it (so that the crawl can see it at all).
    assert CANARY in surfaces(client) and SLUG in client.get("/sitemap.xml").content.decode()
    target = canary if on == "page" else canary.get_parent()
    restrict(
        target, kind, outreach if kind == "groups" else None, django_capture_on_commit_callbacks
    )
    for name, user in viewers.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        text = surfaces(client)
        admitted = name in ADMITTED[kind]
        assert (CANARY in text) == admitted, (kind, on, name)
        assert (SLUG in text) == admitted, (kind, on, name)
        # Search engines are no viewers: the sitemap lists public pages only.
        assert SLUG not in client.get("/sitemap.xml").content.decode()
        # The rest of the library stays where it was.
        if on == "page":
            assert "Indicators of trafficking" in text, name


@pytest.mark.django_db
def test_counts_and_totals_leave_out_what_the_viewer_may_not_see(
    client, canary, viewers, django_capture_on_commit_callbacks
):
    before = client.get("/api/search/?kind=tool").json()
    restrict(canary, "login", django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    after = client.get("/api/search/?kind=tool").json()
    assert after["total"] == before["total"] - 1
    tools = {value["value"]: value["count"] for value in after["facets"]["kind"]}
    assert tools["tool"] == before["total"] - 1
    client.force_login(viewers["member"])
    assert client.get("/api/search/?kind=tool").json()["total"] == before["total"]


@pytest.mark.django_db
def test_adding_and_removing_a_restriction_takes_effect_at_once(
    client, canary, outreach, viewers, django_capture_on_commit_callbacks
):
    def found():
        return client.get("/api/search/?q=zebrafinch").json()["total"]

    assert found() == 1
    restriction = restrict(canary, "groups", outreach, django_capture_on_commit_callbacks)
    assert found() == 0
    # The group's members are admitted; a change of groups shows at once too.
    client.force_login(viewers["member"])
    assert found() == 0
    with django_capture_on_commit_callbacks(execute=True):
        restriction.groups.add(*viewers["member"].groups.all(), Group.objects.create(name="All"))
        viewers["member"].groups.add(Group.objects.get(name="All"))
    client.logout()
    client.force_login(viewers["member"])
    assert found() == 1
    client.logout()
    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert found() == 1


@pytest.mark.django_db
def test_an_index_that_missed_a_restriction_still_hides_it(
    client, canary, django_capture_on_commit_callbacks
):
    """Should the index miss a restriction's change (a search server down at the time), the
    page tree has the last word."""
    PageViewRestriction.objects.create(page=canary, restriction_type="login")  # never indexed
    assert CANARY not in client.get("/api/search/?q=zebrafinch").content.decode()
    assert CANARY not in client.get("/api/search/suggest/?q=zebraf").content.decode()


# -- Caches -----------------------------------------------------------------------------------
@pytest.mark.django_db
def test_a_page_seen_with_its_password_is_never_served_to_others(client, page_cache, canary):
    restriction = PageViewRestriction.objects.create(
        page=canary, restriction_type="password", password="s3cret-word"
    )
    stranger = client.__class__()
    assert CANARY not in stranger.get(canary.url).content.decode()
    # Someone who knows the password opens the page...
    response = client.post(
        reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, canary.pk]),
        {"password": "s3cret-word", "return_url": canary.url},
    )
    assert response.status_code == 302 and response["Location"] == canary.url
    opened = client.get(canary.url)
    assert CANARY in opened.content.decode()
    assert "private" in opened["Cache-Control"]
    # ...and a stranger after them gets the password form, not the page.
    again = stranger.get(canary.url)
    assert again.status_code == 200
    assert "password" in again.content.decode().lower()
    assert "Body of resource 1" not in again.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["login", "groups"])
def test_restricted_pages_are_private_and_never_cached(
    client, page_cache, canary, viewers, outreach, kind
):
    restriction = PageViewRestriction.objects.create(page=canary, restriction_type=kind)
    restriction.groups.add(outreach)
    client.force_login(viewers["in group"])
    response = client.get(canary.url)
    assert response.status_code == 200 and CANARY in response.content.decode()
    assert "private" in response["Cache-Control"]
    client.logout()
    assert client.get(canary.url).status_code == 302
    assert not any(key.startswith(":1:hub-page:") for key in cache._cache), "nothing stored"


@pytest.mark.django_db
def test_a_request_with_a_session_is_never_answered_from_the_cache(client, page_cache, canary):
    assert CANARY in client.get(canary.url).content.decode()  # kept for anonymous readers
    # A change the version does not see (a plain update) leaves the cached copy in place...
    Page.objects.filter(pk=canary.pk).update(title="Renamed", title_en="Renamed")
    assert CANARY in client.get(canary.url).content.decode()
    # ...but a request carrying a session (where a passed password restriction is kept)
    # is always rendered afresh.
    client.cookies["sessionid"] = "any-session"
    assert "Renamed" in client.get(canary.url).content.decode()


@pytest.mark.django_db
def test_the_menu_shows_a_restricted_page_to_those_it_admits_only(client, home, viewers):
    from hub.models import StandardPage

    page = home.add_child(
        instance=StandardPage(title="Members corner", slug="members-corner", show_in_menus=True)
    )
    assert "Members corner" in client.get("/en/search/").content.decode()
    PageViewRestriction.objects.create(page=page, restriction_type="login")
    assert "Members corner" not in client.get("/en/search/").content.decode()
    assert "Members corner" not in client.get("/en/").content.decode()
    client.force_login(viewers["member"])
    assert "Members corner" in client.get("/en/search/").content.decode()


@pytest.mark.django_db
def test_answers_to_signed_in_viewers_are_private(client, viewers):
    client.force_login(viewers["member"])
    for url in ("/api/search/", "/en/search/", "/en/search/feed/"):
        assert "private" in client.get(url)["Cache-Control"], url


@pytest.mark.django_db
def test_the_password_form_speaks_the_readers_language_and_limits_guesses(client, canary, settings):
    settings.PAGE_PASSWORD_RATE_LIMIT = "3/m"
    cache.clear()
    restriction = PageViewRestriction.objects.create(
        page=canary, restriction_type="password", password="s3cret-word"
    )
    from django.utils import translation

    with translation.override("ar"):
        arabic_url = canary.get_url()
    form = client.get(arabic_url).content.decode()
    assert 'dir="rtl"' in form and 'lang="ar"' in form
    assert 'type="password"' in form and "Body of resource 1" not in form
    url = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, canary.pk])
    for _ in range(3):
        wrong = client.post(url, {"password": "guess", "return_url": canary.url})
        assert wrong.status_code == 200
        assert CANARY not in wrong.content.decode() and 'role="alert"' in wrong.content.decode()
    # Past the limit, even the right password is refused for a while.
    limited = client.post(url, {"password": "s3cret-word", "return_url": canary.url})
    assert limited.status_code == 429
    assert CANARY not in client.get(canary.url).content.decode()
    cache.clear()


# -- Attachments, the password form, other answers ---------------------------------------------
@pytest.fixture
def attachment(canary):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    from hub.demo.pdf import text_pdf
    from resources.models import ResourceAttachment

    document = Document.objects.create(
        title="Canary annex",
        file=ContentFile(text_pdf("Annex", ["Zebrafinch annex"]), name="annex.pdf"),
    )
    ResourceAttachment.objects.create(page=canary, document=document, language="en")
    return document


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["login", "password"])
def test_an_attachment_is_served_only_to_viewers_its_page_admits(
    client, canary, attachment, viewers, kind
):
    assert client.get(attachment.url).status_code == 200
    restriction = PageViewRestriction.objects.create(
        page=canary, restriction_type=kind, password="s3cret-word" if kind == "password" else ""
    )
    assert client.get(attachment.url, follow=True).status_code == 404
    if kind == "login":
        client.force_login(viewers["member"])
    else:
        url = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, canary.pk])
        client.post(url, {"password": "s3cret-word", "return_url": canary.url})
    response = client.get(attachment.url)
    assert response.status_code == 200 and "private" in response["Cache-Control"]


@pytest.mark.django_db
def test_the_password_form_shows_nothing_of_the_page(client, canary):
    PageViewRestriction.objects.create(
        page=canary, restriction_type="password", password="s3cret-word"
    )
    canary.summary_en = "Quokka summary"
    canary.save_revision().publish()
    form = client.get(canary.url).content.decode()
    assert 'type="password"' in form
    for secret in (CANARY, "Quokka summary", 'rel="alternate"', "Body of resource 1"):
        assert secret not in form, secret
    assert "no-store" in client.get(canary.url)["Cache-Control"]


@pytest.mark.django_db
def test_a_collection_password_is_guessed_a_few_times_only(client, settings):
    from wagtail.models import Collection, CollectionViewRestriction

    settings.PAGE_PASSWORD_RATE_LIMIT = "3/m"
    cache.clear()
    collection = Collection.get_first_root_node().add_child(name="Shared annexes")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type="password", password="s3cret-word"
    )
    url = reverse("wagtaildocs_authenticate_with_password", args=[restriction.pk])
    statuses = [client.post(url, {"password": "guess", "return_url": "/"}).status_code]
    statuses += [client.post(url, {"password": "guess", "return_url": "/"}).status_code]
    statuses += [client.post(url, {"password": "guess", "return_url": "/"}).status_code]
    statuses += [client.post(url, {"password": "s3cret-word", "return_url": "/"}).status_code]
    assert statuses == [200, 200, 200, 429]
    cache.clear()


@pytest.mark.django_db
def test_pages_shown_to_a_signed_in_viewer_are_private(client, viewers):
    client.force_login(viewers["member"])
    for url in ("/en/", "/en/library/", "/en/network/", "/en/network/profile/"):
        response = client.get(url)
        assert "private" in response.get("Cache-Control", ""), url
