"""Empirical Bayes shrinkage of segment NPS toward the mean of all segments.

:func:`shrink_estimates` is what ``nps_by(..., shrink=True)`` adds:
pooled-variance empirical Bayes (Morris 1983, *Parametric empirical Bayes
inference*, JASA 78:47-55) of each group's NPS toward the mean of all groups.

Each group's sampling variance is ``V_g = s2 / n_g``, ``s2`` the pooled
within-group per-respondent variance (not the group's own, which is 0 for an
all-promoter group); the between-group variance ``tau2`` is the
method-of-moments (one-way ANOVA) estimate ``(MSB - s2) / n0``, floored at 0.
With ``k`` groups, ``B_g = (k - 3) / (k - 1) * V_g / (V_g + tau2)``, the shrunk
NPS is ``mu + (1 - B_g) (nps_g - mu)`` (``mu`` the precision-weighted mean,
``shrink_weight = 1 - B_g``), and its interval is the posterior normal interval
with Morris' variance ``V_g (1 - B_g) + B_g**2 Var(mu) + 2 / (k - 3) B_g**2
(nps_g - mu)**2``, whose last two terms account for estimating ``mu`` and
``tau2``. Small, noisy groups move most. The intervals cover the groups' true
NPS about 95% of the time *on average over the groups* (not for each group).
Weighted data use the linearised effective n for ``n_g``. With fewer than 4
groups nothing is shrunk (``shrink_weight = 1``, the interval is Wald with the
pooled variance); a group without respondents gets ``mu`` with the spread of a
new group, ``tau2 + Var(mu)``. See ``docs/statistics.md``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from nps_toolkit.score.counts import W2_COLUMNS
from nps_toolkit.score.stats import z_value
from nps_toolkit.score.variance import linearized_effective_n, nps_variance

__all__ = ["shrink_estimates"]


def shrink_estimates(counts: pd.DataFrame, *, confidence: float = 0.95) -> dict[str, np.ndarray]:
    """Pooled-variance empirical Bayes (Morris 1983) of each group's NPS.

    Parameters
    ----------
    counts : pandas.DataFrame
        A counts frame (:func:`nps_toolkit.score.counts.counts_frame`), one row
        per group.
    confidence : float
        Level of the shrunk intervals.

    Returns
    -------
    dict of numpy.ndarray
        ``nps_shrunk``, ``shrink_weight``, ``shrunk_ci_low``, ``shrunk_ci_high``,
        one value per row of ``counts`` (see
        :func:`nps_toolkit.score.estimate.nps_by`, ``shrink=True``).
    """
    det, pas, pro = (
        counts[c].to_numpy(dtype="float64") for c in ("detractors", "passives", "promoters")
    )
    total = det + pas + pro
    if "sum_w" not in counts.columns:
        size = total
    elif all(c in counts.columns for c in W2_COLUMNS):
        w2 = (counts[c].to_numpy(dtype="float64") for c in W2_COLUMNS)
        size = linearized_effective_n(det, pas, pro, *w2, counts["n"].to_numpy(dtype="float64"))
    else:  # a counts frame without squared weights per category: Kish's n
        sum_w2 = counts["sum_w2"].to_numpy(dtype="float64")
        size = np.divide(total**2, sum_w2, out=np.zeros_like(total), where=sum_w2 > 0)
    ok = (total > 0) & (size > 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        y = np.where(ok, (pro - det) / total, np.nan)
        var = np.where(ok, nps_variance(pro / total, det / total), np.nan)
    k = int(ok.sum())
    z = z_value(confidence)
    m = size[ok]
    n_all = m.sum()
    mean_all = np.sum(m * y[ok]) / n_all if k else np.nan
    # Within-group (pooled) per-respondent variance: each group's sampling variance is
    # this over its n, not its own noisy variance (0 for an all-promoter group).
    if n_all - k >= 1:
        pooled = np.sum(m * var[ok]) / (n_all - k)
    else:  # one respondent a group: no within-group information, use the overall variance
        pooled = np.sum(m * (y[ok] - mean_all) ** 2) / max(n_all - 1, 1)
    v = np.where(ok, pooled / np.where(ok, size, 1.0), np.nan)
    if k < 4:
        # Too few groups to estimate the between-group variance: no shrinkage.
        se = np.sqrt(v)
        return {"nps_shrunk": 100 * y, "shrink_weight": np.where(ok, 1.0, np.nan),
                "shrunk_ci_low": 100 * np.clip(y - z * se, -1, 1),
                "shrunk_ci_high": 100 * np.clip(y + z * se, -1, 1)}  # fmt: skip
    # Method-of-moments (one-way ANOVA) between-group variance tau2.
    msb = np.sum(m * (y[ok] - mean_all) ** 2) / (k - 1)
    n0 = (n_all - np.sum(m**2) / n_all) / (k - 1)
    tau2 = max(0.0, (msb - pooled) / n0)
    prec = 1 / (tau2 + v[ok]) if tau2 + pooled > 0 else np.ones(k)
    mu = np.sum(prec * y[ok]) / prec.sum()
    var_mu = 1 / prec.sum() if tau2 + pooled > 0 else 0.0
    with np.errstate(invalid="ignore", divide="ignore"):
        b = np.where(v + tau2 > 0, (k - 3) / (k - 1) * v / (v + tau2), 0.0)
    b = np.minimum(b, 1.0)
    shrunk = mu + (1 - b) * (y - mu)
    post_var = v * (1 - b) + b**2 * var_mu + 2 / (k - 3) * b**2 * (y - mu) ** 2
    # A group with no respondents gets the overall mean and the spread of a new group.
    shrunk = np.where(ok, shrunk, mu)
    post_var = np.where(ok, post_var, tau2 + var_mu)
    se = np.sqrt(post_var)
    return {
        "nps_shrunk": 100 * shrunk,
        "shrink_weight": np.where(ok, 1 - b, 0.0),
        "shrunk_ci_low": 100 * np.clip(shrunk - z * se, -1, 1),
        "shrunk_ci_high": 100 * np.clip(shrunk + z * se, -1, 1),
    }
