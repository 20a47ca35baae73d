"""Is a gap or a change real? Tests for NPS differences that agree with their intervals.

Two independent samples with ``n`` respondents and shares ``p`` (promoters)
and ``d`` (detractors) give NPS ``100 (p - d)``, per-respondent variance
``(p + d) - (p - d)**2`` and a difference ``diff = nps_a - nps_b``.

One method, one answer
    Every test is the inversion of the interval it reports: ``z = centre / se``
    with the *same* centre and SE as the interval ``centre ± z_crit se``, so
    ``p_val < 1 - confidence`` exactly when the interval excludes 0 (the
    benchmark value for :func:`nps_test_benchmark`). ``diff`` stays the raw
    difference of the two NPS (the point estimate); the centre is the method's.

``method="adjusted_wald"`` (default everywhere, as for the estimates)
    Rocks (2016): each sample gets 3/4 of a detractor, 3/4 of a promoter and
    1.5 passives (``n + 3``); centre and SE come from those adjusted shares.
    The SE is never 0, so 2 or 3 identical answers never give ``p = 0``.
``method="wald"``
    Raw shares. Kept for comparison with other tools; below about 36
    respondents a group its type-I error exceeds 6 %, and when both samples
    have all their answers in one category its SE is 0: such rows get NaN and a
    ``note`` instead of ``p = 0``.
``weights=``
    Survey weights: centre = the weighted raw difference, SE from the
    Taylor-linearised variance of each weighted NPS
    (:func:`nps_toolkit.score.stats.linearized_variance`), whatever ``method``.

Minimum size (``min_n``) and why
    A Wald-type test needs enough respondents for the normal approximation.
    The defaults come from the exact type-I error of the 5 % test, enumerating
    every multinomial outcome (``scipy.stats.multinomial``) over a grid of null
    shares (5 % steps, every category at least 5 %, 171 points):

    - two groups of ``n`` each (:data:`MIN_N` = 12): the worst type-I error is
      0.060 at n = 11 and at most 0.057 for every n from 12 to 40 (0.051 at
      n = 12, 0.050 at 10 vs 10 with 45 % promoters and 45 % detractors, where
      the former test, raw difference over the adjusted SE, gave 0.128);
      groups of unequal size both >= 12: 0.054 for 12 vs 36, 0.058 for 12 vs
      100, 0.061 for 12 vs 400. Wald, same grid: 0.076 at n = 12, 0.065 at 28.
    - one group against a fixed value (:data:`MIN_N_ONE_SAMPLE` = 37, used by
      :func:`nps_test_benchmark` and :func:`nps_vs_rest`, whose pooled "rest" is
      usually large enough to act as a fixed value): 0.060 at n = 36, at most
      0.060 from 37 to 150; 0.073 at n = 12.

    On the grid's edges (a category with no respondent at all, such as 50 %
    promoters and 50 % detractors) the adjusted-Wald type-I error oscillates
    up to 0.076 (n = 13) for two groups, and 0.08-0.10 for one group of
    37 to 150; the tests are calibrated for surveys where each category
    occurs. Below
    ``min_n`` respondents in a group a row reports ``p_val`` = NaN,
    ``significant`` = False and a ``note``; ``diff`` is still shown.

Every test result has ``diff``, ``ci_low``, ``ci_high`` (the interval of the
difference, -200..200) and ``note`` (empty when the row was tested).
"""

from __future__ import annotations

import itertools
import warnings

import numpy as np
import pandas as pd
from scipy import stats as sps
from statsmodels.stats.multitest import multipletests

from nps_toolkit.score.estimate import FREQS, _as_list, _counts, _fill_periods, counts_frame
from nps_toolkit.score.power import nps_power, nps_sample_size
from nps_toolkit.score.stats import linearized_variance, nps_variance, z_value

TEST_METHODS = ("adjusted_wald", "wald")
MIN_N = 12
MIN_N_ONE_SAMPLE = 37
_CATS = ["detractors", "passives", "promoters"]
_W2 = ["w2_detractors", "w2_passives", "w2_promoters"]
_FLAT = "no variance in either group (all answers in one category): nothing to test"

__all__ = [
    "MIN_N",
    "MIN_N_ONE_SAMPLE",
    "nps_changes",
    "nps_power",
    "nps_sample_size",
    "nps_test",
    "nps_test_benchmark",
    "nps_vs_rest",
    "pairwise_nps",
]


