"""The database backend's own machinery: facet bitsets, the index version, snippets."""

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from resources.factories import resource_record
from resources.importer import ResourceImporter
from resources.models import Theme
from search import service
from search.analysis import alternatives_in, analyse, highlight_terms
from search.facets import FacetIndex, Membership, bitset
from search.highlight import Highlighter

SEARCH_BACKENDS = ["database"]  # its own machinery: the database backend only


def run(**params):
    data = QueryDict(mutable=True)
    for key, value in params.items():
        data.setlist(key, value if isinstance(value, list) else [value])
    return service.search(service.parse(data), record=False)


def counts(results, facet):
    return {value.value: value.count for value in results.facets[facet]}


# -- Bitsets ------------------------------------------------------------------------------------
def members(bits):
    test = Membership(bits)
    return [member for member in range(bits.bit_length()) if member in test]


def test_bitsets_hold_exactly_their_members():
    ids = [0, 7, 8, 9, 63, 64, 1000, 12345]
    bits = bitset([*ids, 9, 7])  # duplicates are one member
    assert members(bits) == ids
    assert bits.bit_count() == len(ids)
    test = Membership(bits)
    assert all(member in test for member in ids)
    assert not any(other in test for other in (1, 6, 10, 999, 12346, 10**6))
    assert bitset([]) == 0 and members(0) == []


def test_facet_counts_ignore_their_own_selection():
    entries = [(1, None), (2, None), (3, None), (4, None)]
    facets = [
        ("kind", "tool", [1, 2]),
        ("kind", "guidance", [3]),
        ("kind", "case_study", [4]),
        ("country", "FR", [1, 3, 4]),
        ("country", "HR", [2]),
    ]
    index = FacetIndex("token", entries, facets)
    selection = index.select({"kind": ("tool", "guidance")})
    assert members(selection.allowed()) == [1, 2, 3]
    found = index.counts(selection)
    assert found["kind"] == {"tool": 2, "guidance": 1, "case_study": 1}
    assert found["country"] == {"FR": 2, "HR": 1}
    # Among matches 1 and 4 only; an unknown value selects nothing.
    found = index.counts(selection, matched=bitset([1, 4]))
    assert found["kind"] == {"tool": 1, "case_study": 1}
    assert found["country"] == {"FR": 1}
    assert index.select({"kind": ("nonsense",)}).allowed() == 0


def test_browsing_is_newest_first_with_undated_entries_last():
    entries = [(1, "2019-01-01"), (2, None), (3, "2021-05-01"), (4, "2019-01-01")]
    index = FacetIndex("token", entries, [("kind", "tool", [1, 4])])
    assert index.newest == [3, 4, 1, 2]
    assert index.newest_first(index.everything, 1, 2) == [4, 1]
    tools = index.select({"kind": ("tool",)}).allowed()
    assert index.newest_first(tools, 0, 10) == [4, 1]


# -- The index version --------------------------------------------------------------------------
@pytest.mark.django_db
def test_facets_are_read_once_until_the_index_changes(backend):
    run(kind="tool")  # loads this version's facets
    with CaptureQueriesContext(connection) as context:
        assert run(kind="tool").total == 2
    assert not [q for q in context.captured_queries if "hub_search_searchfacet" in q["sql"]]

    ResourceImporter().run([resource_record(70, kind="tool", slug="seventy")])
    with CaptureQueriesContext(connection) as context:
        assert run(kind="tool").total == 3
    assert [q for q in context.captured_queries if "hub_search_searchfacet" in q["sql"]]


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_index_write_leaves_no_trace_in_the_counts(demo_hub, backend):
    kinds = counts(run(), "kind")

    class Abandon(Exception):
        pass

    with pytest.raises(Abandon), transaction.atomic():
        ResourceImporter().run([resource_record(71, kind="case_study", slug="abandoned")])
        inside = run()  # this process now holds the facets of the abandoned version
        assert counts(inside, "kind")["case_study"] == kinds["case_study"] + 1
        raise Abandon

    # The next write gets a version of its own, never the abandoned one's: the tool counts,
    # the abandoned case study does not.
    ResourceImporter().run([resource_record(72, kind="tool", slug="kept")])
    results = run()
    assert counts(results, "kind") == {**kinds, "tool": kinds["tool"] + 1}
    assert results.total == sum(kinds.values()) + 1


