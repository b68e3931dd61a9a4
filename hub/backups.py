"""Backups of the Hub: the database as JSON (Django's serialisation, database-independent,
datetimes to the microsecond) and the media files, in one .tar.gz. Derived data (search
indexes, sessions, sign-in attempts, queued tasks and their results) is left out and rebuilt on
restore."""

import io
import json
import tarfile
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, transaction

# Tables that are derived from others or not worth keeping: rebuilt or recreated on restore.
# Everything else is dumped with its primary keys as they are (content types and permissions
# included), so that references inside revisions and logs stay right.
EXCLUDED = [
    "sessions",
    "admin.logentry",
    "axes",
    "hub_search.searchentry",
    "hub_search.searchfacet",
    "hub_search.searchtext",
    "hub_search.searchvector",
    "hub_search.indexversion",
    "hub.contentversion",
    "wagtailsearch.indexentry",
    "wagtailcore.referenceindex",
    "wagtailadmin.editingsession",
    # Queued index tasks and their results (search.tasks): the restore rebuilds the indexes.
    "django_tasks_database.dbtaskresult",
]
FORMAT_VERSION = 1


def create(path):
    """Write a backup to `path`; returns (objects, files) counted."""
    # Content types and permissions first: loading other rows can look them up.
    first, rest = io.StringIO(), io.StringIO()
    # hub-json (hub.serializers): datetimes to the microsecond, as stored.
    call_command("dumpdata", "contenttypes", "auth.permission", format="hub-json", stdout=first)
    call_command(
        "dumpdata",
        exclude=[*EXCLUDED, "contenttypes", "auth.permission"],
        format="hub-json",
        stdout=rest,
    )
    payload = json.dumps(json.loads(first.getvalue()) + json.loads(rest.getvalue())).encode()
    media = Path(settings.MEDIA_ROOT)
    files = [file for file in media.rglob("*") if file.is_file()] if media.exists() else []
    manifest = {
        "format": FORMAT_VERSION,
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "objects": len(json.loads(payload)),
        "files": len(files),
    }
    with tarfile.open(path, "w:gz") as archive:
        for name, content in (
            ("manifest.json", json.dumps(manifest, indent=2).encode()),
            ("data.json", payload),
        ):
            info = tarfile.TarInfo(name)
            info.size = len(content)
            info.mtime = int(time.time())
            archive.addfile(info, io.BytesIO(content))
        for file in files:
            archive.add(file, arcname=f"media/{file.relative_to(media)}")
    return manifest["objects"], manifest["files"]


class BackupError(Exception):
    pass


def clear_admin_search_index():
    """Empty Wagtail's own search index, its SQLite full-text table included (which `flush`
    does not know of), before `update_index` rebuilds it."""
    from wagtail.search.models import IndexEntry

    IndexEntry.objects.all().delete()
    for table in connection.introspection.table_names():
        if table.endswith("indexentry_fts"):
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")  # noqa: S608


def restore(path):
    """Replace the database's content and the media files with the backup at `path`."""
    try:
        archive = tarfile.open(path, "r:gz")
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"{path} is not a backup of the Hub: {error}") from error
    with archive:
        names = archive.getnames()
        if "manifest.json" not in names or "data.json" not in names:
            raise BackupError(f"{path} is not a backup of the Hub (no manifest or data)")
        manifest = json.load(archive.extractfile("manifest.json"))
        if manifest.get("format") != FORMAT_VERSION:
            raise BackupError(f"{path} has backup format {manifest.get('format')}, not 1")
        media = Path(settings.MEDIA_ROOT)
        with tempfile.TemporaryDirectory() as folder:
            fixture = Path(folder) / "data.json"
            fixture.write_bytes(archive.extractfile("data.json").read())
            with transaction.atomic():
                # Empty every table without recreating content types and permissions: the
                # backup brings its own, with the keys the rest of the data points to.
                call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
                ContentType.objects.clear_cache()
                call_command("loaddata", str(fixture), verbosity=0)
        ContentType.objects.clear_cache()
        for member in archive.getmembers():
            if not member.isfile() or not member.name.startswith("media/"):
                continue
            target = (media / member.name[len("media/") :]).resolve()
            if media.resolve() not in target.parents:
                raise BackupError(f"unsafe path in backup: {member.name}")
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.extractfile(member) as source:
                target.write_bytes(source.read())
    # Derived indexes: Wagtail's (the admin's search) and the Hub's search service.
    clear_admin_search_index()
    call_command("update_index", verbosity=0, stdout=io.StringIO())
    call_command("rebuild_search_index", no_progress=True, stdout=io.StringIO())
    from hub.models import ContentVersion

    ContentVersion.bump()  # nothing cached before the restore is shown after it
    return manifest["objects"], manifest["files"]
