"""Highlighted snippets of the texts of a page of results, the same for every database.

A word is a hit when its folded form (search.analysis.fold) starts with one of the query's
stems, the rule the SQLite index matches by. The snippet is the window of about
WINDOW_CHARS characters with the most distinct hits (the earliest of equals), cut at word
boundaries, escaped, with <mark> around each hit.

Asking the database instead (FTS5's snippet(), PostgreSQL's ts_headline) means matching or
parsing every text of the page again after the search matched them. Here one regular
expression runs once over a folded copy of the text that keeps every character in its place,
so what it finds in the copy is where to mark the original.
"""

import html
import re
import unicodedata
from functools import lru_cache

from search.analysis import fold

WINDOW_CHARS = 200
LEAD_CHARS = 50  # shown before the first hit of the window
MAX_HITS = 500  # in one text (long attachments): hits beyond are not looked for
# Arabic vowel marks and the tatweel, which folding removes, may sit between the letters of
# a word: the pattern lets them through.
ARABIC_MARKS = "\u064b-\u0652\u0640"


@lru_cache(maxsize=1)
def _fold_table():
    """Character by character folding (Latin, Greek and Cyrillic letters to lower case
    without accents), for characters that fold to exactly one character."""
    table = {}
    for code in range(0x0530):
        folded = fold(chr(code))
        if len(folded) == 1 and folded != chr(code):
            table[code] = folded
    return table


_NON_ASCII = re.compile("[^\x00-\x7f]")


def fold_in_place(text):
    """`text` folded character by character: same length, so positions carry over."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a letter whose lower case is two characters ("İ")
        return text.translate(_fold_table())
    if lowered.isascii():
        return lowered
    table = _fold_table()
    return _NON_ASCII.sub(lambda match: table.get(ord(match.group()), match.group()), lowered)


def _inside_word(text, position):
    """Whether the character before `position` belongs to the same word."""
    if position == 0:
        return False
    before = text[position - 1]
    return before.isalnum() or before == "_" or "\u064b" <= before <= "\u0652" or before == "\u0640"


def _stem_pattern(stem):
    """A stem as a pattern that lets Arabic vowel marks through between its letters."""
    if not re.search("[\u0600-\u06ff]", stem):
        return re.escape(stem)
    return f"[{ARABIC_MARKS}]*".join(re.escape(char) for char in stem)


class Highlighter:
    def __init__(self, terms):
        terms = sorted({term for term in terms if term}, key=len, reverse=True)
        word = rf"[\w{ARABIC_MARKS}]"
        alternatives = [
            _stem_pattern(term) + (f"{word}*" if len(term) >= 3 else rf"(?!{word})")
            for term in terms
        ]
        # No look-behind for the start of a word: it makes the expression try a match at every
        # position of the text; matches inside a word are skipped instead.
        self._pattern = re.compile(f"(?:{'|'.join(alternatives)})") if alternatives else None

    def snippet(self, text):
        """HTML of the best window of `text`, or "" when no word of it is a hit."""
        if not text or self._pattern is None:
            return ""
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
        folded = fold_in_place(text)
        hits = []
        for match in self._pattern.finditer(folded):
            if _inside_word(folded, match.start()):
                continue
            hits.append((match.start(), match.end(), match.group()))
            if len(hits) >= MAX_HITS:
                break
        if not hits:
            return ""
        first = self._best_start(hits)
        start = self._word_start(text, max(0, first - LEAD_CHARS))
        end = self._word_end(text, min(len(text), start + WINDOW_CHARS))
        parts = ["…"] if start > 0 else []
        position = start
        for hit_start, hit_end, _word in hits:
            if hit_start < start:
                continue
            if hit_end > end:
                break
            parts.append(html.escape(text[position:hit_start], quote=False))
            parts.append(f"<mark>{html.escape(text[hit_start:hit_end], quote=False)}</mark>")
            position = hit_end
        parts.append(html.escape(text[position:end], quote=False))
        if end < len(text):
            parts.append("…")
        return " ".join("".join(parts).split())

    @staticmethod
    def _best_start(hits):
        """Where the window with the most distinct hits starts (its first hit)."""
        best, best_count = hits[0][0], 0
        span = WINDOW_CHARS - LEAD_CHARS
        in_window, following = {}, 0  # word -> hits of it in the window; next hit to add
        for start, _end, word in hits:
            while following < len(hits) and hits[following][0] < start + span:
                added = hits[following][2]
                in_window[added] = in_window.get(added, 0) + 1
                following += 1
            if len(in_window) > best_count:
                best, best_count = start, len(in_window)
            in_window[word] -= 1
            if not in_window[word]:
                del in_window[word]
        return best

    @staticmethod
    def _word_start(text, position):
        """The start of the word at `position` (or of the next one)."""
        if position == 0:
            return 0
        space = text.find(" ", position)
        return position if space == -1 or space - position > 20 else space + 1

    @staticmethod
    def _word_end(text, position):
        if position >= len(text):
            return len(text)
        space = text.rfind(" ", 0, position)
        return position if space == -1 or position - space > 20 else space
