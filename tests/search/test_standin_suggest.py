"""The stand-in's term suggester, terms aggregation filters, prefix query and mapping API
answer and refuse as Elasticsearch 8 does (TermSuggestionBuilder's checks, DirectSpellChecker's
candidates), so that the Hub's typo correction and word completion, tested against it, would
behave the same on a real server."""

import pytest
from elasticsearch import ApiError, Elasticsearch

INDEX = "words-test"
DOCUMENTS = [
    {"words": ["trafficking", "forced", "labour"], "title": "Forced labour and trafficking"},
    {"words": ["trafficking", "forces", "ports"], "title": "Trafficking in ports"},
    {"words": ["forces", "psychosocial", "psychology"], "title": "Psychosocial forces"},
    {"words": ["traffic", "the", "psychosocial"], "title": "The traffic"},
]


@pytest.fixture
def es(standin):
    client = Elasticsearch(standin.url)
    client.indices.create(
        index=INDEX,
        mappings={
            "dynamic": "strict",
            "properties": {
                "words": {"type": "keyword"},
                "title": {"type": "text", "analyzer": "standard"},
            },
        },
    )
    for number, document in enumerate(DOCUMENTS):
        client.index(index=INDEX, id=str(number), document=document, refresh=True)
    return client


def suggest(es, text, field="words", **options):
    answer = es.search(
        index=INDEX, size=0, suggest={"s": {"text": text, "term": {"field": field, **options}}}
    )
    return answer.body["suggest"]["s"]


def options(es, text, **settings):
    (entry,) = suggest(es, text, **settings)
    return [option["text"] for option in entry["options"]]


def refused(call):
    with pytest.raises(ApiError) as raised:
        call()
    error = raised.value.body["error"]
    return raised.value.status_code, error["type"], error["root_cause"][0]["reason"]


def test_the_answer_has_elasticsearchs_shape(es):
    assert suggest(es, "trafiking") == [
        {
            "text": "trafiking",
            "offset": 0,
            "length": 9,
            # Two edits: 1 - 2 / 9, in two documents.
            "options": [{"text": "trafficking", "score": 0.7777778, "freq": 2}],
        }
    ]


def test_text_is_analysed_by_the_fields_analyzer_with_its_offsets(es):
    entries = suggest(es, "Forsed  Labour", field="title")
    assert [(e["text"], e["offset"], e["length"]) for e in entries] == [
        ("forsed", 0, 6),
        ("labour", 8, 6),
    ]
    # One edit each, in one title each: in alphabetical order.
    assert [o["text"] for o in entries[0]["options"]] == ["forced", "forces"]
    assert entries[1]["options"] == []  # in the index: "missing" suggests nothing for it
    # A keyword field's text is one token, as typed.
    assert [e["text"] for e in suggest(es, "Forsed Labour")] == ["Forsed Labour"]


def test_candidates_are_within_max_edits_a_transposition_being_one(es):
    assert options(es, "trafiking", max_edits=1) == []
    assert options(es, "labuor", max_edits=1) == ["labour"]  # "uo" for "ou"
    assert options(es, "psychosocail") == ["psychosocial"]


def test_prefix_length_and_min_word_length(es):
    assert options(es, "gorced") == []  # the first letter must match by default
    assert options(es, "gorced", prefix_length=0) == ["forced"]  # "forces" is two edits
    # Two edits always keep the first letter (DirectSpellChecker: at least max_edits - 1).
    assert options(es, "gorcet", prefix_length=0) == []
    assert options(es, "gorcet", prefix_length=0, max_edits=1) == []
    assert options(es, "labr") == ["labour"]  # four letters: looked up (1 - 2 / 4 = 0.5)
    assert options(es, "labr", min_word_length=5) == []
    assert options(es, "labr", accuracy=0.6) == []


def test_suggest_mode(es):
    # "forced" is in one document, "forces" in two.
    assert options(es, "forced") == []  # missing: a term of the index is not corrected
    assert options(es, "forced", suggest_mode="popular") == ["forces"]
    assert options(es, "forces", suggest_mode="popular", max_term_freq=2) == []
    assert options(es, "forces", suggest_mode="always", max_term_freq=2) == ["forced"]
    # In more than 1% of the documents (max_term_freq's default), a term is never corrected.
    assert options(es, "forces", suggest_mode="always") == []


def test_sort_size_and_min_doc_freq(es):
    assert options(es, "forcex") == ["forces", "forced"]  # same score: more documents first
    assert options(es, "forcex", size=1) == ["forces"]
    # Suggested terms must be in more documents than min_doc_freq (a fraction of them: one
    # less than that many).
    assert options(es, "forcex", min_doc_freq=1) == ["forces"]
    assert options(es, "forcex", min_doc_freq=2) == []
    assert options(es, "forcex", min_doc_freq=0.5) == ["forces"]
    # "forced" is one edit from "forcd" (1 - 1 / 5), "forces" two (0.6) but in two documents.
    (entry,) = suggest(es, "forcd")
    assert [(o["text"], o["score"], o["freq"]) for o in entry["options"]] == [
        ("forced", 0.8, 1),
        ("forces", 0.6, 2),
    ]
    assert options(es, "forcd", sort="frequency") == ["forces", "forced"]


