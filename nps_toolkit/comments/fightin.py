"""Fightin' Words (Monroe, Colaresi & Quinn, 2008) on comment counts: the statistic
and the ranked table behind :func:`nps_toolkit.comments.terms.distinctive_terms`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from nps_toolkit.comments.counting import (
    analyzer,
    resolve_stop_words,
    term_examples,
    vectorize,
)
from nps_toolkit.comments.tokens import has_text

__all__ = ["DT_COLUMNS", "count_terms", "fightin_words", "rank_terms"]


def fightin_words(y_i, n_i, y_j, n_j, alpha_w, alpha0):
    """Log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn, 2008)
    and its z-score under the full binomial variance.

    ``delta = log((y_i + a_w) / (n_i + a0 - y_i - a_w)) - log((y_j + a_w) / (n_j + a0 - y_j - a_w))``
    (their equations 16 and 20) and ``z = delta / sqrt(var)`` with::

        var = 1 / (y_i + a_w) + 1 / (n_i + a0 - y_i - a_w)
            + 1 / (y_j + a_w) + 1 / (n_j + a0 - y_j - a_w)

    the delta-method variance of a binomial log-odds, prior included, in each
    group. Monroe et al. (eq. 22) keep only ``1 / (y_i + a_w) + 1 / (y_j + a_w)``,
    which is the same when ``y`` is a small part of ``n`` (token counts in long
    speeches) but too small when a term is in a sizeable share of the comments
    counted: for a term in 40% of 600 vs 600 comments their z has a standard
    deviation of 1.34 under no difference and passes 1.96 in 18% of samples;
    with the full variance it is close to 1 and 5%. The full variance is right
    for token counts too (the terms it adds are then negligible), so there is
    one formula. Vectorised over terms.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        ``delta`` (log-odds ratio) and ``z``.

    Examples
    --------
    >>> d, z = fightin_words([8], 10, [2], 10, [0.5], 1.0)
    >>> round(float(d[0]), 4), round(float(z[0]), 4)
    (2.4476, 2.4055)
    """
    y_i, y_j, a_w = (np.asarray(v, dtype="float64") for v in (y_i, y_j, alpha_w))
    a_i, a_j = y_i + a_w, y_j + a_w
    rest_i, rest_j = n_i + alpha0 - a_i, n_j + alpha0 - a_j
    # A term in every comment of both groups (and of the background) has no
    # "other" mass on either side: it cannot tell the groups apart, delta = 0
    # (its variance is infinite), and z = 0.
    everywhere = (rest_i <= 0) & (rest_j <= 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = np.log(a_i / rest_i) - np.log(a_j / rest_j)
        delta = np.where(everywhere, 0.0, delta)
        var = 1.0 / a_i + 1.0 / rest_i + 1.0 / a_j + 1.0 / rest_j
        z = np.where(everywhere, 0.0, delta / np.sqrt(var))
    return delta, z


#: Columns of the distinctive-terms table (before ``side``).
DT_COLUMNS = [
    "term",
    "z",
    "log_odds",
    "n_target",
    "n_versus",
    "pct_target",
    "pct_versus",
    "example",
]


def count_terms(texts: pd.Series, codes, language, opts):
    """Group sizes, comment-term matrix of the distinct texts and the term counts
    of :func:`rank_terms`.

    Returns ``(n_i, n_j, (X, vocab, unique_texts, w_t, w_v), counts)``; ``opts``
    are the options of :func:`rank_terms`.
    """
    # comment-term matrix of the distinct texts and the term counts."""
    present = has_text(texts)
    in_t = np.isin(codes, opts["t_codes"]) & present
    in_v = np.isin(codes, opts["v_codes"]) & present
    n_i, n_j = int(in_t.sum()), int(in_v.sum())
    for n, name, arg in ((n_i, opts["names"][0], "target"), (n_j, opts["names"][1], "versus")):
        if n == 0:
            raise ValueError(
                f"No comment from {arg}={name!r} in column {texts.name!r}: "
                "Fightin' Words needs comments from both groups. Check the score column, "
                "scale= and the language filter."
            )
    values = texts.to_numpy(dtype=object)
    idx = np.flatnonzero(present)
    uniq_codes, uniques = pd.factorize(pd.Series(values[idx], dtype="object"))
    n_u = len(uniques)
    w_t = np.bincount(uniq_codes[in_t[idx]], minlength=n_u)
    w_v = np.bincount(uniq_codes[in_v[idx]], minlength=n_u)
    w_all = np.bincount(uniq_codes, minlength=n_u)
    stops = resolve_stop_words(opts["stop_words_arg"], language, pd.Series(values[idx]))
    analyse = analyzer(
        ngram_range=opts["ngram_range"], stops=stops, language=language, stem=opts["stem"]
    )
    unique_texts = np.asarray(uniques, dtype=object)
    X, vocab = vectorize(unique_texts, analyse, opts["progress"])
    counts = {
        "y_i": np.asarray(X.T @ w_t).ravel(),
        "y_j": np.asarray(X.T @ w_v).ravel(),
        "pi": np.asarray(X.T @ w_all).ravel() / len(idx),
    }
    return n_i, n_j, (X, vocab, unique_texts, w_t, w_v), counts


