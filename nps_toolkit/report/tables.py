"""Readable report tables: one format for every table a report shows.

:func:`style_table` turns a result table into a pandas ``Styler`` with no index
column, thousands separators, percentages with ``%``, missing values spelled
out, lists shortened, long text wrapped and every text escaped (comment text is
data, never markup). :func:`~nps_toolkit.report.table_parts.fit_columns` splits a table too wide for the page,
and :func:`label_missing` names missing segment values before a grouping.

Missing values are shown as ``"(missing)"`` in text (label) columns (so are
blank strings and the printed forms "nan", "NaN", "None", "<NA>", "NaT") and
as ``"n/a"`` in number columns.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

import numpy as np
import pandas as pd

# fit_columns moved to report.table_parts; importing it from here keeps working.
from nps_toolkit.report.table_parts import fit_columns

__all__ = [
    "MISSING_LABEL",
    "MISSING_NUMBER",
    "cell_widths",
    "fit_columns",
    "format_list",
    "label_missing",
    "style_table",
]

#: What a missing label (segment value, theme, text) is shown as.
MISSING_LABEL = "(missing)"

#: What a missing number is shown as.
MISSING_NUMBER = "n/a"

# Strings that are the printed form of a missing value, not a real answer.
_MISSING_STRINGS = {"nan", "NaN", "None", "<NA>", "NaT"}

# Text columns with values longer than this are wrapped even when not listed in wrap=.
_LONG_TEXT = 40


def _is_missing(value) -> bool:
    return value is None or (np.ndim(value) == 0 and bool(pd.isna(value)))


def _is_missing_label(value) -> bool:
    """Missing, blank, or the printed form of a missing value ("nan", "None"...)."""
    if isinstance(value, str):
        return value.strip() == "" or value.strip() in _MISSING_STRINGS
    return _is_missing(value)


def label_missing(series: pd.Series, label: str = MISSING_LABEL) -> pd.Series:
    """The values with every missing one replaced by ``label``, ready to group by.

    Missing means NaN, None, ``pd.NA``, NaT, an empty or blank string, or the
    printed form of a missing value ("nan", "NaN", "None", "<NA>", "NaT", as left
    by ``astype(str)``). Whole-number floats (a year column with gaps) become
    integers, so 2024.0 is labelled 2024. A categorical series keeps its
    categories and gains ``label``.

    Parameters
    ----------
    series : pandas.Series
        A segment column.
    label : str
        The label of missing values.

    Returns
    -------
    pandas.Series
        Same index and name; no missing value left (``groupby`` keeps the
        labelled group instead of dropping it).

    Examples
    --------
    >>> label_missing(pd.Series(["north", None, "nan", " "])).tolist()
    ['north', '(missing)', '(missing)', '(missing)']
    >>> label_missing(pd.Series([2023.0, np.nan])).tolist()
    [2023, '(missing)']
    """
    if isinstance(series.dtype, pd.CategoricalDtype):
        missing = series.isna()
        if label not in series.cat.categories:
            series = series.cat.add_categories([label])
        return series.where(~missing, label)
    values = series
    if pd.api.types.is_float_dtype(values):
        finite = values.dropna()
        if len(finite) and np.all(np.isfinite(finite)) and (finite == finite.round()).all():
            values = values.astype("Int64")
    values = values.astype(object)
    return values.where(~values.map(_is_missing_label).astype(bool), label)


def format_list(values, max_items: int = 3) -> str:
    """A list as short text: ``"12, 15, 18 … (+40 more)"``.

    Parameters
    ----------
    values : list, tuple, set or array
        The items (e.g. a ``source_rows`` cell).
    max_items : int
        Items written before the count of the others.

    Returns
    -------
    str
        The first ``max_items`` items joined by ", ", then " … (+k more)" when
        there are ``k`` others; "" for an empty list.

    Examples
    --------
    >>> format_list([12, 15, 18] + list(range(40)))
    '12, 15, 18 … (+40 more)'
    >>> format_list(("a", "b"))
    'a, b'
    """
    items = list(values)
    shown = ", ".join(MISSING_LABEL if _is_missing_label(v) else str(v) for v in items[:max_items])
    rest = len(items) - max_items
    return f"{shown} \u2026 (+{rest:,} more)" if rest > 0 else shown


#: Columns holding p-values: shown with 3 decimals, "<0.001" below that, whatever ``decimals``
#: (so are columns whose names start with ``p_val_`` or ``p_adj_``, e.g. ``p_val_vs_best``).
P_COLUMNS = frozenset({"p_val", "p_adj", "p_value"})


def _is_p_column(col) -> bool:
    """A p-value column: one of :data:`P_COLUMNS` or named like them (``p_val_vs_best``)."""
    return str(col) in P_COLUMNS or str(col).startswith(("p_val_", "p_adj_"))


def _cell_formatter(kind: str, decimals: int):
    """A formatter of one column's cells; every text it returns is HTML-escaped."""

    def number(value, spec: str, suffix: str = "") -> str:
        if _is_missing(value):
            return MISSING_NUMBER
        if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
            shown = f"{value:{spec}}{suffix}"
            # -0.04 rounds to "-0.0": a sign on zero reads as a direction the number lacks
            if shown.startswith("-") and not any(d in shown for d in "123456789"):
                shown = shown[1:]
            return shown
        return text(value)

    def text(value) -> str:
        if isinstance(value, (list, tuple, set, frozenset, np.ndarray, pd.Series)):
            return html.escape(format_list(value))
        if _is_missing_label(value):
            return MISSING_LABEL
        return html.escape(str(value))

    if kind == "percent":  # one decimal at most: "33.98%" reads as false precision
        return lambda v: number(v, f",.{min(decimals, 1)}f", "%")
    if kind == "integer":
        return lambda v: number(v, ",.0f")
    if kind == "float":
        return lambda v: number(v, f",.{decimals}f")
    if kind == "p":  # a p-value: 3 decimals, "<0.001" below (never 0.0)
        return lambda v: "&lt;0.001" if not _is_missing(v) and v < 0.001 else number(v, ".3f")
    return text


