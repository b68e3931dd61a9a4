"""A bundle as a file (resources.bundle): a zip of JSON and the files it names, checked whole
before anything is imported from it, and its files made into documents and images, or
matched to the ones a hub has by their content (Wagtail's file hash), never twice.

A bundle is refused, before any change, when it is not a zip, is damaged, names a file it
does not hold, or holds a name that could point outside a folder (zip-slip: `..`, an
absolute path, a backslash, a drive). Files are read a chunk at a time: a bundle of any size
imports in bounded memory (a file larger than SPOOL_BYTES waits on disk, not in memory).
"""

import hashlib
import json
import tempfile
import zipfile
import zlib
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.images import ImageFile
from django.db.models import Q
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.utils.file import hash_filelike

from hub.records import RecordError
from hub.uploads import check_document

FORMAT = "hub-bundle"
VERSION = 1
FILES = "files/"  # the folder of attachments and images inside a bundle
CHUNK_BYTES = 1024 * 1024
SPOOL_BYTES = 8 * 1024 * 1024


class BundleError(Exception):
    """A bundle that cannot be imported at all; the message says why."""


def unsafe_name(name):
    """Whether a name inside a zip could point outside the folder it is extracted into."""
    path = PurePosixPath(name)
    return (
        not name
        or "\\" in name
        or "\x00" in name
        or name.startswith("/")
        or ":" in path.parts[0]
        or ".." in path.parts
    )


def _file_names(records, key, many):
    for position, record in enumerate(records, start=1):
        value = record.get(key) if isinstance(record, dict) else None
        for item in (value if isinstance(value, list) else [value]) if many else [value]:
            if isinstance(item, dict) and isinstance(item.get("file"), str):
                yield position, item["file"]


def same_content(model, file_hash, size):
    """The document or image of `model` whose file has this hash. Files stored without their
    hash (made outside Wagtail's forms) and of that size, or of no known size, are hashed
    first, and keep it."""
    found = model.objects.filter(file_hash=file_hash).order_by("pk").first()
    if found is not None:
        return found
    unhashed = model.objects.filter(Q(file_hash="") | Q(file_hash__isnull=True)).filter(
        Q(file_size=size) | Q(file_size__isnull=True)
    )
    for candidate in unhashed.order_by("pk"):
        try:
            with candidate.file.open("rb") as handle:
                candidate_hash = hash_filelike(handle)
        except OSError:
            continue  # its file is missing: nothing to match
        model.objects.filter(pk=candidate.pk).update(file_hash=candidate_hash)
        if candidate_hash == file_hash:
            return candidate
    return None


