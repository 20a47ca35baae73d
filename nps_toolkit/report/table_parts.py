"""Tables too wide for the page: split into parts that keep their label columns, or made long.

:func:`fit_columns` is how the report shows a theme-by-segment table with more
columns than a page holds (``nps_toolkit.report.show`` decides the number).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

__all__ = ["fit_columns", "label_columns"]


def label_columns(df: pd.DataFrame) -> list:
    """The leading text columns of a table (those before its first number column): the
    labels a part of a split table repeats.

    Examples
    --------
    >>> label_columns(pd.DataFrame({"segment": ["a"], "theme": ["b"], "n": [1], "x": ["c"]}))
    ['segment', 'theme']
    """
    labels = []
    for col in df.columns:
        if pd.api.types.is_numeric_dtype(df[col].dtype):
            break
        labels.append(col)
    return labels


def fit_columns(
    df: pd.DataFrame,
    max_columns: int = 8,
    *,
    keep: Iterable[str] | None = None,
    how: str = "split",
) -> list[pd.DataFrame]:
    """Tables no wider than ``max_columns``: split into several, or turned long.

    Parameters
    ----------
    df : DataFrame
        A table (e.g. a theme table with one column per theme).
    max_columns : int
        Most columns a page shows.
    keep : iterable of str, optional
        Label columns repeated in every part (default: the leading text
        columns, those before the first number column).
    how : {"split", "long"}
        ``"split"``: consecutive parts, each ``keep`` plus at most
        ``max_columns - len(keep)`` other columns. ``"long"``: one table with
        ``keep``, ``column`` (the other columns' names) and ``value``.

    Returns
    -------
    list of DataFrame
        ``[df]`` when it already fits; otherwise the parts (every value of
        ``df`` appears in exactly one part, in the same row order).

    Examples
    --------
    >>> wide = pd.DataFrame({"segment": ["a", "b"], **{f"t{i}": [i, -i] for i in range(10)}})
    >>> [p.shape for p in fit_columns(wide, max_columns=6)]
    [(2, 6), (2, 6)]
    >>> fit_columns(wide, max_columns=6, how="long")[0].shape
    (20, 3)
    """
    if how not in ("split", "long"):
        raise ValueError(f'fit_columns: how={how!r}; use "split" or "long".')
    keep = label_columns(df) if keep is None else list(keep)
    unknown = [c for c in keep if c not in df.columns]
    if unknown:
        raise ValueError(
            f"fit_columns: keep= names column(s) {', '.join(map(repr, unknown))} that the table "
            "does not have. Fix: pass names of the table's columns."
        )
    if df.shape[1] <= max_columns:
        return [df]
    others = [c for c in df.columns if c not in keep]
    if how == "long":
        return [df.melt(id_vars=keep, value_vars=others, var_name="column", value_name="value")]
    room = max_columns - len(keep)
    if room < 1:
        raise ValueError(
            f"fit_columns: the {len(keep)} kept column(s) {', '.join(map(str, keep))} already "
            f"fill max_columns={max_columns}. Fix: keep fewer columns, raise max_columns, or "
            'use how="long".'
        )
    n_parts = -(-len(others) // room)
    # Balanced parts: 22 columns with room for 7 -> 6 + 6 + 5 + 5, not 7 + 7 + 7 + 1.
    bounds = np.linspace(0, len(others), n_parts + 1).round().astype(int)
    return [df[keep + others[a:b]] for a, b in zip(bounds[:-1], bounds[1:], strict=True)]
