"""nps / nps_by / nps_trend checked against plain pandas arithmetic and statsmodels."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps
from statsmodels.stats.meta_analysis import combine_effects

from nps_toolkit.score.estimate import counts_frame, nps, nps_by, nps_trend


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
    r_hat = np.average(value, weights=w)
    assert got["nps"] == pytest.approx(100 * r_hat)
    assert got["n_eff"] == pytest.approx(n_eff)  # Kish's, reported as information
    # Issue 10, defect 5: the SE is the Taylor (Woodruff) linearisation computed on the
    # rows, no longer sqrt(var / n_eff); here the weights do not track the score, so
    # both agree to within a few percent.
    woodruff = np.sqrt(np.sum(w**2 * (value - r_hat) ** 2)) / w.sum()
    assert got["se"] == pytest.approx(100 * woodruff)
    assert got["se"] == pytest.approx(100 * np.sqrt(((p + d) - (p - d) ** 2) / n_eff), rel=0.05)
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


def _grouped_scores(rng, sizes, true_nps, passives=0.3):
    """Respondent rows for groups with known true NPS (shares from NPS and passives)."""
    rows = []
    for g, (n, t) in enumerate(zip(sizes, true_nps, strict=True)):
        p, d = (1 - passives + t) / 2, (1 - passives - t) / 2
        rows.append(pd.DataFrame({"score": rng.choice([10, 7, 0], size=n, p=[p, passives, d]),
                                  "g": f"g{g:02d}"}))  # fmt: skip
    return pd.concat(rows, ignore_index=True)


def test_shrinkage_is_morris_empirical_bayes_on_the_anova_moments():
    # Independent pieces: the one-way ANOVA of the +1/0/-1 scores by statsmodels gives the
    # pooled within-group variance (MSW) and the between-group mean square (MSB).
    from statsmodels.formula.api import ols
    from statsmodels.stats.anova import anova_lm

    rng = np.random.default_rng(5)
    sizes = [400, 300, 25, 12, 200, 8]
    df = _grouped_scores(rng, sizes, [0.3, 0.1, 0.6, -0.2, 0.25, 0.0])
    df["y"] = np.where(df["score"] >= 9, 1.0, np.where(df["score"] <= 6, -1.0, 0.0))
    table = anova_lm(ols("y ~ C(g)", data=df).fit())
    msb, msw = table["mean_sq"].iloc[0], table["mean_sq"].iloc[1]
    n = df.groupby("g").size().to_numpy(dtype=float)
    y = df.groupby("g")["y"].mean().to_numpy()
    k, total = len(n), n.sum()
    n0 = (total - (n**2).sum() / total) / (k - 1)
    tau2 = max(0.0, (msb - msw) / n0)
    v = msw / n
    mu = np.sum(y / (tau2 + v)) / np.sum(1 / (tau2 + v))
    var_mu = 1 / np.sum(1 / (tau2 + v))
    b = (k - 3) / (k - 1) * v / (v + tau2)
    post_sd = np.sqrt(v * (1 - b) + b**2 * var_mu + 2 / (k - 3) * b**2 * (y - mu) ** 2)
    shrunk = mu + (1 - b) * (y - mu)

    got = nps_by(df, score="score", by="g", shrink=True, confidence=0.9)
    np.testing.assert_allclose(got["shrink_weight"], 1 - b)
    np.testing.assert_allclose(got["nps_shrunk"], 100 * shrunk)
    z = sps.norm.ppf(0.95)
    np.testing.assert_allclose(got["shrunk_ci_low"], 100 * np.clip(shrunk - z * post_sd, -1, 1))
    np.testing.assert_allclose(got["shrunk_ci_high"], 100 * np.clip(shrunk + z * post_sd, -1, 1))
    # The smallest groups move most toward the mean.
    small = got["n"] < 30
    assert (got.loc[small, "shrink_weight"] < got.loc[~small, "shrink_weight"].min()).all()


def _dersimonian_laird(got, counts_total):
    """The kit's former shrinkage: DerSimonian-Laird on each group's own Wald variance."""
    est, var = got["nps"].to_numpy(), got["se"].to_numpy() ** 2
    p, d = counts_total["promoters"], counts_total["detractors"]
    overall = 100 * (p - d)
    var = np.where(var > 0, var, 1e4 * ((p + d) - (p - d) ** 2) / got["n"].to_numpy())
    tau2 = combine_effects(est, var, method_re="dl").tau2
    w = tau2 / (tau2 + var)
    return w * est + (1 - w) * overall


@pytest.mark.slow
def test_shrinkage_beats_the_former_method_and_raw_with_calibrated_intervals():
    # Issue 10: 50 groups of 8 respondents, true group NPS known (normal around 20,
    # SD 15 points, 30% passives). Measured on 200 surveys.
    rng = np.random.default_rng(2024)
    sq_err = {"raw": [], "former": [], "shrunk": []}
    covered = []
    for _ in range(200):
        true_nps = np.clip(rng.normal(0.2, 0.15, 50), -0.69, 0.69)
        df = _grouped_scores(rng, [8] * 50, true_nps)
        got = nps_by(df, score="score", by="g", shrink=True, method="wald")
        truth = 100 * true_nps
        shares = {
            "promoters": (df["score"] >= 9).mean(),
            "detractors": (df["score"] <= 6).mean(),
        }
        sq_err["raw"].append((got["nps"] - truth) ** 2)
        sq_err["former"].append((_dersimonian_laird(got, shares) - truth) ** 2)
        sq_err["shrunk"].append((got["nps_shrunk"] - truth) ** 2)
        covered.append((got["shrunk_ci_low"] <= truth) & (truth <= got["shrunk_ci_high"]))
    mse = {k: float(np.mean(np.concatenate(v))) for k, v in sq_err.items()}
    assert mse["shrunk"] < 0.8 * mse["former"] < 0.8 * mse["raw"], mse
    assert 0.90 <= float(np.mean(np.concatenate(covered))) <= 0.98


@pytest.mark.slow
@pytest.mark.parametrize("spread", [0.0, 0.3])
def test_shrinkage_interval_coverage_with_unequal_groups(spread):
    # No true differences (everything shrinks to the mean) and large ones (little
    # shrinkage): the intervals keep covering the known group NPS.
    rng = np.random.default_rng(int(spread * 10))
    sizes = [5, 8, 15, 40, 120, 5, 8, 15, 40, 120, 10, 20]
    covered = []
    for _ in range(100):
        true_nps = np.clip(rng.normal(0.2, spread, len(sizes)), -0.69, 0.69)
        got = nps_by(_grouped_scores(rng, sizes, true_nps), score="score", by="g", shrink=True)
        truth = 100 * true_nps
        covered.append((got["shrunk_ci_low"] <= truth) & (truth <= got["shrunk_ci_high"]))
    assert float(np.mean(np.concatenate(covered))) >= 0.90


def test_shrinkage_with_few_groups_or_empty_groups():
    df = pd.DataFrame({"score": [10, 10, 3, 8, None], "g": ["a", "a", "b", "b", "c"]})
    got = nps_by(df, score="score", by="g", shrink=True, min_n=1)
    # Fewer than 4 groups with respondents: nothing is shrunk.
    np.testing.assert_allclose(got["nps_shrunk"].iloc[:2], got["nps"].iloc[:2])
    assert got["shrink_weight"].iloc[:2].tolist() == [1.0, 1.0]
    # Wald interval with the pooled within-group variance: (0 + 2 * 0.25) / (4 - 2).
    se = np.sqrt(0.25 / 2)
    assert got["shrunk_ci_high"].iloc[1] == pytest.approx(100 * (-0.5 + sps.norm.ppf(0.975) * se))
    assert np.isnan(got["nps_shrunk"].iloc[2])


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


# --- counts path: string keys hashed by Arrow, periods from integer dates (issue 11) ------


def _count_by_hand(rows):
    """{key tuple: [detractors, passives, promoters, no score]} with a plain Python loop."""
    table = {}
    for key, score in rows:
        cell = table.setdefault(key, [0, 0, 0, 0])
        if score is None or score != score:
            cell[3] += 1
        else:
            cell[0 if score <= 6 else 1 if score <= 8 else 2] += 1
    return table


def _sort_key(value):
    """Sorted order of the kit's groups: values in code-point order, missing last."""
    missing = value is None or (isinstance(value, float) and np.isnan(value))
    return (missing, "" if missing else value)


