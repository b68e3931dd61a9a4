"""Text analysis as Lucene does it, closely enough to index and match the test library: the
tokenizers, token filters, stop word lists and stemmers Elasticsearch 8 registers under the
names the Hub's index uses, each checked for the parameters it takes.

Tokens are (term, position, start, end). Where Lucene's algorithm is not at hand, the nearest
Snowball stemmer stands in (light_french, light_spanish, arabic: Lucene's own light
stemmers); english is Lucene's PorterStemFilter (Snowball's "porter"), the snowball filter's
Serbian is the same Snowball algorithm the database backends use. Stop word sets are
Lucene's for English and the commonest words of the Snowball lists for the others.
"""

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

from tests.search.standin.errors import EsError

# https://www.elastic.co/guide/en/elasticsearch/reference/8.19/analysis-stemmer-tokenfilter.html
STEMMER_LANGUAGES = set(
    "arabic armenian basque bengali brazilian bulgarian catalan czech danish dutch dutch_kp"
    " english light_english lovins minimal_english porter2 possessive_english estonian"
    " finnish light_finnish french light_french minimal_french galician minimal_galician"
    " german german2 light_german minimal_german greek hindi hungarian light_hungarian"
    " indonesian irish italian light_italian sorani latvian lithuanian norwegian"
    " light_norwegian minimal_norwegian light_nynorsk minimal_nynorsk persian portuguese"
    " light_portuguese minimal_portuguese portuguese_rslp romanian russian light_russian"
    " serbian spanish light_spanish spanish_plural swedish light_swedish turkish".split()
)
# analysis-snowball-tokenfilter.html (8.13 and later list Serbian)
SNOWBALL_LANGUAGES = set(
    "Arabic Armenian Basque Catalan Danish Dutch English Estonian Finnish French German"
    " German2 Hungarian Italian Irish Kp Lithuanian Lovins Norwegian Porter Portuguese"
    " Romanian Russian Serbian Spanish Swedish Turkish".split()
)
# What the stand-in stems with, for the languages the Hub uses.
SNOWBALL_FOR = {
    "english": "porter",
    "porter2": "english",
    "light_french": "french",
    "french": "french",
    "light_spanish": "spanish",
    "spanish": "spanish",
    "dutch": "dutch",
    "arabic": "arabic",
    "serbian": "serbian",
}

STOP_SETS = {
    # Lucene's EnglishAnalyzer.ENGLISH_STOP_WORDS_SET
    "_english_": "a an and are as at be but by for if in into is it no not of on or such that"
    " the their then there these they this to was will with",
    "_french_": "au aux avec ce ces dans de des du elle en et eux il je la le leur lui ma mais"
    " me même mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta"
    " te tes toi ton tu un une vos votre vous c d j l à m n s t y",
    "_spanish_": "de la que el en y a los del se las por un para con no una su al lo como más"
    " pero sus le ya o este sí porque esta entre cuando muy sin sobre también me hasta hay"
    " donde quien desde todo nos durante todos uno les ni contra otros ese eso ante ellos e",
    "_dutch_": "de en van ik te dat die in een hij het niet zijn is was op aan met als voor"
    " had er maar om hem dan zou of wat mijn men dit zo door over ze zich bij ook tot je mij"
    " uit der daar haar naar heb hoe heeft hebben deze u want nog zal me zij nu ge geen",
    "_arabic_": "من ومن منها منه في وفي فيها فيه و ف ثم او أو ب بها به ا أ اى اي أي أى لا ولا"
    " الا ألا إلا لكن ما وما كما فما عن مع اذا إذا ان أن إن انها أنها إنها انه أنه إنه على"
    " التى التي الذى الذي الى الي إلى إلي كل هذه هذا",
    "_none_": "",
}
STOP_SETS = {name: frozenset(words.split()) for name, words in STOP_SETS.items()}
KNOWN_STOP_SETS = {
    *STOP_SETS,
    *(
        f"_{language}_"
        for language in "armenian basque bengali brazilian bulgarian catalan cjk czech danish"
        " estonian finnish galician german greek hindi hungarian indonesian irish italian"
        " latvian lithuanian norwegian persian portuguese romanian russian serbian sorani"
        " swedish thai turkish".split()
    ),
}

