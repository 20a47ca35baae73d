"""Showing a result table in a report notebook: no index column, never wider than the page.

:func:`show_table` is the one display call of notebooks 02 and 03 for tables:
it takes a DataFrame, a Series or a named result (its main table), keeps a
named index as label columns, splits a table too wide for the page into parts
(by the width of its shown values, :func:`nps_toolkit.report.tables.cell_widths`,
or by a number of columns, :func:`nps_toolkit.report.table_parts.fit_columns`) and
formats each part as every report page does
(:func:`nps_toolkit.report.page.page_table`: empty notes dropped, dates without
a time, then :func:`~nps_toolkit.report.tables.style_table`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from nps_toolkit._results import main_table
from nps_toolkit.report.page import page_table
from nps_toolkit.report.table_parts import fit_columns, label_columns
from nps_toolkit.report.tables import cell_widths

__all__ = ["PAGE_CHARACTERS", "show_table", "table_parts", "width_parts"]

#: Characters of table text that fit the report's main column (1,100 px at the
#: 12 px table font, about 8 px a character), with some room to spare.
PAGE_CHARACTERS = 130

# Padding of a cell (2px 8px), in characters.
_PADDING = 2


def table_parts(table, *, max_columns: int | None = None, **style) -> list:
    """The ``Styler`` parts :func:`show_table` displays (one unless the table is too wide).

    Parameters
    ----------
    table : DataFrame, Series or named result
        A named index (a ``groupby`` result) becomes label columns.
    max_columns : int, optional
        Most columns in one part (the label columns repeat in every part).
        Default: as many as fit the page (:func:`width_parts`).
    **style
        Passed to :func:`nps_toolkit.report.page.page_table` (``percent=``...).

    Examples
    --------
    >>> wide = pd.DataFrame({"theme": ["a", "b"], **{f"x{i}": [i, -i] for i in range(10)}})
    >>> parts = table_parts(wide, max_columns=6)
    >>> len(parts), "<th" in parts[0].to_html().split("<tbody>")[1]
    (2, False)
    >>> len(table_parts(wide))  # 11 narrow columns fit the page
    1
    >>> len(table_parts(pd.Series([1, 2], name="n").rename_axis("score")))
    1
    """
    table = main_table(table)
    if isinstance(table, pd.Series):
        table = table.to_frame()
    if any(name is not None for name in table.index.names):
        table = table.reset_index()
    else:
        table = table.reset_index(drop=True)
    table.columns = [str(c) for c in table.columns]
    if not len(table.columns):
        parts = [table]
    elif max_columns is None:
        parts = width_parts(table, **{k: v for k, v in style.items() if k in _WIDTH_OPTIONS})
    else:
        parts = fit_columns(table, max_columns=max_columns)
    return [page_table(part, **_for_part(style, part)) for part in parts]


_WIDTH_OPTIONS = ("percent", "integer", "decimals")


def width_parts(table: pd.DataFrame, *, max_chars: int = PAGE_CHARACTERS, **options) -> list:
    """The table cut into parts that each fit ``max_chars`` characters of the page.

    The leading text columns (the labels) repeat in every part; the other
    columns follow in their order, in as few parts as fit, of balanced widths.

    Parameters
    ----------
    table : DataFrame
        The table, label columns first.
    max_chars : int, default :data:`PAGE_CHARACTERS`
        Characters of a line of the page, cell padding included.
    **options
        ``percent=``, ``integer=``, ``decimals=`` as the table will be shown
        (:func:`nps_toolkit.report.tables.cell_widths`).

    Returns
    -------
    list of DataFrame
        ``[table]`` when it fits; otherwise the parts (every value in one part).
    """
    options = {
        k: [c for c in v if c in table] if k != "decimals" else v for k, v in options.items()
    }
    widths = {c: w + _PADDING for c, w in cell_widths(table, **options).items()}
    keep = label_columns(table)
    if len(keep) == len(table.columns):  # all text: nothing to repeat
        keep = []
    others = [c for c in table.columns if c not in keep]
    room = max(max_chars - sum(widths[c] for c in keep), 1)
    groups, line = [[]], 0  # greedy: how many parts are needed
    for col in others:
        if groups[-1] and line + widths[col] > room:
            groups.append([])
            line = 0
        groups[-1].append(col)
        line += widths[col]
    if len(groups) == 1:
        return [table]
    # the same number of parts with more even widths, when every part still fits
    bounds = np.linspace(0, len(others), len(groups) + 1).round().astype(int)
    balanced = [others[a:b] for a, b in zip(bounds[:-1], bounds[1:], strict=True)]
    if all(sum(widths[c] for c in chunk) <= room for chunk in balanced):
        groups = balanced
    return [table[keep + group] for group in groups]


def _for_part(style: dict, part: pd.DataFrame) -> dict:
    """The style options, column lists (``percent``, ``integer``, ``wrap``) cut to ``part``."""
    lists = ("percent", "integer", "wrap")
    return {k: ([c for c in v if c in part.columns] if k in lists else v) for k, v in style.items()}


def show_table(table, *, max_columns: int | None = None, **style) -> None:
    """Display a table in a report notebook: no index, formatted, split when too wide."""
    from IPython.display import display

    for part in table_parts(table, max_columns=max_columns, **style):
        display(part)
