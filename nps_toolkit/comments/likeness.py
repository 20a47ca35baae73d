"""Score-supervised "detractor likeness": the survey's own wording, any language.

:class:`DetractorClassifier` (character n-gram TF-IDF + logistic regression)
learns from the detractor and promoter comments of the survey which wording goes
with a low score; :func:`detractor_likeness` gives each comment an
**out-of-fold** probability and the cross-validated AUC per language.
:func:`~nps_toolkit.comments.auc.auc_interval` is DeLong's interval of an AUC (used for the
tone table).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from nps_toolkit._docstrings import share_docs
from nps_toolkit._validation import renamed_args, require_columns
from nps_toolkit.comments.auc import auc_interval
from nps_toolkit.comments.inputs import as_text_series, resolve_language
from nps_toolkit.comments.progress import show_progress
from nps_toolkit.comments.tokens import has_text

# auc_interval moved to comments.auc; importing it from here keeps working.
__all__ = ["DetractorClassifier", "DetractorLikeness", "auc_interval", "detractor_likeness"]

# Progress bar for detractor_likeness from this many training comments.
_PROGRESS_FIT_MIN = 2_000
AUC_COLUMNS = ["language", "n_detractors", "n_promoters", "auc", "auc_fold_sd", "note"]


def _default_pipeline(ngram_range, min_df, C, max_features, seed, analyzer=None):
    """The vectoriser + logistic regression; ``analyzer`` replaces the char_wb
    analysis by a callable giving the same n-grams (a :class:`_MemoAnalyzer`)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    words = {"analyzer": "char_wb", "ngram_range": ngram_range, "lowercase": True}
    if analyzer is not None:  # lower-casing and n-grams are done by ``analyzer``
        words = {"analyzer": analyzer, "ngram_range": (1, 1), "lowercase": False}
    return make_pipeline(
        TfidfVectorizer(
            **words,
            min_df=min_df,
            sublinear_tf=True,
            max_features=max_features,
            dtype=np.float32,
        ),
        LogisticRegression(C=C, class_weight="balanced", max_iter=2000, random_state=seed),
    )


try:  # scikit-learn style estimator
    from sklearn.base import BaseEstimator, ClassifierMixin
except ImportError:  # pragma: no cover - scikit-learn is a dependency
    BaseEstimator = ClassifierMixin = object