FOLDING = {"đ": "d", "ð": "d", "ł": "l", "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "þ": "th"}
FOLDING.update({key.upper(): value.upper() for key, value in FOLDING.items() if key != "ß"})
ARABIC_ALEFS = str.maketrans({"آ": "ا", "أ": "ا", "إ": "ا", "ى": "ي", "ة": "ه", "ـ": None})
ARABIC_MARKS = {chr(code) for code in range(0x064B, 0x0653)}


@lru_cache(maxsize=4096)
def _is_word(char):
    return char == "_" or unicodedata.category(char)[0] in "LNM"


@lru_cache(maxsize=4096)
def _is_ideograph(char):
    name = unicodedata.name(char, "")
    return name.startswith(("CJK UNIFIED IDEOGRAPH", "HIRAGANA"))


def standard_tokens(text, max_token_length=255):
    """Lucene's StandardTokenizer (Unicode word boundaries), as far as the Hub's texts need:
    words with inner apostrophes or periods stay whole, ideographs are a token each."""
    tokens, position, i, n = [], 0, 0, len(text)
    while i < n:
        char = text[i]
        if not _is_word(char):
            i += 1
            continue
        j = i + 1
        if not _is_ideograph(char):
            while j < n:
                if _is_word(text[j]) and not _is_ideograph(text[j]):
                    j += 1
                elif text[j] in "'’." and j + 1 < n and _is_word(text[j + 1]):
                    j += 2
                else:
                    break
        for start in range(i, j, max_token_length):
            end = min(j, start + max_token_length)
            tokens.append((text[start:end], position, start, end))
            position += 1
        i = j
    return tokens


def fold(term):
    out = []
    for char in term:
        if ord(char) < 128:
            out.append(char)
        elif char in FOLDING:
            out.append(FOLDING[char])
        else:
            base = "".join(
                c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
            )
            out.append(base if base and base.isascii() else char)
    return "".join(out)


@lru_cache(maxsize=16)
def _stem_with(name):
    return lru_cache(maxsize=65536)(snowballstemmer.stemmer(name).stemWord)


def _possessive(term):
    return re.sub(r"['’]s$", "", term)


def _java_regex(pattern):
    return pattern.replace(r"\p{L}", r"[^\W\d_]")


def _check(kind, name, definition, allowed):
    """Elasticsearch ignores parameters a filter does not read; the stand-in refuses them,
    since a misspelt one silently does nothing."""
    unknown = set(definition) - allowed - {"type"}
    if unknown:
        raise EsError(
            400,
            "illegal_argument_exception",
            f"unknown setting [index.analysis.{kind}.{name}.{sorted(unknown)[0]}]",
        )


def token_filter(name, definition):
    """A function of a token list, from a filter definition of the index's analysis."""
    kind = definition.get("type")
    if kind == "stop":
        _check("filter", name, definition, {"stopwords", "ignore_case", "remove_trailing"})
        words = definition.get("stopwords", "_english_")
        if isinstance(words, str):
            if words not in KNOWN_STOP_SETS:
                raise EsError(400, "illegal_argument_exception", f"unknown stop words [{words}]")
            words = STOP_SETS.get(words, frozenset())
        words = frozenset(words)
        return lambda tokens: [token for token in tokens if token[0] not in words]
    if kind in ("stemmer", "snowball"):
        _check("filter", name, definition, {"language", "name"})
        language = definition.get("language", definition.get("name", "English"))
        if kind == "snowball":
            if language.capitalize() not in SNOWBALL_LANGUAGES:
                raise EsError(
                    400,
                    "illegal_argument_exception",
                    f"Invalid stemmer class specified: {language.capitalize()}Stemmer",
                )
            language = language.lower()
        elif language not in STEMMER_LANGUAGES:
            raise EsError(400, "illegal_argument_exception", f"unknown language [{language}]")
        if language == "possessive_english":
            return lambda tokens: [(_possessive(t), *rest) for t, *rest in tokens]
        stem = _stem_with(SNOWBALL_FOR.get(language, "english"))
        return lambda tokens: [(stem(t), *rest) for t, *rest in tokens]
    if kind == "elision":
        _check("filter", name, definition, {"articles", "articles_case", "articles_path"})
        articles = set(definition.get("articles", []))
        case = definition.get("articles_case", False)
        if case:
            articles = {article.lower() for article in articles}

        def elide(tokens):
            kept = []
            for term, *rest in tokens:
                found = re.match(r"^([^'’]+)['’](.+)$", term)
                article = found and (found[1].lower() if case else found[1])
                kept.append((found[2] if article in articles else term, *rest))
            return kept

        return elide
    if kind == "pattern_replace":
        _check("filter", name, definition, {"pattern", "replacement", "all", "flags"})
        pattern = re.compile(_java_regex(definition["pattern"]))
        replacement = re.sub(r"\$(\d)", r"\\\1", definition.get("replacement", ""))
        count = 0 if definition.get("all", True) else 1
        return lambda tokens: [
            (pattern.sub(replacement, t, count=count), *rest) for t, *rest in tokens
        ]
    if kind in BUILT_IN_FILTERS:
        _check(
            "filter", name, definition, {"preserve_original"} if kind == "asciifolding" else set()
        )
        return BUILT_IN_FILTERS[kind]
    raise EsError(400, "illegal_argument_exception", f"Unknown filter type [{kind}] for [{name}]")


def _arabic_normalize(term):
    return "".join(char for char in term.translate(ARABIC_ALEFS) if char not in ARABIC_MARKS)


def _digits(term):
    return "".join(
        str(unicodedata.digit(c)) if unicodedata.digit(c, None) is not None else c for c in term
    )


BUILT_IN_FILTERS = {
    "lowercase": lambda tokens: [(t.lower(), *rest) for t, *rest in tokens],
    "asciifolding": lambda tokens: [(fold(t), *rest) for t, *rest in tokens],
    "decimal_digit": lambda tokens: [(_digits(t), *rest) for t, *rest in tokens],
    "arabic_normalization": lambda tokens: [(_arabic_normalize(t), *rest) for t, *rest in tokens],
}
# Filters Elasticsearch 8 registers under their own name (pre-configured), besides the above.
PRECONFIGURED = {
    "stop": token_filter("stop", {"type": "stop"}),
    "porter_stem": token_filter("porter_stem", {"type": "stemmer", "language": "english"}),
}
KNOWN_NAMES_ONLY = set(
    "apostrophe arabic_stem cjk_bigram cjk_width classic delimited_payload dictionary_decompounder"
    " flatten_graph german_normalization hindi_normalization indic_normalization keyword_repeat"
    " kstem length limit ngram edge_ngram persian_normalization remove_duplicates reverse"
    " russian_stem scandinavian_folding scandinavian_normalization serbian_normalization shingle"
    " snowball sorani_normalization trim truncate unique uppercase word_delimiter"
    " word_delimiter_graph".split()
)
TOKENIZERS = {"standard": standard_tokens}
KNOWN_TOKENIZERS = {"standard", "whitespace", "keyword", "letter", "classic", "uax_url_email"}


def build_analyzers(analysis):
    """{name: function(text) -> tokens} of an index's analysis settings (and "standard")."""
    unknown = set(analysis) - {"analyzer", "filter", "tokenizer", "char_filter", "normalizer"}
    if unknown:
        raise EsError(
            400,
            "illegal_argument_exception",
            f"unknown setting [index.analysis.{sorted(unknown)[0]}]",
        )
    filters = {
        name: token_filter(name, definition)
        for name, definition in analysis.get("filter", {}).items()
    }
    analyzers = {"standard": _analyzer(standard_tokens, [BUILT_IN_FILTERS["lowercase"]])}
    for name, definition in analysis.get("analyzer", {}).items():
        _check(
            "analyzer",
            name,
            definition,
            {"tokenizer", "filter", "char_filter", "position_increment_gap"},
        )
        if definition.get("type", "custom") != "custom":
            raise EsError(
                400,
                "illegal_argument_exception",
                f"Unknown analyzer type [{definition['type']}] for [{name}]",
            )
        tokenizer = definition.get("tokenizer")
        if tokenizer is None:
            raise EsError(
                400,
                "illegal_argument_exception",
                f"analyzer [{name}] must specify either an analyzer type, or a tokenizer",
            )
        if tokenizer not in KNOWN_TOKENIZERS:
            raise EsError(
                400,
                "illegal_argument_exception",
                f"failed to find tokenizer under name [{tokenizer}]",
            )
        chain = []
        for filter_name in definition.get("filter", []):
            if filter_name in filters:
                chain.append(filters[filter_name])
            elif filter_name in BUILT_IN_FILTERS:
                chain.append(BUILT_IN_FILTERS[filter_name])
            elif filter_name in PRECONFIGURED:
                chain.append(PRECONFIGURED[filter_name])
            elif filter_name in KNOWN_NAMES_ONLY:
                chain.append(lambda tokens: tokens)  # registered, not emulated: passes tokens on
            else:
                raise EsError(
                    400,
                    "illegal_argument_exception",
                    f"Custom Analyzer [{name}] failed to find filter under name [{filter_name}]",
                )
        analyzers[name] = _analyzer(TOKENIZERS.get(tokenizer, standard_tokens), chain)
    return analyzers


def _analyzer(tokenizer, chain):
    def analyze(text):
        tokens = tokenizer(text)
        for step in chain:
            tokens = step(tokens)
        return [token for token in tokens if token[0]]

    return analyze
