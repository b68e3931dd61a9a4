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

import uuid
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connections, models
from django.utils import timezone

_pins = {}  # model label -> ContextVar of its _Pin


class _Pin:
    """A version as read once for a request or a search (VersionToken.pinned)."""

    def __init__(self, using):
        self.using = using
        self.token = None
        self.read = False


class VersionToken(models.Model):
    """One row whose token changes with every change to what it describes."""

    token = models.UUIDField(default=uuid.uuid4)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def __str__(self):
        return str(self.token)

    @classmethod
    def _pin(cls):
        label = cls._meta.label
        if label not in _pins:
            _pins[label] = ContextVar(f"hub_version_{label}", default=None)
        return _pins[label]

    @classmethod
    def current(cls, using="default"):
        pin = cls._pin().get()
        if pin is None or pin.using != using:
            return cls._read(using)
        if not pin.read:
            pin.token, pin.read = cls._read(using), True
        return pin.token

    @classmethod
    def _read(cls, using):
        # Plain SQL: every page and search asks, and building the query through the ORM cost
        # as much as running it.
        with connections[using].cursor() as cursor:
            cursor.execute(f"SELECT token FROM {cls._meta.db_table} ORDER BY id LIMIT 1")  # noqa: S608
            row = cursor.fetchone()
        return None if row is None else uuid.UUID(str(row[0]))

    @classmethod
    @contextmanager
    def pinned(cls, using="default"):
        """Read the version at most once for everything inside (a request, a search): it is
        read when first asked for; a change inside (bump) has it read again."""
        variable = cls._pin()
        outer = variable.get()
        if outer is not None and outer.using == using:
            yield
            return
        reset = variable.set(_Pin(using))
        try:
            yield
        finally:
            variable.reset(reset)

    @classmethod
    def bump(cls, **kwargs):
        """A new token; call inside the transaction that makes the change. (Takes a signal's
        arguments, so that it can be connected to one.)"""
        if not cls.objects.filter(pk=1).update(token=uuid.uuid4(), changed_at=timezone.now()):
            cls.objects.update_or_create(pk=1, defaults={"token": uuid.uuid4()})
        pin = cls._pin().get()
        if pin is not None:
            pin.read = False
