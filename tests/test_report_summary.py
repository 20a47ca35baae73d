"""The executive summary's sentences (nps_toolkit.report.summary), on hand-made results.

Every expected number below is written by hand from the inputs, not taken from the code.
"""

from __future__ import annotations

import copy

import pytest

from nps_toolkit.report.summary import (
    Skipped,
    change_sentences,
    comment_sentences,
    driver_sentences,
    executive_summary,
    gap_sentences,
    repeat_sentences,
    score_sentences,
)
from nps_toolkit.report.wording import difference, points, signed


def _gap(segment, a, b, diff, lo, hi, p_adj, significant, n_a=200, n_b=200):
    return {
        "segment": segment,
        "a": a,
        "b": b,
        "n_a": n_a,
        "n_b": n_b,
        "nps_a": 0.0,
        "nps_b": -diff,
        "diff": diff,
        "ci_low": lo,
        "ci_high": hi,
        "p_adj": p_adj,
        "significant": significant,
    }


R1 = {
    "title": "Shop",
    "n_read": 1000,
    "n_kept": 990,
    "excluded": [{"reason": "no score", "rows": 10}],
    "scale": [0, 10],
    "min_n": 30,
    "overall": {
        "nps": 12.4,
        "ci_low": 8.6,
        "ci_high": 16.2,
        "n": 990,
        "pct_promoters": 40.2,
        "pct_detractors": 27.8,
    },
    "benchmark": None,
    "segments": {"channel": [], "region": []},
    "gaps": [
        _gap("channel", "app", "web", 6.0, -2.0, 14.0, 0.30, False),
        _gap("region", "North", "South", -15.0, -22.0, -8.0, 0.0004, True),
        _gap("region", "North", "East", 25.0, 11.0, 39.0, 0.001, True, n_b=12),  # small group
        _gap("channel", "app", "phone", 9.0, 2.0, 16.0, 0.02, True),
    ],
    "significant_gaps": [],
    "has_date": True,
    "freq": "MS",
    "worst_period": None,
    "best_period": None,
    "significant_changes": [],
    "partial_changes": 0,
}

THEMES = [  # as theme_impact sorts them: impact (gap x share), most negative first
    {
        "theme": "delivery",
        "n_mentions": 120,
        "pct_of_comments": 24.0,
        "nps_mentioning": -20.0,
        "nps_not_mentioning": 10.0,
        "diff": -30.0,
        "diff_ci_low": -40.0,
        "diff_ci_high": -20.0,
        "significant": True,
        "impact": -7.2,
    },
    {  # largest gap but mentioned by 5: not headlined
        "theme": "refunds",
        "n_mentions": 5,
        "pct_of_comments": 1.0,
        "nps_mentioning": -80.0,
        "nps_not_mentioning": 5.0,
        "diff": -85.0,
        "diff_ci_low": -120.0,
        "diff_ci_high": -50.0,
        "significant": True,
        "impact": -0.85,
    },
    {
        "theme": "price",
        "n_mentions": 60,
        "pct_of_comments": 12.0,
        "nps_mentioning": 2.0,
        "nps_not_mentioning": 8.0,
        "diff": -6.0,
        "diff_ci_low": -15.0,
        "diff_ci_high": 3.0,
        "significant": False,
        "impact": -0.72,
    },
    {  # a positive theme: never in the "lower NPS" sentence
        "theme": "quality",
        "n_mentions": 200,
        "pct_of_comments": 40.0,
        "nps_mentioning": 42.0,
        "nps_not_mentioning": 0.0,
        "diff": 42.0,
        "diff_ci_low": 30.0,
        "diff_ci_high": 54.0,
        "significant": True,
        "impact": 16.8,
    },
]

R2 = {
    "n_respondents": 990,
    "n_comments": 500,
    "languages": [
        {"language": "en", "comments": 450, "pct": 90.0},
        {"language": "unknown", "comments": 45, "pct": 9.0},
        {"language": "de", "comments": 5, "pct": 1.0},
    ],
    "main_language": "en",
    "top_terms": None,
    "themes": THEMES,
    "follow_up_rows": 275,
    "follow_up_csv": "follow_up_list.csv",
    "follow_up_xlsx": "follow_up_list.xlsx",
    "redacted": True,
}

