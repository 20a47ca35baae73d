"""Tests of TopicDiscovery's readable labels and starter dictionary (to_yaml)."""

from __future__ import annotations

from sklearn.base import clone

from nps_toolkit.comments.dictionary import load_themes
from nps_toolkit.comments.tagging import tag_themes
from nps_toolkit.comments.topics import TopicDiscovery, term_pattern, topic_label

DOCS = ["late parcel delivery", "parcel was late again", "the parcel arrived late"] * 4 + [
    "rude staff at the till",
    "staff at the till were rude",
] * 6


def test_topic_label_prefers_word_pairs():
    assert topic_label(["late", "parcel", "parcel late", "again"]) == "parcel late / again"
    assert topic_label(["late", "parcel"]) == "late / parcel"
    assert topic_label([]) == ""


def test_term_pattern_matches_the_pair_across_dropped_stop_words():
    import re

    rx = re.compile(term_pattern("parcel late"))
    assert rx.search("the parcel was very late") and rx.search("parcel late")
    assert not rx.search("the parcel was not at all that late")  # more than two words between


def test_to_yaml_round_trip(tmp_path):
    td = TopicDiscovery(n_topics=2, min_df=1, stop_words="en").fit(DOCS)
    assert len(td.labels_) == 2 and all(" / " in lab for lab in td.labels_)
    path = tmp_path / "starter.yaml"
    written = td.to_yaml(path)
    themes = load_themes(path, extend=False)
    assert list(themes) == list(written["themes"])
    assert [themes[k]["label"] for k in themes] == td.labels_
    tags = tag_themes(DOCS, path)
    # Each planted topic's comments are tagged by the theme of their topic.
    topic = td.transform(DOCS).to_numpy().argmax(axis=1)
    for k, name in enumerate(themes):
        assert tags[name][topic == k].all()
    # Still a scikit-learn estimator.
    assert clone(td).get_params() == td.get_params()
    assert not hasattr(clone(td), "labels_")


# Chinese and Thai: written without spaces, so patterns cannot use \b.
_ZH = ["物流很慢，等了一个星期", "物流太慢了", "快递物流很慢"] * 4 + [
    "服务员态度很差",
    "服务员的态度不好",
    "态度很差的服务员",
] * 4
_TH = ["ส่งของช้ามาก รอนาน", "ส่งของช้า รอนานมาก", "ส่งของช้ามาก"] * 4 + [
    "พนักงานพูดจาไม่ดี",
    "พนักงานไม่สุภาพ",
    "พนักงานพูดจาไม่สุภาพ",
] * 4


def test_term_pattern_of_words_written_without_spaces():
    import re

    rx = re.compile(term_pattern("服务员 态度"))  # waiter / attitude
    assert rx.search("服务员态度很差") and rx.search("服务员的态度不好")
    assert not rx.search("态度很差的服务员")  # the other order
    assert re.search(term_pattern("物流"), "快递物流很慢")
    assert re.search(term_pattern("ไม่ สุภาพ"), "พนักงานไม่สุภาพ")  # not / polite


def test_topic_label_joins_chinese_and_thai_words_without_spaces():
    assert topic_label(["服务员 态度", "态度"]) == "服务员态度"
    assert topic_label(["ไม่ สุภาพ", "พนักงาน"], n=2) == "ไม่สุภาพ / พนักงาน"
    assert topic_label(["wifi 很慢"]) == "wifi 很慢"


def test_to_yaml_round_trip_in_chinese_and_thai(tmp_path):
    for lang, docs in (("zh", _ZH), ("th", _TH)):
        td = TopicDiscovery(n_topics=2, min_df=1, language=lang).fit(docs)
        assert not any("  " in lab or lab.count(" ") > 2 for lab in td.labels_), td.labels_
        path = tmp_path / f"{lang}.yaml"
        written = td.to_yaml(path)
        themes = load_themes(path, extend=False)
        # Keys keep whole words (Thai vowel signs and tone marks included).
        for key, spec in themes.items():
            words = [w for part in spec["label"].split(" / ") for w in part.split()]
            assert key.split("_")[2:] == words, (key, spec["label"])
        assert list(themes) == list(written["themes"])
        tags = tag_themes(docs, path)
        # Planted: comments 0-11 one topic, 12-23 the other; each is tagged by its topic's theme.
        topic = td.transform(docs).to_numpy().argmax(axis=1)
        assert len(set(topic[:12])) == 1 and len(set(topic[12:])) == 1 and topic[0] != topic[12]
        for k, name in enumerate(themes):
            assert tags[name][topic == k].all(), (lang, name)
