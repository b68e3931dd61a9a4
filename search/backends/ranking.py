"""The order of a query's matches in the database backend, and the pages cut from it.

A resource with a word of the query in its title or summary (its head) comes before one that
has them in its body or attachments only. Heads are ranked by the database (bm25 on SQLite,
ts_rank on PostgreSQL; a row in the reader's language counts more); the other matches are
newest first, as when browsing. Only the heads are scored: at 10,000 resources a common word
is in the body of nine in ten but in the head of one in four, and scoring every match took
more time than the rest of a search together (README, Figures).

The engine (search.backends.fulltext) answers with every matching text row, for the total
and the facet counts, and the head rows, best first; a row's id says its entry and language
(database.text_id). A page is then cut for any facet selection without asking the database
again, which is why the ranking is what the backend keeps in the cache.
"""

from array import array
from dataclasses import dataclass

from search.facets import Membership, bitset

SPARSE = 512  # fewer entries than this past the heads are sorted by date, not walked to
# Heads the database sorts and hands over: the best this many, enough for the first pages of
# any but the narrowest facet selection. A page they cannot fill has them all ranked.
HEAD_ROWS = 1000


def members(bits):
    """The ids in a bitset, lowest first (for few members: each step costs the int's size)."""
    found = []
    while bits:
        lowest = bits & -bits
        found.append(lowest.bit_length() - 1)
        bits ^= lowest
    return found


@dataclass
class Ranking:
    """`matched`: the bitset of the matching entries; `head`: text row ids, best first (rows
    of entries that do not match are skipped); `slots`: text rows an entry has; `complete`:
    whether `head` holds every head row, or the best HEAD_ROWS only."""

    matched: int
    head: array
    slots: int
    complete: bool = True

    @classmethod
    def of(cls, rows, head, slots, limit=None):
        """`rows`: every matching text row id, a numpy array; `head`: the best `limit`."""
        return cls(
            matched=bitset(rows // slots),
            head=array("q", head),
            slots=slots,
            complete=limit is None or len(head) < limit,
        )

    def page(self, index, allowed, offset, size):
        """[(entry id, its best text row id, or None past the heads)] of the requested page
        among the `allowed` entries (a bitset), `index` a FacetIndex (dates, newest order);
        None when the heads kept ran out before the page was full (rank them all)."""
        wanted = offset + size
        scope = self.matched & allowed
        test = Membership(scope)
        page, seen = [], set()
        for row_id in self.head:
            entry_id = row_id // self.slots
            if entry_id in seen:
                continue
            seen.add(entry_id)
            if entry_id in test:
                page.append((entry_id, row_id))
                if len(page) == wanted:
                    return page[offset:]
        if not self.complete:
            return None
        rest = scope & ~bitset(seen) if seen else scope
        needed = wanted - len(page)
        if rest.bit_count() <= SPARSE:
            dates = index.dates
            newest = sorted(members(rest), key=lambda entry: (dates[entry], entry), reverse=True)
            others = newest[:needed]
        else:
            others = index.newest_first(rest, 0, needed)
        page += [(entry_id, None) for entry_id in others]
        return page[offset:]
