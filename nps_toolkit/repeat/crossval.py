"""Cross-validation shared by :class:`~nps_toolkit.repeat.models.RepeatModel` and
:func:`~nps_toolkit.repeat.evaluation.compare_predictors`.

* :func:`make_folds`: the stratified, seeded fold split;
* :func:`oof_predictions`: out-of-fold probabilities of an unpenalised logistic
  regression;
* :func:`per_fold_auc`, :func:`fold_mean_auc`, :func:`cv_auc_table` and
  :func:`boot_fold_mean_auc`: cross-validated AUC with a DeLong or paired
  bootstrap interval;
* :func:`fold_labels`: the fold of each row;
* :func:`reliability_table`: calibration of predictions in equal-count bins.

Cross-validated AUC is computed **per fold and averaged**, never on the pooled
out-of-fold predictions. Each fold's model has its own intercept, so pooling puts
respondents with the same answer at slightly different predictions depending on
their fold; for a coarse coding (top box: two values) that breaks its ties at
random, or worse, against the outcome (a fold whose training rows had fewer
repeaters has more of them in its test rows), and the coding loses AUC it has
(0.009 to 0.022 for the top box). Within a fold, predictions are a monotone
function of the coding, so the fold's AUC is the coding's tied AUC on those rows.
The interval combines the folds' DeLong variances (test rows of different folds
are disjoint): ``var = sum_k var_k / K**2``, with the covariances between
predictor sets combined the same way for paired differences.

A fold split is a list of ``(train, test)`` integer index arrays (``Folds``).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from scipy import stats
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from nps_toolkit.repeat.metrics import delong
from nps_toolkit.repeat.outcomes import wilson_interval
from nps_toolkit.score.stats import z_value

__all__ = [
    "boot_fold_mean_auc",
    "cv_auc_table",
    "fold_labels",
    "fold_mean_auc",
    "make_folds",
    "oof_predictions",
    "per_fold_auc",
    "reliability_table",
]

Folds = list[tuple[np.ndarray, np.ndarray]]


def make_folds(y: np.ndarray, cv: int, seed: int) -> Folds:
    """Stratified ``cv``-fold split of the rows of ``y`` (0/1), shuffled with ``seed``.

    Refuses a split where a fold could miss the rarer outcome.
    """
    minority = int(min(y.sum(), len(y) - y.sum()))
    if minority < cv:
        raise ValueError(
            f"Only {minority} rows have the rarer outcome, fewer than cv={cv} folds. "
            "Fix: use fewer folds (cv=) or more data."
        )
    skf = StratifiedKFold(n_splits=cv, shuffle=True, random_state=seed)
    return list(skf.split(np.zeros(len(y)), y.astype(int)))


def oof_predictions(X: np.ndarray, y: np.ndarray, folds: Folds) -> np.ndarray:
    """Out-of-fold probabilities from an unpenalised scikit-learn logistic regression.

    Column 0 of ``X`` is the intercept (left to scikit-learn).
    """
    p = np.empty(len(y))
    for train, test in folds:
        clf = LogisticRegression(C=np.inf, solver="newton-cholesky", max_iter=200)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            clf.fit(X[train, 1:], y[train])  # column 0 is the intercept
        p[test] = clf.predict_proba(X[test, 1:])[:, 1]
    return p


def per_fold_auc(y: np.ndarray, P: np.ndarray, folds: Folds) -> tuple[np.ndarray, np.ndarray]:
    """AUC of each prediction set in each fold's test rows, and their DeLong covariances.

    ``P`` is (k, n). Returns ``(aucs, covs)``: (K, k) and (K, k, k) for K folds.
    """
    P = np.atleast_2d(P)
    aucs, covs = [], []
    for _, test in folds:
        auc, cov = delong(y[test], P[:, test])
        aucs.append(auc)
        covs.append(cov)
    return np.array(aucs), np.array(covs)


def fold_mean_auc(
    y: np.ndarray, P: np.ndarray, folds: Folds
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cross-validated AUC: mean over folds, its covariance (sum_k cov_k / K**2), per fold."""
    aucs, covs = per_fold_auc(y, P, folds)
    k = len(folds)
    return aucs.mean(axis=0), covs.sum(axis=0) / k**2, aucs


