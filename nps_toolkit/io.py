"""Survey exports in, a row-by-row account out: :func:`read_survey`, :func:`quality_report`.

What ``read_survey`` does, in order
-----------------------------------
1. **Reads** CSV (delimiter found by Python's sniffer among ``, ; TAB |``), TSV,
   Excel (``.xlsx``; ``sheet=``, a note lists the sheets when there are
   several) and Parquet. Text is decoded with the declared ``encoding=``, else
   by BOM (UTF-8, UTF-16, UTF-32), else as UTF-8, else as UTF-16 without BOM
   (many NUL bytes), else as Windows-1252 (ftfy's ``sloppy-windows-1252``).
   charset-normalizer is *not* used: on the real botanic file it answers
   ``cp1256`` (Farsi), which is wrong. A rectangular file is parsed by
   ``pyarrow.csv`` (every cell as text); a file pyarrow cannot describe row
   by row (ragged rows, blank lines, a cut-off quote) by Python's ``csv``
   module. Both give the same account. Nothing is evaluated (``=HYPERLINK(...)``
   stays text) and nothing is dropped before the decisions below.
   ``header_row=`` (as a spreadsheet numbers rows) skips title lines above
   the header; a header that looks like a title gets that hint in the error.
2. **Recognises the platform** from the header rows only, and only when they
   confirm it (see :mod:`nps_toolkit.io_platforms`): Qualtrics, SurveyMonkey,
   Typeform, Delighted or a plain table. The platform proposes the date and
   respondent columns; the NPS question is the one column whose header (or
   question text) mentions recommend / NPS / likely and whose answers are
   0-10; the comment the one free-text column whose header says why / reason /
   comment / tell us. Anything ambiguous raises a ``ValueError`` listing the
   candidates; any column can be named instead. A column name used twice is
   said in a note (the second is read as ``name.1``); naming it is an error.
3. **Decides the scale once**, from the whole score column and ``scale=``
   (:func:`nps_toolkit.scores.decide_scale`): undeclared, a column never above
   5, or a five-point column with a few stray answers above 5, is refused with
   the fix (declare ``scale=(1, 5)``: the strays are then excluded as out of
   scale). A declared 0-10 / 1-10 scale is checked the same way (at least 10
   answers), and for a block of at least 20 consecutive answers never above 5
   that is implausible on 0-10; ``check_scales=False`` skips both checks.
4. **Accounts for every data row** (the rows after the header rows; blank
   lines and empty spreadsheet rows are not rows: they are counted in
   ``blank_rows``). Each row is kept or excluded with the *first* reason
   that applies, in this order:

   ======================== =====================================================
   reason                   when
   ======================== =====================================================
   truncated row            the file ends inside a quoted field (cut-off export)
   ragged row               its number of fields differs from the header's
   stray header row         a repeated header inside the data (concatenated exports)
   duplicate row            every cell equals an earlier row's *and* the row has a
                            respondent id (the same respondent's answer twice).
                            Without an id identical rows are different people:
                            kept, and counted in ``identical_rows``
   missing score            empty, ``N/A``, ``NA``, ``-``, ``null`` ... in the score
   score not a number       ``"seven"`` (``"10 - Extremely likely"``,
                            ``"0 (Not at all likely)"``, ``" 7 "``, ``"7.0"`` parse)
   score not a whole number ``7.5``
   score out of declared    outside the survey's scale (e.g. ``11``, or a stray
   scale                    ``10`` once ``scale=(1, 5)`` is declared)
   duplicate respondent     ``respondent=`` is named and answered more than once:
                            ``duplicates="latest"`` (default) keeps the latest valid
                            answer (by date, then file order), ``"first"`` the
                            earliest, ``"keep"`` all (flagged), ``"error"`` raises.
                            A platform's own id column (Qualtrics ``ResponseId``,
                            Delighted ``person_id``) is only flagged
   ======================== =====================================================

   Flags on kept rows (nothing excluded): comment missing, date missing or
   unparseable, date order ambiguous (slash dates read day-first when some
   first field exceeds 12, month-first otherwise), date order mixed (both in
   one file) or contradicting ``dayfirst=``, score written as text, text
   repaired (mojibake), suspected DOS-accent mojibake, formula-looking cell,
   duplicate respondent kept, and with ``by=`` the same respondent in two
   values of a segment ("same respondent in control and pilot ('arm')").
5. **Repairs mojibake** with ftfy (encoding fixes only) in the distinct
   non-ASCII values that ftfy's own badness test flags, and counts the cells
   changed per column. The botanic file's DOS accents (``‚`` for ``é``) are
   not a known encoding chain: left as they are, and flagged.

The result
----------
A DataFrame of the kept rows, indexed by ``source_row`` (0-based data row
number, after the header rows), with the canonical columns ``respondent_id``
(str), ``score`` (``Int64``), ``comment`` (str) and ``date`` (``datetime64``,
UTC without time zone) that exist, then every original column (numbers
converted when a whole column is numeric without leading zeros; whole numbers
beyond 64 bits stay text, with a note). An original column with a canonical
name that is not that column's source is renamed ``<name>_original``.

The account lives in ``df.attrs["nps_toolkit"]`` (a :class:`SurveyAccount`)
and is read with :func:`quality_report`, :func:`excluded_rows`,
:func:`quality_flags` and :func:`quality_summary`. Rows are also given as the
file's **lines as a spreadsheet shows them** (1-based, header counted; a
quoted newline does not start a row): ``lines`` columns there, and every
error message names lines. In the comment column only an empty cell or
``NA`` is missing; ``n/a`` typed by a respondent is kept as written.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from nps_toolkit import io_account as _a
from nps_toolkit import io_columns as _c
from nps_toolkit.io_account import EXCLUSION_ORDER
from nps_toolkit.io_read import read_records
from nps_toolkit.io_survey import build_frame, resolve_columns, segment_flags, start_table
from nps_toolkit.scores import decide_scale, resolve_thresholds, validate_scores

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
_FAST = True  # tests switch the pyarrow reader off to compare both paths


class SurveyAccount:
    """What :func:`read_survey` did with every row of one file (kept in ``df.attrs``).

    Attributes: ``source``, ``format``, ``platform``, ``encoding``, ``delimiter``,
    ``header_rows``, ``rows_read``, ``blank_rows``, ``rows_above_header``,
    ``columns`` (canonical -> original column), ``scale``, ``excluded`` (list of
    ``(source_row, reason, value)``), ``flags`` (reason -> array of source
    rows), ``repaired`` (column -> cells changed by ftfy), ``kept_rows``,
    ``lines`` (spreadsheet line of every data row), ``excluded_raw`` (the
    excluded rows' cells as read), ``overflow`` (fields beyond the header's
    width), ``original_columns``, ``identical_rows`` (rows equal to an earlier
    one, kept: no respondent id), ``notes`` (sentences for the reader),
    ``segment_conflicts`` (respondents in two values of a ``by=`` column) and
    ``reader`` ("pyarrow" or "csv").

    Immutable once built: copying a DataFrame shares it rather than deep-copying it.
    """

    def __init__(self, **fields):
        self.__dict__.update(fields)

    def __deepcopy__(self, memo):
        return self

    def __copy__(self):
        return self

    def line_of(self, source_rows) -> list[int]:
        """Spreadsheet line numbers of data rows (``source_row`` values)."""
        return self.lines[np.asarray(source_rows, dtype=np.int64)].tolist()

    def __repr__(self) -> str:
        return (
            f"SurveyAccount(source={self.source!r}, platform={self.platform!r}, "
            f"rows_read={self.rows_read}, kept={len(self.kept_rows)}, "
            f"excluded={len(self.excluded)})"
        )


def read_survey(
    path_or_buffer,
    *,
    score: str | None = None,
    comment: str | None = None,
    date: str | None = None,
    respondent: str | None = None,
    scale: Sequence[int] | None = None,
    thresholds: Sequence[int] | None = None,
    format: str = "auto",
    encoding: str | None = None,
    sheet: str | int | None = None,
    header_row: int | None = None,
    dayfirst: bool | None = None,
    by: str | Sequence[str] | None = None,
    duplicates: str = "latest",
    check_scales: bool = True,
) -> pd.DataFrame:
    """Load a survey export and account for every row.

    Parameters
    ----------
    path_or_buffer : str, Path, bytes or file-like
        CSV / TSV / Excel / Parquet file, or an open (text or binary) file.
    score, comment, date, respondent : str, optional
        Column names (as in the header; for Qualtrics the id row, e.g. ``"Q1"``,
        or the question text). ``None`` lets the layout and header words decide.
    scale : (int, int), optional
        The survey's declared scale, e.g. ``(1, 10)`` or ``(1, 5)``. ``None``
        decides 0-10 from the whole column, refusing five-point-looking data.
    thresholds : (int, int), optional
        ``(passive_min, promoter_min)`` for scales without standard cut-offs.
    format : {"auto", "csv", "tsv", "excel", "parquet"}
    encoding : str, optional
        Declared text encoding; ``None`` detects it.
    sheet : str or int, optional
        Excel sheet name or 0-based index (the first by default).
    header_row : int, optional
        Row number of the column names as a spreadsheet shows it (1 = first
        line); rows above it (titles) are skipped and counted.
    dayfirst : bool, optional
        Order of slash dates such as ``03/04/2024``; ``None`` decides from the data.
    by : str or list of str, optional
        Segment columns (e.g. an experiment arm): respondents found in two
        values of one are flagged. Needs a respondent column.
    duplicates : {"latest", "first", "keep", "error"}
        What to do when the named ``respondent`` answered more than once.
    check_scales : bool
        ``False`` trusts a declared scale (no five-point or mixed-block check).

    Returns
    -------
    pandas.DataFrame
        Kept rows, index ``source_row``; columns ``respondent_id``, ``score``
        (Int64), ``comment``, ``date`` (those that exist), then the original
        columns. ``df.attrs["nps_toolkit"]`` holds the account.

    Raises
    ------
    ValueError
        Empty or unreadable file, unknown or duplicated column name, no or
        ambiguous score column, a mostly-text score column, a five-point or
        mixed scale, or duplicates with ``duplicates="error"``.

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
    >>> quality_report(df)[["reason", "rows", "lines"]]
                   reason  rows lines
    0                kept     2    []
    1       missing score     1   [3]
    2  score not a number     1   [5]
    """
    if duplicates not in ("latest", "first", "keep", "error"):
        raise ValueError(f"duplicates={duplicates!r}: use 'latest', 'first', 'keep' or 'error'.")
    if scale is not None:
        resolve_thresholds(scale, thresholds)
    recs = read_records(
        path_or_buffer,
        fmt=format,
        encoding=encoding,
        sheet=sheet,
        header_row=header_row,
        fast=_FAST,
    )
    layout, data = start_table(recs, header_row)
    source, n = recs.source, len(data)
    cols, by = resolve_columns(
        layout, data, recs, score=score, comment=comment, date=date, respondent=respondent, by=by
    )
    j_score = layout.columns.index(cols["score"])
    dec = _a.Decisions(n)
    scores = _a.Scores(data.cells[j_score])
    raw_score = data.cells[j_score]
    _a.structural(data, layout, dec, np.isnan(scores.numbers), raw_score)
    resp = ids = None
    if "respondent" in cols:
        resp = _c.strip(data.cells[layout.columns.index(cols["respondent"])])
        ids = _a.id_codes(resp)
    identical = _a.duplicate_rows(data, dec, ids, raw_score)
    _a.check_mostly_text(scores, dec, cols["score"], source, data.lines, layout.columns)
    _a.score_rows(scores, dec, None, None)
    where = f"Survey file {source!r}"
    candidate = np.where(dec.open, scores.numbers, np.nan)
    notes = list(recs.notes) + _duplicate_name_notes(layout)
    lo, hi = decide_scale(
        candidate,
        scale=scale,
        name=cols["score"],
        where=where,
        lines=data.lines,
        check=check_scales,
        notes=notes,
    )
    _a.score_rows(scores, dec, lo, hi)
    if check_scales:
        valid = np.where(dec.open, scores.numbers, np.nan)
        _a.check_mixed_block(valid, cols["score"], source, lo, hi, data.lines)

    dates, date_flags = None, {}
    if "date" in cols:
        j = layout.columns.index(cols["date"])
        dates, date_flags = _c.parse_dates(data.cells[j], dayfirst)
    seg_flags, conflicts = {}, None
    if resp is not None:
        if by:
            seg_flags, conflicts = segment_flags(data, layout, resp, ids, dec.open, by)
        mode = duplicates if respondent is not None else "keep"
        _a.dedupe(resp, ids, dates, dec, mode, source, cols["respondent"], data.lines)

    kept = np.flatnonzero(dec.open)
    if not len(kept):
        counts = pd.Series([r for _, r, _ in dec.excluded()]).value_counts()
        raise ValueError(
            f"{where}: no row has a valid score in column {cols['score']!r} on the "
            f"{lo}-{hi} scale ({', '.join(f'{k}: {v}' for k, v in counts.items())}). "
            "Fix: check score= and scale=."
        )
    frame, flags, repaired = build_frame(
        data, layout, cols, kept, scores.numbers, dates, resp, notes
    )
    validate_scores(frame["score"], scale=(lo, hi), thresholds=thresholds, name=cols["score"])

    open_ = dec.open
    flags[_c.F_SCORE_TEXT] = np.flatnonzero(open_ & ~scores.plain)
    for name, rows_ in {**date_flags, **seg_flags}.items():
        flags[name] = rows_[open_[rows_]]
    if resp is not None and (respondent is None or duplicates == "keep"):
        flags[_c.F_DUP_KEPT] = _a.duplicate_kept(ids, kept)
    excluded = dec.excluded()
    ex_rows = np.array([i for i, _, _ in excluded], dtype=np.int64)
    account = SurveyAccount(
        kind="survey",
        source=source,
        format=recs.format,
        platform=layout.platform,
        encoding=recs.encoding,
        delimiter=recs.delimiter,
        header_rows=layout.header_rows,
        rows_read=n,
        blank_rows=recs.blank_rows,
        rows_above_header=recs.rows_above_header,
        columns=dict(cols),
        scale=(lo, hi),
        excluded=excluded,
        excluded_raw=pd.DataFrame(
            {c: data.cells[j].iloc[ex_rows].to_numpy() for j, c in enumerate(layout.columns)},
            index=pd.Index(ex_rows, name="source_row"),
        ),
        overflow={i: tuple(v) for i, v in data.overflow.items() if i in set(ex_rows.tolist())},
        original_columns=tuple(layout.columns),
        flags={k: np.asarray(v, dtype=np.int64) for k, v in flags.items() if len(v)},
        repaired=repaired,
        kept_rows=kept,
        lines=np.asarray(data.lines, dtype=np.int64),
        identical_rows=identical,
        notes=notes,
        segment_conflicts=conflicts,
        reader="pyarrow" if recs.fast else "csv",
    )
    frame.attrs[ATTRS_KEY] = account
    return frame


def _duplicate_name_notes(layout) -> list[str]:
    out = []
    for name, positions in layout.duplicate_names.items():
        renamed = ", ".join(f"{name}.{k}" for k in range(1, len(positions)))
        out.append(
            f"Column name {name!r} is used by {len(positions)} columns (positions "
            f"{', '.join(str(p) for p in positions)}); the later ones are read as {renamed}. "
            "Rename them in the file if they are different questions."
        )
    return out


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
        ``source_rows`` (0-based data row numbers, empty for ``kept``, whose
        rows are ``df.index``) and ``lines`` (the same rows as a spreadsheet
        numbers them: 1-based, header counted). ``rows.sum()`` equals the
        data rows read.

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
              reason  rows source_rows lines
    0           kept     2          []    []
    1  missing score     1         [2]   [4]
    """
    account = _account(df)
    by_reason: dict[str, list[int]] = {}
    for row, why, _ in account.excluded:
        by_reason.setdefault(why, []).append(row)
    order = [r for r in _reason_order(account) if r in by_reason]
    out = pd.DataFrame(
        {
            "reason": ["kept", *order],
            "rows": [len(account.kept_rows), *(len(by_reason[r]) for r in order)],
            "source_rows": [[], *(by_reason[r] for r in order)],
            "lines": [[], *(account.line_of(by_reason[r]) for r in order)],
        }
    )
    out["reason"] = out["reason"].astype("str")
    return out


