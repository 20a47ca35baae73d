"""Survey exports in, a row-by-row account out: :func:`read_survey`, :func:`quality_report`.

What ``read_survey`` does, in order
-----------------------------------
1. **Reads** CSV (delimiter found by Python's sniffer among ``, ; TAB |``), TSV,
   Excel (``.xlsx``; ``sheet=``, a note lists the sheets when there are
   several) and Parquet. Text is decoded with the declared ``encoding=``, else
   by BOM (UTF-8, UTF-16, UTF-32), else as UTF-8, else as UTF-16 without BOM
   (many NUL bytes), else as Windows-1252 (ftfy's ``sloppy-windows-1252``).
   charset-normalizer is *not* used: on the real botanic file it answers
   ``cp1256`` (Farsi), which is wrong. A file is parsed by ``pyarrow.csv``
   (every cell as text; a large file is memory-mapped, not copied); in a large
   file with ragged rows those rows alone are split by Python's ``csv``
   module, and a small ragged file, a cut-off quote or a file pyarrow refuses
   is read by the ``csv`` module row by row. All give the same account.
   Nothing is evaluated (``=HYPERLINK(...)``
   stays text) and nothing is dropped before the decisions below.
   ``header_row=`` (as a spreadsheet numbers rows) skips title lines above
   the header; a header that looks like a title gets that hint in the error.
2. **Recognises the platform** from the header rows only, and only when they
   confirm it (see :mod:`nps_toolkit.io.platforms`): Qualtrics, SurveyMonkey,
   Typeform, Delighted or a plain table. The platform proposes the date and
   respondent columns; the NPS question is the one column whose header (or
   question text) mentions recommend / NPS / likely and whose answers are
   0-10; the comment the one free-text column whose header says why / reason /
   comment / tell us. Anything ambiguous raises a ``ValueError`` listing the
   candidates; any column can be named instead. A column name used twice is
   said in a note (the second is read as ``name.1``); naming it is an error.
3. **Decides the scale once**, from the whole score column and ``scale=``
   (:func:`nps_toolkit.score.scales.decide_scale`): undeclared, a column never above
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
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

import numpy as np
import pandas as pd

from nps_toolkit._docstrings import share_docs
from nps_toolkit.io import account as _a
from nps_toolkit.io import arrowtext as _t
from nps_toolkit.io import columns as _c
from nps_toolkit.io.account import EXCLUSION_ORDER  # noqa: F401  (re-exported)
from nps_toolkit.io.frame import (
    CANONICAL,  # noqa: F401  (re-exported)
    build_frame,
    resolve_columns,
    start_table,
)
from nps_toolkit.io.platforms import duplicate_name_notes
from nps_toolkit.io.quality import (
    ATTRS_KEY,
    SurveyAccount,
    account_for,
    excluded_rows,
    excluded_table,
    quality_flags,
    quality_report,
    quality_summary,
)
from nps_toolkit.io.readfile import read_records
from nps_toolkit.io.rows import decide_rows
from nps_toolkit.score.scales import resolve_thresholds, validate_scores

__all__ = [
    "SurveyAccount",
    "excluded_rows",
    "quality_flags",
    "quality_report",
    "quality_summary",
    "read_survey",
]

# the policies of ``duplicates=`` (one answer per named respondent)
DUPLICATES = ("latest", "first", "keep", "error")
_FAST = True  # tests switch the pyarrow reader off to compare both paths


@share_docs
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
    {params.score}
        ``None``: the one column whose header (or question text) mentions
        recommend / NPS / likely and whose answers are 0-10.
    {params.comment}
        ``None``: the one free-text column whose header says why / reason /
        comment / tell us, if there is one.
    {params.date}
        ``None``: the platform's date column (Qualtrics ``RecordedDate``,
        SurveyMonkey ``End Date``, Typeform ``Submit Date (UTC)``, Delighted
        ``created_at``) or a column named ``date``, if there is one.
    respondent : str, optional
        Column of the respondent id. ``None``: the platform's id column, if
        any (a repeated one is then flagged, never excluded). Column names are
        written as in the header; for Qualtrics the id row (e.g. ``"Q1"``) or
        the question text.
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
    >>> from nps_toolkit.io.read import read_survey, quality_report
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
    _check_options(duplicates, scale, thresholds)
    recs = read_records(
        path_or_buffer,
        fmt=format,
        encoding=encoding,
        sheet=sheet,
        header_row=header_row,
        fast=_FAST,
    )
    given = {"score": score, "comment": comment, "date": date, "respondent": respondent}
    st = _start(recs, header_row, given, by)
    # named respondent: one answer each (by ``duplicates``); a platform's id: only flagged
    decide_rows(st, scale, check_scales, dayfirst, duplicates if respondent is not None else "keep")
    kept = _kept_rows(st)
    frame, flags, repaired, raw = _build(st, kept)
    # the kept scores are whole and on the scale by construction: checked once more (and the
    # thresholds against the scale) on their distinct values, not row by row
    validate_scores(
        st.scores.distinct_kept(kept),
        scale=(st.lo, st.hi),
        thresholds=thresholds,
        name=st.cols["score"],
    )
    _flag_kept(st, flags, kept, dup_kept=respondent is None or duplicates == "keep")
    frame.attrs[ATTRS_KEY] = _make_account(st, kept, flags, repaired, raw)
    del st, recs, kept, flags, repaired, raw  # the read's temporaries, before releasing
    _t.release_unused_memory()
    return frame


def _check_options(duplicates, scale, thresholds) -> None:
    """Options checked before the file is read."""
    if duplicates not in DUPLICATES:
        raise ValueError(f"duplicates={duplicates!r}: use 'latest', 'first', 'keep' or 'error'.")
    if scale is not None:
        resolve_thresholds(scale, thresholds)


def _start(recs, header_row, given, by) -> SimpleNamespace:
    """The layout, the data rows and the columns: the state the next steps share."""
    layout, data = start_table(recs, header_row)
    cols, by = resolve_columns(layout, data, recs, by=by, **given)
    notes = list(recs.notes) + duplicate_name_notes(layout)
    return SimpleNamespace(recs=recs, layout=layout, data=data, cols=cols, by=by, notes=notes)


def _kept_rows(st) -> np.ndarray:
    """Positions of the kept rows; none kept is an error counting the reasons."""
    kept = np.flatnonzero(st.dec.open)
    if not len(kept):
        counts = pd.Series([r for _, r, _ in st.dec.excluded()]).value_counts()
        raise ValueError(
            f"Survey file {st.recs.source!r}: no row has a valid score in column "
            f"{st.cols['score']!r} on the {st.lo}-{st.hi} scale "
            f"({', '.join(f'{k}: {v}' for k, v in counts.items())}). Fix: check score= and scale=."
        )
    return kept


def _build(st, kept):
    """``(frame, flags, repaired, excluded cells)``: the kept rows' table, made while
    the excluded rows' cells are taken for the account."""
    cols = st.cols
    known = {cols["score"]: st.scores.original(kept)}  # columns already parsed: not again
    if st.resp is not None and st.numeric_ids:
        known[cols["respondent"]] = _t.int64_array(st.ids[kept])
    with ThreadPoolExecutor(max_workers=2) as pool:
        raw = pool.submit(excluded_table, st.layout, st.data, st.dec)
        frame, flags, repaired = build_frame(
            st.data,
            st.layout,
            cols,
            kept,
            st.scores.kept(kept),
            st.dates,
            st.resp,
            st.notes,
            known,
            st.text,
            pool,
        )
        return frame, flags, repaired, raw.result()


def _flag_kept(st, flags, kept, dup_kept: bool) -> None:
    """The flags of the score, date, segment and repeated-respondent steps, on kept rows."""
    open_ = st.dec.open
    flags[_c.F_SCORE_TEXT] = np.flatnonzero(open_ & ~st.scores.plain)
    for name, rows_ in st.flags.items():
        flags[name] = rows_[open_[rows_]]
    if st.resp is not None and dup_kept:
        flags[_c.F_DUP_KEPT] = _a.duplicate_kept(st.ids, st.repeated, kept)


def _make_account(st, kept, flags, repaired, raw):
    """The :class:`SurveyAccount` of the read."""
    return account_for(
        "survey",
        st.recs,
        st.layout,
        st.data,
        st.dec,
        columns=dict(st.cols),
        scale=(st.lo, st.hi),
        flags=flags,
        repaired=repaired,
        identical_rows=st.identical,
        notes=st.notes,
        segment_conflicts=st.conflicts,
        kept_rows=kept,
        excluded_raw=raw,
    )
