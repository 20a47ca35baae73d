"""Tests of nps_toolkit.comments.themes: dictionary, tagging, topic discovery, theme impact."""

from __future__ import annotations

import math
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps

from nps_toolkit.comments.themes import (
    DEFAULT_THEMES,
    TopicDiscovery,
    fold,
    load_themes,
    tag_themes,
    theme_impact,
)
from nps_toolkit.datasets.truth import THEMES

STANDARD = list(THEMES)  # the demo's planted themes
ECOMMERCE = load_themes("ecommerce")
BOTANIC = [
    Path(__file__).resolve().parent.parent / "data" / "botanic_nps_fr" / "nps_utf8.csv",
    Path("/work/shared/data/botanic_nps_fr/nps_utf8.csv"),
]


@pytest.fixture(scope="module")
def demo():
    from nps_toolkit.datasets.demo import load_demo

    survey = load_demo().survey
    truth = pd.read_csv(Path(__file__).resolve().parent.parent / "data" / "demo" / "truth.csv")
    return survey.merge(truth, on="response_id", how="left", validate="one_to_one")


@pytest.fixture(scope="module")
def botanic():
    for path in BOTANIC:
        if path.exists():
            return pd.read_csv(path)
    raise AssertionError(f"the botanic survey ships with the repository: {BOTANIC}")


# ------------------------------------------------------------------ dictionary
def test_ecommerce_pack_has_the_standard_keys_and_six_languages():
    # The e-commerce pack is the kit's former default dictionary.
    assert list(ECOMMERCE)[:8] == STANDARD
    for name in STANDARD:
        assert {"en", "fr", "es", "pt", "it", "id"} <= set(ECOMMERCE[name]["patterns"])
        assert ECOMMERCE[name]["label"]


POSITIVE = {
    "delivery": [
        "The delivery was a week late",
        "delivrey was slow",
        "shipping took forever",
        "my pakage never arrived",
        "delivery was not late",  # a negation does not remove the mention
        "La livraison a eu du retard",
        "El envío llegó tarde",
        "A entrega atrasou",
        "La consegna è arrivata tardi",
        "Pengiriman terlambat",
    ],
    "price": [
        "way too expensive",
        "overpriced",
        "good value for money",
        "trop cher",
        "Les prix sont élevés",
        "Los precios son altos",
        "Os preços são caros",
        "I prezzi sono alti",
        "Harganya mahal",
    ],
    "support": [
        "customer service never answered",
        "costumer servise was rude",
        "I waited on hold for an hour",
        "Le service client ne répond pas",
        "Atención al cliente pésima",
        "O atendimento foi mau",
        "Il servizio clienti non risponde",
        "Layanan pelanggan lambat",
    ],
    "product_quality": [
        "poor quality",
        "the product broke after two days",
        "qualité médiocre",
        "muy mala calidad",
        "qualidade péssima",
        "qualità pessima",
        "kualitasnya buruk",
    ],
    "ease_of_use": [
        "easy to use",
        "setup is confusing",
        "montage compliqué",
        "muy difícil de montar",
        "é muito fácil",
        "facilissimo",
        "sangat mudah",
    ],
    "website_app": [
        "the app keeps crashing",
        "the webiste is slow",
        "l'application plante",
        "la aplicación se cierra",
        "o site é simples",
        "il sito è lento",
        "aplikasinya error",
    ],
    "billing_refunds": [
        "still waiting for my refund",
        "I was charged twice",
        "j'attends mon remboursement",
        "esperando el reembolso",
        "à espera do reembolso",
        "aspettando il rimborso",
        "pengembalian dana lama",
    ],
    "staff": [
        "the staff were rude",
        "the driver was polite",
        "personnel très aimable",
        "bons conseils",
        "el personal fue amable",
        "os funcionários foram simpáticos",
        "il personale è gentile",
        "pegawainya ramah",
    ],
    "checkout_queue": ["trop d'attente en caisse", "long queues at the till"],
    "product_range": ["pas assez de choix", "out of stock again"],
    "loyalty": ["ma carte de fidélité", "loyalty points expired"],
}

NEGATIVE = {
    "delivery": ["great prices", "the staff were rude", "love it"],
    "price": ["cheap quality, it broke", "customer care was great", "nice app"],
    "support": ["the parcel was late", "trop cher", "supper was great"],
    "product_quality": ["fast delivery", "caisse lente", "nice staff"],
    "ease_of_use": ["late parcel", "trop cher", "the staff were nice"],
    "website_app": ["la plante est belle", "fast delivery", "the staff were nice"],
    "billing_refunds": ["fast delivery", "nice staff", "I will return to this shop"],
    "staff": ["fast delivery", "good prices", "personal data"],
    "checkout_queue": ["the app is great", "fast delivery"],
    "product_range": ["fast delivery", "trop cher"],
    "loyalty": ["fast delivery", "trop cher"],
}


