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
    return shown, [message for messages in form.errors.values() for message in messages]


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
