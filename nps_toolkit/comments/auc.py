"""DeLong's interval of an AUC: how well a score separates detractors from promoters.

Used for the cross-validated AUC of the tone table (:func:`nps_toolkit.comments.tones.tone`).
"""

from __future__ import annotations

import numpy as np

__all__ = ["auc_interval"]


def auc_interval(y_true, y_score, confidence: float = 0.95) -> tuple[float, float, float]:
    """AUC and its DeLong interval (normal approximation, clipped to 0..1).

    DeLong, DeLong & Clarke-Pearson (1988): the AUC is the mean of the
    per-positive placement values ``V10`` (share of negatives scored lower, ties
    counting half); its variance is ``var(V10)/n1 + var(V01)/n0``. Placements
    are computed from mid-ranks (Sun & Xu 2014), in O(n log n).

    Parameters
    ----------
    y_true : array of 0/1
        1 for the positive class (here: detractor).
    y_score : array of float
        Higher means more likely positive.
    confidence : float, default 0.95

    Returns
    -------
    (auc, ci_low, ci_high)
        NaN when a class has fewer than 2 members.

    Examples
    --------
    >>> auc_interval([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])[0]
    0.75
    """
    from scipy.stats import norm, rankdata

    y = np.asarray(y_true).astype(bool)
    s = np.asarray(y_score, dtype="float64")
    pos, neg = s[y], s[~y]
    n1, n0 = len(pos), len(neg)
    if n1 < 2 or n0 < 2:
        return (float("nan"),) * 3
    r_all = rankdata(np.concatenate([pos, neg]))
    v10 = (r_all[:n1] - rankdata(pos)) / n0
    v01 = 1.0 - (r_all[n1:] - rankdata(neg)) / n1
    auc = float(v10.mean())
    se = float(np.sqrt(v10.var(ddof=1) / n1 + v01.var(ddof=1) / n0))
    z = float(norm.ppf(0.5 + confidence / 2))
    return auc, max(0.0, auc - z * se), min(1.0, auc + z * se)
