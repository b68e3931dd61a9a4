"""The bulk imports' toolkit (import_resources, import_contacts): reading their JSON files,
validating each record with a Django form, finding the National Societies records name,
taking turns, reporting the outcome.

A record is validated by a `RecordForm`, whose values are the JSON values of the record and
whose every message names its field; a record that fails is reported with its position and
label (`ImportReport`), and the others are imported.

Two imports at once would each read what is stored, then write over the other (the same
new page twice at one tree path, a taxonomy term created by both): they take turns
instead, whichever command they are, the second waiting for the first to finish. On
PostgreSQL the turn is a session advisory lock, which the server releases if the process
dies; on SQLite, a lock file beside the database (filelock), which the system releases.
"""

import dataclasses
import hashlib
import json
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.db import connection
from django.utils.text import format_lazy
from django.utils.translation import get_language_info
from django_countries import countries
from filelock import FileLock

from hub.languages import LANGUAGE_CODES
from network.models import NationalSociety

# pg_advisory_lock's key for the imports: any bigint, the same in every process.
IMPORT_LOCK_KEY = int.from_bytes(hashlib.sha256(b"hub.records.import_turn").digest()[:4])


class RecordError(ValueError):
    """A record that cannot be imported; the message says why."""


@dataclasses.dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list = dataclasses.field(default_factory=list)  # (position, label, message)

    @property
    def failed(self):
        return len(self.errors)

    def fail(self, position, label, error):
        self.errors.append((position, label, str(error)))


class SeenRecords:
    """What the records of one file describe so far, by the keys that identify it: a record
    with a key an earlier one had describes the same thing twice, and is refused."""

    def __init__(self, noun):
        self.noun = noun
        self.positions = {}

    def claim(self, position, keys, detail=""):
        for key in keys:
            if key in self.positions:
                raise RecordError(f"the same {self.noun} as record {self.positions[key]}{detail}")
        self.positions.update(dict.fromkeys(keys, position))


# -- Validation ---------------------------------------------------------------------------------
class RecordForm(forms.Form):
    """A Django form over one JSON record.

    The values are what JSON gives (text, numbers, lists, objects), not the strings of an
    HTML form, and every message names its field (`"published" must be...`), so that a
    report line says what to fix: Django's own messages get the field's name in front,
    `record_messages` ({field: {code: message}}, like a ModelForm's Meta.error_messages)
    words others, and a record's keys the form does not know are refused. `within` names the
    record this one is part of (`"national_society.website"`).
    """

    record_messages = {}

    def __init__(self, record, *, within=None):
        super().__init__(data=record)
        self.within = within

    def path(self, name):
        return f"{self.within}.{name}" if self.within else name

    def full_clean(self):
        for name, field in self.fields.items():
            self._name_messages(name, field)
        super().full_clean()

    # (form class, within, field name) -> the field's messages, named once (and lazily
    # translated, so that they are in the language they are shown in).
    _named = {}

    def _name_messages(self, name, field):
        path = field.path = self.path(name)
        key = (type(self), self.within, name)
        if key not in RecordForm._named:
            messages = {
                code: format_lazy('"{}": {}', path, text)
                for code, text in field.error_messages.items()
            }
            for validator in field.validators:  # their messages replace the field's by code
                code, text = getattr(validator, "code", None), getattr(validator, "message", None)
                if code and text and code not in messages:
                    messages[code] = format_lazy('"{}": {}', path, text)
            messages["required"] = f'"{path}" is required'
            if isinstance(field, forms.ChoiceField):
                values = ", ".join(str(value) for value, _label in field.choices if value != "")
                messages["invalid_choice"] = f'"{path}" must be one of {values}, not %(value)r'
            RecordForm._named[key] = {**messages, **self.record_messages.get(name, {})}
        field.error_messages = RecordForm._named[key]

    def unknown_field(self, name):
        """The message for a key the form does not know (None: none)."""
        return f'unknown field "{self.path(name)}"'

    def clean(self):
        cleaned_data = super().clean()
        for name in sorted(set(self.data) - set(self.fields)):
            message = self.unknown_field(name)
            if message:
                self.add_error(None, message)
        return cleaned_data

    def messages(self):
        return [message for messages in self.errors.values() for message in messages]

    def cleaned(self):
        """The cleaned data, or ValidationError with every message (for a record within a
        record, which a field of the outer form checks)."""
        if not self.is_valid():
            raise ValidationError(self.messages())
        return self.cleaned_data


