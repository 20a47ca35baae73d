"""Tests of the bundled demo data: schema, determinism, and every ground-truth claim
of data/README.md, checked on the COMMITTED files with plain pandas/numpy/statsmodels
computations (never with the kit's own NPS code).

Tolerances: a share p estimated from n rows has binomial SE sqrt(p(1-p)/n); an NPS
from n rows has SE <= 100 * sqrt(1/n) (the variance of a -1/0/+1 variable is at
most 1). Claims are checked at 3 SE, or a difference at z > 3.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from nps_toolkit.datasets import demo as datasets
from nps_toolkit.datasets.demo import Demo, load_demo, make_demo
from nps_toolkit.datasets.truth import RATINGS, THEMES

END = pd.Timestamp("2026-10-31")


# ----------------------------------------------------------------- helpers
def _nps(scores: pd.Series) -> tuple[float, int]:
    """Plain NPS: % of 9-10 minus % of 0-6 among non-missing scores."""
    s = scores.dropna().astype(float)
    return 100.0 * (s.ge(9).mean() - s.le(6).mean()), len(s)


def _nps_se(scores: pd.Series) -> float:
    """SE of the NPS (percentage points): sqrt((p + d - (p - d)^2) / n) * 100."""
    s = scores.dropna().astype(float)
    p, d, n = s.ge(9).mean(), s.le(6).mean(), len(s)
    return 100.0 * np.sqrt((p + d - (p - d) ** 2) / n)


def _nps_diff_z(a: pd.Series, b: pd.Series) -> float:
    return (_nps(a)[0] - _nps(b)[0]) / np.hypot(_nps_se(a), _nps_se(b))


def _two_prop_z(x1: pd.Series, x2: pd.Series) -> float:
    p1, p2, n1, n2 = x1.mean(), x2.mean(), len(x1), len(x2)
    p = (x1.sum() + x2.sum()) / (n1 + n2)
    return (p1 - p2) / np.sqrt(p * (1 - p) * (1 / n1 + 1 / n2))


def _category(score: pd.Series) -> pd.Series:
    s = score.astype(float)
    out = pd.Series(np.where(s.le(6), "detractor", np.where(s.le(8), "passive", "promoter")))
    out.index = score.index
    return out.where(s.notna())


@pytest.fixture(scope="module")
def demo() -> Demo:
    return load_demo()


@pytest.fixture(scope="module")
def survey(demo) -> pd.DataFrame:
    return demo.survey


@pytest.fixture(scope="module")
def orders(demo) -> pd.DataFrame:
    return demo.orders


@pytest.fixture(scope="module")
def unique(survey) -> pd.DataFrame:
    """Survey without the 15 planted re-submissions."""
    return survey.drop_duplicates(subset=[c for c in survey.columns if c != "response_id"])


@pytest.fixture(scope="module")
def eligible(unique, orders) -> pd.DataFrame:
    """Scored responses with a complete 180-day window, with the repeat flag."""
    el = unique[unique["date"].le(END - pd.Timedelta(days=180)) & unique["score"].notna()].copy()
    merged = el[["response_id", "customer_id", "date"]].merge(orders, on="customer_id")
    in_window = merged["order_date"].gt(merged["date"]) & merged["order_date"].le(
        merged["date"] + pd.Timedelta(days=180)
    )
    repeaters = set(merged.loc[in_window, "response_id"])
    el["repeat"] = el["response_id"].isin(repeaters).astype(int)
    el["nps_cat"] = _category(el["score"])
    return el


@pytest.fixture(scope="module")
def truth() -> pd.DataFrame:
    return pd.read_csv(datasets.DEMO_DIR / "truth.csv", keep_default_na=False, dtype=str)


# ----------------------------------------------------------------- schema
def test_committed_files_exist_and_are_small():
    for name in ["survey.csv", "orders.csv", "truth.csv"]:
        path = datasets.DEMO_DIR / name
        assert path.exists(), path
        assert path.stat().st_size < 3_000_000


def _documented_columns(section: str) -> list[str]:
    """The column names of a file's table in data/README.md, in the table's order."""
    readme = (datasets.REPO_ROOT / "data" / "README.md").read_text(encoding="utf-8")
    part = readme.split(f"## `{section}`", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in part.splitlines() if line.startswith("| `")]
    return [name for row in rows for name in re.findall(r"`(\w+)`", row.split("|")[1])]


def test_survey_schema(survey):
    # The documented table (data/README.md): 11 columns, then the five ratings in one row.
    documented = _documented_columns("survey.csv")
    assert len(documented) == 16 and documented[-5:] == list(RATINGS)
    assert survey.columns.tolist() == documented
    dtypes = survey.dtypes.astype(str).to_dict()
    assert dtypes["date"] == dtypes["first_order_date"] == "datetime64[ns]"
    assert dtypes["score"] == "Int64"
    for col in RATINGS:
        assert dtypes[col] == "Int64"
        assert survey[col].notna().all()
        assert set(survey[col].unique()) <= {1, 2, 3, 4, 5}
    for col in ["response_id", "customer_id", "comment", "channel", "region", "language"]:
        assert pd.api.types.is_string_dtype(survey[col]), col
    assert survey["response_id"].str.fullmatch(r"R\d{6}").all()
    assert survey["response_id"].is_unique
    assert survey["customer_id"].str.fullmatch(r"C\d{5}").all()
    assert set(survey["channel"].unique()) == {"web", "app", "email", "phone"}
    assert set(survey["region"].unique()) == {"North", "South", "East", "West", "Central"}
    assert set(survey["category"].unique()) == {
        "electronics",
        "home",
        "fashion",
        "beauty",
        "grocery",
    }
    assert set(survey["journey_stage"].unique()) == {
        "onboarding",
        "purchase",
        "delivery",
        "support",
    }
    assert set(survey["score"].dropna().unique()) <= set(range(11))
    # Dates: no time of day, inside the 24 months.
    assert survey["date"].eq(survey["date"].dt.normalize()).all()
    assert survey["date"].min() >= pd.Timestamp("2024-11-01") and survey["date"].max() <= END
    assert 4000 <= len(survey) <= 6000


def test_orders_schema(orders, survey):
    assert orders.columns.tolist() == ["order_id", "customer_id", "order_date", "amount"]
    assert str(orders["order_date"].dtype) == "datetime64[ns]"
    assert str(orders["amount"].dtype) == "float64"
    assert pd.api.types.is_string_dtype(orders["order_id"])
    assert orders["order_id"].is_unique
    assert orders["amount"].gt(0).all()
    # Orders stop at the data end date, and run right up to it (censoring is real).
    assert orders["order_date"].max() <= END
    assert orders["order_date"].max() >= END - pd.Timedelta(days=7)
    # Orders are of surveyed customers only, and every surveyed customer has one.
    assert set(orders["customer_id"]) == set(survey["customer_id"])


def test_first_order_date_is_the_first_order(survey, orders):
    first = orders.groupby("customer_id")["order_date"].min()
    per_customer = survey.groupby("customer_id")["first_order_date"].first()
    pd.testing.assert_series_equal(
        per_customer.sort_index(), first.reindex(per_customer.index).sort_index(), check_names=False
    )
    assert survey["first_order_date"].le(survey["date"]).all()


def test_missing_scores_and_comments(survey):
    n = len(survey)
    missing = survey["score"].isna().sum()
    # ~1% skipped: binomial SE at n=4848 is 0.14 points.
    assert abs(missing / n - 0.01) < 3 * np.sqrt(0.01 * 0.99 / n)
    no_comment = survey["comment"].isna().mean()
    assert 0.35 <= no_comment <= 0.45
    # No empty strings: "no comment" is NaN.
    assert not survey["comment"].eq("").any()
    assert not survey["comment"].str.strip().eq("").any()
    # language is NaN exactly when there is no comment or the comment has no language.
    assert survey.loc[survey["comment"].isna(), "language"].isna().all()
    no_lang = survey["comment"].notna() & survey["language"].isna()
    non_answers = {"n/a", "N/A", "-", "none", ".", "nothing", "no comment", "?"}
    texts = survey.loc[no_lang, "comment"]
    assert texts.isin(non_answers).sum() > 50
    # The rest are a lone emoji (no ASCII letters at all).
    assert not texts[~texts.isin(non_answers)].str.contains(r"[A-Za-z]").any()


def test_duplicates_exact_resubmissions(survey):
    rest = [c for c in survey.columns if c != "response_id"]
    dup = survey.duplicated(subset=rest, keep=False)
    assert survey.duplicated(subset=rest).sum() == 15
    assert dup.sum() == 30
    # Each customer answers once, apart from these re-submissions.
    assert survey["customer_id"].duplicated().sum() == 15
    assert survey.loc[dup, "score"].notna().all()


# ----------------------------------------------------------------- determinism
def test_make_demo_is_deterministic_and_small_sizes_work():
    a = make_demo(n_customers=800, seed=7)
    b = make_demo(n_customers=800, seed=7)
    pd.testing.assert_frame_equal(a.survey, b.survey)
    pd.testing.assert_frame_equal(a.orders, b.orders)
    c = make_demo(n_customers=800, seed=8)
    assert not a.survey["score"].equals(c.survey["score"])
    # Start and length are honoured.
    d = make_demo(n_customers=800, seed=7, start="2023-01-01", months=12)
    assert d.survey["date"].min() >= pd.Timestamp("2023-01-01")
    assert d.orders["order_date"].max() <= pd.Timestamp("2023-12-31")


def test_load_demo_fallback_reproduces_committed_files(monkeypatch, tmp_path, demo):
    """make_demo() with defaults is exactly what is committed (via the fallback)."""
    monkeypatch.setattr(datasets, "DEMO_DIR", tmp_path / "absent")
    generated = load_demo()
    pd.testing.assert_frame_equal(generated.survey, demo.survey)
    pd.testing.assert_frame_equal(generated.orders, demo.orders)


def test_load_demo_reads_the_files_shipped_in_the_wheel(monkeypatch, tmp_path):
    """Without the repository's data/demo/, load_demo reads the package's demo_files/."""
    shipped = tmp_path / "demo_files"
    shipped.mkdir()
    # A cut-down copy, so that reading it (not generating the demo) is what shows.
    for name, rows in [("survey.csv", 7), ("orders.csv", 5)]:
        lines = (datasets.DEMO_DIR / name).read_text(encoding="utf-8").splitlines(keepends=True)
        (shipped / name).write_text("".join(lines[: rows + 1]), encoding="utf-8")
    monkeypatch.setattr(datasets, "DEMO_DIR", tmp_path / "absent")
    monkeypatch.setattr(datasets, "PACKAGE_DEMO_DIR", shipped)
    survey, orders = load_demo()
    assert len(survey) == 7 and len(orders) == 5
    assert survey["response_id"].tolist() == [f"R{i:06d}" for i in range(1, 8)]
    assert str(survey["score"].dtype) == "Int64"
    assert str(orders["order_date"].dtype) == "datetime64[ns]"
    # One file alone is not enough: the next folder (here: generating) is used.
    (shipped / "orders.csv").unlink()
    assert len(load_demo().survey) > 4000


def test_package_demo_folder_is_where_setup_ships_the_files():
    import ast

    root = datasets.REPO_ROOT
    tree = ast.parse((root / "setup.py").read_text(encoding="utf-8"))
    (shipped,) = [
        ast.literal_eval(node.value)
        for node in tree.body
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "SHIPPED"
    ]
    target = datasets.PACKAGE_DEMO_DIR.relative_to(root).as_posix()
    assert shipped[target] == ("data/demo", ["survey.csv", "orders.csv"])


def test_importing_the_cli_module_writes_nothing():
    import subprocess
    import sys

    code = "import nps_toolkit.datasets.__main__"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout == ""  # main() prints every path it writes


def test_cli_writes_identical_bytes(tmp_path):
    datasets.main(["--out", str(tmp_path)])
    for name in ["survey.csv", "orders.csv", "truth.csv"]:
        assert (tmp_path / name).read_bytes() == (datasets.DEMO_DIR / name).read_bytes(), name


def test_bad_arguments():
    with pytest.raises(ValueError, match="n_customers"):
        make_demo(n_customers=10)
    with pytest.raises(ValueError, match="months"):
        make_demo(months=3)


# ----------------------------------------------------------------- truth 1: repeat
def test_repeat_rates_by_category(eligible):
    rates = eligible.groupby("nps_cat")["repeat"].agg(["mean", "size"])
    documented = {"detractor": 0.28, "passive": 0.45, "promoter": 0.60}
    assert rates.loc["detractor", "mean"] < rates.loc["passive", "mean"]
    assert rates.loc["passive", "mean"] < rates.loc["promoter", "mean"]
    for cat, p in documented.items():
        n = rates.loc[cat, "size"]
        assert abs(rates.loc[cat, "mean"] - p) < 3 * np.sqrt(p * (1 - p) / n), cat


def test_repeat_logistic_model_recovers_odds_ratios(eligible):
    import statsmodels.formula.api as smf

    fit = smf.logit(
        "repeat ~ C(nps_cat, Treatment('detractor')) + C(channel, Treatment('web'))"
        " + C(category, Treatment('home'))",
        data=eligible,
    ).fit(disp=0)

    def logit(p):
        return np.log(p / (1 - p))

    true = {
        "Intercept": logit(0.28),
        "C(nps_cat, Treatment('detractor'))[T.passive]": logit(0.45) - logit(0.28),
        "C(nps_cat, Treatment('detractor'))[T.promoter]": logit(0.60) - logit(0.28),
        "C(channel, Treatment('web'))[T.app]": 0.15,
        "C(channel, Treatment('web'))[T.email]": 0.0,
        "C(channel, Treatment('web'))[T.phone]": -0.25,
        "C(category, Treatment('home'))[T.beauty]": 0.0,
        "C(category, Treatment('home'))[T.electronics]": -0.25,
        "C(category, Treatment('home'))[T.fashion]": 0.0,
        "C(category, Treatment('home'))[T.grocery]": 0.25,
    }
    for name, value in true.items():
        z = (fit.params[name] - value) / fit.bse[name]
        assert abs(z) < 3, (name, fit.params[name], value)


def test_same_day_orders_are_not_repeats(survey, orders):
    """Some customers ordered on the response day: the trap 'strictly after' guards."""
    m = survey[["customer_id", "date"]].merge(orders, on="customer_id")
    assert m["order_date"].eq(m["date"]).sum() > 100


def test_amount_depends_on_category_and_nps_category(unique, orders):
    import statsmodels.formula.api as smf

    m = orders.merge(unique[["customer_id", "date", "score", "category"]], on="customer_id")
    medians = m.groupby("category")["amount"].median()
    documented = {"electronics": 140, "home": 65, "fashion": 48, "beauty": 32, "grocery": 38}
    for cat, med in documented.items():
        # Median of a lognormal(sd 0.55) sample of > 3000 orders: within ~3%.
        assert abs(np.log(medians[cat] / med)) < 0.05, cat
    post = m[m["order_date"].gt(m["date"]) & m["score"].notna()].copy()
    post["nps_cat"] = _category(post["score"])
    post["log_amount"] = np.log(post["amount"])
    fit = smf.ols("log_amount ~ C(nps_cat, Treatment('passive')) + C(category)", data=post).fit()
    for level, mult in [("detractor", 0.90), ("promoter", 1.10)]:
        name = f"C(nps_cat, Treatment('passive'))[T.{level}]"
        assert abs(fit.params[name] - np.log(mult)) < 3 * fit.bse[name], level


# ----------------------------------------------------------------- truth 2: segments
def test_app_channel_nps_higher(unique):
    app = unique.loc[unique["channel"].eq("app"), "score"]
    rest = unique.loc[unique["channel"].ne("app"), "score"]
    gap = _nps(app)[0] - _nps(rest)[0]
    assert gap > 10
    assert _nps_diff_z(app, rest) > 3
    # Documented gap ~ +20 (22 in the committed data): within 3 SE of 20.
    assert abs(gap - 20) < 3 * np.hypot(_nps_se(app), _nps_se(rest))


def test_null_segments_do_not_differ(unique):
    # Web, email and phone share one score distribution.
    for a, b in [("web", "email"), ("web", "phone"), ("email", "phone")]:
        sa = unique.loc[unique["channel"].eq(a), "score"]
        sb = unique.loc[unique["channel"].eq(b), "score"]
        assert abs(_nps_diff_z(sa, sb)) < 3, (a, b)
    # Regions other than North do not differ.
    others = ["South", "East", "West", "Central"]
    for i, a in enumerate(others):
        for b in others[i + 1 :]:
            sa = unique.loc[unique["region"].eq(a), "score"]
            sb = unique.loc[unique["region"].eq(b), "score"]
            assert abs(_nps_diff_z(sa, sb)) < 3, (a, b)


# ----------------------------------------------------------------- truth 3: the drop
def test_north_late_delivery_drop(unique):
    inc = unique["date"].between("2025-09-01", "2025-12-31")
    north = unique["region"].eq("North")
    during, outside = unique.loc[north & inc, "score"], unique.loc[north & ~inc, "score"]
    drop = _nps(outside)[0] - _nps(during)[0]
    assert drop > 30 and _nps_diff_z(outside, during) > 3
    # Other regions: no drop in the same months.
    o_during = unique.loc[~north & inc, "score"]
    o_outside = unique.loc[~north & ~inc, "score"]
    assert abs(_nps_diff_z(o_during, o_outside)) < 3
    # Overall NPS in the four months is clearly below the other 20.
    assert _nps_diff_z(unique.loc[~inc, "score"], unique.loc[inc, "score"]) > 3
    # North's delivery ratings collapse in the incident.
    assert (
        unique.loc[north & inc, "rating_delivery"].astype(float).mean()
        < unique.loc[north & ~inc, "rating_delivery"].astype(float).mean() - 1.0
    )


def test_monthly_dip(unique):
    month = unique["date"].dt.to_period("M")
    monthly = unique.groupby(month)["score"].apply(lambda s: _nps(s)[0])
    incident = monthly[[pd.Period(m, "M") for m in ["2025-10", "2025-11", "2025-12"]]]
    # Oct-Dec 2025 are each below the median month by more than 8 points.
    assert (incident < monthly.median() - 8).all()


# ----------------------------------------------------------------- drivers
def test_key_driver_weights_recovered(unique):
    d = unique.dropna(subset=["score"])
    x = d[RATINGS].astype(float).to_numpy()
    app = d["channel"].eq("app").to_numpy(float)
    design = np.column_stack([np.ones(len(d)), x, app])
    coef, *_ = np.linalg.lstsq(design, d["score"].astype(float).to_numpy(), rcond=None)
    got = dict(zip(RATINGS, coef[1:6], strict=True))
    true = {
        "rating_delivery": 0.90,
        "rating_price": 0.35,
        "rating_support": 0.45,
        "rating_product": 0.80,
        "rating_website": 0.10,
    }
    # Order: delivery > product > support > price > website.
    order = sorted(got, key=got.get, reverse=True)
    assert order == [
        "rating_delivery",
        "rating_product",
        "rating_support",
        "rating_price",
        "rating_website",
    ]
    # Rounding and clipping at 0 and 10 attenuate a linear fit: within 60-105% of truth.
    for k, w in true.items():
        assert 0.6 * w <= got[k] <= 1.05 * w + 0.02, (k, got[k], w)


# ----------------------------------------------------------------- truth 4: themes
KEYWORDS = {
    "delivery": r"deliver|shipping|parcel|package|courier|arriv|livr|colis|env[ií]o|entrega|"
    r"encomenda|consegna|pacco|spedizione|pengiriman|paket|kurir|late|retard|retraso|atras|ritardo|"
    r"giao hàng|vận chuyển|shipper|kiện hàng|จัดส่ง|พัสดุ|ขนส่ง|快递|物流|发货",
    "price": r"price|expensive|overpriced|money|cheaper|rip off|discount|prix|cher|precio|caro|"
    r"preço|prezz|harga|mahal|giá|đắt|ราคา|แพง|ส่วนลด|价格|太贵|优惠",
    "support": r"support|customer service|on hold|service client|atención al cliente|"
    r"atendimento|servizio clienti|layanan pelanggan|al tel[eé]fono|ao telefone|al telefono|"
    r"assistenza|telepon|\bcs\b|cs-nya|chăm sóc khách hàng|tổng đài|hỗ trợ|ฝ่ายบริการลูกค้า|"
    r"คอลเซ็นเตอร์|แอดมิน|客服|售后|人工服务",
}


def _detractor_comments(survey):
    keep = survey["score"].astype(float).le(6) & survey["language"].notna()
    return survey[keep.fillna(False)]


def _mentions(text: pd.Series, theme: str) -> pd.Series:
    return text.str.lower().str.contains(KEYWORDS[theme], regex=True)


def test_delivery_complaints_concentrate_in_north_incident(survey):
    d = _detractor_comments(survey)
    inc = d["region"].eq("North") & d["date"].between("2025-09-01", "2025-12-31")
    hit = _mentions(d["comment"], "delivery").astype(int)
    assert hit[inc].mean() > 0.5
    assert hit[inc].mean() - hit[~inc].mean() > 0.25
    assert _two_prop_z(hit[inc], hit[~inc]) > 3


def test_price_complaints_concentrate_in_electronics(survey):
    d = _detractor_comments(survey)
    el = d["category"].eq("electronics")
    hit = _mentions(d["comment"], "price").astype(int)
    assert hit[el].mean() > 1.8 * hit[~el].mean()
    assert _two_prop_z(hit[el], hit[~el]) > 3


def test_support_complaints_concentrate_in_support_stage(survey):
    d = _detractor_comments(survey)
    st = d["journey_stage"].eq("support")
    hit = _mentions(d["comment"], "support").astype(int)
    assert hit[st].mean() > 2.5 * hit[~st].mean()
    assert _two_prop_z(hit[st], hit[~st]) > 3


def test_truth_file_matches_survey_and_documented_shares(survey, truth):
    assert truth["response_id"].tolist() == survey["response_id"].tolist()
    d = truth[
        (survey["score"].astype(float).le(6) & survey["language"].notna()).fillna(False).to_numpy()
    ]
    shares = {
        t: d["complaint_themes"].str.split(";").map(lambda x, t=t: t in x).mean() for t in THEMES
    }
    documented = {  # data/README.md, "Detractor comment themes"
        "delivery": 0.230,
        "price": 0.222,
        "support": 0.183,
        "product_quality": 0.190,
        "ease_of_use": 0.049,
        "website_app": 0.081,
        "billing_refunds": 0.042,
        "staff": 0.031,
    }
    for t, v in documented.items():
        assert shares[t] == pytest.approx(v, abs=0.0006), t
    # Keyword search agrees with the truth labels for the three planted themes.
    text = survey.loc[d.index, "comment"]
    for t in ["delivery", "price", "support"]:
        labelled = d["complaint_themes"].str.split(";").map(lambda x, t=t: t in x)
        assert _mentions(text, t)[labelled.to_numpy()].mean() > 0.9, t


def test_detractors_comment_more_than_passives(survey):
    cat = _category(survey["score"])
    has = survey["comment"].notna().astype(int)
    det, pas = has[cat.eq("detractor")], has[cat.eq("passive")]
    assert det.mean() > pas.mean() and _two_prop_z(det, pas) > 3


# ----------------------------------------------------------------- comment realism
def test_languages_are_true(survey):
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    shares = survey["language"].value_counts(normalize=True)
    languages = ["en", "fr", "es", "pt", "it", "id", "vi", "th", "zh"]
    assert set(shares.index) == set(languages)
    # Drawn: 38% not English (TRUTH["languages"]); short answers are all English.
    assert 0.28 <= 1 - shares["en"] <= 0.38
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE)
    identifier.set_languages(languages)
    foreign = survey[survey["language"].notna() & survey["language"].ne("en")]
    predicted = foreign["comment"].map(lambda c: identifier.classify(c)[0])
    assert predicted.eq(foreign["language"]).mean() > 0.95


def test_comment_variety(survey):
    c = survey["comment"].dropna()
    en = survey.loc[survey["language"].eq("en"), "comment"]
    assert c.nunique() > 1500
    assert en.str.len().lt(15).sum() > 100 and en.str.len().gt(120).sum() > 30
    for pattern in [
        "delivrey|recieved|definately|pakage|costumer",
        "wasn't|won't|couldn't|never again|not bad|no complaints",
        r"\bbut\b|however|although",
        "😡|👍|❤️|🙄",
    ]:
        assert c.str.contains(pattern).sum() >= 10, pattern
    caps = en[en.str.len().gt(20) & en.eq(en.str.upper())]
    assert len(caps) >= 10
    assert c.str.contains("\n").sum() >= 3


def test_pii_and_hostile_strings_present(survey):
    c = survey["comment"].dropna()
    for needle in [
        "jane.doe@example.com",
        "john.smith@example.org",
        "m.rossi@example.net",
        "+44 20 7946 0958",
        "020 7946 0123",
        "+1 202 555 0143",
        "4111 1111 1111 1111",
        "<script>alert(1)</script>",
        '=HYPERLINK("http://x","click")',
    ]:
        assert c.str.contains(needle, regex=False).sum() == 1, needle


# ----------------------------------------------------------------- botanic
def test_load_botanic():
    from nps_toolkit.io import read as io

    df = datasets.load_botanic()
    # Published figures (data/botanic_nps_fr/README.md): 13,954 customers, 342 without a
    # score, and the score counts, read from the README's "Score counts: 1:83 ..." line.
    readme = (datasets.REPO_ROOT / "data" / "botanic_nps_fr" / "README.md").read_text("utf-8")
    line = re.search(r"Score counts: ([0-9: ]+)\.", readme).group(1)
    published = {int(k): int(v) for k, v in (pair.split(":") for pair in line.split())}
    assert published[1] == 83 and published[10] == 5978 and len(published) == 10
    assert len(df) == 13954 - 342
    assert str(df["score"].dtype) == "Int64"
    counts = df["score"].value_counts().sort_index()
    assert counts.to_dict() == published
    report = io.quality_report(df).set_index("reason")["rows"]
    assert report["missing score"] == 342
    assert report.sum() == 13954
    assert df["respondent_id"].is_unique
    assert "NbPassageKS" in df.columns
    # About 3,839 comments (README); the file is Windows-1252, so accents must decode.
    assert 3700 <= df["comment"].notna().sum() <= 3839
    assert df["comment"].str.contains("é", regex=False).sum() > 500


def test_load_demo_keeps_non_answers_as_text(survey):
    """A naive read_csv turns "n/a" / "N/A" comments into NaN; load_demo must not."""
    raw = pd.read_csv(datasets.DEMO_DIR / "survey.csv", keep_default_na=False, dtype=str)
    assert raw["comment"].eq("n/a").sum() == survey["comment"].eq("n/a").sum() > 0
    assert raw["comment"].eq("N/A").sum() == survey["comment"].eq("N/A").sum() > 0
    assert raw["comment"].eq("").sum() == survey["comment"].isna().sum()
    assert raw["score"].eq("").sum() == survey["score"].isna().sum() == 40
    naive = pd.read_csv(datasets.DEMO_DIR / "survey.csv")
    assert naive["comment"].isna().sum() > survey["comment"].isna().sum()
