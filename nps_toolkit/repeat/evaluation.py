"""Out-of-sample evaluation: how well does a coding of the score predict the outcome?

* :func:`delong`: AUCs of paired predictions and their DeLong covariance.
* :func:`top_decile_lift`: event rate in the top-scored tenth over the overall rate.
* :func:`compare_predictors`: which coding of the score (linear, NPS category,
  top box, or the score plus extra columns) predicts best on the same
  stratified folds, in the spirit of de Haan, Verhoef & Wiesel (2015, IJRM).

Also the fold split, out-of-fold predictions, cross-validated AUC and reliability
table that :class:`nps_toolkit.repeat.models.RepeatModel` uses for its cross-validated
AUC and calibration (this module does not import :mod:`nps_toolkit.repeat.models`).

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
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import stats
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from nps_toolkit._validation import require_columns
from nps_toolkit.repeat.design import (
    _as_list,
    _binary_outcome,
    _check_categories,
    _Terms,
    _usable,
)
from nps_toolkit.repeat.outcomes import wilson_interval

__all__ = ["compare_predictors", "delong", "top_decile_lift"]


# --------------------------------------------------------------------------- metrics
def delong(y, scores) -> tuple[np.ndarray, np.ndarray]:
    """AUCs and their DeLong covariance matrix (fast midrank algorithm of Sun & Xu, 2014).

    Parameters
    ----------
    y : array-like of 0/1
        Outcome.
    scores : array-like, shape (n,) or (k, n)
        One or several predictions for the same rows (paired).

    Returns
    -------
    (auc, cov) : ndarray (k,), ndarray (k, k)

    Examples
    --------
    >>> auc, cov = delong([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    >>> float(auc[0])
    0.75
    """
    y = np.asarray(y).astype(bool)
    s = np.atleast_2d(np.asarray(scores, dtype="float64"))
    pos, neg = s[:, y], s[:, ~y]
    m, n = pos.shape[1], neg.shape[1]
    if m == 0 or n == 0:
        raise ValueError("AUC needs both outcomes present (some 1s and some 0s).")
    tx = stats.rankdata(pos, axis=1)
    ty = stats.rankdata(neg, axis=1)
    tz = stats.rankdata(np.hstack([pos, neg]), axis=1)
    auc = (tz[:, :m].sum(axis=1) / m - (m + 1) / 2) / n
    v01 = (tz[:, :m] - tx) / n
    v10 = 1 - (tz[:, m:] - ty) / m
    sx = np.atleast_2d(np.cov(v01)) if m > 1 else np.zeros((len(s), len(s)))
    sy = np.atleast_2d(np.cov(v10)) if n > 1 else np.zeros((len(s), len(s)))
    return auc, sx / m + sy / n


def _auc(y: np.ndarray, s: np.ndarray) -> float:
    ranks = stats.rankdata(s)
    pos = y.astype(bool)
    m = pos.sum()
    n = len(y) - m
    return float((ranks[pos].sum() - m * (m + 1) / 2) / (m * n))


def top_decile_lift(y, p, *, share: float = 0.1) -> float:
    """Event rate among the ``share`` highest predictions divided by the overall rate.

    Ties at the cut-off are shared out in proportion (the expectation under
    random tie-breaking), which matters when a predictor takes few values
    (three NPS categories).

    Examples
    --------
    >>> top_decile_lift([1, 0, 0, 0, 1, 0, 0, 0, 0, 0], [0.9, 0.1, 0.1, 0.1, 0.2, 0.1,
    ...                                                  0.1, 0.1, 0.1, 0.1])
    5.0
    """
    y = np.asarray(y, dtype="float64")
    p = np.asarray(p, dtype="float64")
    values, inverse = np.unique(-p, return_inverse=True)  # descending prediction
    n_at = np.bincount(inverse).astype("float64")
    e_at = np.bincount(inverse, weights=y)
    k = share * len(y)
    taken_before = np.concatenate([[0.0], np.cumsum(n_at)[:-1]])
    frac = np.clip((k - taken_before) / n_at, 0.0, 1.0)
    events_top = float((frac * e_at).sum())
    return float((events_top / k) / y.mean())


def _reliability(y: np.ndarray, p: np.ndarray, n_bins: int, confidence: float) -> pd.DataFrame:
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


def _oof_predictions(
    X: np.ndarray, y: np.ndarray, folds: list[tuple[np.ndarray, np.ndarray]]
) -> np.ndarray:
    """Out-of-fold probabilities from an unpenalised scikit-learn logistic regression."""
    p = np.empty(len(y))
    for train, test in folds:
        clf = LogisticRegression(C=np.inf, solver="newton-cholesky", max_iter=200)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            clf.fit(X[train, 1:], y[train])  # column 0 is the intercept
        p[test] = clf.predict_proba(X[test, 1:])[:, 1]
    return p


def _per_fold_auc(
    y: np.ndarray, P: np.ndarray, folds: list[tuple[np.ndarray, np.ndarray]]
) -> tuple[np.ndarray, np.ndarray]:
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


def _fold_mean_auc(
    y: np.ndarray, P: np.ndarray, folds: list[tuple[np.ndarray, np.ndarray]]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cross-validated AUC: mean over folds, its covariance (sum_k cov_k / K**2), per fold."""
    aucs, covs = _per_fold_auc(y, P, folds)
    k = len(folds)
    return aucs.mean(axis=0), covs.sum(axis=0) / k**2, aucs


def _cv_auc_table(
    y: np.ndarray, p: np.ndarray, folds: list[tuple[np.ndarray, np.ndarray]], confidence: float
) -> pd.DataFrame:
    """One row ``auc, se, ci_low, ci_high, folds``: per-fold AUC averaged, DeLong interval.

    The AUC of each fold's out-of-fold predictions, averaged over the folds; its
    variance is the folds' DeLong variances summed over ``K**2`` (disjoint test
    rows). See the module docstring for why the folds are not pooled.

    Examples
    --------
    >>> y = np.array([0, 1, 0, 1, 0, 1, 1, 0])
    >>> p = np.array([0.2, 0.8, 0.3, 0.4, 0.5, 0.9, 0.6, 0.1])
    >>> folds = [(np.arange(4, 8), np.arange(4)), (np.arange(4), np.arange(4, 8))]
    >>> float(_cv_auc_table(y, p, folds, 0.95)["auc"].iloc[0])  # fold AUCs 1.0 and 1.0
    1.0
    """
    auc, cov, _ = _fold_mean_auc(y, np.asarray(p, dtype="float64"), folds)
    se = float(np.sqrt(cov[0, 0]))
    z = stats.norm.ppf(0.5 + confidence / 2)
    return pd.DataFrame(
        {
            "auc": [float(auc[0])],
            "se": [se],
            "ci_low": [max(0.0, float(auc[0]) - z * se)],
            "ci_high": [min(1.0, float(auc[0]) + z * se)],
            "folds": [len(folds)],
        }
    )


def _boot_fold_mean_auc(
    y: np.ndarray,
    P: np.ndarray,
    folds: list[tuple[np.ndarray, np.ndarray]],
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


def _folds(y: np.ndarray, cv: int, seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    minority = int(min(y.sum(), len(y) - y.sum()))
    if minority < cv:
        raise ValueError(
            f"Only {minority} rows have the rarer outcome, fewer than cv={cv} folds. "
            "Fix: use fewer folds (cv=) or more data."
        )
    skf = StratifiedKFold(n_splits=cv, shuffle=True, random_state=seed)
    return list(skf.split(np.zeros(len(y)), y.astype(int)))


# --------------------------------------------------------------------------- comparison
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
) -> pd.DataFrame:
    """Which coding of the score predicts the outcome best, out of sample?

    Every predictor set is fitted on the same stratified folds (paired
    comparison, same rows): the raw score (linear), the NPS category dummies,
    the top box (promoters vs the rest) and, for each ``extra`` entry, the
    linear score plus those columns (e.g. comment sentiment or theme flags).
    This follows de Haan, Verhoef & Wiesel (2015, IJRM), who compared such
    codings of customer-feedback metrics for predicting retention.

    Parameters
    ----------
    data : pandas.DataFrame
    outcome, score : str
        Binary outcome and score columns.
    extra : dict of str to list of str, optional
        Name of a predictor set -> extra columns added to the linear score,
        e.g. ``{"score + sentiment": ["compound"]}``.
    controls : list of str, optional
        Columns added to every set.
    scale, thresholds, censored, cv, seed, confidence
        As in :class:`RepeatModel`.
    interval : {"bootstrap", "delong"}
        Paired bootstrap of the out-of-fold predictions, rows resampled within
        each fold (``n_boot`` resamples), or DeLong's analytic method combined
        over the folds (fast on large data).
    n_boot : int

    Returns
    -------
    pandas.DataFrame
        One row per set: ``predictors, terms, n, auc, auc_ci_low, auc_ci_high,
        gini, top_decile_lift, brier, auc_diff_vs_best, p_val_vs_best, best``.
        ``auc`` is the mean over the folds of the AUC of each fold's
        out-of-fold predictions (not the AUC of the pooled predictions, which
        the folds' different intercepts bias against coarse codings such as
        the top box; see the module docstring); ``top_decile_lift`` is averaged
        over the folds the same way; ``brier`` is the mean over all rows.
        ``gini = 2 * auc - 1``; ``p_val_vs_best`` tests the AUC difference
        with the best set (NaN for the best itself). Rows missing any column
        of any set are excluded from all sets (``attrs["n_excluded"]``);
        ``attrs["predictions"]`` holds the out-of-fold probabilities of each
        set (one column per set, indexed like the rows used),
        ``attrs["fold"]`` the fold of each row (0 to ``cv - 1``) and
        ``attrs["per_fold"]`` the AUC of each set in each fold (``predictors,
        fold, n, auc``).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> d = pd.DataFrame({"score": rng.integers(0, 11, 2000)})
    >>> d["rep"] = rng.random(2000) < 1 / (1 + np.exp(-(-2 + 0.3 * d.score)))
    >>> t = compare_predictors(d, outcome="rep", score="score", n_boot=200)
    >>> t["predictors"].tolist()
    ['score (linear)', 'category (dummies)', 'top2box']
    """
    if interval not in ("bootstrap", "delong"):
        raise ValueError(f"interval={interval!r}: use 'bootstrap' or 'delong'.")
    sets: dict[str, tuple[str, list[str]]] = {
        "score (linear)": ("score", []),
        "category (dummies)": ("category", []),
        "top2box": ("top2box", []),
    }
    for name, cols in (extra or {}).items():
        sets[name] = ("score", _as_list(cols))
    controls = _as_list(controls)
    all_cols = sorted({c for _, cols in sets.values() for c in cols} | set(controls))
    require_columns(data, [outcome, score, *all_cols], "data", skip_none=False)
    keep, excluded = _usable(data, [outcome, score, *all_cols], censored)
    used = data.loc[keep]
    y = _binary_outcome(used[outcome], outcome)
    if y.sum() in (0, len(y)):
        raise ValueError(f"Outcome {outcome!r} takes a single value on the usable rows.")
    folds = _folds(y, cv, seed)
    names, preds, n_terms = [], [], []
    codes = None
    for name, (predictor, cols) in sets.items():
        terms = _Terms(
            score=score, predictor=predictor, controls=[*controls, *cols],
            scale=scale, thresholds=thresholds,
        )  # fmt: skip
        if codes is None:  # same score column and scale for every set: classify once
            codes = terms.codes(used)
        _check_categories(codes, terms)
        terms.learn(used)
        X = terms.matrix(used, codes)
        names.append(name)
        n_terms.append(X.shape[1] - 1)
        preds.append(_oof_predictions(X, y, folds))
    P = np.vstack(preds)
    auc, cov, per_fold = _fold_mean_auc(y, P, folds)
    best = int(np.argmax(auc))
    z = stats.norm.ppf(0.5 + confidence / 2)
    alpha = 1 - confidence
    if interval == "delong":
        se = np.sqrt(np.diag(cov))
        lo, hi = auc - z * se, auc + z * se
        diff_var = np.diag(cov) + cov[best, best] - 2 * cov[:, best]
        diff_se = np.sqrt(np.maximum(diff_var, 0))
    else:
        boot = _boot_fold_mean_auc(y, P, folds, n_boot, np.random.default_rng(seed))
        if len(boot) < max(2, n_boot // 2):
            raise ValueError(
                f"Only {len(boot)} of n_boot={n_boot} bootstrap resamples drew both outcomes in "
                f"every fold ({int(min(y.sum(), len(y) - y.sum()))} rows have the rarer "
                "outcome). Fix: interval='delong', fewer folds (cv=) or more data."
            )
        lo = np.quantile(boot, alpha / 2, axis=0)
        hi = np.quantile(boot, 1 - alpha / 2, axis=0)
        diff_se = (boot - boot[:, [best]]).std(axis=0, ddof=1)
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
    table.attrs["n_excluded"] = excluded
    table.attrs["predictions"] = pd.DataFrame(dict(zip(names, P, strict=True)), index=used.index)
    fold = np.empty(len(y), dtype="int64")
    for f, (_, test) in enumerate(folds):
        fold[test] = f
    table.attrs["fold"] = pd.Series(fold, index=used.index, name="fold")
    table.attrs["per_fold"] = pd.DataFrame(
        {
            "predictors": np.repeat(names, len(folds)),
            "fold": np.tile(np.arange(len(folds)), len(names)),
            "n": np.tile([len(test) for _, test in folds], len(names)),
            "auc": per_fold.T.ravel(),
        }
    )
    return table
