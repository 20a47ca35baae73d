"""Sentiment on 100,000 comments: the kit vs a plain VADER loop, same scores.

The comments are seeded and repeat the way real survey comments do: about a
third are short stock answers ("ok", "great", "Fast delivery 👍", in several
spellings), the rest are 1-4 sentences drawn from a large pool of templated
sentences with a skewed (Zipf-like) popularity, some with numbers and days
that make them unique. The baseline is a plain loop of NLTK's own
``SentimentIntensityAnalyzer.polarity_scores`` (the unmodified class) over
every sentence of every comment, with the same lexicon + CX supplement, the same emoji translation and
the same sentence averaging; ``check`` asserts identical scores (exact float
equality) for every comment.

``detractor_likeness_demo``: :func:`nps_toolkit.comments.likeness.detractor_likeness`
on the demo survey's comments (languages detected in setup, passed as a column),
as the report runs it. The baseline is the straightforward cross-validation:
per language, ``clone(DetractorClassifier).fit`` per stratified fold and on all
comments, with the default BLAS threads; ``check`` asserts identical
likeness, training flags and AUC table.

Accuracy, not speed: ``python -m benchmarks.bench_sentiment --validation`` prints
the macro-F1 of the kit and of plain VADER on the hand-labelled English set
``tests/fixtures/sentiment/en_validation.csv`` side by side, and the accuracy
of each per phenomenon (negation, "but", waiting, emoji...).
"""

from __future__ import annotations

import numpy as np

from benchmarks.harness import Stage

SHORT = [
    "ok",
    "OK",
    "Ok.",
    "great",
    "Great",
    "Great!",
    "GREAT",
    "good",
    "Good service",
    "good service",
    "Fast delivery",
    "fast delivery 👍",
    "👍",
    "😡",
    "Too expensive",
    "too expensive",
    "Nothing to add",
    "no comment",
    "N/A",
    "perfect",
    "Perfect!!",
    "Excellent",
    "excellent service",
    "Very good",
    "very good",
    "Bad",
    "bad service",
    "Slow delivery",
    "Late delivery",
    "Never again.",
    "Worst experience ever!!!",
    "Love it ❤️",
    "not bad",
    "Not bad at all",
    "could be better",
    "Overpriced",
    "refund still not processed",
    "Helpful staff",
    "Friendly staff",
    "rude staff",
    "Easy to use",
    "The app keeps crashing",
    "Quick and easy",
    "Thanks",
    "Thank you!",
    "All good",
    "Fine",
    "average",
    "So so",
    "meh",
    "😀",
    "🙂",
    "👎",
    "💯",
]
OPENERS = ["", "Honestly, ", "Overall ", "This time ", "As usual ", "Again ", "Sadly ", "Really "]
SUBJECTS = [
    "the delivery",
    "the driver",
    "the parcel",
    "the product",
    "the quality",
    "the price",
    "customer service",
    "the support team",
    "the website",
    "the app",
    "checkout",
    "the refund",
    "the return process",
    "the staff",
    "the store",
    "the packaging",
    "the hotline",
    "the chat",
    "the order",
    "my package",
    "the invoice",
    "the manager",
    "the plants",
    "the garden furniture",
    "the assembly instructions",
    "the courier",
]
PREDICATES = [
    "was great",
    "was late",
    "was very late",
    "was fast",
    "was slow",
    "was perfect",
    "was terrible",
    "was excellent",
    "was too expensive",
    "was overpriced",
    "was fine",
    "was ok",
    "was not good",
    "was not bad",
    "was really helpful",
    "was rude",
    "was broken",
    "arrived damaged",
    "took forever",
    "never answered",
    "was easy",
    "was confusing",
    "was smooth",
    "kept crashing",
    "was good value",
    "was disappointing",
    "was amazing",
    "could be better",
    "exceeded my expectations",
    "was a nightmare",
    "was friendly",
    "was unhelpful",
    "was reasonable",
    "is still pending",
]
ENDINGS = [".", "!", "!!!", "", " 👍", " 😡", " 🙂", "..."]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def make_comments(n: int, seed: int = 0) -> list[str]:
    """Seeded comments with realistic repetition (see the module docstring)."""
    rng = np.random.default_rng(seed)

    def zipf_choice(items, size):
        w = 1.0 / np.arange(1, len(items) + 1) ** 1.1
        return rng.choice(len(items), size=size, p=w / w.sum())

    def sentences(size):
        o = zipf_choice(OPENERS, size)
        s = zipf_choice(SUBJECTS, size)
        p = zipf_choice(PREDICATES, size)
        e = zipf_choice(ENDINGS, size)
        out = []
        for a, b, c, d in zip(o, s, p, e, strict=True):
            text = f"{OPENERS[a]}{SUBJECTS[b]} {PREDICATES[c]}{ENDINGS[d]}"
            out.append(text[0].upper() + text[1:])
        return out

    comments: list[str] = []
    short_idx = zipf_choice(SHORT, n)
    kind = rng.random(n)
    n_sent = rng.choice([1, 2, 3, 4], size=n, p=[0.35, 0.35, 0.2, 0.1])
    pool = iter(sentences(int(n_sent.sum())))
    for i in range(n):
        if kind[i] < 0.35:
            comments.append(SHORT[short_idx[i]])
            continue
        parts = [next(pool) for _ in range(n_sent[i])]
        if kind[i] > 0.85:  # a unique detail: day and delay
            parts.append(
                f"Ordered on {DAYS[rng.integers(7)]}, it came {rng.integers(1, 40)} days later."
            )
        comments.append(" ".join(parts))
    return comments


