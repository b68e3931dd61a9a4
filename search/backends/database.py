"""The default backend: the Hub's own index in its database (search.models).

Full-text matching and ranking are SQL of the database in use (search.backends.fulltext);
facet filters and counts are bitsets each process keeps of the index (search.facets);
snippets are cut in Python (search.highlight). A search costs the same few queries whatever
the number of results: the index version, the match with its ranked page, and the page's
entries and texts. (Answers are cached by the service, search.service.search, whatever the
backend; a query's ranking is cached here, for its other pages and facet selections.)
"""

import datetime
import hashlib
import json

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction

from hub.languages import DEFAULT_LANGUAGE
from hub.restrictions import PUBLIC
from search import facets as facet_index
from search.analysis import completes, highlight_terms, indexed_fields
from search.backends import ranking as ranking_module
from search.backends import vocabulary
from search.backends.base import (
    RESULT_FIELDS,
    BackendResults,
    Hit,
    SearchBackend,
    result_fields,
)
from search.backends.fulltext import LANGUAGE_SLOTS, SLOT_OF_LANGUAGE, engine_for
from search.backends.ranking import Ranking
from search.facets import ACCESS, Membership
from search.highlight import Highlighter
from search.models import IndexVersion, SearchEntry, SearchFacet, SearchText, SearchVector

BATCH_SIZE = 200
BULK_ANALYZE_THRESHOLD = 100  # documents in one write after which planner statistics are renewed
# What a hit shows, read from the entry table (every result field but the kind is JSON).
HIT_FIELDS = ("page_id", "published", *RESULT_FIELDS)
JSON_FIELDS = {name for name, empty in RESULT_FIELDS.items() if empty is not str}


def _ranking_key(token, request, clauses):
    """The cache key of a ranking under an index version: what ranks a query (database,
    query, reader's language, sort)."""
    what = repr((connection.vendor, clauses, request.lang, request.sort))
    return f"hub-ranking:{token}:{hashlib.sha256(what.encode()).hexdigest()}"


# The two reads of a page of hits are plain SQL: through the ORM, building the queries and
# converting their values cost more than running the queries.
def _placeholders(values):
    return ", ".join(["%s"] * len(values))


def _entry_rows(ids):
    """(id, *HIT_FIELDS) of the entries `ids`."""
    sql = f"""SELECT id, {", ".join(HIT_FIELDS)} FROM {SearchEntry._meta.db_table}
              WHERE id IN ({_placeholders(ids)})"""  # noqa: S608 - constants and placeholders
    with connection.cursor() as cursor:
        cursor.execute(sql, list(ids))
        rows = cursor.fetchall()
    for entry_id, *values in rows:
        hit = dict(zip(HIT_FIELDS, values, strict=True))
        for name in JSON_FIELDS:
            hit[name] = json.loads(hit[name])
        if isinstance(hit["published"], str):  # SQLite hands dates over as text
            hit["published"] = datetime.date.fromisoformat(hit["published"])
        yield entry_id, hit


def _text_rows(ids, language, row_ids):
    """(id, entry id, language, summary, body, attachment) of the text rows of the entries
    `ids` in `language`, and of the rows `row_ids`."""
    sql = f"""SELECT id, entry_id, language, summary, body, attachment
              FROM {SearchText._meta.db_table}
              WHERE (entry_id IN ({_placeholders(ids)}) AND language = %s)
                 OR id IN ({_placeholders(row_ids)})"""  # noqa: S608 - as above
    with connection.cursor() as cursor:
        cursor.execute(sql, [*ids, language, *row_ids])
        return cursor.fetchall()


def _facet_rows(document):
    """(facet, value) rows of a document: its facets, and who may find it unless everyone."""
    rows = list(document.facets)
    if document.access != PUBLIC:
        rows.append((ACCESS, document.access))
    return rows


def text_id(entry_id, language):
    """A text row's id encodes its entry and language (entry * 8 + the language's slot), so
    the full-text index yields both without a lookup in the text table."""
    return entry_id * LANGUAGE_SLOTS + SLOT_OF_LANGUAGE[language]


def _every_row(entry_id):
    """The ids an entry's text rows have, one per language."""
    return [text_id(entry_id, language) for language in SLOT_OF_LANGUAGE]


