"""Which languages a piece of content exists in.

modeltranslation falls back to English where a field is not translated; readers must be told
when that happens, and editors must see what is left to translate. Both questions are
answered here, from the per-language columns (`title_fr`, `body_fr`...).
"""

from functools import cache

from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname

from hub.languages import DEFAULT_LANGUAGE, LANGUAGE_CODES, current_language


@cache
def translated_fields(model):
    """The fields of `model` its app's translation.py registers with modeltranslation (not
    those it inherits from a registered parent, such as a page's title), in the order the
    model declares them: the one list of what is translated."""
    registered = translator.get_options_for_model(model).local_fields
    return tuple(field.name for field in model._meta.fields if field.name in registered)


def has_value(value):
    """True when a translated field holds content (text, rich text or a non-empty stream)."""
    if value is None:
        return False
    if hasattr(value, "raw_data"):  # StreamValue
        return len(value) > 0
    if hasattr(value, "source"):  # RichText
        value = value.source
    return bool(str(value).strip())


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

    def available_languages(self):
        """The languages this content is translated into (English included)."""
        return [code for code in LANGUAGE_CODES if self.is_translated_into(code)]
