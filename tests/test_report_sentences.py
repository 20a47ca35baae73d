"""Sentences of the detailed reports (nps_toolkit.report.sentences), on hand-made tables.

Expected numbers are worked out by hand from the inputs.
"""

from __future__ import annotations

import pandas as pd

from nps_toolkit.report.sentences import (
    account_sentence,
    auc_sentence,
    benchmark_sentence,
    changes_sentence,
    comments_sentence,
    nps_sentence,
    scale_text,
    segment_gaps_sentence,
    sentiment_agreement_sentence,
    theme_sentence,
    what_if_sentence,
)


def _pairs(rows):
    cols = ["a", "b", "diff", "ci_low", "ci_high", "p_adj", "significant"]
    return pd.DataFrame(rows, columns=cols)


def test_account_sentence_adds_up_and_escapes_reasons():
    account = pd.DataFrame({"reason": ["kept", "score_*bad*", "blank"], "rows": [10, 2, 1]})
    said = account_sentence(account, "my_file.csv", (1, 10))
    assert said == (
        "**13** data rows were read from my\\_file.csv; **10** are analysed and 3 were "
        "excluded (score\\_\\*bad\\*: 2; blank: 1). The score scale is 1-10: detractors 1-6, "
        "passives 7-8, promoters 9-10."
    )


def test_scale_text_names_each_category_s_scores():
    # By hand from the NPS definition and the kit's short-scale reading (top box = promoter).
    assert scale_text((0, 10)) == "0-10: detractors 0-6, passives 7-8, promoters 9-10"
    assert scale_text((1, 5)) == "1-5: detractors 1-3, passives 4, promoters 5"
    assert scale_text((0, 5)) == "0-5: detractors 0-3, passives 4, promoters 5"
    assert scale_text((1, 7), thresholds=(5, 7)) == "1-7: detractors 1-4, passives 5-6, promoters 7"


def test_nps_sentence_margin_is_half_the_interval():
    o = pd.Series(
        {
            "nps": -5.0,
            "ci_low": -15.2,
            "ci_high": 5.6,
            "n": 120,
            "pct_promoters": 25.0,
            "pct_passives": 45.0,
            "pct_detractors": 30.0,
        }
    )
    said = nps_sentence(o)
    assert said.startswith("The NPS is **-5.0** (95% interval -15.2 to +5.6) from 120 respondents")
    assert "about ±10.4 points" in said  # (5.6 + 15.2) / 2


def test_benchmark_significant_and_too_small():
    sig = {"diff": -17.6, "ci_low": -21.4, "ci_high": -13.8, "p_val": 2e-9, "significant": True}
    assert benchmark_sentence({**sig, "note": ""}, 30) == (
        "Our NPS is significantly different from the benchmark +30: a difference of -17.6 "
        "points (95% interval -21.4 to -13.8); p < 0.001."
    )
    small = {**sig, "p_val": None, "significant": False, "note": "only 8 respondents"}
    assert benchmark_sentence(small, 30).startswith(
        "Our NPS cannot yet be compared with the benchmark +30: only 8 respondents."
    )


def test_segment_gaps_largest_significant_by_absolute_size():
    pairs = _pairs(
        [
            ("app", "web", 4.0, 1.0, 7.0, 0.01, True),
            ("app", "phone", -9.0, -14.0, -4.0, 0.002, True),
            ("web", "phone", -30.0, -80.0, 20.0, 0.5, False),  # largest, not significant
        ]
    )
    assert segment_gaps_sentence("channel", pairs) == (
        "2 of the 3 gaps between channel groups are significant after the Holm correction; "
        "the largest, in NPS points, is phone vs app: a difference of +9.0 points "
        "(95% interval +4.0 to +14.0)."
    )


def test_segment_gaps_none_significant_is_no_evidence():
    pairs = _pairs(
        [
            ("control", "pilot", -2.4, -14.3, 9.5, 0.69, False),
            ("control", "legacy", 1.0, -9.0, 11.0, 0.9, False),
        ]
    )
    assert segment_gaps_sentence("arm", pairs) == (
        "No gap between arm groups is significant after correction; the largest, pilot vs "
        "control, shows no evidence of a difference (+2.4 points, 95% interval -9.5 to +14.3)."
    )
    assert "fewer than two groups" in segment_gaps_sentence("arm", pairs.iloc[:0])


def test_segment_gaps_two_groups_is_the_one_gap_with_its_p():
    one = _pairs([("control", "pilot", -25.5, -42.1, -7.7, 0.0046, True)])
    assert segment_gaps_sentence("arm", one) == (
        "The one gap between arm groups, pilot vs control, is significant: a difference of "
        "+25.5 points (95% interval +7.7 to +42.1); p = 0.0046."
    )
    one = _pairs([("a", "b", 2.4, -9.5, 14.3, 0.69, False)])
    assert segment_gaps_sentence("g", one) == (
        "The one gap between g groups, a vs b, is not significant: no evidence of a "
        "difference (+2.4 points, 95% interval -9.5 to +14.3); p = 0.69."
    )


