"""NPS overall, by segment and over time: counts first, then :mod:`nps_toolkit.score.stats`.

Each function turns its input into a *counts frame* (group keys, ``n``,
``detractors``, ``passives``, ``promoters`` and, when weighted, ``sum_w``,
``sum_w2`` and the squared weights per category ``w2_*``) and hands it to
:func:`~nps_toolkit.score.stats.nps_from_counts`. The pandas path builds the counts
with one ``numpy.bincount`` over combined group codes (no Python loop per
group); files, DuckDB relations and Spark DataFrames are counted where they live
by :mod:`nps_toolkit.score.engines`.

Group codes: categorical keys use their codes; pyarrow-backed string keys are
hashed by Arrow (in parallel threads on large frames, see :func:`_encode`) and
only their distinct values are sorted; other keys go through
``pd.factorize(sort=True)``. Periods (``nps_trend``) are computed from the
dates' integer values (days since 1970, then a per-day lookup table), without
copying the frame.

Groups are the key combinations present in the data (``dropna=False``: a
missing key is a group of its own). A group whose scores are all missing stays
in the result with ``n = 0`` and ``NaN`` estimates rather than vanishing.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd

from nps_toolkit._validation import parse_dates, require_columns
from nps_toolkit.score.scales import category_codes
from nps_toolkit.score.stats import linearized_effective_n, nps_from_counts, nps_variance, z_value

COUNT_COLUMNS = ["n", "detractors", "passives", "promoters"]
WEIGHT_COLUMNS = ["sum_w", "sum_w2", "w2_detractors", "w2_passives", "w2_promoters"]
W2_COLUMNS = ["w2_detractors", "w2_passives", "w2_promoters"]

# Period aliases accepted by nps_trend, mapped to pandas Period frequencies
# whose start_time is the period start ("MS" = month start, "W" = weeks from Monday).
FREQS = {"D": "D", "W": "W-SUN", "W-MON": "W-SUN", "MS": "M", "M": "M", "QS": "Q", "Q": "Q"}
FREQS |= {"YS": "Y", "Y": "Y", "AS": "Y", "A": "Y"}


def _is_backend(data) -> bool:
    if isinstance(data, pd.DataFrame | pd.Series | np.ndarray | list | tuple):
        return False
    from nps_toolkit.score.engines import is_backend_source

    return is_backend_source(data)


def _as_list(by) -> list:
    if by is None:
        return []
    if isinstance(by, str) or not isinstance(by, Sequence):
        return [by]
    return list(by)


def _is_arrow_string(column: pd.Series) -> bool:
    return isinstance(column.dtype, pd.StringDtype) and column.dtype.storage == "pyarrow"


def _key_codes(column: pd.Series) -> tuple[np.ndarray, pd.Index, np.ndarray | None]:
    """Integer codes for a key column, its values in code order, and their sort ranks.

    A missing key gets the last code. ``rank`` is ``None`` when the codes already
    follow the sorted order of the values; otherwise ``rank[code]`` is the
    value's position in sorted order (missing last), applied to the few groups
    after counting rather than to every row.
    """
    if isinstance(column.dtype, pd.CategoricalDtype):
        codes = column.cat.codes.to_numpy()
        uniques = pd.Index(column.cat.categories)
        rank = None
        missing = len(codes) and codes.min() < 0
    elif _is_arrow_string(column):
        codes, uniques, rank = _arrow_string_codes(column)
        missing = column.array.__arrow_array__().null_count > 0  # exactly the -1 codes
    else:
        codes, uniques = pd.factorize(column, sort=True, use_na_sentinel=True)
        uniques = pd.Index(uniques)
        rank = None
        missing = len(codes) and codes.min() < 0
    if missing:
        codes = np.where(codes < 0, len(uniques), codes)
        uniques = uniques.append(pd.Index([np.nan], dtype=uniques.dtype))
        if rank is not None:
            rank = np.append(rank, len(rank))
    return codes, uniques, rank


# String keys of at least this many rows are coded by lookup in the values of a sample.
_LOOKUP_MIN_ROWS = 100_000
_SAMPLE_ROWS = 16_384


def _arrow_string_codes(column: pd.Series) -> tuple[np.ndarray, pd.Index, np.ndarray]:
    """Codes of a pyarrow-backed string column, its values in code order, their sort ranks.

    ``pd.factorize(sort=True)`` sorts per row; here only the distinct values are
    sorted, into ranks that order the counted groups. Missing values get the
    code -1, as from ``pd.factorize``. A long column with few distinct values
    is coded by Arrow's ``index_in`` against the distinct values of an evenly
    spaced sample (about half the cost of ``dictionary_encode``, which builds
    its hash table row by row); values the sample missed are found exactly
    (``index_in`` gives them no code) and coded in a second, small pass.
    Other columns go through Arrow's ``dictionary_encode``.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    values = column.array.__arrow_array__()
    found = _lookup_codes(values) if len(values) >= _LOOKUP_MIN_ROWS else None
    if found is not None:
        codes, dictionary = found
    else:
        encoded = pc.dictionary_encode(values, null_encoding="mask")
        chunks = encoded.chunks if isinstance(encoded, pa.ChunkedArray) else [encoded]
        if any(not c.dictionary.equals(chunks[0].dictionary) for c in chunks[1:]):
            chunks = pa.chunked_array(chunks).unify_dictionaries().chunks
        dictionary = chunks[0].dictionary if chunks else pa.array([], type=values.type)
        codes = _int_codes([c.indices for c in chunks])
    uniques = pd.Index(pd.array(dictionary, dtype=column.dtype))
    rank = np.empty(len(uniques), dtype="intp")
    rank[uniques.argsort()] = np.arange(len(uniques))
    return codes, uniques, rank


