"""The follow-up list out of the kit: shown in a report (contact ids masked) or
written for the people who call back (contact details kept, and said so).

* :func:`follow_up_display` is the list as shown in an HTML report: the first
  rows, with contact identifiers masked (``[EMAIL]``, ``[PHONE]``) by
  :func:`nps_toolkit.comments.contacts.mask_contact_columns`.
* :func:`export_follow_up` writes the CSV and XLSX files for the people who
  call back. They keep the contact details and say so: the XLSX file has an
  "About" sheet, and the returned :class:`FollowUpExport` (and the log) carry
  the same note (the CSV keeps a clean header row). Both files go through
  :func:`nps_toolkit.comments.safe_export.to_safe_csv` /
  :func:`~nps_toolkit.comments.safe_export.to_safe_excel`, which neutralise
  spreadsheet formulas hidden in any text cell.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from nps_toolkit._results import NamedResult, main_table
from nps_toolkit._validation import as_list
from nps_toolkit.comments.contacts import find_contact_columns, mask_contact_columns
from nps_toolkit.comments.safe_export import to_safe_csv, to_safe_excel

__all__ = ["FollowUpExport", "export_follow_up", "follow_up_display"]

# The follow-up list's log channel (the same before and after the module split).
_log = logging.getLogger("nps_toolkit.comments.followup")


def _as_table(follow, function: str) -> tuple[pd.DataFrame, bool | None]:
    """The list's table and whether its comments are redacted (None: unknown)."""
    if isinstance(follow, NamedResult):
        return main_table(follow), getattr(follow, "comments_redacted", None)
    if not isinstance(follow, pd.DataFrame):
        raise ValueError(
            f"{function} expects a DataFrame (or the FollowUpList of follow_up_list), got "
            f"{type(follow).__name__}. Fix: pass the result of follow_up_list."
        )
    return follow, follow.attrs.get("comments_redacted")


def follow_up_display(follow, rows: int | None = 15, *, min_share: float = 0.5) -> pd.DataFrame:
    """The follow-up list as shown in an HTML report: first rows, contact ids masked.

    Contact columns are detected on the whole list (so an e-mail id column is
    found even when the shown rows hold few addresses), then the first ``rows``
    are masked with :func:`nps_toolkit.comments.contacts.mask_contact_columns`: every
    value of a contact column becomes ``[EMAIL]`` / ``[PHONE]``, and any other
    text cell that is an e-mail address or a phone number is masked too.
    Comments are shown as the list holds them (redacted by
    :func:`~nps_toolkit.comments.followup.follow_up_list` unless it was built with ``redact=False``).

    Parameters
    ----------
    follow : FollowUpList or DataFrame
        A list from :func:`~nps_toolkit.comments.followup.follow_up_list` (or
        its ``table``, or any table of people to call).
    rows : int or None, default 15
        How many rows to show (``None``: all).
    min_share : float, default 0.5
        See :func:`nps_toolkit.comments.contacts.find_contact_columns`.

    Returns
    -------
    DataFrame
        The first ``rows`` rows of ``follow`` with the same columns and index;
        contact columns hold ``[EMAIL]``, ``[PHONE]`` or ``[CONTACT]``.

    Examples
    --------
    >>> df = pd.DataFrame({"email": ["ana@example.com", "józef@example.pl", "li@example.cn"],
    ...                    "score": [2, 4, 9], "comment": ["Late", "Call me: 06 12 34 56 78", None]})
    >>> from nps_toolkit.comments.followup import follow_up_list
    >>> follow = follow_up_list(df, score="score", comment="comment", respondent="email",
    ...                         themes=False, language="en")
    >>> follow_up_display(follow)[["priority", "respondent", "score", "comment"]]
       priority respondent  score             comment
    0         1    [EMAIL]      2                Late
    1         2    [EMAIL]      4  Call me: [PHONE]
    """
    follow, _ = _as_table(follow, "follow_up_display")
    if rows is not None and (isinstance(rows, bool) or not isinstance(rows, int) or rows < 0):
        raise ValueError(f"rows must be a non-negative integer or None; got {rows!r}.")
    found = find_contact_columns(follow, min_share=min_share)
    hits = found[found["contact"]]
    kinds = dict(zip(hits["column"], hits["kind"], strict=True))
    shown = follow if rows is None else follow.iloc[:rows]
    return mask_contact_columns(shown, columns=kinds, min_share=min_share)


