"""Plots for the outcome models: repeat rate by score or category, calibration.

Each helper draws the result of its computing function (first argument): a
:func:`~nps_toolkit.repeat.outcomes.repeat_rate_by` table, a fitted
:class:`~nps_toolkit.repeat.models.RepeatModel`; or computes it from ``data=`` plus
column names.
"""

from __future__ import annotations

import warnings

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from nps_toolkit._results import main_table
from nps_toolkit.plots._style import ACCENT, NEUTRAL, PALETTE, new_axes, pick_table, safe_text

__all__ = ["plot_calibration", "plot_repeat_rate"]


def plot_repeat_rate(
    result: pd.DataFrame | None = None,
    *,
    data: pd.DataFrame | None = None,
    outcome: str | None = None,
    by: str | None = None,
    x: str | None = None,
    ax=None,
    **options,
) -> plt.Axes:
    """Repeat rate with its Wilson interval, per score, category or segment.

    Parameters
    ----------
    result : RepeatRates or pandas.DataFrame, optional
        A :func:`nps_toolkit.repeat.outcomes.repeat_rate_by` result or its ``table``
        (columns ``rate, ci_low, ci_high`` and its ``by`` column), drawn as is;
        name its x column with ``x=`` (or ``by=``).
    data : pandas.DataFrame or RepeatPurchase, optional
        Respondent-level data (or a ``repeat_purchase`` result), passed to ``repeat_rate_by`` with ``outcome``,
        ``by`` and ``**options`` (``scale``, ``confidence``, ``censored``).
        Passing it as the first argument still works with a FutureWarning.
    outcome, by : str, optional
        Outcome and grouping columns of ``data``.
    x : str, optional
        The column of ``result`` on the x axis (default ``by``). Without ``x`` or
        ``by`` the column before ``n`` is used, with a FutureWarning.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        One point per row at 100 x ``rate`` with a segment from 100 x ``ci_low``
        to 100 x ``ci_high``, coloured by category when the table has one.

    Examples
    --------
    >>> d = pd.DataFrame({"score": [0, 3, 7, 8, 9, 10] * 20,
    ...                   "rep": [0, 1, 0, 1, 1, 1] * 20})
    >>> ax = plot_repeat_rate(data=d, outcome="rep", by="score")
    >>> ax.get_ylabel()
    'repeat rate (%)'
    """
    from nps_toolkit.repeat.outcomes import repeat_rate_by

    result, data = main_table(result), main_table(data)
    table, computed = pick_table(
        result, data, plot="plot_repeat_rate", compute="repeat_rate_by",
        result_columns=["rate", "ci_low", "ci_high"],
        compute_args={"outcome": outcome, **({"by": by} if result is None or outcome else {})},
        required=["outcome", "by"],
        make=lambda d: repeat_rate_by(d, outcome=outcome, by=by, **options).table,
    )  # fmt: skip
    if not computed and options:
        raise ValueError(
            f"plot_repeat_rate: {', '.join(options)} are repeat_rate_by() options; they cannot "
            "change a ready table. Pass the respondents as data= to compute with them."
        )
    x = x or by
    if x is None:
        cols = list(table.columns)
        before = cols[: cols.index("n")] if "n" in cols else cols[:1]
        if len(before) != 1:
            raise ValueError(
                "plot_repeat_rate: pass x=, the column of the table to put on the x axis "
                f"(the table has columns {', '.join(map(str, cols))})."
            )
        x = before[0]
        warnings.warn(
            f"plot_repeat_rate: pass x= (the table's group column); the x column is guessed "
            f"as {x!r}, and this guess will be removed.",
            FutureWarning,
            stacklevel=2,
        )
    if x not in table.columns:
        raise ValueError(
            f"plot_repeat_rate: x={x!r} is not a column of the table (columns: "
            f"{', '.join(map(str, table.columns))}); pass the column repeat_rate_by grouped by."
        )
    ax = new_axes(ax)
    pos = np.arange(len(table))
    rate = 100 * table["rate"].to_numpy(float)
    lo = 100 * table["ci_low"].to_numpy(float)
    hi = 100 * table["ci_high"].to_numpy(float)
    colour_by = table["category"] if "category" in table.columns else table[x]
    colours = [PALETTE.get(str(c), ACCENT) for c in colour_by]
    ax.vlines(pos, lo, hi, colors=colours, linewidth=2)
    ax.scatter(pos, rate, c=colours, zorder=3)
    ax.set_xticks(pos, [safe_text(v) for v in table[x]])
    ax.set_xlabel(safe_text(x))
    ax.set_ylabel("repeat rate (%)")
    top = np.nanmax(hi) if len(hi) and np.isfinite(hi).any() else 0
    ax.set_ylim(0, min(100, max(top * 1.1, 1)))
    # A ready table does not say its level; from data it is the confidence passed on.
    level = options.get("confidence", 0.95) if computed else None
    ax.set_title(f"Repeat rate with {level:.0%} interval" if level else "Repeat rate with interval")
    return ax


