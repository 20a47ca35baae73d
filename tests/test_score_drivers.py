"""Tests of nps_toolkit.score.drivers: correlations, Shapley R² and Johnson's relative weights."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from nps_toolkit.score.drivers import key_drivers, relative_weights, shapley_r2


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
    t_res = key_drivers(d, score="score", drivers=["d", "c", "b", "a"], n_boot=200)
    t = t_res.table
    assert t["driver"].tolist() == ["a", "b", "c", "d"]
    assert t["rank"].tolist() == [1, 2, 3, 4]
    assert t["n"].eq(1495).all()
    assert t_res.n_excluded["rows dropped (listwise)"] == 5
    complete = d.dropna()
    assert t_res.r2 == pytest.approx(r2_lstsq(complete[["a", "b", "c", "d"]], complete.score))
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
    t_res = key_drivers(d, score="score", drivers=list("abcd"), n_boot=400, method="shapley")
    t = t_res.table
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
    t_res = key_drivers(
        wide.assign(score=rng.normal(size=200)), score="score", drivers=list(wide.columns),
        method="relative_weights", n_boot=0,
    )  # fmt: skip
    t = t_res.table
    assert "shapley" not in t.columns and len(t) == 13


def test_demo_driver_order():
    from nps_toolkit.datasets import demo as datasets
    from nps_toolkit.datasets.truth import RATINGS

    survey, _ = datasets.load_demo()
    t_res = key_drivers(survey, score="score", drivers=RATINGS, n_boot=100)
    t = t_res.table
    # Planted weights (datasets.TRUTH["driver_weights"]): delivery 0.90 > product 0.80
    # > support 0.45 > price 0.35 > website 0.10.
    weights = datasets.TRUTH["driver_weights"]
    expected = sorted(weights, key=lambda k: -weights[k])
    assert expected[0] == "rating_delivery" and expected[-1] == "rating_website"
    assert t["driver"].tolist() == expected
    assert t_res.n_excluded["missing score"] == int(survey["score"].isna().sum())


# ------------------------------------------------------------------ bootstrap on distinct rows
def likert_survey(rng, n, weights=(0.8, 0.0), corr=0.0):
    """1-5 ratings (the second correlated `corr` with the first) and a 0-10 score."""
    latent = rng.normal(size=(n, len(weights)))
    latent[:, 1] = corr * latent[:, 0] + np.sqrt(1 - corr**2) * latent[:, 1]
    ratings = np.clip(np.round(3 + 1.2 * latent), 1, 5)
    score = np.clip(np.round(6 + ratings @ np.asarray(weights) - 2.4 + rng.normal(0, 2, n)), 0, 10)
    cols = [f"r{j}" for j in range(len(weights))]
    return pd.DataFrame(ratings, columns=cols).assign(score=score), cols


def test_weighted_moments_equal_replicated_rows(rng):
    """Multinomial weights on distinct rows give the correlations of the resample itself."""
    from nps_toolkit.score.importance import corr_from_moments as _corr_from_moments
    from nps_toolkit.score.importance import distinct_rows as _distinct_rows

    d, cols = likert_survey(rng, 300, weights=(0.8, 0.3, 0.0))
    Z = d[[*cols, "score"]].to_numpy()
    rows, counts = _distinct_rows(Z)
    assert counts.sum() == 300 and len(rows) < 300
    # Every distinct row with its count is in Z that many times.
    for row, c in zip(rows[:20], counts[:20], strict=True):
        assert (Z == row).all(axis=1).sum() == c
    w = rng.multinomial(300, counts / 300)
    R, r = _corr_from_moments((w @ rows)[None], np.einsum("k,ki,kj->ij", w, rows, rows)[None], 300)
    expanded = np.repeat(rows, w, axis=0)
    full = np.corrcoef(expanded, rowvar=False)
    np.testing.assert_allclose(R[0], full[:-1, :-1], atol=1e-10)
    np.testing.assert_allclose(r[0], full[:-1, -1], atol=1e-10)


def shapley_two_by_lstsq(X, y):
    r2_1, r2_2, r2_12 = r2_lstsq(X[:, :1], y), r2_lstsq(X[:, 1:], y), r2_lstsq(X, y)
    return np.array([(r2_1 + r2_12 - r2_2) / 2, (r2_2 + r2_12 - r2_1) / 2])


@pytest.mark.parametrize("discrete", [True, False])
def test_bootstrap_intervals_agree_with_per_row_bootstrap(discrete):
    """Same intervals (within Monte-Carlo error) as resampling respondents one by one.

    Discrete ratings (few distinct rows: multinomial counts) and continuous drivers
    (every row distinct: resampled row numbers)."""
    from nps_toolkit.score.importance import distinct_rows as _distinct_rows

    rng = np.random.default_rng(11)
    if discrete:
        n = 6000
        d, cols = likert_survey(rng, n, weights=(0.8, 0.4), corr=0.4)
    else:
        n = 400
        X, y = correlated_design(rng, n=n, weights=(0.6, 0.3))
        d, cols = pd.DataFrame(X, columns=["r0", "r1"]).assign(score=y), ["r0", "r1"]
    distinct = len(_distinct_rows(d[[*cols, "score"]].to_numpy())[0])
    assert (4 * distinct < n) == discrete  # the two ways of drawing the counts
    X, y = d[cols].to_numpy(), d["score"].to_numpy()
    B = 2000
    boot = np.array([shapley_two_by_lstsq(X[i], y[i]) for i in rng.integers(0, n, (B, n))])
    t_res = key_drivers(d, score="score", drivers=cols, n_boot=B, seed=5, method="shapley")
    t = t_res.table
    t = t.set_index("driver").loc[cols]
    boot_hi = np.quantile(boot, 0.975, axis=0)
    boot_lo = np.quantile(boot, 0.025, axis=0)
    width = boot_hi - boot_lo
    # Monte-Carlo SE of a 2.5% quantile with B = 2000 is about 0.06 sd = 0.015 width
    # per side; allow 0.08 width (about 4 SE of the difference of two estimates).
    np.testing.assert_allclose(t["shapley_ci_low"], boot_lo, atol=0.08 * width.min())
    np.testing.assert_allclose(t["shapley_ci_high"], boot_hi, atol=0.08 * width.min())


def test_bootstrap_memory_does_not_grow_with_rows():
    """200k respondents, 200 resamples: the old per-row bootstrap held 100 x n x 3 floats
    (480 MB) at once; on distinct rows it is a few MB beyond the data."""
    import tracemalloc

    rng = np.random.default_rng(3)
    d, cols = likert_survey(rng, 200_000, weights=(0.8, 0.0))
    tracemalloc.start()
    key_drivers(d, score="score", drivers=cols, n_boot=200)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    data_mb = d.memory_usage(deep=True).sum() / 1e6
    assert peak / 1e6 < 4 * data_mb + 20


# ------------------------------------------------------------------ is a driver noise?
def test_beta_interval_and_p_value_match_statsmodels_ols(rng):
    import statsmodels.api as sm

    X, y = correlated_design(rng, n=300)
    d = pd.DataFrame(X, columns=list("abcd")).assign(score=y)
    t_res = key_drivers(d, score="score", drivers=list("abcd"), n_boot=0, confidence=0.9)
    t = t_res.table
    t = t.set_index("driver").loc[list("abcd")]
    Zx = (X - X.mean(axis=0)) / X.std(axis=0)
    zy = (y - y.mean()) / y.std()
    fit = sm.OLS(zy, sm.add_constant(Zx)).fit()
    ci = fit.conf_int(0.1)[1:]
    np.testing.assert_allclose(t["beta"], fit.params[1:], rtol=1e-9)
    np.testing.assert_allclose(t["beta_ci_low"], ci[:, 0], rtol=1e-9)
    np.testing.assert_allclose(t["beta_ci_high"], ci[:, 1], rtol=1e-9)
    np.testing.assert_allclose(t["p_val"], fit.pvalues[1:], rtol=1e-9)
    # Holm by hand: sorted p times (m, m-1, ...), running maximum, capped at 1.
    order = np.argsort(fit.pvalues[1:])
    holm = np.minimum(1, np.maximum.accumulate(fit.pvalues[1:][order] * np.arange(4, 0, -1)))
    np.testing.assert_allclose(t["p_adj"].to_numpy()[order], holm, rtol=1e-9)
    assert (t["significant"] == (t["p_adj"] < 0.1)).all()
    # The planted noise driver d: interval covers 0 and not significant; a is significant.
    assert t.loc["d", "beta_ci_low"] < 0 < t.loc["d", "beta_ci_high"]
    assert t.loc["a", "significant"]


@pytest.mark.slow
def test_noise_driver_is_recognised_at_the_nominal_rate():
    """Known truth: one real driver and one pure-noise driver (issue 10: the bootstrap
    intervals of the shares covered 0 in 0 of 300 replicates)."""
    rng = np.random.default_rng(2025)
    reps, alpha = 400, 0.05
    noise_sig, real_sig, agree, share_covers = 0, 0, 0, 0
    proxy_sig = 0
    for r in range(reps):
        d, cols = likert_survey(rng, 300, weights=(0.6, 0.0))
        t = key_drivers(d, score="score", drivers=cols, n_boot=0).table.set_index("driver")
        noise_sig += bool(t.loc["r1", "significant"])
        real_sig += bool(t.loc["r0", "significant"])
        covers = (t["beta_ci_low"] <= 0) & (t["beta_ci_high"] >= 0)
        agree += bool(((t["p_val"] < alpha) == ~covers).all())
        share_covers += bool(t.loc["r1", "shapley"] <= 0)
        if r < 200:  # a proxy: correlated 0.6 with the real driver, no effect of its own
            d, cols = likert_survey(rng, 300, weights=(0.6, 0.0), corr=0.6)
            t = key_drivers(d, score="score", drivers=cols, n_boot=0).table.set_index("driver")
            proxy_sig += bool(t.loc["r1", "p_val"] < alpha)
            assert t.loc["r1", "shapley_pct"] > 1  # a share it borrows from r0
    assert 0.90 <= 1 - noise_sig / reps <= 0.99
    assert real_sig == reps
    assert agree == reps  # p < alpha exactly when the beta interval excludes 0
    assert share_covers == 0  # why shares cannot tell: they are never 0
    assert 0.90 <= 1 - proxy_sig / 200 <= 0.99


# ------------------------------------------------------------------ priority view
def priority_survey(rng, n=1500):
    """Delivery matters and is rated low; price matters and is rated high; website is noise."""
    d = pd.DataFrame(
        {
            "delivery": rng.choice([1, 2, 3, 4], n, p=[0.3, 0.3, 0.3, 0.1]),
            "price": rng.choice([2, 3, 4, 5], n, p=[0.1, 0.2, 0.3, 0.4]),
            "website": rng.integers(1, 6, n),
            "support": rng.integers(1, 6, n),
        }
    )
    d["score"] = np.clip(
        np.round(1 + 1.2 * d.delivery + 0.8 * d.price + 0.15 * d.support + rng.normal(0, 1.5, n)),
        0,
        10,
    )
    d.loc[d.index[:7], "website"] = np.nan
    return d


def test_driver_priority_by_hand(rng):
    from nps_toolkit.score.drivers import driver_priority

    d = priority_survey(rng)
    names = ["delivery", "price", "website", "support"]
    kd_res = key_drivers(d, score="score", drivers=names, n_boot=0)
    kd = kd_res.table
    t_res = driver_priority(kd)
    t = t_res.table
    complete = d.dropna()
    for _, row in t.iterrows():
        k = kd.set_index("driver").loc[row["driver"]]
        assert row["importance"] == pytest.approx(k["shapley_pct"])
        assert row["performance"] == pytest.approx(complete[row["driver"]].mean())
        assert row["significant"] == k["significant"]
    means = complete[names].mean()
    assert t_res.performance_split == pytest.approx(means.mean())
    assert t_res.importance_split == pytest.approx(25)
    quadrant = t.set_index("driver")["quadrant"]
    assert quadrant["delivery"] == "concentrate here"  # important, rated low
    assert quadrant["price"] == "keep up the good work"
    assert quadrant["website"] in ("low priority", "possible overkill")
    assert not t.set_index("driver").loc["website", "significant"]
    for _, row in t.iterrows():
        high_i = row["importance"] > 25
        high_p = row["performance"] > means.mean()
        assert (row["high_importance"], row["high_performance"]) == (high_i, high_p)
    assert t["importance"].is_monotonic_decreasing
    # From data directly, and with relative weights.
    pd.testing.assert_frame_equal(
        driver_priority(data=d, score="score", drivers=names, n_boot=0).table, t
    )
    rw_res = driver_priority(kd, importance="relative_weights")
    rw = rw_res.table
    np.testing.assert_allclose(
        rw.set_index("driver").loc[names, "importance"], kd.set_index("driver").loc[names, "rw_pct"]
    )


def test_driver_priority_errors(rng):
    from nps_toolkit.score.drivers import driver_priority

    d = priority_survey(rng, 300)
    with pytest.raises(ValueError, match="result="):
        driver_priority()
    kd_res = key_drivers(d, score="score", drivers=["delivery", "price"], n_boot=0)
    kd = kd_res.table
    with pytest.raises(ValueError, match="not both"):
        driver_priority(kd, data=d)
    with pytest.raises(ValueError, match="importance="):
        driver_priority(kd, importance="gini")
    with pytest.raises(ValueError, match=r"lacks column\(s\) \['mean_rating'\]"):
        driver_priority(kd.drop(columns="mean_rating"))
    only_rw_res = key_drivers(
        d, score="score", drivers=["delivery", "price"], n_boot=0, method="relative_weights"
    )
    only_rw = only_rw_res.table
    assert driver_priority(only_rw_res).table["importance"].sum() == pytest.approx(100)
    with pytest.raises(ValueError, match="method='both' or 'shapley'"):
        driver_priority(only_rw, importance="shapley")
