"""Topic discovery for what the theme dictionary misses: :class:`TopicDiscovery`.

NMF (or LDA) topics on TF-IDF of words and word pairs, with readable labels
(the topic's key phrases) and a starter theme dictionary (:meth:`TopicDiscovery.to_yaml`)
that :func:`~nps_toolkit.comments.dictionary.load_themes` reads back.
"""

from __future__ import annotations

import itertools
import re

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator

from nps_toolkit._validation import renamed_args
from nps_toolkit.comments.counting import analyzer, resolve_stop_words
from nps_toolkit.comments.tokens import NOSPACE_RE, has_text

__all__ = ["TopicDiscovery", "term_pattern", "topic_label"]


def _nospace(word: str) -> bool:
    return NOSPACE_RE.search(word) is not None


def _phrase(term: str) -> str:
    """A term as written: Chinese and Thai words joined without the space the
    tokeniser put between them ("服务员 态度" -> "服务员态度")."""
    words = term.split()
    out = words[:1]
    for prev, word in itertools.pairwise(words):
        out.append(word if _nospace(prev) and _nospace(word) else " " + word)
    return "".join(out)


def topic_label(terms: list[str], n: int = 2) -> str:
    """A readable label from a topic's terms (heaviest first): its ``n`` heaviest word
    pairs, then words not already in them, joined by " / " (Chinese and Thai
    words of a pair without a space between them)."""
    pairs = [t for t in terms if " " in t][:n]
    words = {w for p in pairs for w in p.split()}
    singles = [t for t in terms if " " not in t and t not in words][: max(0, n - len(pairs))]
    return " / ".join(_phrase(t) for t in pairs + singles) if (pairs or singles) else ""


def term_pattern(term: str) -> str:
    """Regular expression of a term: a word (``\\bword\\b``) or a word pair with up
    to two words between its words. Chinese and Thai, written without spaces,
    have no word boundary to anchor on: their words match as written, and the
    words of a pair with up to four characters between them (a particle such
    as 的)."""
    words = term.split()
    out = []
    for i, word in enumerate(words):
        if i:
            no_space = _nospace(words[i - 1]) or _nospace(word)
            out.append(r".{0,4}?" if no_space else r"(?:\W+\w+){0,2}?\W+")
        out.append(re.escape(word) if _nospace(word) else r"\b" + re.escape(word) + r"\b")
    return "".join(out)


# Words of a theme key: letters and digits, Thai with its vowel signs and tone marks.
_KEY_WORD = re.compile(r"[\w\u0e00-\u0e7f]+")