def _int_codes(array) -> np.ndarray:
    """An Arrow integer array (chunked or not, or a list of chunks) as numpy, nulls as -1."""
    import pyarrow as pa
    import pyarrow.compute as pc

    chunks = array.chunks if isinstance(array, pa.ChunkedArray) else array
    chunks = chunks if isinstance(chunks, list) else [chunks]
    parts = [pc.fill_null(c, -1).to_numpy() if c.null_count else c.to_numpy() for c in chunks]
    if not parts:
        return np.zeros(0, dtype="int32")
    return parts[0] if len(parts) == 1 else np.concatenate(parts)


def _lookup_codes(values) -> tuple[np.ndarray, object] | None:
    """Codes of a string column by lookup in its sample's distinct values, or None.

    None when the sample suggests many distinct values, or when the sample
    missed values on more than 1/64 of the rows (``dictionary_encode`` is then
    cheaper than a second pass).
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    n = len(values)
    sample = values.take(np.arange(0, n, max(1, n // _SAMPLE_ROWS)))
    known = pc.unique(pc.drop_null(sample))
    if isinstance(known, pa.ChunkedArray):
        known = known.combine_chunks()
    if len(known) > _SAMPLE_ROWS // 16:
        return None
    looked_up = pc.index_in(values, value_set=known, skip_nulls=True)
    missed = looked_up.null_count - values.null_count
    if missed > n // 64:
        return None
    codes = _int_codes(looked_up)
    if missed:
        # Rows with a value the sample did not see: code them against those values.
        codes = codes.copy()  # arrow-backed arrays are read-only
        rows = np.flatnonzero(codes < 0)
        rest = values.take(rows)
        rows = rows[pc.is_valid(rest).to_numpy(zero_copy_only=False)]
        rest = pc.drop_null(rest)
        extra = pc.unique(rest)
        if isinstance(extra, pa.ChunkedArray):
            extra = extra.combine_chunks()
        codes[rows] = len(known) + _int_codes(pc.index_in(rest, value_set=extra))
        known = pa.concat_arrays([known, extra])
    return codes, known


def _weights(data: pd.DataFrame, weights: str) -> np.ndarray:
    require_columns(data, [weights], skip_none=False)
    w = pd.to_numeric(data[weights], errors="coerce").to_numpy(dtype="float64")
    bad = ~np.isfinite(w) | (w < 0)
    if bad.any():
        rows = data.index[bad][:5].tolist()
        raise ValueError(
            f"Weight column {weights!r} has {int(bad.sum())} missing, negative or non-numeric "
            f"value(s) (rows {rows}). Fix: give every respondent a weight >= 0, or drop those rows."
        )
    return w


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
    score : str
        Score column.
    by : str or list of str, optional
        Group columns; none gives a single row.
    weights : str, optional
        Column of survey weights; category columns then hold weighted sums and
        ``sum_w``, ``sum_w2`` (over respondents with a valid score) and the
        per-category sums of squared weights ``w2_detractors``, ``w2_passives``,
        ``w2_promoters`` (for the linearised variance) are added.
    scale, thresholds
        Declared scale, see :func:`nps_toolkit.score.scales.classify`.

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
    keys = _as_list(by)
    require_columns(data, [score, *keys], skip_none=False)
    cat, encoded = _encode(data, score, keys, scale=scale, thresholds=thresholds)
    return _tabulate(data, cat, encoded, weights=weights)


# Rows per block when group ids are built and counted (temporaries stay in cache).
_BLOCK = 1 << 16

# Frames at least this long have their string keys hashed in parallel threads.
_PARALLEL_MIN_ROWS = 1_000_000


def _encode(data: pd.DataFrame, score: str, keys: list, *, scale, thresholds):
    """Category codes of the scores and ``(name, codes, uniques, rank)`` for each key.

    Coding a pyarrow-backed string column is the costliest step of the counts
    path (~0.1 s per 10M rows) and Arrow's kernels release the GIL, so on
    frames of ``_PARALLEL_MIN_ROWS`` rows or more the string keys (and the score
    classification) run in up to ``pyarrow.cpu_count()`` threads (set it with
    ``pyarrow.set_cpu_count`` or ``OMP_NUM_THREADS``; 1 runs everything in turn).
    """
    columns = [data[key] for key in keys]
    scores = data[score]
    n_strings = sum(_is_arrow_string(c) for c in columns)
    workers = 1
    if n_strings and len(data) >= _PARALLEL_MIN_ROWS:
        workers = min(_threads(), n_strings + 1)
    if workers <= 1:
        cat = _score_categories(scores, scale=scale, thresholds=thresholds)
        return cat, [(key, *_key_codes(c)) for key, c in zip(keys, columns, strict=True)]
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(workers) as pool:
        cat = pool.submit(_score_categories, scores, scale=scale, thresholds=thresholds)
        jobs = [pool.submit(_key_codes, c) if _is_arrow_string(c) else None for c in columns]
        others = [None if job else _key_codes(c) for job, c in zip(jobs, columns, strict=True)]
        encoded = [
            (key, *(job.result() if job else other))
            for key, job, other in zip(keys, jobs, others, strict=True)
        ]
        return cat.result(), encoded


def _threads() -> int:
    """Threads the counts path may use: ``pyarrow.cpu_count()``."""
    import pyarrow as pa

    return pa.cpu_count()


def _score_categories(scores: pd.Series, *, scale, thresholds) -> np.ndarray:
    """Category codes 0-2 (detractor, passive, promoter), 3 where there is no valid score."""
    return category_codes(scores, scale=scale, thresholds=thresholds, missing=3)


def _tabulate(
    data: pd.DataFrame,
    cat: np.ndarray,
    encoded: list,
    *,
    weights=None,
    overwrite: bool = False,
    dense_last: bool = False,
) -> pd.DataFrame:
    """The counts frame from category codes and encoded keys, with one ``numpy.bincount``.

    ``encoded`` holds ``(name, codes, uniques, rank)`` per key (see :func:`_key_codes`);
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
        for key_codes, size in zip(codes[1:], sizes[1:], strict=True):
            group *= size
            group += key_codes
        group, observed_ids = pd.factorize(group, sort=True)
        observed_ids = np.asarray(observed_ids)
        table, wsum, w2sum = _bincount_blocks([group], [len(observed_ids)], cat, len(data), w)
        space = len(observed_ids)
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
        present = np.arange(space)
        ids = observed_ids
    # Each group's code per key, from its mixed-radix id.
    key_codes, remainder = [], ids.copy()
    for size in reversed(sizes):
        key_codes.append(remainder % size)
        remainder = remainder // size
    key_codes.reverse()
    if any(rank is not None for rank in ranks):
        # Keys coded in first-seen order: sort the groups (not the rows) by value.
        sort_by = [c if r is None else r[c] for c, r in zip(key_codes, ranks, strict=True)]
        order = np.lexsort(sort_by[::-1])
        present = present[order]
        key_codes = [c[order] for c in key_codes]
    out = pd.DataFrame(index=pd.RangeIndex(len(present)))
    for key, c, key_uniques in zip(keys, key_codes, uniques, strict=True):
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
        for key_codes, size in zip(codes[1:], sizes[1:], strict=True):
            ids *= size
            ids += key_codes[start:stop]
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


