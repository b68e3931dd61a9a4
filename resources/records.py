"""The import format of a resource (DESIGN.md, README), validated with Django forms.

One record a resource: `{"kind", "title": {lang: text}, "summary", "body", "themes",
"exploitation_forms", "audiences", "countries", "national_society", "published"}`, with the
optional `slug` (the English slug, which identifies the resource on re-import) and the fields
of its kind: its translated texts as resources/translation.py registers them (`how_to_use`;
`partners`, `period`, `outcomes`, `lessons_learned`), `format` for tools and
`people_supported` for case studies.
"""

import dataclasses
from datetime import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import slugify
from modeltranslation.utils import build_localized_fieldname
from wagtail.models import Page

from hub.languages import DEFAULT_LANGUAGE, LANGUAGE_CODES
from hub.records import (
    ListField,
    RecordField,
    RecordForm,
    SocietyLookup,
    TranslationsField,
    country_code,
    validated,
)
from network.models import NationalSociety
from network.records import SocietyRecordForm
from resources.bodies import record_blocks
from resources.models import (
    KIND_MODELS,
    Audience,
    CaseStudyPage,
    ExploitationForm,
    GuidancePage,
    Theme,
    ToolPage,
)
from resources.slugs import slug_for

TAXONOMIES = {"themes": Theme, "exploitation_forms": ExploitationForm, "audiences": Audience}


@dataclasses.dataclass
class ResourceData:
    """A validated record: the values to store, ready to compare with a stored page."""

    position: int
    kind: str
    slug: str
    texts: dict  # localized field name -> value or None
    bodies: dict  # language -> list of {"type", "value"} blocks
    scalars: dict  # other concrete fields
    terms: dict  # taxonomy field -> list of term objects (or unsaved new ones)
    society: object


class Catalogue:
    """Taxonomy terms and National Societies, loaded once for a whole import. A term or a
    National Society a record introduces is made here, unsaved, and shared by every record
    that names it; the importer saves it with the first of them."""

    def __init__(self):
        self.terms = {
            name: {term.slug: term for term in model.objects.all()}
            for name, model in TAXONOMIES.items()
        }
        self.societies = SocietyLookup()

    def term(self, taxonomy, value, path):
        """The term for a slug or a {"slug", "name"} object; a new one when unknown."""
        names = {}
        if isinstance(value, dict):
            cleaned = TermRecordForm(value, within=path).cleaned()
            value, names = cleaned["slug"], cleaned["name"]
        slug = slugify(value) if isinstance(value, str) else ""
        if not slug:
            raise ValidationError(f'"{path}" must list slugs')
        term = self.terms[taxonomy].get(slug)
        if term is None:
            term = TAXONOMIES[taxonomy](slug=slug)
            names.setdefault(DEFAULT_LANGUAGE, slug.replace("-", " ").capitalize())
            for language, name in names.items():
                setattr(term, build_localized_fieldname("name", language), name)
            self.terms[taxonomy][slug] = term
        return term

    def society(self, value, path):
        """The National Society an object names by its slug, else a new one made from it."""
        found = self.societies.slug(value.get("slug"))
        if found is not None:
            return found
        cleaned = SocietyRecordForm(value, within=path).cleaned()
        society = NationalSociety(
            slug=cleaned["slug"],
            country=cleaned["country"],
            website=cleaned["website"],
            atn_member=bool(cleaned["atn_member"]),
        )
        for language, name in cleaned["name"].items():
            setattr(society, build_localized_fieldname("name", language), name)
        self.societies.add(society)
        return society


# -- Fields -------------------------------------------------------------------------------------
class BodyField(TranslationsField):
    """The body by language: text or a list of blocks each (resources.bodies)."""

    def __init__(self):
        super().__init__(any_value=True)

    def to_python(self, value):
        return {
            language: record_blocks(text, f'"{self.path}.{language}"')
            for language, text in super().to_python(value).items()
        }


class TermsField(ListField):
    """The terms of a taxonomy, from the import's catalogue (set by the form)."""

    catalogue = None

    def __init__(self, taxonomy):
        super().__init__("slugs")
        self.taxonomy = taxonomy

    def item(self, value):
        return self.catalogue.term(self.taxonomy, value, self.path)


class SocietyField(RecordField):
    """A National Society by slug, name or country (hub.records.SocietyLookup), or as an
    object (Catalogue.society)."""

    catalogue = None

    def to_python(self, value):
        if value in (None, ""):
            return None
        if isinstance(value, dict):
            return self.catalogue.society(value, self.path)
        if not isinstance(value, str):
            raise ValidationError(
                f'"{self.path}" must be the slug, English name or country of a National '
                "Society, or an object"
            )
        return self.catalogue.societies.find(value, self.path)


class CountriesField(ListField):
    def __init__(self):
        super().__init__("ISO 3166 codes")

    def item(self, value):
        return country_code(value, self.path)

    def to_python(self, value):
        return sorted(super().to_python(value))  # as django-countries stores them


