"""How text and queries are broken into terms, in six languages.

One analysis serves every backend: text is folded (lower case, accents and Arabic vowel marks
removed, so "etres humains" finds "êtres humains"), common words are dropped, and each query
word is reduced to the stems the Snowball stemmers of the Hub's languages give it (Croatian
uses the Serbian stemmer, which covers Latin-script Croatian). A query word then matches any
word that starts with one of its stems: "forcé" finds "forcée", "forced" and "force".

Phrases that people in this field use for the same thing, in any of the six languages, are
synonyms: a query for "THB" or "mensenhandel" also finds "human trafficking" and
"traite des êtres humains" (SYNONYMS).

Arabic attaches the article, some prepositions and conjunctions and the possessive pronouns
to the word ("بجواز سفرك", "with your passport"): a query word in Arabic script also looks
for its light form without them (search.arabic), which the database backends index beside
the text, so "جواز" finds "بجواز" and "اتجار بالبشر" finds "الاتجار بالبشر". French elided
articles ("l'exploitation", "d'identification", "qu'il") are words of their own, common
words that are dropped, whether the apostrophe is straight or curly.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

from search.arabic import light_stem, shadow

STEMMERS = {
    "en": "english",
    "fr": "french",
    "es": "spanish",
    "ar": "arabic",
    "hr": "serbian",
    "nl": "dutch",
}

# PostgreSQL: a text search configuration a language, Snowball stemming behind unaccent.
POSTGRES_CONFIGURATIONS = {
    "en": ("hub_en", "english"),
    "fr": ("hub_fr", "french"),
    "es": ("hub_es", "spanish"),
    "ar": ("hub_ar", "arabic"),
    "hr": ("hub_hr", "serbian"),
    "nl": ("hub_nl", "dutch"),
}

STOPWORDS = {
    # en
    *"a an and are as at be by for from has have in is it of on or that the to was were with"
    " what how who".split(),
    # fr
    *"au aux avec ce ces dans de des du elle en et il ils la le les leur lui ma mais me meme"
    " mes ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes ton tu"
    " un une vos votre vous d l j n s c".split(),
    # es
    *"al con como del el en es la las lo los mas para pero por que se sin su sus un una uno y"
    " o e".split(),
    # hr
    *"i u na za je se su da od do sa s o iz ili a ali kao te".split(),
    # nl
    *"de het een en van in is op te dat die voor met zijn aan er om bij ook als".split(),
    # ar (after folding)
    *"في من على الى إلى عن مع او أو و ان أن هذا هذه".split(),
}

# Groups of phrases that mean the same thing to people in this field, by language ("*": used
# as such in every language); a query containing one phrase of a group matches any phrase of
# the group. A backend that knows the language of each text matches a phrase against texts
# in its language only (PostgreSQL): "traite des êtres humains" is looked for in French.
SYNONYMS = [
    {
        "*": ["thb", "tip"],
        "en": [
            "human trafficking",
            "trafficking in human beings",
            "trafficking in persons",
            "trafficking in people",
        ],
        "fr": ["traite des etres humains", "traite des personnes"],
        "es": ["trata de personas", "trata de seres humanos"],
        "nl": ["mensenhandel"],
        "hr": ["trgovanje ljudima", "trgovina ljudima"],
        "ar": ["الاتجار بالبشر"],
    },
    {
        "en": ["forced labour", "forced labor", "labour exploitation"],
        "fr": ["travail force"],
        "es": ["trabajo forzoso"],
        "nl": ["dwangarbeid"],
        "hr": ["prisilni rad"],
        "ar": ["العمل القسري"],
    },
    {
        "en": ["sexual exploitation"],
        "fr": ["exploitation sexuelle"],
        "es": ["explotacion sexual"],
        "nl": ["seksuele uitbuiting"],
        "hr": ["seksualno iskoristavanje"],
        "ar": ["الاستغلال الجنسي"],
    },
    {
        "en": ["survivor", "victim"],
        "fr": ["survivant", "victime"],
        "es": ["superviviente", "victima"],
        "nl": ["overlevende", "slachtoffer"],
        "hr": ["zrtva"],
        "ar": ["ضحية", "ناجي"],
    },
]

WORD = re.compile(r"\w+", re.UNICODE)


ARABIC_VOWEL_MARKS = {chr(code) for code in range(0x064B, 0x0653)}


def fold(text):
    """Lower case without Latin accents or Arabic vowel marks: the form terms are compared in.

    Only accents on Latin letters go (as FTS5's and unaccent's folding do); the hamza of
    Arabic letters such as "ؤ" is part of the letter and stays.
    """
    kept, base = [], ""
    for char in unicodedata.normalize("NFKD", text or ""):
        if unicodedata.combining(char):
            if char in ARABIC_VOWEL_MARKS or base < "\u0250":
                continue
        else:
            base = char
        kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept)).casefold().replace("ـ", "")


def words(text):
    return WORD.findall(fold(text))


@lru_cache(maxsize=16)
def _stemmer(language):
    return snowballstemmer.stemmer(STEMMERS[language])


@lru_cache(maxsize=4096)
def prefixes(word):
    """The shortest set of prefixes that stand for `word` in every language's stemming."""
    if len(word) < 4 or word.isdigit():
        return (word,)
    candidates = {word}
    for language in STEMMERS:
        stem = fold(_stemmer(language).stemWord(word))
        if len(stem) >= 3 and word.startswith(stem[:3]):
            candidates.add(stem)
    kept = []
    for candidate in sorted(candidates, key=len):
        if not any(candidate.startswith(shorter) for shorter in kept):
            kept.append(candidate)
    return tuple(kept)


