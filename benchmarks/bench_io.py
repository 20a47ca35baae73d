"""Loading: ``read_survey`` (row-by-row account) vs a plain ``pd.read_csv``.

``read_survey`` reads every cell as text and decides row by row, so it is
slower than ``read_csv``; the benchmark says by how much, and the check makes
sure both agree on the scores of the kept rows.
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd

from benchmarks.harness import Stage
from nps_toolkit.io import read_survey


def _setup(n: int) -> bytes:
    rng = np.random.default_rng(20261123)
    score = rng.integers(0, 11, n).astype("float64")
    score[rng.random(n) < 0.02] = np.nan
    comments = np.array(["", "prix trop élevés", "late delivery, again", "great 👍"])
    frame = pd.DataFrame(
        {
            "respondent": np.arange(n),
            "date": pd.date_range("2024-01-01", periods=n, freq="min").strftime("%Y-%m-%d %H:%M"),
            "nps": score,
            "comment": comments[rng.integers(0, 4, n)],
            "region": np.array(["North", "South", "East"])[rng.integers(0, 3, n)],
        }
    )
    return frame.to_csv(index=False).encode("utf-8")


def _kit(data: bytes) -> pd.Series:
    df = read_survey(
        io.BytesIO(data), score="nps", comment="comment", date="date", respondent="respondent"
    )
    return df["score"]


def _baseline(data: bytes) -> pd.Series:
    df = pd.read_csv(io.BytesIO(data), parse_dates=["date"])
    return df["nps"].dropna()


def _check(kit: pd.Series, base: pd.Series) -> None:
    np.testing.assert_array_equal(kit.index.to_numpy(), base.index.to_numpy())
    np.testing.assert_array_equal(kit.to_numpy(dtype="float64"), base.to_numpy())


def stages(quick: bool = False) -> list[Stage]:
    n = 20_000 if quick else 200_000
    return [
        Stage(
            name="io.read_survey",
            size=f"{n:,} rows CSV, 5 columns",
            setup=lambda: _setup(n),
            kit=_kit,
            baseline=_baseline,
            check=_check,
            target="same kept scores as read_csv + dropna, with a full account",
        )
    ]
