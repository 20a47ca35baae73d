"""NPS and its uncertainty from category counts: the one place the maths lives.

Every estimate in the kit starts from, per group, the number (or weighted sum)
of detractors ``D``, passives ``A`` and promoters ``P``. With shares
``d = D / T`` and ``p = P / T`` (``T = D + A + P``) the NPS is ``100 (p - d)``.
Each respondent contributes +1, 0 or -1, so the per-respondent variance is
``(p + d) - (p - d)**2`` and, unweighted, ``SE = 100 sqrt(var / n)``.

Weighted data
-------------
With survey weights the shares are weighted and the variance is the
Taylor-linearised (Woodruff) variance of the ratio ``sum(w y) / sum(w)``
(:func:`nps_toolkit.score.variance.linearized_variance`), which needs only the per-category sums of
weights and of squared weights. Every method then runs on the *linearised
effective sample size* ``n* = var(p, d) / V`` (:func:`~nps_toolkit.score.variance.linearized_effective_n`),
the number of unweighted respondents that would give the same variance ``V``
(Korn and Graubard's effective n, here for the three-category score). ``V`` is
the linearised variance with the divisor-``n`` convention of the unweighted
Wald variance (``(n - 1) / n`` times :func:`linearized_variance`), so equal
weights give exactly the unweighted result. Kish's ``n_eff = (sum w)**2 / sum w**2``
is still reported, as information only: it ignores how the weights relate to
the scores, and when heavy weights fall on the respondents whose scores vary
most its intervals cover 86-90% instead of 95% whatever n (the linearised
adjusted-Wald ones 94-95%; see ``docs/statistics.md``).

Interval methods (``method=``)
------------------------------
``"adjusted_wald"`` (default)
    Rocks (2016), *Interval estimation for the "Net Promoter Score"*, The
    American Statistician 70(4):365-372: add 3/4 of an observation to the
    detractors and to the promoters and 1.5 to the passives (``n + 3``), compute
    the Wald interval of the adjusted proportions, clip it to [-100, 100].
    The reported ``nps`` stays the raw one; ``se`` is the adjusted SE that the
    interval uses. Weighted: the same adjustment on ``n*`` pseudo-respondents
    with the weighted shares. Over the grid of ``docs/statistics.md`` (n = 10
    to 500, NPS -80 to +97, exact enumeration) its 95% interval covers at
    least 91% of the time (at least 94.5% from n = 30, 95-96% on average),
    where Wald and the bootstrap fall to 84-88% at some grid points even at
    n = 30 or 100: the default for estimates and tests.
``"wald"``
    ``nps ± z SE`` (weighted: the linearised SE).
``"bootstrap"``
    Seeded percentile bootstrap: multinomial resamples of ``n`` (weighted:
    ``round(n*)``) respondents with the observed shares (equivalent to
    resampling respondents); ``se`` is the standard deviation of the
    resampled NPS.
``"bayes"``
    Dirichlet(1/3, 1/3, 1/3) prior (:data:`BAYES_PRIOR`, Kerman's 2011
    "neutral" prior, whose posterior median is close to the observed share),
    so the posterior is Dirichlet(D + 1/3, A + 1/3, P + 1/3) (weighted: ``n*``
    times the weighted shares, plus 1/3); the equal-tailed credible interval
    from seeded posterior draws and the posterior standard deviation as
    ``se``. The former Dirichlet(1, 1, 1) pulled small samples toward 0: its
    95% interval covered NPS 97 at n = 10 with probability 0.00; the 1/3
    prior covers at least 90% over the whole grid, where 1/2 and 1/4 do not
    (exact enumeration, ``scripts/coverage_table.py``).

Samples that fall in one category only (all promoters, all passives or all
detractors) have a per-respondent variance of 0, so Wald and the percentile
bootstrap would give a zero-width interval (e.g. [100, 100] from 3 promoters).
For those samples ``"wald"`` and ``"bootstrap"`` return the adjusted-Wald
``se`` and interval instead. All intervals are clipped to [-100, 100], and
widened to contain the reported (raw) NPS where the adjustment moved them past
it (only tiny samples: one promoter gives -48.5 to 100; ``"bayes"`` keeps its
posterior's own credible interval). A group
with no respondents gets ``NaN`` estimates rather than disappearing.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats as sps

from nps_toolkit._docstrings import share_docs
from nps_toolkit.score.variance import linearized_effective_n, linearized_variance, nps_variance

# The variance maths lives in score.variance; importing from here keeps working.
__all__ = [
    "BAYES_PRIOR",
    "METHODS",
    "RESULT_COLUMNS",
    "adjusted_shares",
    "linearized_effective_n",
    "linearized_variance",
    "nps_from_counts",
    "nps_variance",
    "z_value",
]

METHODS = ("wald", "adjusted_wald", "bootstrap", "bayes")
#: Dirichlet concentration per category of the ``"bayes"`` prior (see the module docstring).
BAYES_PRIOR = 1 / 3
RESULT_COLUMNS = [
    "n",
    "detractors",
    "passives",
    "promoters",
    "pct_detractors",
    "pct_passives",
    "pct_promoters",
    "nps",
    "se",
    "ci_low",
    "ci_high",
]


def z_value(confidence: float) -> float:
    """Two-sided normal quantile for a confidence level, with validation.

    Examples
    --------
    >>> round(z_value(0.95), 4)
    1.96
    """
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1 (e.g. 0.95); got {confidence!r}.")
    return float(sps.norm.ppf(0.5 + confidence / 2))


def adjusted_shares(promoters, detractors, n):
    """Rocks' (2016) adjusted-Wald shares: 3/4 of a promoter and of a detractor added.

    Returns ``(p_adj, d_adj, n + 3)`` with ``p_adj = (promoters + 0.75) / (n + 3)``
    and ``d_adj = (detractors + 0.75) / (n + 3)`` (1.5 passives complete the
    ``n + 3``). The interval and the tests centre on ``p_adj - d_adj`` with
    variance ``nps_variance(p_adj, d_adj) / (n + 3)``.

    Examples
    --------
    >>> [round(float(x), 4) for x in adjusted_shares(6, 1, 10)]
    [0.5192, 0.1346, 13.0]
    """
    adj_n = n + 3.0
    return (promoters + 0.75) / adj_n, (detractors + 0.75) / adj_n, adj_n


@share_docs
def nps_from_counts(
    detractors,
    passives,
    promoters,
    *,
    confidence: float = 0.95,
    method: str = "adjusted_wald",
    n=None,
    n_eff=None,
    w2_detractors=None,
    w2_passives=None,
    w2_promoters=None,
    seed: int = 0,
    n_boot: int = 4000,
    prior: float = BAYES_PRIOR,
) -> pd.DataFrame:
    """NPS, standard error and interval from category counts, one row per element.

    Parameters
    ----------
    detractors, passives, promoters : scalar or array-like
        Counts, or weighted sums when the survey is weighted.
    {params.confidence}
    method : {"adjusted_wald", "wald", "bootstrap", "bayes"}
        Interval method: Rocks' adjusted Wald (default), Wald, seeded
        percentile bootstrap, or the Dirichlet(``prior``) posterior; see the
        module docstring. Samples all in one category get the adjusted-Wald
        interval from ``"wald"`` and ``"bootstrap"`` (theirs has zero width).
    n : array-like, optional
        Number of respondents (defaults to the sum of the counts). Required
        with the ``w2_*`` arguments.
    n_eff : array-like, optional
        Effective sample size to use for the interval (e.g. Kish's), when the
        squared weights per category are not available. Shares come from the
        (weighted) counts and the interval treats them as coming from
        ``n_eff`` respondents; an ``n_eff`` column is added.
    w2_detractors, w2_passives, w2_promoters : array-like, optional
        Sums of squared weights per category (weighted data). With them every
        method uses the Taylor-linearised variance through
        :func:`linearized_effective_n`, and ``n_eff`` (Kish's, unless given) is
        reported as information.
    {params.seed}
    n_boot : int
        Number of bootstrap or posterior draws.
    prior : float
        Dirichlet concentration per category for ``"bayes"`` (default 1/3).

    Returns
    -------
    pandas.DataFrame
        One row per element, columns:

        - ``n``: respondents with a valid score.
        - ``detractors``, ``passives``, ``promoters``: counts (weighted sums if weighted).
        - ``pct_detractors``, ``pct_passives``, ``pct_promoters``: shares in percent.
        - ``nps``: % promoters - % detractors, -100..100.
        - ``se``: standard error of the NPS (method-specific, see module docstring).
        - ``ci_low``, ``ci_high``: interval bounds, clipped to [-100, 100].
        - ``n_eff``: only when weighted (``n_eff`` or ``w2_*`` given): Kish's
          effective sample size, or the ``n_eff`` passed.

    Examples
    --------
    Counts from Rocks (2016)-style example: 10 detractors, 20 passives, 70 promoters.

    >>> r = nps_from_counts(10, 20, 70, method="wald")
    >>> r[["nps", "se", "ci_low", "ci_high"]].round(3)
        nps     se  ci_low  ci_high
    0  60.0  6.633  46.999   73.001

    Three promoters: Wald's own interval would be [100, 100]; the adjusted-Wald
    one is returned.

    >>> nps_from_counts(0, 0, 3, method="wald")[["nps", "ci_low", "ci_high"]].round(1)
         nps  ci_low  ci_high
    0  100.0    -6.6    100.0
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}; got {method!r}.")
    if not prior > 0:
        raise ValueError(f"prior must be a positive Dirichlet concentration; got {prior!r}.")
    z = z_value(confidence)
    det, pas, pro = np.broadcast_arrays(
        *(np.atleast_1d(np.asarray(v, dtype="float64")) for v in (detractors, passives, promoters))
    )
    if (det < 0).any() or (pas < 0).any() or (pro < 0).any():
        raise ValueError("Counts of detractors, passives and promoters cannot be negative.")
    total = det + pas + pro
    with np.errstate(invalid="ignore", divide="ignore"):
        d, a, p = det / total, pas / total, pro / total
    size, n_eff = _sample_size(det, pas, pro, n, n_eff, (w2_detractors, w2_passives, w2_promoters))
    est = p - d
    empty = ~(total > 0)
    se, lo, hi = _interval(method, d, a, p, size, det=det, pas=pas, pro=pro, z=z,
                           draws=dict(confidence=confidence, n_boot=n_boot, seed=seed,
                                      prior=prior))  # fmt: skip
    se, lo, hi = (np.where(empty, np.nan, x) for x in (se, lo, hi))
    return _result_frame(det, pas, pro, n, n_eff, est, se, lo, hi)


def _result_frame(det, pas, pro, n, n_eff, est, se, lo, hi) -> pd.DataFrame:
    """The tidy table of :func:`nps_from_counts` (percent scale, counts as integers)."""
    total = det + pas + pro
    with np.errstate(invalid="ignore", divide="ignore"):
        d, a, p = det / total, pas / total, pro / total
    out = pd.DataFrame(
        {
            "n": np.asarray(total if n is None else np.broadcast_to(n, total.shape)),
            "detractors": det,
            "passives": pas,
            "promoters": pro,
            "pct_detractors": 100 * d,
            "pct_passives": 100 * a,
            "pct_promoters": 100 * p,
            "nps": 100 * est,
            "se": 100 * se,
            "ci_low": 100 * np.clip(lo, -1, 1),
            "ci_high": 100 * np.clip(hi, -1, 1),
        }
    )
    # Unweighted counts are whole numbers: keep them integers in the tidy output.
    weighted = n_eff is not None
    whole = ["n"] if weighted else ["n", "detractors", "passives", "promoters"]
    for col in whole:
        if np.all(out[col] == np.round(out[col])):
            out[col] = out[col].astype("int64")
    if weighted:
        out["n_eff"] = np.asarray(np.broadcast_to(n_eff, total.shape), dtype="float64")
    return out


def _sample_size(det, pas, pro, n, n_eff, w2):
    """The size behind the interval (linearised effective n, ``n_eff`` or the count) and
    the ``n_eff`` to report (None when unweighted)."""
    total = det + pas + pro
    linearised = any(x is not None for x in w2)
    if linearised:
        if any(x is None for x in w2) or n is None:
            raise ValueError(
                "Weighted counts need all of w2_detractors, w2_passives, w2_promoters (sums of "
                "squared weights per category) and n (respondents behind the sums)."
            )
        w2 = [np.broadcast_to(np.asarray(x, dtype="float64"), total.shape) for x in w2]
        n_resp = np.broadcast_to(np.asarray(n, dtype="float64"), total.shape)
        size = linearized_effective_n(det, pas, pro, *w2, n_resp)
        if n_eff is None:
            with np.errstate(invalid="ignore", divide="ignore"):
                n_eff = np.where(sum(w2) > 0, total**2 / sum(w2), 0.0)
    elif n_eff is not None:
        size = np.broadcast_to(np.asarray(n_eff, dtype="float64"), total.shape)
    else:
        size = total
    return size, n_eff


def _interval(method, d, a, p, size, *, det, pas, pro, z, draws):
    """SE and interval bounds (-1..1 scale) of each sample for ``method``."""
    est = p - d
    empty = ~(det + pas + pro > 0)
    # All respondents in one category: the sample variance is 0 and Wald's or the
    # bootstrap's interval has zero width; those samples get the adjusted-Wald one.
    one_category = ~empty & ((det > 0).astype(int) + (pas > 0) + (pro > 0) == 1)

    p_adj, d_adj, adj_n = adjusted_shares(p * size, d * size, size)
    se_adj = np.sqrt(nps_variance(p_adj, d_adj) / adj_n)
    centre = p_adj - d_adj
    lo_adj, hi_adj = centre - z * se_adj, centre + z * se_adj
    if method == "adjusted_wald":
        se, lo, hi = se_adj, lo_adj, hi_adj
    elif method == "wald":
        with np.errstate(invalid="ignore", divide="ignore"):
            se = np.sqrt(nps_variance(p, d) / size)
        lo, hi = est - z * se, est + z * se
    else:
        from nps_toolkit.score.draws import draw_summary

        se, lo, hi = draw_summary(method, d, a, p, size, **draws)
    if method in ("wald", "bootstrap"):
        se, lo, hi = (np.where(one_category, x_adj, x) for x, x_adj in
                      ((se, se_adj), (lo, lo_adj), (hi, hi_adj)))  # fmt: skip
    # The reported NPS is the raw one: an interval drawn around it must contain it. The
    # adjustment (or a prior) can move a tiny sample's interval past it (1 promoter:
    # -48.5 to 98.5 around 100); widening only there keeps coverage at least as high.
    # A Bayesian credible interval is the posterior's own: left as it is.
    if method != "bayes":
        with np.errstate(invalid="ignore"):
            lo = np.where(est < lo, est, lo)
            hi = np.where(est > hi, est, hi)
    return se, lo, hi
