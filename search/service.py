"""The search service: the one entry point for views, the API, feeds and commands.

`parse` turns request parameters into a SearchRequest (or InvalidParameter naming the bad
one), `search` answers it with SearchResults from the configured backend (the database by
default, Elasticsearch when ELASTICSEARCH_URL is set), with facet labels in the reader's
language, editors' picks and the query recorded for the editors' reports.
"""

import time
from dataclasses import dataclass, field
from functools import lru_cache

from django.conf import settings
from django.utils import translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from django_countries import countries as country_names

from hub import restrictions
from hub.languages import DEFAULT_LANGUAGE, LANGUAGE_CODES
from search import analysis
from search.documents import FACETS

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20
MAX_QUERY_LENGTH = 200
SORTS = ("relevance", "newest")
FACET_LABELS = {
    "kind": _("Kind"),
    "theme": _("Theme"),
    "exploitation": _("Form of exploitation"),
    "audience": _("Audience"),
    "country": _("Country"),
    "society": _("National Society"),
    "language": _("Language"),
    "year": _("Year"),
}


class InvalidParameter(ValueError):
    def __init__(self, parameter, message):
        super().__init__(message)
        self.parameter = parameter
        self.message = message


@dataclass(frozen=True)
class SearchRequest:
    q: str = ""
    lang: str = DEFAULT_LANGUAGE
    filters: dict = field(default_factory=dict)  # facet -> tuple of values
    sort: str = "relevance"
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE
    # Who searches: resources behind a view restriction are found only by viewers it admits.
    viewer: restrictions.Viewer = restrictions.ANONYMOUS

    @property
    def offset(self):
        return (self.page - 1) * self.page_size

    def selected(self, facet):
        return self.filters.get(facet, ())


@dataclass
class Result:
    id: int
    kind: str
    kind_label: str
    title: str
    url: str
    summary: str
    highlight: str
    languages: list
    published: object
    society: dict
    themes: list
    documents: list
    language: str  # the language title and summary are in
    promoted: bool = False

    def as_json(self):
        return {
            "id": self.id,
            "kind": self.kind,
            "title": self.title,
            "url": self.url,
            "summary": self.summary,
            "highlight": self.highlight,
            "languages": self.languages,
            "published": self.published.isoformat() if self.published else None,
            "society": self.society,
            "themes": self.themes,
            "documents": self.documents,
        }


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool

    def as_json(self):
        return {
            "value": self.value,
            "label": self.label,
            "count": self.count,
            "selected": self.selected,
        }


