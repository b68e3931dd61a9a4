"""Which languages a piece of content exists in.

modeltranslation falls back to English where a field is not translated; readers must be told
when that happens, and editors must see what is left to translate. Both questions are
answered here, from the per-language columns (`title_fr`, `body_fr`...).

A field is translated into a language when its column there holds text of its own: empty,
or the same text as the English source (an editor's "Copy content from en" left as it was),
it is not a translation, and readers get the English with the notice and `lang="en"`. A
field whose English is empty, or has no letter in it ("2019-2021"), needs no translation.
"""

import json
import re
from functools import cache

from django.utils.html import strip_tags
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname

from hub.languages import DEFAULT_LANGUAGE, LANGUAGE_CODES, current_language

# The key Draftail gives each block of rich text: a copy gets new ones, the text is the same.
BLOCK_KEY = re.compile(r'\sdata-block-key="[^"]*"')
SPACE = re.compile(r"\s+")


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


def _normal_text(text):
    return SPACE.sub(" ", BLOCK_KEY.sub("", str(text))).strip()


def _normal_data(data):
    """A stream's raw data without what differs between copies (block ids, block keys)."""
    if isinstance(data, dict):
        return {key: _normal_data(value) for key, value in data.items() if key != "id"}
    if isinstance(data, list):
        return [_normal_data(item) for item in data]
    if isinstance(data, str):
        return _normal_text(data)
    return data


def comparable(value):
    """The value as a string that two copies of the same content share, None when empty."""
    if not has_value(value):
        return None
    if hasattr(value, "raw_data"):
        return json.dumps(_normal_data(list(value.raw_data)), sort_keys=True, default=str)
    if hasattr(value, "source"):
        value = value.source
    return _normal_text(value)


def text_of(value):
    """The readable text of a field's value: text, rich text without its tags, or the text of
    every block of a stream."""
    if not has_value(value):
        return ""
    if hasattr(value, "raw_data"):
        return " ".join(str(part) for part in value.stream_block.get_searchable_content(value))
    if hasattr(value, "source"):
        value = value.source
    return strip_tags(str(value))


def needs_translation(value):
    """Whether an English value has words to translate (any letter, in any script)."""
    return any(character.isalpha() for character in text_of(value))


def is_own_translation(value, source):
    """Whether `value` is a translation of `source`: it has content and is not the source."""
    return has_value(value) and comparable(value) != comparable(source)


class TranslatedContentMixin:
    """For models whose text fields are translated with modeltranslation.

    `translated_content_fields` names the fields that make a translation complete (and the
    content "available in" a language); every translated field (`translation_fields()`) that
    is shown in English falls back with the notice and `lang="en"`.
    """

    translated_content_fields = ("title",)

    @classmethod
    def translation_fields(cls):
        """Every translated field of the model, a page's title first."""
        own = translated_fields(cls)
        return own if "title" in own or not hasattr(cls, "title_en") else ("title", *own)

    def field_in(self, field, language):
        return getattr(self, build_localized_fieldname(field, language), None)

    def field_needs_translation(self, field):
        return needs_translation(self.field_in(field, DEFAULT_LANGUAGE))

    def field_translated(self, field, language):
        """Whether `field` has text of its own in `language` (English: any text)."""
        value = self.field_in(field, language)
        if language == DEFAULT_LANGUAGE:
            return has_value(value)
        return is_own_translation(value, self.field_in(field, DEFAULT_LANGUAGE))

    def falls_back(self, field, language=None):
        """Whether readers of `language` get `field` in English."""
        language = language or current_language()
        return (
            language != DEFAULT_LANGUAGE
            and self.field_needs_translation(field)
            and not self.field_translated(field, language)
        )

    def fallback_fields(self, language=None):
        """The translated fields shown in English to readers of `language`."""
        return [field for field in self.translation_fields() if self.falls_back(field, language)]

    def untranslated_fields(self, language=None):
        """The fields that make a translation complete and are shown in English."""
        fields = self.translated_content_fields
        return [field for field in fields if self.falls_back(field, language)]

    def is_translated_into(self, language):
        return not self.untranslated_fields(language)

    def available_languages(self):
        """The languages this content is translated into (English included)."""
        return [code for code in LANGUAGE_CODES if self.is_translated_into(code)]
