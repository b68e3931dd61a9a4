"""Typos corrected from the index's own vocabulary, per language.

A query that finds fewer than FEW results is looked up, word by word and as a whole
(symspellpy's lookup_compound, edits of up to MAX_EDITS a word), in the vocabulary of the
texts indexed in the reader's language, then in English (whose rows carry the translated
labels of every resource): "trafiking" becomes "trafficking", "forsed labour" "forced
labour". The answer carries the corrected query as `suggestion`; when the original found
nothing, the results are those of the correction, and `corrected` says so (the page shows
"Did you mean ...", or that it searched for the correction instead).

Each process builds a language's vocabulary from the database backend's text table the first
time a query needs it, and again when a query needs it after the index changed
(hub.versions), but no sooner than SEARCH_VOCABULARY_SECONDS after the last build: building
reads every text of the language (seconds at 10,000 resources), and a correction is
searched in the live index anyway. A lookup costs a few dictionary probes (SymSpell's
precomputed deletions), never a scan of the vocabulary. The Elasticsearch backend keeps no
text table: it offers no suggestion.
"""

import time
from collections import Counter
from dataclasses import replace

from django.conf import settings
from symspellpy import SymSpell

from search import analysis

FEW = 3  # results below which a query is looked up
ENGLISH = "en"
MAX_EDITS = 2
SHORT_QUERY = 5  # characters: up to it, one edit at most
PREFIX_LENGTH = 7
FIELDS = ("title", "summary", "body", "context")
_VOCABULARIES = {}  # language -> (index version, built at, SymSpell)


def vocabulary(language, token):
    """The SymSpell dictionary of the words indexed in `language` at index version `token`
    (or at one a little older, see above)."""
    kept = _VOCABULARIES.get(language)
    fresh = time.monotonic() - settings.SEARCH_VOCABULARY_SECONDS
    if kept is None or (kept[0] != token and kept[1] < fresh):
        from search.models import SearchText

        counts = Counter()
        for row in SearchText.objects.filter(language=language).values_list(*FIELDS).iterator():
            for text in row:
                counts.update(word for word in analysis.words(text) if not word.isdigit())
        dictionary = SymSpell(max_dictionary_edit_distance=MAX_EDITS, prefix_length=PREFIX_LENGTH)
        for word, count in counts.items():
            dictionary.create_dictionary_entry(word, count)
        _VOCABULARIES[language] = kept = (token, time.monotonic(), dictionary)
    return kept[2]


def correction(q, language, token):
    """The corrected query, or None when every word is known (or nothing is close)."""
    typed = " ".join(analysis.words(q))
    if not typed:
        return None
    for code in dict.fromkeys((language, ENGLISH)):
        found = vocabulary(code, token).lookup_compound(
            typed, max_edit_distance=MAX_EDITS, ignore_non_words=True
        )
        # A short word two edits away is another word, not a typo ("جواز" is not "في ما").
        allowed = 1 if len(typed) <= SHORT_QUERY else MAX_EDITS
        if found and found[0].term != typed and 0 < found[0].distance <= allowed:
            return found[0].term
    return None


def search(search_request, search):
    """(results, suggestion, corrected) for `search_request`, searched with `search`
    (service.search): the results of the correction, and corrected=True, when the query as
    typed found nothing and its correction finds something."""
    from search.backends.database import DatabaseBackend
    from search.models import IndexVersion
    from search.service import get_backend

    results = search(search_request)
    if (
        not search_request.q
        or results.total >= FEW
        or not isinstance(get_backend(), DatabaseBackend)
    ):
        return results, None, False
    suggestion = correction(search_request.q, search_request.lang, IndexVersion.current())
    if suggestion is None:
        return results, None, False
    if results.total == 0:
        corrected = search(replace(search_request, q=suggestion))
        if corrected.total:
            return corrected, suggestion, True
    return results, suggestion, False
