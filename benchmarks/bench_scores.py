"""``nps_by`` at scale: pandas path vs idiomatic groupby-apply, vs the bincount floor, and DuckDB.

Data: seeded survey responses over 20 regions x 10 channels x 10 categories
(2,000 segments, each with its own score distribution), 2 % missing scores.

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
from nps_toolkit.segments import nps_by

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
