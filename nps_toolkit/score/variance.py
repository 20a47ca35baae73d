"""Variance of the NPS: per respondent, and Taylor-linearised for weighted data.

Each respondent contributes +1, 0 or -1, so the per-respondent variance at
promoter share ``p`` and detractor share ``d`` is ``(p + d) - (p - d)**2``
(:func:`nps_variance`). With survey weights, the weighted NPS is a ratio whose
Woodruff linearisation variance (:func:`linearized_variance`) needs only the
per-category sums of weights and of squared weights; the *linearised effective
sample size* (:func:`linearized_effective_n`) turns it into the number of
unweighted respondents with the same variance, on which every interval method
of :mod:`nps_toolkit.score.stats` runs. ``docs/statistics.md`` shows why this,
and not Kish's effective n, keeps weighted intervals at their level.
"""

from __future__ import annotations

import numpy as np

__all__ = ["linearized_effective_n", "linearized_variance", "nps_variance"]


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


def linearized_effective_n(
    detractors, passives, promoters, w2_detractors, w2_passives, w2_promoters, n
):
    """Effective sample size implied by the linearised variance of a weighted NPS.

    ``n* = var(p, d) / V`` with ``var(p, d) = (p + d) - (p - d)**2`` at the
    weighted shares and ``V = (n - 1) / n`` times :func:`linearized_variance`
    (the divisor-``n`` convention of the unweighted Wald variance). A simple
    random sample of ``n*`` respondents with these shares has variance ``V``,
    so every interval method can run on ``n*``; with equal weights ``n* = n``.
    Where ``V`` says nothing (fewer than 2 respondents, or every respondent in
    one category so that ``var(p, d) = 0``), Kish's ``(sum w)**2 / sum w**2``
    is returned instead.

    Parameters
    ----------
    detractors, passives, promoters, w2_detractors, w2_passives, w2_promoters, n : array-like
        As in :func:`linearized_variance`.

    Returns
    -------
    numpy.ndarray
        ``n*`` per element (0 where the weights sum to 0).

    Examples
    --------
    Equal weights (all 2) give back the number of respondents; a weight of 3 on
    the 10 detractors of 40 respondents gives fewer effective respondents.

    >>> float(linearized_effective_n(20, 40, 140, 40, 80, 280, 100))
    100.0
    >>> round(float(linearized_effective_n(30, 10, 20, 90, 10, 20, 40)), 2)
    32.22
    """
    det, pas, pro, w2d, w2a, w2p, n = (
        np.asarray(x, dtype="float64")
        for x in (detractors, passives, promoters, w2_detractors, w2_passives, w2_promoters, n)
    )
    total = det + pas + pro
    sum_w2 = w2d + w2a + w2p
    with np.errstate(invalid="ignore", divide="ignore"):
        kish = np.where(sum_w2 > 0, total**2 / sum_w2, 0.0)
        v = linearized_variance(det, pas, pro, w2d, w2a, w2p, n) * (n - 1) / n
        srs = nps_variance(pro / total, det / total)
        lin = srs / v
    usable = np.isfinite(lin) & (v > 0) & (srs > 0)
    return np.where(usable, lin, kish)
