"""NPS from counts: published values, hand calculations, other libraries, simulation."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps

from nps_toolkit.score.stats import (
    BAYES_PRIOR,
    RESULT_COLUMNS,
    nps_from_counts,
    z_value,
)
from nps_toolkit.score.variance import linearized_effective_n, linearized_variance


def test_known_values_wald_rocks_example():
    # Issue's reference values (R package NPS by Rocks, scaled to -100..100).
    r = nps_from_counts(10, 20, 70, method="wald").iloc[0]
    assert r["nps"] == pytest.approx(60)
    assert r["se"] == pytest.approx(6.6332, abs=1e-4)
    assert r["ci_low"] == pytest.approx(46.999, abs=1e-3)
    assert r["ci_high"] == pytest.approx(73.001, abs=1e-3)


def test_known_values_adjusted_wald_rocks_example():
    r = nps_from_counts(10, 20, 70, method="adjusted_wald").iloc[0]
    assert r["nps"] == pytest.approx(60)  # raw NPS is reported, not the adjusted centre
    assert r["ci_low"] == pytest.approx(45.270, abs=1e-3)
    assert r["ci_high"] == pytest.approx(71.235, abs=1e-3)


def test_adjusted_wald_hand_calculation():
    # 3 detractors, 2 passives, 5 promoters: add 0.75 / 1.5 / 0.75, n = 13.
    p, d = 5.75 / 13, 3.75 / 13
    var = (p + d) - (p - d) ** 2
    se = np.sqrt(var / 13)
    z = sps.norm.ppf(0.95)  # 90% interval
    r = nps_from_counts(3, 2, 5, confidence=0.90).iloc[0]
    assert r["nps"] == pytest.approx(20)
    assert r["se"] == pytest.approx(100 * se)
    assert r["ci_low"] == pytest.approx(100 * (p - d - z * se))
    assert r["ci_high"] == pytest.approx(100 * (p - d + z * se))


def test_columns_shares_and_integer_counts():
    r = nps_from_counts([1, 0], [1, 0], [2, 5])
    assert list(r.columns) == RESULT_COLUMNS
    assert r["n"].tolist() == [4, 5]
    assert r["n"].dtype == "int64" and r["promoters"].dtype == "int64"
    assert r.loc[0, ["pct_detractors", "pct_passives", "pct_promoters"]].tolist() == [25, 25, 50]


@pytest.mark.parametrize("method", ["adjusted_wald", "wald", "bootstrap"])
def test_a_one_respondent_interval_contains_its_own_nps(method):
    # One promoter, adjusted by hand: shares 1.75/4 and 0.75/4, centre 25, SE 37.5, so
    # the adjusted interval 25 -/+ 1.96 x 37.5 = -48.5..98.5 stops short of the NPS of 100.
    r = nps_from_counts([0, 1], [0, 0], [1, 0], method=method)
    assert r["nps"].tolist() == [100, -100]
    assert r.loc[0, "ci_high"] == 100 and r.loc[1, "ci_low"] == -100
    low = 100 * (0.25 - sps.norm.ppf(0.975) * 0.375)
    assert r.loc[0, "ci_low"] == pytest.approx(low) == pytest.approx(-48.50, abs=0.01)
    assert r.loc[1, "ci_high"] == pytest.approx(-low)


def test_widening_only_where_the_raw_nps_is_outside():
    # 3 detractors, 2 passives, 5 promoters: NPS 20 inside 2.2..55.5 (hand calculation
    # above), so the interval is the adjusted one, untouched.
    r = nps_from_counts(3, 2, 5).iloc[0]
    p, d = 5.75 / 13, 3.75 / 13
    se = np.sqrt(((p + d) - (p - d) ** 2) / 13)
    assert r["ci_high"] == pytest.approx(100 * (p - d + sps.norm.ppf(0.975) * se))


def test_interval_clipped_to_bounds():
    r = nps_from_counts(0, 0, 5).iloc[0]
    assert r["ci_high"] == 100 and r["ci_low"] < 100
    r = nps_from_counts(10, 0, 1, method="wald").iloc[0]
    assert r["ci_low"] == -100 and r["ci_high"] > -100


@pytest.mark.parametrize("method", ["wald", "bootstrap"])
@pytest.mark.parametrize("counts", [(0, 0, 5), (5, 0, 0), (0, 5, 0), (0, 0, 1)])
def test_one_category_samples_get_the_adjusted_wald_interval(method, counts):
    # Issue 10, defect 7: Wald and the percentile bootstrap gave [100, 100] for an
    # all-promoter sample (sample variance 0). Hand calculation of the Rocks interval
    # that replaces it: add 0.75 / 1.5 / 0.75, n + 3.
    det, pas, pro = counts
    m = sum(counts) + 3
    p, d = (pro + 0.75) / m, (det + 0.75) / m
    se = np.sqrt(((p + d) - (p - d) ** 2) / m)
    z = sps.norm.ppf(0.975)
    r = nps_from_counts(*counts, method=method).iloc[0]
    assert r["nps"] == pytest.approx(100 * (pro - det) / sum(counts))
    assert r["se"] == pytest.approx(100 * se)
    raw = 100 * (pro - det) / sum(counts)
    # clipped to [-100, 100], and widened to hold the raw NPS (one promoter: 98.5 -> 100)
    assert r["ci_low"] == pytest.approx(min(raw, max(-100, 100 * (p - d - z * se))))
    assert r["ci_high"] == pytest.approx(max(raw, min(100, 100 * (p - d + z * se))))
    assert r["ci_high"] - r["ci_low"] > 20


def test_two_category_samples_keep_their_own_method():
    # 1 detractor and 9 promoters: Wald's own hand-calculated interval, not the guard.
    r = nps_from_counts(1, 0, 9, method="wald").iloc[0]
    se = np.sqrt((1 - 0.8**2) / 10)
    assert r["se"] == pytest.approx(100 * se)
    assert r["ci_low"] == pytest.approx(100 * (0.8 - sps.norm.ppf(0.975) * se))


def test_empty_group_is_nan_not_error():
    r = nps_from_counts([0, 1], [0, 1], [0, 1]).iloc[0]
    assert r["n"] == 0 and np.isnan(r["nps"]) and np.isnan(r["ci_low"])


@pytest.mark.parametrize("prior", [1 / 3, 1.0])
def test_bayes_matches_independent_dirichlet_simulation(prior):
    # The default prior is Dirichlet(1/3, 1/3, 1/3) (issue 10, defect 7: Dirichlet(1, 1, 1)
    # pulled small samples to 0); prior= still gives the old one.
    counts = np.array([12, 25, 40])
    kwargs = {} if prior == 1 / 3 else {"prior": prior}
    r = nps_from_counts(*counts, method="bayes", n_boot=100_000, seed=1, **kwargs).iloc[0]
    draws = sps.dirichlet.rvs(counts + prior, size=400_000, random_state=99)
    diff = draws[:, 2] - draws[:, 0]
    lo, hi = np.quantile(diff, [0.025, 0.975])
    assert r["ci_low"] == pytest.approx(100 * lo, abs=0.5)
    assert r["ci_high"] == pytest.approx(100 * hi, abs=0.5)
    # Analytic posterior SD of p - d under Dirichlet(a): var = (Vp + Vd + 2 a_p a_d / (a0^2 (a0+1)))
    a = counts + prior
    a0 = a.sum()
    vp = a[2] * (a0 - a[2]) / (a0**2 * (a0 + 1))
    vd = a[0] * (a0 - a[0]) / (a0**2 * (a0 + 1))
    cov = -a[2] * a[0] / (a0**2 * (a0 + 1))
    assert r["se"] == pytest.approx(100 * np.sqrt(vp + vd - 2 * cov), rel=0.03)


def test_bootstrap_matches_resampling_respondents():
    scores = np.array([-1] * 15 + [0] * 20 + [1] * 25)
    r = nps_from_counts(15, 20, 25, method="bootstrap", n_boot=20000, seed=3).iloc[0]
    rng = np.random.default_rng(7)
    boot = rng.choice(scores, size=(20000, scores.size)).mean(axis=1)
    lo, hi = np.quantile(boot, [0.025, 0.975])
    assert r["ci_low"] == pytest.approx(100 * lo, abs=1.0)
    assert r["ci_high"] == pytest.approx(100 * hi, abs=1.0)
    assert r["se"] == pytest.approx(100 * boot.std(ddof=1), rel=0.03)


def test_bootstrap_is_seeded():
    a = nps_from_counts(5, 5, 10, method="bootstrap", seed=4)
    b = nps_from_counts(5, 5, 10, method="bootstrap", seed=4)
    pd.testing.assert_frame_equal(a, b)


def test_effective_sample_size_drives_the_interval():
    r = nps_from_counts(10.0, 20.0, 70.0, n_eff=25, n=100, method="wald").iloc[0]
    assert r["n"] == 100 and r["n_eff"] == 25
    assert r["se"] == pytest.approx(100 * np.sqrt(0.44 / 25))


@pytest.mark.parametrize("bad", [{"method": "exact"}, {"confidence": 95}, {"confidence": 0}])
def test_bad_arguments_raise(bad):
    with pytest.raises(ValueError):
        nps_from_counts(1, 1, 1, **bad)


def test_negative_counts_raise():
    with pytest.raises(ValueError, match="negative"):
        nps_from_counts(-1, 1, 1)


def test_z_value():
    assert z_value(0.95) == pytest.approx(1.959964, abs=1e-6)


@pytest.mark.parametrize("n", [50, 1000])
@pytest.mark.parametrize("shares", [(0.2, 0.3, 0.5), (0.1, 0.2, 0.7), (0.4, 0.3, 0.3)])
def test_adjusted_wald_coverage_by_simulation(n, shares):
    # 20,000 surveys drawn from known shares: the 95% interval must cover the true
    # NPS 93-97% of the time (Monte Carlo SE of the coverage is about 0.15 points).
    rng = np.random.default_rng(2016)
    counts = rng.multinomial(n, shares, size=20_000)
    r = nps_from_counts(counts[:, 0], counts[:, 1], counts[:, 2])
    truth = 100 * (shares[2] - shares[0])
    coverage = ((r["ci_low"] <= truth) & (truth <= r["ci_high"])).mean()
    assert 0.93 <= coverage <= 0.97


# --------------------------------------------------------------------------- weighted data


def _rows_to_counts(y, w):
    """Weighted sums and squared-weight sums per category from respondent rows."""
    cats = [y == -1, y == 0, y == 1]
    return [w[c].sum() for c in cats], [(w[c] ** 2).sum() for c in cats]


def test_weighted_se_is_woodruff_linearisation_computed_on_rows():
    # Independent value: the Woodruff linearisation of the ratio sum(w y) / sum(w),
    # computed row by row with numpy (divisor-n convention, as the unweighted Wald).
    rng = np.random.default_rng(11)
    y = rng.choice([-1, 0, 1], size=300, p=[0.3, 0.2, 0.5])
    w = np.where(y == -1, rng.uniform(2, 5, 300), rng.uniform(0.5, 1.5, 300))
    sums, sq = _rows_to_counts(y, w)
    r_hat = np.sum(w * y) / np.sum(w)
    v_rows = np.sum(w**2 * (y - r_hat) ** 2) / np.sum(w) ** 2
    assert float(linearized_variance(*sums, *sq, 300)) == pytest.approx(300 / 299 * v_rows)
    got = nps_from_counts(*sums, method="wald", n=300, w2_detractors=sq[0], w2_passives=sq[1],
                          w2_promoters=sq[2]).iloc[0]  # fmt: skip
    assert got["nps"] == pytest.approx(100 * r_hat)
    assert got["se"] == pytest.approx(100 * np.sqrt(v_rows))
    z = sps.norm.ppf(0.975)
    assert got["ci_low"] == pytest.approx(100 * (r_hat - z * np.sqrt(v_rows)))
    # Kish's n_eff is reported as information, from the rows.
    assert got["n_eff"] == pytest.approx(w.sum() ** 2 / (w**2).sum())
    assert got["n"] == 300


def test_weighted_adjusted_wald_runs_on_the_linearised_effective_n():
    # Hand calculation: n* = var(p, d) / V (V the row-wise Woodruff variance), then
    # Rocks' adjustment with n* pseudo-respondents at the weighted shares.
    y = np.array([-1] * 10 + [0] * 10 + [1] * 20)
    w = np.array([3.0] * 10 + [1.0] * 30)
    sums, sq = _rows_to_counts(y, w)
    r_hat = np.sum(w * y) / np.sum(w)
    v_rows = np.sum(w**2 * (y - r_hat) ** 2) / np.sum(w) ** 2
    p, d = sums[2] / w.sum(), sums[0] / w.sum()
    n_star = ((p + d) - (p - d) ** 2) / v_rows
    assert float(linearized_effective_n(*sums, *sq, 40)) == pytest.approx(n_star)
    m = n_star + 3
    pa, da = (p * n_star + 0.75) / m, (d * n_star + 0.75) / m
    se = np.sqrt(((pa + da) - (pa - da) ** 2) / m)
    got = nps_from_counts(*sums, n=40, w2_detractors=sq[0], w2_passives=sq[1],
                          w2_promoters=sq[2]).iloc[0]  # fmt: skip
    assert got["se"] == pytest.approx(100 * se)
    assert got["ci_high"] == pytest.approx(100 * (pa - da + sps.norm.ppf(0.975) * se))


def test_equal_weights_give_the_unweighted_result_for_every_method():
    for method in ("wald", "adjusted_wald", "bootstrap", "bayes"):
        plain = nps_from_counts(12, 5, 30, method=method)
        weighted = nps_from_counts(24.0, 10.0, 60.0, n=47, w2_detractors=48.0, w2_passives=20.0,
                                   w2_promoters=120.0, method=method)  # fmt: skip
        for col in ("nps", "se", "ci_low", "ci_high"):
            assert weighted[col].iloc[0] == pytest.approx(plain[col].iloc[0], rel=1e-9)


def test_weighted_counts_need_every_squared_weight_column_and_n():
    with pytest.raises(ValueError, match="w2_passives"):
        nps_from_counts(1.0, 2.0, 3.0, n=3, w2_detractors=1.0)
    with pytest.raises(ValueError, match="n "):
        nps_from_counts(1.0, 2.0, 3.0, w2_detractors=1.0, w2_passives=2.0, w2_promoters=3.0)


def _tracking_weights_sample(n, reps, seed):
    """Weights that track the score variance: 15% of respondents, weight 6, split 50/50
    between detractors and promoters; the other 85%, weight 1, are 95% promoters."""
    rng = np.random.default_rng(seed)
    light, heavy, w_heavy = np.array([0.01, 0.04, 0.95]), np.array([0.5, 0.0, 0.5]), 6.0
    n_heavy = rng.binomial(n, 0.15, reps)
    c_light = rng.multinomial(n - n_heavy, light)
    c_heavy = rng.multinomial(n_heavy, heavy)
    sums = c_light + w_heavy * c_heavy
    squares = c_light + w_heavy**2 * c_heavy
    truth = (0.85 * (light[2] - light[0]) + 0.15 * w_heavy * (heavy[2] - heavy[0])) / (
        0.85 + 0.15 * w_heavy
    )
    return sums, squares, 100 * truth


@pytest.mark.slow
@pytest.mark.parametrize("n", [200, 1000])
def test_weighted_coverage_when_weights_track_the_variance(n):
    # Issue 10, defect 5: Kish's n_eff covered 0.88-0.90 whatever n; the linearised
    # variance must cover at least 0.93 (6,000 surveys: Monte Carlo SE 0.3 points).
    sums, squares, truth = _tracking_weights_sample(n, 6000, seed=n)
    kish = sums.sum(axis=1) ** 2 / squares.sum(axis=1)

    def coverage(r):
        return float(((r["ci_low"] <= truth) & (truth <= r["ci_high"])).mean())

    old = nps_from_counts(*sums.T, n=n, n_eff=kish, method="wald")
    assert 0.86 <= coverage(old) <= 0.91  # the defect, shown
    for method in ("wald", "adjusted_wald"):
        got = nps_from_counts(*sums.T, n=n, w2_detractors=squares[:, 0],
                              w2_passives=squares[:, 1], w2_promoters=squares[:, 2],
                              method=method)  # fmt: skip
        assert 0.93 <= coverage(got) <= 0.97, method
    for method in ("bootstrap", "bayes"):
        got = nps_from_counts(*sums[:1500].T, n=n, w2_detractors=squares[:1500, 0],
                              w2_passives=squares[:1500, 1], w2_promoters=squares[:1500, 2],
                              method=method, n_boot=1000)  # fmt: skip
        assert 0.92 <= coverage(got) <= 0.975, method


# --------------------------------------------------------------------------- exact coverage

# Share grid of the coverage table (docs/statistics.md): NPS from -80 to +97, passives a
# fraction 0.2, 0.5 or 0.8 of what the NPS leaves (1 - |NPS| / 100).
GRID_NPS = (-80, -50, -20, 0, 20, 50, 80, 88, 97)
GRID_PASSIVE = (0.2, 0.5, 0.8)


def _grid():
    for v in GRID_NPS:
        for f in GRID_PASSIVE:
            a = f * (1 - abs(v) / 100)
            yield v, f, np.array([(1 - a - v / 100) / 2, a, (1 - a + v / 100) / 2])


def _exact_coverage(n, **kwargs):
    """Coverage of the kit's interval at every grid point, by enumerating all outcomes."""
    det, pas = np.meshgrid(np.arange(n + 1), np.arange(n + 1), indexing="ij")
    keep = det + pas <= n
    outcomes = np.column_stack([det[keep], pas[keep], n - det[keep] - pas[keep]])
    r = nps_from_counts(*outcomes.T, **kwargs)
    lo, hi = r["ci_low"].to_numpy(), r["ci_high"].to_numpy()
    result = {}
    for v, f, shares in _grid():
        pmf = sps.multinomial.pmf(outcomes, n, shares)
        assert pmf.sum() == pytest.approx(1)
        result[v, f] = float(pmf[(lo <= v + 1e-9) & (v - 1e-9 <= hi)].sum())
    return result


@pytest.mark.parametrize("n", [10, 30, pytest.param(100, marks=pytest.mark.slow)])
def test_bayes_prior_covers_at_least_90_percent_over_the_grid(n):
    # Exact enumeration of every multinomial outcome (issue 10, defect 7).
    assert BAYES_PRIOR == pytest.approx(1 / 3)
    cover = _exact_coverage(n, method="bayes")
    assert min(cover.values()) >= 0.90
    assert np.mean(list(cover.values())) >= 0.94


def test_old_uniform_prior_missed_nps_97_at_n_10():
    # The defect the new prior fixes: Dirichlet(1, 1, 1) never covers NPS 97 at n = 10
    # when passives are 20% of the remainder (97.8% promoters, 1.2% detractors).
    cover = _exact_coverage(10, method="bayes", prior=1.0)
    assert cover[97, 0.2] < 0.01
    assert _exact_coverage(10, method="bayes")[97, 0.2] >= 0.90


@pytest.mark.parametrize("n", [10, 30, 100])
def test_adjusted_wald_exact_coverage_over_the_grid(n):
    cover = _exact_coverage(n)
    assert min(cover.values()) >= 0.90
    assert 0.94 <= np.mean(list(cover.values())) <= 0.97