def planner_row_count(table):
    """How many rows the database's planner statistics say `table` has."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
            return int(cursor.fetchone()[0])
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s", [table])
        rows = cursor.fetchall()
        return int(rows[0][0].split()[0]) if rows else None


def all_visible_pages(table):
    """How many pages of `table` PostgreSQL's visibility map marks all-visible (a vacuum's
    work: autovacuum's, later, or the import's)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT relallvisible FROM pg_class WHERE relname = %s", [table])
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_an_import_leaves_the_index_ready_to_search(demo_hub):
    """Straight after a large import, before autovacuum came by, PostgreSQL searched slowly
    (p50 46 ms instead of 9 at 10,000 resources): the import analyses the index's tables as
    it ends, and on PostgreSQL vacuums them."""
    from search.models import SearchText

    ResourceImporter().run([resource_record(n, slug=f"analysed-{n}") for n in range(300, 340)])
    table = SearchText._meta.db_table
    assert planner_row_count(table) == SearchText.objects.count()
    if connection.vendor == "postgresql":
        assert all_visible_pages(table) > 0


@pytest.mark.django_db
def test_renaming_a_term_renames_its_facet_value_at_once(backend):
    assert "Identification" in [v.label for v in run().facets["theme"]]
    theme = Theme.objects.get(slug="identification")
    theme.name_en = "Spotting the signs"
    theme.save()
    labels = [v.label for v in run().facets["theme"]]
    assert "Spotting the signs" in labels and "Identification" not in labels


# -- Synonyms by language -----------------------------------------------------------------------
def test_synonyms_apply_to_texts_in_their_own_language():
    (clause,) = analyse("THB")
    french = {" ".join(a.words) for a in alternatives_in(clause, "fr")}
    assert {"traite des etres humains", "thb", "tip"} <= french
    assert "human trafficking" not in french
    # What the reader typed applies to every language.
    (clause,) = analyse("Ashiana")
    assert alternatives_in(clause, "hr") == clause.alternatives


# -- Snippets -----------------------------------------------------------------------------------
def highlighter(query, language=None):
    return Highlighter(highlight_terms(analyse(query), language))


def test_snippets_mark_words_whatever_their_accents_and_case():
    snippet = highlighter("etres humains").snippet("La traite des Êtres humains est un crime.")
    assert snippet == "La traite des <mark>Êtres</mark> <mark>humains</mark> est un crime."


def test_snippets_mark_whole_words_only():
    snippet = highlighter("risk").snippet("Asterisk aside, the risks are real.")
    assert snippet == "Asterisk aside, the <mark>risks</mark> are real."


def test_snippets_leave_common_words_of_synonym_phrases_unmarked():
    snippet = highlighter("THB", "fr").snippet("La traite des personnes, de ville en ville.")
    assert "<mark>de</mark>" not in snippet and "<mark>des</mark>" not in snippet
    assert "<mark>traite</mark>" in snippet and "<mark>personnes</mark>" in snippet


def test_snippets_find_arabic_words_written_with_vowel_marks():
    snippet = highlighter("مؤشرات").snippet("قائمة مُؤَشِّرات الاتجار")
    assert snippet == "قائمة <mark>مُؤَشِّرات</mark> الاتجار"


def test_snippets_show_the_window_around_the_hits_and_say_what_is_cut():
    text = " ".join(["filler"] * 80 + ["the", "zebracanary", "line"] + ["filler"] * 80)
    snippet = highlighter("zebracanary").snippet(text)
    assert snippet.startswith("…") and snippet.endswith("…")
    assert "<mark>zebracanary</mark>" in snippet
    assert len(snippet) < 260
    assert highlighter("zebracanary").snippet("nothing to see") == ""


