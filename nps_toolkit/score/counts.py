"""Counts of detractors, passives and promoters per group: the *counts frame*.

Every estimate and test starts from a counts frame (group keys, ``n``,
``detractors``, ``passives``, ``promoters`` and, when weighted, ``sum_w``,
``sum_w2`` and the squared weights per category ``w2_*``). The pandas path
codes each key (:mod:`nps_toolkit.score.keys`) and the scores, combines them
into one group id and counts with ``numpy.bincount`` block by block (no Python
loop per group, no copy of the frame); files, DuckDB relations and Spark
DataFrames are counted where they live by :mod:`nps_toolkit.score.engines`.

Groups are the key combinations present in the data (``dropna=False``: a
missing key is a group of its own). A group whose scores are all missing stays
in the result with ``n = 0``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from nps_toolkit._docstrings import share_docs
from nps_toolkit._validation import as_list, require_columns, rows_text
from nps_toolkit.score.keys import is_arrow_string, key_codes
from nps_toolkit.score.scales import category_codes
from nps_toolkit.score.stats import nps_from_counts

__all__ = [
    "COUNT_COLUMNS",
    "W2_COLUMNS",
    "WEIGHT_COLUMNS",
    "counts_frame",
    "encode",
    "estimates_from_counts",
    "is_backend",
    "source_counts",
    "tabulate",
    "use_threads",
]

COUNT_COLUMNS = ["n", "detractors", "passives", "promoters"]
WEIGHT_COLUMNS = ["sum_w", "sum_w2", "w2_detractors", "w2_passives", "w2_promoters"]
W2_COLUMNS = ["w2_detractors", "w2_passives", "w2_promoters"]


def is_backend(data) -> bool:
    """Whether ``data`` is counted by an engine (file path, DuckDB, Spark), not by pandas."""
    if isinstance(data, pd.DataFrame | pd.Series | np.ndarray | list | tuple):
        return False
    from nps_toolkit.score.engines import is_backend_source

    return is_backend_source(data)


def _weights(data: pd.DataFrame, weights: str) -> np.ndarray:
    require_columns(data, [weights], skip_none=False)
    w = pd.to_numeric(data[weights], errors="coerce").to_numpy(dtype="float64")
    bad = ~np.isfinite(w) | (w < 0)
    if bad.any():
        raise ValueError(
            f"Weight column {weights!r} has {int(bad.sum())} missing, negative or non-numeric "
            f"value(s) ({rows_text(data.index[bad], data)}). Fix: give every respondent a "
            "weight >= 0, or drop those rows."
        )
    return w


@share_docs
def counts_frame(
    data: pd.DataFrame,
    *,
    score: str,
    by=None,
    weights: str | None = None,
    scale=None,
    thresholds=None,
) -> pd.DataFrame:
    """Counts of detractors, passives and promoters per group (pandas path).

    Parameters
    ----------
    data : DataFrame
    {params.score}
    by : str or list of str, optional
        Group columns; none gives a single row.
    weights : str, optional
        Column of survey weights; category columns then hold weighted sums and
        ``sum_w``, ``sum_w2`` (over respondents with a valid score) and the
        per-category sums of squared weights ``w2_detractors``, ``w2_passives``,
        ``w2_promoters`` (for the linearised variance) are added.
    {params.scale}
    {params.thresholds}

    Returns
    -------
    pandas.DataFrame
        The ``by`` columns, then ``n`` (respondents with a valid score),
        ``detractors``, ``passives``, ``promoters`` (and, weighted, ``sum_w``,
        ``sum_w2``, ``w2_detractors``, ``w2_passives``, ``w2_promoters``).

    Examples
    --------
    >>> df = pd.DataFrame({"s": [0, 7, 9, 10, None], "g": ["a", "a", "b", "b", "b"]})
    >>> counts_frame(df, score="s", by="g")
       g  n  detractors  passives  promoters
    0  a  2           1         1          0
    1  b  2           0         0          2
    """
    keys = as_list(by)
    require_columns(data, [score, *keys], skip_none=False)
    cat, encoded = encode(data, score, keys, scale=scale, thresholds=thresholds)
    return tabulate(data, cat, encoded, weights=weights)


# Rows per block when group ids are built and counted (temporaries stay in cache).
_BLOCK = 1 << 16

# Frames at least this long have their string keys hashed in parallel threads.
_PARALLEL_MIN_ROWS = 1_000_000


def use_threads(n_rows: int) -> bool:
    """Whether a frame of ``n_rows`` rows is coded in threads (long enough, and threads allowed)."""
    return n_rows >= _PARALLEL_MIN_ROWS and threads() >= 2


def encode(data: pd.DataFrame, score: str, keys: list, *, scale, thresholds):
    """Category codes of the scores and ``(name, codes, uniques, rank)`` for each key.

    Coding a pyarrow-backed string column is the costliest step of the counts
    path (~0.1 s per 10M rows) and Arrow's kernels release the GIL, so on
    frames of ``_PARALLEL_MIN_ROWS`` rows or more the string keys (and the score
    classification) run in up to ``pyarrow.cpu_count()`` threads (set it with
    ``pyarrow.set_cpu_count`` or ``OMP_NUM_THREADS``; 1 runs everything in turn).
    """
    columns = [data[key] for key in keys]
    scores = data[score]
    n_strings = sum(is_arrow_string(c) for c in columns)
    workers = 1
    if n_strings and len(data) >= _PARALLEL_MIN_ROWS:
        workers = min(threads(), n_strings + 1)
    if workers <= 1:
        cat = _score_categories(scores, scale=scale, thresholds=thresholds)
        return cat, [(key, *key_codes(c)) for key, c in zip(keys, columns, strict=True)]
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(workers) as pool:
        cat = pool.submit(_score_categories, scores, scale=scale, thresholds=thresholds)
        jobs = [pool.submit(key_codes, c) if is_arrow_string(c) else None for c in columns]
        others = [None if job else key_codes(c) for job, c in zip(jobs, columns, strict=True)]
        encoded = [
            (key, *(job.result() if job else other))
            for key, job, other in zip(keys, jobs, others, strict=True)
        ]
        return cat.result(), encoded


def threads() -> int:
    """Threads the counts path may use: ``pyarrow.cpu_count()``."""
    import pyarrow as pa

    return pa.cpu_count()


def _score_categories(scores: pd.Series, *, scale, thresholds) -> np.ndarray:
    """Category codes 0-2 (detractor, passive, promoter), 3 where there is no valid score."""
    return category_codes(scores, scale=scale, thresholds=thresholds, missing=3)


def tabulate(
    data: pd.DataFrame,
    cat: np.ndarray,
    encoded: list,
    *,
    weights=None,
    overwrite: bool = False,
    dense_last: bool = False,
) -> pd.DataFrame:
    """The counts frame from category codes and encoded keys, with one ``numpy.bincount``.

    ``encoded`` holds ``(name, codes, uniques, rank)`` per key (see :func:`~nps_toolkit.score.keys.key_codes`);
    ``overwrite=True`` lets the first key's codes (freshly made by the caller)
    become the group ids in place. Groups come out sorted by key. With
    ``dense_last=True`` each combination of the other keys present in the data
    gets a row for every value of the last key (zero counts where it has no
    rows), unless the key space is sparse (then only the observed ones).
    """
    keys = [e[0] for e in encoded]
    codes = [e[1] for e in encoded]
    uniques = [e[2] for e in encoded]
    ranks = [e[3] for e in encoded]
    sizes = [len(u) for u in uniques]
    w = None if weights is None else _weights(data, weights)
    space = int(np.prod(sizes)) if sizes else 1
    if space <= 20_000_000:
        observed_ids = None
        table, wsum, w2sum = _bincount_blocks(codes, sizes, cat, len(data), w)
    else:
        # Sparse combinations: compress to the observed ones first (hash-based, no sort).
        group = codes[0].astype("int64", copy=not overwrite)
        for more, size in zip(codes[1:], sizes[1:], strict=True):
            group *= size
            group += more
        group, observed_ids = pd.factorize(group, sort=True)
        observed_ids = np.asarray(observed_ids)
        table, wsum, w2sum = _bincount_blocks([group], [len(observed_ids)], cat, len(data), w)
        space = len(observed_ids)
    present, group_codes = _groups(table, sizes, ranks, observed_ids, dense_last=dense_last)
    out = pd.DataFrame(index=pd.RangeIndex(len(present)))
    for key, c, key_uniques in zip(keys, group_codes, uniques, strict=True):
        out[key] = key_uniques.take(c)
    counts = table[present]
    out["n"] = counts[:, :3].sum(axis=1)
    if weights is None:
        out["detractors"], out["passives"], out["promoters"] = (
            counts[:, 0],
            counts[:, 1],
            counts[:, 2],
        )
        return out
    wsum, w2sum = wsum[present], w2sum[present]
    out["detractors"], out["passives"], out["promoters"] = wsum[:, 0], wsum[:, 1], wsum[:, 2]
    out["sum_w"] = wsum[:, :3].sum(axis=1)
    out["sum_w2"] = w2sum[:, :3].sum(axis=1)
    # Per-category squared weights: what the linearised (Taylor) variance needs.
    out["w2_detractors"], out["w2_passives"], out["w2_promoters"] = (
        w2sum[:, 0],
        w2sum[:, 1],
        w2sum[:, 2],
    )
    return out


def _groups(table, sizes, ranks, observed_ids, *, dense_last):
    """Rows of ``table`` to report, in key order, and each one's code per key."""
    if observed_ids is None and dense_last and sizes:
        # Every code of the last key (the periods) for each combination of the others seen.
        inner = sizes[-1]
        seen = np.flatnonzero(table.reshape(-1, inner * 4).sum(axis=1) > 0)
        present = (seen[:, None] * inner + np.arange(inner)).ravel()
        ids = present
    elif observed_ids is None:
        present = np.flatnonzero(table.sum(axis=1) > 0)
        ids = present
    else:
        present = np.arange(len(observed_ids))
        ids = observed_ids
    # Each group's code per key, from its mixed-radix id.
    codes, remainder = [], ids.copy()
    for size in reversed(sizes):
        codes.append(remainder % size)
        remainder = remainder // size
    codes.reverse()
    if any(rank is not None for rank in ranks):
        # Keys coded in first-seen order: sort the groups (not the rows) by value.
        sort_by = [c if r is None else r[c] for c, r in zip(codes, ranks, strict=True)]
        order = np.lexsort(sort_by[::-1])
        present = present[order]
        codes = [c[order] for c in codes]
    return present, codes


