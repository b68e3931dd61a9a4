"""The full-text queries of the database backend, one engine per database.

Each engine answers four questions with one SQL statement each: which entries match (a
subquery the ORM uses to count facets), the ranked page of matching entries (ranking only the
candidates that pass the facet filters), the highlighted snippets of that page, and titles for
autocompletion. Rows are one language of one entry; an entry scores as its best row, and rows
in the reader's language count READER_LANGUAGE_BOOST times more.
"""

import html

from django.db import connection

from hub.translation_status import LANGUAGE_CODES
from search.analysis import POSTGRES_CONFIGURATIONS, prefixes

READER_LANGUAGE_BOOST = 1.5
MARK_START, MARK_END = "\x02", "\x03"
TEXT = "hub_search_searchtext"
ENTRY = "hub_search_searchentry"
INDEX_TABLES = (TEXT, ENTRY, "hub_search_searchfacet")


def marked_html(text):
    """Escape a snippet and turn its markers into <mark> elements."""
    return (
        html.escape(text or "", quote=False)
        .replace(MARK_START, "<mark>")
        .replace(MARK_END, "</mark>")
        .strip()
    )


def _order(sort, score_order):
    if sort == "newest":
        return f"e.published IS NULL, e.published DESC, m.score {score_order}, m.entry_id"
    return f"m.score {score_order}, e.published IS NULL, e.published DESC, m.entry_id"