def _counts(
    source, *, score, by=None, weights=None, scale=None, thresholds=None, date=None, freq=None
):
    if _is_backend(source):
        from nps_toolkit.score.engines import grouped_counts

        return grouped_counts(
            source, score=score, by=_as_list(by), weights=weights, scale=scale,
            thresholds=thresholds, date=date, freq=freq,
        )  # fmt: skip
    if date is None:
        return counts_frame(
            source, score=score, by=by, weights=weights, scale=scale, thresholds=thresholds
        )
    counts, _, _ = _dated_counts(
        source, score=score, by=by, weights=weights, scale=scale, thresholds=thresholds,
        date=date, freq=freq,
    )  # fmt: skip
    return counts


def nps(
    scores,
    *,
    score: str | None = None,
    weights=None,
    scale=None,
    thresholds=None,
    confidence: float = 0.95,
    method: str = "adjusted_wald",
    seed: int = 0,
) -> pd.DataFrame:
    """Net Promoter Score with its standard error and interval.

    Parameters
    ----------
    scores : array-like, Series, DataFrame or backend source
        The scores; or a DataFrame / Parquet or CSV path / DuckDB relation /
        Spark DataFrame together with ``score=``.
    score : str, optional
        Score column when ``scores`` is a table.
    weights : array-like or str, optional
        Survey weights (a column name when ``scores`` is a table). The SE and
        interval then use the Taylor-linearised variance of the weighted NPS
        (see :mod:`nps_toolkit.score.stats`); Kish's effective sample size
        ``n_eff = (sum w)**2 / sum w**2`` is reported as information.
    scale, thresholds
        Declared scale, see :func:`nps_toolkit.score.scales.classify`.
    confidence : float
        Interval level.
    method : {"adjusted_wald", "wald", "bootstrap", "bayes"}
        See :mod:`nps_toolkit.score.stats`.
    seed : int
        Seed for bootstrap / Bayesian draws.

    Returns
    -------
    pandas.DataFrame
        One row with ``n, detractors, passives, promoters, pct_detractors,
        pct_passives, pct_promoters, nps, se, ci_low, ci_high`` (plus ``n_eff``
        when weighted). Rows with a missing score are not counted.

    Examples
    --------
    >>> r = nps([0, 7, 7, 9, 9, 9])
    >>> round(float(r["nps"].iloc[0]), 2)
    33.33
    >>> nps([0, 7, 7, 9, 9, 9], method="wald")[["n", "nps", "se"]].round(2)
       n    nps     se
    0  6  33.33  30.43
    """
    if isinstance(scores, pd.DataFrame) or _is_backend(scores):
        if score is None:
            raise ValueError("Pass score='<column>' to say which column holds the scores.")
        table, col = scores, score
        wcol = weights
    else:
        values = scores if isinstance(scores, pd.Series) else pd.Series(list(scores))
        col = values.name if values.name is not None else "score"
        table = pd.DataFrame({col: values.to_numpy()}, index=values.index)
        wcol = None
        if weights is not None:
            wcol = "__weight__"
            table[wcol] = np.asarray(weights, dtype="float64")
    counts = _counts(table, score=col, weights=wcol, scale=scale, thresholds=thresholds)
    return estimates_from_counts(counts, confidence=confidence, method=method, seed=seed)


