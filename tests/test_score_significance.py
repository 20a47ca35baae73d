"""Tests of differences against hand calculations, statsmodels, exact enumeration and simulation.

Type-I errors are computed exactly: every multinomial outcome of two samples is
enumerated, tested with the kit's own (vectorised) test, and weighted by its
probability under ``scipy.stats.multinomial`` for each point of a grid of null
shares. The same enumeration checks that ``p < alpha`` exactly when the
interval excludes the null value, for every outcome.
"""

import inspect
import warnings
from functools import cache

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps
from statsmodels.stats.multitest import multipletests

from nps_toolkit.score import significance as significance
from nps_toolkit.score.difference import benchmark_test as _benchmark_test
from nps_toolkit.score.difference import diff_test as _diff_test
from nps_toolkit.score.estimate import nps_trend
from nps_toolkit.score.pairwise import vs_rest_from_counts as _vs_rest_from_counts
from nps_toolkit.score.significance import (
    MIN_N,
    MIN_N_ONE_SAMPLE,
    nps_changes,
    nps_test,
    nps_test_benchmark,
    nps_vs_rest,
    pairwise_nps,
)

Z95 = 1.959963984540054


def _scores(det, pas, pro):
    return [0] * det + [7] * pas + [10] * pro


# --- exact enumeration -------------------------------------------------------------

# Null shares (promoters, detractors): 5% steps, every category at least 5% (171 points).
GRID = np.array(
    [(i / 20, j / 20) for i in range(1, 20) for j in range(1, 20) if i + j <= 19], dtype=float
)


@cache
def _outcomes(n):
    """Every (detractors, passives, promoters) with total n."""
    return np.array([(d, n - d - p, p) for d in range(n + 1) for p in range(n + 1 - d)])


@cache
def _pmf(n):
    """Probability of each outcome (rows) under each grid point (columns)."""
    x = _outcomes(n)
    cols = [sps.multinomial.pmf(x, n, [d, 1 - p - d, p]) for p, d in GRID]
    return np.column_stack(cols)


def _side(x):
    x = np.asarray(x, dtype="float64")
    return {"n": x.sum(axis=1), "detractors": x[:, 0], "passives": x[:, 1], "promoters": x[:, 2]}


def _all_pairs(na, nb, **kw):
    """The kit's test on every outcome pair: arrays of shape (outcomes_a, outcomes_b)."""
    xa, xb = _outcomes(na), _outcomes(nb)
    ia, ib = np.meshgrid(np.arange(len(xa)), np.arange(len(xb)), indexing="ij")
    res = _diff_test(_side(xa[ia.ravel()]), _side(xb[ib.ravel()]), **kw)
    return {k: np.asarray(v).reshape(ia.shape) for k, v in res.items()}


def _type_one(na, nb, alpha=0.05, **kw):
    """Exact P(p < alpha) under each null grid point (both samples share the shares)."""
    xa, xb = _outcomes(na), _outcomes(nb)
    side_b = _side(xb)
    total = np.zeros(len(GRID))
    for start in range(0, len(xa), 64):  # chunks of sample a's outcomes keep memory small
        rows = xa[start : start + 64]
        ia = np.repeat(np.arange(len(rows)), len(xb))
        a = _side(rows[ia])
        b = {k: np.tile(v, len(rows)) for k, v in side_b.items()}
        p = _diff_test(a, b, confidence=1 - alpha, **kw)["p_val"].reshape(len(rows), len(xb))
        reject = (p < alpha).astype(float)
        total += np.sum(_pmf(na)[start : start + 64] * (reject @ _pmf(nb)), axis=0)
    return total


def _one_sample_type_one(n, alpha=0.05, **kw):
    """Exact P(p < alpha) of the benchmark test when the benchmark is the true NPS."""
    x = _outcomes(n)
    truth = 100 * (GRID[:, 0] - GRID[:, 1])
    side = {k: v[:, None] for k, v in _side(x).items()}
    res = _benchmark_test(side, truth[None, :], confidence=1 - alpha, **kw)
    return np.sum(_pmf(n) * (res["p_val"] < alpha), axis=0)


