"""The row account of :func:`nps_toolkit.io.read_survey`: which rows are kept, and why not.

Internal. Every step works column-wise on the whole file (numpy masks over the
rows, string work on a column's *distinct* values), so a million rows cost a
few vectorised passes, not a million Python calls. A row is excluded with the
first reason that applies, in :data:`EXCLUSION_ORDER`; :class:`Decisions`
keeps that rule.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from nps_toolkit.io.arrowtext import arrow, int64_array, rows_of, rx
from nps_toolkit.io.columns import FLOAT, ZERO_FIRST, strip
from nps_toolkit.io.platforms import QUALTRICS_IMPORT, parse_numbers
from nps_toolkit.io.screens import find_many, only_digits

TRUNCATED = "truncated row"
RAGGED = "ragged row"
STRAY = "stray header row"
DUP_ROW = "duplicate row"
MISSING = "missing score"
NAN_TEXT = "score not a number"
NOT_INT = "score not a whole number"
OUT = "score out of declared scale"
DUP_RESP = "duplicate respondent"
EXCLUSION_ORDER = (TRUNCATED, RAGGED, STRAY, DUP_ROW, MISSING, NAN_TEXT, NOT_INT, OUT, DUP_RESP)

# Answers meaning "no score" in a score cell.
_MISSING_SCORE = ["", "na", "n/a", "n.a.", "nan", "null", "none", "-", "--", "#n/a", "."]
_BLOCK_MIN = 20
_SHOW = 5


class Decisions:
    """Per data row: 0 = kept, else the (1-based) position of its reason in ``order``.

    The value shown for each excluded row is kept with the rows it was given for (no
    array of one Python object per row of the file)."""

    def __init__(self, n: int, order=EXCLUSION_ORDER):
        self.order = tuple(order)
        self.code = np.zeros(n, dtype=np.int8)
        self._values: list[tuple[np.ndarray, object]] = []

    @property
    def open(self) -> np.ndarray:
        return self.code == 0

    def exclude(self, mask: np.ndarray, reason: str, values) -> None:
        """Exclude the rows of ``mask`` not excluded yet; ``values``: a Series or array
        with one value per row (only the excluded rows' are read), or one for all."""
        hit = np.flatnonzero(mask & (self.code == 0))
        if not len(hit):
            return
        self.code[hit] = self.order.index(reason) + 1
        if isinstance(values, pd.Series):
            shown = rows_of(values, hit).to_numpy(dtype=object)
        elif isinstance(values, np.ndarray):
            shown = values[hit]
        else:
            shown = np.full(len(hit), None, dtype=object)
            shown[:] = [values] * len(hit)
        self._values.append((hit, shown))

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The excluded rows in file order, their reason codes and the values shown."""
        if not self._values:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int8), np.zeros(0, object)
        rows = np.concatenate([h for h, _ in self._values])
        shown = np.concatenate([np.asarray(v, dtype=object) for _, v in self._values])
        order = np.argsort(rows, kind="stable")
        rows, shown = rows[order], shown[order]
        return rows, self.code[rows], shown

    def excluded(self) -> list[tuple[int, str, str]]:
        return excluded_list(self.order, *self.arrays())


def excluded_list(order, rows, codes, shown) -> list[tuple[int, str, str]]:
    """``(row, reason, value shown)`` of each excluded row (see :meth:`Decisions.arrays`)."""
    reasons = np.asarray(order, dtype=object)[codes.astype(np.int64) - 1]
    return list(zip(rows.tolist(), reasons.tolist(), map(str, shown), strict=True))


# --------------------------------------------------------------------------- structure


def structural(data, layout, dec: Decisions, candidates: np.ndarray, value) -> None:
    """Truncated last row, ragged rows, and header lines repeated inside the data.

    ``candidates``: rows that may be a repeated header (those whose key cell is
    not a value, e.g. a score that is not a number).
    """
    n, width = len(data), len(layout.columns)
    if data.truncated and n:
        last = np.zeros(n, dtype=bool)
        last[-1] = True
        dec.exclude(last, TRUNCATED, "file ends inside a quoted field")
    if data.widths is not None:
        ragged = data.widths != width
        if ragged.any():
            text = np.empty(n, dtype=object)
            text[ragged] = [f"{w} fields, header has {width}" for w in data.widths[ragged]]
            dec.exclude(ragged, RAGGED, text)
    rows = np.flatnonzero(candidates & dec.open)
    if not len(rows):
        return
    raw = [rows_of(c, rows) for c in data.cells]
    data.taken = (rows, raw)
    cells = [strip(c) for c in raw]
    filled = np.sum([(c != "").to_numpy(dtype=bool) for c in cells], axis=0)
    imports = np.sum([rx(c, "(?i)" + QUALTRICS_IMPORT.pattern) for c in cells], axis=0)
    stray = (imports * 2 > filled) & (filled > 0)
    for line in [layout.columns, *layout.header_lines]:
        hits = np.sum(
            [
                ((cells[j] == line[j]) & (cells[j] != "")).to_numpy(dtype=bool)
                for j in range(min(width, len(line)))
            ],
            axis=0,
        )
        stray |= (filled > 0) & (hits * 2 >= filled)
    mask = np.zeros(n, dtype=bool)
    mask[rows[stray]] = True
    dec.exclude(mask, STRAY, value)


def id_codes(resp: pd.Series) -> tuple[np.ndarray, bool]:
    """Integer codes of respondent ids (equal ids, equal codes; "" is -1), and whether
    the codes are the ids themselves (every id a plain number without leading zero)."""
    if not len(resp):
        return np.zeros(0, dtype=np.int64), False
    # plain numbers ^(?:[1-9][0-9]{0,17}|0)$, tested on the bytes: only digits, 1 to 18
    # of them, no leading zero (then the codes are the numbers: no hashing of text)
    if only_digits(resp):
        odd = find_many(
            resp,
            {
                "empty": (None, None, 0, 0),
                "long": (None, None, 19, None),
                "zero": (ZERO_FIRST, None, 2, None),
            },
        )
        if odd is not None and not any(len(rows) for rows in odd.values()):
            return pc.cast(arrow(resp), pa.int64()).to_numpy(zero_copy_only=False), True
    codes = pd.factorize(resp)[0].astype(np.int64)
    codes[(resp == "").to_numpy(dtype=bool)] = -1
    return codes, False


def _repeated(codes: np.ndarray) -> np.ndarray:
    """Rows whose code occurs more than once (any of them). Codes in a range not much
    wider than their count (row numbers, factorized text) are counted with a bincount,
    in one pass; others by hashing."""
    if len(codes) and codes.dtype.kind in "iu":
        lo, hi = int(codes.min()), int(codes.max())
        span = 4 * len(codes) + 1024
        if 0 <= lo and hi < span:
            return (np.bincount(codes) > 1)[codes]
        if hi - lo < span:
            shifted = codes - lo
            return (np.bincount(shifted) > 1)[shifted]
    return pd.Series(codes).duplicated(keep=False).to_numpy()


def repeated_ids(ids: np.ndarray) -> np.ndarray:
    """Rows whose (non-empty) respondent id occurs more than once in the file: the only
    rows that the duplicate, de-duplication and segment checks need to look at."""
    return _repeated(ids) & (ids != -1)


def duplicate_rows(data, dec: Decisions, ids, value, repeated=None) -> int:
    """Exact copies of an earlier row: excluded when a respondent id says it is the same
    person; without an id (or with an empty one) identical answers are different people,
    kept, and only counted (the return value)."""
    if ids is not None:
        has_id = ids != -1
        rows = np.flatnonzero(repeated & dec.open)
        if len(rows):
            frame = pd.DataFrame({j: rows_of(c, rows).to_numpy() for j, c in enumerate(data.cells)})
            dup = np.zeros(len(data), dtype=bool)
            dup[rows[frame.duplicated(keep="first").to_numpy()]] = True
            dec.exclude(dup, DUP_ROW, value)
        candidates = dec.open & ~has_id
    else:
        candidates = dec.open
    rows = np.flatnonzero(candidates)
    if len(rows) < 2:
        return 0
    frame = pd.DataFrame({j: rows_of(c, rows) for j, c in enumerate(data.cells)})
    hashed = pd.util.hash_pandas_object(frame, index=False)
    return int(hashed.duplicated().sum())


# --------------------------------------------------------------------------- scores


class Scores:
    """The score column parsed once, on its distinct values: ``numbers`` (NaN when
    none) and masks per row."""

    def __init__(self, column: pd.Series):
        self.raw = strip(column)
        codes, u = _encode(arrow(self.raw))
        self.codes = codes
        self._numbers = parse_numbers(u)  # per distinct value
        self._missing = u.str.lower().isin(_MISSING_SCORE).to_numpy(dtype=bool)
        self.missing = self._missing[codes]
        self.numbers = self._numbers[codes]
        self._plain = u.str.fullmatch(FLOAT).to_numpy(dtype=bool, na_value=False)
        self._int = u.str.fullmatch(r"[+-]?\d+").to_numpy(dtype=bool, na_value=False)
        self._lead0 = u.str.match(r"0\d").to_numpy(dtype=bool, na_value=False)
        self.plain = self._plain[codes]
        self._kept = None

    def per_row(self, per_distinct: np.ndarray) -> np.ndarray:
        """A mask over the distinct values, spread over the rows."""
        return per_distinct[self.codes]

    def kept(self, kept: np.ndarray) -> np.ndarray:
        """``numbers`` of the rows ``kept`` (computed once)."""
        if self._kept is None or self._kept[0] is not kept:
            self._kept = (kept, self.numbers[kept])
        return self._kept[1]

    def distinct_kept(self, kept: np.ndarray) -> pd.Series:
        """The distinct parsed scores of the rows ``kept``."""
        used = np.zeros(len(self._numbers), dtype=bool)
        used[self.codes[kept]] = True
        return pd.Series(np.unique(self._numbers[used]), dtype="float64")

    def original(self, kept: np.ndarray):
        """The score column's own values on the kept rows, typed as the loader types any
        column (Int64 when all are whole numbers, float64 when decimals), from the
        distinct values already parsed; ``None`` when some is text (type it as text)."""
        used = np.zeros(len(self._plain), dtype=bool)
        used[self.codes[kept]] = True
        if (~self._plain[used]).any() or self._lead0[used].any():
            return None
        values = self.kept(kept)
        if self._int[used].all():
            return int64_array(values.astype(np.int64))
        return values


def _encode(values) -> tuple[np.ndarray, pd.Series]:
    """(code of each value, the distinct values as a str Series)."""
    if isinstance(values, pa.ChunkedArray) and values.num_chunks:
        encoded = pc.dictionary_encode(values)
        # the chunks share the final dictionary (the kernel's table only grows)
        dictionary = encoded.chunk(encoded.num_chunks - 1).dictionary
        if all(len(c.dictionary) == len(dictionary) for c in encoded.chunks):
            parts = [c.indices.to_numpy(zero_copy_only=False) for c in encoded.chunks]
            return np.concatenate(parts), pd.Series(dictionary.to_pylist(), dtype="str")
        values = values.combine_chunks()
    elif isinstance(values, pa.ChunkedArray):
        values = pa.array([], type=values.type)
    encoded = pc.dictionary_encode(values)
    codes = encoded.indices.to_numpy(zero_copy_only=False)
    return codes, pd.Series(encoded.dictionary.to_pylist(), dtype="str")


def score_rows(
    s: Scores, dec: Decisions, lo: int | None, hi: int | None, scale_only: bool = False
) -> None:
    """Missing, not a number, not whole; out of scale once the scale is known (each
    test on the distinct values, then spread over the rows that have one of them).
    ``scale_only``: the first three were applied already (by an earlier call)."""
    numbers = s._numbers
    nan = np.isnan(numbers)
    if not scale_only:
        dec.exclude(s.missing, MISSING, s.raw)
        # (a value that is missing, or not a number, is excluded by then: skipped)
        text = nan & ~s._missing
        if text.any():
            dec.exclude(s.per_row(text), NAN_TEXT, s.raw)
        with np.errstate(invalid="ignore"):
            fraction = ~nan & (numbers != np.rint(numbers))
        if fraction.any():
            dec.exclude(s.per_row(fraction), NOT_INT, s.raw)
    if lo is not None:
        with np.errstate(invalid="ignore"):
            out = (numbers < lo) | (numbers > hi)
        if out.any():
            dec.exclude(s.per_row(out), OUT, s.raw)


def check_mostly_text(s: Scores, dec: Decisions, column, source, lines, columns) -> None:
    """Refuse a score column whose non-empty answers are mostly not numbers."""
    nonempty = dec.open & ~s.missing
    bad = np.flatnonzero(nonempty & np.isnan(s.numbers))
    if nonempty.any() and len(bad) * 2 > nonempty.sum():
        shown = ", ".join(f"{s.raw.iat[i][:40]!r} (line {lines[i]})" for i in bad[:_SHOW])
        raise ValueError(
            f"Survey file {source!r}: score column {column!r} is mostly text: {len(bad)} of "
            f"{int(nonempty.sum())} non-empty answers are not numbers, e.g. {shown}"
            f"{' ...' if len(bad) > _SHOW else ''}. Fix: pass score= the column holding the "
            f"0-10 answers (columns: {', '.join(repr(c) for c in columns[:20])})."
        )


def check_mixed_block(scores: np.ndarray, column, source, lo, hi, lines) -> None:
    """Refuse an implausible block of >= 20 consecutive answers never above 5 in 0-10.

    Runs are found on one-byte masks (answer present, answer at most 5); positions
    and values are looked up for the longest run only."""
    if hi < 10:
        return
    present = ~np.isnan(scores)
    n = int(np.count_nonzero(present))
    if n < _BLOCK_MIN + 1:
        return
    with np.errstate(invalid="ignore"):
        low = (scores <= 5)[present]  # over the answers only, in file order
    n_low = int(np.count_nonzero(low))
    if not n_low:
        return
    # runs of True: cut where the mask changes
    cuts = np.flatnonzero(low[1:] != low[:-1]) + 1
    bounds = np.concatenate(([0], cuts, [n]))
    starts, lengths = bounds[:-1], np.diff(bounds)
    lengths = np.where(low[starts], lengths, 0)
    k = int(np.argmax(lengths))
    best_start, best_len = int(starts[k]), int(lengths[k])
    if best_len < _BLOCK_MIN or best_len == n:
        return
    rows = np.flatnonzero(present)[best_start : best_start + best_len]
    block = scores[rows]
    p = (n_low - best_len) / (n - best_len)  # share of the other answers at most 5
    sorted_block = bool(np.all(np.diff(block) >= 0) or np.all(np.diff(block) <= 0))
    # A five-point block answers mostly 4-5 (top boxes); a bad spell of a 0-10 survey
    # (detractors only) answers mostly 0-3. Only the first is reported.
    top_boxes = float(np.mean(block >= 4))
    if sorted_block or top_boxes < 0.5 or best_len * np.log(max(p, 1e-300)) > np.log(1e-6):
        return
    raise ValueError(
        f"Survey file {source!r}: column {column!r} mixes scales: {best_len} consecutive answers "
        f"(lines {lines[rows[0]]} to {lines[rows[-1]]}) never exceed 5 while only {p:.0%} of the "
        f"other answers are 5 or less; this looks like a 1-5 block inside a {lo}-{hi} column. "
        "Fix: split the file at those lines and load each part with its own scale=, or recode "
        "the block (check_scales=False loads it as it is, if you are sure it is one scale)."
    )


# --------------------------------------------------------------------------- respondents


def dedupe(resp, ids, repeated, dates, dec: Decisions, mode, source, column, lines) -> None:
    """One answer per respondent id: keep the latest (by date, then file order) or first."""
    rows = np.flatnonzero(dec.open & repeated)
    multi = _repeated(ids[rows])
    if not multi.any() or mode == "keep":
        return
    rows = rows[multi]
    if mode == "error":
        groups = pd.Series(rows).groupby(ids[rows], sort=False).agg(list)
        shown = "; ".join(
            f"{resp.iat[g[0]]!r} rows {g} (lines {', '.join(str(lines[i]) for i in g)})"
            for g in list(groups)[:_SHOW]
        )
        raise ValueError(
            f"Survey file {source!r}: {len(groups)} respondent(s) in column {column!r} answered "
            f"more than once: {shown}. Fix: duplicates='latest' keeps each one's latest answer, "
            "'first' the earliest, 'keep' keeps all."
        )
    order = pd.DataFrame({"id": ids[rows], "pos": rows})
    if dates is not None:
        d = dates[rows]
        order["date"] = np.where(np.isnat(d), np.datetime64(np.iinfo(np.int64).min + 1, "ns"), d)
        order = order.sort_values(["date", "pos"], kind="stable")
    drop = order["id"].duplicated(keep="last" if mode == "latest" else "first")
    mask = np.zeros(len(ids), dtype=bool)
    mask[order["pos"].to_numpy()[drop.to_numpy()]] = True
    dec.exclude(mask, DUP_RESP, resp)


def duplicate_kept(ids: np.ndarray, repeated: np.ndarray, kept: np.ndarray) -> np.ndarray:
    """Kept rows whose respondent id occurs more than once among the kept rows."""
    rows = kept[repeated[kept]]
    return rows[_repeated(ids[rows])]
