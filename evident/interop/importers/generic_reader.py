"""Reading a user's own CSV or Excel file one row at a time, whatever its conventions.

CSV: the encoding is the declared one, or read from a byte-order mark (UTF-8,
UTF-16), or UTF-8 when every byte of the file decodes as UTF-8, else Windows-
1252 (Latin-1 for the few bytes 1252 leaves undefined). The delimiter is the
declared one or sniffed from the start of the file among , ; tab and |. Gzip
is unpacked on the fly. XLSX: openpyxl's read-only mode, which streams the
sheet rather than loading the workbook. Neither keeps more than a row.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .reader import ExportOnDisk, SourceRow
from .result import ImportRefused, RowProblem

SNIFF_BYTES = 1 << 16
CHUNK = 1 << 20
SNIFFED = ",;\t|"
BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class CsvTable(ExportOnDisk):
    """A CSV file on disk; each ``rows()`` call is a fresh streaming pass."""

    def __init__(self, path, *, encoding: str = "", delimiter: str = ""):
        super().__init__(path)
        self.declared_encoding = bool(encoding)
        self.encoding = encoding or self._detect_encoding()
        self.delimiter = delimiter or self._sniff_delimiter()
        self.headings: list[str] = []

    def rows(self) -> Iterator[SourceRow]:
        """Data rows numbered from 1 (the heading row is not counted); sets ``headings``."""
        with self._open_binary() as binary:
            text = io.TextIOWrapper(binary, encoding=self.encoding, errors="strict", newline="")
            reader = csv.reader(text, delimiter=self.delimiter)
            try:
                yield from self._rows(reader)
            except UnicodeDecodeError as exc:
                raise ImportRefused(
                    f"{self.path.name} is not {self.encoding} text (a byte at {exc.start} "
                    "of a block cannot be read); declare the file's encoding in the mapping"
                ) from exc
            except csv.Error as exc:
                raise ImportRefused(_csv_problem(exc, reader.line_num)) from exc

    def _rows(self, reader) -> Iterator[SourceRow]:
        self.headings = [h.strip().lstrip("\ufeff") for h in next(reader, [])]
        width = len(self.headings)
        for row_no, fields in enumerate(reader, start=1):
            if not any(f.strip() for f in fields):
                continue  # a blank line is not a row
            if len(fields) != width:
                reason = f"has {len(fields)} fields where the heading row has {width}"
                yield SourceRow(row_no, None, RowProblem(row_no, None, reason))
                continue
            yield SourceRow(row_no, dict(zip(self.headings, fields, strict=True)))

    def _head(self) -> bytes:
        try:
            with self._open_binary() as binary:
                return binary.read(SNIFF_BYTES)
        except (OSError, EOFError) as exc:
            raise ImportRefused(f"{self.path.name} cannot be read: {exc}") from exc

    def _detect_encoding(self) -> str:
        head = self._head()
        if not head.strip():
            raise ImportRefused(f"{self.path.name} is empty")
        for bom, name in BOMS:
            if head.startswith(bom):
                return name
        if b"\x00" in head:
            raise ImportRefused(f"{self.path.name} is a binary file, not CSV text")
        for name in ("utf-8", "cp1252"):
            if self._decodes_whole(name):
                return name
        return "latin-1"

    def _decodes_whole(self, encoding: str) -> bool:
        """Whether every byte of the file decodes, read a chunk at a time."""
        decoder = codecs.getincrementaldecoder(encoding)()
        with self._open_binary() as binary:
            try:
                while chunk := binary.read(CHUNK):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                return False
        return True

    def _sniff_delimiter(self) -> str:
        head = self._head()
        sample = head.decode(self.encoding, errors="ignore")
        if len(head) == SNIFF_BYTES and "\n" in sample:
            sample = sample[: sample.rfind("\n")]  # a cut row would mislead the sniffer
        try:
            return csv.Sniffer().sniff(sample, delimiters=SNIFFED).delimiter
        except csv.Error:
            first = sample.splitlines()[0] if sample else ""
            counts = {d: first.count(d) for d in SNIFFED}
            best = max(counts, key=counts.get)
            return best if counts[best] else ","


def _csv_problem(exc: csv.Error, line: int) -> str:
    if "field larger than field limit" in str(exc):
        limit = csv.field_size_limit()
        return f"line {line} has a field longer than {limit:,} characters; nothing was imported"
    return f"not a readable CSV file (line {line}): {exc}"


class XlsxTable:
    """One sheet of an Excel workbook, streamed by openpyxl in read-only mode."""

    def __init__(self, path, *, sheet: str = ""):
        self.path = Path(path)
        self.sheet = sheet
        self.headings: list[str] = []
        self._row = 0
        self._rows_total = 0
        with self._worksheet():  # refuse an unreadable workbook or a missing sheet up front
            pass

    @property
    def progress(self) -> float:
        if not self._rows_total:
            return 1.0
        return min(self._row / self._rows_total, 1.0)

    @contextmanager
    def _worksheet(self):
        from openpyxl import load_workbook
        from openpyxl.utils.exceptions import InvalidFileException

        try:
            workbook = load_workbook(self.path, read_only=True, data_only=True)
        except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
            raise ImportRefused(f"{self.path.name} is not an Excel workbook (.xlsx)") from exc
        try:
            if self.sheet and self.sheet not in workbook.sheetnames:
                raise ImportRefused(
                    f"{self.path.name} has no sheet {self.sheet!r}; its sheets are: "
                    + ", ".join(workbook.sheetnames)
                )
            yield workbook[self.sheet] if self.sheet else workbook.worksheets[0]
        finally:
            workbook.close()

    def rows(self) -> Iterator[SourceRow]:
        with self._worksheet() as sheet:
            self._rows_total = max((sheet.max_row or 1) - 1, 1)
            cells = sheet.iter_rows(values_only=True)
            first = next(cells, ())
            headings = ["" if h is None else str(h).strip() for h in first]
            while headings and not headings[-1]:
                headings.pop()
            self.headings = headings
            for row_no, values in enumerate(cells, start=1):
                self._row = row_no
                values = list(values[: len(headings)])
                if not any(v is not None and str(v).strip() for v in values):
                    continue
                values += [None] * (len(headings) - len(values))
                yield SourceRow(row_no, dict(zip(headings, values, strict=True)))
