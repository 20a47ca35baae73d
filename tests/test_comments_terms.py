"""Tests of nps_toolkit.comments.terms: tokens, stop words, languages, Fightin' Words, top terms."""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from nps_toolkit.comments.terms import (
    KEEP,
    detect_language,
    distinctive_terms,
    fightin_words,
    ngrams,
    normalize,
    stop_words,
    tokenize,
    top_terms,
)

BOTANIC = [
    Path(__file__).resolve().parent.parent / "data" / "botanic_nps_fr" / "nps_utf8.csv",
    Path("/work/shared/data/botanic_nps_fr/nps_utf8.csv"),
]


@pytest.fixture(scope="module")
def demo():
    from nps_toolkit.datasets.demo import load_demo

    return load_demo().survey


@pytest.fixture(scope="module")
def botanic():
    for path in BOTANIC:
        if path.exists():
            return pd.read_csv(path)
    raise AssertionError(f"the botanic survey ships with the repository: {BOTANIC}")


# ------------------------------------------------------------------ tokens
def test_normalize_folds_case_spaces_and_apostrophes():
    assert normalize("  Don\u2019t   SHIP\n late ") == "don't ship late"
    assert normalize(None) == "" and normalize(float("nan")) == ""


def test_tokenize_keeps_negations_contractions_and_emoji():
    assert tokenize("Delivery wasn't on time!! 2 days late 👎") == [
        "delivery",
        "wasn't",
        "on",
        "time",
        "days",
        "late",
        "👎",
    ]


def test_token_pattern_gives_the_same_tokens_as_nltk_regexp_tokenizer():
    from nltk.tokenize import RegexpTokenizer

    from nps_toolkit.comments.tokens import TOKEN_PATTERN as _TOKEN_PATTERN
    from nps_toolkit.comments.tokens import TOKEN_RE as _TOKEN_RE

    text = normalize("Don't ship late!! l'appli 送货太慢 mp3 10/10 👍 ส่งช้า über-fast")
    assert _TOKEN_RE.findall(text) == RegexpTokenizer(_TOKEN_PATTERN).tokenize(text)


def test_tokenize_splits_french_elisions_and_keeps_negative_ne():
    assert tokenize("L'appli n'est jamais à jour, j'attends") == [
        "appli",
        "ne",
        "est",
        "jamais",
        "à",
        "jour",
        "attends",
    ]


def test_tokenize_drops_numbers_keeps_alphanumeric_words():
    assert tokenize("10/10 my mp3 player, 4g fine, 45 minutes") == [
        "my",
        "mp3",
        "player",
        "4g",
        "fine",
        "minutes",
    ]


def test_term_in_every_comment_is_not_distinctive():
    d, z = fightin_words([3], 3, [4], 4, [1.0], 1.0)
    assert d[0] == 0 and z[0] == 0


def test_tokenize_gives_words_for_chinese_and_thai():
    # Issue 15: words, not characters (was one token per character before).
    assert tokenize("送货太慢 ok") == ["送货", "太慢", "ok"]
    assert tokenize("ส่งช้า") == ["ส่ง", "ช้า"]


def test_stemming_where_a_stemmer_exists_and_not_elsewhere():
    assert tokenize("deliveries delivered", language="en", stem=True) == ["deliveri", "deliv"]
    assert tokenize("livraisons", language="fr", stem=True) == ["livraison"]
    # No Snowball stemmer for Indonesian: tokens unchanged but for the clitic -nya.
    assert tokenize("pengiriman lambat", language="id", stem=True) == ["pengiriman", "lambat"]
    assert tokenize("pengirimannya", language="id", stem=True) == ["pengiriman", "nya"]


def test_ngrams_by_hand():
    toks = ["not", "on", "time", "again"]
    assert ngrams(toks, (1, 1)) == toks
    assert ngrams(toks, (2, 3)) == [
        "not on",
        "on time",
        "time again",
        "not on time",
        "on time again",
    ]
    with pytest.raises(ValueError, match="ngram_range"):
        ngrams(toks, (2, 1))


