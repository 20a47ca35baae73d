"""report.summary_comments and the comment sentences of the summary: hand-made results.

Every expected number is worked out by hand from the dicts below (written as
notebook 02's results files hold them); each headline is checked against the
table it comes from (the first name is the first row of that table, sorted by
the measure the sentence names, among the rows it may headline).
"""

import re

import numpy as np
import pytest
from scipy import stats as sps
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportion_confint, proportions_ztest

from nps_toolkit.report.summary import comment_sentences
from nps_toolkit.report.summary_comments import (
    is_headlined,
    keyword_check_sentence,
    overall_negative_pct,
    share_test_p,
    theme_change_sentence,
    tone_theme_sentence,
)


def bold(sentence: str) -> list[str]:
    """The **names** of a sentence, md_escape's backslashes removed."""
    return [re.sub(r"\\(.)", r"\1", m) for m in re.findall(r"\*\*(.+?)\*\*", sentence)]


# 200 English comments, 30% negative; 100 French, 45 negative of the 90 with a tone:
# all comments with a tone: (60 + 45) / (200 + 90) = 105 / 290 = 36.2%
TONE_LANGUAGES = [
    {"language": "en", "n_comments": 200, "pct_negative": 30.0, "pct_no_tone": 0.0},
    {"language": "fr", "n_comments": 100, "pct_negative": 45.0, "pct_no_tone": 10.0},
]


def tone_row(theme, n, negative):
    """A tone-table row: ``negative`` of ``n`` mentions, with statsmodels' Wilson interval."""
    low, high = proportion_confint(negative, n, method="wilson")
    return {"theme": theme, "n_mentions": n, "pct_negative": 100 * negative / n,
            "pct_negative_ci_low": 100 * low, "pct_negative_ci_high": 100 * high}  # fmt: skip


TONE_THEMES = [  # as the tone table ranks them: ranked themes by pct_negative first
    tone_row("gift_wrap", 8, 7),  # highest share but 8 mentions: not ranked
    tone_row("delivery", 120, 84),  # 70%: z = 7.7 against 36.2%: headlined
    tone_row("support", 40, 20),  # 50%: z = 1.82, p = 0.069
    tone_row("price", 60, 27),  # 45%: Wilson 33-58% includes 36.2%; p = 0.16
    tone_row("staff", 90, 9),  # 10%: below
]


def _headlined(themes, overall_pct):
    """Themes above ``overall_pct`` after Holm: statsmodels' score test and multipletests."""
    p = [proportions_ztest(round(t["n_mentions"] * t["pct_negative"] / 100), t["n_mentions"],
                           value=overall_pct / 100, prop_var=overall_pct / 100)[1]
         for t in themes]  # fmt: skip
    adjusted = multipletests(p, method="holm")[1]
    return [t["theme"] for t, a in zip(themes, adjusted, strict=True)
            if a < 0.05 and t["pct_negative"] > overall_pct]  # fmt: skip


def _with_tests(rows):
    """Each row's Wald p from its interval (scipy) and Holm's p_adj over the rows other than
    total (statsmodels), as theme_change computes them; ``headlined``: p_adj < 0.05."""
    se = [(r["ci_high"] - r["ci_low"]) / (2 * sps.norm.ppf(0.975)) for r in rows]
    p = [2 * sps.norm.sf(abs(r["contribution"]) / s) for r, s in zip(rows, se, strict=True)]
    p_adj = [*multipletests(p[:-1], method="holm")[1], p[-1]]
    return [{**r, "p_val": a, "p_adj": b, "headlined": bool(b < 0.05)}
            for r, a, b in zip(rows, p, p_adj, strict=True)]  # fmt: skip


CHANGE = {
    "periods": ["2025Q2", "2025Q3"],
    "confidence": 0.95,
    "table": _with_tests(
        [  # as theme_change_section ranks them: by |contribution|, total last
            {"theme": "(no comment)", "contribution": -3.0, "ci_low": -7.0, "ci_high": 1.0},
            {"theme": "delivery", "contribution": -2.5, "ci_low": -4.1, "ci_high": -0.9},
            {"theme": "staff", "contribution": 1.0, "ci_low": 0.2, "ci_high": 1.8},
            {"theme": "price", "contribution": -0.5, "ci_low": -2.0, "ci_high": 1.0},
            # -3.0 - 2.5 + 1.0 - 0.5 = -5.0: the rows add up to the total
            {"theme": "total", "contribution": -5.0, "ci_low": -11.0, "ci_high": 1.0},
        ]
    ),
    "sentence": None,
}


def test_overall_negative_share_by_hand():
    assert overall_negative_pct(TONE_LANGUAGES) == pytest.approx(100 * 105 / 290)
    assert overall_negative_pct([]) is None


