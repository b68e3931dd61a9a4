"""Facet filters and counts of the database backend, as bitsets held by each process.

Counting facets in SQL means joining every match to its facet rows and grouping them, at
every search and whatever the page shows: the more matches, the longer it takes. Here each
facet value is a bitset of entry ids (a Python int), loaded once per index version
(IndexVersion): a selection is an OR of its values' bitsets, facets combine with AND, and a
count is the population count of an AND. A search costs one query to check the version;
after the index changed, the first process reads it again (two queries over the whole facet
table) and shares it with the others through Django's cache.
"""

import threading
from dataclasses import dataclass, field

import numpy
from django.conf import settings
from django.core.cache import cache
from django.db import connections

from search import memory
from search.models import IndexVersion, SearchEntry, SearchFacet

ACCESS = "access"  # not a facet readers choose: who may find an entry (hub.restrictions)


def bitset(ids):
    """The bitset of a collection of non-negative ints (or a numpy array of them)."""
    ids = ids if isinstance(ids, numpy.ndarray) else numpy.fromiter(ids, dtype=numpy.int64)
    if not ids.size:
        return 0
    flags = numpy.zeros(int(ids.max()) + 1, dtype=bool)
    flags[ids] = True
    return int.from_bytes(numpy.packbits(flags, bitorder="little").tobytes(), "little")


def ids_of(text):
    """The ids in a text of comma-separated ints, as SQL's group_concat or string_agg makes
    it, as a numpy array: parsed in C, where a Python loop took milliseconds a search."""
    if not text:
        return numpy.empty(0, dtype=numpy.int64)
    return numpy.fromstring(text, dtype=numpy.int64, sep=",")


class Membership:
    """Constant-time membership tests of a bitset."""

    def __init__(self, bits):
        self._bytes = bits.to_bytes((bits.bit_length() + 7) // 8, "little")

    def __contains__(self, member):
        index = member >> 3
        return index < len(self._bytes) and self._bytes[index] >> (member & 7) & 1 == 1


@dataclass
class Selection:
    """What the reader selected: for each facet with a selection, the OR of its values."""

    by_facet: dict = field(default_factory=dict)
    everything: int = 0

    def allowed(self, excluding=None):
        """Entries passing every selection but that of `excluding` (AND across facets)."""
        bits = self.everything
        for facet, selected in self.by_facet.items():
            if facet != excluding:
                bits &= selected
        return bits


class FacetIndex:
    """Every entry's facet values as bitsets, and the entries newest first for browsing."""

    def __init__(self, token, entries, facets):
        """`entries`: (id, publication date); `facets`: (facet, value, entry ids)."""
        self.token = token
        self.values = {}  # facet -> value -> bitset
        for facet, value, found in facets:
            self.values.setdefault(facet, {})[value] = bitset(found)
        # Newest first: publication date (entries without one last), then the latest entry.
        dated = sorted(
            entries, key=lambda item: (item[1] is not None, item[1], item[0]), reverse=True
        )
        self.newest = [entry_id for entry_id, _published in dated]
        # Sortable publication dates ("" when unknown), to order matches newest first.
        self.dates = {entry_id: str(published or "") for entry_id, published in entries}
        self.everything = bitset(self.newest)

    @classmethod
    def load(cls, token, using="default"):
        """Read the index's entries and the entries of each facet value: at 10,000
        resources a hundred thousand values, grouped by the database (reading its
        (facet, value, entry) index in order) rather than handed over one by one."""
        connection = connections[using]
        if connection.vendor == "postgresql":
            grouped = "array_agg(entry_id)"
        else:
            grouped = "group_concat(entry_id)"
        # Only the models' table names and an aggregate are spliced in: no value of a request.
        entries_sql = f"SELECT id, published FROM {SearchEntry._meta.db_table}"  # noqa: S608
        facets_sql = f"""SELECT facet, value, {grouped} FROM {SearchFacet._meta.db_table}
                         GROUP BY facet, value"""  # noqa: S608
        with connection.cursor() as cursor:
            cursor.execute(entries_sql)
            entries = cursor.fetchall()
            cursor.execute(facets_sql)
            facets = [
                (facet, value, ids_of(found) if isinstance(found, str) else found)
                for facet, value, found in cursor.fetchall()
            ]
        return cls(token, entries, facets)

    def visible(self, admitted):
        """The entries whose access token (hub.restrictions; public ones have none) is among
        `admitted`: a token not named there, even one unknown, hides its entries."""
        hidden = 0
        for token, bits in self.values.get(ACCESS, {}).items():
            if token not in admitted:
                hidden |= bits
        return self.everything & ~hidden if hidden else self.everything

    def select(self, filters, visible=None):
        """The Selection of request filters ({facet: values}) among the `visible` entries
        (a bitset; None: every entry); unknown values select nothing."""
        by_facet = {}
        for facet, values in filters.items():
            known = self.values.get(facet, {})
            selected = 0
            for value in values:
                selected |= known.get(value, 0)
            by_facet[facet] = selected
        everything = self.everything if visible is None else visible
        return Selection(by_facet=by_facet, everything=everything)

    def counts(self, selection, matched=None):
        """{facet: {value: count}} among `matched` (a bitset; None: every entry). Each facet
        ignores its own selection, so that readers see what choosing another value gives."""
        scope = self.everything if matched is None else matched & self.everything
        counts = {}
        for facet, by_value in self.values.items():
            if facet == ACCESS:
                continue
            base = scope & selection.allowed(excluding=facet)
            if not base:
                continue
            found = {}
            for value, bits in by_value.items():
                count = (base & bits).bit_count()
                if count:
                    found[value] = count
            counts[facet] = found
        return counts

    def newest_first(self, allowed, offset, limit):
        """A page of the allowed entries (a bitset), newest first."""
        if allowed == self.everything:
            return self.newest[offset : offset + limit]
        test = Membership(allowed)
        page, skipped = [], 0
        for entry_id in self.newest:
            if entry_id in test:
                if skipped < offset:
                    skipped += 1
                    continue
                page.append(entry_id)
                if len(page) == limit:
                    break
        return page


_loaded = {}  # database alias -> FacetIndex
_lock = threading.Lock()


def current(using="default"):
    """The FacetIndex of the index as it is now: one query, plus two after a change."""
    token = IndexVersion.current(using)
    index = _loaded.get(using)
    if index is None or token is None or index.token != token:
        # The token is read first: should the index change meanwhile, what is loaded is newer
        # than the token says and is reloaded at the next search. A token seen inside a
        # transaction that rolls back is never seen again, so caching it is harmless.
        # The first process to load a version shares it through Django's cache (Redis in
        # production): the others unpickle it instead of reading the index again.
        shared = settings.SEARCH_CACHE_SECONDS and token is not None
        key = f"hub-search-facets:{using}:{token}"
        index = cache.get(key) if shared else None
        if index is None:
            index = FacetIndex.load(token, using=using)
            if shared:
                cache.set(key, index, settings.SEARCH_CACHE_SECONDS)
        with _lock:
            _loaded[using] = index
        memory.settle()
    return index