@dataclass
class SearchResults:
    request: SearchRequest
    total: int
    results: list
    facets: dict
    promoted: list
    took_ms: int

    @property
    def num_pages(self):
        """Pages a reader can go to: those within the backend's result window, if it has one."""
        reachable = min(self.total, get_backend().result_window or self.total)
        return max(1, -(-reachable // self.request.page_size))

    def as_json(self):
        request = self.request
        return {
            "query": request.q,
            "lang": request.lang,
            "total": self.total,
            "page": request.page,
            "page_size": request.page_size,
            "took_ms": self.took_ms,
            "results": [result.as_json() for result in self.results],
            "promoted": [result.as_json() for result in self.promoted],
            "facets": {
                name: [value.as_json() for value in values] for name, values in self.facets.items()
            },
        }


# -- Parameters ---------------------------------------------------------------------------------
def parse(params, default_lang=DEFAULT_LANGUAGE, viewer=restrictions.ANONYMOUS):
    """A SearchRequest from GET parameters (search.forms.SearchForm), for `viewer`
    (hub.restrictions.Viewer); InvalidParameter names the first bad one."""
    from search.forms import SearchForm

    form = SearchForm(params, default_lang=default_lang)
    error = form.first_error()
    if error:
        raise InvalidParameter(*error)
    data = form.cleaned_data
    return SearchRequest(
        q=data["q"],
        lang=data["lang"],
        filters=form.filters(),
        sort=data["sort"],
        page=data["page"],
        page_size=data["page_size"],
        viewer=viewer,
    )


# -- Backend ------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def get_backend():
    """The configured backend (settings.SEARCH_BACKEND), created once."""
    return import_string(settings.SEARCH_BACKEND)()


def index_pages(pages):
    """Index (or re-index) live resource pages; others are removed from the index."""
    from search import documents
    from search.models import IndexVersion

    live = [page for page in pages if page.live]
    gone = [page.pk for page in pages if not page.live]
    IndexVersion.bump()  # whatever the backend: cached searches follow it
    if live:
        get_backend().index([documents.build(page) for page in live])
    if gone:
        get_backend().remove(gone)


def index_resources(queryset):
    """Index the resource pages of a queryset, loaded with what indexing reads."""
    from search import documents

    index_pages(list(documents.prefetched(queryset)))


def update_access_under(path):
    """A view restriction changed at the page at tree path `path`: the resources at and under
    it get their access token as it is now (hub.restrictions), in every backend."""
    from wagtail.models import Page

    from resources.models import KIND_MODELS
    from search.models import IndexVersion

    rules = restrictions.load_rules()
    pages = Page.objects.live().filter(path__startswith=path).type(*KIND_MODELS.values())
    access = {
        pk: restrictions.access_for_path(page_path, rules)
        for pk, page_path in pages.values_list("pk", "path")
    }
    IndexVersion.bump()
    if access:
        get_backend().update_access(access)


def remove_pages(page_ids):
    from search.models import IndexVersion

    IndexVersion.bump()
    get_backend().remove(list(page_ids))


def rebuild(progress=None):
    """Rebuild the whole index from the live resources; returns how many were indexed."""
    from search import documents
    from search.models import IndexVersion

    IndexVersion.bump()
    total = documents.count_live_resources()
    get_backend().rebuild(
        (documents.build(page) for page in documents.live_resources()), total, progress
    )
    return total


# -- What searches show besides the index: labels and editors' picks -----------------------------
@dataclass(frozen=True)
class Vocabulary:
    """The names of facet values in every language, and the queries that have editors' picks,
    as of one index version (IndexVersion changes when a term, a National Society or a pick
    is saved): read once a version instead of at every search."""

    token: object
    names: dict  # facet -> value -> {language: name}
    promoted_queries: frozenset


_vocabulary = None


def _names_of(model):
    fields = [f"name_{code}" for code in LANGUAGE_CODES]
    return {
        slug: {code: name for code, name in zip(LANGUAGE_CODES, names, strict=True) if name}
        for slug, *names in model.objects.values_list("slug", *fields)
    }


def vocabulary():
    from wagtail.contrib.search_promotions.models import SearchPromotion

    from network.models import NationalSociety
    from resources.models import Audience, ExploitationForm, Theme
    from search.models import IndexVersion

    global _vocabulary
    token = IndexVersion.current()
    if _vocabulary is None or token is None or _vocabulary.token != token:
        _vocabulary = Vocabulary(
            token=token,
            names={
                "theme": _names_of(Theme),
                "exploitation": _names_of(ExploitationForm),
                "audience": _names_of(Audience),
                "society": _names_of(NationalSociety),
            },
            promoted_queries=frozenset(
                SearchPromotion.objects.values_list("query__query_string", flat=True)
            ),
        )
    return _vocabulary


# -- Searching ----------------------------------------------------------------------------------
def search(request, record=True):
    """Answer a SearchRequest."""
    from wagtail.search.utils import normalise_query_string

    from search.models import IndexVersion, QueryStat

    started = time.perf_counter()
    clauses = analysis.analyse(request.q) if request.q else []
    with IndexVersion.pinned():
        raw = get_backend().search(request, clauses)
        words = vocabulary()
        # Backends filter by access; should one have missed a restriction's change (a search
        # server down at the time), the page tree as it is now has the last word.
        hidden = restrictions.hidden_page_ids([hit.page_id for hit in raw.hits], request.viewer)
    with translation.override(request.lang):
        results = [to_result(hit, request.lang) for hit in raw.hits if hit.page_id not in hidden]
        facets = label_facets(raw.facets, request, words.names)
        promoted = (
            promoted_results(request)
            if request.q
            and request.page == 1
            and normalise_query_string(request.q) in words.promoted_queries
            else []
        )
    promoted_ids = {result.id for result in promoted}
    results = [result for result in results if result.id not in promoted_ids]
    if record and request.q and request.page == 1:
        QueryStat.record(request.q, request.lang, raw.total)
    took_ms = round((time.perf_counter() - started) * 1000)
    return SearchResults(request, raw.total, results, facets, promoted, took_ms)


def suggest(q, lang=DEFAULT_LANGUAGE, limit=8, viewer=restrictions.ANONYMOUS):
    """Titles completing `q` among the resources `viewer` may see: [{"title", "url"}]."""
    from search.models import IndexVersion

    prefix_words = analysis.words(q)[:6]
    if not prefix_words:
        return []
    with IndexVersion.pinned():
        admitted = viewer.admitted()
        found = get_backend().suggest(prefix_words, lang, limit, admitted)
        hidden = restrictions.hidden_page_ids([item["id"] for item in found], viewer)
    return [
        {"title": item["title"], "url": item["url"]} for item in found if item["id"] not in hidden
    ]


def _in_language(values, language):
    if values.get(language):
        return values[language], language
    return values.get(DEFAULT_LANGUAGE, ""), DEFAULT_LANGUAGE


def _label(item, language):
    return {"value": item["value"], "label": _in_language(item.get("names", {}), language)[0]}


def to_result(hit, language, promoted=False):
    from resources.models import KIND_MODELS

    title, shown_in = _in_language(hit.titles, language)
    summary = hit.summaries.get(shown_in) or _in_language(hit.summaries, language)[0]
    model = KIND_MODELS.get(hit.kind)
    return Result(
        id=hit.page_id,
        kind=hit.kind,
        kind_label=str(model._meta.verbose_name) if model else hit.kind,
        title=title,
        url=hit.urls.get(language) or hit.urls.get(DEFAULT_LANGUAGE, ""),
        summary=summary,
        highlight=hit.highlight,
        languages=hit.languages,
        published=hit.published,
        society=_label(hit.society, language) if hit.society else None,
        themes=[_label(theme, language) for theme in hit.themes],
        documents=hit.documents if hit.matched_documents else [],
        language=shown_in,
        promoted=promoted,
    )


def label_facets(counts, request, names):
    """Every facet's values with translated labels, most frequent first; selected values are
    kept (with their count, possibly 0) so the reader can always unselect them. `names` are
    the names of terms and National Societies (Vocabulary.names)."""
    from resources.models import KIND_MODELS

    language = request.lang
    facets = {}
    for facet in FACETS:
        values = dict(counts.get(facet, {}))
        for selected in request.selected(facet):
            values.setdefault(selected, 0)
        if facet == "kind":
            labels = {kind: str(model._meta.verbose_name) for kind, model in KIND_MODELS.items()}
        elif facet in names:
            known = names[facet]
            labels = {
                value: _in_language(known[value], language)[0] for value in values if value in known
            }
        elif facet == "country":
            labels = {code: country_names.name(code) or code for code in values}
        elif facet == "language":
            labels = {code: translation.get_language_info(code)["name_local"] for code in values}
        else:
            labels = {}
        ordered = sorted(
            values.items(),
            key=lambda item: (-int(item[0]), 0) if facet == "year" else (-item[1], item[0]),
        )
        facets[facet] = [
            FacetValue(
                value=value,
                label=labels.get(value) or value,
                count=count,
                selected=value in request.selected(facet),
            )
            for value, count in ordered
        ]
    return facets


def promoted_results(request):
    """Editors' picks for this query (Wagtail's search promotions), as results."""
    from wagtail.contrib.search_promotions.models import SearchPromotion
    from wagtail.search.utils import normalise_query_string

    from search import documents
    from search.backends.base import Hit

    promotions = (
        SearchPromotion.objects.filter(query__query_string=normalise_query_string(request.q))
        .select_related("page")
        .order_by("sort_order")
    )
    results = []
    for promotion in promotions:
        if promotion.page is None or not promotion.page.live:
            continue
        if not request.viewer.admits(restrictions.access_for(promotion.page)):
            continue
        page = promotion.page.specific
        if not hasattr(page, "kind"):
            continue
        document = documents.build(page, attachment_text=False)
        hit = Hit(
            page_id=page.pk,
            kind=document.kind,
            titles=document.titles,
            summaries=document.summaries,
            urls=document.urls,
            languages=document.languages,
            published=document.published,
            society=document.society,
            themes=document.themes,
            documents=document.documents,
        )
        results.append(to_result(hit, request.lang, promoted=True))
    return results


def normalise_query(q):
    """How queries are stored for statistics and promotions: folded, single-spaced."""
    return " ".join(analysis.words(q))[:MAX_QUERY_LENGTH]