class TopicDiscovery(BaseEstimator):
    """Unsupervised topics (NMF or LDA) for what the theme dictionary misses.

    TF-IDF (NMF) or raw counts (LDA) of words and word pairs, with the kit's
    tokeniser and stop words (negations kept), then scikit-learn's
    :class:`~sklearn.decomposition.NMF` or
    :class:`~sklearn.decomposition.LatentDirichletAllocation`. Fit it on the
    comments the dictionary does not tag to find new themes::

        untagged = comments[~tag_themes(comments).any(axis=1)]
        TopicDiscovery(n_topics=6).fit(untagged).top_terms_

    Parameters
    ----------
    n_topics : int
        Number of topics.
    method : {"nmf", "lda"}
        NMF on TF-IDF (default; sharper topics on short texts) or LDA on counts.
    ngram_range : (int, int)
        Word n-grams used as features.
    min_df : int or float
        Minimum comments (or share) containing a term, as in scikit-learn.
    max_df : float
        Terms in more than this share of comments are dropped.
    language : str, optional
        Language for stop words; ``None`` picks them from the data
        (see :func:`nps_toolkit.comments.terms.distinctive_terms`).
    stop_words : "auto", str, iterable or None
        As in :func:`nps_toolkit.comments.terms.distinctive_terms`.
    n_top_terms : int
        Terms per topic in ``top_terms_``.
    seed : int
        Seed of the factorisation (``random_state=`` is its old name, kept for
        one release with a ``FutureWarning``).

    Attributes
    ----------
    components_ : ndarray (n_topics, n_terms)
        Topic-term weights.
    vocabulary_ : dict
        Term -> column index of ``components_``.
    terms_ : ndarray of str
        Terms in column order.
    top_terms_ : DataFrame
        ``topic``, ``rank``, ``term``, ``weight``: the ``n_top_terms`` heaviest
        terms of each topic.
    n_documents_ : int
        Non-blank comments used to fit.
    labels_ : list of str
        A readable label per topic: its key phrases (the heaviest word pairs
        among the top terms, then words), e.g. ``"late parcel / tracking number"``.

    Examples
    --------
    >>> docs = ["late parcel delivery"] * 5 + ["rude staff at the till"] * 5
    >>> td = TopicDiscovery(n_topics=2, min_df=1, stop_words="en").fit(docs)
    >>> topic = td.transform(docs).idxmax(axis=1)
    >>> topic.nunique(), topic[0] != topic[5]
    (2, True)
    """

    @renamed_args(random_state="seed")
    def __init__(
        self,
        n_topics: int = 8,
        method: str = "nmf",
        *,
        ngram_range: tuple[int, int] = (1, 2),
        min_df: int | float = 5,
        max_df: float = 0.5,
        language: str | None = None,
        stop_words="auto",
        n_top_terms: int = 10,
        seed: int = 0,
    ):
        self.n_topics = n_topics
        self.method = method
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.max_df = max_df
        self.language = language
        self.stop_words = stop_words
        self.n_top_terms = n_top_terms
        self.seed = seed

    def _texts(self, texts) -> pd.Series:
        series = texts if isinstance(texts, pd.Series) else pd.Series(list(texts), dtype="object")
        return series

    def fit(self, texts, y=None):
        """Learn the topics from comments (missing and blank ones are skipped)."""
        from sklearn.decomposition import NMF, LatentDirichletAllocation
        from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

        if self.method not in ("nmf", "lda"):
            raise ValueError(f"method must be 'nmf' or 'lda'; got {self.method!r}.")
        if int(self.n_topics) < 1:
            raise ValueError(f"n_topics must be at least 1; got {self.n_topics!r}.")
        series = self._texts(texts)
        docs = series[has_text(series)].astype("object")
        if len(docs) < self.n_topics:
            raise ValueError(
                f"TopicDiscovery needs at least n_topics={self.n_topics} non-blank comments; "
                f"got {len(docs)}. Pass more comments or a smaller n_topics."
            )
        stops = resolve_stop_words(self.stop_words, self.language, docs)
        self._analyse = analyzer(
            ngram_range=self.ngram_range, stops=stops, language=self.language, stem=False
        )
        vec_cls = TfidfVectorizer if self.method == "nmf" else CountVectorizer
        max_df = self.max_df if len(docs) > 1 else 1.0
        self._vectorizer = vec_cls(
            analyzer=self._analyse, min_df=self.min_df, max_df=max_df, lowercase=False
        )
        try:
            X = self._vectorizer.fit_transform(docs.tolist())
        except ValueError as exc:
            raise ValueError(
                f"No term is left after min_df={self.min_df!r} and max_df={self.max_df!r} on "
                f"{len(docs)} comments ({exc}). Lower min_df or raise max_df."
            ) from None
        if self.method == "nmf":
            model = NMF(
                n_components=self.n_topics,
                init="nndsvda",
                random_state=self.seed,
                max_iter=500,
            )
        else:
            model = LatentDirichletAllocation(
                n_components=self.n_topics, random_state=self.seed, learning_method="batch"
            )
        with np.errstate(invalid="ignore"):
            model.fit(X)
        self._model = model
        self.components_ = model.components_
        self.terms_ = self._vectorizer.get_feature_names_out()
        self.vocabulary_ = dict(self._vectorizer.vocabulary_)
        self.n_documents_ = len(docs)
        rows = []
        for k, weights in enumerate(self.components_):
            order = np.argsort(-weights, kind="stable")[: self.n_top_terms]
            order = order[weights[order] > 0]
            for rank, j in enumerate(order):
                rows.append(
                    {"topic": k, "rank": rank, "term": self.terms_[j], "weight": weights[j]}
                )
        self.top_terms_ = pd.DataFrame(rows, columns=["topic", "rank", "term", "weight"])
        self.labels_ = [topic_label(g["term"].tolist()) for _, g in self._by_topic()]
        return self

    def _by_topic(self):
        terms = self.top_terms_
        return [(k, terms[terms["topic"].eq(k)]) for k in range(self.n_topics)]

    def to_yaml(self, path, *, n_terms: int = 6) -> dict:
        """Write a starter theme dictionary, one theme per topic, for an analyst to edit.

        Each topic becomes a theme keyed by its label (``topic_<k>_<words>``)
        whose patterns are its ``n_terms`` top terms (a word pair matches its two
        words with up to two words between them, as the stop words the tokeniser
        dropped may stand there). Patterns go under the ``language`` given at
        construction, else under ``any`` (every language). The file loads with
        ``load_themes(path, extend=False)`` (or ``extend=True`` to add the topics
        to the default pack).

        Returns
        -------
        dict
            The dictionary written (``{"themes": {...}}``).
        """
        import yaml

        self._check_fitted()
        lang = self.language or "any"
        themes = {}
        for k, group in self._by_topic():
            terms = group["term"].tolist()[:n_terms]
            key = f"topic_{k}_" + "_".join(_KEY_WORD.findall(self.labels_[k]))[:40]
            themes[key] = {
                "label": self.labels_[k],
                "description": f"Discovered topic {k} ({', '.join(terms)}): check and edit.",
                "patterns": {lang: [term_pattern(t) for t in terms]},
            }
        out = {"themes": themes}
        header = (
            "# Starter theme dictionary written by TopicDiscovery.to_yaml: one theme per\n"
            "# discovered topic. Rename, merge and edit the patterns, check them with\n"
            "# theme_review(), then load with load_themes(path).\n"
        )
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(header)
            yaml.safe_dump(out, fh, allow_unicode=True, sort_keys=False)
        return out

    def _check_fitted(self):
        if not hasattr(self, "components_"):
            raise ValueError("This TopicDiscovery is not fitted yet: call fit(texts) first.")

    def transform(self, texts) -> pd.DataFrame:
        """Topic weights of each comment.

        Returns
        -------
        pandas.DataFrame
            Columns ``topic_0`` .. ``topic_{k-1}``, aligned to the input index;
            missing/blank comments get zeros.
        """
        self._check_fitted()
        series = self._texts(texts)
        has = has_text(series)
        W = np.zeros((len(series), self.n_topics))
        if has.any():
            X = self._vectorizer.transform(series[has].astype("object").tolist())
            W[has] = self._model.transform(X)
        cols = [f"topic_{k}" for k in range(self.n_topics)]
        return pd.DataFrame(W, index=series.index, columns=cols)

    def fit_transform(self, texts, y=None) -> pd.DataFrame:
        """``fit(texts).transform(texts)``."""
        return self.fit(texts).transform(texts)

    def examples(self, texts, n: int = 3) -> pd.DataFrame:
        """The ``n`` comments most typical of each topic (distinct texts).

        Returns
        -------
        pandas.DataFrame
            ``topic``, ``rank``, ``weight`` (topic weight of the comment),
            ``text``; ties broken by input order.
        """
        self._check_fitted()
        series = self._texts(texts)
        W = self.transform(series)
        rows = []
        for k in range(self.n_topics):
            w = W[f"topic_{k}"].to_numpy()
            order = np.argsort(-w, kind="stable")
            seen: set[str] = set()
            for i in order:
                if w[i] <= 0 or len(seen) >= n:
                    break
                t = series.iloc[i]
                if t in seen:
                    continue
                seen.add(t)
                rows.append({"topic": k, "rank": len(seen) - 1, "weight": w[i], "text": t})
        return pd.DataFrame(rows, columns=["topic", "rank", "weight", "text"])
