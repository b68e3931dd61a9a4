"""Bundles (export_resources --bundle, import_resources FILE.zip): the library with its
attachments, cover images and contacts, moved without loss, relinked rather than copied
twice, and refused whole when the bundle is bad."""

import hashlib
import io
import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
import wagtail_factories
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import ModelLogEntry, Page, PageViewRestriction

from hub import phones
from network.factories import ContactPointFactory
from network.models import ContactPoint
from resources.export import restrictions_over, view_restrictions
from resources.models import KIND_MODELS, ResourceAttachment


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
    except CommandError as error:
        return False, out.getvalue() + err.getvalue() + str(error)
    return True, out.getvalue() + err.getvalue()


def import_bundle(path):
    return run("import_resources", str(path), "--no-progress")


def resource_pages():
    return [page for model in KIND_MODELS.values() for page in model.objects.all()]


def content(instance):
    with instance.file.open("rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def state():
    """What must survive a move, in a form two hubs can compare."""
    pages = {}
    for page in resource_pages():
        pages[page.slug_en] = {
            "slugs": {code: getattr(page, f"slug_{code}") for code in ("fr", "es", "ar")},
            "title_fr": page.title_fr,
            "dates": (page.first_published_at, page.last_published_at, page.publication_date),
            "attachments": [
                (item.document.title, content(item.document), item.language)
                for item in page.resource_attachments.select_related("document")
            ],
            "cover": content(page.cover_image) if page.cover_image else None,
            "contact": page.contact_point.slug if page.contact_point else None,
            "restrictions": restrictions_over(page, view_restrictions()),
            "translations": (page.translation_status, page.translation_state),
        }
    contacts = {
        contact.slug: (
            contact.name,
            contact.email,
            contact.languages,
            contact.last_confirmed,
            content(contact.photo) if contact.photo else None,
        )
        for contact in ContactPoint.objects.all()
    }
    return pages, contacts


@pytest.fixture
def moved_library(resources):
    """The demo library with what a move can lose: slugs with accents and hand-set slugs in
    other languages, a cover image, dates, a contact with a photo and a confirmation."""
    leaflet = resources["what-is-human-trafficking-leaflet"]
    leaflet.slug_fr = "qu-est-ce-que-la-traite-été"
    leaflet.slug_ar = "ما-هو-الاتجار"
    leaflet.cover_image = wagtail_factories.ImageFactory(title="Leaflet cover", file__color="red")
    leaflet.first_published_at = datetime(2019, 3, 4, 5, 6, 7, 890123, tzinfo=UTC)
    leaflet.save_revision().publish()
    Page.objects.filter(pk=leaflet.pk).update(
        first_published_at=datetime(2019, 3, 4, 5, 6, 7, 890123, tzinfo=UTC),
        last_published_at=datetime(2021, 1, 2, 3, 4, 5, tzinfo=UTC),
    )
    accented = resources["step-integration-pilot-uk"]
    Page.objects.filter(pk=accented.pk).update(
        slug="étape-pilote-intégration", slug_en="étape-pilote-intégration"
    )
    contact = ContactPointFactory(
        name="Photo Person",
        email="photo@example.org",
        phone=phones.display("+385 1 4655 814", "HR"),  # as the profile form stores it
        languages=["ti", "prs"],
        photo=wagtail_factories.ImageFactory(title="Portrait"),
        last_confirmed=datetime(2026, 5, 6, 7, 8, 9, tzinfo=UTC),
    )
    team = Group.objects.create(name="Regional team")
    PageViewRestriction.objects.create(page=leaflet, restriction_type="groups").groups.set([team])
    leaflet.refresh_from_db()
    leaflet.contact_point = contact
    leaflet.translation_status = {
        "fr": {"state": "reviewed", "set": "2020-06-07T08:09:10.111213+00:00", "by": "traductrice"},
        "hr": {"state": "machine", "set": "2020-06-08T08:09:10+00:00", "by": "prevoditelj"},
    }
    leaflet.save_revision().publish()
    Page.objects.filter(pk=leaflet.pk).update(
        first_published_at=datetime(2019, 3, 4, 5, 6, 7, 890123, tzinfo=UTC),
        last_published_at=datetime(2021, 1, 2, 3, 4, 5, tzinfo=UTC),
    )
    return leaflet


@pytest.mark.django_db
def test_a_bundle_moves_the_library_into_an_empty_one_and_relinks_its_files(
    moved_library, tmp_path
):
    bundle = tmp_path / "library.zip"
    ok, output = run("export_resources", "--bundle", str(bundle), "--contacts")
    assert ok, output
    assert "resources" in output and "contact points" in output
    before = state()
    with zipfile.ZipFile(bundle) as archive:
        names = set(archive.namelist())
        records = json.loads(archive.read("resources.json"))
    leaflet = next(r for r in records if r["slug"] == "what-is-human-trafficking-leaflet")
    assert leaflet["slugs"]["fr"] == "qu-est-ce-que-la-traite-été"
    assert leaflet["cover_image"]["file"] in names
    assert leaflet["first_published_at"] == "2019-03-04T05:06:07.890123+00:00"
    attached = [r for r in records if r["attachments"]]
    assert attached and all(a["file"] in names for r in attached for a in r["attachments"])

    # The contacts' export is in each contact's history, as the admin's exports are.
    contact = ContactPoint.objects.get(slug=before[0][leaflet["slug"]]["contact"])
    assert ModelLogEntry.objects.filter(
        object_id=str(contact.pk), action="network.export", data__format="bundle"
    ).exists()

    # Another hub: the same library, empty of resources, documents, images and contacts.
    for page in resource_pages():
        page.delete()
    Document.objects.all().delete()
    Image.objects.all().delete()
    ContactPoint.objects.all().delete()

    ok, output = import_bundle(bundle)
    assert ok, output
    after = state()
    assert after == before, show_differences(before, after)
    documents, images = Document.objects.count(), Image.objects.count()
    assert documents == sum(len(r["attachments"]) for r in records)

    # Again: nothing changes, no file is copied twice.
    ok, output = import_bundle(bundle)
    assert ok and "0 created, 0 updated" in output, output
    assert (Document.objects.count(), Image.objects.count()) == (documents, images)
    assert state() == before


@pytest.mark.django_db
def test_importing_a_bundle_into_the_hub_it_came_from_changes_nothing(moved_library, tmp_path):
    bundle = tmp_path / "library.zip"
    assert run("export_resources", "--bundle", str(bundle))[0]
    before, documents = state(), Document.objects.count()
    ok, output = import_bundle(bundle)
    assert ok and "0 created, 0 updated" in output, output
    assert state() == before and Document.objects.count() == documents


@pytest.mark.django_db
def test_slugs_keep_their_exact_form_through_the_json_export(moved_library, tmp_path):
    path = tmp_path / "library.json"
    assert run("export_resources", "-o", str(path))[0]
    records = json.loads(path.read_text(encoding="utf-8"))
    assert "étape-pilote-intégration" in {record["slug"] for record in records}
    before = state()
    ok, output = run("import_resources", str(path), "--no-progress")
    assert ok and "0 created, 0 updated" in output, output  # matched, accents and all
    for page in resource_pages():
        page.delete()
    assert run("import_resources", str(path), "--no-progress")[0]
    after = state()
    for slug, page in before[0].items():
        assert after[0][slug]["slugs"] == page["slugs"]
        assert after[0][slug]["dates"] == page["dates"]
        # Each language's state, and when each text last changed, not the day of the import.
        assert after[0][slug]["translations"] == page["translations"]
    leaflet = before[0]["what-is-human-trafficking-leaflet"]
    assert leaflet["translations"][0]["fr"]["state"] == "reviewed"


@pytest.mark.django_db
def test_a_bad_translation_state_fails_its_record_and_names_it(resources, tmp_path):
    path = tmp_path / "library.json"
    assert run("export_resources", "-o", str(path))[0]
    records = json.loads(path.read_text(encoding="utf-8"))
    records[0]["translation_status"] = {"fr": {"state": "perfect"}}
    path.write_text(json.dumps(records), encoding="utf-8")
    ok, output = run("import_resources", str(path), "--no-progress")
    assert not ok
    assert f"Record 1 ({records[0]['title']['en'][:50]}" in output
    assert (
        '"translation_status.fr.state" must be one of missing, machine, human, reviewed' in output
    )


@pytest.mark.django_db
def test_a_slug_older_imports_transliterated_still_finds_its_resource(resources, tmp_path):
    """Before slugs were kept as written, "Étape" was stored as "etape": a file that still
    says "Étape" updates that resource instead of making a second one."""
    path = tmp_path / "old.json"
    record = {"kind": "case_study", "slug": "Étape-Guide", "title": {"en": "Stage guide"}}
    path.write_text(json.dumps([record]), encoding="utf-8")
    page = resources["step-integration-pilot-uk"]
    Page.objects.filter(pk=page.pk).update(slug="etape-guide", slug_en="etape-guide")
    count = len(resource_pages())
    ok, output = run("import_resources", str(path), "--no-progress")
    assert ok, output
    assert len(resource_pages()) == count and "0 created, 1 updated" in output
    page.refresh_from_db()
    assert page.title == "Stage guide" and page.slug_en == "etape-guide"


@pytest.mark.django_db
def test_fields_a_bundle_does_not_know_pass_through_to_the_import(resources, tmp_path):
    """Records go to the importer as they are: a field a newer export adds is read (or
    refused, naming it) by the record form, never dropped by the bundle."""
    bundle = tmp_path / "library.zip"
    assert run("export_resources", "--bundle", str(bundle))[0]
    extended = tmp_path / "extended.zip"
    with zipfile.ZipFile(bundle) as source, zipfile.ZipFile(extended, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "resources.json":
                records = json.loads(data)
                records[0]["translation_states"] = {"fr": "reviewed"}
                data = json.dumps(records).encode()
            target.writestr(item, data)
    ok, output = import_bundle(extended)
    assert not ok and 'unknown field "translation_states"' in output


def rewritten(bundle, tmp_path, change):
    """A copy of `bundle` whose members `change(name, data)` rewrites (None: left out; a
    list of (name, data): written instead)."""
    copy = tmp_path / "bad.zip"
    with zipfile.ZipFile(bundle) as source, zipfile.ZipFile(copy, "w") as target:
        for item in source.infolist():
            replaced = change(item.filename, source.read(item))
            for name, data in replaced if isinstance(replaced, list) else []:
                target.writestr(name, data)
            if isinstance(replaced, bytes):
                target.writestr(item.filename, replaced)
    return copy


def without_attachment_files(name, data):
    return None if name.startswith("files/documents/") else data


def with_zip_slip(name, data):
    if name == "manifest.json":
        return [(name, data), ("../../outside.txt", b"escaped")]
    return data


def with_other_format(name, data):
    return b'{"format": "something-else", "version": 1}' if name == "manifest.json" else data


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "message"),
    [
        (without_attachment_files, "which the bundle does not hold (nothing was imported)"),
        (with_zip_slip, "unsafe path in the bundle: '../../outside.txt'"),
        (with_other_format, "is not a bundle of the Hub this version reads"),
    ],
)
def test_a_bad_bundle_is_refused_whole(moved_library, tmp_path, change, message):
    bundle = tmp_path / "library.zip"
    assert run("export_resources", "--bundle", str(bundle), "--contacts")[0]
    for page in resource_pages()[:3]:
        page.delete()
    ContactPoint.objects.filter(name="Photo Person").delete()
    before = (len(resource_pages()), Document.objects.count(), ContactPoint.objects.count())

    ok, output = import_bundle(rewritten(bundle, tmp_path, change))
    assert not ok and message in output, output
    assert (len(resource_pages()), Document.objects.count(), ContactPoint.objects.count()) == before
    assert not (tmp_path.parent / "outside.txt").exists()


