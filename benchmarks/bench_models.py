"""Benchmarks of the outcome models (issue 5).

* ``repeat_purchase``: 200,000 respondents, 2,000,000 order rows; the kit's
  sort + binary search vs a naive merge of every order onto every response
  followed by a groupby. Target: under 5 s.
* ``fit_repeat_model``: 200,000 respondents, NPS category + 5 categorical
  controls, statsmodels inference and 5-fold cross-validated AUC; baseline a
  statsmodels formula fit plus scikit-learn ``cross_val_predict`` on a one-hot
  pipeline. The check compares odds ratios and AUC. Target: under 30 s on 2 cores.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import statsmodels.formula.api as smf
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder

from benchmarks.harness import Stage
from nps_toolkit.models import fit_repeat_model
from nps_toolkit.outcomes import repeat_purchase

CONTROLS = {
    "channel": ["web", "app", "email", "phone"],
    "region": ["North", "South", "East", "West", "Central"],
    "category": ["home", "fashion", "beauty", "grocery", "electronics"],
    "stage": ["onboarding", "purchase", "delivery", "support"],
    "device": ["desktop", "mobile", "tablet"],
}


def _survey_orders(n_resp: int, n_orders: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    n_cust = n_resp
    survey = pd.DataFrame(
        {
            "customer_id": rng.permutation(n_cust)[:n_resp].astype("int64"),
            "date": pd.Timestamp("2024-01-01")
            + pd.to_timedelta(rng.integers(0, 540, n_resp), unit="D"),
        }
    )
    survey["customer_id"] = "C" + survey["customer_id"].astype(str)
    orders = pd.DataFrame(
        {
            "customer_id": "C"
            + pd.Series(rng.integers(0, n_cust + n_cust // 10, n_orders)).astype(str),
            "order_date": pd.Timestamp("2023-06-01")
            + pd.to_timedelta(rng.integers(0, 900 * 24, n_orders), unit="h"),
            "amount": rng.gamma(2.0, 30.0, n_orders).round(2),
        }
    )
    return survey, orders


def _kit_repeat(state):
    survey, orders = state
    return repeat_purchase(
        survey, orders, customer="customer_id", survey_date="date", order_date="order_date",
        window="180D", amount="amount",
    )  # fmt: skip


def _naive_repeat(state):
    survey, orders = state
    s = survey.reset_index(names="row")
    m = s.merge(orders, on="customer_id", how="left")
    inside = (m["order_date"] > m["date"]) & (m["order_date"] <= m["date"] + pd.Timedelta("180D"))
    m = m.assign(inside=inside, rev=m["amount"].where(inside, 0.0))
    g = m.groupby("row").agg(n=("inside", "sum"), rev=("rev", "sum"))
    return g.reindex(s["row"]).fillna(0)


def _check_repeat(kit, base):
    np.testing.assert_array_equal(kit["orders_in_window"].to_numpy(), base["n"].to_numpy())
    np.testing.assert_allclose(
        kit["revenue_in_window"].to_numpy(), base["rev"].to_numpy(), atol=1e-6
    )


def _model_data(n: int, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    score = rng.integers(0, 11, n)
    data = {"score": score}
    logit = -0.9 + 0.6 * ((score >= 7) & (score <= 8)) + 1.2 * (score >= 9)
    for col, levels in CONTROLS.items():
        values = rng.choice(
            levels, n, p=np.linspace(2, 1, len(levels)) / np.linspace(2, 1, len(levels)).sum()
        )
        effects = dict(zip(levels, rng.normal(0, 0.2, len(levels)), strict=True))
        logit = logit + np.array([effects[v] for v in values])
        data[col] = values
    data["repeat"] = rng.random(n) < 1 / (1 + np.exp(-logit))
    return pd.DataFrame(data)


def _kit_fit(d):
    m = fit_repeat_model(d, outcome="repeat", score="score", controls=list(CONTROLS), cv=5)
    return m


def _baseline_fit(d):
    d = d.assign(
        nps_cat=np.where(d.score >= 9, "promoter", np.where(d.score >= 7, "passive", "detractor")),
        y=d.repeat.astype(int),
    )
    refs = {c: d[c].value_counts().index[0] for c in CONTROLS}
    formula = "y ~ C(nps_cat, Treatment('detractor'))" + "".join(
        f" + C({c}, Treatment('{refs[c]}'))" for c in CONTROLS
    )
    fit = smf.logit(formula, data=d).fit(disp=0)
    cols = ["nps_cat", *CONTROLS]
    pipe = make_pipeline(
        ColumnTransformer([("oh", OneHotEncoder(drop="first"), cols)]),
        LogisticRegression(C=np.inf, max_iter=1000),
    )
    p = cross_val_predict(
        pipe, d[cols], d["y"], cv=StratifiedKFold(5, shuffle=True, random_state=0),
        method="predict_proba",
    )[:, 1]  # fmt: skip
    return fit, roc_auc_score(d["y"], p)


def _check_fit(kit, base):
    fit, auc = base
    ors = kit.odds_ratios.set_index("term")["odds_ratio"]
    p = fit.params
    np.testing.assert_allclose(
        ors["promoter (vs detractor)"],
        np.exp(p["C(nps_cat, Treatment('detractor'))[T.promoter]"]),
        rtol=1e-6,
    )
    np.testing.assert_allclose(
        ors["passive (vs detractor)"],
        np.exp(p["C(nps_cat, Treatment('detractor'))[T.passive]"]),
        rtol=1e-6,
    )
    assert len(ors) == len(p) - 1
    assert abs(kit.cv_auc["auc"].iloc[0] - auc) < 0.005


def stages(quick: bool = False) -> list[Stage]:
    n_resp, n_orders, n_fit = (2_000, 20_000, 5_000) if quick else (200_000, 2_000_000, 200_000)
    return [
        Stage(
            name="repeat_purchase",
            size=f"{n_resp:,} respondents, {n_orders:,} orders",
            setup=lambda: _survey_orders(n_resp, n_orders),
            kit=_kit_repeat,
            baseline=_naive_repeat,
            check=_check_repeat,
            target="< 5 s",
        ),
        Stage(
            name="fit_repeat_model",
            size=f"{n_fit:,} respondents, 5 controls, 5-fold CV",
            setup=lambda: _model_data(n_fit),
            kit=_kit_fit,
            baseline=_baseline_fit,
            check=_check_fit,
            target="< 30 s",
        ),
    ]
