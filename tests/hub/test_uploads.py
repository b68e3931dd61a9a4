"""Uploads in the admin: a damaged image or a refused document is one clear form error,
never a 500."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image

DAMAGED = "This image is damaged or incomplete and cannot be read."


def image_bytes(kind, frames=1):
    """A whole image of some weight (noise does not compress), so that a cut loses pixels."""
    buffer = io.BytesIO()
    pictures = [
        PILImage.merge("RGB", [PILImage.effect_noise((128, 128), 60 + 10 * n)] * 3)
        for n in range(frames)
    ]
    if frames > 1:
        pictures[0].save(buffer, kind, save_all=True, append_images=pictures[1:])
    else:
        pictures[0].save(buffer, kind)
    return buffer.getvalue()


def field_errors(response):
    """The messages the admin shows under the form's fields, one paragraph a field."""
    html = response.content.decode()
    shown = [
        " ".join(message.split())
        for message in re.findall(r'<p class="error-message">(.*?)</p>', html, re.S)
    ]
    form = response.context["form"]
    errors = [message for messages in form.errors.values() for message in messages]
    return shown, [" ".join(message.split()) for message in errors]


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def add_image(client, name, content):
    return client.post(
        reverse("wagtailimages:add"),
        {"title": name, "file": SimpleUploadedFile(name, content), "collection": 1},
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("half.gif", image_bytes("GIF")[:8000]),
        ("half.png", image_bytes("PNG")[:8000]),
        ("half.jpg", image_bytes("JPEG")[:5000]),
        ("header-only.jpg", image_bytes("JPEG")[:300]),
        ("last-frame-cut.gif", image_bytes("GIF", frames=3)[:-30]),
    ],
)
def test_damaged_images_are_refused_with_a_form_error(admin_client, name, content):
    response = add_image(admin_client, name, content)
    assert response.status_code == 200
    shown, errors = field_errors(response)
    assert len(errors) == 1, errors
    assert DAMAGED in errors[0]
    assert shown == [errors[0]]
    assert not Image.objects.filter(title=name).exists()


@pytest.mark.django_db
def test_damaged_image_in_the_multiple_uploader(admin_client):
    response = admin_client.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": SimpleUploadedFile("half.gif", image_bytes("GIF")[:60])},
    )
    assert response.status_code == 200
    assert response.json()["success"] is False
    assert DAMAGED in response.json()["error_message"]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["GIF", "PNG", "JPEG", "WEBP"])
def test_whole_images_are_accepted(admin_client, kind):
    name = f"whole.{kind.lower()}"
    response = add_image(admin_client, name, image_bytes(kind, frames=2 if kind == "GIF" else 1))
    assert response.status_code == 302
    assert Image.objects.filter(title=name).exists()


def add_document(client, name, content):
    return client.post(
        reverse("wagtaildocs:add"),
        {"title": name, "file": SimpleUploadedFile(name, content), "collection": 1},
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("tool.exe", b"MZ\x90\x00", "Files of this type cannot be uploaded."),
        ("no-extension", b"%PDF-1.4\n%%EOF", "Files of this type cannot be uploaded."),
        ("fake.pdf", b"<html></html>", "The content of this file is not a PDF document"),
        ("fake.docx", b"%PDF-1.4\n%%EOF", "The content of this file is not a DOCX document"),
    ],
)
def test_refused_document_has_exactly_one_message(admin_client, name, content, message):
    response = add_document(admin_client, name, content)
    assert response.status_code == 200
    shown, errors = field_errors(response)
    assert len(errors) == 1, errors
    assert message in errors[0]
    assert shown == [errors[0]]
    assert not Document.objects.filter(title=name).exists()


# -- What the forms say, and one refusal a file, whatever the form -------------------------------
DOCUMENT_HELP = (
    "Supported formats: PDF, DOCX, XLSX, PPTX, ODT, ODS, ODP. Maximum filesize: 25.0\xa0MB."
)
IMAGE_HELP = "Supported formats: JPG, JPEG, PNG, GIF, WEBP. Maximum filesize: 25.0\xa0MB."
TOO_LARGE = "This file is too big (%s). Maximum filesize 1000 bytes."


def file_inputs(html):
    return re.findall(r'<input[^>]*type="file"[^>]*>', html)


def modal_html(response):
    data = response.json()
    return data.get("html") or data.get("htmlFragment") or ""


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url_name", "help_text", "accept"),
    [
        ("wagtaildocs:add", DOCUMENT_HELP, ".pdf,.docx,.xlsx,.pptx,.odt,.ods,.odp"),
        ("wagtailimages:add", IMAGE_HELP, ".jpg,.jpeg,.png,.gif,.webp"),
    ],
)
def test_upload_forms_state_formats_and_limit(admin_client, url_name, help_text, accept):
    html = admin_client.get(reverse(url_name)).content.decode()
    assert help_text in html
    (field,) = file_inputs(html)
    assert f'accept="{accept}"' in field
    assert f'data-max-bytes="{25 * 1024 * 1024}"' in field
    assert 'data-too-large="This file is too big. Maximum filesize 25.0\xa0MB."' in field


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url_name", "help_text"),
    [("wagtaildocs_chooser:choose", DOCUMENT_HELP), ("wagtailimages_chooser:choose", IMAGE_HELP)],
)
def test_chooser_upload_tabs_state_formats_and_limit(admin_client, url_name, help_text):
    html = modal_html(admin_client.get(reverse(url_name)))
    assert help_text in html
    (field,) = file_inputs(html)
    assert f'data-max-bytes="{25 * 1024 * 1024}"' in field


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url_name", "help_text"),
    [("wagtaildocs:add_multiple", DOCUMENT_HELP), ("wagtailimages:add_multiple", IMAGE_HELP)],
)
def test_multiple_uploaders_state_and_check_the_limit(admin_client, url_name, help_text):
    """Wagtail's multiple uploaders check the limit in their own script, given on the page."""
    html = admin_client.get(reverse(url_name)).content.decode()
    assert help_text in html
    assert f'data-max-file-size="{25 * 1024 * 1024}"' in html
    assert "This file is too big. Maximum filesize 25.0\xa0MB." in html


