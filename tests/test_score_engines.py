"""Counts where the data lives: DuckDB files/relations/SQL and Spark equal the pandas path.

The pandas path (``segments.counts_frame``) is tested against hand calculations
in test_segments.py; here every backend must give exactly the same tidy frame on
the same seeded data, and the raw counts are also checked against an
independent ``pandas.crosstab`` of categories built with ``pd.cut``.
"""

from __future__ import annotations

import os
import shutil
import sys

import duckdb
import numpy as np
import pandas as pd
import pytest

from nps_toolkit.score.engines import duckdb_sql, grouped_counts, is_backend_source
from nps_toolkit.score.estimate import nps, nps_by, nps_trend

KEYS = ["region", "channel"]


def _survey(seed: int = 7, n: int = 4000) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    score = rng.integers(0, 11, n).astype("float64")
    score[rng.random(n) < 0.05] = np.nan
    region = rng.choice(["north", "south", "east", "west"], n).astype(object)
    region[rng.random(n) < 0.03] = None  # missing key: a group of its own
    df = pd.DataFrame(
        {
            "score": score,
            "region": pd.Series(region, dtype="str"),
            "channel": rng.choice(["app", "store", "web"], n),
            "w": rng.uniform(0.2, 3.0, n),
            "date": pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 500, n), unit="D"),
        }
    )
    # A group whose scores are all missing must stay, with n = 0.
    extra = pd.DataFrame(
        {"score": [np.nan, np.nan], "region": ["zone9", "zone9"], "channel": ["web", "web"],
         "w": [1.0, 1.0], "date": pd.to_datetime(["2024-03-03", "2024-03-04"])}
    )  # fmt: skip
    return pd.concat([df, extra], ignore_index=True)


@pytest.fixture(scope="module")
def survey() -> pd.DataFrame:
    return _survey()


@pytest.fixture(scope="module")
def files(survey, tmp_path_factory):
    root = tmp_path_factory.mktemp("backends")
    parquet, csv = root / "survey.parquet", root / "survey.csv"
    survey.to_parquet(parquet, index=False)
    survey.to_csv(csv, index=False)
    parts = root / "parts"
    parts.mkdir()
    for i, chunk in enumerate(np.array_split(np.arange(len(survey)), 3)):
        survey.iloc[chunk].to_parquet(parts / f"part-{i}.parquet", index=False)
    return {"parquet": parquet, "csv": csv, "glob": str(parts / "*.parquet"), "dir": parts}


def _independent_counts(df: pd.DataFrame, keys: list) -> pd.DataFrame:
    """Counts by pd.cut + crosstab: no code shared with the kit."""
    cat = pd.cut(df["score"], bins=[-0.5, 6.5, 8.5, 10.5], labels=["d", "a", "p"])
    table = pd.crosstab([df[k].fillna("<NA>") for k in keys], cat, dropna=False)
    return table.reindex(columns=["d", "a", "p"], fill_value=0)


def test_counts_match_independent_crosstab(survey, files):
    got = grouped_counts(str(files["parquet"]), score="score", by=KEYS)
    expected = _independent_counts(survey, KEYS)
    got_keys = got[KEYS].fillna("<NA>")
    got_idx = pd.MultiIndex.from_frame(got_keys)
    table = got.set_index(got_idx)[["detractors", "passives", "promoters"]]
    table.columns = ["d", "a", "p"]
    exp = expected.reindex(got_idx, fill_value=0)
    np.testing.assert_array_equal(table.to_numpy(), exp.to_numpy())
    # Every group present in the data is there, including the all-missing one (n = 0).
    assert len(got) == len(survey[KEYS].fillna("<NA>").drop_duplicates())
    zone = got[got["region"].eq("zone9")]
    assert zone["n"].tolist() == [0]
    assert got["n"].sum() == survey["score"].notna().sum()
    assert got["region"].isna().any()  # the missing key is a group, sorted last
    assert pd.isna(got["region"].iloc[-1])


