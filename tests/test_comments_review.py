"""Tests of theme_review (what matched, to check precision) and theme_tone."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from nps_toolkit.comments.review import ThemeReview, theme_review, theme_tone


def _telecom_like():
    return pd.DataFrame(
        {
            "comment": [
                "The TV package is too expensive",  # package (bundle), expensive
                "Package price went up",  # package
                "My parcel arrived late",  # parcel
                "parcel and package both lost",  # parcel, package
                "Great signal",  # nothing
                None,
            ],
            "tone": ["negative", "negative", "negative", "negative", "positive", None],
        }
    )


def test_theme_review_counts_keywords_by_hand():
    themes = {"delivery": [r"\bparcels?\b", r"\bpackages?\b"], "price": [r"\bexpensive\b"]}
    rev = theme_review(_telecom_like(), comment="comment", themes=themes, n_examples=2)
    assert isinstance(rev, ThemeReview)
    kw = rev.keywords.set_index(["theme", "keyword"])
    # Hand count: "package" in 3 comments, "parcel" in 2, of 4 mentioning delivery.
    assert kw.loc[("delivery", "package"), "n_comments"] == 3
    assert kw.loc[("delivery", "parcel"), "n_comments"] == 2
    assert kw.loc[("delivery", "package"), "pct_of_mentions"] == pytest.approx(75.0)
    assert kw.loc[("delivery", "package"), "n_mentions"] == 4
    assert kw.loc[("price", "expensive"), "n_comments"] == 1
    assert list(rev.keywords["keyword"][rev.keywords["theme"].eq("delivery")]) == [
        "package",
        "parcel",
    ]
    ex = rev.examples
    assert (ex["theme"].eq("delivery")).sum() == 2 and (ex["theme"].eq("price")).sum() == 1
    for _, row in ex.iterrows():
        assert row["comment"] in set(_telecom_like()["comment"].dropna())
        for k in row["keywords"].split(", "):
            assert k in row["comment"].lower()


def test_theme_review_lists_only_the_comment_language_keywords():
    themes = {"site": {"en": [r"\bwebsite\b"], "fr": [r"\binternet\b"]}}
    df = pd.DataFrame({"comment": ["The website and the internet at home were both down",
                                   "Je commande toujours sur internet et le site est lent"]})  # fmt: skip
    kw = theme_review(df, comment="comment", themes=themes).keywords
    assert sorted(kw["keyword"]) == ["internet", "website"]
    assert kw["n_comments"].tolist() == [1, 1]


def _wilson(k, n, z=1.959963984540054):
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return 100 * (centre - half), 100 * (centre + half)


def test_theme_tone_shares_by_hand_with_wilson_intervals():
    themes = {"delivery": [r"\bparcels?\b", r"\bpackages?\b"], "signal": ["signal"]}
    df = _telecom_like()
    df.loc[1, "tone"] = "Positive"  # labels are case-insensitive
    r = theme_tone(df, comment="comment", tone="tone", themes=themes).set_index("theme")
    d = r.loc["delivery"]
    assert (d["n_mentions"], d["n_negative"], d["n_positive"]) == (4, 3, 1)
    assert d["pct_negative"] == pytest.approx(75.0) and d["pct_positive"] == pytest.approx(25.0)
    assert (d["pct_negative_ci_low"], d["pct_negative_ci_high"]) == pytest.approx(_wilson(3, 4))
    s = r.loc["signal"]
    assert s["n_mentions"] == 1 and s["pct_positive"] == 100.0


def test_theme_tone_numeric_scores_and_missing_tone():
    df = pd.DataFrame({"comment": ["late parcel", "parcel ok", "parcel fine", "parcel"],
                       "compound": [-0.6, 0.3, 0.0, np.nan]})  # fmt: skip
    r = theme_tone(df, comment="comment", tone="compound", themes={"d": ["parcel"]})
    row = r.iloc[0]
    assert (row["n_mentions"], row["n_negative"], row["n_positive"]) == (3, 1, 1)
    assert row["n_without_tone"] == 1
    with pytest.raises(ValueError, match="'nope'"):
        theme_tone(df, comment="comment", tone="nope", themes={"d": ["parcel"]})


# Per-sentence tone (issue 15: "the share of the sentences that mention it").
_THEMES = {
    "delivery": {"en": ["delivery"], "zh": ["送货"], "th": ["ส่งของ"]},
    "staff": {"en": ["staff"], "zh": ["服务"], "th": ["พนักงาน"]},
}
_MIXED = pd.DataFrame(
    {
        "c": [
            "The delivery was late. The staff were lovely.",  # en, two sentences
            "送货太慢了。送货员也迟到了。服务很好！",  # zh, three sentences
            "ส่งของช้ามาก พนักงานสุภาพ",  # th, two sentences (a space between them)
            None,
            "Staff rude",  # no tone
            "delivery ok",
        ],
        "tone": ["positive", "negative", "negative", "positive", None, "positive"],
    }
)


def test_theme_tone_counts_sentences_by_hand():
    r = theme_tone(_MIXED, comment="c", tone="tone", themes=_THEMES).set_index("theme")
    # delivery: "The delivery was late." read negative by the lexicon (its comment
    # is positive), two zh sentences and one th sentence with their comment's
    # negative tone, "delivery ok" positive.
    d = r.loc["delivery"]
    assert (d["n_mentions"], d["n_negative"], d["n_positive"]) == (5, 4, 1)
    assert (d["n_comments"], d["n_comment_tone"], d["n_without_tone"]) == (4, 3, 0)
    assert d["pct_negative"] == pytest.approx(80.0)
    # staff: "The staff were lovely." positive; zh and th sentences negative;
    # "Staff rude" has no tone.
    s = r.loc["staff"]
    assert (s["n_mentions"], s["n_negative"], s["n_positive"]) == (3, 2, 1)
    assert (s["n_comments"], s["n_comment_tone"], s["n_without_tone"]) == (3, 2, 1)


def test_theme_tone_per_comment_unit_by_hand():
    r = theme_tone(_MIXED, comment="c", tone="tone", themes=_THEMES, unit="comment")
    r = r.set_index("theme")
    # Each comment once, with its own tone: delivery in comments 0 (+), 1 (-), 2 (-), 5 (+).
    assert tuple(r.loc["delivery", ["n_mentions", "n_negative", "n_positive"]]) == (4, 2, 2)
    assert r.loc["delivery", "n_comment_tone"] == 0
    with pytest.raises(ValueError, match="unit"):
        theme_tone(_MIXED, comment="c", tone="tone", themes=_THEMES, unit="word")