def _excludes_null(lo, hi, null=0.0):
    return (lo > null) | (hi < null)


# --- hand calculations ---------------------------------------------------------------


def test_reference_difference_wald():
    r = nps_test(_scores(30, 30, 40), _scores(20, 30, 50), method="wald").iloc[0]
    assert r["nps_a"] == pytest.approx(10) and r["nps_b"] == pytest.approx(30)
    assert r["diff"] == pytest.approx(-20)  # sign kept: a - b
    assert r["se"] == pytest.approx(11.4018, abs=1e-4)
    assert r["p_val"] == pytest.approx(0.0794, abs=1e-4)
    assert r["ci_low"] == pytest.approx(-20 - 1.959964 * 11.4018, abs=1e-3)
    assert (r["n_a"], r["n_b"]) == (100, 100)
    assert not r["significant"] and r["note"] == ""


def test_sign_flips_with_order():
    a, b = _scores(30, 30, 40), _scores(20, 30, 50)
    ab, ba = nps_test(a, b).iloc[0], nps_test(b, a).iloc[0]
    assert ba["diff"] == pytest.approx(20)
    assert ba["p_val"] == pytest.approx(ab["p_val"])
    assert ba["ci_low"] == pytest.approx(-ab["ci_high"])


def test_adjusted_method_hand_calculation():
    # Rocks' adjustment: +3/4 detractor, +3/4 promoter, +1.5 passives in each sample.
    r = nps_test(_scores(3, 2, 5), _scores(1, 1, 8), min_n=1).iloc[0]
    pa, da = 5.75 / 13, 3.75 / 13
    pb, db = 8.75 / 13, 1.75 / 13
    se = np.sqrt(((pa + da) - (pa - da) ** 2) / 13 + ((pb + db) - (pb - db) ** 2) / 13)
    centre = (pa - da) - (pb - db)
    assert r["diff"] == pytest.approx(100 * (0.2 - 0.7))  # the raw difference is reported
    assert r["se"] == pytest.approx(100 * se)
    # ...but the test uses the interval's centre: z = centre / se.
    assert r["z"] == pytest.approx(centre / se)
    assert r["p_val"] == pytest.approx(2 * sps.norm.sf(abs(centre / se)))
    assert r["ci_low"] == pytest.approx(100 * (centre - Z95 * se))
    assert r["ci_high"] == pytest.approx(100 * (centre + Z95 * se))


def test_empty_sample_raises():
    with pytest.raises(ValueError, match="No valid scores in sample a"):
        nps_test([None, None], [9, 10])


def test_benchmark_hand_calculation():
    r = nps_test_benchmark(_scores(10, 20, 70), 50, method="wald").iloc[0]
    se = np.sqrt(0.44 / 100)
    z = 0.10 / se
    assert r["z"] == pytest.approx(z)
    assert r["p_val"] == pytest.approx(2 * sps.norm.sf(z))
    assert r["diff"] == pytest.approx(10) and r["n"] == 100
    # ci_low/ci_high: interval of the difference; nps_ci_*: of the NPS.
    assert r["nps_ci_low"] == pytest.approx(60 - Z95 * 100 * se)
    assert r["ci_low"] == pytest.approx(10 - Z95 * 100 * se)
    assert r["ci_high"] == pytest.approx(r["nps_ci_high"] - 50)
    adj = nps_test_benchmark(_scores(10, 20, 70), 50).iloc[0]
    p, d = 70.75 / 103, 10.75 / 103
    se_adj = np.sqrt(((p + d) - (p - d) ** 2) / 103)
    assert adj["se"] == pytest.approx(100 * se_adj)
    assert adj["z"] == pytest.approx((p - d - 0.5) / se_adj)
    assert adj["nps_ci_low"] == pytest.approx(100 * (p - d - Z95 * se_adj))
    with pytest.raises(ValueError, match="between -100 and 100"):
        nps_test_benchmark([9], 150)