@pytest.mark.parametrize("theme", list(POSITIVE))
def test_theme_patterns_positive_and_negative_examples(theme):
    pos = tag_themes(POSITIVE[theme], "ecommerce")[theme]
    assert pos.all(), [t for t, hit in zip(POSITIVE[theme], pos, strict=True) if not hit]
    neg = tag_themes(NEGATIVE[theme], "ecommerce")[theme]
    assert not neg.any(), [t for t, hit in zip(NEGATIVE[theme], neg, strict=True) if hit]


def test_fold_repairs_dos_mojibake_and_accents():
    assert fold("D\u201aLAI de livraison, pƒques, Très") == "delai de livraison, paques, tres"
    assert tag_themes(["d\u201alai de livraison trop long"], "ecommerce")["delivery"].iloc[0]


def test_fold_equals_its_character_by_character_definition():
    # fold() skips work on ASCII text; the result must be the definition:
    # normalize, DOS repairs, NFKD, drop the Combining Diacritical Marks
    # (U+0300-U+036F, the Latin/Greek/Cyrillic accents), recompose (NFC).
    import random
    import unicodedata

    from nps_toolkit.comments import dictionary as th
    from nps_toolkit.comments.terms import normalize

    def definition(text):
        text = normalize(text).translate(th._DOS_ALWAYS)
        text = th._DOS_INSIDE.sub(lambda m: th._DOS_INSIDE_MAP[m.group(0)], text)
        decomposed = unicodedata.normalize("NFKD", text)
        kept = "".join(c for c in decomposed if not 0x300 <= ord(c) <= 0x36F)
        return unicodedata.normalize("NFC", kept)

    rnd = random.Random(3)
    pool = "`\u00b4\u2019\u2018\u201a\u0192\u2021\u02c6\u0152\x90\u2030\u2039\u2013\u2014\u2026\u201c\u0160"
    pool += "\u00e9\u00e8\u00e0\u00e7\u0301\u0327 \t\x1c\u3000\uff21\u00df\u1e9e"
    pickers = [
        lambda: chr(rnd.randint(0, 0x7F)),
        lambda: chr(rnd.randint(0x80, 0x2FFF)),
        lambda: chr(rnd.randint(0, 0x10FFFF)),
        lambda: rnd.choice(pool),
        lambda: "e",
    ]
    for _ in range(20_000):
        text = "".join(rnd.choice(pickers)() for _ in range(rnd.randint(0, 12)))
        assert fold(text) == definition(text), repr(text)


def test_tag_themes_aligns_index_and_missing_comments_mention_nothing():
    s = pd.Series(["late delivery", None, "", "trop cher"], index=["a", "b", "c", "d"])
    tags = tag_themes(s, "ecommerce")
    assert list(tags.index) == ["a", "b", "c", "d"]
    assert list(tags.columns) == list(ECOMMERCE)
    assert tags.dtypes.eq(bool).all()
    assert tags.loc["a", "delivery"] and tags.loc["d", "price"]
    assert not tags.loc[["b", "c"]].any(axis=None)


def _reference_tags(texts, themes):
    """The tagger's definition, one comment at a time: fold, then search each
    theme's patterns (folded) with Python's ``re``."""
    import re

    out = {}
    for name, spec in themes.items():
        pats = [fold(p) for ps in spec["patterns"].values() for p in ps]
        rx = re.compile("|".join(f"(?:{p})" for p in pats))
        out[name] = [
            isinstance(t, str) and rx.search(fold(t)) is not None
            if not (t is None or (isinstance(t, float) and math.isnan(t)))
            else False
            for t in texts
        ]
    return pd.DataFrame(out)


EDGE_TEXTS = [
    "Delivery  was late",  # double space
    " late delivery ",  # leading and trailing spaces
    "late\tdelivery\nagain",  # tab, newline
    "late\x1cdelivery",  # a separator Python counts as whitespace
    "late\x0bdelivery",  # vertical tab
    "it`s too expensive",  # backtick as an apostrophe
    "TROP CHER",
    "Très cher, livraison rapide",
    "d\u201alai de livraison",  # DOS mojibake
    "Ｄｅｌｉｖｅｒｙ",  # full-width letters (NFKC)
    "straße delivery",  # casefold: ss
    "送货太慢 delivery",  # non-ASCII after folding
    "naïve shipping",
    "cheap quality",  # the price lookahead: not price
    "cheap!",
    "",
    "   ",
    None,
    float("nan"),
    5,
    "5 stars",
]


