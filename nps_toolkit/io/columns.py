"""Column work of :func:`nps_toolkit.io.read_survey`: dates, mojibake repair, typing.

Internal. Everything is vectorised over a column (pyarrow string kernels) or
over a column's distinct values (ftfy, which only sees distinct non-ASCII
values that its own badness test flags).
"""

from __future__ import annotations

import re

import ftfy
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from ftfy.badness import is_bad

F_COMMENT = "comment missing"
F_DATE_MISSING = "date missing"
F_DATE_BAD = "date unparseable"
F_DATE_ORDER = "date order ambiguous (read as month/day)"
F_DATE_MIXED = "date order mixed: day/month and month/day in one file (ambiguous read as month/day)"
F_DATE_CONTRA = "date contradicts dayfirst= (read the only way it can be)"
F_SCORE_TEXT = "score written as text (parsed)"
F_REPAIRED = "text repaired (mojibake)"
F_DOS = "suspected DOS-accent mojibake (not repaired)"
F_FORMULA = "formula-looking cell (kept as text)"
F_DUP_KEPT = "duplicate respondent (kept)"

# Missing-value markers in other columns (pandas' defaults, minus text people type as comments).
MISSING_CELL = ["", "NA", "N/A", "NaN", "nan", "NULL", "null", "#N/A", "<NA>", "None"]

_FTFY = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=False,
    uncurl_quotes=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    fix_line_breaks=False,
    remove_control_chars=False,
    normalization=None,
    explain=False,
)
# literal U+201A (not an escape) so that pyarrow's RE2 runs it
DOS_ACCENT = "[A-Za-zÀ-ÿ]\u201a|\u201a[a-zà-ÿ]"
_FORMULA = r"^\s*(?:=|@|[+-][A-Za-z(])"
_INT = r"[+-]?\d+"
_FLOAT = r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?"
_SLASH_DATE = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.]\d{2,4}")
_UNIX = r"\d{9,10}(?:\.\d+)?"


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


# --------------------------------------------------------------------------- bytes
# Cheap screens on the raw UTF-8 of a column: the byte length and the first and last
# byte of each value, read from the arrays' buffers with numpy one chunk at a time
# (so that no array as long as the column is made: at millions of rows, fresh memory
# costs more than the arithmetic). A screen only ever narrows down the rows that the
# exact pyarrow kernel then looks at: it finds a superset of them.

# The characters pyarrow's utf8_is_space / utf8_trim_whitespace treat as white space
# (found by enumerating every code point; tests/test_io_inputs.py checks the list).
_ASCII_SPACES = (9, 10, 11, 12, 13, 28, 29, 30, 31, 32)
UNICODE_SPACES = (0x85, 0xA0, 0x1680, *range(0x2000, 0x200B), 0x2028, 0x2029, 0x202F, 0x205F)
UNICODE_SPACES += (0x3000,)
_SPACE_FIRST = np.zeros(256, dtype=bool)  # bytes a value starting with a space starts with
_SPACE_LAST = np.zeros(256, dtype=bool)  # bytes a value ending with a space ends with
_SPACE_FIRST[list(_ASCII_SPACES)] = _SPACE_LAST[list(_ASCII_SPACES)] = True
_SPACE_FIRST[[chr(c).encode("utf-8")[0] for c in UNICODE_SPACES]] = True
_SPACE_LAST[[chr(c).encode("utf-8")[-1] for c in UNICODE_SPACES]] = True


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


def _on_rows(s: pd.Series, rows: np.ndarray, test) -> np.ndarray:
    """``test`` (a mask over a column) evaluated on the rows ``rows`` only."""
    if not len(rows):
        return np.zeros(0, dtype=bool)
    if len(rows) * 4 > len(s):
        return test(s)[rows]
    return test(rows_of(s, rows))


# the screen of the values that may start or end with white space
SPACE_TEST = (_SPACE_FIRST, _SPACE_LAST, 1, None)