def test_hand_calculated_nps_through_sql():
    # 10, 10, 9 promoters; 8 passive; 3 detractor: NPS = 100 * (3 - 1) / 5 = 40.
    q = duckdb_sql("SELECT * FROM (VALUES (10), (10), (9), (8), (3), (NULL)) t(score)")
    r = nps(q, score="score", method="wald")
    assert r["n"].item() == 5
    assert r["nps"].item() == pytest.approx(40.0)
    # Wald SE: var = (p + d) - (p - d)^2 = 0.8 - 0.16 = 0.64; SE = 100 * sqrt(0.64 / 5).
    assert r["se"].item() == pytest.approx(100 * np.sqrt(0.64 / 5))


@pytest.mark.parametrize("kind", ["parquet", "csv", "glob", "dir"])
def test_nps_by_files_equal_pandas(survey, files, kind):
    expected = nps_by(survey, score="score", by=KEYS)
    got = nps_by(str(files[kind]) if kind != "dir" else files[kind], score="score", by=KEYS)
    pd.testing.assert_frame_equal(got, expected)


def test_nps_by_relation_and_sql_equal_pandas(survey, files):
    con = duckdb.connect()
    rel = con.read_parquet(str(files["parquet"]))
    expected = nps_by(survey, score="score", by="channel", method="wald")
    pd.testing.assert_frame_equal(nps_by(rel, score="score", by="channel", method="wald"), expected)
    con.execute(f"CREATE TABLE responses AS SELECT * FROM read_parquet('{files['parquet']}')")
    q = duckdb_sql("SELECT * FROM responses WHERE channel <> 'store'", connection=con)
    sub = survey[survey["channel"].ne("store")].reset_index(drop=True)
    pd.testing.assert_frame_equal(
        nps_by(q, score="score", by="region"), nps_by(sub, score="score", by="region")
    )
    one = nps(con.table("responses"), score="score")
    pd.testing.assert_frame_equal(one, nps(survey["score"]))


def test_relation_over_categorical_and_int_keys_equals_pandas():
    # A pandas categorical becomes a DuckDB ENUM: groups keep the category order
    # (not alphabetical) and come back as plain strings, as in the pandas path.
    rng = np.random.default_rng(11)
    df = pd.DataFrame(
        {
            "score": rng.integers(0, 11, 600),
            "seg": pd.Categorical(
                rng.choice(["zeta", "alpha", "mid"], 600), categories=["zeta", "mid", "alpha", "x"]
            ),
            "store": rng.integers(1, 4, 600),
        }
    )
    con = duckdb.connect()
    rel = con.from_df(df)
    expected = nps_by(df, score="score", by=["seg", "store"])
    got = nps_by(rel, score="score", by=["seg", "store"])
    pd.testing.assert_frame_equal(got, expected)
    assert got["seg"].drop_duplicates().tolist() == ["zeta", "mid", "alpha"]


def test_weighted_equals_pandas_and_weighted_sums(survey, files):
    expected = nps_by(survey, score="score", by=KEYS, weights="w")
    got = nps_by(str(files["parquet"]), score="score", by=KEYS, weights="w")
    pd.testing.assert_frame_equal(got, expected)
    counts = grouped_counts(str(files["parquet"]), score="score", by="channel", weights="w")
    valid = survey[survey["score"].notna()]
    by_hand = valid.groupby("channel")["w"].agg(["sum", lambda w: (w**2).sum()])
    np.testing.assert_allclose(counts["sum_w"], by_hand.iloc[:, 0].to_numpy(), rtol=1e-12)
    np.testing.assert_allclose(counts["sum_w2"], by_hand.iloc[:, 1].to_numpy(), rtol=1e-12)
    promoters = valid[valid["score"] >= 9].groupby("channel")["w"].sum()
    np.testing.assert_allclose(counts["promoters"], promoters.to_numpy(), rtol=1e-12)
    assert counts["n"].dtype == "int64"


