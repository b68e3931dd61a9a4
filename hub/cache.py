"""Django's Redis cache, made to fail safe: with Redis down, the Hub works without it.

Everything the Hub keeps in the cache (public pages, search results, rankings and facet
indexes, the library's order, the rate limits' counts) can be computed again, and searches
not yet counted in the statistics are written at once while it is down (search.stats), so
a cache that cannot be reached is a cache that misses: a read answers the default, a write is
dropped, `add` and `incr` fail as they do for a missing key (the rate limits then fail open,
RATELIMIT_FAIL_OPEN). Each process logs one warning a minute while the outage lasts, not
one a request, and stops trying for a few seconds after a failure, so that a server that
does not answer costs a request at most one connection timeout, not one a cache call.

`CACHE_URL=redis://...` selects this backend (hub/settings/base.py); `/healthz/` reports
whether the cache answers (`reachable`).
"""

import functools
import logging
import threading
import time
from urllib.parse import urlsplit

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# Errors that mean "the server is not there", as opposed to a bug in a call.
UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
# After a failure, calls are answered as misses without trying, for this many seconds.
RETRY_SECONDS = 5
# One warning a process per this many seconds while the cache stays unreachable.
LOG_SECONDS = 60
# A server that does not answer at all costs at most this long a call (seconds); CACHE_URL's
# query string may set others (`?socket_timeout=5`).
SOCKET_TIMEOUTS = {"socket_connect_timeout": 1, "socket_timeout": 2}


class Outage:
    """What a process knows of one cache server's failures (shared by its threads)."""

    def __init__(self, name):
        self.name = name
        self.lock = threading.Lock()
        self.retry_at = 0.0
        self.logged_at = None

    def skipping(self):
        return time.monotonic() < self.retry_at

    def failed(self, error):
        now = time.monotonic()
        with self.lock:
            self.retry_at = now + RETRY_SECONDS
            if self.logged_at is not None and now - self.logged_at < LOG_SECONDS:
                return
            self.logged_at = now
        logger.warning(
            "The cache at %s cannot be reached (%s): pages are served without it "
            "(this is logged once a minute while it lasts).",
            self.name,
            error.__class__.__name__,
        )

    def recovered(self):
        if self.logged_at is not None:
            with self.lock:
                if self.logged_at is None:
                    return
                self.logged_at = None
            logger.info("The cache at %s answers again.", self.name)


_outages = {}
_outages_lock = threading.Lock()


def _outage_for(servers):
    # Host and port only: a location may carry a password.
    name = ", ".join(
        f"{parts.hostname or parts.path}:{parts.port or 6379}"
        for parts in (urlsplit(server) for server in servers)
    )
    with _outages_lock:
        return _outages.setdefault(name, Outage(name))


def _missing_when_unreachable(miss):
    """Answer `miss(*args)` instead of raising while the server cannot be reached."""

    def decorator(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            if self._outage.skipping():
                return miss(*args, **kwargs)
            try:
                result = method(self, *args, **kwargs)
            except UNREACHABLE as error:
                self._outage.failed(error)
                return miss(*args, **kwargs)
            self._outage.recovered()
            return result

        return wrapper

    return decorator


def _key_not_found(key, *args, **kwargs):
    raise ValueError(f"Key '{key}' not found: the cache cannot be reached.")


class FailSafeRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._options = {**SOCKET_TIMEOUTS, **self._options}
        self._outage = _outage_for(self._servers)

    @_missing_when_unreachable(lambda *args, **kwargs: False)
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return super().add(key, value, timeout, version)

    @_missing_when_unreachable(lambda key, default=None, version=None: default)
    def get(self, key, default=None, version=None):
        return super().get(key, default, version)

    @_missing_when_unreachable(lambda *args, **kwargs: None)
    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return super().set(key, value, timeout, version)

    @_missing_when_unreachable(lambda *args, **kwargs: False)
    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return super().touch(key, timeout, version)

    @_missing_when_unreachable(lambda *args, **kwargs: False)
    def delete(self, key, version=None):
        return super().delete(key, version)

    @_missing_when_unreachable(lambda *args, **kwargs: {})
    def get_many(self, keys, version=None):
        return super().get_many(keys, version)

    @_missing_when_unreachable(lambda *args, **kwargs: False)
    def has_key(self, key, version=None):
        return super().has_key(key, version)

    @_missing_when_unreachable(_key_not_found)
    def incr(self, key, delta=1, version=None):
        return super().incr(key, delta, version)

    @_missing_when_unreachable(lambda data, *args, **kwargs: list(data))
    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return super().set_many(data, timeout, version)

    @_missing_when_unreachable(lambda *args, **kwargs: None)
    def delete_many(self, keys, version=None):
        return super().delete_many(keys, version)

    @_missing_when_unreachable(lambda *args, **kwargs: False)
    def clear(self):
        return super().clear()

    def reachable(self):
        """Whether the server answers now (for /healthz/: never skipped, never raises)."""
        try:
            self._cache.get_client(None).ping()
        except UNREACHABLE as error:
            self._outage.failed(error)
            return False
        self._outage.recovered()
        return True
