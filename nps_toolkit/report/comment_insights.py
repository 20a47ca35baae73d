"""The tone of the comments for notebook 02: per language, with its source, and per theme (issue 15).

Pure functions from the survey (as notebook 02 has it: columns ``score``,
``comment``, optionally ``language``) to small result objects: tidy tables and
the sentences to show with them. Every sentence that ranks states the measure it
ranks by, and its first name is the first row of its table sorted by that
measure.

:func:`tone_section`: the tone of every comment
(:func:`nps_toolkit.comments.tones.tone`) summarised per language, with its
source and how well it separates detractors from promoters, and the tone per
theme (:func:`nps_toolkit.comments.review.theme_tone`).

The keywords that matched each theme (precision) are in
:mod:`nps_toolkit.report.comment_review`, why NPS moved between two periods in
:mod:`nps_toolkit.report.comment_change`.

Tables hold plain text (comments already redacted): show them with
:func:`nps_toolkit.report.tables.style_table` (the ``style`` methods), which
HTML-escapes every text. Names from the data inside sentences are escaped with
:func:`nps_toolkit.report.html.md_escape`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from nps_toolkit.comments.review import theme_tone
from nps_toolkit.comments.tones import LEXICON_SOURCE, tone
from nps_toolkit.report.html import md_escape
from nps_toolkit.report.tables import style_table

__all__ = [
    "ToneSection",
    "interval_text",
    "level_text",
    "tone_section",
]

LANGUAGE_TABLE_COLUMNS = [
    "language",
    "n_comments",
    "pct_negative",
    "pct_neutral",
    "pct_positive",
    "pct_no_tone",
    "source",
    "auc",
    "auc_ci_low",
    "auc_ci_high",
]
TONE_LABELS = ("negative", "neutral", "positive")
ALL_TEXT = "(all comments)"


def level_text(confidence: float) -> str:
    """``"95% interval"`` for ``confidence=0.95``.

    Examples
    --------
    >>> level_text(0.95), level_text(0.9)
    ('95% interval', '90% interval')
    """
    return f"{100 * confidence:g}% interval"


def interval_text(low, high, confidence: float, *, unit: str = "%", digits: int = 0) -> str:
    """``"95% interval 55% to 82%"``: an interval in words, with its level.

    Examples
    --------
    >>> interval_text(55.2, 81.7, 0.95)
    '95% interval 55% to 82%'
    >>> interval_text(0.71, 0.8, 0.9, unit="", digits=2)
    '90% interval 0.71 to 0.80'
    """
    return f"{level_text(confidence)} {low:.{digits}f}{unit} to {high:.{digits}f}{unit}"


@dataclass
class ToneSection:
    """Result of :func:`tone_section`.

    Attributes
    ----------
    comments : DataFrame
        Per row of the survey (same index): ``language``, ``tone`` (negative /
        neutral / positive, NA when there is none), ``tone_score``,
        ``tone_source`` (why, when there is no tone).
    languages : DataFrame
        One row per language, most comments first: ``language``,
        ``n_comments``, ``pct_negative``, ``pct_neutral``, ``pct_positive``,
        ``pct_no_tone`` (% of the language's comments; they add up to 100),
        ``source`` (lexicon, survey model, or why there is no tone), ``auc``
        (how well the tone separates detractors from promoters:
        cross-validated for the survey model), ``auc_ci_low``, ``auc_ci_high``.
    themes : DataFrame
        The columns of :func:`~nps_toolkit.comments.review.theme_tone` plus
        ``ranked`` (at least ``min_n`` mentions with a tone); ranked themes
        first by decreasing ``pct_negative``, then the others by decreasing
        ``n_mentions``. Counted in sentences (``n_comments``: the comments they
        are in), the default of ``theme_tone``.
    overall : dict
        The same columns (but ``theme``) over every sentence with text, whatever
        its theme: ``pct_negative`` is what a theme's share compares with.
    language_sentences : list of str
        One sentence per language, in the order of ``languages``.
    theme_sentences : list of str
        Ranked by ``pct_negative`` (first) and by ``pct_positive`` (second).
    """

    comments: pd.DataFrame
    languages: pd.DataFrame
    themes: pd.DataFrame
    overall: dict = field(default_factory=dict)
    language_sentences: list[str] = field(default_factory=list)
    theme_sentences: list[str] = field(default_factory=list)

    @property
    def sentences(self) -> list[str]:
        """All the sentences: languages, then themes."""
        return [*self.language_sentences, *self.theme_sentences]

    def style(self, table: str = "languages"):
        """``"languages"`` or ``"themes"`` formatted by :func:`~nps_toolkit.report.tables.style_table`."""
        df = getattr(self, table)
        pct = [c for c in df.columns if c.startswith("pct_")]
        return style_table(df, percent=pct, decimals=2 if table == "languages" else 1)


def _language_rows(comments: pd.DataFrame, languages: pd.DataFrame) -> pd.DataFrame:
    """Tone shares per language (of the comments with text), joined to the quality table."""
    present = comments["tone_source"].ne("no comment")
    sub = comments[present]
    lang = sub["language"].fillna("unknown").astype(str)
    n = lang.value_counts()
    shares = {
        f"pct_{label}": 100 * sub["tone"].eq(label).fillna(False).groupby(lang).sum() / n
        for label in TONE_LABELS
    }
    table = pd.DataFrame({"n_comments": n, **shares}).fillna(0.0)
    table["pct_no_tone"] = 100 * sub["tone"].isna().groupby(lang).sum() / n
    quality = languages.set_index("language")[["source", "auc", "ci_low", "ci_high"]]
    quality = quality.rename(columns={"ci_low": "auc_ci_low", "ci_high": "auc_ci_high"})
    table = table.join(quality).rename_axis("language").reset_index()
    table["n_comments"] = table["n_comments"].astype("int64")
    table = table.sort_values(["n_comments", "language"], ascending=[False, True], kind="stable")
    return table.reset_index(drop=True)[LANGUAGE_TABLE_COLUMNS]


def language_sentence(row, confidence: float) -> str:
    """One language's tone in words: its shares, its source and how well that source does."""
    lang = md_escape(row["language"])
    n = f"{row['n_comments']:,} comment{'s' if row['n_comments'] != 1 else ''}"
    source = str(row["source"])
    if not (source == LEXICON_SOURCE or source.startswith("survey model")):
        if row["pct_no_tone"] >= 100:
            return (
                f"**{lang}**: {n}, no tone given ({md_escape(source)}); they are counted as "
                "without tone, not as neutral."
            )
        # short comments in which the lexicon recognised a word still have its tone
        read = ", ".join(f"{row[f'pct_{label}']:.0f}% {label}" for label in TONE_LABELS)
        return (
            f"**{lang}**: {n}, no survey model ({md_escape(source)}); those in which the "
            f"English lexicon recognised a word are read by it ({read}); the other "
            f"{row['pct_no_tone']:.0f}% are counted as without tone, not as neutral."
        )
    shares = ", ".join(f"{row[f'pct_{label}']:.0f}% {label}" for label in TONE_LABELS)
    if row["pct_no_tone"] > 0:
        shares += f", {row['pct_no_tone']:.0f}% without tone"
    if source == LEXICON_SOURCE:
        how, auc_name = "read by the English lexicon", "an AUC of"
    else:
        how = f"read by the {md_escape(source)} learnt from this survey's own scored comments"
        auc_name = "a cross-validated AUC of"
    if pd.isna(row["auc"]):
        quality = "too few detractor and promoter comments to measure how well it separates them"
    else:
        low, high = row["auc_ci_low"], row["auc_ci_high"]
        weak = "; the interval includes 0.5: read this tone with care" if low <= 0.5 else ""
        quality = (
            f"it separates detractors from promoters with {auc_name} {row['auc']:.2f} "
            f"({interval_text(low, high, confidence, unit='', digits=2)}"
            f"; 0.5 = no better than chance{weak})"
        )
    return f"**{lang}**: {n} {how}: {shares}; {quality}."


def _rank_themes(themes: pd.DataFrame, min_n: int) -> pd.DataFrame:
    ranked = themes.assign(ranked=themes["n_mentions"].ge(min_n) & themes["n_mentions"].gt(0))
    top = ranked[ranked["ranked"]].sort_values("pct_negative", ascending=False, kind="stable")
    rest = ranked[~ranked["ranked"]].sort_values("n_mentions", ascending=False, kind="stable")
    return pd.concat([top, rest], ignore_index=True)


def _unit(themes: pd.DataFrame) -> str:
    """What the tone table counts: sentences (it has ``n_comments``) or comments."""
    return "sentences" if "n_comments" in themes.columns else "comments"


def _mention_part(t, side: str, unit: str, confidence: float) -> str:
    within = f" (in {t['n_comments']:,} comments)" if unit == "sentences" else ""
    return (
        f"**{md_escape(t['theme'])}**: {t[f'pct_{side}']:.0f}% of the "
        f"{t['n_mentions']:,} {unit} that mention it{within} read {side} ("
        + interval_text(t[f"pct_{side}_ci_low"], t[f"pct_{side}_ci_high"], confidence)
        + (f"; {t['n_without_tone']:,} more without a tone" if t["n_without_tone"] else "")
        + ")"
    )


def theme_tone_sentences(themes: pd.DataFrame, *, min_n: int, confidence: float, top: int = 3):
    """Two sentences: themes ranked by % negative, then by % positive (ranked themes only).

    The table counts sentences (:func:`~nps_toolkit.comments.review.theme_tone`'s
    default, when it has ``n_comments``) or comments; the sentences say which.
    """
    unit = _unit(themes)
    ranked = themes[themes["ranked"]]
    small = themes.loc[~themes["ranked"], "theme"].tolist()
    note = (
        f" Themes mentioned in fewer than {min_n} {unit} with a tone are not ranked "
        f"({', '.join(md_escape(t) for t in small)})."
        if small
        else ""
    )
    if ranked.empty:
        return [f"No theme is mentioned in at least {min_n} {unit} with a tone.{note}"]
    out = []
    for side in ("negative", "positive"):
        order = ranked.sort_values(f"pct_{side}", ascending=False, kind="stable").head(top)
        parts = [_mention_part(t, side, unit, confidence) for _, t in order.iterrows()]
        out.append(
            f"Ranked by the share of the {unit} mentioning a theme that read {side}: "
            + "; ".join(parts)
            + "."
        )
    out[0] += note
    return out


def tone_section(
    survey: pd.DataFrame,
    *,
    themes=None,
    scale=None,
    seed: int = 0,
    comment: str = "comment",
    score: str = "score",
    language=None,
    min_n: int = 30,
    confidence: float = 0.95,
) -> ToneSection:
    """Tone of every comment per language, with its source, and the tone per theme.

    Parameters
    ----------
    survey : pandas.DataFrame
        The survey, one row per response (rows without comment are counted out).
    themes : None, str, path or dict
        As in :func:`~nps_toolkit.comments.tagging.tag_themes`.
    scale : (int, int) or None
        The survey's declared scale (see :func:`nps_toolkit.score.scales.classify`).
    seed : int
        Seed of the survey model's cross-validation folds.
    comment, score : str
        Columns of the comment and of the score.
    language : None, str or column name
        As in :func:`~nps_toolkit.comments.tones.tone` (``None``: detected).
    min_n : int
        Themes mentioned in fewer comments with a tone are shown but not ranked.
    confidence : float
        Level of the intervals.

    Returns
    -------
    ToneSection
        The per-comment tones, the ``languages`` and ``themes`` tables and the
        sentences (see :class:`ToneSection`).
    """
    res = tone(survey, comment=comment, score=score, language=language, scale=scale, seed=seed,
               confidence=confidence)  # fmt: skip
    languages = _language_rows(res.comments, res.languages)
    frame = pd.DataFrame({"comment": survey[comment], "tone": res.comments["tone"]})
    lang = "auto"
    if isinstance(language, str) and language in survey.columns:
        frame["language"], lang = survey[language], "language"
    elif language is not None:
        lang = language
    by_theme = theme_tone(frame, comment="comment", tone="tone", themes=themes, language=lang,
                          confidence=confidence)  # fmt: skip
    by_theme = _rank_themes(by_theme, min_n)
    # the same count over every comment (a pattern any text matches): what a theme compares with
    overall = theme_tone(frame, comment="comment", tone="tone", themes={ALL_TEXT: ["."]},
                         language=lang, confidence=confidence)  # fmt: skip
    return ToneSection(
        comments=res.comments,
        languages=languages,
        themes=by_theme,
        overall=overall.drop(columns="theme").iloc[0].to_dict(),
        language_sentences=[language_sentence(r, confidence) for _, r in languages.iterrows()],
        theme_sentences=theme_tone_sentences(by_theme, min_n=min_n, confidence=confidence),
    )
