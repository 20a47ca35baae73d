"""Showing a result table in a report notebook: no index column, never wider than the page.

:func:`show_table` is the one display call of notebooks 02 and 03 for tables:
it takes a DataFrame, a Series or a named result (its main table), keeps a
named index as label columns, splits a table with too many columns into parts
(:func:`nps_toolkit.report.tables.fit_columns`) and formats each part as every
report page does (:func:`nps_toolkit.report.page.page_table`: empty notes
dropped, dates without a time, then :func:`~nps_toolkit.report.tables.style_table`).
"""

from __future__ import annotations

import pandas as pd

from nps_toolkit._results import main_table
from nps_toolkit.report.page import page_table
from nps_toolkit.report.tables import fit_columns

__all__ = ["show_table", "table_parts"]


def table_parts(table, *, max_columns: int = 8, **style) -> list:
    """The ``Styler`` parts :func:`show_table` displays (one unless the table is too wide).

    Parameters
    ----------
    table : DataFrame, Series or named result
        A named index (a ``groupby`` result) becomes label columns.
    max_columns : int, default 8
        Most columns in one part; the label columns repeat in every part.
    **style
        Passed to :func:`nps_toolkit.report.page.page_table` (``percent=``...).

    Examples
    --------
    >>> wide = pd.DataFrame({"theme": ["a", "b"], **{f"x{i}": [i, -i] for i in range(10)}})
    >>> parts = table_parts(wide, max_columns=6)
    >>> len(parts), "<th" in parts[0].to_html().split("<tbody>")[1]
    (2, False)
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
    parts = fit_columns(table, max_columns=max_columns) if len(table.columns) else [table]
    return [page_table(part, **_for_part(style, part)) for part in parts]


def _for_part(style: dict, part: pd.DataFrame) -> dict:
    """The style options, column lists (``percent``, ``integer``, ``wrap``) cut to ``part``."""
    lists = ("percent", "integer", "wrap")
    return {k: ([c for c in v if c in part.columns] if k in lists else v) for k, v in style.items()}


def show_table(table, *, max_columns: int = 8, **style) -> None:
    """Display a table in a report notebook: no index, formatted, split when too wide."""
    from IPython.display import display

    for part in table_parts(table, max_columns=max_columns, **style):
        display(part)
