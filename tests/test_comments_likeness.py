"""Speed-ups of the comment models give the answers of the plain computation.

``detractor_likeness`` analyses each text once across its cross-validation fits
and runs them on one BLAS thread; ``detect_language`` classifies each distinct
text once per process. Both are checked against the straightforward
computation (fresh public estimators fitted fold by fold; py3langid called
directly), exactly.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold

from nps_toolkit.comments.language import detect_language
from nps_toolkit.comments.likeness import DetractorClassifier, detractor_likeness
from nps_toolkit.comments.tokens import normalize

BAD = {
    "fr": ["livraison en retard", "trop cher pour la qualité", "colis perdu", "service lent"],
    "en": ["parcel arrived late", "far too expensive", "support never answered", "broken item"],
}
GOOD = {
    "fr": ["personnel sympa", "super choix", "très bons conseils", "belles plantes"],
    "en": ["friendly staff", "great choice", "very good advice", "lovely plants"],
}


def _survey(rng, n_per_lang=60):
    rows = []
    for lang in ("en", "fr"):
        for _ in range(n_per_lang):
            score = int(rng.choice([1, 3, 5, 7, 8, 9, 10]))
            pool = BAD[lang] if score <= 6 else GOOD[lang]
            extra = f" {rng.choice(pool)}" if rng.random() < 0.5 else ""
            rows.append({"c": f"{rng.choice(pool)}{extra}", "s": score, "lang": lang})
    return pd.DataFrame(rows)


def test_likeness_equals_fresh_fold_by_fold_fits():
    df = _survey(np.random.default_rng(7))
    res = detractor_likeness(df, comment="c", score="s", language="lang", cv=4, seed=3)
    cats = np.where(df["s"] <= 6, "detractor", np.where(df["s"] <= 8, "passive", "promoter"))
    base = DetractorClassifier(seed=3)
    for lang in ("en", "fr"):
        train = (df["lang"].eq(lang) & (cats != "passive")).to_numpy()
        others = (df["lang"].eq(lang) & (cats == "passive")).to_numpy()
        x, labels = df["c"].to_numpy(object)[train], cats[train]
        y = (labels == "detractor").astype(int)
        oof = np.empty(len(x))
        folds = StratifiedKFold(n_splits=4, shuffle=True, random_state=3)
        for fit_idx, test_idx in folds.split(x, labels):
            model = clone(base).fit(x[fit_idx], labels[fit_idx])
            oof[test_idx] = model.detractor_likeness(x[test_idx])
        full = clone(base).fit(x, labels).detractor_likeness(df["c"].to_numpy(object)[others])
        got = res.scores["detractor_likeness"].to_numpy()
        assert np.array_equal(got[train], oof)
        assert np.array_equal(got[others], full)
        row = res.auc.set_index("language").loc[lang]
        assert row["auc"] == roc_auc_score(y, oof)


def test_detect_language_cache_matches_py3langid_and_respects_candidates():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    texts = [
        "The parcel arrived a week late",
        "Harganya terlalu mahal untuk kualitasnya",
        "Livraison rapide, merci beaucoup !",
        "ok",
        None,
    ]
    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages(["en", "fr", "id"])
    expected = [ident.classify(normalize(t)) for t in texts[:3]]
    for _ in range(2):  # the second call is answered from the cache
        got = detect_language(texts, languages=["en", "fr", "id"], return_confidence=True)
        assert got["language"].tolist()[:3] == [code for code, _ in expected]
        assert got["confidence"].tolist()[:3] == pytest.approx([p for _, p in expected], abs=0)
        assert got["language"].iloc[3] == "unknown" and pd.isna(got["language"].iloc[4])
    # other candidates: not the cached answers of the first set
    only = detect_language(texts[1:2], languages=["en", "fr"])
    assert only.iloc[0] in {"en", "fr", "unknown"}
    assert detect_language(texts[1:2], languages=["en", "fr", "id"]).iloc[0] == "id"