@pytest.mark.parametrize(
    ("lang", "kept", "dropped"),
    [
        (
            "en",
            ["not", "no", "never", "nor", "too", "very", "don't", "good", "problem"],
            ["the", "and", "was"],
        ),
        ("fr", ["ne", "pas", "jamais", "trop", "très", "rien", "cher"], ["le", "et", "de"]),
        ("es", ["no", "nunca", "muy", "demasiado"], ["el", "que", "los"]),
        ("pt", ["não", "nunca", "muito"], ["o", "que", "os"]),
        ("it", ["non", "mai", "troppo", "molto"], ["il", "che", "gli"]),
        ("id", ["tidak", "bukan", "jangan", "sangat", "terlalu"], ["yang", "dan", "di"]),
    ],
)
def test_stop_words_keep_negations_and_intensifiers(lang, kept, dropped):
    sw = stop_words(lang)
    assert not any(w in sw for w in kept)
    assert all(w in sw for w in dropped)
    assert KEEP[lang].isdisjoint(sw)


def test_stop_words_unknown_language_is_empty():
    assert stop_words("unknown") == frozenset()


# ------------------------------------------------------------------ languages
def test_detect_language_short_blank_missing_and_index():
    s = pd.Series(
        ["The parcel arrived a week late", "ok", "", None, "-", "Harganya terlalu mahal sekali"],
        index=[10, 11, 12, 13, 14, 15],
    )
    out = detect_language(s)
    assert list(out.index) == [10, 11, 12, 13, 14, 15]
    assert out[10] == "en" and out[11] == "unknown" and out[15] == "id"
    assert out[[12, 13, 14]].isna().all()
    conf = detect_language(s, return_confidence=True)
    assert list(conf.columns) == ["language", "confidence"]
    assert conf["confidence"][10] > 0.9 and np.isnan(conf["confidence"][13])


def test_detect_language_rejects_unknown_codes():
    with pytest.raises(ValueError, match="languages="):
        detect_language(["hello there my friend"], languages=["en", "xx"])


def test_detect_language_on_demo_matches_true_language(demo):
    # The demo's language column is the language each comment was written in.
    det = detect_language(demo["comment"])
    truth = demo["language"].astype("object")
    known = truth.notna() & det.notna() & det.ne("unknown")
    accuracy = (det[known] == truth[known]).mean()
    assert accuracy >= 0.99
    # Every non-English comment is a full sentence: nearly all must be recognised.
    foreign = truth.notna() & truth.ne("en")
    assert (det[foreign] == truth[foreign]).mean() >= 0.95
    # Comments that are not answers ("n/a", "-", "?") are never given a language.
    assert det[demo["comment"].isin(["-", "?", "."])].isna().all()


def test_detect_language_on_real_french_survey(botanic):
    comments = botanic["explication"]
    det = detect_language(comments)
    long = comments.fillna("").str.count(r"[^\W\d_]") >= 30
    assert (det[long] == "fr").mean() >= 0.95


# ------------------------------------------------------------------ Fightin' Words
def _tiny():
    return pd.DataFrame(
        {
            "comment": [
                "late delivery",  # detractor
                "late late again",  # detractor ("late" counts once: comments, not tokens)
                "rude staff",  # detractor
                "great delivery",  # promoter
                "great staff",  # promoter
                "great",  # promoter
                "late but ok",  # passive: only in the prior
            ],
            "nps": [1, 3, 6, 10, 9, 9, 7],
        }
    )


