"""The fields of a resource record that keep a resource whole when it moves between hubs: its
slugs in every language as they are written, its publication dates, each language's
translation state and when its texts changed (resources.models.translations), the view
restrictions it is under, its contact point, and, in a bundle (resources.bundle), its
attachments and cover image, which name files of the bundle.

Left out of a record, each leaves the stored resource's own as it is (a hand-made file need
not know of them); given, it is what the resource gets.
"""

import dataclasses

from django.core.exceptions import ValidationError
from django.core.validators import validate_unicode_slug
from django.utils.dateparse import parse_datetime
from wagtail.models import Page

from hub.languages import DEFAULT_LANGUAGE, LANGUAGE_CODES
from hub.records import ListField, RecordField

# Record fields of this module: a record that leaves one out leaves the resource's as it is.
MOVING_FIELDS = (
    "slugs",
    "first_published_at",
    "last_published_at",
    "translation_status",
    "translation_state",
    "view_restrictions",
    "contact_point",
    "attachments",
    "cover_image",
)
RESTRICTION_TYPES = ("login", "groups", "password")
SLUG_LENGTH = Page._meta.get_field("slug").max_length


def exact_slug(value, path):
    """`value` if it is a slug as Wagtail stores one (any script, any case), else None."""
    if not isinstance(value, str) or not value or len(value) > SLUG_LENGTH:
        return None
    try:
        validate_unicode_slug(value)
    except ValidationError:
        return None
    return value


@dataclasses.dataclass(frozen=True)
class FileSpec:
    """A file of a bundle, and what the document or image made of it is called."""

    file: str  # its name in the bundle
    title: str
    language: str = ""  # an attachment's
    description: str = ""  # an image's alternative text
    focal_point: tuple = ()  # an image's (x, y, width, height)


class SlugsField(RecordField):
    """The slugs of the other languages, `{"fr": "bibliothèque"}`, kept exactly as written."""

    def to_python(self, value):
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise ValidationError(f'"{self.path}" must be an object of slugs by language')
        slugs = {}
        for language, slug in value.items():
            if language == DEFAULT_LANGUAGE:
                raise ValidationError(f'"{self.path}" leaves out English: its slug is "slug"')
            if language not in LANGUAGE_CODES:
                raise ValidationError(f'unknown language "{language}" in "{self.path}"')
            if slug in (None, ""):
                continue
            if exact_slug(slug, self.path) is None:
                raise ValidationError(
                    f'"{self.path}.{language}" must be a slug (letters, digits, - and _, '
                    f"at most {SLUG_LENGTH}), not {slug!r}"
                )
            slugs[language] = slug
        return slugs


class MomentField(RecordField):
    """A moment in ISO 8601 with its offset, as `export_resources` writes it."""

    def to_python(self, value):
        if value in (None, ""):
            return None
        moment = parse_datetime(value) if isinstance(value, str) else None
        if moment is None or moment.tzinfo is None:
            raise ValidationError(
                f'"{self.path}" must be a date and time with its offset, like '
                f'"2024-05-01T09:30:00+00:00", not {value!r}'
            )
        return moment


class TranslationStatusField(RecordField):
    """Each language's state as editors set it: `{"fr": {"state": "human", "set": "<ISO
    datetime>", "by": "username"}}` (English has none)."""

    def to_python(self, value):
        from resources.models.translations import TARGET_LANGUAGES, TranslationState

        if value in (None, ""):
            return {}
        if not isinstance(value, dict):
            raise ValidationError(f'"{self.path}" must be an object of states by language')
        status = {}
        for language, entry in value.items():
            where = f"{self.path}.{language}"
            if language not in TARGET_LANGUAGES:
                raise ValidationError(
                    f'"{self.path}" has no state for "{language}": it is one of '
                    f"{', '.join(TARGET_LANGUAGES)}"
                )
            if not isinstance(entry, dict) or entry.get("state") not in TranslationState.values:
                raise ValidationError(
                    f'"{where}.state" must be one of {", ".join(TranslationState.values)}'
                )
            unknown = sorted(set(entry) - {"state", "set", "by"})
            if unknown:
                raise ValidationError(f'unknown field "{where}.{unknown[0]}"')
            if entry.get("set") is not None and not _moment(entry["set"]):
                raise ValidationError(f'"{where}.set" must be a date and time with its offset')
            if not isinstance(entry.get("by", ""), str):
                raise ValidationError(f'"{where}.by" must be a username')
            status[language] = dict(entry)
        return status


