"""The sentences of the detailed reports (notebooks 01-03), from the tables they show.

Pure functions: a table (or one row of it) in, one Markdown sentence out. Text
from the data goes through :func:`nps_toolkit.report.html.md_escape`; numbers are
worded by :mod:`nps_toolkit.report.wording` (a difference that is not
significant is "no evidence of a difference"). The executive summary's
sentences are in :mod:`nps_toolkit.report.summary`.
"""

from __future__ import annotations

from nps_toolkit._results import main_table
from nps_toolkit.report.html import md_escape
from nps_toolkit.report.parameters import PARAMETERS
from nps_toolkit.report.wording import difference, oriented_gap, p_value, signed

__all__ = [
    "account_sentence",
    "scale_text",
    "auc_sentence",
    "benchmark_sentence",
    "changes_sentence",
    "comments_sentence",
    "nps_sentence",
    "one_group_sentence",
    "segment_gaps_sentence",
    "sentiment_agreement_sentence",
    "setting",
    "theme_sentence",
    "what_if_sentence",
]


def setting(*names: str) -> str:
    """Where a parameter is set, worded for JupyterLab and for the command line.

    From the declaration of the parameters
    (:data:`nps_toolkit.report.parameters.PARAMETERS`), for the messages of a
    section skipped because a parameter is not set.

    Examples
    --------
    >>> setting("benchmark")
    'the `benchmark` parameter; `--benchmark NPS` with nps-toolkit report'
    >>> setting("orders_path", "outcome")
    'the `orders_path` or `outcome` parameter; `--orders FILE` or `--outcome COL` with nps-toolkit report'
    """
    declared = {p.name: p for p in PARAMETERS}
    flags = [
        f"`{declared[n].flag}{' ' + declared[n].metavar if declared[n].metavar else ''}`"
        for n in names
    ]
    params = " or ".join(f"`{n}`" for n in names)
    return f"the {params} parameter; {' or '.join(flags)} with nps-toolkit report"


def _span(lo: int, hi: int) -> str:
    return str(lo) if lo == hi else f"{lo}-{hi}"


def scale_text(scale, thresholds=None) -> str:
    """The scale and which scores are detractors, passives and promoters on it.

    Examples
    --------
    >>> scale_text((0, 10)), scale_text((1, 5))
    ('0-10: detractors 0-6, passives 7-8, promoters 9-10', '1-5: detractors 1-3, passives 4, promoters 5')
    """
    from nps_toolkit.score.scales import resolve_thresholds

    lo, hi, passive_min, promoter_min = resolve_thresholds(scale, thresholds)
    return (
        f"{lo}-{hi}: detractors {_span(lo, passive_min - 1)}, passives "
        f"{_span(passive_min, promoter_min - 1)}, promoters {_span(promoter_min, hi)}"
    )


def account_sentence(account, file_name: str, scale) -> str:
    """Rows read, analysed and excluded (with the reasons), and the score scale with
    which scores fall in each category (:func:`scale_text`).

    Parameters
    ----------
    account : pandas.DataFrame
        :func:`nps_toolkit.io.read.quality_report` of the survey (``reason``, ``rows``).
    file_name : str
        The survey file's name.
    scale : (int, int)
        Lowest and highest possible score.

    Examples
    --------
    >>> import pandas as pd
    >>> account = pd.DataFrame({"reason": ["kept", "no score", "duplicate"], "rows": [90, 7, 0]})
    >>> account_sentence(account, "survey.csv", (0, 10))
    '**97** data rows were read from survey.csv; **90** are analysed and 7 were excluded (no score: 7). The score scale is 0-10: detractors 0-6, passives 7-8, promoters 9-10.'
    """
    n_read = int(account["rows"].sum())
    n_kept = int(account.loc[account["reason"].eq("kept"), "rows"].sum())
    excluded = account[~account["reason"].eq("kept") & account["rows"].gt(0)]
    reasons = "; ".join(
        f"{md_escape(r)}: {n:,}" for r, n in zip(excluded["reason"], excluded["rows"], strict=True)
    )
    return (
        f"**{n_read:,}** data rows were read from {md_escape(file_name)}; "
        f"**{n_kept:,}** are analysed"
        + (f" and {n_read - n_kept:,} were excluded ({reasons})." if n_read > n_kept else ".")
        + f" The score scale is {scale_text(scale)}."
    )


