"""Byte screens: cheap tests on the raw UTF-8 of a text column.

Internal to :mod:`nps_toolkit.io`. A screen reads the byte length and the
first and last byte of each value from the arrays' buffers with numpy, one
chunk at a time (so that no array as long as the column is made: at millions
of rows, fresh memory costs more than the arithmetic). A screen only ever
narrows down the rows that the exact pyarrow kernel then looks at: it finds a
superset of them (:func:`on_rows` runs that kernel on the screened rows).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from nps_toolkit.io.arrowtext import arrow, rows_of

# The characters pyarrow's utf8_is_space / utf8_trim_whitespace treat as white space
# (found by enumerating every code point; tests/test_io_inputs.py checks the list).
ASCII_SPACES = (9, 10, 11, 12, 13, 28, 29, 30, 31, 32)
UNICODE_SPACES = (0x85, 0xA0, 0x1680, *range(0x2000, 0x200B), 0x2028, 0x2029, 0x202F, 0x205F)
UNICODE_SPACES += (0x3000,)
SPACE_FIRST = np.zeros(256, dtype=bool)  # bytes a value starting with a space starts with
SPACE_LAST = np.zeros(256, dtype=bool)  # bytes a value ending with a space ends with
SPACE_FIRST[list(ASCII_SPACES)] = SPACE_LAST[list(ASCII_SPACES)] = True
SPACE_FIRST[[chr(c).encode("utf-8")[0] for c in UNICODE_SPACES]] = True
SPACE_LAST[[chr(c).encode("utf-8")[-1] for c in UNICODE_SPACES]] = True


def byte_table(chars: str) -> np.ndarray:
    """A lookup table of 256 booleans, true for the bytes of the ASCII ``chars``."""
    table = np.zeros(256, dtype=bool)
    table[list(chars.encode("ascii"))] = True
    return table


def _string_chunks(values) -> list | None:
    chunks = values.chunks if isinstance(values, pa.ChunkedArray) else [values]
    ok = all(
        (pa.types.is_large_string(c.type) or pa.types.is_string(c.type)) and not c.null_count
        for c in chunks
    )
    return chunks if ok else None


_ZERO = np.zeros(1, dtype=np.uint8)


def _buffers(c) -> tuple[np.ndarray, np.ndarray]:
    """(value offsets, data bytes) of one string array without nulls (no copy)."""
    bufs = c.buffers()
    dtype = np.int64 if pa.types.is_large_string(c.type) else np.int32
    offsets = np.frombuffer(bufs[1], dtype=dtype)[c.offset : c.offset + len(c) + 1]
    data = bufs[2]
    data = np.frombuffer(data, dtype=np.uint8) if data is not None and data.size else _ZERO
    return offsets, data


def _used(c) -> np.ndarray:
    """The bytes of one string array's values, end to end (no copy)."""
    offsets, data = _buffers(c)
    if not len(offsets) or offsets[-1] <= offsets[0]:
        return _ZERO[:0]
    return data[offsets[0] : offsets[-1]]


_TRANSLATE: dict[tuple, bytes] = {}


def _classes(tables: list[np.ndarray]) -> bytes:
    """A ``bytes.translate`` table giving each byte bit ``k`` when it is in ``tables[k]``
    (at most 8 tables)."""
    key = tuple(t.tobytes() for t in tables)
    translation = _TRANSLATE.get(key)
    if translation is None:
        codes = np.zeros(256, dtype=np.uint8)
        for k, table in enumerate(tables):
            codes[table] |= np.uint8(1 << k)
        translation = _TRANSLATE[key] = codes.tobytes()
    return translation


def _scan(chunks: list, tests: dict, stop: bool = False) -> dict[str, list]:
    """Positions (per chunk, offset to the column) passing each screen of ``tests``
    (name -> ``(first, last, min_len, max_len)``); ``stop``: at the first found.

    A screen with byte tables classifies the first / last byte of every value with one
    ``bytes.translate`` for all the screens (faster than indexing numpy tables), then
    reads the lengths of the few values found only; a screen on lengths alone compares
    offsets."""
    firsts = list({id(t[0]): t[0] for t in tests.values() if t[0] is not None}.values())
    lasts = list({id(t[1]): t[1] for t in tests.values() if t[1] is not None}.values())
    if len(firsts) > 8 or len(lasts) > 8:
        raise ValueError("at most 8 byte tables per scan")
    first_bit = {id(t): np.uint8(k) for k, t in enumerate(firsts)}
    last_bit = {id(t): np.uint8(k) for k, t in enumerate(lasts)}
    one = np.uint8(1)
    out: dict[str, list] = {name: [] for name in tests}
    start = 0
    for c in chunks:
        n = len(c)
        if not n:
            continue
        offsets, data = _buffers(c)
        starts, ends = offsets[:-1], offsets[1:]
        if firsts:  # (an empty value may start at the end of the data)
            at = starts if starts[-1] < len(data) else np.minimum(starts, len(data) - 1)
            head = np.frombuffer(data[at].tobytes().translate(_classes(firsts)), np.uint8)
        if lasts:
            tail = np.frombuffer(data[ends - 1].tobytes().translate(_classes(lasts)), np.uint8)
        for name, (first, last, min_len, max_len) in tests.items():
            if first is None and last is None:
                if min_len == 0 and max_len == 0:
                    hit = ends == starts
                else:
                    length = ends - starts
                    hit = length >= min_len
                    if max_len is not None:
                        hit &= length <= max_len
            else:
                # (bit k of the class, as 0 / 1 bytes: a valid boolean array)
                hit = None
                if first is not None:
                    hit = ((head >> first_bit[id(first)]) & one).view(bool)
                if last is not None:
                    tail_hit = ((tail >> last_bit[id(last)]) & one).view(bool)
                    hit = tail_hit if hit is None else (hit | tail_hit)
            if not hit.any():
                continue
            rows = np.flatnonzero(hit)
            if first is not None or last is not None:
                length = ends[rows] - starts[rows]
                keep = length >= max(min_len, 1)  # the bytes of an empty value are not its
                if max_len is not None:
                    keep &= length <= max_len
                rows = rows[keep]
            if len(rows):
                out[name].append(rows + start)
                if stop:
                    return out
        start += n
    return out


