"""The default backend: the Hub's own index in its database (search.models).

Full-text matching and ranking are SQL of the database in use (search.backends.fulltext);
facet filters and counts are ORM queries over SearchFacet. A search costs the same fixed
number of queries whatever the number of results: the ranked page, the page's entries, its
snippets, and one query for all facet counts.
"""

from django.db import connection, transaction
from django.db.models import Count, F, Q
from django.db.models.expressions import RawSQL

from hub.translation_status import DEFAULT_LANGUAGE, LANGUAGE_CODES
from search.backends.base import BackendResults, Hit, SearchBackend
from search.backends.fulltext import engine_for, marked_html
from search.models import SearchEntry, SearchFacet, SearchText

BATCH_SIZE = 200
BULK_ANALYZE_THRESHOLD = 100  # documents in one write after which planner statistics are renewed
LANGUAGE_SLOTS = 8  # room for the Hub's languages in a text row's id


def text_id(entry_id, language):
    """A text row's id encodes its entry and language (entry * 8 + language), so the full-text
    index yields both without a lookup in the text table."""
    return entry_id * LANGUAGE_SLOTS + LANGUAGE_CODES.index(language)


class DatabaseBackend(SearchBackend):
    name = "database"

    @property
    def engine(self):
        return engine_for(connection.vendor)

    # -- Writing ------------------------------------------------------------------------------
    def index(self, documents):
        documents = list(documents)
        if not documents:
            return
        with transaction.atomic():
            entries = {}
            for document in documents:
                entry, _created = SearchEntry.objects.update_or_create(
                    page_id=document.page_id,
                    defaults={
                        "kind": document.kind,
                        "published": document.published,
                        "titles": document.titles,
                        "summaries": document.summaries,
                        "urls": document.urls,
                        "languages": document.languages,
                        "society": document.society,
                        "themes": document.themes,
                        "documents": document.documents,
                    },
                )
                entries[entry.pk] = document
            SearchFacet.objects.filter(entry_id__in=entries).delete()
            SearchText.objects.filter(entry_id__in=entries).delete()
            SearchFacet.objects.bulk_create(
                SearchFacet(entry_id=entry_id, facet=facet, value=value)
                for entry_id, document in entries.items()
                for facet, value in document.facets
            )
            SearchText.objects.bulk_create(
                SearchText(
                    id=text_id(entry_id, language), entry_id=entry_id, language=language, **text
                )
                for entry_id, document in entries.items()
                for language, text in document.texts.items()
            )
            self.engine.after_write(list(entries))
        if len(documents) >= BULK_ANALYZE_THRESHOLD:
            self.engine.analyze()

    def remove(self, page_ids):
        SearchEntry.objects.filter(page_id__in=list(page_ids)).delete()

    def rebuild(self, documents, total, progress=None):
        """Within one transaction: readers see the old index until the new one commits."""
        with transaction.atomic():
            SearchEntry.objects.all().delete()
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

    def indexed_page_ids(self):
        return set(SearchEntry.objects.values_list("page_id", flat=True))

    # -- Searching ----------------------------------------------------------------------------
    @staticmethod
    def _facet_condition(facet, values):
        return Q(
            id__in=SearchFacet.objects.filter(facet=facet, value__in=values).values("entry_id")
        )

    def _filtered(self, request, excluding=None):
        condition = Q()
        for facet, values in request.filters.items():
            if facet != excluding:
                condition &= self._facet_condition(facet, values)
        return condition

    def search(self, request, clauses):
        engine = self.engine
        all_filters = self._filtered(request)
        filtered = SearchEntry.objects.filter(all_filters).values("id") if request.filters else None
        if clauses:
            rows = engine.ranked(
                clauses,
                request.lang,
                filtered,
                request.sort,
                request.page_size,
                request.offset,
            )
            ids = [row[0] for row in rows]
            total = rows[0][1] if rows else self._count(engine, clauses, filtered)
            match_sql, match_params = engine.match_sql(clauses)
            # The SQL is the engine's own; the query's words are bound parameters.
            matches = Q(entry_id__in=RawSQL(match_sql, match_params))  # noqa: S611
        else:
            # Browsing (no query): newest first, whatever the sort asked for.
            entries = SearchEntry.objects.filter(all_filters).order_by(
                F("published").desc(nulls_last=True), "-id"
            )
            ids = list(
                entries.values_list("id", flat=True)[
                    request.offset : request.offset + request.page_size
                ]
            )
            total = entries.count()
            matches = Q()
            rows = []
        snippets = engine.snippets(clauses, rows) if clauses and ids else {}
        hits = self._hits(ids, snippets, request.lang)
        return BackendResults(total=total, hits=hits, facets=self._facets(matches, request))

    def _count(self, engine, clauses, filtered):
        match_sql, match_params = engine.match_sql(clauses)
        entries = SearchEntry.objects.filter(id__in=RawSQL(match_sql, match_params))  # noqa: S611 - bound params
        if filtered is not None:
            entries = entries.filter(id__in=filtered)
        return entries.count()

    @staticmethod
    def _entries_in(request, excluding=None):
        """Q on SearchFacet.entry_id: entries with the selected values of every facet but
        `excluding` (values OR-ed within a facet, facets AND-ed)."""
        condition = Q()
        for facet, values in request.filters.items():
            if facet != excluding:
                condition &= Q(
                    entry_id__in=SearchFacet.objects.filter(facet=facet, value__in=values).values(
                        "entry_id"
                    )
                )
        return condition

    def _facets(self, matches, request):
        """Counts of every facet value among the matches; each facet ignores its own
        selection, so readers see what choosing another value of it would give. One query
        for the facets without a selection, one for each facet with one."""
        counts = {}
        selected = list(request.filters)
        # The facet selections come before the text match in the WHERE clause: SQLite then
        # starts from the (usually smaller) selected entries.
        querysets = [
            SearchFacet.objects.exclude(facet__in=selected).filter(
                self._entries_in(request) & matches
            )
        ]
        querysets += [
            SearchFacet.objects.filter(facet=facet).filter(
                self._entries_in(request, excluding=facet) & matches
            )
            for facet in selected
        ]
        for queryset in querysets:
            for row in queryset.values("facet", "value").annotate(n=Count("entry_id")):
                counts.setdefault(row["facet"], {})[row["value"]] = row["n"]
        return counts

    def _hits(self, ids, snippets, language):
        if not ids:
            return []
        entries = SearchEntry.objects.in_bulk(ids)
        hits = []
        for entry_id in ids:
            entry = entries.get(entry_id)
            if entry is None:
                continue
            highlight, in_documents = self._best_snippet(snippets.get(entry_id, {}), language)
            hits.append(
                Hit(
                    page_id=entry.page_id,
                    kind=entry.kind,
                    titles=entry.titles,
                    summaries=entry.summaries,
                    urls=entry.urls,
                    languages=entry.languages,
                    published=entry.published,
                    society=entry.society,
                    themes=entry.themes,
                    documents=entry.documents,
                    highlight=highlight,
                    matched_documents=in_documents,
                )
            )
        return hits

    @staticmethod
    def _best_snippet(by_language, language):
        """The reader's language first, then English, then any: body, summary, attachment."""
        order = [language, DEFAULT_LANGUAGE, *sorted(by_language)]
        for code in order:
            if code not in by_language:
                continue
            summary, body, attachment = by_language[code]
            for text, in_documents in ((body, False), (summary, False), (attachment, True)):
                if text and "\x02" in text:
                    return marked_html(text), in_documents
        return "", False

    def suggest(self, prefix_words, language, limit):
        rows = self.engine.titles(prefix_words, limit)
        entries = SearchEntry.objects.in_bulk({entry_id for entry_id, _lang, _title in rows})
        suggestions, seen = [], set()
        for entry_id, _row_language, _title in rows:
            entry = entries.get(entry_id)
            if entry is None or entry_id in seen:
                continue
            seen.add(entry_id)
            title = entry.titles.get(language) or entry.titles.get(DEFAULT_LANGUAGE, "")
            url = entry.urls.get(language) or entry.urls.get(DEFAULT_LANGUAGE, "")
            suggestions.append({"title": title, "url": url})
            if len(suggestions) >= limit:
                break
        return suggestions
