"""Benchmarks of the comment statistics: ``distinctive_terms`` and ``tag_themes``.

``distinctive_terms`` (Fightin' Words) on 300,000 comments.
Target (issue 4): under 10 s for 300,000 comments. The baseline is the
straightforward approach: a per-comment Python loop that tokenises each
comment with the same tokenizer, collects its set of 1- and 2-grams into one
``collections.Counter`` per group, then computes Monroe et al.'s log-odds
and its z (full binomial variance) term by term. The check requires the same
terms and the same z (to 1e-9).

``tag_themes_200k``: the default theme dictionary on 200,000 comments (the same
seeded English generator, about 74,000 distinct texts). Target (issue 11): at
least 1.5x faster than plain pandas ``str.contains`` on the distinct texts,
lower-cased, with each theme's patterns (folded as the kit folds them) joined
into one alternation per theme, mapped back to the rows. On these (ASCII)
comments lower-casing is all the folding needed, so both give the same tags;
the check requires identical bool columns.

``segment_zh_th_100k``: :func:`nps_toolkit.comments.tokens.tokenize` on 100,000
seeded Chinese and Thai comments (half each, built from hand-written review
clauses with varying details, so that clauses repeat as in real surveys).
Target (issue 15): under 60 s on 2 cores. The baseline is the plain loop
``jieba.lcut(text)`` / ``pythainlp.tokenize.word_tokenize(text)`` (engine
``newmm``) in the same process; both libraries are loaded in setup, and the
kit's caches of segmented runs are cleared inside the timed call. The check
requires that every Han/Thai character of each comment is in the kit's tokens,
in order, and that its tokens average more than 1.5 characters (words, not
characters).

``segment_zh_th_distinct_100k``: the same on 100,000 comments whose runs almost
never repeat (seeded draws of dictionary words: jieba's, weighted by frequency,
and pythainlp's Thai word list), so the kit's cache of segmented runs does not
help: what segmentation costs on a survey without repeated phrases.
"""

from __future__ import annotations

import math
import re
from collections import Counter

import numpy as np
import pandas as pd

from benchmarks.harness import Stage

N_FULL = 300_000
N_QUICK = 5_000
N_TAG_FULL = 200_000
N_TAG_QUICK = 2_000
N_SEG_FULL = 100_000
N_SEG_QUICK = 1_000
ALPHA0 = 10.0
MIN_COUNT = 5


def _make_comments(n: int, seed: int = 20261123) -> pd.DataFrame:
    """Seeded comments with realistic repetition: short stock answers repeat a
    lot, longer ones are combinations of phrases with varying details."""
    from nps_toolkit.datasets.phrases import (
        CLOSINGS_EN,
        COMPLAINTS_EN,
        OPENINGS_EN,
        PRAISE_EN,
        SHORT_EN,
    )

    rng = np.random.default_rng(seed)
    scores = rng.choice(
        np.arange(11), size=n, p=np.array([3, 2, 2, 3, 3, 5, 7, 12, 18, 20, 25]) / 100
    )
    cats = np.where(scores <= 6, "detractor", np.where(scores <= 8, "passive", "promoter"))
    complaints = [p for ps in COMPLAINTS_EN.values() for p in ps]
    praise = [p for ps in PRAISE_EN.values() for p in ps]
    texts = []
    for cat in cats:
        u = rng.random()
        if u < 0.25:
            texts.append(str(rng.choice(SHORT_EN[cat])))
            continue
        pool, other = (complaints, praise) if cat == "detractor" else (praise, complaints)
        parts = []
        if rng.random() < 0.5:
            parts.append(str(rng.choice(OPENINGS_EN[cat])))
        parts.append(str(rng.choice(pool)).capitalize() + ".")
        if rng.random() < (0.6 if cat == "passive" else 0.3):
            parts.append("But " + str(rng.choice(other)) + ".")
        if rng.random() < 0.3:
            parts.append(f"Order {rng.integers(2, 40)} days ago.")
        if rng.random() < 0.5:
            parts.append(str(rng.choice(CLOSINGS_EN[cat])))
        texts.append(" ".join(parts))
    return pd.DataFrame({"comment": texts, "score": scores})


