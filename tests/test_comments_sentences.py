"""Tests of splitting comments into sentences in any script (tone per theme counts sentences)."""

from __future__ import annotations

import pandas as pd

from nps_toolkit.comments.sentences import explode_sentences, split_sentences


def test_split_sentences_by_script():
    assert split_sentences("Late again. Staff lovely!! OK?") == [
        "Late again.",
        "Staff lovely!!",
        "OK?",
    ]
    assert split_sentences("Price 49.99 ok\nfast") == ["Price 49.99 ok", "fast"]
    assert split_sentences("送货太慢了。服务很好！还会再来") == [
        "送货太慢了。",
        "服务很好！",
        "还会再来",
    ]
    assert split_sentences("太慢了!服务很好") == ["太慢了!", "服务很好"]
    # Thai: a space between Thai words ends a sentence, not one next to Latin or digits.
    assert split_sentences("ส่งของช้ามาก พนักงานสุภาพ") == ["ส่งของช้ามาก", "พนักงานสุภาพ"]
    assert split_sentences("ส่ง Kerry ช้า 3 วัน") == ["ส่ง Kerry ช้า 3 วัน"]
    assert split_sentences(None) == [] and split_sentences("   ") == []


def test_explode_sentences_rows_and_counts():
    texts = pd.Series(["A. B.", None, "", "送货太慢了。服务很好！"], index=[10, 11, 12, 13])
    out = explode_sentences(texts)
    assert out["row"].tolist() == [0, 0, 3, 3]
    assert out["sentence"].tolist() == ["A.", "B.", "送货太慢了。", "服务很好！"]
    assert out["n_sentences"].tolist() == [2, 2, 2, 2]
