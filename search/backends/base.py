"""The interface every search backend implements, and the shapes it answers with."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _


class SearchUnavailable(Exception):
    """The backend cannot answer now (its server down, hung or refusing the request): the
    search page, the API, the feed and suggest answer 503 with `message`, never an error."""

    message = _("Search is unavailable at the moment. Please try again in a few minutes.")
    retry_after = 30  # seconds, the Retry-After of a 503


class RebuildFailed(RuntimeError):
    """A rebuild did not complete: readers keep searching the index they had."""


@dataclass
class Hit:
    """One matching resource as a backend found it, in every language it is stored in."""

    page_id: int
    kind: str
    titles: dict
    summaries: dict
    urls: dict
    languages: list
    published: object
    society: dict
    themes: list
    documents: list
    highlight: str = ""  # HTML: escaped text with <mark> around matched words
    highlight_language: str = ""  # the language of the text the highlight is cut from
    matched_documents: bool = False  # the match is inside an attached document


# What a result shows of a resource besides its page and date: what every backend stores of a
# search.documents.Document and answers in a Hit, each with its empty value.
RESULT_FIELDS = {
    "kind": str,
    "titles": dict,
    "summaries": dict,
    "urls": dict,
    "languages": list,
    "society": dict,
    "themes": list,
    "documents": list,
}


def result_fields(document):
    """What a backend stores of a search.documents.Document to show it as a result."""
    return {name: getattr(document, name) for name in RESULT_FIELDS}


def stored_result_fields(stored):
    """The RESULT_FIELDS of a Hit from what a backend stored ({name: value}); a value
    missing or null is empty."""
    return {name: stored.get(name) or empty() for name, empty in RESULT_FIELDS.items()}


@dataclass
class BackendResults:
    total: int
    hits: list
    facets: dict = field(default_factory=dict)  # facet -> {value: count}


class SearchBackend:
    """Stores documents (search.documents.Document) and answers search requests.

    `search` receives the parsed request and the analysed query clauses and must return the
    page of hits asked for, the total, and for each facet the count of every value among the
    matches, ignoring that facet's own selection. Every answer (hits, total, counts, suggestions)
    covers only the documents whose `access` token (hub.restrictions) is among those that
    admit the request's viewer (`request.viewer.admitted()`): a token the viewer's list does not
    name admits nobody.
    """

    name = "base"
    # How many hits of one query can be paged through (None: all of them).
    result_window = None

    def index(self, documents):
        raise NotImplementedError

    def remove(self, page_ids):
        raise NotImplementedError

    def rebuild(self, documents, total, progress=None):
        """Replace the whole index with `documents`; readers see the old one until it is done."""
        raise NotImplementedError

    def search(self, request, clauses):
        raise NotImplementedError

    def bulk_written(self):
        """Many documents were just written (an import): make the index ready to search fast
        now rather than when the server's own maintenance gets to it."""

    def update_access(self, access):
        """Give indexed pages new access tokens: {page id: token}."""
        raise NotImplementedError

    def suggest(self, prefix_words, language, limit, admitted):
        """[{"id", "title", "url"}] of resources whose title has words starting with
        `prefix_words`, among those whose access token is in `admitted`."""
        raise NotImplementedError

    def correct(self, q, language):
        """The query `q` with its typos corrected from the words the index holds, looked up in
        `language`, then in English; None when every word is known or nothing is close. A
        word is corrected by two edits at most, a short one (five letters; on the database
        backend, a query that short) by one. (The service offers a correction only if it
        finds something the viewer may see.)"""
        raise NotImplementedError

    def terms(self, prefix, language, limit, admitted):
        """Up to `limit` words of the index that complete `prefix` (a folded word), those of
        `language` first, then English ones, each group the commonest first (in the most
        documents whose access token is in `admitted`); never `prefix` itself or a common
        word (search.analysis.not_completions)."""
        raise NotImplementedError

    def health(self):
        """The state of a server of the backend's own, "ok" or "down"; None for a backend that
        lives in the database (whose state /healthz/ reports already)."""
        return None
