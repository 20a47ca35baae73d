"""Write the report notebooks in ``notebooks/`` from the cell sources below.

The notebooks are committed without outputs; this script is the easiest place
to edit their code and prose consistently (the ``parameters`` cell is shared by
all of them so ``nps-toolkit report`` can pass the same parameters to each).
Editing a notebook in Jupyter is fine too; then clear its outputs before
committing (``tests/test_notebooks.py`` checks it) and port the edit here.

Run from the repository root::

    .venv/bin/python scripts/build_notebooks.py
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parents[1]

PARAMETERS = """\
# Parameters: papermill (and `nps-toolkit report`) override these. Literal values only.
data_path = "../data/demo/survey.csv"  # survey file (CSV, TSV, Excel, Parquet)
score = "score"  # likelihood-to-recommend column (None: let read_survey find it)
comment = "comment"  # "why this score" free text (None: no text sections)
date = "date"  # response date (None: time-based sections are skipped)
respondent = "customer_id"  # respondent / customer id (None: none)
segments = ["channel", "region", "category", "journey_stage"]  # columns to split by
scale = [0, 10]  # lowest and highest possible score, e.g. [1, 10] (None: decided from the data)
sheet = None  # Excel sheet (name or 0-based index; None: the first)
header_row = None  # line of the column names as a spreadsheet numbers it (None: line 1)
dayfirst = None  # True: 03/04/2024 is 3 April (None: decided from the data, ambiguity flagged)
orders_path = "../data/demo/orders.csv"  # one row per order (None: no orders)
customer = "customer_id"  # customer id, in the survey and in the orders
order_date = "order_date"
amount = "amount"  # order value (None: no revenue)
outcome = None  # repeat outcome already in the survey (e.g. a count of visits)
drivers = ["rating_delivery", "rating_price", "rating_support", "rating_product", "rating_website"]
benchmark = None  # a benchmark NPS to compare with, e.g. 30
window = "180D"  # repeat-purchase window after the response
freq = "MS"  # trend period: MS month, QS quarter, W week
language = None  # language of the comments (None: detected per comment)
redact = True  # replace emails, phone numbers... in comments (keep True for sharing)
min_n = 30  # groups with fewer respondents are flagged as small
title = "Demo shop"
out_dir = "../reports"  # where results/, the follow-up list and the HTML go
"""

SETUP = """\
%matplotlib inline
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import Markdown, display

from nps_toolkit.io.read import quality_report
from nps_toolkit.report.run import load_survey, md_escape, write_results

pd.set_option("display.max_colwidth", 100)
pd.set_option("display.precision", 2)
plt.rcParams["figure.dpi"] = 90
SCALE = tuple(scale) if scale else None  # None: read_survey decides it once for the survey
out = Path(out_dir)
"""

LOAD = """\
# read_survey, cached so that the report's notebooks read the file only once
survey = load_survey(
    data_path, out_dir=out_dir, score=score, comment=comment, date=date,
    respondent=respondent, scale=SCALE, sheet=sheet, header_row=header_row, dayfirst=dayfirst,
    by=(segments or None) if respondent else None,  # flags a respondent in two groups
)
SCALE = survey.attrs["nps_toolkit"].scale  # the scale, decided once for the whole survey
has_date = date is not None and "date" in survey and survey["date"].notna().any()
has_comment = comment is not None and "comment" in survey and survey["comment"].notna().any()
missing = [c for c in [*segments, *drivers] if c not in survey.columns]
if missing:
    raise ValueError(
        f"segments/drivers {missing} are not columns of {data_path}; "
        f"available: {list(survey.columns)}. Fix: correct --segments / --drivers."
    )
"""


def md(text: str):
    return new_markdown_cell(text.strip("\n"))


def code(text: str, *, tags: list[str] | None = None):
    cell = new_code_cell(text.strip("\n"))
    if tags:
        cell.metadata["tags"] = tags
    return cell


def head(title: str, intro: str) -> list:
    return [
        md(f"# {title}\n\n{intro}"),
        code(PARAMETERS, tags=["parameters"]),
        code(SETUP),
    ]


# --------------------------------------------------------------------------- 01
NB01 = [
    *head(
        "NPS overview: score, segments and trend",
        """\
This notebook answers: **what is our Net Promoter Score, how sure are we of it, where is it
different, and has it changed?**

NPS = % promoters (the top of the scale: 9-10 on 0-10) minus % detractors (0-6), on a
-100..+100 scale. Every NPS here comes with a **95% interval**: the range of values compatible
with the answers we got. A survey is a sample; two NPS values whose intervals overlap a lot are
not clearly different, and a small group can swing by 20 points by chance.""",
    ),
    md("""\
## 1. Data account: what was loaded and what was excluded

`read_survey` keeps every row it can use and records why it excluded the others (no score,
a score outside the declared scale, a duplicate submission...). The table below adds up to the
number of data rows in the file, so nothing disappears silently."""),
    code(LOAD + "account = quality_report(survey)\naccount"),
    code("""\
n_read = int(account["rows"].sum())
n_kept = int(account.loc[account["reason"].eq("kept"), "rows"].sum())
excluded = account[~account["reason"].eq("kept") & account["rows"].gt(0)]
reasons = "; ".join(f"{md_escape(r)}: {n:,}" for r, n in zip(excluded["reason"], excluded["rows"]))
display(Markdown(
    f"**{n_read:,}** data rows were read from {md_escape(Path(data_path).name)}; "
    f"**{n_kept:,}** are analysed"
    + (f" and {n_read - n_kept:,} were excluded ({reasons})." if n_read > n_kept else ".")
    + f" The score scale is {SCALE[0]}-{SCALE[1]}."
))"""),
    md("""\
## 2. NPS with its margin of error