@dataclass(frozen=True)
class FollowUpExport:
    """What :func:`export_follow_up` wrote.

    Attributes
    ----------
    csv, xlsx : pathlib.Path or None
        The files written (None for a format not asked for).
    rows : int
        Rows written.
    contact_columns : list of str
        Columns detected as contact details (kept in the files).
    note : str
        What the files hold and how to handle them; also the XLSX "About" sheet.
    """

    csv: Path | None
    xlsx: Path | None
    rows: int
    contact_columns: list = field(default_factory=list)
    note: str = ""


def _export_note(redacted: bool | None, contact: list) -> list[str]:
    if contact:
        first = (
            f"This file contains contact details (column(s) {', '.join(map(str, contact))}) "
            "so that detractors can be called back. Keep it internal, share it only with "
            "the people who call customers back, and delete it when the follow-up is done."
        )
    else:
        first = (
            "No column of this file was detected as contact details (e-mail, phone), but "
            "respondent and customer ids can identify people: keep it internal."
        )
    lines = [first]
    if redacted is True:
        lines.append(
            "Comments are redacted: e-mail addresses, phone numbers, card numbers, IBANs "
            "and street addresses are replaced by [EMAIL], [PHONE], [CARD], [IBAN], [ADDRESS]."
        )
    elif redacted is False:
        lines.append("Comments are NOT redacted (internal use only).")
    lines.append(
        "Text cells that a spreadsheet would run as a formula (starting with =, +, -, @) "
        "start with a single quote, so they show as text."
    )
    return lines


def export_follow_up(
    follow,
    folder,
    *,
    name: str = "follow_up_list",
    formats: tuple[str, ...] | list[str] = ("csv", "xlsx"),
    min_share: float = 0.5,
) -> FollowUpExport:
    """Write the follow-up list for the people who call back (contact details kept).

    The files keep every column as it is, contact details included (that is
    their purpose) and say so: the XLSX file has a second sheet "About" with
    the note; the CSV keeps a clean header row, so the note is in the returned
    :class:`FollowUpExport` and logged (``logging``, level INFO). Every text
    cell, new columns included, is neutralised against spreadsheet formulas
    (:func:`nps_toolkit.comments.safe_export.to_safe_csv`, :func:`~nps_toolkit.comments.safe_export.to_safe_excel`).
    For a report page, show :func:`follow_up_display` instead.

    Parameters
    ----------
    follow : FollowUpList or DataFrame
        A list from :func:`~nps_toolkit.comments.followup.follow_up_list` (its
        ``comments_redacted`` goes into the note).
    folder : str or Path
        Where to write (created if needed).
    name : str, default "follow_up_list"
        File name without extension.
    formats : tuple of str, default ("csv", "xlsx")
        Any of ``"csv"``, ``"xlsx"``.
    min_share : float, default 0.5
        See :func:`nps_toolkit.comments.contacts.find_contact_columns` (for the note).

    Returns
    -------
    FollowUpExport
        ``csv`` and ``xlsx`` paths (None when not written), ``rows``,
        ``contact_columns`` (detected, kept in the files) and ``note``.

    Examples
    --------
    >>> import tempfile
    >>> follow = pd.DataFrame({"priority": [1], "respondent": ["ana@example.com"], "score": [2]})
    >>> done = export_follow_up(follow, tempfile.mkdtemp())
    >>> done.contact_columns, done.csv.name, done.xlsx.name
    (['respondent'], 'follow_up_list.csv', 'follow_up_list.xlsx')
    >>> print(done.note)  # doctest: +ELLIPSIS
    This file contains contact details (column(s) respondent) so that detractors can be called back...
    """
    follow, redacted = _as_table(follow, "export_follow_up")
    chosen = as_list(formats)
    unknown = sorted(set(chosen) - {"csv", "xlsx"})
    if unknown or not chosen:
        raise ValueError(
            f"formats must be a non-empty list of 'csv' and/or 'xlsx'; got {formats!r}. "
            "Fix: e.g. formats=('csv', 'xlsx')."
        )
    found = find_contact_columns(follow, min_share=min_share)
    contact = [str(c) for c in found.loc[found["contact"], "column"]]
    lines = _export_note(redacted, contact)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    csv_path = to_safe_csv(follow, folder / f"{name}.csv") if "csv" in chosen else None
    xlsx_path = None
    if "xlsx" in chosen:
        xlsx_path = to_safe_excel(
            follow, folder / f"{name}.xlsx", sheet_name="Follow-up", about=lines
        )
    note = " ".join(lines)
    _log.info("%s rows written to %s: %s", len(follow), folder, note)
    return FollowUpExport(
        csv=csv_path, xlsx=xlsx_path, rows=len(follow), contact_columns=contact, note=note
    )