def _bincount_blocks(codes: list, sizes: list, cat: np.ndarray, n: int, w=None):
    """Counts per (group id x 4 + category), with weighted sums when ``w`` is given.

    The mixed-radix group id ``((c0 * s1 + c1) * s2 + c2) * 4 + cat`` is built
    and counted block by block, so its temporaries stay in cache and no
    row-length array is made (weighted: one block); ``int32`` ids while the id
    space fits. Returns
    ``(table, wsum, w2sum)``, each ``(groups, 4)`` (``None`` unweighted).
    """
    space = int(np.prod(sizes)) if sizes else 1
    bins = 4 * space
    id_dtype = "int32" if bins < 2**31 else "int64"
    table = np.zeros(bins, dtype="intp")
    wsum = w2sum = None
    if w is not None:
        wsum, w2sum = np.zeros(bins), np.zeros(bins)
    # Weighted sums in one block: the same summation order (and bits) as a single bincount.
    step = _BLOCK if w is None else max(n, 1)
    block = np.empty(min(n, step), dtype=id_dtype)
    for start in range(0, n, step):
        stop = min(n, start + step)
        ids = block[: stop - start]
        if codes:
            ids[...] = codes[0][start:stop]
        else:
            ids[...] = 0
        for more, size in zip(codes[1:], sizes[1:], strict=True):
            ids *= size
            ids += more[start:stop]
        ids *= 4
        ids += cat[start:stop]
        table += np.bincount(ids, minlength=bins)
        if w is not None:
            wb = w[start:stop]
            wsum += np.bincount(ids, weights=wb, minlength=bins)
            w2sum += np.bincount(ids, weights=wb * wb, minlength=bins)
    shape = (space, 4)
    if w is None:
        return table.reshape(shape), None, None
    return table.reshape(shape), wsum.reshape(shape), w2sum.reshape(shape)


