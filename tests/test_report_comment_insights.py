"""Notebook 02's comment sections (issue 15): tone, theme review, why NPS moved.

Every expected number below is worked out by hand from the small data built
here; the sentences are checked against their tables (the first name in a
ranking sentence is the first row of its table sorted by the measure it names).
"""

import math
import re

import numpy as np
import pandas as pd
import pytest

from nps_toolkit.report.comment_change import (
    SHOWN_COLUMNS,
    change_results,
    complete_periods,
    theme_change_section,
)
from nps_toolkit.report.comment_insights import interval_text, language_sentence, tone_section
from nps_toolkit.report.comment_review import theme_review_section

Z95 = 1.959963984540054


def first_bold(sentence: str) -> str:
    """The first **name** of a sentence, with md_escape's backslashes removed."""
    return re.sub(r"\\(.)", r"\1", re.search(r"\*\*(.+?)\*\*", sentence).group(1))


def wilson(k: int, n: int) -> tuple[float, float]:
    """Wilson score interval, in %, written out from its formula."""
    p = k / n
    centre = (p + Z95**2 / (2 * n)) / (1 + Z95**2 / n)
    half = Z95 * math.sqrt(p * (1 - p) / n + Z95**2 / (4 * n * n)) / (1 + Z95**2 / n)
    return 100 * (centre - half), 100 * (centre + half)


# ---------------------------------------------------------------- tone

NEG_DELIVERY = "Terrible delivery, awful and horrible experience."
POS_DELIVERY = "Great delivery, I love it, excellent!"
POS_STAFF = "Lovely staff, wonderful and very helpful. Excellent!"
NEG_STAFF = "The staff were rude, terrible and awful."
NEG_PRICE = "Horrible price, awful and terrible."


@pytest.fixture(scope="module")
def tone_survey():
    rows = (
        [(NEG_DELIVERY, 1, "en")] * 7
        + [(POS_DELIVERY, 10, "en")] * 3
        + [(POS_STAFF, 10, "en")] * 4
        + [(NEG_STAFF, 2, "en")]
        + [(NEG_PRICE, 0, "en")] * 2
        # three French comments: far too few to learn a survey model from
        + [("delivery en retard", 2, "fr"), ("très bien", 10, "fr"), ("trop cher", 3, "fr")]
        + [(None, 9, None)]
    )
    return pd.DataFrame(rows, columns=["comment", "score", "language"])


@pytest.fixture(scope="module")
def tone_result(tone_survey):
    themes = {"delivery": ["deliver"], "staff": ["staff"], "price": ["price"]}
    return tone_section(
        tone_survey, themes=themes, scale=(0, 10), seed=0, language="language", min_n=5
    )


def test_tone_per_language_by_hand(tone_result):
    langs = tone_result.languages.set_index("language")
    assert list(langs.index) == ["en", "fr"]  # most comments first
    en = langs.loc["en"]
    # 17 English comments: 7 + 1 + 2 negative, 3 + 4 positive
    assert en["n_comments"] == 17
    assert en["pct_negative"] == pytest.approx(100 * 10 / 17)
    assert en["pct_positive"] == pytest.approx(100 * 7 / 17)
    assert en["pct_neutral"] == 0 and en["pct_no_tone"] == 0
    assert en["source"] == "lexicon (en)"
    assert en["auc"] == pytest.approx(1.0)  # every negative comment is a detractor's
    fr = langs.loc["fr"]
    assert fr["n_comments"] == 3 and fr["pct_no_tone"] == 100 and fr["pct_neutral"] == 0
    assert fr["source"].startswith("too few comments in fr")
    shares = langs[["pct_negative", "pct_neutral", "pct_positive", "pct_no_tone"]].sum(axis=1)
    assert np.allclose(shares, 100)


def test_no_comment_is_silently_neutral(tone_result):
    c = tone_result.comments
    no_tone = c["tone"].isna()
    assert no_tone.sum() == 4  # three French comments and the empty one
    assert c.loc[no_tone, "tone_source"].str.len().gt(0).all()
    assert (
        c.loc[no_tone.to_numpy() & c["language"].eq("fr").to_numpy(), "tone_source"]
        .str.startswith("too few")
        .all()
    )
    fr_sentence = tone_result.language_sentences[1]
    assert fr_sentence.startswith("**fr**: 3 comments, no tone given")
    assert "not as neutral" in fr_sentence
    en_sentence = tone_result.language_sentences[0]
    assert "17 comments read by the English lexicon: 59% negative, 0% neutral, 41% positive" in (
        en_sentence
    )
    assert "AUC of 1.00" in en_sentence