class DetractorClassifier(ClassifierMixin, BaseEstimator):
    """Character n-gram TF-IDF + logistic regression: detractor vs promoter comments.

    Trained only on detractor and promoter comments (passives and missing
    categories are dropped in :meth:`fit`): it learns the wording that goes
    with a low score, in any language, from the survey itself.

    Parameters
    ----------
    ngram_range : (int, int), default (2, 5)
        Character n-grams within word boundaries (``analyzer="char_wb"``).
    min_df : int, default 2
        Ignore n-grams seen in fewer comments.
    C : float, default 1.0
        Inverse L2 regularisation of the logistic regression (class-balanced).
    max_features : int, default 200_000
    seed : int, default 0
        Seed of the logistic regression (``random_state=`` is its old name, kept
        for one release with a ``FutureWarning``).

    Attributes
    ----------
    pipeline_ : sklearn Pipeline
        The fitted vectoriser + logistic regression.
    classes_ : ndarray
        ``["detractor", "promoter"]``.
    n_train_ : int
        Comments used for training (detractors + promoters with text).

    Examples
    --------
    >>> texts = ["late delivery", "very late again", "great staff", "great prices"] * 5
    >>> cats = ["detractor", "detractor", "promoter", "promoter"] * 5
    >>> clf = DetractorClassifier().fit(texts, cats)
    >>> clf.predict(["late parcel", "great shop"]).tolist()
    ['detractor', 'promoter']
    """

    @renamed_args(random_state="seed")
    def __init__(self, *, ngram_range=(2, 5), min_df=2, C=1.0, max_features=200_000, seed=0):
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.C = C
        self.max_features = max_features
        self.seed = seed

    def fit(self, texts, categories):
        """Fit on the detractor and promoter comments among ``texts``."""
        x = as_text_series(texts).reset_index(drop=True)
        cats = pd.Series(list(categories), dtype="object")
        if len(cats) != len(x):
            raise ValueError(
                f"categories has {len(cats)} values but texts has {len(x)}. "
                "Fix: pass one category (detractor/passive/promoter) per comment."
            )
        present = has_text(x)
        keep = present & cats.isin(["detractor", "promoter"]).to_numpy(dtype=bool)
        y = cats[keep].astype(str).to_numpy()
        counts = {c: int((y == c).sum()) for c in ("detractor", "promoter")}
        if min(counts.values()) < 2:
            raise ValueError(
                "DetractorClassifier needs at least 2 detractor and 2 promoter comments; got "
                f"{counts['detractor']} detractor and {counts['promoter']} promoter comment(s) "
                "with text. Fix: pass more comments, or classify the scores first with "
                "nps_toolkit.score.scales.classify."
            )
        return self._fit_checked(x[keep].to_numpy(dtype=object), y)

    def _fit_checked(self, x: np.ndarray, y: np.ndarray, analyzer=None):
        """Fit on texts that all have text and labels that are all detractor/promoter."""
        self.pipeline_ = _default_pipeline(
            self.ngram_range, self.min_df, self.C, self.max_features, self.seed, analyzer
        )
        self.pipeline_.fit(x, y)
        self.classes_ = self.pipeline_.classes_
        self.n_train_ = len(y)
        return self

    def predict_proba(self, texts) -> np.ndarray:
        """Class probabilities, columns in ``classes_`` order (detractor, promoter)."""
        x = as_text_series(texts).map(lambda v: v if isinstance(v, str) else "")
        return self.pipeline_.predict_proba(x.to_numpy(dtype=object))

    def predict(self, texts) -> np.ndarray:
        return self.classes_[np.argmax(self.predict_proba(texts), axis=1)]

    def detractor_likeness(self, texts) -> np.ndarray:
        """Probability that each comment is a detractor's."""
        col = list(self.classes_).index("detractor")
        return self.predict_proba(texts)[:, col]


class _MemoAnalyzer:
    """The char_wb analyzer of a :class:`DetractorClassifier`, once per distinct text.

    Cross-validation fits the vectoriser ``cv + 1`` times on overlapping
    comments; the n-grams of a text do not depend on the fold, so they are
    computed once and the vectoriser gets exactly the same n-grams (the same
    matrices, the same model) as with ``analyzer="char_wb"``. Each distinct
    n-gram is held once (the cache costs about 8 bytes per n-gram of the texts).
    """

    def __init__(self, ngram_range):
        from sklearn.feature_extraction.text import TfidfVectorizer

        self._analyze = TfidfVectorizer(
            analyzer="char_wb", ngram_range=ngram_range, lowercase=True
        ).build_analyzer()
        self._cache: dict[str, tuple[str, ...]] = {}
        self._terms: dict[str, str] = {}  # one string object per distinct n-gram

    def __call__(self, text: str) -> tuple[str, ...]:
        found = self._cache.get(text)
        if found is None:
            terms = self._terms
            found = tuple([terms.setdefault(g, g) for g in self._analyze(text)])
            self._cache[text] = found
        return found


class DetractorLikeness(NamedTuple):
    """Result of :func:`detractor_likeness`: per-row ``scores`` and per-language ``auc``."""

    scores: pd.DataFrame
    auc: pd.DataFrame