def test_fightin_words_matches_hand_calculation():
    df = _tiny()
    res = distinctive_terms(
        df, comment="comment", score="nps", ngram_range=(1, 1), min_count=1, top=None,
        stop_words=None, alpha0=1.0,
    )  # fmt: skip
    res = res.set_index("term")
    # "late": 2 of 3 detractor comments, 0 of 3 promoter comments, 3 of 7 comments overall.
    n_i, n_j, a0 = 3, 3, 1.0
    a = a0 * 3 / 7
    delta = math.log((2 + a) / (n_i + a0 - 2 - a)) - math.log((0 + a) / (n_j + a0 - 0 - a))
    # Full binomial variance of the two log-odds (issue 10: Monroe et al.'s eq. 22
    # drops the 1 / (n - y) terms, which over-states z for comment counts).
    var = 1 / (2 + a) + 1 / (n_i + a0 - 2 - a) + 1 / (0 + a) + 1 / (n_j + a0 - 0 - a)
    z = delta / math.sqrt(var)
    assert res.loc["late", "log_odds"] == pytest.approx(delta, rel=1e-12)
    assert res.loc["late", "z"] == pytest.approx(z, rel=1e-12)
    assert res.loc["late", "n_target"] == 2 and res.loc["late", "n_versus"] == 0
    assert res.loc["late", "pct_target"] == pytest.approx(200 / 3)
    # "great": 0 of 3 vs 3 of 3, 3 of 7 overall.
    delta_g = math.log((0 + a) / (n_i + a0 - a)) - math.log((3 + a) / (n_j + a0 - 3 - a))
    z_g = delta_g / math.sqrt(1 / a + 1 / (n_i + a0 - a) + 1 / (3 + a) + 1 / (n_j + a0 - 3 - a))
    assert res.loc["great", "z"] == pytest.approx(z_g, rel=1e-12)
    # "staff": 1 vs 1, 2 of 7 overall: exactly zero.
    assert res.loc["staff", "z"] == pytest.approx(0.0, abs=1e-12)
    # Ranked by z, descending.
    assert res["z"].is_monotonic_decreasing


def test_fightin_words_function_by_hand():
    d, z = fightin_words([8, 2], 10, [2, 8], 10, [0.5, 0.5], 1.0)
    assert d[0] == pytest.approx(math.log(8.5 / 2.5) - math.log(2.5 / 8.5))
    # 8 of 10 vs 2 of 10, prior 0.5 of 1: variance 1/8.5 + 1/2.5 + 1/2.5 + 1/8.5.
    assert z[0] == pytest.approx(d[0] / math.sqrt(2 / 8.5 + 2 / 2.5))
    assert z[0] == pytest.approx(2.4054694882757306)
    assert z[1] == pytest.approx(-z[0])


def _null_binomial_z(rng, reps, n=600, share=0.4, alpha0=10.0):
    """z of a term in ``share`` of the comments of both groups (no difference)."""
    y_i = rng.binomial(n, share, size=reps)
    y_j = rng.binomial(n, share, size=reps)
    # Background rate from the two groups (as when nobody else commented).
    _, z = fightin_words(y_i, n, y_j, n, alpha0 * (y_i + y_j) / (2 * n), alpha0)
    return z


def test_fightin_words_z_is_standard_normal_for_comment_counts_under_the_null():
    # Issue 10: a term in 40% of 600 vs 600 comments had sd(z) = 1.34 and
    # |z| > 1.96 in 18% of samples with Monroe et al.'s variance.
    z = _null_binomial_z(np.random.default_rng(20261202), 20_000)
    assert 0.9 < z.std() < 1.1
    assert 0.03 < np.mean(np.abs(z) > 1.96) < 0.07
    assert abs(z.mean()) < 0.05
    # The same holds where the term is rare (the token-count regime) and common.
    for share in (0.02, 0.15, 0.7):
        z = _null_binomial_z(np.random.default_rng(7), 20_000, share=share)
        assert 0.9 < z.std() < 1.1, share
        assert 0.03 < np.mean(np.abs(z) > 1.96) < 0.07, share