def _filter_sql(filtered):
    """` AND m.entry_id IN (...)` for an ORM queryset of allowed entry ids (or nothing)."""
    if filtered is None:
        return "", []
    sql, params = filtered.query.sql_with_params()
    return f" AND m.entry_id IN ({sql})", list(params)


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

    def match_sql(self, clauses):
        # Text row ids are entry * 8 + language (database.text_id): no join needed.
        return (
            "SELECT rowid / 8 FROM hub_search_fts WHERE hub_search_fts MATCH %s",
            [self.expression(clauses)],
        )

    def ranked(self, clauses, language, filtered, sort, limit, offset):
        where, params = _filter_sql(filtered)
        # FTS5's auxiliary functions (bm25, snippet) only work in a query that scans the FTS
        # table itself: score there, in a materialized CTE, then group by entry. The row id
        # says the entry (id / 8) and the language (id % 8) of each row.
        sql = f"""
            WITH f AS MATERIALIZED (
                SELECT rowid AS id,
                       bm25(hub_search_fts, {self.WEIGHTS})
                       * (CASE WHEN rowid %% 8 = %s THEN {READER_LANGUAGE_BOOST} ELSE 1 END)
                       AS score
                FROM hub_search_fts WHERE hub_search_fts MATCH %s
            )
            SELECT m.entry_id, COUNT(*) OVER (), m.text_id FROM (
                -- SQLite takes the bare column (f.id) from the row that gave the MIN: the
                -- best-scoring language row of the entry, whose snippet is shown.
                SELECT f.id / 8 AS entry_id, f.id AS text_id, MIN(f.score) AS score
                FROM f GROUP BY f.id / 8
            ) m JOIN {ENTRY} e ON e.id = m.entry_id
            WHERE 1 = 1 {where}
            ORDER BY {_order(sort, "ASC")}
            LIMIT %s OFFSET %s"""
        language_slot = LANGUAGE_CODES.index(language)
        with connection.cursor() as cursor:
            cursor.execute(sql, [language_slot, self.expression(clauses), *params, limit, offset])
            return cursor.fetchall()

    def snippets(self, clauses, rows):
        """{entry_id: {language: (summary, body, attachment snippets)}} for the best row of
        each entry on the page (`rows` as `ranked` returned them)."""
        text_ids = [row[2] for row in rows]
        if not text_ids:
            return {}
        placeholders = ", ".join(["%s"] * len(text_ids))
        columns = ", ".join(
            f"snippet(hub_search_fts, {column}, char(2), char(3), '…', 24)" for column in (1, 2, 4)
        )
        sql = f"""
            WITH f AS MATERIALIZED (
                SELECT rowid AS id, {columns} FROM hub_search_fts
                WHERE hub_search_fts MATCH %s AND rowid IN ({placeholders})
            )
            SELECT f.* FROM f"""
        found = {}
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.expression(clauses), *text_ids])
            for row_id, summary, body, attachment in cursor.fetchall():
                language = LANGUAGE_CODES[row_id % 8]
                found.setdefault(row_id // 8, {})[language] = (summary, body, attachment)
        return found

    def titles(self, prefix_words, limit):
        expression = "title : " + " ".join(f'"{word}"*' for word in prefix_words)
        sql = f"""
            WITH f AS MATERIALIZED (
                SELECT rowid AS id, bm25(hub_search_fts) AS score FROM hub_search_fts
                WHERE hub_search_fts MATCH %s ORDER BY score LIMIT %s
            )
            SELECT t.entry_id, t.language, t.title FROM f JOIN {TEXT} t ON t.id = f.id
            ORDER BY f.score"""
        with connection.cursor() as cursor:
            cursor.execute(sql, [expression, limit * 6])
            return cursor.fetchall()

    def after_write(self, entry_ids):
        """Nothing to do: triggers keep FTS5 in step with the text table."""

    def analyze(self):
        _analyze([f"ANALYZE {table}" for table in INDEX_TABLES])


class PostgresFullText:
    """A tsvector a row, made with its language's text search configuration, GIN-indexed."""

    WEIGHTS = "'{0.2, 0.4, 0.7, 1.0}'"  # D (attachment), C (body), B (summary), A (title)

    @staticmethod
    def tsquery(clauses, language):
        configuration = POSTGRES_CONFIGURATIONS[language][0]
        sql_parts, params = [], []
        for clause in clauses:
            alternatives = []
            for alternative in clause.alternatives:
                function = "phraseto_tsquery" if alternative.is_phrase else "plainto_tsquery"
                alternatives.append(f"{function}(%s::regconfig, %s)")
                params += [configuration, " ".join(alternative.words)]
            sql_parts.append("(" + " || ".join(alternatives) + ")")
        return "(" + " && ".join(sql_parts) + ")", params

    def _matches(self, clauses):
        conditions, params = [], []
        for language in POSTGRES_CONFIGURATIONS:
            tsquery, tsquery_params = self.tsquery(clauses, language)
            conditions.append(f"(t.language = %s AND t.document @@ {tsquery})")
            params += [language, *tsquery_params]
        return " OR ".join(conditions), params

    def _row_query(self, clauses):
        cases, params = [], []
        for language in POSTGRES_CONFIGURATIONS:
            tsquery, tsquery_params = self.tsquery(clauses, language)
            cases.append(f"WHEN %s THEN {tsquery}")
            params += [language, *tsquery_params]
        return "CASE t.language " + " ".join(cases) + " END", params

    def match_sql(self, clauses):
        conditions, params = self._matches(clauses)
        return f"SELECT t.entry_id FROM {TEXT} t WHERE {conditions}", params

    def ranked(self, clauses, language, filtered, sort, limit, offset):
        conditions, match_params = self._matches(clauses)
        row_query, row_params = self._row_query(clauses)
        where, filter_params = _filter_sql(filtered)
        sql = f"""
            SELECT m.entry_id, COUNT(*) OVER () FROM (
                SELECT t.entry_id AS entry_id,
                       MAX(ts_rank({self.WEIGHTS}, t.document, {row_query})
                           * (CASE WHEN t.language = %s THEN {READER_LANGUAGE_BOOST} ELSE 1 END))
                       AS score
                FROM {TEXT} t
                WHERE {conditions}
                GROUP BY t.entry_id
            ) m JOIN {ENTRY} e ON e.id = m.entry_id
            WHERE 1 = 1 {where}
            ORDER BY {_order(sort, "DESC")}
            LIMIT %s OFFSET %s"""
        params = [*row_params, language, *match_params, *filter_params, limit, offset]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def snippets(self, clauses, rows):
        entry_ids = [row[0] for row in rows]
        if not entry_ids:
            return {}
        conditions, match_params = self._matches(clauses)
        row_query, row_params = self._row_query(clauses)
        options = f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=35, MinWords=15"
        configuration = (
            "CASE t.language "
            + " ".join(
                f"WHEN '{code}' THEN '{name}'::regconfig"
                for code, (name, _base) in POSTGRES_CONFIGURATIONS.items()
            )
            + " END"
        )
        headlines = ", ".join(
            f"CASE WHEN to_tsvector({configuration}, t.{column}) @@ q.query "
            f"THEN ts_headline({configuration}, t.{column}, q.query, %s) END"
            for column in ("summary", "body", "attachment")
        )
        sql = f"""
            SELECT q.entry_id, q.language, {headlines}
            FROM (SELECT t.id, t.entry_id, t.language, {row_query} AS query
                  FROM {TEXT} t WHERE t.entry_id = ANY(%s) AND ({conditions})) q
            JOIN {TEXT} t ON t.id = q.id"""
        params = [options, options, options, *row_params, list(entry_ids), *match_params]
        found = {}
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for entry_id, language, summary, body, attachment in cursor.fetchall():
                found.setdefault(entry_id, {})[language] = (summary, body, attachment)
        return found

    def titles(self, prefix_words, limit):
        """Titles (weight A) with words starting as typed, stemmed by each row's language."""
        pattern = " & ".join(f"{word}:*A" for word in prefix_words)
        conditions, params = [], []
        for code, (configuration, _base) in POSTGRES_CONFIGURATIONS.items():
            conditions.append("(t.language = %s AND t.document @@ to_tsquery(%s::regconfig, %s))")
            params += [code, configuration, pattern]
        sql = f"""
            SELECT t.entry_id, t.language, t.title FROM {TEXT} t
            WHERE {" OR ".join(conditions)}
            ORDER BY length(t.title), t.entry_id LIMIT %s"""
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, limit * 6])
            return cursor.fetchall()

    def analyze(self):
        _analyze(["ANALYZE " + ", ".join(INDEX_TABLES)])

    def after_write(self, entry_ids):
        """Compute the tsvector of the rows just written, each with its language's config."""
        if not entry_ids:
            return
        configurations = ", ".join(
            f"('{code}', '{name}'::regconfig)"
            for code, (name, _base) in POSTGRES_CONFIGURATIONS.items()
        )
        sql = f"""
            UPDATE {TEXT} SET document =
                setweight(to_tsvector(c.config, title), 'A')
                || setweight(to_tsvector(c.config, summary), 'B')
                || setweight(to_tsvector(c.config, context), 'B')
                || setweight(to_tsvector(c.config, body), 'C')
                || setweight(to_tsvector(c.config, attachment), 'D')
            FROM (VALUES {configurations}) AS c(language, config)
            WHERE {TEXT}.language = c.language AND {TEXT}.entry_id = ANY(%s)"""
        with connection.cursor() as cursor:
            cursor.execute(sql, [list(entry_ids)])


def _analyze(statements):
    """Fresh planner statistics after a bulk write: without them PostgreSQL picks nested
    loops over the facet table (seen here: 1.5 s instead of 85 ms for a faceted search)."""
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def engine_for(vendor):
    return {"sqlite": SqliteFullText, "postgresql": PostgresFullText}[vendor]()