def _setup(n):
    def setup():
        from nps_toolkit.comments.sentiment import make_analyzer, translate_emoji

        translate_emoji("\U0001f600")  # load the emoji table once, outside both timings
        return {
            "texts": make_comments(n),
            "analyzer": make_analyzer(),  # the kit's (faster, equivalent tokenising)
            "plain": make_analyzer(fast=False),  # NLTK's own class, same lexicon
        }

    return setup


def _kit(state):
    from nps_toolkit.comments.sentiment import sentiment

    out = sentiment(state["texts"], language="en", analyzer=state["analyzer"], progress=False)
    return out[["neg", "neu", "pos", "compound"]].to_numpy()


def _baseline(state):
    from nps_toolkit.comments.sentiment import split_sentences, translate_emoji

    sia = state["plain"]
    keys = ("neg", "neu", "pos", "compound")
    rows = []
    for text in state["texts"]:
        parts = split_sentences(translate_emoji(text))
        totals = [0.0, 0.0, 0.0, 0.0]
        for sentence in parts:
            scores = sia.polarity_scores(sentence)
            for j, key in enumerate(keys):
                totals[j] += scores[key]
        rows.append([t / len(parts) for t in totals] if parts else [np.nan] * 4)
    return np.array(rows)


def _check(kit, baseline):
    assert kit.shape == baseline.shape, (kit.shape, baseline.shape)
    same = (kit == baseline) | (np.isnan(kit) & np.isnan(baseline))
    if not same.all():
        bad = np.flatnonzero(~same.all(axis=1))
        raise AssertionError(f"{bad.size} comments differ, e.g. rows {bad[:5].tolist()}")


def _setup_likeness():
    from nps_toolkit.comments.language import detect_language
    from nps_toolkit.datasets import load_demo

    survey = load_demo()
    survey = survey if hasattr(survey, "columns") else survey[0]
    data = survey.loc[survey["comment"].notna(), ["comment", "score"]].copy()
    data["language"] = detect_language(data["comment"])
    import sklearn.linear_model  # noqa: F401  (imports outside both timings)

    return data


def _likeness_kit(data):
    from nps_toolkit.comments.likeness import detractor_likeness

    res = detractor_likeness(
        data, comment="comment", score="score", scale=(0, 10), language="language", progress=False
    )
    return res.scores, res.auc


