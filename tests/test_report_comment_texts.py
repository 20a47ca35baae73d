"""report.comment_texts: the sentences and small tables notebook 02 shows, by hand."""

import pandas as pd
import pytest

from nps_toolkit.report.comment_texts import (
    follow_up_sentence,
    no_date_sentence,
    segment_caption,
    terms_sentence,
    tone_by_category,
    topics_sentence,
)


def test_sentences_name_what_they_are_about():
    assert terms_sentence("zh") == "Comments in zh (the most common language)."
    assert terms_sentence(None) == "No comment in a known language: distinctive terms are skipped."
    assert no_date_sentence() == "No usable date: theme trends over time are skipped."
    assert segment_caption("arm") == "**% of detractor comments by arm**"
    # text from the data is never markup
    assert segment_caption("<b>x</b>") == "**% of detractor comments by &lt;b&gt;x&lt;/b&gt;**"


def test_topics_sentence_only_when_too_few():
    assert topics_sentence(49) == (
        "Only 49 detractor comments in the main language: too few for topic discovery (50 needed)."
    )
    assert topics_sentence(1, needed=10) == (
        "Only 1 detractor comment in the main language: too few for topic discovery (10 needed)."
    )
    assert topics_sentence(50) is None


def test_follow_up_sentence_counts_and_rows_shown():
    assert follow_up_sentence(16) == "16 detractors in the follow-up list; the first 15:"
    assert follow_up_sentence(15) == "15 detractors in the follow-up list:"  # all shown
    assert follow_up_sentence(2, shown=1) == "2 detractors in the follow-up list; the first 1:"
    assert follow_up_sentence(0) == "No detractor to follow up: the list is empty."


def test_tone_by_category_counts_by_hand():
    category = pd.Series(["promoter", "detractor", "detractor", "passive", "detractor", "promoter"])
    tone = pd.Series(["positive", "negative", "negative", None, "neutral", "negative"])
    table = tone_by_category(category, tone)
    assert table["nps_category"].tolist() == ["detractor", "passive", "promoter"]
    # detractors: 2 negative, 1 neutral; passive: 1 without tone; promoters: 1 + 1
    assert table["negative"].tolist() == [2, 0, 1]
    assert table["neutral"].tolist() == [1, 0, 0]
    assert table["positive"].tolist() == [0, 0, 1]
    assert table["no tone"].tolist() == [0, 1, 0]
    assert table["pct_negative"].tolist() == pytest.approx([200 / 3, 0.0, 50.0])
    counts = table[["negative", "neutral", "positive", "no tone"]]
    assert all(str(t) == "int64" for t in counts.dtypes)  # never printed as 7.0