def nps_by(
    data,
    *,
    score: str,
    by,
    weights: str | None = None,
    scale=None,
    thresholds=None,
    confidence: float = 0.95,
    method: str = "adjusted_wald",
    min_n: int = 30,
    shrink: bool = False,
    seed: int = 0,
) -> pd.DataFrame:
    """NPS per segment, with intervals and a small-sample flag.

    Parameters
    ----------
    data : DataFrame, or a Parquet/CSV path or glob, DuckDB relation, Spark DataFrame
        Respondent-level data; non-pandas sources are counted where they live.
    score : str
        Score column.
    by : str or list of str
        Segment column(s).
    weights : str, optional
        Weight column (Taylor-linearised variance for the intervals, Kish's
        ``n_eff`` reported; see :func:`nps`).
    scale, thresholds
        Declared scale, see :func:`nps_toolkit.score.scales.classify`.
    confidence : float
        Interval level.
    method : {"adjusted_wald", "wald", "bootstrap", "bayes"}
        Interval method.
    min_n : int
        Groups with fewer valid scores are flagged ``low_n``.
    shrink : bool
        Add ``nps_shrunk``, ``shrink_weight``, ``shrunk_ci_low`` and
        ``shrunk_ci_high``: pooled-variance empirical Bayes (Morris 1983,
        *Parametric empirical Bayes inference*, JASA 78:47-55) of each group's
        NPS toward the mean of all groups. Each group's sampling variance is
        ``V_g = s2 / n_g``, ``s2`` the pooled within-group per-respondent
        variance (not the group's own, which is 0 for an all-promoter group);
        the between-group variance ``tau2`` is the method-of-moments (one-way
        ANOVA) estimate ``(MSB - s2) / n0``, floored at 0. With ``k`` groups,
        ``B_g = (k - 3) / (k - 1) * V_g / (V_g + tau2)``, the shrunk NPS is
        ``mu + (1 - B_g) (nps_g - mu)`` (``mu`` the precision-weighted mean,
        ``shrink_weight = 1 - B_g``), and its interval is the posterior normal
        interval with Morris' variance ``V_g (1 - B_g) + B_g**2 Var(mu) +
        2 / (k - 3) B_g**2 (nps_g - mu)**2``, whose last two terms account for
        estimating ``mu`` and ``tau2``. Small, noisy groups move most. The
        intervals cover the groups' true NPS about 95% of the time *on average
        over the groups* (not for each group). Weighted data use the
        linearised effective n for ``n_g``. With fewer than 4 groups nothing is
        shrunk (``shrink_weight = 1``, the interval is Wald with the pooled
        variance); a group without respondents gets ``mu`` with the spread of
        a new group, ``tau2 + Var(mu)``. See ``docs/statistics.md``.
    seed : int
        Seed for bootstrap / Bayesian draws.

    Returns
    -------
    pandas.DataFrame
        One row per group: the ``by`` columns, ``n, detractors, passives,
        promoters, pct_detractors, pct_passives, pct_promoters, nps, se, ci_low,
        ci_high`` (``n_eff`` when weighted), ``low_n`` and, with ``shrink=True``,
        ``nps_shrunk`` (shrunk NPS), ``shrink_weight`` (weight of the group's own
        NPS, 0..1), ``shrunk_ci_low`` and ``shrunk_ci_high`` (interval of the
        shrunk NPS at ``confidence``). Groups with no valid score have n = 0.

    Notes
    -----
    On frames of a million rows or more, string segment columns are coded in
    up to ``pyarrow.cpu_count()`` threads (``pyarrow.set_cpu_count(1)`` or
    ``OMP_NUM_THREADS=1`` keeps it to one); the result does not depend on it.

    Examples
    --------
    >>> df = pd.DataFrame({"score": [10, 9, 3, 8, 10, 2], "channel": list("aabbbb")})
    >>> nps_by(df, score="score", by="channel", min_n=3)[["channel", "n", "nps", "low_n"]]
      channel  n    nps  low_n
    0       a  2  100.0   True
    1       b  4  -25.0  False

    Shrinkage pulls a small, extreme group toward the mean of all groups:

    >>> df = pd.DataFrame({"score": [10, 9, 7, 3, 10, 6, 8, 9, 0, 10] * 4 + [10, 10],
    ...                    "store": list("bcde") * 10 + ["a", "a"]})
    >>> cols = ["store", "n", "nps", "nps_shrunk", "shrink_weight", "shrunk_ci_low"]
    >>> nps_by(df, score="score", by="store", shrink=True)[cols].round(1)
      store   n    nps  nps_shrunk  shrink_weight  shrunk_ci_low
    0     a   2  100.0        61.9            0.5          -54.9
    1     b  10   20.0        21.9            0.5          -20.3
    2     c  10   20.0        21.9            0.5          -20.3
    3     d  10   20.0        21.9            0.5          -20.3
    4     e  10   20.0        21.9            0.5          -20.3
    """
    counts = _counts(data, score=score, by=by, weights=weights, scale=scale, thresholds=thresholds)
    out = estimates_from_counts(counts, confidence=confidence, method=method, seed=seed)
    out["low_n"] = out["n"] < min_n
    if shrink:
        for col, values in _shrink(counts, confidence=confidence).items():
            out[col] = values
    return out


