"""The query DSL, parsed as strictly as Elasticsearch parses it (each query takes the
parameters of the reference, no others), evaluated over the stand-in's documents with BM25
scores, and counted in leaf clauses as Lucene's IndexSearcher counts them (one a term or
phrase query a field; a terms or prefix query is one).
"""

import fnmatch
import math

from tests.search.standin.errors import EsError, parsing

K1, B = 1.2, 0.75
MULTI_MATCH = {
    "query", "fields", "type", "operator", "minimum_should_match", "analyzer", "boost", "slop",
    "fuzziness", "prefix_length", "max_expansions", "tie_breaker", "lenient",
    "zero_terms_query", "auto_generate_synonyms_phrase_query", "fuzzy_transpositions",
    "fuzzy_rewrite", "_name",
}  # fmt: skip
MULTI_MATCH_TYPES = {"best_fields", "most_fields", "cross_fields", "phrase", "phrase_prefix"}
MULTI_MATCH_TYPES.add("bool_prefix")
BOOL = {"must", "filter", "should", "must_not", "minimum_should_match", "boost", "_name"}


class Corpus:
    """The documents of the indexes a search runs over, with each text field's statistics."""

    def __init__(self, indexes):
        self.indexes = indexes
        self.keys = [(index.name, doc_id) for index in indexes for doc_id in index.docs]
        self._stats = {}

    def index(self, key):
        return next(index for index in self.indexes if index.name == key[0])

    def mapping(self, field):
        for index in self.indexes:
            if field in index.fields:
                return index.fields[field]
        return None

    def field_names(self):
        return {name for index in self.indexes for name in index.fields}

    def tokens(self, key, field):
        return self.index(key).tokens(key[1], field)

    def values(self, key, field):
        return self.index(key).values(key[1], field)

    def analyzer(self, field):
        for index in self.indexes:
            if field in index.fields:
                mapping = index.fields[field]
                name = mapping.get("search_analyzer", mapping.get("analyzer", "standard"))
                return index.analyzers[name]
        return None

    def stats(self, field):
        if field not in self._stats:
            lengths = [len(self.tokens(key, field)) for key in self.keys]
            lengths = [length for length in lengths if length]
            frequencies = {}
            for key in self.keys:
                for term in {token[0] for token in self.tokens(key, field)}:
                    frequencies[term] = frequencies.get(term, 0) + 1
            average = sum(lengths) / len(lengths) if lengths else 1
            self._stats[field] = (len(lengths), average, frequencies)
        return self._stats[field]

    def score(self, field, key, terms, frequency):
        count, average, frequencies = self.stats(field)
        idf = sum(
            math.log(
                1 + (count - frequencies.get(term, 0) + 0.5) / (frequencies.get(term, 0) + 0.5)
            )
            for term in terms
        )
        length = len(self.tokens(key, field))
        return idf * frequency / (frequency + K1 * (1 - B + B * length / average))


def parse(query):
    """The Node of a query object: {"type": {...}} with one key."""
    if not isinstance(query, dict) or len(query) != 1:
        raise parsing("[_na] query malformed, must start with start_object")
    ((kind, body),) = query.items()
    if kind not in NODES:
        raise EsError(400, "parsing_exception", f"unknown query [{kind}]", line=1, col=1)
    return NODES[kind](body)


def _unknown(kind, body, allowed):
    extra = set(body) - allowed
    if extra:
        raise parsing(f"[{kind}] query does not support [{sorted(extra)[0]}]")


class MatchAll:
    def __init__(self, body):
        _unknown("match_all", body, {"boost", "_name"})
        self.boost = body.get("boost", 1.0)

    def run(self, corpus):
        return {key: self.boost for key in corpus.keys}

    def clauses(self, corpus):
        return 1

    def highlights(self, field, corpus):
        return []