def test_snippets_prefer_the_window_with_most_distinct_words():
    text = "forced " + "filler " * 60 + "forced labour together " + "filler " * 60
    snippet = highlighter("forced labour").snippet(text)
    assert "<mark>forced</mark> <mark>labour</mark>" in snippet


@pytest.mark.django_db
def test_narrowing_a_search_or_turning_its_pages_reuses_its_ranking(backend):
    def matches_run(**params):
        with CaptureQueriesContext(connection) as context:
            results = run(**params)
        sql = " ".join(q["sql"] for q in context.captured_queries)
        return results, "hub_search_fts" in sql or "hub_search_searchvector" in sql

    everything, matched = matches_run(q="trafficking", lang="fr")
    assert matched
    tools, matched = matches_run(q="trafficking", lang="fr", kind="tool")
    assert not matched
    assert {result.kind for result in tools.results} == {"tool"}
    assert tools.total == counts(everything, "kind")["tool"]
    second, matched = matches_run(q="trafficking", lang="fr", page_size="2", page="2")
    assert not matched
    assert [r.id for r in second.results] == [r.id for r in everything.results][2:4]
    # Another reader's language ranks differently: a match of its own.
    _results, matched = matches_run(q="trafficking", lang="hr")
    assert matched


@pytest.mark.django_db
def test_a_page_past_the_best_heads_has_them_all_ranked(backend, monkeypatch, settings):
    """The database hands over the best HEAD_ROWS heads only: a facet selection or a page
    they cannot fill gets every head ranked, in the same order as with all of them."""
    from search.backends import ranking

    settings.SEARCH_CACHE_SECONDS = 600  # the short ranking is kept, then replaced
    ResourceImporter().run(
        [
            resource_record(
                n,
                kind="tool" if n >= 8 else "guidance",
                slug=f"zebrafinch-{n}",
                languages=("en",),
                title={"en": f"Zebrafinch {'zebrafinch ' * (n % 4)}outreach {n}"},
                published=f"2020-01-{10 + n}",
            )
            for n in range(12)
        ]
    )
    expected = [r.id for r in run(q="zebrafinch", kind="tool", page_size="2", page="2").results]
    assert len(expected) == 2
    monkeypatch.setattr(ranking, "HEAD_ROWS", 3)
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        found = run(q="zebrafinch", kind="tool", page_size="2", page="2")
    assert [r.id for r in found.results] == expected
    assert found.total == 4
    matches = [
        q
        for q in context.captured_queries
        if "hub_search_fts" in q["sql"] or "hub_search_searchvector" in q["sql"]
    ]
    assert len(matches) == 2  # the best 3 heads, then all of them
    # The complete ranking is kept: the next page of another selection ranks nothing again.
    with CaptureQueriesContext(connection) as context:
        run(q="zebrafinch", kind="guidance", page_size="2", page="3")
    assert not [
        q
        for q in context.captured_queries
        if "hub_search_fts" in q["sql"] or "hub_search_searchvector" in q["sql"]
    ]


@pytest.mark.django_db
def test_the_structures_a_process_keeps_are_out_of_the_collectors_full_walks(backend):
    """The facet bitsets and a vocabulary are frozen once built (search.memory): the
    collector's full walks no longer visit them, and they are still replaced after a
    change."""
    import gc

    from search import facets
    from search.backends import vocabulary

    ResourceImporter().run([resource_record(72, slug="kept-in-memory")])
    index = facets.current()
    assert id(index.values) not in {id(obj) for obj in gc.get_objects()}
    words = vocabulary.current("en")
    assert id(words.public) not in {id(obj) for obj in gc.get_objects()}
    ResourceImporter().run([resource_record(73, slug="kept-in-memory-too")])
    assert facets.current() is not index