def test_distinctive_terms_null_terms_reject_at_the_nominal_rate():
    # 400 unrelated terms, each in 40% of 600 detractor and 600 promoter comments:
    # every term is an independent null replicate of the public function.
    rng = np.random.default_rng(11)
    letters = "bcdfghjklmnpqrstvwxz"
    vocab = np.array([f"{a}{b}o{c}" for a in letters for b in "aeiu" for c in letters[:5]][:400])
    has = rng.random((1200, len(vocab))) < 0.4
    texts = [" ".join(vocab[row]) or "nothing" for row in has]
    df = pd.DataFrame({"c": texts, "s": [0] * 600 + [10] * 600})
    res = distinctive_terms(
        df, comment="c", score="s", ngram_range=(1, 1), top=None, stop_words=None, min_count=1
    )
    z = res.set_index("term").loc[vocab, "z"].to_numpy()
    assert 0.9 < z.std() < 1.1
    assert 0.03 < np.mean(np.abs(z) > 1.96) < 0.07


def test_counts_match_a_plain_counter_loop():
    rng = np.random.default_rng(7)
    words = ["late", "price", "staff", "great", "app", "refund", "box", "fast"]
    texts = [" ".join(rng.choice(words, size=rng.integers(1, 6))) for _ in range(400)]
    scores = rng.integers(0, 11, size=400)
    df = pd.DataFrame({"c": texts, "s": scores})
    res = distinctive_terms(
        df, comment="c", score="s", min_count=1, top=None, stop_words=None, alpha0=5.0
    ).set_index("term")
    # Independent count: a set of n-grams per comment, Counter per group.
    cnt = {"det": Counter(), "pro": Counter(), "all": Counter()}
    n = {"det": 0, "pro": 0}
    for t, s in zip(texts, scores, strict=True):
        toks = t.split()
        grams = set(toks) | {f"{a} {b}" for a, b in zip(toks, toks[1:], strict=False)}
        cnt["all"].update(grams)
        grp = "det" if s <= 6 else ("pro" if s >= 9 else None)
        if grp:
            cnt[grp].update(grams)
            n[grp] += 1
    for term in ["late", "refund", "late price", "fast fast"]:
        y_i, y_j = cnt["det"][term], cnt["pro"][term]
        a = 5.0 * cnt["all"][term] / 400
        delta = math.log((y_i + a) / (n["det"] + 5 - y_i - a)) - math.log(
            (y_j + a) / (n["pro"] + 5 - y_j - a)
        )
        assert res.loc[term, "n_target"] == y_i and res.loc[term, "n_versus"] == y_j
        var = (
            1 / (y_i + a)
            + 1 / (n["det"] + 5 - y_i - a)
            + 1 / (y_j + a)
            + 1 / (n["pro"] + 5 - y_j - a)
        )
        assert res.loc[term, "z"] == pytest.approx(delta / math.sqrt(var))


def test_planted_word_comes_out_on_top_and_null_words_stay_calm():
    rng = np.random.default_rng(2026)
    letters = "bcdfghjklmnpqrstvwxz"
    vocab = [f"{a}o{b}a" for a in letters for b in letters[:8]][:150]
    rows = []
    for _ in range(3000):
        s = int(rng.integers(0, 11))
        words = list(rng.choice(vocab, size=6, replace=False))
        p_refund = 0.30 if s <= 6 else (0.05 if s >= 9 else 0.1)
        if rng.random() < p_refund:
            words.append("refund")
        rows.append((" ".join(words), s))
    df = pd.DataFrame(rows, columns=["c", "s"])
    res = distinctive_terms(
        df, comment="c", score="s", ngram_range=(1, 1), top=None, stop_words=None
    )
    assert res["term"].iloc[0] == "refund"
    null = res[res["term"].ne("refund")]["z"]
    # Null words have the same rate in both groups: z is roughly standard normal.
    assert abs(null.mean()) < 0.3
    assert 0.7 < null.std() < 1.3
    assert null.abs().max() < 4.5