R3 = {
    "mode": "orders",
    "window": "180D",
    "n": 900,
    "n_censored": 90,
    "rate_by_category": [
        {"nps_category": "detractor", "rate": 0.25},
        {"nps_category": "promoter", "rate": 0.412},
    ],
    "count_by_category": None,
    "odds_ratios": [{"term": "promoter", "odds_ratio": 2.1, "ci_low": 1.5, "ci_high": 2.9}],
    "cv_auc": {"auc": 0.61},
    "rate_ratios": None,
    "count_family": None,
    "compare": None,
    "drivers": [  # sorted by Shapley share, as key_drivers does
        {"driver": "delivery", "shapley_pct": 52.0, "correlation": 0.69, "significant": True},
        {"driver": "price", "shapley_pct": 30.0, "correlation": 0.71, "significant": True},
        {"driver": "web", "shapley_pct": 18.0, "correlation": 0.2, "significant": False},
    ],
    "what_if": {
        "extra_repeaters": 14.2,
        "ci_low": 6.0,
        "ci_high": 22.9,
        "nps_before": 12.4,
        "nps_after": 19.3,
    },
}


def r1_with(**changes):
    r1 = copy.deepcopy(R1)
    r1.update(changes)
    return r1


# ------------------------------------------------------------------ wording
def test_difference_wording_significant_and_not():
    assert difference(3.44, -8.5, 15.3, False) == (
        "no evidence of a difference (+3.4 points, 95% interval -8.5 to +15.3)"
    )
    assert difference(12, 5.06, 18.94, True) == (
        "a difference of +12.0 points (95% interval +5.1 to +18.9)"
    )


def test_signed_numbers_never_show_minus_zero():
    assert points(-0.4) == "0"
    assert points(12.5) == "+12"  # round half to even, as Python's format
    assert signed(-0.04) == "0.0"
    assert signed(-2.25, 1) == "-2.2"


# ------------------------------------------------------------------ the score
def test_score_sentence_states_nps_interval_and_mix():
    said = score_sentences(R1)
    assert said[0] == (
        "**NPS +12** (95% interval +9 to +16), from 990 respondents: 40% promoters, 28% detractors."
    )
    assert said[1].startswith("10 of the 1,000 rows in the file were left out (no score: 10)")


def test_benchmark_not_significant_is_no_evidence():
    bench = {
        "benchmark": 15.0,
        "diff": -2.6,
        "ci_low": -6.4,
        "ci_high": 1.2,
        "p_val": 0.18,
        "significant": False,
        "note": "",
    }
    said = score_sentences(r1_with(benchmark=bench, excluded=[]))
    assert said[-1] == (
        "Compared with the benchmark of +15: no evidence of a difference (-2.6 points, "
        "95% interval -6.4 to +1.2); p = 0.18."
    )


def test_benchmark_significant_is_a_difference():
    bench = {
        "benchmark": 30.0,
        "diff": -17.6,
        "ci_low": -21.4,
        "ci_high": -13.8,
        "p_val": 0.00001,
        "significant": True,
        "note": "",
    }
    said = score_sentences(r1_with(benchmark=bench, excluded=[]))
    assert said[-1] == (
        "Compared with the benchmark of +30: a difference of -17.6 points "
        "(95% interval -21.4 to -13.8); p < 0.001."
    )


# ------------------------------------------------------------------ gaps between groups
def test_largest_significant_gap_is_headlined_small_groups_are_not():
    (said,) = gap_sentences(R1)
    # ranked by |gap|: North-East (25) involves a group of 12 < 30: not ranked;
    # then North-South (15, significant) before app-phone (9) and app-web (6)
    assert "**region**, South vs North" in said
    assert "by size in NPS points" in said
    assert "a difference of +15.0 points (95% interval +8.0 to +22.0)" in said
    assert "Holm-adjusted p < 0.001" in said
    assert "2 of the 3 gaps compared are significant" in said
    assert "fewer than 30 respondents are not ranked" in said
    assert "East" not in said


def test_no_significant_gap_gives_the_largest_with_no_evidence():
    gaps = [
        _gap("arm", "control", "pilot", -2.4, -14.3, 9.5, 0.69, False),
        _gap("arm", "control", "legacy", 1.0, -9.0, 11.0, 0.9, False),
    ]
    (said,) = gap_sentences(r1_with(gaps=gaps))
    assert said.startswith("No gap between groups is significant")
    assert (
        "**arm**, pilot vs control, shows no evidence of a difference "
        "(+2.4 points, 95% interval -9.5 to +14.3)" in said
    )
    assert "not ranked" not in said


