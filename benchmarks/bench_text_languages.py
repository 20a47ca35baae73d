"""Benchmark of ``tag_themes`` on comments in nine languages (the non-ASCII path).

``tag_themes_languages_200k``: the ``ecommerce`` pack on 200,000 seeded
comments, 60% English and 5% each French, Spanish, Portuguese, Italian,
Indonesian, Vietnamese, Thai and Chinese (the demo's phrase banks, with a
varying order number so that most texts are distinct), every comment matched
with every language's patterns (``language=None``, so that plain pandas can do
the same). ``tag_themes_200k`` (bench_text.py) covers ASCII English only; here
about 40% of the texts need accent folding. The baseline is the plain way:
distinct texts, each folded with ``fold``, one ``str.contains`` per theme with
the alternation of its folded patterns, mapped back to the rows. Target: at
least 1.5x faster. The check requires identical bool columns.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from benchmarks.bench_text import contains_tags, same_tags
from benchmarks.harness import Stage

N_FULL = 200_000
N_QUICK = 2_000
SHARES = {"en": 0.60} | dict.fromkeys(["fr", "es", "pt", "it", "id", "vi", "th", "zh"], 0.05)


def _make_comments(n: int, seed: int = 20261203) -> pd.Series:
    from nps_toolkit.datasets.phrases import COMPLAINTS_EN, COMPLAINTS_XX, PRAISE_EN, PRAISE_XX

    banks = {"en": (COMPLAINTS_EN, PRAISE_EN)} | {
        lang: (COMPLAINTS_XX[lang], PRAISE_XX[lang]) for lang in COMPLAINTS_XX
    }
    pools = {
        lang: [p for bank in pair for ps in bank.values() for p in ps]
        for lang, pair in banks.items()
    }
    rng = np.random.default_rng(seed)
    langs = rng.choice(list(SHARES), size=n, p=list(SHARES.values()))
    texts = []
    for lang in langs:
        pool = pools[lang]
        parts = [str(p) for p in rng.choice(pool, size=rng.integers(1, 3), replace=False)]
        if rng.random() < 0.7:
            parts.append(f"#{rng.integers(1000, 99999)}")
        texts.append(" ".join(parts))
    return pd.Series(texts, dtype="object")


def _setup(n: int):
    def setup():
        return _make_comments(n)

    return setup


def _kit(comments: pd.Series) -> pd.DataFrame:
    from nps_toolkit.comments.tagging import tag_themes

    return tag_themes(comments, "ecommerce", language=None, progress=False)


def _baseline(comments: pd.Series) -> pd.DataFrame:
    """Plain pandas: distinct texts folded one by one, one ``str.contains`` per theme."""
    from nps_toolkit.comments.dictionary import fold, load_themes

    def fold_each(texts: pd.Series) -> pd.Series:
        return pd.Series([fold(t) for t in texts], dtype="str")

    return contains_tags(comments, load_themes("ecommerce"), fold_each)


def stages(quick: bool = False) -> list[Stage]:
    n = N_QUICK if quick else N_FULL
    return [
        Stage(
            name="tag_themes_languages_200k",
            size=f"{n:,} comments, 9 languages",
            setup=_setup(n),
            kit=_kit,
            baseline=_baseline,
            check=same_tags,
            target=">= 1.5x plain fold + str.contains on distinct texts",
            repeat=3,
        )
    ]