class TranslationStateField(RecordField):
    """When each field's text last changed, by language, as the hub it comes from dated it:
    `{"en": {"fields": {"summary": {"digest", "changed"}}, "history": [{"at", "fields"}]}}`.
    A field whose text the record changes is dated anew when it is saved."""

    def to_python(self, value):
        if value in (None, ""):
            return {}
        if not isinstance(value, dict) or not all(
            language in LANGUAGE_CODES and isinstance(entry, dict)
            for language, entry in value.items()
        ):
            raise ValidationError(f'"{self.path}" must be an object of field dates by language')
        for language, entry in value.items():
            for name, field in (entry.get("fields") or {}).items():
                if not isinstance(field, dict) or not _moment(field.get("changed")):
                    raise ValidationError(
                        f'"{self.path}.{language}.fields.{name}.changed" must be a date and '
                        "time with its offset"
                    )
            for change in entry.get("history") or []:
                if not isinstance(change, dict) or not _moment(change.get("at")):
                    raise ValidationError(
                        f'"{self.path}.{language}.history" must list {{"at", "fields"}}'
                    )
        return value


def _moment(value):
    moment = parse_datetime(value) if isinstance(value, str) else None
    return moment is not None and moment.tzinfo is not None


class RestrictionsField(ListField):
    """The view restrictions the resource is under, on it or on a page above it (Wagtail's
    Privacy): `[{"type": "login"}, {"type": "groups", "groups": ["Editors"]}, {"type":
    "password", "password": "..."}]`, each as a (type, group names, password) key."""

    def __init__(self):
        super().__init__("view restrictions")

    def item(self, value):
        kind = value.get("type") if isinstance(value, dict) else None
        if kind not in RESTRICTION_TYPES:
            raise ValidationError(
                f'"{self.path}" must list objects whose "type" is one of '
                f"{', '.join(RESTRICTION_TYPES)}"
            )
        unknown = sorted(set(value) - {"type", "groups", "password"})
        if unknown:
            raise ValidationError(f'unknown field "{self.path}.{unknown[0]}"')
        groups, password = value.get("groups") or [], value.get("password") or ""
        if kind == "groups" and (
            not isinstance(groups, list)
            or not groups
            or not all(isinstance(name, str) and name.strip() for name in groups)
        ):
            raise ValidationError(f'"{self.path}": a "groups" restriction names its groups')
        if kind == "password" and not (isinstance(password, str) and password):
            raise ValidationError(f'"{self.path}": a "password" restriction has its password')
        names = tuple(sorted({name.strip() for name in groups})) if kind == "groups" else ()
        return (kind, names, password if kind == "password" else "")


class ContactPointField(RecordField):
    """The slug of the contact point readers may ask about the resource."""

    catalogue = None

    def to_python(self, value):
        if value in (None, ""):
            return None
        if not isinstance(value, str):
            raise ValidationError(f'"{self.path}" must be the slug of a contact point')
        pk = self.catalogue.contact_points().get(value)
        if pk is None:
            raise ValidationError(f'unknown contact point "{value}" in "{self.path}"')
        return pk


def _file_spec(value, path, files, language_required):
    if files is None:
        raise ValidationError(
            f'"{path}" names a file: it is imported from a bundle (export_resources --bundle)'
        )
    if not isinstance(value, dict) or not isinstance(value.get("file"), str):
        raise ValidationError(f'"{path}" must be an object with the "file" it is made of')
    unknown = sorted(set(value) - {"file", "title", "language", "description", "focal_point"})
    if unknown:
        raise ValidationError(f'unknown field "{path}.{unknown[0]}"')
    name = value["file"]
    if not files.has(name):
        raise ValidationError(f'"{path}": the bundle has no file "{name}"')
    language = value.get("language") or ""
    if language_required and language not in LANGUAGE_CODES:
        raise ValidationError(
            f'"{path}.language" must be one of {", ".join(LANGUAGE_CODES)}, not {language!r}'
        )
    focal_point = value.get("focal_point") or ()
    if focal_point and (
        not isinstance(focal_point, list)
        or len(focal_point) != 4
        or not all(isinstance(number, int) and number >= 0 for number in focal_point)
    ):
        raise ValidationError(f'"{path}.focal_point" must be [x, y, width, height] in pixels')
    title = value.get("title") or name.rsplit("/", 1)[-1]
    return FileSpec(
        file=name,
        title=str(title)[:255],
        language=language,
        description=str(value.get("description") or "")[:255],
        focal_point=tuple(focal_point),
    )


class AttachmentsField(ListField):
    """The attachments in order: `[{"file", "title", "language"}]`, files of the bundle."""

    catalogue = None

    def __init__(self):
        super().__init__("attachments")

    def item(self, value):
        return _file_spec(value, self.path, self.catalogue.files, language_required=True)


class CoverImageField(RecordField):
    """The cover image: `{"file", "title", "description", "focal_point"}`, or null."""

    catalogue = None

    def to_python(self, value):
        if value is None:
            return None
        return _file_spec(value, self.path, self.catalogue.files, language_required=False)


def moving_fields():
    """The form fields of MOVING_FIELDS, for the resource record form."""
    return {
        "slugs": SlugsField(),
        "first_published_at": MomentField(),
        "last_published_at": MomentField(),
        "translation_status": TranslationStatusField(),
        "translation_state": TranslationStateField(),
        "view_restrictions": RestrictionsField(),
        "contact_point": ContactPointField(),
        "attachments": AttachmentsField(),
        "cover_image": CoverImageField(),
    }
