"""Column checks of :func:`nps_toolkit.io.read_survey`: missing cells, mojibake, formulas, typing.

Internal. Everything is vectorised over a column (pyarrow string kernels) or
over a column's distinct values (ftfy, which only sees distinct non-ASCII
values that its own badness test flags).
"""

from __future__ import annotations

import ftfy
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from ftfy.badness import is_bad

from nps_toolkit.io.arrowtext import arrow, as_str, full, is_in, rows_of, rx, with_missing
from nps_toolkit.io.screens import (
    SPACE_FIRST,
    SPACE_LAST,
    SPACE_TEST,
    all_ascii,
    byte_table,
    find,
    find_many,
    has_bytes,
    on_rows,
    rows_containing,
)

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
# a decimal number as Python and pyarrow read it (the score parser uses it too)
FLOAT = r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?"


def strip(s: pd.Series, screened: dict | None = None) -> pd.Series:
    """White space trimmed from both ends of every value (``s`` itself when no value
    starts or ends with a byte that white space starts or ends with; ``screened``:
    a :func:`find_many` of ``s`` with ``"space": SPACE_TEST``, when already made)."""
    if not len(s):
        return s
    if screened is not None:
        if not len(screened["space"]):
            return s
    elif find(s, first=SPACE_FIRST, last=SPACE_LAST, any_=True) is False:
        return s
    return as_str(pc.utf8_trim_whitespace(arrow(s)), s.index)


def _screen(values) -> tuple[int, np.ndarray]:
    """(longest byte length, table of first bytes) of a set of non-empty strings."""
    encoded = [v.encode("utf-8") for v in values if v]
    table = np.zeros(256, dtype=bool)
    table[[v[0] for v in encoded]] = True
    return max(map(len, encoded), default=0), table


_MISSING_SCREEN = _screen(MISSING_CELL)
# the screens (for :func:`find_many`) of the values that may be a missing marker
MISSING_TESTS = {
    "empty": (None, None, 0, 0),
    "marker": (_MISSING_SCREEN[1], None, 1, _MISSING_SCREEN[0]),
}


def missing_cell(s: pd.Series, screened: dict | None = None) -> np.ndarray:
    """``is_in(s, MISSING_CELL)``, looking only at the values short enough and starting
    with the right byte to be one of them (``screened``: :func:`screen` of ``s``)."""
    screened = screened if screened is not None else find_many(s, MISSING_TESTS)
    if screened is None:
        return is_in(s, MISSING_CELL)
    rows = screened["marker"]
    out = np.zeros(len(s), dtype=bool)
    if "" in MISSING_CELL:
        out[screened["empty"]] = True
    if len(rows):
        out[rows] = on_rows(s, rows, lambda x: is_in(x, MISSING_CELL))
    return out


# --------------------------------------------------------------------------- dates
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


# first byte of a value that may have a leading zero (ids, postcodes: kept as text)
ZERO_FIRST = byte_table("0")
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
    rows = screened["blank"] if screened is not None else find(s, first=SPACE_FIRST)
    if rows is None:
        return _is_space(s)
    out = np.zeros(len(s), dtype=bool)
    if len(rows):
        out[rows] = on_rows(s, rows, _is_space)
    return out


def screen(s: pd.Series, space: bool = False) -> dict[str, np.ndarray] | None:
    """The screens :func:`typed`, :func:`formula_rows`, :func:`blank` and
    :func:`missing_cell` use (and :func:`strip` with ``space``), in one pass over a
    text column."""
    tests = {
        **MISSING_TESTS,
        "blank": (SPACE_FIRST, None, 1, None),
        "formula": (_FORMULA_FIRST, None, 1, None),
        "zero": (ZERO_FIRST, None, 2, None),
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
    if len(head) and not full(head, rf"\s*(?:{_INT}|{FLOAT})\s*").all():
        return text
    present = column[~missing] if missing.any() else column
    if not len(present):
        return text
    if not (full(present.iloc[:1000], rf"{_INT}|{FLOAT}").all()):
        present = strip(present)  # numbers with spaces around them
    if present is column and screened is not None:
        starts0 = screened["zero"]
    else:
        starts0 = find(present, first=ZERO_FIRST, min_len=2)
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
        if not full(present, FLOAT).all():
            return text
        values = pd.to_numeric(present.astype(object)).to_numpy(dtype="float64")
    out = np.full(len(column), np.nan)
    out[~missing] = values
    return pd.Series(out, index=column.index, copy=False)
