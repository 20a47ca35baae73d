"""pyarrow-backed ``str`` Series: the small helpers every column step of the reader uses.

Internal to :mod:`nps_toolkit.io`. A column of the reader is a pandas ``str``
Series over a pyarrow (chunked) string array; these helpers reach that array
without a copy (:func:`arrow`), build such Series (:func:`as_str`), take or
filter rows chunk by chunk (:func:`keep`, :func:`rows_of`, :func:`take_sorted`),
mark values missing by a validity bitmap only (:func:`with_missing`), and run
RE2 patterns over a whole column (:func:`rx`, :func:`full`, :func:`is_in`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


def arrow(s: pd.Series):
    """The pyarrow array under a str Series (no copy)."""
    return s.array.__arrow_array__()


def rx(s: pd.Series, pattern: str) -> np.ndarray:
    """Boolean mask: ``pattern`` (RE2, anchor it yourself) found in each value."""
    if not len(s):
        return np.zeros(0, dtype=bool)
    found = pc.match_substring_regex(arrow(s), pattern)
    return found.to_numpy(zero_copy_only=False).astype(bool)


def full(s: pd.Series, pattern: str) -> np.ndarray:
    """Boolean mask: the whole value matches ``pattern`` (RE2)."""
    return rx(s, f"^(?:{pattern})$")


_STR = pd.StringDtype("pyarrow", na_value=np.nan)  # pandas' default "str"


def as_str(values, index) -> pd.Series:
    """A pyarrow string array as a ``str`` Series (no copy)."""
    return pd.Series(pd.arrays.ArrowStringArray(values, dtype=_STR), index=index, copy=False)


def keep(s: pd.Series, mask: np.ndarray, index) -> pd.Series:
    """The values of ``mask`` (a boolean filter: chunk by chunk, unlike a take, which
    joins a many-chunk column first), with ``index``."""
    return as_str(pc.filter(arrow(s), pa.array(mask)), index)


def rows_of(s: pd.Series, rows: np.ndarray) -> pd.Series:
    """``s.iloc[rows]`` for sorted positions, indexed by ``rows``: a few rows are taken
    chunk by chunk (a take on the whole column of many chunks would first join them
    all, for every call), many by a boolean filter."""
    rows = np.asarray(rows, dtype=np.int64)
    if len(rows) * 8 > len(s):
        mask = np.zeros(len(s), dtype=bool)
        mask[rows] = True
        return keep(s, mask, pd.Index(rows))
    return as_str(take_sorted(arrow(s), rows), pd.Index(rows))


def take_sorted(values, rows: np.ndarray):
    """The values at the sorted positions ``rows`` of a pyarrow (chunked) array."""
    chunks = values.chunks if isinstance(values, pa.ChunkedArray) else [values]
    bounds = np.cumsum([0] + [len(c) for c in chunks])
    cut = np.searchsorted(rows, bounds)
    parts = [
        c.take(pa.array(rows[cut[i] : cut[i + 1]] - bounds[i]))
        for i, c in enumerate(chunks)
        if cut[i + 1] > cut[i]
    ]
    return pa.chunked_array(parts, type=values.type)


def with_missing(s: pd.Series, mask: np.ndarray) -> pd.Series:
    """``s`` with the values of ``mask`` missing (NaN), like ``s.mask(mask)`` but in pyarrow:
    only a validity bitmap is made, the text buffers are shared."""
    if not mask.any():
        return s
    values = arrow(s)
    chunks = values.chunks if isinstance(values, pa.ChunkedArray) else [values]
    out, start = [], 0
    for c in chunks:
        m = mask[start : start + len(c)]
        start += len(c)
        if not m.any():
            out.append(c)
            continue
        bufs = c.buffers()
        if (
            c.null_count
            or bufs[2] is None
            or not (pa.types.is_large_string(c.type) or pa.types.is_string(c.type))
        ):
            out.append(pc.if_else(pa.array(m), pa.scalar(None, c.type), c))
            continue
        valid = np.ones(c.offset + len(c), dtype=bool)
        valid[c.offset :] = ~m
        bitmap = pa.py_buffer(np.packbits(valid, bitorder="little"))
        out.append(
            pa.Array.from_buffers(
                c.type, len(c), [bitmap, bufs[1], bufs[2]], null_count=int(m.sum()), offset=c.offset
            )
        )
    return as_str(pa.chunked_array(out, type=values.type), s.index)


def int64_array(values: np.ndarray) -> pd.arrays.IntegerArray:
    """An ``Int64`` array over fresh int64 values with nothing missing (no copy, no
    check of every value as ``pd.array(values, dtype="Int64")`` makes)."""
    return pd.arrays.IntegerArray(
        np.ascontiguousarray(values, dtype=np.int64), np.zeros(len(values), dtype=bool)
    )


def is_in(s: pd.Series, values) -> np.ndarray:
    """Boolean mask: the value is one of ``values``."""
    mask = pc.is_in(arrow(s), value_set=pa.array(list(values), type=arrow(s).type))
    return mask.to_numpy(zero_copy_only=False).astype(bool)


def release_unused_memory() -> None:
    """Hand pyarrow's freed buffers back to the system once a file has been read.

    pyarrow's allocator (mimalloc) keeps the memory of a read's temporaries for
    reuse: after reading 3,000,000 order rows (a 140 MB frame) the process held
    ~770 MB instead of ~330 MB, which a report kernel then carried to its end.
    """
    import pyarrow as pa

    pa.default_memory_pool().release_unused()
