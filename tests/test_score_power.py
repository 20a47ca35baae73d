"""Sample size and power: hand calculations and seeded simulations of the shipped test."""

import numpy as np
import pytest
from scipy import stats as sps

from nps_toolkit.score.difference import diff_test as _diff_test
from nps_toolkit.score.power import nps_power, nps_sample_size
from nps_toolkit.score.significance import MIN_N

Z95, Z80 = sps.norm.ppf(0.975), sps.norm.ppf(0.8)


def test_sample_size_worst_case_and_expected():
    assert nps_sample_size(5)["n"].iloc[0] == int(np.ceil((1.959964 / 0.05) ** 2))
    r = nps_sample_size(3, expected_nps=40, confidence=0.9).iloc[0]
    assert r["variance"] == pytest.approx(1 - 0.16)
    assert r["n"] == int(np.ceil(sps.norm.ppf(0.95) ** 2 * 0.84 / 0.03**2))
    with pytest.raises(ValueError):
        nps_sample_size(0)


def test_sample_size_delivers_the_margin_by_simulation():
    # Worst-case shares (half promoters, half detractors): the realised Wald
    # half-width at the planned n is the requested margin.
    n = nps_sample_size(4)["n"].iloc[0]
    half = 1.959964 * 100 * np.sqrt(1.0 / n)
    assert half == pytest.approx(4, abs=0.01)


def test_sample_size_with_passives_hand_calculation():
    r = nps_sample_size(5, promoters=40, detractors=20).iloc[0]
    # Per respondent: +1 with 0.4, -1 with 0.2, 0 otherwise.
    var = 0.4 * 1 + 0.2 * 1 - (0.4 - 0.2) ** 2
    assert r["variance"] == pytest.approx(var)
    assert r["n"] == int(np.ceil(Z95**2 * var / 0.05**2))
    assert r["expected_nps"] == pytest.approx(20)
    # Planning on the NPS alone asks for 1.7 times as many respondents here.
    old = nps_sample_size(5, expected_nps=20).iloc[0]
    assert old["n"] / r["n"] == pytest.approx(0.96 / 0.56, rel=0.01)
    with pytest.raises(ValueError, match="disagrees"):
        nps_sample_size(5, promoters=40, detractors=20, expected_nps=30)
    with pytest.raises(ValueError, match="Give both"):
        nps_sample_size(5, promoters=40)
    with pytest.raises(ValueError, match="percentages"):
        nps_sample_size(5, promoters=80, detractors=30)


def test_sample_size_with_shares_delivers_the_margin_by_simulation():
    rng = np.random.default_rng(7)
    shares = [0.15, 0.45, 0.40]  # detractors, passives, promoters: NPS 25
    n = nps_sample_size(4, promoters=40, detractors=15)["n"].iloc[0]
    c = rng.multinomial(n, shares, size=40000)
    est = 100 * (c[:, 2] - c[:, 0]) / n
    within = np.mean(np.abs(est - 25) <= 4)
    assert within == pytest.approx(0.95, abs=0.006)


def test_power_hand_calculation():
    r = nps_power(promoters_a=40, detractors_a=30, diff=10).iloc[0]
    va = (0.4 + 0.3) - 0.1**2
    vb = (0.45 + 0.25) - 0.2**2  # B keeps A's 30% passives, half the rise on each side
    n = int(np.ceil((Z95 + Z80) ** 2 * (va + vb) / 0.1**2))
    assert (r["n_a"], r["n_b"]) == (n, n)
    assert r["nps_b"] == pytest.approx(20) and r["diff"] == pytest.approx(10)
    se = np.sqrt(va / n + vb / n)
    assert r["power"] == pytest.approx(sps.norm.cdf(0.1 / se - Z95) + sps.norm.cdf(-0.1 / se - Z95))
    assert r["power"] >= 0.8
    # Unequal groups: n_b = 2 n_a.
    u = nps_power(promoters_a=40, detractors_a=30, promoters_b=45, detractors_b=25, ratio=2).iloc[0]
    n_a = int(np.ceil((Z95 + Z80) ** 2 * (va + vb / 2) / 0.1**2))
    assert (u["n_a"], u["n_b"]) == (n_a, 2 * n_a)


