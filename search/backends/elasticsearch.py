"""The Elasticsearch backend, written with elasticsearch-dsl, for libraries that outgrow the
database (the index itself: search.backends.elasticsearch_index).

Facets are disjunctive: the text query alone selects the matches, the facet selections apply
as a post_filter, and each facet's aggregation is filtered by the other facets' selections
only. What a real server refuses is kept out of the requests: pages past
`index.max_result_window` answer with the total and the facets but no hits; highlighting
stops at `index.highlight.max_analyzed_offset` characters; a query's leaf clauses stay within
the least clause limit any Elasticsearch 8 node sets (CLAUSE_BUDGET). A server that fails,
hangs or refuses a search raises SearchUnavailable (readers are told, never shown an error
page), and after a timeout or a refused connection searches fail at once for
`pause_after_outage` seconds, so that a hung server does not hold every worker.

Typos are corrected with the term suggester, and the word being typed completed with a terms
aggregation, from the words of each language every document holds (words_<language>).
"""

import logging
import time
from datetime import date

from django.conf import settings
from elasticsearch import ApiError, TransportError
from elasticsearch_dsl import A, Q, Search

from hub.languages import DEFAULT_LANGUAGE, LANGUAGE_CODES
from search import analysis
from search.analysis import completes
from search.backends.base import (
    BackendResults,
    Hit,
    SearchBackend,
    SearchUnavailable,
    stored_result_fields,
)
from search.backends.elasticsearch_index import (
    MAX_ANALYZED_OFFSET,
    MAX_RESULT_WINDOW,
    AliasedIndex,
    connect,
    source_of,
)
from search.documents import FACETS

logger = logging.getLogger(__name__)

FIELD_WEIGHTS = {"title": 10, "summary": 4, "body": 1, "attachment": 1}
CONTEXT_WEIGHT = 2
READER_LANGUAGE_BOOST = 1.5
FACET_SIZE = 200
SUGGEST_FIELDS = [f"title_{code}" for code in LANGUAGE_CODES]
HIGHLIGHTED = [
    f"{name}_{code}" for code in LANGUAGE_CODES for name in ("body", "summary", "attachment")
]
# Elasticsearch 8 refuses a query of more leaf clauses than a limit it derives from its heap
# and search threads, never below 1,024 (SearchUtils.DEFAULT_MAX_CLAUSE_COUNT). Each
# alternative of a clause is one phrase query a field it is looked for in; the access filter
# and the match_all of a browse take a few more.
CLAUSE_BUDGET = 1024 - 8
OUTAGE_STATUSES = {429, 502, 503, 504}
SHORT_WORD = 5  # letters: a word of up to this many is corrected by one edit at most
CORRECTED_WORDS = 16  # words of a query looked up for typos; the others stay as typed
# What Lucene's regular expressions (a terms aggregation's `include`) read as operators.
REGEXP_OPERATORS = frozenset('.?+*|{}[]()"\\#@&<>~')


def starting_with(prefix):
    """The Lucene regular expression of the terms that start with `prefix`."""
    return "".join(f"\\{char}" if char in REGEXP_OPERATORS else char for char in prefix) + ".*"