def _shrink(counts: pd.DataFrame, *, confidence: float = 0.95) -> dict[str, np.ndarray]:
    """Pooled-variance empirical Bayes (Morris 1983) of group NPS; see :func:`nps_by`."""
    det, pas, pro = (
        counts[c].to_numpy(dtype="float64") for c in ("detractors", "passives", "promoters")
    )
    total = det + pas + pro
    if "sum_w" not in counts.columns:
        size = total
    elif all(c in counts.columns for c in W2_COLUMNS):
        w2 = (counts[c].to_numpy(dtype="float64") for c in W2_COLUMNS)
        size = linearized_effective_n(det, pas, pro, *w2, counts["n"].to_numpy(dtype="float64"))
    else:  # a counts frame without squared weights per category: Kish's n
        sum_w2 = counts["sum_w2"].to_numpy(dtype="float64")
        size = np.divide(total**2, sum_w2, out=np.zeros_like(total), where=sum_w2 > 0)
    ok = (total > 0) & (size > 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        y = np.where(ok, (pro - det) / total, np.nan)
        var = np.where(ok, nps_variance(pro / total, det / total), np.nan)
    k = int(ok.sum())
    z = z_value(confidence)
    m = size[ok]
    n_all = m.sum()
    mean_all = np.sum(m * y[ok]) / n_all if k else np.nan
    # Within-group (pooled) per-respondent variance: each group's sampling variance is
    # this over its n, not its own noisy variance (0 for an all-promoter group).
    if n_all - k >= 1:
        pooled = np.sum(m * var[ok]) / (n_all - k)
    else:  # one respondent a group: no within-group information, use the overall variance
        pooled = np.sum(m * (y[ok] - mean_all) ** 2) / max(n_all - 1, 1)
    v = np.where(ok, pooled / np.where(ok, size, 1.0), np.nan)
    if k < 4:
        # Too few groups to estimate the between-group variance: no shrinkage.
        se = np.sqrt(v)
        return {"nps_shrunk": 100 * y, "shrink_weight": np.where(ok, 1.0, np.nan),
                "shrunk_ci_low": 100 * np.clip(y - z * se, -1, 1),
                "shrunk_ci_high": 100 * np.clip(y + z * se, -1, 1)}  # fmt: skip
    # Method-of-moments (one-way ANOVA) between-group variance tau2.
    msb = np.sum(m * (y[ok] - mean_all) ** 2) / (k - 1)
    n0 = (n_all - np.sum(m**2) / n_all) / (k - 1)
    tau2 = max(0.0, (msb - pooled) / n0)
    prec = 1 / (tau2 + v[ok]) if tau2 + pooled > 0 else np.ones(k)
    mu = np.sum(prec * y[ok]) / prec.sum()
    var_mu = 1 / prec.sum() if tau2 + pooled > 0 else 0.0
    with np.errstate(invalid="ignore", divide="ignore"):
        b = np.where(v + tau2 > 0, (k - 3) / (k - 1) * v / (v + tau2), 0.0)
    b = np.minimum(b, 1.0)
    shrunk = mu + (1 - b) * (y - mu)
    post_var = v * (1 - b) + b**2 * var_mu + 2 / (k - 3) * b**2 * (y - mu) ** 2
    # A group with no respondents gets the overall mean and the spread of a new group.
    shrunk = np.where(ok, shrunk, mu)
    post_var = np.where(ok, post_var, tau2 + var_mu)
    se = np.sqrt(post_var)
    return {
        "nps_shrunk": 100 * shrunk,
        "shrink_weight": np.where(ok, 1 - b, 0.0),
        "shrunk_ci_low": 100 * np.clip(shrunk - z * se, -1, 1),
        "shrunk_ci_high": 100 * np.clip(shrunk + z * se, -1, 1),
    }


def _dated_counts(
    data: pd.DataFrame, *, score, by=None, weights=None, scale=None, thresholds=None, date, freq
) -> tuple[pd.DataFrame, pd.Timestamp, pd.Timestamp]:
    """Counts per (group and) period of a pandas frame, and the data's first and last day.

    Periods come from integer arithmetic on the datetime64 values: days since
    1970 by one floor division, then each day's period from a lookup table over
    the data's span of days (``to_period`` on those few days only). The frame is
    not copied (unless rows without a date must be left out) and gets no period
    column. ``period`` holds the period start; rows without a date are left out
    with a warning. First and last day are ``NaT`` when no row has a date.
    """
    keys = _as_list(by)
    require_columns(data, [date], skip_none=False)
    if freq not in FREQS:
        raise ValueError(f"freq must be one of {sorted(FREQS)}; got {freq!r}.")
    dates = parse_dates(data[date], date, "the data")
    if getattr(dates.dt, "tz", None) is not None:
        dates = dates.dt.tz_localize(None)
    values = dates.to_numpy()
    ticks = values.view("int64")
    lowest = ticks.min() if len(ticks) else 0
    if lowest == np.iinfo("int64").min:  # NaT
        keep = ticks != lowest
        warnings.warn(
            f"{len(ticks) - int(keep.sum())} row(s) have no {date!r} and are left out of the trend.",
            UserWarning,
            stacklevel=4,
        )
        data, ticks = data.loc[keep], ticks[keep]
    if not len(ticks):
        empty = data.iloc[:0].assign(period=np.array([], dtype="datetime64[us]"))
        counts = counts_frame(
            empty, score=score, by=[*keys, "period"], weights=weights, scale=scale,
            thresholds=thresholds,
        )  # fmt: skip
        return counts, pd.NaT, pd.NaT
    require_columns(data, [score, *keys], skip_none=False)
    unit, _ = np.datetime_data(values.dtype)
    if len(ticks) < _PARALLEL_MIN_ROWS or _threads() < 2:
        cat, encoded = _encode(data, score, keys, scale=scale, thresholds=thresholds)
        period_codes, periods, span = _period_codes(ticks, unit, freq)
    else:  # classify the scores in a thread while the dates become period codes
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(1) as pool:
            job = pool.submit(_encode, data, score, keys, scale=scale, thresholds=thresholds)
            period_codes, periods, span = _period_codes(ticks, unit, freq)
            cat, encoded = job.result()
    encoded.append(("period", period_codes, periods, None))
    counts = _tabulate(data, cat, encoded, weights=weights, overwrite=not keys, dense_last=True)
    return counts, pd.Timestamp(span[0]), pd.Timestamp(span[-1])


def _period_codes(ticks: np.ndarray, unit: str, freq: str):
    """Period code of each datetime64 value (as int64 ticks of ``unit``), the period starts,
    and every day from the first to the last (``datetime64[D]``)."""
    per_day = int(np.timedelta64(1, "D") // np.timedelta64(1, unit))
    first, last = int(ticks.min()) // per_day, int(ticks.max()) // per_day
    day = ticks // per_day
    day -= first
    # The period start of every day from the first to the last: a small table.
    span = np.arange(first, last + 1).astype("datetime64[D]")
    starts = pd.DatetimeIndex(span).to_period(FREQS[freq]).start_time
    if FREQS[freq] == "D":
        return day, starts, span
    new = np.ones(len(starts), dtype=bool)
    new[1:] = starts[1:] != starts[:-1]
    return (np.cumsum(new, dtype="int32") - 1)[day], starts[new], span


def _period_table(
    data, *, score, by=None, weights=None, scale=None, thresholds=None, date, freq
) -> tuple[pd.DataFrame, pd.Timestamp, pd.Timestamp]:
    """Counts per (group and) period (periods without responses absent), first and last day.

    Pandas frames are counted by period directly (:func:`_dated_counts`); backend
    sources are counted per day where they live, and the days summed into periods.
    """
    if not _is_backend(data):
        return _dated_counts(
            data, score=score, by=by, weights=weights, scale=scale, thresholds=thresholds,
            date=date, freq=freq,
        )  # fmt: skip
    if freq not in FREQS:
        raise ValueError(f"freq must be one of {sorted(FREQS)}; got {freq!r}.")
    keys = _as_list(by)
    daily = _counts(
        data, score=score, by=keys, weights=weights, scale=scale, thresholds=thresholds,
        date=date, freq="D",
    )  # fmt: skip
    if daily.empty:
        return daily, pd.NaT, pd.NaT
    days = pd.to_datetime(daily["period"])
    per = days.dt.to_period(FREQS[freq])
    value_cols = [c for c in daily.columns if c not in (*keys, "period")]
    rolled = daily[keys + value_cols].assign(period=per.dt.start_time.to_numpy())
    counts = (
        rolled.groupby([*keys, "period"], sort=True, dropna=False, observed=True)[value_cols]
        .sum()
        .reset_index()
    )
    return counts, days.min(), days.max()


def nps_trend(
    data,
    *,
    score: str,
    date: str,
    freq: str = "MS",
    by=None,
    rolling: int | None = None,
    weights: str | None = None,
    scale=None,
    thresholds=None,
    confidence: float = 0.95,
    method: str = "adjusted_wald",
    min_n: int = 30,
) -> pd.DataFrame:
    """NPS per period (and group), with every period present.

    Parameters
    ----------
    data : DataFrame or backend source
    score, date : str
        Score and date columns. Rows without a date are left out (with a warning).
    freq : {"MS", "W", "D", "QS", "YS"}
        Period: month, week (from Monday), day, quarter, year; ``period`` holds
        the period start.
    by : str or list of str, optional
        Group columns: one series per group.
    rolling : int, optional
        Pool the counts of the last ``rolling`` periods (current included) before
        estimating, which steadies a noisy monthly series; the first periods pool
        fewer. ``n`` is then the pooled count.
    weights, scale, thresholds, confidence, method
        As in :func:`nps_by`.
    min_n : int
        Periods with fewer valid scores are flagged ``low_n``.

    Returns
    -------
    pandas.DataFrame
        One row per (group and) period from the first to the last period in the
        data: the ``by`` columns, ``period``, then the columns of :func:`nps_by`
        and ``partial``: True for a period that the data's first or last date
        cuts (the first period when the earliest date, over the whole data, is
        after its start; the last when the latest date is before its end). A
        partial period's NPS comes from part of the period only: do not compare
        it with full periods (:func:`nps_toolkit.score.significance.nps_changes` leaves
        such changes untested). Periods without responses have n = 0 and NaN
        estimates.

    Examples
    --------
    >>> df = pd.DataFrame({"score": [10, 3, 9, 9],
    ...                    "date": pd.to_datetime(["2024-01-05", "2024-01-20", "2024-03-02", "2024-03-09"])})
    >>> nps_trend(df, score="score", date="date", min_n=1)[["period", "n", "nps"]]
          period  n    nps
    0 2024-01-01  2    0.0
    1 2024-02-01  0    NaN
    2 2024-03-01  2  100.0
    """
    # Counts per period and the data's first and last day (which flag the partial
    # periods): pandas frames by period codes from the dates' integer values,
    # backend sources per day where they live, then summed into periods.
    from nps_toolkit.score.significance import _period_counts

    keys = _as_list(by)
    counts, partial, _ = _period_counts(
        data, score=score, by=keys, weights=weights, scale=scale, thresholds=thresholds,
        date=date, freq=freq,
    )  # fmt: skip
    if rolling:
        if int(rolling) < 1:
            raise ValueError(f"rolling must be a positive number of periods; got {rolling!r}.")
        value_cols = [c for c in counts.columns if c not in (*keys, "period")]
        rolled = (
            counts.groupby(keys, sort=False, dropna=False)[value_cols]
            .rolling(int(rolling), min_periods=1)
            .sum()
            if keys
            else counts[value_cols].rolling(int(rolling), min_periods=1).sum()
        )
        counts[value_cols] = rolled.to_numpy()
        for col in ("n", "detractors", "passives", "promoters"):
            if weights is None or col == "n":
                counts[col] = counts[col].round().astype("int64")
    out = estimates_from_counts(counts, confidence=confidence, method=method)
    out["low_n"] = out["n"] < min_n
    out["partial"] = partial
    return out


def _fill_periods(counts: pd.DataFrame, *, keys: list, freq: str) -> pd.DataFrame:
    """Add zero-count rows for periods without responses, per group."""
    if counts.empty:
        return counts
    periods = pd.period_range(counts["period"].min(), counts["period"].max(), freq=FREQS[freq])
    full_periods = pd.Index(periods.start_time, name="period")
    value_cols = [c for c in counts.columns if c not in (*keys, "period")]
    groups = counts[keys].drop_duplicates() if keys else None
    if len(counts) == len(full_periods) * (len(groups) if keys else 1):
        out = counts.copy(deep=False)  # one row per group and period already (pandas path)
    else:
        if keys:
            grid = groups.merge(pd.DataFrame({"period": full_periods}), how="cross")
        else:
            grid = pd.DataFrame({"period": full_periods})
        out = grid.merge(counts, on=[*keys, "period"], how="left")
        out[value_cols] = out[value_cols].fillna(0)
    for col in value_cols:
        if pd.api.types.is_integer_dtype(counts[col].dtype):
            out[col] = out[col].astype("int64")
    return out.sort_values([*keys, "period"], kind="stable").reset_index(drop=True)