@pytest.mark.django_db
def test_what_is_not_a_bundle_or_is_damaged_is_refused(resources, tmp_path):
    fake = tmp_path / "fake.zip"
    fake.write_text("[]", encoding="utf-8")
    ok, output = import_bundle(fake)
    assert not ok and "is not a bundle of the Hub: not a zip file" in output

    bundle = tmp_path / "library.zip"
    assert run("export_resources", "--bundle", str(bundle))[0]
    data = bytearray(bundle.read_bytes())
    with zipfile.ZipFile(bundle) as archive:
        member = next(i for i in archive.infolist() if i.filename.startswith("files/"))
    start = member.header_offset + 30 + len(member.filename.encode()) + len(member.extra)
    data[start + 100] ^= 0xFF  # a byte of the file's content, its checksum now wrong
    damaged = tmp_path / "damaged.zip"
    damaged.write_bytes(bytes(data))
    count = ResourceAttachment.objects.count()
    ok, output = import_bundle(damaged)
    assert not ok and "is damaged" in output, output
    assert ResourceAttachment.objects.count() == count
    assert not Path(tmp_path / "missing.zip").exists()
    ok, output = import_bundle(tmp_path / "missing.zip")
    assert not ok and "no such file" in output


def show_differences(before, after):
    """The differing entries, for a readable failure."""
    return {
        key: (before[0].get(key), after[0].get(key))
        for key in set(before[0]) | set(after[0])
        if before[0].get(key) != after[0].get(key)
    }, {
        key: (before[1].get(key), after[1].get(key))
        for key in set(before[1]) | set(after[1])
        if before[1].get(key) != after[1].get(key)
    }