class IsoDateField(RecordField):
    def to_python(self, value):
        if value in (None, ""):
            return None
        try:
            return datetime.strptime(str(value), "%Y-%m-%d").date()  # noqa: DTZ007 - a date
        except ValueError:
            raise ValidationError(
                f'"{self.path}" must be a date as YYYY-MM-DD, not {value!r}'
            ) from None


# -- Forms --------------------------------------------------------------------------------------
class TermRecordForm(RecordForm):
    slug = forms.CharField()
    name = TranslationsField(max_length=Theme._meta.get_field("name").max_length)


class ResourceRecordForm(RecordForm):
    """What every resource has; the form of each kind adds its own fields, and the kind's
    translated texts from modeltranslation's registry. A record of an unknown kind is
    checked with this form, which says so."""

    model = None
    kind_fields = ()  # the kind's fields besides its translated texts, stored as they are

    kind = forms.ChoiceField(choices=[(kind, kind) for kind in KIND_MODELS])
    slug = forms.CharField(required=False)
    title = TranslationsField(
        required_language=DEFAULT_LANGUAGE, max_length=Page._meta.get_field("title").max_length
    )
    summary = TranslationsField()
    body = BodyField()
    themes = TermsField("themes")
    exploitation_forms = TermsField("exploitation_forms")
    audiences = TermsField("audiences")
    countries = CountriesField()
    national_society = SocietyField()
    published = IsoDateField()

    def __init__(self, record, *, catalogue, within=None):
        super().__init__(record, within=within)
        for name in self.model.kind_text_fields if self.model else ():
            self.fields[name] = TranslationsField(
                max_length=self.model._meta.get_field(name).max_length
            )
        for name in (*TAXONOMIES, "national_society"):
            self.fields[name].catalogue = catalogue

    @classmethod
    def field_names(cls):
        return {*cls.base_fields, *cls.model.kind_text_fields}

    def unknown_field(self, name):
        if self.model is None:
            return None  # the kind is wrong: that says it all
        kind = self.model.kind
        takers = [form.model for form in KIND_FORMS.values() if name in form.field_names()]
        if takers:
            kinds = " and ".join(str(model._meta.verbose_name_plural) for model in takers)
            return f'"{name}" is only for {kinds}, not for a {kind}'
        return f'unknown field "{name}" for a {kind} record'

    def clean(self):
        cleaned_data = super().clean()
        title = cleaned_data.get("title") or {}
        given = cleaned_data.get("slug") or title.get(DEFAULT_LANGUAGE)
        if given:
            cleaned_data["slug"] = slug_for(given)
            if not cleaned_data["slug"]:
                self.add_error("slug", '"slug" must have letters or digits')
        return cleaned_data

    def resource_data(self, position):
        cleaned = self.cleaned_data
        texts = {
            build_localized_fieldname(name, language): cleaned[name].get(language)
            for name in self.model.translated_text_fields
            if name != "body"
            for language in LANGUAGE_CODES
        }
        scalars = {"publication_date": cleaned["published"], "countries": cleaned["countries"]}
        for name in self.kind_fields:
            scalars[name] = cleaned[name]
        terms = {taxonomy: cleaned[taxonomy] for taxonomy in TAXONOMIES}
        return ResourceData(
            position,
            self.model.kind,
            cleaned["slug"],
            texts,
            cleaned["body"],
            scalars,
            terms,
            cleaned["national_society"],
        )


class GuidanceRecordForm(ResourceRecordForm):
    model = GuidancePage


class ToolRecordForm(ResourceRecordForm):
    model = ToolPage
    kind_fields = ("format",)

    format = ToolPage._meta.get_field("format").formfield(required=False)

    def clean_format(self):
        return self.cleaned_data["format"] or ToolPage._meta.get_field("format").get_default()


class CaseStudyRecordForm(ResourceRecordForm):
    model = CaseStudyPage
    kind_fields = ("people_supported",)
    record_messages = {
        "people_supported": {
            code: '"people_supported" must be a whole number'
            for code in ("invalid", "min_value", "max_value")
        }
    }

    people_supported = CaseStudyPage._meta.get_field("people_supported").formfield()


KIND_FORMS = {
    form.model.kind: form for form in (GuidanceRecordForm, ToolRecordForm, CaseStudyRecordForm)
}


def validate(record, position, catalogue):
    """A ResourceData for a raw record, or RecordError saying what is wrong."""
    kind = record.get("kind") if isinstance(record, dict) else None
    form_class = KIND_FORMS.get(kind) if isinstance(kind, str) else None
    form = validated(form_class or ResourceRecordForm, record, catalogue=catalogue)
    return form.resource_data(position)


def record_label(record):
    """What names a record in the report besides its position: its English title or slug."""
    if isinstance(record, dict):
        title = record.get("title")
        if isinstance(title, dict) and isinstance(title.get(DEFAULT_LANGUAGE), str):
            return title[DEFAULT_LANGUAGE][:60]
        if isinstance(record.get("slug"), str):
            return record["slug"]
    return ""
