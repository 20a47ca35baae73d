"""Spreadsheet-safe export: no comment becomes a live formula.

:func:`neutralize_formulas`, :func:`to_safe_csv` and :func:`to_safe_excel` stop
spreadsheet-formula ("CSV") injection: a comment such as
``=HYPERLINK("http://evil", "click")`` must not become a live formula when a
colleague opens the follow-up list in Excel. Following the OWASP guidance, text
cells starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return are
prefixed with a single quote.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from nps_toolkit._validation import as_list
from nps_toolkit.comments.progress import show_progress

__all__ = ["FORMULA_PREFIXES", "neutralize_formulas", "to_safe_csv", "to_safe_excel"]

#: First characters that make a spreadsheet read a cell as a formula (OWASP).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _neutralize_value(value):
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralize_formulas(df: pd.DataFrame) -> pd.DataFrame:
    """Copy of ``df`` where text that a spreadsheet would run as a formula is defused.

    Every *text* cell (and column name) starting with ``=``, ``+``, ``-``, ``@``,
    a tab or a carriage return gets a leading single quote, as the OWASP "CSV
    injection" guidance recommends. Numbers, including negative numbers stored
    as numbers, dates and missing values are left as they are.

    Parameters
    ----------
    df : DataFrame

    Returns
    -------
    DataFrame
        A new frame; ``df`` is not modified.

    Examples
    --------
    >>> df = pd.DataFrame({"comment": ["=1+1", "fine", "-bad", None], "amount": [-5.0, 2, 3, 4]})
    >>> neutralize_formulas(df)
      comment  amount
    0   '=1+1    -5.0
    1    fine     2.0
    2   '-bad     3.0
    3     NaN     4.0
    """
    if not isinstance(df, pd.DataFrame):
        raise ValueError(
            f"neutralize_formulas expects a DataFrame, got {type(df).__name__}. "
            "Fix: wrap a Series with .to_frame()."
        )
    out = df.copy()
    for col in out.columns:
        s = out[col]
        if pd.api.types.is_numeric_dtype(s.dtype) or pd.api.types.is_datetime64_any_dtype(s.dtype):
            continue
        if isinstance(s.dtype, pd.CategoricalDtype):
            s = s.astype("object")
        out[col] = s.map(_neutralize_value)
    out.columns = [_neutralize_value(c) for c in out.columns]
    return out


def to_safe_csv(df: pd.DataFrame, path, *, index: bool = False, **kwargs) -> Path:
    """Write ``neutralize_formulas(df)`` to CSV (UTF-8 with BOM, so Excel reads accents).

    Text cells are also enclosed in double quotes (``csv.QUOTE_NONNUMERIC``),
    as OWASP recommends, so a comma or ``;`` inside a comment cannot start a
    new cell.

    Parameters
    ----------
    df : DataFrame
    path : str or Path
    index : bool, default False
    **kwargs
        Passed to :meth:`pandas.DataFrame.to_csv`.

    Returns
    -------
    Path
        The file written.

    Examples
    --------
    >>> import tempfile, os
    >>> folder = tempfile.mkdtemp()
    >>> p = to_safe_csv(pd.DataFrame({"c": ["=cmd|' /C calc'!A0"]}), os.path.join(folder, "x.csv"))
    >>> open(p, encoding="utf-8-sig").read().splitlines()[1]
    '"\\'=cmd|\\' /C calc\\'!A0"'
    """
    path = Path(path)
    kwargs.setdefault("encoding", "utf-8-sig")
    kwargs.setdefault("quoting", csv.QUOTE_NONNUMERIC)
    # The index (any number of levels) is written as ordinary, neutralised columns.
    safe = neutralize_formulas(df.reset_index() if index else df)
    safe.to_csv(path, index=False, **kwargs)
    return path


def _cell_value(value):
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, float) and np.isnan(value):
        return None
    if isinstance(value, np.generic):
        value = value.item()
        if isinstance(value, float) and np.isnan(value):
            return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime().replace(tzinfo=None)
    if isinstance(value, (list, tuple, set, dict)):
        return str(value)
    return value


_PROGRESS_ROWS = 20_000


def to_safe_excel(
    df: pd.DataFrame,
    path,
    *,
    sheet_name: str = "Sheet1",
    index: bool = False,
    progress: bool | None = None,
    about: str | Sequence[str] | None = None,
) -> Path:
    """Write ``neutralize_formulas(df)`` to an .xlsx file where every text cell is text.

    openpyxl stores any string starting with ``=`` as a formula; after
    neutralising no text starts with ``=``, and every text cell is also written
    with data type ``"s"`` (string) explicitly, so no cell of the file is a
    formula. Numbers stay numbers, dates stay dates.

    Parameters
    ----------
    df : DataFrame
    path : str or Path
    sheet_name : str, default "Sheet1"
    index : bool, default False
        Write the index as the first column.
    progress : bool or None
        tqdm progress bar; ``None`` shows it above 20,000 rows (openpyxl
        writes about 10,000 rows a second).
    about : str or list of str, optional
        Text for a second sheet named "About", one line a row (e.g. what the
        file holds and who may see it). Its lines are neutralised like the
        data. The data sheet stays the first sheet, with a clean header row.

    Returns
    -------
    Path
        The file written.

    Examples
    --------
    >>> import tempfile, os, openpyxl
    >>> folder = tempfile.mkdtemp()
    >>> p = to_safe_excel(pd.DataFrame({"c": ["=1+1"], "n": [-3]}), os.path.join(folder, "x.xlsx"))
    >>> ws = openpyxl.load_workbook(p).active
    >>> [(c.value, c.data_type) for c in ws[2]]
    [("'=1+1", 's'), (-3, 'n')]
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    path = Path(path)
    safe = neutralize_formulas(df.reset_index() if index else df)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=sheet_name)

    def text_cell(text: str, sheet=ws) -> WriteOnlyCell:
        # Control characters are illegal in XLSX: shown as U+FFFD, not dropped.
        cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("\ufffd", text))
        cell.data_type = "s"  # text, whatever it starts with
        return cell

    ws.append([text_cell(str(c)) for c in safe.columns])
    rows = safe.itertuples(index=False, name=None)
    if show_progress(progress, large=len(safe) > _PROGRESS_ROWS):
        from tqdm.auto import tqdm

        rows = tqdm(rows, total=len(safe), desc="Excel rows", unit="row")
    for row in rows:
        values = [_cell_value(v) for v in row]
        ws.append([text_cell(v) if isinstance(v, str) else v for v in values])
    if about is not None:
        lines = as_list(about)
        notes = wb.create_sheet(title="About" if sheet_name != "About" else "About (notes)")
        for line in lines:
            notes.append([text_cell(_neutralize_value(str(line)), notes)])
    wb.save(path)
    return path