def _as_python(value):
    return None if pd.isna(value) else value


@pytest.mark.parametrize("path", ["dictionary", "lookup", "lookup_threads"])
@pytest.mark.parametrize("kind", ["str", "string[pyarrow]", "two_chunks"])
def test_string_keys_counted_and_sorted_like_a_python_loop(rng, monkeypatch, kind, path):
    import nps_toolkit.score.counts as counts
    import nps_toolkit.score.keys as seg

    found = []
    if path.startswith("lookup"):  # the paths of large frames, on a small one
        monkeypatch.setattr(seg, "_LOOKUP_MIN_ROWS", 0)
        monkeypatch.setattr(seg, "_SAMPLE_ROWS", 256)  # every 11th row of 3000
        lookup = seg._lookup_codes
        monkeypatch.setattr(seg, "_lookup_codes", lambda v: found.append(lookup(v)) or found[-1])
    if path == "lookup_threads":
        monkeypatch.setattr(counts, "_PARALLEL_MIN_ROWS", 0)
    n = 3000
    # First-seen order differs from sorted order; non-ASCII, upper case, spaces, missing,
    # and values on rows the sample skips (coded in the lookup path's second pass).
    a = rng.choice(["zèbre", "Zulu", "a b", "ab", "é", "a"], n).astype(object)
    a[rng.random(n) < 0.03] = None
    a[[5, 17, 2999]] = ["rare", "Äpfel", "rare"]
    b = rng.choice(["y", "x"], n).astype(object)
    b[rng.random(n) < 0.02] = None
    score = rng.integers(0, 11, n).astype("float64")
    score[rng.random(n) < 0.05] = np.nan
    dtype = "string[pyarrow]" if kind == "string[pyarrow]" else "str"
    df = pd.DataFrame(
        {"score": score, "a": pd.array(a, dtype=dtype), "b": pd.array(b, dtype=dtype)}
    )
    if kind == "two_chunks":
        df = pd.concat([df.iloc[:1000], df.iloc[1000:]], ignore_index=True)
        assert df["a"].array.__arrow_array__().num_chunks == 2
    got = counts_frame(df, score="score", by=["a", "b"])
    rows = [((a[i], b[i]), None if np.isnan(score[i]) else score[i]) for i in range(n)]
    expect = _count_by_hand(rows)
    keys = sorted(expect, key=lambda k: (_sort_key(k[0]), _sort_key(k[1])))
    assert [(_as_python(x), _as_python(y)) for x, y in zip(got["a"], got["b"], strict=True)] == keys
    assert got["a"].dtype == df["a"].dtype
    cells = np.array([expect[k] for k in keys])
    np.testing.assert_array_equal(got[["detractors", "passives", "promoters"]], cells[:, :3])
    np.testing.assert_array_equal(got["n"], cells[:, :3].sum(axis=1))
    if path.startswith("lookup"):  # the sample-lookup path coded both columns
        assert len(found) == 2 and all(f is not None for f in found)
        assert any({"rare", "Äpfel"} <= set(f[1].to_pylist()) for f in found)


