"""Compare segments: every pair of groups, or each group against the rest.

The tests are those of :mod:`nps_toolkit.score.significance` (one method, the
minimum sizes, weights), run on a counts frame for all comparisons at once;
p-values are adjusted over the tested rows.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from nps_toolkit._docstrings import share_docs
from nps_toolkit._validation import as_list, renamed_args
from nps_toolkit.score.counts import source_counts
from nps_toolkit.score.difference import (
    MIN_N,
    MIN_N_ONE_SAMPLE,
    counts_side,
    diff_test,
    finish_tests,
)

__all__ = ["nps_vs_rest", "pairs_from_counts", "pairwise_nps", "vs_rest_from_counts"]


def _labels(counts, keys):
    return counts[keys].astype("object").apply(
        lambda r: " / ".join(str(v) for v in r), axis=1
    ).tolist()  # fmt: skip


def pairs_from_counts(counts, keys, *, confidence, method, padjust, min_n):
    """The :func:`pairwise_nps` table from a counts frame (one row per group)."""
    labels = _labels(counts, keys)
    usable = np.flatnonzero(counts["n"].to_numpy() > 0)
    pairs = list(itertools.combinations(usable, 2))
    if not pairs:
        raise ValueError(
            "pairwise comparisons need at least two groups with valid scores; "
            f"found {len(usable)} ({[labels[i] for i in usable]})."
        )
    ia = np.array([i for i, _ in pairs])
    ib = np.array([j for _, j in pairs])
    side = counts_side(counts)
    res = diff_test(
        {k: v[ia] for k, v in side.items()},
        {k: v[ib] for k, v in side.items()},
        confidence=confidence,
        method=method,
        min_n=min_n,
    )
    out = pd.DataFrame({"a": [labels[i] for i in ia], "b": [labels[j] for j in ib]})
    out["n_a"] = side["n"][ia].astype("int64")
    out["n_b"] = side["n"][ib].astype("int64")
    for k, v in res.items():
        out[k] = v
    return finish_tests(out, confidence, padjust)


@renamed_args(group="by")
@share_docs
def pairwise_nps(
    data: pd.DataFrame,
    *,
    score: str,
    by=None,
    weights: str | None = None,
    confidence: float = 0.95,
    method: str = "adjusted_wald",
    padjust: str = "holm",
    min_n: int = MIN_N,
    scale=None,
    thresholds=None,
) -> pd.DataFrame:
    """All pairwise NPS differences between groups, with adjusted p-values.

    Parameters
    ----------
    data : DataFrame or backend source
    {params.score}
    {params.by}
        (Formerly ``group=``: still accepted for one release, with a FutureWarning.)
    weights : str, optional
        Weight column: linearised-variance tests (module docstring).
    confidence : float
        Interval level; also the family-wise level for ``significant``.
    method : {"adjusted_wald", "wald"}
        As in :func:`nps_test`.
    padjust : str
        Multiple-comparison correction (any ``statsmodels`` ``multipletests``
        method; Holm by default, which controls the family-wise error rate
        without assuming independence). Untested pairs are left out of it.
    min_n : int
        Fewest respondents a group needs for its pairs to be tested.
    {params.scale}
    {params.thresholds}

    Returns
    -------
    pandas.DataFrame
        One row per pair of groups with valid scores: ``a``, ``b`` (group labels),
        ``n_a``, ``n_b``, ``nps_a``, ``nps_b``, ``diff``, ``se``, ``z``, ``p_val``,
        ``ci_low``, ``ci_high`` (unadjusted interval of the difference),
        ``p_adj``, ``significant`` (p_adj below 1 - confidence) and ``note``.

    Examples
    --------
    >>> df = pd.DataFrame({"score": [10] * 30 + [0] * 30 + [10] * 15 + [0] * 15,
    ...                    "g": ["x"] * 30 + ["y"] * 30 + ["z"] * 30})
    >>> pairwise_nps(df, score="score", by="g")[["a", "b", "diff", "significant"]]
       a  b   diff  significant
    0  x  y  200.0         True
    1  x  z  100.0         True
    2  y  z -100.0         True
    """
    if by is None:
        raise ValueError(
            "Pass by='<column>' (or a list of columns) to say which groups to compare."
        )
    keys = as_list(by)
    counts = source_counts(
        data, score=score, by=keys, weights=weights, scale=scale, thresholds=thresholds
    )
    return pairs_from_counts(
        counts, keys, confidence=confidence, method=method, padjust=padjust, min_n=min_n
    )  # fmt: skip


@share_docs
def nps_vs_rest(
    data,
    *,
    score: str,
    by,
    weights: str | None = None,
    confidence: float = 0.95,
    method: str = "adjusted_wald",
    padjust: str = "holm",
    min_n: int = MIN_N_ONE_SAMPLE,
    scale=None,
    thresholds=None,
) -> pd.DataFrame:
    """Each group against all other respondents pooled: is this segment different?

    The group and the rest are disjoint, so the two-sample test of
    :func:`nps_test` applies; p-values are adjusted over the tested groups.
    Against a large rest the test behaves like a one-sample test, hence the
    default ``min_n`` (module docstring).

    Parameters
    ----------
    data : DataFrame or backend source
    {params.score}
    {params.by}
    weights : str, optional
        Weight column (linearised-variance test).
    confidence, method, padjust, scale, thresholds
        As in :func:`pairwise_nps`.
    min_n : int
        Fewest respondents a group (and its rest) needs to be tested.

    Returns
    -------
    pandas.DataFrame
        One row per group: the ``by`` columns, ``n``, ``n_rest``, ``nps``,
        ``nps_rest``, ``diff`` (nps - nps_rest), ``se``, ``z``, ``p_val``,
        ``ci_low``, ``ci_high``, ``p_adj``, ``significant`` (p_adj below
        1 - confidence) and ``note``.

    Examples
    --------
    >>> df = pd.DataFrame({"score": [10] * 60 + [0] * 20 + [7] * 20 + [10] * 50 + [0] * 50,
    ...                    "g": ["x"] * 100 + ["y"] * 100})
    >>> nps_vs_rest(df, score="score", by="g")[["g", "nps", "nps_rest", "diff", "significant"]]
       g   nps  nps_rest  diff  significant
    0  x  40.0       0.0  40.0         True
    1  y   0.0      40.0 -40.0         True
    """
    keys = as_list(by)
    if not keys:
        raise ValueError(
            "Pass by='<column>' (or a list of columns) to say which groups to compare."
        )
    counts = source_counts(
        data, score=score, by=keys, weights=weights, scale=scale, thresholds=thresholds
    )
    return vs_rest_from_counts(
        counts, keys, confidence=confidence, method=method, padjust=padjust, min_n=min_n
    )  # fmt: skip


def vs_rest_from_counts(counts, keys, *, confidence, method, padjust, min_n):
    """The :func:`nps_vs_rest` table from a counts frame (one row per group)."""
    if len(counts) < 2:
        raise ValueError(
            f"nps_vs_rest needs at least two groups in {keys}; found {len(counts)}: "
            "there is no rest to compare with."
        )
    side = counts_side(counts)
    rest = {k: v.sum() - v for k, v in side.items()}
    res = diff_test(side, rest, confidence=confidence, method=method, min_n=min_n)
    out = counts[keys].reset_index(drop=True).copy()
    out["n"] = side["n"].astype("int64")
    out["n_rest"] = rest["n"].astype("int64")
    out["nps"], out["nps_rest"] = res.pop("nps_a"), res.pop("nps_b")
    for k, v in res.items():
        out[k] = v
    return finish_tests(out, confidence, padjust)
