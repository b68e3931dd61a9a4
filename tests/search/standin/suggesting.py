"""The `suggest` section of a search, with the term suggester as Elasticsearch 8 runs it
(https://www.elastic.co/guide/en/elasticsearch/reference/8.19/search-suggesters.html).

Parsing follows SuggestBuilder, SuggestionBuilder and TermSuggestionBuilder: a global `text`,
then named suggestions of `text` (or `prefix`, `regex`) and one suggester; the term
suggester's options as the reference lists them, each checked as its builder checks it, an
unknown one refused with its parsing_exception. What the shard checks (the field mapped, the
analyzer known, some text given) fails the search as a shard failure.

Candidates are drawn as Lucene's DirectSpellChecker draws them: the suggest text analysed
(by `analyzer`, else the field's search analyzer: a keyword field's text is one token), and
for each token, unless it is shorter than `min_word_length`, in the index when
`suggest_mode` is "missing" or in more than `max_term_freq` documents, the terms of the
field within one edit, then (when `max_edits` is 2 and too few were found) within two, of
the Damerau-Levenshtein distance that counts a transposition of neighbours as one edit
(Lucene's automata), sharing the first `prefix_length` characters (at least one for two
edits), in more documents than `min_doc_freq` (or than the token itself, "popular"), and
scoring at least `accuracy`: 1 - edits / the shorter length (FuzzyTermsEnum's boost). The
best `shard_size` x `max_inspections` a pass, then the best `size`, by score, document
frequency and term ("score") or document frequency first ("frequency"). The answer is
Elasticsearch's: {name: [{text, offset, length, options: [{text, score, freq}]}]}.

The phrase and completion suggesters are known to Elasticsearch but not emulated: the
stand-in refuses them by name.
"""

import math

from tests.search.standin.errors import EsError, ShardFailure, parsing

SUGGESTERS = {"term", "phrase", "completion"}
EMULATED = {"term"}
TERM_DEFAULTS = {
    "analyzer": None,
    "size": 5,
    "shard_size": None,
    "suggest_mode": "missing",
    "accuracy": 0.5,
    "sort": "score",
    "string_distance": "internal",
    "max_edits": 2,
    "max_inspections": 5,
    "max_term_freq": 0.01,
    "prefix_length": 1,
    "min_word_length": 4,
    "min_doc_freq": 0.0,
}
TERM_OPTIONS = {"field", *TERM_DEFAULTS}
DISTANCES = {"internal", "damerau_levenshtein", "levenshtein", "ngram", "jaro_winkler"}
ENUMS = {
    "suggest_mode": ("org.elasticsearch.search.suggest.term.TermSuggestionBuilder.SuggestMode",
                     {"missing", "popular", "always"}),
    "sort": ("org.elasticsearch.search.suggest.SortBy", {"score", "frequency"}),
}  # fmt: skip


def _illegal(reason):
    return EsError(400, "illegal_argument_exception", reason)


def _number(value, kind):
    if isinstance(value, bool):
        raise parsing(f"Current token (VALUE_{str(value).upper()}) not numeric")
    try:
        return kind(float(value)) if kind is int else kind(value)
    except (TypeError, ValueError):
        raise EsError(400, "number_format_exception", f'For input string: "{value}"') from None


def _fraction_rule(name, value):
    label = {"max_term_freq": "maxTermFreq", "min_doc_freq": "minDocFreq"}[name]
    if value < 0:
        raise _illegal(f"{label} must be positive")
    if value > 1 and value != math.floor(value):
        raise _illegal(f"if {label} is greater than 1, it must not be a fraction")


