"""Tests of nps_toolkit.drivers: correlations, Shapley R² and Johnson's relative weights."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from nps_toolkit.drivers import key_drivers, relative_weights, shapley_r2


def r2_lstsq(X, y):
    A = np.column_stack([np.ones(len(y)), X])
    coef, *_ = np.linalg.lstsq(A, y, rcond=None)
    resid = y - A @ coef
    return 1 - resid @ resid / ((y - y.mean()) @ (y - y.mean()))


def correlated_design(rng, n=2000, weights=(0.6, 0.4, 0.2, 0.0)):
    p = len(weights)
    cov = 0.4 * np.ones((p, p)) + 0.6 * np.eye(p)
    X = rng.multivariate_normal(np.zeros(p), cov, n)
    y = X @ np.asarray(weights) + rng.normal(0, 1, n)
    return X, y


def test_shapley_sums_to_lstsq_r2(rng):
    X, y = correlated_design(rng)
    phi = shapley_r2(X, y)
    assert phi.sum() == pytest.approx(r2_lstsq(X, y), abs=1e-10)


def test_shapley_two_drivers_by_hand(rng):
    X, y = correlated_design(rng, weights=(0.7, 0.3))
    r2_1 = r2_lstsq(X[:, :1], y)
    r2_2 = r2_lstsq(X[:, 1:], y)
    r2_12 = r2_lstsq(X, y)
    # Two orders of entry, each with weight 1/2.
    expected = [(r2_1 + (r2_12 - r2_2)) / 2, (r2_2 + (r2_12 - r2_1)) / 2]
    np.testing.assert_allclose(shapley_r2(X, y), expected, atol=1e-10)


def test_shapley_three_drivers_by_enumerating_orders(rng):
    from itertools import permutations

    X, y = correlated_design(rng, weights=(0.5, 0.3, 0.1))
    phi = np.zeros(3)
    orders = list(permutations(range(3)))
    for order in orders:
        seen = []
        for j in order:
            before = r2_lstsq(X[:, seen], y) if seen else 0.0
            seen.append(j)
            phi[j] += (r2_lstsq(X[:, seen], y) - before) / len(orders)
    np.testing.assert_allclose(shapley_r2(X, y), phi, atol=1e-10)


def test_orthogonal_drivers_get_squared_correlations(rng):
    n = 1000
    X = np.linalg.qr(rng.normal(size=(n, 3)) - 0)[0]
    X = X - X.mean(axis=0)
    X = np.linalg.qr(X)[0]  # exactly uncorrelated, centred columns
    y = X @ [3.0, 1.0, 0.5] + rng.normal(0, 0.05, n)
    r = np.array([stats.pearsonr(X[:, j], y)[0] for j in range(3)])
    np.testing.assert_allclose(shapley_r2(X, y), r**2, atol=1e-8)
    np.testing.assert_allclose(relative_weights(X, y), r**2, atol=1e-8)


def test_relative_weights_sum_and_close_to_shapley(rng):
    X, y = correlated_design(rng, n=5000)
    rw = relative_weights(X, y)
    phi = shapley_r2(X, y)
    assert rw.sum() == pytest.approx(r2_lstsq(X, y), abs=1e-10)
    np.testing.assert_allclose(rw, phi, atol=0.02)
    # Known weights 0.6 > 0.4 > 0.2 > 0: both recover the order.
    assert list(np.argsort(-rw)) == [0, 1, 2, 3]
    assert list(np.argsort(-phi)) == [0, 1, 2, 3]


def test_key_drivers_table(rng):
    X, y = correlated_design(rng, n=1500)
    d = pd.DataFrame(X, columns=["a", "b", "c", "d"]).assign(score=y)
    d.loc[d.index[:5], "b"] = np.nan
    t = key_drivers(d, score="score", drivers=["d", "c", "b", "a"], n_boot=200)
    assert t["driver"].tolist() == ["a", "b", "c", "d"]
    assert t["rank"].tolist() == [1, 2, 3, 4]
    assert t["n"].eq(1495).all()
    assert t.attrs["n_excluded"]["rows dropped (listwise)"] == 5
    complete = d.dropna()
    assert t.attrs["r2"] == pytest.approx(r2_lstsq(complete[["a", "b", "c", "d"]], complete.score))
    assert t["shapley_pct"].sum() == pytest.approx(100)
    assert t["rw_pct"].sum() == pytest.approx(100)
    # Correlation and its Fisher-z interval against scipy.
    res = stats.pearsonr(complete["a"], complete["score"])
    ci = res.confidence_interval(0.95)
    row = t.iloc[0]
    assert row["correlation"] == pytest.approx(res.statistic)
    assert row["corr_ci_low"] == pytest.approx(ci.low, abs=1e-6)
    assert row["corr_ci_high"] == pytest.approx(ci.high, abs=1e-6)
    assert (t["shapley_ci_low"] <= t["shapley"]).all() and (
        t["shapley"] <= t["shapley_ci_high"]
    ).all()
    assert (t["rw_ci_low"] <= t["relative_weight"]).all()


def test_bootstrap_interval_width_matches_sampling_spread():
    """Bootstrap interval of a Shapley share vs its spread over fresh samples."""
    rng = np.random.default_rng(7)
    shares = [shapley_r2(*correlated_design(rng, n=500))[0] for _ in range(150)]
    X, y = correlated_design(rng, n=500)
    d = pd.DataFrame(X, columns=list("abcd")).assign(score=y)
    t = key_drivers(d, score="score", drivers=list("abcd"), n_boot=400, method="shapley")
    width = t.set_index("driver").loc["a", ["shapley_ci_low", "shapley_ci_high"]].diff().iloc[-1]
    assert width == pytest.approx(2 * 1.96 * np.std(shares, ddof=1), rel=0.3)


def test_key_drivers_errors(rng):
    d = pd.DataFrame(rng.integers(1, 6, size=(100, 3)), columns=["a", "b", "c"]).assign(
        score=rng.integers(0, 11, 100)
    )
    with pytest.raises(ValueError, match="non-numeric"):
        key_drivers(d.assign(a=["x"] + list(d.a[1:])), score="score", drivers=["a", "b"])
    with pytest.raises(ValueError, match="constant"):
        key_drivers(d.assign(c=3), score="score", drivers=["a", "c"], n_boot=0)
    with pytest.raises(ValueError, match=r"\['zz'\] not found in the data"):
        key_drivers(d, score="score", drivers=["a", "zz"])
    with pytest.raises(ValueError, match="collinear"):
        key_drivers(d.assign(c=d.a + d.b), score="score", drivers=["a", "b", "c"], n_boot=0)
    wide = pd.DataFrame(rng.normal(size=(200, 13)), columns=[f"x{i}" for i in range(13)])
    with pytest.raises(ValueError, match="relative_weights"):
        key_drivers(wide.assign(score=1.0 + rng.normal(size=200)), score="score",
                    drivers=list(wide.columns))  # fmt: skip
    t = key_drivers(
        wide.assign(score=rng.normal(size=200)), score="score", drivers=list(wide.columns),
        method="relative_weights", n_boot=0,
    )  # fmt: skip
    assert "shapley" not in t.columns and len(t) == 13


def test_demo_driver_order():
    from nps_toolkit import datasets

    survey, _ = datasets.load_demo()
    ratings = [
        "rating_delivery",
        "rating_price",
        "rating_support",
        "rating_product",
        "rating_website",
    ]
    t = key_drivers(survey, score="score", drivers=ratings, n_boot=100)
    # Planted weights (datasets.TRUTH["driver_weights"]): delivery 0.90 > product 0.80
    # > support 0.45 > price 0.35 > website 0.10.
    weights = datasets.TRUTH["driver_weights"]
    expected = sorted(weights, key=lambda k: -weights[k])
    assert expected[0] == "rating_delivery" and expected[-1] == "rating_website"
    assert t["driver"].tolist() == expected
    assert t.attrs["n_excluded"]["missing score"] == int(survey["score"].isna().sum())
