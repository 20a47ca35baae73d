"""Reading a file into *records*: every cell as text, with its spreadsheet line number.

Internal to :func:`nps_toolkit.io.read_survey` and :func:`nps_toolkit.repeat.outcomes.read_orders`.

Two ways of reading delimited text give the same records:

- **fast**: ``pyarrow.csv`` with every column typed as a string, the whole file
  in C++ (a file of 1 MB or more is memory-mapped rather than copied). pyarrow's
  threads first cut the file at every line end; that read is kept only when no
  value held a line break, else the file is read again with quoted line breaks
  looked for. A blank line is a row of empty fields, removed and counted. In a
  file of 1 MB or more, rows of another width than the first (ragged rows) are
  set aside by pyarrow, read without threads so that their record numbers are
  known, split by the ``csv`` module and put back in place (:func:`_with_ragged`);
- **careful**: Python's ``csv`` module, row by row, for the other files pyarrow
  refuses or cannot describe faithfully: a smaller file with ragged rows, a file
  ending inside an open quote (an odd number of quotes), a ``header_row=`` below
  the first line, anything pyarrow refuses (text in another encoding is decoded
  and re-encoded to UTF-8 for pyarrow first). It keeps every field, so a ragged
  row can be shown as it was.

Either way a record's *line* is the row number a spreadsheet shows for it
(1-based, header rows and blank lines counted; a quoted newline does not start
a new row, as in a spreadsheet).
"""

from __future__ import annotations

import codecs
import csv
import io
import mmap
from dataclasses import dataclass, field
from pathlib import Path

import ftfy.bad_codecs  # noqa: F401  (registers the "sloppy-windows-1252" codec)
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from nps_toolkit.io.arrowtext import as_str
from nps_toolkit.io.arrowtext import keep as keep_rows

# A cell longer than this is not a survey answer but a broken quote swallowing the file.
_FIELD_LIMIT = 10_000_000
_MAP_MIN = 1 << 20  # files from this size on are mapped into memory rather than copied
# pyarrow reads blocks of this size in parallel; each becomes one chunk of every column,
# and the column checks pay a little per chunk
_BLOCK = 8 << 20
# a file with ragged rows from this size on is read by pyarrow (its ragged rows alone by
# the csv module); a smaller one by the csv module (tests set it to 0 to compare both)
_RAGGED_MIN = 1 << 20
TEXT_FORMATS = ("csv", "tsv")
FORMATS = ("auto", "csv", "tsv", "excel", "parquet")


@dataclass
class Records:
    """A file's records (header rows included), column-wise, as strings ("" when empty)."""

    source: str
    format: str
    # one str Series per field position, index 0..m-1 (m records, blank ones removed)
    cells: list[pd.Series]
    # spreadsheet line (1-based) of each record
    lines: np.ndarray
    # fields per record as read; None when every record is as wide as ``cells``
    widths: np.ndarray | None = None
    # record position -> its fields beyond the first record's width
    overflow: dict[int, list[str]] = field(default_factory=dict)
    encoding: str | None = None
    delimiter: str | None = None
    truncated: bool = False  # the last record ends inside an open quote
    blank_rows: int = 0  # blank lines / empty spreadsheet rows removed
    rows_above_header: int = 0  # records before header_row= (titles), not data
    notes: list[str] = field(default_factory=list)
    fast: bool = False
    # (rows, their cells as taken per column) kept by the first look at a few rows, so
    # that the account's table of excluded rows does not take them again
    taken: tuple | None = None

    def record(self, k: int) -> list[str]:
        return [str(c.iat[k]) for c in self.cells]

    def __len__(self) -> int:
        return len(self.lines)


def source_name(path_or_buffer) -> str:
    if isinstance(path_or_buffer, str | Path):
        return str(path_or_buffer)
    name = getattr(path_or_buffer, "name", None)
    return str(name) if isinstance(name, str) else "<buffer>"