def strip(s: pd.Series, screened: dict | None = None) -> pd.Series:
    """White space trimmed from both ends of every value (``s`` itself when no value
    starts or ends with a byte that white space starts or ends with; ``screened``:
    a :func:`find_many` of ``s`` with ``"space": SPACE_TEST``, when already made)."""
    if not len(s):
        return s
    if screened is not None:
        if not len(screened["space"]):
            return s
    elif find(s, first=_SPACE_FIRST, last=_SPACE_LAST, any_=True) is False:
        return s
    return as_str(pc.utf8_trim_whitespace(arrow(s)), s.index)


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
    mask = pc.is_in(arrow(s), value_set=pa.array(list(values), type=arrow(s).type))
    return mask.to_numpy(zero_copy_only=False).astype(bool)


def _screen(values) -> tuple[int, np.ndarray]:
    """(longest byte length, table of first bytes) of a set of non-empty strings."""
    encoded = [v.encode("utf-8") for v in values if v]
    table = np.zeros(256, dtype=bool)
    table[[v[0] for v in encoded]] = True
    return max(map(len, encoded), default=0), table


_MISSING_SCREEN = _screen(MISSING_CELL)
_MISSING_TESTS = {
    "empty": (None, None, 0, 0),
    "marker": (_MISSING_SCREEN[1], None, 1, _MISSING_SCREEN[0]),
}


def missing_cell(s: pd.Series, screened: dict | None = None) -> np.ndarray:
    """``is_in(s, MISSING_CELL)``, looking only at the values short enough and starting
    with the right byte to be one of them (``screened``: :func:`screen` of ``s``)."""
    screened = screened if screened is not None else find_many(s, _MISSING_TESTS)
    if screened is None:
        return is_in(s, MISSING_CELL)
    rows = screened["marker"]
    out = np.zeros(len(s), dtype=bool)
    if "" in MISSING_CELL:
        out[screened["empty"]] = True
    if len(rows):
        out[rows] = _on_rows(s, rows, lambda x: is_in(x, MISSING_CELL))
    return out


# --------------------------------------------------------------------------- dates


def parse_dates(column: pd.Series, dayfirst: bool | None):
    """``(datetime64[ns] array, {flag: row positions}, clean)`` for a date column of text;
    ``clean``: every value is an ISO 8601 date without spaces around it (so the column
    itself is plain text: no number, no formula, nothing missing)."""
    n = len(column)
    screened = find_many(column, {"space": SPACE_TEST, **_MISSING_TESTS})
    raw = strip(column, screened)
    present = ~missing_cell(raw, screened if raw is column else None)
    everywhere = bool(present.all())
    values = raw if everywhere else raw[present]
    out = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
    flags: dict[str, np.ndarray] = {}
    fast = _arrow_dates(values) if len(values) else None
    if fast is not None and everywhere:
        out = fast
    elif fast is not None:
        out[present] = fast
    elif len(values):
        if full(values, _UNIX).all():
            parsed = pd.to_datetime(values.astype("float64"), unit="s", errors="coerce")
        else:
            parsed = pd.to_datetime(values, format="ISO8601", errors="coerce", utc=True)
            retry = parsed.isna().to_numpy()
            if retry.any():
                order, said = _day_order(values[retry], dayfirst)
                for name, rows in said.items():
                    flags[name] = np.flatnonzero(present)[np.flatnonzero(retry)[rows]]
                parsed[retry] = pd.to_datetime(
                    values[retry], format="mixed", dayfirst=order, errors="coerce", utc=True
                )
            parsed = parsed.dt.tz_convert(None)
        out[present] = parsed.to_numpy(dtype="datetime64[ns]")
    flags[F_DATE_MISSING] = np.flatnonzero(~present)
    flags[F_DATE_BAD] = np.flatnonzero(present & np.isnat(out))
    clean = fast is not None and everywhere and len(values) > 0
    clean = clean and (raw is column or bool(pc.all(pc.equal(arrow(raw), arrow(column))).as_py()))
    return out, flags, clean


def _arrow_dates(values: pd.Series) -> np.ndarray | None:
    """ISO 8601 dates parsed by pyarrow when every value is one (naive, or all with an
    offset, then as UTC); ``None`` lets pandas parse them value by value."""
    for tz in (None, "UTC"):
        try:
            parsed = pc.cast(arrow(values), pa.timestamp("ns", tz))
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            continue
        return parsed.cast(pa.int64()).to_numpy(zero_copy_only=False).view("datetime64[ns]")
    return None


