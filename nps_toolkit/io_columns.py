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
    """``s.iloc[rows]`` for sorted positions, as a boolean filter (a take on a column of
    many chunks would first join them all, for every call), indexed by ``rows``."""
    mask = np.zeros(len(s), dtype=bool)
    mask[rows] = True
    return keep(s, mask, pd.Index(rows))


def strip(s: pd.Series) -> pd.Series:
    return as_str(pc.utf8_trim_whitespace(arrow(s)), s.index)


def with_missing(s: pd.Series, mask: np.ndarray) -> pd.Series:
    """``s`` with the values of ``mask`` missing (NaN), like ``s.mask(mask)`` but in pyarrow."""
    if not mask.any():
        return s
    values = arrow(s)
    return as_str(pc.if_else(pa.array(mask), pa.scalar(None, values.type), values), s.index)


def is_in(s: pd.Series, values) -> np.ndarray:
    mask = pc.is_in(arrow(s), value_set=pa.array(list(values), type=arrow(s).type))
    return mask.to_numpy(zero_copy_only=False).astype(bool)


# --------------------------------------------------------------------------- dates


def parse_dates(column: pd.Series, dayfirst: bool | None):
    """``(datetime64[ns] array, {flag: row positions}, clean)`` for a date column of text;
    ``clean``: every value is an ISO 8601 date without spaces around it (so the column
    itself is plain text: no number, no formula, nothing missing)."""
    n = len(column)
    raw = strip(column)
    present = ~is_in(raw, MISSING_CELL)
    values = raw[present]
    out = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
    flags: dict[str, np.ndarray] = {}
    fast = _arrow_dates(values) if len(values) else None
    if fast is not None:
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
    clean = fast is not None and bool(present.all()) and len(values) > 0
    clean = clean and bool(pc.all(pc.equal(arrow(raw), arrow(column))).as_py())
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
    nonascii = ~pc.string_is_ascii(arrow(column)).to_numpy(zero_copy_only=False).astype(bool)
    if not nonascii.any():
        return column, np.empty(0, dtype=np.int64)
    mapping = {}
    for value in pd.unique(column[nonascii]):
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


_FIRST = pa.array([b"=", b"@", b"+", b"-", b" ", b"\t", b"\n", b"\r", b"\f", b"\v"])


def formula_rows(column: pd.Series) -> np.ndarray:
    """Positions of values a spreadsheet would evaluate (``=...``, ``@...``, ``+cmd``)."""
    values = arrow(column)
    first = pc.binary_slice(values.cast(pa.large_binary()), 0, 1)
    maybe = np.flatnonzero(
        pc.is_in(first, value_set=_FIRST.cast(pa.large_binary())).to_numpy(zero_copy_only=False)
    )
    if not len(maybe):
        return maybe
    return maybe[rx(rows_of(column, maybe), _FORMULA)]


def dos_rows(column: pd.Series) -> np.ndarray:
    """Positions of values with the DOS-accent pattern (a ``‚`` next to a letter)."""
    maybe = np.flatnonzero(
        pc.match_substring(arrow(column), "\u201a").to_numpy(zero_copy_only=False).astype(bool)
    )
    if not len(maybe):
        return maybe
    return maybe[rx(rows_of(column, maybe), DOS_ACCENT)]


def blank(s: pd.Series) -> np.ndarray:
    """Whitespace-only values (empty ones are in :data:`MISSING_CELL`)."""
    return pc.utf8_is_space(arrow(s)).to_numpy(zero_copy_only=False).astype(bool)


def _cast(values: pd.Series, to) -> np.ndarray | None:
    try:
        out = pc.cast(arrow(values), to).to_numpy(zero_copy_only=False)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    # pyarrow also reads "inf" and "nan" as decimals: those stay text, as before
    return out if to == pa.int64() or np.isfinite(out).all() else None


def typed(column: pd.Series, notes: list[str], name: str) -> pd.Series:
    """A text column as Int64 / float64 when every present value is a number (and no
    leading zero: ids and postcodes stay text); whole numbers beyond 64 bits stay text.

    The head of the column decides whether to try at all; then pyarrow's cast is
    the test (a cast that fails costs more than one that succeeds, so an integer
    cast is only tried on values without a decimal point or exponent).
    """
    missing = blank(column) | is_in(column, MISSING_CELL)
    text = with_missing(column, missing)
    head = column.iloc[:1000][~missing[:1000]]  # a text column usually shows it at once
    if len(head) and not full(head, rf"\s*(?:{_INT}|{_FLOAT})\s*").all():
        return text
    present = column[~missing] if missing.any() else column
    if not len(present):
        return text
    if not (full(present.iloc[:1000], rf"{_INT}|{_FLOAT}").all()):
        present = strip(present)  # numbers with spaces around them
    starts0 = pc.starts_with(arrow(present), "0").to_numpy(zero_copy_only=False).astype(bool)
    if starts0.any() and rx(present[starts0], r"^0\d").any():
        return text
    decimal = not full(present.iloc[:1000], _INT).all() or any(
        pc.any(pc.match_substring(arrow(present), part, ignore_case=True)).as_py()
        for part in (".", "e")
    )
    values = None if decimal else _cast(present, pa.int64())
    if values is None and not decimal and full(present, _INT).all():
        big = present[present.str.lstrip("+-").str.len() > 18]
        notes.append(
            f"Column {name!r} holds whole numbers too large for 64 bits (e.g. "
            f"{big.iloc[0][:40]!r}): kept as text."
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
