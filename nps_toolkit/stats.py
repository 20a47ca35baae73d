"""NPS and its uncertainty from category counts: the one place the maths lives.

Every estimate in the kit starts from, per group, the number (or weighted sum)
of detractors ``D``, passives ``A`` and promoters ``P``. With shares
``d = D / T`` and ``p = P / T`` (``T = D + A + P``) the NPS is ``100 (p - d)``.
Each respondent contributes +1, 0 or -1, so the per-respondent variance is
``(p + d) - (p - d)**2`` and ``SE = 100 sqrt(var / n)``; ``n`` is the number of
respondents, or Kish's effective sample size when weighted.

Interval methods (``method=``):

``"wald"``
    ``nps ± z SE``.
``"adjusted_wald"`` (default)
    Rocks (2016), *Interval estimation for the "Net Promoter Score"*, The
    American Statistician 70(4):365-372: add 3/4 of an observation to the
    detractors and to the promoters and 1.5 to the passives (``n + 3``), compute
    the Wald interval of the adjusted proportions, clip it to [-100, 100].
    The reported ``nps`` stays the raw one; ``se`` is the adjusted SE that the
    interval uses. Rocks shows it keeps close to nominal coverage at small n,
    where Wald does not.
``"bootstrap"``
    Seeded percentile bootstrap: multinomial resamples of ``n`` respondents
    with the observed shares (equivalent to resampling respondents);
    ``se`` is the standard deviation of the resampled NPS.
``"bayes"``
    Dirichlet(1, 1, 1) prior, so the posterior is
    Dirichlet(D + 1, A + 1, P + 1); the equal-tailed credible interval and the
    posterior standard deviation as ``se``.

All intervals are clipped to [-100, 100]. A group with no respondents gets
``NaN`` estimates rather than disappearing.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats as sps

METHODS = ("wald", "adjusted_wald", "bootstrap", "bayes")
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


def nps_variance(p, d):
    """Per-respondent variance of the +1/0/-1 NPS score: ``(p + d) - (p - d)**2``.

    Examples
    --------
    >>> float(nps_variance(0.7, 0.1))
    0.44
    """
    p = np.asarray(p, dtype="float64")
    d = np.asarray(d, dtype="float64")
    return (p + d) - (p - d) ** 2


def linearized_variance(
    detractors, passives, promoters, w2_detractors, w2_passives, w2_promoters, n
):
    """Taylor-linearised variance of a weighted NPS on the -1..1 scale.

    The weighted NPS is the ratio ``R = sum(w y) / sum(w)`` of each respondent's
    +1/0/-1 score ``y``. Its linearisation (Woodruff) variance is
    ``n / (n - 1) * sum(w_i**2 (y_i - R)**2) / (sum w)**2``, which needs, per
    category, only the sum of weights (``detractors``, ``passives``,
    ``promoters``, weighted sums) and the sum of squared weights (``w2_*``).
    Unlike Kish's effective n it stays right when the weights track the score.
    With all weights 1 it is ``n / (n - 1)`` times the Wald variance.

    Parameters
    ----------
    detractors, passives, promoters : array-like
        Weighted sums per category.
    w2_detractors, w2_passives, w2_promoters : array-like
        Sums of squared weights per category.
    n : array-like
        Respondents (unweighted) behind the sums.

    Returns
    -------
    numpy.ndarray
        Variance of ``p - d`` (multiply by 1e4 for NPS points squared); NaN
        where ``n < 2`` or the weights sum to 0.

    Examples
    --------
    Unit weights: 10 detractors, 20 passives, 70 promoters.

    >>> v = linearized_variance(10, 20, 70, 10, 20, 70, 100)
    >>> round(float(v), 6), round(0.44 / 100 * 100 / 99, 6)
    (0.004444, 0.004444)
    """
    det, pas, pro, w2d, w2a, w2p, n = (
        np.asarray(x, dtype="float64")
        for x in (detractors, passives, promoters, w2_detractors, w2_passives, w2_promoters, n)
    )
    total = det + pas + pro
    with np.errstate(invalid="ignore", divide="ignore"):
        r = (pro - det) / total
        resid = w2d * (-1 - r) ** 2 + w2a * r**2 + w2p * (1 - r) ** 2
        var = n / (n - 1) * resid / total**2
    return np.where((n >= 2) & (total > 0), var, np.nan)


def nps_from_counts(
    detractors,
    passives,
    promoters,
    *,
    confidence: float = 0.95,
    method: str = "adjusted_wald",
    n=None,
    n_eff=None,
    seed: int = 0,
    n_boot: int = 4000,
) -> pd.DataFrame:
    """NPS, standard error and interval from category counts, one row per element.

    Parameters
    ----------
    detractors, passives, promoters : scalar or array-like
        Counts, or weighted sums when the survey is weighted.
    confidence : float
        Interval level, e.g. 0.95.
    method : {"adjusted_wald", "wald", "bootstrap", "bayes"}
        Interval method; see the module docstring.
    n : array-like, optional
        Number of respondents to report (defaults to the sum of the counts).
    n_eff : array-like, optional
        Effective sample size for the interval (Kish's, for weighted data).
        When given, shares come from the (weighted) counts and the interval
        treats them as coming from ``n_eff`` respondents; an ``n_eff`` column
        is added.
    seed : int
        Seed for the bootstrap and Bayesian draws.
    n_boot : int
        Number of bootstrap or posterior draws.

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
        - ``n_eff``: only when ``n_eff`` is given.

    Examples
    --------
    Counts from Rocks (2016)-style example: 10 detractors, 20 passives, 70 promoters.

    >>> r = nps_from_counts(10, 20, 70, method="wald")
    >>> r[["nps", "se", "ci_low", "ci_high"]].round(3)
        nps     se  ci_low  ci_high
    0  60.0  6.633  46.999   73.001
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}; got {method!r}.")
    z = z_value(confidence)
    det, pas, pro = np.broadcast_arrays(
        *(np.atleast_1d(np.asarray(v, dtype="float64")) for v in (detractors, passives, promoters))
    )
    if (det < 0).any() or (pas < 0).any() or (pro < 0).any():
        raise ValueError("Counts of detractors, passives and promoters cannot be negative.")
    total = det + pas + pro
    with np.errstate(invalid="ignore", divide="ignore"):
        d, a, p = det / total, pas / total, pro / total
    size = (
        total if n_eff is None else np.broadcast_to(np.asarray(n_eff, dtype="float64"), total.shape)
    )
    est = p - d
    empty = ~(total > 0)

    if method == "wald":
        se = np.sqrt(nps_variance(p, d) / size)
        lo, hi = est - z * se, est + z * se
    elif method == "adjusted_wald":
        adj_n = size + 3.0
        p_adj = (p * size + 0.75) / adj_n
        d_adj = (d * size + 0.75) / adj_n
        se = np.sqrt(nps_variance(p_adj, d_adj) / adj_n)
        centre = p_adj - d_adj
        lo, hi = centre - z * se, centre + z * se
    else:
        draws = _draws(method, d, a, p, size, n_boot=n_boot, seed=seed)
        se = draws.std(axis=0, ddof=1)
        tail = (1 - confidence) / 2
        lo, hi = np.quantile(draws, [tail, 1 - tail], axis=0)

    se, lo, hi = (np.where(empty, np.nan, x) for x in (se, lo, hi))
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
    whole = ["n"] if n_eff is not None else ["n", "detractors", "passives", "promoters"]
    for col in whole:
        if np.all(out[col] == np.round(out[col])):
            out[col] = out[col].astype("int64")
    if n_eff is not None:
        out["n_eff"] = np.asarray(size, dtype="float64")
    return out


def _draws(method, d, a, p, size, *, n_boot, seed):
    """Resampled NPS (-1..1), shape (n_boot, groups)."""
    rng = np.random.default_rng(seed)
    shares = np.column_stack([d, a, p])
    shares = np.where(np.isnan(shares), 1 / 3, shares)
    if method == "bootstrap":
        m = np.maximum(np.round(size), 1).astype("int64")
        counts = rng.multinomial(m, shares, size=(n_boot, len(m)))
        return (counts[..., 2] - counts[..., 0]) / m
    # Bayes: Dirichlet(count + 1) via normalised gamma draws (vectorised over groups).
    alpha = shares * np.nan_to_num(size)[:, None] + 1.0
    g = rng.standard_gamma(alpha, size=(n_boot, *alpha.shape))
    g /= g.sum(axis=-1, keepdims=True)
    return g[..., 2] - g[..., 0]
