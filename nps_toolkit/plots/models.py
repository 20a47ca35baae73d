"""Plots for the outcome models: repeat rate by score or category, calibration."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from nps_toolkit.outcomes import repeat_rate_by

__all__ = ["plot_calibration", "plot_repeat_rate"]

_CATEGORY_COLOURS = {"detractor": "#d7301f", "passive": "#969696", "promoter": "#238b45"}


def plot_repeat_rate(
    data: pd.DataFrame | None = None,
    *,
    outcome: str | None = None,
    by: str | None = None,
    ax=None,
    **options,
):
    """Repeat rate with its Wilson interval, per score, category or segment.

    Parameters
    ----------
    data : pandas.DataFrame
        Either a table from :func:`nps_toolkit.outcomes.repeat_rate_by`
        (columns ``rate, ci_low, ci_high``; then ``outcome`` is not needed) or
        respondent-level data, passed to ``repeat_rate_by`` with ``outcome``,
        ``by`` and ``**options`` (``scale``, ``confidence``, ``censored``).
    outcome, by : str
        Outcome and grouping columns (``by`` also names the x column of a
        ready table; default: its first column).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> d = pd.DataFrame({"score": [0, 3, 7, 8, 9, 10] * 20,
    ...                   "rep": [0, 1, 0, 1, 1, 1] * 20})
    >>> ax = plot_repeat_rate(d, outcome="rep", by="score")
    >>> ax.get_ylabel()
    'repeat rate (%)'
    """
    if data is None:
        raise ValueError("Pass data= (a repeat_rate_by table or respondent-level data).")
    ready = {"rate", "ci_low", "ci_high"} <= set(data.columns)
    if ready:
        table = data
        by = by or data.columns[0]
    else:
        if outcome is None or by is None:
            raise ValueError("Pass outcome= and by= to compute the repeat rates from data.")
        table = repeat_rate_by(data, outcome=outcome, by=by, **options)
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 4))
    x = np.arange(len(table))
    rate = 100 * table["rate"].to_numpy(float)
    lo = 100 * table["ci_low"].to_numpy(float)
    hi = 100 * table["ci_high"].to_numpy(float)
    colour_by = table["category"] if "category" in table.columns else table[by]
    colours = [_CATEGORY_COLOURS.get(str(c), "#3182bd") for c in colour_by]
    ax.vlines(x, lo, hi, colors=colours, linewidth=2)
    ax.scatter(x, rate, c=colours, zorder=3)
    ax.set_xticks(x, [str(v) for v in table[by]])
    ax.set_xlabel(str(by))
    ax.set_ylabel("repeat rate (%)")
    ax.set_ylim(0, min(100, max(hi.max() * 1.1, 1)))
    # A ready table does not say its level; from data it is the confidence passed on.
    level = None if ready else options.get("confidence", 0.95)
    ax.set_title(f"Repeat rate with {level:.0%} interval" if level else "Repeat rate with interval")
    return ax


def plot_calibration(model, ax=None):
    """Reliability diagram: observed repeat rate vs mean predicted, per bin.

    Parameters
    ----------
    model : RepeatModel
        A fitted :class:`nps_toolkit.models.RepeatModel` (its out-of-fold
        ``calibration_`` table), or such a table itself.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    table = model if isinstance(model, pd.DataFrame) else model.calibration_
    if ax is None:
        _, ax = plt.subplots(figsize=(5, 5))
    pred = table["mean_predicted"].to_numpy(float)
    obs = table["observed_rate"].to_numpy(float)
    ax.plot([0, 1], [0, 1], color="#969696", linestyle="--", linewidth=1, label="perfect")
    ax.vlines(pred, table["ci_low"], table["ci_high"], color="#3182bd")
    ax.plot(pred, obs, marker="o", color="#3182bd", label="model (out of fold)")
    lim = max(pred.max(), table["ci_high"].max()) * 1.1
    ax.set_xlim(0, min(1, lim))
    ax.set_ylim(0, min(1, lim))
    ax.set_xlabel("mean predicted probability")
    ax.set_ylabel("observed rate")
    brier = getattr(model, "brier_", None)
    ax.set_title("Calibration" + (f" (Brier {brier:.3f})" if brier is not None else ""))
    ax.legend(loc="upper left")
    return ax