class DatabaseBackend(SearchBackend):
    name = "database"

    @property
    def engine(self):
        return engine_for(connection.vendor)

    # -- Writing ------------------------------------------------------------------------------
    def bulk_written(self):
        """Fresh statistics for the planner, and on PostgreSQL a vacuum: straight after
        importing 10,000 resources, before autovacuum came by, searches took 46 ms at p50
        with the statistics renewed and 9 ms once vacuumed, which marks the fresh pages
        all-visible (README, Figures). VACUUM cannot run inside a transaction: within one
        (the tests'), the tables are analysed only. On a partitioned table both cover its
        partitions."""
        tables = [model._meta.db_table for model in (SearchEntry, SearchFacet, SearchText)]
        tables.append(SearchVector._meta.db_table)
        names = [connection.ops.quote_name(table) for table in tables]
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql" and not connection.in_atomic_block:
                cursor.execute("VACUUM (ANALYZE) " + ", ".join(names))
                return
            for name in names:
                cursor.execute(f"ANALYZE {name}")

    def index(self, documents):
        documents = list(documents)
        if not documents:
            return
        with transaction.atomic():
            # One upsert for every entry (a page's last document wins), not two queries each.
            by_page = {document.page_id: document for document in documents}
            SearchEntry.objects.bulk_create(
                [
                    SearchEntry(
                        page_id=page_id, published=document.published, **result_fields(document)
                    )
                    for page_id, document in by_page.items()
                ],
                update_conflicts=True,
                unique_fields=["page"],
                update_fields=["published", "indexed_at", *RESULT_FIELDS],
            )
            stored = SearchEntry.objects.filter(page_id__in=by_page).values_list("pk", "page_id")
            entries = {entry_id: by_page[page_id] for entry_id, page_id in stored}
            SearchFacet.objects.filter(entry_id__in=entries).delete()
            SearchVector.objects.filter(entry_id__in=entries).delete()
            SearchText.objects.filter(entry_id__in=entries).delete()
            SearchFacet.objects.bulk_create(
                SearchFacet(entry_id=entry_id, facet=facet, value=value)
                for entry_id, document in entries.items()
                for facet, value in _facet_rows(document)
            )
            SearchText.objects.bulk_create(
                SearchText(
                    id=text_id(entry_id, language),
                    entry_id=entry_id,
                    language=language,
                    **indexed_fields(text),
                )
                for entry_id, document in entries.items()
                for language, text in document.texts.items()
            )
            self.engine.after_write(list(entries))
            IndexVersion.bump()
        if len(documents) >= BULK_ANALYZE_THRESHOLD:
            self.engine.analyze()

    def update_access(self, access):
        pairs = list(access.items())
        with transaction.atomic():
            for start in range(0, len(pairs), BATCH_SIZE):
                batch = dict(pairs[start : start + BATCH_SIZE])
                entries = dict(
                    SearchEntry.objects.filter(page_id__in=batch).values_list("page_id", "id")
                )
                SearchFacet.objects.filter(entry_id__in=entries.values(), facet=ACCESS).delete()
                SearchFacet.objects.bulk_create(
                    SearchFacet(entry_id=entries[page_id], facet=ACCESS, value=token)
                    for page_id, token in batch.items()
                    if page_id in entries and token != PUBLIC
                )
            IndexVersion.bump()

    def remove(self, page_ids):
        with transaction.atomic():
            SearchEntry.objects.filter(page_id__in=list(page_ids)).delete()
            IndexVersion.bump()

    def rebuild(self, documents, total, progress=None):
        """Within one transaction: readers see the old index until the new one commits."""
        with transaction.atomic():
            SearchEntry.objects.all().delete()
            IndexVersion.bump()
            batch = []
            for document in documents:
                batch.append(document)
                if len(batch) >= BATCH_SIZE:
                    self.index(batch)
                    if progress is not None:
                        progress.update(len(batch))
                    batch = []
            self.index(batch)
            if progress is not None:
                progress.update(len(batch))

    # -- Searching ----------------------------------------------------------------------------
    def search(self, request, clauses):
        index = facet_index.current()
        visible = index.visible(request.viewer.admitted())
        selection = index.select(request.filters, visible)
        allowed = selection.allowed()
        if clauses:
            ranking = self._ranking(index, request, clauses)
            page = ranking.page(index, allowed, request.offset, request.page_size)
            if page is None:  # past the best heads: rank them all
                ranking = self._ranking(index, request, clauses, every_head=True)
                page = ranking.page(index, allowed, request.offset, request.page_size)
            matched = ranking.matched
            total = (matched & allowed).bit_count()
            ids = [entry_id for entry_id, _row_id in page]
            best_rows = dict(page)
        else:
            # Browsing (no query): newest first, whatever the sort asked for.
            matched, best_rows = None, {}
            total = allowed.bit_count()
            ids = index.newest_first(allowed, request.offset, request.page_size)
        hits = self._hits(ids, clauses, best_rows, request.lang)
        return BackendResults(
            total=total, hits=hits, facets=index.counts(selection, matched=matched)
        )

    def _ranking(self, index, request, clauses, every_head=False):
        """The query's Ranking (search.backends.ranking), with the best HEAD_ROWS heads or
        `every_head`. Filters and pages are cut from it, and it is kept in the cache under
        the index version (the complete one replacing the other): a reader who narrows a
        search with the facets or turns its pages costs no new match."""
        timeout = settings.SEARCH_CACHE_SECONDS
        key = None
        if timeout and index.token is not None:
            key = _ranking_key(index.token, request, clauses)
            cached = cache.get(key)
            if cached is not None and (cached.complete or not every_head):
                return cached
        limit = None if every_head else ranking_module.HEAD_ROWS
        rows, head = self.engine.match(clauses, request.lang, request.sort, limit)
        ranking = Ranking.of(rows, head, LANGUAGE_SLOTS, limit)
        if key is not None:
            cache.set(key, ranking, timeout)
        return ranking

    def _hits(self, ids, clauses, best_rows, language):
        if not ids:
            return []
        entries = dict(_entry_rows(ids))
        texts = {}
        if clauses:
            # The best row of each entry ranked by its head, every row of the others.
            rows = [
                row_id
                for entry_id, row_id in best_rows.items()
                for row_id in ([row_id] if row_id is not None else _every_row(entry_id))
            ]
            for row_id, entry_id, row_language, summary, body, attachment in _text_rows(
                ids, language, rows
            ):
                texts.setdefault(entry_id, {})[row_language] = (row_id, summary, body, attachment)
        highlighters = {}  # a text is highlighted with the synonyms of its own language

        def highlighter(code):
            if code not in highlighters:
                highlighters[code] = Highlighter(highlight_terms(clauses, code))
            return highlighters[code]

        hits = []
        for entry_id in ids:
            entry = entries.get(entry_id)
            if entry is None:
                continue
            highlight, in_documents, shown_in = "", False, ""
            if clauses:
                highlight, in_documents, shown_in = self._best_snippet(
                    highlighter, texts.get(entry_id, {}), language
                )
            hits.append(
                Hit(
                    **entry,
                    highlight=highlight,
                    highlight_language=shown_in,
                    matched_documents=in_documents,
                )
            )
        return hits

    @staticmethod
    def _best_snippet(highlighter, by_language, language):
        """The reader's language first, then the row that ranked best: its body, summary or
        attachment, whichever has a hit first. (A resource found by its labels alone,
        "forced labour" on an English-only tool, has no snippet: its summary is shown.)"""
        rows = sorted(by_language.items(), key=lambda item: item[0] != language)
        for code, (_row_id, summary, body, attachment) in rows:
            for text, in_documents in ((body, False), (summary, False), (attachment, True)):
                snippet = highlighter(code).snippet(text)
                if snippet:
                    return snippet, in_documents, code
        return "", False, ""

    def suggest(self, prefix_words, language, limit, admitted):
        index = facet_index.current()
        visible = Membership(index.visible(admitted))
        rows = self.engine.titles(prefix_words, limit)
        entries = SearchEntry.objects.in_bulk({entry_id for entry_id, _lang, _title in rows})
        suggestions, seen = [], set()
        for entry_id, _row_language, row_title in rows:
            entry = entries.get(entry_id)
            if entry is None or entry_id in seen or entry_id not in visible:
                continue
            if not completes(prefix_words[-1], [row_title]):  # matched by a stem alone
                continue
            seen.add(entry_id)
            title = entry.titles.get(language) or entry.titles.get(DEFAULT_LANGUAGE, "")
            url = entry.urls.get(language) or entry.urls.get(DEFAULT_LANGUAGE, "")
            suggestions.append({"id": entry.page_id, "title": title, "url": url})
            if len(suggestions) >= limit:
                break
        return suggestions

    def correct(self, q, language):
        return vocabulary.correction(q, language)

    def terms(self, prefix, language, limit, admitted):
        return vocabulary.completions(prefix, language, limit, admitted)