def find_many(s: pd.Series, tests: dict) -> dict[str, np.ndarray] | None:
    """:func:`find` for several screens in one pass over the column: ``tests`` maps a
    name to ``(first, last, min_len, max_len)``; returns the positions per name
    (``None`` when the column holds missing values)."""
    chunks = _string_chunks(arrow(s))
    if chunks is None:
        return None
    return {
        name: np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
        for name, parts in _scan(chunks, tests).items()
    }


def find(
    s: pd.Series,
    *,
    first: np.ndarray | None = None,
    last: np.ndarray | None = None,
    min_len: int = 1,
    max_len: int | None = None,
    any_: bool = False,
):
    """Positions of the values whose byte length is within ``[min_len, max_len]`` and,
    when tables are given, whose first byte is in ``first`` or last byte in ``last``
    (256-boolean tables, see :func:`byte_table`). ``any_``: only whether there is one
    (stopping at the first). ``None`` when the column holds missing values (the caller
    then tests every value)."""
    chunks = _string_chunks(arrow(s))
    if chunks is None:
        return None
    found = _scan(chunks, {"": (first, last, min_len, max_len)}, stop=any_)[""]
    if any_:
        return bool(found)
    return np.concatenate(found) if found else np.zeros(0, dtype=np.int64)


def has_bytes(s: pd.Series, chars: bytes) -> bool | None:
    """Whether any value contains one of the ASCII ``chars`` (``None``: not known,
    the column holds missing values)."""
    chunks = _string_chunks(arrow(s))
    if chunks is None:
        return None
    for c in chunks:
        used = _used(c)
        if any((used == ch).any() for ch in chars):
            return True
    return False


def all_ascii(s: pd.Series) -> bool:
    """Every value is ASCII text (``False`` when not known: missing values)."""
    chunks = _string_chunks(arrow(s))
    if chunks is None:
        return False
    return all(not len(u) or int(u.max()) < 128 for u in map(_used, chunks))


def only_digits(s: pd.Series) -> bool:
    """Every byte of every value is an ASCII digit (``False`` for missing values)."""
    chunks = _string_chunks(arrow(s))
    if chunks is None:
        return False
    return all(not len(u) or int((u - np.uint8(48)).max()) <= 9 for u in map(_used, chunks))


def rows_containing(s: pd.Series, needle: bytes) -> np.ndarray | None:
    """Positions of the values that may contain the bytes ``needle`` (a superset: a
    match may straddle two values); ``None`` when not known (missing values)."""
    chunks = _string_chunks(arrow(s))
    if chunks is None:
        return None
    out, start = [], 0
    k = len(needle)
    for c in chunks:
        offsets, data = _buffers(c)
        used = _used(c)
        hit = np.flatnonzero(used[: len(used) - k + 1] == needle[0]) if len(used) >= k else []
        for j in range(1, k):
            if len(hit):
                hit = hit[used[hit + j] == needle[j]]
        if len(hit):
            rows = np.searchsorted(offsets, hit + offsets[0], side="right") - 1
            out.append(np.unique(rows) + start)
        start += len(c)
    return np.concatenate(out) if out else np.zeros(0, dtype=np.int64)


def on_rows(s: pd.Series, rows: np.ndarray, test) -> np.ndarray:
    """``test`` (a mask over a column) evaluated on the rows ``rows`` only."""
    if not len(rows):
        return np.zeros(0, dtype=bool)
    if len(rows) * 4 > len(s):
        return test(s)[rows]
    return test(rows_of(s, rows))


# the screen of the values that may start or end with white space
SPACE_TEST = (SPACE_FIRST, SPACE_LAST, 1, None)
