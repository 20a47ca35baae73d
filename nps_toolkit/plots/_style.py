"""The one style shared by every plot: palette, safe text, axes, and the result-or-data rule.

Every plot helper takes the result table of its computing function as its first
positional argument (``result=``), or ``data=`` plus column names (keywords) to
compute that table first, in the manner of scikit-learn's
``RocCurveDisplay.from_predictions``. Text that comes from the data (segment
values, terms, theme names, column names) passes through :func:`safe_text`
before it reaches matplotlib, so a ``$`` is drawn literally and never parsed as
mathtext.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable

import numpy as np
import pandas as pd

__all__ = ["ACCENT", "NEUTRAL", "PALETTE", "SERIES", "THEME_SERIES", "safe_text"]

#: Category colours of every plot (Okabe & Ito 2008, colour-blind safe):
#: detractor vermillion, passive grey, promoter blue.
PALETTE = {"detractor": "#d55e00", "passive": "#999999", "promoter": "#0072b2"}

#: Colour of a single series that is not a category (points, a model's curve).
ACCENT = "#000000"

#: Colour of reference lines and interval segments.
NEUTRAL = "#555555"

#: Distinct colours for several lines (one per group), Okabe-Ito order.
SERIES = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000")

#: Ten distinct line colours (one per theme): the Okabe-Ito series, then Paul
#: Tol's wine and olive, so up to ten themes never share a colour.
THEME_SERIES = (*SERIES, "#882255", "#999933")


def safe_text(value) -> str:
    """Text drawn literally: ``$`` escaped so matplotlib never reads it as mathtext.

    Parameters
    ----------
    value : object
        Any value from the data (a segment value, a term, a column name).

    Returns
    -------
    str
        ``str(value)`` with every ``$`` escaped.

    Examples
    --------
    >>> safe_text("$5 plan")
    '\\\\$5 plan'
    >>> safe_text("a_b^c")
    'a_b^c'
    """
    return str(value).replace("$", r"\$")


def new_axes(ax, figsize=(7, 4)):
    """``ax`` itself, or the Axes of a new figure of ``figsize``."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    return plt.subplots(figsize=figsize)[1]


def gap_points(ax, diff, y, significant, *, above: str, below: str) -> None:
    """Gap points as every gap chart draws them: filled when significant, hollow when not.

    A significant gap is coloured by its side (promoter blue above 0, detractor
    vermillion below), with one legend entry per side drawn (``"significant, "``
    plus ``above`` or ``below``); a gap that is not significant is a hollow
    black circle, whatever its sign, so colour never suggests a finding the test
    does not support.
    """
    diff, y = np.asarray(diff, dtype=float), np.asarray(y, dtype=float)
    sig = np.asarray(significant, dtype=bool)
    for side, colour, word in ((diff >= 0, "promoter", above), (diff < 0, "detractor", below)):
        if (sig & side).any():
            ax.scatter(diff[sig & side], y[sig & side], color=PALETTE[colour], zorder=3,
                       label=f"significant, {word}")  # fmt: skip
    if (~sig).any():
        ax.scatter(diff[~sig], y[~sig], facecolors="white", edgecolors=ACCENT, zorder=3,
                   label="not significant")  # fmt: skip


