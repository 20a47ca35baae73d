"""Excel and Parquet files as rows of text, for :func:`nps_toolkit.io.records.read_records`.

Every cell becomes the text a spreadsheet shows (whole floats without ``.0``,
dates in ISO 8601, empty cells ``""``); blank rows are kept so that row numbers
stay those of the sheet. An Excel workbook with several sheets gets a note
listing them.
"""

from __future__ import annotations

import datetime as _dt
import io
import math

import pandas as pd


def _cell_text(value) -> str:
    if value is None or value is pd.NaT or value is pd.NA:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, pd.Timestamp | _dt.datetime | _dt.date):
        return value.isoformat()
    return str(value)


def binary_rows(data: bytes, source: str, fmt: str, sheet, what: str):
    buffer = io.BytesIO(data)
    notes: list[str] = []
    try:
        if fmt == "excel":
            book = pd.ExcelFile(buffer)
            names = list(book.sheet_names)
            if isinstance(sheet, str) and sheet not in names and sheet.isdigit():
                sheet = int(sheet)  # "--sheet 1" from the command line
            if sheet is None:
                sheet = 0
                if len(names) > 1:
                    shown = ", ".join(repr(s) for s in names)
                    notes.append(
                        f"The workbook has {len(names)} sheets ({shown}); the first, "
                        f"{names[0]!r}, was read. Pass sheet= (name or 0-based index) for another."
                    )
            elif (isinstance(sheet, int) and not 0 <= sheet < len(names)) or (
                isinstance(sheet, str) and sheet not in names
            ):
                raise ValueError(
                    f"{what} file {source!r} has no sheet {sheet!r}. Its sheets are: "
                    f"{', '.join(repr(s) for s in names)}. Fix: pass sheet= one of these names "
                    "(or a 0-based index)."
                )
            frame = pd.read_excel(book, sheet_name=sheet, header=None, dtype=object)
            rows = [[_cell_text(v) for v in row] for row in frame.itertuples(index=False)]
        else:
            frame = pd.read_parquet(buffer)
            rows = [[str(c) for c in frame.columns]]
            rows += [[_cell_text(v) for v in row] for row in frame.itertuples(index=False)]
    except ValueError as exc:
        if "has no sheet" in str(exc):
            raise
        raise ValueError(f"{what} file {source!r} cannot be read as {fmt}: {exc}") from None
    except Exception as exc:  # corrupt zip / parquet: one clear message, not a deep traceback
        raise ValueError(
            f"{what} file {source!r} cannot be read as {fmt} ({type(exc).__name__}: {exc}). "
            "Is the file complete? Re-export it, or pass format= if the extension is wrong."
        ) from None
    if not any(any(c.strip() for c in r) for r in rows):
        raise ValueError(f"{what} file {source!r} is empty (no header, no rows).")
    return rows, notes
