"""Comment sentiment of English comments: offline VADER, sentence by sentence.

The package's comment-tone tools, one module each:

* :func:`sentiment` (here) scores **English** comments with NLTK's VADER, using
  the lexicon shipped inside the ``vaderSentiment`` package (no ``nltk.download``,
  no network). Comments are split into sentences, each sentence is scored and
  the document gets the **plain mean over its sentences** (so "Never again.
  Worst experience ever!!!" is negative: whole-text VADER lets "never" negate
  "worst" across the full stop and calls it positive). Emoji are translated to
  words first, and the lexicon is supplemented with :data:`CX_LEXICON`, words
  VADER lacks or mis-scores in customer comments (see
  :mod:`nps_toolkit.comments.lexicon`). Comments in any other language are
  labelled ``"unsupported_language"`` with NaN scores: they are never silently
  scored as neutral.
* :func:`detractor_likeness` (:mod:`nps_toolkit.comments.likeness`) learns, from
  the survey's own detractor and promoter comments, which wording goes with a
  low score (character n-gram TF-IDF + logistic regression, any language).
* :func:`nps_toolkit.comments.tones.tone` gives every comment a tone: English by
  the lexicon, any other language by the survey model, each labelled by source.
* :mod:`nps_toolkit.comments.validation`: hand-labelled sentences and the
  comparison with plain VADER.

The names of those modules stay importable from here (this module held them all
before the split).

Labels of :func:`sentiment`
---------------------------
``positive`` (compound >= 0.05), ``negative`` (compound <= -0.05), ``neutral``
(in between; VADER's documented thresholds), ``no_comment`` (missing, empty or
blank text; scores NaN), ``unsupported_language`` (not English, or language
unknown and no word VADER knows; scores NaN).
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import numpy as np
import pandas as pd

from nps_toolkit.comments.inputs import as_text_series, resolve_language
from nps_toolkit.comments.lexicon import (
    CX_LEXICON,
    CX_LEXICON_REMOVED,
    EMOJI_OVERRIDES,
    SCORE_COLUMNS,
    THRESHOLD,
    make_analyzer,
    polarity_scores,
    prepare_sentences,
    split_sentences,
    translate_emoji,
)
from nps_toolkit.comments.lexicon import shared_analyzer as _shared_analyzer
from nps_toolkit.comments.likeness import (
    DetractorClassifier,
    DetractorLikeness,
    detractor_likeness,
)
from nps_toolkit.comments.progress import show_progress
from nps_toolkit.comments.tokens import has_text

__all__ = [
    "CX_LEXICON",
    "CX_LEXICON_REMOVED",
    "EMOJI_OVERRIDES",
    "HARD_CASES",
    "LABELS",
    "THRESHOLD",
    "VALIDATION_SET",
    "DetractorClassifier",
    "DetractorLikeness",
    "detractor_likeness",
    "make_analyzer",
    "polarity_scores",
    "sentiment",
    "split_sentences",
    "translate_emoji",
    "validation_report",
]

LABELS = ("positive", "neutral", "negative", "no_comment", "unsupported_language")

# Progress bar when more unique sentences than this are to be scored (~1 s).
_PROGRESS_MIN = 20_000
# Two worker processes (fork) pay off above this many distinct sentences.
_PARALLEL_MIN = 20_000


_WORKER_ANALYZER = None


def _score_chunk(sentences: list[str]) -> np.ndarray:
    score = _WORKER_ANALYZER.polarity_scores
    return np.array(
        [[s["neg"], s["neu"], s["pos"], s["compound"]] for s in map(score, sentences)],
        dtype="float64",
    ).reshape(len(sentences), 4)


def _fork_available() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def _score_sentences(
    sentences: list[str], analyzer, progress: bool | None, n_jobs: int | None
) -> np.ndarray:
    """VADER scores (neg, neu, pos, compound) of each sentence, in order."""
    global _WORKER_ANALYZER
    n = len(sentences)
    if n_jobs is None:
        n_jobs = 2 if n > _PARALLEL_MIN and _fork_available() else 1
    n_jobs = max(1, min(int(n_jobs), os.cpu_count() or 1))
    if n_jobs > 1 and not _fork_available():
        n_jobs = 1
    show = show_progress(progress, large=n > _PROGRESS_MIN)
    bar = None
    if show:
        from tqdm.auto import tqdm

        bar = tqdm(total=n, desc="VADER sentences", unit="sentence")
    size = max(1, min(5_000, -(-n // (4 * n_jobs))))
    chunks = [sentences[i : i + size] for i in range(0, n, size)]
    parts: list[np.ndarray] = []
    _WORKER_ANALYZER = analyzer
    try:
        if n_jobs > 1:
            import multiprocessing

            with multiprocessing.get_context("fork").Pool(n_jobs) as pool:
                for part in pool.imap(_score_chunk, chunks):
                    parts.append(part)
                    if bar is not None:
                        bar.update(len(part))
        else:
            for chunk in chunks:
                parts.append(_score_chunk(chunk))
                if bar is not None:
                    bar.update(len(chunk))
    finally:
        _WORKER_ANALYZER = None
        if bar is not None:
            bar.close()
    return np.concatenate(parts) if parts else np.empty((0, 4))


def _score_unique(
    texts: Sequence[str], analyzer, progress: bool | None, n_jobs: int | None = 1
) -> tuple[np.ndarray, np.ndarray]:
    """Mean sentence scores of each text; every distinct sentence is scored once.

    Returns the (n, 4) means and the number of sentences of each text.
    """
    doc_of_sentence: list[int] = []
    sentences: list[str] = []
    for i, text in enumerate(texts):
        parts = prepare_sentences(text)
        sentences.extend(parts)
        doc_of_sentence.extend([i] * len(parts))
    codes, uniques = pd.factorize(np.array(sentences, dtype=object), sort=False)
    unique_scores = _score_sentences(list(uniques), analyzer, progress, n_jobs)
    per_sentence = unique_scores[codes] if len(codes) else np.empty((0, 4))
    docs = np.asarray(doc_of_sentence, dtype="int64")
    n_sent = np.bincount(docs, minlength=len(texts)).astype("float64")
    means = np.empty((len(texts), 4))
    with np.errstate(invalid="ignore", divide="ignore"):
        for j in range(4):
            # bincount adds left to right, exactly like polarity_scores' loop.
            means[:, j] = np.bincount(docs, weights=per_sentence[:, j], minlength=len(texts))
            means[:, j] /= n_sent
    return means, n_sent


def sentiment(
    texts,
    *,
    language=None,
    threshold: float = THRESHOLD,
    analyzer=None,
    progress: bool | None = None,
    n_jobs: int | None = 1,
) -> pd.DataFrame:
    """VADER sentiment of English comments, sentence by sentence, offline.

    Each comment's emoji are translated to words, it is split into sentences,
    every sentence is scored with NLTK's VADER (lexicon from ``vaderSentiment``
    plus :data:`CX_LEXICON`) and the comment gets the plain mean of its
    sentences' ``neg``, ``neu``, ``pos`` and ``compound``. Identical comments
    and identical sentences are scored once, which makes real surveys (full of
    "ok", "great", "fast delivery") fast; the scores are exactly those of
    :func:`polarity_scores` applied to each comment.

    Parameters
    ----------
    texts : Series, list of str or str
        Comments. Missing or blank comments get ``label="no_comment"``.
    language : None, str, or Series / list of codes
        ``None`` detects each comment's language with
        :func:`nps_toolkit.comments.language.detect_language`; a single code (``"en"``)
        declares all comments; a Series aligned to ``texts`` gives one code per
        comment (``"en-GB"`` counts as ``"en"``). Comments in another language
        get ``label="unsupported_language"`` and NaN scores (VADER's lexicon
        is English: scoring them would call them neutral); use
        :func:`detractor_likeness` for other languages. Comments whose language
        is unknown (missing code, or ``"unknown"``: detection cannot tell on
        "ok", "super", "👍") are scored only if VADER recognises some
        sentiment in them (``pos > 0`` or ``neg > 0``); otherwise they too are
        ``unsupported_language``, never a silent "neutral". When the survey is
        known to be English, pass ``language="en"``.
    threshold : float, default 0.05
        ``compound >= threshold`` is positive, ``<= -threshold`` negative.
    analyzer : SentimentIntensityAnalyzer, optional
        Defaults to :func:`make_analyzer` (with the CX supplement).
    progress : bool or None
        Show a tqdm progress bar (notebook-aware); ``None`` shows it when more
        than 20,000 distinct sentences are to be scored.
    n_jobs : int or None, default 1
        Worker processes for VADER (forked; platforms without fork use 1).
        ``None`` uses 2 when more than 20,000 distinct sentences are to be
        scored. One process already handles 100,000 typical comments in about
        2 s; results do not depend on it.

    Returns
    -------
    pandas.DataFrame
        Indexed like ``texts``, columns:

        - ``neg``, ``neu``, ``pos``: mean over sentences of VADER's shares.
        - ``compound``: mean over sentences of VADER's compound score (-1..1).
        - ``label``: positive / neutral / negative / no_comment /
          unsupported_language.
        - ``language``: the primary language code used, ``"unknown"`` when
          undetermined, None without comment.

    Examples
    --------
    >>> out = sentiment(["Never again. Worst experience ever!!!", "Fast delivery 👍",
    ...                  "ok", None, "Livraison trop lente"],
    ...                 language=["en", "en", "en", "en", "fr"])
    >>> out[["compound", "label"]]
       compound                 label
    0  -0.35815              negative
    1   0.63690              positive
    2   0.29600              positive
    3       NaN            no_comment
    4       NaN  unsupported_language
    """
    series = as_text_series(texts)
    present = has_text(series)
    codes = resolve_language(language, series, present)
    code_values = codes.to_numpy(dtype=object)
    english = present & (code_values == "en")
    unknown = present & np.array(
        [not isinstance(c, str) or c == "unknown" for c in code_values], dtype=bool
    )
    scored = english | unknown

    n = len(series)
    scores = np.full((n, 4), np.nan)
    if scored.any():
        ids, uniques = pd.factorize(series[scored], sort=False)
        means, _ = _score_unique(list(uniques), analyzer or _shared_analyzer(), progress, n_jobs)
        scores[scored] = means[ids]
    # Unknown language and nothing VADER recognises: we cannot tell neutral English
    # from a language VADER does not read, so it is not scored.
    blind = unknown & ~((scores[:, 0] > 0) | (scores[:, 2] > 0))
    scores[blind] = np.nan
    scored &= ~blind

    compound = scores[:, 3]
    label = np.select(
        [~present, ~scored, compound >= threshold, compound <= -threshold],
        ["no_comment", "unsupported_language", "positive", "negative"],
        default="neutral",
    )
    out = pd.DataFrame(scores, index=series.index, columns=SCORE_COLUMNS)
    out["label"] = pd.Series(label, index=series.index, dtype="str")
    lang_out = np.where(unknown, "unknown", code_values)
    out["language"] = pd.Series(
        np.where(present, lang_out, None), index=series.index, dtype="object"
    )
    return out


# Moved to nps_toolkit.comments.validation (kept importable here); imported last
# because validation_report calls sentiment().
from nps_toolkit.comments.validation import (  # noqa: E402
    HARD_CASES,
    VALIDATION_SET,
    validation_report,
)
