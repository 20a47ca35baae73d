"""The overview's "Experiment" section: an A/B or before/after study read with ``compare``.

With the ``compare`` parameter (``--compare COL``) the overview (01) compares
the arms of that column with :func:`nps_toolkit.score.compare_arms`:
:func:`check_compare_column` checks the column before any computing,
:func:`experiment_blocks` gives what the section displays (sentences and
formatted tables), :func:`experiment_results` what it hands to the executive
summary (:func:`experiment_sentences`).
"""

from __future__ import annotations

from nps_toolkit.report.html import md_escape
from nps_toolkit.report.page import page_table

__all__ = [
    "check_compare_column",
    "choose_control",
    "experiment_blocks",
    "experiment_results",
    "experiment_sentences",
]

_DIFF_COLUMNS = ["arm", "control", "n", "n_control", "nps", "nps_control", "diff", "ci_low",
                 "ci_high", "p_val", "significant", "note"]  # fmt: skip


def check_compare_column(survey, column: str, file: str = "the survey") -> None:
    """Refuse an experiment column that is missing or holds fewer than two arms.

    Raises
    ------
    ValueError
        A missing column as :func:`nps_toolkit.report.prepare.check_columns`
        says it (the closest column name); a column with one arm names the
        parameter (``compare`` / ``--compare``), the arm found, and the fix.
    """
    from nps_toolkit.report.prepare import check_columns

    check_columns(list(survey.columns), file, compare=column)
    where = "(the `compare` parameter; `--compare` with nps-toolkit report)"
    scored = survey.loc[survey["score"].notna(), column]
    arms = scored.dropna().unique()
    if len(arms) < 2:
        raise ValueError(
            f"experiment column {column!r} {where} holds {len(arms)} arm(s) "
            f"({', '.join(map(repr, arms[:1]))}) in all {len(scored):,} rows with a score "
            f"({int(scored.isna().sum()):,} without an arm): an experiment "
            "needs at least two. Fix: give the column that tells the arms apart, or set "
            "compare = None."
        )


#: Arm names taken as the control (compared case-insensitively), in this order.
CONTROL_NAMES = ("control", "before", "baseline", "pre", "old")


def choose_control(arms):
    """The control arm: one named as in :data:`CONTROL_NAMES`, else ``None``.

    ``None`` leaves the choice to :func:`nps_toolkit.score.compare_arms` (the
    first arm in sorted order). Without this, a before/after study would take
    "after" (sorted before "before") as its control.

    Examples
    --------
    >>> choose_control(["after", "Before"]), choose_control(["pilot", "control"])
    ('Before', 'control')
    >>> choose_control(["A", "B"]) is None
    True
    """
    by_name = {str(a).strip().lower(): a for a in arms}
    return next((by_name[n] for n in CONTROL_NAMES if n in by_name), None)


def _markdown(text: str):
    from IPython.display import Markdown

    return Markdown(text)