def _column_kinds(df, percent, integer) -> dict:
    kinds = {}
    for col in df.columns:
        dtype = df[col].dtype
        if col in percent:
            kinds[col] = "percent"
        elif col in integer or (pd.api.types.is_integer_dtype(dtype)):
            kinds[col] = "integer"
        elif pd.api.types.is_bool_dtype(dtype):
            kinds[col] = "text"
        elif pd.api.types.is_numeric_dtype(dtype):
            kinds[col] = "p" if _is_p_column(col) else "float"
        else:
            kinds[col] = "text"
    return kinds


def _long_text(column: pd.Series) -> bool:
    lengths = column.map(lambda v: len(v) if isinstance(v, str) else 0)
    return bool(len(lengths)) and int(lengths.max()) > _LONG_TEXT


def _check_columns(df, named: dict) -> None:
    for arg, cols in named.items():
        unknown = [c for c in cols if c not in df.columns]
        if unknown:
            raise ValueError(
                f"style_table: {arg}= names column(s) {', '.join(map(repr, unknown))} that the "
                f"table does not have (its columns: {', '.join(map(str, df.columns))}). "
                "Fix: pass names of the table's columns."
            )


def style_table(
    df: pd.DataFrame,
    *,
    percent: Iterable[str] = (),
    integer: Iterable[str] = (),
    decimals: int = 1,
    wrap: Iterable[str] = (),
    max_width: str | int | None = None,
    caption: str | None = None,
):
    """A result table formatted for a report page (pandas ``Styler``).

    Parameters
    ----------
    df : DataFrame
        The table. An unnamed index (0, 1, 2...) is not shown; a named one (a
        ``groupby`` result) becomes the first column(s).
    percent : iterable of str
        Columns holding percentages on the 0-100 scale (the kit's ``pct_*``
        columns): shown with ``decimals`` decimals, at most one, and ``%`` ("12.5%").
    integer : iterable of str
        Columns shown as whole numbers with thousands separators ("1,234");
        integer-typed columns are shown so without being listed (list counts
        that turned float because of a gap here).
    decimals : int
        Decimals of the other number columns (thousands separators too).
    wrap : iterable of str
        Text columns to wrap within ``max_width``. Text columns with values
        longer than 40 characters are wrapped without being listed.
    max_width : str or int, optional
        Width of wrapped columns: a CSS length ("30em") or a number of ``em``
        (default 30em).
    caption : str, optional
        Caption above the table (escaped).

    Returns
    -------
    pandas.io.formats.style.Styler
        ``styler.to_html()`` gives a table without index column; missing values
        read "(missing)" in text columns and "n/a" in number columns; lists
        (e.g. ``source_rows``) read "12, 15, 18 … (+40 more)"; every text,
        column name and the caption is HTML-escaped (``<script>`` is shown,
        never run); number columns (and their headers) are right-aligned and
        never wrapped, text columns left-aligned; a header may wrap after an
        underscore (a zero-width space follows each ``_``).

    Examples
    --------
    >>> t = pd.DataFrame({"theme": ["price", None], "n": [1200, 3], "pct": [12.5, np.nan]})
    >>> html = style_table(t, percent=["pct"]).to_html()
    >>> "12.5%" in html and "1,200" in html and "(missing)" in html and "n/a" in html
    True
    """
    if any(name is not None for name in df.index.names):
        df = df.reset_index()  # a named index holds labels (e.g. a groupby result): keep them
    percent, integer, wrap = list(percent), list(integer), list(wrap)
    _check_columns(df, {"percent": percent, "integer": integer, "wrap": wrap})
    if df.columns.duplicated().any():
        dup = sorted({str(c) for c in df.columns[df.columns.duplicated()]})
        raise ValueError(
            f"style_table: column name(s) {', '.join(dup)} appear more than once. "
            "Fix: rename them so each column has one name."
        )
    kinds = _column_kinds(df, set(percent), set(integer))
    wrapped = [c for c in df.columns if c in wrap or (kinds[c] == "text" and _long_text(df[c]))]
    width = f"{max_width}em" if isinstance(max_width, (int, float)) else max_width or "30em"
    styler = df.style.hide(axis="index")
    styler = styler.format({c: _cell_formatter(kinds[c], decimals) for c in df.columns})
    # Headers may break after "_" (a zero-width space), so long names never widen the page.
    styler = styler.format_index(lambda c: html.escape(str(c)).replace("_", "_\u200b"), axis=1)
    numbers = [c for c in df.columns if kinds[c] != "text"]
    texts = [c for c in df.columns if kinds[c] == "text"]
    if numbers:
        styler = styler.set_properties(
            subset=numbers, **{"text-align": "right", "white-space": "nowrap"}
        )
    if texts:  # JupyterLab's page style right-aligns every cell
        styler = styler.set_properties(subset=texts, **{"text-align": "left"})
    number_heads = [
        {"selector": f"th.col_heading.col{i}", "props": "text-align: right;"}
        for i, c in enumerate(df.columns)
        if kinds[c] != "text"
    ]
    if wrapped:
        styler = styler.set_properties(
            subset=wrapped,
            **{"white-space": "normal", "max-width": width, "min-width": "12em",
               "overflow-wrap": "anywhere"},
        )  # fmt: skip
    styler = styler.set_table_styles(
        [
            {"selector": "", "props": "border-collapse: collapse; max-width: 100%;"},
            {
                "selector": "th",
                "props": "text-align: left; vertical-align: bottom; white-space: normal; overflow-wrap: break-word;",
            },
            {"selector": "td", "props": "vertical-align: top; padding: 2px 8px;"},
            *number_heads,
        ]
    )
    if caption is not None:
        styler = styler.set_caption(html.escape(str(caption)))
    return styler


def cell_widths(
    df: pd.DataFrame,
    *,
    percent: Iterable[str] = (),
    integer: Iterable[str] = (),
    decimals: int = 1,
) -> dict:
    """Characters each column takes as :func:`style_table` shows it (an estimate of its width).

    A column is as wide as its longest shown value or the longest piece of its
    header (headers break after ``_``); long text wraps at about 48 characters
    (the 30em of :func:`style_table` at the report's table font).

    Parameters
    ----------
    df : DataFrame
        The table (unnamed index: not shown).
    percent, integer, decimals
        As for :func:`style_table`.

    Returns
    -------
    dict
        Column name to a number of characters.

    Examples
    --------
    >>> cell_widths(pd.DataFrame({"nps_category": ["promoter"], "n": [1618], "rate": [0.61]}),
    ...             decimals=3)
    {'nps_category': 8, 'n': 5, 'rate': 5}
    """
    kinds = _column_kinds(df, set(percent), set(integer))
    widths = {}
    for col in df.columns:
        show = _cell_formatter(kinds[col], decimals)
        cells = [len(html.unescape(show(v))) for v in df[col].tolist()]
        head = max(len(part) for part in (str(col).split("_") or [""]))
        widths[col] = min(max([head, *cells]), 48)
    return widths
