"""Tone for every comment, in any language, each labelled by where it comes from.

English comments are read by the lexicon (:func:`nps_toolkit.comments.sentiment.sentiment`:
VADER with the customer-experience supplement). Comments in any other language
are read by the **survey model**: the score-supervised detractor likeness learnt
from this survey's own detractor and promoter comments in that language
(:func:`nps_toolkit.comments.likeness.detractor_likeness`, character n-grams,
out-of-fold for the comments it learns from). Every comment says which of the two
gave its tone (``tone_source``), and how well that source separates detractors
from promoters *in this survey* is in a second table: the AUC per language, with
its DeLong interval. A language with too few detractor or promoter comments to
learn from gets no tone and says so; no comment is silently neutral.

Reading the survey model's tone
-------------------------------
``tone_score = 1 - 2 p`` where ``p`` is the detractor likeness (class-balanced,
so 0.5 is "as much a detractor's wording as a promoter's"): -1 reads like a
detractor, +1 like a promoter, on the same -1..1 range as the lexicon's
compound score. ``tone`` is negative when ``p >= 0.5 + neutral_band``, positive
when ``p <= 0.5 - neutral_band``, neutral in between. It is a tone *as this
survey's respondents use words*, not a translation of sentiment: read it with
its language's AUC (0.5 = the wording says nothing about the score).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from nps_toolkit._docstrings import share_docs
from nps_toolkit._validation import require_columns
from nps_toolkit.comments.auc import auc_interval
from nps_toolkit.comments.inputs import as_text_series, resolve_language
from nps_toolkit.comments.likeness import detractor_likeness
from nps_toolkit.comments.sentiment import THRESHOLD, sentiment
from nps_toolkit.comments.tokens import has_text

__all__ = ["Tone", "tone"]

TONE_COLUMNS = ["language", "tone", "tone_score", "tone_source"]
LANGUAGE_COLUMNS = [
    "language",
    "n",
    "n_detractors",
    "n_promoters",
    "auc",
    "ci_low",
    "ci_high",
    "source",
]
LEXICON_SOURCE = "lexicon (en)"


class Tone(NamedTuple):
    """Result of :func:`tone`: per-row ``comments`` and per-language ``languages``."""

    comments: pd.DataFrame
    languages: pd.DataFrame


@share_docs
def tone(
    data: pd.DataFrame,
    *,
    comment: str,
    score: str | None = None,
    language=None,
    scale=None,
    thresholds=None,
    by_language: bool = True,
    neutral_band: float = 0.1,
    threshold: float = THRESHOLD,
    cv: int = 5,
    min_per_class: int = 10,
    seed: int = 0,
    confidence: float = 0.95,
    progress: bool | None = None,
) -> Tone:
    """Tone (negative / neutral / positive) of every comment, with its source.

    Parameters
    ----------
    {params.data}
    {params.comment}
    {params.score}
        ``None``: only the lexicon can be used, and comments in other languages
        get no tone (``tone_source`` says there was no score to learn from).
    language : None, str, column name or sequence of codes
        ``None`` detects each comment's language
        (:func:`nps_toolkit.comments.language.detect_language`); the name of a
        column of ``data`` uses it; any other string is one code for all
        comments; a sequence gives one code per row. Comments too short to
        detect ("ok", "👍") are read by the lexicon when it recognises a word in
        them, otherwise by the survey model of the group ``"unknown"``.
    {params.scale}
    {params.thresholds}
    by_language : bool, default True
        One survey model per language; ``False`` learns one multilingual model
        from all non-English comments together (``tone_source`` "survey model
        (multilingual)"); the AUC table is per language either way.
    neutral_band : float, default 0.1
        Detractor likeness within ``0.5 +- neutral_band`` reads neutral.
    threshold : float, default 0.05
        Lexicon: ``compound >= threshold`` is positive, ``<= -threshold`` negative.
    cv : int, default 5
        Folds of the survey model's cross-validation.
    min_per_class : int, default 10
        Fewest detractor and promoter comments of a language to learn from.
    {params.seed}
    {params.confidence}
    progress : bool or None
        Progress bars of the lexicon and the model (``None``: on large inputs).

    Returns
    -------
    Tone
        Named pair ``(comments, languages)``.

        ``comments``, indexed like ``data``: ``language`` (code, ``"unknown"``,
        None without comment), ``tone`` (negative / neutral / positive, NA when
        there is none), ``tone_score`` (-1..1: the lexicon's compound, or
        ``1 - 2 * detractor likeness``), ``tone_source`` ("lexicon (en)",
        "survey model (xx)", "survey model (multilingual)", "too few comments in
        xx to learn (n=...)", "no score to learn from (xx)", "no comment").

        ``languages``, one row per language: ``language``, ``n`` (comments with
        text), ``n_detractors``, ``n_promoters`` (comments of those categories
        scored by that source), ``auc`` (how well ``-tone_score`` separates
        detractors from promoters: the out-of-fold likeness for the survey model, the
        lexicon as is for English), ``ci_low``, ``ci_high`` (DeLong interval),
        ``source``.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> bad = ["livraison en retard", "trop cher", "service lent", "colis perdu"]
    >>> good = ["personnel sympa", "super choix", "très bons conseils", "belles plantes"]
    >>> fr = [rng.choice(bad) if i % 2 else rng.choice(good) for i in range(60)]
    >>> df = pd.DataFrame({"comment": fr + ["Terrible service, never again.", None],
    ...                    "score": [3 if i % 2 else 10 for i in range(60)] + [2, 9],
    ...                    "lang": ["fr"] * 60 + ["en", None]})
    >>> res = tone(df, comment="comment", score="score", language="lang")
    >>> res.comments.iloc[[0, 1, 60, 61]].round(2)
       language      tone  tone_score        tone_source
    0        fr  positive        0.89  survey model (fr)
    1        fr  negative       -0.96  survey model (fr)
    60       en  negative       -0.48       lexicon (en)
    61     None      <NA>         NaN         no comment
    >>> res.languages[["language", "n", "auc", "source"]]
      language   n  auc             source
    0       en   1  NaN       lexicon (en)
    1       fr  60  1.0  survey model (fr)
    """
    require_columns(data, [comment] + ([score] if score else []), "the data", skip_none=False)
    if not 0 <= neutral_band < 0.5:
        raise ValueError(f"neutral_band must be in [0, 0.5); got {neutral_band!r}.")
    texts = as_text_series(data[comment], name=comment)
    present = has_text(texts)
    if isinstance(language, str) and language in data.columns:
        language = data[language]
    codes = resolve_language(language, texts, present)
    lex = sentiment(texts, language=codes, threshold=threshold, progress=progress)
    lexicon = lex["label"].isin(["positive", "neutral", "negative"]).to_numpy()
    out = pd.DataFrame(
        {
            "language": lex["language"],
            "tone": pd.Series(pd.NA, index=data.index, dtype="object"),
            "tone_score": lex["compound"].where(lexicon),
            "tone_source": np.where(present, "", "no comment").astype(object),
        },
        index=data.index,
    )
    out.loc[lexicon, "tone"] = lex.loc[lexicon, "label"]
    out.loc[lexicon, "tone_source"] = LEXICON_SOURCE
    cats = _categories(data, score, scale, thresholds)
    rows = [_lexicon_row(out, lexicon, cats, confidence)] if lexicon.any() else []
    model = present & ~lexicon
    if model.any():
        rows += _model_tone(
            out, model, data, texts, cats, score, neutral_band, confidence,
            by_language=by_language, scale=scale, thresholds=thresholds, cv=cv,
            min_per_class=min_per_class, seed=seed, progress=progress,
        )  # fmt: skip
    languages = pd.DataFrame(rows, columns=LANGUAGE_COLUMNS)
    return Tone(out[TONE_COLUMNS], languages.sort_values("language", ignore_index=True))


def _categories(data, score, scale, thresholds) -> np.ndarray | None:
    if score is None:
        return None
    from nps_toolkit.score.scales import classify

    return classify(data[score], scale=scale, thresholds=thresholds).to_numpy(dtype=object)


def _quality_row(lang, n, y_cat, tone_score, source, confidence) -> dict:
    """One row of the languages table: AUC of ``-tone_score`` for detractor vs promoter."""
    row = {"language": lang, "n": int(n), "source": source}
    if y_cat is None:
        return row | {"n_detractors": 0, "n_promoters": 0}
    labelled = np.isin(y_cat, ["detractor", "promoter"])
    scored = labelled & ~np.isnan(tone_score)
    auc, low, high = auc_interval(y_cat[scored] == "detractor", -tone_score[scored], confidence)
    return row | {
        "n_detractors": int((y_cat[labelled] == "detractor").sum()),
        "n_promoters": int((y_cat[labelled] == "promoter").sum()),
        "auc": auc,
        "ci_low": low,
        "ci_high": high,
    }


def _lexicon_row(out, lexicon, cats, confidence) -> dict:
    scores = out["tone_score"].to_numpy(dtype="float64")[lexicon]
    y_cat = None if cats is None else cats[lexicon]
    return _quality_row("en", lexicon.sum(), y_cat, scores, LEXICON_SOURCE, confidence)


def _model_tone(
    out, model, data, texts, cats, score, neutral_band, confidence, *, by_language, **fit
) -> list[dict]:
    """Fill ``out`` for the comments read by the survey model; their table rows."""
    langs = out["language"].to_numpy(dtype=object)
    model_langs = sorted(set(langs[model]))
    if score is None:
        for lang in model_langs:
            out.loc[model & (langs == lang), "tone_source"] = f"no score to learn from ({lang})"
        return [
            _quality_row(lang, (model & (langs == lang)).sum(), None, None, "no score", confidence)
            for lang in model_langs
        ]
    group = langs[model] if by_language else np.full(int(model.sum()), "multilingual")
    sub = pd.DataFrame({"comment": texts[model].to_numpy(), "score": data[score][model].to_numpy()})
    res = detractor_likeness(
        sub, comment="comment", score="score", language=pd.Series(group, dtype="object"), **fit
    )
    raw = res.scores["detractor_likeness"].to_numpy(dtype="float64")
    p = raw.copy()
    training = res.scores["in_training"].to_numpy(dtype=bool)
    detractor = res.scores["category"].to_numpy(dtype=object) == "detractor"
    for g in np.unique(group):
        in_g = group == g
        p[in_g] = calibrate(p[in_g], training[in_g], detractor[in_g])
    idx = out.index[model]
    out.loc[idx, "tone_score"] = 1.0 - 2.0 * p
    out.loc[idx, "tone"] = np.select(
        [p >= 0.5 + neutral_band, p <= 0.5 - neutral_band, ~np.isnan(p)],
        ["negative", "positive", "neutral"],
        default=None,
    )
    notes = res.auc.set_index("language")
    need = max(fit["min_per_class"], fit["cv"])
    sources = {
        g: f"survey model ({g})"
        if not notes.loc[g, "note"]
        else f"too few comments in {g} to learn (n={notes.loc[g, 'n_detractors']} detractors, "
        f"{notes.loc[g, 'n_promoters']} promoters; need {need} of each)"
        for g in notes.index
    }
    out.loc[idx, "tone_source"] = [sources[g] for g in group]
    rows = []
    for lang in model_langs:
        in_lang = langs[model] == lang
        source = sources[lang if by_language else "multilingual"]
        # The AUC of the uncalibrated out-of-fold likeness (calibration may flatten it).
        oof = np.where(training[in_lang], 1.0 - 2.0 * raw[in_lang], np.nan)
        rows.append(
            _quality_row(lang, in_lang.sum(), cats[model][in_lang], oof, source, confidence)
        )
    return rows


def calibrate(p: np.ndarray, training: np.ndarray, detractor: np.ndarray) -> np.ndarray:
    """Class-balanced Platt scaling of one group's detractor likeness.

    A logistic regression of "is a detractor" on the standardised ``logit(p)``, fitted on the
    out-of-fold values of the training comments (two parameters, mildly L2-penalised (C=1), class-balanced
    like the model), is applied to every ``p`` of the group. The ranking, hence
    the AUC, is unchanged; what changes is the spread: a weak model's
    likelihoods, shrunk towards 0.5 by its regularisation, are stretched as far
    as its out-of-fold accuracy supports, and a model no better than chance
    (slope <= 0) gives 0.5, i.e. neutral, to every comment. NaN stays NaN.
    """
    from sklearn.linear_model import LogisticRegression

    fit = training & ~np.isnan(p)
    if len(np.unique(detractor[fit])) < 2:
        return p
    clipped = np.clip(np.nan_to_num(p, nan=0.5), 1e-6, 1 - 1e-6)
    x = np.log(clipped / (1 - clipped))
    x = ((x - x[fit].mean()) / (x[fit].std() or 1.0))[:, None]  # so that C=1 is mild
    platt = LogisticRegression(C=1.0, class_weight="balanced").fit(x[fit], detractor[fit])
    if platt.coef_[0, 0] <= 0:
        out = np.full(len(p), 0.5)
    else:
        out = platt.predict_proba(x)[:, list(platt.classes_).index(True)]
    return np.where(np.isnan(p), np.nan, out)