class ElasticsearchBackend(SearchBackend):
    name = "elasticsearch"
    result_window = MAX_RESULT_WINDOW
    pause_after_outage = 10  # seconds

    def __init__(self, client=None, alias=None, backoff=2.0):
        self.client = client or connect()
        self.alias = alias or settings.ELASTICSEARCH_INDEX
        writer = self.client.options(
            request_timeout=settings.ELASTICSEARCH_INDEX_TIMEOUT,
            retry_on_timeout=True,
            max_retries=settings.ELASTICSEARCH_RETRIES,
        )
        self.index_set = AliasedIndex(writer, self.alias, backoff=backoff)
        self._paused_until = 0.0

    # -- Writes (search.backends.elasticsearch_index) ---------------------------------------
    def index(self, documents):
        documents = list(documents)
        if documents:
            self.index_set.write(
                {"_op_type": "index", "_id": str(doc.page_id), "_source": source_of(doc)}
                for doc in documents
            )

    def remove(self, page_ids):
        if page_ids and self.index_set.exists():
            self.index_set.write(
                ({"_op_type": "delete", "_id": str(page_id)} for page_id in page_ids),
                ignore={404},  # not indexed: nothing to remove
            )

    def update_access(self, access):
        if access and self.index_set.exists():
            self.index_set.write(
                (
                    {"_op_type": "update", "_id": str(page_id), "doc": {"access": token}}
                    for page_id, token in access.items()
                ),
                ignore={404},  # not indexed: the next publish indexes it with its access
            )

    def rebuild(self, documents, total, progress=None):
        """Fill a new index, then point the alias at it in one step and drop the old ones."""
        self.index_set.rebuild(
            (
                {"_op_type": "index", "_id": str(doc.page_id), "_source": source_of(doc)}
                for doc in documents
            ),
            progress,
        )

    # -- Reads ------------------------------------------------------------------------------
    def _read(self, run):
        """`run()`, with the server's failures as SearchUnavailable."""
        if time.monotonic() < self._paused_until:
            raise SearchUnavailable("Elasticsearch failed a moment ago")
        try:
            return run()
        except (ApiError, TransportError) as error:
            status = getattr(error, "status_code", None)
            if status is None or status in OUTAGE_STATUSES:
                self._paused_until = time.monotonic() + self.pause_after_outage
            if status == 404:
                logger.error("No Elasticsearch index %s: run rebuild_search_index", self.alias)
            else:
                logger.error("Elasticsearch could not answer: %s", error)
            raise SearchUnavailable(str(error)) from error

    def health(self):
        """The server's state: "ok" when it answers and the alias is there, else "down"."""
        try:
            exists = self._read(lambda: self.client.indices.exists_alias(name=self.alias))
        except SearchUnavailable:
            return "down"
        return "ok" if exists else "down"

    @staticmethod
    def _fields(language, text_language=None):
        """The fields an alternative is looked for in, boosted: those of its own language (a
        synonym phrase), or of every language, and the taxonomy labels."""
        fields = []
        for code in [text_language] if text_language else LANGUAGE_CODES:
            boost = READER_LANGUAGE_BOOST if code == language else 1
            for name, weight in FIELD_WEIGHTS.items():
                fields.append(f"{name}_{code}^{weight * boost:g}")
        fields.append(f"context^{CONTEXT_WEIGHT}")
        return fields

    def text_query(self, clauses, language):
        """Every clause must match; any alternative of a clause will do. A clause repeated
        adds nothing to the conjunction and is sent once; clauses past the budget are left
        out (the query matches more, never fails)."""
        musts, spent = [], 0
        for clause in dict.fromkeys(clauses):
            alternatives = [
                (alternative, self._fields(language, alternative.language))
                for alternative in clause.alternatives
            ]
            cost = sum(len(fields) for _alternative, fields in alternatives)
            if spent + cost > CLAUSE_BUDGET:
                logger.info("Query clauses past the clause budget left out: %s", clauses)
                break
            spent += cost
            queries = [
                Q("multi_match", query=" ".join(alternative.words), fields=fields, type="phrase")
                for alternative, fields in alternatives
            ]
            musts.append(
                queries[0]
                if len(queries) == 1
                else Q("bool", should=queries, minimum_should_match=1)
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
            search = search.highlight_options(
                encoder="html",
                pre_tags=["<mark>"],
                post_tags=["</mark>"],
                max_analyzed_offset=MAX_ANALYZED_OFFSET,
            ).highlight(*HIGHLIGHTED, fragment_size=160, number_of_fragments=1)
        # A page past the result window gets the total and the facets, without hits.
        offset = min(request.offset, MAX_RESULT_WINDOW)
        size = max(0, min(request.page_size, MAX_RESULT_WINDOW - offset))
        search = search.extra(track_total_hits=True, from_=offset if size else 0, size=size)
        return search.source(["page_id", "published", "display"])

    def search(self, request, clauses):
        body = self._read(lambda: self.build_search(request, clauses).execute().to_dict())
        return self.parse_response(body, request)

    @staticmethod
    def _best_highlight(highlights, language):
        order = [language, DEFAULT_LANGUAGE, *LANGUAGE_CODES]
        for code in order:
            for name, in_documents in (("body", False), ("summary", False), ("attachment", True)):
                fragments = highlights.get(f"{name}_{code}")
                if fragments:
                    return fragments[0], in_documents, code
        return "", False, ""

    def hit(self, raw, language):
        """The Hit of one hit of a response, its best highlight in `language`."""
        source = raw["_source"]
        display = source.get("display", {})
        highlight, in_documents, shown_in = self._best_highlight(raw.get("highlight", {}), language)
        published = source.get("published")
        return Hit(
            page_id=int(source["page_id"]),
            published=date.fromisoformat(str(published)[:10]) if published else None,
            **stored_result_fields(display),
            highlight=highlight,
            highlight_language=shown_in,
            matched_documents=in_documents,
        )

    def parse_response(self, body, request):
        """BackendResults from a raw search response (as a dict)."""
        hits = [self.hit(raw, request.lang) for raw in body["hits"]["hits"]]
        facets = {}
        for facet in FACETS:
            buckets = body.get("aggregations", {}).get(facet, {}).get("values", {})
            facets[facet] = {
                str(bucket["key"]): bucket["doc_count"] for bucket in buckets.get("buckets", [])
            }
        return BackendResults(total=body["hits"]["total"]["value"], hits=hits, facets=facets)

    def suggest(self, prefix_words, language, limit, admitted):
        own = f"title_{language}"
        search = (
            Search(using=self.client, index=self.alias)
            .query(
                "multi_match",
                query=" ".join(prefix_words),
                type="bool_prefix",
                operator="and",  # every word typed, in one title
                # The reader's language first and boosted: a field named twice would take
                # the boost of its last mention.
                fields=[f"{own}^2", *(field for field in SUGGEST_FIELDS if field != own)],
            )
            .filter("terms", access=list(admitted))
            .source(["page_id", "display"])
            .extra(size=limit * 3)  # some are matched by a stem alone
        )
        suggestions = []
        for hit in self._read(lambda: search.execute().to_dict())["hits"]["hits"]:
            display = hit["_source"].get("display", {})
            titles, urls = display.get("titles", {}), display.get("urls", {})
            if not completes(prefix_words[-1], titles.values()):
                continue
            if len(suggestions) >= limit:
                break
            suggestions.append(
                {
                    "id": int(hit["_source"]["page_id"]),
                    "title": titles.get(language) or titles.get(DEFAULT_LANGUAGE, ""),
                    "url": urls.get(language) or urls.get(DEFAULT_LANGUAGE, ""),
                }
            )
        return suggestions

    # -- The words of the index (search.analysis.vocabulary_words, as words_<language>) ------
    @staticmethod
    def _languages(language):
        return list(dict.fromkeys((language, DEFAULT_LANGUAGE)))

    def correct(self, q, language):
        """Each word of `q` the index holds in neither the reader's language nor English
        stays as typed; another is replaced by the term suggester's best word of the reader's
        language (the fewest edits, then the most documents), else of English. Which words
        are known, a terms aggregation of the typed words says, in the same request."""
        typed = analysis.words(q)
        looked_up = [
            number for number, word in enumerate(typed[:CORRECTED_WORDS]) if not word.isdigit()
        ]
        if not looked_up:
            return None
        codes = self._languages(language)
        search = Search(using=self.client, index=self.alias).extra(size=0, track_total_hits=False)
        for code in codes:
            search.aggs.bucket(
                f"known-{code}",
                "terms",
                field=f"words_{code}",
                include=sorted({typed[number] for number in looked_up}),
                size=len(looked_up),
            )
            for number in looked_up:
                word = typed[number]
                search = search.suggest(
                    f"{code}-{number}",
                    word,
                    term={
                        "field": f"words_{code}",
                        "suggest_mode": "missing",
                        "max_edits": 1 if len(word) <= SHORT_WORD else 2,
                        "size": 1,
                    },
                )
        answer = self._read(lambda: search.execute().to_dict())
        known = {
            bucket["key"]
            for code in codes
            for bucket in answer["aggregations"][f"known-{code}"]["buckets"]
        }
        corrected = list(typed)
        for number in looked_up:
            if typed[number] in known:
                continue
            for code in codes:
                options = [
                    option["text"]
                    for entry in answer.get("suggest", {}).get(f"{code}-{number}", [])
                    for option in entry["options"]
                ]
                if options:
                    corrected[number] = options[0]
                    break
        return " ".join(corrected) if corrected != typed else None

    def terms(self, prefix, language, limit, admitted):
        """A terms aggregation a language (the commonest words first, ties in alphabetical
        order) over the documents the viewer may find that have a word starting so."""
        codes = self._languages(language)
        search = (
            Search(using=self.client, index=self.alias)
            .filter("terms", access=list(admitted))
            .filter(
                "bool",
                should=[Q("prefix", **{f"words_{code}": prefix}) for code in codes],
                minimum_should_match=1,
            )
            .extra(size=0, track_total_hits=False)
        )
        for code in codes:
            search.aggs.bucket(
                code,
                "terms",
                field=f"words_{code}",
                include=starting_with(prefix),
                exclude=sorted(analysis.not_completions(prefix)),
                size=limit,
            )
        answer = self._read(lambda: search.execute().to_dict())
        found = []
        for code in codes:
            for bucket in answer["aggregations"][code]["buckets"]:
                if bucket["key"] not in found and len(found) < limit:
                    found.append(bucket["key"])
        return found