def test_example_is_a_real_target_comment_shortest_reasonable():
    df = pd.DataFrame(
        {
            "c": [
                "late",  # detractor, too short (<20 chars) to be preferred
                "the parcel came late, twice",  # detractor, 27 chars
                "late late late and also very very late",  # detractor, longer
                "late? no, on time and great",  # promoter containing "late"
                "all great",
                "great",
            ],
            "s": [0, 2, 3, 10, 10, 9],
        }
    )
    res = distinctive_terms(
        df, comment="c", score="s", min_count=1, top=None, stop_words=None, both_sides=True
    ).set_index("term")
    assert res.loc["late", "example"] == "the parcel came late, twice"
    assert res.loc["great", "example"] == "late? no, on time and great"
    assert res.loc["late", "side"] == "detractor" and res.loc["great", "side"] == "promoter"


def test_groups_as_lists_and_bad_arguments():
    df = _tiny()
    res = distinctive_terms(
        df, comment="comment", score="nps", target=["detractor", "passive"], min_count=1,
        stop_words=None, ngram_range=(1, 1), top=None,
    )  # fmt: skip
    assert res.set_index("term").loc["late", "n_target"] == 3
    assert res.attrs["n_target_comments"] == 4
    with pytest.raises(ValueError, match="share"):
        distinctive_terms(df, comment="comment", score="nps", target="promoter", versus="promoter")
    with pytest.raises(ValueError, match="'nope'"):
        distinctive_terms(df, comment="nope", score="nps")
    with pytest.raises(ValueError, match="category"):
        distinctive_terms(df, comment="comment", score="nps", target="detractors")
    with pytest.raises(ValueError, match="No comment from"):
        distinctive_terms(df.iloc[:3], comment="comment", score="nps", min_count=1)


def test_rows_without_text_or_score_are_accounted_for():
    df = pd.concat(
        [_tiny(), pd.DataFrame({"comment": [None, "  ", "late"], "nps": [3, 10, np.nan]})],
        ignore_index=True,
    )
    res = distinctive_terms(df, comment="comment", score="nps", min_count=1, stop_words=None)
    assert res.attrs["rows_without_text"] == 2
    assert res.attrs["rows_without_score"] == 1
    assert res.attrs["n_target_comments"] == 3


def test_demo_distinctive_terms_per_language(demo):
    res = distinctive_terms(
        demo, comment="comment", score="score", by_language=True, language_column="language",
        min_count=3, top=10,
    )  # fmt: skip
    assert {"en", "fr", "es", "pt", "it", "id"} <= set(res["language"])
    assert list(res.columns[:2]) == ["language", "term"]
    en = res[res["language"].eq("en")]
    assert {"not", "never"} & set(en["term"].head(3))
    # Examples come from the language's own comments.
    fr = res[res["language"].eq("fr")]
    assert demo["language"][demo["comment"].isin(fr["example"])].eq("fr").all()
    only_fr = distinctive_terms(
        demo, comment="comment", score="score", language="fr", min_count=3, top=5
    )
    assert set(only_fr["example"]) <= set(demo["comment"][demo["language"].eq("fr")])


def test_real_french_survey_price_words_top_detractors(botanic):
    res = distinctive_terms(botanic, comment="explication", score="nps", scale=(1, 10), top=10)
    assert {"prix", "cher", "trop cher"} & set(res["term"].head(5))
    assert res["z"].iloc[0] > 5
    # Without declaring the 1-10 scale, the score is still 0-10-compatible, but a 0 never occurs;
    # a bad declaration is refused.
    with pytest.raises(ValueError):
        distinctive_terms(botanic, comment="explication", score="nps", scale=(1, 5))


# ------------------------------------------------------------------ top terms
def test_top_terms_counts_comments_by_hand():
    texts = pd.Series(["Too expensive", "too expensive, too slow", "Fast delivery", None, " "])
    res = top_terms(texts, stop_words="en", ngram_range=(1, 1), top=None)
    got = dict(zip(res["term"], res["n"], strict=True))
    assert got == {"too": 2, "expensive": 2, "slow": 1, "fast": 1, "delivery": 1}
    assert res.attrs["n_comments"] == 3
    assert res.set_index("term").loc["too", "pct"] == pytest.approx(200 / 3)
    assert res["n"].is_monotonic_decreasing


