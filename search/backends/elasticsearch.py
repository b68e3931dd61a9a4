"""The Elasticsearch backend, written with elasticsearch-dsl, for libraries that outgrow the
database.

Each resource is one document: per-language text fields, each with its language's analyzer
(Snowball/light stemmers after accent folding; Croatian gets folding and a light suffix
filter, Elasticsearch having no Croatian stemmer), keyword fields for the facets, and the
display data of a result. Facets are disjunctive: the text query alone selects the matches,
the facet selections apply as a post_filter, and each facet's aggregation is filtered by the
other facets' selections only. The index lives behind an alias; a rebuild fills a new index
with streaming_bulk and swaps the alias in one step.
"""

import logging
import time

from django.conf import settings
from elasticsearch import Elasticsearch
from elasticsearch.helpers import streaming_bulk
from elasticsearch_dsl import A, Q, Search

from hub.languages import DEFAULT_LANGUAGE, LANGUAGE_CODES
from search.backends.base import (
    BackendResults,
    Hit,
    SearchBackend,
    result_fields,
    stored_result_fields,
)
from search.documents import FACETS

logger = logging.getLogger(__name__)

TEXT_FIELDS = ("title", "summary", "body", "attachment")
FIELD_WEIGHTS = {"title": 10, "summary": 4, "body": 1, "attachment": 1}
CONTEXT_WEIGHT = 2
READER_LANGUAGE_BOOST = 1.5
FACET_SIZE = 200
SUGGEST_FIELDS = [f"title_{code}" for code in LANGUAGE_CODES]


def _language_analyzer(filters):
    return {"type": "custom", "tokenizer": "standard", "filter": filters}


ANALYSIS = {
    "filter": {
        "hub_elision": {
            "type": "elision",
            "articles_case": True,
            "articles": [
                "l",
                "m",
                "t",
                "qu",
                "n",
                "s",
                "j",
                "d",
                "c",
                "jusqu",
                "quoiqu",
                "lorsqu",
                "puisqu",
            ],
        },
        "hub_en_stop": {"type": "stop", "stopwords": "_english_"},
        "hub_en_stemmer": {"type": "stemmer", "language": "english"},
        "hub_en_possessive": {"type": "stemmer", "language": "possessive_english"},
        "hub_fr_stop": {"type": "stop", "stopwords": "_french_"},
        "hub_fr_stemmer": {"type": "stemmer", "language": "light_french"},
        "hub_es_stop": {"type": "stop", "stopwords": "_spanish_"},
        "hub_es_stemmer": {"type": "stemmer", "language": "light_spanish"},
        "hub_nl_stop": {"type": "stop", "stopwords": "_dutch_"},
        "hub_nl_stemmer": {"type": "stemmer", "language": "dutch"},
        "hub_ar_stop": {"type": "stop", "stopwords": "_arabic_"},
        "hub_ar_stemmer": {"type": "stemmer", "language": "arabic"},
        # Croatian: no stemmer ships with Elasticsearch; strip the commonest case endings.
        "hub_hr_suffixes": {
            "type": "pattern_replace",
            "pattern": "^(\\p{L}{4,}?)(ima|ama|om|em|og|ih|im|oj|a|e|i|u|o)$",
            "replacement": "$1",
        },
    },
    "analyzer": {
        "hub_en": _language_analyzer(
            ["hub_en_possessive", "lowercase", "hub_en_stop", "asciifolding", "hub_en_stemmer"]
        ),
        "hub_fr": _language_analyzer(
            ["hub_elision", "lowercase", "hub_fr_stop", "asciifolding", "hub_fr_stemmer"]
        ),
        "hub_es": _language_analyzer(
            ["lowercase", "hub_es_stop", "asciifolding", "hub_es_stemmer"]
        ),
        "hub_nl": _language_analyzer(
            ["lowercase", "hub_nl_stop", "asciifolding", "hub_nl_stemmer"]
        ),
        "hub_ar": _language_analyzer(
            ["lowercase", "decimal_digit", "hub_ar_stop", "arabic_normalization", "hub_ar_stemmer"]
        ),
        "hub_hr": _language_analyzer(["lowercase", "asciifolding", "hub_hr_suffixes"]),
        "hub_folded": _language_analyzer(["lowercase", "asciifolding"]),
    },
}


def mappings():
    properties = {
        "page_id": {"type": "integer"},
        "published": {"type": "date"},
        "access": {"type": "keyword"},  # who may find it (hub.restrictions)
        "context": {"type": "text", "analyzer": "hub_folded"},
        "display": {"type": "object", "enabled": False},
    }
    for facet in FACETS:
        properties[facet] = {"type": "keyword"}
    for code in LANGUAGE_CODES:
        for name in TEXT_FIELDS:
            properties[f"{name}_{code}"] = {"type": "text", "analyzer": f"hub_{code}"}
    return {"dynamic": "strict", "properties": properties}


