"""An import's JSON file read record by record (import_resources): its memory does not grow
with the file, and what is wrong with the file is said as hub.records.read_records says it."""

import sys

import ijson
from django.core.management.base import CommandError


class RecordStream:
    """The records of a JSON list in `file` ('-' for standard input), read one at a time
    (ijson), so that an import's memory does not grow with its file.

    Opening it says what is wrong with a file that cannot be read or does not hold a list
    (CommandError), before anything is imported. A file whose JSON breaks further on ends
    the records where it breaks: the ones before are imported, and `error` then says where
    the file stopped being JSON (the command reports it after the others, and fails).
    """

    def __init__(self, file):
        self.file = file
        self.read = 0  # records read so far
        self.error = None
        try:
            self.handle = sys.stdin.buffer if file == "-" else open(file, "rb")  # noqa: SIM115
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from error
        try:
            start = self._first_byte()
            if start != b"[":
                for _event in ijson.parse(self.handle):  # the error is the JSON's, if any
                    pass
                raise CommandError(f"{file} must hold a JSON list of records")
        except ijson.JSONError as error:
            self.close()
            raise CommandError(self._invalid(error)) from error
        except BaseException:
            self.close()
            raise

    def _first_byte(self):
        """The file's first byte that is not white space, left unread (b"" if none)."""
        while True:
            ahead = self.handle.peek(1)
            if not ahead:
                return b""
            text = ahead.lstrip(b" \t\r\n")
            if text:
                return text[:1]
            self.handle.read(len(ahead))

    def _invalid(self, error):
        # ijson says what is wrong and shows the text around it, not its line and column.
        what = str(error).strip()
        where = f" after record {self.read}" if self.read else ""
        return f"{self.file} is not valid JSON{where}: {what}"

    def __iter__(self):
        try:
            for record in ijson.items(self.handle, "item", use_float=True):
                self.read += 1
                yield record
        except ijson.JSONError as error:
            self.error = CommandError(
                f"{self._invalid(error)}\nThe import stopped there: the records before it "
                "were imported (or reported above), the rest of the file was not read."
            )
        finally:
            self.close()

    def close(self):
        if self.handle is not sys.stdin.buffer:
            self.handle.close()