def nps_sentence(o) -> str:
    """The NPS with its interval, the category mix and the margin of error.

    ``o`` is the row of :func:`nps_toolkit.score.estimate.nps`.

    Examples
    --------
    >>> o = {"nps": 12.34, "ci_low": 8.5, "ci_high": 16.1, "n": 990, "pct_promoters": 40.2,
    ...      "pct_passives": 31.9, "pct_detractors": 27.9}
    >>> print(nps_sentence(o))
    The NPS is **+12.3** (95% interval +8.5 to +16.1) from 990 respondents: 40% promoters, 32% passives and 28% detractors. The margin of error is about ±3.8 points: a change smaller than that is not news.
    """
    return (
        f"The NPS is **{signed(o['nps'])}** (95% interval {signed(o['ci_low'])} to "
        f"{signed(o['ci_high'])}) from {o['n']:,.0f} respondents: {o['pct_promoters']:.0f}% "
        f"promoters, {o['pct_passives']:.0f}% passives and {o['pct_detractors']:.0f}% "
        f"detractors. The margin of error is about ±{(o['ci_high'] - o['ci_low']) / 2:.1f} "
        "points: a change smaller than that is not news."
    )


def benchmark_sentence(b, benchmark: float) -> str:
    """Our NPS against a benchmark: the difference with its interval and p-value.

    ``b`` is the row of :func:`nps_toolkit.score.significance.nps_test_benchmark`.

    Examples
    --------
    >>> b = {"diff": 3.4, "ci_low": -8.5, "ci_high": 15.3, "p_val": 0.57,
    ...      "significant": False, "note": ""}
    >>> benchmark_sentence(b, 10)
    'Our NPS is not significantly different from the benchmark +10: no evidence of a difference (+3.4 points, 95% interval -8.5 to +15.3); p = 0.57.'
    """
    if b["note"]:
        return (
            f"Our NPS cannot yet be compared with the benchmark {signed(benchmark, 0)}: "
            f"{md_escape(b['note'])}. Difference {signed(b['diff'])} points (95% interval "
            f"{signed(b['ci_low'])} to {signed(b['ci_high'])})."
        )
    word = "is significantly" if b["significant"] else "is not significantly"
    return (
        f"Our NPS {word} different from the benchmark {signed(benchmark, 0)}: "
        f"{difference(b['diff'], b['ci_low'], b['ci_high'], b['significant'])}; "
        f"{p_value(b['p_val'])}."
    )


def one_group_sentence(segment: str) -> str:
    """A segment whose respondents all share one value: no gap to test (issue 14 item 7).

    Examples
    --------
    >>> one_group_sentence("arm")
    'arm has fewer than two groups: no gap to test.'
    """
    return f"{md_escape(segment)} has fewer than two groups: no gap to test."


def segment_gaps_sentence(segment: str, pairs) -> str:
    """How many gaps between a segment's groups are significant, and the largest one.

    Parameters
    ----------
    segment : str
        The segment column.
    pairs : pandas.DataFrame
        :func:`nps_toolkit.score.significance.pairwise_nps` of that segment (every pair;
        ``significant`` after the Holm correction).

    Returns
    -------
    str
        The largest significant gap by size in NPS points, or, when none is significant,
        the largest gap worded "no evidence of a difference"; with two groups, the
        one gap with its p-value.
    """
    if pairs.empty:
        return one_group_sentence(segment)
    ranked = pairs.loc[pairs["diff"].abs().sort_values(ascending=False).index]
    sig = ranked[ranked["significant"]]
    top = (sig if len(sig) else ranked).iloc[0]
    hi, lo, gap, ci_low, ci_high = oriented_gap(top)
    largest = f"{md_escape(hi)} vs {md_escape(lo)}"
    if len(ranked) == 1:  # two groups: one gap, nothing to correct for
        word = "is significant" if len(sig) else "is not significant"
        return (
            f"The one gap between {md_escape(segment)} groups, {largest}, {word}: "
            f"{difference(gap, ci_low, ci_high, bool(len(sig)))}; {p_value(top['p_adj'])}."
        )
    if len(sig):
        return (
            f"{len(sig)} of the {len(ranked)} gaps between {md_escape(segment)} groups "
            f"{'is' if len(sig) == 1 else 'are'} significant after the Holm correction; the "
            f"largest, in NPS points, is {largest}: "
            f"{difference(gap, ci_low, ci_high, True)}."
        )
    return (
        f"No gap between {md_escape(segment)} groups is significant after correction; the "
        f"largest, {largest}, shows "
        f"{difference(gap, ci_low, ci_high, False, p_adj=top['p_adj'])}."
    )


def changes_sentence(changes) -> str:
    """The significant period-to-period changes as a Markdown list, in date order.

    ``changes`` is :func:`nps_toolkit.score.significance.nps_changes`.
    """
    sig = changes[changes["significant"]]
    lines = [
        f"- {r.period:%Y-%m-%d}: {signed(r.nps_previous)} → {signed(r.nps)} "
        f"({difference(r.diff, r.ci_low, r.ci_high, True)}; adjusted {p_value(r.p_adj)})"
        for r in sig.itertuples()
    ]
    if not lines:
        return "No period-to-period change is significant after correction."
    return "Significant changes from one period to the next:\n\n" + "\n".join(lines)


