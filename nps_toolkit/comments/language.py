"""Language of each comment, offline (``py3langid``).

:func:`detect_language` uses ``py3langid`` (its model ships inside the package)
restricted to :data:`DEFAULT_LANGUAGES` (likely languages of customer
comments), which is much more reliable on short texts than choosing among 97
languages. Texts with fewer than ``min_chars`` letters or a confidence below
``min_confidence`` are ``"unknown"``; empty or missing comments are ``NaN``.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import numpy as np
import pandas as pd

from nps_toolkit.comments.progress import progress_bar
from nps_toolkit.comments.tokens import LETTER_RE, NOSPACE_RE, normalize

__all__ = ["DEFAULT_LANGUAGES", "detect_language"]

#: Candidate languages of :func:`detect_language` by default: the languages of the
#: demo data (en, fr, es, pt, it, id), common European neighbours (de, nl),
#: Vietnamese (its tone marks are distinctive) and distinct scripts (ru, ar, zh,
#: ja, th, ko) that are unambiguous even when short.
DEFAULT_LANGUAGES = (
    "en",
    "fr",
    "es",
    "pt",
    "it",
    "de",
    "nl",
    "id",
    "vi",
    "ru",
    "ar",
    "zh",
    "ja",
    "th",
    "ko",
)


@functools.lru_cache(maxsize=8)
def _identifier(languages: tuple[str, ...] | None):
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    if languages is not None:
        unknown = sorted(set(languages) - set(ident.labels))
        if unknown:
            raise ValueError(
                f"languages= contains codes py3langid does not know: {unknown}. "
                f"Use ISO 639-1 codes among {sorted(ident.labels)}."
            )
        ident.set_languages(list(languages))
    return ident


def _analyse(raw, ident) -> tuple[int, str | None, float]:
    """Letters (CJK/Thai counting three), language and confidence of one comment."""
    text = normalize(raw)
    letters = len(LETTER_RE.findall(text))
    if letters == 0:
        return 0, None, np.nan
    letters += 2 * len(NOSPACE_RE.findall(text))
    code, p = ident.classify(text)
    return letters, code, p


@functools.lru_cache(maxsize=100_000)
def _classify(raw: str, languages: tuple[str, ...] | None) -> tuple[int, str | None, float]:
    """:func:`_analyse` once per distinct text and candidate set, across calls (a
    report detects the languages of the same comments in several steps)."""
    return _analyse(raw, _identifier(languages))


def detect_language(
    texts,
    *,
    min_chars: int = 10,
    min_confidence: float = 0.5,
    languages: Sequence[str] | str | None = DEFAULT_LANGUAGES,
    return_confidence: bool = False,
    progress: bool | None = None,
):
    """Language of each comment, offline (``py3langid``), "unknown" when too short to tell.

    Parameters
    ----------
    texts : array-like or Series of str
        Comments. The result is aligned to a Series' index.
    min_chars : int
        Comments with fewer letters than this are ``"unknown"`` ("ok",
        "great!!"). Characters of Chinese, Japanese and Thai count three each
        (one character holds about a word).
    min_confidence : float
        Normalised probability below which the answer is ``"unknown"``.
    languages : sequence of str, "all" or None
        Candidate languages (ISO 639-1). The default :data:`DEFAULT_LANGUAGES`
        is robust on short comments; ``"all"`` or ``None`` uses all 97 languages
        of the model.
    return_confidence : bool
        Also return the confidence (a DataFrame ``language, confidence``).
    progress : bool or None
        Progress bar; ``None`` shows one from 20,000 distinct comments on.

    Returns
    -------
    pandas.Series or pandas.DataFrame
        ``language``: ISO 639-1 code, ``"unknown"`` (too short or unsure), or
        ``NaN`` for a missing/blank comment or one without any letter
        ("-", "?", emoji only). With ``return_confidence=True`` a DataFrame
        with ``language`` and ``confidence`` (NaN where the comment is missing).
        Each distinct text is classified once.

    Examples
    --------
    >>> detect_language(["The parcel arrived a week late", "Livraison rapide, merci !",
    ...                  "ok", None, "Harganya terlalu mahal"]).tolist()
    ['en', 'fr', 'unknown', nan, 'id']
    """
    series = texts if isinstance(texts, pd.Series) else pd.Series(list(texts), dtype="object")
    if languages is None or (isinstance(languages, str) and languages == "all"):
        key = None
    elif isinstance(languages, str):
        key = (languages,)
    else:
        key = tuple(languages)
    ident = _identifier(key)
    codes, uniques = pd.factorize(series.astype("object"), use_na_sentinel=True)
    lang = np.empty(len(uniques), dtype=object)
    conf = np.full(len(uniques), np.nan)
    for i, raw in enumerate(
        progress_bar(uniques, total=len(uniques), desc="languages", progress=progress)
    ):
        letters, code, p = _classify(raw, key) if isinstance(raw, str) else _analyse(raw, ident)
        if letters == 0:
            lang[i] = np.nan
            continue
        conf[i] = p
        lang[i] = code if (letters >= min_chars and p >= min_confidence) else "unknown"
    out_lang = np.full(len(series), np.nan, dtype=object)
    out_conf = np.full(len(series), np.nan)
    present = codes >= 0
    out_lang[present] = lang[codes[present]]
    out_conf[present] = conf[codes[present]]
    result = pd.Series(out_lang, index=series.index, name="language", dtype="object")
    if return_confidence:
        return pd.DataFrame({"language": result, "confidence": out_conf}, index=series.index)
    return result
