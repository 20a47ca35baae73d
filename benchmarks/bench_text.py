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
"""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pandas as pd

from benchmarks.harness import Stage

N_FULL = 300_000
N_QUICK = 5_000
N_TAG_FULL = 200_000
N_TAG_QUICK = 2_000
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


def _tag_baseline(comments: pd.Series) -> pd.DataFrame:
    """Plain pandas: distinct texts, lower-cased, one ``str.contains`` per theme."""
    import warnings

    from nps_toolkit.comments.themes import DEFAULT_THEMES, fold

    codes, uniques = pd.factorize(comments)
    lowered = pd.Series(uniques, dtype="str").str.lower()
    present = codes >= 0
    out = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "has match groups"
        for name, spec in DEFAULT_THEMES.items():
            pats = dict.fromkeys(fold(p) for ps in spec["patterns"].values() for p in ps)
            pattern = "|".join(f"(?:{p})" for p in pats)
            hit = lowered.str.contains(pattern, regex=True).to_numpy(dtype=bool)
            col = np.zeros(len(comments), dtype=bool)
            col[present] = hit[codes[present]]
            out[name] = col
    return pd.DataFrame(out, index=comments.index)


def _tag_check(kit: pd.DataFrame, base: pd.DataFrame) -> None:
    if list(kit.columns) != list(base.columns):
        raise AssertionError(f"different themes: {list(kit.columns)} vs {list(base.columns)}")
    differ = (kit.to_numpy() != base.to_numpy()).sum(axis=0)
    if differ.any():
        raise AssertionError(f"tags differ: {dict(zip(kit.columns, differ.tolist(), strict=True))}")
    if not kit.to_numpy().any():
        raise AssertionError("no comment tagged: the check would be empty")


def stages(quick: bool = False) -> list[Stage]:
    n = N_QUICK if quick else N_FULL
    n_tag = N_TAG_QUICK if quick else N_TAG_FULL
    return [
        Stage(
            name="tag_themes_200k",
            size=f"{n_tag:,} comments",
            setup=_tag_setup(n_tag),
            kit=_tag_kit,
            baseline=_tag_baseline,
            check=_tag_check,
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
