"""Why NPS moved between the last two complete periods, theme by theme (notebook 02, issue 15).

:func:`theme_change_section` picks the last two complete periods of the survey
(a period is *partial*, hence left out, when the data's first date falls after
its start or its last date before its last day: the rule of
:func:`nps_toolkit.score.trend.nps_trend`), runs
:func:`nps_toolkit.comments.change.theme_change` between them and says which
rows moved NPS, ranked by their contribution to the change, headlining only
those whose p-value, adjusted for the number of rows (Holm), is below the level. The contributions of the rows other than
``total`` add up to the total change (the decomposition of
:mod:`nps_toolkit.comments.change`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from nps_toolkit.comments.change import TOTAL, theme_change
from nps_toolkit.comments.counting import check_column
from nps_toolkit.report.comment_insights import level_text
from nps_toolkit.report.html import md_escape
from nps_toolkit.report.tables import style_table
from nps_toolkit.report.wording import p_value, signed
from nps_toolkit.score.trend import FREQS

__all__ = [
    "SHOWN_COLUMNS",
    "ChangeSection",
    "change_results",
    "complete_periods",
    "contribution_points",
    "mentioned_rows",
    "theme_change_section",
]

PERIOD_NAMES = {"D": "days", "W-SUN": "weeks", "M": "months", "Q": "quarters", "Y": "years"}

#: The columns a report page shows (the decomposition's other columns stay in ``table``).
SHOWN_COLUMNS = ["theme", "n_a", "n_b", "nps_a", "nps_b", "contribution", "ci_low", "ci_high",
                 "p_adj", "headlined"]  # fmt: skip


@dataclass
class ChangeSection:
    """Result of :func:`theme_change_section`.

    Attributes
    ----------
    periods : (str, str) or None
        The two periods compared (change = second - first); None when skipped.
    table : DataFrame or None
        The columns of :func:`~nps_toolkit.comments.change.theme_change` plus
        ``headlined`` (``p_adj`` below ``1 - confidence``: the row's
        contribution differs from 0 after correcting for the number of rows;
        for ``total``, its own test); rows by
        decreasing absolute ``contribution`` (points), the ``total`` row last.
        None when skipped.
    sentences : list of str
        Which periods and the total change, then the rows that moved NPS
        ranked by the size (absolute value) of their contribution; or the one sentence saying why the
        section is skipped.
    """

    periods: tuple[str, str] | None
    table: pd.DataFrame | None
    sentences: list[str] = field(default_factory=list)

    @property
    def skipped(self) -> bool:
        """True when there were not two complete periods to compare."""
        return self.table is None

    def style(self):
        """``table`` formatted by :func:`~nps_toolkit.report.tables.style_table`."""
        return style_table(self.table, percent=["share_a", "share_b"], decimals=1)

    def shown(self) -> pd.DataFrame:
        """The table as a page shows it: :data:`SHOWN_COLUMNS` of :func:`mentioned_rows`."""
        return mentioned_rows(self.table)[SHOWN_COLUMNS]


def mentioned_rows(table: pd.DataFrame) -> pd.DataFrame:
    """A theme-change table without the themes nobody mentioned in either period (their
    contribution is 0, so the rows still add up); ``total`` kept. A table without
    ``n_a`` / ``n_b`` is returned whole.

    Examples
    --------
    >>> t = pd.DataFrame({"theme": ["price", "loyalty", "total"], "n_a": [3, 0, 9],
    ...                   "n_b": [0, 0, 8]})
    >>> mentioned_rows(t)["theme"].tolist()
    ['price', 'total']
    """
    if not {"n_a", "n_b"} <= set(table.columns):
        return table.reset_index(drop=True)
    empty = table["n_a"].eq(0) & table["n_b"].eq(0) & table["theme"].ne(TOTAL)
    return table.loc[~empty].reset_index(drop=True)


def change_results(change: ChangeSection, confidence: float = 0.95) -> dict:
    """What the executive summary needs of a :class:`ChangeSection` (a results mapping).

    Returns
    -------
    dict
        ``periods`` ([a, b] or None), ``confidence`` and ``table`` (the full
        table, rows as ranked, or None when the section was skipped), and
        ``sentence`` (why it was skipped, else None).

    Examples
    --------
    >>> change_results(ChangeSection(None, None, ["No date column."]))
    {'periods': None, 'confidence': 0.95, 'table': None, 'sentence': 'No date column.'}
    """
    return {
        "periods": None if change.periods is None else list(change.periods),
        "confidence": confidence,
        "table": change.table,
        "sentence": change.sentences[0] if change.skipped and change.sentences else None,
    }


def complete_periods(dates, freq: str = "QS") -> tuple[list[pd.Period], dict]:
    """The complete periods that hold at least one date, and notes on the partial ones left out.

    Parameters
    ----------
    dates : Series
        Dates (text is parsed; unparseable and missing dates are ignored).
    freq : str
        A period alias of :func:`nps_toolkit.score.trend.nps_trend` ("QS", "MS", "W"...).

    Returns
    -------
    (list of pandas.Period, dict)
        The complete periods in time order, and the partial ones: ``{period: note}``.

    Examples
    --------
    >>> d = pd.Series(pd.to_datetime(["2025-02-10", "2025-05-01", "2025-09-30", "2025-11-02"]))
    >>> periods, notes = complete_periods(d, "QS")
    >>> [str(p) for p in periods]
    ['2025Q2', '2025Q3']
    >>> list(notes.values())[1]
    '2025Q4 (partial: the data stops on 2025-11-02, before its end)'
    """
    if freq not in FREQS:
        raise ValueError(f"date_freq must be one of {sorted(FREQS)}; got {freq!r}.")
    d = pd.to_datetime(pd.Series(dates), errors="coerce").dropna()
    if d.empty:
        return [], {}
    first, last = d.min(), d.max()
    present = sorted(set(d.dt.to_period(FREQS[freq])))
    notes, out = {}, []
    for p in present:
        if first.normalize() > p.start_time:
            notes[p] = f"{p} (partial: the data starts on {first:%Y-%m-%d}, after its start)"
        elif last.normalize() < p.end_time.normalize():
            notes[p] = f"{p} (partial: the data stops on {last:%Y-%m-%d}, before its end)"
        else:
            out.append(p)
    return out, notes


def _ranked(result: pd.DataFrame, confidence: float) -> pd.DataFrame:
    """Rows by size of contribution, ``total`` last; ``headlined``: ``p_adj`` below the level
    (for ``total``, its own test)."""
    result = result.assign(headlined=result["p_adj"].lt(1 - confidence))
    rows = result[result["theme"].ne(TOTAL)]
    rows = rows.loc[rows["contribution"].abs().sort_values(ascending=False, kind="stable").index]
    return pd.concat([rows, result[result["theme"].eq(TOTAL)]], ignore_index=True)


def contribution_points(row, confidence: float = 0.95, *, adjusted: bool = False) -> str:
    """A row's contribution in words, with its interval (and its Holm-adjusted p).

    Examples
    --------
    >>> row = {"contribution": -5.21, "ci_low": -8.1, "ci_high": -2.3, "p_adj": 0.004}
    >>> contribution_points(row), contribution_points(row, adjusted=True)
    ('-5.2 points (95% interval -8.1 to -2.3)', '-5.2 points (95% interval -8.1 to -2.3; adjusted p = 0.004)')
    """
    interval = f"{level_text(confidence)} {signed(row['ci_low'])} to {signed(row['ci_high'])}"
    p_text = f"; adjusted {p_value(row['p_adj'])}" if adjusted else ""
    return f"{signed(row['contribution'])} points ({interval}{p_text})"


def _contribution_text(row, confidence: float, *, adjusted: bool = False) -> str:
    return (
        f"**{md_escape(row['theme'])}** {contribution_points(row, confidence, adjusted=adjusted)}"
    )


def change_sentences(table: pd.DataFrame, periods, notes, freq: str, confidence: float, top=3):
    """The two sentences of the section: which periods and the total, then the ranked rows."""
    a, b = periods
    total = table[table["theme"].eq(TOTAL)].iloc[0]
    left_out = f" Left out: {'; '.join(notes)}." if notes else ""
    noise = "" if total["headlined"] else ", within the noise (the interval includes 0)"
    first = (
        f"Comparing {a} ({total['n_a']:,} respondents) with {b} ({total['n_b']:,}), the last two "
        f"complete {PERIOD_NAMES[FREQS[freq]]}: NPS went from {signed(total['contribution_a'])} "
        f"to {signed(total['contribution_b'])}, a change of "
        f"{contribution_points(total, confidence)}{noise}.{left_out}"
    )
    rows = table[table["theme"].ne(TOTAL)]
    lead = (
        "Ranked by the size of their contribution to the change (points; the rows add up to "
        "the total change), "
    )
    heads = rows[rows["headlined"]].head(top)
    corrected = "after correcting for the number of rows (Holm)"
    if heads.empty:
        largest = _contribution_text(rows.iloc[0], confidence) if len(rows) else "none"
        second = (
            f"{lead}no row's contribution is distinguishable from 0 {corrected}, so none is "
            f"headlined; the largest is {largest}."
        )
    else:
        parts = "; ".join(
            _contribution_text(r, confidence, adjusted=True) for _, r in heads.iterrows()
        )
        second = f"{lead}the largest distinguishable from 0 {corrected}: {parts}."
    return [first, second]


def theme_change_section(
    survey: pd.DataFrame,
    *,
    themes=None,
    date_freq: str = "QS",
    comment: str = "comment",
    score: str = "score",
    date: str | None = "date",
    language="auto",
    scale=None,
    confidence: float = 0.95,
) -> ChangeSection:
    """Per-theme contributions to the NPS change between the last two complete periods.

    Parameters
    ----------
    survey : pandas.DataFrame
        The survey, one row per response.
    themes : None, str, path or dict
        As in :func:`~nps_toolkit.comments.tagging.tag_themes`.
    date_freq : str
        Period length: an alias of :func:`nps_toolkit.score.trend.nps_trend`
        ("QS" quarters, "MS" months, "YS" years, "W" weeks).
    comment, score, date : str
        Columns; ``date=None`` (or a column that is absent) skips the section.
    language : "auto", str or column name
        As in :func:`~nps_toolkit.comments.change.theme_change`.
    scale : (int, int) or None
        The survey's declared scale.
    confidence : float
        Level of the intervals.

    Returns
    -------
    ChangeSection
        The periods, the table and the sentences (see :class:`ChangeSection`);
        with no usable date or fewer than two complete periods, ``periods`` and
        ``table`` are None and one sentence says why.
    """
    from nps_toolkit.score.scales import category_codes

    for col, what in ((comment, "comment"), (score, "score")):
        check_column(survey, col, what)
    if date is None or date not in survey.columns:
        named = f" ({date!r} is not a column of the survey)" if date is not None else ""
        return ChangeSection(
            None, None, [f"No date column{named}: why NPS moved over time is skipped."]
        )
    valid = category_codes(survey[score], scale=scale) >= 0
    periods, notes = complete_periods(survey[date], date_freq)
    dates = pd.to_datetime(survey[date], errors="coerce")
    held = set(dates[valid].dropna().dt.to_period(FREQS[date_freq]))
    periods = [p for p in periods if p in held]
    kind = PERIOD_NAMES[FREQS[date_freq]]
    if len(periods) < 2:
        have = ", ".join(str(p) for p in periods) or "none"
        why = f" ({'; '.join(notes.values())})" if notes else ""
        return ChangeSection(
            None,
            None,
            [
                f"Fewer than two complete {kind} with scores (complete: {have}){why}: why NPS "
                "moved between periods is skipped."
            ],
        )
    pa, pb = periods[-2:]
    bounds = [(p.start_time, p.end_time.normalize()) for p in (pa, pb)]
    result = theme_change(
        survey, comment=comment, score=score, date=date, periods=tuple(bounds), themes=themes,
        language=language, scale=scale, confidence=confidence,
    )  # fmt: skip
    table = _ranked(result, confidence)
    labels = (str(pa), str(pb))
    later = [note for p, note in notes.items() if p > pb]
    return ChangeSection(
        labels, table, change_sentences(table, labels, later, date_freq, confidence)
    )