def _term_options(body):
    """The term suggester's settings, checked as TermSuggestionBuilder checks them."""
    options = dict(TERM_DEFAULTS)
    for key, value in body.items():
        if key not in TERM_OPTIONS:
            raise parsing(f"suggester[term] doesn't support field [{key}]")
        if isinstance(value, dict | list):
            raise parsing(f"suggester[term] parsing failed on [{key}]")
        if key in ("field", "analyzer"):
            options[key] = str(value)
        elif key in ENUMS:
            enum, known = ENUMS[key]
            if str(value).lower() not in known:
                raise _illegal(f"No enum constant {enum}.{str(value).upper()}")
            options[key] = str(value).lower()
        elif key == "string_distance":
            if str(value).lower() not in DISTANCES:
                raise _illegal(f"Illegal distance option {value}")
            options[key] = str(value).lower()
        elif key in ("accuracy", "max_term_freq", "min_doc_freq"):
            options[key] = _number(value, float)
        else:
            options[key] = _number(value, int)
    if "field" not in options:
        raise EsError(400, "parse_exception", "the required field option [field] is missing")
    checks = [
        ("size", options["size"] <= 0, "size must be positive"),
        ("accuracy", not 0 <= options["accuracy"] <= 1, "accuracy must be between 0 and 1"),
        ("max_edits", options["max_edits"] not in (1, 2), "maxEdits must be between 1 and 2"),
        ("max_inspections", options["max_inspections"] < 0, "maxInspections must be positive"),
        ("prefix_length", options["prefix_length"] < 0, "prefixLength must be positive"),
        (
            "min_word_length",
            options["min_word_length"] < 1,
            "minWordLength must be greater or equal to 1",
        ),
    ]
    for _name, failed, reason in checks:
        if failed:
            raise _illegal(reason)
    _fraction_rule("max_term_freq", options["max_term_freq"])
    _fraction_rule("min_doc_freq", options["min_doc_freq"])
    if options["string_distance"] != "internal":
        raise _illegal(
            f"the stand-in does not emulate the string distance [{options['string_distance']}]"
        )
    return options


def parse(spec):
    """[(name, text or None, options)] of a search's `suggest` section (a suggestion without
    a text of its own takes the global one)."""
    if not isinstance(spec, dict):
        raise parsing("[suggest] must be an object")
    global_text, parsed = None, []
    for name, value in spec.items():
        if not isinstance(value, dict):
            if isinstance(value, list):
                raise parsing(f"unexpected token [START_ARRAY] after [{name}]")
            if name != "text":
                raise _illegal(f"[suggest] does not support [{name}]")
            global_text = str(value)
            continue
        if any(name == seen for seen, _text, _options in parsed):
            raise _illegal(f"already added another suggestion with name [{name}]")
        given, suggester = {}, None
        for key, item in value.items():
            if isinstance(item, dict):
                if key not in SUGGESTERS:
                    raise EsError(400, "x_content_parse_exception", f"[1:1] unknown field [{key}]")
                if key not in EMULATED:
                    raise _illegal(f"the stand-in does not emulate the [{key}] suggester")
                suggester = _term_options(item)
            elif key in ("text", "prefix", "regex") and not isinstance(item, list):
                given[key] = str(item)
            else:
                raise parsing(f"suggestion does not support [{key}]")
        if suggester is None:
            raise EsError(400, "parse_exception", "missing suggestion object")
        # The suggestion's own text, else its prefix, else its regex (populateCommonFields).
        text = next((given[key] for key in ("text", "prefix", "regex") if key in given), None)
        parsed.append((name, text, suggester))
    return [(name, text if text is not None else global_text, o) for name, text, o in parsed]


def distance(first, second):
    """Edits between two strings, a transposition of neighbours counting as one (the optimal
    string alignment Lucene's Levenshtein automata with transpositions accept)."""
    rows = [list(range(len(second) + 1))]
    for i, a in enumerate(first, start=1):
        row = [i]
        for j, b in enumerate(second, start=1):
            best = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + (a != b))
            if i > 1 and j > 1 and a == second[j - 2] and first[i - 2] == b:
                best = min(best, rows[-2][j - 2] + 1)
            row.append(best)
        rows.append(row)
    return rows[-1][-1]


