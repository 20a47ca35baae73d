"""Experiment mode: A/B and before/after studies, every arm against a control.

:func:`compare_arms` returns an :class:`ArmComparison` of tidy tables:

``overall``
    Each arm's NPS with its interval, and each arm's difference from the
    control with the test of :func:`nps_toolkit.score.significance.nps_test`
    (same core, :func:`nps_toolkit.score.difference.diff_test`): the interval is
    centred on the method's difference and ``p_val < 1 - confidence`` exactly
    when it excludes 0. Below :data:`~nps_toolkit.score.difference.MIN_N`
    respondents in an arm the row says "too few respondents to test".
``by_period``
    The same difference per period (``date=``, ``freq=``) and a
    ``period_adjusted`` row: the inverse-variance weighted mean of the tested
    periods' differences (:func:`stratified_difference`). When the arms'
    shares change over time (a pilot launched in the last months, a
    before/after study) and the NPS moves with the season, the plain difference
    mixes the two; the stratified one compares like with like. It needs
    periods in which both arms answered (an A/B test run over months, a
    staggered roll-out): in a pure before/after study no period holds both
    arms and the adjusted row says so (the plain difference then includes
    any change over time, whatever its cause).
``drivers``, ``themes``, ``in_several_arms``
    See :mod:`nps_toolkit.score.experiment_tables`.
``power``
    The minimum detectable difference at the observed sizes (80 % power, the
    level of ``confidence``), from :func:`nps_toolkit.score.power.nps_power`.

The sentence for a difference row is
:func:`nps_toolkit.score.experiment_sentence.describe_arm_difference`.

The score's scale is decided once, from the whole column (or ``scale=``).
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from nps_toolkit._docstrings import share_docs
from nps_toolkit._validation import as_list, parse_dates, require_columns
from nps_toolkit.score.difference import (
    MIN_N,
    TEST_METHODS,
    diff_test,
    finish_tests,
    stratified_difference,
)
from nps_toolkit.score.experiment_sentence import describe_arm_difference
from nps_toolkit.score.experiment_tables import (
    arm_labels,
    driver_differences,
    respondents_in_arms,
    theme_differences,
)
from nps_toolkit.score.power import nps_power
from nps_toolkit.score.scales import category_codes
from nps_toolkit.score.stats import nps_from_counts, z_value
from nps_toolkit.score.trend import FREQS

__all__ = [
    "ArmComparison",
    "compare_arms",
    "describe_arm_difference",
    "stratified_difference",
]

_CATS = ["detractors", "passives", "promoters"]
_DIFF_COLUMNS = ["diff", "se", "z", "p_val", "ci_low", "ci_high", "significant", "note"]


@dataclass(frozen=True)
class ArmComparison:
    """The tables of :func:`compare_arms` (each a tidy DataFrame; empty when not asked for).

    Attributes
    ----------
    overall : DataFrame
        ``kind`` ("arm" or "difference"), ``arm``, ``control``, ``n`` (respondents
        of the arm with a valid score), ``n_control``, ``nps`` (the arm's NPS),
        ``nps_control``, ``diff`` (``nps - nps_control``; NaN on arm rows),
        ``se`` (of the difference, or of the arm's NPS on arm rows), ``z``,
        ``p_val`` (two-sided), ``ci_low``, ``ci_high`` (interval of the
        difference, or of the arm's NPS on arm rows), ``significant``
        (``p_val < 1 - confidence``), ``confidence``, ``note`` (why a row is
        not tested, and respondents found in several arms; empty otherwise).
    by_period : DataFrame
        ``kind`` ("period" or "period_adjusted"), ``period`` (period start; NaT
        on the adjusted rows), ``arm``, ``control``, ``n``, ``n_control``,
        ``nps``, ``nps_control`` (NaN on the adjusted rows), ``diff``, ``se``,
        ``z``, ``p_val``, ``ci_low``, ``ci_high``, ``significant``,
        ``confidence``, ``note``, ``n_periods`` (periods combined; 1 on period
        rows). Periods where an arm has fewer than ``MIN_N`` respondents are
        shown but not tested, and left out of the adjusted rows.
    drivers, themes, in_several_arms : DataFrame
        See :func:`nps_toolkit.score.experiment_tables.driver_differences`,
        :func:`~nps_toolkit.score.experiment_tables.theme_differences` and
        :func:`~nps_toolkit.score.experiment_tables.respondents_in_arms`.
    power : DataFrame
        One row per arm against the control: ``arm``, ``control``, ``n``,
        ``n_control``, ``nps_control``, ``mde`` (smallest rise of the arm's NPS
        over the control's detected with probability ``target_power``, NPS
        points; NaN when the control has no detractors to convert),
        ``target_power`` (0.8), ``confidence``.
    control : object
        The control arm.
    """

    overall: pd.DataFrame
    by_period: pd.DataFrame = field(default_factory=pd.DataFrame)
    drivers: pd.DataFrame = field(default_factory=pd.DataFrame)
    power: pd.DataFrame = field(default_factory=pd.DataFrame)
    themes: pd.DataFrame = field(default_factory=pd.DataFrame)
    in_several_arms: pd.DataFrame = field(default_factory=pd.DataFrame)
    control: object = None


def _arm_counts(codes: np.ndarray, arms: pd.Series, order: list, extra=None) -> pd.DataFrame:
    """Counts of each category per arm (and per ``extra`` key), every arm present."""
    valid = codes >= 0
    arm_code = pd.Index(order).get_indexer(arms.to_numpy())
    levels = [order]
    if extra is not None:
        valid &= extra.notna().to_numpy()
        period_code, periods = pd.factorize(extra, sort=True)
        levels.append(list(periods))
        cell = arm_code * len(periods) + period_code
    else:
        cell = arm_code
    size = int(np.prod([len(v) for v in levels]))
    flat = np.bincount(cell[valid] * 3 + codes[valid], minlength=3 * size).reshape(size, 3)
    names = ["arm"] if extra is None else ["arm", "period"]
    index = pd.MultiIndex.from_product(levels, names=names)
    out = index.to_frame(index=False)
    out["n"] = flat.sum(axis=1)
    for k, c in enumerate(_CATS):
        out[c] = flat[:, k]
    return out


def _versus(counts: pd.DataFrame, control, keys, confidence, method) -> pd.DataFrame:
    """Each arm against the control (within each ``keys`` group): the difference tests."""
    ctrl = counts[counts["arm"] == control].drop(columns="arm")
    rest = counts[counts["arm"] != control]
    both = (
        rest.merge(ctrl, on=keys, how="left", suffixes=("", "_c"))
        if keys
        else rest.assign(**{f"{c}_c": ctrl[c].iloc[0] for c in ["n", *_CATS]})
    )
    side_a = {c: both[c].to_numpy("float64") for c in ["n", *_CATS]}
    side_b = {c: both[f"{c}_c"].to_numpy("float64") for c in ["n", *_CATS]}
    res = diff_test(side_a, side_b, confidence=confidence, method=method, min_n=MIN_N)
    out = both[["arm", *keys]].reset_index(drop=True)
    out["control"] = control
    out["n"], out["n_control"] = both["n"].to_numpy(), both["n_c"].to_numpy()
    out["nps"], out["nps_control"] = res.pop("nps_a"), res.pop("nps_b")
    for k, v in res.items():
        out[k] = v
    return finish_tests(out, confidence)


def _overall(counts, control, confidence, method, n_several) -> pd.DataFrame:
    est = nps_from_counts(
        *(counts[c].to_numpy() for c in _CATS), confidence=confidence, method=method
    )
    arms = pd.DataFrame({"kind": "arm", "arm": counts["arm"], "control": control})
    arms["n"] = counts["n"].to_numpy()
    ctrl = counts["arm"] == control
    arms["n_control"] = int(counts.loc[ctrl, "n"].iloc[0])
    arms["nps"] = est["nps"].to_numpy()
    arms["nps_control"] = float(est.loc[ctrl.to_numpy(), "nps"].iloc[0])
    for col in ("se", "ci_low", "ci_high"):
        arms[col] = est[col].to_numpy()
    diffs = _versus(counts, control, [], confidence, method).assign(kind="difference")
    if n_several:
        extra = (
            f"{n_several} respondent(s) answered in more than one arm and count in each "
            "(see in_several_arms)"
        )
        diffs["note"] = [f"{x}; {extra}" if x else extra for x in diffs["note"]]
    out = pd.concat([arms, diffs], ignore_index=True)
    out["significant"] = out["significant"].fillna(False).astype(bool)
    out["note"] = out["note"].fillna("").astype("str")
    out["confidence"] = confidence
    cols = ["kind", "arm", "control", "n", "n_control", "nps", "nps_control"]
    return out[[*cols, "diff", "se", "z", "p_val", "ci_low", "ci_high", "significant",
                "confidence", "note"]]  # fmt: skip


def _by_period(data, codes, arms, order, control, date, freq, confidence, method):
    if freq not in FREQS:
        raise ValueError(f"freq must be one of {sorted(FREQS)}; got {freq!r}.")
    dates = parse_dates(data[date], date, "the data")
    if getattr(dates.dt, "tz", None) is not None:
        dates = dates.dt.tz_localize(None)
    if dates.isna().any():
        warnings.warn(
            f"{int(dates.isna().sum())} row(s) have no {date!r} and are left out of by_period.",
            UserWarning,
            stacklevel=3,
        )
    period = dates.dt.to_period(FREQS[freq]).dt.start_time
    counts = _arm_counts(codes, arms, order, extra=period)
    per = _versus(counts, control, ["period"], confidence, method).assign(kind="period")
    per["n_periods"] = 1
    rows = []
    for arm, g in per.groupby("arm", sort=False):
        # the method's centre of each period's difference is z * se (diff_test's test)
        r = stratified_difference(
            (g["z"] * g["se"]).to_numpy(), g["se"].to_numpy(), confidence=confidence,
            raw=g["diff"].to_numpy(),
        )  # fmt: skip
        left_out = len(g) - int(r["n_strata"])
        note = f"{left_out} untested period(s) left out (see their notes)" if left_out else ""
        if not r["n_strata"]:
            note = "no period with enough respondents in both arms to test"
        rows.append(
            {"kind": "period_adjusted", "period": pd.NaT, "arm": arm, "control": control,
             "n": int(g["n"].sum()), "n_control": int(g["n_control"].sum()),
             "nps": np.nan, "nps_control": np.nan, "diff": float(r["diff"]),
             "se": float(r["se"]), "z": float(r["z"]), "p_val": float(r["p_val"]),
             "ci_low": float(np.clip(r["ci_low"], -200, 200)),
             "ci_high": float(np.clip(r["ci_high"], -200, 200)),
             "significant": bool(r["p_val"] < 1 - confidence), "note": note,
             "n_periods": int(r["n_strata"])}
        )  # fmt: skip
    out = pd.concat([per, pd.DataFrame(rows)], ignore_index=True)
    out["note"] = out["note"].fillna("").astype("str")
    out["significant"] = out["significant"].astype(bool)
    out["confidence"] = confidence
    cols = ["kind", "period", "arm", "control", "n", "n_control", "nps", "nps_control"]
    return out[[*cols, *_DIFF_COLUMNS[:-1], "confidence", "note", "n_periods"]]


def _power(counts, control, confidence) -> pd.DataFrame:
    ctrl = counts[counts["arm"] == control].iloc[0]
    n_c = int(ctrl["n"])
    rows = []
    for _, row in counts[counts["arm"] != control].iterrows():
        mde = math.nan
        if n_c and row["n"]:
            pro, det = 100 * ctrl["promoters"] / n_c, 100 * ctrl["detractors"] / n_c
            res = nps_power(
                promoters_a=pro, detractors_a=det, n=n_c, ratio=row["n"] / n_c,
                power=0.8, confidence=confidence,
            )  # fmt: skip
            mde = float(res["mde"].iloc[0])
        nps_c = 100 * (ctrl["promoters"] - ctrl["detractors"]) / n_c if n_c else math.nan
        rows.append(
            {"arm": row["arm"], "control": control, "n": int(row["n"]), "n_control": n_c,
             "nps_control": nps_c, "mde": mde, "target_power": 0.8, "confidence": confidence}
        )  # fmt: skip
    return pd.DataFrame(rows)


@share_docs
def compare_arms(
    data: pd.DataFrame,
    *,
    score: str,
    arm: str,
    date: str | None = None,
    freq: str = "MS",
    drivers=None,
    comment: str | None = None,
    respondent: str | None = None,
    control=None,
    confidence: float = 0.95,
    method: str = "adjusted_wald",
    scale=None,
    thresholds=None,
    themes=None,
) -> ArmComparison:
    """Compare the NPS of the arms of an experiment (A/B or before/after) with a control.

    Parameters
    ----------
    {params.data}
    {params.score}
    arm : str
        Column of the arm (e.g. "control" / "pilot", or "before" / "after").
        Rows without an arm are left out.
    date : str, optional
        Date column: adds ``by_period`` (the difference per period and the
        period-adjusted estimate).
    freq : str
        Period length for ``by_period``: "D", "W", "MS" (months, default),
        "QS", "YS" (see :data:`nps_toolkit.score.trend.FREQS`).
    drivers : str or list of str, optional
        Numeric driver columns (e.g. 1-5 satisfaction items) whose means are compared.
    comment : str, optional
        Comment column: adds ``themes`` (detractors' theme mention rates per arm).
    respondent : str, optional
        Respondent id column: fills ``in_several_arms`` and notes the count in
        ``overall``. Those respondents are kept (in each arm they answered in).
    control : optional
        The control arm; default the first arm in sorted order (``"after"`` <
        ``"before"``, so give ``control="before"`` for a before/after study).
    {params.confidence}
    method : {"adjusted_wald", "wald"}
        Interval and test method of the NPS differences
        (:mod:`nps_toolkit.score.significance`).
    {params.scale}
    {params.thresholds}
    themes : None, str, path or dict
        Theme pack or dictionary for :func:`nps_toolkit.comments.tagging.tag_themes`.

    Returns
    -------
    ArmComparison
        Frozen dataclass of tidy tables: ``overall``, ``by_period``,
        ``drivers``, ``power``, ``themes``, ``in_several_arms`` (every column
        listed in :class:`ArmComparison`), and ``control``.

    Examples
    --------
    >>> df = pd.DataFrame({"arm": ["control"] * 100 + ["pilot"] * 100,
    ...                    "nps": [0] * 30 + [7] * 30 + [10] * 40 + [0] * 20 + [7] * 30 + [10] * 50})
    >>> r = compare_arms(df, score="nps", arm="arm")
    >>> r.overall[["kind", "arm", "n", "nps", "diff", "p_val"]].round(4)
             kind      arm    n   nps  diff   p_val
    0         arm  control  100  10.0   NaN     NaN
    1         arm    pilot  100  30.0   NaN     NaN
    2  difference    pilot  100  30.0  20.0  0.0832
    """
    require_columns(data, [score, arm], skip_none=False)
    require_columns(data, [date, comment, respondent, *as_list(drivers)])
    if method not in TEST_METHODS:
        raise ValueError(f"method must be one of {TEST_METHODS}; got {method!r}.")
    z_value(confidence)
    several = (
        respondents_in_arms(data, respondent=respondent, arm=arm)
        if respondent is not None
        else pd.DataFrame()
    )
    # the scale is decided once, from the whole score column
    codes = category_codes(data[score], scale=scale, thresholds=thresholds)
    keep = data[arm].notna().to_numpy()
    data, codes = data[keep], codes[keep]
    order = arm_labels(data[arm], arm)
    if control is None:
        control = order[0]
    elif control not in order:
        raise ValueError(
            f"control={control!r} is not a value of column {arm!r} (its arms: "
            f"{', '.join(map(repr, order))}). Fix: give one of them, or leave control unset."
        )
    order = [control, *[a for a in order if a != control]]
    counts = _arm_counts(codes, data[arm], order)
    parts = {
        "overall": _overall(counts, control, confidence, method, len(several)),
        "power": _power(counts, control, confidence),
        "in_several_arms": several,
        "control": control,
    }
    if date is not None:
        parts["by_period"] = _by_period(
            data, codes, data[arm], order, control, date, freq, confidence, method
        )
    if drivers is not None:
        parts["drivers"] = driver_differences(
            data, drivers=as_list(drivers), arm=arm, control=control, order=order,
            confidence=confidence,
        )  # fmt: skip
    if comment is not None:
        parts["themes"] = theme_differences(
            data, codes=codes, comment=comment, arm=arm, control=control, order=order,
            themes=themes, confidence=confidence,
        )  # fmt: skip
    return ArmComparison(**parts)
