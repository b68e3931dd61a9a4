"""The full-text queries of the database backend, one engine per database.

Each engine answers a search with every matching text row (the backend counts the facets of
their entries) and the rows with a word of the query in their title or summary, best first
(search.backends.ranking orders the rest by date). An entry scores as its best row, and rows
in the reader's language count READER_LANGUAGE_BOOST times more; ties order by publication
date. Titles for autocompletion are a statement of their own.
"""

from django.db import connection

from search.analysis import POSTGRES_CONFIGURATIONS, Clause, alternatives_in, prefixes
from search.facets import ids_of
from search.models import SearchEntry, SearchFacet, SearchText, SearchVector

READER_LANGUAGE_BOOST = 1.5
TEXT = SearchText._meta.db_table
ENTRY = SearchEntry._meta.db_table
VECTOR = SearchVector._meta.db_table
INDEX_TABLES = (TEXT, ENTRY, VECTOR, SearchFacet._meta.db_table)
FTS = "hub_search_fts"  # SQLite's FTS5 table of the text table (migration 0002), not a model

# A text row's id is entry * LANGUAGE_SLOTS + its language's slot (database.text_id), so that
# a match yields both without reading the text table. The slots are part of the stored index:
# a language keeps its slot whatever the order of settings.LANGUAGES, a new language takes a
# free one, and none is ever reused for another (search.checks refuses a language without
# a slot, or more languages than there are slots).
LANGUAGE_SLOTS = 8
SLOT_OF_LANGUAGE = {"en": 0, "fr": 1, "es": 2, "ar": 3, "hr": 4, "nl": 5}
# (language, text search configuration) of each language, as SQL VALUES.
CONFIGURATIONS = ", ".join(
    f"('{code}', '{name}'::regconfig)" for code, (name, _base) in POSTGRES_CONFIGURATIONS.items()
)


_STEMS = {}  # text -> {language: stems} (PostgresFullText.stems)
MAX_CACHED_STEMS = 50_000


def _lexeme(stem):
    """A stem quoted for a tsquery."""
    return "'" + stem.replace("\\", "\\\\").replace("'", "''") + "'"


class SqliteFullText:
    """FTS5 with bm25; words match by the prefixes their stems give (search.analysis)."""

    # bm25 weights of the columns: title, summary, body, context, attachment
    WEIGHTS = "10.0, 4.0, 1.0, 2.0, 1.0"

    @staticmethod
    def expression(clauses):
        parts = []
        for clause in clauses:
            alternatives = []
            for alternative in clause.alternatives:
                if alternative.is_phrase:
                    alternatives.append('"' + " ".join(alternative.words) + '"')
                else:
                    for prefix in prefixes(alternative.words[0]):
                        alternatives.append(f'"{prefix}"*' if len(prefix) >= 3 else f'"{prefix}"')
            parts.append("(" + " OR ".join(alternatives) + ")")
        return " AND ".join(parts)

    def match(self, clauses, language, sort, limit=None):
        """(every matching text row, a numpy array; the best `limit` (None: all) of the rows
        with a word of the query in their title or summary, best first, none for
        `sort=newest`). A row's id says its entry and language (database.text_id). The heads
        are matched on their own, any word of the query, and scored with bm25 on those
        columns; search.backends.ranking keeps those of matching entries. Scoring every
        match instead cost twice the match itself."""
        params = [self.expression(clauses)]
        # Every matching row as one string of ids (parsed in C, search.facets.ids_of) in a
        # row of its own, its rowid NULL.
        sql = f"SELECT NULL, group_concat(rowid) FROM {FTS} WHERE {FTS} MATCH %s"
        if sort != "newest":
            # One statement (a search costs a fixed few): the heads come with their score.
            sql += f""" UNION ALL
                SELECT * FROM (
                    SELECT rowid, bm25({FTS}, {self.WEIGHTS})
                                  * (CASE WHEN rowid %% {LANGUAGE_SLOTS} = %s
                                          THEN {READER_LANGUAGE_BOOST} ELSE 1 END) AS score
                    FROM {FTS} WHERE {FTS} MATCH %s ORDER BY score, rowid LIMIT %s)"""
            params += [
                SLOT_OF_LANGUAGE[language],
                self.head_expression(clauses),
                -1 if limit is None else limit,
            ]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            found = cursor.fetchall()
        rows = ids_of(next(text for row_id, text in found if row_id is None))
        if not rows.size:
            return rows, []
        # bm25 is negative: the lowest first.
        head = sorted((score, row_id) for row_id, score in found if row_id is not None)
        return rows, [row_id for _score, row_id in head]

    @classmethod
    def head_expression(cls, clauses):
        """Any alternative of any clause, in the title or the summary."""
        every = tuple(alternative for clause in clauses for alternative in clause.alternatives)
        return "{title summary} : " + cls.expression([Clause(every)])

    def titles(self, prefix_words, limit):
        # The column filter must bracket every word, or it applies to the first one only.
        expression = "title : (" + " ".join(f'"{word}"*' for word in prefix_words) + ")"
        sql = f"""
            WITH f AS MATERIALIZED (
                SELECT rowid AS id, bm25({FTS}) AS score FROM {FTS}
                WHERE {FTS} MATCH %s ORDER BY score LIMIT %s
            )
            SELECT t.entry_id, t.language, t.title FROM f JOIN {TEXT} t ON t.id = f.id
            ORDER BY f.score"""
        with connection.cursor() as cursor:
            cursor.execute(sql, [expression, limit * 6])
            return cursor.fetchall()

    def after_write(self, entry_ids):
        """Nothing to do: triggers keep FTS5 in step with the text table."""

    def analyze(self):
        _run([f"ANALYZE {table}" for table in INDEX_TABLES])


