"""The executive summary's sentences on tone per theme, why NPS moved, and theme precision.

Each function takes the comments report's results (notebook 02, typed by
:data:`nps_toolkit.report.results.SCHEMAS`) and returns one Markdown sentence,
or ``None`` when there is nothing to headline (the section was skipped, the
themes are too small, or nothing is distinguishable from noise in a way worth a
sentence). :func:`nps_toolkit.report.summary.comment_sentences` puts them in
the summary. Every sentence names the measure it ranks by, and its first name
is the first row of the comments report's table, sorted by that measure,
among the rows it may headline.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from nps_toolkit.report.html import md_escape
from nps_toolkit.report.wording import p_value, points

__all__ = [
    "ROW_GLOSS",
    "is_headlined",
    "keyword_check_sentence",
    "overall_negative_pct",
    "share_test_p",
    "theme_change_sentence",
    "theme_part",
    "tone_theme_sentence",
]

#: What the rows of the theme-change table that are not themes stand for.
ROW_GLOSS = {
    "(no theme)": "comments that mention none of the themes",
    "(no comment)": "respondents who left no comment",
}


def is_headlined(t: Mapping, level: float = 0.05) -> bool:
    """A theme impact row marked ``significant`` whose Holm-adjusted p (when the table has
    it) is below ``level``.

    Examples
    --------
    >>> is_headlined({"significant": True, "p_adj": 0.01}), is_headlined({"significant": True,
    ...                                                                  "p_adj": 0.2})
    (True, False)
    """
    return bool(t["significant"]) and (t.get("p_adj") is None or t["p_adj"] < level)


def theme_part(t: Mapping) -> str:
    """A theme impact row in words: its NPS when mentioned and not, its share of comments."""
    return (
        f"**{md_escape(t['theme'])}** (NPS {points(t['nps_mentioning'])} when mentioned vs "
        f"{points(t['nps_not_mentioning'])} otherwise; {t['pct_of_comments']:.0f}% of comments)"
    )


def overall_negative_pct(languages) -> float | None:
    """% of all comments with a tone that read negative, from the tone-per-language table.

    Examples
    --------
    >>> round(overall_negative_pct([  # (30 + 20) negative of (100 + 40) with a tone
    ...     {"n_comments": 100, "pct_negative": 30.0, "pct_no_tone": 0.0},
    ...     {"n_comments": 50, "pct_negative": 40.0, "pct_no_tone": 20.0}]), 1)
    35.7
    """
    negative = sum(r["n_comments"] * r["pct_negative"] for r in languages or [])
    toned = sum(r["n_comments"] * (100 - r["pct_no_tone"]) for r in languages or [])
    return 100 * negative / toned if toned else None


def share_test_p(pct: float, n: int, reference_pct: float) -> float:
    """Two-sided score-test p-value of a share of ``n`` against a reference share (both in %).

    ``z = (p - p0) / sqrt(p0 (1 - p0) / n)``: the test whose inversion is the
    Wilson interval, so ``p < 0.05`` exactly when ``reference_pct`` lies
    outside the share's 95% Wilson interval.

    Examples
    --------
    >>> round(share_test_p(50.0, 100, 40.0), 4)  # z = 0.1 / sqrt(0.24 / 100) = 2.04
    0.0412
    """
    p0 = reference_pct / 100
    if n <= 0 or not 0 < p0 < 1:
        return math.nan
    z = (pct / 100 - p0) / math.sqrt(p0 * (1 - p0) / n)
    return math.erfc(abs(z) / math.sqrt(2))


def _pct_interval(t: Mapping, side: str) -> str:
    low, high = t[f"pct_{side}_ci_low"], t[f"pct_{side}_ci_high"]
    return f"95% interval {low:.0f}% to {high:.0f}%"


def tone_theme_sentence(r2: Mapping, *, min_n: int = 30) -> str | None:
    """The themes whose mentions read negative more often than all the text does.

    Ranked by the share of the sentences (or comments, for a table counting
    comments) mentioning a theme that read negative (the tone-per-theme
    table's ``pct_negative``), among the themes with at least ``min_n`` such
    mentions with a tone. A theme is headlined when its share is above the
    share of all sentences with a tone that read negative (``tone_overall``;
    without it, the share of all comments from ``tone_languages``) and the
    score test of the difference (:func:`share_test_p`), Holm-adjusted over
    the themes considered, is below 0.05; otherwise the highest share is given
    as no evidence of a difference. ``None`` without tone results or without a
    theme that large.
    """
    rows = r2.get("tone_themes") or []
    unit = "sentences" if rows and "n_comments" in rows[0] else "comments"
    base = r2.get("tone_overall")
    if base and unit == "sentences":
        overall = base["pct_negative"]
    else:
        overall, unit = overall_negative_pct(r2.get("tone_languages")), "comments"
    themes = [t for t in rows if t["n_mentions"] >= min_n and t["pct_negative"] is not None]
    if overall is None or not themes:
        return None
    themes.sort(key=lambda t: -t["pct_negative"])
    lead = (
        f"Ranked by the share of the {unit} mentioning a theme that read negative (themes "
        f"mentioned in at least {min_n} {unit} with a tone), "
    )
    from nps_toolkit.score.difference import adjust_p

    p_adj = adjust_p([share_test_p(t["pct_negative"], t["n_mentions"], overall) for t in themes],
                     "holm")  # fmt: skip
    above = [(t, p) for t, p in zip(themes, p_adj, strict=True)
             if t["pct_negative"] > overall and p < 0.05][:3]  # fmt: skip
    corrected = "after correcting for the number of themes (Holm)"
    if not above:
        t = themes[0]
        return (
            f"{lead}no theme reads negative more often than all {unit} ({overall:.0f}%) "
            f"{corrected}; the highest, **{md_escape(t['theme'])}**, has "
            f"{t['pct_negative']:.0f}% of its {t['n_mentions']:,} {unit} negative "
            f"({_pct_interval(t, 'negative')})."
        )
    parts = [
        f"**{md_escape(t['theme'])}**: {t['pct_negative']:.0f}% of the {t['n_mentions']:,}"
        + (f" {unit} that mention it read negative" if i == 0 else "")
        + f" ({_pct_interval(t, 'negative')}; adjusted {p_value(p)})"
        for i, (t, p) in enumerate(above)
    ]
    return (
        f"{lead}those read negative more often than the {overall:.0f}% of all {unit} with a "
        f"tone {corrected}: {'; '.join(parts)}."
    )


def _row_name(theme: str) -> str:
    gloss = ROW_GLOSS.get(theme)
    return f"**{md_escape(theme)}**" + (f" ({gloss})" if gloss else "")


def theme_change_sentence(r2: Mapping) -> str | None:
    """What moved NPS between the last two complete periods, theme by theme.

    Rows are ranked by the size (absolute value) of their contribution to the
    change, as the comments report's table; only a row whose contribution
    differs from 0 after correcting for the number of rows (Holm-adjusted p
    below the level: the table's ``headlined``) is headlined. ``None`` when the section was
    skipped (no dates, fewer than two complete periods).
    """
    from nps_toolkit.report.comment_change import contribution_points

    change = r2.get("theme_change") or {}
    table, periods = change.get("table"), change.get("periods")
    if not table or not periods:
        return None
    confidence = change.get("confidence", 0.95)
    total = next(r for r in table if r["theme"] == "total")
    rows = [r for r in table if r["theme"] != "total"]
    rows.sort(key=lambda r: -abs(r["contribution"]))
    head = (
        f"From {md_escape(periods[0])} to {md_escape(periods[1])} (the last two complete "
        f"periods) NPS changed by {contribution_points(total, confidence)}"
    )
    if total["ci_low"] <= 0 <= total["ci_high"]:  # the parts may still move apart
        head += ", no evidence of a change overall"
    heads = [r for r in rows if r["headlined"]]
    if not heads:
        return (
            f"{head}; no theme's contribution to that change is distinguishable from 0 after "
            "correcting for the number of rows (Holm)."
        )
    top = heads[0]
    return (
        f"{head}; ranked by the size of their contribution to that change (the rows add up to "
        f"it), the largest distinguishable from 0 after correcting for the number of rows is "
        f"{_row_name(top['theme'])}: {contribution_points(top, confidence, adjusted=True)}."
    )


def keyword_check_sentence(
    r2: Mapping, themes: list[str], *, min_n: int = 30, min_share: float = 50.0
) -> str | None:
    """A warning when one keyword carries most of the mentions of a headlined theme.

    ``themes`` are the names the summary headlines; of those mentioned in at
    least ``min_n`` comments, the ones whose most frequent keyword carries at
    least ``min_share`` % of their mentions (the theme review's
    ``top_keyword_pct``), ranked by that share.

    Examples
    --------
    >>> r2 = {"theme_review": [{"theme": "delivery", "n_mentions": 42, "top_keyword": "package",
    ...                         "top_keyword_pct": 59.5}]}
    >>> keyword_check_sentence(r2, ["delivery"])
    'Check before acting: "package" carries 60% of the 42 mentions of **delivery** (theme review in the comments report): make sure it means what the theme says.'
    """
    rows = [
        r
        for r in r2.get("theme_review") or []
        if r["theme"] in themes and r["n_mentions"] >= min_n and r["top_keyword_pct"] >= min_share
    ]
    if not rows:
        return None
    rows.sort(key=lambda r: -r["top_keyword_pct"])
    parts = "; ".join(
        f'"{md_escape(r["top_keyword"])}" carries {r["top_keyword_pct"]:.0f}% of the '
        f"{r['n_mentions']:,} mentions of **{md_escape(r['theme'])}**"
        for r in rows
    )
    return (
        f"Check before acting: {parts} (theme review in the comments report): make sure "
        f"{'it means' if len(rows) == 1 else 'each means'} what the theme says."
    )
