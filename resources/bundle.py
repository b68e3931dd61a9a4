"""A library moved between hubs without loss: `export_resources --bundle FILE.zip` and
`import_resources FILE.zip`.

A bundle is a zip (resources.bundle_files) holding:

- `manifest.json`: the format ("hub-bundle", version 1), when it was made, what it counts;
- `resources.json`: the export's records (resources.export), each with, besides, its
  `attachments` (`[{"file", "title", "language"}]`) and `cover_image` (`{"file", "title",
  "description", "focal_point"}` or null), and, when contacts come along, its
  `contact_point` (a contact's slug);
- `site.json`: every taxonomy term and National Society (its logo a file of the bundle),
  made in a hub that lacks them (resources.bundle_catalogue), and the library page and the
  home page above it (texts and slugs by language), made when the hub has no library;
- `contacts.json` (`--contacts`): the directory, as import_contacts reads it, with each
  contact's photo, creation date and last confirmation (network.bundle);
- `files/<name>`: each attachment's and image's file once, under its name in the media
  storage.

Records pass to the importers as they are: a field a newer export writes is read by the
record forms, never dropped here. Importing the same bundle twice changes nothing, and
documents and images are matched by their content, never made twice.
"""

import json
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

from django.core.files.storage import default_storage
from django.utils import timezone
from modeltranslation.utils import build_localized_fieldname

from hub.languages import DEFAULT_LANGUAGE, LANGUAGE_CODES
from hub.records import RecordError
from resources.bundle_catalogue import catalogue_entries
from resources.bundle_files import (
    CHUNK_BYTES,
    FILES,
    FORMAT,
    VERSION,
    Bundle,
    BundleError,
    file_entry,
    image_entry,
)
from resources.export import export_record, live_resources, view_restrictions
from resources.models import ResourceIndexPage
from resources.slugs import slug_in

__all__ = ["Bundle", "BundleError", "ensure_library", "write_bundle"]

SITE_FIELDS = ("title", "intro")


def _page_entry(page):
    entry = {"slug": page.slug_en}
    entry["slugs"] = {
        language: getattr(page, slug_in(language))
        for language in LANGUAGE_CODES
        if language != DEFAULT_LANGUAGE and getattr(page, slug_in(language))
    }
    for name in SITE_FIELDS:
        entry[name] = {
            language: value
            for language in LANGUAGE_CODES
            if (value := getattr(page, build_localized_fieldname(name, language), None))
        }
    return entry


def bundle_record(page, files, with_contacts, restrictions):
    """A resource's export record with what a bundle adds; `files` collects the files."""
    record = export_record(page, restrictions)
    attachments = []
    for attachment in page.resource_attachments.select_related("document"):
        files[FILES + attachment.document.file.name] = attachment.document.file.name
        attachments.append(file_entry(attachment.document, language=attachment.language))
    record["attachments"] = attachments
    image = page.cover_image
    if image is not None:
        files[FILES + image.file.name] = image.file.name
    record["cover_image"] = image_entry(image) if image is not None else None
    if with_contacts:
        record["contact_point"] = page.contact_point.slug if page.contact_point else None
    return record


def write_bundle(path, with_contacts=False):
    """Write the library (and the directory, `with_contacts`) to the zip at `path`; a
    dict of what it holds. Written beside `path` first, so a failed export leaves none."""
    from network.bundle import contact_records, log_bundle_export

    library = ResourceIndexPage.objects.first()
    files = {}  # name in the bundle -> name in the media storage
    pages = live_resources(library)
    restrictions = view_restrictions()
    records = [bundle_record(page, files, with_contacts, restrictions) for page in pages]
    contacts = contact_records(files) if with_contacts else None
    site = catalogue_entries(files)
    if library is not None:
        site["library"] = _page_entry(library)
        site["home"] = _page_entry(library.get_parent().specific)
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "created": timezone.now().isoformat(),
        "resources": len(records),
        "contacts": len(contacts) if contacts is not None else None,
        "files": len(files),
    }
    for stored in files.values():
        if not default_storage.exists(stored):
            raise BundleError(f"the media storage has lost the file {stored!r}: nothing written")
    folder = Path(path).resolve().parent
    handle, scratch = tempfile.mkstemp(dir=folder, prefix=".bundle-", suffix=".zip")
    os.close(handle)
    try:
        with zipfile.ZipFile(scratch, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("manifest.json", json.dumps(manifest, indent=2))
            archive.writestr("site.json", json.dumps(site, ensure_ascii=False, indent=1))
            archive.writestr("resources.json", json.dumps(records, ensure_ascii=False, indent=1))
            if contacts is not None:
                archive.writestr("contacts.json", json.dumps(contacts, ensure_ascii=False))
            for name, stored in sorted(files.items()):
                with (
                    default_storage.open(stored, "rb") as source,
                    archive.open(name, "w", force_zip64=True) as target,
                ):
                    shutil.copyfileobj(source, target, CHUNK_BYTES)
        os.replace(scratch, path)
    except BaseException:
        Path(scratch).unlink(missing_ok=True)
        raise
    if with_contacts:
        log_bundle_export()
    return manifest


def ensure_library(site):
    """The hub's library; in a hub without one, made from the bundle's `site.json` (with
    the home page above it, if the hub has none either)."""
    from hub.site_root import home_page

    library = ResourceIndexPage.objects.first()
    if library is not None:
        return library
    entries = {name: site.get(name) for name in ("home", "library")}
    for name, entry in entries.items():
        title = (entry or {}).get("title")
        if not isinstance(title, dict) or not isinstance(title.get(DEFAULT_LANGUAGE), str):
            raise RecordError(
                f"the hub has no library and the bundle's site.json has no {name} page "
                "(with an English title) to make one from"
            )

    def fill(page, entry):
        for name in SITE_FIELDS:
            for language, value in (entry.get(name) or {}).items():
                if language in LANGUAGE_CODES and isinstance(value, str):
                    setattr(page, build_localized_fieldname(name, language), value)
        for language, slug in (entry.get("slugs") or {}).items():
            if language in LANGUAGE_CODES and language != DEFAULT_LANGUAGE:
                setattr(page, slug_in(language), slug)

    home = home_page(lambda page: fill(page, entries["home"]))
    library = ResourceIndexPage(slug=entries["library"].get("slug") or "library")
    library.show_in_menus = True
    fill(library, entries["library"])
    home.add_child(instance=library)
    library.save_revision().publish()
    return library
