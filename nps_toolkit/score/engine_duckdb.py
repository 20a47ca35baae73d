"""Counts inside DuckDB: Parquet/CSV files, globs, directories, relations, SQL.

One aggregate query per call groups by the keys (and period) and the score
*bucket* (see :mod:`nps_toolkit.score.engine_results`), with the validation
tallies in the same pass; files are scanned by DuckDB and never loaded into
pandas. Offending values in Parquet files are located by file and row.
"""

from __future__ import annotations

from pathlib import Path

from nps_toolkit._validation import require_columns
from nps_toolkit.score.engine_results import EXAMPLES, FRACTION, OUTSIDE, TEXT, describe_examples

__all__ = ["duckdb_counts", "duckdb_file_counts", "file_format"]

_PARQUET_EXT = (".parquet", ".pq", ".parq")
_CSV_EXT = (".csv", ".tsv", ".txt")
_COMPRESSION_EXT = (".gz", ".zst", ".gzip")


def file_format(path: str) -> str | None:
    """``"parquet"`` or ``"csv"`` from a file name or glob (compression suffix ignored), else None."""
    name = path.lower()
    for ext in _COMPRESSION_EXT:
        if name.endswith(ext):
            name = name[: -len(ext)]
    if name.endswith(_PARQUET_EXT):
        return "parquet"
    if name.endswith(_CSV_EXT):
        return "csv"
    return None


def _q(name: str) -> str:
    """Quote a SQL identifier."""
    return '"' + str(name).replace('"', '""') + '"'


def _lit(text: str) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def duckdb_file_counts(path, **kwargs) -> dict:
    """:func:`duckdb_counts` of a file, glob or directory of Parquet files, on its own connection."""
    import duckdb

    fmt = file_format(path)
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
    raw = duckdb_counts(rel, locate, run=con.sql, table=table, **kwargs)
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


def duckdb_counts(
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
    bucket = "CASE " + (f"WHEN __text_bad THEN {TEXT} " if text_bad != "FALSE" else "")
    bucket += "WHEN __s IS NULL THEN NULL "
    bucket += "" if is_int else f"WHEN {conditions['frac']} THEN {FRACTION} "
    bucket += f"WHEN {conditions['out']} THEN {OUTSIDE} ELSE CAST(__s AS BIGINT) END"
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
        query = f"SELECT {picked} FROM ({sub}) WHERE {conditions[kind]} LIMIT {EXAMPLES + 1}"
        return describe_examples(run(query).fetchall(), located=locate is not None)

    return {"frame": frame, "examples": examples}