def _day_order(values: pd.Series, dayfirst: bool | None):
    """Day/month order of slash dates, and the rows to flag (positions in ``values``).

    Without ``dayfirst``: day-first if some first field exceeds 12 and no second
    one does, month-first otherwise (SurveyMonkey's US order); flagged when no
    date tells, and when the file holds both orders.
    """
    parts = values.astype(object).str.extract(_SLASH_DATE)
    slash = parts[0].notna().to_numpy()
    first = pd.to_numeric(parts[0], errors="coerce").to_numpy()
    second = pd.to_numeric(parts[1], errors="coerce").to_numpy()
    first_big, second_big = first > 12, second > 12
    if dayfirst is not None:
        contra = second_big if dayfirst else first_big
        return bool(dayfirst), ({F_DATE_CONTRA: np.flatnonzero(contra)} if contra.any() else {})
    if not slash.any():
        return False, {}
    if first_big.any() and second_big.any():
        return False, {F_DATE_MIXED: np.flatnonzero(slash)}
    if first_big.any():
        return True, {}
    if second_big.any():
        return False, {}
    return False, {F_DATE_ORDER: np.arange(len(values))}


# --------------------------------------------------------------------------- text


def repair(column: pd.Series, cache: dict[str, str]) -> tuple[pd.Series, np.ndarray]:
    """Mojibake fixed by ftfy (encoding fixes only) in the distinct non-ASCII values
    that ftfy's own badness test flags; returns the column and the changed positions."""
    if all_ascii(column):
        return column, np.empty(0, dtype=np.int64)
    distinct = pc.unique(arrow(column))  # distinct values first: a survey repeats its answers
    mapping = {}
    for value in pc.filter(distinct, pc.invert(pc.string_is_ascii(distinct))).to_pylist():
        if value is None:
            continue
        fixed = cache.get(value)
        if fixed is None:
            fixed = cache[value] = ftfy.fix_text(value, _FTFY) if is_bad(value) else value
        if fixed != value:
            mapping[value] = fixed
    if not mapping:
        return column, np.empty(0, dtype=np.int64)
    changed = is_in(column, mapping)
    out = column.copy()
    out[changed] = column[changed].map(mapping).to_numpy(dtype=object)
    return out, np.flatnonzero(changed)


_ZERO_FIRST = byte_table("0")
# first bytes of a value a spreadsheet may evaluate (RE2's \s is ASCII white space)
_FORMULA_FIRST = byte_table("=@+- \t\n\r\f\v")


def formula_rows(column: pd.Series, screened: dict | None = None) -> np.ndarray:
    """Positions of values a spreadsheet would evaluate (``=...``, ``@...``, ``+cmd``)."""
    if screened is not None:
        maybe = screened["formula"]
    else:
        maybe = find(column, first=_FORMULA_FIRST)
    if maybe is None:
        first = pc.binary_slice(arrow(column).cast(pa.large_binary()), 0, 1)
        value_set = pa.array(
            [bytes([b]) for b in np.flatnonzero(_FORMULA_FIRST)], pa.large_binary()
        )
        found = pc.fill_null(pc.is_in(first, value_set=value_set), False)
        maybe = np.flatnonzero(found.to_numpy(zero_copy_only=False))
    if not len(maybe):
        return maybe
    return maybe[rx(rows_of(column, maybe), _FORMULA)]


def dos_rows(column: pd.Series) -> np.ndarray:
    """Positions of values with the DOS-accent pattern (a ``‚`` next to a letter)."""
    maybe = rows_containing(column, "\u201a".encode())
    if maybe is None:
        found = pc.match_substring(arrow(column), "\u201a")
        maybe = np.flatnonzero(found.to_numpy(zero_copy_only=False).astype(bool))
    if not len(maybe):
        return maybe
    return maybe[rx(rows_of(column, maybe), DOS_ACCENT)]


def _is_space(s: pd.Series) -> np.ndarray:
    return pc.utf8_is_space(arrow(s)).to_numpy(zero_copy_only=False).astype(bool)