class Terms:
    def __init__(self, body):
        fields = [name for name in body if name not in ("boost", "_name")]
        if len(fields) != 1:
            raise parsing("[terms] query requires one field")
        self.field = fields[0]
        values = body[self.field]
        if not isinstance(values, list):
            raise parsing(f"[terms] query does not support [{self.field}]")
        if len(values) > 65_536:
            raise EsError(
                400,
                "illegal_argument_exception",
                f"The number of terms [{len(values)}] used in the Terms Query request has"
                " exceeded the allowed maximum of [65536].",
            )
        self.values = {str(value) for value in values}
        self.boost = body.get("boost", 1.0)

    def run(self, corpus):
        mapping = corpus.mapping(self.field) or {}
        found = {}
        for key in corpus.keys:
            if mapping.get("type") == "text":
                present = {token[0] for token in corpus.tokens(key, self.field)}
            else:
                present = {str(value) for value in corpus.values(key, self.field)}
            if present & self.values:
                found[key] = self.boost
        return found

    def clauses(self, corpus):
        return 1

    def highlights(self, field, corpus):
        return []


class Prefix:
    """{"prefix": {field: value}} or {field: {"value", ...}}: documents with a term of the
    field starting with the value, which is not analysed; constant-scoring."""

    OPTIONS = {"value", "rewrite", "case_insensitive", "boost", "_name"}

    def __init__(self, body):
        if not isinstance(body, dict) or not body:
            raise parsing("[prefix] query malformed, no start_object after query name")
        if len(body) > 1:
            first, second = list(body)[:2]
            raise parsing(
                f"[prefix] query doesn't support multiple fields, found [{first}] and [{second}]"
            )
        ((self.field, spec),) = body.items()
        if isinstance(spec, dict):
            _unknown("prefix", spec, self.OPTIONS)
            if "value" not in spec:
                raise parsing("[prefix] query requires a value")
            if spec.get("rewrite") is not None:
                raise EsError(
                    400, "illegal_argument_exception", "the stand-in does not emulate [rewrite]"
                )
        else:
            spec = {"value": spec}
        self.value = str(spec["value"])
        self.case_insensitive = bool(spec.get("case_insensitive", False))
        self.boost = spec.get("boost", 1.0)

    def _terms(self, corpus, key):
        mapping = corpus.mapping(self.field) or {}
        if mapping.get("type") == "text":
            return {token[0] for token in corpus.tokens(key, self.field)}
        return {str(value) for value in corpus.values(key, self.field)}

    def run(self, corpus):
        if corpus.mapping(self.field) is None:
            return {}
        value = self.value.lower() if self.case_insensitive else self.value
        found = {}
        for key in corpus.keys:
            terms = self._terms(corpus, key)
            if self.case_insensitive:
                terms = {term.lower() for term in terms}
            if any(term.startswith(value) for term in terms):
                found[key] = self.boost
        return found

    def clauses(self, corpus):
        return 1

    def highlights(self, field, corpus):
        return []


class Bool:
    def __init__(self, body):
        _unknown("bool", body, BOOL)
        self.parts = {}
        for occur in ("must", "filter", "should", "must_not"):
            value = body.get(occur, [])
            self.parts[occur] = [
                parse(item) for item in (value if isinstance(value, list) else [value])
            ]
        default = 0 if self.parts["must"] or self.parts["filter"] else 1
        self.minimum = int(str(body.get("minimum_should_match", default)).rstrip("%"))
        self.boost = body.get("boost", 1.0)

    def run(self, corpus):
        keys = set(corpus.keys)
        scores = dict.fromkeys(keys, 0.0)
        for node in self.parts["must"] + self.parts["filter"]:
            matched = node.run(corpus)
            keys &= set(matched)
            if node in self.parts["must"]:
                for key in keys:
                    scores[key] += matched[key]
        for node in self.parts["must_not"]:
            keys -= set(node.run(corpus))
        if self.parts["should"]:
            counts = dict.fromkeys(keys, 0)
            for node in self.parts["should"]:
                for key, score in node.run(corpus).items():
                    if key in keys:
                        counts[key] += 1
                        scores[key] += score
            keys = {key for key in keys if counts[key] >= self.minimum}
        return {key: scores[key] * self.boost for key in keys}

    def clauses(self, corpus):
        return sum(node.clauses(corpus) for nodes in self.parts.values() for node in nodes)

    def highlights(self, field, corpus):
        return [
            found
            for occur in ("must", "should", "filter")
            for node in self.parts[occur]
            for found in node.highlights(field, corpus)
        ]


