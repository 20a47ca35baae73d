"""Distinctive and frequent terms of comments (Fightin' Words, top terms).

Tokens, stop words and stemming are in :mod:`nps_toolkit.comments.tokens`
(Chinese and Thai segmented into words by :mod:`nps_toolkit.comments.segment`),
languages in :mod:`nps_toolkit.comments.language`, the comment-term counting in
:mod:`nps_toolkit.comments.counting`. Their names stay importable from here.

Distinctive terms
    The weighted log-odds ratio with an informative Dirichlet prior of Monroe,
    Colaresi & Quinn (2008), "Fightin' Words", counting *comments* (a comment
    that says "late" three times counts once), with the full binomial variance
    of the log-odds (Monroe et al.'s shortcut over-states ``z`` for comment
    counts); see :func:`distinctive_terms` and :func:`fightin_words`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from nps_toolkit._docstrings import share_docs
from nps_toolkit._validation import renamed_args
from nps_toolkit.comments.counting import (
    CATEGORY_NAMES,
    analyzer,
    category_set,
    check_column,
    languages_of,
    resolve_stop_words,
    term_examples,
    vectorize,
)
from nps_toolkit.comments.fightin import DT_COLUMNS, fightin_words, rank_terms
from nps_toolkit.comments.language import DEFAULT_LANGUAGES, detect_language
from nps_toolkit.comments.progress import progress_bar
from nps_toolkit.comments.tokens import (
    KEEP,
    STEMMERS,
    has_text,
    ngrams,
    normalize,
    stop_words,
    tokenize,
)

__all__ = [
    "DEFAULT_LANGUAGES",
    "KEEP",
    "STEMMERS",
    "detect_language",
    "distinctive_terms",
    "fightin_words",
    "ngrams",
    "normalize",
    "stop_words",
    "tokenize",
    "top_terms",
]

# Old private names, used by comments/themes.py (and sentiment.py's _has_text)
# until it switches: the public names are in comments/counting.py, tokens.py and
# progress.py (the package's own modules use those now). Remove in the next release.
_analyzer = analyzer
_check_column = check_column
_has_text = has_text
_progress = progress_bar
_resolve_stop_words = resolve_stop_words


@renamed_args(text="comment")
@share_docs
def distinctive_terms(
    data: pd.DataFrame,
    *,
    comment: str,
    score: str,
    target: str | Sequence[str] = "detractor",
    versus: str | Sequence[str] = "promoter",
    ngram_range: tuple[int, int] = (1, 2),
    min_count: int = 5,
    top: int | None = 30,
    both_sides: bool = False,
    scale=None,
    thresholds=None,
    language: str | None = None,
    language_column: str | None = None,
    by_language: bool = False,
    stop_words: Iterable[str] | str | None = "auto",
    stem: bool = False,
    alpha0: float = 10.0,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Words and phrases that set one group's comments apart (Fightin' Words).

    For each term ``w`` (a word or n-gram), with ``y_i`` the number of *target*
    comments containing it, ``n_i`` the number of target comments, and
    ``y_j``, ``n_j`` the same for the *versus* group, Monroe, Colaresi & Quinn
    (2008, eqs. 16-22) give the log-odds ratio with an informative Dirichlet
    prior ``a_w = alpha0 * pi_w``::

        delta_w = log((y_i + a_w) / (n_i + alpha0 - y_i - a_w))
                - log((y_j + a_w) / (n_j + alpha0 - y_j - a_w))
        var_w   = 1 / (y_i + a_w) + 1 / (n_i + alpha0 - y_i - a_w)
                + 1 / (y_j + a_w) + 1 / (n_j + alpha0 - y_j - a_w)
        z_w     = delta_w / sqrt(var_w)

    Counting comments rather than tokens, ``y / (n - y)`` is the odds that a
    comment of the group mentions the term, and ``var_w`` is the full binomial
    (delta-method) variance of the two log-odds. Monroe et al.'s eq. 22 keeps
    only the ``1 / (y + a_w)`` terms, a good approximation for token counts
    (``y`` a tiny part of ``n``) but not for comments: a term in 40% of the
    comments of both groups would pass ``|z| > 1.96`` in 18% of samples instead
    of 5%. With the full variance ``z`` is close to standard normal when the
    groups do not differ (see :func:`fightin_words`). ``pi_w`` is the share of *all*
    comments in ``data`` (every category, and comments without a valid score)
    that mention ``w``: the prior pulls both groups towards the background rate,
    so a term seen in three comments cannot outrank one seen in three hundred.
    ``alpha0`` is the prior's weight in comments (default 10): small against
    groups of hundreds of comments, decisive for rare terms.

    Parameters
    ----------
    {params.data}
    {params.comment}
        ``text=`` is the old name, kept for one release with a ``FutureWarning``.
    {params.score}
    target, versus : str or list of str
        Categories compared: ``"detractor"``, ``"passive"``, ``"promoter"`` or
        lists of them (e.g. ``versus=["passive", "promoter"]``). Positive ``z``
        means more typical of ``target``.
    ngram_range : (int, int)
        ``(1, 2)``: words and word pairs; ``(1, 3)`` adds triples.
    min_count : int
        Minimum number of target + versus comments that contain a term.
    top : int or None
        Number of terms returned (highest ``z``); ``None`` for all.
    both_sides : bool
        Also return the ``top`` terms most typical of ``versus`` (lowest ``z``),
        with a ``side`` column; used by :func:`nps_toolkit.plots.text.plot_distinctive_terms`.
    {params.scale}
    {params.thresholds}
    language : str, optional
        Keep only comments in this language (from ``language_column``, or
        detected with :func:`detect_language`); also selects its stop words
        and stemmer (Chinese and Thai are segmented into words whatever
        the language; see :mod:`nps_toolkit.comments.tokens`).
    language_column : str, optional
        Column holding each comment's language code, instead of detecting it.
    by_language : bool
        Run once per language (with its own stop words) and stack the results
        with a ``language`` column first. Languages with no target or versus
        comment are skipped; "unknown" is skipped.
    stop_words : "auto", str, iterable or None
        ``"auto"``: the stop words of ``language``, or, without one, the union of
        the lists of the languages making up at least 5% of (a sample of) the
        comments. A language code, an explicit list, or ``None`` for none.
    stem : bool
        Snowball stemming (needs ``language`` or ``by_language``; languages
        without a stemmer are left as they are).
    alpha0 : float
        Prior weight in comments (see above).
    progress : bool or None
        Progress bar; ``None`` shows one from 20,000 distinct comments on.

    Returns
    -------
    pandas.DataFrame
        Ranked by ``z``, descending (most typical of ``target`` first):

        - ``language``: only with ``by_language=True``.
        - ``term``: word or n-gram (after normalisation and stop-word removal).
        - ``z``: z-score of the log-odds ratio (full binomial variance, above).
        - ``log_odds``: the log-odds ratio ``delta``.
        - ``n_target``, ``n_versus``: comments of each group containing the term.
        - ``pct_target``, ``pct_versus``: the same as % of each group's comments.
        - ``example``: a real comment containing the term, from ``target`` for
          positive ``z`` and from ``versus`` for negative ``z``: the shortest
          one of at least 20 characters (or the shortest, if none is that
          long), earliest row on ties.
        - ``side``: only with ``both_sides=True``: the group the term is typical of.

        ``attrs`` records ``n_target_comments``, ``n_versus_comments``,
        ``rows_without_text`` and ``rows_without_score``.

    Raises
    ------
    ValueError
        Missing columns, unknown categories, overlapping ``target`` and
        ``versus``, or a group with no comment.

    Examples
    --------
    >>> df = pd.DataFrame({
    ...     "comment": ["late delivery again", "delivery late", "late and broken",
    ...                 "great service", "great prices", "love it, great"],
    ...     "nps": [2, 3, 5, 10, 9, 10]})
    >>> distinctive_terms(df, comment="comment", score="nps", min_count=2, top=2,
    ...                   stop_words="en")[["term", "n_target", "n_versus"]]
        term  n_target  n_versus
    0   late         3         0
    1  delivery      2         0
    """
    check_column(data, comment, "comment")
    check_column(data, score, "score")
    t_codes = category_set(target, "target")
    v_codes = category_set(versus, "versus")
    overlap = sorted(set(t_codes) & set(v_codes))
    if overlap:
        raise ValueError(
            f"target={target!r} and versus={versus!r} share "
            f"{[CATEGORY_NAMES[c] for c in overlap]}; the two groups must be different categories."
        )
    if min_count < 1:
        raise ValueError(f"min_count must be at least 1; got {min_count!r}.")
    from nps_toolkit.score.scales import category_codes

    codes = category_codes(data[score], scale=scale, thresholds=thresholds)
    present = has_text(data[comment])
    attrs = {
        "rows_without_text": int((~present).sum()),
        "rows_without_score": int((codes < 0).sum()),
    }
    opts = {
        "t_codes": t_codes, "v_codes": v_codes, "ngram_range": ngram_range,
        "min_count": min_count, "top": top, "both_sides": both_sides,
        "stop_words_arg": stop_words, "stem": stem, "alpha0": alpha0,
        "progress": progress, "names": (target, versus),
    }  # fmt: skip
    texts = data[comment]
    if by_language or language is not None:
        langs = languages_of(data, comment, language_column, progress).to_numpy(dtype=object)
    if by_language:
        out = _per_language(texts, codes, langs, present, opts)
        out.attrs = attrs
        return out
    if language is not None:
        keep = langs == language
        if not keep.any():
            found = pd.Series(langs).value_counts().head(8).to_dict()
            raise ValueError(
                f"No comment in language {language!r} in column {comment!r} "
                f"(languages found: {found}). "
                "Check the code (ISO 639-1, e.g. 'fr') or pass language_column=."
            )
        codes, texts = codes[keep], texts[keep]
    out = rank_terms(texts, codes, language=language, **opts)
    out.attrs = {**out.attrs, **attrs}
    return out