def theme_sentence(impact, *, min_n: int = 30) -> str:
    """The theme with the most negative impact, among themes mentioned at least ``min_n`` times.

    Parameters
    ----------
    impact : pandas.DataFrame
        :func:`nps_toolkit.comments.themes.theme_impact` (sorted by impact, NPS gap
        × share of comments, most negative first).
    min_n : int
        Themes mentioned in fewer comments are not headlined.

    Returns
    -------
    str
        The theme, its NPS when mentioned and not, and the gap worded by its
        significance after the correction for the number of themes.
    """
    big = impact[impact["n_mentions"].ge(min_n) & impact["impact"].lt(0)]
    big = big.sort_values("impact", kind="stable")
    small = (
        f" Themes mentioned in fewer than {min_n} comments are not ranked."
        if impact["n_mentions"].lt(min_n).any()
        else ""
    )
    if big.empty:
        return f"No theme mentioned in at least {min_n} comments comes with a lower NPS.{small}"
    t = big.iloc[0]
    gap = difference(
        t["diff"], t["diff_ci_low"], t["diff_ci_high"], bool(t["significant"]), p_adj=t["p_adj"]
    )
    return (
        "Ranked by impact (NPS gap × share of comments), the theme with the most negative "
        f"impact is **{md_escape(t['theme'])}**: mentioned in {t['n_mentions']:,.0f} comments; "
        f"NPS {signed(t['nps_mentioning'], 0)} when mentioned vs "
        f"{signed(t['nps_not_mentioning'], 0)} when not: {gap}, after correcting for the "
        f"number of themes.{small}"
    )


def auc_sentence(compare) -> str:
    """Which coding of the score predicts the outcome best, and whether that is significant.

    ``compare`` is the result of :func:`nps_toolkit.repeat.evaluation.compare_predictors`
    or its ``table`` (``best`` marks the highest AUC; ``p_val_vs_best`` tests each
    other coding against it).
    """
    compare = main_table(compare)
    best = compare.loc[compare["best"]].iloc[0]
    others = compare[~compare["best"]]
    close = others[others["p_val_vs_best"].ge(0.05)]
    name = md_escape(best["predictors"])
    if len(close) == len(others):
        return (
            f"These codings predict equally well: the highest AUC ({name}, "
            f"{best['auc']:.3f}) is not significantly above the others."
        )
    if len(close):
        names = ", ".join(md_escape(p) for p in close["predictors"])
        return (
            f"Highest AUC: **{name}** ({best['auc']:.3f}); its advantage over {names} is "
            "not significant."
        )
    return f"Highest AUC: **{name}** ({best['auc']:.3f}), significantly above the others."


def what_if_sentence(s) -> str:
    """The what-if scenario: detractors moved to passive behaviour.

    ``s`` is the row of :func:`nps_toolkit.repeat.whatif.what_if`.
    """
    return (
        f"Moving {s['moved']:,.0f} detractors to passive behaviour would be associated with "
        f"**{s['extra_repeaters']:,.0f}** extra repeat purchasers (95% interval "
        f"{s['ci_low']:,.0f} to {s['ci_high']:,.0f}) and move NPS from {signed(s['nps_before'])} "
        f"to {signed(s['nps_after'])}."
    )


def comments_sentence(n_comments: int, n_respondents: int, has_comment: bool) -> str:
    """How many respondents wrote a comment, or why there are no text sections.

    Examples
    --------
    >>> comments_sentence(2813, 4793, True)
    '2,813 of 4,793 respondents wrote a comment (59%).'
    """
    said = f"{n_comments:,} of {n_respondents:,} respondents wrote a comment" + (
        f" ({n_comments / n_respondents:.0%})." if n_respondents else "."
    )
    if not has_comment:
        said += (
            f" No comment column was given ({setting('comment')}); the follow-up list still "
            "lists every detractor, and the text sections below are skipped."
        )
    elif not n_comments:
        said += (
            " The follow-up list still lists every detractor, and the text sections below "
            "are skipped."
        )
    return said


def sentiment_agreement_sentence(comments) -> str | None:
    """How often a comment's sentiment is the one its score suggests.

    Parameters
    ----------
    comments : pandas.DataFrame
        One row per comment with ``nps_category`` and the ``label`` of
        :func:`nps_toolkit.comments.sentiment.sentiment`. Only detractors' and
        promoters' comments with a ``positive``/``neutral``/``negative`` label
        count (comments in a language without a lexicon have another label).

    Returns
    -------
    str or None
        The share whose sentiment matches (negative for detractors, positive for
        promoters); ``None`` when no comment counts.
    """
    scored = comments[
        comments["label"].isin(["positive", "neutral", "negative"])
        & comments["nps_category"].isin(["detractor", "promoter"])
    ]
    if scored.empty:
        return None
    expected = scored["nps_category"].map({"detractor": "negative", "promoter": "positive"})
    agree = (scored["label"] == expected).mean()
    return (
        f"On this survey, {agree:.0%} of the {len(scored):,} scored detractor and promoter "
        "comments get the sentiment their score suggests (negative for detractors, positive "
        "for promoters)."
    )
