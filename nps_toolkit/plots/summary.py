"""Executive-summary charts: the NPS at a glance, segment gaps, themes over time.

The numbers come from :func:`nps_toolkit.score.estimate.nps` and
:func:`nps_toolkit.score.pairwise.nps_vs_rest` (or any long table of a theme
measure per period); these functions only draw them, from the result table
(first argument) or computed from ``data=`` plus column names.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from nps_toolkit._validation import as_list
from nps_toolkit.plots._style import (
    NEUTRAL,
    PALETTE,
    THEME_SERIES,
    as_dates,
    date_axis,
    gap_points,
    group_labels,
    key_columns,
    new_axes,
    pick_table,
    safe_text,
)
from nps_toolkit.score.scales import CATEGORIES

__all__ = ["plot_nps_overview", "plot_segment_gaps", "plot_theme_trend"]

_SHARES = {
    "detractor": "pct_detractors",
    "passive": "pct_passives",
    "promoter": "pct_promoters",
}


def signed(value: float, decimals: int = 0) -> str:
    """A number with its sign and a real minus: ``+12``, ``\u221212``, ``0``."""
    text = f"{abs(value):.{decimals}f}"
    if float(text) == 0:
        return text
    return ("+" if value > 0 else "\u2212") + text


def plot_nps_overview(
    result: pd.DataFrame | None = None,
    *,
    data: pd.DataFrame | None = None,
    score: str | None = None,
    confidence: float | None = None,
    ax=None,
    **kwargs,
) -> plt.Axes:
    """One 100% stacked bar (detractors, passives, promoters) with the NPS and its interval.

    Parameters
    ----------
    result : DataFrame, optional
        A one-row :func:`nps_toolkit.score.estimate.nps` result (``n, pct_detractors,
        pct_passives, pct_promoters, nps, ci_low, ci_high``), drawn as is.
    data : DataFrame, optional
        The survey, to compute ``nps(data, score=score, confidence=..., **kwargs)``.
    score : str, optional
        Score column of ``data``.
    confidence : float, optional
        Level of the interval, written in the title ("95% interval"). With ``data=``
        it is passed to ``nps`` (default 0.95); with a ready ``result`` it only
        labels it (omitted: "interval", level not stated).
    ax : matplotlib Axes, optional
    **kwargs
        Passed to :func:`nps_toolkit.score.estimate.nps` (weights, scale, method...).

    Returns
    -------
    matplotlib.axes.Axes
        Three bars (``barh`` patches in detractor, passive, promoter order and
        colours of :data:`PALETTE`) whose widths are the three percentages,
        each share written on its bar when it is at least 6% wide; the title
        states the NPS, its interval and ``n``.

    Examples
    --------
    >>> ax = plot_nps_overview(data=pd.DataFrame({"s": [10, 9, 8, 3]}), score="s")
    >>> [round(p.get_width()) for p in ax.patches]
    [25, 25, 50]
    """
    if data is not None and confidence is not None:
        kwargs["confidence"] = confidence

    def make(d):
        from nps_toolkit.score.estimate import nps

        return nps(d, score=score, **kwargs)

    table, computed = pick_table(
        result, data, plot="plot_nps_overview", compute="nps",
        result_columns=["n", *_SHARES.values(), "nps", "ci_low", "ci_high"],
        compute_args={"score": score}, required=["score"], make=make,
    )  # fmt: skip
    if not computed and kwargs:
        raise ValueError(
            f"plot_nps_overview: {', '.join(kwargs)} are nps() options; they cannot change a "
            "ready table. Pass the survey as data= to compute with them."
        )
    if len(table) != 1:
        raise ValueError(
            f"plot_nps_overview: the table has {len(table)} rows; it draws one overall NPS. "
            "Pass an nps() result (one row), or select one row, e.g. table.iloc[[0]]."
        )
    row = table.iloc[0]
    if not row["n"] > 0:
        raise ValueError(
            "plot_nps_overview: no valid score (n = 0), so there is no NPS to draw. Fix: check "
            "the score column and the scale (scores outside it are not counted)."
        )
    ax = new_axes(ax, figsize=(7, 1.8))
    left = 0.0
    for category in CATEGORIES:
        share = float(row[_SHARES[category]])
        ax.barh(0, share, left=left, color=PALETTE[category], height=0.6, label=category)
        if share >= 6:
            text_colour = "black" if category == "passive" else "white"
            ax.text(left + share / 2, 0, f"{share:.0f}%", ha="center", va="center",
                    color=text_colour, fontsize=10, fontweight="bold")  # fmt: skip
        left += share
    level = confidence if confidence is not None else 0.95 if computed else None
    interval = f"{level:.0%} interval" if level is not None else "interval"
    ax.set_title(
        f"NPS {signed(row['nps'])} ({interval} {signed(row['ci_low'])} to "
        f"{signed(row['ci_high'])}), n = {int(row['n']):,}"
    )
    ax.set(xlim=(0, 100), ylim=(-0.5, 0.5), yticks=[], xlabel="% of respondents")
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.45), ncol=3, frameon=False)
    return ax


def plot_segment_gaps(
    result: pd.DataFrame | None = None,
    *,
    data: pd.DataFrame | None = None,
    score: str | None = None,
    by=None,
    ax=None,
    **kwargs,
) -> plt.Axes:
    """Each group's NPS gap to the rest of the respondents, with its interval, sorted.

    Parameters
    ----------
    result : DataFrame, optional
        A :func:`nps_toolkit.score.pairwise.nps_vs_rest` result (its key columns, then
        ``n``, ``diff``, ``ci_low``, ``ci_high``, ``p_adj``, ``significant``), drawn as is.
    data : DataFrame, optional
        The survey, to compute ``nps_vs_rest(data, score=score, by=by, **kwargs)``.
    score : str, optional
        Score column of ``data``.
    by : str or list of str, optional
        Segment column(s). With ``result`` it defaults to the table's key columns
        (those before ``n``).
    ax : matplotlib Axes, optional
    **kwargs
        Passed to :func:`nps_toolkit.score.pairwise.nps_vs_rest` (padjust, min_n...).

    Returns
    -------
    matplotlib.axes.Axes
        One row per tested group (most positive gap on top), y = 0, 1, ...
        from the bottom: a point at ``diff`` (filled, coloured by sign when
        ``significant``, coloured by side: a legend entry each; hollow otherwise) and a segment from ``ci_low`` to
        ``ci_high``; a line at zero; labels "group (n=..., adj. p=...)" (``p_adj``; ``p_val`` as "p=..." when the table
        has no ``p_adj``). Groups without
        an interval (too small to test) are left out and counted in the x label.

    Examples
    --------
    >>> df = pd.DataFrame({"s": [10] * 60 + [0] * 40 + [10] * 40 + [0] * 60,
    ...                    "g": ["x"] * 100 + ["y"] * 100})
    >>> ax = plot_segment_gaps(data=df, score="s", by="g")
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['y (n=100, adj. p=0.008)', 'x (n=100, adj. p=0.008)']
    """

    def make(d):
        from nps_toolkit.score.pairwise import nps_vs_rest

        return nps_vs_rest(d, score=score, by=by, **kwargs)

    table, computed = pick_table(
        result, data, plot="plot_segment_gaps", compute="nps_vs_rest",
        result_columns=["n", "diff", "ci_low", "ci_high", "significant"],
        compute_args={"score": score, **({"by": by} if result is None or score else {})},
        required=["score", "by"], make=make,
    )  # fmt: skip
    if not computed and kwargs:
        raise ValueError(
            f"plot_segment_gaps: {', '.join(kwargs)} are nps_vs_rest() options; they cannot "
            "change a ready table. Pass the survey as data= to compute with them."
        )
    keys = as_list(by)
    keys = keys or key_columns(table, "n")
    tested = table[["diff", "ci_low", "ci_high"]].notna().all(axis=1)
    untested = int((~tested).sum())
    table = table[tested].sort_values("diff", kind="stable")
    ax = new_axes(ax, figsize=(7, max(2.5, 0.35 * len(table) + 1.2)))
    y = np.arange(len(table))
    diff = table["diff"].to_numpy(float)
    sig = table["significant"].fillna(False).to_numpy(bool)
    p_col = "p_adj" if "p_adj" in table.columns else "p_val" if "p_val" in table.columns else None
    p_name = "adj. p" if p_col == "p_adj" else "p"
    p_values = table[p_col] if p_col else pd.Series(np.nan, index=table.index)
    labels = []
    for name, n, pv in zip(group_labels(table, keys), table["n"], p_values, strict=True):
        p_text = "" if pd.isna(pv) else f", {p_name}" + ("<0.001" if pv < 0.001 else f"={pv:.3f}")
        labels.append(safe_text(f"{name} (n={int(n):,}{p_text})"))
    ax.hlines(y, table["ci_low"], table["ci_high"], color=NEUTRAL, lw=1.5)
    gap_points(ax, diff, y, sig, above="above the rest", below="below the rest")
    ax.set_yticks(y, labels)
    ax.axvline(0, color="black", lw=0.8)
    if table.empty:
        ax.text(0.5, 0.5, "no group is large enough to test", ha="center", va="center",
                transform=ax.transAxes)  # fmt: skip
    name = safe_text(" / ".join(map(str, keys))) if keys else "group"
    xlabel = "NPS gap to the rest (points, with interval)"
    if p_col == "p_adj":
        xlabel += "\nsignificant: p adjusted for the number of groups (the interval is not)"
    if untested:
        xlabel += f"; {untested} group{'s' if untested > 1 else ''} too small to test"
    ax.set(xlabel=xlabel, ylabel="", title=f"NPS gap by {name}: each group vs the rest")
    if not table.empty:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), borderaxespad=0, frameon=False)
    return ax


def plot_theme_trend(
    table: pd.DataFrame,
    *,
    date: str,
    theme: str,
    value: str,
    ci_low: str | None = None,
    ci_high: str | None = None,
    ax=None,
) -> plt.Axes:
    """One line per theme over time, on a concise date axis, legend outside the data.

    Parameters
    ----------
    table : DataFrame
        Long table: one row per theme and period (e.g. the share of comments
        mentioning each theme per month).
    date : str
        Period column (dates, timestamps or pandas Periods).
    theme : str
        Theme column (missing names drawn as "(missing)").
    value : str
        Measure column (the y axis, labelled with this name).
    ci_low, ci_high : str, optional
        Interval columns, drawn as a light band around each line.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        One line per theme (sorted by name) in the distinct colours of
        :data:`THEME_SERIES` (at most ten themes), the legend to the right of
        the axes, the x axis a date axis with
        :class:`matplotlib.dates.ConciseDateFormatter` labels.

    Examples
    --------
    >>> t = pd.DataFrame({"month": pd.to_datetime(["2024-01-01", "2024-02-01"] * 2),
    ...                   "theme": ["price", "price", "staff", "staff"], "pct": [10, 12, 5, 4]})
    >>> ax = plot_theme_trend(t, date="month", theme="theme", value="pct")
    >>> [line.get_label() for line in ax.get_lines()]
    ['price', 'staff']
    """
    columns = [date, theme, value, *(c for c in (ci_low, ci_high) if c is not None)]
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ValueError(
            f"plot_theme_trend: column(s) {', '.join(map(repr, missing))} not in the table "
            f"(its columns: {', '.join(map(str, table.columns))}). Fix: pass the right names."
        )
    names = pd.Series(group_labels(table, [theme]), index=table.index)
    groups = list(table.groupby(names, sort=True))
    if len(groups) > len(THEME_SERIES):
        raise ValueError(
            f"plot_theme_trend: {len(groups)} themes; at most {len(THEME_SERIES)} can have "
            "distinct colours. Fix: keep the largest ones, e.g. "
            f"table[table[{theme!r}].isin(top_themes)]."
        )
    ax = new_axes(ax)
    for colour, (name, part) in zip(THEME_SERIES, groups, strict=False):
        part = part.sort_values(date)
        x = as_dates(part[date])
        ax.plot(x, part[value].to_numpy(float), marker="o", ms=3, color=colour,
                label=safe_text(name))  # fmt: skip
        if ci_low is not None and ci_high is not None:
            ax.fill_between(x, part[ci_low].to_numpy(float), part[ci_high].to_numpy(float),
                            color=colour, alpha=0.15, lw=0)  # fmt: skip
    date_axis(ax)
    ax.set(xlabel="", ylabel=safe_text(value), title=f"{safe_text(value)} by theme over time")
    ax.legend(
        title=safe_text(theme), loc="upper left", bbox_to_anchor=(1.01, 1),
        borderaxespad=0, frameon=False,
    )  # fmt: skip
    return ax
