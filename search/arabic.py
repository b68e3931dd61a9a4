"""Arabic words without their attached article, prepositions, conjunctions and pronouns.

Arabic writes "and", "with", "for", "like", "so" (و ب ل ك ف), the definite article (ال) and
possessive pronouns ("your", "his", "her": ـك ـه ـها...) as part of the word: "بجواز سفرك" is
"with your passport". A reader who types "جواز" (passport) must find it, and Snowball's
Arabic stemmer alone does not: it turns "بوثائقك" into "وثايق" but "وثائقك" into "ثايق".

`light_stem` is a light stemmer in the manner of Larkey, Ballesteros and Connell's "light10"
(Lucene's ArabicStemmer), which strips "و" and the article with "وال بال كال فال لل", widened
to any one or two of the single-letter proclitics و ف ب ك ل before an optional article, and to
the possessive pronouns. Each step leaves at least three letters, so "بشر" (human beings)
stays whole while "بالبشر" becomes "بشر". Stripping is greedy, the same on both sides: a
word whose first letter belongs to its root ("وثائق") loses it, but so does the query word,
and both meet on the same form ("ثائق").

The database backends index the light forms beside the text (`shadow`) and look for the
light form of every query word beside the word itself (search.analysis.analyse).
"""

import re
from functools import lru_cache

ARABIC_LETTERS = re.compile(r"[\u0621-\u064A]")
PROCLITICS = "وفبكل"  # and, so, with, like, for
ARTICLES = ("لل", "ال")  # "لل": "ل" + "ال", whose alif is not written
SUFFIXES = ("هما", "كما", "ها", "هم", "هن", "كم", "كن", "نا", "ه", "ك")  # longest first
MINIMUM = 3  # letters a step must leave


@lru_cache(maxsize=8192)
def light_stem(word):
    """The word without its clitics; any word not in Arabic script as it is."""
    if not ARABIC_LETTERS.match(word):
        return word
    stem = word
    for article in ARTICLES:  # an article alone ("الاتجار")
        if stem.startswith(article) and len(stem) - len(article) >= MINIMUM:
            stem = stem[len(article) :]
            break
    else:
        for _ in range(2):  # one or two proclitics ("وب"), then an article ("بالبشر")
            if stem[0] in PROCLITICS and len(stem) - 1 >= MINIMUM:
                stem = stem[1:]
                if stem.startswith("ال") and len(stem) - 2 >= MINIMUM:
                    stem = stem[2:]
                    break
                if stem.startswith("لل") and len(stem) - 2 >= MINIMUM:
                    stem = stem[2:]
                    break
            else:
                break
    for suffix in SUFFIXES:
        if stem.endswith(suffix) and len(stem) - len(suffix) >= MINIMUM:
            stem = stem[: -len(suffix)]
            break
    return stem


def shadow(words):
    """The light forms of a text's words, in order, or "" when none differs from its word
    (a text without Arabic, or without clitics)."""
    stems = [light_stem(word) for word in words]
    if stems == list(words):
        return ""
    return " ".join(stems)
