"""The JSON API of the search service: /api/search/ and /api/search/suggest/ (DESIGN.md)."""

from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.http import require_GET
from django_ratelimit.decorators import ratelimit

from hub.json import json_response
from hub.languages import DEFAULT_LANGUAGE
from hub.restrictions import viewer_of
from hub.views import api_rate
from search import service, spelling
from search.backends.base import SearchUnavailable
from search.forms import SearchForm, SuggestForm


def error(parameter, message):
    return json_response({"error": message, "parameter": parameter}, status=400)


def unavailable():
    response = json_response(
        {"error": str(SearchUnavailable.message), "parameter": None},
        status=503,
        headers={"Retry-After": str(SearchUnavailable.retry_after)},
    )
    add_never_cache_headers(response)
    return response


def _respond(request, data, cacheable):
    """Answers to signed-in viewers may hold what a restriction keeps from others: private."""
    response = json_response(data)
    if request.user.is_authenticated:
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
    elif cacheable:
        patch_cache_control(response, public=True, max_age=60)
    else:
        add_never_cache_headers(response)
    return response


@require_GET
@ratelimit(key="ip", rate=api_rate, block=True)
def search_api(request):
    form = SearchForm(request.GET, default_lang=DEFAULT_LANGUAGE)
    invalid = form.first_error()
    if invalid:
        return error(*invalid)
    search_request = form.search_request(viewer_of(request))
    try:
        results, suggestion, corrected = spelling.search(search_request, service.search)
    except SearchUnavailable:
        return unavailable()
    # "query" stays what the reader typed; when corrected, the results are the suggestion's.
    data = {
        **results.as_json(),
        "query": search_request.q,
        "suggestion": suggestion,
        "corrected": corrected,
    }
    return _respond(request, data, cacheable=not search_request.q)


@require_GET
@ratelimit(key="ip", rate=api_rate, block=True)
def suggest_api(request):
    form = SuggestForm(request.GET, default_lang=DEFAULT_LANGUAGE)
    invalid = form.first_error()
    if invalid:
        return error(*invalid)
    q, lang = form.cleaned_data["q"], form.cleaned_data["lang"]
    viewer = viewer_of(request)
    try:
        suggestions = service.suggest(q, lang, viewer=viewer)
        terms = service.suggest_terms(q, lang, viewer=viewer)
    except SearchUnavailable:
        return unavailable()
    # "terms" (words completing the last one typed) came after "suggestions" (titles).
    data = {"query": q, "lang": lang, "suggestions": suggestions, "terms": terms}
    return _respond(request, data, cacheable=False)