def _dictionary(corpus, field):
    """{term: document frequency} of a field, and the number of documents (Lucene's
    maxDoc)."""
    text = (corpus.mapping(field) or {}).get("type") == "text"
    frequencies = {}
    for key in corpus.keys:
        if text:
            terms = {token[0] for token in corpus.tokens(key, field)}
        else:
            terms = {str(value) for value in corpus.values(key, field)}
        for term in terms:
            frequencies[term] = frequencies.get(term, 0) + 1
    return frequencies, len(corpus.keys)


def _analyzer(corpus, field, options, label):
    mapping = corpus.mapping(field)
    if mapping is None:
        raise ShardFailure(
            400, "illegal_argument_exception", f"no mapping found for field [{field}]", label
        )
    if options["analyzer"] is not None:
        for index in corpus.indexes:
            if options["analyzer"] in index.analyzers:
                return index.analyzers[options["analyzer"]]
        raise ShardFailure(
            400,
            "illegal_argument_exception",
            f"analyzer [{options['analyzer']}] doesn't exists",
            label,
        )
    if mapping.get("type") == "keyword" and "normalizer" not in mapping:
        return lambda text: [(text, 0, 0, len(text))] if text else []
    if mapping.get("type") == "text":
        return corpus.analyzer(field)
    raise _illegal(f"the stand-in does not emulate the term suggester on [{field}]")


def _candidates(term, dictionary, floor, edits, prefix, options, wanted):
    """One pass of DirectSpellChecker.suggestSimilar: [(score, term, freq)], the best
    `wanted` by score, then term."""
    prefix = min(prefix, len(term))
    found = []
    for candidate, freq in dictionary.items():
        if candidate == term or candidate[:prefix] != term[:prefix] or freq <= floor:
            continue
        edit = distance(candidate[prefix:], term[prefix:])
        if edit > edits:
            continue
        score = 1.0 - edit / min(len(candidate), len(term))
        if score >= options["accuracy"]:
            found.append((score, candidate, freq))
    found.sort(key=lambda item: (-item[0], item[1]))
    return found[:wanted]


def _similar(term, dictionary, max_doc, options):
    """The options of one token, best first."""
    if len(term) < options["min_word_length"]:
        return []
    freq = dictionary.get(term, 0)
    if options["suggest_mode"] == "missing" and freq > 0:
        return []
    limit = options["max_term_freq"]
    if (limit >= 1 and freq > limit) or (limit < 1 and freq > math.ceil(limit * max_doc)):
        return []
    floor = freq if options["suggest_mode"] == "popular" else 0
    least = options["min_doc_freq"]
    if least >= 1:
        floor = max(floor, int(least))
    elif least > 0:
        floor = max(floor, int(least * max_doc) - 1)
    shard_size = options["shard_size"] or max(options["size"], 5)
    wanted = shard_size * options["max_inspections"]
    found = _candidates(term, dictionary, floor, 1, options["prefix_length"], options, wanted)
    if options["max_edits"] > 1 and len(found) < wanted:
        prefix = max(options["prefix_length"], options["max_edits"] - 1)
        more = _candidates(term, dictionary, floor, options["max_edits"], prefix, options, wanted)
        found = list({item[1]: item for item in found + more}.values())
    if options["sort"] == "frequency":
        found.sort(key=lambda item: (-item[2], -item[0], item[1]))
    else:
        found.sort(key=lambda item: (-item[0], -item[2], item[1]))
    return found[: min(shard_size, options["size"])]


def run(suggestions, corpus, label):
    """The `suggest` part of the answer."""
    answer = {}
    for name, text, options in suggestions:
        analyze = _analyzer(corpus, options["field"], options, label)
        if text is None:
            raise ShardFailure(
                400, "illegal_argument_exception", "The required text option is missing", label
            )
        dictionary, max_doc = _dictionary(corpus, options["field"])
        entries = []
        for term, _position, start, end in analyze(text):
            entries.append(
                {
                    "text": term,
                    "offset": start,
                    "length": end - start,
                    "options": [
                        {"text": found, "score": float(f"{score:.7g}"), "freq": freq}
                        for score, found, freq in _similar(term, dictionary, max_doc, options)
                    ],
                }
            )
        answer[name] = entries
    return answer
