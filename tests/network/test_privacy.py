"""Privacy: what each viewer sees of each contact point, on every reachable surface."""

import json
import re

import pytest
import wagtail_factories
from django.core.cache import cache
from django.utils import translation
from wagtail.models import PageViewRestriction

from resources.models import KIND_MODELS
from search import service
from tests.network.conftest import expected

AWARENESS = "raising-awareness-of-trafficking-risks-in-transit"

VIEWERS = {"anonymous": 0, "member": 1, "editor": 2}


def login(client, request, viewer):
    if viewer != "anonymous":
        client.force_login(
            request.getfixturevalue({"member": "member", "editor": "network_editor"}[viewer])
        )


def crawl(client):
    """Every public address a visitor can reach, fetched; their text joined."""
    urls = [
        "/sitemap.xml",
        "/api/search/?q=canary",
        "/api/search/",
        "/en/search/?q=canary",
        "/en/search/feed/?q=croatia",
        "/api/search/suggest/?q=canary",
    ]
    for language in ("en", "hr", "ar"):
        urls += [
            f"/{language}/network/",
            f"/{language}/network/?q=canary&page_size=100",
            f"/{language}/network/societies/croatian-red-cross/",
            f"/{language}/network/?country=HR&page_size=100&page=2",
        ]
    urls += [
        "/api/contacts/?page_size=100",
        "/api/contacts/?country=HR&page_size=100&page=2",
        "/api/contacts/?q=canary&page_size=100",
    ]
    for model in KIND_MODELS.values():
        for page in model.objects.live():
            with translation.override("hr"):
                urls.append(page.get_url())
    texts = []
    for url in urls:
        response = client.get(url)
        if response.status_code == 302:  # a restricted page, to a viewer it does not admit
            assert "login" in response["Location"], url
            continue
        assert response.status_code in (200, 404), url
        texts.append(
            b"".join(response.streaming_content) if response.streaming else response.content
        )
    data = client.get("/api/contacts/?page_size=100").json()
    for contact in data["results"]:
        texts.append(client.get(contact["vcard"]).content)
    text = b"\n".join(texts).decode()
    # Every image a page shows this viewer loads for them.
    for image in set(re.findall(r'<img [^>]*src="([^"]+)"', text)):
        assert client.get(image).status_code == 200, image
    return text


@pytest.mark.django_db
@pytest.mark.parametrize("viewer", list(VIEWERS))
def test_every_surface_shows_exactly_what_the_viewer_may_see(
    client, request, canaries, viewer, resources
):
    # A resource that names a contact point shows it only as its owner allows.
    step = resources["step-integration-pilot-uk"]
    step.contact_point = canaries["network-network-network"]
    step.save_revision().publish()
    # A resource for signed-in members only, and one shared with a password (never listed).
    members_only, with_password = "what-is-human-trafficking-leaflet", AWARENESS
    PageViewRestriction.objects.create(page=resources[members_only], restriction_type="login")
    PageViewRestriction.objects.create(
        page=resources[with_password], restriction_type="password", password="s3cret-word"
    )
    service.rebuild()
    # A photo for one contact of each profile visibility, in the size the cards show.
    cache.clear()  # Wagtail's renditions, cached by image id, from earlier tests
    photos = {}
    for profile in ("public", "network", "editors"):
        contact = canaries[f"{profile}-public-public"]
        contact.photo = wagtail_factories.ImageFactory(title=f"Canary {profile} photo")
        contact.save()
        photos[profile] = contact.photo.get_rendition("fill-96x96|format-webp").url
    login(client, request, viewer)

    text = crawl(client)

    rank = VIEWERS[viewer]
    assert (f"/en/library/{members_only}/" in text) is (rank >= 1), (viewer, "members only")
    assert f"/en/library/{with_password}/" not in text, (viewer, "password")
    for key, contact in canaries.items():
        sees_name, sees_email, sees_phone = expected(key, rank)
        assert (f"Canary {key} name" in text) is sees_name, (viewer, key, "name")
        assert (contact.email in text) is sees_email, (viewer, key, "email")
        assert (contact.phone in text) is sees_phone, (viewer, key, "phone")
    for profile, url in photos.items():
        sees_photo = expected(f"{profile}-public-public", rank)[0]
        assert (url in text) is sees_photo, (viewer, profile, "photo shown")
        assert (client.get(url).status_code == 200) is sees_photo, (viewer, profile, "photo")


@pytest.mark.django_db
def test_api_lists_only_visible_fields(client, canaries, member):
    anonymous = {c["name"]: c for c in client.get("/api/contacts/?page_size=100").json()["results"]}
    assert "Canary network-network-network name" not in anonymous
    public = anonymous["Canary public-network-public name"]
    assert public["email"] is None and public["phone"] == "+385-010-999"
    client.force_login(member)
    members = {c["name"]: c for c in client.get("/api/contacts/?page_size=100").json()["results"]}
    assert (
        members["Canary public-network-public name"]["email"]
        == "canary-public-network-public@example.org"
    )
    assert "Canary editors-public-public name" not in members


@pytest.mark.django_db
def test_vcard_of_a_hidden_profile_is_not_found(client, canaries, member):
    hidden = canaries["network-public-public"]
    assert client.get(f"/contacts/{hidden.pk}.vcf").status_code == 404
    client.force_login(member)
    card = client.get(f"/contacts/{hidden.pk}.vcf")
    assert card.status_code == 200
    assert card["Content-Type"].startswith("text/vcard")
    text = card.content.decode()
    assert "FN:Canary network-public-public name" in text
    assert "canary-network-public-public@example.org" in text  # effective visibility: network
    editors_only = canaries["public-editors-editors"]
    text = client.get(f"/contacts/{editors_only.pk}.vcf").content.decode()
    assert "FN:Canary public-editors-editors name" in text
    assert "EMAIL" not in text and "TEL" not in text


@pytest.mark.django_db
def test_member_sees_their_own_profile_in_full(client, canaries, member):
    own = canaries["editors-editors-editors"]
    own.user = member
    own.save()
    client.force_login(member)
    data = client.get("/api/contacts/?page_size=100").json()
    # Others' editors-only profiles stay hidden; the member's own profile is theirs to see.
    html = client.get("/en/network/profile/").content.decode()
    assert own.email in html
    assert "Canary editors-public-public name" not in json.dumps(data)


@pytest.mark.django_db
def test_field_never_wider_than_its_profile(canaries, member):
    contact = canaries["network-public-public"]
    assert contact.visible_fields(None) is None
    visible = contact.visible_fields(member)
    assert visible["email"] == contact.email
