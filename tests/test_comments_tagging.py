"""Tests of the theme packs and language-aware tagging (issue 15, "Themes")."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from nps_toolkit.comments.dictionary import DEFAULT_THEMES, PACKS, fold, load_themes
from nps_toolkit.comments.tagging import matching_languages, tag_themes

LANGS = {"en", "fr", "es", "pt", "it", "id", "vi", "th", "zh"}
CROSS = ["price", "staff_service", "product_quality", "waiting", "communication", "billing",
         "ease_of_use", "reliability", "cancellation"]  # fmt: skip


def test_one_api_for_packs_paths_and_dicts(tmp_path):
    assert list(load_themes()) == CROSS == list(DEFAULT_THEMES)
    assert set(PACKS) == {"default", "ecommerce", "telecom", "software", "retail",
                          "hospitality", "banking"}  # fmt: skip
    for industry in ("telecom", "software", "retail", "hospitality", "banking"):
        pack = load_themes(industry)
        assert list(pack)[: len(CROSS)] == CROSS, industry  # adds to the default
        assert len(pack) > len(CROSS)
        for name, spec in pack.items():
            assert LANGS <= set(spec["patterns"]), (industry, name)
    for name, spec in load_themes("ecommerce").items():
        assert LANGS <= set(spec["patterns"]), name
    for name, spec in DEFAULT_THEMES.items():
        assert LANGS <= set(spec["patterns"]), name
        # Thai and Chinese are written without spaces: substrings, no \b.
        assert not any("\\b" in p for p in spec["patterns"]["th"] + spec["patterns"]["zh"])
    path = tmp_path / "mine.yaml"
    path.write_text("extends: telecom\nthemes:\n  parking: ['\\bparking\\b']\n", encoding="utf-8")
    mine = load_themes(path)
    assert "coverage" in mine and list(mine)[-1] == "parking"
    # tag_themes takes themes= the same way: None, pack name, path, dict.
    texts = ["No signal at home", "parking full", "too expensive"]
    assert tag_themes(texts, "telecom")["coverage"].tolist() == [True, False, False]
    assert tag_themes(texts, path)["parking"].tolist() == [False, True, False]
    assert tag_themes(texts)["price"].tolist() == [False, False, True]
    assert tag_themes(texts, {"p": ["park"]})["p"].tolist() == [False, True, False]
    with pytest.raises(ValueError, match="Unknown theme pack 'telco'"):
        load_themes("telco")
    with pytest.raises(ValueError, match="extend='nope'"):
        load_themes({"x": ["x"]}, extend="nope")


def test_old_source_name_still_works():
    with pytest.warns(FutureWarning, match="source="):
        assert list(load_themes(source={"x": ["x"]}, extend=False)) == ["x"]


# The mislabelled examples (telecom and software surveys).
def test_internet_in_an_english_comment_is_not_the_website():
    texts = ["The internet keeps dropping every evening", "Internet speed is terrible"]
    for pack in ("default", "ecommerce"):
        tags = tag_themes(texts, pack)
        col = "website_app" if pack == "ecommerce" else "ease_of_use"
        assert not tags[col].any(), pack
    assert tag_themes(texts, "telecom")["broadband_speed"].all()
    # French comments about the website on the internet still count.
    assert tag_themes(["Commande impossible sur internet"], "ecommerce")["website_app"].all()


def test_package_means_a_bundle_in_telecom_and_a_parcel_in_ecommerce():
    texts = ["The TV package is overpriced", "I changed my broadband package twice"]
    telecom = tag_themes(texts, "telecom")
    assert telecom["tv_bundle"].all() and "delivery" not in telecom
    assert not tag_themes(texts)[["waiting", "reliability"]].any(axis=None)
    assert tag_themes(["my package never arrived"], "ecommerce")["delivery"].all()


def test_till_as_until_and_safari_support_are_not_themes():
    texts = ["I had to wait till the next release for the fix", "Safari support is missing",
             "Wait till you see the new dashboard"]  # fmt: skip
    eco = tag_themes(texts, "ecommerce")
    assert not eco["checkout_queue"].any() and not eco["support"].any()
    assert not tag_themes(texts, "retail")["checkout_queue"].any()
    software = tag_themes(texts, "software")
    assert not software["staff_service"].any()
    assert software["integrations"].tolist() == [False, True, False]
    # With a second word they are themes again.
    assert tag_themes(["long queue at the till"], "retail")["checkout_queue"].all()
    assert tag_themes(["customer support never answered"], "ecommerce")["support"].all()


def test_langganan_as_regular_customer_is_not_cancellation():
    # In Indonesian shop reviews "langganan" is mostly "a regular customer" (57 of 5,312
    # real reviews, e.g. "sudah langganan lama ditoko ini"): not a cancellation.
    regular = ["padahal sdh langganan lama ditoko ini", "Bakalan jd langganan .. harga terjangkau",
               "pelayanan cepat, langganan di toko ini."]  # fmt: skip
    assert not tag_themes(regular, language="id")["cancellation"].any()
    leaving = ["Saya mau berhenti berlangganan", "langganan saya dibatalkan tanpa info",
               "biaya langganan naik terus", "pesanan dibatalkan sepihak"]  # fmt: skip
    assert tag_themes(leaving, language="id")["cancellation"].all()


LANG_EXAMPLES = [  # (text, language, theme of the default pack)
    ("The price went up again and it is too expensive", "en", "price"),
    ("Le prix est beaucoup trop cher pour nous", "fr", "price"),
    ("El precio es muy caro para lo que ofrece", "es", "price"),
    ("O preço é muito caro e não vale a pena", "pt", "price"),
    ("Il prezzo è troppo caro per questo servizio", "it", "price"),
    ("Harganya terlalu mahal untuk kualitas ini", "id", "price"),
    ("Giá quá đắt so với chất lượng", "vi", "price"),
    ("ราคาแพงเกินไปสำหรับคุณภาพนี้", "th", "price"),
    ("价格太贵了，性价比不高", "zh", "price"),
    ("Nhân viên rất nhiệt tình và thân thiện", "vi", "staff_service"),
    ("พนักงานบริการดีมาก", "th", "staff_service"),
    ("客服态度很差", "zh", "staff_service"),
    ("我等了三天才有人回复，太慢了", "zh", "waiting"),
]


@pytest.mark.parametrize(("text", "lang", "theme"), LANG_EXAMPLES)
def test_every_language_of_the_default_pack(text, lang, theme):
    assert tag_themes([text])[theme].iloc[0]
    assert matching_languages([text]).iloc[0] == lang


def test_a_comment_is_matched_with_its_own_language_only():
    # "cara" is price in Spanish/Portuguese; in an Italian comment it is "dear".
    themes = {"price": {"es": [r"\bcara\b"], "en": [r"\bprice\b"]}, "any_p": [r"\bprice\b"]}
    texts = ["Cara Anna, grazie per il servizio che non è mai stato così buono",
             "La comida es muy cara y no vale la pena",
             "Cara", None]  # fmt: skip
    tags = tag_themes(texts, themes)
    # Italian: no Italian pattern; Spanish: its pattern; too short: every language's.
    assert tags["price"].tolist() == [False, True, True, False]
    # language= overrides the detection: one code, one per comment, or None (all).
    assert tag_themes(texts, themes, language="es")["price"].tolist() == [True, True, True, False]
    per_row = ["es", "en", "unknown", None]
    assert tag_themes(texts, themes, language=per_row)["price"].tolist() == [
        True,
        False,
        True,
        False,
    ]
    assert tag_themes(texts, themes, language=None)["price"].tolist() == [True, True, True, False]
    with pytest.raises(ValueError, match="2 values for 4 comments"):
        tag_themes(texts, themes, language=["es", "en"])


def test_same_text_in_two_languages_per_row():
    themes = {"price": {"es": [r"\bcara\b"], "it": [r"\bprezzo\b"]}}
    tags = tag_themes(["cara mia", "cara mia", "cara mia"], themes, language=["es", "it", "es"])
    assert tags["price"].tolist() == [True, False, True]


def _reference(texts, langs, themes):
    """The definition, one comment at a time: the patterns of its language and ``any``
    (every language's when unknown), searched in fold(comment)."""
    out = {}
    for name, spec in themes.items():
        pats = spec["patterns"]
        col = []
        for t, lang in zip(texts, langs, strict=True):
            if not isinstance(t, str):
                col.append(False)
                continue
            chosen = ([p for ps in pats.values() for p in ps] if lang == ""
                      else [*pats.get("any", []), *pats.get(lang, [])])  # fmt: skip
            col.append(any(re.search(fold(p), fold(t)) for p in chosen))
        out[name] = col
    return pd.DataFrame(out)


def test_language_aware_tags_equal_the_definition_on_the_demo(demo_comments):
    texts = demo_comments
    langs = matching_languages(texts, "ecommerce").fillna("").tolist()
    got = tag_themes(texts, "ecommerce")
    expected = _reference(texts.tolist(), langs, load_themes("ecommerce"))
    assert (got.to_numpy() == expected.to_numpy()).all()


@pytest.fixture(scope="module")
def demo_comments():
    from nps_toolkit.datasets.demo import load_demo

    return load_demo().survey["comment"].head(1500).reset_index(drop=True)


def test_fast_vote_agrees_with_detect_language(demo_comments):
    from nps_toolkit.comments import detect_language

    langs = ["en", "fr", "es", "pt", "it", "id"]
    ours = matching_languages(demo_comments, "ecommerce")
    theirs = detect_language(demo_comments, languages=langs)
    both = ours.ne("") & ours.notna() & theirs.isin(langs)
    assert both.sum() > 500
    assert (ours[both] == theirs[both]).mean() >= 0.95


def test_thai_patterns_survive_folding():
    # fold() drops Thai vowel and tone marks: "ช้า" (slow) would become "ชา" (tea).
    for pack in PACKS:
        for name, spec in load_themes(pack).items():
            for p in spec["patterns"].get("th", []):
                assert len(fold(p)) >= 3, (pack, name, p)
    tags = tag_themes(["ชาเย็นอร่อยมาก", "ส่งช้ามาก รอนานเกินไป"])
    assert tags["waiting"].tolist() == [False, True]


def test_a_language_without_patterns_gets_only_the_neutral_ones():
    texts = ["Die Lieferung kam zwei Wochen zu spät an", "De levering was veel te laat"]
    assert matching_languages(texts, "ecommerce").tolist() == ["de", "nl"]
    assert not tag_themes(texts, "ecommerce").any(axis=None)
    extended = load_themes({"delivery": [r"\blieferung\b"]}, extend="ecommerce")
    assert tag_themes(texts, extended)["delivery"].tolist() == [True, False]


# Thai words that differ only by a tone mark or a vowel sign (combining
# characters): ข่าว news, ข้าว rice, ขาว white; เสือ tiger, เสื่อ mat.
THAI_APART = [("ข่าว", "ข้าว"), ("ข่าว", "ขาว"), ("ข้าว", "ขาว"), ("เสือ", "เสื่อ")]


@pytest.mark.parametrize(("a", "b"), THAI_APART)
def test_fold_keeps_thai_marks_so_different_words_stay_apart(a, b):
    assert fold(a) != fold(b)
    assert fold(a) == a  # Thai is left as written
    hits = tag_themes([a, b], {"t": {"th": [a]}}, language="th")["t"].tolist()
    assert hits == [True, False]


def test_fold_keeps_marks_of_other_scripts():
    # Japanese voiced mark: が (ga) is not か (ka); Devanagari vowel signs stay.
    assert fold("が") != fold("か") and fold("が") == "が"
    assert fold("कीमत") == "कीमत"


@pytest.mark.parametrize(
    ("accented", "plain"),
    [("Très cher", "tres cher"), ("délai", "delai"), ("envío", "envio"),
     ("atención", "atencion"), ("não", "nao"), ("atenção", "atencao"),
     ("qualità", "qualita"), ("perché", "perche"), ("ÇA", "ca")],
)  # fmt: skip
def test_accent_variants_match_in_fr_es_pt_it(accented, plain):
    assert fold(accented) == plain
    assert tag_themes([accented, plain], {"t": [plain]})["t"].all()
    assert tag_themes([accented, plain], {"t": [accented]})["t"].all()


# Vietnamese words that fold to the same letters: the default pack tells them
# apart in comments typed with diacritics (meanings by hand).
VI_CASES = [
    ("Giá quá đắt", "price", True),  # price, expensive
    ("Gia đình tôi rất thích cửa hàng này", "price", False),  # family
    ("Đặt hàng trên ứng dụng rất dễ", "price", False),  # đặt order, not đắt expensive
    ("Hàng rẻ mà tốt", "price", True),  # cheap
    ("Tôi phải rẽ trái hai lần", "price", False),  # turn left
    ("Giao hàng quá chậm", "waiting", True),  # slow
    ("Chăm sóc khách hàng rất nhiệt tình", "waiting", False),  # customer care
    ("Sản phẩm rất bền", "product_quality", True),  # durable
    ("Bên ngoài hộp bị móp", "product_quality", False),  # outside (side)
    ("Sản phẩm bị lỗi", "reliability", True),  # error
    ("Tôi đã nhận được câu trả lời", "reliability", False),  # answer (trả lời)
    ("Chi nhánh gần nhà rất tiện", "waiting", False),  # chi nhánh: branch office
    ("Nhân viên phục vụ nhanh", "waiting", True),  # nhanh: fast
    # Typed without diacritics: cannot tell, every pattern matches folded.
    ("giao hang qua cham", "waiting", True),
    ("gia qua dat", "price", True),
]


@pytest.mark.parametrize(("text", "theme", "expected"), VI_CASES)
def test_vietnamese_diacritics_tell_words_apart(text, theme, expected):
    assert bool(tag_themes([text])[theme].iloc[0]) is expected
    assert bool(tag_themes([text], language="vi")[theme].iloc[0]) is expected


def test_vietnamese_patterns_without_diacritics_match_every_form():
    themes = {"t": {"vi": [r"\bgiao hang\b"]}, "u": {"vi": [r"\bgiá\b"]}}
    texts = ["Giao hàng quá chậm", "giao hang cham", "Giá cao", "gia cao", "Gia đình tôi"]
    tags = tag_themes(texts, themes, language="vi")
    assert tags["t"].tolist() == [True, True, False, False, False]
    assert tags["u"].tolist() == [False, False, True, True, False]
    assert matching_languages(texts, themes, language="vi").tolist() == ["vi"] * 5


def test_theme_review_keywords_of_vietnamese_keep_diacritics():
    from nps_toolkit.comments.review import theme_review

    df = pd.DataFrame({"c": ["Giá quá đắt, giao hàng chậm", "gia qua dat", "Gia đình tôi"]})
    rev = theme_review(df, comment="c", themes="default", language="vi")
    kw = rev.keywords[rev.keywords["theme"].eq("price")]
    assert dict(zip(kw["keyword"], kw["n_comments"], strict=True)) == {
        "giá": 1, "đắt": 1, "gia": 1
    }  # fmt: skip


def test_vietnamese_tagging_equals_the_documented_rule_comment_by_comment():
    from nps_toolkit.datasets.demo import load_demo

    survey = load_demo().survey
    texts = survey.loc[survey["language"].eq("vi"), "comment"].dropna().head(400).tolist()
    texts += [t for t, _, _ in VI_CASES] + ["Giá rẻ 👍", "gia re", "Đặt hàng", "dat hang", ""]
    for pack in ("default", "ecommerce", "telecom", "hospitality"):
        got = tag_themes(texts, pack, language="vi")
        for name, spec in load_themes(pack).items():
            raw = spec["patterns"].get("any", []) + spec["patterns"].get("vi", [])
            plain = [p for p in raw if fold(p, "vi") == fold(p)]
            marked = [p for p in raw if p not in plain]
            for text, hit in zip(texts, got[name], strict=True):
                if fold(text, "vi") != fold(text):  # typed with diacritics
                    want = any(re.search(fold(p), fold(text)) for p in plain) or any(
                        re.search(fold(p, "vi"), fold(text, "vi")) for p in marked
                    )
                else:
                    want = any(re.search(fold(p), fold(text)) for p in raw)
                assert hit == want, (pack, name, text)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("hòa", "hoà"),
        ("khỏe", "khoẻ"),
        ("thủy", "thuỷ"),
        ("Hủy đơn", "Huỷ đơn"),
        ("tòa nhà", "toà nhà"),
    ],
)
def test_vietnamese_tone_placement_styles_fold_alike(old, new):
    # Old style: tone mark on the first vowel of oa/oe/uy; new style on the second.
    assert fold(old, "vi") == fold(new, "vi") == new.lower()
    assert tag_themes([old, new], {"t": {"vi": [old]}}, language="vi")["t"].all()


@pytest.mark.parametrize("word", ["hoàng", "mùa", "quý", "quà", "toán", "thuyền", "khuya", "người"])
def test_vietnamese_tone_placement_leaves_other_syllables(word):
    assert fold(word, "vi") == word


def test_vietnamese_cancel_in_both_styles_and_not_a_flower():
    tags = tag_themes(["Tôi muốn hủy hợp đồng", "Huỷ gói cước rất khó", "Hoa hồng rất đẹp"])
    assert tags["cancellation"].tolist() == [True, True, False]
    rose = tag_themes(["Hoa hồng rất đẹp"], {"t": {"vi": [r"\bhòa\b"]}}, language="vi")
    assert not rose["t"].any()  # hoa (flower) typed with diacritics is not hoà (draw)
