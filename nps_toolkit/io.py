"""Survey exports in, a row-by-row account out: :func:`read_survey`, :func:`quality_report`.

What ``read_survey`` does, in order
-----------------------------------
1. **Reads** CSV (delimiter found by Python's sniffer among ``, ; TAB |``), TSV,
   Excel (``.xlsx``) and Parquet. Text files are decoded with the declared
   ``encoding=``, else by BOM (UTF-8, UTF-16, UTF-32), else as UTF-8, else as
   UTF-16 without BOM (many NUL bytes), else as Windows-1252 (ftfy's
   ``sloppy-windows-1252``, which keeps the five bytes Windows-1252 leaves
   undefined instead of failing). charset-normalizer is *not* used for the
   last step: on the real botanic file it answers ``cp1256`` (Farsi), which is
   wrong; Western survey tools write UTF-8 or Windows-1252. The encoding used
   is recorded in the account.
   Every cell is read as text: nothing is evaluated (a formula-looking cell
   such as ``=HYPERLINK(...)`` stays the text it was) and nothing is dropped
   before the row-by-row decisions below.
2. **Recognises the platform** from the header rows: Qualtrics (ids row,
   question-text row, ``{"ImportId": ...}`` row), SurveyMonkey (question row
   plus a sub-answer row such as ``Response``; ``Respondent ID``, ``Collector
   ID``), Typeform (``#``, ``Submit Date (UTC)``), Delighted (``score``,
   ``created_at`` as unix seconds or ISO) or a plain table. The platform
   proposes the date and respondent columns; the NPS question is the one
   column whose header (or question text) mentions recommend / NPS / likely
   and whose answers are 0-10; the comment is the one free-text column whose
   header says why / reason / comment / tell us. Anything ambiguous raises a
   ``ValueError`` listing the candidates; any column can be named instead.
3. **Accounts for every data row** (the rows after the header rows; blank
   lines and entirely empty spreadsheet rows are not rows: they are skipped
   and counted in ``blank_rows``). Each row is either kept or excluded with
   the *first* reason that applies, in this order:

   ======================== =====================================================
   reason                   when
   ======================== =====================================================
   truncated row            the file ends inside a quoted field (cut-off export)
   ragged row               its number of fields differs from the header's
                            (truncated file, stray delimiter): never re-aligned
   stray header row         a repeated header inside the data (concatenated exports)
   duplicate row            every cell equals an earlier row's (the first is kept)
   missing score            empty, ``N/A``, ``NA``, ``-``, ``null`` ... in the score
   score not a number       ``"seven"``, ``"abc"`` (``"10 - Extremely likely"``,
                            ``"0 (Not at all likely)"``, ``" 7 "``, ``"7.0"`` parse)
   score not a whole number ``7.5``
   score out of declared    outside ``scale=`` (e.g. ``0`` or ``11`` on 1-10)
   scale
   duplicate respondent     ``respondent=`` is named and the respondent answered
                            more than once: with ``duplicates="latest"`` (default)
                            the latest valid answer (by date, then file order) is
                            kept, ``"first"`` keeps the earliest, ``"keep"`` keeps
                            all (flagged), ``"error"`` raises. A respondent
                            column proposed by the platform (Qualtrics
                            ``ResponseId``, Delighted ``person_id``...) is never
                            de-duplicated, only flagged: repeat surveys of the
                            same person are legitimate there
   ======================== =====================================================

   Problems that only **flag** a kept row (nothing is excluded for them):
   comment missing, date missing, date unparseable, date order ambiguous
   (slash dates such as ``03/04/2024`` are read day-first when some first field
   exceeds 12, month-first otherwise, SurveyMonkey's US order, and flagged when
   no date in the file tells), score written as text,
   text repaired (mojibake fixed by ftfy), suspected DOS-accent mojibake not
   repaired, formula-looking cell, duplicate respondent kept. See
   :func:`quality_flags`.

   Problems that **stop** the load with a ``ValueError`` naming the file, the
   column, the first offending rows and the fix: a missing or empty file, an
   unknown column name, no score column (or several candidates), a score
   column that is mostly text (more than half of its non-empty answers are not
   numbers), and mixed scales: all valid scores at or below 5 when a 0-10 or
   1-10 scale is declared (at least 10 of them), or a block of at least 20
   consecutive rows never above 5 inside a 0-10 column where such a run is
   implausible (probability below one in a million given how often the rest
   of the column is at or below 5), not simply sorted, and mostly 4s and 5s
   (a five-point block's top boxes; a bad spell on 0-10 is mostly 0-3).
   ``check_scales=False`` skips these two checks.
   The validity rules are those of :func:`nps_toolkit.scores.validate_scores`,
   which checks the kept scores once more.
4. **Repairs mojibake** in text cells with ftfy, encoding fixes only
   (``uncurl_quotes``, width and ligature fixes and Unicode normalisation are
   off, so only broken text changes), and counts the cells changed per column.
   What ftfy cannot repair is said so: the botanic file's DOS accents (``‚``
   written for ``é`` because the text went through code page 850) are *not*
   mojibake of a known encoding chain; they are left as they are and the rows
   are flagged "suspected DOS-accent mojibake (not repaired)".

The result
----------
A DataFrame of the kept rows, indexed by ``source_row`` (the 0-based data row
number in the file, after the header rows, so ``source_row`` 0 is the first
answer), with the canonical columns ``respondent_id`` (str), ``score``
(``Int64``), ``comment`` (str, NaN when empty) and ``date`` (``datetime64``,
UTC without time zone) that exist, followed by every original column under its
original name (numbers converted when a whole column is numeric and has no
leading zeros, so ids and postcodes stay text; empty header
names become ``Unnamed: <i>``). An original column that has a canonical name
but is not the source of that canonical column is renamed ``<name>_original``
(the source column itself is replaced by its cleaned version; the raw values
of excluded rows stay in the account).

The account lives in ``df.attrs["nps_toolkit"]`` (a :class:`SurveyAccount`,
shared by copies, not deep-copied) and is read with :func:`quality_report`
(kept / excluded counts and source rows), :func:`excluded_rows` (the excluded
rows' cells as read), :func:`quality_flags` and :func:`quality_summary`. They
refuse a frame whose row count no longer matches the account (filtered or
concatenated after loading) rather than describe it wrongly.

In the comment column only an empty cell or ``NA`` (R's missing marker) is
a missing comment; non-answers a respondent typed (``n/a``, ``none``) are kept
as written.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence

import ftfy
import numpy as np
import pandas as pd

from nps_toolkit import io_platforms as _p
from nps_toolkit.scores import resolve_thresholds, validate_scores

__all__ = [
    "SurveyAccount",
    "excluded_rows",
    "quality_flags",
    "quality_report",
    "quality_summary",
    "read_survey",
]

ATTRS_KEY = "nps_toolkit"
CANONICAL = ("respondent_id", "score", "comment", "date")

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

F_COMMENT = "comment missing"
F_DATE_MISSING = "date missing"
F_DATE_BAD = "date unparseable"
F_DATE_ORDER = "date order ambiguous (read as month/day)"
F_SCORE_TEXT = "score written as text (parsed)"
F_REPAIRED = "text repaired (mojibake)"
F_DOS = "suspected DOS-accent mojibake (not repaired)"
F_FORMULA = "formula-looking cell (kept as text)"
F_DUP_KEPT = "duplicate respondent (kept)"

# Answers meaning "no score" in a score cell.
_MISSING_SCORE = {"", "na", "n/a", "n.a.", "nan", "null", "none", "-", "--", "#n/a", "."}
# Missing-value markers in other columns (pandas' defaults, minus text people type as comments).
_MISSING_CELL = {"", "NA", "N/A", "NaN", "nan", "NULL", "null", "#N/A", "<NA>", "None"}
_MIXED_MIN_N = 10
_BLOCK_MIN = 20
_SHOW = 5

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
_DOS_ACCENT = re.compile(r"[A-Za-zÀ-ÿ]\u201a|\u201a[a-zà-ÿ]")
_FORMULA = re.compile(r"^\s*(?:=|@|[+-][A-Za-z(])")
_INT = re.compile(r"^[+-]?\d+$")
_FLOAT = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$")
_SLASH_DATE = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.]\d{2,4}")
_UNIX = re.compile(r"^\d{9,10}(?:\.\d+)?$")


class SurveyAccount:
    """What :func:`read_survey` did with every row of one file (kept in ``df.attrs``).

    Attributes: ``source``, ``format``, ``platform``, ``encoding``, ``delimiter``,
    ``header_rows``, ``rows_read``, ``blank_rows`` (empty lines or spreadsheet
    rows skipped, not counted as rows), ``columns`` (canonical -> original column),
    ``scale``, ``excluded`` (list of ``(source_row, reason, value)``), ``flags``
    (reason -> tuple of source rows), ``repaired`` (column -> cells changed by
    ftfy), ``kept_rows`` (tuple of source rows kept), ``excluded_cells``
    (source row -> (cells as read, fields beyond the header's width)),
    ``original_columns``.

    It is immutable once built: copying a DataFrame shares it rather than
    deep-copying thousands of row numbers, and two frames compare equal on it
    only when they come from the same load.
    """

    def __init__(self, **fields):
        self.__dict__.update(fields)

    def __deepcopy__(self, memo):
        return self

    def __copy__(self):
        return self

    def __repr__(self) -> str:
        return (
            f"SurveyAccount(source={self.source!r}, platform={self.platform!r}, "
            f"rows_read={self.rows_read}, kept={len(self.kept_rows)}, "
            f"excluded={len(self.excluded)})"
        )


# --------------------------------------------------------------------------- public API


def read_survey(
    path_or_buffer,
    *,
    score: str | None = None,
    comment: str | None = None,
    date: str | None = None,
    respondent: str | None = None,
    scale: Sequence[int] = (0, 10),
    thresholds: Sequence[int] | None = None,
    format: str = "auto",
    encoding: str | None = None,
    sheet: str | int | None = None,
    duplicates: str = "latest",
    check_scales: bool = True,
) -> pd.DataFrame:
    """Load a survey export and account for every row.

    Parameters
    ----------
    path_or_buffer : str, Path, bytes or file-like
        CSV / TSV / Excel / Parquet file, or an open (text or binary) file.
    score, comment, date, respondent : str, optional
        Column names (as in the file's header; for Qualtrics the id row, e.g.
        ``"Q1"``, or the question text of the second header row). ``None`` lets the platform layout and the header words
        decide (see the module docstring); ``score`` must then be unambiguous.
    scale : (int, int)
        The survey's declared scale, ``(0, 10)`` by default, e.g. ``(1, 10)``.
    thresholds : (int, int), optional
        ``(passive_min, promoter_min)`` for scales without standard cut-offs.
    format : {"auto", "csv", "tsv", "excel", "parquet"}
        ``"auto"`` looks at the file's first bytes and extension.
    encoding : str, optional
        Declared text encoding; ``None`` detects it.
    sheet : str or int, optional
        Excel sheet (the first by default).
    duplicates : {"latest", "first", "keep", "error"}
        What to do when ``respondent`` answered more than once.
    check_scales : bool
        ``False`` skips the mixed-scale checks (all scores at or below 5 on a
        declared 0-10 / 1-10 scale, or an implausible block of such scores);
        only for a file you have inspected and know to be on one scale.

    Returns
    -------
    pandas.DataFrame
        Kept rows, index ``source_row``; columns ``respondent_id``, ``score``
        (Int64), ``comment``, ``date`` (those that exist), then the original
        columns. ``df.attrs["nps_toolkit"]`` holds the account.

    Raises
    ------
    ValueError
        Empty or unreadable file, unknown column, no or ambiguous score column,
        a mostly-text score column, mixed scales, or duplicates with
        ``duplicates="error"``.

    Examples
    --------
    >>> import io
    >>> from nps_toolkit.io import read_survey, quality_report
    >>> csv = io.StringIO(
    ...     "id,How likely are you to recommend us?,Why?\\n"
    ...     "a,10 - Extremely likely,Great\\n"
    ...     "b,,\\n"
    ...     "c,7,ok\\n"
    ...     "d,seven,typo\\n"
    ... )
    >>> df = read_survey(csv, respondent="id")
    >>> df[["respondent_id", "score", "comment"]]
               respondent_id  score comment
    source_row
    0                      a     10   Great
    2                      c      7      ok
    >>> quality_report(df)[["reason", "rows"]]
                   reason  rows
    0                kept     2
    1       missing score     1
    2  score not a number     1
    """
    if duplicates not in ("latest", "first", "keep", "error"):
        raise ValueError(f"duplicates={duplicates!r}: use 'latest', 'first', 'keep' or 'error'.")
    lo, hi, _, _ = resolve_thresholds(scale, thresholds)
    source = _p.source_name(path_or_buffer)
    data = _p._read_bytes(path_or_buffer, source)
    if not data.strip():
        raise ValueError(
            f"Survey file {source!r} is empty (0 bytes of data). Check the export finished."
        )
    fmt = _p.detect_format(data, source, format)
    used_encoding, delimiter, truncated = None, None, False
    if fmt in _p.TEXT_FORMATS:
        text, used_encoding = _p.decode(data, source, encoding)
        rows, delimiter, truncated = _p.parse_text(text, source, fmt)
    else:
        rows = _p.read_binary_table(data, source, fmt, sheet)
    rows, blank = _p.drop_blank_rows(rows)
    table = _p.build_table(rows, source, fmt, used_encoding)
    if not table.rows:
        raise ValueError(
            f"Survey file {source!r} has a header ({len(table.columns)} columns) but no data "
            "rows. Check the export's filters or date range."
        )

    cols = _resolve_columns(table, score=score, comment=comment, date=date, respondent=respondent)
    n = len(table.rows)
    j_score = table.columns.index(cols["score"])
    reason: list[str | None] = [None] * n
    value: list[str] = [""] * n

    raw = [row[j_score].strip() for row in table.rows]
    numbers = [_p.parse_number(cell) for cell in raw]  # parsed once, used by steps 2 and 4

    # 1. ragged rows, 2. stray header rows, 3. exact duplicate rows
    width = len(table.columns)
    seen: set[tuple[str, ...]] = set()
    for i, row in enumerate(table.rows):
        if truncated and i == n - 1:
            reason[i] = TRUNCATED
            value[i] = "file ends inside a quoted field"
        elif table.widths[i] != width:
            reason[i] = RAGGED
            value[i] = f"{table.widths[i]} fields, header has {width}"
        elif numbers[i] is None and _is_stray_header(table, row):
            # (a row whose score is a number is an answer, not a repeated header)
            reason[i] = STRAY
            value[i] = row[j_score]
        else:
            key = tuple(row)
            if key in seen:
                reason[i] = DUP_ROW
                value[i] = row[j_score]
            seen.add(key)

    # 4. the score
    scores = np.full(n, np.nan)
    text_scored = []
    unparseable = []
    nonempty = 0
    for i in range(n):
        if reason[i] is not None:
            continue
        cell = raw[i]
        if cell.lower() in _MISSING_SCORE:
            reason[i], value[i] = MISSING, cell
            continue
        nonempty += 1
        number = numbers[i]
        if number is None:
            reason[i], value[i] = NAN_TEXT, cell
            unparseable.append(i)
        elif number != int(number):
            reason[i], value[i] = NOT_INT, cell
        elif not lo <= number <= hi:
            reason[i], value[i] = OUT, cell
        else:
            scores[i] = number
            if not _FLOAT.match(cell):
                text_scored.append(i)
    if nonempty and len(unparseable) * 2 > nonempty:
        raise ValueError(
            f"Survey file {source!r}: score column {cols['score']!r} is mostly text: "
            f"{len(unparseable)} of {nonempty} non-empty answers are not numbers, e.g. "
            f"{_show(raw, unparseable)}. Fix: pass score= the column holding the 0-10 answers "
            f"(columns: {_list(table.columns)})."
        )
    if check_scales:
        _check_mixed_scales(scores, cols["score"], source, lo, hi)

    # 5. dates (needed to keep the latest answer), respondents, duplicates
    dates, date_flags = _parse_dates(table, cols.get("date"), n)
    resp = None
    if "respondent" in cols:
        j = table.columns.index(cols["respondent"])
        resp = [row[j].strip() for row in table.rows]
        # Only a respondent column the analyst named is de-duplicated: a platform's
        # own id column (Delighted person_id...) may hold legitimate repeat surveys.
        if respondent is None:
            duplicates = "keep"
        _dedupe(resp, scores, dates, reason, value, duplicates, source, cols["respondent"])

    kept = [i for i in range(n) if reason[i] is None]
    if not kept:
        counts = pd.Series([r for r in reason if r]).value_counts()
        raise ValueError(
            f"Survey file {source!r}: no row has a valid score in column {cols['score']!r} "
            f"on the declared {lo}-{hi} scale ({', '.join(f'{k}: {v}' for k, v in counts.items())}). "
            "Fix: check score= and scale=."
        )
    frame, flags, repaired = _build_frame(table, cols, kept, scores, dates, resp)
    validate_scores(frame["score"], scale=(lo, hi), thresholds=thresholds, name=cols["score"])

    flags[F_SCORE_TEXT] = tuple(i for i in text_scored if reason[i] is None)
    for name, rows_ in date_flags.items():
        flags[name] = tuple(i for i in rows_ if reason[i] is None)
    if resp is not None and duplicates == "keep":
        counts = pd.Series([resp[i] for i in kept]).value_counts()
        multi = set(counts.index[counts > 1])
        flags[F_DUP_KEPT] = tuple(i for i in kept if resp[i] in multi)
    account = SurveyAccount(
        source=source,
        format=fmt,
        platform=table.platform,
        encoding=used_encoding,
        delimiter=delimiter,
        header_rows=table.header_rows,
        rows_read=n,
        blank_rows=blank,
        columns=dict(cols),
        scale=(lo, hi),
        excluded=[(i, reason[i], value[i]) for i in range(n) if reason[i] is not None],
        excluded_cells={
            i: (tuple(table.rows[i]), tuple(table.overflow.get(i, ())))
            for i in range(n)
            if reason[i] is not None
        },
        original_columns=tuple(table.columns),
        flags={k: v for k, v in flags.items() if v},
        repaired=repaired,
        kept_rows=tuple(kept),
    )
    frame.attrs[ATTRS_KEY] = account
    return frame


def _account(df: pd.DataFrame) -> SurveyAccount:
    account = getattr(df, "attrs", {}).get(ATTRS_KEY) if isinstance(df, pd.DataFrame) else None
    if not isinstance(account, SurveyAccount):
        raise ValueError(
            "This DataFrame carries no loading account (df.attrs['nps_toolkit'] is missing: it "
            "was built by hand, or an operation such as merge dropped the attrs). Fix: call "
            "quality_report() on the DataFrame returned by nps_toolkit.io.read_survey()."
        )
    if len(df) != len(account.kept_rows):
        raise ValueError(
            f"This DataFrame has {len(df)} rows but read_survey kept {len(account.kept_rows)} "
            f"from {account.source!r}: it was filtered or extended after loading, so the account "
            "no longer describes it. Fix: call quality_report() on read_survey's result "
            "before filtering."
        )
    return account


def quality_report(df: pd.DataFrame) -> pd.DataFrame:
    """The account of every data row of the file ``df`` was read from.

    Parameters
    ----------
    df : DataFrame
        The result of :func:`read_survey` (before any filtering).

    Returns
    -------
    pandas.DataFrame
        One row ``kept`` then one row per exclusion reason that occurred, in
        the order reasons are applied: ``reason``, ``rows`` (count),
        ``source_rows`` (list of 0-based data row numbers, empty for ``kept``,
        whose rows are ``df.index``). ``rows.sum()`` equals the data rows read.

    Raises
    ------
    ValueError
        If ``df`` has no account or was filtered after loading.

    Examples
    --------
    >>> import io
    >>> from nps_toolkit.io import read_survey
    >>> df = read_survey(io.StringIO("nps,why\\n9,\\n8,meh\\nN/A,\\n"), score="nps")
    >>> quality_report(df)
              reason  rows source_rows
    0           kept     2          []
    1  missing score     1         [2]
    """
    account = _account(df)
    by_reason: dict[str, list[int]] = {}
    for row, why, _ in account.excluded:
        by_reason.setdefault(why, []).append(row)
    order = [r for r in EXCLUSION_ORDER if r in by_reason]
    out = pd.DataFrame(
        {
            "reason": ["kept", *order],
            "rows": [len(account.kept_rows), *(len(by_reason[r]) for r in order)],
            "source_rows": [[], *(by_reason[r] for r in order)],
        }
    )
    out["reason"] = out["reason"].astype("str")
    return out


def excluded_rows(df: pd.DataFrame) -> pd.DataFrame:
    """The excluded rows themselves, as they were in the file (every cell as text).

    Parameters
    ----------
    df : DataFrame
        The result of :func:`read_survey` (before any filtering).

    Returns
    -------
    pandas.DataFrame
        Index ``source_row``; columns ``reason``, then the file's columns
        (text exactly as read, no repair; a short ragged row's missing fields
        are empty strings), then ``extra_fields`` (list of the fields beyond
        the header's width, for long ragged rows; empty otherwise).

    Examples
    --------
    >>> import io
    >>> from nps_toolkit.io import read_survey
    >>> df = read_survey(io.StringIO("nps,why\\n9,ok\\n12,typo\\n"), score="nps")
    >>> excluded_rows(df)
                                     reason nps   why extra_fields
    source_row
    1           score out of declared scale  12  typo           []
    """
    account = _account(df)
    rows = sorted(account.excluded_cells)
    why = {row: r for row, r, _ in account.excluded}
    cells = [account.excluded_cells[r][0] for r in rows]
    out = pd.DataFrame(
        cells, columns=list(account.original_columns), index=pd.Index(rows, name="source_row")
    ).astype("str")
    out.insert(0, "reason", pd.Series([why[r] for r in rows], index=out.index, dtype="str"))
    out["extra_fields"] = pd.Series(
        [list(account.excluded_cells[r][1]) for r in rows], index=out.index, dtype="object"
    )
    return out


def quality_flags(df: pd.DataFrame) -> pd.DataFrame:
    """Problems that flag kept rows without excluding them.

    Returns
    -------
    pandas.DataFrame
        ``reason``, ``rows`` (count of kept rows flagged), ``source_rows``;
        one row per flag that occurred (a row may carry several flags). The
        ``text repaired`` flag counts rows; cells repaired per column are in
        ``df.attrs["nps_toolkit"].repaired``.

    Examples
    --------
    >>> import io
    >>> from nps_toolkit.io import read_survey
    >>> df = read_survey(io.StringIO("nps,why\\n9,\\n8,meh\\n"), score="nps", comment="why")
    >>> quality_flags(df)
                reason  rows source_rows
    0  comment missing     1         [0]
    """
    account = _account(df)
    items = list(account.flags.items())
    return pd.DataFrame(
        {
            "reason": pd.Series([k for k, _ in items], dtype="str"),
            "rows": pd.Series([len(v) for _, v in items], dtype="int64"),
            "source_rows": pd.Series([list(v) for _, v in items], dtype="object"),
        }
    )


def quality_summary(df: pd.DataFrame) -> str:
    """A plain-language paragraph of what :func:`read_survey` did, for notebooks and reports.

    Examples
    --------
    >>> import io
    >>> from nps_toolkit.io import read_survey
    >>> df = read_survey(io.StringIO("nps\\n9\\n\\n8\\n"), score="nps")
    >>> print(quality_summary(df))  # doctest: +ELLIPSIS
    <buffer>: csv (plain layout, encoding utf-8), 2 data rows read; 2 kept (scores on 0-10 in 'nps'). 1 blank line(s) skipped (not rows).
    """
    a = _account(df)
    enc = f", encoding {a.encoding}" if a.encoding else ""
    text = (
        f"{a.source}: {a.format} ({a.platform} layout{enc}), {a.rows_read} data rows read; "
        f"{len(a.kept_rows)} kept (scores on {a.scale[0]}-{a.scale[1]} in {a.columns['score']!r})."
    )
    if a.blank_rows:
        text += f" {a.blank_rows} blank line(s) skipped (not rows)."
    report = quality_report(df)
    for _, r in report.iloc[1:].iterrows():
        text += f" Excluded {r['rows']}: {r['reason']}."
    for reason_, rows_ in a.flags.items():
        text += f" Flagged {len(rows_)}: {reason_}."
    for column, count in a.repaired.items():
        text += f" Repaired mojibake in {count} cell(s) of {column!r}."
    return text


# --------------------------------------------------------------------------- helpers


def _list(names, k: int = 20) -> str:
    names = list(names)
    more = f", ... ({len(names)} in all)" if len(names) > k else ""
    return ", ".join(repr(c) for c in names[:k]) + more


def _show(raw: list[str], rows: list[int]) -> str:
    parts = [f"{raw[i][:40]!r} (row {i})" for i in rows[:_SHOW]]
    return ", ".join(parts) + (" ..." if len(rows) > _SHOW else "")


def _resolve_columns(table, **given) -> dict[str, str]:
    cols: dict[str, str] = {}
    for key, name in given.items():
        if name is None:
            continue
        by_question = [c for c, q in table.questions.items() if q and q == name]
        if name not in table.columns and len(by_question) == 1:
            name = by_question[0]  # Qualtrics: the question text names its id column
        if name not in table.columns:
            close = difflib.get_close_matches(str(name), table.columns, n=3, cutoff=0.6)
            hint = f" Did you mean {_list(close)}?" if close else ""
            raise ValueError(
                f"Survey file {table.source!r} has no column {name!r} (passed as {key}=).{hint} "
                f"Columns are: {_list(table.columns)}."
            )
        cols[key] = name
    for key, name in table.defaults.items():
        cols.setdefault(key, name)
    if "score" not in cols:
        found = _p.score_candidates(table)
        if len(found) != 1:
            what = (
                f"several columns could be the NPS question: {_list(found)}"
                if found
                else "no column looks like the NPS question (a header mentioning "
                "recommend / NPS / likely with 0-10 answers)"
            )
            raise ValueError(
                f"Survey file {table.source!r}: {what}. Fix: pass score= the column name. "
                f"Columns are: {_list(table.columns)}."
            )
        cols["score"] = found[0]
    if "comment" not in cols:
        found = _p.comment_candidates(table, exclude={cols["score"]})
        if len(found) > 1:
            raise ValueError(
                f"Survey file {table.source!r}: several columns could be the comment question: "
                f"{_list(found)}. Fix: pass comment= the one to analyse."
            )
        if found:
            cols["comment"] = found[0]
    order = ("respondent", "score", "comment", "date")
    return {k: cols[k] for k in order if k in cols}


def _is_stray_header(table, row: list[str]) -> bool:
    """A row repeating one of the file's header lines (at least half its non-empty cells)."""
    cells = [c.strip() for c in row]
    if any(_p._QUALTRICS_IMPORT.match(c) for c in cells):
        return True
    filled = [j for j, c in enumerate(cells) if c]
    if not filled:
        return False
    for line in [table.columns, *table.header_lines]:
        hits = sum(j < len(line) and cells[j] == line[j] for j in filled)
        if hits * 2 >= len(filled):
            return True
    return False


def _check_mixed_scales(scores: np.ndarray, column: str, source: str, lo: int, hi: int) -> None:
    if hi < 10:
        return
    valid = np.flatnonzero(~np.isnan(scores))
    v = scores[valid]
    if len(v) >= _MIXED_MIN_N and v.max() <= 5:
        raise ValueError(
            f"Survey file {source!r}: all {len(v)} valid scores in column {column!r} are between "
            f"{v.min():.0f} and {v.max():.0f}, which looks like a five-point survey, not the "
            f"declared {lo}-{hi}: every answer would count as a detractor. Fix: declare "
            "scale=(1, 5) or scale=(0, 5); if this really is 0-10, the data are too odd to trust."
        )
    if len(v) < _BLOCK_MIN + 1:
        return
    low = v <= 5
    # longest run of consecutive valid answers never above 5
    best_len, best_start, run = 0, 0, 0
    for k, is_low in enumerate(low):
        run = run + 1 if is_low else 0
        if run > best_len:
            best_len, best_start = run, k - run + 1
    if best_len < _BLOCK_MIN or best_len == len(v):
        return
    block = v[best_start : best_start + best_len]
    outside = np.delete(low, np.arange(best_start, best_start + best_len))
    p = outside.mean()
    sorted_block = bool(np.all(np.diff(block) >= 0) or np.all(np.diff(block) <= 0))
    # A five-point block answers mostly 4-5 (top boxes); a bad spell of a 0-10 survey
    # (detractors only) answers mostly 0-3. Only the first is reported.
    top_boxes = float(np.mean(block >= 4))
    if sorted_block or top_boxes < 0.5 or best_len * np.log(max(p, 1e-300)) > np.log(1e-6):
        return
    rows = valid[best_start : best_start + best_len]
    raise ValueError(
        f"Survey file {source!r}: column {column!r} mixes scales: {best_len} consecutive answers "
        f"(rows {rows[0]} to {rows[-1]}) never exceed 5 while only {p:.0%} of the other answers "
        f"are 5 or less; this looks like a 1-5 block inside a {lo}-{hi} column. Fix: split the "
        "file at those rows and load each part with its own scale=, or recode the block "
        "(check_scales=False loads it as it is, if you are sure it is one scale)."
    )


def _parse_dates(table, column: str | None, n: int):
    flags: dict[str, list[int]] = {}
    if column is None:
        return None, flags
    j = table.columns.index(column)
    raw = pd.Series([row[j].strip() for row in table.rows], dtype="object")
    present = ~raw.isin(list(_MISSING_CELL))
    values = raw[present]
    out = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns]")
    if len(values):
        if values.map(lambda s: bool(_UNIX.match(s))).all():
            parsed = pd.to_datetime(values.astype("float64"), unit="s", errors="coerce")
        else:
            parsed = pd.to_datetime(values, format="ISO8601", errors="coerce", utc=True)
            retry = parsed.isna()
            if retry.any():
                dayfirst = _day_first(values[retry])
                if dayfirst is None:
                    flags[F_DATE_ORDER] = list(values[retry].index)
                parsed[retry] = pd.to_datetime(
                    values[retry],
                    format="mixed",
                    dayfirst=bool(dayfirst),
                    errors="coerce",
                    utc=True,
                )
            parsed = parsed.dt.tz_convert(None)
        out[present] = parsed.astype("datetime64[ns]")
    flags[F_DATE_MISSING] = list(np.flatnonzero(~present.to_numpy()))
    flags[F_DATE_BAD] = list(np.flatnonzero((present & out.isna()).to_numpy()))
    return out, flags


def _day_first(values: pd.Series) -> bool | None:
    """Day/month order of slash dates: True if some first field exceeds 12, False if
    some second field does, None (read as month/day, the US order) if no date tells."""
    parts = values.str.extract(_SLASH_DATE).dropna().astype(int)
    if parts.empty:
        return False
    first_big, second_big = bool((parts[0] > 12).any()), bool((parts[1] > 12).any())
    if first_big and not second_big:
        return True
    if second_big:
        return False
    return None


def _dedupe(resp, scores, dates, reason, value, mode, source, column) -> None:
    groups: dict[str, list[int]] = {}
    for i, r in enumerate(resp):
        if reason[i] is None and r:
            groups.setdefault(r, []).append(i)
    multi = {r: rows for r, rows in groups.items() if len(rows) > 1}
    if not multi or mode == "keep":
        return
    if mode == "error":
        shown = "; ".join(f"{r!r} rows {rows}" for r, rows in list(multi.items())[:_SHOW])
        raise ValueError(
            f"Survey file {source!r}: {len(multi)} respondent(s) in column {column!r} answered "
            f"more than once: {shown}. Fix: duplicates='latest' keeps each one's latest answer, "
            "'first' the earliest, 'keep' keeps all."
        )
    for r, rows in multi.items():
        if dates is not None:
            key = [
                (dates.iloc[i] if pd.notna(dates.iloc[i]) else pd.Timestamp.min, i) for i in rows
            ]
            ordered = [i for _, i in sorted(key)]
        else:
            ordered = rows
        keep = ordered[-1] if mode == "latest" else ordered[0]
        for i in rows:
            if i != keep:
                reason[i], value[i] = DUP_RESP, r


def _repair(values: list[str], cache: dict[str, str]) -> tuple[list[str], int]:
    """ftfy (encoding fixes only) on non-ASCII cells; ``cache`` shares work across columns."""
    changed = 0
    out = []
    for s in values:
        if s and not s.isascii():
            fixed = cache.get(s)
            if fixed is None:
                fixed = cache[s] = ftfy.fix_text(s, _FTFY)
            if fixed != s:
                changed += 1
                s = fixed
        out.append(s)
    return out, changed


def _typed(values: list[str]) -> pd.Series:
    s = pd.Series(values, dtype="object")
    stripped = s.str.strip()
    missing = s.isin(list(_MISSING_CELL)) | stripped.eq("")
    present = stripped[~missing]
    if present.str.match(r"^0\d").any():
        return s.mask(missing).astype("str")  # ids / postcodes: keep leading zeros
    if len(present) and present.map(lambda x: bool(_INT.match(x))).all():
        out = pd.Series(pd.NA, index=s.index, dtype="Int64")
        out[~missing] = present.astype("int64")
        return out
    if len(present) and present.map(lambda x: bool(_FLOAT.match(x))).all():
        return pd.to_numeric(s.mask(missing), errors="coerce").astype("float64")
    return s.mask(missing).astype("str")


def _build_frame(table, cols, kept, scores, dates, resp):
    flags: dict[str, tuple[int, ...]] = {}
    repaired: dict[str, int] = {}
    index = pd.Index(kept, name="source_row")
    originals: dict[str, pd.Series] = {}
    repaired_rows: set[int] = set()
    formula_rows: set[int] = set()
    cache: dict[str, str] = {}
    fixed_by_column: dict[str, list[str]] = {}
    for j, column in enumerate(table.columns):
        values = [table.rows[i][j] for i in kept]
        fixed, changed = _repair(values, cache)
        fixed_by_column[column] = fixed
        if changed:
            repaired[column] = changed
            repaired_rows.update(i for i, a, b in zip(kept, values, fixed, strict=True) if a != b)
        formula_rows.update(i for i, v in zip(kept, fixed, strict=True) if _FORMULA.match(v))
        series = _typed(fixed)
        series.index = index
        originals[column] = series
    flags[F_REPAIRED] = tuple(sorted(repaired_rows))
    flags[F_FORMULA] = tuple(sorted(formula_rows))

    canon: dict[str, pd.Series] = {}
    if resp is not None:
        rid = pd.Series([resp[i] for i in kept], index=index, dtype="object")
        canon["respondent_id"] = rid.mask(rid.eq("")).astype("str")
    canon["score"] = pd.Series(scores[kept], index=index).astype("Int64")
    if "comment" in cols:
        text = pd.Series(fixed_by_column[cols["comment"]], index=index, dtype="object")
        text = text.str.strip()
        # "NA" is R's missing marker; "n/a" typed by a respondent is kept as written.
        missing = text.eq("") | text.eq("NA")
        canon["comment"] = text.mask(missing).astype("str")
        flags[F_COMMENT] = tuple(index[missing.to_numpy()])
        dos = canon["comment"].str.contains(_DOS_ACCENT, na=False)
        flags[F_DOS] = tuple(index[dos.to_numpy()])
    if dates is not None:
        canon["date"] = pd.Series(dates.to_numpy()[kept], index=index)

    source_of = {
        "respondent_id": cols.get("respondent"),
        "score": cols["score"],
        "comment": cols.get("comment"),
        "date": cols.get("date"),
    }
    renamed = {}
    for name in CANONICAL:
        if name in originals and source_of[name] != name:
            renamed[name] = f"{name}_original"
    for name, src in source_of.items():
        if src == name and name in canon:
            del originals[name]  # the cleaned canonical column replaces its source
    out = pd.DataFrame(canon, index=index)
    rest = pd.DataFrame({renamed.get(k, k): v for k, v in originals.items()}, index=index)
    return pd.concat([out, rest], axis=1), flags, repaired