def _check(confidence, method, min_n):
    z_crit = z_value(confidence)
    if method not in TEST_METHODS:
        raise ValueError(f"method must be one of {TEST_METHODS}; got {method!r}.")
    if int(min_n) != min_n or min_n < 1:
        raise ValueError(f"min_n must be a whole number of respondents >= 1; got {min_n!r}.")
    return z_crit


def _side(frame) -> dict:
    """Counts (and squared-weight sums when weighted) of one side, as float arrays."""
    cols = ["n", *_CATS, *([c for c in _W2 if c in frame])]
    return {c: np.asarray(frame[c], dtype="float64") for c in cols}


def _estimate(side: dict, method: str):
    """Raw NPS, the method's centre and the variance of the centre (-1..1 scale)."""
    det, pas, pro = (side[c] for c in _CATS)
    total = det + pas + pro
    with np.errstate(invalid="ignore", divide="ignore"):
        raw = (pro - det) / total
        if "w2_detractors" in side:
            w2 = (side[c] for c in _W2)
            return raw, raw, linearized_variance(det, pas, pro, *w2, side["n"])
        if method == "adjusted_wald":
            m = total + 3.0
            p, d = (pro + 0.75) / m, (det + 0.75) / m
            return raw, p - d, nps_variance(p, d) / m
        return raw, raw, nps_variance(pro / total, det / total) / total


def _diff_test(a: dict, b: dict, *, confidence, method, min_n) -> dict:
    """Vectorised two-sample test; every array has one element per comparison."""
    z_crit = _check(confidence, method, min_n)
    raw_a, centre_a, var_a = _estimate(a, method)
    raw_b, centre_b, var_b = _estimate(b, method)
    centre = centre_a - centre_b
    se = np.sqrt(var_a + var_b)
    few = (a["n"] < min_n) | (b["n"] < min_n)
    flat = ~few & ~(se > 0)
    se = np.where(few | flat, np.nan, se)
    with np.errstate(invalid="ignore", divide="ignore"):
        z = centre / se
    note = np.where(few, f"too few respondents to test (fewer than {min_n} in a group)", "")
    return {
        "nps_a": 100 * raw_a,
        "nps_b": 100 * raw_b,
        "diff": 100 * (raw_a - raw_b),
        "se": 100 * se,
        "z": z,
        "p_val": 2 * sps.norm.sf(np.abs(z)),
        "ci_low": 100 * np.clip(centre - z_crit * se, -2, 2),
        "ci_high": 100 * np.clip(centre + z_crit * se, -2, 2),
        "note": np.where(flat, _FLAT, note).astype("object"),
    }


def _adjust(p_val, padjust):
    """Multiple-comparison adjustment over the tested rows (NaN rows left out)."""
    p_val = np.asarray(p_val, dtype="float64")
    out = np.full(p_val.shape, np.nan)
    ok = ~np.isnan(p_val)
    if ok.any():
        out[ok] = multipletests(p_val[ok], method=padjust)[1]
    return out


def _finish(out: pd.DataFrame, confidence, padjust=None) -> pd.DataFrame:
    if padjust is not None:
        out["p_adj"] = _adjust(out["p_val"], padjust)
    key = "p_val" if padjust is None else "p_adj"
    out["significant"] = (out[key] < (1 - confidence)).to_numpy(dtype=bool)
    note = out.pop("note")
    out["note"] = pd.array(note.to_numpy(dtype="object"), dtype="str")
    return out


def _sample_counts(scores, weights, scale, thresholds, which):
    values = pd.Series(scores).to_numpy()
    frame = pd.DataFrame({"score": values})
    wcol = None
    if weights is not None:
        w = np.asarray(weights, dtype="float64")
        if w.shape != values.shape:
            raise ValueError(
                f"weights_{which} has {w.size} value(s) for {values.size} score(s) in sample "
                f"{which}: give one weight per score."
            )
        frame["w"], wcol = w, "w"
    c = counts_frame(frame, score="score", weights=wcol, scale=scale, thresholds=thresholds)
    if c["n"].iloc[0] == 0:
        raise ValueError(
            f"No valid scores in sample {which}: an NPS needs at least one answer "
            f"({values.size} value(s), all missing)."
        )
    return _side(c)


