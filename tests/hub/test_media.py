"""Media: /media/ serves only the renditions Wagtail made, a contact's photo only to viewers
who may see the profile, and documents only through Wagtail's document view."""

import pytest
import wagtail_factories
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.images.utils import generate_signature
from wagtail.models import Collection, CollectionViewRestriction

from hub.demo.pdf import text_pdf
from network.factories import ContactPointFactory
from tests.conftest import make_user

PHOTO = "fill-96x96|format-webp"  # the size the directory's cards show


@pytest.fixture(autouse=True)
def fresh_renditions():
    """Wagtail keeps renditions in the cache by image id, and ids come back after each test's
    rollback: a rendition of an earlier test's image must not stand in for this one's."""
    cache.clear()


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def secret_document(db):
    """A document in a collection only signed-in users may see."""
    restricted = Collection.get_first_root_node().add_child(name="Members only")
    CollectionViewRestriction.objects.create(collection=restricted, restriction_type="login")
    return Document.objects.create(
        title="Secret",
        file=ContentFile(text_pdf("Secret", ["secret canary text"]), name="secret.pdf"),
        collection=restricted,
    )


@pytest.fixture
def photo(db):
    """The photo of a contact point whose profile only network members may see."""
    image = wagtail_factories.ImageFactory(title="Focal point photo")
    ContactPointFactory(photo=image, profile_visibility="network")
    return image


def signed_url(image, filter_spec):
    return f"/images/{generate_signature(image.id, filter_spec)}/{image.id}/{filter_spec}/"


# Each a way out of images/ to the secret document ({doc}) or an original ({original}).
TRAVERSALS = [
    "images/../{doc}",
    "images/%2e%2e/{doc}",
    "images/%2E%2E/{doc}",
    "images/.%2e/{doc}",
    "images/%252e%252e/{doc}",
    "images/..%2f{doc}",
    "images/..%252f{doc}",
    "images/..\\{doc}",
    "images/..%5c{doc}",
    "images/./../{doc}",
    "images//../{doc}",
    "images/../../media/{doc}",
    "images/%00/../{doc}",
    "images/..%00/{doc}",
    "images/%EF%BC%8E%EF%BC%8E/{doc}",  # fullwidth full stops
    "images/%EF%BC%8E%EF%BC%8E%EF%BC%8F{doc}",  # and a fullwidth solidus
    "images/%C0%AE%C0%AE/{doc}",  # overlong UTF-8 dots
    "images/..;/{doc}",
    "{doc}",
    "/{doc}",
    "//etc/passwd",
    "images//etc/passwd",
    "images/../../../../../../etc/passwd",
    "images/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "images/../{original}",
    "{original}",
    "images/",
    "images",
    "",
]


@pytest.mark.django_db
@pytest.mark.parametrize("pattern", TRAVERSALS)
def test_no_path_leaves_the_renditions(client, secret_document, photo, pattern):
    path = pattern.format(doc=secret_document.file.name, original=photo.file.name)
    for viewer in (None, make_user("member")):
        if viewer:
            client.force_login(viewer)
        # (A path ending in a slash is sent to /en/media/..., not found either.)
        response = client.get(f"/media/{path}", follow=True)
        assert response.status_code == 404, (path, viewer)
        assert b"secret canary text" not in body(response)
        assert b"JFIF" not in body(response)


@pytest.mark.django_db
def test_only_files_of_known_renditions_are_served(client, photo, settings):
    planted = settings.MEDIA_ROOT / "images" / "planted.html"
    planted.parent.mkdir(parents=True, exist_ok=True)
    planted.write_text("<script>alert(1)</script>")
    assert client.get("/media/images/planted.html").status_code == 404
    assert client.post("/media/images/planted.html").status_code == 405


@pytest.mark.django_db
def test_restricted_document_through_the_document_view_only(client, secret_document):
    url = secret_document.url
    assert url.startswith("/documents/")
    anonymous = client.get(url)
    assert anonymous.status_code == 302  # to the sign-in page
    assert b"secret canary text" not in body(anonymous)
    client.force_login(make_user("member"))
    response = client.get(url)
    # Streamed by Wagtail's view (WAGTAILDOCS_SERVE_METHOD), never a redirect to /media/.
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert body(response) == secret_document.file.open("rb").read()
    assert "private" in response["Cache-Control"]  # kept by no shared cache
    assert client.get(f"/media/{secret_document.file.name}").status_code == 404


