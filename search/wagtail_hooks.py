"""Admin reports on what readers search for: popular queries, and queries with no results.

Editors' picks are Wagtail's search promotions (Settings > Promoted search results); the
search service shows them above the results of their query, and of any query with the same
signature (search.analysis.signature: stems, synonyms, any language). Their form's "Choose
from popular search terms" offers the queries of these reports (search.picks_admin), and
Wagtail's own report of its Query table, which nothing fills here, is left out of the menu.
"""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy

from hub.admin_dates import LocalTimeExportMixin
from search import picks_admin, stats
from search.models import QueryStat

# What readers typed may name a person: the reports, their exports and their menu items are for
# those allowed to view the statistics (Editors and Moderators, search/migrations/0007).
query_stats_policy = ModelPermissionPolicy(QueryStat)


class QueryReportView(LocalTimeExportMixin, ReportView):
    header_icon = "search"
    template_name = "search/admin/query_report.html"
    results_template_name = "search/admin/query_report_results.html"
    permission_policy = query_stats_policy
    any_permission_required = ["view"]
    list_export = [
        "query",
        "language",
        "searches",
        "empty_searches",
        "last_results",
        "last_searched",
    ]
    export_headings = {
        "query": _("Query"),
        "language": _("Language"),
        "searches": _("Searches"),
        "empty_searches": _("Searches with no result"),
        "last_results": _("Results last time"),
        "last_searched": _("Last searched"),
    }

    def get_queryset(self):
        stats.flush()  # what readers searched until now, whatever the process that counted it
        return QueryStat.objects.order_by(*self.ordering)

    def filter_queryset(self, queryset):
        return queryset


class PopularQueriesView(QueryReportView):
    page_title = _("Popular searches")
    index_url_name = "search_popular_queries"
    index_results_url_name = "search_popular_queries_results"
    ordering = ("-searches", "query")


class EmptyQueriesView(QueryReportView):
    page_title = _("Searches with no results")
    index_url_name = "search_empty_queries"
    index_results_url_name = "search_empty_queries_results"
    ordering = ("-empty_searches", "-last_searched")

    def get_queryset(self):
        return super().get_queryset().filter(empty_searches__gt=0)


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return query_stats_policy.user_has_permission(request.user, "view")


@hooks.register("register_admin_urls")
def register_search_report_urls():
    urls = []
    for prefix, view in (("popular", PopularQueriesView), ("empty", EmptyQueriesView)):
        urls += [
            path(f"reports/searches/{prefix}/", view.as_view(), name=view.index_url_name),
            path(
                f"reports/searches/{prefix}/results/",
                view.as_view(results_only=True),
                name=view.index_results_url_name,
            ),
        ]
    return urls


@hooks.register("register_admin_urls", order=-100)  # before Wagtail's chooser at these addresses
def register_popular_queries_chooser_urls():
    return [
        path("searchpicks/queries/chooser/", picks_admin.chooser),
        path("searchpicks/queries/chooser/results/", picks_admin.chooser_results),
    ]


@hooks.register("construct_reports_menu")
def hide_wagtails_empty_search_terms_report(request, menu_items):
    menu_items[:] = [item for item in menu_items if item.name != "search-terms"]


@hooks.register("register_reports_menu_item")
def register_popular_queries_menu_item():
    return ReportMenuItem(
        _("Popular searches"), reverse("search_popular_queries"), icon_name="search", order=1010
    )


@hooks.register("register_reports_menu_item")
def register_empty_queries_menu_item():
    return ReportMenuItem(
        _("Searches with no results"),
        reverse("search_empty_queries"),
        icon_name="search",
        order=1020,
    )
