"""DeLong's AUC interval against a brute-force computation and scikit-learn."""

import numpy as np
import pytest
from sklearn.metrics import roc_auc_score

from nps_toolkit.comments import likeness
from nps_toolkit.comments.auc import auc_interval


def _delong_brute(y, s):
    pos, neg = s[y == 1], s[y == 0]
    psi = (pos[:, None] > neg[None, :]) + 0.5 * (pos[:, None] == neg[None, :])
    v10, v01 = psi.mean(axis=1), psi.mean(axis=0)
    se = np.sqrt(v10.var(ddof=1) / len(pos) + v01.var(ddof=1) / len(neg))
    return psi.mean(), se


def test_auc_interval_matches_brute_force_delong():
    rng = np.random.default_rng(3)
    y = rng.integers(0, 2, 300)
    s = np.round(rng.normal(size=300) + 0.8 * y, 1)  # rounded: ties
    auc, low, high = auc_interval(y, s)
    ref_auc, ref_se = _delong_brute(y, s)
    assert auc == pytest.approx(ref_auc) == pytest.approx(roc_auc_score(y, s))
    assert high - low == pytest.approx(2 * 1.959964 * ref_se, rel=1e-5)
    assert np.isnan(auc_interval([1, 0, 0], [0.2, 0.1, 0.3])[0])


def test_likeness_still_exports_auc_interval():
    assert likeness.auc_interval is auc_interval
