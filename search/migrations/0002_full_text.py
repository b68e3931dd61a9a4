"""The full-text part of the index, which Django's fields cannot describe.

SQLite: an FTS5 table over SearchText (external content, kept in sync by triggers), with a
tokenizer that folds case and accents. PostgreSQL: one text search configuration a language
(its Snowball stemmer behind unaccent; Croatian uses the Serbian stemmer) and a tsvector column
with a GIN index on SearchText.
"""

from django.db import migrations

from search.analysis import POSTGRES_CONFIGURATIONS

COLUMNS = "title, summary, body, context, attachment"
NEW = ", ".join(f"new.{column}" for column in COLUMNS.split(", "))
OLD = ", ".join(f"old.{column}" for column in COLUMNS.split(", "))

SQLITE = [
    f"""CREATE VIRTUAL TABLE hub_search_fts USING fts5({COLUMNS},
        content='hub_search_searchtext', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2', prefix='3 4 5')""",
    f"""CREATE TRIGGER hub_search_text_ai AFTER INSERT ON hub_search_searchtext BEGIN
        INSERT INTO hub_search_fts(rowid, {COLUMNS}) VALUES (new.id, {NEW}); END""",
    f"""CREATE TRIGGER hub_search_text_ad AFTER DELETE ON hub_search_searchtext BEGIN
        INSERT INTO hub_search_fts(hub_search_fts, rowid, {COLUMNS})
        VALUES ('delete', old.id, {OLD}); END""",
    f"""CREATE TRIGGER hub_search_text_au AFTER UPDATE ON hub_search_searchtext BEGIN
        INSERT INTO hub_search_fts(hub_search_fts, rowid, {COLUMNS})
        VALUES ('delete', old.id, {OLD});
        INSERT INTO hub_search_fts(rowid, {COLUMNS}) VALUES (new.id, {NEW}); END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS hub_search_text_au",
    "DROP TRIGGER IF EXISTS hub_search_text_ad",
    "DROP TRIGGER IF EXISTS hub_search_text_ai",
    "DROP TABLE IF EXISTS hub_search_fts",
]


def postgres_statements():
    statements = ["CREATE EXTENSION IF NOT EXISTS unaccent"]
    for name, base in POSTGRES_CONFIGURATIONS.values():
        statements += [
            f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}",
            f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = {base})",
            f"ALTER TEXT SEARCH CONFIGURATION {name} ALTER MAPPING FOR hword, hword_part, word "
            f"WITH unaccent, {base}_stem",
        ]
    statements += [
        "ALTER TABLE hub_search_searchtext ADD COLUMN document tsvector",
        "CREATE INDEX hub_search_text_document ON hub_search_searchtext USING gin (document)",
    ]
    return statements


def postgres_reverse():
    statements = [
        "DROP INDEX IF EXISTS hub_search_text_document",
        "ALTER TABLE hub_search_searchtext DROP COLUMN IF EXISTS document",
    ]
    for name, _base in POSTGRES_CONFIGURATIONS.values():
        statements.append(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}")
    return statements


def run(statements_by_vendor):
    def operation(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor)
        if statements is None:
            return
        for statement in statements() if callable(statements) else statements:
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("hub_search", "0001_initial")]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE, "postgresql": postgres_statements}),
            run({"sqlite": SQLITE_REVERSE, "postgresql": postgres_reverse}),
        )
    ]
