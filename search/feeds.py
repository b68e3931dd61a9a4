"""An Atom feed for any search, /<lang>/search/feed/, so people can follow it."""

from django.contrib.syndication.views import Feed
from django.http import HttpResponse, HttpResponseBadRequest
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.decorators import method_decorator
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django_ratelimit.decorators import ratelimit

from hub.languages import current_language
from hub.restrictions import viewer_of
from hub.views import search_page_rate
from search import service
from search.backends.base import SearchUnavailable
from search.forms import SearchForm


class SearchFeed(Feed):
    """One instance answers every request (it is in the URLs): what belongs to a request is
    kept on the request, never on the feed."""

    feed_type = Atom1Feed
    author_name = _lazy("The Hub")

    @method_decorator(ratelimit(key="ip", rate=search_page_rate, block=True))
    def __call__(self, request, *args, **kwargs):
        params = request.GET.copy()
        params["lang"] = current_language()
        params["sort"] = "newest"
        params["page_size"] = "50"
        params.pop("page", None)
        form = SearchForm(params)
        invalid = form.first_error()
        if invalid:
            return HttpResponseBadRequest(invalid.message, content_type="text/plain")
        request.hub_search_request = form.search_request(viewer_of(request))
        try:
            response = super().__call__(request, *args, **kwargs)
        except SearchUnavailable:
            response = HttpResponse(
                str(SearchUnavailable.message),
                status=503,
                content_type="text/plain; charset=utf-8",
                headers={"Retry-After": str(SearchUnavailable.retry_after)},
            )
            add_never_cache_headers(response)
        if request.user.is_authenticated:
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response

    def get_object(self, request, *args, **kwargs):
        results = service.search(request.hub_search_request, record=False)
        results.query_string = request.GET.urlencode()
        return results

    def title(self, results):
        if results.request.q:
            return _("The Hub: new resources for “%(query)s”") % {"query": results.request.q}
        return _("The Hub: new resources")

    def link(self, results):
        query_string = results.query_string
        return reverse("search") + ("?" + query_string if query_string else "")

    def feed_url(self, results):
        """rel="self": this feed, with its query (RFC 4287 4.2.7.2)."""
        query_string = results.query_string
        return reverse("search_feed") + ("?" + query_string if query_string else "")

    def subtitle(self, results):
        return _("Guidance, tools and case studies matching this search, newest first.")

    def items(self, results):
        return results.results

    def item_title(self, result):
        return result.title

    def item_description(self, result):
        return result.summary

    def item_link(self, result):
        return result.url

    def item_guid(self, result):
        """A URI that names the resource whatever its address or language: a tag URI
        (RFC 4151) under the hub's public host."""
        from hub.sitemaps import public_base

        return f"tag:{public_base()[1].split(':')[0]},2024:resource:{result.id}"

    item_guid_is_permalink = False

    def item_author_name(self, result):
        return result.society["label"] if result.society else _("The Hub")

    def item_pubdate(self, result):
        from datetime import UTC, datetime, time

        if result.published:
            return datetime.combine(result.published, time.min, tzinfo=UTC)
        return None

    def item_updateddate(self, result):
        """Every entry has <updated> (RFC 4287 4.1.2): its publication date, or when the
        feed was read for a resource with none."""
        from django.utils import timezone

        return self.item_pubdate(result) or timezone.now()
