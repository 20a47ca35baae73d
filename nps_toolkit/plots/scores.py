"""Plots of scores and NPS: the numbers come from the stats functions, drawing only here.

Each helper draws the table of its computing function (first argument), or
computes it from ``data=`` plus column names: ``plot_nps_by(nps_by(...))`` and
``plot_nps_by(data=survey, score="score", by="region")`` draw the same chart.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from nps_toolkit._validation import as_list
from nps_toolkit.plots._style import (
    ACCENT,
    NEUTRAL,
    PALETTE,
    SERIES,
    as_dates,
    date_axis,
    group_labels,
    key_columns,
    new_axes,
    pick_table,
    safe_text,
)
from nps_toolkit.score.estimate import nps_by, nps_trend
from nps_toolkit.score.scales import CATEGORIES, classify, resolve_thresholds

__all__ = [
    "PALETTE",
    "plot_nps_by",
    "plot_nps_trend",
    "plot_score_distribution",
    "score_distribution",
]

_NPS_COLUMNS = ["n", "nps", "ci_low", "ci_high"]


def score_distribution(data, *, score: str, scale=None, thresholds=None) -> pd.DataFrame:
    """Respondents per score value with their category (the table behind the plot).

    Returns
    -------
    pandas.DataFrame
        ``score``, ``category``, ``n``, ``pct`` (share of valid scores, percent),
        one row per possible score on the declared scale (zeros included).

    Examples
    --------
    >>> score_distribution(pd.DataFrame({"s": [10, 10, 3]}), score="s").tail(2)
        score  category  n        pct
    9       9  promoter  0   0.000000
    10     10  promoter  2  66.666667
    """
    lo, hi, _, _ = resolve_thresholds(scale, thresholds)
    cats = classify(data[score], scale=scale, thresholds=thresholds)
    values = pd.Series(range(lo, hi + 1), name="score")
    counts = data[score][cats.notna()].astype("int64").value_counts()
    out = pd.DataFrame({"score": values})
    out["category"] = classify(values, scale=(lo, hi), thresholds=thresholds).astype(str)
    out["n"] = out["score"].map(counts).fillna(0).astype("int64")
    total = out["n"].sum()
    out["pct"] = 100 * out["n"] / total if total else 0.0
    return out


def plot_score_distribution(
    result: pd.DataFrame | None = None,
    *,
    data: pd.DataFrame | None = None,
    score: str | None = None,
    scale=None,
    thresholds=None,
    ax=None,
) -> plt.Axes:
    """Bar chart of respondents per score, coloured by category.

    Parameters
    ----------
    result : DataFrame, optional
        A :func:`score_distribution` table (columns ``score, category, pct``), drawn as is.
    data : DataFrame, optional
        The survey, to compute that table with ``score=`` (and ``scale``, ``thresholds``).
        Passing the survey as the first argument still works with a FutureWarning.
    score : str, optional
        Score column of ``data``.
    scale, thresholds
        Declared scale, see :func:`nps_toolkit.score.scales.classify`.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        One bar per score, its height the ``pct`` of the table.

    Examples
    --------
    >>> df = pd.DataFrame({"s": [10, 9, 7, 3]})
    >>> ax = plot_score_distribution(data=df, score="s")
    >>> ax.get_ylabel()
    '% of respondents'
    >>> ax = plot_score_distribution(score_distribution(df, score="s"))
    """
    table, _ = pick_table(
        result, data, plot="plot_score_distribution", compute="score_distribution",
        result_columns=["score", "category", "pct"], compute_args={"score": score},
        required=["score"],
        make=lambda d: score_distribution(d, score=score, scale=scale, thresholds=thresholds),
    )  # fmt: skip
    import seaborn as sns  # here, not at import: it costs ~0.9 s and only this plot uses it

    ax = new_axes(ax)
    table = table.assign(category=table["category"].astype(str))
    sns.barplot(
        data=table, x="score", y="pct", hue="category", hue_order=list(CATEGORIES),
        palette=PALETTE, dodge=False, saturation=1, ax=ax,
    )  # fmt: skip
    ax.set(xlabel="Score", ylabel="% of respondents", title="Score distribution")
    return ax


def plot_nps_by(
    result: pd.DataFrame | None = None,
    *,
    data: pd.DataFrame | None = None,
    score: str | None = None,
    by=None,
    min_n: int = 30,
    sort: bool = True,
    ax=None,
    **kwargs,
) -> plt.Axes:
    """NPS per segment with interval bars; groups under ``min_n`` drawn hollow.

    Parameters
    ----------
    result : DataFrame, optional
        An :func:`nps_toolkit.score.estimate.nps_by` table (its key columns, then ``n,
        nps, ci_low, ci_high`` and ``low_n``), drawn as is.
    data : DataFrame, optional
        The survey, to compute that table with ``score=``, ``by=`` and ``**kwargs``.
        Passing the survey as the first argument still works with a FutureWarning.
    score : str, optional
        Score column of ``data``.
    by : str or list of str, optional
        Segment column(s). With ``result`` it defaults to the table's key columns
        (those before ``n``).
    min_n : int
        Groups with fewer respondents are marked (hollow marker, "small" in the label);
        a table's own ``low_n`` column is used when it has one.
    sort : bool
        Sort segments by NPS.
    ax : matplotlib Axes, optional
    **kwargs
        Passed to :func:`nps_toolkit.score.estimate.nps_by` (scale, method, confidence...).

    Returns
    -------
    matplotlib.axes.Axes
        One point per group at its ``nps`` (y = 0, 1, ... in drawing order), its
        interval as a segment from ``ci_low`` to ``ci_high``.

    Examples
    --------
    >>> df = pd.DataFrame({"s": [10, 9, 3, 8, 10, 2], "g": list("aabbbb")})
    >>> ax = plot_nps_by(data=df, score="s", by="g", min_n=3)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['b (n=4)', 'a (n=2, small)']
    >>> ax = plot_nps_by(nps_by(df, score="s", by="g", min_n=3))
    """
    table, computed = pick_table(
        result, data, plot="plot_nps_by", compute="nps_by", result_columns=_NPS_COLUMNS,
        compute_args={"score": score, **({"by": by} if result is None or score else {})},
        required=["score", "by"],
        make=lambda d: nps_by(d, score=score, by=by, min_n=min_n, **kwargs),
    )  # fmt: skip
    if not computed and kwargs:
        raise ValueError(
            f"plot_nps_by: {', '.join(kwargs)} are nps_by() options; they cannot change a "
            "ready table. Pass the survey as data= to compute with them."
        )
    keys = as_list(by)
    keys = keys or key_columns(table, "n")
    table = table[table["n"] > 0]
    if sort:
        table = table.sort_values("nps", kind="stable")
    low = (
        table["low_n"].to_numpy(bool)
        if "low_n" in table.columns
        else (table["n"] < min_n).to_numpy()
    )
    ax = new_axes(ax)
    labels = [
        safe_text(f"{v} (n={int(n):,}, small)" if s else f"{v} (n={int(n):,})")
        for v, n, s in zip(group_labels(table, keys), table["n"], low, strict=True)
    ]
    y = np.arange(len(table))
    nps = table["nps"].to_numpy(float)
    # Segments, not error bars: an adjusted interval need not contain the raw NPS
    # (one respondent at 100 has an interval below 100), and error bars refuse that.
    ax.hlines(y, table["ci_low"], table["ci_high"], color=NEUTRAL, lw=1.5)
    ax.scatter(nps[~low], y[~low], color=ACCENT, zorder=3)
    if low.any():
        ax.scatter(
            nps[low], y[low], facecolors="white", edgecolors=ACCENT, zorder=3,
            label=f"n < {min_n}" if computed or "low_n" not in table.columns else "small group",
        )  # fmt: skip
    ax.set_yticks(y, labels)
    ax.axvline(0, color="#cccccc", lw=1)
    name = safe_text(" / ".join(map(str, keys))) if keys else ""
    ax.set(xlabel="NPS (with interval)", ylabel=name, title=f"NPS by {name}" if name else "NPS")
    if low.any():
        ax.legend(loc="best")
    return ax


def plot_nps_trend(
    result: pd.DataFrame | None = None,
    *,
    data: pd.DataFrame | None = None,
    score: str | None = None,
    date: str | None = None,
    freq: str = "MS",
    hue: str | None = None,
    ax=None,
    **kwargs,
) -> plt.Axes:
    """NPS over time with its interval as a band (one line per ``hue`` group), on a date axis.

    Parameters
    ----------
    result : DataFrame, optional
        An :func:`nps_toolkit.score.estimate.nps_trend` table (``period, nps, ci_low,
        ci_high``; with ``by=`` its group column first), drawn as is.
    data : DataFrame, optional
        The survey, to compute that table with ``score=``, ``date=``, ``freq``,
        ``hue`` (passed as ``by``) and ``**kwargs``. Passing the survey as the first
        argument still works with a FutureWarning.
    score, date : str, optional
        Score and date columns of ``data``.
    freq : str
        Period, as in :func:`nps_toolkit.score.estimate.nps_trend`.
    hue : str, optional
        Group column: one line and band per group. With ``result`` it defaults to
        the table's key columns (those before ``period``).
    ax : matplotlib Axes, optional
    **kwargs
        Passed to :func:`nps_toolkit.score.estimate.nps_trend` (rolling, min_n, scale...).

    Returns
    -------
    matplotlib.axes.Axes
        One line per group through (``period``, ``nps``) with a band from
        ``ci_low`` to ``ci_high``; the x axis holds dates, labelled by
        :class:`matplotlib.dates.ConciseDateFormatter`.

    Examples
    --------
    >>> df = pd.DataFrame({"s": [10, 3, 9], "d": pd.to_datetime(["2024-01-02", "2024-02-03", "2024-03-04"])})
    >>> ax = plot_nps_trend(data=df, score="s", date="d", min_n=1)
    >>> len(ax.get_lines()[0].get_xdata())
    3
    """
    table, computed = pick_table(
        result, data, plot="plot_nps_trend", compute="nps_trend",
        result_columns=["period", "nps", "ci_low", "ci_high"],
        compute_args={"score": score, "date": date}, required=["score", "date"],
        make=lambda d: nps_trend(d, score=score, date=date, freq=freq, by=hue, **kwargs),
    )  # fmt: skip
    if not computed and kwargs:
        raise ValueError(
            f"plot_nps_trend: {', '.join(kwargs)} are nps_trend() options; they cannot change "
            "a ready table. Pass the survey as data= to compute with them."
        )
    keys = as_list(hue)
    keys = keys or key_columns(table, "period")
    ax = new_axes(ax)
    if keys:
        names = pd.Series(group_labels(table, keys), index=table.index)
        groups = list(table.groupby(names, sort=True))
    else:
        groups = [(None, table)]
    for i, (name, part) in enumerate(groups):
        part = part.sort_values("period")
        x = as_dates(part["period"])
        colour = SERIES[i % len(SERIES)]
        label = None if name is None else safe_text(name)
        ax.plot(x, part["nps"].to_numpy(float), marker="o", ms=3, color=colour, label=label)
        ax.fill_between(
            x, part["ci_low"].to_numpy(float), part["ci_high"].to_numpy(float),
            color=colour, alpha=0.2, lw=0,
        )  # fmt: skip
    date_axis(ax)
    ax.axhline(0, color="#cccccc", lw=1)
    ax.set(xlabel="", ylabel="NPS", title="NPS over time (band: interval)")
    if keys:
        ax.legend(
            title=safe_text(" / ".join(map(str, keys))), loc="upper left",
            bbox_to_anchor=(1.01, 1), borderaxespad=0, frameon=False,
        )  # fmt: skip
    return ax
