"""What every engine brings back, checked and shaped like the pandas counts frame.

DuckDB and Spark return one row per (group, score *bucket*): the whole score
when it is valid, or a sentinel (:data:`TEXT`, :data:`FRACTION`,
:data:`OUTSIDE`) saying why not, with row counts and weight sums.
:func:`finish_counts` raises the same messages as
:func:`nps_toolkit.score.scales.validate_scores` (with a few offending values
fetched from the engine), then sums the buckets into the counts frame of
:func:`nps_toolkit.score.counts.counts_frame`.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from nps_toolkit._validation import EXAMPLES
from nps_toolkit.score.scales import SHORT_SCALE_MIN_N

__all__ = ["EXAMPLES", "FRACTION", "OUTSIDE", "TEXT", "describe_examples", "finish_counts"]

#: Score buckets that are not scores: text that is not a number, a fraction, off the scale.
TEXT, FRACTION, OUTSIDE = -(2**40) - 3, -(2**40) - 2, -(2**40) - 1


def finish_counts(raw: dict, *, score, keys, weights, date, scale, limits) -> pd.DataFrame:
    """Validate the tallies, drop helper columns, name and order like the pandas path.

    ``raw`` holds the engine's ``frame`` (one row per group and bucket) and
    ``examples(kind, column)``, which fetches a few offending values for a message.
    """
    frame: pd.DataFrame = raw["frame"]
    if date:
        frame = _drop_undated(frame, raw, date)
    bucket, rows = _check_buckets(frame, raw, score=score, weights=weights, scale=scale,
                                  limits=limits)  # fmt: skip
    return _tidy(frame, bucket, rows, keys=keys, weights=weights, date=date, limits=limits)


def _drop_undated(frame: pd.DataFrame, raw: dict, date: str) -> pd.DataFrame:
    """Refuse dates that do not parse; leave rows without a date out, with a warning."""
    bad = int(frame["__n_date_bad"].sum())
    if bad:
        raise ValueError(
            f"Date column {date!r} has {bad} value(s) that are not dates "
            f"({raw['examples']('date', date)}). Fix: store the column as a DATE/TIMESTAMP, or "
            "parse it in the query (DuckDB strptime(col, '%d/%m/%Y'), Spark to_timestamp)."
        )
    no_date = frame["__period"].isna()
    missing = int(frame.loc[no_date, "__rows"].sum())
    if missing:
        warnings.warn(
            f"{missing} row(s) have no {date!r} and are left out of the trend.",
            UserWarning,
            stacklevel=5,
        )
    frame = frame.loc[~no_date]
    return frame


def _check_buckets(frame: pd.DataFrame, raw: dict, *, score, weights, scale, limits):
    """Raise on text, fractions, off-scale scores, undeclared five-point data, bad weights.

    Returns the buckets (float, NaN = no score) and the row count of each.
    """
    lo, hi, _, _ = limits
    where = f"Score column {score!r}"
    bucket = pd.to_numeric(frame["__b"]).to_numpy(dtype="float64", na_value=np.nan)
    rows = frame["__rows"].to_numpy(dtype="int64")

    def tally(code: int) -> int:
        return int(rows[bucket == code].sum())

    n_text = tally(TEXT)
    if n_text:
        raise ValueError(
            f"{where} has {n_text} text value(s) that are not numbers: "
            f"{raw['examples']('text', score)}. Fix: clean the column in the query (e.g. "
            "TRY_CAST(regexp_extract(score, '\\d+') AS INTEGER)), or load the export with "
            "nps_toolkit.read_survey(), which parses answers such as '10 - Extremely likely'."
        )
    n_frac = tally(FRACTION)
    if n_frac:
        raise ValueError(
            f"{where} has {n_frac} non-integer value(s): "
            f"{raw['examples']('frac', score)}. "
            "NPS answers are whole numbers; check the column is the recommend question "
            "and not an average."
        )
    n_out = tally(OUTSIDE)
    if n_out:
        raise ValueError(
            f"{where} has {n_out} value(s) outside the declared {lo}-{hi} scale: "
            f"{raw['examples']('out', score)}. "
            "Fix: declare the survey's real scale with scale=(low, high), or drop/recode "
            "those rows (read_survey excludes them and reports them in quality_report)."
        )
    valid = ~np.isnan(bucket)  # every sentinel has raised by now
    n_present = int(rows[valid].sum())
    if scale is None and n_present >= SHORT_SCALE_MIN_N and bucket[valid].max() <= 5:
        raise ValueError(
            f"{where}: all {n_present} scores are between {bucket[valid].min():.0f} and 5, "
            "which looks like a 1-5 or 0-5 survey, not 0-10 (on 0-10 every one of them "
            "would be a detractor). Fix: declare scale=(1, 5) or scale=(0, 5); if this really "
            "is a 0-10 survey, pass scale=(0, 10) explicitly."
        )
    if weights:
        n_wbad = int(frame["__n_wbad"].sum())
        if n_wbad:
            raise ValueError(
                f"Weight column {weights!r} has {n_wbad} missing, negative or non-numeric "
                f"value(s) ({raw['examples']('wbad', weights)}). Fix: give every respondent a "
                "weight >= 0, or drop those rows."
            )

    return bucket, rows


def _tidy(frame, bucket, rows, *, keys, weights, date, limits) -> pd.DataFrame:
    """From (group, bucket) rows to one row per group, sorted by key, pandas dtypes."""
    _, _, passive_min, promoter_min = limits
    valid = ~np.isnan(bucket)  # every sentinel has raised by now
    cats = {
        "detractors": valid & (bucket < passive_min),
        "passives": valid & (bucket >= passive_min) & (bucket < promoter_min),
        "promoters": valid & (bucket >= promoter_min),
    }
    amount = frame["__sw"].to_numpy(dtype="float64", na_value=0.0) if weights else rows
    parts = {"n": np.where(valid, rows, 0)}
    parts |= {name: np.where(mask, amount, 0) for name, mask in cats.items()}
    if weights:
        squares = frame["__sw2"].to_numpy("float64", na_value=0.0)
        parts["sum_w"] = np.where(valid, amount, 0.0)
        parts["sum_w2"] = np.where(valid, squares, 0.0)
        # Squared weights per category, for the linearised variance (counts.WEIGHT_COLUMNS).
        parts |= {f"w2_{name}": np.where(mask, squares, 0.0) for name, mask in cats.items()}
    group = [f"__k{i}" for i in range(len(keys))] + (["__period"] if date else [])
    frame = pd.concat([frame[group].reset_index(drop=True), pd.DataFrame(parts)], axis=1)
    if group:
        frame = frame.groupby(group, dropna=False, observed=True, sort=False).sum().reset_index()
    else:
        frame = frame.sum().to_frame().T

    out = frame.rename(columns={f"__k{i}": k for i, k in enumerate(keys)})
    out = out.rename(columns={"__period": "period"})
    names = [*keys, *(["period"] if date else [])]
    value_cols = ["n", "detractors", "passives", "promoters"]
    value_cols += (
        ["sum_w", "sum_w2", "w2_detractors", "w2_passives", "w2_promoters"] if weights else []
    )
    out = out[[*names, *value_cols]]
    if names:
        out = out.sort_values(names, na_position="last", kind="stable")
    out = out.reset_index(drop=True)
    for col in names:
        out[col] = _tidy_key(out[col])
    ints = ["n"] if weights else ["n", "detractors", "passives", "promoters"]
    for col in value_cols:
        out[col] = out[col].astype("int64" if col in ints else "float64")
    if date:
        out["period"] = out["period"].astype("datetime64[us]")
    return out


def _tidy_key(col: pd.Series) -> pd.Series:
    """Key values with the dtype pandas would give them (text as ``str``).

    DuckDB ENUMs (pandas categoricals registered with DuckDB) arrive as
    categoricals and have already been sorted in category order, as the pandas
    path sorts them; like the pandas path, the output holds their plain values.
    """
    if isinstance(col.dtype, pd.CategoricalDtype):
        col = col.astype(col.cat.categories.dtype)
    values = col.dropna()
    if col.dtype == object and values.map(lambda v: isinstance(v, str)).all():
        return col.astype("str")
    return col


def describe_examples(rows: list, *, located: bool) -> str:
    shown = rows[:EXAMPLES]
    values = ", ".join(dict.fromkeys(repr(_plain(r[0])) for r in shown))
    more = " ..." if len(rows) > EXAMPLES else ""
    if not located:
        return f"values {values}{more}"
    where = ", ".join(f"{Path(str(r[1])).name} row {r[2]}" for r in shown)
    return f"values {values} ({where}{more}; rows counted from 0 in each file)"


def _plain(value):
    """Show SQL decimals as plain floats in messages."""
    from decimal import Decimal

    return float(value) if isinstance(value, Decimal) else value
