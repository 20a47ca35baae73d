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
    (:func:`nps_toolkit.score.variance.linearized_variance`), whatever ``method``.

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

Modules: :func:`nps_test` and :func:`nps_test_benchmark` here;
:func:`~nps_toolkit.score.pairwise.pairwise_nps` and
:func:`~nps_toolkit.score.pairwise.nps_vs_rest` in :mod:`nps_toolkit.score.pairwise`;
:func:`~nps_toolkit.score.changes.nps_changes` in :mod:`nps_toolkit.score.changes`
(all importable from here); the shared test core in
:mod:`nps_toolkit.score.difference`.

Every test result has ``diff``, ``ci_low``, ``ci_high`` (the interval of the
difference, -200..200) and ``note`` (empty when the row was tested).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from nps_toolkit._docstrings import share_docs
from nps_toolkit.score.changes import nps_changes
from nps_toolkit.score.counts import counts_frame
from nps_toolkit.score.difference import (
    MIN_N,
    MIN_N_ONE_SAMPLE,
    TEST_METHODS,
    benchmark_test,
    counts_side,
    diff_test,
    finish_tests,
)
from nps_toolkit.score.pairwise import nps_vs_rest, pairwise_nps
from nps_toolkit.score.power import nps_power, nps_sample_size

__all__ = [
    "MIN_N",
    "MIN_N_ONE_SAMPLE",
    "TEST_METHODS",
    "nps_changes",
    "nps_power",
    "nps_sample_size",
    "nps_test",
    "nps_test_benchmark",
    "nps_vs_rest",
    "pairwise_nps",
]


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
    return counts_side(c)


@share_docs
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
    {params.scale}
    {params.thresholds}

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
    res = diff_test(sa, sb, confidence=confidence, method=method, min_n=min_n)
    note = res.pop("note")
    out = pd.DataFrame(res, index=[0])
    out["n_a"], out["n_b"] = int(sa["n"][0]), int(sb["n"][0])
    out["note"] = note
    return finish_tests(out, confidence)


@share_docs
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
    {params.confidence}
    method : {"adjusted_wald", "wald"}
        As in :func:`nps_test`.
    min_n : int
        Fewest respondents to test (default :data:`MIN_N_ONE_SAMPLE`, see the
        module docstring).
    {params.scale}
    {params.thresholds}

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
    res = benchmark_test(side, benchmark, confidence=confidence, method=method, min_n=min_n)
    out = pd.DataFrame({"n": [int(side["n"][0])], "nps": res.pop("nps")})
    out["benchmark"] = float(benchmark)
    for k, v in res.items():
        out[k] = v
    return finish_tests(out, confidence)
