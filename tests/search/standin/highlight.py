"""The unified highlighter, as the Hub's searches use it: the query's terms and phrases on a
field marked in the best sentence (a passage of about `fragment_size` characters), the text
around them escaped by Lucene's SimpleHTMLEncoder when `encoder` is "html", and the rule of
`index.highlight.max_analyzed_offset`: a longer text fails the whole search unless the
request sets `max_analyzed_offset`, which then bounds what is analysed
(https://www.elastic.co/guide/en/elasticsearch/reference/8.19/highlighting.html).
"""

import re

from tests.search.standin.errors import EsError, ShardFailure
from tests.search.standin.queries import phrase_starts

OPTIONS = {
    "pre_tags", "post_tags", "encoder", "fragment_size", "number_of_fragments", "type",
    "require_field_match", "order", "no_match_size", "max_analyzed_offset", "boundary_scanner",
    "boundary_chars", "boundary_max_scan", "fragmenter", "highlight_query", "phrase_limit",
    "tags_schema", "max_fragment_length", "boundary_scanner_locale", "fragment_offset",
    "matched_fields", "force_source", "options",
}  # fmt: skip
# org.apache.lucene.search.highlight.SimpleHTMLEncoder
HTML = {'"': "&quot;", "&": "&amp;", "<": "&lt;", ">": "&gt;", "'": "&#x27;", "/": "&#x2F;"}
SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)|\n+")


def encode(text, encoder):
    return "".join(HTML.get(char, char) for char in text) if encoder == "html" else text


def parse(body):
    if not isinstance(body, dict):
        raise EsError(400, "x_content_parse_exception", "[highlight] expected an object")
    unknown = set(body) - OPTIONS - {"fields"}
    if unknown:
        raise EsError(
            400, "x_content_parse_exception", f"[highlight] unknown field [{sorted(unknown)[0]}]"
        )
    fields = body.get("fields", {})
    if isinstance(fields, list):
        fields = {name: options for item in fields for name, options in item.items()}
    shared = {key: value for key, value in body.items() if key != "fields"}
    parsed = {}
    for name, options in fields.items():
        unknown = set(options) - OPTIONS
        if unknown:
            raise EsError(
                400,
                "x_content_parse_exception",
                f"[highlight_field] unknown field [{sorted(unknown)[0]}]",
            )
        parsed[name] = {**shared, **options}
    requested = shared.get("max_analyzed_offset")
    if requested is not None and (
        not isinstance(requested, int) or (requested < 1 and requested != -1)
    ):
        raise EsError(
            400,
            "x_content_parse_exception",
            "[max_analyzed_offset] must be a positive integer, or -1",
        )
    return parsed


def highlight(fields, query, corpus, key, index):
    """{field: [fragment]} of one hit."""
    found = {}
    limit = index.settings["index.highlight.max_analyzed_offset"]
    for field, options in fields.items():
        mapping = corpus.mapping(field)
        values = [v for v in corpus.values(key, field) if isinstance(v, str)]
        if not values or not mapping or mapping.get("type") != "text":
            continue
        text = "\n".join(values)
        requested = options.get("max_analyzed_offset")
        if len(text) > limit and (requested is None or requested > limit):
            raise ShardFailure(
                400,
                "illegal_argument_exception",
                f"The length [{len(text)}] of field [{field}] in doc[0]/index[{index.name}] exceeds"
                f" the [index.highlight.max_analyzed_offset] limit [{limit}]. To avoid this error,"
                " set the query parameter [max_analyzed_offset] to a value less than index"
                f" setting [{limit}] and this will tolerate long field values by truncating them.",
                index.name,
            )
        bound = limit if requested in (None, -1) else min(requested, limit)
        if len(text) <= bound and len(values) == 1:
            tokens = index.tokens(key[1], field)
        else:
            tokens = index.analyzers[mapping.get("analyzer", "standard")](text[:bound])
        spans = _spans(tokens, query.highlights(field, corpus))
        if spans:
            found[field] = [_fragment(text, spans, options)]
    return found


def _spans(tokens, matchers):
    spans = []
    for kind, wanted in matchers:
        if kind == "phrase":
            for start in phrase_starts(tokens, wanted):
                last = start + len(wanted) - 1
                spans.append((tokens[start][2], tokens[min(last, len(tokens) - 1)][3]))
        else:
            term = wanted[0][0]
            for token in tokens:
                if token[0] == term or (kind == "prefix" and token[0].startswith(term)):
                    spans.append((token[2], token[3]))
    merged = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _fragment(text, spans, options):
    size = options.get("fragment_size", 100)
    encoder = options.get("encoder", "default")
    pre, post = options.get("pre_tags", ["<em>"])[0], options.get("post_tags", ["</em>"])[0]
    if options.get("number_of_fragments", 5) == 0:
        start, end = 0, len(text)
    else:
        sentences = [match.span() for match in SENTENCE.finditer(text)]
        start, end = max(
            sentences,
            key=lambda s: (sum(1 for a, b in spans if s[0] <= a < s[1]), -s[0]),
        )
        first = next(a for a, b in spans if a >= start)
        if end - start > size:
            if first + 1 - start > size:
                start = text.rfind(" ", start, first) + 1 or start
            cut = text.find(" ", start + size)
            end = min(end, cut if cut != -1 else end)
    out, at = [], start
    for a, b in spans:
        if a < start or b > end:
            continue
        out += [encode(text[at:a], encoder), pre, encode(text[a:b], encoder), post]
        at = b
    out.append(encode(text[at:end], encoder))
    return "".join(out).strip()
