"""The database backends index the Arabic light forms of a text's words beside the text
(search.analysis.indexed_fields): the text rows already indexed get theirs, SQLite's FTS5
table follows through its triggers, PostgreSQL's vectors are written again. Elasticsearch
has its own analysis; nothing to do there."""

import uuid

from django.db import migrations

from search.analysis import indexed_fields

FIELDS = ("title", "summary", "body", "context", "attachment")


def forward(apps, schema_editor):
    SearchText = apps.get_model("hub_search", "SearchText")
    changed = []
    for row in SearchText.objects.iterator(chunk_size=500):
        indexed = indexed_fields({name: getattr(row, name) for name in FIELDS})
        if indexed["title"] != row.title or indexed["context"] != row.context:
            row.title, row.context = indexed["title"], indexed["context"]
            changed.append(row)
    SearchText.objects.bulk_update(changed, ["title", "context"], batch_size=500)
    if changed and schema_editor.connection.vendor == "postgresql":
        from search.backends.fulltext import PostgresFullText

        PostgresFullText().after_write(sorted({row.entry_id for row in changed}))
    if changed:
        apps.get_model("hub_search", "IndexVersion").objects.update(token=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [("hub_search", "0008_report_permissions")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