def test_tone_sentence_headlines_only_large_themes_above_all_comments():
    said = tone_theme_sentence({"tone_languages": TONE_LANGUAGES, "tone_themes": TONE_THEMES})
    assert said == (
        "Ranked by the share of the comments mentioning a theme that read negative (themes "
        "mentioned in at least 30 comments with a tone), those read negative more often than "
        "the 36% of all comments with a tone after correcting for the number of themes (Holm): "
        "**delivery**: 70% of the 120 comments that mention it read negative (95% interval "
        "61% to 77%; adjusted p < 0.001)."
    )
    large = [t for t in TONE_THEMES if t["n_mentions"] >= 30]
    assert bold(said) == _headlined(large, 100 * 105 / 290) == ["delivery"]


def test_tone_sentence_no_evidence_and_nothing_to_say():
    quiet = [t for t in TONE_THEMES if t["theme"] in ("support", "staff")]
    said = tone_theme_sentence({"tone_languages": TONE_LANGUAGES, "tone_themes": quiet})
    assert said.endswith(
        "no theme reads negative more often than all comments (36%) after correcting for the "
        "number of themes (Holm); the highest, **support**, has 50% of its 40 comments negative "
        "(95% interval 35% to 65%)."
    )
    small = {"tone_languages": TONE_LANGUAGES, "tone_themes": TONE_THEMES[:1]}
    assert tone_theme_sentence(small) is None  # only an 8-mention theme
    assert tone_theme_sentence({"tone_languages": None, "tone_themes": None}) is None
    # min_n from the caller: with 5, gift_wrap (7 of 8, z = 3.02, Holm p = 0.0076) comes first
    assert bold(tone_theme_sentence({"tone_languages": TONE_LANGUAGES,
                                     "tone_themes": TONE_THEMES}, min_n=5))[0] == "gift_wrap"  # fmt: skip


def test_tone_sentence_in_sentences_compares_with_all_sentences():
    # a table counting sentences (it has n_comments) and the share over all sentences: 45%
    rows = [{**t, "n_comments": t["n_mentions"] - 2} for t in TONE_THEMES]
    r2 = {"tone_languages": TONE_LANGUAGES, "tone_themes": rows,
          "tone_overall": {"n_mentions": 400, "pct_negative": 45.0}}  # fmt: skip
    said = tone_theme_sentence(r2)
    # against 45%: delivery only (support's z = 0.64, price's 0)
    assert said == (
        "Ranked by the share of the sentences mentioning a theme that read negative (themes "
        "mentioned in at least 30 sentences with a tone), those read negative more often than "
        "the 45% of all sentences with a tone after correcting for the number of themes (Holm): "
        "**delivery**: 70% of the 120 sentences that mention it read negative (95% interval "
        "61% to 77%; adjusted p < 0.001)."
    )
    assert bold(said) == _headlined([t for t in rows if t["n_mentions"] >= 30], 45.0)


def test_change_sentence_headlines_the_largest_row_significant_after_holm():
    # by hand: delivery z = 2.5 / (1.6 / 1.96) = 3.06, p = 0.0022, Holm x4 = 0.0088
    said = theme_change_sentence({"theme_change": CHANGE})
    assert said == (
        "From 2025Q2 to 2025Q3 (the last two complete periods) NPS changed by -5.0 points "
        "(95% interval -11.0 to +1.0), no evidence of a change overall; ranked by the size of "
        "their contribution to that "
        "change (the rows add up to it), the largest distinguishable from 0 after correcting "
        "for the number of rows is **delivery**: -2.5 points (95% interval -4.1 to -0.9; "
        "adjusted p = 0.0088)."
    )  # (no comment) is larger (-3.0) but not significant


def test_change_sentence_glosses_rows_that_are_not_themes_and_says_when_none_moved():
    rows = [dict(r) for r in CHANGE["table"]]
    # (no comment) now -5.0 to -1.0: z = 2.94, p = 0.0033, Holm x3 = 0.0098: headlined
    rows[0].update(ci_low=-5.0, ci_high=-1.0)
    said = theme_change_sentence({"theme_change": {**CHANGE, "table": _with_tests(rows)}})
    assert said.endswith(
        "is **\\(no comment\\)** (respondents who left no comment): -3.0 points (95% interval "
        "-5.0 to -1.0; adjusted p = 0.0098)."
    )
    # staff's interval (+0.2 to +1.8) excludes 0 but Holm's correction over 4 rows does not
    # keep it when it is the only one: p = 0.014 x 4 = 0.057
    alone = [{**r, "ci_low": -9.0, "ci_high": 9.0} if r["theme"] not in ("staff", "total")
             else r for r in CHANGE["table"]]  # fmt: skip
    said = theme_change_sentence({"theme_change": {**CHANGE, "table": _with_tests(alone)}})
    assert said.endswith(
        "no theme's contribution to that change is distinguishable from 0 after correcting for "
        "the number of rows (Holm)."
    )
    moved = [{**r, "ci_high": -1.0} if r["theme"] == "total" else r for r in CHANGE["table"]]
    said = theme_change_sentence({"theme_change": {**CHANGE, "table": moved}})
    assert "(95% interval -11.0 to -1.0); ranked" in said  # a real change: no caveat
    skipped = {"periods": None, "confidence": 0.95, "table": None, "sentence": "No date."}
    assert theme_change_sentence({"theme_change": skipped}) is None
    assert theme_change_sentence({"theme_change": None}) is None