@pytest.mark.django_db
def test_public_documents_stay_cacheable(client):
    document = Document.objects.create(
        title="Leaflet", file=ContentFile(text_pdf("Leaflet", ["open"]), name="leaflet.pdf")
    )
    response = client.get(document.url)
    assert response.status_code == 200
    assert "private" not in response.get("Cache-Control", "")


@pytest.mark.django_db
def test_members_only_photo_hidden_from_anonymous_readers(client, photo):
    rendition = photo.get_rendition(PHOTO)
    assert rendition.url.startswith("/media/images/")
    original = signed_url(photo, "original")
    resized = signed_url(photo, "fill-96x96")
    for url in (rendition.url, original, resized, f"/media/{photo.file.name}"):
        response = client.get(url, follow=True)
        assert response.status_code == 404, url
        assert b"RIFF" not in body(response) and b"JFIF" not in body(response)

    client.force_login(make_user("member"))
    for url in (rendition.url, original, resized):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("image/")
        assert "private" in response["Cache-Control"], url
        assert "public" not in response["Cache-Control"], url
    assert body(client.get(rendition.url)) == rendition.file.open("rb").read()
    # Originals never come from /media/, whoever asks.
    assert client.get(f"/media/{photo.file.name}").status_code == 404


@pytest.mark.django_db
def test_editors_only_photo_for_editors_and_its_owner(client, editor):
    image = wagtail_factories.ImageFactory()
    owner = make_user("owner")
    ContactPointFactory(photo=image, profile_visibility="editors", user=owner)
    url = image.get_rendition(PHOTO).url
    client.force_login(make_user("member"))
    assert client.get(url).status_code == 404
    client.force_login(owner)
    assert client.get(url).status_code == 200
    client.force_login(editor)
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_public_photo_shown_to_everyone_but_kept_privately(client):
    image = wagtail_factories.ImageFactory()
    ContactPointFactory(photo=image, profile_visibility="public")
    response = client.get(image.get_rendition(PHOTO).url)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]


@pytest.mark.django_db
def test_photo_of_any_visible_profile_is_shown(client):
    image = wagtail_factories.ImageFactory()
    ContactPointFactory(photo=image, profile_visibility="editors")
    ContactPointFactory(photo=image, profile_visibility="public")
    assert client.get(image.get_rendition(PHOTO).url).status_code == 200


@pytest.mark.django_db
def test_other_images_are_public_and_cached(client):
    image = wagtail_factories.ImageFactory()
    response = client.get(image.get_rendition("width-400").url)
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    assert "max-age=3600" in response["Cache-Control"]
    assert response["Content-Security-Policy"] == "default-src 'none'"
    signed = client.get(signed_url(image, "width-200"))
    assert signed.status_code == 200
    assert "public" in signed["Cache-Control"]


@pytest.mark.django_db
def test_photo_hidden_once_its_profile_is_restricted(client):
    image = wagtail_factories.ImageFactory()
    contact = ContactPointFactory(photo=image, profile_visibility="public")
    url = image.get_rendition(PHOTO).url
    assert client.get(url).status_code == 200
    contact.profile_visibility = "network"
    contact.save()
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_bad_signature_is_not_found(client, photo):
    forged = signed_url(photo, "original").replace("original", "width-10")
    for url in (f"/images/not-a-signature/{photo.id}/original/", forged):
        assert client.get(url, follow=True).status_code == 404


@pytest.mark.django_db
def test_directory_photos_load_for_those_who_see_them(client, photo):
    client.force_login(make_user("member"))
    html = client.get(reverse("network:directory")).content.decode()
    rendition = photo.get_rendition(PHOTO)
    assert rendition.url in html
    assert client.get(rendition.url).status_code == 200


@pytest.mark.django_db
def test_a_public_rendition_costs_one_query(client, django_assert_num_queries):
    url = wagtail_factories.ImageFactory().get_rendition("width-400").url
    with django_assert_num_queries(1):  # the rendition, and whether it is a contact's photo
        assert client.get(url).status_code == 200