def nps_test(
    a,
    b,
    *,
    weights_a=None,
    weights_b=None,
    confidence: float = 0.95,
    method: str = "adjusted_wald",
    min_n: int = MIN_N,
    scale=None,
    thresholds=None,
) -> pd.DataFrame:
    """Test the difference between the NPS of two independent samples.

    Parameters
    ----------
    a, b : array-like
        Scores of the two samples (missing values ignored).
    weights_a, weights_b : array-like, optional
        Survey weights, one per score (give both for a weighted test, which
        uses the linearised variance: see the module docstring).
    confidence : float
        Level of the interval; ``significant`` is ``p_val < 1 - confidence``.
    method : {"adjusted_wald", "wald"}
        Centre and SE of the test and interval (module docstring).
    min_n : int
        Fewest respondents a sample needs to be tested (see the module docstring).
    scale, thresholds
        Declared scale, see :func:`nps_toolkit.score.scales.classify`.

    Returns
    -------
    pandas.DataFrame
        One row: ``nps_a``, ``nps_b``, ``diff`` (raw ``nps_a - nps_b``), ``se``,
        ``z``, ``p_val`` (two-sided), ``ci_low``, ``ci_high`` (interval of the
        difference, -200..200; it excludes 0 exactly when ``p_val < 1 -
        confidence``), ``n_a``, ``n_b``, ``significant``, ``note`` (why a row
        was not tested; empty otherwise).

    Examples
    --------
    30 detractors, 30 passives, 40 promoters against 20, 30, 50:

    >>> a = [0] * 30 + [7] * 30 + [10] * 40
    >>> b = [0] * 20 + [7] * 30 + [10] * 50
    >>> nps_test(a, b)[["diff", "se", "ci_low", "ci_high", "p_val"]].round(4)
       diff       se   ci_low  ci_high   p_val
    0 -20.0  11.2089 -41.3865   2.5516  0.0832
    >>> nps_test(a, b, method="wald")[["diff", "se", "p_val"]].round(4)
       diff       se   p_val
    0 -20.0  11.4018  0.0794

    Three answers a side are too few to test:

    >>> r = nps_test([10, 10, 10], [0, 0, 0])
    >>> r[["diff", "p_val", "significant"]]
        diff  p_val  significant
    0  200.0    NaN        False
    >>> r.loc[0, "note"]
    'too few respondents to test (fewer than 12 in a group)'"""
    if (weights_a is None) != (weights_b is None):
        raise ValueError("Give weights for both samples (weights_a= and weights_b=), or neither.")
    sa = _sample_counts(a, weights_a, scale, thresholds, "a")
    sb = _sample_counts(b, weights_b, scale, thresholds, "b")
    res = _diff_test(sa, sb, confidence=confidence, method=method, min_n=min_n)
    note = res.pop("note")
    out = pd.DataFrame(res, index=[0])
    out["n_a"], out["n_b"] = int(sa["n"][0]), int(sb["n"][0])
    out["note"] = note
    return _finish(out, confidence)


def _benchmark_test(side: dict, benchmark, *, confidence, method, min_n) -> dict:
    """Vectorised one-sample test of the NPS against fixed values (-100..100)."""
    z_crit = _check(confidence, method, min_n)
    raw, centre, var = _estimate(side, method)
    b = np.asarray(benchmark, dtype="float64") / 100
    # The NPS interval is the estimate's (as nps() reports it), shown even when untested.
    nps_lo = np.clip(centre - z_crit * np.sqrt(var), -1, 1)
    nps_hi = np.clip(centre + z_crit * np.sqrt(var), -1, 1)
    few = side["n"] < min_n
    flat = ~few & ~(var > 0)
    se = np.where(few | flat, np.nan, np.sqrt(var))
    with np.errstate(invalid="ignore", divide="ignore"):
        z = (centre - b) / se
    lo = np.where(np.isnan(se), np.nan, nps_lo)
    hi = np.where(np.isnan(se), np.nan, nps_hi)
    note = np.where(few, f"too few respondents to test (fewer than {min_n})", "")
    flat_note = "no variance (all answers in one category): nothing to test"
    return {
        "nps": 100 * raw,
        "diff": 100 * (raw - b),
        "se": 100 * se,
        "z": z,
        "p_val": 2 * sps.norm.sf(np.abs(z)),
        "ci_low": 100 * (lo - b),
        "ci_high": 100 * (hi - b),
        "nps_ci_low": 100 * nps_lo,
        "nps_ci_high": 100 * nps_hi,
        "note": np.where(flat, flat_note, note).astype("object"),
    }


