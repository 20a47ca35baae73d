"""compare_arms and its sentence, checked against hand calculations, scipy/statsmodels
and simulations with a known truth."""

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps

from nps_toolkit.score.difference import MIN_N, diff_test
from nps_toolkit.score.experiment import (
    ArmComparison,
    compare_arms,
    describe_arm_difference,
    stratified_difference,
)
from nps_toolkit.score.power import nps_power
from nps_toolkit.score.significance import nps_test

Z95 = 1.959963984540054


def _scores(det, pas, pro):
    return [0] * det + [7] * pas + [10] * pro


def _ab(control=(30, 30, 40), pilot=(20, 30, 50)):
    return pd.DataFrame(
        {
            "arm": ["control"] * sum(control) + ["pilot"] * sum(pilot),
            "score": _scores(*control) + _scores(*pilot),
        }
    )


def _hand_adjusted_wald(det, pas, pro):
    """Rocks' adjusted Wald by hand: 3/4 detractor, 3/4 promoter, 1.5 passives added."""
    m = det + pas + pro + 3
    p, d = (pro + 0.75) / m, (det + 0.75) / m
    return p - d, ((p + d) - (p - d) ** 2) / m


def test_overall_difference_matches_hand_calculation_and_nps_test():
    r = compare_arms(_ab(), score="score", arm="arm")
    assert isinstance(r, ArmComparison) and r.control == "control"
    row = r.overall[r.overall["kind"] == "difference"].iloc[0]
    c_a, v_a = _hand_adjusted_wald(20, 30, 50)
    c_b, v_b = _hand_adjusted_wald(30, 30, 40)
    se = math.sqrt(v_a + v_b)
    assert row["diff"] == pytest.approx(20.0)
    assert row["se"] == pytest.approx(100 * se)
    assert row["ci_low"] == pytest.approx(100 * (c_a - c_b - Z95 * se))
    assert row["ci_high"] == pytest.approx(100 * (c_a - c_b + Z95 * se))
    assert row["p_val"] == pytest.approx(2 * sps.norm.sf((c_a - c_b) / se))
    ref = nps_test(_scores(20, 30, 50), _scores(30, 30, 40)).iloc[0]
    for col in ["diff", "se", "p_val", "ci_low", "ci_high"]:
        assert row[col] == pytest.approx(ref[col])
    arms = r.overall[r.overall["kind"] == "arm"].set_index("arm")
    assert arms.loc["pilot", "nps"] == pytest.approx(30)
    assert arms.loc["control", "nps"] == pytest.approx(10)
    c, v = _hand_adjusted_wald(30, 30, 40)
    assert arms.loc["control", "ci_low"] == pytest.approx(100 * (c - Z95 * math.sqrt(v)))


def test_control_default_is_first_sorted_and_can_be_given():
    df = _ab().replace({"control": "before", "pilot": "after"})
    assert compare_arms(df, score="score", arm="arm").control == "after"
    r = compare_arms(df, score="score", arm="arm", control="before")
    row = r.overall[r.overall["kind"] == "difference"].iloc[0]
    assert row["arm"] == "after" and row["diff"] == pytest.approx(20.0)
    with pytest.raises(ValueError, match="control='baseline' is not a value of column 'arm'"):
        compare_arms(df, score="score", arm="arm", control="baseline")
    with pytest.raises(ValueError, match="has only 'x'"):
        compare_arms(df.assign(arm="x"), score="score", arm="arm")


def test_too_few_respondents_not_tested():
    r = compare_arms(_ab(pilot=(2, 3, 5)), score="score", arm="arm")
    row = r.overall[r.overall["kind"] == "difference"].iloc[0]
    assert np.isnan(row["p_val"]) and not row["significant"]
    assert row["note"].startswith("too few respondents to test")
    assert row["diff"] == pytest.approx(20.0)


def _random_frame(rng, n, arms=("a", "b", "c"), months=3):
    return pd.DataFrame(
        {
            "arm": rng.choice(list(arms), n),
            "score": rng.integers(0, 11, n),
            "date": pd.Timestamp("2024-01-01")
            + pd.to_timedelta(rng.integers(0, 30 * months, n), "D"),
        }
    )