def read_bytes(path_or_buffer, source: str, what: str = "Survey") -> bytes:
    if isinstance(path_or_buffer, str | Path):
        path = Path(path_or_buffer)
        if not path.exists():
            raise ValueError(f"{what} file {source!r} does not exist. Check the path.")
        return path.read_bytes()
    if isinstance(path_or_buffer, bytes | bytearray):
        return bytes(path_or_buffer)
    if hasattr(path_or_buffer, "read"):
        data = path_or_buffer.read()
        return data.encode("utf-8") if isinstance(data, str) else bytes(data)
    raise ValueError(
        f"read_survey needs a file path or an open file, got {type(path_or_buffer).__name__}."
    )


def detect_format(data: bytes, source: str, fmt: str) -> str:
    if fmt not in FORMATS:
        raise ValueError(f"format={fmt!r} is not one of {', '.join(FORMATS)}.")
    if fmt != "auto":
        return fmt
    if data[:4] == b"PK\x03\x04":
        return "excel"
    if data[:4] == b"PAR1":
        return "parquet"
    suffix = Path(source).suffix.lower()
    if suffix in (".xlsx", ".xlsm", ".xls"):
        return "excel"
    if suffix in (".parquet", ".pq"):
        return "parquet"
    return "tsv" if suffix == ".tsv" else "csv"


def decode(data: bytes, source: str, encoding: str | None) -> tuple[str, str]:
    """Decode bytes: declared encoding, else BOM, else UTF-8, else UTF-16, else Windows-1252.

    Windows-1252 is decoded with ftfy's ``sloppy-windows-1252`` codec, which keeps
    the five bytes that code page leaves undefined as the matching control
    characters instead of failing, as browsers do.
    """
    if encoding is not None:
        try:
            return data.decode(encoding), encoding
        except LookupError:
            raise ValueError(
                f"encoding={encoding!r} is not an encoding Python knows; "
                "try 'utf-8', 'utf-16', 'cp1252' or 'latin-1'."
            ) from None
        except UnicodeDecodeError as exc:
            raise ValueError(
                f"File {source!r} is not valid {encoding} (byte {exc.start}: "
                f"{data[exc.start : exc.start + 1]!r}). Fix: leave encoding=None to detect it, "
                "or declare the right one (e.g. 'cp1252' for Windows exports)."
            ) from None
    for bom, name in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(name), name
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    head = data[:4000]  # UTF-16 without a BOM: every other byte of ASCII text is NUL
    if len(head) >= 4 and head.count(0) >= len(head) // 3:
        name = "utf-16-le" if head[1::2].count(0) > head[0::2].count(0) else "utf-16-be"
        try:
            return data.decode(name), name
        except UnicodeDecodeError:
            pass
    return data.decode("sloppy-windows-1252"), "windows-1252"


def sniff_delimiter(text: str, fmt: str, partial: bool = False) -> str:
    """The delimiter among ``, ; TAB |``; ``partial``: ``text`` is the file's beginning."""
    if fmt == "tsv":
        return "\t"
    sample = text[:65536]
    if "\n" in sample and (partial or len(text) > len(sample)):  # complete lines only
        sample = sample[: sample.rindex("\n")]
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        first = sample.split("\n", 1)[0]
        counts = {d: first.count(d) for d in ",;\t|"}
        best = max(counts, key=counts.get)
        return best if counts[best] else ","


