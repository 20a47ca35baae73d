"""Out-of-sample evaluation: which coding of the score predicts the outcome best?

:func:`compare_predictors` fits each coding of the score (linear, NPS category,
top box, or the score plus extra columns) on the same stratified folds and
compares their cross-validated AUCs, in the spirit of de Haan, Verhoef & Wiesel
(2015, IJRM). The fold machinery (and why AUC is averaged per fold rather than
pooled) lives in :mod:`nps_toolkit.repeat.crossval`; the metrics :func:`delong`
and :func:`top_decile_lift` moved to :mod:`nps_toolkit.repeat.metrics` and are
still importable from here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import stats

from nps_toolkit._docstrings import share_docs
from nps_toolkit._validation import as_list, require_columns
from nps_toolkit.repeat.crossval import (
    Folds,
    boot_fold_mean_auc,
    fold_labels,
    fold_mean_auc,
    make_folds,
    oof_predictions,
)
from nps_toolkit.repeat.design import (
    Terms,
    binary_outcome,
    check_categories,
    usable_rows,
)

# moved to nps_toolkit.repeat.metrics; importable from here for existing code
from nps_toolkit.repeat.metrics import delong, top_decile_lift
from nps_toolkit.repeat.results import PredictorComparison
from nps_toolkit.score.stats import z_value

__all__ = ["PredictorComparison", "compare_predictors", "delong", "top_decile_lift"]

_BASE_SETS = {
    "score (linear)": ("score", []),
    "category (dummies)": ("category", []),
    "top2box": ("top2box", []),
}


def _fit_sets(used, y, sets, *, controls, score, scale, thresholds, folds):
    """Out-of-fold predictions (one row per set) and the number of terms of each set."""
    preds, n_terms = [], []
    codes = None
    for predictor, cols in sets.values():
        terms = Terms(
            score=score, predictor=predictor, controls=[*controls, *cols],
            scale=scale, thresholds=thresholds,
        )  # fmt: skip
        if codes is None:  # same score column and scale for every set: classify once
            codes = terms.codes(used)
        check_categories(codes, terms)
        terms.learn(used)
        X = terms.matrix(used, codes)
        n_terms.append(X.shape[1] - 1)
        preds.append(oof_predictions(X, y, folds))
    return np.vstack(preds), n_terms


def _auc_intervals(y, P, folds: Folds, auc, cov, best, *, interval, n_boot, seed, confidence):
    """``(ci_low, ci_high, diff_se)``: AUC intervals and the SE of each AUC minus the best."""
    if interval == "delong":
        z = z_value(confidence)
        se = np.sqrt(np.diag(cov))
        diff_var = np.diag(cov) + cov[best, best] - 2 * cov[:, best]
        return auc - z * se, auc + z * se, np.sqrt(np.maximum(diff_var, 0))
    boot = boot_fold_mean_auc(y, P, folds, n_boot, np.random.default_rng(seed))
    if len(boot) < max(2, n_boot // 2):
        raise ValueError(
            f"Only {len(boot)} of n_boot={n_boot} bootstrap resamples drew both outcomes in "
            f"every fold ({int(min(y.sum(), len(y) - y.sum()))} rows have the rarer "
            "outcome). Fix: interval='delong', fewer folds (cv=) or more data."
        )
    alpha = 1 - confidence
    lo = np.quantile(boot, alpha / 2, axis=0)
    hi = np.quantile(boot, 1 - alpha / 2, axis=0)
    return lo, hi, (boot - boot[:, [best]]).std(axis=0, ddof=1)


def _per_fold_table(names, folds: Folds, per_fold) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "predictors": np.repeat(names, len(folds)),
            "fold": np.tile(np.arange(len(folds)), len(names)),
            "n": np.tile([len(test) for _, test in folds], len(names)),
            "auc": per_fold.T.ravel(),
        }
    )


@share_docs
def compare_predictors(
    data: pd.DataFrame,
    *,
    outcome: str,
    score: str,
    extra: Mapping[str, Sequence[str]] | None = None,
    controls=None,
    scale=None,
    thresholds=None,
    censored: str | None = "censored",
    cv: int = 5,
    seed: int = 0,
    interval: str = "bootstrap",
    n_boot: int = 1000,
    confidence: float = 0.95,
) -> PredictorComparison:
    """Which coding of the score predicts the outcome best, out of sample?

    Every predictor set is fitted on the same stratified folds (paired
    comparison, same rows): the raw score (linear), the NPS category dummies,
    the top box (promoters vs the rest) and, for each ``extra`` entry, the
    linear score plus those columns (e.g. comment sentiment or theme flags).
    This follows de Haan, Verhoef & Wiesel (2015, IJRM), who compared such
    codings of customer-feedback metrics for predicting retention.

    Parameters
    ----------
    {params.data}
    {params.outcome}
    {params.score}
    extra : dict of str to list of str, optional
        Name of a predictor set -> extra columns added to the linear score,
        e.g. ``{"score + sentiment": ["compound"]}``.
    controls : list of str, optional
        Columns added to every set.
    {params.scale}
    {params.thresholds}
    {params.censored}
    cv : int
        Folds (stratified on the outcome).
    {params.seed}
    interval : {"bootstrap", "delong"}
        Paired bootstrap of the out-of-fold predictions, rows resampled within
        each fold (``n_boot`` resamples), or DeLong's analytic method combined
        over the folds (fast on large data).
    n_boot : int
        Bootstrap resamples.
    {params.confidence}

    Returns
    -------
    PredictorComparison
        ``table``: one row per set: ``predictors, terms, n, auc, auc_ci_low, auc_ci_high,
        gini, top_decile_lift, brier, auc_diff_vs_best, p_val_vs_best, best``.
        ``auc`` is the mean over the folds of the AUC of each fold's
        out-of-fold predictions (not the AUC of the pooled predictions, which
        the folds' different intercepts bias against coarse codings such as
        the top box; see :mod:`nps_toolkit.repeat.crossval`); ``top_decile_lift``
        is averaged over the folds the same way; ``brier`` is the mean over all
        rows. ``gini = 2 * auc - 1``; ``p_val_vs_best`` tests the AUC difference
        with the best set (NaN for the best itself). Rows missing any column
        of any set are excluded from all sets (``n_excluded``: ``reason, n``);
        ``predictions`` holds the out-of-fold probabilities of each set (one
        column per set, indexed like the rows used), ``fold`` the fold of each
        row (0 to ``cv - 1``) and ``per_fold`` the AUC of each set in each
        fold (``predictors, fold, n, auc``).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> d = pd.DataFrame({"score": rng.integers(0, 11, 2000)})
    >>> d["rep"] = rng.random(2000) < 1 / (1 + np.exp(-(-2 + 0.3 * d.score)))
    >>> t = compare_predictors(d, outcome="rep", score="score", n_boot=200)
    >>> t.table["predictors"].tolist()
    ['score (linear)', 'category (dummies)', 'top2box']
    """
    if interval not in ("bootstrap", "delong"):
        raise ValueError(f"interval={interval!r}: use 'bootstrap' or 'delong'.")
    z_value(confidence)  # a clear error for a bad level, before any fitting
    sets = dict(_BASE_SETS) | {
        name: ("score", as_list(cols)) for name, cols in (extra or {}).items()
    }
    controls = as_list(controls)
    all_cols = sorted({c for _, cols in sets.values() for c in cols} | set(controls))
    require_columns(data, [outcome, score, *all_cols], "data", skip_none=False)
    keep, excluded = usable_rows(data, [outcome, score, *all_cols], censored)
    used = data.loc[keep]
    y = binary_outcome(used[outcome], outcome)
    if y.sum() in (0, len(y)):
        raise ValueError(f"Outcome {outcome!r} takes a single value on the usable rows.")
    folds = make_folds(y, cv, seed)
    names = list(sets)
    P, n_terms = _fit_sets(
        used, y, sets, controls=controls, score=score, scale=scale, thresholds=thresholds,
        folds=folds,
    )  # fmt: skip
    auc, cov, per_fold = fold_mean_auc(y, P, folds)
    best = int(np.argmax(auc))
    lo, hi, diff_se = _auc_intervals(
        y,
        P,
        folds,
        auc,
        cov,
        best,
        interval=interval,
        n_boot=n_boot,
        seed=seed,
        confidence=confidence,
    )
    diff = auc - auc[best]
    with np.errstate(divide="ignore", invalid="ignore"):
        p_val = 2 * stats.norm.sf(np.abs(diff) / diff_se)
    p_val[best] = np.nan
    lift = np.mean([[top_decile_lift(y[test], p[test]) for p in P] for _, test in folds], axis=0)
    table = pd.DataFrame(
        {
            "predictors": names,
            "terms": n_terms,
            "n": len(y),
            "auc": auc,
            "auc_ci_low": np.clip(lo, 0, 1),
            "auc_ci_high": np.clip(hi, 0, 1),
            "gini": 2 * auc - 1,
            "top_decile_lift": lift,
            "brier": ((P - y) ** 2).mean(axis=1),
            "auc_diff_vs_best": diff,
            "p_val_vs_best": p_val,
            "best": np.arange(len(names)) == best,
        }
    )
    return PredictorComparison(
        table=table,
        predictions=pd.DataFrame(dict(zip(names, P, strict=True)), index=used.index),
        fold=pd.Series(fold_labels(folds, len(y)), index=used.index, name="fold"),
        per_fold=_per_fold_table(names, folds, per_fold),
        n_excluded=excluded,
    )