def test_weighted_squared_weights_per_category(survey, files):
    # The linearised variance needs the squared weights per category: by hand with
    # pd.cut categories, and the same as the pandas counts frame.
    from nps_toolkit.score.estimate import counts_frame

    counts = grouped_counts(str(files["parquet"]), score="score", by="channel", weights="w")
    valid = survey[survey["score"].notna()]
    cat = pd.cut(valid["score"], [-1, 6, 8, 10], labels=["detractors", "passives", "promoters"])
    by_hand = (valid["w"] ** 2).groupby([valid["channel"], cat], observed=False).sum().unstack()
    for name in ("detractors", "passives", "promoters"):
        np.testing.assert_allclose(counts[f"w2_{name}"], by_hand[name].to_numpy(), rtol=1e-12)
    pandas_counts = counts_frame(survey, score="score", by="channel", weights="w")
    pd.testing.assert_frame_equal(counts, pandas_counts, check_exact=False, rtol=1e-12)
    # Weighted estimates (linearised SE, every method) stay identical across backends.
    for method in ("wald", "adjusted_wald", "bayes"):
        pd.testing.assert_frame_equal(
            nps_by(str(files["parquet"]), score="score", by=KEYS, weights="w", method=method),
            nps_by(survey, score="score", by=KEYS, weights="w", method=method),
        )


@pytest.mark.parametrize(
    ("kind", "freq"), [("parquet", "MS"), ("parquet", "W"), ("parquet", "QS"), ("parquet", "D"),
                       ("csv", "MS"), ("parquet", "YS")],
)  # fmt: skip
def test_nps_trend_duckdb_equals_pandas(survey, files, kind, freq):
    expected = nps_trend(survey, score="score", date="date", freq=freq, by="channel")
    got = nps_trend(str(files[kind]), score="score", date="date", freq=freq, by="channel")
    pd.testing.assert_frame_equal(got, expected)


def test_demo_survey_through_parquet_equals_pandas(tmp_path):
    # The demo data has the dtypes real loads give: nullable Int64 scores, ns dates.
    from nps_toolkit.datasets.demo import load_demo

    survey = load_demo().survey
    path = tmp_path / "demo.parquet"
    survey.to_parquet(path)
    pd.testing.assert_frame_equal(
        nps_by(str(path), score="score", by=["region", "journey_stage"]),
        nps_by(survey, score="score", by=["region", "journey_stage"]),
    )
    pd.testing.assert_frame_equal(
        nps_trend(str(path), score="score", date="date", by="channel"),
        nps_trend(survey, score="score", date="date", by="channel"),
    )


def test_trend_weeks_start_on_monday_and_missing_dates_warn(tmp_path):
    df = pd.DataFrame(
        {"score": [10, 0, 9, 9], "date": pd.to_datetime(["2024-01-07", "2024-01-08", None, "2024-01-14"])}
    )  # fmt: skip
    path = tmp_path / "t.parquet"
    df.to_parquet(path)
    with pytest.warns(UserWarning, match="1 row"):
        got = nps_trend(str(path), score="score", date="date", freq="W", min_n=1)
    # Sunday 7 Jan belongs to the week of Monday 1 Jan; Monday 8 and Sunday 14 to the week of 8 Jan.
    assert got["period"].tolist() == [pd.Timestamp("2024-01-01"), pd.Timestamp("2024-01-08")]
    assert got["nps"].tolist() == [100.0, 0.0]
    with pytest.warns(UserWarning, match="1 row"):
        expected = nps_trend(df, score="score", date="date", freq="W", min_n=1)
    pd.testing.assert_frame_equal(got, expected)


def test_declared_scale_matches_pandas(tmp_path):
    rng = np.random.default_rng(3)
    df = pd.DataFrame({"score": rng.integers(1, 6, 300), "g": rng.choice(["a", "b"], 300)})
    path = tmp_path / "five.parquet"
    df.to_parquet(path)
    with pytest.raises(ValueError, match="looks like a 1-5"):
        nps_by(str(path), score="score", by="g")
    got = nps_by(str(path), score="score", by="g", scale=(1, 5))
    pd.testing.assert_frame_equal(got, nps_by(df, score="score", by="g", scale=(1, 5)))
    # 1-5 cut-offs: 1-3 detractor, 4 passive, 5 promoter.
    a = df[df["g"].eq("a")]["score"]
    assert got["promoters"].iloc[0] == (a == 5).sum()
    assert got["passives"].iloc[0] == (a == 4).sum()


