"""The README's recipe, end to end: the hub's library and directory in a bundle, a new
PostgreSQL database migrated and the bundle imported into it by `manage.py` as an operator
runs it, then the same pages, slugs, attachments, images and contacts there, served.

The new database is `hub_bundle` on the PostgreSQL server at 127.0.0.1:5432 (made and
dropped here), whichever database the suite itself runs on. On a machine without that
server (and outside CI, which always has it) the recipe runs into a new SQLite file instead:
the same commands, on the embedded default.
"""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.management import call_command

from tests.resources.hub_state import snapshot
from tests.resources.test_bundle import moved_library  # noqa: F401 - the fixture

SERVER = "postgres://postgres@127.0.0.1:5432"
TARGET = "hub_bundle"
ROOT = Path(settings.BASE_DIR)


def _postgres_answers():
    try:
        with psycopg.connect(f"{SERVER}/postgres", connect_timeout=3):
            return True
    except psycopg.OperationalError:
        if os.environ.get("CI") == "true":
            raise
        return False


def _recreate(name, drop_only=False):
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop_only:
            server.execute(f'CREATE DATABASE "{name}"')


@pytest.fixture
def new_database(tmp_path):
    """The URL of an empty database for the moved hub."""
    if not _postgres_answers():
        yield f"sqlite:///{tmp_path / 'moved.sqlite3'}"
        return
    _recreate(TARGET)
    try:
        yield f"{SERVER}/{TARGET}"
    finally:
        _recreate(TARGET, drop_only=True)


def manage(database_url, media, *args):
    """`python manage.py ARGS` on the new database, as the README runs it (development
    settings, the hub's own search), failing with its output."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("ELASTICSEARCH_", "PYTEST", "DJANGO_SETTINGS_MODULE"))
    }
    env.update(DATABASE_URL=database_url, MEDIA_ROOT=str(media), CACHE_URL="locmemcache://")
    done = subprocess.run(  # noqa: S603 - this project's manage.py, fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, f"manage.py {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
    return done.stdout + done.stderr


@pytest.mark.django_db
def test_the_readme_recipe_moves_the_hub_to_a_new_database(
    moved_library,  # noqa: F811 - the fixture
    new_database,
    tmp_path,
):
    before = snapshot()
    assert before["pages"] and before["contacts"] and before["documents"]
    bundle = tmp_path / "hub.zip"
    call_command("export_resources", "--bundle", str(bundle), "--contacts", stderr=io.StringIO())

    media = tmp_path / "media"
    manage(new_database, media, "migrate", "--noinput")
    output = manage(new_database, media, "import_resources", str(bundle))
    assert f"{len(before['pages'])} created, 0 updated, 0 unchanged, 0 failed" in output
    assert f"{len(before['contacts'])} created" in output

    state = "from tests.resources.hub_state import main; main()"
    after = json.loads(manage(new_database, media, "shell", "-c", state).splitlines()[-1])
    expected = json.loads(json.dumps(before))
    for slug, contact in expected["contacts"].items():
        moved = after["contacts"].get(slug) or {}
        assert moved == contact, {k: (v, moved.get(k)) for k, v in contact.items()}
    for slug, page in expected["pages"].items():
        moved = after["pages"].get(slug) or {}
        assert moved == page, {k: (v, moved.get(k)) for k, v in page.items() if moved.get(k) != v}
    assert after == expected
    served = {
        page["french_page"][1] for page in after["pages"].values() if not page["restrictions"]
    }
    assert served == {200}
    assert any(page["restrictions"] for page in after["pages"].values())

    # Importing it again changes nothing and copies no file twice.
    output = manage(new_database, media, "import_resources", str(bundle))
    assert f"0 created, 0 updated, {len(before['pages'])} unchanged, 0 failed" in output
    again = json.loads(manage(new_database, media, "shell", "-c", state).splitlines()[-1])
    assert again == after