def read_records(
    path_or_buffer,
    *,
    fmt="auto",
    encoding=None,
    sheet=None,
    header_row: int | None = None,
    what="Survey",
    fast=True,
) -> Records:
    """Read a file into :class:`Records` (blank rows removed and counted).

    ``header_row`` (1-based, as a spreadsheet numbers rows) drops the records
    above it (titles, notes): they are counted in ``rows_above_header``.
    """
    if header_row is not None and (not isinstance(header_row, int) or header_row < 1):
        raise ValueError(
            f"header_row={header_row!r}: give the header's row number as a spreadsheet shows "
            "it (1 for the first line)."
        )
    source = source_name(path_or_buffer)
    tried = False  # pyarrow has read the file's bytes as UTF-8 already
    if fast and (header_row or 1) == 1 and encoding is None:
        recs, tried = _fast_mapped(path_or_buffer, fmt, source)
        if recs is not None:
            return _drop_blank(recs)
    data = read_bytes(path_or_buffer, source, what)
    if not data or data.isspace():
        raise ValueError(
            f"{what} file {source!r} is empty (0 bytes of data). Check the export finished."
        )
    fmt = detect_format(data, source, fmt)
    if fmt in TEXT_FORMATS:
        use_fast = fast and (header_row or 1) == 1
        recs = _fast_utf8(data, fmt) if use_fast and encoding is None and not tried else None
        if recs is None:
            recs = _decoded_text(data, source, fmt, encoding, header_row, use_fast, what)
    else:
        from nps_toolkit.io.binary import binary_rows

        rows, notes = binary_rows(data, source, fmt, sheet, what)
        recs = _from_rows(rows, header_row)
        recs.notes = notes
    recs.source, recs.format = source, fmt
    return _drop_blank(recs)


def _decoded_text(data, source, fmt, encoding, header_row, use_fast, what) -> Records:
    text, used = decode(data, source, encoding)
    # pyarrow reads UTF-8 bytes: re-encoded unless the file is UTF-8 already
    utf8 = data[3:] if used == "utf-8-sig" else data if used == "utf-8" else None
    del data
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text or text.isspace():
        raise ValueError(
            f"{what} file {source!r} is empty (no header, no rows). Check the export finished."
        )
    delimiter = sniff_delimiter(text, fmt)
    recs = None
    if use_fast and utf8 is None:  # (UTF-8 bytes were tried as they are already)
        recs = _fast_text(text.encode("utf-8"), delimiter)
    del utf8
    if recs is None:
        recs = _careful_text(text, source, delimiter, header_row)
    recs.encoding, recs.delimiter = used, delimiter
    return recs


# --------------------------------------------------------------------------- fast path


def _fast_mapped(path_or_buffer, fmt: str, source: str) -> tuple[Records | None, bool]:
    """The fast path on a text file mapped into memory (no copy of its bytes is made;
    the operating system's cache is read in place): ``(records or None, whether
    pyarrow read the bytes)``; ``None`` records: read the file the usual way."""
    if not isinstance(path_or_buffer, str | Path):
        return None, False
    path = Path(path_or_buffer)
    try:
        size = path.stat().st_size if path.is_file() else 0
    except OSError:
        return None, False
    if not size or size < _MAP_MIN:
        return None, False
    with open(path, "rb") as fh:
        mapped = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    try:
        fmt = detect_format(mapped[:8], source, fmt)
        if fmt not in TEXT_FORMATS or mapped[:65536].isspace():
            return None, False
        recs = _fast_utf8(mapped, fmt)
    finally:
        try:
            mapped.close()
        except BufferError:
            pass  # pyarrow's reading threads let go of it a moment later: unmapped then
    if recs is not None:
        recs.source, recs.format = source, fmt
    return recs, True


def _count(data, *chars: bytes) -> list[int]:
    """Occurrences of each of some bytes in ``bytes`` or a memory map, in one reading
    (slices of 4 MB compared by numpy: faster than ``bytes.count`` for one byte)."""
    view = np.frombuffer(data, dtype=np.uint8)
    try:
        counts = [0] * len(chars)
        for k in range(0, len(view), 1 << 22):
            part = view[k : k + (1 << 22)]
            for i, char in enumerate(chars):
                counts[i] += int(np.count_nonzero(part == char[0]))
        return counts
    finally:
        del view  # (a memory map cannot close while a view of it exists)


