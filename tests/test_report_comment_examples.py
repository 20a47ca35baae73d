"""report.comment_examples: which comments are quoted, by hand, in several scripts."""

from __future__ import annotations

import pandas as pd
import pytest

from nps_toolkit.report.comment_examples import cut_to_width, display_width, example_comments


@pytest.fixture
def comments():
    # Five detractors and two promoters; delivery in rows 0, 1, 3, support in rows 2, 3.
    texts = ["late parcel", "late", "rude", "too late and rude", "price", "ok", "good"]
    c = pd.DataFrame({"nps_category": ["detractor"] * 5 + ["promoter"] * 2,
                      "score": [0, 3, 5, 6, 2, 9, 10], "comment": texts})  # fmt: skip
    tags = pd.DataFrame({"delivery": [t in ("late parcel", "late", "too late and rude") for t in texts],
                         "support": ["rude" in t for t in texts]})  # fmt: skip
    return c, tags


def test_examples_shortest_first_per_theme(comments):
    c, tags = comments
    ex = example_comments(c, tags, ["support", "delivery"], per_theme=2, min_chars=0)
    assert ex.to_dict("list") == {
        "theme": ["support", "support", "delivery", "delivery"],
        "score": [5, 6, 3, 0],
        "comment": ["rude", "too late and rude", "late", "late parcel"],
    }
    assert example_comments(c, tags, []).columns.tolist() == ["theme", "score", "comment"]


def test_examples_prefer_comments_that_say_something(comments):
    # "late" (4 characters) and "late parcel" (11) are shorter than min_chars=12:
    # "too late and rude" (17) comes first, then the short ones, shortest first.
    c, tags = comments
    ex = example_comments(c, tags, ["delivery"], per_theme=3, min_chars=12)
    assert ex["comment"].tolist() == ["too late and rude", "late", "late parcel"]


def test_long_comments_come_last_and_are_cut():
    long_zh = "服务员态度很差" * 40  # 280 characters
    c = pd.DataFrame(
        {
            "nps_category": ["detractor"] * 3,
            "score": [1, 2, 3],
            "comment": [long_zh, "a" * 150 + " slow delivery", "late delivery, again and again"],
        }
    )
    tags = pd.DataFrame({"delivery": [True] * 3})
    ex = example_comments(c, tags, ["delivery"], per_theme=3, max_chars=100)
    shown = ex["comment"].tolist()
    assert shown[0] == "late delivery, again and again"  # 20 to 100 characters first
    assert shown[1] == "a" * 100 + " …"  # then the longer ones, shortest first, cut
    assert shown[2] == long_zh[:50] + " …"  # Chinese: two columns a character


def test_examples_show_each_text_once():
    c = pd.DataFrame(
        {
            "nps_category": ["detractor"] * 4,
            "score": [1, 2, 3, 4],
            "comment": ["客服从来不回消息。", "客服从来不回消息。", "Support never  called back", "support never called back"],
        }
    )  # fmt: skip
    tags = pd.DataFrame({"support": [True] * 4})
    ex = example_comments(c, tags, ["support"], per_theme=3, min_chars=0)
    assert ex["comment"].tolist() == ["客服从来不回消息。", "Support never  called back"]


def test_examples_take_turns_across_languages_most_frequent_first():
    # Three English comments, two Chinese (shorter in characters), one Thai: the
    # Chinese ones no longer take every place; English (most frequent) leads.
    c = pd.DataFrame(
        {
            "nps_category": ["detractor"] * 6,
            "score": [0, 1, 2, 3, 4, 5],
            "comment": ["support never answered my emails", "nobody from support called back",
                        "support kept me on hold for an hour", "客服从来不回消息。",
                        "客服态度很差。", "ไม่มีใครติดต่อกลับเลย"],
            "language_detected": ["en", "en", "en", "zh", "zh", "th"],
        }
    )  # fmt: skip
    tags = pd.DataFrame({"support": [True] * 6})
    ex = example_comments(c, tags, ["support"], per_theme=4, language="language_detected")
    assert ex["comment"].tolist() == [
        "nobody from support called back",  # en: the shortest of at least 20 characters
        "客服态度很差。",  # zh: shorter than 20 characters, its shortest
        "ไม่มีใครติดต่อกลับเลย",  # th
        "support never answered my emails",  # en's second turn
    ]


def test_widths_count_wide_characters_twice_and_thai_marks_not_at_all():
    texts = pd.Series(["abc", "送货慢", "ｆｕｌｌ", "น้ำ", "café"])
    # 送货慢: 3 wide = 6; fullwidth Latin: 4 wide = 8; น้ำ: น + ้ (mark) + ำ = 2
    assert display_width(texts).tolist() == [3, 6, 8, 2, 4]
    assert cut_to_width("送货太慢了", 4) == "送货 …"
    assert cut_to_width("น้ำน้ำ", 2) == "น้ำ …"  # the marks stay with their consonant
    assert cut_to_width("short", 5) == "short"


def test_long_chinese_comment_is_cut_by_page_width_not_characters():
    zh = "服务员态度很差" * 20  # 140 characters, 280 columns
    c = pd.DataFrame({"nps_category": ["detractor"], "score": [1], "comment": [zh]})
    ex = example_comments(c, pd.DataFrame({"staff": [True]}), ["staff"], max_chars=200)
    assert ex["comment"].iloc[0] == zh[:100] + " …"
