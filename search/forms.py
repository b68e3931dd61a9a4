"""The parameters of a search, read by one form for the API, the page, the feed and suggest.

`SuggestForm` reads what suggest takes (`q`, `lang`); `SearchForm` adds the facets, the sort
and the page, and makes the SearchRequest of valid parameters. Every surface reads them with
these forms, so every surface refuses the same values with the same message: the first error
(`first_error()`) is the API's 400 `{"error", "parameter"}` and the page's notice.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hub import restrictions
from hub.forms import (
    ParameterChoiceField,
    QueryForm,
    TextField,
    WholeNumberField,
    refuse_invalid_characters,
)
from hub.languages import DEFAULT_LANGUAGE, LANGUAGE_CODES
from search.documents import FACETS
from search.results import DEFAULT_PAGE_SIZE, SearchRequest

MAX_PAGE = 10_000
MAX_PAGE_SIZE = 100
MAX_QUERY_LENGTH = 200
SORTS = ("relevance", "newest")
MAX_FACET_VALUES = 50
MAX_FACET_VALUE_LENGTH = 100
YEAR = re.compile(r"[0-9]{4}")
COUNTRY = re.compile(r"[A-Za-z]{2}")


def _year(value):
    if not YEAR.fullmatch(value):
        raise ValidationError(_("year must be a four-digit year"), code="invalid")
    return value


def _language(value):
    if value not in LANGUAGE_CODES:
        raise ValidationError(
            _("language must be one of %(choices)s"),
            code="invalid_choice",
            params={"choices": ", ".join(LANGUAGE_CODES)},
        )
    return value


def _country(value):
    """Two ASCII letters ("ß".upper() is "SS", South Sudan); a code no resource has matches
    nothing."""
    if not COUNTRY.fullmatch(value):
        raise ValidationError(
            _("country must be a two-letter ISO 3166 code such as GB"), code="invalid"
        )
    return value.upper()


FACET_CHECKS = {"year": _year, "language": _language, "country": _country}


class FacetField(forms.Field):
    """Every value of a repeated facet parameter, stripped, without repeats."""

    widget = forms.MultipleHiddenInput  # reads every value of the parameter

    def __init__(self, facet, **kwargs):
        super().__init__(required=False, **kwargs)
        self.facet = facet
        self.check = FACET_CHECKS.get(facet)

    def clean(self, values):
        params = {"parameter": self.facet, "maximum": MAX_FACET_VALUES}
        cleaned = []
        for value in values or ():
            value = str(value).strip()
            if not value:
                continue
            refuse_invalid_characters(self.facet, value)
            if len(value) > MAX_FACET_VALUE_LENGTH:
                raise ValidationError(
                    _("%(parameter)s has an invalid value"), code="invalid", params=params
                )
            if self.check is not None:
                value = self.check(value)
            if value not in cleaned:
                cleaned.append(value)
        if len(cleaned) > MAX_FACET_VALUES:
            raise ValidationError(
                _("at most %(maximum)s values of %(parameter)s"), code="too_many", params=params
            )
        return tuple(cleaned)


class SuggestForm(QueryForm):
    q = TextField("q", MAX_QUERY_LENGTH)
    lang = ParameterChoiceField("lang", LANGUAGE_CODES, _("lang must be one of %(choices)s"))

    def __init__(self, params, default_lang=DEFAULT_LANGUAGE, **kwargs):
        super().__init__(params, **kwargs)
        self.fields["lang"].default = default_lang

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].split())


class SearchForm(SuggestForm):
    sort = ParameterChoiceField(
        "sort", SORTS, _("sort must be relevance or newest"), default=SORTS[0]
    )
    kind = FacetField("kind")
    theme = FacetField("theme")
    exploitation = FacetField("exploitation")
    audience = FacetField("audience")
    country = FacetField("country")
    society = FacetField("society")
    language = FacetField("language")
    year = FacetField("year")
    page = WholeNumberField("page", MAX_PAGE, 1)
    page_size = WholeNumberField("page_size", MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE)

    def filters(self):
        """facet -> tuple of the selected values, for the facets with a selection."""
        return {facet: self.cleaned_data[facet] for facet in FACETS if self.cleaned_data[facet]}

    def search_request(self, viewer=restrictions.ANONYMOUS):
        """The SearchRequest of valid parameters (after `is_valid()`), for `viewer`
        (hub.restrictions.Viewer)."""
        data = self.cleaned_data
        return SearchRequest(
            q=data["q"],
            lang=data["lang"],
            filters=self.filters(),
            sort=data["sort"],
            page=data["page"],
            page_size=data["page_size"],
            viewer=viewer,
        )