def test_p_below_alpha_exactly_when_interval_excludes_zero():
    rng = np.random.default_rng(3)
    rows = []
    for k in range(25):
        df = _random_frame(rng, int(rng.integers(60, 400)))
        df.loc[df["arm"] == "b", "score"] = np.minimum(10, df["score"] + k % 3)
        r = compare_arms(df, score="score", arm="arm", date="date")
        rows.append(r.overall[r.overall["kind"] == "difference"])
        rows.append(r.by_period)
    tested = pd.concat(rows).dropna(subset=["p_val"])
    assert len(tested) > 180 and tested["significant"].any() and (~tested["significant"]).any()
    excludes = (tested["ci_low"] > 0) | (tested["ci_high"] < 0)
    assert ((tested["p_val"] < 0.05) == excludes).all()
    assert (tested["significant"] == excludes).all()


def test_stratified_estimate_hand_example():
    # weights 1/25, 1/100, 1/4: (10/25 + 4/100 - 2/4) / (0.04 + 0.01 + 0.25)
    r = stratified_difference([10.0, 4.0, -2.0], [5.0, 10.0, 2.0], raw=[11.0, 5.0, -1.0])
    w = np.array([0.04, 0.01, 0.25])
    assert float(r["centre"]) == pytest.approx((0.4 + 0.04 - 0.5) / 0.30)
    assert float(r["diff"]) == pytest.approx((11 * 0.04 + 5 * 0.01 - 0.25) / 0.30)
    assert float(r["se"]) == pytest.approx(1 / math.sqrt(w.sum()))
    assert float(r["p_val"]) == pytest.approx(2 * sps.norm.sf(abs(r["centre"] / r["se"])))
    # NaN and zero SEs (untested strata) are left out
    r2 = stratified_difference([10.0, 4.0, 99.0, 7.0], [5.0, 10.0, np.nan, 0.0])
    assert int(r2["n_strata"]) == 2
    assert float(r2["diff"]) == pytest.approx((10 * 0.04 + 4 * 0.01) / 0.05)


def test_period_adjusted_row_is_the_stratified_combination_of_the_period_rows():
    df = _random_frame(np.random.default_rng(5), 600, arms=("control", "pilot"))
    r = compare_arms(df, score="score", arm="arm", date="date")
    per = r.by_period[r.by_period["kind"] == "period"]
    adj = r.by_period[r.by_period["kind"] == "period_adjusted"].iloc[0]
    # each period row is nps_test on that month's answers
    df["month"] = df["date"].dt.to_period("M").dt.start_time
    for _, row in per.iterrows():
        month = df[df["month"] == row["period"]]
        ref = nps_test(
            month.loc[month["arm"] == "pilot", "score"],
            month.loc[month["arm"] == "control", "score"],
        ).iloc[0]
        for col in ["diff", "se", "p_val", "ci_low", "ci_high"]:
            assert row[col] == pytest.approx(ref[col])
    w = 1 / per["se"] ** 2
    centre = (per["ci_low"] + per["ci_high"]) / 2
    assert adj["diff"] == pytest.approx((w * per["diff"]).sum() / w.sum())
    assert (adj["ci_low"] + adj["ci_high"]) / 2 == pytest.approx((w * centre).sum() / w.sum())
    assert adj["se"] == pytest.approx(1 / math.sqrt(w.sum()))
    assert adj["n_periods"] == 3 and adj["n"] == per["n"].sum()


def _simulate_periods(rng, sims, probs_c, delta, sizes_c, sizes_a):
    """Counts per simulation and period: control probs per period, arm shifted by delta."""
    probs_a = probs_c + np.array([-delta / 2, 0, delta / 2])
    out = []
    for probs, sizes in ((probs_a, sizes_a), (probs_c, sizes_c)):
        counts = np.stack(
            [rng.multinomial(n, p, size=sims) for p, n in zip(probs, sizes, strict=True)],
            axis=1,
        )  # sims x periods x 3
        out.append(
            {
                "n": counts.sum(-1).astype(float),
                "detractors": counts[..., 0].astype(float),
                "passives": counts[..., 1].astype(float),
                "promoters": counts[..., 2].astype(float),
            }
        )
    return out


def _pooled(side):
    return {k: v.sum(axis=-1) for k, v in side.items()}


