"""The import formats of the network (README), validated with Django forms: a contact point,
and a National Society (the reference file of update_national_societies, and the object form
of a resource's `national_society`).

`{"slug", "name", "society", "country", "role": {lang: text}, "email", "phone", "languages",
"expertise", "profile_visibility", "email_visibility", "phone_visibility", "user",
"preferred_language"}`: `name` and `society` are required. The rules of a contact point
itself (a field never wider than its profile, a known language, an email address no other
contact has) are the model's (ContactPoint.clean), checked when the importer saves it.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.text import slugify

from hub.languages import DEFAULT_LANGUAGE
from hub.records import (
    BooleanField,
    ListField,
    RecordField,
    RecordForm,
    TranslationsField,
    country_code,
)
from network.models import ContactPoint, NationalSociety, Visibility

SLUG_MESSAGE = '"slug" must be a slug such as "marko-maric"'


def _visibility():
    return forms.TypedChoiceField(
        choices=Visibility.choices, required=False, empty_value=Visibility.NETWORK
    )


class ContactRecordForm(RecordForm):
    record_messages = {
        "slug": {"invalid": SLUG_MESSAGE, "max_length": SLUG_MESSAGE},
        "email": {"invalid": '"%(value)s" is not a valid email address'},
        "society": {
            "required": '"society" must be the slug, English name or country of a National Society'
        },
    }

    slug = forms.SlugField(
        max_length=ContactPoint._meta.get_field("slug").max_length, required=False
    )
    name = forms.CharField()
    society = forms.CharField()
    country = forms.CharField(required=False)
    role = TranslationsField(
        text=DEFAULT_LANGUAGE, max_length=ContactPoint._meta.get_field("role").max_length
    )
    email = forms.EmailField(required=False)
    phone = forms.CharField(required=False)
    languages = ListField('language codes such as "hr"')
    expertise = ListField("theme slugs")
    profile_visibility = _visibility()
    email_visibility = _visibility()
    phone_visibility = _visibility()
    user = forms.CharField(required=False)
    preferred_language = forms.TypedChoiceField(
        choices=settings.LANGUAGES, required=False, empty_value=DEFAULT_LANGUAGE
    )

    def __init__(self, record, *, societies, within=None):
        super().__init__(record, within=within)
        self.societies = societies

    def clean_society(self):
        return self.societies.find(self.cleaned_data["society"], self.path("society"))

    def clean_country(self):
        country = self.cleaned_data["country"]
        return country_code(country, self.path("country")) if country else ""

    def clean_expertise(self):
        return [slug for slug in map(slugify, self.cleaned_data["expertise"]) if slug]

    def clean(self):
        cleaned_data = super().clean()
        society, country = cleaned_data.get("society"), cleaned_data.get("country")
        if society and country and str(society.country) != country:
            raise ValidationError(f'"{society}" is in {society.country}, not in {country}')
        return cleaned_data


class SocietyRecordForm(RecordForm):
    """A National Society: `{"slug", "name", "country", "website", "atn_member"}`; `name` is
    the English name, or the names by language (`{"en": ..., "fr": ...}`, English required)."""

    slug = forms.CharField()
    name = TranslationsField(
        required_language=DEFAULT_LANGUAGE,
        max_length=NationalSociety._meta.get_field("name").max_length,
        text=DEFAULT_LANGUAGE,
    )
    country = RecordField(required=True)
    website = forms.CharField(required=False)
    atn_member = BooleanField()

    def clean_slug(self):
        slug = slugify(self.cleaned_data["slug"])
        if not slug:
            raise ValidationError(f'"{self.path("slug")}" must have letters or digits')
        return slug

    def clean_country(self):
        return country_code(self.cleaned_data["country"], self.path("country"))

    def clean_website(self):
        """Checked as the admin checks it: http or https only (hub.validators)."""
        website = self.cleaned_data["website"]
        try:
            return NationalSociety._meta.get_field("website").clean(website, None)
        except ValidationError as error:
            message = " ".join(error.messages)
            raise ValidationError(f'"{self.path("website")}" {website!r}: {message}') from None
