"""Reading an export one row at a time: CSV or ServiceNow Table API JSON, plain or gzip.

The reader never holds the file: CSV goes through ``csv.reader`` line by line,
and the JSON ``{"result": [...]}`` envelope is walked one object at a time with
``JSONDecoder.raw_decode`` on a sliding buffer. Anything that makes the file as
a whole unreadable (not UTF-8, binary, neither CSV nor the JSON envelope, a
required column missing from the header) raises ``ImportRefused``; a row that
is merely wrong comes back as a ``SourceRow`` carrying its ``RowProblem``.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from .result import ImportRefused, RowProblem

GZIP_MAGIC = b"\x1f\x8b"
SNIFF_BYTES = 4096
JSON_CHUNK = 1 << 16


@dataclass(frozen=True)
class SourceRow:
    """One data row (1-based, header excluded): its values by column, or why it is unusable."""

    row: int
    values: dict | None
    problem: RowProblem | None = None


class ExportOnDisk:
    """A file read as bytes, plain or gzip, that knows how far the current pass has come."""

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        self.size = max(self.path.stat().st_size, 1)
        self._raw = None

    @property
    def progress(self) -> float:
        """How much of the file (in bytes on disk) the current pass has read, 0 to 1."""
        if self._raw is None or self._raw.closed:
            return 1.0
        return min(self._raw.tell() / self.size, 1.0)

    @contextmanager
    def _open_binary(self):
        """The file's bytes, decompressed when it starts with the gzip signature."""
        with ExitStack() as stack:
            self._raw = stack.enter_context(open(self.path, "rb"))
            gzipped = self._raw.read(2) == GZIP_MAGIC
            self._raw.seek(0)
            if gzipped:
                yield stack.enter_context(gzip.GzipFile(fileobj=self._raw, mode="rb"))
            else:
                yield self._raw


class SourceFile(ExportOnDisk):
    """An export on disk; each call to ``rows()`` is a fresh streaming pass over it."""

    def __init__(
        self,
        path: str | os.PathLike,
        required_columns: tuple[str, ...],
        key_column: str = "number",
    ):
        super().__init__(path)
        self.required_columns = required_columns
        self.key_column = key_column
        self.format = self._detect_format()

    def rows(self) -> Iterator[SourceRow]:
        with self._open_binary() as binary:
            text = io.TextIOWrapper(binary, encoding="utf-8-sig", errors="strict", newline="")
            try:
                if self.format == "json":
                    yield from _json_rows(text)
                else:
                    yield from _csv_rows(text, self.required_columns, self.key_column)
            except UnicodeDecodeError as exc:
                raise ImportRefused(
                    f"{self.path.name} is not UTF-8 text; export it again as UTF-8 CSV or JSON"
                ) from exc

    def _detect_format(self) -> str:
        try:
            with self._open_binary() as binary:
                head = binary.read(SNIFF_BYTES)
        except (OSError, EOFError) as exc:
            raise ImportRefused(f"{self.path.name} cannot be read: {exc}") from exc
        if not head.strip():
            raise ImportRefused(f"{self.path.name} is empty")
        if b"\x00" in head:
            raise ImportRefused(f"{self.path.name} is a binary file, not CSV or JSON")
        first = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
        return "json" if first in (b"{", b"[") else "csv"


def _csv_rows(text, required_columns, key_column) -> Iterator[SourceRow]:
    reader = csv.reader(text)
    try:
        header = [name.strip() for name in next(reader, [])]
        repeated = len(set(header)) < len(header)
        missing = [name for name in required_columns if name not in header]
        if missing:
            raise ImportRefused(
                "the header lacks required column"
                + ("s " if len(missing) > 1 else " ")
                + ", ".join(missing)
            )
        number_at = header.index(key_column)
        for row_no, fields in enumerate(reader, start=1):
            if not fields:
                continue  # a blank line is not a row
            if len(fields) != len(header):
                number = fields[number_at].strip() if len(fields) > number_at else ""
                reason = f"has {len(fields)} fields where the header has {len(header)}"
                yield SourceRow(row_no, None, RowProblem(row_no, None, reason, number))
                continue
            if repeated:
                yield SourceRow(row_no, _merge_repeated(header, fields))
            else:
                yield SourceRow(row_no, dict(zip(header, fields, strict=True)))
    except csv.Error as exc:
        raise ImportRefused(f"not a readable CSV file (line {reader.line_num}): {exc}") from exc