def index_body():
    return {
        "settings": {"number_of_shards": 1, "number_of_replicas": 0, "analysis": ANALYSIS},
        "mappings": mappings(),
    }


def source_of(document):
    """The Elasticsearch source of a search.documents.Document."""
    source = {
        "page_id": document.page_id,
        "published": document.published.isoformat() if document.published else None,
        "access": document.access,
        "context": document.texts.get(DEFAULT_LANGUAGE, {}).get("context", ""),
        "display": result_fields(document),
    }
    for facet in FACETS:
        source[facet] = [value for name, value in document.facets if name == facet]
    for code, text in document.texts.items():
        for name in TEXT_FIELDS:
            if text.get(name):
                source[f"{name}_{code}"] = text[name]
    return source


class ElasticsearchBackend(SearchBackend):
    name = "elasticsearch"

    def __init__(self, client=None, alias=None):
        self.client = client or Elasticsearch(
            settings.ELASTICSEARCH_URL, request_timeout=10, retry_on_timeout=False
        )
        self.alias = alias or settings.ELASTICSEARCH_INDEX

    # -- Index management -------------------------------------------------------------------
    def new_index_name(self):
        return f"{self.alias}-{time.strftime('%Y%m%d%H%M%S')}-{time.time_ns() % 1_000_000}"

    def ensure_index(self):
        """Create an index behind the alias if there is none yet."""
        if not self.client.indices.exists_alias(name=self.alias):
            name = self.new_index_name()
            self.client.indices.create(index=name, **index_body())
            self.client.indices.put_alias(index=name, name=self.alias)

    def actions(self, documents, index=None):
        for document in documents:
            yield {
                "_op_type": "index",
                "_index": index or self.alias,
                "_id": str(document.page_id),
                "_source": source_of(document),
            }

    def index(self, documents):
        documents = list(documents)
        if not documents:
            return
        self.ensure_index()
        for ok, item in streaming_bulk(
            self.client, self.actions(documents), refresh="wait_for", raise_on_error=False
        ):
            if not ok:
                logger.error("Elasticsearch refused a document: %s", item)

    def remove(self, page_ids):
        if not page_ids or not self.client.indices.exists_alias(name=self.alias):
            return
        actions = (
            {"_op_type": "delete", "_index": self.alias, "_id": str(page_id)}
            for page_id in page_ids
        )
        for ok, item in streaming_bulk(
            self.client, actions, refresh="wait_for", raise_on_error=False
        ):
            if not ok and item.get("delete", {}).get("status") != 404:
                logger.error("Elasticsearch could not delete: %s", item)

    def update_access(self, access):
        if not access or not self.client.indices.exists_alias(name=self.alias):
            return
        actions = (
            {
                "_op_type": "update",
                "_index": self.alias,
                "_id": str(page_id),
                "doc": {"access": token},
            }
            for page_id, token in access.items()
        )
        for ok, item in streaming_bulk(
            self.client, actions, refresh="wait_for", raise_on_error=False
        ):
            if not ok and item.get("update", {}).get("status") != 404:
                logger.error("Elasticsearch could not update access: %s", item)

    def rebuild(self, documents, total, progress=None):
        """Fill a new index, then point the alias at it in one step and drop the old ones."""
        name = self.new_index_name()
        self.client.indices.create(index=name, **index_body())
        for ok, item in streaming_bulk(self.client, self.actions(documents, index=name)):
            if progress is not None:
                progress.update(1)
            if not ok:
                logger.error("Elasticsearch refused a document: %s", item)
        self.client.indices.refresh(index=name)
        old = []
        if self.client.indices.exists_alias(name=self.alias):
            old = list(self.client.indices.get_alias(name=self.alias))
        elif self.client.indices.exists(index=self.alias):
            self.client.indices.delete(index=self.alias)  # a plain index in the alias's place
        actions = [{"remove": {"index": index, "alias": self.alias}} for index in old]
        actions.append({"add": {"index": name, "alias": self.alias}})
        self.client.indices.update_aliases(actions=actions)
        for index in old:
            self.client.indices.delete(index=index)

    # -- Queries ----------------------------------------------------------------------------
    @staticmethod
    def _fields(language):
        fields = []
        for code in LANGUAGE_CODES:
            boost = READER_LANGUAGE_BOOST if code == language else 1
            for name, weight in FIELD_WEIGHTS.items():
                fields.append(f"{name}_{code}^{weight * boost:g}")
        fields.append(f"context^{CONTEXT_WEIGHT}")
        return fields

    def text_query(self, clauses, language):
        """Every clause must match; any alternative of a clause will do."""
        fields = self._fields(language)
        musts = []
        for clause in clauses:
            alternatives = [
                Q(
                    "multi_match",
                    query=" ".join(alternative.words),
                    fields=fields,
                    type="phrase" if alternative.is_phrase else "best_fields",
                )
                for alternative in clause.alternatives
            ]
            musts.append(
                alternatives[0]
                if len(alternatives) == 1
                else Q("bool", should=alternatives, minimum_should_match=1)
            )
        return Q("bool", must=musts) if musts else Q("match_all")

    @staticmethod
    def facet_filter(request, excluding=None):
        filters = [
            Q("terms", **{facet: list(values)})
            for facet, values in request.filters.items()
            if facet != excluding
        ]
        return Q("bool", filter=filters) if filters else Q("match_all")

    def build_search(self, request, clauses):
        search = (
            Search(using=self.client, index=self.alias)
            .query(self.text_query(clauses, request.lang))
            .filter("terms", access=list(request.viewer.admitted()))
        )
        if request.filters:
            search = search.post_filter(self.facet_filter(request))
        for facet in FACETS:
            aggregation = A("filter", filter=self.facet_filter(request, excluding=facet))
            aggregation.bucket("values", "terms", field=facet, size=FACET_SIZE)
            search.aggs.bucket(facet, aggregation)
        if clauses and request.sort == "relevance":
            search = search.sort("_score", {"published": {"order": "desc", "missing": "_last"}})
        else:
            search = search.sort({"published": {"order": "desc", "missing": "_last"}}, "_score")
        if clauses:
            highlighted = [
                f"{name}_{code}"
                for code in LANGUAGE_CODES
                for name in ("body", "summary", "attachment")
            ]
            search = search.highlight_options(
                encoder="html", pre_tags=["<mark>"], post_tags=["</mark>"]
            ).highlight(*highlighted, fragment_size=160, number_of_fragments=1)
        search = search.extra(track_total_hits=True, from_=request.offset, size=request.page_size)
        return search.source(["page_id", "published", "display"])

    def search(self, request, clauses):
        response = self.build_search(request, clauses).execute()
        return self.parse_response(response.to_dict(), request)

    @staticmethod
    def _best_highlight(highlights, language):
        order = [language, DEFAULT_LANGUAGE, *LANGUAGE_CODES]
        for code in order:
            for name, in_documents in (("body", False), ("summary", False), ("attachment", True)):
                fragments = highlights.get(f"{name}_{code}")
                if fragments:
                    return fragments[0], in_documents
        return "", False

    def parse_response(self, body, request):
        """BackendResults from a raw search response (as a dict)."""
        hits = []
        for raw in body.get("hits", {}).get("hits", []):
            source = raw["_source"]
            display = source.get("display", {})
            highlight, in_documents = self._best_highlight(raw.get("highlight", {}), request.lang)
            published = source.get("published")
            hits.append(
                Hit(
                    page_id=int(source["page_id"]),
                    published=_date(published),
                    **stored_result_fields(display),
                    highlight=highlight,
                    matched_documents=in_documents,
                )
            )
        total = body.get("hits", {}).get("total", {})
        total = total.get("value", 0) if isinstance(total, dict) else int(total or 0)
        facets = {}
        for facet in FACETS:
            buckets = (
                body.get("aggregations", {}).get(facet, {}).get("values", {}).get("buckets", [])
            )
            facets[facet] = {str(bucket["key"]): bucket["doc_count"] for bucket in buckets}
        return BackendResults(total=total, hits=hits, facets=facets)

    def suggest(self, prefix_words, language, limit, admitted):
        search = (
            Search(using=self.client, index=self.alias)
            .query(
                "multi_match",
                query=" ".join(prefix_words),
                type="bool_prefix",
                fields=[f"title_{language}^2", *SUGGEST_FIELDS],
            )
            .filter("terms", access=list(admitted))
            .source(["page_id", "display"])
            .extra(size=limit)
        )
        suggestions = []
        for hit in search.execute():
            display = hit.display.to_dict()
            titles, urls = display.get("titles", {}), display.get("urls", {})
            suggestions.append(
                {
                    "id": int(hit.page_id),
                    "title": titles.get(language) or titles.get(DEFAULT_LANGUAGE, ""),
                    "url": urls.get(language) or urls.get(DEFAULT_LANGUAGE, ""),
                }
            )
        return suggestions


def _date(value):
    from datetime import date

    if not value:
        return None
    return date.fromisoformat(str(value)[:10])