def test_benchmark_interval_is_the_estimate_interval():
    from nps_toolkit.score.estimate import nps

    s = _scores(15, 25, 60)
    r = nps_test_benchmark(s, 20).iloc[0]
    est = nps(s).iloc[0]
    assert r["nps_ci_low"] == pytest.approx(est["ci_low"])
    assert r["nps_ci_high"] == pytest.approx(est["ci_high"])


def test_pairwise_holm_matches_statsmodels_and_hand_tests():
    df = pd.DataFrame(
        {
            "score": _scores(30, 30, 40) + _scores(20, 30, 50) + _scores(45, 25, 30),
            "g": ["a"] * 100 + ["b"] * 100 + ["c"] * 100,
        }
    )
    got = pairwise_nps(df, score="score", by="g")
    assert got[["a", "b"]].values.tolist() == [["a", "b"], ["a", "c"], ["b", "c"]]
    first = nps_test(_scores(30, 30, 40), _scores(20, 30, 50)).iloc[0]
    assert got.loc[0, "p_val"] == pytest.approx(first["p_val"])
    assert got.loc[0, "ci_low"] == pytest.approx(first["ci_low"])
    # Holm by hand: sort p ascending, multiply by (m - rank), cumulative max.
    p = got["p_val"].to_numpy()
    order = np.argsort(p)
    adj = np.maximum.accumulate(np.minimum(1, p[order] * np.array([3, 2, 1])))
    expect = np.empty(3)
    expect[order] = adj
    np.testing.assert_allclose(got["p_adj"], expect)
    np.testing.assert_allclose(got["p_adj"], multipletests(p, method="holm")[1])
    assert got["significant"].tolist() == (expect < 0.05).tolist()


def test_pairwise_group_is_renamed_by():
    df = pd.DataFrame({"score": _scores(20, 30, 50) * 2, "g": ["a"] * 100 + ["b"] * 100})
    with pytest.warns(FutureWarning, match=r"renamed by="):
        old = pairwise_nps(df, score="score", group="g")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        new = pairwise_nps(df, score="score", by="g")
    pd.testing.assert_frame_equal(old, new)
    with pytest.raises(ValueError, match="once"), pytest.warns(FutureWarning):
        pairwise_nps(df, score="score", by="g", group="g")
    with pytest.raises(ValueError, match="by="):
        pairwise_nps(df, score="score")


def test_pairwise_needs_two_groups():
    with pytest.raises(ValueError, match="at least two groups"):
        pairwise_nps(pd.DataFrame({"score": [9, 10], "g": ["a", "a"]}), score="score", by="g")


def test_every_test_defaults_to_adjusted_wald():
    funcs = [nps_test, nps_test_benchmark, pairwise_nps, nps_changes, nps_vs_rest]
    for f in funcs:
        assert inspect.signature(f).parameters["method"].default == "adjusted_wald", f.__name__
    a, b = _scores(30, 30, 40), _scores(20, 30, 50)
    pd.testing.assert_frame_equal(nps_test(a, b), nps_test(a, b, method="adjusted_wald"))


# --- small samples and zero SE --------------------------------------------------------


def test_tiny_samples_are_not_tested():
    r = nps_test([10, 10], [0, 0]).iloc[0]
    assert np.isnan(r["p_val"]) and not r["significant"]
    assert np.isnan(r["ci_low"]) and r["diff"] == 200
    assert r["note"] == f"too few respondents to test (fewer than {MIN_N} in a group)"
    b = nps_test_benchmark([10, 10, 10], 99).iloc[0]
    assert np.isnan(b["p_val"]) and not b["significant"] and "fewer than" in b["note"]
    assert b["nps_ci_high"] == 100  # the NPS interval is still reported
    df = pd.DataFrame({"score": [10, 10, 0, 0, 9, 0], "g": list("aabbcc")})
    pairs = pairwise_nps(df, score="score", by="g")
    assert not pairs["significant"].any() and pairs["p_val"].isna().all()
    assert pairs["p_adj"].isna().all()