def test_changes_sentence_lists_significant_changes_only():
    changes = pd.DataFrame(
        {
            "period": pd.to_datetime(["2024-04-01", "2024-07-01"]),
            "nps_previous": [10.0, 18.2],
            "nps": [18.2, 17.0],
            "diff": [8.2, -1.2],
            "ci_low": [2.0, -7.0],
            "ci_high": [14.4, 4.6],
            "p_adj": [0.004, 0.7],
            "significant": [True, False],
        }
    )
    assert changes_sentence(changes) == (
        "Significant changes from one period to the next:\n\n- 2024-04-01: +10.0 → +18.2 "
        "(a difference of +8.2 points (95% interval +2.0 to +14.4); adjusted p = 0.004)"
    )
    none = changes.assign(significant=False)
    assert changes_sentence(none) == "No period-to-period change is significant after correction."


def _themes():
    return pd.DataFrame(
        {  # sorted by impact, as theme_impact returns it
            "theme": ["support", "refunds", "price", "quality"],
            "n_mentions": [312, 4, 546, 700],
            "nps_mentioning": [-17.6, -90.0, -0.2, 40.0],
            "nps_not_mentioning": [14.8, 12.0, 13.9, 5.0],
            "diff": [-32.4, -102.0, -14.1, 35.0],
            "diff_ci_low": [-42.1, -150.0, -22.3, 28.0],
            "diff_ci_high": [-22.3, -54.0, -5.8, 42.0],
            "p_adj": [1e-6, 0.001, 0.002, 1e-9],
            "significant": [True, True, True, True],
            "impact": [-3.6, -1.0, -2.8, 9.0],
        }
    )


def test_theme_sentence_headlines_most_negative_impact_not_a_small_theme():
    said = theme_sentence(_themes(), min_n=30)
    assert said == (
        "Ranked by impact (NPS gap × share of comments), the theme with the most negative "
        "impact is **support**: mentioned in 312 comments; NPS -18 when mentioned vs +15 when "
        "not: a difference of -32.4 points (95% interval -42.1 to -22.3), after correcting for "
        "the number of themes. Themes mentioned in fewer than 30 comments are not ranked."
    )


def test_theme_sentence_without_a_negative_theme():
    themes = _themes()
    said = theme_sentence(themes[themes["theme"].eq("quality")], min_n=30)
    assert said == "No theme mentioned in at least 30 comments comes with a lower NPS."


def test_auc_sentence_three_verdicts():
    compare = pd.DataFrame(
        {
            "predictors": ["category", "score", "score_squared"],
            "auc": [0.671, 0.664, 0.61],
            "best": [True, False, False],
            "p_val_vs_best": [None, 0.20, 0.001],
        }
    )
    assert auc_sentence(compare) == (
        "Highest AUC: **category** (0.671); its advantage over score is not significant."
    )
    assert auc_sentence(compare.assign(p_val_vs_best=[None, 0.3, 0.4])).startswith(
        "These codings predict equally well: the highest AUC (category, 0.671)"
    )
    assert auc_sentence(compare.assign(p_val_vs_best=[None, 0.01, 0.001])) == (
        "Highest AUC: **category** (0.671), significantly above the others."
    )


def test_what_if_sentence():
    s = pd.Series(
        {
            "moved": 293.0,
            "extra_repeaters": 58.6,
            "ci_low": 47.2,
            "ci_high": 70.1,
            "nps_before": 22.0,
            "nps_after": 28.1,
        }
    )
    assert what_if_sentence(s) == (
        "Moving 293 detractors to passive behaviour would be associated with **59** extra "
        "repeat purchasers (95% interval 47 to 70) and move NPS from +22.0 to +28.1."
    )


def test_sentiment_agreement_counts_polar_scored_comments_only():
    comments = pd.DataFrame(
        {
            "nps_category": [
                "detractor",
                "detractor",
                "detractor",
                "promoter",
                "passive",
                "promoter",
            ],
            "label": ["negative", "negative", "positive", "positive", "negative", "unscored"],
        }
    )
    # 4 count (the passive and the unscored one do not); 3 match
    assert sentiment_agreement_sentence(comments).startswith(
        "On this survey, 75% of the 4 scored detractor and promoter comments"
    )
    assert sentiment_agreement_sentence(comments.iloc[4:]) is None


def test_comments_sentence_without_a_comment_column():
    said = comments_sentence(0, 300, False)
    assert said.startswith("0 of 300 respondents wrote a comment (0%). No comment column was given")
    assert said.endswith("the text sections below are skipped.")


def test_comments_sentence_with_no_comment_written():
    said = comments_sentence(0, 300, True)
    assert said == (
        "0 of 300 respondents wrote a comment (0%). The follow-up list still lists every "
        "detractor, and the text sections below are skipped."
    )
    assert comments_sentence(5, 300, True) == "5 of 300 respondents wrote a comment (2%)."


def test_one_group_sentence_is_what_a_segment_without_pairs_says():
    import pandas as pd

    from nps_toolkit.report.sentences import one_group_sentence, segment_gaps_sentence

    assert one_group_sentence("arm") == "arm has fewer than two groups: no gap to test."
    assert segment_gaps_sentence("arm", pd.DataFrame()) == one_group_sentence("arm")
    assert one_group_sentence("*arm*").startswith("\\*arm\\* has")  # Markdown escaped