class Bundle:
    """An open bundle: its manifest, records, contacts and site entries, and its files."""

    def __init__(self, path):
        self.path = path
        try:
            self.zip = zipfile.ZipFile(path)
        except FileNotFoundError:
            raise BundleError(f"{path}: no such file") from None
        except (zipfile.BadZipFile, OSError) as error:
            raise BundleError(f"{path} is not a bundle of the Hub: not a zip file") from error
        try:
            self._check()
        except BaseException:
            self.zip.close()
            raise
        self._documents, self._images = {}, {}

    def close(self):
        self.zip.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _json(self, name, kind, required=True):
        if name not in self.names:
            if required:
                raise BundleError(f"{self.path} is not a bundle of the Hub: it has no {name}")
            return None
        try:
            with self.zip.open(name) as handle:
                value = json.load(handle)
        except (ValueError, zipfile.BadZipFile, OSError) as error:
            raise BundleError(f"{self.path}: {name} is not valid JSON ({error})") from error
        if not isinstance(value, kind):
            shape = "a list of records" if kind is list else "an object"
            raise BundleError(f"{self.path}: {name} must hold {shape}")
        return value

    def _check(self):
        infos = self.zip.infolist()
        for info in infos:
            if unsafe_name(info.filename):
                raise BundleError(
                    f"{self.path}: unsafe path in the bundle: {info.filename!r} "
                    "(nothing was imported)"
                )
        self.names = {info.filename for info in infos if not info.is_dir()}
        manifest = self._json("manifest.json", dict)
        if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
            raise BundleError(
                f"{self.path} is not a bundle of the Hub this version reads "
                f"(format {manifest.get('format')!r} {manifest.get('version')!r}, "
                f'not "{FORMAT}" {VERSION})'
            )
        self.manifest = manifest
        self.records = self._json("resources.json", list)
        self.contacts = self._json("contacts.json", list, required=False)
        self.site = self._json("site.json", dict, required=False) or {}
        try:
            damaged = self.zip.testzip()  # reads every member once, checking its CRC
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError) as error:
            raise BundleError(f"{self.path}: the bundle is damaged ({error})") from error
        if damaged is not None:
            raise BundleError(f"{self.path}: the file {damaged!r} in the bundle is damaged")
        wanted = [
            *(("resource", *item) for item in _file_names(self.records, "attachments", True)),
            *(("resource", *item) for item in _file_names(self.records, "cover_image", False)),
            *(("contact", *item) for item in _file_names(self.contacts or [], "photo", False)),
        ]
        for what, position, name in wanted:
            if not self.has(name):
                raise BundleError(
                    f"{self.path}: {what} record {position} names the file {name!r}, which the "
                    "bundle does not hold (nothing was imported)"
                )

    def has(self, name):
        return isinstance(name, str) and name.startswith(FILES) and name in self.names

    # -- Files as documents and images ----------------------------------------------------
    def _staged(self, name):
        """(SHA-1 as Wagtail's file_hash, size, a temporary copy) of a file of the bundle."""
        digest = hashlib.sha1(usedforsecurity=False)
        copy = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 - returned
        size = 0
        with self.zip.open(name) as source:
            while chunk := source.read(CHUNK_BYTES):
                digest.update(chunk)
                copy.write(chunk)
                size += len(chunk)
        copy.seek(0)
        return digest.hexdigest(), size, copy

    def document(self, spec):
        """The document of an attachment's file: the hub's with the same content, else a new
        one, checked as an upload is (its type, by its content)."""
        if spec.file in self._documents:
            return self._documents[spec.file]
        Document = get_document_model()  # noqa: N806
        file_hash, size, copy = self._staged(spec.file)
        with copy:
            document = same_content(Document, file_hash, size)
            if document is None:
                upload = File(copy, name=PurePosixPath(spec.file).name)
                try:
                    check_document(upload)
                except ValidationError as error:
                    raise RecordError(f'"{spec.file}": {" ".join(error.messages)}') from None
                document = Document(title=spec.title, file_size=size, file_hash=file_hash)
                document.file.save(upload.name, upload, save=False)
                document.save()
        self._documents[spec.file] = document
        return document

    def image(self, spec):
        """The image of a file (a cover, a contact's photo): the hub's with the same content,
        else a new one, if Pillow can read it to its last frame."""
        if spec.file in self._images:
            return self._images[spec.file]
        Image = get_image_model()  # noqa: N806
        file_hash, size, copy = self._staged(spec.file)
        with copy:
            image = same_content(Image, file_hash, size)
            if image is None:
                try:
                    with PILImage.open(copy) as picture:
                        picture.load()
                except Exception as error:  # noqa: BLE001 - Pillow raises many kinds
                    raise RecordError(f'"{spec.file}" is not an image that can be read') from error
                copy.seek(0)
                image = Image(
                    title=spec.title,
                    description=spec.description,
                    file_size=size,
                    file_hash=file_hash,
                )
                if spec.focal_point:
                    (
                        image.focal_point_x,
                        image.focal_point_y,
                        image.focal_point_width,
                        image.focal_point_height,
                    ) = spec.focal_point
                upload = ImageFile(copy, name=PurePosixPath(spec.file).name)
                image.file.save(upload.name, upload, save=False)
                image.save()
        self._images[spec.file] = image
        return image


def file_entry(instance, **extra):
    """How a record names a document's or an image's file in a bundle, and what it is called."""
    return {"file": FILES + instance.file.name, "title": instance.title, **extra}


def image_entry(image):
    entry = file_entry(image, description=image.description or "")
    if image.focal_point_x is not None:
        entry["focal_point"] = [
            image.focal_point_x,
            image.focal_point_y,
            image.focal_point_width,
            image.focal_point_height,
        ]
    return entry
