"""The keywords that matched each theme, for an analyst to check precision (notebook 02, issue 15).

:func:`theme_review_section` wraps :func:`nps_toolkit.comments.review.theme_review`:
per theme, the keywords its patterns matched with the number of comments each
matched in, and a few example comments, redacted
(:func:`nps_toolkit.comments.privacy.redact_pii`). The table holds plain text:
show it with :meth:`ReviewSection.style` (:func:`~nps_toolkit.report.tables.style_table`
HTML-escapes every text); names inside sentences are escaped with
:func:`nps_toolkit.report.html.md_escape`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from nps_toolkit.comments.privacy import redact_pii
from nps_toolkit.comments.review import theme_review
from nps_toolkit.report.comment_examples import cut_to_width
from nps_toolkit.report.html import md_escape
from nps_toolkit.report.tables import style_table

__all__ = ["HOW_TO_READ", "ReviewSection", "check_sentence", "theme_review_section"]


@dataclass
class ReviewSection:
    """Result of :func:`theme_review_section`.

    Attributes
    ----------
    keywords : DataFrame
        :class:`~nps_toolkit.comments.review.ThemeReview`'s ``keywords``: ``theme``,
        ``keyword``, ``n_comments``, ``pct_of_mentions``, ``n_mentions``.
    examples : DataFrame
        ``theme``, ``rank``, ``comment`` (redacted), ``keywords``.
    table : DataFrame
        One row per theme, most mentioned first: ``theme``, ``n_mentions``,
        ``keywords`` ("package (25), internet (16)": each keyword with the
        comments it matched in, most first; the first :data:`KEYWORDS_SHOWN`
        then how many more), ``top_keyword`` (the first of
        them), ``top_keyword_pct`` (% of the theme's mentions it carries), ``examples``
        (redacted example comments, each cut to :data:`EXAMPLE_CHARS`
        columns of the page, joined by " | ").
    sentences : list of str
        How to read the table, then the keywords to check first (those carrying
        half or more of the mentions of a theme with at least ``min_n``),
        ranked by ``top_keyword_pct``.
    """

    keywords: pd.DataFrame
    examples: pd.DataFrame
    table: pd.DataFrame
    sentences: list[str] = field(default_factory=list)

    def style(self):
        """``table`` formatted (and HTML-escaped) by :func:`~nps_toolkit.report.tables.style_table`."""
        return style_table(self.table, percent=["top_keyword_pct"], wrap=["examples"])


#: Keywords listed per theme in the table (all of them are in ``keywords``).
KEYWORDS_SHOWN = 12

#: Page columns of an example comment shown in the table (a Chinese character takes two).
EXAMPLE_CHARS = 160

HOW_TO_READ = (
    "How to read: each theme's keywords are the words its patterns matched, with the number of "
    "comments each matched in; a keyword that carries many of a theme's mentions but means "
    'something else in your survey ("package" for a TV bundle, "till" for "until") makes the '
    "theme imprecise: read the examples, then drop the keyword or give your own themes "
    "(`themes=`)."
)


def _keyword_list(kw: pd.DataFrame, top: int = KEYWORDS_SHOWN) -> str:
    """``"package (25), internet (16) … (+12 more)"``: the most frequent keywords first."""
    shown = ", ".join(
        f"{k} ({n:,})" for k, n in zip(kw["keyword"][:top], kw["n_comments"][:top], strict=True)
    )
    more = len(kw) - top
    return shown + (f" … (+{more:,} more)" if more > 0 else "")


def _shorten(text: str, limit: int = EXAMPLE_CHARS) -> str:
    """A long example (a review can be pages long) on one line, cut after ``limit``
    columns of the page with " …" (:func:`~nps_toolkit.report.comment_examples.cut_to_width`:
    a Chinese character takes two)."""
    return cut_to_width(" ".join(text.split()), limit)


def _review_table(keywords: pd.DataFrame, examples: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for theme, kw in keywords.groupby("theme", sort=False):
        kw = kw.sort_values(["n_comments", "keyword"], ascending=[False, True], kind="stable")
        ex = examples.loc[examples["theme"].eq(theme), "comment"].astype(str).map(_shorten)
        rows.append(
            {
                "theme": theme,
                "n_mentions": int(kw["n_mentions"].iloc[0]),
                "keywords": _keyword_list(kw),
                "top_keyword": kw["keyword"].iloc[0],
                "top_keyword_pct": float(kw["pct_of_mentions"].iloc[0]),
                "examples": " | ".join(ex),
            }
        )
    cols = ["theme", "n_mentions", "keywords", "top_keyword", "top_keyword_pct", "examples"]
    table = pd.DataFrame(rows, columns=cols)
    return table.sort_values("n_mentions", ascending=False, kind="stable", ignore_index=True)


def check_sentence(
    keywords: pd.DataFrame, *, min_n: int = 30, min_share: float = 50.0, top: int = 3
) -> str:
    """The keywords carrying at least ``min_share`` % of the mentions of a theme mentioned in at
    least ``min_n`` comments, ranked by that share (the table's ``top_keyword_pct``)."""
    if keywords.empty:
        return "No theme keyword matched any comment."
    first = keywords.drop_duplicates("theme")  # per theme by decreasing n_comments
    small = (
        f" Themes mentioned in fewer than {min_n} comments are not checked here."
        if first["n_mentions"].lt(min_n).any()
        else ""
    )
    heavy = first[first["n_mentions"].ge(min_n) & first["pct_of_mentions"].ge(min_share)]
    heavy = heavy.sort_values("pct_of_mentions", ascending=False, kind="stable").head(top)
    if heavy.empty:
        return f"No single keyword carries {min_share:g}% or more of its theme's mentions.{small}"
    parts = [
        f'"{md_escape(k["keyword"])}" carries {k["pct_of_mentions"]:.0f}% of the '
        f"{k['n_mentions']:,} mentions of **{md_escape(k['theme'])}**"
        for _, k in heavy.iterrows()
    ]
    return (
        "Check first, ranked by the share of its theme's mentions one keyword carries: "
        + "; ".join(parts)
        + "."
        + small
    )


def theme_review_section(
    survey: pd.DataFrame,
    *,
    themes=None,
    comment: str = "comment",
    language="auto",
    n_examples: int = 3,
    redact: bool = True,
    min_n: int = 30,
    seed: int = 0,
) -> ReviewSection:
    """The keywords that matched each theme, with counts and example comments, to check precision.

    Parameters
    ----------
    survey : pandas.DataFrame
        The survey, one row per response.
    themes : None, str, path or dict
        As in :func:`~nps_toolkit.comments.tagging.tag_themes`.
    comment : str
        Column of the comments.
    language : "auto", str or column name
        As in :func:`~nps_toolkit.comments.review.theme_review`.
    n_examples : int
        Example comments per theme.
    redact : bool
        Replace emails, phone numbers... in the examples
        (:func:`~nps_toolkit.comments.privacy.redact_pii`); keep True to share.
    min_n : int
        Themes mentioned in fewer comments are not named in the sentence (the
        table shows them).
    seed : int
        Seed of the choice of examples.

    Returns
    -------
    ReviewSection
        ``keywords``, ``examples``, the per-theme ``table`` and the sentences
        (see :class:`ReviewSection`).
    """
    review = theme_review(
        survey, comment=comment, themes=themes, language=language, n_examples=n_examples, seed=seed
    )
    examples = review.examples.copy()
    if redact and len(examples):
        examples["comment"] = redact_pii(examples["comment"].astype(str))
    table = _review_table(review.keywords, examples)
    sentences = [HOW_TO_READ, check_sentence(review.keywords, min_n=min_n)]
    return ReviewSection(review.keywords, examples, table, sentences)
