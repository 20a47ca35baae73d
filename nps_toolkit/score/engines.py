"""Counts where the data lives: DuckDB (files, SQL, relations) and PySpark.

Every NPS statistic needs only, per group, the counts of detractors, passives
and promoters (weighted sums plus ``sum_w``, ``sum_w2`` and the squared weights
per category ``w2_*`` when weighted). This
module computes that *counts frame* inside the engine that holds the data and
brings back one small pandas row per group; :mod:`nps_toolkit.score.estimate` then
turns it into estimates exactly as it does for a pandas DataFrame. So
``nps_by("responses/*.parquet", score="score", by="region")`` never loads the
file into pandas, and the same call on a Spark DataFrame runs on the cluster.

Accepted sources (see :func:`is_backend_source`):

``str`` or :class:`pathlib.Path`
    A Parquet or CSV file, a glob (``"data/*.parquet"``), or a directory of
    Parquet files; read with DuckDB's ``read_parquet`` / ``read_csv_auto``
    (files larger than memory are streamed). The format comes from the
    extension: ``.parquet``/``.pq`` or ``.csv``/``.tsv``/``.txt`` (optionally
    ``.gz``/``.zst``).
``duckdb.DuckDBPyRelation``
    e.g. ``con.sql("SELECT * FROM responses WHERE wave = 3")`` or
    ``con.table("responses")``; the query runs on the relation's connection.
:func:`duckdb_sql`
    A SQL query as text, wrapped so it cannot be mistaken for a file path:
    ``nps_by(duckdb_sql("SELECT * FROM 'x.parquet'"), ...)``.
PySpark DataFrame
    Recognised by its class (``pyspark.sql`` DataFrame, classic or Connect);
    pyspark is imported only when such an object is passed. Install with
    ``pip install nps-toolkit[spark]``.

Validation happens in the engine, in the same pass as the counting: scores must
be whole numbers on the declared scale (the same rules and messages as
:func:`nps_toolkit.score.scales.validate_scores`, including the refusal of undeclared
five-point data), text scores must parse as numbers (blanks are missing), and
weights must be present, finite and >= 0. Only a handful of offending values
are fetched for the message.

Groups follow the pandas path: every key combination present in the data is a
group (a missing key is a group of its own, sorted last), a group whose scores
are all missing has ``n = 0``, and rows without a date are left out of a trend
with a warning. Periods are the period start (``D`` day, ``W``/``W-MON`` week
from Monday, ``MS`` month, ``QS`` quarter, ``YS`` year), as pandas gives them.
Time-zone-aware timestamps are truncated in UTC (DuckDB) or in the Spark
session time zone; the pandas path uses the data's own wall-clock time, so
convert such columns to naive local time first if they differ.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from nps_toolkit._validation import require_columns
from nps_toolkit.score.scales import _SHORT_SCALE_MIN_N, resolve_thresholds

__all__ = ["DuckDBQuery", "duckdb_sql", "grouped_counts", "is_backend_source"]

_PARQUET_EXT = (".parquet", ".pq", ".parq")
_CSV_EXT = (".csv", ".tsv", ".txt")
_COMPRESSION_EXT = (".gz", ".zst", ".gzip")
_EXAMPLES = 5
# Score buckets that are not scores: text that is not a number, a fraction, off the scale.
_TEXT, _FRACTION, _OUTSIDE = -(2**40) - 3, -(2**40) - 2, -(2**40) - 1

# nps_trend frequencies -> SQL date_trunc part (period start, weeks from Monday),
# the same periods as segments.FREQS gives through pandas.
_TRUNC = {"D": "day", "W": "week", "W-MON": "week", "MS": "month", "M": "month"}
_TRUNC |= {"QS": "quarter", "Q": "quarter", "YS": "year", "Y": "year", "AS": "year", "A": "year"}


class DuckDBQuery:
    """A SQL query for DuckDB, marked as a query (not a path). Build with :func:`duckdb_sql`."""

    def __init__(self, query: str, connection=None):
        if not isinstance(query, str) or not query.strip():
            raise ValueError("duckdb_sql() needs the text of a SQL query, e.g. 'SELECT * FROM t'.")
        self.query = query
        self.connection = connection

    def __repr__(self) -> str:
        return f"duckdb_sql({self.query!r})"

    def relation(self):
        import duckdb

        con = self.connection if self.connection is not None else duckdb.connect()
        return con.sql(self.query)


def duckdb_sql(query: str, connection=None) -> DuckDBQuery:
    """Mark a SQL query as a data source for ``nps``, ``nps_by`` and ``nps_trend``.

    Parameters
    ----------
    query : str
        A DuckDB ``SELECT`` returning respondent-level rows, e.g.
        ``"SELECT * FROM read_parquet('s3/2024/*.parquet') WHERE country = 'FR'"``.
    connection : duckdb.DuckDBPyConnection, optional
        Connection whose tables the query refers to; a fresh in-memory one
        (which can read files) by default.

    Returns
    -------
    DuckDBQuery
        Pass it as ``data``; the query runs when the counts are needed.

    Examples
    --------
    >>> from nps_toolkit.score.estimate import nps_by
    >>> q = duckdb_sql("SELECT * FROM (VALUES (10, 'a'), (3, 'a'), (9, 'b')) t(score, seg)")
    >>> nps_by(q, score="score", by="seg", min_n=1)[["seg", "n", "nps"]]
      seg  n    nps
    0   a  2    0.0
    1   b  1  100.0
    """
    return DuckDBQuery(query, connection)


def _is_spark(obj) -> bool:
    cls = type(obj)
    return cls.__name__ == "DataFrame" and cls.__module__.startswith("pyspark.sql")


def _is_duckdb_relation(obj) -> bool:
    cls = type(obj)
    return cls.__name__ == "DuckDBPyRelation" and cls.__module__.split(".")[0] in (
        "duckdb",
        "_duckdb",
    )


def _file_format(path: str) -> str | None:
    name = path.lower()
    for ext in _COMPRESSION_EXT:
        if name.endswith(ext):
            name = name[: -len(ext)]
    if name.endswith(_PARQUET_EXT):
        return "parquet"
    if name.endswith(_CSV_EXT):
        return "csv"
    return None


def is_backend_source(obj) -> bool:
    """True when ``obj`` is counted by this module rather than by pandas.

    Parquet/CSV paths and globs, directories, DuckDB relations, :func:`duckdb_sql`
    queries and PySpark DataFrames are backend sources; pandas objects, arrays
    and lists are not.

    Examples
    --------
    >>> is_backend_source("responses/*.parquet"), is_backend_source([9, 10])
    (True, False)
    """
    if isinstance(obj, DuckDBQuery) or _is_duckdb_relation(obj) or _is_spark(obj):
        return True
    if isinstance(obj, str | Path):
        text = str(obj)
        return _file_format(text) is not None or Path(text).is_dir()
    return False


def _as_keys(by) -> list:
    if by is None:
        return []
    if isinstance(by, str) or not isinstance(by, Sequence):
        return [by]
    return list(by)


def _check_freq(freq) -> str:
    if freq not in _TRUNC:
        raise ValueError(f"freq must be one of {sorted(_TRUNC)}; got {freq!r}.")
    return _TRUNC[freq]


def grouped_counts(
    source,
    *,
    score: str,
    by=(),
    weights: str | None = None,
    scale=None,
    thresholds=None,
    date: str | None = None,
    freq: str | None = None,
) -> pd.DataFrame:
    """Counts frame computed inside DuckDB or Spark: one pandas row per group.

    Parameters
    ----------
    source : str, Path, DuckDBPyRelation, DuckDBQuery or pyspark DataFrame
        Where the respondent-level rows live (see the module docstring).
    score : str
        Score column.
    by : str or list of str
        Group columns (none gives one row).
    weights : str, optional
        Weight column: category columns then hold weighted sums and ``sum_w``,
        ``sum_w2`` (over respondents with a valid score) and the per-category
        sums of squared weights ``w2_detractors``, ``w2_passives``,
        ``w2_promoters`` are added.
    scale, thresholds
        Declared scale and cut-offs, resolved by
        :func:`nps_toolkit.score.scales.resolve_thresholds` exactly as in the pandas path.
    date, freq : str, optional
        With both, rows are also grouped by ``period`` (the period start as a
        Timestamp); rows without a date are left out with a warning.

    Returns
    -------
    pandas.DataFrame
        The ``by`` columns (and ``period``), then ``n`` (respondents with a valid
        score, int64), ``detractors``, ``passives``, ``promoters`` (int64
        counts, or float weighted sums with ``sum_w``, ``sum_w2``,
        ``w2_detractors``, ``w2_passives`` and ``w2_promoters`` added when
        weighted), the same columns as :func:`nps_toolkit.score.estimate.counts_frame`.
        Sorted by the keys, missing keys last.

    Raises
    ------
    ValueError
        Unknown columns; text, non-integer or out-of-scale scores; undeclared
        five-point data; bad weights; dates that do not parse.

    Examples
    --------
    >>> import duckdb
    >>> rel = duckdb.sql("SELECT * FROM (VALUES (0, 'a'), (7, 'a'), (9, 'b'), (NULL, 'b')) t(s, g)")
    >>> grouped_counts(rel, score="s", by="g")
       g  n  detractors  passives  promoters
    0  a  2           1         1          0
    1  b  1           0         0          1
    """
    keys = _as_keys(by)
    limits = resolve_thresholds(scale, thresholds)
    if (date is None) != (freq is None):
        raise ValueError("Pass both date='<column>' and freq=... to count by period, or neither.")
    part = _check_freq(freq) if date is not None else None
    if _is_spark(source):
        raw = _spark_counts(source, score=score, keys=keys, weights=weights, date=date, part=part,
                            limits=limits)  # fmt: skip
    elif isinstance(source, DuckDBQuery) or _is_duckdb_relation(source):
        rel = source.relation() if isinstance(source, DuckDBQuery) else source
        raw = _duckdb_counts(rel, None, score=score, keys=keys, weights=weights, date=date,
                             part=part, limits=limits)  # fmt: skip
    elif isinstance(source, str | Path):
        raw = _duckdb_file_counts(str(source), score=score, keys=keys, weights=weights, date=date,
                                  part=part, limits=limits)  # fmt: skip
    else:
        raise ValueError(
            f"Cannot count NPS from a {type(source).__name__}: pass a pandas DataFrame, a "
            "Parquet/CSV path or glob, a DuckDB relation, duckdb_sql('SELECT ...') or a "
            "PySpark DataFrame."
        )
    try:
        return _finish(raw, score=score, keys=keys, weights=weights, date=date, scale=scale,
                       limits=limits)  # fmt: skip
    finally:
        if "close" in raw:
            raw["close"]()


# --------------------------------------------------------------------------- DuckDB


def _q(name: str) -> str:
    """Quote a SQL identifier."""
    return '"' + str(name).replace('"', '""') + '"'


def _lit(text: str) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def _duckdb_file_counts(path, **kwargs) -> dict:
    import duckdb

    fmt = _file_format(path)
    target = path
    if fmt is None and Path(path).is_dir():
        fmt, target = "parquet", str(Path(path) / "**" / "*.parquet")
    if fmt is None:
        raise ValueError(
            f"Cannot tell the format of {path!r}: name a .parquet or .csv file (or a glob of them)."
        )
    con = duckdb.connect()
    reader = "read_parquet" if fmt == "parquet" else "read_csv_auto"
    table = f"{reader}({_lit(target)})"
    try:
        rel = con.sql(f"SELECT * FROM {table}")
    except (duckdb.IOException, duckdb.InvalidInputException) as err:
        raise ValueError(
            f"Could not read {path!r} as {fmt.upper()}: {str(err).splitlines()[0]} "
            "Fix: check the path or glob matches at least one file."
        ) from None
    # Offending rows are located by file and row number (Parquet keeps row order).
    locate = None
    if fmt == "parquet":
        locate = f"{reader}({_lit(target)}, filename=true, file_row_number=true)"
    # Run the aggregate on the file itself (not through the relation as a view),
    # which lets DuckDB plan the scan directly.
    raw = _duckdb_counts(rel, locate, run=con.sql, table=table, **kwargs)
    raw["close"] = con.close  # after the error message, which may query the file again
    return raw


def _is_text(sql_type: str) -> bool:
    """Whether an upper-cased DuckDB type name is a text type."""
    return sql_type in ("VARCHAR", "STRING", "TEXT") or sql_type.startswith("VARCHAR")


def _duckdb_score_expr(col: str, dtype: str) -> tuple[str, str, bool]:
    """SQL for the numeric score, for 'text that is not a number', and is-integer-typed."""
    c = _q(col)
    t = dtype.upper()
    if t == "BOOLEAN":
        raise ValueError(f"Score column {col!r} holds True/False values, not 0-10 scores.")
    ints = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT",
            "UINTEGER", "UBIGINT", "UHUGEINT")  # fmt: skip
    if t in ints:
        return c, "FALSE", True
    if t in ("DOUBLE", "FLOAT", "REAL") or t.startswith("DECIMAL"):
        v = f"CAST({c} AS DOUBLE)"
        return f"CASE WHEN isnan({v}) THEN NULL ELSE {v} END", "FALSE", False
    if _is_text(t):
        blank = f"NULLIF(trim({c}), '')"
        num = f"TRY_CAST({blank} AS DOUBLE)"
        return (
            f"CASE WHEN isnan({num}) THEN NULL ELSE {num} END",
            f"({blank} IS NOT NULL AND {num} IS NULL)",
            False,
        )
    raise ValueError(
        f"Score column {col!r} has SQL type {dtype}, not a number. "
        "Fix: cast it to an integer in the query, e.g. CAST(score AS INTEGER)."
    )


def _duckdb_weight_expr(col: str, dtype: str) -> str:
    c = _q(col)
    t = dtype.upper()
    if _is_text(t):
        return f"TRY_CAST({c} AS DOUBLE)"
    if t == "BOOLEAN":
        raise ValueError(f"Weight column {col!r} holds True/False values, not weights.")
    return f"CAST({c} AS DOUBLE)"


def _duckdb_date_expr(col: str, dtype: str, part: str) -> tuple[str, str]:
    """SQL for the period start and for 'a value that is not a date'."""
    c = _q(col)
    t = dtype.upper()
    if t.startswith("TIMESTAMP WITH TIME ZONE") or t == "TIMESTAMPTZ":
        ts = f"CAST(timezone('UTC', {c}) AS TIMESTAMP)"
        bad = "FALSE"
    elif t.startswith("TIMESTAMP") or t == "DATE":
        ts, bad = f"CAST({c} AS TIMESTAMP)", "FALSE"
    elif _is_text(t):
        blank = f"NULLIF(trim({c}), '')"
        ts = f"TRY_CAST({blank} AS TIMESTAMP)"
        bad = f"({blank} IS NOT NULL AND {ts} IS NULL)"
    else:
        raise ValueError(
            f"Date column {col!r} has SQL type {dtype}, not a date or timestamp. "
            "Fix: cast it in the query, e.g. CAST(d AS TIMESTAMP) or strptime(d, '%d/%m/%Y')."
        )
    return f"CAST(date_trunc('{part}', {ts}) AS TIMESTAMP)", bad


def _duckdb_counts(
    rel, locate, *, score, keys, weights, date, part, limits, run=None, table="__src"
) -> dict:
    """One aggregate query: counts per (group, score bucket) plus validation tallies.

    ``rel`` gives the schema; the SQL reads ``table`` and runs through ``run``
    (by default on the relation's own connection, with the relation as ``__src``).
    """
    if run is None:

        def run(query: str):
            return rel.query("__src", query)

    lo, hi, passive_min, promoter_min = limits
    columns = list(rel.columns)
    types = dict(zip(columns, (str(t) for t in rel.types), strict=True))
    needed = [score, *keys, *([weights] if weights else []), *([date] if date else [])]
    require_columns(columns, needed, "the DuckDB source", skip_none=False)

    s_expr, text_bad, is_int = _duckdb_score_expr(score, types[score])
    inner = [f"{s_expr} AS __s", f"{text_bad} AS __text_bad"]
    inner += [f"{_q(k)} AS __k{i}" for i, k in enumerate(keys)]
    if weights:
        inner.append(f"{_duckdb_weight_expr(weights, types[weights])} AS __w")
    group = [f"__k{i}" for i in range(len(keys))]
    if date:
        period, date_bad = _duckdb_date_expr(date, types[date], part)
        inner += [f"{period} AS __period", f"{date_bad} AS __date_bad"]
        group.append("__period")

    # One GROUP BY over (groups, score bucket): a bucket is the whole score when it is
    # valid, or a sentinel saying why not. At most (hi - lo + 4) buckets a group come
    # back; categories and the validation tallies are summed from them in pandas.
    conditions = {
        "text": "__text_bad",
        "frac": "__s <> round(__s)",
        "out": f"__s < {lo} OR __s > {hi}",
        "wbad": "__w IS NULL OR NOT isfinite(__w) OR __w < 0",
        "date": "__date_bad" if date else "FALSE",
    }
    bucket = "CASE " + (f"WHEN __text_bad THEN {_TEXT} " if text_bad != "FALSE" else "")
    bucket += "WHEN __s IS NULL THEN NULL "
    bucket += "" if is_int else f"WHEN {conditions['frac']} THEN {_FRACTION} "
    bucket += f"WHEN {conditions['out']} THEN {_OUTSIDE} ELSE CAST(__s AS BIGINT) END"
    group_b = [*group, "__b"]
    agg = ["count(*) AS __rows"]
    if weights:
        agg += [
            "sum(__w) AS __sw",
            "sum(__w * __w) AS __sw2",
            f"count(*) FILTER (WHERE {conditions['wbad']}) AS __n_wbad",
        ]
    if date:
        agg.append("count(*) FILTER (WHERE __date_bad) AS __n_date_bad")
    sql = (
        f"SELECT {', '.join([*group_b, *agg])} FROM "
        f"(SELECT *, {bucket} AS __b FROM (SELECT {', '.join(inner)} FROM {table})) "
        f"GROUP BY {', '.join(group_b)}"
    )
    frame = run(sql).df()

    def examples(kind: str, column: str) -> str:
        """A few offending values (and, for Parquet files, their file and row)."""
        extra = ", filename AS __file, file_row_number AS __row" if locate else ""
        sub = f"SELECT {_q(column)} AS __raw, {', '.join(inner)}{extra} FROM {locate or table}"
        picked = "__raw, __file, __row" if locate else "DISTINCT __raw"
        query = f"SELECT {picked} FROM ({sub}) WHERE {conditions[kind]} LIMIT {_EXAMPLES + 1}"
        return _describe(run(query).fetchall(), located=locate is not None)

    return {"frame": frame, "examples": examples}


def _describe(rows: list, *, located: bool) -> str:
    shown = rows[:_EXAMPLES]
    values = ", ".join(dict.fromkeys(repr(_plain(r[0])) for r in shown))
    more = " ..." if len(rows) > _EXAMPLES else ""
    if not located:
        return f"values {values}{more}"
    where = ", ".join(f"{Path(str(r[1])).name} row {r[2]}" for r in shown)
    return f"values {values} ({where}{more}; rows counted from 0 in each file)"


# --------------------------------------------------------------------------- Spark


def _spark_counts(df, *, score, keys, weights, date, part, limits) -> dict:
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    lo, hi, passive_min, promoter_min = limits
    needed = [score, *keys, *([weights] if weights else []), *([date] if date else [])]
    require_columns(df.columns, needed, "the Spark DataFrame", skip_none=False)
    fields = {f.name: f.dataType for f in df.schema.fields}

    raw = F.col(score)
    st = fields[score]
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
    cols = [s.alias("__s"), text_bad.alias("__text_bad")]
    cols += [F.col(k).alias(f"__k{i}") for i, k in enumerate(keys)]
    group = [f"__k{i}" for i in range(len(keys))]
    if weights:
        w = F.col(weights).cast("double")
        cols.append(w.alias("__w"))
    if date:
        dt = fields[date]
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
        bucket = bucket.when(conditions["frac"], F.lit(_FRACTION))
    bucket = bucket.when(conditions["out"], F.lit(_OUTSIDE)).otherwise(sc.cast("long"))
    bucket = F.when(F.col("__text_bad"), F.lit(_TEXT)).otherwise(bucket)

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
        got = with_raw.select("__raw").distinct().limit(_EXAMPLES + 1).collect()
        return _describe([(r[0],) for r in got], located=False)

    return {"frame": frame, "examples": examples}


# --------------------------------------------------------------------------- shared


def _finish(raw: dict, *, score, keys, weights, date, scale, limits) -> pd.DataFrame:
    """Validate the tallies, drop helper columns, name and order like the pandas path."""
    lo, hi, passive_min, promoter_min = limits
    frame: pd.DataFrame = raw["frame"]
    where = f"Score column {score!r}"
    if date:
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
                stacklevel=4,
            )
        frame = frame.loc[~no_date]

    bucket = pd.to_numeric(frame["__b"]).to_numpy(dtype="float64", na_value=np.nan)
    rows = frame["__rows"].to_numpy(dtype="int64")

    def tally(code: int) -> int:
        return int(rows[bucket == code].sum())

    n_text = tally(_TEXT)
    if n_text:
        raise ValueError(
            f"{where} has {n_text} text value(s) that are not numbers: "
            f"{raw['examples']('text', score)}. Fix: clean the column in the query (e.g. "
            "TRY_CAST(regexp_extract(score, '\\d+') AS INTEGER)), or load the export with "
            "nps_toolkit.read_survey(), which parses answers such as '10 - Extremely likely'."
        )
    n_frac = tally(_FRACTION)
    if n_frac:
        raise ValueError(
            f"{where} has {n_frac} non-integer value(s): "
            f"{raw['examples']('frac', score)}. "
            "NPS answers are whole numbers; check the column is the recommend question "
            "and not an average."
        )
    n_out = tally(_OUTSIDE)
    if n_out:
        raise ValueError(
            f"{where} has {n_out} value(s) outside the declared {lo}-{hi} scale: "
            f"{raw['examples']('out', score)}. "
            "Fix: declare the survey's real scale with scale=(low, high), or drop/recode "
            "those rows (read_survey excludes them and reports them in quality_report)."
        )
    valid = ~np.isnan(bucket)  # every sentinel has raised by now
    n_present = int(rows[valid].sum())
    if scale is None and n_present >= _SHORT_SCALE_MIN_N and bucket[valid].max() <= 5:
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

    # From (group, bucket) rows to one row per group.
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
        # Squared weights per category, for the linearised variance (segments.WEIGHT_COLUMNS).
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


def _plain(value):
    """Show SQL decimals as plain floats in messages."""
    from decimal import Decimal

    return float(value) if isinstance(value, Decimal) else value