@pytest.mark.parametrize("dtype", ["str", "object"])
def test_tag_themes_equals_fold_then_search_on_every_kind_of_text(demo, botanic, dtype):
    from nps_toolkit.datasets.phrases import HOSTILE_COMMENTS, PII_COMMENTS

    texts = (
        EDGE_TEXTS
        + [text for text, _ in HOSTILE_COMMENTS + PII_COMMENTS]
        + demo["comment"].head(3000).tolist()
        + botanic["explication"].head(1000).tolist()
    )
    if dtype == "str":
        texts = [t for t in texts if not isinstance(t, int)]
        series = pd.concat(  # two arrow chunks
            [pd.Series(texts[:500], dtype="str"), pd.Series(texts[500:], dtype="str")],
            ignore_index=True,
        )
    else:
        series = pd.Series(texts, dtype="object")
    # language=None: every language's patterns on every comment (the definition below).
    got = tag_themes(series, "ecommerce", language=None)
    expected = _reference_tags(series.tolist(), ECOMMERCE)
    for name in ECOMMERCE:
        diff = got[name].to_numpy() != expected[name].to_numpy()
        assert not diff.any(), (name, series[diff].tolist()[:5])
    assert got["delivery"].sum() > 100 and got["price"].sum() > 100


def test_tag_themes_python_only_patterns_match_as_in_python():
    # Syntax RE2 lacks (lookbehind, backreference, verbose) or reads differently
    # ({,2} is a quantifier in Python, plain characters in RE2).
    themes = load_themes(
        {
            "lookbehind": [r"(?<!not )late"],
            "backref": [r"\b(\w+) \1\b"],
            "verbose": [r"(?x: fast \s deliv )"],
            "upto": [r"\bo{,2}k\b"],
            "plain": [r"\blate\b"],
            # Lookarounds with parentheses and classes inside: RE2 pre-filters
            # without them, Python decides.
            "nested": [r"\bcheap\b(?!\s+(quality|ma[d)]e))", r"a\((?=[)(]b)"],
        },
        extend=False,
    )
    texts = ["not late", "very late", "so so", "fast delivery", "k", "ok", "ooook", "a:", "x",
             "late again", "LATE", "très late", "cheap quality", "cheap made", "cheap ma)e",
             "cheap!", "cheap deal", "a(b", "a()b", "a(x"]  # fmt: skip
    got = tag_themes(texts, themes)
    expected = _reference_tags(texts, themes)
    assert (got.to_numpy() == expected.to_numpy()).all(), got.compare(expected)
    assert got["lookbehind"].tolist()[:2] == [False, True]
    assert got["upto"].tolist()[4:7] == [True, True, False]
    assert got["nested"].tolist()[12:] == [False, False, False, True, True, False, True, False]


def test_load_themes_extend_replace_and_yaml(tmp_path):
    extra = {"parking": {"fr": [r"\bparking\b"], "en": [r"\bcar park\b"]}}
    ext = load_themes(extra)
    assert list(ext)[:-1] == list(DEFAULT_THEMES) and list(ext)[-1] == "parking"
    only = load_themes(extra, extend=False)
    assert list(only) == ["parking"]
    tags = tag_themes(["pas de place au parking", "the car park was full", "late"], only)
    assert tags["parking"].tolist() == [True, True, False]
    # Extending an existing theme appends patterns, the default ones still match.
    more = load_themes({"delivery": {"en": [r"\bpostie\b"]}}, extend="ecommerce")
    assert tag_themes(["the postie", "late delivery"], more)["delivery"].all()
    assert r"\bpostie\b" not in ECOMMERCE["delivery"]["patterns"]["en"]
    path = tmp_path / "themes.yaml"
    path.write_text("themes:\n  parking:\n    fr: ['\\bparking\\b']\n", encoding="utf-8")
    assert list(load_themes(path, extend=False)) == ["parking"]
    assert tag_themes(["parking plein"], path)["parking"].iloc[0]


def test_load_themes_errors_name_the_theme():
    with pytest.raises(ValueError, match="'broken'.*not a valid regular expression"):
        load_themes({"broken": ["(unclosed"]})
    with pytest.raises(ValueError, match="'empty'"):
        load_themes({"empty": {"en": []}})
    with pytest.raises(ValueError, match="not found"):
        load_themes("/no/such/file.yaml")


def test_tagger_recovers_the_themes_the_demo_comments_were_built_from(demo):
    has = demo["comment"].notna()
    built = (
        demo["complaint_themes"].fillna("") + ";" + demo["praise_themes"].fillna("")
    ).str.split(";")
    tags = tag_themes(demo["comment"], "ecommerce")
    for theme in STANDARD:
        truth = built.apply(lambda themes, t=theme: t in themes) & has
        hit = tags[theme] & has
        recall = (hit & truth).sum() / truth.sum()
        precision = (hit & truth).sum() / hit.sum()
        assert recall >= 0.85, (theme, recall)
        assert precision >= 0.80, (theme, precision)


# ------------------------------------------------------------------ impact
def _adjusted(det, pas, pro, z=1.959963984540054):
    """Rocks (2016) adjusted-Wald NPS interval, written out by hand."""
    n = det + pas + pro + 3
    p, d = (pro + 0.75) / n, (det + 0.75) / n
    se = math.sqrt(((p + d) - (p - d) ** 2) / n)
    return 100 * max(-1, p - d - z * se), 100 * min(1, p - d + z * se), p - d, se