`n` counts respondents with a valid score; `pct_*` are percentages; `se` is the standard
error and `ci_low`/`ci_high` the 95% interval (adjusted Wald, which behaves well in small
samples)."""),
    code("""\
from nps_toolkit.score.estimate import nps

overall = nps(survey["score"], scale=SCALE)
overall"""),
    code("""\
o = overall.iloc[0]
display(Markdown(
    f"The NPS is **{o.nps:+.1f}** (95% interval {o.ci_low:+.1f} to {o.ci_high:+.1f}) from "
    f"{o.n:,.0f} respondents: {o.pct_promoters:.0f}% promoters, {o.pct_passives:.0f}% passives "
    f"and {o.pct_detractors:.0f}% detractors. The margin of error is about "
    f"±{(o.ci_high - o.ci_low) / 2:.1f} points: a change smaller than that is not news."
))"""),
    md("""\
### Comparison with a benchmark

A benchmark (an industry figure, last year's score, a target) is compared with a one-sample
test: is our NPS compatible with it, given the margin of error?"""),
    code("""\
from nps_toolkit.score.significance import nps_test_benchmark

bench = None
if benchmark is None:
    display(Markdown("No benchmark was given (`--benchmark NPS`), so this comparison is skipped."))
else:
    bench = nps_test_benchmark(survey["score"], benchmark, scale=SCALE)
    b = bench.iloc[0]
    display(bench)
    if b.note:
        verdict = f"cannot yet be compared with the benchmark {benchmark:+.0f}: {b.note}"
    else:
        word = "is significantly" if b.significant else "is not significantly"
        verdict = f"{word} different from the benchmark {benchmark:+.0f} (p = {b.p_val:.3g})"
    display(Markdown(
        f"Our NPS {verdict}. Difference {b['diff']:+.1f} points (95% interval {b.ci_low:+.1f} "
        f"to {b.ci_high:+.1f})."
    ))"""),
    md("""\
## 3. Score distribution

Bars are coloured by category (detractor, passive, promoter). NPS hides the shape: two surveys
with the same NPS can have very different distributions (many 0s vs many 6s)."""),
    code("""\
from nps_toolkit.plots.scores import plot_score_distribution

ax = plot_score_distribution(data=survey, score="score", scale=SCALE)
plt.show()"""),
    md("""\
## 4. NPS by segment

For each segment column: the NPS of each group with its 95% interval, and `low_n` = True for
groups with fewer than `min_n` respondents (their interval is wide: do not rank them). Below each
chart, the **pairs of groups whose gap is statistically significant** after the Holm
correction for multiple comparisons (with many groups, some gaps look "significant" by chance
unless p-values are adjusted: `p_adj` is the adjusted p-value)."""),
    code("""\
from nps_toolkit.plots.scores import plot_nps_by
from nps_toolkit.score.estimate import nps_by
from nps_toolkit.score.significance import pairwise_nps

by_segment, gaps = {}, []
if not segments:
    display(Markdown("No segment columns were given (`--segments A,B`): nothing to split by."))
for seg in segments:
    table = nps_by(survey, score="score", by=seg, scale=SCALE, min_n=min_n)
    pairs = pairwise_nps(survey, score="score", by=seg, scale=SCALE)
    sig = pairs[pairs["significant"]]
    by_segment[seg] = table
    gaps += [{"segment": seg, **r} for r in sig.to_dict("records")]
    display(Markdown(f"### {md_escape(seg)}"))
    display(table)
    ax = plot_nps_by(table)
    plt.show()
    if sig.empty:
        display(Markdown(f"No gap between {md_escape(seg)} groups is significant after correction."))
    else:
        display(sig[["a", "b", "nps_a", "nps_b", "diff", "ci_low", "ci_high", "p_adj"]])"""),
    md("""\
## 5. Trend over time

Monthly (or the chosen period) NPS with its 95% band. Periods with fewer than `min_n`
respondents are flagged: their points jump around by chance. Then each quarter is tested
against the previous one (Holm-corrected over all the quarters): only changes marked
`significant` should be reported as real changes."""),
    code("""\
from nps_toolkit.plots.scores import plot_nps_trend
from nps_toolkit.score.estimate import nps_trend
from nps_toolkit.score.significance import nps_changes

trend = changes = None
if not has_date:
    display(Markdown(
        "This survey has no usable response date (`--date COL`), so the trend over time "
        "and the period-to-period changes are skipped."
    ))
else:
    trend = nps_trend(survey, score="score", date="date", freq=freq, scale=SCALE, min_n=min_n)
    ax = plot_nps_trend(trend)
    plt.show()
    display(trend)"""),
    code("""\
if has_date:
    change_freq = "QS" if freq[:1] in {"D", "W", "M", "S"} else freq
    changes = nps_changes(survey, score="score", date="date", freq=change_freq, scale=SCALE)
    display(changes)
    if changes["partial"].any():
        first, last = survey["date"].min(), survey["date"].max()
        display(Markdown(
            f"The data runs from {first:%Y-%m-%d} to {last:%Y-%m-%d}: changes into or out of a "
            "period that these dates cut (`partial`) are shown but not tested, because a "
            "quarter with a few weeks of data is not comparable with a full one."
        ))
    sig = changes[changes["significant"]]
    lines = [
        f"- {r.period:%Y-%m-%d}: {r.nps_previous:+.1f} → {r.nps:+.1f} ({r.diff:+.1f} points, "
        f"adjusted p = {r.p_adj:.3g})"
        for r in sig.itertuples()
    ]
    display(Markdown(
        "Significant changes from one period to the next:\\n\\n" + "\\n".join(lines)
        if lines else "No period-to-period change is significant after correction."
    ))"""),
    md("""\
## Caveats

- The intervals cover sampling error only: they do not fix a biased sample (who chose to answer).
- A significant gap between segments is a description, not a cause: segments differ in many
  ways at once.
- Small groups (`low_n`) are shown for completeness; do not rank them."""),
    code("""\
worst = best = None
if trend is not None:
    ok = trend[~trend["low_n"]]
    if len(ok):
        worst = ok.loc[ok["nps"].idxmin(), ["period", "nps", "ci_low", "ci_high", "n"]]
        best = ok.loc[ok["nps"].idxmax(), ["period", "nps", "ci_low", "ci_high", "n"]]
_ = write_results(out, "01-nps-overview", {
    "title": title,
    "n_read": n_read,
    "n_kept": n_kept,
    "excluded": excluded[["reason", "rows"]],
    "scale": list(SCALE),
    "overall": overall.iloc[0],
    "benchmark": None if bench is None else bench.iloc[0],
    "segments": {seg: t for seg, t in by_segment.items()},
    "significant_gaps": gaps,
    "has_date": bool(has_date),
    "freq": freq,
    "worst_period": worst,
    "best_period": best,
    "significant_changes": None if changes is None else changes[changes["significant"]],
    "partial_changes": 0 if changes is None else int(changes["partial"].sum()),
})"""),
]

# --------------------------------------------------------------------------- 02
NB02 = [
    *head(
        "Why detractors are unhappy: the comments",
        """\
This notebook reads the "why this score" comments: **which languages** they are in, **which
words** set detractors apart from promoters, **which themes** (delivery, price, support...) come
with a lower NPS, how themes move **over time and by segment**, how **sentiment** relates to the
score, a few **example comments**, and the **follow-up list** of detractors to call back.

Comment text is shown only after redaction of emails, phone numbers, card numbers and similar
(unless the report was run with `--no-redact` for internal use), and always as plain text.""",
    ),
    code(
        LOAD
        + """\
from nps_toolkit.comments.privacy import redact_pii
from nps_toolkit.score.scales import classify

survey["nps_category"] = classify(survey["score"], scale=SCALE)
commented = survey[survey["comment"].notna()].copy() if has_comment else survey.iloc[:0]
if redact and len(commented):
    commented["comment"] = redact_pii(commented["comment"])
display(Markdown(
    f"{len(commented):,} of {len(survey):,} respondents wrote a comment"
    + (f" ({len(commented) / len(survey):.0%})." if len(survey) else ".")
    + ("" if has_comment else " No comment column was given (`--comment COL`): the text "
       "sections below are skipped.")
))
pd.crosstab(survey["nps_category"], survey["comment"].notna() if has_comment else False,
            margins=True).rename(columns={True: "with comment", False: "without"})"""
    ),
    md("""\
## 1. Languages

Each comment's language is detected offline; comments too short to tell are `unknown`. Word
lists and the sentiment lexicon are language-specific, so the sections below say which
languages they cover."""),
    code("""\
from nps_toolkit.comments.terms import detect_language

if language is not None:
    commented["language_detected"] = language
elif len(commented):
    commented["language_detected"] = detect_language(commented["comment"])
languages = (
    commented["language_detected"].value_counts().rename_axis("language").reset_index(name="comments")
    if len(commented) else pd.DataFrame(columns=["language", "comments"])
)
languages["pct"] = 100 * languages["comments"] / max(len(commented), 1)
known = languages[~languages["language"].isin(["unknown", "none"])]
main_language = known["language"].iloc[0] if len(known) else None
languages"""),
    md("""\
## 2. Words that set detractors apart

Terms (words and two-word phrases) ranked by the weighted log-odds ratio with an informative
Dirichlet prior (Monroe, Colaresi & Quinn, 2008): `z` above about 2 means the term is clearly
more frequent in detractor comments than in promoter comments (negative: the promoters' side).
Counts are of comments, not of repetitions. One real (redacted) example comment per term."""),
    code("""\
from nps_toolkit.plots.text import plot_distinctive_terms
from nps_toolkit.comments.terms import distinctive_terms

terms = None
if len(commented) and main_language is not None:
    terms = distinctive_terms(
        commented, comment="comment", score="score", scale=SCALE, language=main_language,
        language_column="language_detected", both_sides=True, top=15,
    )
    if redact:
        terms["example"] = redact_pii(terms["example"])
    ax = plot_distinctive_terms(terms, top=15)
    plt.show()
    display(Markdown(f"Comments in {md_escape(main_language)} (the most common language)."))
    display(terms)
else:
    display(Markdown("No comments to analyse."))"""),
    md("""\
## 3. Themes and their impact on NPS

Each comment is tagged with the themes it mentions (a documented dictionary of patterns per
language; a comment can mention several). For each theme: how many comments mention it, the
share among detractor and promoter comments, and the NPS of respondents mentioning it vs not,
with intervals. Themes are sorted by `impact` = the NPS gap × the share of comments mentioning
the theme (a frequent theme with a big gap first; `impact_ci_low`/`impact_ci_high` its interval).
`p_adj` is the p-value of the gap adjusted (Holm) for testing every theme at once, and only themes
marked `significant` should be reported as coming with a different NPS; themes with too few
mentions are not tested (`note`). A theme that comes with a lower NPS is where to look first, but
this is an association: it does not say how much NPS would rise if the theme were fixed."""),
    code("""\
from nps_toolkit.plots.text import plot_theme_impact
from nps_toolkit.comments.themes import tag_themes, theme_impact

impact = None
if len(commented):
    impact = theme_impact(commented, comment="comment", score="score", scale=SCALE)
    display(impact)
    ax = plot_theme_impact(impact)
    plt.show()
    top = impact.iloc[0]
    verdict = ("significant after correcting for the number of themes" if top.significant
               else "not significant after correcting for the number of themes")
    display(Markdown(
        f"The theme with the most negative impact (NPS gap × share of comments) is "
        f"**{md_escape(top.theme)}**: mentioned in {top.n_mentions:,.0f} comments; NPS "
        f"{top.nps_mentioning:+.0f} when mentioned vs {top.nps_not_mentioning:+.0f} when not "
        f"({verdict})."
    ))"""),
    md("""\
### Theme trends and segments

Share of detractor comments mentioning each theme, per quarter and per segment. A theme that
jumps in one period or one segment points to a specific problem (e.g. late deliveries in one
region). Cells computed on few comments are noisy."""),
    code("""\
tags = tag_themes(commented["comment"]) if len(commented) else pd.DataFrame()
det = commented["nps_category"].eq("detractor")
theme_trend = None
if len(commented) and has_date:
    quarter = commented.loc[det, "date"].dt.to_period("Q").astype(str).rename("quarter")
    theme_trend = (100 * tags[det].groupby(quarter).mean()).round(1)
    theme_trend.insert(0, "detractor_comments", tags[det].groupby(quarter).size())
    display(theme_trend)
    ax = theme_trend.drop(columns="detractor_comments").plot(marker="o", figsize=(9, 4))
    ax.set_ylabel("% of detractor comments")
    plt.show()
elif len(commented):
    display(Markdown("No usable date: theme trends over time are skipped."))
theme_by = {}
for seg in segments:
    if len(commented):
        group = commented.loc[det, seg].rename(seg)
        theme_by[seg] = (100 * tags[det].groupby(group).mean()).round(1)
        theme_by[seg].insert(0, "detractor_comments", tags[det].groupby(group).size())
        display(Markdown(f"**% of detractor comments by {md_escape(seg)}**"))
        display(theme_by[seg])"""),
    md("""\
### Topics the dictionary may miss

An unsupervised topic model (NMF on TF-IDF) over detractor comments in the main language,
with its top terms: look for topics that match no theme above."""),
    code("""\
from nps_toolkit.comments.themes import TopicDiscovery

topics = None
det_texts = (
    commented.loc[det & commented["language_detected"].eq(main_language), "comment"]
    if len(commented) else commented.get("comment", pd.Series(dtype="str"))
)
if len(det_texts) >= 50:
    topics = TopicDiscovery(n_topics=6, language=main_language).fit(det_texts)
    display(topics.top_terms_.groupby("topic").head(8).groupby("topic")["term"].agg(", ".join)
            .to_frame("top terms"))
else:
    display(Markdown(f"Only {len(det_texts)} detractor comments in the main language: "
                     "too few for topic discovery (50 needed)."))"""),
    md("""\
## 4. Sentiment vs score

VADER sentiment (English lexicon plus a documented customer-experience supplement) per
comment: `compound` from -1 (very negative) to +1. Comments in other languages are not scored
(`unsupported_language`) rather than wrongly called neutral. The table shows the mean
compound by score; agreement with the score category says how far text sentiment can stand in
for the score. For every language, a score-supervised text model gives each comment a
*detractor-likeness*, with its cross-validated AUC per language (0.5 = no better than chance)."""),
    code("""\
from nps_toolkit.comments.sentiment import detractor_likeness, sentiment

senti = None
if len(commented):
    senti = sentiment(commented["comment"], language=commented["language_detected"])
    commented = commented.join(senti[["compound", "label"]])
    display(commented.groupby("score")["compound"].agg(["count", "mean"]).round(2).T)
    display(pd.crosstab(commented["nps_category"], commented["label"]))
    english = commented[commented["label"].isin(["positive", "neutral", "negative"])]
    polar = english[english["nps_category"].isin(["detractor", "promoter"])]
    if len(polar):
        expected = polar["nps_category"].map({"detractor": "negative", "promoter": "positive"})
        agree = (polar["label"] == expected).mean()
        display(Markdown(
            f"On this survey, {agree:.0%} of the {len(polar):,} scored detractor and promoter "
            "comments get the sentiment their score suggests (negative for detractors, positive "
            "for promoters)."
        ))"""),
    md("""\
**How good is the lexicon?** The kit ships labelled customer sentences (clearly positive,
negative or neutral) and hard cases ("Never again. Worst experience ever!!!", "not bad at all",
"overpriced", emoji). The share labelled correctly is below; misses are listed so you can
judge whether they matter for your comments."""),
    code("""\
from nps_toolkit.comments.sentiment import validation_report

check = validation_report()
display(check.groupby("set")["correct"].agg(n="size", correct="sum", share="mean").round(2))
display(check.loc[~check["correct"], ["text", "expected", "label", "compound"]])"""),
    code("""\
likeness = None
if len(commented):
    try:
        train = commented
        if len(commented) > 50_000:  # bounded memory and time: a seeded random sample
            train = commented.sample(50_000, random_state=0)
            display(Markdown(f"Model fitted and cross-validated on a random sample of "
                             f"{len(train):,} of the {len(commented):,} comments."))
        likeness = detractor_likeness(train, comment="comment", score="score", scale=SCALE)
    except ValueError as err:  # too few detractor/promoter comments to train on
        display(Markdown(f"Detractor-likeness model not fitted: {md_escape(err)}"))
    if likeness is not None:
        display(likeness.auc)"""),
    md("""\
## 5. Example comments (redacted)

The shortest detractor comments for each of the top themes, redacted, shown as plain text."""),
    code("""\
examples = pd.DataFrame()
if impact is not None and len(impact):
    rows = []
    for theme in impact["theme"].head(4):
        pick = commented[det & tags[theme]]
        pick = pick.loc[pick["comment"].str.len().sort_values(kind="stable").index].head(3)
        rows.append(pick.assign(theme=theme)[["theme", "score", "comment"]])
    examples = pd.concat(rows, ignore_index=True)
examples"""),
    md("""\
## 6. Follow-up list

Detractors to call back, most urgent first (lowest score, then most negative comment, then
highest customer value), with their (redacted) comment, themes and last order. It is written to
`follow_up_list.csv` and `follow_up_list.xlsx` next to the reports, with spreadsheet formulas
neutralised (a cell starting with `=`, `+`, `-` or `@` is stored as text).

In this page, identifiers that are contact details show as [EMAIL]/[PHONE]; the CSV/XLSX files
keep them for calling back (see the "About" sheet of the Excel file): keep those files internal."""),
    code("""\
from nps_toolkit.comments.followup import export_follow_up, follow_up_display, follow_up_list
from nps_toolkit import read_orders

orders = None
if orders_path:
    orders = read_orders(orders_path, customer=customer, order_date=order_date, amount=amount)
follow = follow_up_list(
    survey, score="score", comment="comment" if has_comment else None,
    respondent="respondent_id" if "respondent_id" in survey else "score",
    orders=orders, customer=customer if orders is not None else None,
    order_date=order_date if orders is not None else None,
    amount=amount if orders is not None else None, scale=SCALE, redact=redact,
)
out.mkdir(parents=True, exist_ok=True)
saved = export_follow_up(follow, out)
csv_path, xlsx_path = saved.csv, saved.xlsx
display(Markdown(f"{len(follow):,} detractors in the follow-up list; the first 15:"))
follow_up_display(follow, rows=15)"""),
    code("""\
_ = write_results(out, "02-detractor-comments", {
    "n_respondents": len(survey),
    "n_comments": len(commented),
    "languages": languages,
    "main_language": main_language,
    "top_terms": None if terms is None else terms[terms["z"].gt(0)].head(10)[["term", "z"]],
    "themes": None if impact is None else impact.drop(columns=[], errors="ignore"),
    "follow_up_rows": len(follow),
    "follow_up_csv": csv_path.name,
    "follow_up_xlsx": xlsx_path.name,
    "redacted": bool(redact),
})"""),
]

# --------------------------------------------------------------------------- 03
NB03 = [
    *head(
        "Does NPS predict repeat purchase?",
        """\
This notebook links what customers said to what they did next. It defines the **outcome**
(did the respondent order again within the window after answering?), shows the **repeat rate
by category and by score**, fits a **logistic model** (odds ratios with intervals), compares
**ways of coding the score** as a predictor, checks **calibration**, ranks **key drivers**
when attribute ratings exist, and estimates a **what-if**: how many more returning customers
would be associated with some detractors behaving like passives.

Everything here is association, not causation: customers who give high scores may come back
for reasons that also made them give a high score.""",
    ),
    code(
        LOAD
        + """\
from nps_toolkit.score.scales import classify

has_orders = orders_path is not None and has_date
mode = "orders" if has_orders else ("count" if outcome is not None else None)
if mode == "orders":
    said = (f"Outcome: **repeat purchase** = at least one order strictly after the response "
            f"date and within {md_escape(window)}, from {md_escape(Path(orders_path).name)}.")
elif mode == "count":
    said = (f"Outcome: the survey's own column {md_escape(outcome)} (a count), modelled with a "
            "count model (rate ratios) since there is no orders file with dates.")
else:
    said = ("There is no orders file with response dates and no outcome column (`--orders FILE` "
            "or `--outcome COL`): the repeat-purchase sections are skipped.")
display(Markdown(said))"""
    ),
    md("""\
## 1. Outcome and censoring

A respondent whose window runs past the end of the order data is **censored**: we cannot yet
know whether they will come back, so they are left out of rates and models (and counted here),
rather than counted as non-buyers."""),
    code("""\
from nps_toolkit.repeat.outcomes import repeat_purchase, repeat_rate_by

data = survey
OUTCOME = None
n_censored = 0
if mode == "orders":
    from nps_toolkit import read_orders

    orders = read_orders(orders_path, customer=customer, order_date=order_date, amount=amount)
    display(quality_report(orders))
    data = repeat_purchase(survey, orders, customer=customer, date="date",
                           order_date=order_date, window=window, amount=amount)
    OUTCOME = "repeat_purchase"
    n_censored = int(data["censored"].sum())
    display(Markdown(
        f"{len(orders):,} orders read. {len(data):,} respondents; {n_censored:,} are censored "
        f"(surveyed less than {md_escape(window)} before the last order date) and excluded "
        f"below; {len(data) - n_censored:,} remain."
    ))
elif mode == "count":
    OUTCOME = outcome
    display(data[outcome].describe().to_frame().T)
data["nps_category"] = classify(data["score"], scale=SCALE)"""),
    md("""\
## 2. Repeat rate by category and by score

Share of respondents who came back, with 95% Wilson intervals. For categories, the relative
risk compares each category with detractors (1 = same rate)."""),
    code("""\
from nps_toolkit.plots.models import plot_repeat_rate

rate_cat = rate_score = count_by = None
if mode == "orders":
    rate_cat = repeat_rate_by(data, outcome=OUTCOME, by="nps_category")
    rate_score = repeat_rate_by(data, outcome=OUTCOME, by="score", scale=SCALE)
    display(rate_cat)
    fig, axes = plt.subplots(1, 2, figsize=(11, 4))
    plot_repeat_rate(rate_cat, x="nps_category", ax=axes[0])
    plot_repeat_rate(rate_score, x="score", ax=axes[1])
    plt.show()
elif mode == "count":
    count_by = data.groupby("nps_category", observed=True)[OUTCOME].agg(["count", "mean", "median"])
    display(count_by)"""),
    md("""\
## 3. The model

Logistic regression of repeat purchase on the NPS category (detractors are the reference),
adjusted for the segment columns (each against its most frequent level). An odds ratio of 2
for promoters means their odds of coming back are twice the detractors', other things in the
model equal. `cv_auc` is the cross-validated discrimination (0.5 = chance, 1 = perfect); rows
dropped (censored, missing values) are counted. For a count outcome, a Poisson or negative
binomial model gives rate ratios (1.2 = 20% more visits than detractors)."""),
    code("""\
from nps_toolkit.repeat.models import fit_count_model, fit_repeat_model

model = count_model = None
if mode == "orders":
    model = fit_repeat_model(data, outcome=OUTCOME, score="score", controls=segments or None,
                             scale=SCALE)
    display(model.odds_ratios)
    display(model.cv_auc)
    display(model.n_excluded_)
elif mode == "count":
    count_model = fit_count_model(data, outcome=OUTCOME, score="score", scale=SCALE,
                                  controls=segments or None)
    display(Markdown(f"Family: **{count_model.family_}** (Pearson dispersion "
                     f"{count_model.dispersion_:.2f})."))
    display(count_model.rate_ratios)
    display(count_model.n_excluded_)"""),
    md("""\
## 4. Which coding of the score predicts best?

The same cross-validation folds for each coding: the raw score (linear), the three NPS
categories, and top-2-box (promoter or not). `auc` is the mean of the AUCs of the five folds
(each fold's predictions are ranked on their own, so a coarse coding keeps its ties), with its
interval; `p_val_vs_best` tests the difference with the highest AUC (paired bootstrap within the
folds; DeLong's method above 50,000 rows). Following de Haan, Verhoef & Wiesel (2015), the
question is whether the NPS categories lose information compared with the raw score."""),
    code("""\
from nps_toolkit.repeat.evaluation import compare_predictors

compare = None
if mode == "orders":
    # DeLong's analytic interval on large data (the bootstrap is slow there and not needed)
    compare = compare_predictors(data, outcome=OUTCOME, score="score", scale=SCALE,
                                 interval="delong" if len(data) > 50_000 else "bootstrap")
    display(compare)
    best = compare.loc[compare["best"]].iloc[0]
    close = compare[~compare["best"] & compare["p_val_vs_best"].ge(0.05)]
    others = compare[~compare["best"]]
    if len(close) == len(others):
        verdict = (f"These codings predict equally well: the highest AUC "
                   f"({md_escape(best.predictors)}, {best.auc:.3f}) is not significantly above "
                   "the others.")
    elif len(close):
        verdict = (f"Highest AUC: **{md_escape(best.predictors)}** ({best.auc:.3f}); its advantage "
                   "over " + ", ".join(md_escape(p) for p in close["predictors"])
                   + " is not significant.")
    else:
        verdict = (f"Highest AUC: **{md_escape(best.predictors)}** ({best.auc:.3f}), significantly "
                   "above the others.")
    display(Markdown(verdict))
elif mode == "count":
    display(Markdown("The AUC comparison needs a yes/no outcome; skipped for a count outcome."))"""),
    md("""\
## 5. Calibration

Out-of-fold predicted probability vs observed repeat rate in bins: points on the diagonal
mean the model's probabilities can be taken at face value. The Brier score is the mean squared
error of those probabilities (lower is better)."""),
    code("""\
from nps_toolkit.plots.models import plot_calibration

if model is not None:
    ax = plot_calibration(model)
    plt.show()
    display(Markdown(f"Brier score: {model.brier:.3f}."))
else:
    display(Markdown("No binary model was fitted: calibration is skipped."))"""),
    md("""\
## 6. Key drivers

When the survey also rates attributes (delivery, price, support...), which ratings go with the
recommendation score? Correlation, and each rating's share of the explained variance (Shapley
decomposition of R² and Johnson's relative weights), with bootstrap intervals. Drivers are
correlated with each other, so shares are a fair split of what they explain together, not
effects of changing one rating.

A share is never below 0, even for a rating that has nothing to do with the score, so it
cannot tell a driver from noise: `significant` does (the rating's standardised coefficient given
the other ratings, `beta` with its interval, Holm-adjusted over the ratings). A rating that is
not significant may owe its share to the ratings it is correlated with. The priority chart puts
each rating's importance against its mean rating (performance): high importance and low
performance is where to act first."""),
    code("""\
from nps_toolkit.score.drivers import driver_priority, key_drivers
from nps_toolkit.plots.drivers import plot_driver_priority

drivers_table = None
if drivers:
    drivers_table = key_drivers(survey, score="score", drivers=drivers, n_boot=200)
    display(drivers_table)
    display(Markdown(f"R² of the ratings together: {drivers_table.attrs['r2']:.2f}."))
    display(driver_priority(drivers_table))
    ax = plot_driver_priority(drivers_table)
    plt.show()
else:
    display(Markdown("No attribute ratings were given (`--drivers A,B`): skipped."))"""),
    md("""\
## 7. If a quarter of detractors behaved like passives, what would that be associated with?

The model's coefficients are simulated (2,000 draws) to carry their uncertainty into the
number of extra repeat purchasers (and revenue when order values are known). The NPS that would
result is shown too. This is a projection from an association, not a promise."""),
    code("""\
from nps_toolkit.repeat.whatif import what_if

scenario = None
if model is not None:
    scenario = what_if(model, data, shift={"detractor": ("passive", 0.25)},
                       amount="revenue_in_window" if amount else None)
    display(scenario)
    s = scenario.iloc[0]
    display(Markdown(
        f"Moving {s.moved:,.0f} detractors to passive behaviour would be associated with "
        f"**{s.extra_repeaters:,.0f}** extra repeat purchasers (95% interval "
        f"{s.ci_low:,.0f} to {s.ci_high:,.0f}) and move NPS from {s.nps_before:+.1f} to "
        f"{s.nps_after:+.1f}."
    ))
else:
    display(Markdown("The what-if needs the binary repeat model: skipped."))"""),
    code("""\
_ = write_results(out, "03-nps-and-repeat-purchase", {
    "mode": mode,
    "window": window,
    "n": len(data),
    "n_censored": n_censored,
    "rate_by_category": rate_cat,
    "count_by_category": None if count_by is None else count_by.reset_index(),
    "odds_ratios": None if model is None else model.odds_ratios,
    "cv_auc": None if model is None else model.cv_auc.iloc[0],
    "rate_ratios": None if count_model is None else count_model.rate_ratios,
    "count_family": None if count_model is None else count_model.family_,
    "compare": compare,
    "drivers": drivers_table,
    "what_if": None if scenario is None else scenario.iloc[0],
})"""),
]

# --------------------------------------------------------------------------- 04
NB04 = [
    md("""\
# Executive summary

What the survey says, in plain words. Every number below is computed from the analyses in the
other reports (overview, comments, repeat purchase); none is written by hand. Intervals are
95%: the range of values compatible with the answers received."""),
    code(PARAMETERS, tags=["parameters"]),
    code("""\
from pathlib import Path

import pandas as pd
from IPython.display import Markdown, display

from nps_toolkit.report.run import md_escape, read_results, write_results

out = Path(out_dir)
results = read_results(out)
r1 = results.get("01-nps-overview")
r2 = results.get("02-detractor-comments")
r3 = results.get("03-nps-and-repeat-purchase")
said = []  # the sentences, kept for the record


def say(text):
    said.append(text)
    display(Markdown(text))


def pts(x):
    # a signed whole number of NPS points, without a "-0"
    v = round(x)
    return f"{v:+d}" if v else "0"
"""),
    md("## The score"),
    code("""\
if r1 is None:
    say("The overview (01) has not been run, so there is no score to summarise.")
else:
    o = r1["overall"]
    say(
        f"**NPS {pts(o['nps'])}** (95% interval {pts(o['ci_low'])} to {pts(o['ci_high'])}), "
        f"from {int(o['n']):,} respondents: {o['pct_promoters']:.0f}% promoters, "
        f"{o['pct_detractors']:.0f}% detractors."
    )
    excluded = sum(e["rows"] for e in r1["excluded"])
    if excluded:
        why = "; ".join(f"{md_escape(e['reason'])}: {e['rows']:,}" for e in r1["excluded"])
        say(f"{excluded:,} of the {r1['n_read']:,} rows in the file were left out ({why}); "
            "the overview gives the row numbers.")
    if r1["benchmark"]:
        b = r1["benchmark"]
        word = "above" if b["diff"] > 0 else "below"
        if b["p_val"] is None:
            sure = f"too few respondents to test the difference: {b['note']}"
        elif b["significant"]:
            sure = f"significantly different given the margin of error, p = {b['p_val']:.2g}"
        else:
            sure = f"not significantly different given the margin of error, p = {b['p_val']:.2g}"
        say(f"That is {abs(b['diff']):.0f} points {word} the benchmark of {pts(b['benchmark'])} "
            f"({sure}; 95% interval of the difference {pts(b['ci_low'])} to {pts(b['ci_high'])}).")"""),
    md("## Where it differs and when it changed"),
    code("""\
if r1 is not None:
    gaps = sorted(r1["significant_gaps"], key=lambda g: -abs(g["diff"]))
    if gaps:
        g = gaps[0]
        hi, lo = (g["a"], g["b"]) if g["diff"] > 0 else (g["b"], g["a"])
        say(f"The largest real gap between groups is in **{md_escape(g['segment'])}**: "
            f"{md_escape(hi)} is {abs(g['diff']):.0f} points above {md_escape(lo)} "
            f"(interval {min(abs(g['ci_low']), abs(g['ci_high'])):.0f} to "
            f"{max(abs(g['ci_low']), abs(g['ci_high'])):.0f} points). "
            f"{len(gaps)} gap(s) in all survive the correction for multiple comparisons.")
    elif r1["segments"]:
        say("No gap between segment groups is large enough to be sure of, after correcting "
            "for the number of comparisons.")
    if not r1["has_date"]:
        say("The survey has no response dates, so changes over time cannot be assessed.")
    elif r1["significant_changes"]:
        for c in r1["significant_changes"]:
            word = "rose" if c["diff"] > 0 else "fell"
            say(f"NPS {word} by {abs(c['diff']):.0f} points in the period starting "
                f"{c['period'][:10]} ({pts(c['nps_previous'])} → {pts(c['nps'])}), a change "
                "larger than chance.")
    else:
        say("No change from one period to the next is larger than chance.")
    if r1["has_date"] and r1.get("partial_changes"):
        say(f"{r1['partial_changes']} change(s) into or out of a period that the first or last "
            "response date cuts were not tested: a part-period is not comparable with a full one.")"""),
    md("## Why detractors are unhappy"),
    code("""\
if r2 is None:
    say("The comments report (02) has not been run.")
elif not r2["n_comments"]:
    say("There are no comments to analyse.")
else:
    langs = ", ".join(
        f"{md_escape(row['language'])} {row['pct']:.0f}%" for row in r2["languages"]
        if row["pct"] >= 1 and row["language"] not in ("unknown", "none")
    ) or "too short to tell"
    say(f"{r2['n_comments']:,} respondents wrote a comment (languages: {langs}).")
    themes = [t for t in (r2["themes"] or [])
              if t.get("significant") and t["diff"] is not None and t["diff"] < 0]
    if themes:
        parts = [f"**{md_escape(t['theme'])}** (NPS {pts(t['nps_mentioning'])} when mentioned, "
                 f"{pts(t['nps_not_mentioning'])} otherwise)" for t in themes[:3]]
        say("Themes that come with a significantly lower NPS, most negative impact (gap × share "
            "of comments) first: " + "; ".join(parts) + ".")
    elif r2["themes"]:
        say("No theme comes with a significantly lower NPS once the number of themes tested is "
            "taken into account.")
    say(f"{r2['follow_up_rows']:,} detractors are on the follow-up list "
        f"({md_escape(r2['follow_up_xlsx'])}, comments "
        + ("redacted" if r2["redacted"] else "NOT redacted: internal use only") + ").")"""),
    md("## Does NPS predict coming back?"),
    code("""\
if r3 is None:
    say("The repeat-purchase report (03) has not been run.")
elif r3["mode"] == "orders":
    rates = {r["nps_category"]: r for r in r3["rate_by_category"]}
    pro, det = rates.get("promoter"), rates.get("detractor")
    if pro and det:
        say(f"Within {md_escape(r3['window'])} of answering, **{100 * pro['rate']:.0f}% of "
            f"promoters** ordered again vs **{100 * det['rate']:.0f}% of detractors** "
            f"({r3['n_censored']:,} recent respondents excluded because their window is not over).")
    ors = {o["term"]: o for o in r3["odds_ratios"]}
    key = next((k for k in ors if "promoter" in k), None)
    if key:
        o = ors[key]
        say(f"Other things in the model equal, promoters' odds of coming back are "
            f"{o['odds_ratio']:.1f} times detractors' (interval {o['ci_low']:.1f} to "
            f"{o['ci_high']:.1f}). The model's cross-validated AUC is {r3['cv_auc']['auc']:.2f} "
            "(0.5 = chance): the score matters, but it is far from the whole story.")
    if r3["what_if"]:
        w = r3["what_if"]
        say(f"A quarter of detractors behaving like passives would be associated with about "
            f"{w['extra_repeaters']:,.0f} more repeat customers (interval {w['ci_low']:,.0f} to "
            f"{w['ci_high']:,.0f}; an association, not a promise), "
            f"and NPS {pts(w['nps_before'])} → {pts(w['nps_after'])}.")
elif r3["mode"] == "count":
    rr = [r for r in r3["rate_ratios"] if "promoter" in r["term"]]
    if rr:
        r = rr[0]
        say(f"Promoters make {r['rate_ratio']:.2f} times as many visits as detractors "
            f"(interval {r['ci_low']:.2f} to {r['ci_high']:.2f}; {md_escape(r3['count_family'])} "
            "model).")
else:
    say("No purchase data was given, so the link to repeat purchase is not assessed.")
if r3 is not None and r3["drivers"]:
    d = r3["drivers"][0]
    share = d.get("shapley_pct", d.get("rw_pct"))
    noise = [md_escape(x["driver"]) for x in r3["drivers"] if not x.get("significant", True)]
    say(f"Among the rated attributes, **{md_escape(d['driver'])}** has the largest share of "
        f"what the ratings explain of the recommendation score ({share:.0f}% of R²; "
        f"correlation {d['correlation']:.2f})."
        + (f" Not distinguishable from noise once the others are known: {', '.join(noise)}."
           if noise else ""))"""),
    md("""\
## How to read this

- A difference is called real only when it is larger than the margin of error (and, for many
  comparisons at once, after correcting for their number).
- Links between scores, themes and purchases are associations: they point where to look,
  not what will happen if something is changed.
- Small groups are shown in the detailed reports with a flag; they are not ranked here."""),
    code("""\
_ = write_results(out, "04-report", {
    "sentences": said,
    "nps": None if r1 is None else r1["overall"]["nps"],
    "n": None if r1 is None else r1["overall"]["n"],
})"""),
]

TEMPLATE = [
    md("""\
# New analysis (template)

Copy this notebook, set the parameters, and build your analysis from the kit's helpers: each
returns a tidy DataFrame you can display, and the plot functions return a matplotlib Axes.
Keep code cells short; if you write the same code twice, it belongs in the package."""),
    code(PARAMETERS, tags=["parameters"]),
    code(SETUP),
    code(LOAD + "quality_report(survey)"),
    code("""\
from nps_toolkit.score.estimate import nps, nps_by, nps_trend
from nps_toolkit.score.significance import nps_changes, nps_test, pairwise_nps

nps(survey["score"], scale=SCALE)"""),
    code("""\
# NPS by one segment, with intervals and small-sample flags
nps_by(survey, score="score", by=segments[0], scale=SCALE, min_n=min_n) if segments else None"""),
    md("""\
Other helpers: `nps_toolkit.comments.terms` (languages, `distinctive_terms`), `nps_toolkit.comments.themes`
(`tag_themes`, `theme_impact`), `nps_toolkit.comments.sentiment`, `nps_toolkit.comments.privacy.redact_pii`
(always redact comment text you show), `nps_toolkit.comments.followup.follow_up_list`,
`nps_toolkit.repeat.outcomes`, `nps_toolkit.repeat.models`, `nps_toolkit.repeat.evaluation` and `nps_toolkit.repeat.whatif`
(repeat purchase), `nps_toolkit.score.drivers`, `nps_toolkit.plots`. Show comment text only as a
DataFrame (escaped), never through `Markdown`/`HTML`."""),
]

NOTEBOOKS = {
    "00-template": TEMPLATE,
    "01-nps-overview": NB01,
    "02-detractor-comments": NB02,
    "03-nps-and-repeat-purchase": NB03,
    "04-report": NB04,
}


def build(folder: Path = ROOT / "notebooks") -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, cells in NOTEBOOKS.items():
        nb = new_notebook(cells=cells)
        nb.metadata["kernelspec"] = {
            "name": "python3",
            "display_name": "Python 3 (nps-toolkit)",
            "language": "python",
        }
        nb.metadata["language_info"] = {"name": "python"}
        for i, cell in enumerate(nb.cells):
            cell["id"] = f"{name[:2]}-{i:02d}"
        nbformat.validate(nb)
        path = folder / f"{name}.ipynb"
        nbformat.write(nb, path)
        paths.append(path)
    return paths


if __name__ == "__main__":
    for p in build():
        print(p.relative_to(ROOT))
