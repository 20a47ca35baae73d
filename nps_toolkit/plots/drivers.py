"""Plot of key drivers: importance x performance (priority view)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D

from nps_toolkit._results import main_table
from nps_toolkit.plots._style import safe_text
from nps_toolkit.score.driver_results import DriverPriority
from nps_toolkit.score.drivers import driver_priority

__all__ = ["plot_driver_priority"]

_QUADRANT_COLOURS = {
    "concentrate here": "#d55e00",
    "keep up the good work": "#0072b2",
    "low priority": "#999999",
    "possible overkill": "#e69f00",
}


def plot_driver_priority(
    result: pd.DataFrame | None = None,
    *,
    data: pd.DataFrame | None = None,
    score: str | None = None,
    drivers=None,
    importance: str | None = None,
    ax=None,
    **options,
):
    """Importance (share of R²) against performance (mean rating), in four quadrants.

    Parameters
    ----------
    result : DriverPriority, KeyDrivers or pandas.DataFrame, optional
        A :func:`nps_toolkit.score.drivers.driver_priority` result or table (drawn
        as is) or a :func:`nps_toolkit.score.drivers.key_drivers` result (turned
        into one).
    data : pandas.DataFrame, optional
        Respondent-level data, passed with ``score``, ``drivers``,
        ``importance`` and ``**options`` to :func:`~nps_toolkit.score.drivers.driver_priority`.
    score, drivers, importance
        As in :func:`~nps_toolkit.score.drivers.driver_priority`.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        Filled markers: drivers that add to the others (``significant``);
        hollow markers: drivers whose share may be borrowed from correlated
        drivers. Dashed lines: the quadrant splits (equal share of R², mean
        of the mean ratings).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> d = pd.DataFrame(rng.integers(1, 6, size=(300, 3)), columns=["a", "b", "c"])
    >>> d["score"] = (2 * d.a + d.b + rng.normal(0, 1, 300)).round()
    >>> ax = plot_driver_priority(data=d, score="score", drivers=["a", "b", "c"], n_boot=0)
    >>> ax.get_xlabel()
    'performance (mean rating)'
    """
    ready = isinstance(result, DriverPriority) or (
        isinstance(main_table(result), pd.DataFrame) and "quadrant" in main_table(result).columns
    )
    if ready:
        if data is not None or options or importance is not None:
            raise ValueError(
                "result= is already a driver_priority table: do not pass data=, importance= "
                "or key_drivers options with it."
            )
        priority = result
    else:
        priority = driver_priority(
            result, data=data, score=score, drivers=drivers, importance=importance, **options
        )
    table = main_table(priority)
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 5))
    x = table["performance"].to_numpy(float)
    y = table["importance"].to_numpy(float)
    colours = [_QUADRANT_COLOURS[q] for q in table["quadrant"]]
    significant = table["significant"].to_numpy(bool)
    if significant.any():
        ax.scatter(x[significant], y[significant], s=60, zorder=3,
                   c=[c for c, s in zip(colours, significant, strict=True) if s])  # fmt: skip
    if (~significant).any():
        ax.scatter(x[~significant], y[~significant], facecolors="none", s=60, zorder=3,
                   edgecolors=[c for c, s in zip(colours, significant, strict=True) if not s])  # fmt: skip
    for xi, yi, name in zip(x, y, table["driver"], strict=True):
        ax.annotate(
            safe_text(name), (xi, yi), xytext=(5, 4), textcoords="offset points", fontsize=9
        )
    if isinstance(priority, DriverPriority):
        x_split, y_split = priority.performance_split, priority.importance_split
    else:  # a bare table: the same splits, recomputed
        x_split = table.attrs.get("performance_split", float(np.mean(x)))
        y_split = table.attrs.get("importance_split", 100 / len(table))
    ax.axvline(x_split, color="#636363", linestyle="--", linewidth=1)
    ax.axhline(y_split, color="#636363", linestyle="--", linewidth=1)
    pad_x = max(np.ptp(x), 1e-9) * 0.15
    pad_y = max(np.ptp(y), 1e-9) * 0.15
    ax.set_xlim(min(x.min(), x_split) - pad_x, max(x.max(), x_split) + pad_x)
    ax.set_ylim(min(y.min(), y_split) - pad_y, max(y.max(), y_split) + pad_y)
    corners = {
        "concentrate here": (0.02, 0.98, "left", "top"),
        "keep up the good work": (0.98, 0.98, "right", "top"),
        "low priority": (0.02, 0.02, "left", "bottom"),
        "possible overkill": (0.98, 0.02, "right", "bottom"),
    }
    for label, (cx, cy, ha, va) in corners.items():
        ax.text(cx, cy, label, transform=ax.transAxes, ha=ha, va=va, fontsize=9,
                color=_QUADRANT_COLOURS[label], alpha=0.9)  # fmt: skip
    ax.set_xlabel("performance (mean rating)")
    ax.set_ylabel("importance (% of R²)")
    ax.set_title("Key drivers: importance x performance")
    handles = [
        Line2D([], [], marker="o", linestyle="", color="#636363", label="adds to the others"),
        Line2D([], [], marker="o", linestyle="", markerfacecolor="none", color="#636363",
               label="not significant: share may be borrowed"),
    ]  # fmt: skip
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=2,
              fontsize=8, frameon=False)  # fmt: skip
    return ax
