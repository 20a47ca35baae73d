"""Themes of comments: a documented dictionary, tagging, topic discovery and impact on NPS.

- :data:`DEFAULT_THEMES`: the kit's theme dictionary (``theme_dictionary.yaml``
  next to this module): regular expressions per theme and language for
  customer-experience comments (delivery, price, support, product_quality,
  ease_of_use, website_app, billing_refunds, staff, plus the store themes
  checkout_queue, product_range and loyalty) in English, French, Spanish, Portuguese,
  Italian and Indonesian. :func:`load_themes` extends or replaces it.
- :func:`tag_themes`: which themes each comment mentions (one bool column per
  theme). A *mention* is not a complaint: "delivery was not late" mentions
  delivery. Combine with the score (:func:`theme_impact`) to see what hurts.
- :class:`TopicDiscovery`: NMF (or LDA) topics on TF-IDF for what the
  dictionary misses, with top terms and example comments per topic.
- :func:`theme_impact`: per theme, how many comments mention it, in which
  categories, and the NPS of respondents mentioning it vs not, with intervals.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator

from nps_toolkit._validation import renamed_args
from nps_toolkit.comments.terms import (
    _analyzer,
    _check_column,
    _has_text,
    _progress,
    _resolve_stop_words,
    normalize,
)

__all__ = [
    "DEFAULT_THEMES",
    "THEME_FILE",
    "TopicDiscovery",
    "fold",
    "load_themes",
    "tag_themes",
    "theme_impact",
]

THEME_FILE = Path(__file__).with_name("theme_dictionary.yaml")

# Old DOS (cp850) accents read as Windows-1252, as in the French garden-centre export.
_DOS_ALWAYS = str.maketrans(
    {"\u201a": "e", "\u0192": "a", "\u2021": "c", "\u02c6": "e", "\u0152": "i", "\x90": "e"}
)
_DOS_INSIDE = re.compile(r"(?<=[^\W\d_])[\u2030\u2039\u2013\u2014\u2026\u201c\u0160](?=[^\W\d_])")
_DOS_INSIDE_MAP = {
    "\u2030": "e",
    "\u2039": "i",
    "\u2013": "u",
    "\u2014": "u",
    "\u2026": "a",
    "\u201c": "o",
    "\u0160": "e",
}
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_DOS_ANY = re.compile(
    "[" + re.escape("".join(chr(c) for c in _DOS_ALWAYS) + "".join(_DOS_INSIDE_MAP)) + "]"
)


def fold(text) -> str:
    """Text as the theme patterns see it: normalised, accents removed, DOS mojibake repaired.

    Examples
    --------
    >>> fold("Livraison TRÈS rapide")
    'livraison tres rapide'
    >>> fold("d\u201alai de livraison trop long")
    'delai de livraison trop long'
    """
    text = normalize(text)
    if text.isascii():  # nothing below changes ASCII text
        return text
    if _DOS_ANY.search(text):
        text = text.translate(_DOS_ALWAYS)
        text = _DOS_INSIDE.sub(lambda m: _DOS_INSIDE_MAP[m.group(0)], text)
    text = unicodedata.normalize("NFKD", text)
    # Drop the combining marks (accents) NFKD split off. Only the distinct
    # non-ASCII characters are looked up: faster than a test per character.
    for mark in {c for c in _NON_ASCII.findall(text) if unicodedata.combining(c)}:
        text = text.replace(mark, "")
    return text


# ------------------------------------------------------------------ dictionary
def _as_theme_spec(name: str, spec) -> dict:
    """Accept {lang: [patterns]}, [patterns], a single pattern, or the full form."""
    if isinstance(spec, str):
        spec = [spec]
    if isinstance(spec, Sequence) and not isinstance(spec, str):
        spec = {"patterns": {"any": list(spec)}}
    if not isinstance(spec, Mapping):
        raise ValueError(
            f"Theme {name!r}: expected a list of patterns or {{language: [patterns]}}; "
            f"got {type(spec).__name__}."
        )
    if "patterns" not in spec:
        spec = {"patterns": dict(spec)}
    patterns = spec["patterns"]
    if isinstance(patterns, str | list | tuple):
        patterns = {"any": list(patterns) if not isinstance(patterns, str) else [patterns]}
    out = {
        "label": spec.get("label", name.replace("_", " ").capitalize()),
        "description": spec.get("description", ""),
        "patterns": {},
    }
    for lang, pats in patterns.items():
        pats = [pats] if isinstance(pats, str) else list(pats or [])
        for p in pats:
            if not isinstance(p, str) or not p.strip():
                raise ValueError(
                    f"Theme {name!r}, language {lang!r}: empty or non-text pattern {p!r}."
                )
            try:
                re.compile(fold(p))
            except re.error as exc:
                raise ValueError(
                    f"Theme {name!r}, language {lang!r}: pattern {p!r} is not a valid regular "
                    f"expression ({exc}). Escape special characters with a backslash."
                ) from None
        out["patterns"][str(lang)] = pats
    if not any(out["patterns"].values()):
        raise ValueError(f"Theme {name!r} has no pattern; give at least one.")
    return out


def _read(source) -> Mapping:
    if isinstance(source, Mapping):
        return source
    import yaml

    path = Path(source)
    if not path.exists():
        raise ValueError(
            f"Theme file {str(path)!r} not found; pass a dict or an existing YAML path."
        )
    with path.open(encoding="utf-8") as fh:
        loaded = yaml.safe_load(fh)
    if not isinstance(loaded, Mapping):
        raise ValueError(f"Theme file {str(path)!r} must hold a mapping of themes.")
    return loaded


def load_themes(source=None, *, extend: bool = True) -> dict:
    """Build a theme dictionary from a dict or YAML file, extending or replacing the default.

    Parameters
    ----------
    source : dict, str, Path or None
        ``{theme: [patterns]}``, ``{theme: {language: [patterns]}}``, the full
        form ``{theme: {"label":..., "description":..., "patterns": {language: [...]}}}``
        (optionally under a top-level ``themes:`` key), or the path of a YAML
        file of any of these shapes. ``None`` returns a copy of the default.
    extend : bool
        ``True`` (default): add to :data:`DEFAULT_THEMES`; patterns of an
        existing theme are appended per language, new themes are added at the
        end. ``False``: use only ``source``.

    Returns
    -------
    dict
        ``{theme: {"label", "description", "patterns": {language: [regex, ...]}}}``.

    Raises
    ------
    ValueError
        Invalid regular expression or a theme without any pattern.

    Examples
    --------
    >>> themes = load_themes({"parking": [r"\\bparking\\b", r"\\bstationnement\\b"]})
    >>> list(themes)[-1], len(themes) == len(DEFAULT_THEMES) + 1
    ('parking', True)
    >>> list(load_themes({"parking": ["parking"]}, extend=False))
    ['parking']
    """
    base = copy.deepcopy(_DEFAULT) if (extend or source is None) else {}
    if source is None:
        return base
    raw = _read(source)
    if "themes" in raw and isinstance(raw["themes"], Mapping):
        raw = raw["themes"]
    for name, spec in raw.items():
        new = _as_theme_spec(str(name), spec)
        if name in base:
            merged = base[name]
            for lang, pats in new["patterns"].items():
                merged["patterns"].setdefault(lang, [])
                merged["patterns"][lang] += [p for p in pats if p not in merged["patterns"][lang]]
            if isinstance(spec, Mapping) and "label" in spec:
                merged["label"] = new["label"]
            if isinstance(spec, Mapping) and "description" in spec:
                merged["description"] = new["description"]
        else:
            base[str(name)] = new
    return base


_DEFAULT: dict = {}
_DEFAULT = load_themes(THEME_FILE, extend=False)
#: The kit's default theme dictionary (see ``theme_dictionary.yaml`` for every pattern).
DEFAULT_THEMES: dict = copy.deepcopy(_DEFAULT)


# Python-only syntax that RE2 would read differently without an error.
_RE2_AMBIGUOUS = re.compile(r"\{,|\[:|\\[0-9]")
# Characters that ``fold`` changes in an ASCII text other than by lower-casing:
# the backtick (an apostrophe), whitespace other than single inner spaces.
_ASCII_NEEDS_FOLD = r"[`\t\n\r\f\v\x1c-\x1f]|  |^ | $"


def _re2_ok(pattern: str) -> bool:
    """True when RE2 (pyarrow) accepts ``pattern`` and reads it as Python's ``re`` does
    on ASCII text: no lookaround, backreference, ``{,n}`` or POSIX class."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if _RE2_AMBIGUOUS.search(pattern):
        return False
    try:
        pc.match_substring_regex(pa.array([""], type=pa.large_string()), pattern)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return False
    return True


