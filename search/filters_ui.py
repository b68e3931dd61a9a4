"""What the search and library pages show of a search's filters, without JavaScript.

The active filters become chips, each a link to the same address without that one value (the
query, the sort and the other filters kept, the page dropped, as the results change), and a
"Clear all" link keeps only the query and the sort. Long facet lists show their most frequent
values and fold the rest into a nested disclosure; a selected value is never folded away, so
the reader can always see and unselect it.
"""

from dataclasses import dataclass, field

from django.utils.http import urlencode

from search.documents import FACETS

TOP_VALUES = 8  # values shown of a long facet
FOLD_OVER = 10  # a facet with more values than this folds all but its top ones
KEPT_BY_CLEAR_ALL = ("q", "sort")


@dataclass
class Chip:
    facet: str
    facet_label: str
    value: str
    label: str
    url: str


@dataclass
class Facet:
    name: str
    label: str
    shown: list
    more: list = field(default_factory=list)


def _address(path, pairs):
    query = urlencode(pairs)
    return f"{path}?{query}" if query else path


def _pairs(params, drop=None):
    """The (key, value) pairs of `params` (a QueryDict) without the page and without `drop`,
    a (facet, value) pair."""
    return [
        (key, value)
        for key, values in params.lists()
        if key != "page"
        for value in values
        if (key, value.strip()) != drop
    ]


def chips(path, params, results, facet_names):
    """The Chips of a search's active filters, in the order of the facets."""
    found = []
    for facet in FACETS:
        labels = {value.value: value.label for value in results.facets.get(facet, ())}
        for value in results.request.selected(facet):
            drop = (facet, value)
            pairs = _pairs(params, drop)
            if facet == "country":  # codes are read in any case: drop the value as written
                pairs = [pair for pair in pairs if (pair[0], pair[1].strip().upper()) != drop]
            found.append(
                Chip(
                    facet=facet,
                    facet_label=str(facet_names.get(facet, facet)),
                    value=value,
                    label=labels.get(value) or value,
                    url=_address(path, pairs),
                )
            )
    return found


def clear_all(path, params):
    """The address of the same search without any filter."""
    return _address(
        path,
        [(key, params[key]) for key in KEPT_BY_CLEAR_ALL if params.get(key, "").strip()],
    )


def folded(results, facet_names, top=TOP_VALUES, fold_over=FOLD_OVER):
    """The facets with values, each as a Facet: the values `shown` and those folded in `more`
    (the less frequent ones of a list longer than `fold_over`, never a selected one)."""
    facets = []
    for name, values in results.facets.items():
        if not values:
            continue
        label = str(facet_names.get(name, name))
        if len(values) <= fold_over:
            facets.append(Facet(name, label, list(values)))
            continue
        shown = [value for index, value in enumerate(values) if index < top or value.selected]
        more = [value for index, value in enumerate(values) if index >= top and not value.selected]
        facets.append(Facet(name, label, shown, more))
    return facets


def filters_context(request, results, facet_names):
    """The template context of the filters of `results` (a search answered for `request`)."""
    active = chips(request.path, request.GET, results, facet_names)
    return {
        "chips": active,
        "clear_all_url": clear_all(request.path, request.GET) if active else None,
        "facets": folded(results, facet_names),
    }


def browse_context(request, page_size):
    """The context of a library page: its resources found by an empty query, with the
    filters and the sort of the search page (newest first unless the reader asks otherwise),
    for the viewer of `request`; `error` (parameter, message) when a parameter is invalid,
    `unavailable` (a message) when the search backend cannot answer."""
    from hub.languages import current_language
    from hub.restrictions import viewer_of
    from search import service
    from search.backends.base import SearchUnavailable
    from search.forms import SearchForm
    from search.views import page_links

    params = request.GET.copy()
    params["lang"] = current_language()
    params["q"] = ""  # a library lists; the header's box searches
    params.setdefault("sort", "newest")
    params["page_size"] = str(page_size)
    form = SearchForm(params)
    error = form.first_error()
    if error:
        parameter, message = error
        return {"error": {"parameter": parameter, "message": message}}
    search_request = form.search_request(viewer_of(request))
    try:
        results = service.search(search_request, record=False)
    except SearchUnavailable:
        return {"unavailable": SearchUnavailable.message}
    return {
        "results": results,
        "search_request": search_request,
        "page_links": page_links(request, results),
        "facet_names": service.FACET_LABELS,
        "query_string": urlencode(_pairs(request.GET)),
        **filters_context(request, results, service.FACET_LABELS),
    }
