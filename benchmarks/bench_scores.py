"""``nps_by`` and ``nps_trend`` at scale: the pandas path vs idiomatic pandas, vs the bincount
floor, and DuckDB.

Data: seeded survey responses over 20 regions x 10 channels x 10 categories
(2,000 segments, each with its own score distribution), 2 % missing scores;
for the trend, seeded timestamps over 36 months.

Stages (sizes for ``quick=False``; ``quick=True`` divides them by 100):

``nps_by_categorical_10M`` / ``nps_by_strings_10M``
    ``nps_by(df, score=..., by=[region, channel, category])`` on 10,000,000 rows
    with categorical / plain ``str`` segment columns, against the idiomatic
    ``df.groupby(cols).apply(lambda g: ...)`` that computes NPS, the
    adjusted-Wald SE and interval (Rocks 2016) in plain pandas for each group.
    The check: same groups, same n, nps, se, ci_low, ci_high to 1e-9.
``nps_by_bincount_floor_10M``
    The kit (categorical keys) against the practical floor: with the group codes
    already combined into one int64 array, classify the scores with two
    comparisons and count with one ``numpy.bincount``. The "speed-up" column is
    floor / kit, so 0.33x means the kit takes 3x the floor.
``nps_by_strings_10M_vs_groupby_sum`` (issue 11)
    The kit with plain ``str`` keys against the best idiomatic pandas: classify
    with comparisons into three boolean columns, ``df.groupby(keys,
    observed=True)[[det, pas, pro]].sum()``, then the adjusted-Wald arithmetic
    vectorised over the groups. Same check as above.
``nps_trend_month_10M`` (issue 11)
    ``nps_trend(df, score=..., date=..., freq="MS")`` on 10,000,000 responses
    with timestamps over 36 months (NPS drifting over time), against
    ``df[date].dt.to_period("M")``, the same boolean columns, ``groupby(period)``
    sums, every month from the first to the last, and the adjusted-Wald
    arithmetic. The check: same months, same n, nps, se, ci_low, ci_high to
    1e-9, and ``partial`` equal to the months the first and last timestamps cut.
``nps_by_duckdb_parquet_50M``
    ``nps_by("<50M-row file>.parquet", ...)`` through DuckDB, file never loaded
    into pandas. The file is written once to ``benchmarks/.cache/`` in 2M-row
    chunks; while writing it, the expected per-group counts are accumulated with
    numpy and the check compares the kit's counts with them exactly. Baseline: a
    hand-written DuckDB ``GROUP BY`` with no validation, so the ratio shows what
    the kit's checks (integer, scale, five-point guard) and tidy output cost. No
    pandas baseline: holding 50M rows in pandas is what the stage avoids.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from benchmarks.harness import Stage
from nps_toolkit.score.estimate import nps_by

SEED = 20240601
REGIONS = [f"region_{i:02d}" for i in range(20)]
CHANNELS = [f"channel_{i}" for i in range(10)]
CATEGORIES = [f"category_{i}" for i in range(10)]
KEYS = ["region", "channel", "category"]
N_GROUPS = len(REGIONS) * len(CHANNELS) * len(CATEGORIES)
CACHE = Path(__file__).resolve().parent / ".cache"
Z95 = 1.959963984540054  # scipy.stats.norm.ppf(0.975)


def _group_means(rng: np.random.Generator) -> np.ndarray:
    """Each of the 2,000 segments gets its own mean score (so NPS ranges widely)."""
    return rng.uniform(4.5, 9.5, N_GROUPS)


def _draw(rng: np.random.Generator, n: int, means: np.ndarray):
    """Group codes (int64 0..1999) and scores (float64 0..10 with 2 % NaN)."""
    group = rng.integers(0, N_GROUPS, n)
    score = np.rint(means[group] + 2.5 * rng.standard_normal(n))
    np.clip(score, 0, 10, out=score)
    score[rng.random(n) < 0.02] = np.nan
    return group, score


def _frame(n: int, *, categorical: bool) -> pd.DataFrame:
    rng = np.random.default_rng(SEED)
    group, score = _draw(rng, n, _group_means(rng))
    codes = {
        "region": group // (len(CHANNELS) * len(CATEGORIES)),
        "channel": (group // len(CATEGORIES)) % len(CHANNELS),
        "category": group % len(CATEGORIES),
    }
    levels = {"region": REGIONS, "channel": CHANNELS, "category": CATEGORIES}
    data = {"score": score}
    for key in KEYS:
        col = pd.Categorical.from_codes(codes[key], categories=levels[key])
        data[key] = col if categorical else np.asarray(levels[key], dtype=object)[codes[key]]
    df = pd.DataFrame(data)
    if not categorical:
        df[KEYS] = df[KEYS].astype("str")
    return df


def _groupby_apply(df: pd.DataFrame) -> pd.DataFrame:
    """The idiomatic baseline: per-group NPS, adjusted-Wald SE and CI in plain pandas."""

    def one(g: pd.DataFrame) -> pd.Series:
        s = g["score"].dropna()
        n = len(s)
        p = (s >= 9).mean()
        d = (s <= 6).mean()
        adj_n = n + 3
        p_adj = (p * n + 0.75) / adj_n
        d_adj = (d * n + 0.75) / adj_n
        se = np.sqrt(((p_adj + d_adj) - (p_adj - d_adj) ** 2) / adj_n)
        centre = p_adj - d_adj
        return pd.Series(
            {
                "n": n,
                "nps": 100 * (p - d),
                "se": 100 * se,
                "ci_low": 100 * max(-1.0, centre - Z95 * se),
                "ci_high": 100 * min(1.0, centre + Z95 * se),
            }
        )

    observed = {"observed": True} if isinstance(df["region"].dtype, pd.CategoricalDtype) else {}
    return df.groupby(KEYS, **observed).apply(one).reset_index()


def _kit(df: pd.DataFrame) -> pd.DataFrame:
    return nps_by(df, score="score", by=KEYS)


def _check_same(kit: pd.DataFrame, base: pd.DataFrame) -> None:
    kit = kit.assign(**{k: kit[k].astype("str") for k in KEYS}).sort_values(KEYS)
    base = base.assign(**{k: base[k].astype("str") for k in KEYS}).sort_values(KEYS)
    if len(kit) != len(base) or len(kit) == 0:
        raise AssertionError(f"{len(kit)} groups from the kit, {len(base)} from the baseline")
    if not (kit[KEYS].to_numpy() == base[KEYS].to_numpy()).all():
        raise AssertionError("group keys differ")
    np.testing.assert_array_equal(kit["n"].to_numpy(), base["n"].to_numpy().astype("int64"))
    for col in ("nps", "se", "ci_low", "ci_high"):
        np.testing.assert_allclose(kit[col], base[col], rtol=0, atol=1e-9, err_msg=col)


def _adjusted_wald(det: np.ndarray, pas: np.ndarray, pro: np.ndarray) -> dict:
    """n, NPS, adjusted-Wald SE and 95 % interval (Rocks 2016) from counts, vectorised."""
    n = det + pas + pro
    with np.errstate(invalid="ignore", divide="ignore"):
        adj_n = n + 3
        p_adj, d_adj = (pro + 0.75) / adj_n, (det + 0.75) / adj_n
        se = np.sqrt(((p_adj + d_adj) - (p_adj - d_adj) ** 2) / adj_n)
        centre = p_adj - d_adj
        nps = np.where(n > 0, 100 * (pro - det) / n, np.nan)
    ok = n > 0
    return {
        "n": n,
        "nps": nps,
        "se": np.where(ok, 100 * se, np.nan),
        "ci_low": np.where(ok, 100 * np.maximum(-1.0, centre - Z95 * se), np.nan),
        "ci_high": np.where(ok, 100 * np.minimum(1.0, centre + Z95 * se), np.nan),
    }


def _flags(score: pd.Series) -> dict:
    """Detractor / passive / promoter booleans from comparisons (NaN is none of them)."""
    det, pro = score.le(6), score.ge(9)
    return {"det": det, "pas": score.notna() & ~det & ~pro, "pro": pro}


def _groupby_sum(df: pd.DataFrame) -> pd.DataFrame:
    """The best idiomatic pandas: boolean columns, one groupby-sum, vectorised interval."""
    sums = (
        df[KEYS]
        .assign(**_flags(df["score"]))
        .groupby(KEYS, observed=True)[["det", "pas", "pro"]]
        .sum()
    )
    est = _adjusted_wald(*(sums[c].to_numpy("int64") for c in ("det", "pas", "pro")))
    return sums.index.to_frame(index=False).assign(**est)


def _trend_frame(n: int) -> pd.DataFrame:
    """n responses with timestamps over 36 months (to the microsecond), NPS drifting over time.

    Data from 10 January 2022 (the first month is partial) to 31 December 2024.
    """
    rng = np.random.default_rng(SEED + 1)
    start = np.datetime64("2022-01-10T08:00:00", "us")
    span = np.datetime64("2025-01-01T00:00:00", "us") - start
    offsets = rng.integers(0, span.astype("int64"), n)
    offsets[:2] = [0, span.astype("int64") - 1]  # the first and the last instant
    dates = start + offsets.astype("timedelta64[us]")
    month = (offsets // (span.astype("int64") // 36)).clip(0, 35)
    score = np.rint(rng.uniform(5.5, 8.5, 36)[month] + 2.5 * rng.standard_normal(n))
    np.clip(score, 0, 10, out=score)
    score[rng.random(n) < 0.02] = np.nan
    return pd.DataFrame({"score": score, "date": dates})


def _trend_kit(df: pd.DataFrame) -> pd.DataFrame:
    from nps_toolkit.score.trend import nps_trend

    return nps_trend(df, score="score", date="date", freq="MS")


def _to_period_groupby(df: pd.DataFrame) -> pd.DataFrame:
    """Idiomatic pandas: to_period, boolean columns, groupby-sum, all months, interval."""
    period = df["date"].dt.to_period("M")
    sums = (
        pd.DataFrame({"period": period, **_flags(df["score"])})
        .groupby("period")[["det", "pas", "pro"]]
        .sum()
    )
    months = pd.period_range(sums.index.min(), sums.index.max(), freq="M")
    sums = sums.reindex(months, fill_value=0)
    est = _adjusted_wald(*(sums[c].to_numpy("int64") for c in ("det", "pas", "pro")))
    first, last = df["date"].min(), df["date"].max()
    partial = np.zeros(len(months), dtype=bool)
    partial[0] |= first > months[0].start_time
    partial[-1] |= last < months[-1].start_time + pd.offsets.MonthBegin(1) - pd.Timedelta(days=1)
    return pd.DataFrame({"period": months.start_time, **est, "partial": partial})


def _check_trend(kit: pd.DataFrame, base: pd.DataFrame) -> None:
    if len(kit) != len(base) or len(kit) == 0:
        raise AssertionError(f"{len(kit)} periods from the kit, {len(base)} from the baseline")
    np.testing.assert_array_equal(
        kit["period"].to_numpy("datetime64[us]"), base["period"].to_numpy("datetime64[us]")
    )
    np.testing.assert_array_equal(kit["n"].to_numpy(), base["n"].to_numpy())
    np.testing.assert_array_equal(kit["partial"].to_numpy(), base["partial"].to_numpy())
    for col in ("nps", "se", "ci_low", "ci_high"):
        np.testing.assert_allclose(kit[col], base[col], rtol=0, atol=1e-9, err_msg=col)


def _floor_setup(n: int):
    df = _frame(n, categorical=True)
    group = np.zeros(len(df), dtype="int64")
    for key in KEYS:
        group *= len(df[key].cat.categories)
        group += df[key].cat.codes.to_numpy()
    return {"df": df, "group": group, "score": df["score"].to_numpy()}


def _floor(state) -> np.ndarray:
    s, group = state["score"], state["group"]
    cat = (s >= 7).view("int8") + (s >= 9).view("int8")
    cat = np.where(np.isnan(s), 3, cat)
    return np.bincount(group * 4 + cat, minlength=4 * N_GROUPS).reshape(-1, 4)


def _check_floor(kit: pd.DataFrame, floor: np.ndarray) -> None:
    present = floor.sum(axis=1) > 0
    np.testing.assert_array_equal(
        kit[["detractors", "passives", "promoters"]].to_numpy(), floor[present, :3]
    )


def _parquet(n: int) -> dict:
    """Write (once) an n-row Parquet file in chunks; keep the expected counts beside it."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"scores_{n}.parquet"
    expected_path = CACHE / f"scores_{n}.counts.json"
    if path.exists() and expected_path.exists():
        return {"path": str(path), "expected": np.array(json.loads(expected_path.read_text()))}
    rng = np.random.default_rng(SEED)
    means = _group_means(rng)
    chunk = 2_000_000
    expected = np.zeros((N_GROUPS, 4), dtype="int64")
    dictionaries = {
        "region": pa.array(REGIONS),
        "channel": pa.array(CHANNELS),
        "category": pa.array(CATEGORIES),
    }
    tmp = path.with_suffix(".tmp")
    writer = None
    for start in range(0, n, chunk):
        size = min(chunk, n - start)
        group, score = _draw(rng, size, means)
        cat = np.where(np.isnan(score), 3, (score >= 7).astype("int64") + (score >= 9))
        expected += np.bincount(group * 4 + cat, minlength=4 * N_GROUPS).reshape(-1, 4)
        codes = {
            "region": group // 100,
            "channel": (group // 10) % 10,
            "category": group % 10,
        }
        table = pa.table(
            {
                "score": pa.array(score, mask=np.isnan(score)).cast(pa.int8()),
                **{
                    k: pa.DictionaryArray.from_arrays(codes[k].astype("int32"), dictionaries[k])
                    for k in KEYS
                },
            }
        )
        if writer is None:
            writer = pq.ParquetWriter(tmp, table.schema)
        writer.write_table(table)
    writer.close()
    tmp.rename(path)
    expected_path.write_text(json.dumps(expected.tolist()))
    return {"path": str(path), "expected": expected}


def _bare_sql(state) -> pd.DataFrame:
    """Hand-written DuckDB counts with no validation: what the kit's extra checks cost."""
    import duckdb

    keys = ", ".join(KEYS)
    sql = (
        f"SELECT {keys}, count(*) FILTER (WHERE score <= 6) AS detractors, "
        "count(*) FILTER (WHERE score BETWEEN 7 AND 8) AS passives, "
        "count(*) FILTER (WHERE score >= 9) AS promoters "
        f"FROM read_parquet('{state['path']}') GROUP BY {keys} ORDER BY {keys}"
    )
    with duckdb.connect() as con:
        return con.sql(sql).df()


def _check_parquet(kit, bare: pd.DataFrame) -> None:
    result, expected = kit
    expected = expected[expected.sum(axis=1) > 0, :3]
    cols = ["detractors", "passives", "promoters"]
    np.testing.assert_array_equal(result[cols].to_numpy(), expected)
    np.testing.assert_array_equal(bare[cols].to_numpy(), expected)


def stages(quick: bool = False) -> list[Stage]:
    n = 100_000 if quick else 10_000_000
    n_file = 500_000 if quick else 50_000_000
    size = f"{n:,} rows x 3 keys ({N_GROUPS:,} groups)"
    return [
        Stage(
            name="nps_by_categorical_10M",
            size=size + ", categorical",
            setup=lambda: _frame(n, categorical=True),
            kit=_kit,
            baseline=_groupby_apply,
            check=_check_same,
            target=">= 5x faster than groupby().apply()",
            repeat=5,
        ),
        Stage(
            name="nps_by_strings_10M",
            size=size + ", str",
            setup=lambda: _frame(n, categorical=False),
            kit=_kit,
            baseline=_groupby_apply,
            check=_check_same,
            target=">= 1.5x faster than groupby().apply()",
            repeat=5,
        ),
        Stage(
            name="nps_by_strings_10M_vs_groupby_sum",
            size=size + ", str",
            setup=lambda: _frame(n, categorical=False),
            kit=_kit,
            baseline=_groupby_sum,
            check=_check_same,
            target=">= 2x faster than groupby(keys)[flags].sum()",
            repeat=5,
        ),
        Stage(
            name="nps_trend_month_10M",
            size=f"{n:,} rows, 36 months, datetime64[us]",
            setup=lambda: _trend_frame(n),
            kit=_trend_kit,
            baseline=_to_period_groupby,
            check=_check_trend,
            target=">= 2x faster than to_period + groupby sum",
            repeat=5,
        ),
        Stage(
            name="nps_by_bincount_floor_10M",
            size=size + ", categorical",
            setup=lambda: _floor_setup(n),
            kit=lambda state: _kit(state["df"]),
            baseline=_floor,
            check=_check_floor,
            target="within 3x of a bare bincount (speed-up >= 0.33x)",
            repeat=5,
        ),
        Stage(
            name="nps_by_duckdb_parquet_50M",
            size=f"{n_file:,} rows x 3 keys, Parquet",
            setup=lambda: _parquet(n_file),
            # The kit's result travels with the expected counts, for the check.
            kit=lambda state: (nps_by(state["path"], score="score", by=KEYS), state["expected"]),
            baseline=_bare_sql,
            check=_check_parquet,
            target="peak memory < 2 GB (counts equal numpy's)",
            repeat=3,
        ),
    ]