class PostgresFullText:
    """Per-language tsvectors in a narrow table (SearchVector), partitioned by language:
    `document` holds the stems of every field and is matched through the GIN index of its
    language's partition; `head` holds the title and summary (weights A and B) and ranks with
    ts_rank. Neither the match nor the ranking reads `document` itself (stored out of line
    when large), so matching thousands of rows reads the pages of their language only: a
    phrase of the synonym lists matches texts that have all its words, and matches in the
    body or attachments alone score the same, newest first."""

    RANK_WEIGHTS = "{0.1, 0.2, 0.4, 1.0}"  # D, C, B (summary), A (title)

    @staticmethod
    def stems(texts):
        """{text: {language: stems}} of each text in each language's configuration (stems a
        frozenset; empty for common words). Stems depend on nothing but the text and the
        configuration: each process keeps them, and asks the database for new texts only."""
        missing = [text for text in dict.fromkeys(texts) if text not in _STEMS]
        if missing:
            sql = f"""
                SELECT a.text, c.language, tsvector_to_array(to_tsvector(c.config, a.text))
                FROM unnest(%s::text[]) AS a(text)
                CROSS JOIN (VALUES {CONFIGURATIONS}) AS c(language, config)"""
            found = {}
            with connection.cursor() as cursor:
                cursor.execute(sql, [missing])
                for text, code, stems in cursor.fetchall():
                    found.setdefault(text, {})[code] = frozenset(stems)
            if len(_STEMS) > MAX_CACHED_STEMS:
                _STEMS.clear()
            _STEMS.update(found)
        return {text: _STEMS[text] for text in texts}

    @staticmethod
    def tsqueries(clauses, stems, language):
        """(match, rank): tsquery texts for texts in `language`, or None when no text in it
        can match. Match: the clauses AND-ed; within a clause, the distinct alternatives that
        apply to the language OR-ed, the stems of an alternative's words AND-ed (a clause of
        words common in the language is dropped, as plainto_tsquery does). Rank: every stem
        of those alternatives OR-ed (ts_rank costs in proportion to their number)."""
        match, every = [], set()
        for clause in clauses:
            groups = set()
            for alternative in alternatives_in(clause, language):
                words = stems[" ".join(alternative.words)][language]
                if words:
                    groups.add(" & ".join(sorted(_lexeme(word) for word in words)))
                    every.update(words)
            if groups:
                match.append("(" + " | ".join(f"({group})" for group in sorted(groups)) + ")")
        if not match:
            return None
        return " & ".join(match), " | ".join(sorted(_lexeme(word) for word in every))

    def match(self, clauses, language, sort, limit=None):
        """(every matching text row, the best `limit` (None: all) of those with a word of
        the query in their head, best first; none for `sort=newest`), ids as
        database.text_id makes them; the first a numpy array."""
        stems = self.stems([" ".join(a.words) for clause in clauses for a in clause.alternatives])
        queries = {code: self.tsqueries(clauses, stems, code) for code in POSTGRES_CONFIGURATIONS}
        queries = {code: pair for code, pair in queries.items() if pair is not None}
        if not queries:
            return ids_of(""), []
        # Each language is matched in its own partition (a literal language prunes the
        # others), through the partition's GIN index. The lateral subquery (kept apart by
        # OFFSET 0) takes the language's tsqueries as parameters, which also keeps the
        # planner on the index (a literal tsquery matching half the table would have it read
        # every row). Only the rows whose head has a word of the query are ranked.
        scans = [
            f"""SELECT v.text_id, v.published, v.language,
                       CASE WHEN v.head @@ r.rank_{code}
                            THEN ts_rank('{self.RANK_WEIGHTS}', v.head, r.rank_{code})
                       END AS score
                FROM r CROSS JOIN LATERAL (
                    SELECT v.text_id, v.published, v.language, v.head FROM {VECTOR} v
                    WHERE v.language = '{code}' AND v.document @@ r.match_{code} OFFSET 0
                ) v"""
            for code in queries
        ]
        columns = ", ".join(
            f"%s::tsquery AS match_{code}, %s::tsquery AS rank_{code}" for code in queries
        )
        query_params = [text for pair in queries.values() for text in pair]
        if sort == "newest":
            heads, params = "NULL", []
        else:
            boost = f"(CASE WHEN v.language = %s THEN {READER_LANGUAGE_BOOST} ELSE 1 END)"
            order = f"v.score * {boost} DESC, v.published DESC NULLS LAST, v.text_id"
            heads = f"array_agg(v.text_id ORDER BY {order}) FILTER (WHERE v.score IS NOT NULL)"
            params = [language]
            if limit is not None:
                heads = f"({heads})[1:%s]"
                params.append(limit)
        # The tsqueries of each language, in a materialized CTE; each row of the index is
        # matched and ranked with those of its own language. What comes back is every matching
        # row as one string of ids, and the ranked heads as an array.
        sql = f"""
            WITH r AS MATERIALIZED (SELECT {columns})
            SELECT string_agg(v.text_id::text, ','), {heads}
            FROM ({" UNION ALL ".join(scans)}) AS v"""
        with connection.cursor() as cursor:
            cursor.execute(sql, [*query_params, *params])
            rows, head = cursor.fetchone()
        return ids_of(rows), head or []

    def titles(self, prefix_words, limit):
        """Titles (weight A) with words starting as typed, stemmed by each row's language.
        The tsqueries come from a materialized CTE, as parameters of the GIN scans of the
        head vectors (a literal one would have the planner read every row)."""
        pattern = " & ".join(f"{word}:*A" for word in prefix_words)
        queries = ", ".join(
            f"to_tsquery('{configuration}'::regconfig, %s) AS q_{code}"
            for code, (configuration, _base) in POSTGRES_CONFIGURATIONS.items()
        )
        scans = " UNION ALL ".join(
            f"SELECT v.text_id FROM q CROSS JOIN LATERAL (SELECT text_id FROM {VECTOR} v"
            f" WHERE v.head @@ q.q_{code} AND v.language = '{code}' OFFSET 0) v"
            for code in POSTGRES_CONFIGURATIONS
        )
        sql = f"""
            WITH q AS MATERIALIZED (SELECT {queries})
            SELECT t.entry_id, t.language, t.title
            FROM ({scans}) m JOIN {TEXT} t ON t.id = m.text_id
            ORDER BY length(t.title), t.entry_id LIMIT %s"""
        with connection.cursor() as cursor:
            cursor.execute(sql, [pattern] * len(POSTGRES_CONFIGURATIONS) + [limit * 6])
            return cursor.fetchall()

    def analyze(self):
        _run(["ANALYZE " + ", ".join(INDEX_TABLES)])

    def after_write(self, entry_ids):
        """Write the vectors of the text rows just written, each with its language's
        configuration."""
        if not entry_ids:
            return
        sql = f"""
            INSERT INTO {VECTOR} (text_id, entry_id, language, published, head, document)
            SELECT t.id, t.entry_id, t.language, e.published,
                   setweight(to_tsvector(c.config, t.title), 'A')
                   || setweight(to_tsvector(c.config, t.summary), 'B'),
                   strip(to_tsvector(c.config, t.title)
                         || to_tsvector(c.config, t.summary)
                         || to_tsvector(c.config, t.context)
                         || to_tsvector(c.config, t.body)
                         || to_tsvector(c.config, t.attachment))
            FROM {TEXT} t JOIN {ENTRY} e ON e.id = t.entry_id
            JOIN (VALUES {CONFIGURATIONS}) AS c(language, config) ON c.language = t.language
            WHERE t.entry_id = ANY(%s)
            ON CONFLICT (text_id, language) DO UPDATE
            SET entry_id = EXCLUDED.entry_id, published = EXCLUDED.published, head = EXCLUDED.head,
                document = EXCLUDED.document"""
        with connection.cursor() as cursor:
            cursor.execute(sql, [list(entry_ids)])


def _run(statements):
    """Fresh planner statistics after a bulk write."""
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def engine_for(vendor):
    return {"sqlite": SqliteFullText, "postgresql": PostgresFullText}[vendor]()
