"""The executive summary's sentences, from the results of notebooks 01-03.

Each ``*_sentences`` function takes one notebook's results (as
:func:`nps_toolkit.report.results.read_results` returns them, typed by
:data:`~nps_toolkit.report.results.SCHEMAS`) and returns Markdown sentences, or
raises :class:`Skipped` with the reason when the section has nothing to say.
:func:`executive_summary` puts them together: a skipped section is one sentence
at the end, not an empty heading.

Rules every sentence follows:

* it names the measure it ranks by, and ranks as the detailed report's table does;
* a difference that is not significant is worded "no evidence of a difference"
  (:func:`nps_toolkit.report.wording.difference`), never headlined as a finding;
* groups and themes smaller than ``min_n`` are not headlined;
* text from the data goes through :func:`nps_toolkit.report.html.md_escape`.
"""

from __future__ import annotations

from collections.abc import Mapping

from nps_toolkit.report.experiment_section import experiment_sentences
from nps_toolkit.report.html import md_escape
from nps_toolkit.report.sentences import scale_text
from nps_toolkit.report.summary_comments import (
    is_headlined,
    keyword_check_sentence,
    theme_change_sentence,
    theme_part,
    tone_theme_sentence,
)

# The summary's containers live in summary_parts; importing them from here keeps working.
from nps_toolkit.report.summary_parts import Section, Skipped, Summary
from nps_toolkit.report.wording import difference, duration, oriented_gap, p_value, points, signed

__all__ = [
    "Section",
    "Skipped",
    "Summary",
    "change_sentences",
    "comment_sentences",
    "driver_sentences",
    "executive_summary",
    "gap_sentences",
    "repeat_sentences",
    "score_sentences",
]


def score_sentences(r1: Mapping) -> list[str]:
    """The NPS with its interval, the rows left out, the benchmark comparison."""
    o = r1["overall"]
    said = [
        f"**NPS {points(o['nps'])}** (95% interval {points(o['ci_low'])} to "
        f"{points(o['ci_high'])}), from {int(o['n']):,} respondents: "
        f"{o['pct_promoters']:.0f}% promoters, {o['pct_detractors']:.0f}% detractors."
    ]
    if list(r1["scale"]) != [0, 10]:  # a reader assumes 0-10: say what counts on this one
        said[0] += f" The scale is {scale_text(r1['scale'])}."
    excluded = sum(e["rows"] for e in r1["excluded"])
    if excluded:
        why = "; ".join(f"{md_escape(e['reason'])}: {e['rows']:,}" for e in r1["excluded"])
        said.append(
            f"{excluded:,} of the {r1['n_read']:,} rows in the file were left out ({why}); "
            "the overview gives the row numbers."
        )
    b = r1["benchmark"]
    if b:
        if b["p_val"] is None:
            said.append(
                f"Compared with the benchmark of {points(b['benchmark'])}: too few respondents "
                f"to test the difference ({md_escape(b['note'])})."
            )
        else:
            said.append(
                f"Compared with the benchmark of {points(b['benchmark'])}: "
                f"{difference(b['diff'], b['ci_low'], b['ci_high'], b['significant'])}; "
                f"{p_value(b['p_val'])}."
            )
    return said


def gap_sentences(r1: Mapping, *, min_n: int | None = None) -> list[str]:
    """The largest gap between two groups of a segment, by size in NPS points.

    Pairs with a group under ``min_n`` respondents are not ranked. A significant
    gap (Holm-corrected) is headlined; otherwise the largest gap is given with
    "no evidence of a difference".
    """
    if not r1["segments"]:
        raise Skipped("no segment columns were given")
    min_n = r1.get("min_n", 30) if min_n is None else min_n
    pairs = [g for g in r1["gaps"] if min(g["n_a"], g["n_b"]) >= min_n]
    small = len(r1["gaps"]) - len(pairs)
    note = f" Groups with fewer than {min_n} respondents are not ranked here." if small else ""
    if not pairs:
        raise Skipped(f"no segment has two groups of at least {min_n} respondents")
    pairs.sort(key=lambda g: -abs(g["diff"]))
    sig = [g for g in pairs if g["significant"]]
    top = sig[0] if sig else pairs[0]
    hi, lo, gap, ci_low, ci_high = oriented_gap(top)
    where = f"in **{md_escape(top['segment'])}**, {md_escape(hi)} vs {md_escape(lo)}"
    if sig:
        return [
            f"The largest significant gap between groups, by size in NPS points, is {where}: "
            f"{difference(gap, ci_low, ci_high, True)}; Holm-adjusted {p_value(top['p_adj'])}. "
            f"{len(sig)} of the {len(pairs)} gaps compared {'is' if len(sig) == 1 else 'are'} "
            "significant after correcting "
            f"for the number of comparisons.{note}"
        ]
    return [
        f"No gap between groups is significant after correcting for the number of "
        f"comparisons; the largest in NPS points, {where}, shows "
        f"{difference(gap, ci_low, ci_high, False, p_adj=top['p_adj'])}.{note}"
    ]


