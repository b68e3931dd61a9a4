"""Query-string forms: the search and the directory read their parameters through Django forms,
so that a bad value is a form error naming its parameter, never an exception from `int()`.

`int()` reads every Unicode decimal digit ("٣", "３") and `str.isdigit()` accepts more still
("²"), so whole numbers are read from ASCII digits only. A bad parameter is reported as
`QueryForm.first_error()`: the 400 `{"error", "parameter"}` of the APIs, the notice of a page.
"""

import re
from typing import NamedTuple

from django import forms
from django.core.exceptions import ValidationError
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _

ASCII_NUMBER = re.compile(r"[+-]?[0-9]{1,18}")


def query_data(params):
    """GET parameters as a MultiValueDict: a QueryDict as it is, a plain dict (the service's
    callers in Python) with each value a string or a list of strings."""
    if hasattr(params, "getlist"):
        return params
    data = MultiValueDict()
    for name, value in (params or {}).items():
        values = value if isinstance(value, list | tuple) else [value]
        data.setlist(name, ["" if item is None else str(item) for item in values])
    return data


class WholeNumberField(forms.Field):
    """A whole number from 1 to `maximum`, written in ASCII digits; `default` when absent."""

    widget = forms.TextInput

    def __init__(self, parameter, maximum, default, **kwargs):
        super().__init__(required=False, **kwargs)
        self.parameter, self.maximum, self.default = parameter, maximum, default

    def clean(self, value):
        value = (value or "").strip()
        if not value:
            return self.default
        params = {"parameter": self.parameter, "maximum": self.maximum}
        if not ASCII_NUMBER.fullmatch(value):
            raise ValidationError(
                _("%(parameter)s must be a whole number"), code="invalid", params=params
            )
        number = int(value)
        if number < 1:
            raise ValidationError(
                _("%(parameter)s must be at least 1"), code="min_value", params=params
            )
        if number > self.maximum:
            raise ValidationError(
                _("%(parameter)s must be at most %(maximum)s"), code="max_value", params=params
            )
        return number


# Control characters other than tab and line breaks, and the two non-characters: no database
# takes NUL in text (PostgreSQL refuses it), and none of them may be written in XML 1.0 (the
# feed names its query), so no query means anything with them.
INVALID_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def refuse_invalid_characters(parameter, value):
    """Refuse a value with a character of INVALID_CHARACTERS."""
    if INVALID_CHARACTERS.search(value):
        raise ValidationError(
            _("%(parameter)s has an invalid character"),
            code="invalid",
            params={"parameter": parameter},
        )


class ParameterError(NamedTuple):
    parameter: str
    message: str


class QueryForm(forms.Form):
    """A form over GET parameters; `first_error()` is the ParameterError of the first bad one
    in the order of the fields, or None when every parameter is valid."""

    def __init__(self, params, **kwargs):
        super().__init__(query_data(params), **kwargs)

    def first_error(self):
        if self.is_valid():
            return None
        name, errors = next(iter(self.errors.items()))
        return ParameterError(name, str(errors[0]))


class TextField(forms.Field):
    """Free text: no NUL byte, surrounding spaces dropped, at most `max_length` characters
    (longer text is an error, or cut when `truncate`)."""

    widget = forms.TextInput

    def __init__(self, parameter, max_length, truncate=False, **kwargs):
        super().__init__(required=False, **kwargs)
        self.parameter, self.max_length, self.truncate = parameter, max_length, truncate

    def clean(self, value):
        value = value or ""
        refuse_invalid_characters(self.parameter, value)
        value = value.strip()
        if len(value) > self.max_length:
            if not self.truncate:
                raise ValidationError(
                    _("%(parameter)s must be at most %(maximum)s characters"),
                    code="max_length",
                    params={"parameter": self.parameter, "maximum": self.max_length},
                )
            value = value[: self.max_length]
        return value


class ParameterChoiceField(forms.ChoiceField):
    """One of `choices` (values only), or `default` when absent; `message` may use
    %(parameter)s and %(choices)s, the valid values."""

    def __init__(self, parameter, choices, message, default="", **kwargs):
        super().__init__(choices=[(value, value) for value in choices], required=False, **kwargs)
        self.parameter, self.message, self.default = parameter, message, default

    def validate(self, value):
        if value and not self.valid_value(value):
            raise ValidationError(
                self.message,
                code="invalid_choice",
                params={
                    "parameter": self.parameter,
                    "choices": ", ".join(str(key) for key, _label in self.choices),
                },
            )

    def clean(self, value):
        return super().clean(value) or self.default