def _fast_utf8(data: bytes, fmt: str) -> Records | None:
    """The fast path straight from the file's bytes when they are UTF-8 (pyarrow checks
    every cell): no decoded copy of the whole file is made."""
    bom = data[:3] == codecs.BOM_UTF8
    if not bom and (data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) or 0 in data[:4000]):
        return None  # UTF-16 / UTF-32, with or without a BOM
    skip = 3 if bom else 0
    head = data[skip : skip + (1 << 16)].decode("utf-8", errors="ignore")
    if not head or head.isspace():
        return None
    delimiter = sniff_delimiter(head, fmt, partial=len(data) - skip > 1 << 16)
    recs = _fast_text(data, delimiter, skip)
    if recs is not None:
        recs.encoding, recs.delimiter = ("utf-8-sig" if bom else "utf-8"), delimiter
    return recs


def _fast_text(data: bytes, delimiter: str, skip: int = 0) -> Records | None:
    """pyarrow's reader on a rectangular file (from byte ``skip``, after a BOM); ``None``
    sends the file to the careful path. A large file with rows of another width than
    the header's (ragged rows) is read again by pyarrow one block after the other, so
    that each such row's record number is known, and those rows alone are split by
    Python's ``csv`` module (:func:`_with_ragged`)."""
    head = data[skip : skip + 1_000_000].decode("utf-8", errors="ignore")
    first = next(csv.reader(io.StringIO(head, newline=""), delimiter=delimiter), None)
    if not first:
        return None
    # (a blank line is a row of empty fields for pyarrow, as wide as the header: removed
    # and counted as blank like the csv module's empty row)
    quotes, line_ends = _count(data, b'"', b"\n")
    if quotes % 2:
        return None  # a quote left open (cut-off file) or a stray quote in a bare field
    quoted = quotes > 0  # a quoted value may hold a line break
    width = len(first)
    table = None
    # (not tried when the file's first megabyte already shows a line break in a quote)
    if quoted and data.find(b"\r") < 0 and not _broken_line(head):
        table = _split_at_line_ends(data, skip, delimiter, width, line_ends)
    if table is None:
        table, invalid = _arrow_read(data, skip, delimiter, width, quoted, threads=True)
    else:
        invalid = []
    if table is None or table.num_columns != width:
        return None
    if invalid:
        if len(data) - skip < _RAGGED_MIN:
            return None  # a small file: the csv module reads it at once
        del table
        table, invalid = _arrow_read(data, skip, delimiter, width, quoted, threads=False)
        if table is None or table.num_columns != width:
            return None
        return _with_ragged(table, invalid, width, delimiter)
    cells = [pd.Series(table.column(j).to_pandas(), dtype="str", copy=False) for j in range(width)]
    return Records("", "", cells, np.arange(1, table.num_rows + 1), fast=True)


def _broken_line(head: str) -> bool:
    """Some complete line of ``head`` holds an odd number of quotes (a quoted value
    goes on to the next line)."""
    return any(line.count('"') % 2 for line in head.split("\n")[:-1])


def _split_at_line_ends(data, skip, delimiter, width, line_ends=None):
    """pyarrow's reader told that no value holds a line break: its threads then cut the
    file at any line end (much faster than looking for the ends of quoted values). A
    line break inside a quoted value would be cut through, so the table is kept only
    when every line end closes exactly one record and no row is ragged; ``None``: read
    the file again, looking for line breaks in quoted values."""
    table, invalid = _arrow_read(data, skip, delimiter, width, False, threads=True)
    if table is None or invalid or table.num_columns != width:
        return None
    records = table.num_rows - (0 if data[-1:] == b"\n" else 1)
    line_ends = _count(data, b"\n")[0] if line_ends is None else line_ends
    return table if line_ends == records else None


