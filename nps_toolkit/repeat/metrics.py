"""Discrimination metrics of predicted probabilities: DeLong AUCs, top-decile lift.

* :func:`delong`: AUCs of paired predictions and their DeLong covariance.
* :func:`top_decile_lift`: event rate in the top-scored tenth over the overall rate.

Used by :mod:`nps_toolkit.repeat.crossval` and :mod:`nps_toolkit.repeat.evaluation`
(where they were defined before; still importable from there).
"""

from __future__ import annotations

import numpy as np
from scipy import stats

__all__ = ["delong", "top_decile_lift"]


def delong(y, scores) -> tuple[np.ndarray, np.ndarray]:
    """AUCs and their DeLong covariance matrix (fast midrank algorithm of Sun & Xu, 2014).

    Parameters
    ----------
    y : array-like of 0/1
        Outcome.
    scores : array-like, shape (n,) or (k, n)
        One or several predictions for the same rows (paired).

    Returns
    -------
    (auc, cov) : ndarray (k,), ndarray (k, k)

    Examples
    --------
    >>> auc, cov = delong([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    >>> float(auc[0])
    0.75
    """
    y = np.asarray(y).astype(bool)
    s = np.atleast_2d(np.asarray(scores, dtype="float64"))
    pos, neg = s[:, y], s[:, ~y]
    m, n = pos.shape[1], neg.shape[1]
    if m == 0 or n == 0:
        raise ValueError("AUC needs both outcomes present (some 1s and some 0s).")
    tx = stats.rankdata(pos, axis=1)
    ty = stats.rankdata(neg, axis=1)
    tz = stats.rankdata(np.hstack([pos, neg]), axis=1)
    auc = (tz[:, :m].sum(axis=1) / m - (m + 1) / 2) / n
    v01 = (tz[:, :m] - tx) / n
    v10 = 1 - (tz[:, m:] - ty) / m
    sx = np.atleast_2d(np.cov(v01)) if m > 1 else np.zeros((len(s), len(s)))
    sy = np.atleast_2d(np.cov(v10)) if n > 1 else np.zeros((len(s), len(s)))
    return auc, sx / m + sy / n


def top_decile_lift(y, p, *, share: float = 0.1) -> float:
    """Event rate among the ``share`` highest predictions divided by the overall rate.

    Ties at the cut-off are shared out in proportion (the expectation under
    random tie-breaking), which matters when a predictor takes few values
    (three NPS categories).

    Examples
    --------
    >>> top_decile_lift([1, 0, 0, 0, 1, 0, 0, 0, 0, 0], [0.9, 0.1, 0.1, 0.1, 0.2, 0.1,
    ...                                                  0.1, 0.1, 0.1, 0.1])
    5.0
    """
    y = np.asarray(y, dtype="float64")
    p = np.asarray(p, dtype="float64")
    values, inverse = np.unique(-p, return_inverse=True)  # descending prediction
    n_at = np.bincount(inverse).astype("float64")
    e_at = np.bincount(inverse, weights=y)
    k = share * len(y)
    taken_before = np.concatenate([[0.0], np.cumsum(n_at)[:-1]])
    frac = np.clip((k - taken_before) / n_at, 0.0, 1.0)
    events_top = float((frac * e_at).sum())
    return float((events_top / k) / y.mean())