def rank_terms(texts: pd.Series, codes: np.ndarray, *, language, **opts) -> pd.DataFrame:
    """Fightin' Words of the comments ``texts`` whose category ``codes`` are in
    ``opts["t_codes"]`` versus ``opts["v_codes"]``: the table of
    :func:`~nps_toolkit.comments.terms.distinctive_terms` for one language.

    ``opts``: ``t_codes``, ``v_codes``, ``ngram_range``, ``min_count``, ``top``,
    ``both_sides``, ``stop_words_arg``, ``stem``, ``alpha0``, ``progress``,
    ``names`` (the ``target``/``versus`` arguments, for messages and ``side``).
    """
    n_i, n_j, (X, vocab, unique_texts, w_t, w_v), c = count_terms(texts, codes, language, opts)
    alpha0, top = opts["alpha0"], opts["top"]
    keep = np.flatnonzero(c["y_i"] + c["y_j"] >= opts["min_count"])
    y_i, y_j = c["y_i"][keep], c["y_j"][keep]
    delta, z = fightin_words(y_i, n_i, y_j, n_j, alpha0 * c["pi"][keep], alpha0)
    res = pd.DataFrame(
        {
            "term": vocab[keep].astype(object),
            "z": z,
            "log_odds": delta,
            "n_target": y_i.astype("int64"),
            "n_versus": y_j.astype("int64"),
            "pct_target": 100.0 * y_i / n_i,
            "pct_versus": 100.0 * y_j / n_j,
            "_col": keep,
        }
    )
    res = res.sort_values(["z", "term"], ascending=[False, True], kind="mergesort")
    if opts["both_sides"]:
        head = res.head(top) if top is not None else res[res["z"] > 0]
        tail = res.tail(top) if top is not None else res[res["z"] <= 0]
        tail = tail[~tail.index.isin(head.index)]
        res = pd.concat([head[head["z"] > 0], tail[tail["z"] < 0]])
        names = opts["names"]
        label_t = names[0] if isinstance(names[0], str) else "+".join(names[0])
        label_v = names[1] if isinstance(names[1], str) else "+".join(names[1])
        res["side"] = np.where(res["z"] > 0, label_t, label_v)
    elif top is not None:
        res = res.head(top)
    res = res.reset_index(drop=True)
    cols = res["_col"].to_numpy()
    positive = res["z"].to_numpy() > 0
    examples = np.empty(len(res), dtype=object)
    if positive.any():
        examples[positive] = term_examples(X, unique_texts, w_t, cols[positive])
    if (~positive).any():
        examples[~positive] = term_examples(X, unique_texts, w_v, cols[~positive])
    res["example"] = examples
    res = res[DT_COLUMNS + (["side"] if opts["both_sides"] else [])]
    res.attrs = {"n_target_comments": n_i, "n_versus_comments": n_j, "alpha0": alpha0}
    return res
