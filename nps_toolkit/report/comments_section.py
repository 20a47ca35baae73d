"""The logic of notebook 02 (detractor comments), as tested package code.

Each function takes the comments table the notebook builds (one row per
comment: ``comment``, ``score``, ``nps_category``, ``date``, the segment
columns) and returns a tidy table:

* :func:`language_table`: comments per detected language, and the main one;
* :func:`theme_trend`: share of detractor comments mentioning each theme, per period;
* :func:`themes_by_segment`: the same per segment value (missing values labelled);
* :func:`topic_terms`: the top terms of each discovered topic;
* :func:`~nps_toolkit.report.comment_examples.example_comments` (moved to its own module):
  a few different detractor comments of the top themes;
* :func:`follow_up_table`: the follow-up list as shown in the report, contact ids
  masked, with a comment column wide enough to read (this is the display call
  that sets the comment column's width).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

# example_comments lives in report.comment_examples; importing it from here keeps working.
from nps_toolkit.report.comment_examples import example_comments
from nps_toolkit.report.tables import label_missing, style_table

__all__ = [
    "COMMENT_SECTIONS",
    "comment_section",
    "example_comments",
    "follow_up_table",
    "language_table",
    "show_comment_section",
    "mentioned_themes",
    "theme_trend",
    "theme_trend_long",
    "themes_by_segment",
    "topic_terms",
]

#: Heading and explanation of each text section of notebook 02 (shown when there are comments).
COMMENT_SECTIONS = {
    "languages": """## 1. Languages

Each comment's language is detected offline; comments too short to tell are `unknown`. Theme
patterns, word lists and the tone of a comment depend on its language, so the sections below
say which languages they cover.""",
    "terms": """## 2. Words that set detractors apart