@pytest.fixture
def small_limit(settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1000
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 1000


PDF = b"%PDF-1.4\n" + b"0" * 2000 + b"\n%%EOF"
NOT_SUPPORTED = "Not a supported image format. Supported formats: JPG, JPEG, PNG, GIF, WEBP."
DOCUMENT_REFUSALS = [
    ("big.pdf", PDF, TOO_LARGE % "2.0 KB"),
    ("big.exe", b"MZ" + b"0" * 2000, "Files of this type cannot be uploaded."),
    ("fake.pdf", b"<html></html>", "The content of this file is not a PDF document"),
]
IMAGE_REFUSALS = [
    ("big.png", image_bytes("PNG"), TOO_LARGE % "43.1 KB"),
    ("guide.pdf", b"%PDF-1.4\n%%EOF", NOT_SUPPORTED),
    ("big.tiff", image_bytes("TIFF"), NOT_SUPPORTED),
    ("photo.png", image_bytes("JPEG")[:900], "The content of this file is not a PNG image"),
    ("notes.jpg", b"just some text", "The content of this file is not a JPG image"),
    ("half.gif", image_bytes("GIF")[:900], DAMAGED),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "content", "message"), DOCUMENT_REFUSALS)
def test_document_refusals_are_one_message_on_every_form(
    admin_client, small_limit, name, content, message
):
    response = add_document(admin_client, name, content)
    shown, errors = field_errors(response)
    assert len(errors) == 1 and message in errors[0], errors
    assert shown == [errors[0]]

    document = Document.objects.create(
        title="kept", file=SimpleUploadedFile("kept.pdf", b"%PDF-1.4\n%%EOF")
    )
    response = admin_client.post(
        reverse("wagtaildocs:edit", args=[document.pk]),
        {"title": "kept", "file": SimpleUploadedFile(name, content), "collection": 1},
    )
    shown, errors = field_errors(response)
    assert len(errors) == 1 and message in errors[0], errors
    assert shown == [errors[0]]

    response = admin_client.post(
        reverse("wagtaildocs_chooser:create"),
        {
            "document-chooser-upload-title": name,
            "document-chooser-upload-file": SimpleUploadedFile(name, content),
            "document-chooser-upload-collection": 1,
        },
    )
    shown = re.findall(r'<p class="error-message">(.*?)</p>', modal_html(response), re.S)
    assert [" ".join(text.split()) for text in shown] == errors

    response = admin_client.post(
        reverse("wagtaildocs:add_multiple"), {"files[]": SimpleUploadedFile(name, content)}
    )
    assert response.json()["success"] is False
    assert " ".join(response.json()["error_message"].split()) == errors[0]
    assert not Document.objects.exclude(title="kept").filter(title=name).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "content", "message"), IMAGE_REFUSALS)
def test_image_refusals_are_one_message_on_every_form(
    admin_client, small_limit, name, content, message
):
    response = add_image(admin_client, name, content)
    shown, errors = field_errors(response)
    assert len(errors) == 1 and message in errors[0], errors
    assert shown == [errors[0]]

    kept = add_image(admin_client, "kept.gif", _tiny_gif())
    assert kept.status_code == 302
    image = Image.objects.get(title="kept.gif")
    response = admin_client.post(
        reverse("wagtailimages:edit", args=[image.pk]),
        {"title": "kept.gif", "file": SimpleUploadedFile(name, content), "collection": 1},
    )
    shown, errors = field_errors(response)
    assert len(errors) == 1 and message in errors[0], errors
    assert shown == [errors[0]]

    response = admin_client.post(
        reverse("wagtailimages_chooser:create"),
        {
            "image-chooser-upload-title": name,
            "image-chooser-upload-file": SimpleUploadedFile(name, content),
            "image-chooser-upload-collection": 1,
        },
    )
    shown = re.findall(r'<p class="error-message">(.*?)</p>', modal_html(response), re.S)
    assert [" ".join(text.split()) for text in shown] == errors

    response = admin_client.post(
        reverse("wagtailimages:add_multiple"), {"files[]": SimpleUploadedFile(name, content)}
    )
    assert response.json()["success"] is False
    assert " ".join(response.json()["error_message"].split()) == errors[0]
    assert not Image.objects.filter(title=name).exists()


def _tiny_gif():
    buffer = io.BytesIO()
    PILImage.new("RGB", (4, 4), "red").save(buffer, "GIF")
    return buffer.getvalue()


@pytest.mark.django_db
def test_upload_refusals_are_in_the_editors_language(admin_client, small_limit):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(_admin(admin_client))
    profile.preferred_language = "fr"
    profile.save()
    response = add_document(admin_client, "big.pdf", PDF)
    _shown, errors = field_errors(response)
    assert errors == [
        "Ce fichier est trop gros (2,0 Kio). La taille de fichier maximale est de 1000 octets."
    ]
    html = admin_client.get(reverse("wagtaildocs:add")).content.decode()
    assert "Formats supportés : PDF, DOCX, XLSX, PPTX, ODT, ODS, ODP." in html


def _admin(client):
    from django.contrib.auth.models import User

    return User.objects.get(pk=client.session["_auth_user_id"])
