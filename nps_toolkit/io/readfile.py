"""Reading a file into *records*: every cell as text, with its spreadsheet line number.

Internal to :func:`nps_toolkit.io.read_survey` and :func:`nps_toolkit.io.read_orders`.

Two ways of reading delimited text give the same records:

- **fast** (:mod:`nps_toolkit.io.fastcsv`): ``pyarrow.csv`` with every column
  typed as a string, the whole file in C++ (memory-mapped from 1 MB on); a
  large file's ragged rows alone are split by Python's ``csv`` module;
- **careful** (:func:`nps_toolkit.io.records.careful_text`): Python's ``csv``
  module, row by row, for the other files pyarrow refuses or cannot describe
  faithfully: a smaller file with ragged rows, a file ending inside an open
  quote (an odd number of quotes), a ``header_row=`` below the first line,
  anything pyarrow refuses (text in another encoding is decoded and re-encoded
  to UTF-8 for pyarrow first). It keeps every field, so a ragged row can be
  shown as it was.

Excel and Parquet are read by :mod:`nps_toolkit.io.binary`. Either way a
record's *line* is the row number a spreadsheet shows for it (1-based, header
rows and blank lines counted; a quoted newline does not start a new row, as in
a spreadsheet).
"""

from __future__ import annotations

from nps_toolkit.io.fastcsv import fast_mapped, fast_text, fast_utf8
from nps_toolkit.io.records import Records, careful_text, drop_blank, from_rows
from nps_toolkit.io.textfile import (
    TEXT_FORMATS,
    decode,
    detect_format,
    read_bytes,
    sniff_delimiter,
    source_name,
)


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
        recs, tried = fast_mapped(path_or_buffer, fmt, source)
        if recs is not None:
            return drop_blank(recs)
    data = read_bytes(path_or_buffer, source, what)
    if not data or data.isspace():
        raise ValueError(
            f"{what} file {source!r} is empty (0 bytes of data). Check the export finished."
        )
    fmt = detect_format(data, source, fmt)
    if fmt in TEXT_FORMATS:
        use_fast = fast and (header_row or 1) == 1
        recs = fast_utf8(data, fmt) if use_fast and encoding is None and not tried else None
        if recs is None:
            recs = _decoded_text(data, source, fmt, encoding, header_row, use_fast, what)
    else:
        from nps_toolkit.io.binary import binary_rows

        rows, notes = binary_rows(data, source, fmt, sheet, what)
        recs = from_rows(rows, header_row)
        recs.notes = notes
    recs.source, recs.format = source, fmt
    return drop_blank(recs)


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
        recs = fast_text(text.encode("utf-8"), delimiter)
    del utf8
    if recs is None:
        recs = careful_text(text, source, delimiter, header_row)
    recs.encoding, recs.delimiter = used, delimiter
    return recs
