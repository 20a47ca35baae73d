"""Counts inside Spark: one ``groupBy`` over the keys (and period) and the score bucket.

pyspark is imported only when a Spark DataFrame is passed. Buckets and
validation tallies as in :mod:`nps_toolkit.score.engine_results`.
"""

from __future__ import annotations

import pandas as pd

from nps_toolkit._validation import require_columns
from nps_toolkit.score.engine_results import EXAMPLES, FRACTION, OUTSIDE, TEXT, describe_examples

__all__ = ["spark_counts"]


def spark_counts(df, *, score, keys, weights, date, part, limits) -> dict:
    """One ``groupBy`` per (group, period, score bucket) with the validation tallies."""
    from pyspark.sql import functions as F

    lo, hi, passive_min, promoter_min = limits
    needed = [score, *keys, *([weights] if weights else []), *([date] if date else [])]
    require_columns(df.columns, needed, "the Spark DataFrame", skip_none=False)
    fields = {f.name: f.dataType for f in df.schema.fields}

    s, text_bad, is_int = _spark_score(score, fields[score])
    cols = [s.alias("__s"), text_bad.alias("__text_bad")]
    cols += [F.col(k).alias(f"__k{i}") for i, k in enumerate(keys)]
    group = [f"__k{i}" for i in range(len(keys))]
    if weights:
        w = F.col(weights).cast("double")
        cols.append(w.alias("__w"))
    if date:
        period, date_bad = _spark_period(date, fields[date], part)
        cols += [period.alias("__period"), date_bad.alias("__date_bad")]
        group.append("__period")

    sc, wc = F.col("__s"), F.col("__w")
    conditions = {
        "text": F.col("__text_bad"),
        "frac": sc != F.round(sc),
        "out": (sc < lo) | (sc > hi),
        "wbad": wc.isNull() | F.isnan(wc) | (wc < 0) | (F.abs(wc) == float("inf")),
        "date": F.col("__date_bad") if date else F.lit(False),
    }
    bucket = F.when(sc.isNull(), F.lit(None))
    if not is_int:
        bucket = bucket.when(conditions["frac"], F.lit(FRACTION))
    bucket = bucket.when(conditions["out"], F.lit(OUTSIDE)).otherwise(sc.cast("long"))
    bucket = F.when(F.col("__text_bad"), F.lit(TEXT)).otherwise(bucket)

    def count_if(cond):
        return F.sum(F.when(cond, F.lit(1)).otherwise(F.lit(0))).cast("long")

    agg = [F.count(F.lit(1)).alias("__rows")]
    if weights:
        agg += [
            F.sum(wc).alias("__sw"),
            F.sum(wc * wc).alias("__sw2"),
            count_if(conditions["wbad"]).alias("__n_wbad"),
        ]
    if date:
        agg.append(count_if(F.col("__date_bad")).alias("__n_date_bad"))
    group_b = [*group, "__b"]
    projected = df.select(*cols).withColumn("__b", bucket)
    grouped = projected.groupBy(*group_b).agg(*agg)
    names = grouped.columns
    frame = pd.DataFrame([tuple(r) for r in grouped.collect()], columns=names)
    if date:
        frame["__period"] = pd.to_datetime(frame["__period"])

    def examples(kind: str, column: str) -> str:
        with_raw = df.select(F.col(column).alias("__raw"), *cols).where(conditions[kind])
        got = with_raw.select("__raw").distinct().limit(EXAMPLES + 1).collect()
        return describe_examples([(r[0],) for r in got], located=False)

    return {"frame": frame, "examples": examples}


def _spark_score(score: str, st):
    """Spark column of the numeric score, 'text that is not a number', and is-integer-typed."""
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    raw = F.col(score)
    text_bad = F.lit(False)
    is_int = isinstance(st, T.IntegralType)
    if isinstance(st, T.BooleanType):
        raise ValueError(f"Score column {score!r} holds True/False values, not 0-10 scores.")
    if isinstance(st, T.IntegralType | T.DecimalType):
        s = raw.cast("double")
    elif isinstance(st, T.FloatType | T.DoubleType):
        s = F.when(F.isnan(raw), F.lit(None)).otherwise(raw.cast("double"))
    elif isinstance(st, T.StringType):
        blank = F.when(F.trim(raw) == "", F.lit(None)).otherwise(F.trim(raw))
        num = F.expr(f"try_cast(trim(`{score.replace('`', '``')}`) AS DOUBLE)")
        num = F.when(blank.isNull(), F.lit(None)).otherwise(num)
        s = F.when(F.isnan(num), F.lit(None)).otherwise(num)
        text_bad = blank.isNotNull() & num.isNull()
    else:
        raise ValueError(
            f"Score column {score!r} has Spark type {st.simpleString()}, not a number. "
            "Fix: cast it, e.g. df.withColumn('score', F.col('score').cast('int'))."
        )
    return s, text_bad, is_int


def _spark_period(date: str, dt, part: str):
    """Spark column of the period start (as text) and of 'a value that is not a date'."""
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    if isinstance(dt, T.TimestampType | T.DateType) or type(dt).__name__ == "TimestampNTZType":
        ts, date_bad = F.col(date).cast("timestamp"), F.lit(False)
    elif isinstance(dt, T.StringType):
        blank = F.when(F.trim(F.col(date)) == "", F.lit(None)).otherwise(F.trim(F.col(date)))
        ts = F.expr(f"try_cast(trim(`{date.replace('`', '``')}`) AS TIMESTAMP)")
        ts = F.when(blank.isNull(), F.lit(None)).otherwise(ts)
        date_bad = blank.isNotNull() & ts.isNull()
    else:
        raise ValueError(
            f"Date column {date!r} has Spark type {dt.simpleString()}, not a date. "
            "Fix: convert it with F.to_timestamp(col, format)."
        )
    # Period start as text, so no time zone conversion happens on the way to pandas.
    period = F.date_format(F.date_trunc(part, ts), "yyyy-MM-dd HH:mm:ss")
    return period, date_bad
