"""Benchmarks of the outcome models (issue 5).

* ``repeat_purchase``: 200,000 respondents, 2,000,000 order rows; the kit's
  sort + binary search vs a naive merge of every order onto every response
  followed by a groupby. Target: under 5 s.
* ``fit_repeat_model``: 200,000 respondents, NPS category + 5 categorical
  controls, statsmodels inference and 5-fold cross-validated AUC; baseline a
  statsmodels formula fit plus scikit-learn ``cross_val_predict`` on a one-hot
  pipeline. The check compares odds ratios and AUC. Target: under 30 s on 2 cores.
* ``key_drivers`` (issue 11): 100,000 and 1,000,000 respondents, five 1-5
  ratings and a 0-10 score, 200 bootstrap resamples (the report's setting),
  Shapley and relative weights. The kit bootstraps the distinct rows with
  multinomial weights; the baseline is the previous per-row bootstrap (kept
  below: 100 resamples of ``n`` rows materialised at a time, ~10 KB per row).
  The check: same point estimates, and interval ends within Monte-Carlo error
  (a quarter of the interval's width; with 200 resamples one end's MC error is
  about 0.05 of the width). Target: memory that does not grow with the rows.
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
from nps_toolkit.repeat.models import fit_repeat_model
from nps_toolkit.repeat.outcomes import repeat_purchase
from nps_toolkit.score.drivers import (
    _corr_parts,
    _relative_weights,
    _shapley_from_subsets,
    _subset_r2,
    key_drivers,
)

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
        survey, orders, customer="customer_id", date="date", order_date="order_date",
        window="180D", amount="amount",
    ).data  # fmt: skip


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


RATINGS = ["delivery", "price", "support", "product", "website"]
DRIVER_WEIGHTS = [0.9, 0.35, 0.45, 0.8, 0.1]
N_BOOT = 200


def _driver_data(n: int, seed: int = 2) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    latent = rng.normal(size=(n, 1)) * 0.6 + rng.normal(size=(n, len(RATINGS))) * 0.8
    ratings = np.clip(np.round(3.4 + latent), 1, 5)
    score = np.clip(np.round(0.9 * (ratings - 3) @ DRIVER_WEIGHTS / 1.5 + 7.5
                             + rng.normal(0, 1.6, n)), 0, 10)  # fmt: skip
    return pd.DataFrame(ratings, columns=RATINGS).assign(score=score)


def _kit_drivers(d: pd.DataFrame) -> pd.DataFrame:
    return key_drivers(d, score="score", drivers=RATINGS, n_boot=N_BOOT, seed=0).table


def _per_row_bootstrap(d: pd.DataFrame, n_boot: int = N_BOOT, seed: int = 0) -> pd.DataFrame:
    """The previous key_drivers bootstrap: resample rows, 100 resamples of n rows at a time."""
    Z = d[[*RATINGS, "score"]].to_numpy(dtype="float64")
    n, p = len(Z), len(RATINGS)
    Rxx, rxy = _corr_parts(Z[None])
    rng = np.random.default_rng(seed)
    chunks_R, chunks_r = [], []
    for start in range(0, n_boot, 100):
        size = min(100, n_boot - start)
        idx = rng.integers(0, n, size=(size, n))
        R_b, r_b = _corr_parts(Z[idx])
        chunks_R.append(R_b)
        chunks_r.append(r_b)
    boot_Rxx, boot_rxy = np.concatenate(chunks_R), np.concatenate(chunks_r)
    ok = np.isfinite(boot_Rxx).all(axis=(1, 2)) & (np.linalg.matrix_rank(boot_Rxx) == p)
    boot_Rxx, boot_rxy = boot_Rxx[ok], boot_rxy[ok]
    phi = _shapley_from_subsets(_subset_r2(Rxx, rxy), p)[0]
    phib = _shapley_from_subsets(_subset_r2(boot_Rxx, boot_rxy), p)
    rw = _relative_weights(Rxx, rxy)[0]
    rwb = _relative_weights(boot_Rxx, boot_rxy)
    return pd.DataFrame(
        {
            "driver": RATINGS,
            "shapley": phi,
            "shapley_ci_low": np.quantile(phib, 0.025, axis=0),
            "shapley_ci_high": np.quantile(phib, 0.975, axis=0),
            "relative_weight": rw,
            "rw_ci_low": np.quantile(rwb, 0.025, axis=0),
            "rw_ci_high": np.quantile(rwb, 0.975, axis=0),
        }
    )


def _check_drivers(kit: pd.DataFrame, base: pd.DataFrame) -> None:
    kit = kit.set_index("driver").loc[RATINGS]
    base = base.set_index("driver").loc[RATINGS]
    for value, lo, hi in [
        ("shapley", "shapley_ci_low", "shapley_ci_high"),
        ("relative_weight", "rw_ci_low", "rw_ci_high"),
    ]:
        np.testing.assert_allclose(kit[value], base[value], rtol=1e-9)
        width = (base[hi] - base[lo]).to_numpy()
        for end in (lo, hi):
            gap = np.abs(kit[end] - base[end]).to_numpy()
            assert (gap < 0.25 * width).all(), f"{end}: {gap} vs width {width}"


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
        *[
            Stage(
                name=f"key_drivers_{label}",
                size=f"{n:,} respondents, 5 ratings, {N_BOOT} resamples",
                setup=lambda n=n: _driver_data(n),
                kit=_kit_drivers,
                baseline=_per_row_bootstrap,
                check=_check_drivers,
                target="memory flat in rows (baseline ~10 KB/row)",
            )
            for label, n in (
                [("1k", 1_000), ("10k", 10_000)]
                if quick
                else [("100k", 100_000), ("1M", 1_000_000)]
            )
        ],
    ]
