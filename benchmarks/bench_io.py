"""Loading (issue 11): ``read_survey`` with its full row account vs ``pd.read_csv(engine="pyarrow")``.

Data: a clean UTF-8 survey export of 7 columns (respondent id, date, score with
2 % missing, a comment with accents, emoji, quoted commas and blanks, region,
channel, order value), written once per size to ``benchmarks/.cache/`` and
read from disk by both sides. Goal at 1M rows: the kit within 4x the wall time
of the baseline and within 2x its peak memory; time linear to 5M rows.

| stage | kit | baseline | check |
|---|---|---|---|
| `io.read_survey_1M` (`_2M`, `_5M`) | `read_survey(path, score=, comment=, date=, respondent=)`: every row accounted for, flags, mojibake screen, dates | `pd.read_csv(path, engine="pyarrow")` | same kept rows (the non-missing scores) and equal scores; account balances |
| `io.read_csv_pyarrow_1M` | the baseline alone, so that its peak memory is measured in its own process (compare with the kit's peak above) | none | row count |
| `io.read_survey_ragged_1M` | the 1M file with one row given an extra field (line 500,002): the ragged-row path (pyarrow reads the file, the ragged row alone is split by Python's csv module) | `pd.read_csv(path, engine="pyarrow", on_bad_lines="skip")` | the same kept scores; the account has exactly that row as "ragged row" |

``--quick`` divides the sizes by 100.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from benchmarks.harness import Stage
from nps_toolkit.io.read import quality_report, read_survey

CACHE = Path(__file__).resolve().parent / ".cache"
SEED = 20261123


def _write(n: int) -> Path:
    """The survey file of ``n`` rows (cached; written in 1M-row chunks)."""
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"survey_{n}.csv"
    if path.exists():
        return path
    rng = np.random.default_rng(SEED)
    comments = np.array(
        ["", "prix trop élevés", "late delivery, again", "great 👍", "Très bien", "slow app"]
    )
    partial = path.with_suffix(".tmp")
    with open(partial, "w", encoding="utf-8", newline="") as fh:
        for start in range(0, n, 1_000_000):
            m = min(1_000_000, n - start)
            score = rng.integers(0, 11, m).astype("float64")
            score[rng.random(m) < 0.02] = np.nan
            dates = pd.Timestamp("2024-01-01") + pd.to_timedelta(np.arange(start, start + m), "s")
            frame = pd.DataFrame(
                {
                    "respondent": np.arange(start, start + m),
                    "date": dates.strftime("%Y-%m-%d %H:%M:%S"),
                    "nps": score,
                    "comment": comments[rng.integers(0, len(comments), m)],
                    "region": np.array(["North", "South", "East"])[rng.integers(0, 3, m)],
                    "channel": np.array(["web", "app", "store", "phone"])[rng.integers(0, 4, m)],
                    "order_value": np.round(rng.gamma(2.0, 40.0, m), 2),
                }
            )
            frame.to_csv(fh, index=False, header=start == 0)
    partial.replace(path)
    return path


def _write_ragged(n: int) -> Path:
    """The survey file of ``n`` rows with one row given an extra field (cached)."""
    path = CACHE / f"survey_{n}_ragged.csv"
    if path.exists():
        return path
    lines = _write(n).read_bytes().split(b"\n")
    lines[len(lines) // 2] += b",extra"
    partial = path.with_suffix(".tmp")
    partial.write_bytes(b"\n".join(lines))
    partial.replace(path)
    return path


def _kit(path: Path) -> pd.DataFrame:
    return read_survey(path, score="nps", comment="comment", date="date", respondent="respondent")


def _baseline(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, engine="pyarrow")


def _check(kit: pd.DataFrame, base: pd.DataFrame) -> None:
    kept = base["nps"].notna().to_numpy()
    np.testing.assert_array_equal(kit.index.to_numpy(), np.flatnonzero(kept))
    np.testing.assert_array_equal(kit["score"].to_numpy(dtype="float64"), base["nps"][kept])
    assert quality_report(kit)["rows"].sum() == len(base)


def _baseline_skip(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, engine="pyarrow", on_bad_lines="skip")


def _check_ragged(kit: pd.DataFrame, base: pd.DataFrame) -> None:
    kept = base["nps"].notna().to_numpy()
    np.testing.assert_array_equal(kit["score"].to_numpy(dtype="float64"), base["nps"][kept])
    report = quality_report(kit)
    assert report["rows"].sum() == len(base) + 1  # the baseline skips the ragged row
    assert dict(zip(report["reason"], report["rows"], strict=True))["ragged row"] == 1


def _count(frame: pd.DataFrame, _none) -> None:
    assert len(frame) > 0


def stages(quick: bool = False) -> list[Stage]:
    scale = 100 if quick else 1
    out = []
    for millions in (1, 2, 5):
        n = millions * 1_000_000 // scale
        out.append(
            Stage(
                name=f"io.read_survey_{millions}M",
                size=f"{n:,} rows CSV, 7 columns",
                setup=lambda n=n: _write(n),
                kit=_kit,
                baseline=_baseline,
                check=_check,
                target="<= 4x read_csv(engine='pyarrow') time at 1M, linear to 5M; same rows",
                repeat=3,
            )
        )
    n = 1_000_000 // scale
    out.append(
        Stage(
            name="io.read_csv_pyarrow_1M",
            size=f"{n:,} rows CSV, 7 columns",
            setup=lambda: _write(n),
            kit=_baseline,
            check=_count,
            target="baseline's own peak memory (kit peak of io.read_survey_1M <= 2x this)",
            repeat=3,
        )
    )
    out.append(
        Stage(
            name="io.read_survey_ragged_1M",
            size=f"{n:,} rows CSV, 7 columns, 1 ragged row",
            setup=lambda: _write_ragged(n),
            kit=_kit,
            baseline=_baseline_skip,
            check=_check_ragged,
            target="cheap next to the csv-module path (13-18 s before)",
            repeat=3,
        )
    )
    return out