def blank(s: pd.Series, screened: dict | None = None) -> np.ndarray:
    """Whitespace-only values (empty ones are in :data:`MISSING_CELL`)."""
    rows = screened["blank"] if screened is not None else find(s, first=_SPACE_FIRST)
    if rows is None:
        return _is_space(s)
    out = np.zeros(len(s), dtype=bool)
    if len(rows):
        out[rows] = _on_rows(s, rows, _is_space)
    return out


def screen(s: pd.Series, space: bool = False) -> dict[str, np.ndarray] | None:
    """The screens :func:`typed`, :func:`formula_rows`, :func:`blank` and
    :func:`missing_cell` use (and :func:`strip` with ``space``), in one pass over a
    text column."""
    tests = {
        **_MISSING_TESTS,
        "blank": (_SPACE_FIRST, None, 1, None),
        "formula": (_FORMULA_FIRST, None, 1, None),
        "zero": (_ZERO_FIRST, None, 2, None),
    }
    if space:
        tests["space"] = SPACE_TEST
    return find_many(s, tests)


def _cast(values: pd.Series, to) -> np.ndarray | None:
    try:
        out = pc.cast(arrow(values), to).to_numpy(zero_copy_only=False)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    # pyarrow also reads "inf" and "nan" as decimals: those stay text, as before
    return out if to == pa.int64() or np.isfinite(out).all() else None


def typed(
    column: pd.Series, notes: list[str], name: str, screened: dict | None = None
) -> pd.Series:
    """A text column as Int64 / float64 when every present value is a number (and no
    leading zero: ids and postcodes stay text); whole numbers beyond 64 bits stay text.

    The head of the column decides whether to try at all; then pyarrow's cast is
    the test (a cast that fails costs more than one that succeeds, so an integer
    cast is only tried on values without a decimal point or exponent). ``screened``:
    :func:`screen` of the column, when already made.
    """
    screened = screened if screened is not None else screen(column)
    missing = blank(column, screened) | missing_cell(column, screened)
    text = with_missing(column, missing)
    head = column.iloc[:1000][~missing[:1000]]  # a text column usually shows it at once
    if len(head) and not full(head, rf"\s*(?:{_INT}|{_FLOAT})\s*").all():
        return text
    present = column[~missing] if missing.any() else column
    if not len(present):
        return text
    if not (full(present.iloc[:1000], rf"{_INT}|{_FLOAT}").all()):
        present = strip(present)  # numbers with spaces around them
    if present is column and screened is not None:
        starts0 = screened["zero"]
    else:
        starts0 = find(present, first=_ZERO_FIRST, min_len=2)
    if starts0 is None:
        starts0 = np.flatnonzero(pc.starts_with(arrow(present), "0").to_numpy(zero_copy_only=False))
    if len(starts0) and rx(rows_of(present, starts0), r"^0\d").any():
        return text
    dots = has_bytes(present, b".eE")
    if dots is None:
        dots = any(
            pc.any(pc.match_substring(arrow(present), part, ignore_case=True)).as_py()
            for part in (".", "e")
        )
    decimal = not full(present.iloc[:1000], _INT).all() or dots
    values = None if decimal else _cast(present, pa.int64())
    if values is None and not decimal and full(present, _INT).all():
        # pyarrow's cast refuses a leading "+" ("+5"): Python's int() takes it
        numbers = pd.to_numeric(present.astype(object))
        if numbers.dtype == np.int64:
            values = numbers.to_numpy()
        else:
            big = present[present.str.lstrip("+-").str.len() > 18]
            example = big.iloc[0] if len(big) else present.iloc[0]
            notes.append(
                f"Column {name!r} holds whole numbers too large for 64 bits (e.g. "
                f"{example[:40]!r}): kept as text."
            )
            return text
    if values is not None:
        out = np.zeros(len(column), dtype=np.int64)
        out[~missing] = values
        return pd.Series(pd.arrays.IntegerArray(out, missing), index=column.index, copy=False)
    values = _cast(present, pa.float64())
    if values is None:
        if not full(present, _FLOAT).all():
            return text
        values = pd.to_numeric(present.astype(object)).to_numpy(dtype="float64")
    out = np.full(len(column), np.nan)
    out[~missing] = values
    return pd.Series(out, index=column.index, copy=False)