class MultiMatch:
    def __init__(self, body):
        _unknown("multi_match", body, MULTI_MATCH)
        if "query" not in body:
            raise parsing("No text specified for multi_match query")
        self.text = str(body["query"])
        self.type = body.get("type", "best_fields")
        if self.type not in MULTI_MATCH_TYPES:
            raise parsing(f"failed to parse [multi_match] query type [{self.type}]. unknown type.")
        self.operator = str(body.get("operator", "or")).lower()
        if self.operator not in ("or", "and"):
            raise parsing(f"[multi_match] unknown operator [{self.operator}]")
        self.tie_breaker = body.get("tie_breaker", 0.0)
        self.boost = body.get("boost", 1.0)
        self.fields = {}
        for entry in body.get("fields", ["*"]):
            name, _, boost = entry.partition("^")
            if name in self.fields:
                # Elasticsearch keeps the last boost of a field named twice (a reader's
                # language boost silently lost); the stand-in refuses it.
                raise EsError(
                    400,
                    "illegal_argument_exception",
                    f"[multi_match] field [{name}] named twice (the stand-in's rule: the last"
                    " boost would win)",
                )
            self.fields[name] = float(boost or 1)

    def _fields(self, corpus):
        mapped = corpus.field_names()
        for pattern, boost in self.fields.items():
            for name in sorted(fnmatch.filter(mapped, pattern)) if "*" in pattern else [pattern]:
                mapping = corpus.mapping(name)
                if mapping and mapping.get("type") == "text":
                    yield name, boost, corpus.analyzer(name)(self.text)

    def run(self, corpus):
        per_field = []
        for field, boost, tokens in self._fields(corpus):
            if tokens:
                per_field.append(
                    {
                        key: score * boost
                        for key, score in self._field(corpus, field, tokens).items()
                    }
                )
        found = {}
        for scores in per_field:
            for key, score in scores.items():
                found.setdefault(key, []).append(score)
        combine = sum if self.type in ("most_fields", "bool_prefix") else self._best
        return {key: combine(scores) * self.boost for key, scores in found.items()}

    def _best(self, scores):
        best = max(scores)
        return best + self.tie_breaker * (sum(scores) - best)

    def _field(self, corpus, field, tokens):
        found = {}
        for key in corpus.keys:
            doc = corpus.tokens(key, field)
            if not doc:
                continue
            if self.type == "phrase" and len(tokens) > 1:
                count = len(phrase_starts(doc, tokens))
                if count:
                    found[key] = corpus.score(field, key, [t[0] for t in tokens], count)
                continue
            score, matched = 0.0, 0
            terms = [t[0] for t in tokens]
            prefix = terms.pop() if self.type == "bool_prefix" else None
            for term in terms:
                count = sum(1 for token in doc if token[0] == term)
                if count:
                    score += corpus.score(field, key, [term], count)
                    matched += 1
            if prefix is not None and any(token[0].startswith(prefix) for token in doc):
                score += 1.0  # a prefix query is constant-scoring
                matched += 1
            if matched and (self.operator == "or" or matched == len(tokens)):
                found[key] = score
        return found

    def clauses(self, corpus):
        count = 0
        for _field, _boost, tokens in self._fields(corpus):
            if self.type in ("phrase", "phrase_prefix"):
                count += 1
            else:
                count += max(1, len(tokens))
        return count

    def highlights(self, field, corpus):
        for name, _boost, tokens in self._fields(corpus):
            if name != field or not tokens:
                continue
            if self.type == "phrase" and len(tokens) > 1:
                return [("phrase", tokens)]
            terms = [("term", [token]) for token in tokens]
            if self.type == "bool_prefix":
                terms[-1] = ("prefix", terms[-1][1])
            return terms
        return []


def phrase_starts(doc, tokens):
    """Indexes in `doc` where the phrase `tokens` starts (positions as analysed, gaps kept)."""
    first = tokens[0][1]
    wanted = [(term, position - first) for term, position, *_ in tokens]
    positions = {}
    for number, (term, position, *_) in enumerate(doc):
        positions.setdefault(term, {})[position] = number
    starts = []
    for number, (term, position, *_) in enumerate(doc):
        if term == wanted[0][0] and all(
            position + offset in positions.get(other, {}) for other, offset in wanted[1:]
        ):
            starts.append(number)
    return starts


NODES = {
    "match_all": MatchAll,
    "terms": Terms,
    "prefix": Prefix,
    "bool": Bool,
    "multi_match": MultiMatch,
}
