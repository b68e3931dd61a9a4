"""Which languages a piece of content exists in.

modeltranslation falls back to English where a field is not translated; readers must be told
when that happens, and editors must see what is left to translate. Both questions are
answered here, from the per-language columns (`title_fr`, `body_fr`...).
"""

from django.conf import settings
from django.utils.translation import get_language
from modeltranslation.utils import build_localized_fieldname

DEFAULT_LANGUAGE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def has_value(value):
    """True when a translated field holds content (text, rich text or a non-empty stream)."""
    if value is None:
        return False
    if hasattr(value, "raw_data"):  # StreamValue
        return len(value) > 0
    if hasattr(value, "source"):  # RichText
        value = value.source
    return bool(str(value).strip())


def current_language():
    return (get_language() or DEFAULT_LANGUAGE).split("-")[0]


class TranslatedContentMixin:
    """For models whose text fields are translated with modeltranslation.

    `translated_content_fields` names the fields that make a translation complete; a page
    missing any of them in the reader's language is shown with the English text and a notice.
    """

    translated_content_fields = ("title",)

    def field_in(self, field, language):
        return getattr(self, build_localized_fieldname(field, language), None)

    def is_translated_into(self, language):
        return all(
            has_value(self.field_in(field, language)) for field in self.translated_content_fields
        )

    def untranslated_fields(self, language=None):
        language = language or current_language()
        if language == DEFAULT_LANGUAGE:
            return []
        return [
            field
            for field in self.translated_content_fields
            if not has_value(self.field_in(field, language))
        ]

    @property
    def shows_fallback(self):
        """True when the reader's language lacks some of this content."""
        return bool(self.untranslated_fields())

    def translated_languages(self):
        return [code for code in LANGUAGE_CODES if self.is_translated_into(code)]