def _hand_data():
    return pd.DataFrame(
        {
            "comment": [
                "late delivery",  # 2 detractor
                "delivery late again",  # 4 detractor
                "fast delivery",  # 10 promoter
                "delivery ok",  # 8 passive
                "great prices",  # 10 promoter
                "love it",  # 9 promoter
                "meh",  # 5 detractor
                None,  # 0: no comment, not counted
                "nice",  # missing score, not counted
            ],
            "nps": [2, 4, 10, 8, 10, 9, 5, 0, np.nan],
        }
    )


def test_theme_impact_matches_hand_counts():
    df = _hand_data()
    delivery = {"delivery": ["deliver"]}
    r = theme_impact(df, comment="comment", score="nps", themes=delivery, min_n=1).iloc[0]
    # Mentioning: 2 detractors, 1 passive, 1 promoter -> NPS (1 - 2) / 4 = -25.
    # Not mentioning: 1 detractor, 0 passives, 2 promoters -> (2 - 1) / 3 = +33.3.
    assert r["n_comments"] == 7 and r["n_mentions"] == 4
    assert r["pct_of_comments"] == pytest.approx(400 / 7)
    assert r["pct_detractor_comments"] == pytest.approx(200 / 3)
    assert r["pct_passive_comments"] == pytest.approx(100.0)
    assert r["pct_promoter_comments"] == pytest.approx(100 / 3)
    assert r["nps_mentioning"] == pytest.approx(-25.0)
    assert r["nps_not_mentioning"] == pytest.approx(100 / 3)
    assert r["diff"] == pytest.approx(-25.0 - 100 / 3)
    assert r["impact"] == pytest.approx((-25.0 - 100 / 3) * 4 / 7)
    lo, hi, centre_m, se_m = _adjusted(2, 1, 1)
    assert (r["ci_low_mentioning"], r["ci_high_mentioning"]) == pytest.approx((lo, hi))
    lo, hi, centre_n, se_n = _adjusted(1, 0, 2)
    assert (r["ci_low_not_mentioning"], r["ci_high_not_mentioning"]) == pytest.approx((lo, hi))
    # Difference: the adjusted difference over the adjusted SE, the same centre and
    # SE as the interval (issue 10: the raw difference over the adjusted SE was a
    # defect, giving p < .05 with an interval covering 0).
    z = 1.959963984540054
    se = math.sqrt(se_m**2 + se_n**2)
    centre = centre_m - centre_n
    assert r["p_val"] == pytest.approx(2 * sps.norm.sf(abs(centre / se)))
    assert r["diff_ci_low"] == pytest.approx(100 * (centre - z * se))
    assert r["diff_ci_high"] == pytest.approx(100 * (centre + z * se))
    # One row tested: Holm leaves its p-value as it is.
    assert r["p_adj"] == pytest.approx(r["p_val"]) and not r["significant"]
    # Impact interval: {I0 : |s c - I0| <= z sqrt(s^2 se^2 + I0^2 (1 - s) / n_m)},
    # solved here numerically on a fine grid.
    s = 4 / 7
    grid = np.linspace(-2 * s, 2 * s, 2_000_001)
    inside = np.abs(s * centre - grid) <= z * np.sqrt(s**2 * se**2 + grid**2 * (1 - s) / 4)
    assert r["impact_ci_low"] == pytest.approx(100 * grid[inside].min(), abs=2e-4)
    assert r["impact_ci_high"] == pytest.approx(100 * grid[inside].max(), abs=2e-4)
    assert r["note"] == ""
    out = theme_impact(df, comment="comment", score="nps", themes=delivery)
    assert out.attrs["rows_without_comment"] == 1 and out.attrs["rows_without_score"] == 1


def test_theme_impact_small_theme_is_not_tested_by_default():
    # Issue 10: a theme with 4 mentions got p = 0.013 with an interval of [-18, 82].
    r = theme_impact(_hand_data(), comment="comment", score="nps", themes={"delivery": ["deliver"]})
    row = r.iloc[0]
    assert row["n_mentions"] == 4 and row["nps_mentioning"] == pytest.approx(-25.0)
    for col in ("p_val", "p_adj", "diff_ci_low", "diff_ci_high", "impact_ci_low"):
        assert np.isnan(row[col]), col
    assert not row["significant"]
    assert row["note"].startswith("too few respondents to test: 4 mention the theme")
    assert "min_n=12" in row["note"]


def _assert_p_agrees_with_intervals(r, alpha=0.05):
    tested = r["p_val"].notna()
    assert tested.any()
    assert r.loc[tested, "diff_ci_low"].notna().all()
    for lo, hi in (("diff_ci_low", "diff_ci_high"), ("impact_ci_low", "impact_ci_high")):
        has = tested & r[lo].notna()
        excludes = (r.loc[has, lo] > 0) | (r.loc[has, hi] < 0)
        agree = (r.loc[has, "p_val"] < alpha) == excludes
        assert agree.all(), r.loc[has][~agree]
    # Untested rows, and tested rows without an impact interval, say why.
    assert r.loc[~tested | r["impact_ci_low"].isna(), "note"].str.len().gt(0).all()
    assert r.loc[tested & r["impact_ci_low"].notna(), "note"].eq("").all()
    assert (r["significant"] == (r["p_adj"] < alpha)).all()