def test_language_without_model_but_some_lexicon_tone_says_both():
    row = {"language": "unknown", "n_comments": 16, "pct_negative": 0.0, "pct_neutral": 0.0,
           "pct_positive": 18.75, "pct_no_tone": 81.25, "auc": float("nan"),
           "source": "too few comments in unknown to learn"}  # fmt: skip
    assert language_sentence(row, 0.95) == (
        "**unknown**: 16 comments, no survey model (too few comments in unknown to learn); "
        "those in which the English lexicon recognised a word are read by it (0% negative, "
        "0% neutral, 19% positive); the other 81% are counted as without tone, not as neutral."
    )


def test_tone_per_theme_by_hand(tone_result):
    t = tone_result.themes
    # ranked (>= 5 mentions): delivery 7/10 negative, staff 1/5 negative; price (2) is not
    assert t["theme"].tolist() == ["delivery", "staff", "price"]
    assert t["ranked"].tolist() == [True, True, False]
    d = t.iloc[0]
    assert (d["n_mentions"], d["n_negative"], d["n_positive"]) == (10, 7, 3)
    assert d["n_without_tone"] == 1
    low, high = wilson(7, 10)  # 39.7% to 89.2%
    assert (d["pct_negative_ci_low"], d["pct_negative_ci_high"]) == pytest.approx((low, high))
    negative, positive = tone_result.theme_sentences
    assert negative.startswith(
        "Ranked by the share of the sentences mentioning a theme that read negative: "
        "**delivery**: 70% of the 10 sentences that mention it (in 10 comments) read negative "
        "(95% interval 40% to 89%; 1 more without a tone)"  # the French one
    )
    assert "**staff**: 20% of the 5 sentences" in negative
    assert "not ranked (price)" in negative and "**price**" not in negative
    assert positive.startswith(
        "Ranked by the share of the sentences mentioning a theme that read positive: "
        "**staff**: 80% of the 5"
    )
    assert "**price**" not in positive


def test_overall_tone_counts_every_sentence(tone_result):
    o = tone_result.overall
    # sentences with a tone: 7 + 3 + 4 x 2 (POS_STAFF has two) + 1 + 2 = 21, of which
    # 7 + 1 + 2 = 10 negative; the 3 French comments have no tone
    assert (o["n_mentions"], o["n_negative"], o["n_without_tone"]) == (21, 10, 3)
    assert o["pct_negative"] == pytest.approx(100 * 10 / 21)
    assert (o["pct_negative_ci_low"], o["pct_negative_ci_high"]) == pytest.approx(wilson(10, 21))


def test_theme_sentences_match_their_tables(tone_result):
    ranked = tone_result.themes[tone_result.themes["ranked"]]
    for sentence, side in zip(tone_result.theme_sentences, ("negative", "positive"), strict=True):
        assert f"read {side}:" in sentence  # states its measure
        top = ranked.sort_values(f"pct_{side}", ascending=False, kind="stable").iloc[0]
        assert first_bold(sentence) == top["theme"]
    langs = tone_result.languages
    for sentence, lang in zip(tone_result.language_sentences, langs["language"], strict=True):
        assert first_bold(sentence) == lang


def test_interval_text():
    assert interval_text(39.66, 89.22, 0.95) == "95% interval 40% to 89%"


# ---------------------------------------------------------------- theme review


@pytest.fixture(scope="module")
def review():
    data = pd.DataFrame(
        {
            "comment": ["package deal for tv is slow"] * 3
            + ["parcel lost, mail me at jo@example.com <script>alert(1)</script>"]
            + ["nice staff"]
        }
    )
    themes = {"delivery": [r"\bparcels?\b", r"\bpackage\b"], "staff": ["staff"]}
    return theme_review_section(data, themes=themes, n_examples=5, min_n=3)


def test_review_table_by_hand(review):
    t = review.table.set_index("theme")
    assert list(t.index) == ["delivery", "staff"]  # most mentioned first
    assert t.loc["delivery", "n_mentions"] == 4
    assert t.loc["delivery", "keywords"] == "package (3), parcel (1)"
    assert t.loc["delivery", "top_keyword_pct"] == pytest.approx(75.0)
    assert t.loc["staff", "keywords"] == "staff (1)"
    assert t.loc["delivery", "top_keyword"] == "package"