def _merge_repeated(header: list[str], fields: list[str]) -> dict:
    """Jira repeats a column once per value of a multi-valued field: keep the first given."""
    values: dict[str, str] = {}
    for name, value in zip(header, fields, strict=True):
        if not values.get(name, "").strip():
            values[name] = value
    return values


def _json_rows(text) -> Iterator[SourceRow]:
    """Each object of the ``result`` array, as a row numbered by its place in the array."""
    for row_no, item in enumerate(_JsonEnvelope(text).result_items(), start=1):
        if not isinstance(item, dict):
            problem = RowProblem(row_no, None, "is not a JSON object")
            yield SourceRow(row_no, None, problem)
            continue
        yield SourceRow(row_no, {key: _display(value) for key, value in item.items()})


def _display(value) -> str:
    """Table API values: plain display strings, or ``{"display_value": ..., "value": ...}``."""
    if isinstance(value, dict):
        value = value.get("display_value", value.get("value"))
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class _JsonEnvelope:
    """Walks ``{"result": [ {...}, ... ]}`` holding one object at a time."""

    def __init__(self, text):
        self.text = text
        self.buffer = ""
        self.pos = 0
        self.eof = False
        self.decoder = json.JSONDecoder()

    def result_items(self) -> Iterator:
        self._expect("{")
        found = False
        while not self._peek_is("}"):
            key = self._value()
            self._expect(":")
            if key == "result":
                found = True
                yield from self._array_items()
            else:
                self._value()
            if not self._peek_is("}"):
                self._expect(",")
        if not found:
            raise ImportRefused('not a ServiceNow Table API export: no "result" list')

    def _array_items(self) -> Iterator:
        self._expect("[")
        while not self._peek_is("]"):
            yield self._value()
            self._compact()
            if not self._peek_is("]"):
                self._expect(",")
        self._expect("]")

    def _value(self):
        """Decode the next value, reading more until a complete one is in the buffer."""
        self._skip_space()
        while True:
            try:
                value, end = self.decoder.raw_decode(self.buffer, self.pos)
            except json.JSONDecodeError as exc:
                if self.eof:
                    raise ImportRefused(f"not valid JSON: {exc.msg}") from exc
                self._fill()
                continue
            # A number at the very end of the buffer may continue in the next chunk.
            if end < len(self.buffer) or self.eof:
                self.pos = end
                return value
            self._fill()

    def _expect(self, char: str) -> None:
        if not self._peek_is(char):
            found = self.buffer[self.pos : self.pos + 20] or "the end of the file"
            raise ImportRefused(
                f"not a ServiceNow Table API export: expected {char!r} at {found!r}"
            )
        self.pos += 1

    def _peek_is(self, char: str) -> bool:
        self._skip_space()
        return self.buffer[self.pos : self.pos + 1] == char

    def _skip_space(self) -> None:
        while True:
            while self.pos < len(self.buffer) and self.buffer[self.pos] in " \t\r\n":
                self.pos += 1
            if self.pos < len(self.buffer) or self.eof:
                return
            self._fill()

    def _fill(self) -> None:
        chunk = self.text.read(JSON_CHUNK)
        if chunk:
            self.buffer += chunk
        else:
            self.eof = True

    def _compact(self) -> None:
        self.buffer = self.buffer[self.pos :]
        self.pos = 0