@pytest.mark.parametrize("method", ["adjusted_wald", "wald"])
def test_theme_impact_p_value_agrees_with_its_intervals_on_every_row(demo, method):
    r = theme_impact(
        demo,
        comment="comment",
        score="score",
        by="region",
        method=method,
        min_n=2,
        themes="ecommerce",
    )
    _assert_p_agrees_with_intervals(r)
    # Borderline rows exist (p near 0.05), so the agreement is not trivial.
    assert ((r["p_val"] > 0.01) & (r["p_val"] < 0.2)).sum() >= 3
    assert r["impact_ci_low"].notna().sum() > 30


def _outcomes(n):
    """Every (detractors, passives, promoters) table of n respondents."""
    d, p = np.meshgrid(np.arange(n + 1), np.arange(n + 1), indexing="ij")
    ok = d + p <= n
    return np.column_stack([d[ok], n - d[ok] - p[ok], p[ok]])


@pytest.mark.parametrize("n_not", [12, 50, pytest.param(200, marks=pytest.mark.slow)])
def test_theme_impact_test_type_one_error_by_exact_enumeration(n_not):
    # Exact type-I error of the kit's test at the default min_n (12 mentions):
    # enumerate every pair of tables under common null shares (d, a, p) and add
    # the probabilities of the pairs with p < .05.
    import inspect

    from nps_toolkit.comments.impact import _impact_tests

    n_m = inspect.signature(theme_impact).parameters["min_n"].default
    assert n_m == 12
    a_tab, b_tab = _outcomes(n_m), _outcomes(n_not)
    cm = np.repeat(a_tab, len(b_tab), axis=0)
    cn = np.tile(b_tab, (len(a_tab), 1))
    res = _impact_tests(cm, cn, confidence=0.95, method="adjusted_wald", min_n=n_m)
    assert not np.isnan(res["p_val"]).any()
    reject = (res["p_val"] < 0.05).reshape(len(a_tab), len(b_tab)).astype(float)
    nulls = [(0.2, 0.3, 0.5), (0.1, 0.3, 0.6), (0.45, 0.1, 0.45), (0.5, 0.3, 0.2)]
    nulls += [(0.45, 0.05, 0.5), (0.05, 0.25, 0.7)]  # near the worst of a 5% grid
    for shares in nulls:
        prob_m = sps.multinomial.pmf(a_tab, n_m, shares)
        prob_n = sps.multinomial.pmf(b_tab, n_not, shares)
        size = float(prob_m @ reject @ prob_n)
        assert 0.01 < size <= 0.062, (shares, size)


def _replicates(rng, reps, n, share, cats_m, cats_n):
    """``reps`` independent surveys of ``n`` commenters stacked with a ``rep`` key:
    each mentions delivery with probability ``share``; categories drawn from
    ``cats_m`` (mentioning) or ``cats_n`` (not)."""
    m = rng.random((reps, n)) < share
    cat = np.where(
        m, rng.choice(3, size=(reps, n), p=cats_m), rng.choice(3, size=(reps, n), p=cats_n)
    )
    return pd.DataFrame(
        {
            "rep": np.repeat(np.arange(reps), n),
            "comment": np.where(m, "late delivery", "great service").ravel(),
            "score": np.array([3, 7, 10])[cat].ravel(),
        }
    )


@pytest.mark.parametrize(
    ("n", "share", "cats_m", "cats_n"),
    [(300, 0.15, (0.5, 0.3, 0.2), (0.15, 0.35, 0.5)), (200, 0.3, (0.6, 0.3, 0.1), (0.1, 0.3, 0.6))],
)
def test_theme_impact_interval_covers_the_true_impact(n, share, cats_m, cats_n):
    # Known truth: impact = share * (NPS_m - NPS_n) in the population.
    reps = 1500
    df = _replicates(np.random.default_rng(99), reps, n, share, cats_m, cats_n)
    r = theme_impact(
        df, comment="comment", score="score", themes={"delivery": ["deliver"]}, by="rep"
    )
    assert len(r) == reps and r["p_val"].notna().all()
    true_diff = 100 * ((cats_m[2] - cats_m[0]) - (cats_n[2] - cats_n[0]))
    true_impact = share * true_diff
    cover = r["impact_ci_low"].le(true_impact) & r["impact_ci_high"].ge(true_impact)
    assert 0.93 <= cover.mean() <= 0.97
    cover_diff = r["diff_ci_low"].le(true_diff) & r["diff_ci_high"].ge(true_diff)
    assert 0.93 <= cover_diff.mean() <= 0.97
    # The share mentioning is estimated too: scaling the difference's interval by the
    # observed share alone (ignoring that) under-covers here.
    s = r["pct_of_comments"] / 100
    naive = (s * r["diff_ci_low"]).le(true_impact) & (s * r["diff_ci_high"]).ge(true_impact)
    assert naive.mean() < 0.9