def change_sentences(r1: Mapping) -> list[str]:
    """Significant period-to-period changes in date order, and the untested ones."""
    if not r1["has_date"]:
        raise Skipped("the survey has no response dates")
    changes = r1["significant_changes"] or []
    said = [
        f"NPS {'rose' if c['diff'] > 0 else 'fell'} from {points(c['nps_previous'])} to "
        f"{points(c['nps'])} in the period starting {str(c['period'])[:10]}: "
        f"{difference(c['diff'], c['ci_low'], c['ci_high'], True)}, larger than chance."
        for c in changes
    ]
    if not changes:
        said.append(
            "No change from one period to the next is larger than chance, after correcting "
            "for the number of periods."
        )
    partial = r1.get("partial_changes") or 0
    if partial:
        which = "1 change" if partial == 1 else f"{partial:,} changes"
        was = "was" if partial == 1 else "were"
        said.append(
            f"{which} into or out of a period that the first or last response date cuts {was} "
            "not tested: a part-period is not comparable with a full one."
        )
    return said


def comment_sentences(r2: Mapping | None, *, min_n: int = 30, level: float = 0.05) -> list[str]:
    """How many commented, in which languages, the themes ranked by impact, their tone, what
    moved NPS, the follow-up list.

    Themes are ranked by impact (NPS gap × share of comments, most negative
    first), as the comments report's table; only negative themes mentioned in
    at least ``min_n`` comments with a Holm-adjusted p-value below ``level``
    (``significant``) are headlined (with a warning when
    one keyword carries most of their mentions). Then the tone per theme and
    the theme contributions to the latest change
    (:mod:`nps_toolkit.report.summary_comments`), when there is something to say.
    """
    if r2 is None:
        raise Skipped("the comments report (02) was not run")
    if not r2["n_comments"]:
        raise Skipped("there are no comments")
    langs = ", ".join(
        f"{md_escape(row['language'])} {row['pct']:.0f}%"
        for row in r2["languages"]
        if row["pct"] >= 1 and row["language"] not in ("unknown", "none")
    )
    said = [
        f"{r2['n_comments']:,} respondents wrote a comment "
        f"(languages: {langs or 'too short to tell'})."
    ]
    themes = sorted(
        (t for t in r2["themes"] or [] if t["impact"] is not None),
        key=lambda t: t["impact"],
    )
    big = [t for t in themes if t["n_mentions"] >= min_n]
    note = (
        f" Themes mentioned in fewer than {min_n} comments are not ranked."
        if any(t["n_mentions"] < min_n for t in r2["themes"] or [])
        else ""
    )
    bad = [t for t in big if is_headlined(t, level) and t["diff"] < 0]
    if bad:
        said.append(
            "Themes that come with a significantly lower NPS, ranked by impact (NPS gap × "
            "share of comments, most negative first): "
            + "; ".join(theme_part(t) for t in bad[:3])
            + "."
            + note
        )
    elif big and big[0]["diff"] >= 0:
        # the most negative impact is not a lower NPS: naming it would read as a problem
        said.append(
            f"No theme mentioned in at least {min_n} comments comes with a lower NPS." + note
        )
    elif big:
        t = big[0]
        said.append(
            "No theme comes with a significantly lower NPS once the number of themes tested "
            f"is taken into account; the one with the most negative impact (NPS gap × share "
            f"of comments), **{md_escape(t['theme'])}**, shows "
            f"{difference(t['diff'], t['diff_ci_low'], t['diff_ci_high'], False, p_adj=t.get('p_adj'))}."
            + note
        )
    extra = [
        keyword_check_sentence(r2, [t["theme"] for t in bad[:3]], min_n=min_n),
        tone_theme_sentence(r2, min_n=min_n),
        theme_change_sentence(r2),
    ]
    said += [x for x in extra if x]
    redacted = "redacted" if r2["redacted"] else "NOT redacted: internal use only"
    said.append(
        f"{r2['follow_up_rows']:,} detractors are on the follow-up list "
        f"({md_escape(r2['follow_up_xlsx'])}, comments {redacted})."
    )
    return said


def _ratio(ratio, ci_low, ci_high, *, name: str, yes: str, no: str) -> str:
    """``yes`` (the ratio's interval excludes 1) or ``no``, each with the ratio and interval."""
    interval = f"95% interval {ci_low:.2f} to {ci_high:.2f}"
    if ci_low > 1 or ci_high < 1:
        return yes.format(x=f"{ratio:.2f}") + f" ({interval})"
    return no + f" ({name} {ratio:.2f}, {interval})"