def test_review_lists_the_most_frequent_keywords_then_how_many_more():
    # keyword k<i> matches in i comments (i = 1..14): 14 keywords, 105 comments
    comments = [f"about k{i}" for i in range(1, 15) for _ in range(i)]
    themes = {"many": [rf"\bk{i}\b" for i in range(1, 15)]}
    t = theme_review_section(pd.DataFrame({"comment": comments}), themes=themes).table
    shown = ", ".join(f"k{i} ({i})" for i in range(14, 2, -1))  # the 12 most frequent
    assert t.loc[0, "keywords"] == shown + " … (+2 more)"
    assert t.loc[0, "n_mentions"] == 105 and t.loc[0, "top_keyword"] == "k14"
    assert t.loc[0, "top_keyword_pct"] == pytest.approx(100 * 14 / 105)


def test_review_table_cuts_long_examples():
    long = "late parcel " + "très long avis " * 40  # 612 characters
    t = theme_review_section(pd.DataFrame({"comment": [long]}), themes={"d": ["parcel"]})
    shown = t.table.loc[0, "examples"]
    assert shown.endswith(" …") and len(shown) <= 160 + 2
    assert shown.startswith("late parcel très long avis")
    assert t.examples.loc[0, "comment"] == long  # whole in the examples table


def test_review_table_cuts_chinese_examples_by_page_width():
    long = "快递太慢了，" * 40  # 240 characters, 480 columns of the page
    t = theme_review_section(pd.DataFrame({"comment": [long]}), themes={"d": ["快递"]},
                             language=None)  # fmt: skip
    assert t.table.loc[0, "examples"] == long[:80] + " …"  # 80 wide characters = 160 columns


def test_review_examples_are_redacted_and_escaped(review):
    examples = " ".join(review.examples["comment"])
    assert "jo@example.com" not in examples and "[EMAIL]" in examples
    html = review.style().to_html()
    assert "jo@example.com" not in html
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_review_sentences(review):
    how, check = review.sentences
    assert how.startswith("How to read:")
    # delivery (4 mentions >= 3) is checked; staff (1 mention) is not, and the sentence says so
    assert check.startswith(
        "Check first, ranked by the share of its theme's mentions one keyword carries: "
        '"package" carries 75% of the 4 mentions of **delivery**.'
    )
    assert "fewer than 3 comments are not checked" in check
    checked = review.table[review.table["n_mentions"].ge(3)]
    top = checked.sort_values("top_keyword_pct", ascending=False, kind="stable").iloc[0]
    assert first_bold(check) == top["theme"]


# ---------------------------------------------------------------- why NPS moved


def change_survey(reps: int = 10):
    """2025Q1 vs 2025Q2, each 40 respondents (a block of 4 repeated 10 times), plus one
    response in the partial 2024Q4 (data starts 20 December) and one in the partial 2025Q3."""
    q1 = [("late delivery", 0), ("late delivery", 0), ("great staff", 10), (None, 8)]
    q2 = [("late delivery", 8), ("great staff", 10), ("great staff", 10), (None, 8)]
    rows = [("late delivery", 0, "2024-12-20")]
    for k in range(reps):
        rows += [(c, s, f"2025-0{1 + i}-{1 + k:02d}") for i, (c, s) in enumerate(q1[:3])]
        rows += [(q1[3][0], q1[3][1], "2025-03-31")]
        rows += [(c, s, f"2025-0{4 + i}-{1 + k:02d}") for i, (c, s) in enumerate(q2[:3])]
        rows += [(q2[3][0], q2[3][1], "2025-06-30")]
    rows += [("great staff", 10, "2025-07-15")]
    return pd.DataFrame(rows, columns=["comment", "score", "date"])


THEMES = {"delivery": ["deliver"], "staff": ["staff"]}


@pytest.fixture(scope="module")
def change():
    return theme_change_section(change_survey(), themes=THEMES, date_freq="QS")


def test_change_periods_and_contributions_by_hand(change):
    assert change.periods == ("2025Q1", "2025Q2")
    t = change.table.set_index("theme")
    # NPS: Q1 (-100 -100 +100 0) / 4 = -25; Q2 (0 +100 +100 0) / 4 = +50
    assert t.loc["total", ["contribution_a", "contribution_b"]].tolist() == pytest.approx([-25, 50])
    # delivery: -200/4 -> 0/4; staff: +100/4 -> +200/4; no comment 0 -> 0; no theme: nobody
    expected = {"delivery": 50.0, "staff": 25.0, "(no theme)": 0.0, "(no comment)": 0.0}
    for theme, value in expected.items():
        assert t.loc[theme, "contribution"] == pytest.approx(value)
    assert t.loc["total", "contribution"] == pytest.approx(75.0)
    parts = change.table.loc[change.table["theme"].ne("total"), "contribution"].sum()
    assert parts == pytest.approx(t.loc["total", "contribution"])  # the parts add up
    # delivery's interval: x_a = -100 for half of 40, 0 otherwise; x_b = 0 for all
    se = math.sqrt(np.var([-100] * 20 + [0] * 20, ddof=1) / 40)
    assert t.loc["delivery", "ci_low"] == pytest.approx(50 - Z95 * se)
    assert t.loc["delivery", ["headlined"]].item() and t.loc["staff", ["headlined"]].item()
    assert not t.loc["(no comment)", "headlined"]


