"""Tests of word units per language (issue 15): Chinese and Thai words, Vietnamese
syllable pairs, Indonesian and Italian stop words, and keywords of real reviews.

The expected segmentations were checked by hand (a word is what a dictionary of
the language lists: 物流 "logistics", 服务员 "waiter", อาหาร "food", อร่อย
"delicious", บริการ "service").
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pandas as pd
import pytest

from nps_toolkit.comments.segment import segment_chinese, segment_thai
from nps_toolkit.comments.terms import distinctive_terms, top_terms
from nps_toolkit.comments.tokens import has_text, is_missing_text, normalize, stop_words, tokenize

REVIEWS = Path("/work/shared/data/reviews_id_zh_th")
CJK_OR_THAI = re.compile("[\u0e00-\u0e7f\u3400-\u4dbf\u4e00-\u9fff]")


def content(text, language):
    """Tokens without the language's stop words."""
    sw = stop_words(language)
    return [t for t in tokenize(text, language=language) if t not in sw]


# ------------------------------------------------------------------ Chinese
@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("物流很慢", ["物流", "很", "慢"]),  # logistics / very / slow
        ("物流很慢，质量不错", ["物流", "很", "慢", "质量", "不错"]),  # quality / not bad
        ("服务员态度很差", ["服务员", "态度", "很差"]),  # waiter / attitude / very bad
        ("价格太贵了", ["价格", "太贵", "了"]),  # price / too expensive / (particle)
    ],
)
def test_chinese_is_cut_into_words(text, words):
    assert tokenize(text) == words


def test_chinese_stop_words_drop_particles_and_keep_negation_and_degree():
    assert content("价格太贵了，不会再来", "zh") == ["价格", "太贵", "不会", "再"]
    assert content("服务员态度很差，等了一个小时", "zh") == ["服务员", "态度", "很差", "小时"]
    sw = stop_words("zh")
    assert "的" in sw and "了" in sw
    assert not {"不", "没", "很", "太", "好", "一般"} & sw


def test_japanese_han_stays_characters_and_kana_too():
    assert tokenize("配達が遅い", language="ja") == ["配", "達", "が", "遅", "い"]


# ------------------------------------------------------------------ Thai
@pytest.mark.parametrize(
    ("text", "words"),
    [
        # food / delicious / very / but / service / slow
        ("อาหารอร่อยมากแต่บริการช้า", ["อาหาร", "อร่อย", "มาก", "แต่", "บริการ", "ช้า"]),
        ("ส่งของช้ามาก", ["ส่ง", "ของ", "ช้า", "มาก"]),  # send / goods / slow / very
        # staff / not / polite / wait / long / very
        ("พนักงานไม่สุภาพ รอนานมาก", ["พนักงาน", "ไม่", "สุภาพ", "รอ", "นาน", "มาก"]),
        # younger sibling / tell / that / sweet / go(too): "บอกว่า" is not "บอ" + "กว่า"
        ("น้องบอกว่าหวานไป", ["น้อง", "บอก", "ว่า", "หวาน", "ไป"]),
        ("ร้านคะ แล้วจะมาอีก", ["ร้าน", "คะ", "แล้ว", "จะ", "มา", "อีก"]),
    ],
)
def test_thai_is_cut_into_words(text, words):
    assert tokenize(text) == words


def test_thai_survives_nfkc_and_zero_width_spaces():
    # NFKC splits SARA AM (ำ); a zero-width space is a word-break hint.
    assert normalize("สำหรับ") == "สำหรับ"
    assert tokenize("สำหรับ\u200bวันนี้") == ["สำหรับ", "วันนี้"]


def test_thai_stop_words_keep_negation_and_intensifier():
    assert content("อาหารอร่อยมากแต่บริการช้า", "th") == ["อาหาร", "อร่อย", "มาก", "บริการ", "ช้า"]
    assert not {"ไม่", "มาก", "ถูก", "ส่ง", "เลย"} & stop_words("th")


