"""report.comments_section: notebook 02's tables, checked on hand-made comments."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from nps_toolkit.comments.followup import follow_up_list
from nps_toolkit.report.comments_section import (
    COMMENT_SECTIONS,
    comment_section,
    follow_up_table,
    language_table,
    mentioned_themes,
    theme_trend,
    theme_trend_long,
    themes_by_segment,
    topic_terms,
)


@pytest.fixture
def comments():
    c = pd.DataFrame(
        {
            "nps_category": ["detractor"] * 5 + ["promoter"] * 2,
            "score": [0, 3, 5, 6, 2, 9, 10],
            "date": pd.to_datetime(
                [
                    "2024-01-03",
                    "2024-02-10",
                    "2024-03-30",
                    "2024-04-02",
                    "2024-05-05",
                    "2024-01-01",
                    "2024-04-04",
                ]
            ),  # fmt: skip
            "region": ["N", "S", None, "N", "S", "N", "S"],
            "comment": ["late parcel", "late", "rude", "too late and rude", "price", "ok", "good"],
        }
    )
    tags = pd.DataFrame(
        {
            "delivery": [True, True, False, True, False, False, False],
            "support": [False, False, True, True, False, False, False],
        }
    )
    return c, tags


def test_theme_trend_by_hand(comments):
    c, tags = comments
    t = theme_trend(c, tags)
    # Q1: 3 detractor comments (2 delivery, 1 support); Q2: 2 (1 delivery, 1 support)
    assert t.index.name == "quarter" and t.index.tolist() == ["2024Q1", "2024Q2"]
    assert t["detractor_comments"].tolist() == [3, 2]
    np.testing.assert_allclose(t["delivery"], [66.7, 50.0])
    np.testing.assert_allclose(t["support"], [33.3, 50.0])


def test_themes_by_segment_keeps_missing_values(comments):
    c, tags = comments
    t = themes_by_segment(c, tags, ["region"])["region"]
    # detractors: N = rows 0, 3; S = rows 1, 4; missing = row 2
    assert t["detractor_comments"].to_dict() == {"(missing)": 1, "N": 2, "S": 2}
    assert t.loc["N", "delivery"] == 100.0 and t.loc["S", "delivery"] == 50.0
    assert t.loc["(missing)", "support"] == 100.0


def test_languages_and_topics():
    table, main = language_table(pd.Series(["unknown", "unknown", "fr"]))
    assert main == "fr" and table["comments"].sum() == 3
    # an emoji-only comment has no language: counted as unknown, so the counts add up
    table, main = language_table(pd.Series(["fr", None, "unknown", np.nan]))
    assert table.set_index("language")["comments"].to_dict() == {"unknown": 3, "fr": 1}
    assert table["pct"].sum() == pytest.approx(100.0)
    assert language_table(pd.Series(dtype="str"))[1] is None

    class Fitted:
        top_terms_ = pd.DataFrame({"topic": [0] * 10, "term": list("abcdefghij")})

    assert topic_terms(Fitted(), n_terms=3).loc[0, "top terms"] == "a, b, c"
    assert list(topic_terms(Fitted())) == ["topic", "top terms"]  # no labels_: no label column
    Fitted.labels_ = ["a b"]
    shown = topic_terms(Fitted(), n_terms=2)
    assert shown.to_dict("records") == [{"topic": 0, "label": "a b", "top terms": "a, b"}]


def test_sections_only_with_comments():
    assert all(comment_section(name, 0) is None for name in COMMENT_SECTIONS)
    assert comment_section("languages", 3).startswith("## 1. Languages")
    with pytest.raises(ValueError, match="use one of"):
        comment_section("nope", 3)


def test_follow_up_table_wide_comment_no_index_masked():
    data = pd.DataFrame(
        {
            "rid": ["ana@example.com", "bo@example.com"],
            "score": [1, 4],
            "arm": ["pilot", "control"],
            "comment": ["The parcel came two weeks late and nobody answered my mails", None],
        }
    )
    follow = follow_up_list(
        data, score="score", comment="comment", respondent="rid", segments=["arm"],
        themes=False, language="en",
    )  # fmt: skip
    html = follow_up_table(follow, segments=["arm"]).to_html()
    assert "min-width: 16em" in html and "max-width: 40em" in html
    assert "ana@example.com" not in html and "[EMAIL]" in html
    assert "pilot" in html and "(missing)" in html  # segment shown; no comment spelled out
    assert ">segment<" in html and "<th" not in html.split("<tbody>")[1]
    assert "customer_value" not in html  # no orders: no always-empty column


def test_follow_up_table_says_no_theme_not_missing():
    data = pd.DataFrame({"rid": ["a", "b"], "score": [1, 2], "comment": ["late parcel", "meh"]})
    follow = follow_up_list(data, score="score", comment="comment", respondent="rid",
                            themes={"delivery": ["parcel"]}, language="en")  # fmt: skip
    html = follow_up_table(follow).to_html()
    assert ">delivery<" in html and ">(no theme)<" in html and "(missing)" not in html


def test_mentioned_themes_and_long_trend(comments):
    c, tags = comments
    tags = tags.assign(loyalty=False)  # mentioned by nobody
    trend = theme_trend(c, tags)
    assert list(mentioned_themes(trend).columns) == ["detractor_comments", "delivery", "support"]
    long = theme_trend_long(trend)
    # 2 quarters x 2 mentioned themes; Q1 delivery = 2 of 3 detractor comments
    assert len(long) == 4 and set(long["theme"]) == {"delivery", "support"}
    q1 = long[long["period"].eq(pd.Timestamp("2024-01-01")) & long["theme"].eq("delivery")]
    assert q1["pct_of_detractor_comments"].item() == pytest.approx(66.7)
    assert theme_trend_long(trend, top=1)["theme"].unique().tolist() == ["delivery"]
