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