def estimates_from_counts(
    counts: pd.DataFrame, *, confidence: float = 0.95, method: str = "adjusted_wald", seed: int = 0
) -> pd.DataFrame:
    """Turn a counts frame into the tidy NPS table (keys kept, estimates appended).

    Weighted counts frames (``sum_w`` present) are estimated with the
    Taylor-linearised variance from their ``w2_*`` columns; a frame without
    them falls back to Kish's effective n. ``n_eff`` (Kish's) is reported.
    """
    weighted = "sum_w" in counts.columns
    extra = {}
    if weighted:
        with np.errstate(invalid="ignore", divide="ignore"):
            extra["n_eff"] = np.where(
                counts["sum_w2"] > 0, counts["sum_w"] ** 2 / counts["sum_w2"], 0.0
            )
        if all(c in counts.columns for c in W2_COLUMNS):
            extra |= {c: counts[c].to_numpy(dtype="float64") for c in W2_COLUMNS}
    est = nps_from_counts(
        counts["detractors"].to_numpy(),
        counts["passives"].to_numpy(),
        counts["promoters"].to_numpy(),
        n=counts["n"].to_numpy(),
        confidence=confidence,
        method=method,
        seed=seed,
        **extra,
    )
    keys = [c for c in counts.columns if c not in (*COUNT_COLUMNS, *WEIGHT_COLUMNS)]
    return pd.concat([counts[keys].reset_index(drop=True), est], axis=1)


def source_counts(
    source, *, score, by=None, weights=None, scale=None, thresholds=None, date=None, freq=None
):
    """The counts frame of any source: a pandas frame here, others by their engine.

    With ``date=`` the counts are per (group and) period of ``freq`` (see
    :func:`nps_toolkit.score.trend.dated_counts`); engines then count per
    ``freq`` where the data live.
    """
    if is_backend(source):
        from nps_toolkit.score.engines import grouped_counts

        return grouped_counts(
            source, score=score, by=as_list(by), weights=weights, scale=scale,
            thresholds=thresholds, date=date, freq=freq,
        )  # fmt: skip
    if date is None:
        return counts_frame(
            source, score=score, by=by, weights=weights, scale=scale, thresholds=thresholds
        )
    from nps_toolkit.score.trend import dated_counts

    counts, _, _ = dated_counts(
        source, score=score, by=by, weights=weights, scale=scale, thresholds=thresholds,
        date=date, freq=freq,
    )  # fmt: skip
    return counts