def test_threaded_path_reports_bad_scores(monkeypatch):
    monkeypatch.setattr("nps_toolkit.score.counts._PARALLEL_MIN_ROWS", 0)
    df = pd.DataFrame({"nps": [10, 11, 3], "g": pd.array(["a", "b", "a"], dtype="str")})
    with pytest.raises(ValueError, match=r"Score column 'nps' has 1 value\(s\) outside"):
        nps_by(df, score="nps", by="g")


def _period_start(ts: pd.Timestamp, freq: str) -> pd.Timestamp:
    """Period start with plain calendar arithmetic (no pandas periods)."""
    day = ts.normalize()
    if freq == "D":
        return day
    if freq == "W":  # weeks from Monday
        return day - pd.Timedelta(days=day.weekday())
    if freq == "MS":
        return day.replace(day=1)
    if freq == "QS":
        return day.replace(month=3 * ((day.month - 1) // 3) + 1, day=1)
    return day.replace(month=1, day=1)  # "YS"


def _next_start(start: pd.Timestamp, freq: str) -> pd.Timestamp:
    if freq == "D":
        return start + pd.Timedelta(days=1)
    if freq == "W":
        return start + pd.Timedelta(days=7)
    months = {"MS": 1, "QS": 3, "YS": 12}[freq]
    month = start.month - 1 + months
    return start.replace(year=start.year + month // 12, month=month % 12 + 1)


@pytest.mark.parametrize("unit", ["s", "ms", "us", "ns"])
@pytest.mark.parametrize("freq", ["D", "W", "MS", "QS", "YS"])
def test_trend_periods_from_integer_dates_equal_calendar_arithmetic(rng, freq, unit):
    n = 2000
    # 1969-1971: days before the 1970 epoch (floor division), times of day up to 23:59:59.
    start = pd.Timestamp("1969-02-11 00:00:01")
    span = {"D": 40, "W": 200}.get(freq, 900)
    seconds = rng.integers(0, span * 86400, n)
    dates = (start + pd.to_timedelta(seconds, unit="s")).astype(f"datetime64[{unit}]")
    score = rng.integers(0, 11, n).astype("float64")
    w = rng.uniform(0.5, 2.0, n)
    df = pd.DataFrame({"score": score, "date": dates, "w": w})
    got = nps_trend(df, score="score", date="date", freq=freq, min_n=1)
    weighted = nps_trend(df, score="score", date="date", freq=freq, min_n=1, weights="w")

    starts = [_period_start(ts, freq) for ts in pd.DatetimeIndex(dates)]
    expect, sums = {}, {}
    for s0, sc, wi in zip(starts, score, w, strict=True):
        cell = expect.setdefault(s0, [0, 0, 0])
        cell[0 if sc <= 6 else 1 if sc <= 8 else 2] += 1
        sums[s0] = sums.get(s0, 0.0) + wi
    periods, p = [], min(starts)
    while p <= max(starts):
        periods.append(p)
        p = _next_start(p, freq)
    assert got["period"].tolist() == periods
    assert got["period"].dtype == "datetime64[us]"
    counts = np.array([expect.get(p, [0, 0, 0]) for p in periods])
    np.testing.assert_array_equal(got[["detractors", "passives", "promoters"]], counts)
    sum_w = weighted[["detractors", "passives", "promoters"]].sum(axis=1)
    np.testing.assert_allclose(sum_w, [sums.get(p, 0.0) for p in periods], rtol=1e-12)
    # Partial: the first period when the first day is after its start, the last when
    # the last day is before the period's last day.
    first, last = min(dates).normalize(), max(dates).normalize()
    partial = [False] * len(periods)
    partial[0] |= first > periods[0]
    partial[-1] |= last < _next_start(periods[-1], freq) - pd.Timedelta(days=1)
    assert got["partial"].tolist() == partial


def test_trend_time_zone_dates_use_local_wall_clock():
    # 23:30 in New York on 31 January is already 1 February in UTC: the local month counts.
    utc = pd.to_datetime(["2024-02-01 04:30", "2024-02-15 12:00"]).tz_localize("UTC")
    df = pd.DataFrame({"score": [10, 0], "date": utc.tz_convert("America/New_York")})
    got = nps_trend(df, score="score", date="date", freq="MS", min_n=1)
    assert got["period"].tolist() == [pd.Timestamp("2024-01-01"), pd.Timestamp("2024-02-01")]
    assert got["promoters"].tolist() == [1, 0] and got["detractors"].tolist() == [0, 1]


def test_trend_leaves_the_input_frame_unchanged(survey):
    before = survey.copy()
    nps_trend(survey, score="score", date="date", by="region")
    pd.testing.assert_frame_equal(survey, before)
    assert "period" not in survey.columns


def test_threaded_trend_path_counts_by_calendar_month(rng, monkeypatch):
    # Scores classified in a thread while the dates become period codes (large frames).
    monkeypatch.setattr("nps_toolkit.score.counts._PARALLEL_MIN_ROWS", 0)
    n = 3000
    dates = pd.Timestamp("2023-12-20") + pd.to_timedelta(rng.integers(0, 80 * 86400, n), unit="s")
    df = pd.DataFrame(
        {
            "score": rng.integers(0, 11, n).astype("float64"),
            "date": dates,
            "g": pd.array(rng.choice(["b", "a"], n), dtype="str"),
        }
    )
    got = nps_trend(df, score="score", date="date", by="g", min_n=1)
    expect = _count_by_hand(
        ((g, _period_start(d, "MS")), s)
        for g, d, s in zip(df["g"], dates, df["score"], strict=True)
    )
    keys = [
        (g, pd.Timestamp(m))
        for g in ("a", "b")
        for m in ("2023-12-01", "2024-01-01", "2024-02-01", "2024-03-01")
    ]
    assert list(zip(got["g"], got["period"], strict=True)) == keys
    np.testing.assert_array_equal(
        got[["detractors", "passives", "promoters"]], [expect.get(k, [0, 0, 0])[:3] for k in keys]
    )
    assert got["partial"].tolist() == [True, False, False, True] * 2
    with pytest.raises(ValueError, match=r"Score column 'score' has 1 non-integer"):
        nps_trend(
            df.assign(score=df["score"].where(df.index != 7, 3.5)), score="score", date="date"
        )