def _arrow_read(data, skip, delimiter, width, quoted, threads):
    """``(table or None, invalid rows)``: every field as text, rows of another width
    than ``width`` set aside (their record numbers are known only without threads)."""
    invalid = []

    def on_invalid(row):
        invalid.append((row.number, row.actual_columns, row.text))
        return "skip"

    buffer = pa.py_buffer(data)  # no copy of the file's bytes
    try:
        table = pacsv.read_csv(
            pa.BufferReader(buffer[skip:]),
            read_options=pacsv.ReadOptions(
                autogenerate_column_names=True, block_size=_BLOCK, use_threads=threads
            ),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter,
                quote_char='"',
                double_quote=True,
                escape_char=False,
                newlines_in_values=quoted,
                ignore_empty_lines=False,
                invalid_row_handler=on_invalid,
            ),
            convert_options=pacsv.ConvertOptions(
                column_types={f"f{j}": pa.large_string() for j in range(width)},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                null_values=[],
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None, invalid
    finally:
        del buffer  # (a memory map cannot close while pyarrow holds it)
    return table, invalid


def _with_ragged(table, invalid, width: int, delimiter: str) -> Records | None:
    """The records of a file read by pyarrow whose rows of another width (``invalid``:
    ``(record number, fields, text)``, numbered from 1 with the header) were set aside:
    those rows split by the csv module, as the careful path splits them, and put back in
    their places. ``None`` when pyarrow and the csv module disagree on one of them."""
    n_valid, k = table.num_rows, len(invalid)
    n = n_valid + k
    if any(number is None for number, _, _ in invalid):
        return None
    at = np.array([number - 1 for number, _, _ in invalid], dtype=np.int64)
    if (at < 0).any() or (at >= n).any() or (np.diff(at) <= 0).any():
        return None
    old = csv.field_size_limit()
    csv.field_size_limit(_FIELD_LIMIT)
    try:
        fields = []
        for _, count, text in invalid:
            rows = list(
                csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
            )
            if len(rows) != 1 or len(rows[0]) != count:
                return None
            fields.append(rows[0])
    except csv.Error:
        return None
    finally:
        csv.field_size_limit(old)
    widths = np.full(n, width, dtype=np.int64)
    widths[at] = [len(f) for f in fields]
    overflow = {int(i): f[width:] for i, f in zip(at, fields, strict=True) if len(f) > width}
    padded = [(f + [""] * width)[:width] for f in fields]
    order = np.empty(n, dtype=np.int64)  # position in (valid rows, then set-aside rows)
    valid = np.ones(n, dtype=bool)
    valid[at] = False
    order[valid] = np.arange(n_valid)
    order[at] = np.arange(n_valid, n)
    indices = pa.array(order)
    cells = []
    for j in range(width):
        extra = pa.array([f[j] for f in padded], type=pa.large_string())
        column = pa.chunked_array([*table.column(j).chunks, extra], type=pa.large_string())
        cells.append(as_str(column.take(indices), None))
    return Records("", "", cells, np.arange(1, n + 1), widths, overflow, fast=True)


# --------------------------------------------------------------------------- careful path


def _careful_text(text: str, source: str, delimiter: str, header_row: int | None) -> Records:
    old = csv.field_size_limit()
    csv.field_size_limit(_FIELD_LIMIT)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False))
        truncated = _ends_in_open_quote(text, delimiter)
    except csv.Error as exc:
        raise ValueError(
            f"File {source!r} cannot be read as delimited text ({exc}). It is probably "
            "truncated inside a quoted field or not a CSV: open it in a text editor near the end."
        ) from None
    finally:
        csv.field_size_limit(old)
    recs = _from_rows(rows, header_row)
    recs.truncated = truncated
    return recs


def _ends_in_open_quote(text: str, delimiter: str) -> bool:
    """True when the file stops inside a quoted field (a truncated export).

    Strict parsing stops at the first malformed quote, so it can only end "inside
    a quoted field" when every quote before was paired: an odd count of quote
    characters is necessary, and an even count saves parsing the file twice.
    """
    if text.count('"') % 2 == 0:
        return False
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        for _ in reader:
            pass
    except csv.Error as exc:
        return "end of data" in str(exc)
    return False