def _holm(p):
    """Holm's step-down adjustment, written out."""
    p = np.asarray(p, dtype=float)
    order = np.argsort(p)
    m = len(p)
    adj = np.empty(m)
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * p[i]))
        adj[i] = running
    return adj


def test_theme_impact_adjusts_p_values_across_themes_and_groups(demo):
    r = theme_impact(demo, comment="comment", score="score", by="region", themes="ecommerce")
    tested = r["p_val"].notna()
    assert tested.sum() > 30  # every region x theme tested together
    assert r.loc[tested, "p_adj"].to_numpy() == pytest.approx(_holm(r.loc[tested, "p_val"]))
    assert r.loc[~tested, "p_adj"].isna().all()
    assert (r["significant"] == (r["p_adj"] < 0.05)).all()
    # Some row is significant unadjusted but not after Holm.
    assert ((r["p_val"] < 0.05) & ~r["significant"]).any()
    bonf = theme_impact(
        demo,
        comment="comment",
        score="score",
        by="region",
        padjust="bonferroni",
        themes="ecommerce",
    )
    expected = np.minimum(1, tested.sum() * r.loc[tested, "p_val"])
    assert bonf.loc[tested, "p_adj"].to_numpy() == pytest.approx(expected.to_numpy())
    none = theme_impact(
        demo, comment="comment", score="score", by="region", padjust=None, themes="ecommerce"
    )
    assert none["p_adj"].equals(none["p_val"])
    with pytest.raises(ValueError, match="padjust='nope'"):
        theme_impact(demo, comment="comment", score="score", padjust="nope", themes="ecommerce")
    with pytest.raises(ValueError, match="min_n"):
        theme_impact(demo, comment="comment", score="score", min_n=0, themes="ecommerce")


def test_theme_impact_decides_the_scale_once_for_the_whole_survey():
    # Issue 11: a subgroup of 32 scores all 4-5 raised "looks like a 1-5 survey".
    rng = np.random.default_rng(5)
    small = pd.DataFrame(
        {
            "comment": ["late delivery"] * 12 + ["fine"] * 20,
            "score": rng.choice([4, 5], size=32),
            "store": "kiosk",
        }
    )
    big = pd.DataFrame(
        {
            "comment": rng.choice(["late delivery", "great staff", "ok"], size=300),
            "score": rng.integers(0, 11, size=300),
            "store": "main",
        }
    )
    df = pd.concat([small, big], ignore_index=True)
    r = theme_impact(
        df, comment="comment", score="score", by="store", themes="ecommerce"
    ).set_index(["store", "theme"])
    kiosk = r.loc[("kiosk", "delivery")]
    # On the survey's 0-10 scale every 4 or 5 is a detractor.
    assert kiosk["n_comments"] == 32 and kiosk["n_mentions"] == 12
    assert kiosk["nps_mentioning"] == -100 and kiosk["nps_not_mentioning"] == -100
    # A declared scale applies to every group: on 1-5, 4 is passive and 5 promoter.
    r5 = theme_impact(
        small, comment="comment", score="score", scale=(1, 5), themes="ecommerce"
    ).set_index("theme")
    row = r5.loc["delivery"]
    fives = small["score"].eq(5)
    mention = small["comment"].str.contains("deliver")
    expected = 100 * (fives[mention].mean() - 0)
    assert row["nps_mentioning"] == pytest.approx(expected)
    # The whole column still decides: 32 answers all 4-5 alone look like 1-5.
    with pytest.raises(ValueError, match="1-5"):
        theme_impact(small, comment="comment", score="score", themes="ecommerce")


def test_theme_impact_by_group_counts_within_groups():
    df = pd.DataFrame(
        {
            "comment": ["late delivery", "great", "late delivery", "fast delivery", "ok", "meh"],
            "nps": [0, 10, 3, 10, 9, 6],
            "region": ["N", "N", "N", "S", "S", "S"],
        }
    )
    r = theme_impact(
        df, comment="comment", score="nps", themes={"delivery": ["deliver"]}, by="region"
    ).set_index("region")
    assert r.loc["N", "n_comments"] == 3 and r.loc["N", "n_mentions"] == 2
    assert r.loc["N", "nps_mentioning"] == pytest.approx(-100.0)
    assert r.loc["N", "nps_not_mentioning"] == pytest.approx(100.0)
    assert r.loc["S", "nps_mentioning"] == pytest.approx(100.0)
    assert r.loc["S", "nps_not_mentioning"] == pytest.approx(0.0)
    with pytest.raises(ValueError, match="'nope'"):
        theme_impact(df, comment="comment", score="nps", by="nope", themes="ecommerce")


