"""What a search answers, and how hits are shown: a SearchRequest, its SearchResults (results
in the reader's language, facet values with translated labels, editors' picks)."""

from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_countries import countries as country_names

from hub import restrictions
from hub.languages import DEFAULT_LANGUAGE
from search.documents import FACETS

DEFAULT_PAGE_SIZE = 20
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
    highlight_language: str = ""  # the language of the text the highlight is cut from

    def as_json(self):
        return {
            "id": self.id,
            "kind": self.kind,
            "title": self.title,
            "url": self.url,
            "summary": self.summary,
            "highlight": self.highlight,
            "highlight_language": self.highlight_language or None,
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
        from search.service import get_backend

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


def _in_language(values, language):
    if values.get(language):
        return values[language], language
    return values.get(DEFAULT_LANGUAGE, ""), DEFAULT_LANGUAGE


def _label(item, language, names=None):
    """A term or National Society of a hit in `language`: its names as they are now
    (`names`, service.Vocabulary.names: a renamed one shows its new name at once), else as
    the index has them."""
    known = (names or {}).get(item["value"]) or item.get("names", {})
    return {"value": item["value"], "label": _in_language(known, language)[0]}


def to_result(hit, language, promoted=False, names=None):
    """A hit as shown in `language`; `names` are the current names of terms and National
    Societies by facet (service.Vocabulary.names)."""
    from resources.models import KIND_MODELS

    names = names or {}
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
        highlight_language=hit.highlight_language,
        languages=hit.languages,
        published=hit.published,
        society=_label(hit.society, language, names.get("society")) if hit.society else None,
        themes=[_label(theme, language, names.get("theme")) for theme in hit.themes],
        documents=hit.documents if hit.matched_documents else [],
        language=shown_in,
        promoted=promoted,
    )


def label_facets(counts, request, names):
    """Every facet's values with translated labels, most frequent first; selected values are
    kept (with their count, possibly 0) so the reader can always unselect them. `names` are
    the names of terms and National Societies (service.Vocabulary.names)."""
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


def promoted_results(request, query_ids):
    """Editors' picks of the Wagtail queries `query_ids` (those matching this request's query:
    service.Vocabulary.picks_for), as results, each page once, in the editors' order."""
    from wagtail.contrib.search_promotions.models import SearchPromotion

    from search import documents
    from search.backends.base import Hit

    promotions = (
        SearchPromotion.objects.filter(query_id__in=query_ids)
        .select_related("page")
        .order_by("sort_order", "query__query_string", "pk")
    )
    results, seen = [], set()
    for promotion in promotions:
        if promotion.page is None or not promotion.page.live or promotion.page_id in seen:
            continue
        seen.add(promotion.page_id)
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
