"""read_survey's fast paths (issue 11, speed) give what the slow ones give.

The loader's column checks screen values by their raw UTF-8 bytes (length, first
and last byte) before running the exact pyarrow kernel on the few that pass, a
large file is mapped into memory rather than copied, and a large file with
ragged rows is read by pyarrow with those rows set aside. Each shortcut is
checked here against an independent truth: the same test written per value in
plain Python, pandas, an exact enumeration of Unicode, or the careful path
(Python's ``csv`` module, row by row) on the same file.
"""

from __future__ import annotations

import collections
import csv
import io
import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pytest

import nps_toolkit.io.fastcsv as nread
import nps_toolkit.io.read as nio
from nps_toolkit.io import account as nacc
from nps_toolkit.io import arrowtext as ntext
from nps_toolkit.io import columns as ncol
from nps_toolkit.io import screens as nscr
from nps_toolkit.io.read import excluded_rows, quality_flags, quality_report, read_survey

# cells that have fooled loaders: spaces of every kind, missing markers, formulas,
# mojibake, DOS accents, quotes, quoted newlines, numbers with signs and zeros
CELLS = [
    "", " ", "  7 ", "7", "10", "0", "9", "NA", "N/A", "n/a", "null", "None", "-", "#N/A",
    "<NA>", "nan", "NaN", "seven", "7.5", "11", "=1+2", ' =HYPERLINK("x")', "@SUM(A1)",
    "+cmd", "-3", "-x", "007", "0.5", "1e3", "Ã©tÃ©", "caf\u00e9", "\u00a0", "\u3000x\u3000",
    "x\u2009", "emoji \U0001f44d", "d\u201aj\u00e0", "\u201a", 'a"b', "line\nbreak", "t\tb",
    "comma, here", "2024-01-02", "03/04/2024", "12345678901234567890", "\t", "\x1c", "NA ",
    " NA", "\u0085x", "x\u0085", "Tr\u00e8s bien", "\U0001f600", "\u2028", "e", "E5", ".",
    "+5", "0x1F", "\u00e9",
]  # fmt: skip


def _quote(cell: str) -> str:
    if any(ch in cell for ch in ',"\n\r') or cell != cell.strip(" "):
        return '"' + cell.replace('"', '""') + '"'
    return cell


