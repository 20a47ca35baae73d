"""Why NPS moved between two periods, theme by theme: :func:`theme_change`.

The decomposition
-----------------
Let ``s_i`` be respondent ``i``'s NPS value (+100 promoter, 0 passive, -100
detractor) and ``N_t`` the respondents with a valid score in period ``t``.
Each respondent is given to the rows of the table with weights ``w_ik`` that sum
to 1: a commenter mentioning ``m >= 1`` themes gives ``1/m`` to each of them, a
commenter mentioning none gives 1 to ``"(no theme)"``, a respondent without a
comment gives 1 to ``"(no comment)"``. Then

    NPS_t = sum_k C_kt,    C_kt = (1 / N_t) sum_{i in t} w_ik s_i

(the row's *contribution* to the period's NPS), so the change
``NPS_b - NPS_a = sum_k (C_kb - C_ka)``: the ``contribution`` column of the
theme, ``(no theme)`` and ``(no comment)`` rows adds up exactly to the
``total`` row. Each contribution splits further, exactly, into a *share effect*
(the row's weighted share ``W_kt = (1/N_t) sum w_ik`` moved) and a *score
effect* (the weighted NPS of the row ``S_kt = C_kt / W_kt`` moved):

    C_kb - C_ka = (W_kb - W_ka) (S_ka + S_kb) / 2 + (S_kb - S_ka) (W_ka + W_kb) / 2.

Intervals: the two periods are independent samples and ``C_kt`` is the mean
of ``x_i = w_ik s_i`` over the period's respondents, so
``Var(C_kb - C_ka) = var_b(x) / N_b + var_a(x) / N_a`` (sample variances), a
Wald interval (the ``total`` row's is the usual Wald interval of an NPS
change), and the matching two-sided Wald p-value (``p_val < 0.05`` exactly when
the 95% interval excludes 0). Many rows are tested at once, so ``p_adj``
corrects the rows other than ``total`` for their number (Holm); the intervals
are not adjusted. Like every figure here it describes association, not cause.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from nps_toolkit._docstrings import share_docs
from nps_toolkit.comments.counting import check_column
from nps_toolkit.comments.tagging import tag_themes
from nps_toolkit.comments.tokens import has_text

__all__ = ["CHANGE_COLUMNS", "NO_COMMENT", "NO_THEME", "TOTAL", "theme_change"]

NO_THEME, NO_COMMENT, TOTAL = "(no theme)", "(no comment)", "total"
CHANGE_COLUMNS = [
    "theme",
    "n_a",
    "n_b",
    "share_a",
    "share_b",
    "nps_a",
    "nps_b",
    "contribution_a",
    "contribution_b",
    "contribution",
    "share_effect",
    "score_effect",
    "ci_low",
    "ci_high",
    "p_val",
    "p_adj",
]


def _period_mask(dates: pd.Series, period, name: str) -> np.ndarray:
    """Rows of ``dates`` inside ``period``: a (start, end) pair (both included) or
    anything :class:`pandas.Period` reads ("2025Q3", "2025-09", "2025")."""
    if isinstance(period, tuple | list) and len(period) == 2:
        start, end = pd.Timestamp(period[0]), pd.Timestamp(period[1])
        if pd.Timestamp(end).normalize() == end:  # a date: the whole day
            end = end + pd.Timedelta(days=1) - pd.Timedelta(1, "ns")
    else:
        try:
            p = pd.Period(period)
        except (TypeError, ValueError):
            raise ValueError(
                f"periods: {name} = {period!r} is not a period; give e.g. '2025Q3', '2025-09' "
                "or a (start, end) pair of dates."
            ) from None
        start, end = p.start_time, p.end_time
    return (dates >= start).to_numpy() & (dates <= end).to_numpy()


def _weights(tags: pd.DataFrame, commented: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """(rows, themes + 2) weights: 1/m per mentioned theme, else no theme / no comment."""
    t = tags.to_numpy(dtype="float64")
    m = t.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        w = np.where(m[:, None] > 0, t / m[:, None], 0.0)
    no_theme = (commented & (m == 0)).astype("float64")
    no_comment = (~commented).astype("float64")
    w = np.where(commented[:, None], w, 0.0)
    return np.column_stack([w, no_theme, no_comment]), [*tags.columns, NO_THEME, NO_COMMENT]


def _side(x: np.ndarray, w: np.ndarray):
    """Per row: count mentioning, weighted share, contribution and its variance."""
    n = len(x)
    xw = w * x[:, None]
    contrib = xw.mean(axis=0) if n else np.full(w.shape[1], np.nan)
    var = xw.var(axis=0, ddof=1) / n if n > 1 else np.full(w.shape[1], np.nan)
    return (w > 0).sum(axis=0), w.mean(axis=0) if n else contrib, contrib, var


@share_docs
def theme_change(
    data: pd.DataFrame,
    *,
    comment: str,
    score: str,
    date: str,
    periods,
    themes=None,
    language="auto",
    scale=None,
    thresholds=None,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Per-theme contributions to the NPS change between two periods, adding up exactly.

    See the module documentation for the decomposition: each respondent's
    NPS value is shared equally among the themes their comment mentions (or
    goes to ``"(no theme)"`` / ``"(no comment)"``), so the rows' contributions
    to each period's NPS add up to it and their changes to the NPS change.

    Parameters
    ----------
    {params.data}
    {params.comment}
    {params.score}
    {params.date}
    periods : (a, b)
        The two periods compared (change = b - a). Each is anything
        :class:`pandas.Period` reads (``"2025Q3"``, ``"2025-09"``) or a
        ``(start, end)`` pair of dates, both included.
    themes : None, str, path or dict
        As in :func:`~nps_toolkit.comments.tagging.tag_themes` (``None``: the
        cross-industry default pack).
    language : "auto", str or None
        As in :func:`~nps_toolkit.comments.tagging.tag_themes`, or a column of ``data``.
    {params.scale}
    {params.thresholds}
    {params.confidence}

    Returns
    -------
    pandas.DataFrame
        One row per theme (dictionary order), then ``"(no theme)"``,
        ``"(no comment)"`` and ``"total"``; columns:

        - ``theme``
        - ``n_a``, ``n_b``: respondents in the row (mentioning the theme) in each period.
        - ``share_a``, ``share_b``: weighted share of the period's respondents, % (``100 W``).
        - ``nps_a``, ``nps_b``: weighted NPS of the row (``S``; NaN when empty).
        - ``contribution_a``, ``contribution_b``: the row's part of each period's NPS (``C``).
        - ``contribution``: ``contribution_b - contribution_a``; the rows
          other than ``total`` add up to ``total``'s, the NPS change.
        - ``share_effect``, ``score_effect``: the exact split of ``contribution``.
        - ``ci_low``, ``ci_high``: Wald interval of ``contribution`` (not adjusted).
        - ``p_val``: two-sided Wald p-value of ``contribution`` (NaN without variance).
        - ``p_adj``: ``p_val`` Holm-adjusted over the rows other than ``total``
          (``total``: its own ``p_val``, a single test).

    Examples
    --------
    >>> df = pd.DataFrame({
    ...     "comment": ["late delivery", "great", None, "late delivery", "great", "great"],
    ...     "score": [0, 10, 10, 0, 10, 10],
    ...     "date": ["2025-01-05", "2025-01-09", "2025-01-20", "2025-02-03", "2025-02-10",
    ...              "2025-02-11"]})
    >>> r = theme_change(df, comment="comment", score="score", date="date",
    ...                  periods=("2025-01", "2025-02"), themes={"delivery": ["deliver"]})
    >>> r[["theme", "contribution_a", "contribution_b", "contribution"]].round(2)
              theme  contribution_a  contribution_b  contribution
    0      delivery          -33.33          -33.33          0.00
    1    (no theme)           33.33           66.67         33.33
    2  (no comment)           33.33            0.00        -33.33
    3         total           33.33           33.33          0.00
    """
    from scipy import stats as sps

    from nps_toolkit.score.difference import adjust_p
    from nps_toolkit.score.scales import category_codes

    for col, what in ((comment, "comment"), (score, "score"), (date, "date")):
        check_column(data, col, what)
    if not (isinstance(periods, tuple | list) and len(periods) == 2):
        raise ValueError(f"periods must be a pair (a, b) of periods; got {periods!r}.")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1; got {confidence!r}.")
    codes = category_codes(data[score], scale=scale, thresholds=thresholds)
    dates = pd.to_datetime(data[date], errors="coerce")
    masks = [_period_mask(dates, p, n) & (codes >= 0) for p, n in zip(periods, "ab", strict=True)]
    if (masks[0] & masks[1]).any():
        raise ValueError(f"periods {periods!r} overlap: give two separate periods.")
    use = masks[0] | masks[1]
    commented = has_text(data[comment])[use]
    lang = data.loc[use, language] if isinstance(language, str) and language in data else language
    tags = tag_themes(data[comment][use], themes, language=lang, progress=False)
    w, names = _weights(tags, commented)
    w = np.column_stack([w, np.ones(len(w))])  # the total row
    x = 100.0 * (codes[use].astype("float64") - 1.0)  # -100, 0, +100
    in_b = masks[1][use]
    n_a, share_a, c_a, v_a = _side(x[~in_b], w[~in_b])
    n_b, share_b, c_b, v_b = _side(x[in_b], w[in_b])
    with np.errstate(invalid="ignore", divide="ignore"):
        s_a = np.where(share_a > 0, c_a / share_a, np.nan)
        s_b = np.where(share_b > 0, c_b / share_b, np.nan)
    delta = c_b - c_a
    share_eff = (share_b - share_a) * (np.nan_to_num(s_a) + np.nan_to_num(s_b)) / 2
    z = sps.norm.ppf(0.5 + confidence / 2)
    se = np.sqrt(v_a + v_b)
    with np.errstate(invalid="ignore", divide="ignore"):
        p_val = np.where(se > 0, 2 * sps.norm.sf(np.abs(delta) / se), np.nan)
    p_adj = np.append(adjust_p(p_val[:-1], "holm"), p_val[-1])  # the total: one test
    return pd.DataFrame(
        {
            "theme": [*names, TOTAL],
            "n_a": n_a.astype("int64"),
            "n_b": n_b.astype("int64"),
            "share_a": 100 * share_a,
            "share_b": 100 * share_b,
            "nps_a": s_a,
            "nps_b": s_b,
            "contribution_a": c_a,
            "contribution_b": c_b,
            "contribution": delta,
            "share_effect": share_eff,
            "score_effect": delta - share_eff,
            "ci_low": delta - z * se,
            "ci_high": delta + z * se,
            "p_val": p_val,
            "p_adj": p_adj,
        },
        columns=CHANGE_COLUMNS,
    )
