"""The database backend's own index: one entry a resource, its facets, its text a language.

Wagtail's database search ranks by re-running the match for every matching row, which a
library of thousands of pages cannot afford; this index is shaped for the queries the Hub
asks instead: facet values as rows that each process turns into bitsets (search.facets), and
text in a table that SQLite's FTS5 or PostgreSQL's tsvectors (created by the migrations, per
database) match and rank. What a result shows (titles, summaries and addresses in every
language) is stored with the entry, so a page of results needs no page from the tree.
"""

from django.db import models
from django.utils import timezone
from wagtail.search.utils import normalise_query_string

from hub.versions import VersionToken


class SearchEntry(models.Model):
    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="search_entry"
    )
    kind = models.CharField(max_length=20)
    published = models.DateField(null=True, blank=True, db_index=True)
    titles = models.JSONField(default=dict)
    summaries = models.JSONField(default=dict)
    urls = models.JSONField(default=dict)
    languages = models.JSONField(default=list)
    society = models.JSONField(default=dict, blank=True)  # {"value": slug, "names": {lang: name}}
    themes = models.JSONField(default=list)  # [{"value": slug, "names": {lang: name}}]
    documents = models.JSONField(default=list)  # [{"title", "url", "language"}]
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "search entry"

    def __str__(self):
        return self.titles.get("en", str(self.page_id))


class SearchFacet(models.Model):
    """One facet value of an entry: ("theme", "identification"), ("year", "2018")...

    Read whole by each process into bitsets (search.facets); never filtered in SQL."""

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="facets")
    facet = models.CharField(max_length=20)
    value = models.CharField(max_length=100)

    class Meta:
        # Reading the entries of each value, value by value, is a scan of this index.
        indexes = [models.Index(fields=["facet", "value", "entry"])]

    def __str__(self):
        return f"{self.facet}={self.value}"


class SearchText(models.Model):
    """The text of an entry in one language; `context` holds the translated labels of its
    taxonomies, countries and National Society, so a query in any language finds it."""

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(max_length=5)
    title = models.TextField(blank=True)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    context = models.TextField(blank=True)
    attachment = models.TextField(blank=True)

    def __str__(self):
        return f"{self.entry_id} ({self.language})"


class SearchVector(models.Model):
    """PostgreSQL only: what a match and its ranking read, one row a SearchText.

    The migrations partition it by language and add its tsvector columns: `document` (the
    stems of every field, without positions, in each partition's GIN index, stored out of line
    when large) and `head` (title and summary with weights A and B, ranked with ts_rank). The
    table stays narrow, so that matching thousands of rows reads few pages and never the texts
    themselves. SQLite uses its FTS5 table instead and leaves this empty.
    """

    # The id of its SearchText row (not a relation, so that deleting texts stays one
    # statement); rows go with their entry.
    text_id = models.BigIntegerField(primary_key=True)
    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="vectors")
    language = models.CharField(max_length=5)
    published = models.DateField(null=True, blank=True)  # the entry's, to order by without a join

    def __str__(self):
        return f"{self.entry_id} ({self.language})"


class IndexVersion(VersionToken):
    """The search index's version (hub.versions): it changes with every write to the index,
    term, National Society and editor's pick, in the same transaction. Each process keeps the
    facet bitsets and the vocabulary of the version it loaded, and search results are cached
    under it."""


class QueryStat(models.Model):
    """How often a query was searched, and how often it found nothing: the editors' report of
    popular queries and of what readers look for and the library does not have."""

    query = models.CharField(max_length=255)
    language = models.CharField(max_length=5)
    searches = models.PositiveIntegerField(default=0)
    empty_searches = models.PositiveIntegerField(default=0)
    last_results = models.PositiveIntegerField(default=0)
    last_searched = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["query", "language"], name="unique_query_language")
        ]

    def __str__(self):
        return self.query

    @classmethod
    def record(cls, q, language, total):
        """Count a search (written in batches: search.stats)."""
        from search import stats

        query = normalise_query_string(q)
        if query:
            stats.record(query, language, total)