def _without_lookarounds(pattern: str) -> str:
    """``pattern`` with every lookahead/lookbehind group removed.

    A lookaround is a zero-width condition, so without it the pattern matches
    wherever it matched before (and maybe more): a necessary condition, used to
    send only the candidate texts to Python's ``re``.
    """
    out, i, n = [], 0, len(pattern)
    while i < n:
        if pattern.startswith(("(?=", "(?!", "(?<=", "(?<!"), i):
            depth, k = 0, i
            while k < n:  # skip to the matching parenthesis
                c = pattern[k]
                if c == "\\":
                    k += 2
                    continue
                if c == "[":
                    k = _class_end(pattern, k)
                    continue
                depth += c == "("
                depth -= c == ")"
                k += 1
                if depth == 0:
                    break
            i = k
            continue
        c = pattern[i]
        if c == "\\":
            out.append(pattern[i : i + 2])
            i += 2
        elif c == "[":
            end = _class_end(pattern, i)
            out.append(pattern[i:end])
            i = end
        else:
            out.append(c)
            i += 1
    return "".join(out)


def _class_end(pattern: str, start: int) -> int:
    """Index just after the character class opening at ``start``."""
    k = start + 1
    if k < len(pattern) and pattern[k] == "^":
        k += 1
    if k < len(pattern) and pattern[k] == "]":
        k += 1
    while k < len(pattern) and pattern[k] != "]":
        k += 2 if pattern[k] == "\\" else 1
    return k + 1


