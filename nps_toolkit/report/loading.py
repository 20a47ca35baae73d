"""The survey as every report notebook loads it, checked against the report's parameters.

One function for the load cell the notebooks 00-03 share: read the survey once
per run (:func:`nps_toolkit.report.cache.load_survey`), check that the segment
and driver columns exist, and say which optional inputs (dates, comments) are
usable.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from nps_toolkit.report.cache import load_survey
from nps_toolkit.report.parameters import resolve_data_path
from nps_toolkit.report.prepare import check_columns

__all__ = ["ReportSurvey", "load_report_survey"]


@dataclass
class ReportSurvey:
    """The loaded survey and what the report can do with it.

    Attributes
    ----------
    survey : pandas.DataFrame
        What :func:`nps_toolkit.io.read_survey` returns (columns renamed to
        ``score``, ``comment``, ``date``...; the data account in ``attrs``).
    scale : (int, int)
        The score scale, decided once for the whole survey.
    has_date, has_comment : bool
        Whether the survey has a date / comment column (given, or found by
        :func:`nps_toolkit.io.read_survey`) holding at least one value.
    file : str
        The survey file (``"demo"`` resolved to the bundled demo survey).
    """

    survey: object
    scale: tuple
    has_date: bool
    has_comment: bool
    file: str


def load_report_survey(
    data_path,
    *,
    out_dir=None,
    run_id: str | None = None,
    score: str | None = None,
    comment: str | None = None,
    date: str | None = None,
    respondent: str | None = None,
    scale=None,
    sheet=None,
    header_row: int | None = None,
    dayfirst: bool | None = None,
    segments: Sequence[str] = (),
    drivers: Sequence[str] = (),
    compare: str | None = None,
) -> ReportSurvey:
    """Load the survey for a report notebook, from the notebook's parameters.

    Parameters
    ----------
    data_path : str or path
        Survey file, or ``"demo"``.
    out_dir, run_id
        The report's output folder and run id: the run reads the file once
        (:func:`nps_toolkit.report.cache.load_survey`).
    score, comment, date, respondent, sheet, header_row, dayfirst
        As in :func:`nps_toolkit.io.read_survey`.
    scale : list of two ints, optional
        Lowest and highest possible score (``None``: decided from the data).
    segments, drivers : list of str
        Segment and attribute rating columns; each must be a column of the survey.
        With a respondent id, a respondent found in two segment groups is flagged.
    compare : str, optional
        Experiment arm / before-after column; it must be a column of the survey.

    Returns
    -------
    ReportSurvey

    Raises
    ------
    ValueError
        A segment, driver or comparison column that is not in the survey, with
        the closest column name, the survey's columns and where to correct it.
    """
    file = resolve_data_path(data_path, "survey")
    survey = load_survey(
        file,
        out_dir=out_dir,
        run_id=run_id,
        score=score,
        comment=comment,
        date=date,
        respondent=respondent,
        scale=tuple(scale) if scale else None,
        sheet=sheet,
        header_row=header_row,
        dayfirst=dayfirst,
        by=(list(segments) or None) if respondent else None,
    )
    check_columns(
        list(survey.columns), str(data_path), segments=segments, drivers=drivers, compare=compare
    )

    def usable(name):  # given, or found by read_survey (e.g. "Why did you give this score?")
        return name in survey and bool(survey[name].notna().any())

    return ReportSurvey(
        survey=survey,
        scale=tuple(survey.attrs["nps_toolkit"].scale),
        has_date=usable("date"),
        has_comment=usable("comment"),
        file=str(file),
    )
