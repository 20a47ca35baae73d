"""Plots of scores and NPS: the numbers come from the stats functions, drawing only here."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from nps_toolkit.scores import CATEGORIES, classify, resolve_thresholds
from nps_toolkit.segments import nps_by, nps_trend

#: Category colours used across the kit's plots (colour-blind safe).
PALETTE = {"detractor": "#d55e00", "passive": "#999999", "promoter": "#0072b2"}


def _axes(ax):
    return ax if ax is not None else plt.subplots(figsize=(7, 4))[1]


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
    data=None, *, score: str, scale=None, thresholds=None, ax=None
) -> plt.Axes:
    """Bar chart of respondents per score, coloured by category.

    Parameters
    ----------
    data : DataFrame
    score : str
        Score column.
    scale, thresholds
        Declared scale, see :func:`nps_toolkit.scores.classify`.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> ax = plot_score_distribution(pd.DataFrame({"s": [10, 9, 7, 3]}), score="s")
    >>> ax.get_ylabel()
    '% of respondents'
    """
    table = score_distribution(data, score=score, scale=scale, thresholds=thresholds)
    ax = _axes(ax)
    sns.barplot(
        data=table, x="score", y="pct", hue="category", hue_order=list(CATEGORIES),
        palette=PALETTE, dodge=False, ax=ax,
    )  # fmt: skip
    ax.set(xlabel="Score", ylabel="% of respondents", title="Score distribution")
    return ax


def plot_nps_by(
    data=None, *, score: str, by: str, min_n: int = 30, sort: bool = True, ax=None, **kwargs
) -> plt.Axes:
    """NPS per segment with interval bars; groups under ``min_n`` drawn hollow.

    Parameters
    ----------
    data : DataFrame
    score, by : str
        Score and segment columns.
    min_n : int
        Groups with fewer respondents are marked (hollow marker, "(n<min_n)" label).
    sort : bool
        Sort segments by NPS.
    ax : matplotlib Axes, optional
    **kwargs
        Passed to :func:`nps_toolkit.segments.nps_by` (scale, method, confidence...).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> df = pd.DataFrame({"s": [10, 9, 3, 8, 10, 2], "g": list("aabbbb")})
    >>> ax = plot_nps_by(df, score="s", by="g", min_n=3)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['b (n=4)', 'a (n=2, small)']
    """
    table = nps_by(data, score=score, by=by, min_n=min_n, **kwargs)
    table = table[table["n"] > 0]
    if sort:
        table = table.sort_values("nps")
    ax = _axes(ax)
    labels = [
        f"{v} (n={n}, small)" if low else f"{v} (n={n})"
        for v, n, low in zip(table[by], table["n"], table["low_n"], strict=True)
    ]
    y = range(len(table))
    ax.errorbar(
        table["nps"], y,
        xerr=[table["nps"] - table["ci_low"], table["ci_high"] - table["nps"]],
        fmt="none", ecolor="#555555", capsize=3,
    )  # fmt: skip
    big, small = ~table["low_n"].to_numpy(), table["low_n"].to_numpy()
    ax.scatter(
        table["nps"][big],
        [i for i, b in zip(y, big, strict=True) if b],
        color=PALETTE["promoter"],
        zorder=3,
    )
    ax.scatter(
        table["nps"][small], [i for i, s in zip(y, small, strict=True) if s],
        facecolors="white", edgecolors=PALETTE["detractor"], zorder=3, label=f"n < {min_n}",
    )  # fmt: skip
    ax.set_yticks(list(y), labels)
    ax.axvline(0, color="#cccccc", lw=1)
    ax.set(xlabel="NPS (with interval)", ylabel=by, title=f"NPS by {by}")
    if small.any():
        ax.legend(loc="best")
    return ax


def plot_nps_trend(
    data=None, *, score: str, date: str, freq: str = "MS", hue: str | None = None, ax=None, **kwargs
) -> plt.Axes:
    """NPS over time with its interval as a band (one line per ``hue`` group).

    Parameters
    ----------
    data : DataFrame
    score, date : str
        Score and date columns.
    freq : str
        Period, as in :func:`nps_toolkit.segments.nps_trend`.
    hue : str, optional
        Group column: one line and band per group.
    ax : matplotlib Axes, optional
    **kwargs
        Passed to :func:`nps_toolkit.segments.nps_trend` (rolling, min_n, scale...).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> df = pd.DataFrame({"s": [10, 3, 9], "d": pd.to_datetime(["2024-01-02", "2024-02-03", "2024-03-04"])})
    >>> ax = plot_nps_trend(df, score="s", date="d", min_n=1)
    >>> len(ax.get_lines()[0].get_xdata())
    3
    """
    table = nps_trend(data, score=score, date=date, freq=freq, by=hue, **kwargs)
    ax = _axes(ax)
    groups = [(None, table)] if hue is None else list(table.groupby(hue, sort=True))
    for name, part in groups:
        line = ax.plot(part["period"], part["nps"], marker="o", ms=3, label=name)[0]
        ax.fill_between(
            part["period"], part["ci_low"], part["ci_high"], color=line.get_color(), alpha=0.2
        )
    ax.axhline(0, color="#cccccc", lw=1)
    ax.set(xlabel="", ylabel="NPS", title="NPS over time (band: interval)")
    if hue is not None:
        ax.legend(title=hue, loc="best")
    return ax