def hostile_file(seed: int, rows: int, ragged: float = 0.0, blank: float = 0.0) -> bytes:
    """A survey export (id, score, comment, date, free columns) full of CELLS, with
    ``ragged`` of its rows of another width and ``blank`` of its lines blank."""
    rng = np.random.default_rng(seed)
    width = int(rng.integers(4, 7))
    header = ["id", "nps", "why", "date", "c1", "c2", "c3"][:width]
    clean_dates = rng.random() < 0.5
    lines = [",".join(header)]
    for _ in range(rows):
        if rng.random() < blank:
            lines.append("" if rng.random() < 0.7 else "   ")
            continue
        row = [str(rng.integers(1, rows // 2 + 2)), str(rng.integers(0, 11))]
        if rng.random() < 0.3:
            row[1] = str(rng.choice(CELLS))
        row += [str(rng.choice(CELLS)) for _ in range(width - 2)]
        if clean_dates:
            row[3] = f"2024-0{rng.integers(1, 10)}-1{rng.integers(0, 10)}"
        if rng.random() < ragged:
            k = int(rng.integers(1, width + 3))
            row = (row + [str(rng.choice(CELLS)) for _ in range(k)])[:k]
        lines.append(",".join(_quote(c) for c in row))
    return ("\n".join(lines) + "\n").encode("utf-8")


def _load(source, **kw):
    try:
        return read_survey(source, score="nps", **kw)
    except ValueError as exc:
        return str(exc)


def assert_same_load(a, b) -> None:
    """Two loads of one file agree: the frame, every row's fate and every flag."""
    if isinstance(a, str) or isinstance(b, str):
        assert a == b
        return
    pd.testing.assert_frame_equal(a, b)
    x, y = a.attrs["nps_toolkit"], b.attrs["nps_toolkit"]
    assert x.excluded == y.excluded
    assert x.lines.tolist() == y.lines.tolist()
    assert x.overflow == y.overflow
    assert (x.blank_rows, x.identical_rows, x.notes) == (y.blank_rows, y.identical_rows, y.notes)
    assert {k: v.tolist() for k, v in x.flags.items()} == {
        k: v.tolist() for k, v in y.flags.items()
    }
    for read in (quality_report, quality_flags, excluded_rows):
        pd.testing.assert_frame_equal(read(a), read(b))


# --------------------------------------------------------------------------- byte screens


def test_the_white_space_tables_cover_every_character_pyarrow_trims():
    # exact enumeration of Unicode: what pyarrow calls space is what the screens know
    points = np.r_[0:0xD800, 0xE000:0x110000]
    values = pa.array([chr(c) for c in points], pa.large_string())
    space = points[pc.utf8_is_space(values).to_numpy(zero_copy_only=False)]
    assert set(space.tolist()) == set(nscr.ASCII_SPACES) | set(nscr.UNICODE_SPACES)
    padded = pa.array([f"{chr(c)}x{chr(c)}" for c in points], pa.large_string())
    trimmed = np.array(pc.utf8_trim_whitespace(padded).to_pylist()) == "x"
    assert set(points[trimmed].tolist()) == set(space.tolist())


def _chunked_series(values: list[str], sizes: list[int], offset: int = 0) -> pd.Series:
    """A str Series over several pyarrow chunks, each a slice of a larger array (so
    that chunk offsets are not zero), the way the loader's columns are."""
    chunks, start = [], 0
    for size in sizes:
        part = values[start : start + size]
        start += size
        pad = ["pad"] * offset
        chunks.append(pa.array(pad + part + pad, pa.large_string()).slice(offset, len(part)))
    return ntext.as_str(pa.chunked_array(chunks, type=pa.large_string()), None)


@pytest.fixture(params=[0, 3])
def column(request) -> tuple[pd.Series, list[str]]:
    rng = np.random.default_rng(7 + request.param)
    values = [str(rng.choice(CELLS)) for _ in range(400)]
    sizes = [1, 0, 150, 49, 200]  # an empty chunk and a one-value chunk too
    return _chunked_series(values, sizes, offset=request.param), values


def test_strip_blank_and_missing_agree_with_python(column):
    s, values = column
    spaces = "".join(map(chr, (*nscr.ASCII_SPACES, *nscr.UNICODE_SPACES)))
    assert ncol.strip(s).tolist() == [v.strip(spaces) for v in values]
    assert ncol.blank(s).tolist() == [bool(v) and not v.strip(spaces) for v in values]
    assert ncol.missing_cell(s).tolist() == [v in ncol.MISSING_CELL for v in values]


def test_formula_and_leading_zero_screens_agree_with_python(column):
    s, values = column
    formula = re.compile(r"^[\t\n\f\r ]*(?:=|@|[+-][A-Za-z(])")
    assert ncol.formula_rows(s).tolist() == [i for i, v in enumerate(values) if formula.match(v)]
    zero = [i for i, v in enumerate(values) if len(v.encode()) >= 2 and v.startswith("0")]
    assert nscr.find(s, first=nscr.byte_table("0"), min_len=2).tolist() == zero
    short = [i for i, v in enumerate(values) if 1 <= len(v.encode()) <= 2]
    assert nscr.find(s, max_len=2).tolist() == short
    assert nscr.find(s, max_len=2, any_=True) is bool(short)
    accent = [i for i, v in enumerate(values) if "\u201a" in v]
    found = nscr.rows_containing(s, "\u201a".encode())
    assert set(accent) <= set(found.tolist())  # a screen: never misses one
    assert ncol.dos_rows(s).tolist() == [
        i for i, v in enumerate(values) if re.search(ncol.DOS_ACCENT, v)
    ]


def test_byte_questions_agree_with_python(column):
    s, values = column
    assert nscr.all_ascii(s) == all(v.isascii() for v in values)
    assert nscr.has_bytes(s, b".eE") == any(ch in v for v in values for ch in ".eE")
    digits = _chunked_series(["12", "7", "", "0345"], [2, 2], offset=1)
    assert nscr.only_digits(digits)
    assert not nscr.only_digits(_chunked_series(["12", "7a"], [1, 1]))


def test_with_missing_and_rows_of_agree_with_pandas(column):
    s, values = column
    mask = np.random.default_rng(3).random(len(values)) < 0.3
    expected = pd.Series(values, dtype="str").mask(mask)
    pd.testing.assert_series_equal(ntext.with_missing(s, mask), expected)
    rows = np.flatnonzero(~mask)
    taken = ntext.rows_of(s, rows)
    assert taken.tolist() == [values[i] for i in rows]
    assert taken.index.tolist() == rows.tolist()
    few = rows[::40]  # a few rows: taken chunk by chunk
    assert ntext.rows_of(s, few).tolist() == [values[i] for i in few]


def test_repeated_codes_agree_with_counting():
    rng = np.random.default_rng(5)
    for codes in (
        rng.integers(0, 50, 300),  # dense range: counted with a bincount
        rng.integers(-1, 3, 300),  # factorized text, -1 for an empty id
        rng.integers(10**12, 10**12 + 40, 300),  # far from zero: shifted first
        rng.integers(0, 10**15, 300),  # sparse: hashed
    ):
        counts = collections.Counter(codes.tolist())
        assert nacc._repeated(codes).tolist() == [counts[c] > 1 for c in codes.tolist()]


def test_excluded_rows_listed_in_file_order_with_their_values():
    dec = nacc.Decisions(6)
    dec.exclude(np.array([0, 0, 0, 1, 0, 1], bool), nacc.MISSING, np.array(list("abcdef"), object))
    dec.exclude(np.array([1, 0, 0, 1, 0, 0], bool), nacc.RAGGED, "2 fields")
    dec.exclude(np.array([1, 1, 0, 0, 0, 0], bool), nacc.OUT, pd.Series(list("uvwxyz")))
    assert dec.excluded() == [
        (0, nacc.RAGGED, "2 fields"),
        (1, nacc.OUT, "v"),
        (3, nacc.MISSING, "d"),
        (5, nacc.MISSING, "f"),
    ]
    assert dec.open.tolist() == [False, False, True, False, True, False]


def test_whole_numbers_written_with_a_plus_sign_are_numbers():
    # pyarrow's integer cast refuses "+5"; Python's int() takes it (it used to crash)
    df = read_survey(io.BytesIO(b"id,nps,x\n1,9,+5\n2,7,+7\n3,8,-2\n"), score="nps")
    assert df["x"].dtype == "Int64"
    assert df["x"].tolist() == [5, 7, -2]


# --------------------------------------------------------------------------- whole loads


@pytest.fixture
def everything_fast(monkeypatch):
    """Every shortcut on, whatever the file's size: mapped files, pyarrow for ragged
    files, and small blocks (so that every column has many chunks)."""
    monkeypatch.setattr(nread, "_MAP_MIN", 0)
    monkeypatch.setattr(nread, "_RAGGED_MIN", 0)
    monkeypatch.setattr(nread, "_BLOCK", 1 << 12)


@pytest.mark.parametrize("seed", range(12))
def test_shortcuts_give_the_careful_account(seed, tmp_path, monkeypatch, everything_fast):
    rng = np.random.default_rng(seed)
    data = hostile_file(
        seed, rows=int(rng.integers(5, 400)), ragged=[0, 0.02, 0.2][seed % 3], blank=0.02
    )
    path = tmp_path / "survey.csv"
    path.write_bytes(data)
    kw = {"duplicates": "keep", "check_scales": False, "comment": "why"}
    if seed % 2:
        kw.update(respondent="id", date="date")
    fast = _load(path, **kw)
    if not isinstance(fast, str):
        assert fast.attrs["nps_toolkit"].reader == "pyarrow"
    monkeypatch.setattr(nio, "_FAST", False)
    careful = _load(io.BytesIO(data), **kw)
    if not isinstance(careful, str):
        assert careful.attrs["nps_toolkit"].reader == "csv"
    if isinstance(fast, str) or isinstance(careful, str):
        # the messages name the source: compare the rest
        assert isinstance(fast, str) and isinstance(careful, str)
        assert fast.replace(str(path), "<buffer>") == careful
        return
    assert_same_load(fast, careful)


@pytest.mark.parametrize("block", [16, 32, 64])
def test_line_breaks_in_quoted_values_are_never_cut(block, tmp_path, monkeypatch):
    # pyarrow's threads first cut the file at every line end; with blocks this small,
    # many cuts fall inside quoted values holding line breaks. Those reads must be
    # noticed and redone: the result is the csv module's, row for row.
    monkeypatch.setattr(nread, "_MAP_MIN", 0)
    monkeypatch.setattr(nread, "_BLOCK", block)
    rng = np.random.default_rng(block)
    for k in range(30):
        cells = ['"x\ny"', '"x\n"', '"\ny"', '"a,b"', '"q""r"', "plain", ""]
        lines = ["id,nps,why"] + [
            f"{i},{rng.integers(0, 11)},{rng.choice(cells, p=[0.05, 0.05, 0.05, 0.2, 0.05, 0.5, 0.1])}"
            for i in range(int(rng.integers(5, 80)))
        ]
        data = ("\n".join(lines) + ("\n" if k % 2 else "")).encode()
        path = tmp_path / f"quoted_{k}.csv"
        path.write_bytes(data)
        fast = _load(path)
        monkeypatch.setattr(nio, "_FAST", False)
        careful = _load(io.BytesIO(data))
        monkeypatch.setattr(nio, "_FAST", True)
        by_csv = list(csv.reader(io.StringIO(data.decode(), newline="")))[1:]
        assert len(fast.attrs["nps_toolkit"].lines) == len(by_csv)  # every row accounted for
        assert_same_load(fast, careful)


def test_a_read_cut_through_a_quoted_line_break_is_refused(tmp_path, monkeypatch):
    # with 16-byte blocks, pyarrow's threads cut this file inside "x<newline>" on line 5
    # and silently lose two rows: that read must be refused, and the file read again
    monkeypatch.setattr(nread, "_BLOCK", 16)
    lines = ["id,nps,why", "0,9,plain", "1,5,plain", "2,9,plain", '3,0,"x\n"']
    lines += [f"{i},{i % 11},plain" for i in range(4, 10)]
    data = ("\n".join(lines) + "\n").encode()
    cut = pacsv.read_csv(
        pa.BufferReader(data),
        read_options=pacsv.ReadOptions(block_size=16),
        parse_options=pacsv.ParseOptions(newlines_in_values=False),
    )
    assert cut.num_rows != 10  # what the cut read gives (if pyarrow ever stops cutting
    #                            through quoted values, this test has nothing left to check)
    assert nread._split_at_line_ends(data, 0, ",", 3) is None
    df = read_survey(io.BytesIO(data), score="nps")
    assert df["score"].tolist() == [9, 5, 9, 0, 4, 5, 6, 7, 8, 9]
    assert df.loc[3, "why"] == "x\n"


def test_a_large_ragged_file_is_read_by_pyarrow(tmp_path, monkeypatch):
    rows = 60_000  # a file over 1 MB, so pyarrow reads it (ragged rows by the csv module)
    rng = np.random.default_rng(1)
    lines = ["id,nps,why"] + [f"{i},{rng.integers(0, 11)},fine thanks" for i in range(rows)]
    lines[100] += ",extra,fields"  # line 101: 5 fields
    lines[20_000] = "20000"  # line 20001: 1 field
    lines[25_000] = '25000,7,"two\nlines",more'  # a quoted newline in a ragged row
    data = ("\n".join(lines) + "\n").encode()
    assert len(data) > nread._RAGGED_MIN
    path = tmp_path / "ragged.csv"
    path.write_bytes(data)
    fast = read_survey(path, score="nps", respondent="id")
    assert fast.attrs["nps_toolkit"].reader == "pyarrow"
    rep = dict(zip(quality_report(fast)["reason"], quality_report(fast)["lines"], strict=True))
    assert rep["ragged row"] == [101, 20001, 25001]
    assert fast.attrs["nps_toolkit"].overflow == {99: ("extra", "fields"), 24999: ("more",)}
    # the same rows, read one by one by Python's csv module
    by_csv = list(csv.reader(io.StringIO(data.decode(), newline="")))[1:]
    kept = [r for r in by_csv if len(r) == 3]
    assert fast["score"].tolist() == [int(r[1]) for r in kept]
    monkeypatch.setattr(nio, "_FAST", False)
    assert_same_load(fast, read_survey(io.BytesIO(data), score="nps", respondent="id"))