def _setup(n: int):
    def setup():
        return _make_comments(n)

    return setup


def _kit(df: pd.DataFrame) -> pd.DataFrame:
    from nps_toolkit.comments.terms import distinctive_terms

    return distinctive_terms(
        df, comment="comment", score="score", top=None, min_count=MIN_COUNT,
        stop_words="en", alpha0=ALPHA0, progress=False,
    )  # fmt: skip


def _baseline(df: pd.DataFrame) -> pd.DataFrame:
    """One comment at a time: tokenise, set of n-grams, Counters, then z per term."""
    from nps_toolkit.comments.terms import ngrams, stop_words, tokenize

    stops = stop_words("en")
    target, versus, background = Counter(), Counter(), Counter()
    n_t = n_v = n_all = 0
    for text, score in zip(df["comment"], df["score"], strict=True):
        if not isinstance(text, str) or not text.strip():
            continue
        grams = set(ngrams([t for t in tokenize(text) if t not in stops], (1, 2)))
        background.update(grams)
        n_all += 1
        if score <= 6:
            target.update(grams)
            n_t += 1
        elif score >= 9:
            versus.update(grams)
            n_v += 1
    rows = []
    for term, total in background.items():
        y_i, y_j = target[term], versus[term]
        if y_i + y_j < MIN_COUNT:
            continue
        a = ALPHA0 * total / n_all
        delta = math.log((y_i + a) / (n_t + ALPHA0 - y_i - a)) - math.log(
            (y_j + a) / (n_v + ALPHA0 - y_j - a)
        )
        var = (
            1 / (y_i + a)
            + 1 / (n_t + ALPHA0 - y_i - a)
            + 1 / (y_j + a)
            + 1 / (n_v + ALPHA0 - y_j - a)
        )
        rows.append((term, delta / math.sqrt(var)))
    return pd.DataFrame(rows, columns=["term", "z"])


def _check(kit: pd.DataFrame, base: pd.DataFrame) -> None:
    k = kit.set_index("term")["z"].sort_index()
    b = base.set_index("term")["z"].sort_index()
    if list(k.index) != list(b.index):
        raise AssertionError(
            f"different terms: {len(k)} vs {len(b)}; e.g. {sorted(set(k.index) ^ set(b.index))[:5]}"
        )
    gap = float(np.max(np.abs(k.to_numpy() - b.to_numpy()))) if len(k) else 0.0
    if gap > 1e-9:
        raise AssertionError(f"z differs by up to {gap}")


def _tag_setup(n: int):
    def setup():
        return _make_comments(n)["comment"]

    return setup


def _tag_kit(comments: pd.Series) -> pd.DataFrame:
    from nps_toolkit.comments.themes import tag_themes

    return tag_themes(comments, progress=False)


def contains_tags(comments: pd.Series, themes: dict, normalise) -> pd.DataFrame:
    """Plain pandas tags: distinct texts, ``normalise``d, one ``str.contains`` per theme.

    ``normalise`` maps the Series of distinct texts to the Series matched.

    The baseline of the ``tag_themes`` stages: each theme's patterns (folded)
    joined into one alternation, matched on the distinct texts, mapped back to the rows.
    """
    import warnings

    from nps_toolkit.comments.dictionary import fold

    codes, uniques = pd.factorize(comments)
    texts = normalise(pd.Series(uniques, dtype="str"))
    present = codes >= 0
    out = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "has match groups"
        for name, spec in themes.items():
            pats = dict.fromkeys(fold(p) for ps in spec["patterns"].values() for p in ps)
            pattern = "|".join(f"(?:{p})" for p in pats)
            hit = texts.str.contains(pattern, regex=True).to_numpy(dtype=bool)
            col = np.zeros(len(comments), dtype=bool)
            col[present] = hit[codes[present]]
            out[name] = col
    return pd.DataFrame(out, index=comments.index)