def test_min_n_one_tests_everything_and_never_gives_p_zero():
    # Adjusted Wald has no zero SE: 2 vs 2 all-promoters vs all-detractors is not p = 0.
    r = nps_test([10, 10], [0, 0], min_n=1).iloc[0]
    assert 0.05 < r["p_val"] < 1 and not r["significant"]
    b = nps_test_benchmark([10, 10, 10], 99, min_n=1).iloc[0]
    assert b["p_val"] > 0.05
    with pytest.raises(ValueError, match="min_n"):
        nps_test([10], [0], min_n=0)


def test_wald_with_zero_se_reports_nan_and_a_note():
    r = nps_test([10] * 20, [6] * 20, method="wald").iloc[0]
    assert np.isnan(r["p_val"]) and np.isnan(r["se"]) and not r["significant"]
    assert "no variance" in r["note"]
    b = nps_test_benchmark([10] * 40, 99, method="wald").iloc[0]
    assert np.isnan(b["p_val"]) and "no variance" in b["note"]


def test_p_value_agrees_with_interval_for_every_outcome():
    # Every outcome pair at 10 vs 10 and 12 vs 20, both methods, two levels.
    for method in ("adjusted_wald", "wald"):
        for na, nb in ((10, 10), (12, 20)):
            for conf in (0.95, 0.9):
                res = _all_pairs(na, nb, confidence=conf, method=method, min_n=1)
                tested = ~np.isnan(res["p_val"])
                if method == "adjusted_wald":
                    assert tested.all()
                assert tested.mean() > 0.99
                sig = res["p_val"][tested] < 1 - conf
                excl = _excludes_null(res["ci_low"][tested], res["ci_high"][tested])
                assert sig.any() and (sig == excl).all(), (method, na, nb, conf)
                if method == "adjusted_wald":  # Wald's near-zero SEs can underflow p
                    assert (res["p_val"] > 0).all()


def test_benchmark_p_value_agrees_with_interval_for_every_outcome():
    x = _outcomes(15)
    bench = np.arange(-100, 101, 5.0)
    side = {k: v[:, None] for k, v in _side(x).items()}
    for method in ("adjusted_wald", "wald"):
        res = _benchmark_test(side, bench[None, :], confidence=0.95, method=method, min_n=1)
        tested = ~np.isnan(res["p_val"])
        sig = res["p_val"][tested] < 0.05
        excl = _excludes_null(res["nps_ci_low"], res["nps_ci_high"], bench[None, :])[tested]
        assert sig.any() and (sig == excl).all()
        assert (_excludes_null(res["ci_low"], res["ci_high"])[tested] == excl).all()


# --- type-I error by exact enumeration ---------------------------------------------------


def test_type_one_error_exact_at_ten_per_group():
    # The case: 10 vs 10, 45% promoters and 45% detractors in both.
    t = _type_one(10, 10, method="adjusted_wald", min_n=1)
    at_45 = t[np.flatnonzero((GRID[:, 0] == 0.45) & (GRID[:, 1] == 0.45))[0]]
    assert at_45 <= 0.06
    assert t.max() <= 0.06
    # The enumeration does detect the old defect: raw difference over the adjusted SE.
    res = _all_pairs(10, 10, confidence=0.95, method="adjusted_wald", min_n=1)
    old_z = (res["diff"] / 100) / (res["se"] / 100)
    old_reject = (2 * sps.norm.sf(np.abs(old_z)) < 0.05).astype(float)
    old = np.sum(_pmf(10) * (old_reject @ _pmf(10)), axis=0)
    assert old[np.flatnonzero((GRID[:, 0] == 0.45) & (GRID[:, 1] == 0.45))[0]] > 0.1


