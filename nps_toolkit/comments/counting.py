"""Counting comments that contain terms: stop-word choice, the analyser, the
binary comment-term matrix and example comments; shared by
:mod:`~nps_toolkit.comments.terms` and :mod:`~nps_toolkit.comments.themes`.

Each distinct text is tokenised once; groups of comments are weights on the
distinct texts.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
import scipy.sparse as sp

from nps_toolkit._validation import require_columns
from nps_toolkit.comments.language import detect_language
from nps_toolkit.comments.progress import progress_bar
from nps_toolkit.comments.tokens import (
    check_ngram_range,
    ngrams,
    normalize,
    stemmer,
    stop_words,
    tokenize,
)

__all__ = [
    "CATEGORY_NAMES",
    "analyzer",
    "category_set",
    "check_column",
    "languages_of",
    "resolve_stop_words",
    "term_examples",
    "vectorize",
]

CATEGORY_NAMES = ("detractor", "passive", "promoter")


def resolve_stop_words(
    stop_words_arg: Iterable[str] | str | None, language, texts: pd.Series
) -> frozenset[str]:
    """The stop words of a ``stop_words=`` argument (see
    :func:`~nps_toolkit.comments.terms.distinctive_terms`): ``None``/``False`` none, a
    language code its list, an iterable those words, ``"auto"`` the list of
    ``language`` or, without one, the union of the lists of the languages making up at
    least 5% of a seeded sample of up to 2,000 of ``texts`` (English if none is found)."""
    if stop_words_arg is None or stop_words_arg is False:
        return frozenset()
    if isinstance(stop_words_arg, str) and stop_words_arg != "auto":
        return stop_words(stop_words_arg)
    if not isinstance(stop_words_arg, str):
        return frozenset(normalize(w) for w in stop_words_arg)
    if language is not None:
        return stop_words(language)
    sample = texts if len(texts) <= 2000 else texts.sample(2000, random_state=0)
    langs = detect_language(sample, progress=False).dropna()
    langs = langs[langs.ne("unknown")]
    if langs.empty:
        return stop_words("en")
    shares = langs.value_counts(normalize=True)
    words: set[str] = set()
    for code in shares.index[shares.to_numpy() >= 0.05]:
        words |= stop_words(code)
    return frozenset(words)


def analyzer(*, ngram_range, stops: frozenset[str], language, stem: bool):
    """A function text -> terms: tokens minus ``stops``, stemmed if asked, then n-grams."""
    lo, hi = check_ngram_range(ngram_range)
    found = stemmer(language) if stem else None

    def analyse(text: str) -> list[str]:
        tokens = [t for t in tokenize(text, language=language) if t not in stops]
        if found is not None:
            tokens = [found.stem(t) for t in tokens]
        if (lo, hi) == (1, 2):  # the default, without the general loop
            return tokens + [f"{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False)]
        return ngrams(tokens, (lo, hi))

    return analyse


def vectorize(unique_texts, analyse, progress):
    """Binary comment-term matrix (CSR) of the distinct texts, and the vocabulary."""
    from sklearn.feature_extraction.text import CountVectorizer

    vec = CountVectorizer(analyzer=analyse, binary=True, lowercase=False, dtype=np.int32)
    docs = progress_bar(unique_texts, total=len(unique_texts), desc="tokenising", progress=progress)
    try:
        X = vec.fit_transform(docs)
    except ValueError:  # every text was empty after stop-word removal
        return sp.csr_matrix((len(unique_texts), 0), dtype=np.int32), np.array([], dtype=object)
    return X.tocsr(), vec.get_feature_names_out()


def term_examples(X, texts, weights, columns, *, min_len: int = 20) -> list:
    """For each term column, the shortest text (at least ``min_len`` characters when
    one exists) with positive weight containing it; ties go to the first text."""
    Xc = X[:, columns].tocsc()
    lengths = np.array([len(t) for t in texts])
    out = []
    for k in range(len(columns)):
        rows = Xc.indices[Xc.indptr[k] : Xc.indptr[k + 1]]
        rows = np.sort(rows[weights[rows] > 0])
        if rows.size == 0:
            out.append(None)
            continue
        lens = lengths[rows]
        order = np.lexsort((rows, lens, lens < min_len))
        out.append(str(texts[rows[order[0]]]))
    return out


def check_column(data: pd.DataFrame, column, what: str) -> None:
    """ValueError unless ``data`` is a DataFrame holding ``column`` (argument ``what=``)."""
    if not isinstance(data, pd.DataFrame):
        raise ValueError(f"data must be a pandas DataFrame; got {type(data).__name__}.")
    require_columns(data, [column], f"the data (argument {what}=)", skip_none=False)


def category_set(value, arg: str) -> list[int]:
    """Category codes (0 detractor, 1 passive, 2 promoter) of a ``target=``/``versus=``."""
    names = [value] if isinstance(value, str) else list(value)
    bad = [v for v in names if v not in CATEGORY_NAMES]
    if bad or not names:
        raise ValueError(
            f"{arg}={value!r} is not a category: use 'detractor', 'passive', 'promoter' "
            "or a list of them, e.g. versus=['passive', 'promoter']."
        )
    return [CATEGORY_NAMES.index(v) for v in names]


def languages_of(data, comment, language_column, progress) -> pd.Series:
    """Each row's language: ``data[language_column]``, or detected from ``data[comment]``."""
    if language_column is not None:
        check_column(data, language_column, "language_column")
        return data[language_column].astype("object")
    return detect_language(data[comment], progress=progress)
