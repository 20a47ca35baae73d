"""The account :func:`nps_toolkit.io.read_survey` keeps, and the functions that read it.

:class:`SurveyAccount` lives in ``df.attrs["nps_toolkit"]``; :func:`quality_report`,
:func:`excluded_rows`, :func:`quality_flags` and :func:`quality_summary` read it
(they are re-exported by :mod:`nps_toolkit.io`, where they are documented for users).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from nps_toolkit.io.account import EXCLUSION_ORDER, excluded_list
from nps_toolkit.io.arrowtext import arrow, as_str, rows_of, take_sorted

ATTRS_KEY = "nps_toolkit"


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
        if "excluded" in fields:
            fields["_excluded"] = fields.pop("excluded")
        self.__dict__.update(fields)

    @property
    def excluded(self) -> list[tuple[int, str, str]]:
        """``(source_row, reason, value)`` of every excluded row, in file order (made
        from the loader's arrays when first read)."""
        if "_excluded" not in self.__dict__:
            self.__dict__["_excluded"] = excluded_list(self.reason_order, *self._excluded_arrays)
        return self.__dict__["_excluded"]

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


def account_for(kind: str, recs, layout, data, dec, **fields) -> SurveyAccount:
    """The account of one load: what every loader records, plus its own ``fields``."""
    arrays = dec.arrays()
    rows = arrays[0]
    listed = set(rows.tolist())
    flags = fields.pop("flags", {})
    kept = fields.pop("kept_rows", None)  # np.flatnonzero(dec.open), when already made
    raw = fields.pop("excluded_raw", None)  # excluded_table(...), when already made
    return SurveyAccount(
        kind=kind,
        reason_order=dec.order,
        source=recs.source,
        format=recs.format,
        platform=layout.platform,
        encoding=recs.encoding,
        delimiter=recs.delimiter,
        header_rows=layout.header_rows,
        rows_read=len(data),
        blank_rows=recs.blank_rows,
        rows_above_header=recs.rows_above_header,
        _excluded_arrays=arrays,
        excluded_raw=excluded_table(layout, data, dec) if raw is None else raw,
        overflow={i: tuple(v) for i, v in data.overflow.items() if i in listed},
        original_columns=tuple(layout.columns),
        flags={k: np.asarray(v, dtype=np.int64) for k, v in flags.items() if len(v)},
        kept_rows=np.flatnonzero(dec.open) if kept is None else kept,
        lines=np.asarray(data.lines, dtype=np.int64),
        reader="pyarrow" if recs.fast else "csv",
        **fields,
    )


def excluded_table(layout, data, dec) -> pd.DataFrame:
    """The excluded rows' cells as read (index ``source_row``, one str column each)."""
    rows = np.flatnonzero(dec.code)
    index = pd.Index(rows, name="source_row")
    if not len(rows):  # (no rows: empty object columns, as always)
        return pd.DataFrame({c: np.array([], dtype=object) for c in layout.columns}, index=index)
    taken = getattr(data, "taken", None)
    if taken is not None:
        seen, cells = taken
        at = np.searchsorted(seen, rows)
        if (at < len(seen)).all() and np.array_equal(seen[np.minimum(at, len(seen) - 1)], rows):
            # every excluded row was taken already (to look for repeated headers)
            same = len(seen) == len(rows)
            return pd.DataFrame(
                {
                    c: cells[j] if same else as_str(take_sorted(arrow(cells[j]), at), rows)
                    for j, c in enumerate(layout.columns)
                },
                index=index,
            )
    return pd.DataFrame(
        {c: rows_of(data.cells[j], rows) for j, c in enumerate(layout.columns)}, index=index
    )


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
    >>> from nps_toolkit.io.read import read_survey
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
    >>> from nps_toolkit.io.read import read_survey
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
    >>> from nps_toolkit.io.read import read_survey
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
    >>> from nps_toolkit.io.read import read_survey
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