def _from_rows(rows: list[list[str]], header_row: int | None = None) -> Records:
    """Records from a list of rows; rows narrower than the first are padded with ""."""
    start = (header_row or 1) - 1
    if start >= len(rows):
        raise ValueError(
            f"header_row={header_row} is beyond the end of the file ({len(rows)} rows). "
            "Fix: give the header's row number as a spreadsheet shows it."
        )
    if start and not any(c.strip() for c in rows[start]):
        raise ValueError(
            f"header_row={header_row}: that row is empty. Fix: give the row number of the "
            "column names as a spreadsheet shows it."
        )
    above = sum(1 for r in rows[:start] if any(c.strip() for c in r))
    rows = rows[start:]
    first = next((r for r in rows if r and any(c.strip() for c in r)), rows[0] if rows else [])
    width = max(len(first), 1)
    widths = np.fromiter(map(len, rows), dtype=np.int64, count=len(rows))
    odd = np.flatnonzero(widths != width)
    overflow = {int(k): rows[k][width:] for k in odd if widths[k] > width}
    if len(odd):
        rows = list(rows)  # short rows padded with "", long ones cut (the rest is kept above)
        for k in odd:
            rows[k] = (rows[k] + [""] * width)[:width]
    # transposed in C, each column turned into a pyarrow array at once
    columns = list(zip(*rows, strict=True)) if rows else [()] * width
    cells = [as_str(pa.array(c, type=pa.large_string()), None) for c in columns]
    lines = np.arange(start + 1, start + len(rows) + 1)
    recs = Records("", "", cells, lines, widths, overflow)
    recs.rows_above_header = above
    # an empty line is a record of 0 fields: blank, not ragged
    recs.widths = np.where(widths == 0, width, widths)
    return recs


def arrow(s: pd.Series):
    return s.array.__arrow_array__()


def _drop_blank(recs: Records) -> Records:
    """Remove records with no content at all (blank lines, empty spreadsheet rows)."""
    blank = np.ones(len(recs), dtype=bool)
    for c in recs.cells:
        rows = np.flatnonzero(blank)  # only rows blank so far are looked at
        if not len(rows):
            break
        part = arrow(c)
        if len(rows) < len(c):  # a filter, not a take: no join of the column's chunks
            part = pc.filter(part, pa.array(blank))
        empty = pc.or_(pc.equal(pc.binary_length(part), 0), pc.utf8_is_space(part))
        blank[rows] = empty.to_numpy(zero_copy_only=False).astype(bool)
    for k in recs.overflow:
        blank[k] &= not any(x.strip() for x in recs.overflow[k])
    if not blank.any():
        return recs
    keep = np.flatnonzero(~blank)
    index = pd.RangeIndex(len(keep))
    recs.cells = [keep_rows(c, ~blank, index) for c in recs.cells]
    recs.lines = recs.lines[keep]
    if recs.widths is not None:
        recs.widths = recs.widths[keep]
    new_pos = {int(old): new for new, old in enumerate(keep)}
    recs.overflow = {new_pos[k]: v for k, v in recs.overflow.items() if k in new_pos}
    recs.blank_rows += int(blank.sum())
    return recs


def take_from(recs: Records, start: int) -> Records:
    """The records from position ``start`` on (``start`` counted after blank rows)."""
    out = Records(
        recs.source,
        recs.format,
        [c.iloc[start:].reset_index(drop=True) for c in recs.cells],
        recs.lines[start:],
        None if recs.widths is None else recs.widths[start:],
        {k - start: v for k, v in recs.overflow.items() if k >= start},
        recs.encoding,
        recs.delimiter,
        recs.truncated,
        recs.blank_rows,
        recs.rows_above_header,
        recs.notes,
        recs.fast,
    )
    return out