def _compile(themes: Mapping) -> dict:
    """Per theme: the Python regex of all its (folded) patterns, the RE2 alternation
    of those RE2 reads the same way (or None), the Python regex of the rest (or
    None) and an RE2 pre-filter for that rest (or None: every text is searched)."""
    compiled = {}
    for name, spec in themes.items():
        spec = _as_theme_spec(str(name), spec)
        pats = list(dict.fromkeys(fold(p) for ps in spec["patterns"].values() for p in ps))
        fast = [p for p in pats if _re2_ok(p)]
        slow = [p for p in pats if p not in fast]
        loose = [_without_lookarounds(p) for p in slow]
        compiled[str(name)] = (
            re.compile(_alternation(pats)),
            _alternation(fast) if fast else None,
            re.compile(_alternation(slow)) if slow else None,
            _alternation(loose) if slow and all(map(_re2_ok, loose)) else None,
        )
    return compiled


def _alternation(patterns) -> str:
    return "|".join(f"(?:{p})" for p in patterns)


def _distinct_texts(series: pd.Series):
    """Codes of each row's distinct text (-1 when missing) and the distinct texts,
    as a pyarrow string array when every one is text (else None) and as objects."""
    import pyarrow as pa

    arr = None
    try:
        if isinstance(series.dtype, pd.StringDtype) or series.dtype == object:
            arr = pa.array(series.array, from_pandas=True)
            if isinstance(arr, pa.ChunkedArray):
                arr = arr.combine_chunks()
            if not (pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)):
                arr = None
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError):
        arr = None
    if arr is None or len(arr) == 0:
        codes, uniques = pd.factorize(series.astype("object"))
        return np.asarray(codes, dtype="int64"), None, np.asarray(uniques, dtype=object)
    encoded = arr.dictionary_encode()
    codes = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype("int64")
    return codes, encoded.dictionary.cast(pa.large_string()), None


def _search(rx: re.Pattern, texts) -> np.ndarray:
    return np.fromiter((rx.search(t) is not None for t in texts), dtype=bool, count=len(texts))