def test_gap_section_skipped_without_segments():
    with pytest.raises(Skipped, match="no segment columns"):
        gap_sentences(r1_with(segments={}, gaps=[]))


def test_group_names_are_markdown_escaped():
    gaps = [_gap("<b>seg</b>", "[x](javascript:1)", "*b*", 20, 10, 30, 0.001, True)]
    (said,) = gap_sentences(r1_with(gaps=gaps))
    assert "<b>" not in said and "](" not in said
    assert "\\*b\\*" in said


# ------------------------------------------------------------------ changes over time
def test_changes_in_date_order_and_partial_ones():
    changes = [
        {
            "period": "2024-04-01 00:00:00",
            "nps_previous": 10.0,
            "nps": 18.2,
            "diff": 8.2,
            "ci_low": 2.0,
            "ci_high": 14.4,
        }
    ]
    said = change_sentences(r1_with(significant_changes=changes, partial_changes=2))
    assert said[0] == (
        "NPS rose from +10 to +18 in the period starting 2024-04-01: a difference of +8.2 "
        "points (95% interval +2.0 to +14.4), larger than chance."
    )
    assert said[1] == (
        "2 changes into or out of a period that the first or last response date cuts were not "
        "tested: a part-period is not comparable with a full one."
    )
    one = change_sentences(r1_with(significant_changes=changes, partial_changes=1))[1]
    assert one.startswith("1 change into or out of a period that the first or last response date "
                          "cuts was not tested")  # fmt: skip


def test_score_sentence_says_the_categories_of_a_short_scale():
    (first,) = score_sentences(r1_with(scale=[1, 5], excluded=[], benchmark=None))
    assert first.endswith("detractors. The scale is 1-5: detractors 1-3, passives 4, promoters 5.")
    assert "The scale is" not in score_sentences(r1_with(excluded=[], benchmark=None))[0]


def test_no_change_and_no_dates():
    assert change_sentences(R1)[0].startswith("No change from one period to the next")
    with pytest.raises(Skipped, match="no response dates"):
        change_sentences(r1_with(has_date=False))


# ------------------------------------------------------------------ comments and themes
def test_themes_ranked_by_impact_significant_negative_and_not_small():
    said = comment_sentences(R2, min_n=30)
    assert said[0] == "500 respondents wrote a comment (languages: en 90%, de 1%)."
    themes = said[1]
    assert "ranked by impact (NPS gap × share of comments" in themes
    assert "**delivery** (NPS -20 when mentioned vs +10 otherwise; 24% of comments)" in themes
    assert "refunds" not in themes  # 5 mentions < 30
    assert "price" not in themes  # not significant
    assert "quality" not in themes  # higher NPS
    assert "fewer than 30 comments are not ranked" in themes
    assert said[2] == (
        "275 detractors are on the follow-up list (follow\\_up\\_list.xlsx, comments redacted)."
    )


def test_no_significant_theme_names_the_most_negative_with_no_evidence():
    themes = [t for t in THEMES if t["theme"] in ("price", "quality")]
    said = comment_sentences({**R2, "themes": themes}, min_n=30)
    assert said[1] == (
        "No theme comes with a significantly lower NPS once the number of themes tested is "
        "taken into account; the one with the most negative impact (NPS gap × share of "
        "comments), **price**, shows no evidence of a difference (-6.0 points, 95% interval "
        "-15.0 to +3.0)."
    )


def test_no_theme_with_a_lower_nps_is_not_named_as_the_most_negative():
    quality = next(t for t in THEMES if t["theme"] == "quality")
    assert quality["diff"] > 0 and quality["n_mentions"] >= 30  # the fixture's premise
    said = comment_sentences({**R2, "themes": [quality]}, min_n=30)
    assert said[1] == "No theme mentioned in at least 30 comments comes with a lower NPS."


def test_comment_section_skipped_without_comments_or_report():
    with pytest.raises(Skipped, match="no comments"):
        comment_sentences({**R2, "n_comments": 0})
    with pytest.raises(Skipped, match=r"\(02\) was not run"):
        comment_sentences(None)