def test_type_one_error_exact_at_the_default_min_n():
    assert _type_one(MIN_N, MIN_N, method="adjusted_wald", min_n=MIN_N).max() <= 0.06
    assert _type_one(MIN_N, 3 * MIN_N, method="adjusted_wald", min_n=MIN_N).max() <= 0.06
    # Below the minimum nothing is tested, so nothing is rejected.
    assert _type_one(MIN_N - 1, 30, method="adjusted_wald", min_n=MIN_N).max() == 0


@pytest.mark.slow
def test_min_n_is_the_smallest_size_with_calibrated_tests():
    # One size smaller is above 0.06 somewhere on the grid; from MIN_N to 40 never.
    assert _type_one(MIN_N - 1, MIN_N - 1, method="adjusted_wald", min_n=1).max() > 0.06
    worst = [_type_one(n, n, method="adjusted_wald", min_n=1).max() for n in range(MIN_N, 41)]
    assert max(worst) <= 0.06
    # Wald at the same size is not calibrated: the reason it is not the default.
    assert _type_one(MIN_N, MIN_N, method="wald", min_n=1).max() > 0.06


@pytest.mark.slow
def test_one_sample_min_n_is_the_smallest_calibrated_size():
    t = _one_sample_type_one(MIN_N_ONE_SAMPLE - 1, method="adjusted_wald", min_n=1)
    assert t.max() > 0.06
    worst = [
        _one_sample_type_one(n, method="adjusted_wald", min_n=1).max()
        for n in range(MIN_N_ONE_SAMPLE, 101)
    ]
    assert max(worst) <= 0.06


@pytest.mark.slow
def test_vs_rest_type_one_error_exact():
    # Under the global null a group of n and a rest of m are independent multinomials
    # with the same shares: the vs-rest test is the two-sample test at (n, m).
    assert (
        _type_one(MIN_N_ONE_SAMPLE, 111, method="adjusted_wald", min_n=MIN_N_ONE_SAMPLE).max()
        <= 0.06
    )


# --- weighted tests ----------------------------------------------------------------------


def _linearised_by_hand(y, w):
    """Woodruff variance of sum(w y) / sum(w), respondent by respondent."""
    r = np.sum(w * y) / np.sum(w)
    n = len(y)
    return r, n / (n - 1) * np.sum(w**2 * (y - r) ** 2) / np.sum(w) ** 2


def test_weighted_test_hand_calculation():
    rng = np.random.default_rng(5)
    a = rng.choice([0, 5, 7, 8, 9, 10], 60)
    b = rng.choice([0, 3, 7, 9, 10, 10], 45)
    wa, wb = rng.uniform(0.3, 3, 60), rng.uniform(0.3, 3, 45)
    ya = np.where(a >= 9, 1, np.where(a <= 6, -1, 0))
    yb = np.where(b >= 9, 1, np.where(b <= 6, -1, 0))
    ra, va = _linearised_by_hand(ya, wa)
    rb, vb = _linearised_by_hand(yb, wb)
    r = nps_test(a, b, weights_a=wa, weights_b=wb).iloc[0]
    se = np.sqrt(va + vb)
    assert r["diff"] == pytest.approx(100 * (ra - rb))
    assert r["se"] == pytest.approx(100 * se)
    assert r["z"] == pytest.approx((ra - rb) / se)
    assert r["ci_low"] == pytest.approx(100 * (ra - rb - Z95 * se))
    # The same through pairwise_nps and nps_changes (weight column).
    df = pd.DataFrame(
        {
            "score": np.r_[a, b],
            "w": np.r_[wa, wb],
            "g": ["a"] * 60 + ["b"] * 45,
            "date": pd.to_datetime(["2024-04-01"] * 60 + ["2024-01-01"] * 45),
        }
    )
    pw = pairwise_nps(df, score="score", by="g", weights="w").iloc[0]
    assert pw["p_val"] == pytest.approx(r["p_val"]) and pw["se"] == pytest.approx(r["se"])
    ch = nps_changes(df.assign(date=df["date"].where(df["g"].eq("b"), "2024-06-30")),
                     score="score", date="date", weights="w").iloc[0]  # fmt: skip
    assert ch["p_val"] == pytest.approx(r["p_val"]) and ch["diff"] == pytest.approx(r["diff"])
    with pytest.raises(ValueError, match="both samples"):
        nps_test(a, b, weights_a=wa)
    with pytest.raises(ValueError, match="one weight per score"):
        nps_test(a, b, weights_a=wa[:10], weights_b=wb)


