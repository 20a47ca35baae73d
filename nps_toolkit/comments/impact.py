"""What each theme does to NPS: :func:`theme_impact` (mentions, NPS with and without, impact)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from nps_toolkit._validation import renamed_args
from nps_toolkit.comments.counting import check_column
from nps_toolkit.comments.tagging import tag_themes
from nps_toolkit.comments.tokens import has_text

__all__ = ["IMPACT_COLUMNS", "theme_impact"]

IMPACT_COLUMNS = [
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
    from nps_toolkit.score.variance import nps_variance

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


def _is_column(data: pd.DataFrame, language) -> bool:
    return isinstance(language, str) and language in data.columns


def _mention_counts(data, use, keys, sub_codes, tags):
    """Per (group, theme) row: the group's key, its category counts and those of the
    commenters mentioning the theme. One bincount per theme, no loop over groups."""
    if keys:
        group_frame = data.loc[use, keys].reset_index(drop=True)
        gcodes, groups = pd.MultiIndex.from_frame(group_frame).factorize(sort=True)
        group_keys = [g if isinstance(g, tuple) else (g,) for g in groups]
    else:
        gcodes = np.zeros(len(sub_codes), dtype="int64")
        group_keys = [()]
    n_groups, n_themes = len(group_keys), tags.shape[1]
    valid = gcodes >= 0
    cell = gcodes[valid] * 3 + sub_codes[valid]
    tag_values = tags.to_numpy(dtype=bool)[valid]
    totals = np.bincount(cell, minlength=3 * n_groups).reshape(n_groups, 3).astype("float64")
    mentions = np.stack(
        [
            np.bincount(cell, weights=tag_values[:, t], minlength=3 * n_groups).reshape(n_groups, 3)
            for t in range(n_themes)
        ],
        axis=1,
    ).reshape(n_groups * n_themes, 3)
    keys_per_row = [k for k in group_keys for _ in range(n_themes)]
    return keys_per_row, group_keys, np.repeat(totals, n_themes, axis=0), mentions


def _p_adjust(p_val: np.ndarray, padjust):
    """Adjusted p-values of the tested rows (NaN elsewhere) and the tested mask."""
    from nps_toolkit.score.difference import adjust_p

    tested = ~np.isnan(p_val)
    if padjust is None:
        return np.array(p_val, dtype="float64"), tested
    try:  # adjust_p leaves the untested (NaN) rows NaN
        return adjust_p(p_val, padjust), tested
    except ValueError:
        raise ValueError(
            f"padjust={padjust!r} is not a multipletests method: use 'holm' (default), "
            "'fdr_bh', 'bonferroni', ... or None."
        ) from None


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
    language="auto",
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
    themes : None, str, path or dict
        Theme pack or dictionary for :func:`~nps_toolkit.comments.tagging.tag_themes`
        (``None``: the cross-industry default; ``"ecommerce"``, ``"telecom"``... a pack).
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
    language : "auto", str or None
        Language of each comment for the theme patterns: as in
        :func:`~nps_toolkit.comments.tagging.tag_themes`, or the name of a
        column of ``data`` holding one code per row.
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
    from nps_toolkit.score.scales import category_codes
    from nps_toolkit.score.stats import nps_from_counts, z_value

    check_column(data, comment, "comment")
    check_column(data, score, "score")
    keys = [] if by is None else ([by] if isinstance(by, str) else list(by))
    for k in keys:
        check_column(data, k, "by")
    if method not in _IMPACT_METHODS:
        raise ValueError(f"method must be 'adjusted_wald' or 'wald'; got {method!r}.")
    z_value(confidence)  # validates confidence
    if isinstance(min_n, bool) or not isinstance(min_n, int | np.integer) or min_n < 1:
        raise ValueError(f"min_n must be a whole number of respondents >= 1; got {min_n!r}.")
    if isinstance(padjust, str) and padjust.lower() == "none":
        padjust = None
    # The scale is decided once, from the whole column (or the declaration).
    codes = category_codes(data[score], scale=scale, thresholds=thresholds)
    commented = has_text(data[comment])
    use = commented & (codes >= 0)
    attrs = {
        "rows_without_comment": int((~commented).sum()),
        "rows_without_score": int((commented & (codes < 0)).sum()),
    }
    lang = data.loc[use, language] if _is_column(data, language) else language
    tags = tag_themes(data[comment][use], themes, language=lang, progress=progress)
    names = list(tags.columns)
    keys_per_row, group_keys, totals_rows, mentions = _mention_counts(
        data, use, keys, codes[use].astype("int64"), tags
    )
    n_groups, n_themes = len(group_keys), len(names)
    others = totals_rows - mentions
    n_comments = totals_rows.sum(axis=1)
    n_mentions = mentions.sum(axis=1)
    out = pd.DataFrame(
        keys_per_row if keys else None,
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
    p_adj, tested = _p_adjust(p_val, padjust)
    out["p_adj"] = p_adj
    out["significant"] = np.where(tested, p_adj < 1 - confidence, False).astype(bool)
    out["impact"] = out["diff"] * out["pct_of_comments"] / 100.0
    out["impact_ci_low"] = tests["impact_ci_low"]
    out["impact_ci_high"] = tests["impact_ci_high"]
    out["note"] = pd.Series(tests["note"], dtype="str")
    out = out[keys + IMPACT_COLUMNS]
    out = out.sort_values(
        [*keys, "impact", "theme"], ascending=[True] * len(keys) + [True, True], kind="mergesort"
    ).reset_index(drop=True)
    out.attrs = {**attrs, "padjust": padjust, "method": method, "min_n": min_n}
    return out