def experiment_blocks(comparison, *, column: str) -> list:
    """The Experiment section's content, in order, for ``display``.

    Parameters
    ----------
    comparison : ArmComparison
        The result of :func:`nps_toolkit.score.compare_arms`.
    column : str
        The experiment column (for the sentences).

    Returns
    -------
    list
        IPython ``Markdown`` sentences and pandas ``Styler`` tables (no index,
        every difference with its interval and p-value, significant marked):
        the arms, each difference, per period and period-adjusted, the
        drivers (Holm), the minimum detectable difference, detractor themes per
        arm and respondents found in several arms.
    """
    from nps_toolkit.score import describe_arm_difference

    overall = comparison.overall
    arms, diffs = overall[overall["kind"].eq("arm")], overall[overall["kind"].eq("difference")]
    blocks = [
        _markdown(
            f"Arms of **{md_escape(column)}**; control: **{md_escape(comparison.control)}**."
        ),
        page_table(arms[["arm", "n", "nps", "ci_low", "ci_high"]]),
        _markdown(" ".join(describe_arm_difference(r) + "." for _, r in diffs.iterrows())),
        page_table(diffs[_DIFF_COLUMNS], caption="Difference from the control, NPS points"),
    ]
    periods = comparison.by_period
    if len(periods):
        adjusted = periods[periods["kind"].eq("period_adjusted")]
        said = [
            "Adjusted for the period (each period's difference weighted by its precision, "
            f"{int(r['n_periods'])} periods): " + describe_arm_difference(r) + "."
            for _, r in adjusted.iterrows()
        ]
        blocks.append(_markdown(" ".join(said) or "No period has enough respondents per arm."))
        shown = periods.assign(
            period=periods["period"].dt.strftime("%Y-%m-%d").fillna("all periods")
        )
        blocks.append(page_table(shown[["kind", "period", *_DIFF_COLUMNS[:-1], "n_periods"]]))
    if len(comparison.drivers):
        blocks.append(_markdown("Driver means compared (Holm-adjusted over the drivers):"))
        blocks.append(
            page_table(comparison.drivers.drop(columns=["control", "se", "df", "t"]), decimals=2)
        )
    for _, r in comparison.power.iterrows():
        blocks.append(
            _markdown(
                f"With {int(r['n']):,} respondents in {md_escape(r['arm'])} and "
                f"{int(r['n_control']):,} in {md_escape(r['control'])}, the smallest rise of "
                f"NPS this experiment detects {r['target_power']:.0%} of the time is "
                + (
                    "not defined (the control has no detractors)."
                    if r["mde"] != r["mde"]
                    else f"**{r['mde']:.1f} points**: a smaller true difference is likely "
                    "to be missed."
                )
            )  # fmt: skip
        )
    if len(comparison.themes):
        blocks.append(_markdown("Detractor comments: share mentioning each theme, per arm."))
        blocks.append(
            page_table(
                comparison.themes.drop(columns=["control", "z", "p_val"]),
                percent=["pct", "pct_control"],
            )
        )
    several = comparison.in_several_arms
    blocks.append(
        _markdown(
            f"**{len(several):,} respondent(s) answered in more than one arm**; they are kept "
            "in each arm they answered in, which makes the arms less independent:"
            if len(several)
            else "No respondent was found in more than one arm."
        )
    )
    if len(several):
        blocks.append(page_table(several))
    return blocks


def experiment_results(comparison, *, column: str) -> dict:
    """What the executive summary needs: the differences, the period-adjusted ones, the power.

    Returns
    -------
    dict
        ``column``, ``control``, ``differences`` (records of the overall
        difference rows), ``adjusted`` (records of the period-adjusted rows,
        may be empty) and ``power`` (records: ``arm``, ``mde``...).
    """
    overall, periods = comparison.overall, comparison.by_period
    adjusted = periods[periods["kind"].eq("period_adjusted")] if len(periods) else periods
    return {
        "column": column,
        "control": comparison.control,
        "differences": overall[overall["kind"].eq("difference")],
        "adjusted": adjusted.drop(columns=["period"], errors="ignore"),
        "power": comparison.power,
    }


def experiment_sentences(r1) -> list[str]:
    """The executive summary's sentences on the experiment, from the overview's results.

    Each arm's difference from the control with its 95% interval and p-value
    (:func:`nps_toolkit.score.describe_arm_difference`: "no evidence of a
    difference between pilot and control (+3.4 points, 95% interval -8.5 to
    +15.3, p = 0.58)" when it is not significant), the period-adjusted
    estimate, and, when no difference is significant, the smallest difference
    the experiment could detect.

    Parameters
    ----------
    r1 : mapping
        The overview's results; ``r1["experiment"]`` is
        :func:`experiment_results` as read back (``None``: no experiment).

    Returns
    -------
    list of str
        Empty when the overview compared no arms.
    """
    from nps_toolkit.score import describe_arm_difference

    e = r1.get("experiment")
    if not e:
        return []
    said = [
        f"In the experiment ({md_escape(e['column'])}), "
        + "; ".join(describe_arm_difference(r) for r in e["differences"])
        + "."
    ]
    adjusted = [r for r in e["adjusted"] or [] if r["diff"] is not None]
    if adjusted:
        said.append(
            "Compared within each period and combined: "
            + "; ".join(describe_arm_difference(r) for r in adjusted)
            + "."
        )
    if not any(r["significant"] for r in e["differences"]):
        mde = [r for r in e["power"] or [] if r["mde"] is not None]
        said += [
            f"With these numbers of respondents the experiment detects a rise of "
            f"{r['mde']:.1f} points of {md_escape(r['arm'])} over {md_escape(r['control'])} "
            f"{r['target_power']:.0%} of the time: a smaller effect may have been missed."
            for r in mde
        ]
    return said