def _simulate_weighted(rng, shares, propensity, n, reps):
    """Respondents sampled with category-dependent propensity, weights 1 / propensity."""
    shares, propensity = np.asarray(shares), np.asarray(propensity)
    q = shares * propensity / np.sum(shares * propensity)
    cat = rng.choice(3, size=(reps, n), p=q)
    w = (1 / propensity)[cat] * rng.lognormal(0, 0.3, size=(reps, n))
    side = {"n": np.full(reps, float(n))}
    counts = {"n": side["n"]}
    for k, name in enumerate(["detractors", "passives", "promoters"]):
        side[name] = np.sum(w * (cat == k), axis=1)
        side["w2_" + name] = np.sum(w**2 * (cat == k), axis=1)
        counts[name] = np.sum(cat == k, axis=1).astype(float)
    return side, counts


@pytest.mark.slow
def test_weighted_test_type_one_error_and_coverage_by_simulation():
    # Weights track the score (detractors answer less and weigh more in A, the
    # reverse in B); the weighted NPS is consistent for the population NPS.
    rng = np.random.default_rng(2024)
    reps, n = 4000, 150
    pop = [0.3, 0.3, 0.4]
    a, a_counts = _simulate_weighted(rng, pop, [0.25, 0.6, 0.9], n, reps)
    b, b_counts = _simulate_weighted(rng, pop, [0.9, 0.6, 0.25], n, reps)
    res = _diff_test(a, b, confidence=0.95, method="adjusted_wald", min_n=MIN_N)
    assert np.mean(res["p_val"] < 0.05) <= 0.06
    sig, excl = res["p_val"] < 0.05, _excludes_null(res["ci_low"], res["ci_high"])
    assert (sig == excl).all()
    # Coverage of the difference when the populations differ (true diff = -20 points).
    b2, _ = _simulate_weighted(rng, [0.2, 0.3, 0.5], [0.9, 0.6, 0.25], n, reps)
    res2 = _diff_test(a, b2, confidence=0.95, method="adjusted_wald", min_n=MIN_N)
    covered = (res2["ci_low"] <= -20) & (res2["ci_high"] >= -20)
    assert covered.mean() >= 0.93
    # The design does make the weights matter: the unweighted test rejects most of the time.
    raw = _diff_test(a_counts, b_counts, confidence=0.95, method="adjusted_wald", min_n=MIN_N)
    assert np.mean(raw["p_val"] < 0.05) > 0.5


# --- segment vs the rest ---------------------------------------------------------------