REVIEW = [
    {"theme": "delivery", "n_mentions": 42, "top_keyword": "package", "top_keyword_pct": 59.5},
    {"theme": "staff", "n_mentions": 80, "top_keyword": "staff", "top_keyword_pct": 40.0},
    {"theme": "till", "n_mentions": 10, "top_keyword": "till", "top_keyword_pct": 100.0},
]


def test_keyword_check_names_headlined_themes_carried_by_one_keyword():
    r2 = {"theme_review": REVIEW}
    said = keyword_check_sentence(r2, ["delivery", "staff", "till"])
    # 25 of 42 = 59.5%: "package"; staff's top keyword carries 40% < 50%; till has 10 < 30
    assert said == (
        'Check before acting: "package" carries 60% of the 42 mentions of **delivery** (theme '
        "review in the comments report): make sure it means what the theme says."
    )
    assert keyword_check_sentence(r2, ["staff"]) is None
    assert keyword_check_sentence({"theme_review": None}, ["delivery"]) is None


# ------------------------------------------------------------------ in comment_sentences
def impact(theme, n, diff, significant, p_adj):
    return {"theme": theme, "n_mentions": n, "pct_of_comments": 10.0, "nps_mentioning": -20.0,
            "nps_not_mentioning": 10.0, "diff": diff, "diff_ci_low": diff - 10,
            "diff_ci_high": diff + 10, "significant": significant, "p_adj": p_adj,
            "impact": diff / 10}  # fmt: skip


R2 = {
    "n_respondents": 600,
    "n_comments": 300,
    "languages": [{"language": "en", "comments": 200, "pct": 66.7}],
    "main_language": "en",
    "top_terms": None,
    "themes": [
        impact("delivery", 42, -30.0, True, 0.001),
        impact("refunds", 29, -60.0, True, 0.001),  # one mention short of min_n = 30
        impact("price", 60, -20.0, False, 0.2),  # p_adj above 0.05
        impact("fees", 50, -15.0, True, 0.06),  # marked significant, but p_adj above 0.05
    ],
    "min_n": 30,
    "tone_languages": TONE_LANGUAGES,
    "tone_themes": TONE_THEMES,
    "theme_review": REVIEW,
    "theme_change": CHANGE,
    "follow_up_rows": 12,
    "follow_up_csv": "follow_up_list.csv",
    "follow_up_xlsx": "follow_up_list.xlsx",
    "redacted": True,
}


def test_theme_headlined_only_with_min_n_mentions_and_p_adj_below_the_level():
    said = comment_sentences(R2, min_n=30)
    themes = said[1]
    assert bold(themes) == ["delivery"]
    assert not is_headlined(R2["themes"][3]) and is_headlined(R2["themes"][0])
    assert said[2].startswith('Check before acting: "package" carries 60%')
    assert said[3].startswith("Ranked by the share of the comments mentioning a theme that read")
    assert said[4].startswith("From 2025Q2 to 2025Q3")
    assert said[5].startswith("12 detractors are on the follow-up list")
    # at min_n = 25, refunds (29 mentions, p_adj 0.001) is headlined, first by impact
    assert bold(comment_sentences(R2, min_n=25)[1]) == ["refunds", "delivery"]


def test_nothing_extra_headlined_without_the_new_results():
    bare = {**R2, "tone_languages": None, "tone_themes": None, "theme_review": None,
            "theme_change": None}  # fmt: skip
    said = comment_sentences(bare, min_n=30)
    assert len(said) == 3 and said[2].startswith("12 detractors")


def test_share_test_agrees_with_wilson_and_statsmodels():
    # p < 0.05 exactly when the reference lies outside the 95% Wilson interval
    for negative, n, ref in [(84, 120, 36.2), (27, 60, 36.2), (20, 40, 36.2), (9, 90, 36.2),
                             (33, 100, 25.0), (5, 12, 60.0)]:  # fmt: skip
        p = share_test_p(100 * negative / n, n, ref)
        ref_p = proportions_ztest(negative, n, value=ref / 100, prop_var=ref / 100)[1]
        assert p == pytest.approx(ref_p)
        low, high = proportion_confint(negative, n, method="wilson")
        assert (p < 0.05) == (not low <= ref / 100 <= high)


def test_share_test_type_one_error_by_simulation():
    # Shares drawn at the reference: about 5% rejected; with Holm over 8 themes, the
    # chance of headlining any is at most about 5%.
    rng = np.random.default_rng(5)
    reps, n, ref = 4000, 80, 36.0
    negative = rng.binomial(n, ref / 100, size=(reps, 8))
    p = np.vectorize(lambda k: share_test_p(100 * k / n, n, ref))(negative)
    assert 0.035 < np.mean(p[:, 0] < 0.05) < 0.065
    # Holm rejects something exactly when the smallest p is below 0.05 / m (its first
    # step); statsmodels' multipletests is too slow for 4,000 rows (a gc per call)
    assert np.mean(p.min(axis=1) < 0.05 / 8) < 0.065
