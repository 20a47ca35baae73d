"""NPS overall and by segment: counts first, then :mod:`nps_toolkit.score.stats`.

:func:`nps` and :func:`nps_by` turn their input into a counts frame
(:mod:`nps_toolkit.score.counts`; files, DuckDB relations and Spark DataFrames
are counted where they live by :mod:`nps_toolkit.score.engines`) and hand it
to :func:`~nps_toolkit.score.stats.nps_from_counts`. Shrinkage of small
segments is in :mod:`nps_toolkit.score.shrinkage`, NPS over time in
:mod:`nps_toolkit.score.trend`.

Moved (still importable from here): ``nps_trend`` and ``FREQS`` to
:mod:`nps_toolkit.score.trend`; ``counts_frame``, ``estimates_from_counts`` and
the ``*_COLUMNS`` lists to :mod:`nps_toolkit.score.counts`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from nps_toolkit._docstrings import share_docs
from nps_toolkit.score.counts import (  # noqa: F401 (moved: kept importable from here)
    COUNT_COLUMNS,
    W2_COLUMNS,
    WEIGHT_COLUMNS,
    counts_frame,
    estimates_from_counts,
    is_backend,
    source_counts,
)
from nps_toolkit.score.shrinkage import shrink_estimates
from nps_toolkit.score.trend import FREQS, nps_trend  # noqa: F401 (moved: kept importable)

__all__ = ["nps", "nps_by", "nps_trend"]


@share_docs
def nps(
    scores,
    *,
    score: str | None = None,
    weights=None,
    scale=None,
    thresholds=None,
    confidence: float = 0.95,
    method: str = "adjusted_wald",
    seed: int = 0,
) -> pd.DataFrame:
    """Net Promoter Score with its standard error and interval.

    Parameters
    ----------
    scores : array-like, Series, DataFrame or backend source
        The scores; or a DataFrame / Parquet or CSV path / DuckDB relation /
        Spark DataFrame together with ``score=``.
    score : str, optional
        Score column when ``scores`` is a table.
    weights : array-like or str, optional
        Survey weights (a column name when ``scores`` is a table). The SE and
        interval then use the Taylor-linearised variance of the weighted NPS
        (see :mod:`nps_toolkit.score.stats`); Kish's effective sample size
        ``n_eff = (sum w)**2 / sum w**2`` is reported as information.
    {params.scale}
    {params.thresholds}
    {params.confidence}
    {params.method}
    {params.seed}

    Returns
    -------
    pandas.DataFrame
        One row with ``n, detractors, passives, promoters, pct_detractors,
        pct_passives, pct_promoters, nps, se, ci_low, ci_high`` (plus ``n_eff``
        when weighted). Rows with a missing score are not counted.

    Examples
    --------
    >>> r = nps([0, 7, 7, 9, 9, 9])
    >>> round(float(r["nps"].iloc[0]), 2)
    33.33
    >>> nps([0, 7, 7, 9, 9, 9], method="wald")[["n", "nps", "se"]].round(2)
       n    nps     se
    0  6  33.33  30.43
    """
    if isinstance(scores, pd.DataFrame) or is_backend(scores):
        if score is None:
            raise ValueError("Pass score='<column>' to say which column holds the scores.")
        table, col = scores, score
        wcol = weights
    else:
        values = scores if isinstance(scores, pd.Series) else pd.Series(list(scores))
        col = values.name if values.name is not None else "score"
        table = pd.DataFrame({col: values.to_numpy()}, index=values.index)
        wcol = None
        if weights is not None:
            wcol = "__weight__"
            table[wcol] = np.asarray(weights, dtype="float64")
    counts = source_counts(table, score=col, weights=wcol, scale=scale, thresholds=thresholds)
    return estimates_from_counts(counts, confidence=confidence, method=method, seed=seed)


@share_docs
def nps_by(
    data,
    *,
    score: str,
    by,
    weights: str | None = None,
    scale=None,
    thresholds=None,
    confidence: float = 0.95,
    method: str = "adjusted_wald",
    min_n: int = 30,
    shrink: bool = False,
    seed: int = 0,
) -> pd.DataFrame:
    """NPS per segment, with intervals and a small-sample flag.

    Parameters
    ----------
    data : DataFrame, or a Parquet/CSV path or glob, DuckDB relation, Spark DataFrame
        Respondent-level data; non-pandas sources are counted where they live.
    {params.score}
    {params.by}
    weights : str, optional
        Weight column (Taylor-linearised variance for the intervals, Kish's
        ``n_eff`` reported; see :func:`nps`).
    {params.scale}
    {params.thresholds}
    {params.confidence}
    {params.method}
    min_n : int
        Groups with fewer valid scores are flagged ``low_n``.
    shrink : bool
        Add ``nps_shrunk``, ``shrink_weight``, ``shrunk_ci_low`` and
        ``shrunk_ci_high``: pooled-variance empirical Bayes (Morris 1983) of
        each group's NPS toward the mean of all groups; small, noisy groups
        move most. The intervals cover the groups' true NPS about 95% of the
        time *on average over the groups* (not for each group). Method and
        edge cases: :mod:`nps_toolkit.score.shrinkage`.
    {params.seed}

    Returns
    -------
    pandas.DataFrame
        One row per group: the ``by`` columns, ``n, detractors, passives,
        promoters, pct_detractors, pct_passives, pct_promoters, nps, se, ci_low,
        ci_high`` (``n_eff`` when weighted), ``low_n`` and, with ``shrink=True``,
        ``nps_shrunk`` (shrunk NPS), ``shrink_weight`` (weight of the group's own
        NPS, 0..1), ``shrunk_ci_low`` and ``shrunk_ci_high`` (interval of the
        shrunk NPS at ``confidence``). Groups with no valid score have n = 0.

    Notes
    -----
    On frames of a million rows or more, string segment columns are coded in
    up to ``pyarrow.cpu_count()`` threads (``pyarrow.set_cpu_count(1)`` or
    ``OMP_NUM_THREADS=1`` keeps it to one); the result does not depend on it.

    Examples
    --------
    >>> df = pd.DataFrame({"score": [10, 9, 3, 8, 10, 2], "channel": list("aabbbb")})
    >>> nps_by(df, score="score", by="channel", min_n=3)[["channel", "n", "nps", "low_n"]]
      channel  n    nps  low_n
    0       a  2  100.0   True
    1       b  4  -25.0  False

    Shrinkage pulls a small, extreme group toward the mean of all groups:

    >>> df = pd.DataFrame({"score": [10, 9, 7, 3, 10, 6, 8, 9, 0, 10] * 4 + [10, 10],
    ...                    "store": list("bcde") * 10 + ["a", "a"]})
    >>> cols = ["store", "n", "nps", "nps_shrunk", "shrink_weight", "shrunk_ci_low"]
    >>> nps_by(df, score="score", by="store", shrink=True)[cols].round(1)
      store   n    nps  nps_shrunk  shrink_weight  shrunk_ci_low
    0     a   2  100.0        61.9            0.5          -54.9
    1     b  10   20.0        21.9            0.5          -20.3
    2     c  10   20.0        21.9            0.5          -20.3
    3     d  10   20.0        21.9            0.5          -20.3
    4     e  10   20.0        21.9            0.5          -20.3
    """
    counts = source_counts(
        data, score=score, by=by, weights=weights, scale=scale, thresholds=thresholds
    )
    out = estimates_from_counts(counts, confidence=confidence, method=method, seed=seed)
    out["low_n"] = out["n"] < min_n
    if shrink:
        for col, values in shrink_estimates(counts, confidence=confidence).items():
            out[col] = values
    return out