def _likeness_baseline(data):
    """The plain loop: a fresh classifier per fold, each analysing its texts again."""
    import pandas as pd
    from sklearn.base import clone
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import StratifiedKFold

    from nps_toolkit.comments.likeness import AUC_COLUMNS, DetractorClassifier
    from nps_toolkit.comments.tokens import has_text
    from nps_toolkit.score.scales import classify

    cats = classify(data["score"], scale=(0, 10)).astype("object").to_numpy()
    texts = data["comment"].to_numpy(dtype=object)
    langs = data["language"].where(has_text(data["comment"]), None).to_numpy(dtype=object)
    likeness, in_training = np.full(len(data), np.nan), np.zeros(len(data), dtype=bool)
    base, rows = DetractorClassifier(seed=0), []
    for lang in sorted({v for v in langs if isinstance(v, str)}):
        train = (langs == lang) & np.isin(cats, ["detractor", "promoter"])
        others = (langs == lang) & ~train
        y = (cats[train] == "detractor").astype(int)
        row = {"language": lang, "n_detractors": int(y.sum()), "n_promoters": int((1 - y).sum())}
        if min(row["n_detractors"], row["n_promoters"]) < 10:
            note = "too few comments (need 10 detractors and promoters): no model"
            rows.append(row | {"auc": np.nan, "auc_fold_sd": np.nan, "note": note})
            continue
        x, labels = texts[train], cats[train]
        oof, fold_aucs = np.empty(len(y)), []
        for fit_idx, test_idx in StratifiedKFold(5, shuffle=True, random_state=0).split(x, labels):
            model = clone(base).fit(x[fit_idx], labels[fit_idx])
            oof[test_idx] = model.detractor_likeness(x[test_idx])
            fold_aucs.append(roc_auc_score(y[test_idx], oof[test_idx]))
        likeness[train], in_training[train] = oof, True
        if others.any():
            likeness[others] = clone(base).fit(x, labels).detractor_likeness(texts[others])
        auc_sd = float(np.std(fold_aucs, ddof=1))
        rows.append(row | {"auc": float(roc_auc_score(y, oof)), "auc_fold_sd": auc_sd, "note": ""})
    scores = pd.DataFrame({"detractor_likeness": likeness, "in_training": in_training})
    return scores, pd.DataFrame(rows, columns=AUC_COLUMNS)


def _likeness_check(kit, baseline):
    scores, auc = kit
    base_scores, base_auc = baseline
    got = scores["detractor_likeness"].to_numpy()
    want = base_scores["detractor_likeness"].to_numpy()
    assert np.array_equal(got, want, equal_nan=True), "detractor_likeness differs"
    assert np.array_equal(scores["in_training"].to_numpy(), base_scores["in_training"].to_numpy())
    assert auc.equals(base_auc), (auc, base_auc)


def stages(quick: bool = False) -> list[Stage]:
    n = 3_000 if quick else 100_000
    return [
        Stage(
            name="detractor_likeness_demo",
            size="demo comments",
            setup=_setup_likeness,
            kit=_likeness_kit,
            baseline=_likeness_baseline,
            check=_likeness_check,
            target="identical to fold-by-fold refits, faster on 2 busy cores (issue 13)",
            repeat=1 if quick else 3,
        ),
        Stage(
            name="sentiment",
            size=f"{n:,} comments",
            setup=_setup(n),
            kit=_kit,
            baseline=_baseline,
            check=_check,
            target="< 5 s on 2 cores and >= 3x the plain VADER loop, identical scores",
        ),
    ]


VALIDATION_FILE = "tests/fixtures/sentiment/en_validation.csv"


def validation_tables(path: str = VALIDATION_FILE):
    """Macro-F1 of the kit and plain VADER, and their accuracy per phenomenon."""
    import pandas as pd

    from nps_toolkit.comments.sentiment import sentiment
    from nps_toolkit.comments.validation import compare_with_vader, plain_vader_labels

    data = pd.read_csv(path, encoding="utf-8")
    overall = compare_with_vader(data["text"], data["label"])
    right = pd.DataFrame(
        {
            "phenomenon": data["phenomenon"],
            "kit": sentiment(data["text"], language="en")["label"].to_numpy() == data["label"],
            "plain_vader": pd.Series(plain_vader_labels(data["text"])) == data["label"],
        }
    )
    per = right.groupby("phenomenon").agg(
        n=("kit", "size"), kit=("kit", "mean"), plain_vader=("plain_vader", "mean")
    )
    return overall, per.sort_values("n", ascending=False)


if __name__ == "__main__":
    import sys

    if "--validation" in sys.argv:
        overall, per = validation_tables()
        print(overall.round(3).to_string(index=False))
        print("\naccuracy per phenomenon")
        print(per.round(3).to_string())
