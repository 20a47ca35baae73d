"""Is a gap or a change real? Tests for NPS differences, and sample sizes.

Two independent NPS estimates differ by ``diff = nps_a - nps_b`` with
``SE = sqrt(var_a / n_a + var_b / n_b)`` (per-respondent variances
``(p + d) - (p - d)**2``); ``z = diff / SE`` gives a two-sided normal p-value.
``method="adjusted_wald"`` computes the SE and interval from Rocks' (2016)
adjusted shares (add 3/4, 3/4 and 1.5 respondents) of each sample, which
behaves better for small samples; the reported ``diff`` stays the raw one.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
from scipy import stats as sps
from statsmodels.stats.multitest import multipletests

from nps_toolkit.segments import _as_list, _counts, _fill_periods, counts_frame
from nps_toolkit.stats import nps_variance, z_value

TEST_METHODS = ("wald", "adjusted_wald")


def _shares(det, pas, pro, method):
    det, pas, pro = (np.asarray(x, dtype="float64") for x in (det, pas, pro))
    n = det + pas + pro
    with np.errstate(invalid="ignore", divide="ignore"):
        raw = (pro - det) / n
        if method == "adjusted_wald":
            m = n + 3.0
            p, d = (pro + 0.75) / m, (det + 0.75) / m
        else:
            m, p, d = n, pro / n, det / n
        return raw, p - d, nps_variance(p, d) / m


def _diff_test(a_counts, b_counts, *, confidence, method):
    if method not in TEST_METHODS:
        raise ValueError(f"method must be one of {TEST_METHODS}; got {method!r}.")
    z_crit = z_value(confidence)
    raw_a, centre_a, var_a = _shares(*a_counts, method)
    raw_b, centre_b, var_b = _shares(*b_counts, method)
    diff = raw_a - raw_b
    se = np.sqrt(var_a + var_b)
    with np.errstate(invalid="ignore", divide="ignore"):
        z = diff / se
    p_val = 2 * sps.norm.sf(np.abs(z))
    centre = centre_a - centre_b
    return {
        "nps_a": 100 * raw_a,
        "nps_b": 100 * raw_b,
        "diff": 100 * diff,
        "se": 100 * se,
        "z": z,
        "p_val": p_val,
        "ci_low": 100 * np.clip(centre - z_crit * se, -2, 2),
        "ci_high": 100 * np.clip(centre + z_crit * se, -2, 2),
    }


def _category_counts(scores, scale, thresholds):
    frame = pd.DataFrame({"score": pd.Series(scores).to_numpy()})
    c = counts_frame(frame, score="score", scale=scale, thresholds=thresholds).iloc[0]
    if c["n"] == 0:
        raise ValueError("No valid scores in one of the samples: an NPS needs at least one answer.")
    return c["detractors"], c["passives"], c["promoters"]


def nps_test(
    a,
    b,
    *,
    confidence: float = 0.95,
    method: str = "wald",
    scale=None,
    thresholds=None,
) -> pd.DataFrame:
    """Test the difference between the NPS of two independent samples.

    Parameters
    ----------
    a, b : array-like
        Scores of the two samples (missing values ignored).
    confidence : float
        Level of the interval for the difference.
    method : {"wald", "adjusted_wald"}
        Variance of each sample from raw or Rocks-adjusted shares.
    scale, thresholds
        Declared scale, see :func:`nps_toolkit.scores.classify`.

    Returns
    -------
    pandas.DataFrame
        One row: ``nps_a``, ``nps_b``, ``diff`` (= nps_a - nps_b, sign kept),
        ``se``, ``z``, ``p_val`` (two-sided), ``ci_low``, ``ci_high`` (interval of
        the difference, -200..200), ``n_a``, ``n_b``.

    Examples
    --------
    30 detractors, 30 passives, 40 promoters against 20, 30, 50:

    >>> a = [0] * 30 + [7] * 30 + [10] * 40
    >>> b = [0] * 20 + [7] * 30 + [10] * 50
    >>> nps_test(a, b)[["diff", "se", "p_val"]].round(4)
       diff       se   p_val
    0 -20.0  11.4018  0.0794
    """
    ca = _category_counts(a, scale, thresholds)
    cb = _category_counts(b, scale, thresholds)
    out = pd.DataFrame(_diff_test(ca, cb, confidence=confidence, method=method), index=[0])
    out["n_a"], out["n_b"] = int(sum(ca)), int(sum(cb))
    return out


def nps_test_benchmark(
    scores,
    benchmark: float,
    *,
    confidence: float = 0.95,
    method: str = "wald",
    scale=None,
    thresholds=None,
) -> pd.DataFrame:
    """Compare an NPS with a known benchmark value (e.g. an industry figure).

    The benchmark is treated as a fixed number, not an estimate: if it comes
    from another survey of similar size, use :func:`nps_test` instead.

    Parameters
    ----------
    scores : array-like
        Scores of the sample.
    benchmark : float
        Benchmark NPS on the -100..100 scale.
    confidence : float
        Interval level.
    method : {"wald", "adjusted_wald"}
        SE from raw or Rocks-adjusted shares.
    scale, thresholds
        Declared scale.

    Returns
    -------
    pandas.DataFrame
        One row: ``n``, ``nps``, ``benchmark``, ``diff`` (nps - benchmark),
        ``se``, ``z``, ``p_val`` (two-sided), ``ci_low``, ``ci_high`` (interval of
        the NPS).

    Examples
    --------
    >>> s = [0] * 10 + [7] * 20 + [10] * 70
    >>> nps_test_benchmark(s, 50)[["nps", "diff", "z", "p_val"]].round(4)
        nps  diff      z   p_val
    0  60.0  10.0  1.5076  0.1317
    """
    if not -100 <= float(benchmark) <= 100:
        raise ValueError(f"benchmark must be an NPS between -100 and 100; got {benchmark!r}.")
    det, pas, pro = _category_counts(scores, scale, thresholds)
    if method not in TEST_METHODS:
        raise ValueError(f"method must be one of {TEST_METHODS}; got {method!r}.")
    raw, centre, var = _shares(det, pas, pro, method)
    se = math.sqrt(float(var))
    diff = float(raw) - benchmark / 100
    z = diff / se if se > 0 else math.copysign(math.inf, diff) if diff else 0.0
    z_crit = z_value(confidence)
    return pd.DataFrame(
        {
            "n": [int(det + pas + pro)],
            "nps": [100 * float(raw)],
            "benchmark": [float(benchmark)],
            "diff": [100 * diff],
            "se": [100 * se],
            "z": [z],
            "p_val": [2 * sps.norm.sf(abs(z))],
            "ci_low": [100 * max(-1.0, float(centre) - z_crit * se)],
            "ci_high": [100 * min(1.0, float(centre) + z_crit * se)],
        }
    )


def _pairs_from_counts(counts, keys, *, confidence, method, padjust):
    labels = counts[keys].astype("object").apply(
        lambda r: " / ".join(str(v) for v in r), axis=1
    ).tolist()  # fmt: skip
    c = counts[["detractors", "passives", "promoters"]].to_numpy(dtype="float64")
    usable = c.sum(axis=1) > 0
    idx = [i for i in range(len(c)) if usable[i]]
    pairs = list(itertools.combinations(idx, 2))
    if not pairs:
        raise ValueError(
            "pairwise comparisons need at least two groups with valid scores; "
            f"found {len(idx)} ({[labels[i] for i in idx]})."
        )
    ia = np.array([i for i, _ in pairs])
    ib = np.array([j for _, j in pairs])
    res = _diff_test(c[ia].T, c[ib].T, confidence=confidence, method=method)
    out = pd.DataFrame({"a": [labels[i] for i in ia], "b": [labels[j] for j in ib]})
    out["n_a"] = c[ia].sum(axis=1).astype("int64")
    out["n_b"] = c[ib].sum(axis=1).astype("int64")
    for k, v in res.items():
        out[k] = v
    out["p_adj"] = multipletests(out["p_val"].to_numpy(), method=padjust)[1]
    out["significant"] = out["p_adj"] < (1 - confidence)
    return out


def pairwise_nps(
    data: pd.DataFrame,
    *,
    score: str,
    group,
    confidence: float = 0.95,
    method: str = "wald",
    padjust: str = "holm",
    scale=None,
    thresholds=None,
) -> pd.DataFrame:
    """All pairwise NPS differences between groups, with adjusted p-values.

    Parameters
    ----------
    data : DataFrame
    score : str
        Score column.
    group : str or list of str
        Group column(s).
    confidence : float
        Interval level; also the family-wise level for ``significant``.
    method : {"wald", "adjusted_wald"}
        As in :func:`nps_test`.
    padjust : str
        Multiple-comparison correction (any ``statsmodels`` ``multipletests``
        method; Holm by default, which controls the family-wise error rate
        without assuming independence).
    scale, thresholds
        Declared scale.

    Returns
    -------
    pandas.DataFrame
        One row per pair of groups with valid scores: ``a``, ``b`` (group labels),
        ``n_a``, ``n_b``, ``nps_a``, ``nps_b``, ``diff``, ``se``, ``z``, ``p_val``,
        ``ci_low``, ``ci_high``, ``p_adj`` and ``significant`` (p_adj below
        1 - confidence).

    Examples
    --------
    >>> df = pd.DataFrame({"score": [10] * 30 + [0] * 30 + [10] * 15 + [0] * 15,
    ...                    "g": ["x"] * 30 + ["y"] * 30 + ["z"] * 30})
    >>> pairwise_nps(df, score="score", group="g")[["a", "b", "diff", "significant"]]
       a  b   diff  significant
    0  x  y  200.0         True
    1  x  z  100.0         True
    2  y  z -100.0         True
    """
    keys = _as_list(group)
    counts = _counts(data, score=score, by=keys, scale=scale, thresholds=thresholds)
    return _pairs_from_counts(
        counts, keys, confidence=confidence, method=method, padjust=padjust
    )  # fmt: skip


def nps_changes(
    data,
    *,
    score: str,
    date: str,
    freq: str = "QS",
    by=None,
    confidence: float = 0.95,
    method: str = "wald",
    padjust: str = "holm",
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
        Period, as in :func:`nps_toolkit.segments.nps_trend` (quarters by default:
        monthly changes are usually too noisy to test).
    by : str or list of str, optional
        Test changes within each group.
    confidence, method, padjust, scale, thresholds
        As in :func:`pairwise_nps`; the correction runs over all tested changes.

    Returns
    -------
    pandas.DataFrame
        One row per period with a previous period: the ``by`` columns,
        ``period``, ``previous``, ``n``, ``n_previous``, ``nps``, ``nps_previous``,
        ``diff`` (nps - nps_previous), ``se``, ``z``, ``p_val``, ``ci_low``,
        ``ci_high``, ``p_adj``, ``significant``. Periods where either side has no
        respondents are reported with NaN statistics and left out of the correction.

    Examples
    --------
    >>> df = pd.DataFrame({"score": [10] * 40 + [0] * 40,
    ...                    "date": pd.to_datetime(["2024-01-15"] * 40 + ["2024-04-15"] * 40)})
    >>> nps_changes(df, score="score", date="date")[["period", "diff", "significant"]]
          period   diff  significant
    0 2024-04-01 -200.0         True
    """
    keys = _as_list(by)
    counts = _counts(
        data, score=score, by=keys, scale=scale, thresholds=thresholds, date=date, freq=freq
    )
    counts = _fill_periods(counts, keys=keys, freq=freq)
    prev = counts.groupby(keys, sort=False, dropna=False).shift(1) if keys else counts.shift(1)
    has_prev = prev["period"].notna().to_numpy()
    cur, prv = (
        counts.loc[has_prev].reset_index(drop=True),
        prev.loc[has_prev].reset_index(drop=True),
    )
    cols = ["detractors", "passives", "promoters"]
    res = _diff_test(
        cur[cols].to_numpy(dtype="float64").T,
        prv[cols].to_numpy(dtype="float64").T,
        confidence=confidence,
        method=method,
    )
    out = cur[[*keys, "period"]].copy()
    out["previous"] = pd.to_datetime(prv["period"])
    out["n"], out["n_previous"] = cur["n"].astype("int64"), prv["n"].astype("int64")
    out["nps"], out["nps_previous"] = res.pop("nps_a"), res.pop("nps_b")
    for k, v in res.items():
        out[k] = v
    valid = out["p_val"].notna().to_numpy()
    out["p_adj"] = np.nan
    if valid.any():
        out.loc[valid, "p_adj"] = multipletests(out.loc[valid, "p_val"].to_numpy(), method=padjust)[
            1
        ]
    out["significant"] = out["p_adj"] < (1 - confidence)
    return out