def test_period_adjusted_removes_composition_bias_and_covers_the_truth():
    """A season effect (NPS -20, +10, +40) and the pilot mostly in the good months:
    the plain difference is biased up; the stratified one covers the true +10."""
    rng = np.random.default_rng(11)
    probs_c = np.array([[0.40, 0.40, 0.20], [0.30, 0.30, 0.40], [0.15, 0.30, 0.55]])
    sizes_c, sizes_a = [240, 150, 60], [60, 150, 240]
    a, c = _simulate_periods(rng, 4000, probs_c, 0.10, sizes_c, sizes_a)
    kw = {"confidence": 0.95, "method": "adjusted_wald", "min_n": MIN_N}
    naive = diff_test(_pooled(a), _pooled(c), **kw)
    per = diff_test(a, c, **kw)
    adj = stratified_difference(per["z"] * per["se"], per["se"], raw=per["diff"])
    assert naive["diff"].mean() > 20  # composition adds about 15 points
    assert np.mean((naive["ci_low"] <= 10) & (naive["ci_high"] >= 10)) < 0.5
    assert adj["diff"].mean() == pytest.approx(10, abs=0.5)
    cover = np.mean((adj["ci_low"] <= 10) & (adj["ci_high"] >= 10))
    assert 0.935 <= cover <= 0.965


def test_type_one_error_overall_and_period_adjusted():
    rng = np.random.default_rng(12)
    probs_c = np.array([[0.35, 0.35, 0.30], [0.25, 0.35, 0.40], [0.20, 0.30, 0.50]])
    kw = {"confidence": 0.95, "method": "adjusted_wald", "min_n": MIN_N}
    for sizes_c, sizes_a in (([40, 30, 20], [20, 30, 40]), ([200, 100, 50], [50, 100, 200])):
        a, c = _simulate_periods(rng, 20000, probs_c, 0.0, sizes_c, sizes_a)
        # overall test when the arms answer at the same time (no composition): one period
        one_a = {k: v[:, 1] for k, v in a.items()}
        one_c = {k: v[:, 1] for k, v in c.items()}
        overall = diff_test(one_a, one_c, **kw)["p_val"]
        per = diff_test(a, c, **kw)
        adj = stratified_difference(per["z"] * per["se"], per["se"])["p_val"]
        assert np.mean(overall < 0.05) <= 0.06
        assert np.mean(adj < 0.05) <= 0.06


@pytest.mark.slow
def test_type_one_error_end_to_end():
    """compare_arms itself on 400 null surveys (arms with different month shares)."""
    rng = np.random.default_rng(13)
    hits_overall = hits_adjusted = 0
    reps = 400
    for _ in range(reps):
        arm = rng.choice(["a", "b"], 300)
        month = np.where(arm == "a", rng.choice(3, 300, p=[0.5, 0.3, 0.2]), rng.choice(3, 300))
        df = pd.DataFrame(
            {
                "arm": arm,
                "score": rng.choice([0, 7, 10], 300, p=[0.3, 0.3, 0.4]),
                "date": pd.to_datetime("2024-01-15") + pd.to_timedelta(30 * month, "D"),
            }
        )
        r = compare_arms(df, score="score", arm="arm", date="date")
        hits_overall += r.overall["significant"].any()
        hits_adjusted += r.by_period.loc[
            r.by_period["kind"] == "period_adjusted", "significant"
        ].any()
    assert hits_overall / reps <= 0.07 and hits_adjusted / reps <= 0.07


def test_drivers_match_scipy_welch_and_statsmodels_holm():
    from statsmodels.stats.multitest import multipletests

    rng = np.random.default_rng(7)
    n = 300
    df = pd.DataFrame({"arm": rng.choice(["control", "pilot", "promo"], n),
                       "score": rng.integers(0, 11, n)})  # fmt: skip
    df["ease"] = rng.integers(1, 6, n) + 0.6 * (df["arm"] == "pilot")
    df["speed"] = rng.normal(3, 1 + (df["arm"] == "promo"), n)
    df.loc[::7, "speed"] = np.nan
    r = compare_arms(df, score="score", arm="arm", drivers=["ease", "speed"])
    d = r.drivers
    assert list(d[["driver", "arm"]].itertuples(index=False, name=None)) == [
        ("ease", "pilot"), ("ease", "promo"), ("speed", "pilot"), ("speed", "promo")
    ]  # fmt: skip
    for _, row in d.iterrows():
        x = df.loc[df["arm"] == row["arm"], row["driver"]].dropna()
        y = df.loc[df["arm"] == "control", row["driver"]].dropna()
        ref = sps.ttest_ind(x, y, equal_var=False)
        ci = ref.confidence_interval(0.95)
        assert row["p_val"] == pytest.approx(ref.pvalue)
        assert row["t"] == pytest.approx(ref.statistic)
        assert (row["ci_low"], row["ci_high"]) == pytest.approx((ci.low, ci.high))
        assert row["mean"] == pytest.approx(x.mean()) and row["n"] == len(x)
    assert d["p_adj"].to_numpy() == pytest.approx(multipletests(d["p_val"], method="holm")[1])
    assert d.loc[0, "significant"]


