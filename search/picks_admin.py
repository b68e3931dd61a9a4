"""The editors' picks form's "Choose from popular search terms": the queries readers searched
on the Hub (search.models.QueryStat, every language added up), most searched first.

Wagtail's own chooser lists its Query table, which only Wagtail's search views fill: empty
here. This view answers at the chooser's own addresses (search.wagtail_hooks registers them
before Wagtail's), in the same modal, so that Wagtail's script fills the form's query with
the term chosen. What readers typed may name a person: only users allowed to view the search
statistics (Editors, Moderators) are offered the terms; others get an empty list.
"""

from django.core.paginator import InvalidPage, Paginator
from django.db.models import Sum
from django.http import Http404
from django.template.response import TemplateResponse
from wagtail.admin.forms.search import SearchForm
from wagtail.admin.modal_workflow import render_modal_workflow
from wagtail.search.utils import normalise_query_string

from search import stats
from search.models import QueryStat

RESULTS_TEMPLATE = "search/admin/query_chooser_results.html"


def popular_queries(user):
    """[{"query", "searches"}] most searched first, for a user who may see them."""
    from search.wagtail_hooks import query_stats_policy

    if not query_stats_policy.user_has_permission(user, "view"):
        return QueryStat.objects.none().values("query")
    stats.flush()  # what readers searched until now, whatever the process that counted it
    return (
        QueryStat.objects.values("query")
        .annotate(searches=Sum("searches"))
        .order_by("-searches", "query")
    )


def chooser(request, results_only=False):
    queries = popular_queries(request.user)
    searchform = SearchForm(request.GET) if "q" in request.GET else SearchForm()
    if searchform.is_bound and searchform.is_valid():
        wanted = normalise_query_string(searchform.cleaned_data["q"])
        queries = queries.filter(query__icontains=wanted)
    try:
        page = Paginator(queries, per_page=10).page(request.GET.get("p", 1))
    except InvalidPage as error:
        raise Http404 from error
    if results_only:
        return TemplateResponse(request, RESULTS_TEMPLATE, {"queries": page})
    return render_modal_workflow(
        request,
        "search/admin/query_chooser.html",
        None,
        {"queries": page, "searchform": searchform},
        json_data={"step": "chooser"},
    )


def chooser_results(request):
    return chooser(request, results_only=True)
