"""nps / nps_by / nps_trend checked against plain pandas arithmetic and statsmodels."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps
from statsmodels.stats.meta_analysis import combine_effects

from nps_toolkit.segments import counts_frame, nps, nps_by, nps_trend


def _manual(scores):
    """NPS and Wald SE straight from the definition, on -100..100."""
    s = pd.Series(scores).dropna()
    p, d = (s >= 9).mean(), (s <= 6).mean()
    return 100 * (p - d), 100 * np.sqrt(((p + d) - (p - d) ** 2) / len(s))


@pytest.fixture
def survey(rng):
    n = 3000
    df = pd.DataFrame(
        {
            "score": rng.integers(0, 11, n).astype("float64"),
            "region": rng.choice(["North", "South", "East"], n),
            "channel": pd.Categorical(
                rng.choice(["web", "app"], n), categories=["web", "app", "shop"]
            ),
            "date": pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 365, n), unit="D"),
            "w": rng.uniform(0.5, 2.0, n),
        }
    )
    df.loc[rng.choice(n, 100, replace=False), "score"] = np.nan
    return df


def test_scores_example_from_issue():
    assert nps([0, 7, 7, 9, 9, 9])["nps"].iloc[0] == pytest.approx(100 / 3)


def test_nps_series_dataframe_and_list_agree(survey):
    a = nps(survey["score"], method="wald")
    b = nps(survey, score="score", method="wald")
    c = nps(survey["score"].tolist(), method="wald")
    pd.testing.assert_frame_equal(a, b)
    pd.testing.assert_frame_equal(a, c)
    est, se = _manual(survey["score"])
    assert a["nps"].iloc[0] == pytest.approx(est) and a["se"].iloc[0] == pytest.approx(se)
    assert a["n"].iloc[0] == 2900


def test_nps_dataframe_needs_score_column(survey):
    with pytest.raises(ValueError, match="score="):
        nps(survey)


def test_nps_by_matches_groupby_by_hand(survey):
    got = nps_by(survey, score="score", by=["region", "channel"], method="wald")
    for _, row in got.iterrows():
        part = survey[(survey["region"] == row["region"]) & (survey["channel"] == row["channel"])]
        est, se = _manual(part["score"])
        assert row["n"] == part["score"].notna().sum()
        assert row["nps"] == pytest.approx(est) and row["se"] == pytest.approx(se)
    # Only observed combinations, sorted by key (categorical keys in category order).
    assert len(got) == 6 and got["channel"].tolist()[:2] == ["web", "app"]
    assert got["region"].tolist() == ["East", "East", "North", "North", "South", "South"]


def test_nps_by_empty_and_missing_key_groups_do_not_vanish():
    df = pd.DataFrame({"score": [9, 10, None, None, 3], "g": ["a", "a", "b", "b", None]})
    got = nps_by(df, score="score", by="g", min_n=2)
    assert got["g"].tolist()[:2] == ["a", "b"] and pd.isna(got["g"].iloc[2])
    assert got["n"].tolist() == [2, 0, 1]
    assert np.isnan(got.loc[1, "nps"])
    assert got["low_n"].tolist() == [False, True, True]


def test_weighted_nps_and_kish_effective_n(survey):
    got = nps(survey, score="score", weights="w", method="wald").iloc[0]
    ok = survey["score"].notna()
    s, w = survey.loc[ok, "score"], survey.loc[ok, "w"]
    value = np.where(s >= 9, 1, np.where(s <= 6, -1, 0))
    p, d = np.average(s >= 9, weights=w), np.average(s <= 6, weights=w)
    n_eff = w.sum() ** 2 / (w**2).sum()
    assert got["nps"] == pytest.approx(100 * np.average(value, weights=w))
    assert got["n_eff"] == pytest.approx(n_eff)
    assert got["se"] == pytest.approx(100 * np.sqrt(((p + d) - (p - d) ** 2) / n_eff))
    assert got["n"] == 2900


def test_equal_weights_change_nothing(survey):
    survey = survey.assign(one=2.0)
    a = nps_by(survey, score="score", by="region", weights="one")
    b = nps_by(survey, score="score", by="region")
    for col in ["nps", "se", "ci_low", "ci_high"]:
        np.testing.assert_allclose(a[col], b[col])


def test_bad_weights_raise(survey):
    survey.loc[3, "w"] = -1
    with pytest.raises(ValueError, match="Weight column 'w'"):
        nps_by(survey, score="score", by="region", weights="w")


def test_unknown_column_named():
    with pytest.raises(ValueError, match=r"\['segment'\] not found"):
        nps_by(pd.DataFrame({"score": [1]}), score="score", by="segment")


def test_shrinkage_matches_statsmodels_dersimonian_laird():
    rng = np.random.default_rng(5)
    sizes = [400, 300, 25, 12, 200, 8]
    true = [0.3, 0.1, 0.6, -0.2, 0.25, 0.0]
    rows = []
    for g, (n, t) in enumerate(zip(sizes, true, strict=True)):
        p, d = (1 + t) / 2 * 0.8, (1 - t) / 2 * 0.8
        cat = rng.choice([10, 7, 0], size=n, p=[p, 1 - p - d, d])
        rows.append(pd.DataFrame({"score": cat, "g": f"g{g}"}))
    df = pd.concat(rows, ignore_index=True)
    got = nps_by(df, score="score", by="g", shrink=True, method="wald")
    res = combine_effects(got["nps"].to_numpy(), got["se"].to_numpy() ** 2, method_re="dl")
    overall = nps(df["score"])["nps"].iloc[0]
    w = res.tau2 / (res.tau2 + got["se"] ** 2)
    np.testing.assert_allclose(got["shrink_weight"], w)
    np.testing.assert_allclose(got["nps_shrunk"], w * got["nps"] + (1 - w) * overall)
    # The smallest groups move most toward the overall NPS.
    small = got["n"] < 30
    assert (got.loc[small, "shrink_weight"] < got.loc[~small, "shrink_weight"].min()).all()


def test_trend_periods_filled_and_correct(survey):
    survey = survey[~survey["date"].dt.month.isin([3])]  # no responses in March
    got = nps_trend(survey, score="score", date="date", freq="MS", method="wald")
    assert len(got) == 12 and got["period"].iloc[0] == pd.Timestamp("2024-01-01")
    march = got[got["period"] == pd.Timestamp("2024-03-01")].iloc[0]
    assert march["n"] == 0 and np.isnan(march["nps"])
    june = survey[survey["date"].dt.month == 6]
    est, se = _manual(june["score"])
    row = got[got["period"] == pd.Timestamp("2024-06-01")].iloc[0]
    assert row["nps"] == pytest.approx(est) and row["se"] == pytest.approx(se)


def test_trend_weekly_periods_start_monday():
    df = pd.DataFrame({"score": [10, 0], "date": pd.to_datetime(["2024-01-03", "2024-01-14"])})
    got = nps_trend(df, score="score", date="date", freq="W", min_n=1)
    assert got["period"].tolist() == [pd.Timestamp("2024-01-01"), pd.Timestamp("2024-01-08")]
    assert got["period"].dt.day_of_week.eq(0).all()


def test_trend_rolling_pools_counts(survey):
    got = nps_trend(survey, score="score", date="date", freq="QS", rolling=2, method="wald")
    q12 = survey[survey["date"] < "2024-07-01"]
    est, se = _manual(q12["score"])
    row = got[got["period"] == pd.Timestamp("2024-04-01")].iloc[0]
    assert row["n"] == q12["score"].notna().sum()
    assert row["nps"] == pytest.approx(est) and row["se"] == pytest.approx(se)


def test_trend_by_group_has_all_periods_per_group(survey):
    got = nps_trend(survey, score="score", date="date", freq="QS", by="region")
    assert len(got) == 3 * 4
    assert got.groupby("region")["period"].nunique().eq(4).all()
    assert got["n"].sum() == survey["score"].notna().sum()


def test_trend_bad_and_missing_dates():
    df = pd.DataFrame({"score": [10, 0, 5], "date": ["2024-01-03", "soon", None]})
    with pytest.raises(ValueError, match=r"Date column 'date' has 1 value"):
        nps_trend(df, score="score", date="date")
    with pytest.warns(UserWarning, match="1 row"):
        nps_trend(df.iloc[[0, 2]], score="score", date="date")
    with pytest.raises(ValueError, match="freq"):
        nps_trend(df.iloc[[0]], score="score", date="date", freq="fortnight")


def test_counts_frame_sparse_key_space_path():
    # Many high-cardinality keys: the combined code space is compressed first.
    rng = np.random.default_rng(0)
    n = 5000
    df = pd.DataFrame(
        {
            "score": rng.integers(0, 11, n),
            "a": rng.integers(0, 5000, n),
            "b": rng.integers(0, 5000, n),
        }
    )
    got = counts_frame(df, score="score", by=["a", "b"])
    expect = df.assign(d=df.score <= 6, p=df.score >= 9).groupby(["a", "b"]).agg(
        n=("score", "size"), detractors=("d", "sum"), promoters=("p", "sum")
    )  # fmt: skip
    assert len(got) == len(expect)
    np.testing.assert_array_equal(got["detractors"], expect["detractors"])
    np.testing.assert_array_equal(got["promoters"], expect["promoters"])


def test_interval_level_changes_width(survey):
    a = nps(survey["score"], confidence=0.90, method="wald").iloc[0]
    b = nps(survey["score"], confidence=0.99, method="wald").iloc[0]
    ratio = (b["ci_high"] - b["ci_low"]) / (a["ci_high"] - a["ci_low"])
    assert ratio == pytest.approx(sps.norm.ppf(0.995) / sps.norm.ppf(0.95))
