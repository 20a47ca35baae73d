"""Tests of nps_toolkit.evaluation: DeLong AUCs, top-decile lift, predictor comparison."""

import numpy as np
import pytest
from repeat_simulation import expit, simulate
from sklearn.metrics import brier_score_loss, roc_auc_score

from nps_toolkit.evaluation import compare_predictors, delong, top_decile_lift


# ------------------------------------------------------------------ DeLong
def test_delong_variance_by_direct_formula(rng):
    n = 120
    y = rng.random(n) < 0.4
    s1 = y + rng.normal(0, 1.0, n)
    s2 = np.round(y + rng.normal(0, 1.5, n), 1)  # with ties
    auc, cov = delong(y, np.vstack([s1, s2]))

    # DeLong et al. (1988) structural components written out pairwise.
    def components(s):
        x, z = s[y], s[~y]
        psi = (x[:, None] > z[None, :]) + 0.5 * (x[:, None] == z[None, :])
        return psi.mean(), psi.mean(axis=1), psi.mean(axis=0)

    a1, v10_1, v01_1 = components(s1)
    a2, v10_2, v01_2 = components(s2)
    m, k = y.sum(), (~y).sum()
    var1 = np.var(v10_1, ddof=1) / m + np.var(v01_1, ddof=1) / k
    cov12 = np.cov(v10_1, v10_2)[0, 1] / m + np.cov(v01_1, v01_2)[0, 1] / k
    np.testing.assert_allclose(auc, [a1, a2])
    assert auc[0] == pytest.approx(roc_auc_score(y, s1))
    assert cov[0, 0] == pytest.approx(var1)
    assert cov[0, 1] == pytest.approx(cov12)


# ------------------------------------------------------------------ comparison
def test_top_decile_lift_hand_with_ties():
    # 20 rows, top 10% = 2 rows: the 0.9 row (an event) and one of three tied 0.5
    # rows (1 event among 3): expected events 1 + 1/3 in 2 rows, overall rate 3/20.
    p = np.array([0.9, 0.5, 0.5, 0.5] + [0.1] * 16)
    y = np.array([1, 1, 0, 0] + [1] + [0] * 15)
    assert top_decile_lift(y, p) == pytest.approx(((1 + 1 / 3) / 2) / (3 / 20))


def test_compare_predictors_metrics_and_winner(rng):
    n = 3000
    d = simulate(rng, n)
    d["signal"] = rng.normal(0, 1, n)
    d["rep"] = rng.random(n) < expit(-1 + 0.15 * d.score + 1.5 * d.signal)
    t = compare_predictors(
        d, outcome="rep", score="score", extra={"score + signal": ["signal"]}, n_boot=200
    )
    assert t["predictors"].tolist() == [
        "score (linear)",
        "category (dummies)",
        "top2box",
        "score + signal",
    ]
    preds = t.attrs["predictions"]
    y = d.rep.to_numpy()
    for _, row in t.iterrows():
        p = preds[row["predictors"]].to_numpy()
        assert row["auc"] == pytest.approx(roc_auc_score(y, p))
        assert row["gini"] == pytest.approx(2 * roc_auc_score(y, p) - 1)
        assert row["brier"] == pytest.approx(brier_score_loss(y, p))
        assert row["auc_ci_low"] < row["auc"] < row["auc_ci_high"]
    assert t.loc[t["best"], "predictors"].item() == "score + signal"
    assert (t.loc[~t["best"], "p_val_vs_best"] < 0.001).all()
    assert t["n"].eq(n).all()
    # DeLong and the paired bootstrap give similar intervals.
    t2 = compare_predictors(
        d, outcome="rep", score="score", extra={"score + signal": ["signal"]}, interval="delong"
    )
    np.testing.assert_allclose(t2["auc"], t["auc"])
    w_boot = t["auc_ci_high"] - t["auc_ci_low"]
    w_delong = t2["auc_ci_high"] - t2["auc_ci_low"]
    np.testing.assert_allclose(w_boot, w_delong, rtol=0.3)


def test_compare_predictors_same_rows(rng):
    d = simulate(rng, 2000)
    d["x"] = rng.normal(size=2000)
    d.loc[d.index[:11], "x"] = np.nan
    t = compare_predictors(d, outcome="rep", score="score", extra={"s+x": ["x"]}, n_boot=50)
    assert t["n"].eq(2000 - 11).all()
    assert t.attrs["n_excluded"]["n"].sum() == 11