def plot_calibration(
    result=None,
    *,
    data: pd.DataFrame | None = None,
    outcome: str | None = None,
    score: str | None = None,
    ax=None,
    **options,
) -> plt.Axes:
    """Reliability diagram: observed repeat rate vs mean predicted, per bin.

    Parameters
    ----------
    result : RepeatModel or pandas.DataFrame, optional
        A fitted :class:`nps_toolkit.repeat.models.RepeatModel` (its out-of-fold
        ``calibration_`` table and ``brier_``), or such a table itself
        (columns ``mean_predicted, observed_rate, ci_low, ci_high``).
    data : pandas.DataFrame, optional
        Respondent-level data: the model is fitted here with
        ``fit_repeat_model(data, outcome=outcome, score=score, **options)``.
    outcome, score : str, optional
        Outcome and score columns of ``data``.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        The last line is (``mean_predicted``, ``observed_rate``) of each bin,
        with a segment from ``ci_low`` to ``ci_high``; the dashed diagonal is
        perfect calibration.
    """
    needed = ["mean_predicted", "observed_rate", "ci_low", "ci_high"]
    model = result
    if result is not None and data is not None:
        raise ValueError(
            "plot_calibration: pass either a fitted RepeatModel (or its calibration_ table) "
            "or data= with outcome= and score=, not both."
        )
    if result is None:
        if data is None:
            raise ValueError(
                "plot_calibration: pass a fitted RepeatModel, or data= with outcome= and score=."
            )
        missing = [k for k, v in {"outcome": outcome, "score": score}.items() if v is None]
        if missing:
            raise ValueError(
                f"plot_calibration: to fit the model from data= pass "
                f"{', '.join(f'{k}=' for k in missing)} (the column names)."
            )
        from nps_toolkit.repeat.models import fit_repeat_model

        model = fit_repeat_model(data, outcome=outcome, score=score, **options)
    elif outcome is not None or score is not None or options:
        raise ValueError(
            "plot_calibration: the first argument is already a fitted model or table; "
            "outcome=, score= and fit options go with data=."
        )
    if isinstance(model, pd.DataFrame):
        table = model
    elif hasattr(model, "calibration_"):
        table = model.calibration_
    else:
        raise ValueError(
            f"plot_calibration: expected a fitted RepeatModel or its calibration_ table, got "
            f"{type(model).__name__} (fit it first: fit_repeat_model(data, outcome=, score=))."
        )
    missing = [c for c in needed if c not in table.columns]
    if missing:
        raise ValueError(
            f"plot_calibration: the table lacks column(s) {', '.join(missing)}; pass a "
            "RepeatModel's calibration_ table."
        )
    ax = new_axes(ax, figsize=(5, 5))
    pred = table["mean_predicted"].to_numpy(float)
    obs = table["observed_rate"].to_numpy(float)
    ax.plot([0, 1], [0, 1], color=NEUTRAL, linestyle="--", linewidth=1, label="perfect")
    ax.vlines(pred, table["ci_low"], table["ci_high"], color=ACCENT)
    ax.plot(pred, obs, marker="o", color=ACCENT, label="model (out of fold)")
    lim = max(pred.max(), table["ci_high"].max()) * 1.1
    ax.set_xlim(0, min(1, lim))
    ax.set_ylim(0, min(1, lim))
    ax.set_xlabel("mean predicted probability")
    ax.set_ylabel("observed rate")
    brier = getattr(model, "brier_", None)
    ax.set_title("Calibration" + (f" (Brier {brier:.3f})" if brier is not None else ""))
    ax.legend(loc="upper left")
    return ax
