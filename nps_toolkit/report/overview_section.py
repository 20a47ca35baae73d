"""The sections of notebook 01 (NPS overview) that may have no data, as tested package code.

A section runs only with its data (a benchmark, segment columns, a response
date, an experiment column); without, ONE sentence says why it is skipped and
which setting would run it, instead of its heading and explanation (issue 14
item 7). :data:`OVERVIEW_SECTIONS` holds the headings and explanations, shown
through :class:`nps_toolkit.report.page.Sections` (sections numbered as they
are shown, from 4: sections 1-3 always run).
"""

from __future__ import annotations

from nps_toolkit.report.html import md_escape
from nps_toolkit.report.page import Sections
from nps_toolkit.report.sentences import setting

__all__ = [
    "OVERVIEW_SECTIONS",
    "overview_sections",
    "partial_changes_sentence",
    "segment_heading",
    "skipped_sentence",
]

#: Heading and explanation of each section of notebook 01 that needs data.
OVERVIEW_SECTIONS = {
    "benchmark": """### Comparison with a benchmark

A benchmark (an industry figure, last year's score, a target) is compared with a one-sample
test: is our NPS compatible with it, given the margin of error?""",
    "segments": """## {n}. NPS by segment

For each segment column: the NPS of each group with its 95% interval, and `low_n` = True for
groups with fewer than `min_n` respondents (their interval is wide: do not rank them). Below each
chart, **every pair of groups, largest gap first**, with its 95% interval and the p-value
after the Holm correction for multiple comparisons (`p_adj`; with many groups, some gaps look
"significant" by chance unless p-values are adjusted). Only pairs marked `significant` are
real differences; the others show no evidence of a difference. The gap chart shows each
group against all the other respondents (filled: significant after the Holm correction).
Missing segment values are a group of their own, "(missing)".""",
    "trend": """## {n}. Trend over time

Monthly (or the chosen period) NPS with its 95% band. Periods with fewer than `min_n`
respondents are flagged: their points jump around by chance. Then each quarter is tested
against the previous one (Holm-corrected over all the quarters): only changes marked
`significant` should be reported as real changes.""",
    "experiment": """## {n}. Experiment: the arms compared

With an experiment column (`compare`: an A/B test's arm, or before/after), each arm's NPS is
compared with the control's (an arm named control, before, baseline, pre or old; otherwise
the first in alphabetical order): the difference with its 95% interval and p-value, the same per
period and combined over the periods (so a change in the mix of periods cannot pass for an
effect), driver means compared (Holm-adjusted), the smallest difference this sample size can
detect, and the detractors' themes in each arm. Respondents found in two arms are flagged.""",
}

# What each section needs, and what is skipped without it.
_SKIPPED = {
    "benchmark": ("No benchmark was given", ("benchmark",), "the comparison with a benchmark"),
    "segments": ("No segment columns were given", ("segments",), "the NPS by segment"),
    "trend": (
        "This survey has no usable response date",
        ("date",),
        "the trend over time and the period-to-period changes",
    ),
    "experiment": ("No experiment column was given", ("compare",), "the arms comparison"),
}


def overview_sections() -> Sections:
    """The :class:`~nps_toolkit.report.page.Sections` of notebook 01, numbered from 4.

    Examples
    --------
    >>> s = overview_sections()
    >>> s.text("segments", runs=False, skipped="x"), s.text("trend").splitlines()[0]
    ('x', '## 4. Trend over time')
    """
    return Sections(OVERVIEW_SECTIONS, first=4)


def skipped_sentence(name: str) -> str:
    """The one sentence shown instead of a section of notebook 01 without its data.

    Worded for JupyterLab (the parameter) and for the command line (the flag).

    Examples
    --------
    >>> print(skipped_sentence("trend"))
    This survey has no usable response date (the `date` parameter; `--date COL` with nps-toolkit report), so the trend over time and the period-to-period changes are skipped.
    """
    if name not in _SKIPPED:
        raise ValueError(f"skipped_sentence {name!r}: use one of {', '.join(_SKIPPED)}.")
    missing, params, what = _SKIPPED[name]
    verb = "are" if " and " in what else "is"
    return f"{missing} ({setting(*params)}), so {what} {verb} skipped."


def segment_heading(segment: str) -> str:
    """The Markdown sub-heading of one segment column, escaped.

    Examples
    --------
    >>> segment_heading("journey_stage")
    '### journey\\\\_stage'
    """
    return f"### {md_escape(segment)}"


def partial_changes_sentence(first, last) -> str:
    """Why the changes into or out of a period that the data's dates cut are not tested.

    Parameters
    ----------
    first, last : Timestamp
        The first and last response dates.

    Examples
    --------
    >>> import pandas as pd
    >>> partial_changes_sentence(pd.Timestamp("2024-11-03"), pd.Timestamp("2026-10-31"))[:50]
    'The data runs from 2024-11-03 to 2026-10-31: chang'
    """
    return (
        f"The data runs from {first:%Y-%m-%d} to {last:%Y-%m-%d}: changes into or out of a "
        "period that these dates cut (`partial`) are shown but not tested, because a "
        "quarter with a few weeks of data is not comparable with a full one."
    )
