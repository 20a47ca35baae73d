"""Plot of why NPS moved between two periods, theme by theme.

The numbers come from :func:`nps_toolkit.comments.change.theme_change`; this
module only draws them, from the result table or computed from ``data=`` plus
column names.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from nps_toolkit.plots._style import NEUTRAL, PALETTE, new_axes, pick_table, safe_text

__all__ = ["plot_theme_change"]


def plot_theme_change(
    result: pd.DataFrame | None = None,
    *,
    data: pd.DataFrame | None = None,
    comment: str | None = None,
    score: str | None = None,
    date: str | None = None,
    periods=None,
    ax=None,
    **kwargs,
) -> plt.Axes:
    """Waterfall-style bars of each theme's contribution to the NPS change, with intervals.

    Parameters
    ----------
    result : DataFrame, optional
        A :func:`~nps_toolkit.comments.change.theme_change` result, drawn as is.
    data : DataFrame, optional
        The survey, to compute ``theme_change(data, comment=..., score=...,
        date=..., periods=..., **kwargs)`` here.
    comment, score, date : str, optional
        Columns of ``data``.
    periods : (a, b), optional
        The two periods (see :func:`~nps_toolkit.comments.change.theme_change`).
    ax : matplotlib Axes, optional
    **kwargs
        Passed to :func:`~nps_toolkit.comments.change.theme_change` (``themes``,
        ``scale``, ``confidence``...).

    Returns
    -------
    matplotlib.axes.Axes
        One horizontal bar per row (themes, no theme, no comment) with its
        interval, then the total change; negative contributions in the
        detractor colour, positive in the promoter colour; names drawn literally.
        A bar is filled when its contribution differs from 0 after correcting
        for the number of rows (the table's ``headlined``, else ``p_adj < 0.05``)
        and hollow otherwise, with a legend saying so.
    """
    needed = ["theme", "contribution", "ci_low", "ci_high"]

    def make(d):
        from nps_toolkit.comments.change import theme_change

        return theme_change(d, comment=comment, score=score, date=date, periods=periods, **kwargs)

    table, computed = pick_table(
        result, data, plot="plot_theme_change", compute="theme_change", result_columns=needed,
        compute_args={"comment": comment, "score": score, "date": date, "periods": periods},
        required=["comment", "score", "date", "periods"], make=make,
    )  # fmt: skip
    if not computed and kwargs:
        raise ValueError(
            f"plot_theme_change: {', '.join(kwargs)} are theme_change() options; they cannot "
            "change a ready table. Pass the survey as data= to compute with them."
        )
    ax = new_axes(ax, figsize=(7, max(3.0, 0.32 * len(table) + 1.0)))
    y = np.arange(len(table))[::-1]
    contrib = table["contribution"].to_numpy(float)
    total = table["theme"].eq("total").to_numpy()
    colors = np.where(contrib < 0, PALETTE["detractor"], PALETTE["promoter"]).astype(object)
    colors[total] = NEUTRAL
    if "headlined" in table.columns:  # the report's table: its own rule
        sig = table["headlined"].fillna(False).to_numpy(bool)
    elif "p_adj" in table.columns:
        sig = (table["p_adj"] < 0.05).to_numpy(bool)
    else:  # a table without tests: every bar filled
        sig = np.ones(len(table), dtype=bool)
    faces = np.where(sig, colors, "white").astype(object)
    bars = ax.barh(y, np.nan_to_num(contrib), color=list(faces), height=0.6)
    for bar, edge in zip(bars, colors, strict=True):
        bar.set_edgecolor(edge)
    ax.hlines(y, table["ci_low"], table["ci_high"], color="black", lw=1)
    if not sig.all():
        from matplotlib.patches import Patch

        handles = [Patch(facecolor=NEUTRAL, edgecolor=NEUTRAL, label="filled: p adjusted (Holm) < 0.05"),
                   Patch(facecolor="white", edgecolor=NEUTRAL, label="hollow: not significant")]  # fmt: skip
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    ax.set_yticks(y, [safe_text(t) for t in table["theme"]])
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_xlabel("Contribution to the NPS change (points)")
    ax.set_title("Why NPS moved: contribution by theme")
    return ax