def pick_table(
    result,
    data,
    *,
    plot: str,
    compute: str,
    result_columns: Iterable[str],
    compute_args: dict,
    required: Iterable[str],
    make: Callable[[pd.DataFrame], pd.DataFrame],
) -> tuple[pd.DataFrame, bool]:
    """Apply the result-or-data rule; return the table to draw and whether it was computed.

    ``result`` is drawn as is when it holds ``result_columns``. ``data=`` (or, for
    the older call form, a raw frame passed positionally with the column
    arguments, which emits a FutureWarning) is handed to ``make`` after checking
    that the ``required`` column arguments are given.
    """
    result_columns = list(result_columns)
    given = {k: v for k, v in compute_args.items() if v is not None}
    if result is not None and data is not None:
        raise ValueError(
            f"{plot}: pass either a {compute}() result as the first argument or data= with "
            f"column names, not both."
        )
    if result is not None:
        if not isinstance(result, pd.DataFrame):
            raise ValueError(
                f"{plot}: the first argument must be a {compute}() result (a DataFrame), got "
                f"{type(result).__name__}."
            )
        is_result = set(result_columns) <= set(result.columns)
        if is_result and not given:
            return result, False
        if is_result:
            raise ValueError(
                f"{plot}: the first argument is already a {compute}() result (it has columns "
                f"{', '.join(result_columns)}), so {', '.join(f'{k}=' for k in given)} cannot "
                f"be used with it. To compute from raw data, pass it as data=."
            )
        if not given:
            missing = [c for c in result_columns if c not in result.columns]
            raise ValueError(
                f"{plot}: the first argument is not a {compute}() result (missing column(s) "
                f"{', '.join(missing)} among its {len(result.columns)} columns). Pass a "
                f"{compute}() result, or the raw survey as data= with "
                f"{', '.join(f'{k}=' for k in required)}."
            )
        warnings.warn(
            f"{plot}: passing raw data as the first argument is deprecated; pass it as data= "
            f"(the first argument is for a {compute}() result).",
            FutureWarning,
            stacklevel=3,
        )
        data = result
    if data is None:
        raise ValueError(
            f"{plot}: pass a {compute}() result as the first argument, or the raw survey as "
            f"data= with {', '.join(f'{k}=' for k in required)}."
        )
    missing = [k for k in required if compute_args.get(k) is None]
    if missing:
        raise ValueError(
            f"{plot}: to compute {compute}() from data= pass {', '.join(f'{k}=' for k in missing)}"
            f" (the column name{'s' if len(missing) > 1 else ''})."
        )
    return make(data), True


def comment_keyword(func, comment: str) -> dict:
    """``{"comment": comment}`` or ``{"text": comment}``, whichever ``func`` takes."""
    import inspect

    params = inspect.signature(func).parameters
    return {"comment": comment} if "comment" in params else {"text": comment}


def renamed(old_name: str, old, new_name: str, new, plot: str):
    """The value of a renamed argument; the old name works with a FutureWarning."""
    if old is None:
        return new
    if new is not None:
        raise ValueError(f"{plot}: pass {new_name}= only ({old_name}= is its old name).")
    warnings.warn(
        f"{plot}: {old_name}= is renamed {new_name}=; {old_name}= will be removed.",
        FutureWarning,
        stacklevel=3,
    )
    return old


def key_columns(table: pd.DataFrame, before: str) -> list[str]:
    """The group key columns of a kit table: those before the column ``before``."""
    cols = list(table.columns)
    return cols[: cols.index(before)] if before in cols else []


def group_labels(table: pd.DataFrame, keys: list[str]) -> list[str]:
    """One label per row: the ``keys`` values joined by " / ", missing ones as "(missing)"."""
    if not keys or table.empty:
        return ["all"] * len(table)
    parts = table[keys].astype(object).where(table[keys].notna(), "(missing)").astype(str)
    return parts.agg(" / ".join, axis=1).tolist()


def as_dates(period: pd.Series) -> np.ndarray:
    """Periods, timestamps or date strings as ``datetime64[ns]`` values for a date axis."""
    if isinstance(period.dtype, pd.PeriodDtype):
        period = period.dt.to_timestamp()
    return pd.to_datetime(period).to_numpy(dtype="datetime64[ns]")


def date_axis(ax) -> None:
    """A real date x axis: automatic ticks, concise labels (no overprinted full dates).

    At most about 1.5 ticks per inch of axis width, so narrow charts thin their ticks.
    """
    import matplotlib.dates as mdates

    width = ax.get_position().width * ax.figure.get_figwidth()
    most = max(3, min(9, int(1.5 * width)))
    locator = mdates.AutoDateLocator(minticks=min(3, most - 1), maxticks=most)
    # Yearly steps of months too: a two-year range on a narrow axis otherwise finds
    # no month step and matplotlib warns.
    locator.intervald[mdates.MONTHLY] = [1, 2, 3, 4, 6, 12]
    axis = ax.xaxis
    axis.set_major_locator(locator)
    axis.set_major_formatter(mdates.ConciseDateFormatter(locator))
