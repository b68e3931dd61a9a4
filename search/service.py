"""The search service: the one entry point for views, the API, feeds and commands.

`search` answers a SearchRequest (made by search.forms.SearchForm from request parameters)
with SearchResults from the configured backend (the database by default, Elasticsearch when
ELASTICSEARCH_URL is set), with facet labels in the reader's language and editors' picks
(search.results). An answer is kept in Django's cache under the index version, whatever the
backend; the query is counted for the editors' reports (search.stats) whether it came from
the cache or not.
"""

import hashlib
import time
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.module_loading import import_string

from hub import restrictions
from hub.languages import DEFAULT_LANGUAGE, LANGUAGE_CODES
from search import analysis
from search.forms import SearchForm
from search.results import (
    FACET_LABELS,  # noqa: F401 - the search page's facet names
    SearchRequest,  # noqa: F401 - what `search` answers
    SearchResults,
    label_facets,
    promoted_results,
    to_result,
)


def parse(params, default_lang=DEFAULT_LANGUAGE, viewer=restrictions.ANONYMOUS):
    """The SearchRequest of GET parameters known to be valid, for callers in Python (commands,
    tests): a bad one raises ValidationError. Views read theirs with SearchForm, whose first
    error is their answer."""
    form = SearchForm(params, default_lang=default_lang)
    if not form.is_valid():
        raise ValidationError(form.errors)
    return form.search_request(viewer)


# -- Backend ------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def get_backend():
    """The configured backend (settings.SEARCH_BACKEND), created once."""
    return import_string(settings.SEARCH_BACKEND)()


@contextmanager
def _writing():
    """Around a write to the backend: the index version changes once it is done (or failed),
    whatever the backend, so that no answer computed from the index as it was is cached under
    the new version (an Elasticsearch write is outside the database's transaction)."""
    from search.models import IndexVersion

    try:
        yield get_backend()
    finally:
        IndexVersion.bump()


def index_pages(pages):
    """Index (or re-index) live resource pages; others are removed from the index."""
    from search import documents

    live = [page for page in pages if page.live]
    gone = [page.pk for page in pages if not page.live]
    with _writing() as backend:
        if live:
            backend.index([documents.build(page) for page in live])
        if gone:
            backend.remove(gone)


def index_resources(queryset):
    """Index the resource pages of a queryset, loaded with what indexing reads."""
    from search import documents

    index_pages(list(documents.prefetched(queryset)))


def update_access_under(path):
    """A view restriction changed at the page at tree path `path`: the resources at and under
    it get their access token as it is now (hub.restrictions), in every backend."""
    from wagtail.models import Page

    from resources.models import KIND_MODELS

    rules = restrictions.load_rules()
    pages = Page.objects.live().filter(path__startswith=path).type(*KIND_MODELS.values())
    access = {
        pk: restrictions.access_for_path(page_path, rules)
        for pk, page_path in pages.values_list("pk", "path")
    }
    with _writing() as backend:
        if access:
            backend.update_access(access)


def bulk_written():
    """Tell the backend many documents were just written (resources.importer)."""
    get_backend().bulk_written()


def remove_pages(page_ids):
    with _writing() as backend:
        backend.remove(list(page_ids))


def rebuild(progress=None):
    """Rebuild the whole index from the live resources; returns how many were indexed."""
    from search import documents

    total = documents.count_live_resources()
    with _writing() as backend:
        backend.rebuild(
            (documents.build(page) for page in documents.live_resources()), total, progress
        )
    return total


# -- What searches show besides the index: labels and editors' picks -----------------------------
@dataclass(frozen=True)
class Vocabulary:
    """The names of facet values in every language, and the queries that have editors' picks
    (by the signature of the query, analysis.signature: a pick for "forced labour" is one for
    "Forced labor" and "travail forcé" too), as of one index version (IndexVersion changes
    when a term, a National Society or a pick is saved): read once a version instead of at
    every search."""

    token: object
    names: dict  # facet -> value -> {language: name}
    promoted_queries: dict  # signature -> ids of the Wagtail queries with picks

    def picks_for(self, q):
        return self.promoted_queries.get(analysis.signature(q), ()) if q else ()


_vocabulary = None


def _names_of(model):
    fields = [f"name_{code}" for code in LANGUAGE_CODES]
    return {
        slug: {code: name for code, name in zip(LANGUAGE_CODES, names, strict=True) if name}
        for slug, *names in model.objects.values_list("slug", *fields)
    }