def nps_sample_size(
    margin: float, *, confidence: float = 0.95, expected_nps: float | None = None
) -> pd.DataFrame:
    """Respondents needed for an NPS margin of error of ± ``margin`` points.

    ``n = z**2 var / (margin / 100)**2``. The per-respondent variance
    ``(p + d) - (p - d)**2`` is at most 1 (half promoters, half detractors); for
    an expected NPS ``e`` it is at most ``1 - (e / 100)**2`` (no passives), which
    is the planning value used: conservative whatever the passive share.

    Parameters
    ----------
    margin : float
        Half-width of the interval in NPS points (e.g. 5 for ± 5).
    confidence : float
        Interval level.
    expected_nps : float, optional
        Expected NPS; worst case when omitted.

    Returns
    -------
    pandas.DataFrame
        One row: ``margin``, ``confidence``, ``expected_nps``, ``variance``
        (per-respondent, planning value) and ``n`` (respondents, rounded up).

    Examples
    --------
    >>> nps_sample_size(5)[["variance", "n"]]
       variance     n
    0       1.0  1537
    """
    if not 0 < margin <= 200:
        raise ValueError(f"margin must be in NPS points, between 0 and 200; got {margin!r}.")
    if expected_nps is not None and not -100 <= expected_nps <= 100:
        raise ValueError(f"expected_nps must be between -100 and 100; got {expected_nps!r}.")
    e = 0.0 if expected_nps is None else expected_nps / 100
    variance = 1 - e**2
    z = z_value(confidence)
    n = math.ceil(z**2 * variance / (margin / 100) ** 2 - 1e-9) if variance > 0 else 1
    return pd.DataFrame(
        {
            "margin": [float(margin)],
            "confidence": [confidence],
            "expected_nps": [expected_nps],
            "variance": [variance],
            "n": [max(n, 1)],
        }
    )