def test_power_never_plans_below_the_tests_minimum():
    r = nps_power(promoters_a=10, detractors_a=80, promoters_b=90, detractors_b=5).iloc[0]
    assert r["n_a"] == MIN_N and r["power"] > 0.99


def test_mde_inverts_the_sample_size():
    planned = nps_power(promoters_a=35, detractors_a=25, diff=8).iloc[0]
    mde = nps_power(promoters_a=35, detractors_a=25, n=int(planned["n_a"])).iloc[0]["mde"]
    assert mde == pytest.approx(8, abs=0.01)  # n is rounded up: a hair below 8
    assert mde <= 8
    back = nps_power(promoters_a=35, detractors_a=25, diff=mde).iloc[0]
    assert back["n_a"] == planned["n_a"]
    at_n = nps_power(promoters_a=35, detractors_a=25, diff=mde, n=int(planned["n_a"])).iloc[0]
    assert at_n["power"] == pytest.approx(0.8, abs=1e-6)


def test_power_input_checks():
    with pytest.raises(ValueError, match="not both"):
        nps_power(promoters_a=40, detractors_a=30, promoters_b=50, detractors_b=20, diff=10)
    with pytest.raises(ValueError, match="cannot be reached"):
        nps_power(promoters_a=40, detractors_a=5, diff=30)
    with pytest.raises(ValueError, match="diff="):
        nps_power(promoters_a=40, detractors_a=30)
    with pytest.raises(ValueError, match="power"):
        nps_power(promoters_a=40, detractors_a=30, diff=10, power=1.2)
    with pytest.raises(ValueError, match="same NPS"):
        nps_power(promoters_a=40, detractors_a=30, diff=0)


def _simulated_power(rng, shares_a, shares_b, n_a, n_b, reps):
    """Share of seeded samples in which the kit's default test is significant."""
    ca = rng.multinomial(n_a, shares_a, size=reps).astype(float)
    cb = rng.multinomial(n_b, shares_b, size=reps).astype(float)

    def side(c):
        return {"n": c.sum(axis=1), "detractors": c[:, 0], "passives": c[:, 1],
                "promoters": c[:, 2]}  # fmt: skip

    res = _diff_test(side(cb), side(ca), confidence=0.95, method="adjusted_wald", min_n=MIN_N)
    return np.mean(res["p_val"] < 0.05)


def test_planned_power_is_achieved_by_the_shipped_test():
    rng = np.random.default_rng(20240)
    r = nps_power(promoters_a=40, detractors_a=30, diff=10).iloc[0]
    achieved = _simulated_power(rng, [0.3, 0.3, 0.4], [0.25, 0.3, 0.45], r["n_a"], r["n_b"], 20000)
    assert achieved == pytest.approx(0.8, abs=0.02)
    # Given n, the reported power is the simulated one (here well below 0.8).
    g = nps_power(promoters_a=40, detractors_a=30, diff=10, n=500).iloc[0]
    achieved = _simulated_power(rng, [0.3, 0.3, 0.4], [0.25, 0.3, 0.45], 500, 500, 20000)
    assert achieved == pytest.approx(g["power"], abs=0.02)
    # Unequal sizes and B's shares given directly.
    u = nps_power(promoters_a=30, detractors_a=20, promoters_b=42, detractors_b=18, ratio=3).iloc[0]
    achieved = _simulated_power(rng, [0.2, 0.5, 0.3], [0.18, 0.4, 0.42], u["n_a"], u["n_b"], 20000)
    assert achieved == pytest.approx(0.8, abs=0.02)