def nps_test_benchmark(
    scores,
    benchmark: float,
    *,
    confidence: float = 0.95,
    method: str = "adjusted_wald",
    min_n: int = MIN_N_ONE_SAMPLE,
    scale=None,
    thresholds=None,
) -> pd.DataFrame:
    """Compare an NPS with a known benchmark value (e.g. an industry figure).

    The benchmark is treated as a fixed number, not an estimate: if it comes
    from another survey of similar size, use :func:`nps_test` instead. The test
    is the interval's: ``p_val < 1 - confidence`` exactly when the benchmark
    lies outside the NPS interval ``nps_ci_low``..``nps_ci_high`` (the one
    :func:`nps_toolkit.score.estimate.nps` reports for the same method).

    Parameters
    ----------
    scores : array-like
        Scores of the sample.
    benchmark : float
        Benchmark NPS on the -100..100 scale.
    confidence : float
        Interval level.
    method : {"adjusted_wald", "wald"}
        As in :func:`nps_test`.
    min_n : int
        Fewest respondents to test (default :data:`MIN_N_ONE_SAMPLE`, see the
        module docstring).
    scale, thresholds
        Declared scale.

    Returns
    -------
    pandas.DataFrame
        One row: ``n``, ``nps``, ``benchmark``, ``diff`` (nps - benchmark),
        ``se``, ``z``, ``p_val`` (two-sided), ``ci_low``, ``ci_high`` (interval
        of the *difference* nps - benchmark; before this version they held the
        NPS interval), ``nps_ci_low``, ``nps_ci_high`` (interval of the NPS),
        ``significant``, ``note`` (why the row was not tested; empty otherwise).

    Examples
    --------
    >>> s = [0] * 10 + [7] * 20 + [10] * 70
    >>> r = nps_test_benchmark(s, 50)
    >>> r[["nps", "diff", "ci_low", "ci_high", "nps_ci_low", "nps_ci_high", "p_val"]].round(2)
        nps  diff  ci_low  ci_high  nps_ci_low  nps_ci_high  p_val
    0  60.0  10.0   -4.73    21.24       45.27        71.24   0.21
    >>> nps_test_benchmark([10, 10, 10], 99)[["nps", "p_val", "significant", "note"]]
         nps  p_val  significant                                            note
    0  100.0    NaN        False  too few respondents to test (fewer than 37)
    """
    if not -100 <= float(benchmark) <= 100:
        raise ValueError(f"benchmark must be an NPS between -100 and 100; got {benchmark!r}.")
    side = _sample_counts(scores, None, scale, thresholds, "scores")
    res = _benchmark_test(side, benchmark, confidence=confidence, method=method, min_n=min_n)
    out = pd.DataFrame({"n": [int(side["n"][0])], "nps": res.pop("nps")})
    out["benchmark"] = float(benchmark)
    for k, v in res.items():
        out[k] = v
    return _finish(out, confidence)


def _labels(counts, keys):
    return counts[keys].astype("object").apply(
        lambda r: " / ".join(str(v) for v in r), axis=1
    ).tolist()  # fmt: skip


def _pairs_from_counts(counts, keys, *, confidence, method, padjust, min_n):
    labels = _labels(counts, keys)
    usable = np.flatnonzero(counts["n"].to_numpy() > 0)
    pairs = list(itertools.combinations(usable, 2))
    if not pairs:
        raise ValueError(
            "pairwise comparisons need at least two groups with valid scores; "
            f"found {len(usable)} ({[labels[i] for i in usable]})."
        )
    ia = np.array([i for i, _ in pairs])
    ib = np.array([j for _, j in pairs])
    side = _side(counts)
    res = _diff_test(
        {k: v[ia] for k, v in side.items()},
        {k: v[ib] for k, v in side.items()},
        confidence=confidence,
        method=method,
        min_n=min_n,
    )
    out = pd.DataFrame({"a": [labels[i] for i in ia], "b": [labels[j] for j in ib]})
    out["n_a"] = side["n"][ia].astype("int64")
    out["n_b"] = side["n"][ib].astype("int64")
    for k, v in res.items():
        out[k] = v
    return _finish(out, confidence, padjust)


