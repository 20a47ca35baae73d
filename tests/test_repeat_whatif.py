"""Tests of nps_toolkit.repeat.whatif: expected extra repeat purchasers from a category shift."""

import numpy as np
import pytest
from repeat_simulation import simulate
from scipy import stats

from nps_toolkit.repeat.models import fit_repeat_model
from nps_toolkit.repeat.whatif import what_if

Z95 = stats.norm.ppf(0.975)


# ------------------------------------------------------------------ what-if
def test_what_if_hand_calculation(rng):
    d = simulate(rng, 6000)
    m = fit_repeat_model(d, outcome="rep", score="score")
    r = what_if(m, d, shift={"detractor": ("passive", 0.25)}, amount=50.0, n_sim=4000)
    cat = np.where(d.score >= 9, 2, np.where(d.score >= 7, 1, 0))
    n_d, n_p, n_pr = (cat == 0).sum(), (cat == 1).sum(), (cat == 2).sum()
    rate_d, rate_p = d.rep[cat == 0].mean(), d.rep[cat == 1].mean()
    extra = 0.25 * n_d * (rate_p - rate_d)
    assert r["extra_repeaters"].item() == pytest.approx(extra, rel=1e-5)
    assert r["repeaters_before"].item() == pytest.approx(d.rep.sum(), rel=1e-6)
    assert r["moved"].item() == pytest.approx(0.25 * n_d)
    # NPS after = NPS before + share * % detractors.
    nps_before = 100 * (n_pr - n_d) / len(d)
    assert r["nps_before"].item() == pytest.approx(nps_before)
    assert r["nps_after"].item() == pytest.approx(nps_before + 0.25 * 100 * n_d / len(d))
    # Interval width against the delta method for a difference of two proportions.
    se = 0.25 * n_d * np.sqrt(rate_p * (1 - rate_p) / n_p + rate_d * (1 - rate_d) / n_d)
    half = (r["ci_high"].item() - r["ci_low"].item()) / 2
    assert half == pytest.approx(Z95 * se, rel=0.1)
    assert r["extra_revenue"].item() == pytest.approx(50 * extra)
    assert r["revenue_ci_low"].item() == pytest.approx(50 * r["ci_low"].item())


def test_what_if_amount_column_and_errors(rng):
    d = simulate(rng, 3000)
    d["revenue"] = np.where(d.rep, rng.gamma(2, 20, len(d)), 0.0)
    m = fit_repeat_model(d, outcome="rep", score="score")
    r = what_if(m, d, amount="revenue", n_sim=200)
    assert r["value_per_repeater"].item() == pytest.approx(d.revenue[d.rep].mean())
    lin = fit_repeat_model(d, outcome="rep", score="score", predictor="score")
    with pytest.raises(ValueError, match="predictor='category'"):
        what_if(lin, d)
    with pytest.raises(ValueError, match="between 0 and 1"):
        what_if(m, d, shift={"detractor": ("passive", 1.5)})


def test_what_if_states_an_association_not_a_cause(rng):
    # Issue 10: the result is an association; the output says so in words, with the
    # same numbers as the columns.
    d = simulate(rng, 3000)
    m = fit_repeat_model(d, outcome="rep", score="score")
    r = what_if(m, d, shift={"detractor": ("passive", 0.25)}, n_sim=300, confidence=0.9)
    note = r["note"].item()
    assert "would be associated with" in note and "not a causal effect" in note
    assert "25% of detractors behaving like passives" in note
    assert f"{r['moved'].item():,.0f} respondents" in note
    assert f"{r['extra_repeaters'].item():+,.0f} repeat purchasers" in note
    assert f"90% interval {r['ci_low'].item():+,.0f} to {r['ci_high'].item():+,.0f}" in note
    assert f"NPS {r['nps_before'].item():+.1f} -> {r['nps_after'].item():+.1f}" in note
    assert "would be associated with" in what_if.__doc__
    assert "cause" not in note.replace("causal", "")
    with_value = what_if(m, d, amount=20.0, n_sim=100)
    assert f"{with_value['extra_revenue'].item():+,.0f} in revenue" in with_value["note"].item()
