"""The languages a focal point speaks: ISO 639 codes, named in the reader's language.

People who survived trafficking speak languages the Hub's interface does not have
(Tigrinya, Dari, Pashto, Kurmanji, Wolof...), and a focal point who speaks one must be
found by it. Any ISO 639 language is accepted: the codes of the IANA language subtag
registry (two letters where ISO 639-1 has them, three otherwise), a three-letter code
standing for a two-letter one stored as the two-letter one ("tir" is "ti"). Names come
from CLDR through langcodes' language data, in the reader's language where CLDR has it.

The picker (profile and admin) offers every ISO 639-1 language (collections such as "Bihari
languages" aside) and the languages without a two-letter code that the network's people
speak (`MORE_LANGUAGES`), sorted by their names
as the reader reads them, with the languages already chosen first; it needs no JavaScript.
"""

import re
import unicodedata
from functools import cache

import langcodes
from django import forms
from django.utils.translation import gettext_lazy as _
from language_data.names import code_to_names
from language_data.registry_parser import parse_registry

from hub.languages import DEFAULT_LANGUAGE, current_language

# Offered besides the ISO 639-1 languages: spoken by survivors and focal points, and without
# a two-letter code of their own.
MORE_LANGUAGES = ("prs", "ckb", "kmr", "rom", "kab", "tzm")

# Names CLDR does not have in the Hub's languages (interface strings, translated with it),
# and the languages' names for themselves where CLDR has none.
NAMES = {"prs": _("Dari"), "kmr": _("Northern Kurdish (Kurmanji)")}
AUTONYMS = {"prs": "دری", "kmr": "Kurmancî"}

CODE = re.compile(r"[a-z]{2,3}")


@cache
def _registry():
    """{code: English name} of the registry's languages, {deprecated: preferred code}, and the
    codes of collections of languages ("Bihari languages")."""
    languages, replaced, collections = {}, {}, set()
    for entry in parse_registry():
        if entry.get("Type") != "language" or entry.get("Scope") in ("special", "private-use"):
            continue
        code = entry["Subtag"]
        if "Deprecated" in entry:
            if entry.get("Preferred-Value"):
                replaced[code] = entry["Preferred-Value"]
            continue
        languages[code] = entry["Description"][0]
        if entry.get("Scope") == "collection":
            collections.add(code)
    return languages, replaced, collections


def canonical(code):
    """The ISO 639 code `code` stands for ("TIR" -> "ti", "iw" -> "he"), None if none."""
    if not isinstance(code, str):
        return None
    code = code.strip().lower()
    if not CODE.fullmatch(code):
        return None
    languages, replaced, _collections = _registry()
    code = replaced.get(code, code)
    if code in languages:
        return code
    try:
        normalized = langcodes.Language.get(code).language  # ISO 639-2 codes: "fre" -> "fr"
    except (langcodes.LanguageTagError, ValueError):
        return None
    return normalized if normalized in languages else None


def is_spoken_language(code):
    return canonical(code) == code


def language_name(code, language=None):
    """The name of the language `code` in `language` (the reader's by default)."""
    language = language or current_language()
    names = code_to_names(code)
    name = names.get(language)
    if name is None and code in NAMES:
        name = str(NAMES[code])
    name = name or names.get(DEFAULT_LANGUAGE) or _registry()[0].get(code, code)
    return name[:1].upper() + name[1:]


def autonym(code):
    """The language's name for itself, where known ("ትግርኛ" for Tigrinya)."""
    return AUTONYMS.get(code) or code_to_names(code).get(code, "")


def sort_key(name):
    """Alphabetical as a reader finds a name: case and accents aside ("Émirien" under E)."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@cache
def offered_codes():
    languages, _replaced, collections = _registry()
    two_letters = (code for code in languages if len(code) == 2 and code not in collections)
    return (*sorted(two_letters), *MORE_LANGUAGES)


def _sorted(named):
    return sorted(named, key=lambda item: (sort_key(item[1]), item[0]))


@cache
def _offered(language):
    return tuple(_sorted((code, language_name(code, language)) for code in offered_codes()))


def choices(also=()):
    """(code, name) of the languages offered, and of `also` (codes already chosen), sorted by
    name in the reader's language."""
    language = current_language()
    offered = _offered(language)
    more = [code for code in dict.fromkeys(also) if canonical(code) and code not in offered_codes()]
    if not more:
        return list(offered)
    return _sorted([*offered, *((code, language_name(code, language)) for code in more)])


class SpokenLanguagesWidget(forms.CheckboxSelectMultiple):
    """Checkboxes, the chosen languages first, each with the language's own name beside it
    (marked with its language), in a box that scrolls."""

    template_name = "network/widgets/spoken_languages.html"
    option_template_name = "network/widgets/spoken_language_option.html"

    class Media:  # the admin's (public pages have hub.css)
        css = {"all": ("network/css/language-picker.css",)}

    def optgroups(self, name, value, attrs=None):
        groups = super().optgroups(name, value, attrs)
        chosen = [group for group in groups if group[1][0]["selected"]]
        return chosen + [group for group in groups if not group[1][0]["selected"]]

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        own = autonym(value)
        option["autonym"] = own if own and own.casefold() != str(label).casefold() else ""
        option["code"] = value
        return option


class SpokenLanguagesField(forms.MultipleChoiceField):
    """The languages a focal point speaks, as ISO 639 codes, in the order of the picker."""

    widget = SpokenLanguagesWidget

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(choices=choices, **kwargs)

    def also_offer(self, codes):
        """Offer `codes` too (what a profile already has), named like the others."""
        codes = list(codes or [])
        self.choices = lambda: choices(also=codes)

    def clean(self, value):
        return list(dict.fromkeys(super().clean(value)))
