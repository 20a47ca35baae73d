"""Has the NPS changed since the previous period? Period-on-period tests.

The periods and their partial flags come from :func:`nps_toolkit.score.trend.period_counts`
(the counts behind :func:`~nps_toolkit.score.trend.nps_trend`); the test is the
two-sample test of :mod:`nps_toolkit.score.significance`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from nps_toolkit._validation import as_list
from nps_toolkit.score.difference import MIN_N, counts_side, diff_test, finish_tests
from nps_toolkit.score.trend import period_counts

__all__ = ["nps_changes"]


def nps_changes(
    data,
    *,
    score: str,
    date: str,
    freq: str = "QS",
    by=None,
    weights: str | None = None,
    confidence: float = 0.95,
    method: str = "adjusted_wald",
    padjust: str = "holm",
    min_n: int = MIN_N,
    partial: str = "exclude",
    scale=None,
    thresholds=None,
) -> pd.DataFrame:
    """Test each period's NPS against the previous period's (within each group).

    Parameters
    ----------
    data : DataFrame or backend source
    score, date : str
        Score and date columns.
    freq : str
        Period, as in :func:`nps_toolkit.score.trend.nps_trend` (quarters by default:
        monthly changes are usually too noisy to test).
    by : str or list of str, optional
        Test changes within each group.
    weights : str, optional
        Weight column (linearised-variance tests, see the module docstring).
    confidence, method, padjust, min_n, scale, thresholds
        As in :func:`pairwise_nps`; the correction runs over all tested changes.
    partial : {"exclude", "include"}
        A period is *partial* when the data's first date falls after its start
        or its last date before its end (a quarter with two weeks of data).
        Its NPS comes from a different mix of days and is not comparable, so by
        default changes into or out of a partial period are reported but not
        tested (NaN ``p_val``, a ``note``, left out of the correction);
        ``"include"`` tests them anyway.

    Returns
    -------
    pandas.DataFrame
        One row per period with a previous period: the ``by`` columns,
        ``period``, ``previous``, ``n``, ``n_previous``, ``nps``, ``nps_previous``,
        ``diff`` (nps - nps_previous), ``se``, ``z``, ``p_val``, ``ci_low``,
        ``ci_high``, ``p_adj``, ``significant``, ``partial`` (either period is
        partial) and ``note`` (why a change was not tested; empty otherwise).

    Examples
    --------
    >>> df = pd.DataFrame({"score": [10] * 40 + [0] * 40,
    ...                    "date": pd.to_datetime(["2024-01-01"] * 40 + ["2024-06-30"] * 40)})
    >>> nps_changes(df, score="score", date="date")[["period", "diff", "significant", "partial"]]
          period   diff  significant  partial
    0 2024-04-01 -200.0         True    False
    >>> late = df.assign(date=pd.to_datetime(["2024-02-10"] * 40 + ["2024-06-30"] * 40))
    >>> nps_changes(late, score="score", date="date")[["p_val", "partial", "note"]]
       p_val  partial                                              note
    0    NaN     True  partial period (data from 2024-02-10): not tested
    """
    if partial not in ("exclude", "include"):
        raise ValueError(f"partial must be 'exclude' or 'include'; got {partial!r}.")
    keys = as_list(by)
    counts, cut, (first, last) = period_counts(
        data, score=score, by=keys, weights=weights, scale=scale, thresholds=thresholds,
        date=date, freq=freq,
    )  # fmt: skip
    counts = counts.assign(__partial=cut)
    prev = counts.groupby(keys, sort=False, dropna=False).shift(1) if keys else counts.shift(1)
    has_prev = prev["period"].notna().to_numpy()
    cur = counts.loc[has_prev].reset_index(drop=True)
    prv = prev.loc[has_prev].reset_index(drop=True)
    res = diff_test(
        counts_side(cur), counts_side(prv), confidence=confidence, method=method, min_n=min_n
    )
    out = cur[[*keys, "period"]].copy()
    out["previous"] = pd.to_datetime(prv["period"])
    out["n"], out["n_previous"] = cur["n"].astype("int64"), prv["n"].astype("int64")
    out["nps"], out["nps_previous"] = res.pop("nps_a"), res.pop("nps_b")
    note = res.pop("note")
    for k, v in res.items():
        out[k] = v
    # Only the data's first period can be cut at its start (here always the previous
    # one) and only its last period at its end (here always the current one).
    cut_from = prv["__partial"].to_numpy(dtype=bool)
    cut_to = cur["__partial"].to_numpy(dtype=bool)
    is_partial = cut_from | cut_to
    if partial == "exclude":
        note = _untest_partial(out, note, cut_from, cut_to, first, last)
    out["note"] = note
    out = finish_tests(out, confidence, padjust)
    out.insert(out.columns.get_loc("note"), "partial", is_partial)
    return out


def _untest_partial(out: pd.DataFrame, note, cut_from, cut_to, first, last) -> np.ndarray:
    """Blank the test of changes into or out of a partial period; their notes say why."""
    is_partial = cut_from | cut_to
    if not is_partial.any():
        return note
    span_from, span_to = f"data from {first:%Y-%m-%d}", f"data to {last:%Y-%m-%d}"
    span = np.where(
        cut_from & cut_to,
        f"data from {first:%Y-%m-%d} to {last:%Y-%m-%d}",
        np.where(cut_from, span_from, span_to),
    )
    out.loc[is_partial, ["se", "z", "p_val", "ci_low", "ci_high"]] = np.nan
    note = np.where(is_partial, [f"partial period ({s}): not tested" for s in span], note)
    return note