def validated(form_class, record, **kwargs):
    """The form of `record`, valid, or RecordError with every message of the form."""
    if not isinstance(record, dict):
        raise RecordError("a record must be a JSON object")
    form = form_class(record, **kwargs)
    if not form.is_valid():
        raise RecordError("; ".join(form.messages()))
    return form


def model_errors(error):
    """A RecordError for the ValidationError of a model's full_clean, naming each field."""
    if not hasattr(error, "error_dict"):
        return RecordError(" ".join(error.messages))
    return RecordError(
        "; ".join(f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items())
    )


class RecordField(forms.Field):
    """A field of a RecordForm; `path` is its name in messages (set by the form)."""

    path = ""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)


class TranslationsField(RecordField):
    """Text by language, `{"en": "...", "fr": "..."}`; a blank text is left out.

    `required_language`: the language it must have. `max_length`: of each text. `text`: a
    string alone is the text of that language. `any_value`: the values may be other JSON
    than text (the body's blocks).
    """

    def __init__(self, *, required_language=None, max_length=None, text=None, any_value=False):
        super().__init__()
        self.required_language = required_language
        self.max_length = max_length
        self.text = text
        self.any_value = any_value

    def to_python(self, value):
        if value is None:
            value = {}
        if self.text and isinstance(value, str):
            value = {self.text: value}
        if not isinstance(value, dict):
            raise ValidationError(
                f'"{self.path}" must be an object of translations, like {{"en": "..."}}'
            )
        unknown = sorted(set(value) - set(LANGUAGE_CODES))
        if unknown:
            raise ValidationError(f'unknown language "{unknown[0]}" in "{self.path}"')
        cleaned = {}
        for language, text in value.items():
            if text is None:
                continue
            if isinstance(text, str):
                text = text.strip()
                if not text:
                    continue
                if self.max_length and len(text) > self.max_length:
                    raise ValidationError(
                        f'"{self.path}.{language}" is longer than {self.max_length} characters'
                    )
            elif not self.any_value:
                raise ValidationError(f'"{self.path}.{language}" must be text')
            cleaned[language] = text
        language = self.required_language
        if language and language not in cleaned:
            name = get_language_info(language)["name"]
            raise ValidationError(f'"{self.path}" needs an {name} ("{language}") text')
        return cleaned


class ListField(RecordField):
    """A list of `what` (for the message), each item once, in order: texts, unless a subclass
    checks its items otherwise (`item`)."""

    def __init__(self, what):
        super().__init__()
        self.what = what

    def item(self, value):
        if not isinstance(value, str):
            raise ValidationError(f'"{self.path}" must be a list of {self.what}')
        return value.strip()

    def to_python(self, value):
        if value is None:
            return []
        if not isinstance(value, list):
            raise ValidationError(f'"{self.path}" must be a list of {self.what}')
        items = []
        for item in map(self.item, value):
            if item and item not in items:
                items.append(item)
        return items


def country_code(value, path):
    """The ISO 3166 code `value` names (any case), or ValidationError naming it."""
    code = str(value).strip().upper()
    if code not in countries:
        raise ValidationError(f'unknown country "{code}" in "{path}"')
    return code


class BooleanField(RecordField):
    """true or false, as JSON gives them (not the strings an HTML form would post); None when
    the record leaves it out."""

    def to_python(self, value):
        if value is None or isinstance(value, bool):
            return value
        raise ValidationError(f'"{self.path}" must be true or false, not {value!r}')


def name_key(text):
    """A name as lookups compare it: spaces, case and a leading "The" do not count."""
    key = " ".join(str(text).split()).casefold()
    return key[4:] if key.startswith("the ") else key