def test_theme_impact_sorted_by_impact_and_demo_planted_themes(demo):
    r = theme_impact(demo, comment="comment", score="score", themes="ecommerce")
    assert r["impact"].dropna().is_monotonic_increasing
    # The README's shares of detractor comments built around each theme:
    # price 24.7%, delivery 20.2%, product_quality 19.8%, support 16.5%, the rest < 8%.
    top4 = set(r.nlargest(4, "pct_detractor_comments")["theme"])
    assert top4 == {"price", "delivery", "product_quality", "support"}
    # Support and price are what hurt the NPS of those who mention them most.
    assert set(r["theme"].head(2)) == {"support", "price"}


def test_demo_delivery_problem_is_north_during_the_incident(demo):
    period = np.where(
        demo["date"].between(pd.Timestamp("2025-09-01"), pd.Timestamp("2025-12-31")),
        "incident",
        "other",
    )
    r = theme_impact(
        demo.assign(period=period),
        comment="comment",
        score="score",
        by=["region", "period"],
        themes="ecommerce",
    )
    delivery = r[r["theme"].eq("delivery")].set_index(["region", "period"])
    north = delivery.loc[("North", "incident"), "pct_detractor_comments"]
    others = delivery.drop(index=("North", "incident"))["pct_detractor_comments"]
    assert north > 50 and others.max() < 30
    # Delivery is the top detractor theme there, and its NPS gap is clearly negative.
    top = r.sort_values("pct_detractor_comments", ascending=False).groupby(["region", "period"])
    assert top.head(1).set_index(["region", "period"]).loc[("North", "incident"), "theme"] == (
        "delivery"
    )
    assert delivery.loc[("North", "incident"), "diff_ci_high"] < 0


@pytest.mark.parametrize(
    ("column", "value", "theme"),
    [("category", "electronics", "price"), ("journey_stage", "support", "support")],
)
def test_demo_planted_theme_concentrations(demo, column, value, theme):
    r = theme_impact(demo, comment="comment", score="score", by=column, themes="ecommerce")
    share = r[r["theme"].eq(theme)].set_index(column)["pct_detractor_comments"]
    assert share[value] > 35 and share.drop(index=value).max() < 25
    top = r[r[column].eq(value)].nlargest(1, "pct_detractor_comments")["theme"].iloc[0]
    assert top == theme


def test_real_french_survey_themes(botanic):
    tags = tag_themes(botanic["explication"], "ecommerce")
    has = botanic["explication"].notna()
    share = tags[has].mean()
    assert share["price"] > 0.2 and share["staff"] > 0.2
    assert share["checkout_queue"] > 0.05 and share["product_range"] > 0.05
    r = theme_impact(botanic, comment="explication", score="nps", scale=(1, 10), themes="ecommerce")
    assert r["theme"].iloc[0] == "price" and r["diff_ci_high"].iloc[0] < 0
    staff = r.set_index("theme").loc["staff"]
    assert staff["diff_ci_low"] > 0  # staff and advice are what promoters praise


# ------------------------------------------------------------------ discovery
def _two_topics(rng, n=300):
    a = ["parcel", "courier", "late", "tracking", "depot", "arrived"]
    b = ["checkout", "cashier", "queue", "till", "waiting", "line"]
    noise = ["really", "shop", "today", "again", "experience", "week"]
    docs, labels = [], []
    for i in range(n):
        words, lab = (a, 0) if i % 2 == 0 else (b, 1)
        docs.append(" ".join(rng.choice(words, 4, replace=False)) + " " + rng.choice(noise))
        labels.append(lab)
    return docs, np.array(labels)


@pytest.mark.parametrize("method", ["nmf", "lda"])
def test_topic_discovery_separates_two_planted_topics(rng, method):
    docs, labels = _two_topics(rng)
    td = TopicDiscovery(n_topics=2, method=method, stop_words=None).fit(docs)
    assigned = td.transform(docs).to_numpy().argmax(axis=1)
    agreement = max((assigned == labels).mean(), (assigned != labels).mean())
    assert agreement >= 0.95
    tops = td.top_terms_.groupby("topic")["term"].apply(lambda s: set(s.head(4)))
    planted = [{"parcel", "courier", "late", "tracking", "depot", "arrived"}]
    planted.append({"checkout", "cashier", "queue", "till", "waiting", "line"})
    for terms in tops:
        assert any(len({t for w in terms for t in w.split()} - p) == 0 for p in planted)
    assert td.components_.shape == (2, len(td.vocabulary_))
    assert td.n_documents_ == len(docs)
    ex = td.examples(docs, n=3)
    assert len(ex) == 6 and set(ex["topic"]) == {0, 1}
    for _, row in ex.iterrows():
        first_doc_topic = assigned[docs.index(row["text"])]
        assert first_doc_topic == row["topic"]


