"""Typos corrected from the index's own words, on every backend.

A query that finds fewer than FEW results is corrected by the backend (SearchBackend.correct:
the database backend's vocabulary with symspellpy, Elasticsearch's term suggester), from the
words indexed in the reader's language, then in English (whose texts carry the translated
labels of every resource): "trafiking" becomes "trafficking", "forsed labour" "forced
labour". The correction is searched as the viewer: it is offered only if it finds something
they may see (so that no word of a resource hidden from them comes through), as `suggestion`;
when the query as typed found nothing, the results are those of the correction, and
`corrected` says so (the page shows "Did you mean ...", or that it searched for the
correction instead). A backend that fails to correct (Elasticsearch refusing the request)
costs the reader the suggestion, never the search.

Corrections are kept in the cache under the index version, as answers are (search.service).
"""

import hashlib
import logging
from dataclasses import replace

from django.conf import settings
from django.core.cache import cache

from search.backends.base import SearchUnavailable

logger = logging.getLogger(__name__)

FEW = 3  # results below which a query is corrected
NO_CORRECTION = ""  # what the cache keeps for a query with none


def correction(q, language):
    """The backend's correction of `q` in `language`, through the cache; None if none."""
    from search.models import IndexVersion
    from search.service import get_backend

    token = IndexVersion.current()
    key = None
    if settings.SEARCH_CACHE_SECONDS and token is not None:
        what = repr((settings.SEARCH_BACKEND, q, language)).encode()
        key = f"hub-correction:{token}:{hashlib.sha256(what).hexdigest()}"
        kept = cache.get(key)
        if kept is not None:
            return kept or None
    try:
        found = get_backend().correct(q, language)
    except SearchUnavailable as error:
        logger.warning("No correction of %r: %s", q, error)
        return None
    if key is not None:
        cache.set(key, found or NO_CORRECTION, settings.SEARCH_CACHE_SECONDS)
    return found


def search(search_request, search):
    """(results, suggestion, corrected) for `search_request`, searched with `search`
    (service.search): the results of the correction, and corrected=True, when the query as
    typed found nothing and its correction finds something."""
    results = search(search_request)
    if not search_request.q or results.total >= FEW:
        return results, None, False
    suggestion = correction(search_request.q, search_request.lang)
    if suggestion is None:
        return results, None, False
    # Counted in the statistics only when shown as the results.
    found = search(replace(search_request, q=suggestion), record=results.total == 0)
    if not found.total:
        return results, None, False
    if results.total == 0:
        return found, suggestion, True
    return results, suggestion, False