@dataclass(frozen=True)
class Alternative:
    """One way to satisfy a clause: a single word (matched by its prefixes) or a phrase.

    `language` is that of a synonym phrase (None: what the reader typed, or a phrase used in
    every language)."""

    words: tuple
    language: str | None = None

    @property
    def is_phrase(self):
        return len(self.words) > 1


@dataclass(frozen=True)
class Clause:
    """Every clause of a query must match; any alternative of a clause will do."""

    alternatives: tuple


def _key(phrase_words):
    """Phrases compare by the shortest stem of each word ("victimes" is "victime"), Arabic
    words by that of their light form ("الاتجار" is "اتجار")."""
    return tuple(prefixes(light_stem(word))[0] for word in phrase_words)


def _with_light_forms(alternatives):
    """The alternatives, each followed by its Arabic light form where that differs."""
    kept = []
    for alternative in alternatives:
        kept.append(alternative)
        light = tuple(light_stem(word) for word in alternative.words)
        if light != alternative.words:
            kept.append(Alternative(light, alternative.language))
    return tuple(dict.fromkeys(kept))


_SYNONYM_PHRASES = {
    _key(words(phrase)): group
    for group in SYNONYMS
    for phrases in group.values()
    for phrase in phrases
    if words(phrase)
}
_LONGEST_SYNONYM = max(len(phrase) for phrase in _SYNONYM_PHRASES)


def synonym_group(phrase_words):
    group = _SYNONYM_PHRASES.get(_key(phrase_words))
    if group is None:
        return None
    return _with_light_forms(
        Alternative(tuple(words(phrase)), None if language == "*" else language)
        for language, phrases in group.items()
        for phrase in phrases
    )


def alternatives_in(clause, language):
    """The alternatives of a clause that apply to a text in `language`: those without a
    language and those in it (all of them, should a synonym group lack the language)."""
    chosen = tuple(a for a in clause.alternatives if a.language in (None, language))
    return chosen or clause.alternatives


def analyse(query):
    """The clauses of a query: synonyms found, common words dropped."""
    tokens = words(query)[:32]
    clauses, position = [], 0
    while position < len(tokens):
        for length in range(min(_LONGEST_SYNONYM, len(tokens) - position), 0, -1):
            group = synonym_group(tokens[position : position + length])
            if group:
                clauses.append(Clause(group))
                position += length
                break
        else:
            token = tokens[position]
            position += 1
            if token not in STOPWORDS:
                clauses.append(Clause(_with_light_forms([Alternative((token,))])))
    if not clauses and tokens:  # a query of common words only: search them as they are
        clauses = [Clause((Alternative((token,)),)) for token in tokens]
    return clauses


def signature(query):
    """What editors' picks match a query by: each clause as the shortest stem of its word, or
    as its synonym group, in any order. "Forced labor", "forced labour" and "travail forcé"
    have one signature, "victims" and "victim" another; common words count only in a query of
    nothing else."""
    return tuple(sorted({_key(clause.alternatives[0].words) for clause in analyse(query)}))


def highlight_terms(clauses, language=None):
    """Prefixes a highlighter marks in a text in `language` (None: any): every word of the
    alternatives that apply to it, but common words ("in", "des" of a synonym phrase)
    unless the query is nothing else."""
    every = [
        word
        for clause in clauses
        for alternative in (
            clause.alternatives if language is None else alternatives_in(clause, language)
        )
        for word in alternative.words
    ]
    kept = [word for word in every if word not in STOPWORDS] or every
    terms = set()
    for word in kept:
        terms.update(prefixes(word))
    return terms


def indexed_fields(fields):
    """The text fields of a language ({title, summary, body, context, attachment}) as the
    database backends index them: the title followed by the Arabic light forms of its words
    (search.arabic), and those of the other fields after the context. The summary, body and
    attachment stay as written: snippets are cut from them; the title and context are never
    shown from the index."""
    indexed = dict(fields)
    title = shadow(words(fields.get("title", "")))
    if title:
        indexed["title"] = f"{fields['title']}\n{title}"
    others = [
        shadow(words(fields.get(name, ""))) for name in ("summary", "body", "context", "attachment")
    ]
    others = "\n".join(text for text in others if text)
    if others:
        indexed["context"] = f"{fields.get('context', '')}\n{others}"
    return indexed


def completes(word, titles):
    """Whether the word being typed (folded) begins a word of one of `titles`, or the Arabic
    light form of one. Suggestions are checked with it: a stemmed prefix ("psychos" stems to
    "psycho" in English) would otherwise complete "psychology" too."""
    return any(
        found.startswith(word) or light_stem(found).startswith(word)
        for title in titles
        for found in words(title)
    )


VOCABULARY_FIELDS = ("title", "summary", "body", "context")
LONGEST_WORD = 40  # characters: longer "words" (codes, runs of letters) are no vocabulary


def vocabulary_words(fields):
    """The distinct words a language's text holds for typo correction and completion: those
    of its VOCABULARY_FIELDS as indexed_fields gives them (Arabic light forms included), but
    numbers and overlong runs. Both backends draw their vocabulary from it."""
    found = set()
    for name in VOCABULARY_FIELDS:
        found.update(words(fields.get(name) or ""))
    return {word for word in found if not word.isdigit() and len(word) <= LONGEST_WORD}


def not_completions(prefix):
    """Words never offered to complete `prefix` (a folded word): itself, and common words."""
    return {prefix} | {word for word in STOPWORDS if word.startswith(prefix)}