@renamed_args(text="comment")
@share_docs
def detractor_likeness(
    data: pd.DataFrame,
    *,
    comment: str,
    score: str,
    scale=None,
    thresholds=None,
    language=None,
    by_language: bool = True,
    cv: int = 5,
    seed: int = 0,
    min_per_class: int = 10,
    progress: bool | None = None,
    **model_params,
) -> DetractorLikeness:
    """Out-of-fold "detractor-likeness" of each comment, learnt from the survey's scores.

    Within each language (or all comments together with ``by_language=False``)
    a :class:`DetractorClassifier` is cross-validated on the detractor and
    promoter comments (stratified ``cv`` folds): each of them gets the
    probability predicted by the model fitted on the *other* folds, never an
    in-sample score. Passives, and comments whose score is missing, are not
    used for training; they get the prediction of the model fitted on all
    detractor and promoter comments of their language (``in_training=False``).
    The AUC of the out-of-fold probabilities says how well the wording alone
    separates detractors from promoters (0.5 = not at all).

    Parameters
    ----------
    {params.data}
    {params.comment}
        (``text=`` is its old name, kept for one release with a ``FutureWarning``.)
    {params.score}
    scale, thresholds
        Passed to :func:`nps_toolkit.score.scales.classify` (e.g. ``scale=(1, 10)``).
    language : None, str or column name
        ``None`` detects languages with :func:`nps_toolkit.comments.language.detect_language`;
        the name of a column of ``data`` uses it; any other string is one code
        for all comments.
    by_language : bool, default True
        One model per language (comments detected as ``"unknown"``, too short
        to tell, form their own group; those with no letters at all get no
        language and no likeness). Languages with fewer than ``min_per_class``
        detractor or promoter comments (or fewer than ``cv``) get no model:
        NaN likeness and a note in the AUC table.
    cv : int, default 5
    {params.seed}
    min_per_class : int, default 10
    progress : bool or None
        tqdm progress bar over the model fits; ``None`` shows it from 2,000
        detractor + promoter comments on (a few seconds of fitting).
    **model_params
        Passed to :class:`DetractorClassifier` (``ngram_range``, ``min_df``, ``C``...).

    Returns
    -------
    DetractorLikeness
        Named pair ``(scores, auc)``.

        ``scores``, indexed like ``data``: ``category`` (detractor / passive /
        promoter / NaN), ``language``, ``detractor_likeness`` (probability
        0..1, NaN without comment or model), ``in_training`` (True when the value
        is out-of-fold for a training comment).

        ``auc``, one row per language: ``language``, ``n_detractors``,
        ``n_promoters`` (comments used), ``auc`` (of the pooled out-of-fold
        probabilities), ``auc_fold_sd`` (spread of the per-fold AUCs),
        ``note``.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> bad = ["livraison en retard", "trop cher", "service lent", "colis perdu"]
    >>> good = ["personnel sympa", "super choix", "très bons conseils", "belles plantes"]
    >>> comments = [rng.choice(bad) if i % 2 else rng.choice(good) for i in range(80)]
    >>> df = pd.DataFrame({"comment": comments, "score": [3 if i % 2 else 10 for i in range(80)]})
    >>> res = detractor_likeness(df, comment="comment", score="score", language="fr")
    >>> res.auc[["language", "n_detractors", "n_promoters", "auc"]]
      language  n_detractors  n_promoters  auc
    0       fr            40           40  1.0
    """
    require_columns(
        data, [comment, score], "the data (arguments comment=, score=)", skip_none=False
    )
    if not isinstance(cv, int) or cv < 2:
        raise ValueError(f"cv must be an integer >= 2 (number of folds); got {cv!r}.")
    from nps_toolkit.score.scales import classify

    texts = as_text_series(data[comment], name=comment)
    cats = classify(data[score], scale=scale, thresholds=thresholds).astype("object")
    present = has_text(texts)
    if not by_language:
        langs = pd.Series("all", index=data.index, dtype="object")
    elif isinstance(language, str) and language in data.columns:
        langs = resolve_language(data[language], texts, present)
    else:
        langs = resolve_language(language, texts, present)
    langs = langs.where(present, None)

    likeness = np.full(len(data), np.nan)
    in_training = np.zeros(len(data), dtype=bool)
    base = DetractorClassifier(seed=seed, **model_params)
    lang_values = langs.to_numpy(dtype=object)
    cat_values = cats.to_numpy(dtype=object)
    text_values = texts.to_numpy(dtype=object)
    has_lang = np.array([isinstance(v, str) for v in lang_values], dtype=bool)
    n_labelled = int((present & has_lang & np.isin(cat_values, ["detractor", "promoter"])).sum())
    bar = None
    if show_progress(progress, large=n_labelled >= _PROGRESS_FIT_MIN):
        from tqdm.auto import tqdm

        bar = tqdm(total=n_labelled, desc="detractor model", unit="comment")
    rows = []
    for lang in sorted({v for v in lang_values if isinstance(v, str)}):
        in_lang = present & (lang_values == lang)
        train = in_lang & np.isin(cat_values, ["detractor", "promoter"])
        others = in_lang & ~train
        row, oof, pred = _fit_language(
            base,
            text_values[train],
            cat_values[train],
            text_values[others],
            cv=cv,
            seed=seed,
            min_needed=max(min_per_class, cv),
        )
        rows.append({"language": lang} | row)
        if oof is not None:
            likeness[train] = oof
            in_training[train] = True
            likeness[others] = pred
        if bar is not None:
            bar.update(int(train.sum()))
    if bar is not None:
        bar.close()
    scores = pd.DataFrame(
        {
            "category": cats,
            "language": langs.astype("object"),
            "detractor_likeness": likeness,
            "in_training": in_training,
        },
        index=data.index,
    )
    return DetractorLikeness(scores, pd.DataFrame(rows, columns=AUC_COLUMNS))


