"""Counts where the data lives: DuckDB (files, SQL, relations) and PySpark.

Modules: this one (sources, :func:`grouped_counts`),
:mod:`~nps_toolkit.score.engine_duckdb` (the SQL),
:mod:`~nps_toolkit.score.engine_spark` (the Spark plan) and
:mod:`~nps_toolkit.score.engine_results` (validation and the counts frame).

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

from pathlib import Path

import pandas as pd

from nps_toolkit._docstrings import share_docs
from nps_toolkit._validation import as_list
from nps_toolkit.score.engine_duckdb import duckdb_counts, duckdb_file_counts, file_format
from nps_toolkit.score.engine_results import finish_counts
from nps_toolkit.score.scales import resolve_thresholds

__all__ = ["DuckDBQuery", "duckdb_sql", "grouped_counts", "is_backend_source"]

# nps_trend frequencies -> SQL date_trunc part (period start, weeks from Monday),
# the same periods as trend.FREQS gives through pandas.
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
        return file_format(text) is not None or Path(text).is_dir()
    return False


def _check_freq(freq) -> str:
    if freq not in _TRUNC:
        raise ValueError(f"freq must be one of {sorted(_TRUNC)}; got {freq!r}.")
    return _TRUNC[freq]


@share_docs
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
    {params.score}
    by : str or list of str
        Group columns (none gives one row).
    weights : str, optional
        Weight column: category columns then hold weighted sums and ``sum_w``,
        ``sum_w2`` (over respondents with a valid score) and the per-category
        sums of squared weights ``w2_detractors``, ``w2_passives``,
        ``w2_promoters`` are added.
    {params.scale}
    {params.thresholds}
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
        weighted), the same columns as :func:`nps_toolkit.score.counts.counts_frame`.
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
    keys = as_list(by)
    limits = resolve_thresholds(scale, thresholds)
    if (date is None) != (freq is None):
        raise ValueError("Pass both date='<column>' and freq=... to count by period, or neither.")
    part = _check_freq(freq) if date is not None else None
    if _is_spark(source):
        from nps_toolkit.score.engine_spark import spark_counts

        raw = spark_counts(source, score=score, keys=keys, weights=weights, date=date, part=part,
                            limits=limits)  # fmt: skip
    elif isinstance(source, DuckDBQuery) or _is_duckdb_relation(source):
        rel = source.relation() if isinstance(source, DuckDBQuery) else source
        raw = duckdb_counts(rel, None, score=score, keys=keys, weights=weights, date=date,
                             part=part, limits=limits)  # fmt: skip
    elif isinstance(source, str | Path):
        raw = duckdb_file_counts(str(source), score=score, keys=keys, weights=weights, date=date,
                                  part=part, limits=limits)  # fmt: skip
    else:
        raise ValueError(
            f"Cannot count NPS from a {type(source).__name__}: pass a pandas DataFrame, a "
            "Parquet/CSV path or glob, a DuckDB relation, duckdb_sql('SELECT ...') or a "
            "PySpark DataFrame."
        )
    try:
        return finish_counts(raw, score=score, keys=keys, weights=weights, date=date, scale=scale,
                       limits=limits)  # fmt: skip
    finally:
        if "close" in raw:
            raw["close"]()