def _reason_order(account) -> tuple[str, ...]:
    return getattr(account, "reason_order", EXCLUSION_ORDER)


def excluded_rows(df: pd.DataFrame) -> pd.DataFrame:
    """The excluded rows themselves, as they were in the file (every cell as text).

    Parameters
    ----------
    df : DataFrame
        The result of :func:`read_survey` (before any filtering).

    Returns
    -------
    pandas.DataFrame
        Index ``source_row``; columns ``reason``, ``line`` (spreadsheet row
        number), then the file's columns (text exactly as read, no repair; a
        short ragged row's missing fields are empty strings), then
        ``extra_fields`` (fields beyond the header's width, for long ragged rows).

    Examples
    --------
    >>> import io
    >>> from nps_toolkit.io import read_survey
    >>> df = read_survey(io.StringIO("nps,why\\n9,ok\\n12,typo\\n"), score="nps")
    >>> excluded_rows(df)
                                     reason  line nps   why extra_fields
    source_row
    1           score out of declared scale     3  12  typo           []
    """
    account = _account(df)
    out = account.excluded_raw.astype("str")
    rows = out.index.to_numpy()
    why = {row: r for row, r, _ in account.excluded}
    out.insert(0, "reason", pd.Series([why[r] for r in rows], index=out.index, dtype="str"))
    out.insert(1, "line", pd.Series(account.lines[rows], index=out.index, dtype="int64"))
    out["extra_fields"] = pd.Series(
        [list(account.overflow.get(r, ())) for r in rows], index=out.index, dtype="object"
    )
    return out