def test_a_global_text_serves_suggestions_without_their_own(es):
    answer = es.search(
        index=INDEX,
        size=0,
        suggest={
            "text": "labuor",
            "a": {"term": {"field": "words"}},
            "b": {"text": "fors", "term": {"field": "words"}},
        },
    )
    assert [o["text"] for o in answer.body["suggest"]["a"][0]["options"]] == ["labour"]
    assert answer.body["suggest"]["b"][0]["text"] == "fors"


@pytest.mark.parametrize(
    ("suggestion", "status", "kind", "reason"),
    [
        (
            {"text": "x", "term": {"field": "words", "max_edit": 1}},
            400,
            "parsing_exception",
            "suggester[term] doesn't support field [max_edit]",
        ),
        (
            {"text": "x", "term": {"field": "words", "max_edits": 3}},
            400,
            "illegal_argument_exception",
            "maxEdits must be between 1 and 2",
        ),
        (
            {"text": "x", "term": {"field": "words", "suggest_mode": "sometimes"}},
            400,
            "illegal_argument_exception",
            "No enum constant org.elasticsearch.search.suggest.term.TermSuggestionBuilder"
            ".SuggestMode.SOMETIMES",
        ),
        (
            {"text": "x", "term": {"field": "words", "max_term_freq": 2.5}},
            400,
            "illegal_argument_exception",
            "if maxTermFreq is greater than 1, it must not be a fraction",
        ),
        (
            {"text": "x", "term": {"field": "words", "size": 0}},
            400,
            "illegal_argument_exception",
            "size must be positive",
        ),
        (
            {"text": "x", "term": {"max_edits": 1}},
            400,
            "parse_exception",
            "the required field option [field] is missing",
        ),
        (
            {"text": "x", "terms": {"field": "words"}},
            400,
            "x_content_parse_exception",
            "unknown field [terms]",
        ),
        (
            {"texts": "x", "term": {"field": "words"}},
            400,
            "parsing_exception",
            "suggestion does not support [texts]",
        ),
        ({"text": "x"}, 400, "parse_exception", "missing suggestion object"),
        (
            {"text": "x", "term": {"field": "nope"}},
            400,
            "search_phase_execution_exception",
            "no mapping found for field [nope]",
        ),
        (
            {"term": {"field": "words"}},
            400,
            "search_phase_execution_exception",
            "The required text option is missing",
        ),
    ],
)
def test_what_elasticsearch_refuses_is_refused(es, suggestion, status, kind, reason):
    answered = refused(lambda: es.search(index=INDEX, suggest={"s": suggestion}))
    assert answered[:2] == (status, kind)
    assert answered[2].endswith(reason)  # after the line and column of a parse error


def test_suggesters_not_emulated_are_refused_by_name(es):
    _status, _kind, reason = refused(
        lambda: es.search(index=INDEX, suggest={"s": {"text": "x", "phrase": {"field": "title"}}})
    )
    assert "does not emulate the [phrase] suggester" in reason


# -- Terms aggregations, prefix queries, mappings -----------------------------------------------
def buckets(es, query=None, **terms):
    answer = es.search(
        index=INDEX,
        size=0,
        query=query or {"match_all": {}},
        aggs={"w": {"terms": {"field": "words", **terms}}},
    )
    return [(b["key"], b["doc_count"]) for b in answer.body["aggregations"]["w"]["buckets"]]


def test_a_terms_aggregation_includes_and_excludes(es):
    assert buckets(es, include="psych.*") == [("psychosocial", 2), ("psychology", 1)]
    assert buckets(es, include="psych.*", exclude=["psychology"]) == [("psychosocial", 2)]
    assert buckets(es, include=["forced", "ports", "nowhere"]) == [("forced", 1), ("ports", 1)]
    assert buckets(es, include="for.*", exclude="forc.s") == [("forced", 1)]
    assert buckets(es, include="psych") == []  # a whole term must match
    assert buckets(es, include="\\p\\s.*") == []  # "\\s" is a class of spaces


def test_lucene_operators_unescaped_are_refused(es):
    status, _kind, reason = refused(lambda: buckets(es, include="psych#.*"))
    assert status == 400 and "operator [#]" in reason
    assert buckets(es, include="psych\\#.*") == []  # escaped, it is a character


def test_a_prefix_query_on_keywords_and_text(es):
    assert buckets(es, {"prefix": {"words": "psychos"}}, include="psychos.*") == [
        ("psychosocial", 2)
    ]
    assert buckets(es, {"prefix": {"title": {"value": "port"}}}, include="ports") == [("ports", 1)]
    status, kind, reason = refused(
        lambda: buckets(es, {"prefix": {"words": {"value": "p", "fuzziness": 1}}})
    )
    assert (status, kind, reason) == (
        400,
        "parsing_exception",
        "[prefix] query does not support [fuzziness]",
    )


def test_the_mapping_of_an_index_or_alias(es):
    es.indices.put_alias(index=INDEX, name="words-alias")
    mappings = es.indices.get_mapping(index="words-alias").body
    assert set(mappings) == {INDEX}
    assert mappings[INDEX]["mappings"]["properties"]["words"] == {"type": "keyword"}
    assert (
        refused(lambda: es.indices.get_mapping(index="nowhere"))[1] == "index_not_found_exception"
    )
