"""The search page, /<lang>/search/: a GET form that works without JavaScript."""

from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.http import urlencode
from django_ratelimit.decorators import ratelimit

from hub.languages import current_language
from hub.restrictions import viewer_of
from hub.views import search_page_rate
from search import filters_ui, service
from search.backends.base import SearchUnavailable
from search.forms import SearchForm


@ratelimit(key="ip", rate=search_page_rate, block=True)
def search_page(request):
    params = request.GET.copy()
    params["lang"] = current_language()  # the page speaks the language of its address
    context = {"query": request.GET.get("q", "")}
    status = 200
    form = SearchForm(params)
    invalid = form.first_error()
    if invalid:
        context["error"] = invalid  # its parameter and message
        status = 400
    else:
        search_request = form.search_request(viewer_of(request))
        try:
            results = service.search(search_request)
        except SearchUnavailable:
            context["unavailable"] = SearchUnavailable.message
            status = 503
        else:
            context.update(
                results=results,
                search_request=search_request,
                page_links=page_links(request, results),
                facet_names=service.FACET_LABELS,
                **filters_ui.filters_context(request, results, service.FACET_LABELS),
                query_string=urlencode(
                    [
                        (key, value)
                        for key, values in request.GET.lists()
                        for value in values
                        if key not in ("page",)
                    ]
                ),
            )
    response = TemplateResponse(request, "search/search_page.html", context, status=status)
    if status == 503:
        response["Retry-After"] = str(SearchUnavailable.retry_after)
    if context["query"] or request.user.is_authenticated or status == 503:
        add_never_cache_headers(response)
    if request.user.is_authenticated:
        patch_cache_control(response, private=True)
    return response


def page_links(request, results):
    """Previous and next page addresses, keeping every other parameter."""

    def link(number):
        params = request.GET.copy()
        params["page"] = number
        return "?" + params.urlencode()

    number = results.request.page
    return {
        "previous": link(number - 1) if number > 1 else None,
        "next": link(number + 1) if number < results.num_pages else None,
    }