def _tag_baseline(comments: pd.Series) -> pd.DataFrame:
    """Plain pandas: distinct texts, lower-cased, one ``str.contains`` per theme."""
    from nps_toolkit.comments.themes import DEFAULT_THEMES

    return contains_tags(comments, DEFAULT_THEMES, lambda texts: texts.str.lower())


def same_tags(kit: pd.DataFrame, base: pd.DataFrame) -> None:
    """Raise unless both tag tables have the same themes and the same tags, and some tag."""
    if list(kit.columns) != list(base.columns):
        raise AssertionError(f"different themes: {list(kit.columns)} vs {list(base.columns)}")
    differ = (kit.to_numpy() != base.to_numpy()).sum(axis=0)
    if differ.any():
        raise AssertionError(f"tags differ: {dict(zip(kit.columns, differ.tolist(), strict=True))}")
    if not kit.to_numpy().any():
        raise AssertionError("no comment tagged: the check would be empty")


# ------------------------------------------------------------ Chinese/Thai segmentation
_ZH_CLAUSES = [
    "物流很慢",
    "等了好几天才收到",
    "质量不错",
    "包装很好",
    "客服态度很差",
    "价格太贵了",
    "性价比很高",
    "味道一般",
    "服务员很热情",
    "上菜速度太慢",
    "环境很干净",
    "下次还会再来",
    "不会再买了",
    "和图片不一样",
    "尺码偏小",
    "快递员送货上门",
    "退款很麻烦",
    "非常满意",
    "推荐给朋友",
    "等了一个小时",
    "菜的分量很少",
    "停车不方便",
    "店员不理人",
    "产品有质量问题",
]
_TH_CLAUSES = [
    "ส่งของช้ามาก",
    "อาหารอร่อยมาก",
    "บริการดี",
    "พนักงานไม่สุภาพ",
    "ราคาแพงเกินไป",
    "รอนานมาก",
    "สินค้าตรงปก",
    "แพ็คของดีมาก",
    "ร้านสะอาด",
    "จะกลับมาอีกแน่นอน",
    "ไม่ประทับใจเลย",
    "คุ้มค่ากับราคา",
    "ของเสียหายตอนส่ง",
    "ติดต่อร้านไม่ได้",
    "บรรยากาศดี",
    "รสชาติธรรมดา",
    "ได้รับของเร็ว",
    "ขอบคุณร้านค้า",
    "สีไม่ตรงกับรูป",
    "คืนเงินยากมาก",
    "พนักงานบริการดีมาก",
    "อาหารมาช้า",
    "ที่จอดรถน้อย",
    "แนะนำให้เพื่อน",
]


def _seg_setup(n: int):
    def setup():
        import jieba  # loaded here: neither timing pays for the import

        from nps_toolkit.comments.segment import segment_chinese, segment_thai

        segment_chinese("物流很慢")
        segment_thai("ส่งของช้ามาก")
        jieba.initialize()
        from pythainlp.tokenize import word_tokenize

        word_tokenize("ส่งของช้ามาก", engine="newmm")  # the baseline's dictionary, built once
        rng = np.random.default_rng(20261202)
        texts = []
        for i in range(n):
            pool, sep = (_ZH_CLAUSES, "，") if i % 2 == 0 else (_TH_CLAUSES, " ")
            parts = [str(c) for c in rng.choice(pool, size=rng.integers(1, 4), replace=False)]
            if rng.random() < 0.5:
                days = int(rng.integers(2, 30))
                parts.append(f"等了{days}天" if sep == "，" else f"รอ {days} วัน")
            texts.append(sep.join(parts))
        return texts

    return setup


