"""The directory's public pages are kept in the cache for readers who are not signed in
(hub.page_cache): never shown to members, never stale after a contact point changes."""

import pytest

from tests.conftest import page_and_queries

PUBLIC = "Canary public-public-public name"
MEMBERS = "Canary network-network-network name"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/en/network/", "/en/network/societies/croatian-red-cross/"])
def test_public_directory_pages_are_cached_for_anonymous_readers_only(
    client, page_cache, canaries, member, path
):
    html, rendering = page_and_queries(client, path)
    assert PUBLIC in html and MEMBERS not in html
    again, served = page_and_queries(client, path)
    assert again == html and served < rendering and served <= 3

    client.force_login(member)
    signed_in, _queries = page_and_queries(client, path)
    assert PUBLIC in signed_in and MEMBERS in signed_in  # never the anonymous copy
    client.logout()
    # Nor the member's copy to anonymous readers.
    assert MEMBERS not in page_and_queries(client, path)[0]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/en/network/", "/en/network/societies/croatian-red-cross/"])
def test_a_contact_point_made_private_disappears_at_once(client, page_cache, canaries, path):
    assert PUBLIC in page_and_queries(client, path)[0]
    contact = canaries["public-public-public"]
    contact.profile_visibility = "network"
    contact.save()
    assert PUBLIC not in page_and_queries(client, path)[0]
    contact.delete()
    assert PUBLIC not in page_and_queries(client, path)[0]


@pytest.mark.django_db
def test_an_invalid_filter_is_not_cached(client, page_cache, canaries):
    assert client.get("/en/network/", {"page_size": "many"}).status_code == 400
    assert client.get("/en/network/", {"page_size": "many"}).status_code == 400