def quality_flags(df: pd.DataFrame) -> pd.DataFrame:
    """Problems that flag kept rows without excluding them.

    Returns
    -------
    pandas.DataFrame
        ``reason``, ``rows`` (count of kept rows flagged), ``source_rows``,
        ``lines`` (spreadsheet rows); one row per flag that occurred (a row may
        carry several flags). Cells repaired per column are in
        ``df.attrs["nps_toolkit"].repaired``.

    Examples
    --------
    >>> import io
    >>> from nps_toolkit.io import read_survey
    >>> df = read_survey(io.StringIO("nps,why\\n9,\\n8,meh\\n"), score="nps", comment="why")
    >>> quality_flags(df)
                reason  rows source_rows lines
    0  comment missing     1         [0]   [2]
    """
    account = _account(df)
    items = list(account.flags.items())
    return pd.DataFrame(
        {
            "reason": pd.Series([k for k, _ in items], dtype="str"),
            "rows": pd.Series([len(v) for _, v in items], dtype="int64"),
            "source_rows": pd.Series([np.asarray(v).tolist() for _, v in items], dtype="object"),
            "lines": pd.Series([account.line_of(v) for _, v in items], dtype="object"),
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
    what = (
        f"scores on {a.scale[0]}-{a.scale[1]} in {a.columns['score']!r}"
        if a.kind == "survey"
        else f"orders of {a.columns['customer']!r} dated by {a.columns['order_date']!r}"
    )
    text = (
        f"{a.source}: {a.format} ({a.platform} layout{enc}), {a.rows_read} data rows read; "
        f"{len(a.kept_rows)} kept ({what})."
    )
    if a.rows_above_header:
        text += f" {a.rows_above_header} row(s) above the header skipped (titles, not data)."
    if a.blank_rows:
        text += f" {a.blank_rows} blank line(s) skipped (not rows)."
    for _, r in quality_report(df).iloc[1:].iterrows():
        text += f" Excluded {r['rows']}: {r['reason']}."
    for reason_, rows_ in a.flags.items():
        text += f" Flagged {len(rows_)}: {reason_}."
    for column, count in a.repaired.items():
        text += f" Repaired mojibake in {count} cell(s) of {column!r}."
    if a.identical_rows:
        text += (
            f" {a.identical_rows} row(s) repeat an earlier row exactly; without a respondent "
            "id they are kept as different people."
        )
    for note in a.notes:
        text += f" {note}"
    return text