def pairwise_nps(
    data: pd.DataFrame,
    *,
    score: str,
    by=None,
    group=None,
    weights: str | None = None,
    confidence: float = 0.95,
    method: str = "adjusted_wald",
    padjust: str = "holm",
    min_n: int = MIN_N,
    scale=None,
    thresholds=None,
) -> pd.DataFrame:
    """All pairwise NPS differences between groups, with adjusted p-values.

    Parameters
    ----------
    data : DataFrame or backend source
    score : str
        Score column.
    by : str or list of str
        Group column(s).
    group : str or list of str
        Former name of ``by`` (deprecated: FutureWarning).
    weights : str, optional
        Weight column: linearised-variance tests (module docstring).
    confidence : float
        Interval level; also the family-wise level for ``significant``.
    method : {"adjusted_wald", "wald"}
        As in :func:`nps_test`.
    padjust : str
        Multiple-comparison correction (any ``statsmodels`` ``multipletests``
        method; Holm by default, which controls the family-wise error rate
        without assuming independence). Untested pairs are left out of it.
    min_n : int
        Fewest respondents a group needs for its pairs to be tested.
    scale, thresholds
        Declared scale.

    Returns
    -------
    pandas.DataFrame
        One row per pair of groups with valid scores: ``a``, ``b`` (group labels),
        ``n_a``, ``n_b``, ``nps_a``, ``nps_b``, ``diff``, ``se``, ``z``, ``p_val``,
        ``ci_low``, ``ci_high`` (unadjusted interval of the difference),
        ``p_adj``, ``significant`` (p_adj below 1 - confidence) and ``note``.

    Examples
    --------
    >>> df = pd.DataFrame({"score": [10] * 30 + [0] * 30 + [10] * 15 + [0] * 15,
    ...                    "g": ["x"] * 30 + ["y"] * 30 + ["z"] * 30})
    >>> pairwise_nps(df, score="score", by="g")[["a", "b", "diff", "significant"]]
       a  b   diff  significant
    0  x  y  200.0         True
    1  x  z  100.0         True
    2  y  z -100.0         True
    """
    if group is not None:
        warnings.warn("pairwise_nps(group=...) is renamed by=...", FutureWarning, stacklevel=2)
        if by is not None:
            raise ValueError("Give the group columns once, as by= (group= is its old name).")
        by = group
    if by is None:
        raise ValueError(
            "Pass by='<column>' (or a list of columns) to say which groups to compare."
        )
    keys = _as_list(by)
    counts = _counts(
        data, score=score, by=keys, weights=weights, scale=scale, thresholds=thresholds
    )
    return _pairs_from_counts(
        counts, keys, confidence=confidence, method=method, padjust=padjust, min_n=min_n
    )  # fmt: skip


def nps_vs_rest(
    data,
    *,
    score: str,
    by,
    weights: str | None = None,
    confidence: float = 0.95,
    method: str = "adjusted_wald",
    padjust: str = "holm",
    min_n: int = MIN_N_ONE_SAMPLE,
    scale=None,
    thresholds=None,
) -> pd.DataFrame:
    """Each group against all other respondents pooled: is this segment different?

    The group and the rest are disjoint, so the two-sample test of
    :func:`nps_test` applies; p-values are adjusted over the tested groups.
    Against a large rest the test behaves like a one-sample test, hence the
    default ``min_n`` (module docstring).

    Parameters
    ----------
    data : DataFrame or backend source
    score : str
        Score column.
    by : str or list of str
        Group column(s).
    weights : str, optional
        Weight column (linearised-variance test).
    confidence, method, padjust, scale, thresholds
        As in :func:`pairwise_nps`.
    min_n : int
        Fewest respondents a group (and its rest) needs to be tested.

    Returns
    -------
    pandas.DataFrame
        One row per group: the ``by`` columns, ``n``, ``n_rest``, ``nps``,
        ``nps_rest``, ``diff`` (nps - nps_rest), ``se``, ``z``, ``p_val``,
        ``ci_low``, ``ci_high``, ``p_adj``, ``significant`` (p_adj below
        1 - confidence) and ``note``.

    Examples
    --------
    >>> df = pd.DataFrame({"score": [10] * 60 + [0] * 20 + [7] * 20 + [10] * 50 + [0] * 50,
    ...                    "g": ["x"] * 100 + ["y"] * 100})
    >>> nps_vs_rest(df, score="score", by="g")[["g", "nps", "nps_rest", "diff", "significant"]]
       g   nps  nps_rest  diff  significant
    0  x  40.0       0.0  40.0         True
    1  y   0.0      40.0 -40.0         True
    """
    keys = _as_list(by)
    if not keys:
        raise ValueError(
            "Pass by='<column>' (or a list of columns) to say which groups to compare."
        )
    counts = _counts(
        data, score=score, by=keys, weights=weights, scale=scale, thresholds=thresholds
    )
    return _vs_rest_from_counts(
        counts, keys, confidence=confidence, method=method, padjust=padjust, min_n=min_n
    )  # fmt: skip


