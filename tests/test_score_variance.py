"""NPS variances: hand calculations and row-by-row computations with numpy."""

import numpy as np
import pytest

from nps_toolkit.score import stats
from nps_toolkit.score.variance import linearized_effective_n, linearized_variance, nps_variance


def test_nps_variance_is_the_variance_of_plus_one_zero_minus_one_scores():
    # Independent value: numpy's population variance of 70 promoters (+1),
    # 20 passives (0) and 10 detractors (-1).
    y = np.array([1] * 70 + [0] * 20 + [-1] * 10)
    assert float(nps_variance(0.7, 0.1)) == pytest.approx(np.var(y))
    assert nps_variance([0.7, 1.0], [0.1, 0.0]).tolist() == pytest.approx([np.var(y), 0.0])


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_linearized_variance_matches_woodruff_on_rows(seed):
    # Woodruff's linearisation of sum(w y) / sum(w), row by row:
    # n / (n - 1) * sum(w**2 (y - R)**2) / (sum w)**2.
    rng = np.random.default_rng(seed)
    n = 200
    y = rng.choice([-1, 0, 1], size=n, p=[0.2, 0.3, 0.5])
    w = rng.gamma(2.0, 1.5, size=n)
    r = np.sum(w * y) / np.sum(w)
    expected = n / (n - 1) * np.sum(w**2 * (y - r) ** 2) / np.sum(w) ** 2
    sums = [w[y == k].sum() for k in (-1, 0, 1)]
    squares = [(w[y == k] ** 2).sum() for k in (-1, 0, 1)]
    assert float(linearized_variance(*sums, *squares, n)) == pytest.approx(expected)


def test_linearized_variance_is_nan_below_two_respondents_or_zero_weight():
    got = linearized_variance([1, 0], [0, 0], [0, 0], [1, 0], [0, 0], [0, 0], [1, 5])
    assert np.isnan(got).all()


def test_effective_n_equal_weights_give_n_and_heavy_detractors_give_fewer():
    # Hand calculation for the second case: shares d = 30/60, p = 20/60,
    # V = sum(w**2 (y - R)**2) / (sum w)**2 with R = -1/6, n* = var(p, d) / V.
    assert float(linearized_effective_n(20, 40, 140, 40, 80, 280, 100)) == pytest.approx(100)
    r = -10 / 60
    v = (90 * (-1 - r) ** 2 + 10 * r**2 + 20 * (1 - r) ** 2) / 60**2
    d, p = 0.5, 1 / 3
    assert float(linearized_effective_n(30, 10, 20, 90, 10, 20, 40)) == pytest.approx(
        ((p + d) - (p - d) ** 2) / v
    )


def test_effective_n_falls_back_to_kish_when_one_category_holds_everyone():
    # var(p, d) = 0 says nothing; Kish's (sum w)**2 / sum w**2 = 36 / 14.
    got = linearized_effective_n(0, 0, 6, 0, 0, 14, 3)
    assert float(got) == pytest.approx(36 / 14)


def test_stats_still_exports_the_variances():
    assert stats.nps_variance is nps_variance
    assert stats.linearized_variance is linearized_variance
    assert stats.linearized_effective_n is linearized_effective_n
