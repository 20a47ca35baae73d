"""NPS from counts: published values, hand calculations, other libraries, simulation."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps

from nps_toolkit.stats import RESULT_COLUMNS, nps_from_counts, z_value


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


def test_interval_clipped_to_bounds():
    r = nps_from_counts(0, 0, 5, method="wald").iloc[0]
    assert r["ci_high"] == 100 and r["ci_low"] == 100  # zero variance sample
    r = nps_from_counts(0, 0, 5).iloc[0]
    assert r["ci_high"] <= 100 and r["ci_low"] < 100


def test_empty_group_is_nan_not_error():
    r = nps_from_counts([0, 1], [0, 1], [0, 1]).iloc[0]
    assert r["n"] == 0 and np.isnan(r["nps"]) and np.isnan(r["ci_low"])


def test_bayes_matches_independent_dirichlet_simulation():
    counts = np.array([12, 25, 40])
    r = nps_from_counts(*counts, method="bayes", n_boot=20000, seed=1).iloc[0]
    draws = sps.dirichlet.rvs(counts + 1, size=200_000, random_state=99)
    diff = draws[:, 2] - draws[:, 0]
    lo, hi = np.quantile(diff, [0.025, 0.975])
    assert r["ci_low"] == pytest.approx(100 * lo, abs=0.5)
    assert r["ci_high"] == pytest.approx(100 * hi, abs=0.5)
    # Analytic posterior SD of p - d under Dirichlet(a): var = (Vp + Vd + 2 a_p a_d / (a0^2 (a0+1)))
    a = counts + 1.0
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