def test_driver_with_text_is_refused_with_its_rows():
    df = _ab().assign(ease="3")
    df.loc[4, "ease"] = "good"
    with pytest.raises(ValueError, match=r"'ease'.*spreadsheet rows 6"):
        compare_arms(df, score="score", arm="arm", drivers="ease")


def test_power_is_nps_power_at_the_observed_sizes():
    df = _ab(control=(60, 60, 80), pilot=(30, 40, 80))
    row = compare_arms(df, score="score", arm="arm").power.iloc[0]
    ref = nps_power(promoters_a=40, detractors_a=30, n=200, ratio=150 / 200)
    assert row["mde"] == pytest.approx(ref["mde"].iloc[0])
    assert (row["n"], row["n_control"], row["nps_control"]) == (150, 200, 10)
    # hand check of the formula: at the MDE the power is 80 % (both tails)
    mde = row["mde"] / 100
    va = 0.7 - 0.1**2
    pb, db = 0.4 + mde / 2, 0.3 - mde / 2
    se = math.sqrt(va / 200 + ((pb + db) - (pb - db) ** 2) / 150)
    power = sps.norm.cdf(mde / se - Z95) + sps.norm.cdf(-mde / se - Z95)
    assert power == pytest.approx(0.8, abs=1e-6)


def test_detractor_themes_per_arm_match_statsmodels_agresti_caffo():
    from statsmodels.stats.multitest import multipletests
    from statsmodels.stats.proportion import confint_proportions_2indep, test_proportions_2indep

    comments_c = ["late delivery"] * 12 + ["too expensive"] * 10 + ["meh"] * 8
    comments_p = ["delivery was late"] * 4 + ["price too high"] * 12 + ["meh"] * 14
    df = pd.DataFrame(
        {
            "arm": ["control"] * 40 + ["pilot"] * 40,
            "score": [2] * 30 + [10] * 10 + [3] * 30 + [9] * 10,
            "comment": comments_c + ["late delivery"] * 10 + comments_p + [""] * 10,
        }
    )
    themes = {"delivery": ["deliver"], "price": ["price", "expensive"], "staff": ["staff"]}
    t = compare_arms(df, score="score", arm="arm", comment="comment", themes=themes).themes
    assert list(t["theme"]) == ["delivery", "price"]  # nobody mentions staff
    d = t.set_index("theme")
    assert d.loc["delivery", "n_comments"] == 30 and d.loc["delivery", "n_mentions"] == 4
    assert d.loc["delivery", "pct_control"] == pytest.approx(40.0)
    for theme, (x1, x2) in {"delivery": (4, 12), "price": (12, 10)}.items():
        lo, hi = confint_proportions_2indep(x1, 30, x2, 30, method="agresti-caffo")
        p = test_proportions_2indep(x1, 30, x2, 30, method="agresti-caffo").pvalue
        assert (d.loc[theme, "ci_low"], d.loc[theme, "ci_high"]) == pytest.approx(
            (100 * lo, 100 * hi)
        )
        assert d.loc[theme, "p_val"] == pytest.approx(p)
        assert d.loc[theme, "diff"] == pytest.approx(100 * (x1 - x2) / 30)
    assert t["p_adj"].to_numpy() == pytest.approx(multipletests(t["p_val"], method="holm")[1])


def test_respondents_in_several_arms_listed_and_noted():
    df = _ab().assign(id=[f"r{i}" for i in range(200)])
    df.loc[150, "id"] = "r3"  # r3 answered in control (row 5) and pilot (row 152)
    df.loc[[10, 11], "id"] = None
    df.loc[5, "arm"] = None  # a row without arm is left out
    r = compare_arms(df, score="score", arm="arm", respondent="id")
    assert r.in_several_arms.to_dict("records") == [
        {"respondent": "r3", "arms": "control, pilot", "n_rows": 2, "rows": [5, 152]}
    ]
    note = r.overall.loc[r.overall["kind"] == "difference", "note"].iloc[0]
    assert "1 respondent(s) answered in more than one arm" in note
    assert r.overall.loc[r.overall["arm"] == "control", "n"].iloc[0] == 99
    assert compare_arms(df, score="score", arm="arm").in_several_arms.empty


