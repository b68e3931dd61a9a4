"""The National Societies of the Movement, kept from a reference file.

`network/data/national_societies.json` lists them (from IFRC GO; network/data/README.md says
how it was made): migration network 0008 adds them to a new hub, and
`update_national_societies` brings a running hub up to date with it, or with another file in
its format. A record is `{"slug", "name", "country", "website", "atn_member"}`
(network.records.SocietyRecordForm); a field a record leaves out (a website nobody knows, an
ATN membership) is left as the hub has it, so that what editors set in the admin stays.

A record is the stored society with its slug, else the one society the hub has in its country
(a country has one National Society): that one keeps its slug, which addresses and import
files use. Nothing is deleted unless asked, and then never a society that a resource, a
contact point or a page's revision refers to.
"""

import dataclasses
import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import translation
from modeltranslation.utils import build_localized_fieldname
from wagtail.models import Revision

from hub.languages import DEFAULT_LANGUAGE
from hub.records import RecordError, SeenRecords, model_errors, validated
from network.models import NationalSociety
from network.records import SocietyRecordForm

DATA_FILE = Path(__file__).resolve().parent / "data" / "national_societies.json"


def read_file(path):
    """The records of a reference file: a JSON list, or an object with a "societies" list
    (the Hub's own file, which also says where its data come from)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise CommandError(f"Cannot read {path}: {error.strerror}") from error
    except ValueError as error:
        raise CommandError(f"{path} is not valid JSON: {error}") from error
    if isinstance(data, dict):
        data = data.get("societies")
    if not isinstance(data, list):
        raise CommandError(
            f'{path} must hold a JSON list of records, or an object with a list "societies"'
        )
    return data


@dataclasses.dataclass
class SocietyRecord:
    position: int
    slug: str
    names: dict  # language -> name
    country: str
    website: str | None  # None: left out
    atn_member: bool | None


@dataclasses.dataclass
class Outcome:
    created: list = dataclasses.field(default_factory=list)
    updated: list = dataclasses.field(default_factory=list)
    unchanged: int = 0
    notes: list = dataclasses.field(default_factory=list)
    missing: list = dataclasses.field(default_factory=list)  # stored, not in the file
    deleted: list = dataclasses.field(default_factory=list)
    kept: list = dataclasses.field(default_factory=list)  # missing, but in use


def record_label(record):
    if isinstance(record, dict):
        for key in ("slug", "name"):
            if isinstance(record.get(key), str):
                return record[key]
    return ""


def validate(records):
    """The SocietyRecords of `records`, or RecordError listing every bad one by position."""
    valid, errors = [], []
    seen_slugs, seen_countries = SeenRecords("National Society"), SeenRecords("country")
    for position, record in enumerate(records, start=1):
        try:
            data = validated(SocietyRecordForm, record).cleaned_data
            seen_slugs.claim(position, [data["slug"]], f' (slug "{data["slug"]}")')
            seen_countries.claim(
                position, [data["country"]], ": a country has one National Society"
            )
        except RecordError as error:
            errors.append(f"Record {position} ({record_label(record)}): {error}")
            continue
        valid.append(
            SocietyRecord(
                position,
                data["slug"],
                data["name"],
                data["country"],
                data["website"] if "website" in record else None,
                data["atn_member"],
            )
        )
    if errors:
        raise RecordError("\n".join(errors))
    return valid


def in_use(society):
    """Whether anything refers to `society`: a resource, a contact point (any model with a
    key to it), or a revision of a page."""
    for relation in NationalSociety._meta.related_objects:
        related = relation.related_model._default_manager
        if related.filter(**{relation.field.name: society}).exists():
            return True
    return Revision.objects.filter(content__national_society=society.pk).exists()


def _apply(society, data):
    """Set the record's values on the society; True if anything differs."""
    values = {build_localized_fieldname("name", code): name for code, name in data.names.items()}
    values["country"] = data.country
    if data.website is not None:
        values["website"] = data.website
    if data.atn_member is not None:
        values["atn_member"] = data.atn_member
    changed = society.pk is None
    for name, value in values.items():
        current = getattr(society, name)
        if (str(current) if name == "country" else current) != value:
            setattr(society, name, value)
            changed = True
    return changed


def update(records, delete_missing=False):
    """Bring the hub's National Societies in line with `records`, all or nothing: RecordError
    (every bad record named) and nothing changed if one is wrong."""
    valid = validate(records)
    outcome = Outcome()
    with translation.override(DEFAULT_LANGUAGE), transaction.atomic():
        stored = list(NationalSociety.objects.all())
        by_slug = {society.slug: society for society in stored}
        file_slugs = {data.slug for data in valid}
        matched = set()
        for data in valid:
            society = by_slug.get(data.slug)
            if society is None:
                in_country = [
                    other
                    for other in stored
                    if str(other.country) == data.country
                    and other.slug not in file_slugs
                    and other.pk not in matched
                ]
                if len(in_country) == 1:
                    society = in_country[0]
                    outcome.notes.append(
                        f'{data.names["en"]}: kept the slug "{society.slug}" of the hub\'s '
                        f'National Society in {data.country} (the file has "{data.slug}")'
                    )
                else:
                    society = NationalSociety(slug=data.slug)
            if society.pk is not None:
                matched.add(society.pk)
            if not _apply(society, data):
                outcome.unchanged += 1
                continue
            created = society.pk is None
            try:
                society.full_clean()
            except ValidationError as error:
                raise RecordError(
                    f"Record {data.position} ({data.slug}): {model_errors(error)}"
                ) from None
            society.save()
            (outcome.created if created else outcome.updated).append(society)
        for society in stored:
            if society.pk in matched:
                continue
            outcome.missing.append(society)
            if delete_missing:
                if in_use(society):
                    outcome.kept.append(society)
                else:
                    society.delete()
                    outcome.deleted.append(society)
    return outcome
