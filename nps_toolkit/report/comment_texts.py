"""The short sentences and small tables notebook 02 shows between its sections.

Everything notebook 02 writes in words comes from package code with a test:
the section headings and explanations are in
:data:`nps_toolkit.report.comments_section.COMMENT_SECTIONS`, the sentences of
the tone, theme-review and theme-change sections in
:mod:`~nps_toolkit.report.comment_insights`,
:mod:`~nps_toolkit.report.comment_review` and
:mod:`~nps_toolkit.report.comment_change`, and the remaining ones here. Names
from the data are escaped with :func:`nps_toolkit.report.html.md_escape`.
"""

from __future__ import annotations

import pandas as pd

from nps_toolkit.report.html import md_escape

__all__ = [
    "NO_TONE",
    "THEME_TREND_LABEL",
    "THEME_TREND_TITLE",
    "follow_up_sentence",
    "no_date_sentence",
    "segment_caption",
    "terms_sentence",
    "tone_by_category",
    "topics_sentence",
]

#: Column of :func:`tone_by_category` for comments without a tone.
NO_TONE = "no tone"

#: Axis label and title of notebook 02's theme-trend chart.
THEME_TREND_LABEL = "% of detractor comments"
THEME_TREND_TITLE = "Share of detractor comments mentioning each theme, per quarter"


def terms_sentence(main_language: str | None) -> str:
    """Which comments the distinctive terms are computed on, or why they are skipped.

    Examples
    --------
    >>> terms_sentence("fr")
    'Comments in fr (the most common language).'
    >>> terms_sentence(None)
    'No comment in a known language: distinctive terms are skipped.'
    """
    if main_language is None:
        return "No comment in a known language: distinctive terms are skipped."
    return f"Comments in {md_escape(main_language)} (the most common language)."


def no_date_sentence() -> str:
    """Why the theme trends over time are not shown.

    Examples
    --------
    >>> no_date_sentence()
    'No usable date: theme trends over time are skipped.'
    """
    return "No usable date: theme trends over time are skipped."


def segment_caption(segment: str) -> str:
    """The bold caption above one segment's table of theme shares.

    Examples
    --------
    >>> segment_caption("region_*")
    '**% of detractor comments by region\\\\_\\\\***'
    """
    return f"**% of detractor comments by {md_escape(segment)}**"


def topics_sentence(n_detractor_comments: int, needed: int = 50) -> str | None:
    """Why topic discovery is skipped (too few detractor comments), or None when it runs.

    Examples
    --------
    >>> topics_sentence(12)
    'Only 12 detractor comments in the main language: too few for topic discovery (50 needed).'
    >>> topics_sentence(50) is None
    True
    """
    if n_detractor_comments >= needed:
        return None
    n = n_detractor_comments
    return (
        f"Only {n:,} detractor comment{'s' if n != 1 else ''} in the main language: "
        f"too few for topic discovery ({needed} needed)."
    )


def follow_up_sentence(n_rows: int, shown: int = 15) -> str:
    """How many detractors are in the follow-up list and how many rows follow.

    Examples
    --------
    >>> follow_up_sentence(1234)
    '1,234 detractors in the follow-up list; the first 15:'
    >>> follow_up_sentence(3), follow_up_sentence(1)
    ('3 detractors in the follow-up list:', '1 detractor in the follow-up list:')
    >>> follow_up_sentence(0)
    'No detractor to follow up: the list is empty.'
    """
    if n_rows == 0:
        return "No detractor to follow up: the list is empty."
    head = f"{n_rows:,} detractor{'s' if n_rows != 1 else ''} in the follow-up list"
    return f"{head}; the first {shown:,}:" if n_rows > shown else f"{head}:"


def tone_by_category(category: pd.Series, tone: pd.Series) -> pd.DataFrame:
    """Comments per score category and tone: how far the text's tone agrees with the score.

    Parameters
    ----------
    category : Series
        Each comment's score category (``nps_category``).
    tone : Series
        Each comment's tone (negative / neutral / positive; missing when it has
        none), aligned with ``category``.

    Returns
    -------
    DataFrame
        One row per category (detractor, passive, promoter, those present):
        ``nps_category``, ``negative``, ``neutral``, ``positive``, ``no tone``
        (counts of comments, integers), ``pct_negative`` (% of the row's
        comments that read negative).

    Examples
    --------
    >>> cat = pd.Series(["detractor", "detractor", "promoter"])
    >>> tone = pd.Series(["negative", None, "positive"])
    >>> tone_by_category(cat, tone).to_dict("list")["no tone"]
    [1, 0]
    """
    labels = tone.astype("object").where(tone.notna(), NO_TONE)
    columns = ["negative", "neutral", "positive", NO_TONE]
    table = pd.crosstab(category.to_numpy(), labels.to_numpy())
    table = table.reindex(columns=columns, fill_value=0).astype("int64")
    order = [c for c in ("detractor", "passive", "promoter") if c in table.index]
    table = table.loc[order + [c for c in table.index if c not in order]]
    table["pct_negative"] = 100 * table["negative"] / table[columns].sum(axis=1)
    table.columns.name = None
    return table.rename_axis("nps_category").reset_index()