def test_change_sentences_by_hand(change):
    first, second = change.sentences
    assert first.startswith(
        "Comparing 2025Q1 (40 respondents) with 2025Q2 (40), the last two complete quarters: "
        "NPS went from -25.0 to +50.0, a change of +75.0 points (95% interval"
    )
    assert "within the noise" not in first
    assert "Left out: 2025Q3 (partial: the data stops on 2025-07-15, before its end)." in first
    assert second.startswith(
        "Ranked by the size of their contribution to the change (points; the rows add up to the "
        "total change), "
        "the largest distinguishable from 0 after correcting for the number of rows (Holm): "
        "**delivery** +50.0 points (95% interval +34.3"
    )
    assert "; adjusted p < 0.001)" in second
    assert "**staff** +25.0 points" in second
    assert "no theme" not in second and "no comment" not in second  # intervals include 0
    rows = change.table[change.table["theme"].ne("total") & change.table["headlined"]]
    top = rows.loc[rows["contribution"].abs().sort_values(ascending=False).index[0]]
    assert first_bold(second) == top["theme"]


def test_change_shown_table_and_results(change):
    shown = change.shown()
    # "(no theme)": nobody in either period, its contribution 0: left out of the page
    assert shown["theme"].tolist() == ["delivery", "staff", "(no comment)", "total"]
    assert list(shown.columns) == SHOWN_COLUMNS
    assert shown["contribution"].iloc[:-1].sum() == pytest.approx(75.0)  # still adds up
    res = change_results(change)
    assert res["periods"] == ["2025Q1", "2025Q2"] and res["sentence"] is None
    assert res["table"] is change.table
    skipped = change_results(theme_change_section(change_survey(), themes=THEMES, date=None))
    assert skipped["table"] is None and skipped["sentence"].startswith("No date column")


def test_change_nothing_headlined_when_every_interval_includes_0():
    small = theme_change_section(change_survey(reps=1), themes=THEMES)  # 4 respondents a period
    t = small.table
    assert not t["headlined"].any()
    first, second = small.sentences
    assert "a change of +75.0 points (95% interval" in first and "within the noise" in first
    assert (
        "no row's contribution is distinguishable from 0 after correcting for the number of rows "
        "(Holm), so none is headlined; the largest is **delivery** +50.0" in second
    )
    assert first_bold(second) == t.iloc[0]["theme"]  # the first row by size of contribution


def test_change_skipped_with_one_sentence():
    data = change_survey()
    no_date = theme_change_section(data, themes=THEMES, date=None)
    assert no_date.skipped and no_date.periods is None
    assert no_date.sentences == ["No date column: why NPS moved over time is skipped."]
    absent = theme_change_section(data, themes=THEMES, date="when")
    assert absent.sentences == [
        "No date column ('when' is not a column of the survey): why NPS moved over time is skipped."
    ]
    with pytest.raises(ValueError, match="nps"):
        theme_change_section(data, themes=THEMES, score="nps")
    one = theme_change_section(data[data["date"].lt("2025-04-01")], themes=THEMES)
    assert one.skipped and len(one.sentences) == 1
    assert one.sentences[0].startswith(
        "Fewer than two complete quarters with scores (complete: 2025Q1)"
    )


def test_complete_periods_rule():
    d = pd.Series(["2025-01-01", "2025-02-15", "2025-03-31"])
    # the data spans 1 January to 31 March: every month in it is complete
    assert [str(p) for p in complete_periods(d, "MS")[0]] == ["2025-01", "2025-02", "2025-03"]
    assert [str(p) for p in complete_periods(d, "QS")[0]] == ["2025Q1"]
    periods, notes = complete_periods(pd.Series(["2025-01-02", "2025-03-30"]), "MS")
    assert periods == [] and list(map(str, notes)) == ["2025-01", "2025-03"]
    with pytest.raises(ValueError, match="date_freq"):
        complete_periods(d, "fortnight")