def _vs_rest_from_counts(counts, keys, *, confidence, method, padjust, min_n):
    if len(counts) < 2:
        raise ValueError(
            f"nps_vs_rest needs at least two groups in {keys}; found {len(counts)}: "
            "there is no rest to compare with."
        )
    side = _side(counts)
    rest = {k: v.sum() - v for k, v in side.items()}
    res = _diff_test(side, rest, confidence=confidence, method=method, min_n=min_n)
    out = counts[keys].reset_index(drop=True).copy()
    out["n"] = side["n"].astype("int64")
    out["n_rest"] = rest["n"].astype("int64")
    out["nps"], out["nps_rest"] = res.pop("nps_a"), res.pop("nps_b")
    for k, v in res.items():
        out[k] = v
    return _finish(out, confidence, padjust)


def _period_counts(data, *, score, by, weights, scale, thresholds, date, freq):
    """Counts per (group and) period, every period present, partial flags, first and last day.

    Pandas frames are counted by period directly (period codes from the dates'
    integer values); DuckDB and Spark sources per day, then summed into periods.
    Either way the data's first and last day are known. A period is partial
    when the first day of data falls after its start or the last day before its
    end (days of the whole data, not of each group).
    """
    from nps_toolkit.score.estimate import _period_table

    if freq not in FREQS:
        raise ValueError(f"freq must be one of {sorted(FREQS)}; got {freq!r}.")
    keys = _as_list(by)
    counts, first, last = _period_table(
        data, score=score, by=keys, weights=weights, scale=scale, thresholds=thresholds,
        date=date, freq=freq,
    )  # fmt: skip
    if counts.empty:
        return counts, np.zeros(0, dtype=bool), (pd.NaT, pd.NaT)
    counts = _fill_periods(counts, keys=keys, freq=freq)
    first_period, last_period = pd.Period(first, FREQS[freq]), pd.Period(last, FREQS[freq])
    start = counts["period"].to_numpy()
    cut_start = first > first_period.start_time
    cut_end = last < (last_period + 1).start_time - pd.Timedelta(days=1)
    partial = (cut_start & (start == np.datetime64(first_period.start_time))) | (
        cut_end & (start == np.datetime64(last_period.start_time))
    )
    return counts, np.asarray(partial, dtype=bool), (first, last)


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
        Period, as in :func:`nps_toolkit.score.estimate.nps_trend` (quarters by default:
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
    keys = _as_list(by)
    counts, cut, (first, last) = _period_counts(
        data, score=score, by=keys, weights=weights, scale=scale, thresholds=thresholds,
        date=date, freq=freq,
    )  # fmt: skip
    counts = counts.assign(__partial=cut)
    prev = counts.groupby(keys, sort=False, dropna=False).shift(1) if keys else counts.shift(1)
    has_prev = prev["period"].notna().to_numpy()
    cur = counts.loc[has_prev].reset_index(drop=True)
    prv = prev.loc[has_prev].reset_index(drop=True)
    res = _diff_test(_side(cur), _side(prv), confidence=confidence, method=method, min_n=min_n)
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
    if partial == "exclude" and is_partial.any():
        span_from, span_to = f"data from {first:%Y-%m-%d}", f"data to {last:%Y-%m-%d}"
        span = np.where(
            cut_from & cut_to,
            f"data from {first:%Y-%m-%d} to {last:%Y-%m-%d}",
            np.where(cut_from, span_from, span_to),
        )
        out.loc[is_partial, ["se", "z", "p_val", "ci_low", "ci_high"]] = np.nan
        note = np.where(is_partial, [f"partial period ({s}): not tested" for s in span], note)
    out["note"] = note
    out = _finish(out, confidence, padjust)
    out.insert(out.columns.get_loc("note"), "partial", is_partial)
    return out