def test_segmenters_drop_marks_and_digits():
    assert segment_thai("ดีๆ") in (("ดี",), ("ดีๆ",))
    assert segment_chinese("物流很慢") == ("物流", "很", "慢")


def test_segmentation_writes_no_file_outside_the_temp_dir(tmp_path):
    import subprocess
    import sys

    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "HOME": str(home), "USERPROFILE": str(home)}
    env.pop("PYTHAINLP_DATA", None)
    env.pop("PYTHAINLP_DATA_DIR", None)
    code = "from nps_toolkit.comments.tokens import tokenize; tokenize('物流很慢 ส่งช้ามาก')"
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=120)
    assert list(home.iterdir()) == []


# ------------------------------------------------------------------ Vietnamese
def test_vietnamese_syllables_and_syllable_pairs():
    text = "Giao hàng rất chậm, nhân viên không nhiệt tình"
    toks = tokenize(text)
    assert toks == ["giao", "hàng", "rất", "chậm", "nhân", "viên", "không", "nhiệt", "tình"]
    terms = top_terms([text, "Giao hàng nhanh, nhân viên nhiệt tình"], stop_words="vi")
    pairs = set(terms["term"])
    # two-syllable words: delivery, staff, enthusiastic
    assert {"giao hàng", "nhân viên", "nhiệt tình"} <= pairs
    assert not {"không", "rất", "chậm"} & stop_words("vi")


# ------------------------------------------------------------------ Indonesian, Italian
def test_indonesian_stop_words_keep_negations_and_drop_chat_abbreviations():
    assert content("Barang tidak sesuai, kecewa yg beli", "id") == [
        "barang", "tidak", "sesuai", "kecewa", "beli",
    ]  # fmt: skip
    sw = stop_words("id")
    assert {"yang", "yg", "dan", "aja"} <= sw
    assert not {"tidak", "kurang", "sangat", "lama", "belum", "baik", "masih"} & sw


def test_italian_stop_words_keep_negation_and_recommendation():
    assert content("La consegna è stata troppo lenta, non lo consiglio", "it") == [
        "consegna", "troppo", "lenta", "non", "consiglio",
    ]  # fmt: skip
    assert tokenize("consegne lente", language="it", stem=True) == ["consegn", "lent"]


# ------------------------------------------------------------------ missing text
def test_is_missing_text_and_has_text():
    assert [is_missing_text(v) for v in (None, float("nan"), pd.NA, pd.NaT, "", " ", 0)] == [
        True, True, True, True, False, False, False,
    ]  # fmt: skip
    assert is_missing_text(["a list"]) is False
    assert has_text(pd.Series(["x", " ", None, "y"])).tolist() == [True, False, False, True]


# ------------------------------------------------------------------ real reviews
def _reviews(name):
    path = REVIEWS / name
    if not path.exists():
        pytest.skip(f"real reviews not available at {path}")
    return pd.read_csv(path)


@pytest.mark.parametrize(
    ("name", "language", "negative", "positive"),
    [
        # bad, disappointed / not bad, recommend, like
        ("chinese_reviews.csv", "zh", {"差", "失望"}, {"不错", "推荐", "喜欢"}),
        # ordinary / delicious, fragrant
        ("thai_reviews.csv", "th", {"ธรรมดา"}, {"อร่อย", "หอม"}),
        # not, disappointed, broken / fast, good, as described
        (
            "indonesian_reviews.csv",
            "id",
            {"tidak", "kecewa", "rusak"},
            {"cepat", "bagus", "sesuai"},
        ),
    ],
)
def test_real_reviews_keywords_are_words(name, language, negative, positive):
    reviews = _reviews(name)
    res = distinctive_terms(
        reviews, comment="comment", score="rating", scale=(1, 5), thresholds=(3, 4),
        min_count=3, top=15, both_sides=True, stop_words=language,
    )  # fmt: skip
    neg = set(res.loc[res["z"] > 0, "term"])
    pos = set(res.loc[res["z"] < 0, "term"])
    assert negative <= neg and positive <= pos
    tokens = [t for term in res["term"] for t in term.split()]
    script = [t for t in tokens if CJK_OR_THAI.search(t)]
    if language in ("zh", "th"):
        # Words, not single characters (as before issue 15): most keywords have
        # several characters (a one-character Chinese word such as 差 "bad" is a word).
        assert script and sum(len(t) >= 2 for t in script) / len(script) >= 0.5
        if language == "th":
            assert min(len(t) for t in script) >= 2