def _fit_language(base, x_train, cats, x_other, *, cv, seed, min_needed):
    """Cross-validate ``base`` on one language's detractor/promoter comments.

    Returns the AUC-table row (without ``language``), the out-of-fold
    likeness of the training comments and the full model's likeness of
    ``x_other`` (both None when there are too few comments to learn).
    """
    from sklearn.base import clone
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import StratifiedKFold
    from threadpoolctl import threadpool_limits

    y = (cats == "detractor").astype(int)
    n_det, n_pro = int(y.sum()), int((1 - y).sum())
    row = {"n_detractors": n_det, "n_promoters": n_pro}
    if min(n_det, n_pro) < min_needed:
        note = f"too few comments (need {min_needed} detractors and promoters): no model"
        return row | {"auc": np.nan, "auc_fold_sd": np.nan, "note": note}, None, None
    labels = np.where(y == 1, "detractor", "promoter")
    oof = np.empty(len(y))
    fold_aucs = []
    folds = StratifiedKFold(n_splits=cv, shuffle=True, random_state=seed)
    # Same fits as ``clone(base).fit(...)`` on checked texts, each text analysed once.
    analyzer = _MemoAnalyzer(base.ngram_range)

    def likeness_of(model, x):
        col = list(model.classes_).index("detractor")
        return model.pipeline_.predict_proba(x)[:, col]

    # One BLAS thread: on these small models BLAS threads mostly wait for each other
    # (about 2x the CPU time and wall time on 2 busy cores); same numbers.
    with threadpool_limits(1, user_api="blas"):
        for fit_idx, test_idx in folds.split(x_train, labels):
            model = clone(base)._fit_checked(x_train[fit_idx], labels[fit_idx], analyzer)
            oof[test_idx] = likeness_of(model, x_train[test_idx])
            fold_aucs.append(roc_auc_score(y[test_idx], oof[test_idx]))
        pred = np.empty(0)
        if len(x_other):
            pred = likeness_of(clone(base)._fit_checked(x_train, labels, analyzer), x_other)
    row |= {
        "auc": float(roc_auc_score(y, oof)),
        "auc_fold_sd": float(np.std(fold_aucs, ddof=1)),
        "note": "",
    }
    return row, oof, pred