def _per_language(texts, codes, langs, present, opts) -> pd.DataFrame:
    """:func:`_fightin` once per language with comments in both groups, stacked."""
    t_codes, v_codes = opts["t_codes"], opts["v_codes"]
    frames = []
    found = pd.unique(pd.Series(langs[present & np.isin(codes, t_codes + v_codes)]))
    for lang in sorted(str(x) for x in found if isinstance(x, str) and x != "unknown"):
        keep = langs == lang
        sub_codes, sub_present = codes[keep], present[keep]
        if (
            not (np.isin(sub_codes, t_codes) & sub_present).any()
            or not (np.isin(sub_codes, v_codes) & sub_present).any()
        ):
            continue
        res = rank_terms(texts[keep], sub_codes, language=lang, **opts)
        frames.append(res.assign(language=lang))
    cols = ["language", *DT_COLUMNS] + (["side"] if opts["both_sides"] else [])
    if not frames:
        return pd.DataFrame(columns=cols)
    return pd.concat(frames, ignore_index=True)[cols]


def top_terms(
    texts,
    *,
    ngram_range: tuple[int, int] = (1, 2),
    top: int | None = 30,
    min_count: int = 1,
    language: str | None = None,
    stop_words: Iterable[str] | str | None = "auto",
    stem: bool = False,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Most frequent words and phrases of one group of comments.

    Parameters
    ----------
    texts : array-like or Series of str
        Comments; missing and blank ones are ignored (and counted in ``attrs``).
    ngram_range, language, stop_words, stem, progress
        As in :func:`distinctive_terms`.
    top : int or None
        Number of terms returned.
    min_count : int
        Minimum number of comments containing a term.

    Returns
    -------
    pandas.DataFrame
        ``term``, ``n`` (comments containing it), ``pct`` (% of non-blank
        comments), ``example`` (shortest comment of at least 20 characters
        containing it, else the shortest), sorted by ``n`` then ``term``.
        ``attrs["n_comments"]`` is the number of non-blank comments.

    Examples
    --------
    >>> top_terms(["Too expensive", "too expensive!!", "Fast delivery"], top=2,
    ...           stop_words="en")[["term", "n", "pct"]]
                term  n        pct
    0      expensive  2  66.666667
    1            too  2  66.666667
    """
    series = texts if isinstance(texts, pd.Series) else pd.Series(list(texts), dtype="object")
    values = series.to_numpy(dtype=object)[has_text(series)]
    n = len(values)
    cols = ["term", "n", "pct", "example"]
    if n == 0:
        out = pd.DataFrame(columns=cols)
        out.attrs = {"n_comments": 0}
        return out
    codes, uniques = pd.factorize(pd.Series(values, dtype="object"))
    weights = np.bincount(codes, minlength=len(uniques))
    stops = resolve_stop_words(stop_words, language, pd.Series(values))
    analyse = analyzer(ngram_range=ngram_range, stops=stops, language=language, stem=stem)
    unique_texts = np.asarray(uniques, dtype=object)
    X, vocab = vectorize(unique_texts, analyse, progress)
    counts = np.asarray(X.T @ weights).ravel()
    keep = np.flatnonzero(counts >= min_count)
    res = pd.DataFrame(
        {"term": vocab[keep].astype(object), "n": counts[keep].astype("int64"), "_col": keep}
    )
    res = res.sort_values(["n", "term"], ascending=[False, True], kind="mergesort")
    if top is not None:
        res = res.head(top)
    res = res.reset_index(drop=True)
    res["pct"] = 100.0 * res["n"] / n
    res["example"] = term_examples(X, unique_texts, weights, res["_col"].to_numpy())
    res = res[cols]
    res.attrs = {"n_comments": n}
    return res
