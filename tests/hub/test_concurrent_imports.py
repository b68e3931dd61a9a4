"""Imports started at once take turns: no traceback, and every record ends created,
updated, unchanged or reported."""

import io
import json
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from network.models import ContactPoint, NationalSociety
from resources.factories import resource_record
from resources.models import GuidancePage, Theme


def run_at_once(commands):
    """Run each (command, file) in its own thread, all started together; their outcomes."""
    start = threading.Barrier(len(commands))
    outcomes = [None] * len(commands)

    def run(index, name, path):
        out, err = io.StringIO(), io.StringIO()
        try:
            start.wait()
            call_command(name, str(path), stdout=out, stderr=err)
            outcomes[index] = ("ok", out.getvalue(), err.getvalue())
        except CommandError as error:
            outcomes[index] = ("failed", out.getvalue(), err.getvalue() + str(error))
        except Exception as error:  # noqa: BLE001 - the crash this test is about
            outcomes[index] = ("crashed", "", repr(error))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(index, name, path))
        for index, (name, path) in enumerate(commands)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_imports_at_once_take_turns(demo_hub, tmp_path):
    resources = tmp_path / "resources.json"
    records = [resource_record(number, themes=["shared-new-theme"]) for number in range(12)]
    resources.write_text(json.dumps(records), encoding="utf-8")
    contacts = tmp_path / "contacts.json"
    society = NationalSociety.objects.order_by("pk").first().slug
    contacts.write_text(
        json.dumps(
            [
                {"name": f"Turn {number}", "society": society, "expertise": ["shared-new-theme"]}
                for number in range(5)
            ]
        ),
        encoding="utf-8",
    )

    outcomes = run_at_once(
        [
            ("import_resources", resources),
            ("import_resources", resources),
            ("import_contacts", contacts),
        ]
    )

    assert [state for state, _out, _err in outcomes] == ["ok", "ok", "ok"], outcomes
    summaries = sorted(out.strip().splitlines()[-1] for _state, out, _err in outcomes[:2])
    assert summaries == [
        "0 created, 0 updated, 12 unchanged, 0 failed",
        "12 created, 0 updated, 0 unchanged, 0 failed",
    ]
    assert "5 created, 0 updated, 0 unchanged, 0 failed" in outcomes[2][1]
    slugs = [f"resource-{number}-en" for number in range(12)]
    assert GuidancePage.objects.filter(slug_en__in=slugs).count() == 12
    assert ContactPoint.objects.filter(name__startswith="Turn ").count() == 5
    assert Theme.objects.filter(slug="shared-new-theme").count() == 1