def test_out_of_scale_in_parquet_is_a_clear_error(tmp_path):
    df = pd.DataFrame({"score": [3, 10, 11, 7, 12, 99], "g": list("aabbcc")})
    path = tmp_path / "bad.parquet"
    df.to_parquet(path)
    with pytest.raises(ValueError, match="outside the declared 0-10 scale") as err:
        nps_by(str(path), score="score", by="g")
    msg = str(err.value)
    assert "'score'" in msg and "3 value(s)" in msg
    assert "11" in msg and "99" in msg and "bad.parquet row 2" in msg
    assert "scale=(low, high)" in msg  # the fix
    with pytest.raises(ValueError, match="outside the declared 0-10 scale"):
        nps_by(df, score="score", by="g")  # the pandas path says the same


def test_other_bad_inputs_are_clear_errors(tmp_path):
    with pytest.raises(ValueError, match="2 non-integer"):
        nps(duckdb_sql("SELECT * FROM (VALUES (7.5), (9.0), (3.25)) t(s)"), score="s")
    with pytest.raises(ValueError, match="1 text value.*'ten'"):
        nps(duckdb_sql("SELECT * FROM (VALUES ('10'), ('ten'), ('')) t(s)"), score="s")
    with pytest.raises(ValueError, match="Weight column 'w' has 2 missing, negative"):
        nps_by(
            duckdb_sql("SELECT * FROM (VALUES (9, 'a', -1.0), (3, 'a', NULL), (9, 'b', 1)) t(s, g, w)"),
            score="s", by="g", weights="w",
        )  # fmt: skip
    with pytest.raises(ValueError, match=r"Column\(s\) \['segment'\] not found"):
        nps_by(duckdb_sql("SELECT 9 AS s"), score="s", by="segment")
    with pytest.raises(ValueError, match="no files|No files|check the path"):
        nps_by(str(tmp_path / "missing-*.parquet"), score="s", by="g")
    with pytest.raises(ValueError, match="Date column 'd' has 1 value"):
        nps_trend(duckdb_sql("SELECT 9 AS s, 'soon' AS d"), score="s", date="d")
    with pytest.raises(ValueError, match="True/False"):
        nps(duckdb_sql("SELECT true AS s"), score="s")


def test_text_scores_parse_like_pandas(tmp_path):
    df = pd.DataFrame({"score": ["10", " 7", "", "3", None], "g": list("aabbb")})
    path = tmp_path / "text.parquet"
    df.to_parquet(path)
    pd.testing.assert_frame_equal(
        nps_by(str(path), score="score", by="g", min_n=1),
        nps_by(df, score="score", by="g", min_n=1),
    )


def test_is_backend_source(files):
    assert is_backend_source(str(files["parquet"])) and is_backend_source(files["csv"])
    assert is_backend_source(files["glob"]) and is_backend_source(files["dir"])
    assert is_backend_source(duckdb.sql("SELECT 1")) and is_backend_source(duckdb_sql("SELECT 1"))
    assert not is_backend_source(pd.DataFrame({"a": [1]}))
    assert not is_backend_source([9, 10]) and not is_backend_source("score")


# --------------------------------------------------------------------------- Spark


@pytest.fixture(scope="session")
def spark():
    pytest.importorskip("pyspark", reason="pyspark not installed (pip install nps-toolkit[spark])")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("Spark needs Java (17): no `java` on PATH and JAVA_HOME unset")
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session = (
        SparkSession.builder.master("local[1]")
        .appName("nps-toolkit-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", "512m")
        .config("spark.sql.shuffle.partitions", "1")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.mark.spark
@pytest.mark.slow
def test_spark_equals_pandas(spark, survey):
    sdf = spark.createDataFrame(survey)
    pd.testing.assert_frame_equal(
        nps_by(sdf, score="score", by=KEYS), nps_by(survey, score="score", by=KEYS)
    )
    pd.testing.assert_frame_equal(
        nps_by(sdf, score="score", by="channel", weights="w"),
        nps_by(survey, score="score", by="channel", weights="w"),
    )
    pd.testing.assert_frame_equal(
        nps_trend(sdf, score="score", date="date", freq="W"),
        nps_trend(survey, score="score", date="date", freq="W"),
    )


@pytest.mark.spark
@pytest.mark.slow
def test_spark_out_of_scale_is_a_clear_error(spark):
    sdf = spark.createDataFrame(pd.DataFrame({"score": [3, 11, 7], "g": ["a", "b", "c"]}))
    with pytest.raises(ValueError, match="1 value.*outside the declared 0-10 scale: values 11"):
        nps_by(sdf, score="score", by="g")
