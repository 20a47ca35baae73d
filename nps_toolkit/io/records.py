"""Records: a file's rows column-wise as text, and the careful ``csv``-module reading.

Internal to :mod:`nps_toolkit.io`. :class:`Records` holds every cell as text
with its spreadsheet line number; :func:`careful_text` reads delimited text
with Python's ``csv`` module (the path for files the fast pyarrow reader of
:mod:`nps_toolkit.io.fastcsv` refuses); :func:`from_rows`, :func:`drop_blank`
and :func:`take_from` build and cut records. The entry point is
:func:`nps_toolkit.io.readfile.read_records`.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from nps_toolkit.io.arrowtext import arrow, as_str
from nps_toolkit.io.arrowtext import keep as keep_rows
from nps_toolkit.io.textfile import FIELD_LIMIT


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


def careful_text(text: str, source: str, delimiter: str, header_row: int | None) -> Records:
    """Records of delimited text read by Python's ``csv`` module, every field kept."""
    old = csv.field_size_limit()
    csv.field_size_limit(FIELD_LIMIT)
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
    recs = from_rows(rows, header_row)
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


def from_rows(rows: list[list[str]], header_row: int | None = None) -> Records:
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


def drop_blank(recs: Records) -> Records:
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