def tag_themes(texts, themes: Mapping | str | Path | None = None, *, progress=None) -> pd.DataFrame:
    """Which themes each comment mentions.

    Each distinct comment is folded (:func:`fold`) and matched once. Comments
    that are plain ASCII are folded by lower-casing them (all that :func:`fold`
    does to them) and matched with RE2 (pyarrow) where the pattern means the
    same there (most do; lookarounds and the like go to Python's ``re``);
    the others go through :func:`fold` and Python's ``re``. The result is the
    same as searching ``fold(comment)`` with each theme's patterns.

    Parameters
    ----------
    texts : array-like or Series of str
        Comments (any language of the dictionary; no detection needed).
    themes : dict, path or None
        Theme dictionary (see :func:`load_themes`); ``None`` is
        :data:`DEFAULT_THEMES`. A dict is used as given (not merged with the
        default): call ``load_themes(my_dict)`` to extend.
    progress : bool or None
        Progress bar over the comments folded one by one (not plain ASCII);
        ``None`` shows one from 20,000 such distinct comments on.

    Returns
    -------
    pandas.DataFrame
        One bool column per theme (in dictionary order), aligned to the input
        index. Missing or blank comments mention nothing (all ``False``).

    Examples
    --------
    >>> tag_themes(["Delivery was not late", "Trop cher !", "El repartidor fue muy amable",
    ...             None])[["delivery", "price", "staff"]]
       delivery  price  staff
    0      True  False  False
    1     False   True  False
    2      True  False  False
    3     False  False  False
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    series = texts if isinstance(texts, pd.Series) else pd.Series(list(texts), dtype="object")
    if themes is None:
        themes = _DEFAULT
    elif not isinstance(themes, Mapping):
        themes = load_themes(themes, extend=False)
    compiled = _compile(themes)
    codes, arrow_texts, object_texts = _distinct_texts(series)
    n_u = len(arrow_texts) if arrow_texts is not None else len(object_texts)
    # Split the distinct texts: plain ASCII ones that fold() would only lower-case
    # are folded in one vectorised step; the rest one by one with fold().
    if arrow_texts is not None and n_u:
        plain = pc.and_(
            pc.string_is_ascii(arrow_texts),
            pc.invert(pc.match_substring_regex(arrow_texts, _ASCII_NEEDS_FOLD)),
        )
        plain = plain.to_numpy(zero_copy_only=False)
        plain_idx, other_idx = np.flatnonzero(plain), np.flatnonzero(~plain)
        fast_texts = pc.ascii_lower(arrow_texts.take(pa.array(plain_idx)))
        others = arrow_texts.take(pa.array(other_idx)).to_pylist()
    else:
        plain_idx, other_idx = np.array([], dtype="int64"), np.arange(n_u)
        fast_texts = pa.array([], type=pa.large_string())
        others = [] if object_texts is None else list(object_texts)
    folded = [
        fold(t) for t in _progress(others, total=len(others), desc="themes", progress=progress)
    ]
    # Folded texts that came out ASCII can use RE2 too; the rest stay with ``re``.
    is_ascii = np.fromiter((t.isascii() for t in folded), dtype=bool, count=len(folded))
    re2_idx = np.concatenate([plain_idx, other_idx[is_ascii]]).astype("int64")
    re2_texts = pa.concat_arrays(
        [fast_texts, pa.array([t for t, a in zip(folded, is_ascii, strict=True) if a],
                              type=pa.large_string())]
    )  # fmt: skip
    py_idx = other_idx[~is_ascii]
    py_texts = [t for t, a in zip(folded, is_ascii, strict=True) if not a]
    re2_as_py: list[str] | None = None  # the RE2 texts as Python strings, made if needed
    present = codes >= 0
    out = {}
    for name, (full, fast_rx, slow_rx, prefilter) in compiled.items():
        hit = np.zeros(n_u, dtype=bool)
        if len(re2_texts):
            part = np.zeros(len(re2_texts), dtype=bool)
            if fast_rx is not None:
                part |= pc.match_substring_regex(re2_texts, fast_rx).to_numpy(zero_copy_only=False)
            if slow_rx is not None:
                if re2_as_py is None:
                    re2_as_py = re2_texts.to_pylist()
                todo = ~part
                if prefilter is not None:  # only texts that can match go to ``re``
                    todo &= pc.match_substring_regex(re2_texts, prefilter).to_numpy(
                        zero_copy_only=False
                    )
                todo = np.flatnonzero(todo)
                part[todo] = _search(slow_rx, [re2_as_py[k] for k in todo])
            hit[re2_idx] = part
        if py_texts:
            hit[py_idx] = _search(full, py_texts)
        col = np.zeros(len(series), dtype=bool)
        col[present] = hit[codes[present]]
        out[name] = col
    return pd.DataFrame(out, index=series.index)


# ------------------------------------------------------------------ discovery
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
        docs = series[_has_text(series)].astype("object")
        if len(docs) < self.n_topics:
            raise ValueError(
                f"TopicDiscovery needs at least n_topics={self.n_topics} non-blank comments; "
                f"got {len(docs)}. Pass more comments or a smaller n_topics."
            )
        stops = _resolve_stop_words(self.stop_words, self.language, docs)
        self._analyse = _analyzer(
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
        return self

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
        has = _has_text(series)
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


# ------------------------------------------------------------------ impact
_IMPACT_COLUMNS = [
    "theme",
    "n_comments",
    "n_mentions",
    "pct_of_comments",
    "pct_detractor_comments",
    "pct_passive_comments",
    "pct_promoter_comments",
    "nps_mentioning",
    "ci_low_mentioning",
    "ci_high_mentioning",
    "nps_not_mentioning",
    "ci_low_not_mentioning",
    "ci_high_not_mentioning",
    "diff",
    "diff_ci_low",
    "diff_ci_high",
    "p_val",
    "p_adj",
    "significant",
    "impact",
    "impact_ci_low",
    "impact_ci_high",
    "note",
]
_IMPACT_METHODS = ("adjusted_wald", "wald")


def _side_shares(counts: np.ndarray, method: str):
    """Centre (p - d) and variance of the NPS estimate (-1..1 scale) of each row of
    ``counts`` (detractors, passives, promoters), as the interval of ``method`` uses them."""
    from nps_toolkit.score.stats import nps_variance

    det, pro = counts[..., 0], counts[..., 2]
    n = counts.sum(axis=-1)
    m = n + 3.0 if method == "adjusted_wald" else n
    extra = 0.75 if method == "adjusted_wald" else 0.0
    with np.errstate(invalid="ignore", divide="ignore"):
        p, d = (pro + extra) / m, (det + extra) / m
        return p - d, nps_variance(p, d) / m


def _impact_tests(counts_m, counts_n, *, confidence, method, min_n):
    """Difference test, its interval and the impact interval from (rows, 3) counts.

    One method gives one answer: the test statistic is ``centre / se`` where
    ``centre`` and ``se`` are the ones the interval uses, so ``p_val < 1 -
    confidence`` exactly when the difference interval (and the impact interval)
    excludes 0. Rows below ``min_n`` on either side get NaN and a note (the
    note is empty for rows tested with an impact interval).
    Returns a dict of arrays on the NPS (points) scale.
    """
    from scipy import stats as sps

    from nps_toolkit.score.stats import z_value

    z_crit = z_value(confidence)
    counts_m = np.asarray(counts_m, dtype="float64")
    counts_n = np.asarray(counts_n, dtype="float64")
    n_m, n_n = counts_m.sum(axis=1), counts_n.sum(axis=1)
    centre_m, var_m = _side_shares(counts_m, method)
    centre_n, var_n = _side_shares(counts_n, method)
    centre = centre_m - centre_n
    var = var_m + var_n
    se = np.sqrt(var)
    note = np.full(len(n_m), "", dtype=object)
    small = (n_m < min_n) | (n_n < min_n)
    zero_se = ~small & ~(se > 0)
    for k in np.flatnonzero(small | zero_se):
        if n_m[k] == 0:
            note[k] = "no commenter mentions the theme: nothing to test"
        elif n_n[k] == 0:
            note[k] = "every commenter mentions the theme: nothing to compare with"
        elif small[k]:
            note[k] = (
                f"too few respondents to test: {n_m[k]:.0f} mention the theme and "
                f"{n_n[k]:.0f} do not (min_n={min_n} on each side)"
            )
        else:
            note[k] = (
                "Wald SE is 0 (one category on both sides): no test; use method='adjusted_wald'"
            )
    testable = ~small & (se > 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        z = np.where(testable, centre / se, np.nan)
        p_val = np.where(testable, 2 * sps.norm.sf(np.abs(z)), np.nan)
        lo = np.where(testable, np.clip(centre - z_crit * se, -2, 2), np.nan)
        hi = np.where(testable, np.clip(centre + z_crit * se, -2, 2), np.nan)
        # Impact I = s * diff (s = n_m / n). Delta method, with s and the
        # difference asymptotically independent:
        #   Var(I) = s^2 Var(diff) + diff^2 s (1 - s) / n = s^2 var + I^2 k,
        #   k = (1 - s) / n_m.
        # The interval inverts the same z-test as the difference, with that
        # variance at the hypothesised impact I0:
        #   |s c - I0| <= z sqrt(s^2 var + I0^2 k)
        # a quadratic in I0 whose roots are below; at I0 = 0 the statistic is
        # c / se, the difference's, so both intervals exclude 0 together.
        s = n_m / (n_m + n_n)
        k = (1 - s) / n_m
        shrink = 1 - z_crit**2 * k
        root = z_crit * np.sqrt(var * shrink + k * centre**2)
        ok = testable & (shrink > 0)
        i_lo = np.where(ok, np.clip(s * (centre - root) / shrink, -2 * s, 2 * s), np.nan)
        i_hi = np.where(ok, np.clip(s * (centre + root) / shrink, -2 * s, 2 * s), np.nan)
    for k_ in np.flatnonzero(testable & ~(shrink > 0)):
        note[k_] = (
            f"too few mentions ({n_m[k_]:.0f}) for an interval of the impact at this confidence"
        )
    return {
        "p_val": p_val,
        "diff_ci_low": 100 * lo,
        "diff_ci_high": 100 * hi,
        "impact_ci_low": 100 * i_lo,
        "impact_ci_high": 100 * i_hi,
        "note": note,
    }


@renamed_args(text="comment")
def theme_impact(
    data: pd.DataFrame,
    *,
    comment: str,
    score: str,
    themes=None,
    by=None,
    scale=None,
    thresholds=None,
    confidence: float = 0.95,
    method: str = "adjusted_wald",
    padjust: str | None = "holm",
    min_n: int = 12,
    progress: bool | None = None,
) -> pd.DataFrame:
    """How often each theme comes up, where, and what it does to NPS.

    Only respondents with a valid score *and* a non-blank comment count (the
    "comments"): a theme can only be mentioned by someone who wrote something,
    so the comparison is between commenters who mention it and commenters who
    do not.

    *Impact* is ``NPS_all - NPS_not_mentioning`` where ``NPS_all`` is the NPS
    of all commenters (of the group). Since ``NPS_all = s * NPS_m + (1 - s) *
    NPS_n`` with ``s`` the share of commenters mentioning the theme, it equals
    ``s * diff = diff * pct_of_comments / 100``: the points by which the
    commenters' NPS differs from what it would be if those mentioning the theme
    had the NPS of those who do not (negative: the theme goes with a lower
    NPS). It weighs how bad a theme is by how common it is; rows are sorted by
    it, most negative first. Like every figure here it is an association, not
    the effect of fixing the theme.

    Tests and intervals use one method (``method``). The difference test divides
    the same centre the interval uses (the adjusted difference for
    ``"adjusted_wald"``) by the same SE, so ``p_val < 1 - confidence`` exactly
    when ``[diff_ci_low, diff_ci_high]`` excludes 0. The impact interval comes
    from the delta-method variance ``s^2 Var(diff) + diff^2 s (1 - s) / n``
    (the share ``s`` is estimated too), inverting the same test: it excludes 0
    exactly when the difference interval does. Rows with fewer than ``min_n``
    commenters mentioning the theme, or not mentioning it, are not tested (NaN
    ``p_val`` and intervals of the difference and impact, and a ``note``).
    The default 12 is :data:`nps_toolkit.score.significance.MIN_N`, the two-group
    minimum of :func:`~nps_toolkit.score.significance.nps_test`. Exact type-I error
    of the 5% test at 12 mentions (every multinomial outcome, null shares on a
    5% grid with each category at least 5%): 0.051 at most against 12 others,
    0.057 against 50, 0.061 against 300, 0.063 against 1,000 (median over the
    grid 0.050); with a very large rest it tends to the one-sample figure, 0.073
    at 12 and at most 0.060 from 37 on (``min_n=37`` for that guarantee).

    The survey's scale is decided once, from the whole score column (or
    ``scale=``), never per group.

    Parameters
    ----------
    data : DataFrame
    comment, score : str
        Comment and score columns (``text=`` is the old name of ``comment=``,
        kept for one release with a ``FutureWarning``).
    themes : dict, path or None
        Theme dictionary for :func:`tag_themes` (default :data:`DEFAULT_THEMES`).
    by : str or list of str, optional
        Grouping columns (e.g. ``["region", "quarter"]``): one row per group
        and theme, sorted by group then impact. Rows with a missing key are left out.
    scale, thresholds
        Score scale declaration (``scale=(1, 10)`` for the French survey).
    confidence : float
        Level of every interval; ``significant`` uses ``1 - confidence``.
    method : {"adjusted_wald", "wald"}
        Interval method for the NPS values (:func:`nps_toolkit.score.stats.nps_from_counts`),
        the difference and the impact, and the test that goes with them.
    padjust : str or None
        Multiple-testing adjustment of the p-values across all the rows tested
        (every theme, and every group with ``by``), by
        :func:`statsmodels.stats.multitest.multipletests`: ``"holm"`` (default),
        ``"fdr_bh"``, ``"bonferroni"``...; ``None`` or ``"none"`` for none.
    min_n : int
        Fewest commenters on each side (mentioning, not mentioning) for a test.
    progress : bool or None
        Progress bar of the tagging; ``None`` shows one from 20,000 distinct comments on.

    Returns
    -------
    pandas.DataFrame
        Group columns (if ``by``) then:

        - ``theme``
        - ``n_comments``: commenters with a valid score (in the group).
        - ``n_mentions``: of those, how many mention the theme.
        - ``pct_of_comments``: ``100 * n_mentions / n_comments``.
        - ``pct_detractor_comments``, ``pct_passive_comments``,
          ``pct_promoter_comments``: % of the detractors' (passives',
          promoters') comments that mention the theme.
        - ``nps_mentioning``, ``ci_low_mentioning``, ``ci_high_mentioning``:
          NPS (and interval) of commenters mentioning the theme.
        - ``nps_not_mentioning``, ``ci_low_not_mentioning``, ``ci_high_not_mentioning``.
        - ``diff``: ``nps_mentioning - nps_not_mentioning``; ``diff_ci_low``,
          ``diff_ci_high`` its interval (centred on the adjusted difference with
          ``"adjusted_wald"``, so a small theme's raw ``diff`` can lie outside it).
        - ``p_val``: two-sided test of no difference (NaN when not tested, see ``note``).
        - ``p_adj``: ``p_val`` adjusted across the rows tested (``padjust``).
        - ``significant``: ``p_adj < 1 - confidence`` (False when not tested).
        - ``impact``: ``diff * pct_of_comments / 100`` (see above);
          ``impact_ci_low``, ``impact_ci_high`` its interval.
        - ``note``: why a row is not tested (too few respondents, nobody or
          everybody mentioning the theme) or has no impact interval (fewer
          mentions than ``z**2``, possible only with a low ``min_n``); empty otherwise.

        ``attrs`` records ``rows_without_comment``, ``rows_without_score``,
        ``padjust``, ``method`` and ``min_n``.

    Examples
    --------
    >>> df = pd.DataFrame({
    ...     "comment": ["late delivery", "delivery late again", "great prices",
    ...                 "love it", "fast delivery", "ok"],
    ...     "nps": [2, 4, 10, 9, 9, 8]})
    >>> r = theme_impact(df, comment="comment", score="nps", themes={"delivery": ["deliver"]})
    >>> r[["theme", "n_mentions", "nps_mentioning", "nps_not_mentioning", "diff"]]
          theme  n_mentions  nps_mentioning  nps_not_mentioning   diff
    0  delivery           3      -33.333333                66.666667 -100.0
    >>> r["note"].iloc[0]
    'too few respondents to test: 3 mention the theme and 3 do not (min_n=12 on each side)'
    """
    from statsmodels.stats.multitest import multipletests

    from nps_toolkit.score.scales import category_codes
    from nps_toolkit.score.stats import nps_from_counts, z_value

    _check_column(data, comment, "comment")
    _check_column(data, score, "score")
    keys = [] if by is None else ([by] if isinstance(by, str) else list(by))
    for k in keys:
        _check_column(data, k, "by")
    if method not in _IMPACT_METHODS:
        raise ValueError(f"method must be 'adjusted_wald' or 'wald'; got {method!r}.")
    z_value(confidence)  # validates confidence
    if isinstance(min_n, bool) or not isinstance(min_n, int | np.integer) or min_n < 1:
        raise ValueError(f"min_n must be a whole number of respondents >= 1; got {min_n!r}.")
    if isinstance(padjust, str) and padjust.lower() == "none":
        padjust = None
    # The scale is decided once, from the whole column (or the declaration).
    codes = category_codes(data[score], scale=scale, thresholds=thresholds)
    has_text = _has_text(data[comment])
    use = has_text & (codes >= 0)
    attrs = {
        "rows_without_comment": int((~has_text).sum()),
        "rows_without_score": int((has_text & (codes < 0)).sum()),
    }
    theme_dict = _DEFAULT if themes is None else themes
    tags = tag_themes(data[comment][use], theme_dict, progress=progress)
    names = list(tags.columns)
    sub_codes = codes[use].astype("int64")
    if keys:
        group_frame = data.loc[use, keys].reset_index(drop=True)
        gcodes, groups = pd.MultiIndex.from_frame(group_frame).factorize(sort=True)
        group_keys = [g if isinstance(g, tuple) else (g,) for g in groups]
    else:
        gcodes = np.zeros(len(sub_codes), dtype="int64")
        group_keys = [()]
    n_groups, n_themes = len(group_keys), len(names)
    valid = gcodes >= 0
    cell = gcodes[valid] * 3 + sub_codes[valid]
    tag_values = tags.to_numpy(dtype=bool)[valid]
    # Counts per (group, category), and of those mentioning each theme: one
    # bincount per theme, no loop over groups.
    totals = np.bincount(cell, minlength=3 * n_groups).reshape(n_groups, 3).astype("float64")
    mentions = np.stack(
        [
            np.bincount(cell, weights=tag_values[:, t], minlength=3 * n_groups).reshape(n_groups, 3)
            for t in range(n_themes)
        ],
        axis=1,
    ).reshape(n_groups * n_themes, 3)
    totals_rows = np.repeat(totals, n_themes, axis=0)
    others = totals_rows - mentions
    n_comments = totals_rows.sum(axis=1)
    n_mentions = mentions.sum(axis=1)
    out = pd.DataFrame(
        [k for k in group_keys for _ in range(n_themes)] if keys else None,
        columns=keys if keys else None,
        index=pd.RangeIndex(n_groups * n_themes),
    )
    out["theme"] = names * n_groups
    out["n_comments"] = n_comments.astype("int64")
    out["n_mentions"] = n_mentions.astype("int64")
    with np.errstate(invalid="ignore", divide="ignore"):
        out["pct_of_comments"] = np.where(n_comments > 0, 100.0 * n_mentions / n_comments, np.nan)
        for code, label in enumerate(("detractor", "passive", "promoter")):
            out[f"pct_{label}_comments"] = np.where(
                totals_rows[:, code] > 0, 100.0 * mentions[:, code] / totals_rows[:, code], np.nan
            )
    for side, cnt in (("mentioning", mentions), ("not_mentioning", others)):
        est = nps_from_counts(cnt[:, 0], cnt[:, 1], cnt[:, 2], confidence=confidence, method=method)
        out[f"nps_{side}"] = est["nps"].to_numpy()
        out[f"ci_low_{side}"] = est["ci_low"].to_numpy()
        out[f"ci_high_{side}"] = est["ci_high"].to_numpy()
    out["diff"] = out["nps_mentioning"] - out["nps_not_mentioning"]
    tests = _impact_tests(mentions, others, confidence=confidence, method=method, min_n=min_n)
    for col in ("diff_ci_low", "diff_ci_high", "p_val"):
        out[col] = tests[col]
    p_val = tests["p_val"]
    p_adj = np.full(len(p_val), np.nan)
    tested = ~np.isnan(p_val)
    if tested.any():
        if padjust is None:
            p_adj[tested] = p_val[tested]
        else:
            try:
                p_adj[tested] = multipletests(p_val[tested], method=padjust)[1]
            except ValueError:
                raise ValueError(
                    f"padjust={padjust!r} is not a multipletests method: use 'holm' (default), "
                    "'fdr_bh', 'bonferroni', ... or None."
                ) from None
    out["p_adj"] = p_adj
    out["significant"] = np.where(tested, p_adj < 1 - confidence, False).astype(bool)
    out["impact"] = out["diff"] * out["pct_of_comments"] / 100.0
    out["impact_ci_low"] = tests["impact_ci_low"]
    out["impact_ci_high"] = tests["impact_ci_high"]
    out["note"] = pd.Series(tests["note"], dtype="str")
    out = out[keys + _IMPACT_COLUMNS]
    out = out.sort_values(
        [*keys, "impact", "theme"], ascending=[True] * len(keys) + [True, True], kind="mergesort"
    ).reset_index(drop=True)
    out.attrs = {**attrs, "padjust": padjust, "method": method, "min_n": min_n}
    return out
