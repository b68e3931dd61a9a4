"""What production promises: headers on every public page, a clean deploy check, uploads
that are what they say they are."""

import io
import os
import subprocess
import sys
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls import reverse
from wagtail.documents.models import Document

from hub.demo.pdf import text_pdf


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/en/", "/ar/search/?q=thb", "/fr/network/", "/api/search/"])
def test_security_headers(client, url):
    response = client.get(url)
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert "script-src 'self'" in policy  # a page that needs a script adds the request's nonce
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_admin_keeps_its_own_policy(client, admin_user):
    client.force_login(admin_user)
    response = client.get("/admin/")
    assert "Content-Security-Policy" not in response  # documented in the README


def production_deploy_check(**variables):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hub.settings.production",
        "SECRET_KEY": "x" * 20 + "-production-only-secret-for-the-check-" + "y" * 20,
        "ALLOWED_HOSTS": "hub.example.org",
        "CACHE_URL": "redis://127.0.0.1:6379/1",
        "EMAIL_URL": "smtp+tls://hub:secret@smtp.example.org:587",
        "TASKS_BACKEND": "database",
        **variables,
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests only
    return subprocess.run(  # noqa: S603 - the project's own manage.py, fixed arguments
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_deploy_check_passes_with_production_settings():
    result = production_deploy_check()
    assert result.returncode == 0, result.stdout + result.stderr


def test_deploy_check_refuses_the_console_email_backend_in_production():
    """Left at its default (consolemail://), EMAIL_URL would print reset links to the logs."""
    result = production_deploy_check(EMAIL_URL="consolemail://")
    assert result.returncode != 0
    assert "hub.E001" in result.stderr
    assert "console.EmailBackend" in result.stderr


@pytest.mark.parametrize(
    "backend",
    [
        "django.core.mail.backends.console.EmailBackend",
        "django.core.mail.backends.locmem.EmailBackend",
    ],
)
def test_deploy_check_names_an_email_backend_that_sends_nothing(settings, backend):
    settings.EMAIL_BACKEND = backend
    with pytest.raises(SystemCheckError, match=r"hub\.E001.*password-reset"):
        call_command(
            "check", "--deploy", "--tag", "security", stdout=io.StringIO(), stderr=io.StringIO()
        )


def test_deploy_check_accepts_a_mail_server(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    out = io.StringIO()
    # The security checks only: the browser tests' DJANGO_ALLOW_ASYNC_UNSAFE is another's.
    call_command("check", "--deploy", "--tag", "security", stdout=out, stderr=io.StringIO())
    assert "hub.E001" not in out.getvalue()


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def upload(client, name, content):
    return client.post(
        reverse("wagtaildocs:add"),
        {"title": name, "file": SimpleUploadedFile(name, content), "collection": 1},
    )


@pytest.mark.django_db
def test_editors_upload_allowed_documents(client, editor):
    client.force_login(editor)
    assert upload(client, "guide.pdf", text_pdf("Guide", ["text"])).status_code == 302
    assert upload(client, "form.docx", docx_bytes()).status_code == 302
    assert Document.objects.filter(title__in=["guide.pdf", "form.docx"]).count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("tool.exe", b"MZ\x90\x00", "Files of this type cannot be uploaded"),
        ("fake.pdf", b"<html><script>alert(1)</script></html>", "is not a PDF document"),
        ("fake.docx", b"%PDF-1.4\n%%EOF", "is not a DOCX document"),
    ],
)
def test_uploads_are_refused_with_a_reason(client, editor, name, content, message):
    client.force_login(editor)
    response = upload(client, name, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Document.objects.filter(title=name).exists()


@pytest.mark.django_db
def test_too_large_uploads_are_refused(client, editor, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024 * 1024  # UPLOAD_MAX_MEGABYTES=1
    client.force_login(editor)
    big = text_pdf("Big", ["x"]) + b"0" * (1024 * 1024 + 10)
    response = upload(client, "big.pdf", big)
    assert "This file is too big (1.0\xa0MB). Maximum filesize 1.0\xa0MB." in (
        response.content.decode()
    )
    assert not Document.objects.filter(title="big.pdf").exists()


def test_deploy_check_refuses_a_cache_each_process_keeps_for_itself():
    """Rate limits count in the cache: in memory they count per process and can be evicted."""
    result = production_deploy_check(CACHE_URL="locmemcache://")
    assert result.returncode != 0
    assert "hub.E002" in result.stderr


def test_deploy_check_warns_when_publishing_would_wait_for_index_work():
    """With the immediate task backend, an editor's publish waits for PDF text extraction."""
    result = production_deploy_check(TASKS_BACKEND="immediate")
    assert result.returncode != 0
    assert "hub.W001" in result.stderr
    assert "TASKS_BACKEND=database" in result.stderr


def test_an_unknown_task_backend_is_refused_at_start():
    result = production_deploy_check(TASKS_BACKEND="celery")
    assert result.returncode != 0
    assert "TASKS_BACKEND is 'celery'" in result.stderr