# ------------------------------------------------------------------ plot
def test_plot_distinctive_terms_draws_both_sides(demo):
    from nps_toolkit.plots.text import plot_distinctive_terms

    res = distinctive_terms(demo, comment="comment", score="score", top=8, both_sides=True)
    ax = plot_distinctive_terms(res, top=8)
    assert isinstance(ax, plt.Axes)
    widths = [p.get_width() for p in ax.patches]
    assert len(widths) == 16
    assert sum(w > 0 for w in widths) == 8 and sum(w < 0 for w in widths) == 8
    _, ax2 = plt.subplots()
    assert plot_distinctive_terms(demo, text="comment", score="score", top=5, ax=ax2) is ax2
    with pytest.raises(ValueError, match="term"):
        plot_distinctive_terms(pd.DataFrame({"x": [1]}))


def test_distinctive_terms_old_text_name_still_works_with_a_future_warning():
    df = _tiny()
    kw = dict(score="nps", min_count=1, stop_words=None, ngram_range=(1, 1), top=None)
    new = distinctive_terms(df, comment="comment", **kw)
    with pytest.warns(FutureWarning, match=r"distinctive_terms\(text=\.\.\.\) is renamed comment="):
        old = distinctive_terms(df, text="comment", **kw)
    pd.testing.assert_frame_equal(old, new)
    assert old.attrs == new.attrs
    with pytest.raises(TypeError, match="both text= .* and comment="):
        distinctive_terms(df, text="comment", comment="comment", **kw)
    # The error for a wrong column names the new argument.
    with pytest.raises(ValueError, match=r"argument comment=\).*'nope'|'nope'.*argument comment="):
        distinctive_terms(df, comment="nope", score="nps")


def test_plot_distinctive_terms_gives_chinese_and_thai_terms_a_font(monkeypatch):
    import warnings

    import nps_toolkit.plots.text as ptext

    result = pd.DataFrame({"term": ["物流", "很 慢", "อร่อย", "late"], "z": [3.0, 2.0, -2.0, -1.0]})
    monkeypatch.setattr(ptext, "_installed_font_names", lambda: {"Noto Sans Thai", "SimHei"})
    fig, ax = plt.subplots()
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        ptext.plot_distinctive_terms(result, ax=ax)
    families = [label.get_fontfamily() for label in ax.get_yticklabels()]
    assert all(f[1:] == ["SimHei", "Noto Sans Thai"] for f in families)
    plt.close(fig)
    monkeypatch.setattr(ptext, "_installed_font_names", lambda: set())
    fig, ax = plt.subplots()
    with pytest.warns(UserWarning, match="no font for them"):
        ptext.plot_distinctive_terms(result, ax=ax)
    plt.close(fig)
    assert ptext.fallback_fonts(["late", "delivery"]) is None


# The demo's detractors in it/id/vi carry a planted generic sentence (words
# known from datasets/phrases.py) and planted complaints; their distinctive
# terms recover those words, as words (Vietnamese: syllable pairs), and the
# language's stop words stay out.
@pytest.mark.parametrize(
    ("lang", "planted", "stops"),
    [
        ("it", {"deluso", "comprerò", "mai più"}, {"qui", "di", "il", "ho"}),
        ("id", {"kecewa", "belanja", "sangat kecewa", "terlambat"}, {"saya", "akan", "di", "sini"}),
        ("vi", {"thất vọng", "bao giờ", "chậm"}, {"tôi", "sẽ", "ở", "đây", "nữa"}),
    ],
)
def test_demo_distinctive_terms_recover_planted_words_per_language(demo, lang, planted, stops):
    import warnings

    data = demo[demo["language"].eq(lang)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = distinctive_terms(
            data, comment="comment", score="score", language=lang, min_count=3, top=15
        )
    top = set(res["term"])
    assert planted <= top, (lang, sorted(top))
    assert not stops & top, (lang, sorted(stops & top))
    assert stops <= stop_words(lang)
