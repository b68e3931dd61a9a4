"""Version tokens: a cache is keyed by the token of what it was computed from.

Each mechanism has its own token, owned by the app whose data it describes: the site's
content (hub.models.ContentVersion: pages, the emergency notice, view restrictions, sites,
terms, National Societies and contact points) keys the page cache, the navigation and the
library's listing; the search index (search.models.IndexVersion) keys the facet bitsets,
the vocabulary and search results. A change bumps the token in its own transaction, so a
cache can never outlive what it shows.

A token is random rather than a counter, so that a rolled-back change or a restored database
can never be mistaken for a version seen before.
"""

import contextvars
import uuid
from contextlib import contextmanager

from django.db import connections, models
from django.utils import timezone

_collapsed = contextvars.ContextVar("collapsed_bumps", default=None)


@contextmanager
def collapsed_bumps():
    """Bump each token the block bumps once, as it ends, instead of at each change: a bulk
    write (a batch of the importer, hundreds of pages) is one change to the caches. Use it
    inside the transaction that makes the changes; a block that fails bumps nothing (its
    transaction rolls back)."""
    if _collapsed.get() is not None:  # within another: that one bumps
        yield
        return
    pending = set()
    reset = _collapsed.set(pending)
    try:
        yield
    finally:
        _collapsed.reset(reset)
    for model in pending:
        model.bump()


class VersionToken(models.Model):
    """One row whose token changes with every change to what it describes. Each cache that
    asks reads it (an indexed read of a one-row table): keeping it for the whole request
    saved three to five such reads a page, too little to be worth its machinery."""

    token = models.UUIDField(default=uuid.uuid4)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def __str__(self):
        return str(self.token)

    @classmethod
    def current(cls, using="default"):
        # Plain SQL: every page and search asks, and building the query through the ORM cost
        # as much as running it.
        with connections[using].cursor() as cursor:
            cursor.execute(f"SELECT token FROM {cls._meta.db_table} ORDER BY id LIMIT 1")  # noqa: S608
            row = cursor.fetchone()
        return None if row is None else uuid.UUID(str(row[0]))

    @classmethod
    def bump(cls, **kwargs):
        """A new token; call inside the transaction that makes the change. (Takes a signal's
        arguments, so that it can be connected to one.)"""
        if (pending := _collapsed.get()) is not None:
            pending.add(cls)
            return
        if not cls.objects.filter(pk=1).update(token=uuid.uuid4(), changed_at=timezone.now()):
            cls.objects.update_or_create(pk=1, defaults={"token": uuid.uuid4()})