def _promoted_queries():
    from wagtail.contrib.search_promotions.models import SearchPromotion

    queries = {}
    for query_id, text in (
        SearchPromotion.objects.values_list("query_id", "query__query_string")
        .distinct()
        .order_by("query__query_string")
    ):
        queries.setdefault(analysis.signature(text), []).append(query_id)
    return {key: tuple(ids) for key, ids in queries.items()}


def vocabulary(token=None):
    """The Vocabulary of index version `token` (by default, the current one)."""

    from network.models import NationalSociety
    from resources.models import Audience, ExploitationForm, Theme
    from search.models import IndexVersion

    global _vocabulary
    if token is None:
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
            promoted_queries=_promoted_queries(),
        )
    return _vocabulary


# -- Searching ----------------------------------------------------------------------------------
def _cache_key(token, request, clauses):
    """What an answer depends on besides the index version: the backend, the query as analysed
    (and as typed), language, filters, sort, page, and the access tokens that admit the
    viewer (hub.restrictions), never who the viewer is: viewers admitted to the same
    resources share answers, and no others do."""
    what = repr(
        (
            settings.SEARCH_BACKEND,
            clauses,
            request.q,
            request.lang,
            sorted((facet, sorted(values)) for facet, values in request.filters.items()),
            request.sort,
            request.page,
            request.page_size,
            request.viewer.admitted(),
        )
    )
    return f"hub-search:{token}:{hashlib.sha256(what.encode()).hexdigest()}"


def search(request, record=True):
    """Answer a SearchRequest. The answer is kept in the cache (settings.SEARCH_CACHE_SECONDS)
    under the index version it was computed from, which every change to what it shows
    changes (index writes, restrictions, terms, National Societies, picks): a change is never
    hidden by it, as the next search asks under a new version."""
    from search.models import IndexVersion, QueryStat

    started = time.perf_counter()
    clauses = analysis.analyse(request.q) if request.q else []
    token = IndexVersion.current()
    key = None
    if settings.SEARCH_CACHE_SECONDS and token is not None:
        key = _cache_key(token, request, clauses)
    answer = cache.get(key) if key is not None else None
    if answer is None:
        answer = _answer(request, clauses, token)
        if key is not None:
            cache.set(key, answer, settings.SEARCH_CACHE_SECONDS)
    total, results, facets, promoted = answer
    if record and request.q and request.page == 1:
        QueryStat.record(request.q, request.lang, total)
    took_ms = round((time.perf_counter() - started) * 1000)
    return SearchResults(request, total, results, facets, promoted, took_ms)


def _answer(request, clauses, token):
    """(total, results, facets, editors' picks) of a request, from the backend."""
    raw = get_backend().search(request, clauses)
    words = vocabulary(token)
    # Backends filter by access; should one have missed a restriction's change (a search
    # server down at the time), the page tree as it is now has the last word.
    hidden = restrictions.hidden_page_ids([hit.page_id for hit in raw.hits], request.viewer)
    with translation.override(request.lang):
        results = [
            to_result(hit, request.lang, names=words.names)
            for hit in raw.hits
            if hit.page_id not in hidden
        ]
        facets = label_facets(raw.facets, request, words.names)
        picks = words.picks_for(request.q) if request.page == 1 else ()
        promoted = promoted_results(request, picks) if picks else []
    promoted_ids = {result.id for result in promoted}
    results = [result for result in results if result.id not in promoted_ids]
    return raw.total, results, facets, promoted


def suggest(q, lang=DEFAULT_LANGUAGE, limit=8, viewer=restrictions.ANONYMOUS):
    """Titles completing `q` among the resources `viewer` may see: [{"title", "url"}]."""
    prefix_words = analysis.words(q)[:6]
    if not prefix_words:
        return []
    found = get_backend().suggest(prefix_words, lang, limit, viewer.admitted())
    hidden = restrictions.hidden_page_ids([item["id"] for item in found], viewer)
    return [
        {"title": item["title"], "url": item["url"]} for item in found if item["id"] not in hidden
    ]


MIN_TERM_PREFIX = 2  # characters of the word being typed before words complete it


def suggest_terms(q, lang=DEFAULT_LANGUAGE, limit=8, viewer=restrictions.ANONYMOUS):
    """Common words of the index completing the last word of `q` ("psychos":
    "psychosocial"), in `lang` first, then English, counted among the resources `viewer`
    may see (SearchBackend.terms)."""
    typed = analysis.words(q)[:6]
    if not typed or len(typed[-1]) < MIN_TERM_PREFIX:
        return []
    return get_backend().terms(typed[-1], lang, limit, viewer.admitted())