def test_languages_of_the_issue_are_detected():
    from nps_toolkit.comments.language import detect_language

    texts = [
        "Giao hàng rất chậm, nhân viên không nhiệt tình",
        "物流很慢，质量不错",
        "อาหารอร่อยมากแต่บริการช้า",
        "La consegna è stata troppo lenta",
        "Barang tidak sesuai, kecewa",
    ]
    assert detect_language(texts).tolist() == ["vi", "zh", "th", "it", "id"]


def test_distinctive_terms_by_language_on_hand_made_comments():
    # Two languages in one survey: each is segmented and stop-worded on its own.
    data = pd.DataFrame(
        {
            "comment": ["物流很慢，质量很差"] * 3
            + ["服务很好，非常满意"] * 3
            + ["ส่งของช้ามาก"] * 3
            + ["อาหารอร่อยมาก"] * 3,
            "score": [1, 2, 3, 10, 9, 10] * 2,
            "lang": ["zh"] * 6 + ["th"] * 6,
        }
    )
    res = distinctive_terms(
        data, comment="comment", score="score", by_language=True, language_column="lang",
        min_count=3, top=None, both_sides=True,
    )  # fmt: skip
    zh = res[res["language"] == "zh"]
    th = res[res["language"] == "th"]
    assert {"物流", "慢", "很 慢", "质量", "很差"} <= set(zh.loc[zh["z"] > 0, "term"])
    assert {"满意"} <= set(zh.loc[zh["z"] < 0, "term"])
    assert {"ส่ง", "ช้า"} <= set(th.loc[th["z"] > 0, "term"])
    assert {"อาหาร", "อร่อย"} <= set(th.loc[th["z"] < 0, "term"])


def test_thai_polite_particles_and_indonesian_nya_are_stop_words():
    # ครับ/ค่ะ (polite particles), นะ (softener), ผม ("I", male): not opinions.
    assert content("อาหารอร่อยนะครับ ผมชอบมากค่ะ", "th") == ["อาหาร", "อร่อย", "ชอบ", "มาก"]
    assert content("barang nya rusak", "id") == ["barang", "rusak"]


@pytest.mark.parametrize(
    ("name", "language", "noise"),
    [
        ("thai_reviews.csv", "th", {"ครับ", "ค่ะ", "นะ", "ผม", "นะ ครับ"}),
        ("indonesian_reviews.csv", "id", {"nya", "yg", "dan", "saya"}),
    ],
)
def test_real_reviews_detractor_keywords_hold_no_particles(name, language, noise):
    reviews = _reviews(name)
    res = distinctive_terms(
        reviews, comment="comment", score="rating", scale=(1, 5), language=language,
        min_count=3, top=15,
    )  # fmt: skip
    assert len(res) == 15
    assert not noise & set(res["term"]), sorted(noise & set(res["term"]))


def test_indonesian_clitic_nya_is_split_off_long_words_only():
    # harganya "its price", kualitasnya "its quality", barangnya "the goods";
    # hanya "only", punya "have", tanya "ask" are words, not word + clitic.
    assert content("Harganya murah, kualitasnya bagus, barangnya rusak", "id") == [
        "harga", "murah", "kualitas", "bagus", "barang", "rusak",
    ]  # fmt: skip
    assert tokenize("hanya punya tanya", language="id") == ["hanya", "punya", "tanya"]
    assert tokenize("harganya") == ["harganya"]  # language unknown: left whole
