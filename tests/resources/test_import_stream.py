"""import_resources reads its file as a stream, a batch at a time: records are written before
the rest of the file is read, and a file whose JSON breaks further on keeps what came before."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from resources.factories import resource_record
from resources.models import GuidancePage


def imported():
    return GuidancePage.objects.filter(slug_en__startswith="resource-").count()


class Pipe:
    """Standard input as a pipe gives it: a line at a time, as the writer sends it. Each
    line read notes how many resources the hub has at that moment."""

    def __init__(self, lines):
        self.lines = [line.encode() for line in lines]
        self.stored_when_read = []

    def peek(self, size=1):
        return self.lines[0] if self.lines else b""

    def read(self, size=-1):
        if not self.lines or size == 0:
            return b""
        self.stored_when_read.append(imported())
        return self.lines.pop(0)


def piped_import(monkeypatch, lines, batch_size):
    pipe = Pipe(lines)
    monkeypatch.setattr("sys.stdin", type("Stdin", (), {"buffer": pipe}))
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command(
            "import_resources", "-", "--no-progress", f"--batch-size={batch_size}",
            stdout=out, stderr=err,
        )  # fmt: skip
    return pipe, out.getvalue(), err.getvalue(), str(raised.value)


@pytest.mark.django_db
def test_a_batch_is_written_before_the_rest_of_the_file_is_read(monkeypatch):
    lines = ["[\n", *(json.dumps(resource_record(n)) + ",\n" for n in range(1, 6)), "{broken\n"]

    pipe, out, _err, error = piped_import(monkeypatch, lines, batch_size=2)

    # Two batches of two were stored by the time the broken line was read, none at the start.
    assert pipe.stored_when_read[0] == 0
    assert pipe.stored_when_read[-1] == 4
    assert "5 created, 0 updated, 0 unchanged, 0 failed" in out
    assert error.startswith("- is not valid JSON after record 5: ")
    assert "the records before it were imported" in error
    assert imported() == 5


@pytest.mark.django_db
def test_a_broken_tail_is_reported_after_the_records_that_failed(tmp_path):
    records = [resource_record(1), {"kind": "poster", "title": {"en": "A poster"}}]
    records += [resource_record(n) for n in range(3, 6)]
    path = tmp_path / "records.json"
    path.write_text(json.dumps(records)[:-1] + ', {"kind": "guidance", "title": ]', "utf-8")
    out, err = io.StringIO(), io.StringIO()

    with pytest.raises(CommandError) as raised:
        call_command(
            "import_resources", str(path), "--no-progress", "--batch-size=2",
            stdout=out, stderr=err,
        )  # fmt: skip

    error = str(raised.value)
    assert error.startswith(f"{path} is not valid JSON after record 5: parse error")
    assert "The import stopped there" in error
    assert 'Record 2 (A poster): "kind" must be one of guidance, tool, case_study' in err.getvalue()
    assert "4 created, 0 updated, 0 unchanged, 1 failed" in err.getvalue()
    assert imported() == 4


@pytest.mark.django_db
def test_a_file_that_is_not_a_list_or_not_json_imports_nothing(tmp_path):
    path = tmp_path / "records.json"
    for text, message in [
        ("", "is not valid JSON: parse error: premature EOF"),
        ("  \n", "is not valid JSON: parse error: premature EOF"),
        ('{"kind": "guidance"} ]', "is not valid JSON: parse error: trailing garbage"),
        ('\n {"records": [' + json.dumps(resource_record(1)) + "]}", "must hold a JSON list"),
        ("[1.5, NaN]", "is not valid JSON after record 1: lexical error"),
    ]:
        path.write_text(text, encoding="utf-8")
        with pytest.raises(CommandError, match=message):
            call_command("import_resources", str(path), "--no-progress")
    assert imported() == 0


@pytest.mark.django_db
def test_numbers_are_read_as_json_gives_them(tmp_path):
    record = resource_record(1, kind="case_study", people_supported=12)
    path = tmp_path / "records.json"
    path.write_text(json.dumps([record, {**record, "people_supported": 2.5}]), "utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 created, 0 updated, 0 unchanged, 1 failed"):
        call_command("import_resources", str(path), "--no-progress", stderr=err)
    assert 'Record 2 (Resource 1 (en)): "people_supported" must be a whole number' in (
        err.getvalue()
    )