def test_topic_discovery_errors():
    with pytest.raises(ValueError, match="not fitted"):
        TopicDiscovery().transform(["a b c"])
    with pytest.raises(ValueError, match="n_topics"):
        TopicDiscovery(n_topics=5, min_df=1).fit(["late parcel", "rude staff"])
    with pytest.raises(ValueError, match="method"):
        TopicDiscovery(method="kmeans").fit(["late parcel"] * 10)


def test_topic_discovery_on_untagged_real_comments(botanic):
    comments = botanic["explication"].dropna()
    untagged = comments[~tag_themes(comments, "ecommerce").any(axis=1)]
    td = TopicDiscovery(n_topics=5, language="fr").fit(untagged)
    assert td.top_terms_["topic"].nunique() == 5
    assert len(td.examples(untagged, n=2)) == 10


# ------------------------------------------------------------------ plot
def test_plot_theme_impact(demo):
    from nps_toolkit.plots.text import plot_theme_impact

    r = theme_impact(demo, comment="comment", score="score", themes="ecommerce")
    ax = plot_theme_impact(r)
    assert isinstance(ax, plt.Axes)
    assert len(ax.get_yticklabels()) == r["diff"].notna().sum()
    with pytest.raises(ValueError, match="one group"):
        plot_theme_impact(
            theme_impact(demo, comment="comment", score="score", by="region", themes="ecommerce")
        )


def test_plot_theme_impact_when_raw_gap_lies_outside_adjusted_interval():
    # One detractor mentions delivery: the raw gap (-150) is outside the adjusted-Wald
    # interval of the difference; the plot must still draw it (it used error bars once).
    from matplotlib.collections import LineCollection

    from nps_toolkit.plots.text import plot_theme_impact

    df = pd.DataFrame(
        {"comment": ["late delivery"] + ["great product"] * 30 + ["bad price"] * 10,
         "score": [0] + [10] * 30 + [3] * 10}
    )  # fmt: skip
    # min_n=1: test even the one-mention theme (by default it gets no interval).
    table = theme_impact(df, comment="comment", score="score", min_n=1, themes="ecommerce")
    delivery = table.set_index("theme").loc["delivery"]
    assert delivery["diff"] < delivery["diff_ci_low"]
    ax = plot_theme_impact(table)
    segments = [c for c in ax.collections if isinstance(c, LineCollection)][0].get_segments()
    lows = sorted(seg[0][0] for seg in segments)
    assert lows == sorted(table["diff_ci_low"].dropna())


# ------------------------------------------------------------------ new argument names
def test_theme_impact_old_text_name_still_works_with_a_future_warning():
    kw = dict(score="nps", themes={"delivery": ["deliver"]}, min_n=1)
    new = theme_impact(_hand_data(), comment="comment", **kw)
    with pytest.warns(FutureWarning, match=r"theme_impact\(text=\.\.\.\) is renamed comment="):
        old = theme_impact(_hand_data(), text="comment", **kw)
    pd.testing.assert_frame_equal(old, new)
    with pytest.raises(TypeError, match="both text= .* and comment="):
        theme_impact(_hand_data(), text="comment", comment="comment", **kw)


_TOPIC_DOCS = ["late parcel delivery", "parcel late again"] * 4 + ["rude staff at the till"] * 6


def test_topic_discovery_seed_and_old_random_state_name():
    kw = dict(n_topics=2, method="lda", min_df=1, stop_words="en")
    new = TopicDiscovery(seed=3, **kw).fit(_TOPIC_DOCS)
    with pytest.warns(
        FutureWarning, match=r"^TopicDiscovery\(random_state=\.\.\.\) is renamed seed="
    ):
        old = TopicDiscovery(random_state=3, **kw)
    assert old.seed == 3 and "random_state" not in old.get_params()
    np.testing.assert_array_equal(old.fit(_TOPIC_DOCS).components_, new.components_)
    with pytest.raises(TypeError, match="both random_state= .* and seed="):
        TopicDiscovery(random_state=3, seed=3)


def test_topic_discovery_is_a_cloneable_estimator():
    from sklearn.base import clone

    est = TopicDiscovery(n_topics=2, method="nmf", min_df=1, ngram_range=(1, 1), seed=5)
    params = est.get_params()
    assert params["ngram_range"] == (1, 1) and params["seed"] == 5 and params["n_topics"] == 2
    assert clone(est).get_params() == params
    fitted = est.fit(_TOPIC_DOCS)
    assert fitted.get_params() == params
    assert TopicDiscovery(**fitted.get_params()).get_params() == params
    fresh = clone(fitted)
    assert not hasattr(fresh, "components_")
    refit = fresh.fit(_TOPIC_DOCS)
    np.testing.assert_array_equal(refit.components_, fitted.components_)
    pd.testing.assert_frame_equal(refit.top_terms_, fitted.top_terms_)
    assert clone(est).set_params(n_topics=3).n_topics == 3