def repeat_sentences(r3: Mapping | None) -> list[str]:
    """Repeat rate by category, the promoter odds (or rate) ratio, the what-if."""
    if r3 is None:
        raise Skipped("the repeat-purchase report (03) was not run")
    if r3["mode"] is None:
        raise Skipped("no purchase data was given")
    said = []
    if r3["mode"] == "count":
        rr = next((r for r in r3["rate_ratios"] or [] if "promoter" in r["term"]), None)
        if rr:
            family = md_escape(str(r3["count_family"]).replace("_", " "))  # "negative_binomial"
            ratio = _ratio(
                rr["rate_ratio"],
                rr["ci_low"],
                rr["ci_high"],
                name="rate ratio",
                yes="Promoters make {x} times as many visits as detractors",
                no="There is no evidence that promoters make more or fewer visits than detractors",
            )
            said.append(f"{ratio}; {family} count model.")
        return said or _skip("the count model has no promoter term")
    rates = {r["nps_category"]: r for r in r3["rate_by_category"] or []}
    pro, det = rates.get("promoter"), rates.get("detractor")
    if pro and det:
        said.append(
            f"Within {md_escape(duration(r3['window']))} of answering, **{100 * pro['rate']:.0f}% of "
            f"promoters** ordered again vs **{100 * det['rate']:.0f}% of detractors** "
            f"({r3['n_censored']:,} recent respondents excluded because their window is not over)."
        )
    o = next((o for o in r3["odds_ratios"] or [] if "promoter" in o["term"]), None)
    if o:
        ratio = _ratio(
            o["odds_ratio"],
            o["ci_low"],
            o["ci_high"],
            name="odds ratio",
            yes="Other things in the model equal, promoters' odds of ordering again are {x} "
            "times detractors'",
            no="Other things in the model equal, there is no evidence that promoters' odds of "
            "ordering again differ from detractors'",
        )
        auc = r3["cv_auc"]["auc"] if r3["cv_auc"] else None
        said.append(
            f"{ratio}."
            + (f" The model's cross-validated AUC is {auc:.2f} (0.5 = chance)." if auc else "")
        )
    w = r3["what_if"]
    if w:
        said.append(
            f"A quarter of detractors behaving like passives would be associated with about "
            f"{w['extra_repeaters']:,.0f} more repeat customers (95% interval "
            f"{w['ci_low']:,.0f} to {w['ci_high']:,.0f}; an association, not a promise), "
            f"and NPS {points(w['nps_before'])} → {points(w['nps_after'])}."
        )
    return said or _skip("the repeat model could not be fitted")


def _skip(reason: str):
    raise Skipped(reason)


def driver_sentences(r3: Mapping | None) -> list[str]:
    """The attribute with the largest share of the explained variance (R²)."""
    if r3 is None or not r3["drivers"]:
        raise Skipped("no attribute ratings were given")
    table = r3["drivers"]
    key = "shapley_pct" if table[0].get("shapley_pct") is not None else "rw_pct"
    measure = "Shapley share" if key == "shapley_pct" else "relative weight"
    ranked = sorted(table, key=lambda d: -(d[key] or 0))
    d = ranked[0]
    noise = [md_escape(x["driver"]) for x in ranked if not x.get("significant", True)]
    return [
        f"Ranked by share of what the ratings explain of the score ({measure} of R², as in "
        f"the drivers table), **{md_escape(d['driver'])}** comes first with {d[key]:.0f}% "
        f"(its correlation with the score: {signed(d['correlation'], 2)})."
        + (
            f" Not distinguishable from noise once the others are known: {', '.join(noise)}."
            if noise
            else ""
        )
    ]


def executive_summary(results: Mapping, *, min_n: int | None = None) -> Summary:
    """The executive summary of one run's results.

    Parameters
    ----------
    results : mapping
        ``{notebook: results}`` as :func:`~nps_toolkit.report.results.read_results`
        returns them for one run.
    min_n : int, optional
        Smallest group or theme size to headline (default: the overview's ``min_n``).

    Returns
    -------
    Summary
        Sections and skipped sections; ``Summary.markdown()`` renders them.
        With an experiment in the overview's results (the ``compare``
        parameter), a section "The experiment" follows "The score"
        (:func:`nps_toolkit.report.experiment_section.experiment_sentences`).
    """
    r1 = results.get("01-nps-overview")
    r2 = results.get("02-detractor-comments")
    r3 = results.get("03-nps-and-repeat-purchase")
    min_n = (r1 or {}).get("min_n", 30) if min_n is None else min_n
    no_r1 = "the overview (01) was not run"
    plan = [
        ("The score", lambda: score_sentences(r1) if r1 else _skip(no_r1)),
        *(
            [("The experiment", lambda: experiment_sentences(r1))]
            if r1 and r1.get("experiment")
            else []
        ),
        ("Where it differs", lambda: gap_sentences(r1, min_n=min_n) if r1 else _skip(no_r1)),
        ("When it changed", lambda: change_sentences(r1) if r1 else _skip(no_r1)),
        ("Why detractors are unhappy", lambda: comment_sentences(r2, min_n=min_n)),
        ("Does NPS predict coming back?", lambda: repeat_sentences(r3)),
        ("What drives the score", lambda: driver_sentences(r3)),
    ]
    summary = Summary()
    for heading, sentences in plan:
        try:
            summary.sections.append(Section(heading, sentences()))
        except Skipped as reason:
            summary.skipped.append((heading, str(reason)))
    return summary