def test_unredacted_follow_up_list_is_flagged():
    said = comment_sentences({**R2, "redacted": False, "themes": None})
    assert said[-1].endswith("comments NOT redacted: internal use only).")


# ------------------------------------------------------------------ repeat purchase, drivers
def test_repeat_rates_odds_ratio_and_what_if():
    said = repeat_sentences(R3)
    assert said[0] == (
        "Within 180 days of answering, **41% of promoters** ordered again vs **25% of detractors** "
        "(90 recent respondents excluded because their window is not over)."
    )
    assert said[1] == (
        "Other things in the model equal, promoters' odds of ordering again are 2.10 times "
        "detractors' (95% interval 1.50 to 2.90). The model's cross-validated AUC is 0.61 "
        "(0.5 = chance)."
    )
    assert "about 14 more repeat customers (95% interval 6 to 23" in said[2]
    assert said[2].endswith("and NPS +12 → +19.")


def test_odds_ratio_interval_across_one_is_no_evidence():
    r3 = {
        **R3,
        "odds_ratios": [{"term": "promoter", "odds_ratio": 1.1, "ci_low": 0.8, "ci_high": 1.5}],
    }
    said = repeat_sentences(r3)
    assert "there is no evidence that promoters' odds of ordering again differ" in said[1]
    assert "(odds ratio 1.10, 95% interval 0.80 to 1.50)" in said[1]


def test_count_mode_rate_ratio():
    r3 = {
        **R3,
        "mode": "count",
        "rate_ratios": [{"term": "promoter", "rate_ratio": 1.35, "ci_low": 1.1, "ci_high": 1.6}],
        "count_family": "negative_binomial",  # as the count model names it
    }
    assert repeat_sentences(r3) == [
        "Promoters make 1.35 times as many visits as detractors (95% interval 1.10 to 1.60); "
        "negative binomial count model."
    ]


def test_repeat_section_skipped_without_purchase_data():
    with pytest.raises(Skipped, match="no purchase data"):
        repeat_sentences({**R3, "mode": None})


def test_driver_sentence_names_the_measure_it_ranks_by():
    (said,) = driver_sentences(R3)
    # price has the higher correlation (0.71) but delivery the larger Shapley share:
    # the sentence ranks by the share and says so
    assert said.startswith("Ranked by share of what the ratings explain of the score (Shapley")
    assert "**delivery** comes first with 52%" in said
    assert "correlation with the score: +0.69" in said
    assert said.endswith("Not distinguishable from noise once the others are known: web.")


# ------------------------------------------------------------------ the whole summary
def test_summary_has_a_heading_per_section_and_one_sentence_for_skipped_ones():
    summary = executive_summary({"01-nps-overview": r1_with(has_date=False)})
    md = summary.markdown()
    assert [s.heading for s in summary.sections] == ["The score", "Where it differs"]
    assert md.count("## ") == 2
    assert md.endswith(
        "Not covered here: when it changed (the survey has no response dates); why "
        "detractors are unhappy (the comments report (02) was not run); does NPS predict "
        "coming back (the repeat-purchase report (03) was not run); what drives the score "
        "(no attribute ratings were given)."
    )
    assert summary.sentences[-1] == md.split("\n\n")[-1]


def test_summary_of_a_full_run():
    summary = executive_summary(
        {"01-nps-overview": R1, "02-detractor-comments": R2, "03-nps-and-repeat-purchase": R3}
    )
    assert not summary.skipped
    assert len(summary.sections) == 6
    assert summary.sentences[0].startswith("**NPS +12**")


def test_sections_skipped_for_one_reason_share_it():
    summary = executive_summary({})
    assert summary.sections == []
    assert summary.skipped_sentence().startswith(
        "Not covered here: the score, where it differs and when it changed (the overview (01) "
        "was not run); why detractors"
    )


def test_small_untested_theme_is_mentioned_as_not_ranked():
    untested = {**THEMES[1], "theme": "gift wrap", "n_mentions": 3, "impact": None}
    themes = [THEMES[0], untested]
    said = comment_sentences({**R2, "themes": themes}, min_n=30)
    assert "gift wrap" not in said[1]
    assert said[1].endswith("Themes mentioned in fewer than 30 comments are not ranked.")