def test_vs_rest_hand_calculation_and_holm():
    df = pd.DataFrame(
        {
            "score": _scores(20, 20, 40) + _scores(30, 30, 40) + _scores(10, 20, 60),
            "region": ["north"] * 80 + ["south"] * 100 + ["west"] * 90,
        }
    )
    got = nps_vs_rest(df, score="score", by="region")
    assert got["region"].tolist() == ["north", "south", "west"]
    for i, g in enumerate(["north", "south", "west"]):
        inside = df.loc[df["region"].eq(g), "score"]
        rest = df.loc[~df["region"].eq(g), "score"]
        hand = nps_test(inside, rest).iloc[0]
        for col in ("diff", "se", "z", "p_val", "ci_low", "ci_high"):
            assert got.loc[i, col] == pytest.approx(hand[col])
        assert got.loc[i, "n"] == len(inside) and got.loc[i, "n_rest"] == len(rest)
        assert got.loc[i, "nps_rest"] == pytest.approx(hand["nps_b"])
    np.testing.assert_allclose(got["p_adj"], multipletests(got["p_val"], method="holm")[1])
    # south: 40 - 30 = 10 vs the rest's (40 + 60 - 20 - 10) / 170 ...
    assert got.loc[1, "nps"] == pytest.approx(10)
    assert got.loc[1, "nps_rest"] == pytest.approx(100 * (100 - 30) / 170)
    with pytest.raises(ValueError, match="at least two groups"):
        nps_vs_rest(df.assign(region="x"), score="score", by="region")


def _holm(p):
    """Holm-adjusted p-values by hand, row by row (rows = replicates)."""
    m = p.shape[1]
    order = np.argsort(p, axis=1)
    ranked = np.take_along_axis(p, order, axis=1) * (m - np.arange(m))
    adj = np.minimum(1, np.maximum.accumulate(ranked, axis=1))
    out = np.empty_like(adj)
    np.put_along_axis(out, order, adj, axis=1)
    return out


@pytest.mark.slow
def test_vs_rest_family_wise_error_by_simulation():
    # Five groups of 60 with the same shares: Holm keeps P(any significant) <= 5%.
    rng = np.random.default_rng(11)
    reps, k = 20000, 5
    c = rng.multinomial(60, [0.3, 0.3, 0.4], size=(reps, k)).astype(float)
    group = {"n": c.sum(axis=2), "detractors": c[..., 0], "passives": c[..., 1],
             "promoters": c[..., 2]}  # fmt: skip
    rest = {key: v.sum(axis=1, keepdims=True) - v for key, v in group.items()}
    flat = {key: v.ravel() for key, v in group.items()}
    res = _diff_test(flat, {key: v.ravel() for key, v in rest.items()}, confidence=0.95,
                     method="adjusted_wald", min_n=MIN_N_ONE_SAMPLE)  # fmt: skip
    p = res["p_val"].reshape(reps, k)
    assert np.mean(p < 0.05) <= 0.06  # each group's own type-I error
    assert np.mean((_holm(p) < 0.05).any(axis=1)) <= 0.06
    # The kit's function on one replicate agrees with the vectorised test and hand Holm.
    counts = pd.DataFrame({"g": list("abcde"), **{key: v[0] for key, v in group.items()}})
    one = _vs_rest_from_counts(counts, ["g"], confidence=0.95, method="adjusted_wald",
                               padjust="holm", min_n=MIN_N_ONE_SAMPLE)  # fmt: skip
    np.testing.assert_allclose(one["p_val"], p[0])
    np.testing.assert_allclose(one["p_adj"], _holm(p[:1])[0])


# --- changes between periods and partial periods -------------------------------------------


def test_changes_between_periods():
    dates = ["2024-01-10"] * 100 + ["2024-04-10"] * 100 + ["2024-07-10"] * 100
    df = pd.DataFrame(
        {
            "score": _scores(20, 30, 50) + _scores(30, 30, 40) + _scores(31, 30, 39),
            "date": pd.to_datetime(dates),
        }
    )
    # Data from 10 January to 10 July: Q1 and Q3 are partial (defect 8), so the
    # defaults leave both changes untested; partial="include" tests them.
    default = nps_changes(df, score="score", date="date", freq="QS")
    assert default["partial"].tolist() == [True, True]
    assert default["p_val"].isna().all() and not default["significant"].any()
    assert default["note"].tolist() == [
        "partial period (data from 2024-01-10): not tested",
        "partial period (data to 2024-07-10): not tested",
    ]
    got = nps_changes(df, score="score", date="date", freq="QS", partial="include")
    assert got["period"].tolist() == [pd.Timestamp("2024-04-01"), pd.Timestamp("2024-07-01")]
    hand = nps_test(_scores(30, 30, 40), _scores(20, 30, 50)).iloc[0]
    assert got.loc[0, "diff"] == pytest.approx(-20)
    assert got.loc[0, "p_val"] == pytest.approx(hand["p_val"])
    assert got.loc[0, "ci_low"] == pytest.approx(hand["ci_low"])
    np.testing.assert_allclose(got["p_adj"], multipletests(got["p_val"], method="holm")[1])
    with pytest.raises(ValueError, match="partial must be"):
        nps_changes(df, score="score", date="date", partial="no")


