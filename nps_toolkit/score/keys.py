"""Integer codes for group keys: the first step of counting NPS by segment.

:func:`key_codes` turns one key column into integer codes, its values in code
order and (when the codes are not in sorted order) the values' sort ranks, so
:mod:`nps_toolkit.score.counts` can combine several keys into one group id and
sort the few groups, not the rows. Categorical keys use their codes;
pyarrow-backed string keys are coded by Arrow (a lookup in the distinct values
of a sample on long columns, ``dictionary_encode`` otherwise) and only their
distinct values are sorted; other keys go through ``pd.factorize(sort=True)``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["is_arrow_string", "key_codes"]


def is_arrow_string(column: pd.Series) -> bool:
    """Whether ``column`` holds strings stored by pyarrow (``str`` in pandas 3, ``string[pyarrow]``)."""
    return isinstance(column.dtype, pd.StringDtype) and column.dtype.storage == "pyarrow"


def key_codes(column: pd.Series) -> tuple[np.ndarray, pd.Index, np.ndarray | None]:
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
    elif is_arrow_string(column):
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
