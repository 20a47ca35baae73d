"""Checking and reading themes: :func:`theme_review` (what matched) and :func:`theme_tone`.

:func:`theme_review` lists, per theme, the keywords (the text each pattern
matched, folded) with the number of comments they matched in, and a few
example comments: an analyst reads it to check the dictionary's precision
("package" counted 25 times in a telecom survey means bundles, not parcels).
:func:`theme_tone` gives, per theme, the share of the sentences mentioning it
that read negative and positive, from a tone column the caller provides.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from nps_toolkit._docstrings import share_docs
from nps_toolkit.comments.counting import check_column
from nps_toolkit.comments.dictionary import fold, resolve_themes
from nps_toolkit.comments.marks import MARKED, is_marked, marked_group, plain_group
from nps_toolkit.comments.patterns import compile_group
from nps_toolkit.comments.sentences import explode_sentences
from nps_toolkit.comments.tagging import (
    folded_patterns,
    group_patterns,
    matching_languages,
    tag_themes,
)
from nps_toolkit.comments.tokens import has_text

__all__ = ["ThemeReview", "theme_review", "theme_tone"]


@dataclass
class ThemeReview:
    """The two tables of :func:`theme_review`.

    Attributes
    ----------
    keywords : DataFrame
        ``theme``, ``keyword`` (matched text, folded), ``n_comments`` (comments
        it matched in), ``pct_of_mentions`` (% of the theme's mentioning
        comments), ``n_mentions`` (comments mentioning the theme); per theme
        by decreasing ``n_comments``.
    examples : DataFrame
        ``theme``, ``rank``, ``comment``, ``keywords`` (what matched in it,
        comma-joined): up to ``n_examples`` distinct comments per theme.
    """

    keywords: pd.DataFrame
    examples: pd.DataFrame


def _keywords(pats: dict, text: str, group: str) -> list[str]:
    """What the patterns of ``group`` matched in ``text`` (as the tagger searches it)."""
    if group in MARKED and is_marked(text, group):
        # Typed with diacritics: patterns written without any on the folded text,
        # those written with them on the text that keeps them (see marks.py).
        forms = [(plain_group(group), fold(text)), (marked_group(group), fold(text, group))]
    else:
        forms = [(None, fold(text))]
    found = set()
    for key, folded in forms:
        rx = compile_group(group_patterns(pats, group) if key is None else pats.get(key, ()))[0]
        if rx is not None:
            found |= {m.group(0).strip() for m in rx.finditer(folded)}
    return sorted(found - {""})


@share_docs
def theme_review(
    data: pd.DataFrame,
    *,
    comment: str,
    themes=None,
    language="auto",
    n_examples: int = 3,
    seed: int = 0,
) -> ThemeReview:
    """Per theme, the keywords that matched (with counts) and example comments.

    Parameters
    ----------
    {params.data}
    {params.comment}
    themes : None, str, path or dict
        As in :func:`~nps_toolkit.comments.tagging.tag_themes`.
    language : "auto", str or None
        As in :func:`~nps_toolkit.comments.tagging.tag_themes`, or a column of ``data``.
    n_examples : int
        Example comments per theme (distinct texts, drawn at random with ``seed``).
    {params.seed}

    Returns
    -------
    ThemeReview
        ``keywords`` and ``examples`` tables (see :class:`ThemeReview`).

    Examples
    --------
    >>> df = pd.DataFrame({"c": ["late parcel", "parcel lost", "the parcels", "nice staff"]})
    >>> rev = theme_review(df, comment="c", themes={"delivery": [r"\\bparcels?\\b"]})
    >>> rev.keywords[["theme", "keyword", "n_comments"]]
          theme  keyword  n_comments
    0  delivery   parcel           2
    1  delivery  parcels           1
    """
    check_column(data, comment, "comment")
    texts = data[comment]
    lang = data[language] if isinstance(language, str) and language in data else language
    theme_dict = resolve_themes(themes)
    patterns = folded_patterns(theme_dict)
    tags = tag_themes(texts, theme_dict, language=lang)
    groups = matching_languages(texts, theme_dict, language=lang).fillna("")
    has = has_text(texts)
    texts_obj = texts.to_numpy(dtype=object)
    groups_obj = groups.to_numpy(dtype=object)
    rng = np.random.default_rng(seed)
    kw_rows, ex_rows = [], []
    for name, pats in patterns.items():
        rows = np.flatnonzero(tags[name].to_numpy() & has)
        # Each distinct (comment, language) pair is searched once, counted as often as it occurs.
        pairs = pd.DataFrame({"t": texts_obj[rows], "g": groups_obj[rows]}).value_counts(sort=False)
        found = {}  # (text, group) -> keywords
        counts: dict[str, int] = {}
        for key, n_rows in pairs.items():
            found[key] = _keywords(pats, key[0], key[1])
            for kw in found[key]:
                counts[kw] = counts.get(kw, 0) + int(n_rows)
        for kw, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            kw_rows.append((name, kw, n, 100.0 * n / len(rows), len(rows)))
        distinct = list(dict.fromkeys(found))
        pick = rng.permutation(len(distinct))[:n_examples]
        for rank, k in enumerate(sorted(pick)):
            text, _ = distinct[k]
            ex_rows.append((name, rank, text, ", ".join(found[distinct[k]])))
    keywords = pd.DataFrame(
        kw_rows, columns=["theme", "keyword", "n_comments", "pct_of_mentions", "n_mentions"]
    )
    examples = pd.DataFrame(ex_rows, columns=["theme", "rank", "comment", "keywords"])
    return ThemeReview(keywords=keywords, examples=examples)


def _tone_labels(tone: pd.Series, neutral_band) -> np.ndarray:
    """-1 negative, 0 neither, 1 positive, -2 missing, from labels or numbers."""
    if pd.api.types.is_numeric_dtype(tone):
        v = tone.to_numpy(dtype="float64")
        lo, hi = neutral_band
        out = np.where(v <= lo, -1, np.where(v >= hi, 1, 0))
        return np.where(np.isnan(v), -2, out)
    low = tone.astype("object").map(lambda s: s.strip().lower() if isinstance(s, str) else None)
    out = np.where(low.eq("negative"), -1, np.where(low.eq("positive"), 1, 0))
    return np.where(low.isna(), -2, out)


@share_docs
def theme_tone(
    data: pd.DataFrame,
    *,
    comment: str,
    tone: str,
    themes=None,
    language="auto",
    neutral_band: tuple[float, float] = (-0.05, 0.05),
    confidence: float = 0.95,
    unit: str = "sentence",
) -> pd.DataFrame:
    """Per theme, the share of the sentences mentioning it that read negative / positive.

    **Unit: sentences** (default). Each comment is cut into sentences
    (:func:`~nps_toolkit.comments.sentences.split_sentences`: full stops,
    ``。！？``, and for Thai the spaces between words), each sentence is tagged
    with the patterns of its comment's language, and a theme's shares are over
    the sentences that mention it: "Delivery was late. The staff were lovely."
    counts one negative sentence for delivery and one positive for staff.
    A sentence's tone is its comment's tone (column ``tone``) when the comment
    has one sentence; in a comment of several, English sentences (language
    ``"en"`` as the tagger decides it) are read one by one by the kit's lexicon
    (:func:`nps_toolkit.comments.sentiment.sentiment`, compound within
    ``neutral_band`` neither), and sentences in other languages take their
    comment's tone (the survey model of :func:`nps_toolkit.comments.tones.tone`
    reads whole comments), counted in ``n_comment_tone``. ``unit="comment"``
    counts comments, each giving its tone to every theme it mentions.

    The tone column comes from the caller, e.g. ``tone`` of
    :func:`nps_toolkit.comments.tones.tone` or ``sentiment_label`` /
    ``compound`` of :func:`nps_toolkit.comments.sentiment.sentiment`: labels
    ``"negative"`` / ``"positive"`` (case-insensitive; any other label counts as
    neither) or numbers (at most ``neutral_band[0]`` negative, at least
    ``neutral_band[1]`` positive, VADER's convention). Comments without a tone
    (missing) are left out, their mentions counted in ``n_without_tone``.

    Parameters
    ----------
    {params.data}
    {params.comment}
    tone : str
        Column of the tone of each comment (labels or numbers, see above).
    themes, language
        As in :func:`~nps_toolkit.comments.tagging.tag_themes` (``language`` may
        name a column of ``data``).
    neutral_band : (float, float)
        For a numeric tone and for the lexicon's compound score of an English
        sentence: the band read as neither negative nor positive.
    {params.confidence}
    unit : {"sentence", "comment"}
        What is counted (see above).

    Returns
    -------
    pandas.DataFrame
        ``theme``, ``n_mentions`` (mentioning sentences, or comments with
        ``unit="comment"``, that have a tone), ``n_negative``, ``n_positive``,
        ``pct_negative``, ``pct_negative_ci_low``, ``pct_negative_ci_high``,
        ``pct_positive``, ``pct_positive_ci_low``, ``pct_positive_ci_high``
        (Wilson intervals over ``n_mentions``), ``n_without_tone`` (mentions
        without a tone), ``n_comments`` (comments with a mention that has a
        tone), ``n_comment_tone`` (of ``n_mentions``: sentences of a comment of
        several that took their comment's tone); in dictionary order.

    Examples
    --------
    >>> df = pd.DataFrame({"c": ["late parcel", "parcel ok", "lovely staff", "parcel lost"],
    ...                    "tone": ["negative", "positive", "positive", "negative"]})
    >>> r = theme_tone(df, comment="c", tone="tone", themes={"delivery": ["parcel"]})
    >>> r[["theme", "n_mentions", "pct_negative", "pct_positive"]].round(1)
          theme  n_mentions  pct_negative  pct_positive
    0  delivery           3          66.7          33.3
    """
    check_column(data, comment, "comment")
    check_column(data, tone, "tone")
    if unit not in ("sentence", "comment"):
        raise ValueError(f"unit must be 'sentence' or 'comment'; got {unit!r}.")
    lang = data[language] if isinstance(language, str) and language in data else language
    texts = data[comment]
    labels = _tone_labels(data[tone], neutral_band)
    if unit == "comment":
        tags = tag_themes(texts, themes, language=lang)
        keep = has_text(texts)
        row = np.arange(len(data))
        own = np.zeros(len(data), dtype=bool)
    else:
        tags, row, labels, own = _sentence_tones(texts, labels, themes, lang, neutral_band)
        keep = np.ones(len(row), dtype=bool)
    return _tone_table(tags, keep, labels, row, own, confidence)


def _sentence_tones(texts, comment_labels, themes, lang, neutral_band):
    """Themes and tone per sentence: (tags, comment position, label, took comment's tone)."""
    from nps_toolkit.comments.sentiment import sentiment

    groups = matching_languages(texts, themes, language=lang).to_numpy(dtype=object)
    sents = explode_sentences(texts.where(has_text(texts)))
    row = sents["row"].to_numpy()
    sent_lang = np.array([g if isinstance(g, str) and g else None for g in groups[row]])
    tags = tag_themes(sents["sentence"], themes, language=sent_lang)
    labels = comment_labels[row].copy()
    multi = (sents["n_sentences"].to_numpy() > 1) & (labels > -2)
    english = multi & (sent_lang == "en")
    if english.any():
        compound = sentiment(sents["sentence"][english], language="en")["compound"]
        lo, hi = neutral_band
        v = compound.to_numpy(dtype="float64")
        labels[english] = np.where(v <= lo, -1, np.where(v >= hi, 1, 0))
    return tags, row, labels, multi & ~english


def _tone_table(tags, keep, labels, row, own, confidence) -> pd.DataFrame:
    from statsmodels.stats.proportion import proportion_confint

    rows = []
    for name in tags.columns:
        m = tags[name].to_numpy() & keep
        lab = labels[m]
        toned = lab > -2
        n = int(toned.sum())
        neg, pos = int((lab == -1).sum()), int((lab == 1).sum())
        out = {"theme": name, "n_mentions": n, "n_negative": neg, "n_positive": pos}
        for side, k in (("negative", neg), ("positive", pos)):
            if n:
                lo, hi = proportion_confint(k, n, alpha=1 - confidence, method="wilson")
                out |= {f"pct_{side}": 100 * k / n, f"pct_{side}_ci_low": 100 * lo}
                out[f"pct_{side}_ci_high"] = 100 * hi
            else:
                out |= {f"pct_{side}{s}": np.nan for s in ("", "_ci_low", "_ci_high")}
        out["n_without_tone"] = int((~toned).sum())
        out["n_comments"] = len(np.unique(row[m][toned]))
        out["n_comment_tone"] = int((own[m] & toned).sum())
        rows.append(out)
    cols = ["theme", "n_mentions", "n_negative", "n_positive"]
    cols += [f"pct_{s}{e}" for s in ("negative", "positive") for e in ("", "_ci_low", "_ci_high")]
    return pd.DataFrame(rows, columns=[*cols, "n_without_tone", "n_comments", "n_comment_tone"])