def cv_auc_table(y: np.ndarray, p: np.ndarray, folds: Folds, confidence: float) -> pd.DataFrame:
    """One row ``auc, se, ci_low, ci_high, folds``: per-fold AUC averaged, DeLong interval.

    The AUC of each fold's out-of-fold predictions, averaged over the folds; its
    variance is the folds' DeLong variances summed over ``K**2`` (disjoint test
    rows). See the module docstring for why the folds are not pooled.

    Examples
    --------
    >>> y = np.array([0, 1, 0, 1, 0, 1, 1, 0])
    >>> p = np.array([0.2, 0.8, 0.3, 0.4, 0.5, 0.9, 0.6, 0.1])
    >>> folds = [(np.arange(4, 8), np.arange(4)), (np.arange(4), np.arange(4, 8))]
    >>> float(cv_auc_table(y, p, folds, 0.95)["auc"].iloc[0])  # fold AUCs 1.0 and 1.0
    1.0
    """
    z = z_value(confidence)
    auc, cov, _ = fold_mean_auc(y, np.asarray(p, dtype="float64"), folds)
    se = float(np.sqrt(cov[0, 0]))
    return pd.DataFrame(
        {
            "auc": [float(auc[0])],
            "se": [se],
            "ci_low": [max(0.0, float(auc[0]) - z * se)],
            "ci_high": [min(1.0, float(auc[0]) + z * se)],
            "folds": [len(folds)],
        }
    )


def boot_fold_mean_auc(
    y: np.ndarray,
    P: np.ndarray,
    folds: Folds,
    n_boot: int,
    rng: np.random.Generator,
) -> np.ndarray:
    """Paired bootstrap of the fold-mean AUC: rows resampled within each fold's test rows.

    Returns (n_boot', k) with the replicates where some fold drew a single outcome dropped.
    """
    k = P.shape[0]
    total = np.zeros((n_boot, k))
    for _, test in folds:
        yt, Pt = y[test].astype("float64"), P[:, test]
        nf = len(test)
        chunk = max(1, 2_000_000 // nf)  # (chunk, nf) index arrays of a bounded size
        for start in range(0, n_boot, chunk):
            b = min(chunk, n_boot - start)
            idx = rng.integers(0, nf, size=(b, nf))
            yb = yt[idx]
            m = yb.sum(axis=1)
            denom = m * (nf - m)
            with np.errstate(divide="ignore", invalid="ignore"):
                for j in range(k):
                    ranks = stats.rankdata(Pt[j][idx], axis=1)
                    auc = ((ranks * yb).sum(axis=1) - m * (m + 1) / 2) / denom
                    total[start : start + b, j] += np.where(denom > 0, auc, np.nan)
    total /= len(folds)
    return total[np.isfinite(total).all(axis=1)]


def fold_labels(folds: Folds, n: int) -> np.ndarray:
    """The fold (0 to ``len(folds) - 1``) whose test rows hold each of the ``n`` rows."""
    fold = np.empty(n, dtype="int64")
    for f, (_, test) in enumerate(folds):
        fold[test] = f
    return fold


def reliability_table(y: np.ndarray, p: np.ndarray, n_bins: int, confidence: float) -> pd.DataFrame:
    """Reliability (calibration) table of predictions ``p`` of outcomes ``y``.

    Rows sorted by prediction are cut into ``n_bins`` equal-count bins; one row
    per bin: ``bin, n, mean_predicted, events, observed_rate, ci_low, ci_high``
    (Wilson interval of the observed rate).
    """
    order = np.argsort(p, kind="stable")
    bins = np.array_split(order, min(n_bins, len(p)))
    rows = []
    for b, idx in enumerate(bins, start=1):
        rows.append((b, len(idx), p[idx].mean(), y[idx].sum(), y[idx].mean()))
    table = pd.DataFrame(rows, columns=["bin", "n", "mean_predicted", "events", "observed_rate"])
    lo, hi = wilson_interval(table["events"], table["n"], confidence=confidence)
    table["ci_low"], table["ci_high"] = lo, hi
    table["events"] = table["events"].astype("int64")
    return table
