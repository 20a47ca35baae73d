"""Plot of an experiment: each arm's NPS difference from the control, with its interval."""

from __future__ import annotations

import numpy as np
import pandas as pd

from nps_toolkit.plots._style import NEUTRAL, SERIES, new_axes, safe_text

__all__ = ["plot_arm_comparison"]


def _rows(result) -> tuple[pd.DataFrame, float]:
    """The difference rows to draw (overall, then period-adjusted) and the interval level."""
    from nps_toolkit.score.experiment import ArmComparison

    if isinstance(result, ArmComparison):
        parts = [result.overall[result.overall["kind"] == "difference"]]
        if not result.by_period.empty:
            adj = result.by_period[result.by_period["kind"] == "period_adjusted"]
            parts.append(adj.assign(label_suffix=" (period-adjusted)"))
        table = pd.concat(parts, ignore_index=True)
    elif isinstance(result, pd.DataFrame):
        table = result[result["kind"].isin(["difference", "period_adjusted"])] if (
            "kind" in result
        ) else result  # fmt: skip
        if "kind" in table:
            table = table.assign(
                label_suffix=np.where(table["kind"] == "period_adjusted", " (period-adjusted)", "")
            )
    else:
        raise TypeError(
            "result must be the ArmComparison of compare_arms() or its overall / by_period "
            f"table; got {type(result).__name__}. Fix: pass compare_arms(...) or give data=."
        )
    missing = [c for c in ("arm", "control", "diff", "ci_low", "ci_high") if c not in table]
    if missing:
        raise ValueError(
            f"The table to draw lacks column(s) {missing}: pass compare_arms(...) or its "
            "overall table."
        )
    level = float(table["confidence"].iloc[0]) if "confidence" in table and len(table) else 0.95
    return table.reset_index(drop=True), level


def plot_arm_comparison(
    result=None,
    *,
    data: pd.DataFrame | None = None,
    score: str | None = None,
    arm: str | None = None,
    ax=None,
    **options,
):
    """Each arm's NPS difference from the control, its interval and a zero line.

    Parameters
    ----------
    result : ArmComparison or DataFrame, optional
        The result of :func:`nps_toolkit.score.experiment.compare_arms` (its
        overall differences and, when computed, the period-adjusted ones), or
        one of its ``overall`` / ``by_period`` tables.
    data : pandas.DataFrame, optional
        Respondent-level data, passed with ``score``, ``arm`` and ``**options``
        (``control=``, ``date=``, ``confidence=``...) to ``compare_arms``.
    score, arm : str, optional
        As in ``compare_arms``.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        One line per difference (first at the top): a filled marker at the
        difference when it is significant, hollow otherwise, its interval as a
        horizontal segment (none when the row was not tested, e.g. too few
        respondents), and a dashed line at 0.

    Examples
    --------
    >>> df = pd.DataFrame({"arm": ["control"] * 100 + ["pilot"] * 100,
    ...                    "nps": [0, 7, 10, 10] * 25 + [0, 7, 10, 9, 10] * 20})
    >>> ax = plot_arm_comparison(data=df, score="nps", arm="arm")
    >>> ax.get_yticklabels()[0].get_text()
    'pilot vs control'
    """
    if result is None:
        if data is None or score is None or arm is None:
            raise ValueError("Give result= (from compare_arms), or data=, score= and arm=.")
        from nps_toolkit.score.experiment import compare_arms

        result = compare_arms(data, score=score, arm=arm, **options)
    table, level = _rows(result)
    ax = new_axes(ax, figsize=(7, 1.2 + 0.5 * max(len(table), 1)))
    y = np.arange(len(table))[::-1].astype(float)
    tested = table["ci_low"].notna().to_numpy() & table["ci_high"].notna().to_numpy()
    sig = table.get("significant", pd.Series(False, index=table.index)).fillna(False)
    sig = sig.to_numpy(dtype=bool)
    colour = SERIES[0]
    ax.hlines(y[tested], table["ci_low"][tested], table["ci_high"][tested], color=colour, lw=2)
    ax.scatter(table["diff"][sig], y[sig], color=colour, zorder=3, s=40)
    ax.scatter(table["diff"][~sig], y[~sig], facecolors="none", edgecolors=colour, zorder=3, s=40)
    ax.axvline(0, color=NEUTRAL, ls="--", lw=1)
    suffix = table["label_suffix"] if "label_suffix" in table else pd.Series("", index=table.index)
    labels = [
        safe_text(f"{a} vs {c}{s if isinstance(s, str) else ''}")
        for a, c, s in zip(table["arm"], table["control"], suffix, strict=True)
    ]
    ax.set_yticks(y, labels)
    ax.set_ylim(-0.7, len(table) - 0.3)
    ax.set_xlabel(f"NPS difference (points) with its {100 * level:g}% interval")
    ax.set_title("Difference from the control (filled: significant)", loc="left")
    return ax
