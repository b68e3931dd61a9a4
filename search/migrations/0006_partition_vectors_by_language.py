"""PostgreSQL: the vectors table is partitioned by language.

A search matches each language's rows with that language's stems, so each partition is read
on its own: its rows are packed together, and matching thousands of English rows reads the
pages of English rows only (at 10,000 resources, a quarter of the pages the single table
needed). Each partition has its own GIN indexes. SQLite keeps its FTS5 table: nothing to do.
"""

from django.db import migrations

LANGUAGES = ("en", "fr", "es", "ar", "hr", "nl")  # as they were when this migration was written
TABLE = "hub_search_searchvector"
COLUMNS = "text_id, entry_id, language, published, head, document"


def _table(partitioned):
    """The statements that create the vectors table, partitioned or not."""
    key = "(text_id, language)" if partitioned else "(text_id)"
    statements = [
        f"""CREATE TABLE {TABLE} (
            text_id bigint NOT NULL,
            entry_id bigint NOT NULL,
            language varchar(5) NOT NULL,
            published date NULL,
            head tsvector NOT NULL DEFAULT '',
            document tsvector NOT NULL DEFAULT '',
            PRIMARY KEY {key}
        ){" PARTITION BY LIST (language)" if partitioned else ""}""",
        # Stems without positions, never read by a search: out of line when large.
        f"ALTER TABLE {TABLE} ALTER COLUMN document SET STORAGE EXTERNAL",
    ]
    if partitioned:
        statements += [
            f"CREATE TABLE {TABLE}_{code} PARTITION OF {TABLE} FOR VALUES IN ('{code}')"
            for code in LANGUAGES
        ]
        statements.append(f"CREATE TABLE {TABLE}_other PARTITION OF {TABLE} DEFAULT")
        statements.append(
            f"CREATE INDEX hub_search_vector_document ON {TABLE} USING gin (document)"
        )
    else:
        statements += [
            f"CREATE INDEX hub_search_vector_{code} ON {TABLE} USING gin (document)"
            f" WHERE language = '{code}'"
            for code in LANGUAGES
        ]
    return [
        *statements,
        f"CREATE INDEX hub_search_vector_head ON {TABLE} USING gin (head)",
        f"CREATE INDEX hub_search_vector_entry ON {TABLE} (entry_id)",
        f"""ALTER TABLE {TABLE} ADD CONSTRAINT hub_search_vector_entry_fk FOREIGN KEY (entry_id)
            REFERENCES hub_search_searchentry (id) DEFERRABLE INITIALLY DEFERRED""",
    ]


def _rebuild(schema_editor, partitioned):
    """Move the rows into a new table of the other layout, within the migration's
    transaction."""
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = %s AND indexname NOT LIKE %s",
            [TABLE, "%pkey"],
        )
        indexes = [name for (name,) in cursor.fetchall()]
    for name in indexes:  # their names are reused by the new table
        schema_editor.execute(f'DROP INDEX "{name}"')
    schema_editor.execute(f"ALTER TABLE {TABLE} RENAME TO {TABLE}_previous")
    schema_editor.execute(
        f"ALTER TABLE {TABLE}_previous RENAME CONSTRAINT {TABLE}_pkey TO {TABLE}_previous_pkey"
    )
    for statement in _table(partitioned):
        schema_editor.execute(statement)
    schema_editor.execute(f"INSERT INTO {TABLE} ({COLUMNS}) SELECT {COLUMNS} FROM {TABLE}_previous")
    schema_editor.execute(f"DROP TABLE {TABLE}_previous CASCADE")
    schema_editor.execute(f"ANALYZE {TABLE}")


def forward(apps, schema_editor):
    _rebuild(schema_editor, partitioned=True)


def backward(apps, schema_editor):
    _rebuild(schema_editor, partitioned=False)


class Migration(migrations.Migration):
    dependencies = [
        ("hub_search", "0005_vectors_and_index_version"),
    ]

    operations = [migrations.RunPython(forward, backward)]