def _distinct_setup(n: int):
    def setup():
        import jieba
        from pythainlp.corpus import thai_words

        _seg_setup(1)()  # loads both segmenters and the baseline's dictionary
        jieba.initialize()
        # words of letters only: abbreviation marks (ฯ), full stops and Latin
        # inside dictionary entries are punctuation a comment's tokenizer cuts at
        han, thai = (
            re.compile("[\u4e00-\u9fff]{2,}"),
            re.compile("[\u0e01-\u0e2e\u0e30-\u0e45\u0e47-\u0e4e]+"),
        )
        zh = [(w, f) for w, f in jieba.dt.FREQ.items() if f > 0 and han.fullmatch(w)]
        zh.sort(key=lambda wf: -wf[1])
        zh_words = np.array([w for w, _ in zh[:20_000]])
        zh_p = np.array([f for _, f in zh[:20_000]], dtype=float)
        zh_p /= zh_p.sum()
        th_words = np.array(sorted(w for w in thai_words() if thai.fullmatch(w)))
        rng = np.random.default_rng(20261203)
        texts = []
        for i in range(n):
            chinese = i % 2 == 0
            runs = []
            for _ in range(int(rng.integers(1, 4))):
                k = int(rng.integers(3, 8))
                words = rng.choice(zh_words, k, p=zh_p) if chinese else rng.choice(th_words, k)
                runs.append("".join(words))
            texts.append(("，" if chinese else " ").join(runs))
        return texts

    return setup


def _seg_kit(texts: list[str]) -> list[list[str]]:
    from nps_toolkit.comments.segment import segment_chinese, segment_thai
    from nps_toolkit.comments.tokens import tokenize

    segment_chinese.cache_clear()
    segment_thai.cache_clear()
    return [tokenize(t) for t in texts]


def _seg_baseline(texts: list[str]) -> list[list[str]]:
    import jieba
    from pythainlp.tokenize import word_tokenize

    thai = re.compile("[\u0e00-\u0e7f]")
    return [word_tokenize(t, engine="newmm") if thai.search(t) else jieba.lcut(t) for t in texts]


def _seg_check(kit: list[list[str]], base: list[list[str]]) -> None:
    script = re.compile("[\u0e00-\u0e7f\u4e00-\u9fff]")
    sizes = []
    for tokens, words in zip(kit, base, strict=True):
        mine = "".join(script.findall("".join(tokens)))
        theirs = "".join(script.findall("".join(words)))
        if mine != theirs:
            raise AssertionError(f"characters lost or reordered: {tokens} vs {words}")
        sizes.extend(len(t) for t in tokens if script.search(t))
    if float(np.mean(sizes)) <= 1.5:
        raise AssertionError(f"tokens average {np.mean(sizes):.2f} characters: not words")


def stages(quick: bool = False) -> list[Stage]:
    n = N_QUICK if quick else N_FULL
    n_tag = N_TAG_QUICK if quick else N_TAG_FULL
    n_seg = N_SEG_QUICK if quick else N_SEG_FULL
    return [
        Stage(
            name="segment_zh_th_100k",
            size=f"{n_seg:,} comments",
            setup=_seg_setup(n_seg),
            kit=_seg_kit,
            baseline=_seg_baseline,
            check=_seg_check,
            target="< 60 s for 100,000 Chinese/Thai comments",
        ),
        Stage(
            name="segment_zh_th_distinct_100k",
            size=f"{n_seg:,} comments, runs that do not repeat",
            setup=_distinct_setup(n_seg),
            kit=_seg_kit,
            baseline=_seg_baseline,
            check=_seg_check,
            target="< 60 s for 100,000 Chinese/Thai comments",
        ),
        Stage(
            name="tag_themes_200k",
            size=f"{n_tag:,} comments",
            setup=_tag_setup(n_tag),
            kit=_tag_kit,
            baseline=_tag_baseline,
            check=same_tags,
            target=">= 1.5x plain str.contains on distinct texts",
            repeat=3,
        ),
        Stage(
            name="distinctive_terms",
            size=f"{n:,} comments",
            setup=_setup(n),
            kit=_kit,
            baseline=_baseline,
            check=_check,
            target="< 10 s at 300,000 comments",
        ),
    ]