def test_partial_periods_in_trend():
    # Data from 10 Feb to 31 Aug, group y only from April: partiality is the whole data's.
    days = pd.date_range("2024-02-10", "2024-08-31", freq="D")
    df = pd.DataFrame({"score": np.resize([0, 7, 9, 10], len(days)), "date": days, "g": "x"})
    late = df[df["date"] >= "2024-04-15"].assign(g="y")
    df = pd.concat([df, late], ignore_index=True)
    q = nps_trend(df, score="score", date="date", freq="QS", by="g", min_n=1)
    assert q["period"].dt.month.tolist() == [1, 4, 7] * 2
    assert q["partial"].tolist() == [True, False, True] * 2
    m = nps_trend(df, score="score", date="date", freq="MS", min_n=1)
    assert m["partial"].tolist() == [True] + [False] * 6  # August is complete
    d = nps_trend(df, score="score", date="date", freq="D", min_n=1)
    assert not d["partial"].any()
    full = df[df["date"] >= "2024-04-01"]
    assert not nps_trend(full, score="score", date="date", freq="QS", min_n=1)["partial"].iloc[0]


def test_partial_periods_from_duckdb_equal_pandas(tmp_path):
    pytest.importorskip("duckdb")
    days = pd.date_range("2024-02-10", "2024-11-20", freq="D")
    df = pd.DataFrame({"score": np.resize([0, 7, 9, 10, 10], len(days)), "date": days})
    path = tmp_path / "t.parquet"
    df.to_parquet(path)
    got = nps_trend(str(path), score="score", date="date", freq="QS")
    pd.testing.assert_frame_equal(got, nps_trend(df, score="score", date="date", freq="QS"))
    assert got["partial"].tolist() == [True, False, False, True]


def test_demo_first_quarter_change_is_not_tested():
    # The demo starts in November 2024: the old report's "NPS rose 15 points into
    # 2025-Q1" compared a two-month quarter with a full one.
    from nps_toolkit.datasets.demo import load_demo

    survey = load_demo().survey
    changes = nps_changes(survey, score="score", date="date")
    first = changes.iloc[0]
    assert first["period"] == pd.Timestamp("2025-01-01") and first["partial"]
    assert np.isnan(first["p_val"]) and not first["significant"]
    start = survey["date"].min()
    assert first["note"] == f"partial period (data from {start:%Y-%m-%d}): not tested"
    tested = changes[~changes["partial"]]
    np.testing.assert_allclose(
        tested["p_adj"], multipletests(tested["p_val"], method="holm")[1]
    )  # fmt: skip


def test_changes_too_few_respondents_are_not_tested():
    df = pd.DataFrame(
        {"score": [10] * 5 + [0] * 40, "date": pd.to_datetime(["2024-01-01"] * 5 + ["2024-06-30"] * 40)}
    )  # fmt: skip
    r = nps_changes(df, score="score", date="date").iloc[0]
    assert np.isnan(r["p_val"]) and r["note"].startswith("too few respondents")
    assert not r["partial"]


def test_module_lists_its_public_names():
    for name in significance.__all__:
        assert hasattr(significance, name)