def _row(**kw):
    base = {"arm": "pilot", "control": "control", "significant": False, "note": ""}
    return pd.Series(base | kw)


def test_describe_no_evidence_and_significant_wordings():
    s = describe_arm_difference(_row(diff=3.4, ci_low=-8.5, ci_high=15.3, p_val=0.58))
    assert s == (
        "no evidence of a difference between pilot and control "
        "(+3.4 points, 95% interval -8.5 to +15.3, p = 0.58)"
    )
    s = describe_arm_difference(
        _row(diff=12.0, ci_low=2.1, ci_high=21.9, p_val=0.018, significant=True)
    )
    assert s == "pilot is 12.0 points above control (95% interval +2.1 to +21.9, p = 0.018)"


def test_describe_negative_gap_level_and_small_p():
    s = describe_arm_difference(
        _row(diff=-7.25, ci_low=-9.0, ci_high=-5.5, p_val=1e-6, significant=True, confidence=0.9)
    )
    assert s == "pilot is 7.2 points below control (90% interval -9.0 to -5.5, p < 0.001)"
    s = describe_arm_difference(_row(diff=-3.0, ci_low=-9.0, ci_high=3.0, p_val=0.33))
    assert "(-3.0 points, 95% interval -9.0 to +3.0, p = 0.33)" in s


def test_describe_too_few_and_escaped_names():
    df = _ab(pilot=(2, 3, 5)).replace({"pilot": "*new* [x]"})
    r = compare_arms(df, score="score", arm="arm", control="control")
    row = r.overall[r.overall["kind"] == "difference"].iloc[0]
    s = describe_arm_difference(row)
    assert s == (
        r"too few respondents to test the difference between \*new\* \[x\] and control "
        "(+20.0 points; fewer than 12 in a group)"
    )


def test_describe_sentence_of_a_computed_row_agrees_with_the_table():
    r = compare_arms(_ab(control=(60, 60, 80), pilot=(20, 60, 120)), score="score", arm="arm")
    row = r.overall[r.overall["kind"] == "difference"].iloc[0]
    assert row["significant"]
    s = describe_arm_difference(row)
    assert s.startswith("pilot is 40.0 points above control (95% interval +")


def test_before_after_without_common_period_and_untested_periods():
    df = _ab(control=(30, 30, 40), pilot=(20, 30, 50)).replace(
        {"control": "before", "pilot": "after"}
    )
    df["date"] = np.where(df["arm"] == "before", "2024-01-10", "2024-03-10")
    r = compare_arms(df, score="score", arm="arm", date="date", control="before")
    adj = r.by_period[r.by_period["kind"] == "period_adjusted"].iloc[0]
    assert np.isnan(adj["p_val"]) and adj["n_periods"] == 0 and not adj["significant"]
    assert adj["note"] == "no period with enough respondents in both arms to test"
    assert set(r.by_period["confidence"]) == {0.95}
    # one month with both arms and one with a single pilot answer: that month is left out
    df2 = _ab().assign(date="2024-01-15")
    df2.loc[len(df2)] = {"arm": "pilot", "score": 10, "date": "2024-02-15"}
    r2 = compare_arms(df2, score="score", arm="arm", date="date")
    per = r2.by_period.set_index("kind")
    assert per.loc["period_adjusted", "n_periods"] == 1
    assert per.loc["period_adjusted", "note"] == "1 untested period(s) left out (see their notes)"
    jan = r2.by_period.iloc[0]
    assert per.loc["period_adjusted", "p_val"] == pytest.approx(jan["p_val"])


def test_describe_period_adjusted_row_uses_its_level():
    df = _random_frame(np.random.default_rng(8), 500, arms=("control", "pilot"))
    r = compare_arms(df, score="score", arm="arm", date="date", confidence=0.9)
    row = r.by_period[r.by_period["kind"] == "period_adjusted"].iloc[0]
    assert "90% interval" in describe_arm_difference(row)