class SocietyLookup:
    """The National Societies records may name, loaded once for a whole import: by slug, by
    name (English or any language of the Hub; case, spaces and a leading "The" do not count)
    or by country (its ISO 3166 code or its English name: "HR", "Croatia"), tried in that
    order. A value that names several of them (two societies in one country, a name two
    share) is refused, with their slugs, rather than one of them picked."""

    def __init__(self):
        self.by_slug = {}
        self.by_name = {}
        self.by_country = {}
        for society in NationalSociety.objects.all():
            self.add(society)

    def add(self, society):
        """Make `society` (a new one too) known by its slug, names and country."""
        self.by_slug[society.slug.casefold()] = society
        names = (society.field_in("name", language) for language in LANGUAGE_CODES)
        keys = {name_key(name) for name in names if name}
        for key in keys:
            self.by_name.setdefault(key, []).append(society)
        self.by_country.setdefault(str(society.country), []).append(society)

    def slug(self, value):
        """The National Society with this slug, or None."""
        return self.by_slug.get(value.strip().casefold()) if isinstance(value, str) else None

    def candidates(self, value):
        value = value.strip()
        if not value:
            return []
        if found := self.slug(value):
            return [found]
        if found := self.by_name.get(name_key(value)):
            return found
        code = value.upper() if len(value) == 2 else countries.by_name(value)
        return self.by_country.get(code, [])

    def find(self, value, path):
        """The one National Society `value` names, or ValidationError saying that none or
        several do (the message names the field, `path`)."""
        found = self.candidates(value)
        if not found:
            raise ValidationError(
                f'"{path}": unknown National Society "{value}" (give its slug, its English '
                "name or its country)"
            )
        if len(found) > 1:
            slugs = ", ".join(sorted(society.slug for society in found))
            raise ValidationError(
                f'"{path}": "{value}" names {len(found)} National Societies ({slugs}): '
                "give the slug of one"
            )
        return found[0]


# -- Files, turns, outcome ----------------------------------------------------------------------
def read_records(file):
    """The JSON list in `file` ('-' for standard input), or CommandError saying what is wrong."""
    try:
        if file == "-":
            data = json.load(sys.stdin)
        else:
            with open(file, encoding="utf-8") as handle:
                data = json.load(handle)
    except OSError as error:
        raise CommandError(f"Cannot read {file}: {error.strerror}") from error
    except json.JSONDecodeError as error:
        raise CommandError(
            f"{file} is not valid JSON (line {error.lineno}, column {error.colno}): {error.msg}"
        ) from error
    if not isinstance(data, list):
        raise CommandError(f"{file} must hold a JSON list of records")
    return data


def report_outcome(command, report):
    """Print each failed record and the summary; exit non-zero (CommandError) if any failed."""
    for position, label, message in report.errors:
        command.stderr.write(f"Record {position} ({label}): {message}")
    summary = (
        f"{report.created} created, {report.updated} updated, "
        f"{report.unchanged} unchanged, {report.failed} failed"
    )
    if report.failed:
        raise CommandError(summary)
    command.stdout.write(command.style.SUCCESS(summary))


def _lock_file():
    name = str(connection.settings_dict["NAME"])
    if name and ":memory:" not in name and "mode=memory" not in name:
        return Path(f"{name}.import-lock")
    # An in-memory database (the tests'): shared by this process's threads only.
    digest = hashlib.sha256(name.encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"hub-import-{digest}.lock"


@contextmanager
def import_turn(command):
    """Run the block once no other import runs, saying so on stderr if it has to wait."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [IMPORT_LOCK_KEY])
            if not cursor.fetchone()[0]:
                command.stderr.write("Another import is running: waiting for it to finish.")
                cursor.execute("SELECT pg_advisory_lock(%s)", [IMPORT_LOCK_KEY])
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [IMPORT_LOCK_KEY])
        return
    lock = FileLock(_lock_file(), thread_local=False)
    try:
        lock.acquire(timeout=0)
    except TimeoutError:
        command.stderr.write("Another import is running: waiting for it to finish.")
        lock.acquire()
    try:
        yield
    finally:
        lock.release()
