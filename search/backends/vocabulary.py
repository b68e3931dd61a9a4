"""The database backend's vocabulary, per language: the words of the texts indexed in it
(search.analysis.vocabulary_words), each with the number of texts that hold it, counted by
access token (hub.restrictions). It corrects typos (symspellpy's lookup_compound, edits of up
to MAX_EDITS a word, looked up word by word and as a whole) and completes the word being
typed with the commonest words that begin with it, counting only the texts the viewer may
find.

A language's vocabulary is built from the text table the first time a query needs it, and
again when a query needs it after the index changed (hub.versions), but no sooner than
SEARCH_VOCABULARY_SECONDS after the last build: building reads every text of the language,
and a correction is searched in the live index anyway. The first process to build a
language's vocabulary for an index version shares it through Django's cache (Redis in
production), as search.facets shares the bitsets: each build takes seconds at 10,000
resources, and each worker building its own held searches up under load. A change of who
may find what (a view restriction added, removed or moved: the access bitsets of
search.facets) builds it again at once, so that no word is counted for a viewer it is now
hidden from. A correction costs a few dictionary probes (SymSpell's
precomputed deletions, made the first time a correction needs them), a completion a binary
search of the sorted words; neither scans the vocabulary.
"""

import bisect
import time

from django.conf import settings
from django.core.cache import cache
from symspellpy import SymSpell

from hub.languages import DEFAULT_LANGUAGE
from hub.restrictions import PUBLIC
from search import analysis, memory
from search import facets as facet_index
from search.facets import ACCESS

MAX_EDITS = 2
SHORT_QUERY = 5  # characters: up to it, one edit at most
PREFIX_LENGTH = 7
_VOCABULARIES = {}  # language -> Vocabulary


class Vocabulary:
    """The words of one language's texts as of an index version and its access bitsets."""

    def __init__(self, token, access, public, restricted):
        self.token = token
        self.access = access  # {access token: bitset of entries}, as search.facets has it
        self.built = time.monotonic()
        self.public = public  # word -> texts of public entries holding it
        self.restricted = restricted  # word -> {access token: texts holding it}
        self.sorted = sorted(public.keys() | restricted.keys())
        self._spelling = None

    def age(self):
        return time.monotonic() - self.built

    def texts(self, word, admitted=None):
        """How many texts hold `word` (among those whose access token is in `admitted`)."""
        count = self.public.get(word, 0) if admitted is None or PUBLIC in admitted else 0
        for token, number in self.restricted.get(word, {}).items():
            if admitted is None or token in admitted:
                count += number
        return count

    def spelling(self):
        """The SymSpell dictionary of the words, each counted in every text."""
        if self._spelling is None:
            dictionary = SymSpell(
                max_dictionary_edit_distance=MAX_EDITS, prefix_length=PREFIX_LENGTH
            )
            for word in self.sorted:
                dictionary.create_dictionary_entry(word, self.texts(word))
            self._spelling = dictionary
            memory.settle()
        return self._spelling

    def completing(self, prefix, admitted, limit, excluded=()):
        """Up to `limit` words starting with `prefix` found in a text of a token in
        `admitted`, the commonest first (then in alphabetical order)."""
        found = []
        for position in range(bisect.bisect_left(self.sorted, prefix), len(self.sorted)):
            word = self.sorted[position]
            if not word.startswith(prefix):
                break
            count = 0 if word in excluded else self.texts(word, admitted)
            if count:
                found.append((-count, word))
        return [word for _count, word in sorted(found)[:limit]]


def _build(language, token, access):
    from search.models import SearchFacet, SearchText

    tokens = dict(SearchFacet.objects.filter(facet=ACCESS).values_list("entry_id", "value"))
    public, restricted = {}, {}
    rows = SearchText.objects.filter(language=language).values_list(
        "entry_id", *analysis.VOCABULARY_FIELDS
    )
    for entry_id, *texts in rows.iterator():
        found = analysis.vocabulary_words(dict(zip(analysis.VOCABULARY_FIELDS, texts, strict=True)))
        entry_token = tokens.get(entry_id, PUBLIC)
        for word in found:
            if entry_token == PUBLIC:
                public[word] = public.get(word, 0) + 1
            else:
                counts = restricted.setdefault(word, {})
                counts[entry_token] = counts.get(entry_token, 0) + 1
    return Vocabulary(token, access, public, restricted)


def current(language):
    """The Vocabulary of `language` (as of the index a little earlier, see above)."""
    index = facet_index.current()
    access = index.values.get(ACCESS, {})
    kept = _VOCABULARIES.get(language)
    if (
        kept is None
        or kept.access != access
        # A clock that went back (frozen in tests) makes no vocabulary young.
        or (kept.token != index.token and not 0 <= kept.age() < settings.SEARCH_VOCABULARY_SECONDS)
    ):
        kept = _VOCABULARIES[language] = _shared(language, index.token, access)
        memory.settle()
    return kept


def _shared(language, token, access):
    """The vocabulary of `language` at index version `token`: another process's, from the
    cache, or built here and left there for the others."""
    shared = settings.SEARCH_CACHE_SECONDS and token is not None
    key = f"hub-vocabulary:{language}:{token}"
    found = cache.get(key) if shared else None
    if found is not None and found.access == access:
        found.built = time.monotonic()  # its age in this process
        return found
    built = _build(language, token, access)
    if shared:
        cache.set(key, built, settings.SEARCH_CACHE_SECONDS)
    return built


def correction(q, language):
    """The corrected query, or None when every word is known (or nothing is close): looked up
    in the reader's language, then in English (whose texts carry the translated labels of
    every resource). A short query is corrected by one edit at most: a short word two edits
    away is another word, not a typo ("جواز" is not "في ما")."""
    typed = " ".join(analysis.words(q))
    if not typed:
        return None
    allowed = 1 if len(typed) <= SHORT_QUERY else MAX_EDITS
    for code in dict.fromkeys((language, DEFAULT_LANGUAGE)):
        found = (
            current(code)
            .spelling()
            .lookup_compound(typed, max_edit_distance=MAX_EDITS, ignore_non_words=True)
        )
        if found and found[0].term != typed and 0 < found[0].distance <= allowed:
            return found[0].term
    return None


def completions(prefix, language, limit, admitted):
    """Words completing `prefix` in the reader's language, then in English."""
    excluded = analysis.not_completions(prefix)
    found = []
    for code in dict.fromkeys((language, DEFAULT_LANGUAGE)):
        for word in current(code).completing(prefix, admitted, limit, excluded):
            if word not in found and len(found) < limit:
                found.append(word)
    return found
