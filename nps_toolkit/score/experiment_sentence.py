"""One sentence for an arm's difference from the control (:func:`compare_arms` rows).

Used by the report's summary and by notebooks: the wording names the measure
(NPS points), the interval and its level, and the p-value, so the sentence
never says more than the table (:mod:`nps_toolkit.score.experiment`).
"""

from __future__ import annotations

import math

__all__ = ["describe_arm_difference"]


def _signed(x: float) -> str:
    return f"{x:+.1f}"


def _p_text(p: float) -> str:
    return "p < 0.001" if p < 0.001 else f"p = {p:.2g}"


def describe_arm_difference(row) -> str:
    """One sentence for a difference row of ``compare_arms(...).overall`` (or ``by_period``).

    Arm names are Markdown-escaped (:func:`nps_toolkit.report.html.md_escape`).

    Parameters
    ----------
    row : Series or dict
        ``arm``, ``control``, ``diff``, ``ci_low``, ``ci_high``, ``p_val``,
        ``significant``, ``note`` and optionally ``confidence`` (0.95).

    Returns
    -------
    str
        "pilot is 12.0 points above control (95% interval +2.1 to +21.9,
        p = 0.018)" when significant; "no evidence of a difference between
        pilot and control (+3.4 points, 95% interval -8.5 to +15.3, p = 0.58)"
        when not; "too few respondents to test the difference between pilot
        and control (+3.4 points; fewer than 12 in a group)" when untested.

    Examples
    --------
    >>> describe_arm_difference({"arm": "pilot", "control": "control", "diff": -12.0,
    ...     "ci_low": -21.9, "ci_high": -2.1, "p_val": 0.018, "significant": True, "note": ""})
    'pilot is 12.0 points below control (95% interval -21.9 to -2.1, p = 0.018)'
    """
    from nps_toolkit.report.html import md_escape

    arm, control = md_escape(row["arm"]), md_escape(row["control"])
    diff, p = float(row["diff"]), float(row["p_val"])
    level = f"{100 * float(row.get('confidence', 0.95)):g}%"
    if math.isnan(p):
        why = str(row.get("note", "") or "").split(";")[0]
        if why.startswith("too few respondents to test"):
            why = why.replace("too few respondents to test", "").strip(" ()")
            return (
                f"too few respondents to test the difference between {arm} and {control} "
                f"({_signed(diff)} points; {md_escape(why or 'not tested')})"
            )
        return (
            f"the difference between {arm} and {control} could not be tested "
            f"({_signed(diff)} points; {md_escape(why or 'no p-value')})"
        )
    interval = f"{level} interval {_signed(row['ci_low'])} to {_signed(row['ci_high'])}"
    if bool(row["significant"]):
        side = "above" if diff > 0 else "below"
        return f"{arm} is {abs(diff):.1f} points {side} {control} ({interval}, {_p_text(p)})"
    return (
        f"no evidence of a difference between {arm} and {control} "
        f"({_signed(diff)} points, {interval}, {_p_text(p)})"
    )