Terms (words and two-word phrases) ranked by the weighted log-odds ratio with an informative
Dirichlet prior (Monroe, Colaresi & Quinn, 2008): `z` above about 2 means the term is clearly
more frequent in detractor comments than in promoter comments (negative: the promoters' side).
Counts are of comments, not of repetitions. One real (redacted) example comment per term.""",
    "themes": """## 3. Themes and their impact on NPS

Each comment is tagged with the themes it mentions (a documented dictionary of patterns per
language; a comment can mention several). For each theme: how many comments mention it, the
share among detractor and promoter comments, and the NPS of respondents mentioning it vs not,
with intervals. Themes are sorted by `impact` = the NPS gap × the share of comments mentioning
the theme (a frequent theme with a big gap first; `impact_ci_low`/`impact_ci_high` its interval).
`p_adj` is the p-value of the gap adjusted (Holm) for testing every theme at once, and only themes
marked `significant` should be reported as coming with a different NPS; themes with too few
mentions are not tested (`note`). A theme that comes with a lower NPS is where to look first, but
this is an association: it does not say how much NPS would rise if the theme were fixed.""",
    "theme_trends": """### Theme trends and segments

Share of detractor comments mentioning each theme, per quarter and per segment. A theme that
jumps in one period or one segment points to a specific problem (e.g. late deliveries in one
region). Cells computed on few comments are noisy.""",
    "topics": """### Topics the dictionary may miss

An unsupervised topic model (NMF on TF-IDF) over detractor comments in the main language,
each topic with a readable label (its key phrase) and its top terms: look for topics that
match no theme above. In a notebook, `TopicDiscovery(...).fit(texts).to_yaml("themes.yaml")`
writes them as a starter theme dictionary to edit, check and pass back as `themes`
(`--themes themes.yaml`).""",
    "review": """### Which words matched each theme

A theme is only as good as its patterns: for each theme, the keywords its patterns matched (each
with the number of comments it matched in, most first), the share of the theme's mentions its
most frequent keyword carries (`top_keyword_pct`) and a few example comments (redacted). A
keyword that carries many mentions but means something else in your survey makes the theme
imprecise.""",
    "theme_change": """### Why NPS moved between the last two periods

The change in NPS between the last two complete periods, split into the part each theme
contributed: each respondent's NPS value (+100 promoter, 0 passive, -100 detractor) is shared
equally among the themes their comment mentions (or goes to `(no theme)` / `(no comment)`), so
the `contribution` column of the rows adds up exactly to the `total` row's, the NPS change
(`n_a`/`n_b`: respondents in the row in each period, `nps_a`/`nps_b`: their NPS). `ci_low` /
`ci_high`: 95% interval of the contribution; `p_adj`: its p-value corrected for the number of
rows (Holm; the intervals are not corrected): only rows with `p_adj` below 0.05 are headlined.
Themes nobody mentioned in either period are left out. Like every figure here, an
association, not a cause.""",
    "tone": """## 4. Tone of the comments

Every comment gets a tone (negative, neutral or positive) and says where it comes from:
English comments are read by a sentiment lexicon (VADER plus a documented customer-experience
supplement); comments in any other language by a model learnt from this survey's own scored
comments in that language (how much a comment reads like a detractor's). How well each source
separates detractors from promoters is its AUC (cross-validated for the survey model; 0.5 = no
better than chance). A language with too few comments to learn from gets no tone and is
counted as such (`pct_no_tone`), never as neutral. The second table counts the comments of
each score category by tone: how far the text's tone agrees with the score.""",
    "theme_tone": """### Tone per theme

For each theme, the share of the sentences that mention it which read negative and positive,
with 95% intervals (a comment can praise one thing and blame another: each sentence is counted
with the theme it mentions; English sentences are read one by one, a sentence in another
language takes its comment's tone). Themes mentioned in fewer than the minimum number of
sentences with a tone are shown but not ranked (`ranked`).""",
    "lexicon": """**How good is the English lexicon?** The kit ships labelled customer sentences \
(clearly positive,
negative or neutral) and hard cases ("Never again. Worst experience ever!!!", "not bad at all",
"overpriced", emoji). The share labelled correctly is below; misses are listed so you can
judge whether they matter for your English comments.""",
    "examples": """## 5. Example comments (redacted)

For each of the top themes, a few different detractor comments that mention it (the shortest of \
20 to 200 characters, taking turns across the theme's languages, most frequent first; a longer \
comment is cut after 200 characters with "…": the follow-up files keep it whole), redacted, \
shown as plain text.""",
}


def comment_section(name: str, n_comments: int) -> str | None:
    """The Markdown of a text section, or None when there is no comment to show it for.

    Without comments, the one sentence of
    :func:`nps_toolkit.report.sentences.comments_sentence` replaces all of them.

    Examples
    --------
    >>> comment_section("themes", 120).splitlines()[0]
    '## 3. Themes and their impact on NPS'
    >>> comment_section("themes", 0) is None
    True
    """
    if name not in COMMENT_SECTIONS:
        raise ValueError(f"section {name!r}: use one of {', '.join(COMMENT_SECTIONS)}.")
    return COMMENT_SECTIONS[name] if n_comments else None


def show_comment_section(name: str, n_comments: int) -> None:
    """Display :func:`comment_section` as Markdown in a notebook when there are comments."""
    text = comment_section(name, n_comments)
    if text is not None:
        from IPython.display import Markdown, display

        display(Markdown(text))


def language_table(languages: pd.Series) -> tuple[pd.DataFrame, str | None]:
    """Comments per language (``language, comments, pct``) and the most common known one.

    ``languages`` holds one detected language per comment (``"unknown"`` or
    ``"none"`` when it could not be told; a missing value, e.g. a comment of
    emoji only, is counted as ``"unknown"``, so the counts add up to the comments).

    Examples
    --------
    >>> table, main = language_table(pd.Series(["en", "fr", "en", None]))
    >>> table.to_dict("list"), main
    ({'language': ['en', 'fr', 'unknown'], 'comments': [2, 1, 1], 'pct': [50.0, 25.0, 25.0]}, 'en')
    """
    languages = languages.astype("object").where(languages.notna(), "unknown")
    table = languages.value_counts().rename_axis("language").reset_index(name="comments")
    table["language"] = table["language"].astype(str)
    table["pct"] = 100 * table["comments"] / max(len(languages), 1)
    known = table[~table["language"].isin(["unknown", "none"])]
    return table, (known["language"].iloc[0] if len(known) else None)


def _detractor_shares(tags: pd.DataFrame, is_detractor: pd.Series, group: pd.Series):
    """% of detractor comments mentioning each theme per group, with the comment count."""
    flags = tags[is_detractor.to_numpy()]
    group = group[is_detractor.to_numpy()]
    table = (100 * flags.groupby(group, observed=True).mean()).round(1)
    table.insert(0, "detractor_comments", flags.groupby(group, observed=True).size())
    return table


def theme_trend(
    comments: pd.DataFrame, tags: pd.DataFrame, *, freq: str = "Q", date: str = "date"
) -> pd.DataFrame:
    """Share (%) of detractor comments mentioning each theme, per period.

    Parameters
    ----------
    comments : DataFrame
        One row per comment with ``nps_category`` and ``date``.
    tags : DataFrame
        True/False theme columns aligned to ``comments``
        (:func:`nps_toolkit.comments.themes.tag_themes`).
    freq : str, default "Q"
        A pandas period frequency ("Q" quarter, "M" month).
    date : str
        The date column.

    Returns
    -------
    DataFrame
        Indexed by period (``quarter`` for "Q", else ``period``):
        ``detractor_comments`` then one column per theme (% 0-100, 1 decimal).

    Examples
    --------
    >>> c = pd.DataFrame({"nps_category": ["detractor"] * 3 + ["promoter"],
    ...                   "date": pd.to_datetime(["2024-01-05", "2024-02-01", "2024-04-01",
    ...                                           "2024-01-01"])})
    >>> tags = pd.DataFrame({"price": [True, False, True, True]})
    >>> theme_trend(c, tags).to_dict("index")
    {'2024Q1': {'detractor_comments': 2, 'price': 50.0}, '2024Q2': {'detractor_comments': 1, 'price': 100.0}}
    """
    name = "quarter" if freq.upper().startswith("Q") else "period"
    period = comments[date].dt.to_period(freq).astype(str).rename(name)
    return _detractor_shares(tags, comments["nps_category"].eq("detractor"), period)


def mentioned_themes(table: pd.DataFrame) -> pd.DataFrame:
    """A :func:`theme_trend` / :func:`themes_by_segment` table without the themes no detractor
    comment mentions (columns of zeros), so tables and charts show what was said.

    Examples
    --------
    >>> t = pd.DataFrame({"detractor_comments": [3], "price": [50.0], "loyalty": [0.0]})
    >>> list(mentioned_themes(t).columns)
    ['detractor_comments', 'price']
    """
    themes = [c for c in table.columns if c != "detractor_comments"]
    empty = [c for c in themes if table[c].fillna(0).eq(0).all()]
    return table.drop(columns=empty)


def theme_trend_long(table: pd.DataFrame, top: int = 10) -> pd.DataFrame:
    """A :func:`theme_trend` table as the long table
    :func:`nps_toolkit.plots.summary.plot_theme_trend` draws (a line per theme).

    Returns
    -------
    DataFrame
        ``period`` (the start date of each period), ``theme``,
        ``pct_of_detractor_comments``; the ``top`` themes with the highest
        mean share (distinct colours go to ten at most), themes no detractor
        comment mentions left out.

    Examples
    --------
    >>> t = pd.DataFrame({"detractor_comments": [2, 1], "price": [50.0, 100.0]},
    ...                  index=pd.Index(["2024Q1", "2024Q2"], name="quarter"))
    >>> theme_trend_long(t).to_dict("list")["period"]
    [Timestamp('2024-01-01 00:00:00'), Timestamp('2024-04-01 00:00:00')]
    """
    shares = mentioned_themes(table).drop(columns="detractor_comments")
    keep = shares.mean().sort_values(ascending=False, kind="stable").index[:top]
    start = pd.DatetimeIndex([pd.Period(str(p)).start_time for p in table.index])
    long = shares[keep].set_axis(start).rename_axis("period").reset_index()
    long = long.melt(id_vars="period", var_name="theme", value_name="pct_of_detractor_comments")
    return long


def themes_by_segment(
    comments: pd.DataFrame, tags: pd.DataFrame, segments: Sequence[str]
) -> dict[str, pd.DataFrame]:
    """:func:`theme_trend` per segment value instead of per period; missing values labelled.

    A missing segment value is shown as ``"(missing)"`` (not dropped).

    Examples
    --------
    >>> c = pd.DataFrame({"nps_category": ["detractor"] * 3, "region": ["N", None, "N"]})
    >>> tags = pd.DataFrame({"price": [True, True, False]})
    >>> themes_by_segment(c, tags, ["region"])["region"]["price"].to_dict()
    {'(missing)': 100.0, 'N': 50.0}
    """
    det = comments["nps_category"].eq("detractor")
    return {
        seg: _detractor_shares(tags, det, label_missing(comments[seg]).rename(seg))
        for seg in segments
    }


def topic_terms(topics, n_terms: int = 8) -> pd.DataFrame:
    """One row per topic of a fitted ``TopicDiscovery``: ``topic``, ``label``, ``top terms``.

    ``label`` is the topic's readable key phrase (``labels_``; the column is left
    out for an object without labels), ``top terms`` its first ``n_terms`` terms.

    Examples
    --------
    >>> class Fitted:
    ...     top_terms_ = pd.DataFrame({"topic": [0, 0, 1], "term": ["late", "parcel", "rude"]})
    ...     labels_ = ["late parcel", "rude"]
    >>> topic_terms(Fitted()).to_dict("records")
    [{'topic': 0, 'label': 'late parcel', 'top terms': 'late, parcel'}, {'topic': 1, 'label': 'rude', 'top terms': 'rude'}]
    """
    terms = topics.top_terms_.groupby("topic").head(n_terms)
    out = terms.groupby("topic")["term"].agg(", ".join).to_frame("top terms").reset_index()
    labels = getattr(topics, "labels_", None)
    if labels is not None:
        out.insert(1, "label", [labels[k] for k in out["topic"]])
    return out


def follow_up_table(
    follow, rows: int | None = 15, *, segments: Sequence[str] = (), comment_width: str = "16em"
):
    """The follow-up list as a report shows it: first rows, contact ids masked, readable.

    :func:`nps_toolkit.comments.followup_export.follow_up_display` (contact ids
    masked) formatted by :func:`nps_toolkit.report.tables.style_table` (no index,
    missing values spelled out), with the ``comment`` column at least
    ``comment_width`` wide (so a row is not ten lines tall) and at most 40em.
    To fit the page, the ``segments`` columns are shown as one ``segment``
    column ("web / North"), order dates as dates, and neither the survey's
    row index nor ``compound`` / ``tone_score`` (the label says it) is shown (the
    exported files keep every column).

    Returns
    -------
    pandas.io.formats.style.Styler

    Examples
    --------
    >>> follow = pd.DataFrame({"priority": [1], "respondent": ["ana@example.com"],
    ...                        "score": [2], "arm": ["pilot"], "comment": ["Late again"]})
    >>> html = follow_up_table(follow, segments=["arm"]).to_html()
    >>> "[EMAIL]" in html and "min-width: 16em" in html and "ana@example.com" not in html
    True
    """
    from nps_toolkit.comments.followup_export import follow_up_display

    shown = follow_up_display(follow, rows=rows).reset_index(drop=True)
    segments = [c for c in segments if c in shown.columns]
    if segments:
        joined = shown[segments].apply(
            lambda row: " / ".join(label_missing(row.astype("object")).astype(str)), axis=1
        )
        at = shown.columns.get_loc(segments[0])
        shown = shown.drop(columns=segments)
        shown.insert(at, "segment", joined if len(shown) else pd.Series(dtype="str"))
    # the label (tone / sentiment_label) says what the number says
    shown = shown.drop(columns=["compound", "tone_score"], errors="ignore")
    if "themes" in shown.columns:  # '' is a comment that mentions no theme, not a missing value
        shown["themes"] = shown["themes"].mask(shown["themes"].eq(""), "(no theme)")
    if "last_order_date" in shown.columns:
        shown["last_order_date"] = pd.to_datetime(shown["last_order_date"]).dt.strftime("%Y-%m-%d")
    wrap = [c for c in ("comment", "themes", "segment") if c in shown.columns]
    styler = style_table(shown, integer=["priority"], wrap=wrap, max_width="40em")
    narrow = [c for c in ("themes", "segment") if c in shown.columns]
    if narrow:  # short labels: narrower than style_table's 12em for wrapped text
        styler = styler.set_properties(subset=narrow, **{"min-width": "7em"})
    if "comment" in shown.columns:
        styler = styler.set_properties(subset=["comment"], **{"min-width": comment_width})
    return styler
