"""The fast path from bytes to records: ``pyarrow.csv``, every column as text.

Internal to :mod:`nps_toolkit.io` (called by :func:`nps_toolkit.io.readfile.read_records`).
The whole file is read in C++ (a file of 1 MB or more is memory-mapped rather
than copied). pyarrow's threads first cut the file at every line end; that
read is kept only when no value held a line break, else the file is read again
with quoted line breaks looked for. A blank line is a row of empty fields,
removed and counted later. In a file of 1 MB or more, rows of another width
than the first (ragged rows) are set aside by pyarrow, read without threads so
that their record numbers are known, split by the ``csv`` module and put back
in place (:func:`_with_ragged`). ``None`` from any function here sends the
file to the careful path (:func:`nps_toolkit.io.records.careful_text`).
"""

from __future__ import annotations

import codecs
import csv
import io
import mmap
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from nps_toolkit.io.arrowtext import as_str
from nps_toolkit.io.records import Records
from nps_toolkit.io.textfile import FIELD_LIMIT, TEXT_FORMATS, detect_format, sniff_delimiter

_MAP_MIN = 1 << 20  # files from this size on are mapped into memory rather than copied
# pyarrow reads blocks of this size in parallel; each becomes one chunk of every column,
# and the column checks pay a little per chunk
_BLOCK = 8 << 20
# a file with ragged rows from this size on is read by pyarrow (its ragged rows alone by
# the csv module); a smaller one by the csv module (tests set it to 0 to compare both)
_RAGGED_MIN = 1 << 20


def fast_mapped(path_or_buffer, fmt: str, source: str) -> tuple[Records | None, bool]:
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
        recs = fast_utf8(mapped, fmt)
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


def fast_utf8(data: bytes, fmt: str) -> Records | None:
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
    recs = fast_text(data, delimiter, skip)
    if recs is not None:
        recs.encoding, recs.delimiter = ("utf-8-sig" if bom else "utf-8"), delimiter
    return recs


def fast_text(data: bytes, delimiter: str, skip: int = 0) -> Records | None:
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
    csv.field_size_limit(FIELD_LIMIT)
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