@pytest.mark.django_db
def test_restricted_resources_stay_restricted_in_a_hub_whose_library_is_public(
    resources, library, tmp_path, client
):
    """A restriction on the library (or above) travels with each resource under it: in a hub
    whose library has none, the resource gets it itself."""
    PageViewRestriction.objects.create(page=library, restriction_type="login")
    secret = resources["indicators-of-trafficking-frontline-checklist"]
    PageViewRestriction.objects.create(page=secret, restriction_type="password", password="pw-1")
    bundle = tmp_path / "library.zip"
    assert run("export_resources", "--bundle", str(bundle))[0]
    with zipfile.ZipFile(bundle) as archive:
        records = {r["slug"]: r for r in json.loads(archive.read("resources.json"))}
    assert records[secret.slug_en]["view_restrictions"] == [
        {"type": "login"},
        {"type": "password", "password": "pw-1"},
    ]

    # Another hub, whose library is public.
    PageViewRestriction.objects.all().delete()
    for page in resource_pages():
        page.delete()
    ok, output = import_bundle(bundle)
    assert ok, output
    for page in resource_pages():
        own = {r.restriction_type for r in PageViewRestriction.objects.filter(page=page)}
        assert own == ({"login", "password"} if page.slug_en == secret.slug_en else {"login"})
        response = client.get(page.url)
        assert response.status_code in (200, 302)
        assert page.title not in response.content.decode()  # the sign-in or password form
    ok, output = import_bundle(bundle)
    assert ok and "0 created, 0 updated" in output, output


@pytest.mark.django_db
def test_importing_into_the_restricted_library_adds_no_restriction_twice(
    resources, library, tmp_path
):
    PageViewRestriction.objects.create(page=library, restriction_type="login")
    path = tmp_path / "library.json"
    assert run("export_resources", "-o", str(path))[0]
    ok, output = run("import_resources", str(path), "--no-progress")
    assert ok and "0 created, 0 updated" in output, output
    assert PageViewRestriction.objects.count() == 1
