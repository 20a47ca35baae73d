"""Does NPS predict behaviour? Logistic and count models, predictor comparison, what-if.

* :func:`fit_repeat_model` / :class:`RepeatModel`: logistic regression of a
  binary outcome (repeat purchase) on the NPS category (detractors the
  reference), the raw score or the top box, with optional controls.
  Inference (odds ratios, Wald intervals, p-values) comes from statsmodels;
  out-of-sample discrimination (cross-validated AUC with a DeLong interval)
  and calibration (reliability table, Brier score) from scikit-learn
  predictions on stratified folds.
* :func:`fit_count_model` / :class:`CountModel`: Poisson, or negative binomial
  when the counts are overdispersed, with rate ratios.
* :func:`compare_predictors`: which coding of the score predicts best, on the
  same folds, in the spirit of de Haan, Verhoef & Wiesel (2015, IJRM).
* :func:`what_if`: expected extra repeat purchasers if a share of detractors
  behaved like passives, with an interval from the coefficient covariance.

Categorical controls are one-hot encoded against their most frequent level,
named in every term (``"channel=web (vs store)"``). Rows that cannot be used
(censored, missing score, outcome or control) are dropped *and counted*:
see ``n_excluded_``.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from statsmodels.tools.sm_exceptions import (
    ConvergenceWarning,
    PerfectSeparationError,
    PerfectSeparationWarning,
)

from nps_toolkit.outcomes import wilson_interval
from nps_toolkit.scores import CATEGORIES, classify

__all__ = [
    "CountModel",
    "RepeatModel",
    "compare_predictors",
    "delong",
    "fit_count_model",
    "fit_repeat_model",
    "top_decile_lift",
    "what_if",
]

_PREDICTORS = ("category", "score", "top2box")
_EXAMPLES = 5
# |log-odds| or standard errors beyond these mean the estimate ran away (separation).
_MAX_COEF = 15.0
_MAX_SE = 50.0


def _rows(index) -> str:
    index = list(index)
    return ", ".join(str(i) for i in index[:_EXAMPLES]) + (" ..." if len(index) > _EXAMPLES else "")


def _as_list(value) -> list:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return list(value)


# --------------------------------------------------------------------------- design
class _Terms:
    """Turns a frame into a design matrix, remembering reference levels."""

    def __init__(self, *, score, predictor, controls, scale, thresholds):
        if predictor not in _PREDICTORS:
            raise ValueError(
                f"predictor={predictor!r} is not one of {_PREDICTORS}: 'category' (detractor / "
                "passive / promoter dummies), 'score' (linear in the raw score) or 'top2box' "
                "(promoters vs the rest)."
            )
        self.score = score
        self.predictor = predictor
        self.controls = _as_list(controls)
        if score in self.controls:
            raise ValueError(f"Column {score!r} is the score; do not list it in controls.")
        self.scale = scale
        self.thresholds = thresholds
        self.kinds: dict[str, tuple] = {}

    def columns(self) -> list[str]:
        return [self.score, *self.controls]

    def codes(self, frame: pd.DataFrame) -> np.ndarray:
        return (
            classify(frame[self.score], scale=self.scale, thresholds=self.thresholds)
            .cat.codes.to_numpy()
            .astype("int64")
        )

    def learn(self, frame: pd.DataFrame) -> None:
        """Decide numeric vs categorical controls and their reference levels."""
        for col in self.controls:
            values = frame[col]
            if pd.api.types.is_bool_dtype(values):
                self.kinds[col] = ("bool",)
            elif pd.api.types.is_numeric_dtype(values):
                if values.nunique() < 2:
                    raise ValueError(
                        f"Control {col!r} is constant ({values.iloc[0]!r}) on all {len(values)} "
                        "usable rows, so it cannot be estimated. Fix: drop it from controls."
                    )
                self.kinds[col] = ("numeric",)
            else:
                counts = values.astype(str).value_counts()
                if len(counts) < 2:
                    raise ValueError(
                        f"Control {col!r} has a single level {counts.index[0]!r} on all "
                        f"{len(values)} usable rows, so it explains nothing. Fix: drop it from "
                        "controls."
                    )
                order = sorted(counts.index, key=lambda lv: (-counts[lv], lv))
                self.kinds[col] = ("categorical", order)

    def names(self) -> list[str]:
        names = ["Intercept"]
        if self.predictor == "category":
            names += ["passive (vs detractor)", "promoter (vs detractor)"]
        elif self.predictor == "score":
            names += [f"{self.score} (per point)"]
        else:
            names += ["top2box (promoter vs rest)"]
        for col in self.controls:
            kind = self.kinds[col]
            if kind[0] == "categorical":
                ref = kind[1][0]
                names += [f"{col}={lv} (vs {ref})" for lv in kind[1][1:]]
            elif kind[0] == "bool":
                names += [f"{col} (true vs false)"]
            else:
                names += [f"{col} (per unit)"]
        return names

    def matrix(self, frame: pd.DataFrame, codes: np.ndarray | None = None) -> np.ndarray:
        n = len(frame)
        if codes is None and self.predictor != "score":
            codes = self.codes(frame)
        parts = [np.ones((n, 1))]
        if self.predictor == "category":
            parts.append(np.column_stack([codes == 1, codes == 2]).astype("float64"))
        elif self.predictor == "score":
            parts.append(pd.to_numeric(frame[self.score]).to_numpy("float64")[:, None])
        else:
            parts.append((codes == 2).astype("float64")[:, None])
        for col in self.controls:
            kind = self.kinds[col]
            values = frame[col]
            if kind[0] == "categorical":
                levels = kind[1]
                text = values.astype(str)
                unseen = ~text.isin(levels)
                if unseen.any():
                    raise ValueError(
                        f"Control {col!r} has level(s) {sorted(set(text[unseen]))[:_EXAMPLES]} "
                        f"(rows {_rows(frame.index[unseen.to_numpy()])}) not seen when the model "
                        f"was fitted (known: {levels}). Fix: map them to a known level or refit."
                    )
                codes_c = pd.Categorical(text, categories=levels).codes
                parts.append(
                    (codes_c[:, None] == np.arange(1, len(levels))[None, :]).astype("float64")
                )
            else:
                parts.append(values.to_numpy("float64")[:, None])
        return np.hstack(parts)


def _usable(
    frame: pd.DataFrame, columns: Sequence[str], censored: str | None
) -> tuple[np.ndarray, pd.DataFrame]:
    """Rows to use and a table of rows excluded per reason (nothing dropped silently)."""
    keep = np.ones(len(frame), dtype=bool)
    reasons, counts = [], []
    if censored is not None and censored in frame.columns:
        cens = frame[censored].fillna(False).astype(bool).to_numpy()
        reasons.append("censored")
        counts.append(int((cens & keep).sum()))
        keep &= ~cens
    for col in columns:
        miss = frame[col].isna().to_numpy() & keep
        reasons.append(f"missing {col}")
        counts.append(int(miss.sum()))
        keep &= ~miss
    table = pd.DataFrame({"reason": reasons, "n": counts})
    return keep, table


def _check_columns(data: pd.DataFrame, columns: Sequence[str]) -> None:
    missing = [c for c in columns if c not in data.columns]
    if missing:
        raise ValueError(
            f"data has no column(s) {missing}; available: {list(data.columns)}. "
            "Fix: pass the right column names."
        )


def _binary_outcome(values: pd.Series, outcome: str) -> np.ndarray:
    if pd.api.types.is_bool_dtype(values):
        return values.to_numpy("float64")
    num = pd.to_numeric(values, errors="coerce")
    bad = num.isna() | ~num.isin([0, 1])
    if bad.any():
        raise ValueError(
            f"Outcome column {outcome!r} must be True/False or 0/1; {int(bad.sum())} row(s) hold "
            f"other values, e.g. {values[bad].head(_EXAMPLES).tolist()} (rows "
            f"{_rows(values.index[bad])}). Fix: recode it (e.g. orders_in_window > 0) or use "
            "fit_count_model for counts."
        )
    return num.to_numpy("float64")


def _check_categories(codes: np.ndarray, terms: _Terms) -> None:
    """Every category present (category model); some but not all promoters (top box)."""
    present = np.bincount(codes, minlength=3)
    if terms.predictor == "category":
        absent = [CATEGORIES[i] for i in range(3) if present[i] == 0]
        if absent:
            raise ValueError(
                f"Score column {terms.score!r}: no {', no '.join(absent)} among the "
                f"{len(codes)} usable rows (counts: detractor {present[0]}, passive {present[1]}, "
                f"promoter {present[2]}), so the category model cannot be estimated. Fix: check "
                "the scale= declaration, or use predictor='score' (linear)."
            )
    elif terms.predictor == "top2box" and (present[2] == 0 or present[2] == len(codes)):
        raise ValueError(
            f"Score column {terms.score!r}: all {len(codes)} usable rows are "
            f"{'promoters' if present[2] else 'non-promoters'}, so the top box cannot be "
            "compared. Fix: check the scale= declaration."
        )


def _check_separation(X: np.ndarray, y: np.ndarray, names: list[str], outcome: str) -> None:
    """Quasi-complete separation on a 0/1 term: all or none of its rows have the outcome."""
    for j in range(1, X.shape[1]):
        col = X[:, j]
        if not np.isin(col, [0.0, 1.0]).all():
            continue
        for value, label in ((1.0, "with"), (0.0, "without")):
            rows = col == value
            if rows.sum() == 0:
                raise ValueError(
                    f"Term {names[j]!r}: no usable rows {label} it, so it cannot be estimated. "
                    "Fix: drop the control or merge levels."
                )
            events = y[rows].sum()
            if label == "with" and (events == 0 or events == rows.sum()):
                share = "none" if events == 0 else "all"
                raise ValueError(
                    f"Separation: {share} of the {int(rows.sum())} rows of term {names[j]!r} have "
                    f"{outcome!r} = {int(events > 0)}, so its odds ratio is infinite or zero (a "
                    "logistic fit would report a huge, meaningless coefficient). Fix: merge this "
                    "level with another, drop the control, or use predictor='score'."
                )


def _check_rank(X: np.ndarray, names: list[str]) -> None:
    rank = np.linalg.matrix_rank(X)
    if rank < X.shape[1]:
        # Find a term that is a combination of the others.
        for j in range(X.shape[1]):
            others = np.delete(X, j, axis=1)
            if np.linalg.matrix_rank(others) == rank:
                raise ValueError(
                    f"Term {names[j]!r} is a linear combination of the other terms (e.g. a "
                    "control that is fully determined by another). Fix: drop one of the "
                    "overlapping controls."
                )
        raise ValueError("The design matrix is rank deficient; drop overlapping controls.")


def _fit_glm(fit_fn, names: list[str], X: np.ndarray):
    with warnings.catch_warnings():
        warnings.simplefilter("error", PerfectSeparationWarning)
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.simplefilter("ignore", RuntimeWarning)
        try:
            result = fit_fn()
        except (PerfectSeparationError, PerfectSeparationWarning, np.linalg.LinAlgError) as err:
            raise ValueError(
                f"The model could not be estimated ({err}). Usually a term separates the outcome "
                "perfectly. Fix: merge sparse levels or drop controls."
            ) from None
    k = len(names)
    params, bse = np.asarray(result.params)[:k], np.asarray(result.bse)[:k]
    # A 0/1 term beyond these bounds is (quasi-)separated; numeric terms depend on units.
    binary = np.array([j > 0 and np.isin(X[:, j], [0.0, 1.0]).all() for j in range(k)])
    bad = ~np.isfinite(bse) | ~np.isfinite(params)
    bad |= binary & ((np.abs(params) > _MAX_COEF) | (bse > _MAX_SE))
    if bad.any():
        j = int(np.flatnonzero(bad)[0])
        raise ValueError(
            f"Term {names[j]!r}: estimate {params[j]:.3g} with standard error {bse[j]:.3g} ran "
            "away, the sign of (quasi-)separation or a level with very few rows. Fix: merge "
            "sparse levels or drop that control."
        )
    return result


def _effect_table(result, names: list[str], confidence: float, label: str) -> pd.DataFrame:
    k = len(names)
    params = np.asarray(result.params)[:k]
    ci = np.asarray(result.conf_int(alpha=1 - confidence))[:k]
    pvals = np.asarray(result.pvalues)[:k]
    table = pd.DataFrame(
        {
            "term": names,
            label: np.exp(params),
            "ci_low": np.exp(ci[:, 0]),
            "ci_high": np.exp(ci[:, 1]),
            "p_val": pvals,
        }
    )
    return table.iloc[1:].reset_index(drop=True)


class _Text(str):
    """A string that displays as itself in a notebook (no quotes, real line breaks)."""

    def __repr__(self) -> str:
        return str(self)


def _cov_kwargs(used: pd.DataFrame, cluster: str | None) -> dict:
    """statsmodels ``fit`` arguments for cluster-robust standard errors."""
    if cluster is None:
        return {}
    groups = pd.factorize(used[cluster])[0]
    if (groups < 0).any():
        raise ValueError(f"Cluster column {cluster!r} has missing values; fill or drop them.")
    return {"cov_type": "cluster", "cov_kwds": {"groups": groups}}


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


def _folds(y: np.ndarray, cv: int, seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    minority = int(min(y.sum(), len(y) - y.sum()))
    if minority < cv:
        raise ValueError(
            f"Only {minority} rows have the rarer outcome, fewer than cv={cv} folds. "
            "Fix: use fewer folds (cv=) or more data."
        )
    skf = StratifiedKFold(n_splits=cv, shuffle=True, random_state=seed)
    return list(skf.split(np.zeros(len(y)), y.astype(int)))


# --------------------------------------------------------------------------- logistic
class RepeatModel:
    """Logistic model of a binary outcome on the NPS score coding (+ controls).

    Parameters
    ----------
    predictor : {"category", "score", "top2box"}
        How the score enters: passive and promoter dummies (detractors the
        reference), linear in the raw score, or promoter vs the rest.
    controls : list of str, optional
        Extra columns. Text/categorical ones are one-hot encoded against their
        most frequent level; numeric ones enter linearly.
    scale, thresholds
        Declared score scale (see :func:`nps_toolkit.scores.classify`), e.g.
        ``scale=(1, 10)``.
    censored : str or None
        Column flagging censored rows (from
        :func:`nps_toolkit.outcomes.repeat_purchase`); they are excluded and
        counted. ``None`` uses every row.
    cluster : str, optional
        Column identifying clusters of rows that are not independent (e.g.
        ``customer_id`` when customers answered several times): standard
        errors, intervals and p-values are then cluster-robust.
    cv : int
        Folds for cross-validated AUC and calibration.
    seed : int
        Seed of the fold split.
    confidence : float
        Interval level.
    min_epv : float
        Minimum events per variable: the rarer outcome count divided by the
        number of terms. Below it the fit is refused (intervals and p-values
        would be unreliable); pass ``min_epv=0`` to fit anyway.
    n_bins : int
        Equal-count bins of the reliability table.

    Attributes
    ----------
    odds_ratios_ : DataFrame
        ``term, odds_ratio, ci_low, ci_high, p_val`` (also ``.odds_ratios``).
    cv_auc_ : DataFrame
        One row ``auc, se, ci_low, ci_high, folds`` (DeLong interval of the
        out-of-fold AUC; also ``.cv_auc``).
    calibration_ : DataFrame
        Reliability table ``bin, n, mean_predicted, events, observed_rate,
        ci_low, ci_high`` of out-of-fold predictions (also ``.calibration``).
    brier_ : float
        Out-of-fold Brier score (also ``.brier``).
    n_ : int
        Rows used. ``events_`` : outcome = 1 among them.
    n_excluded_ : DataFrame
        ``reason, n``: rows dropped as censored or for a missing value.
    result_ : statsmodels results
        The full-data fit.
    """

    def __init__(
        self,
        *,
        predictor: str = "category",
        controls=None,
        scale=None,
        thresholds=None,
        censored: str | None = "censored",
        cluster: str | None = None,
        cv: int = 5,
        seed: int = 0,
        confidence: float = 0.95,
        min_epv: float = 10,
        n_bins: int = 10,
    ):
        self.predictor = predictor
        self.controls = controls
        self.scale = scale
        self.thresholds = thresholds
        self.censored = censored
        self.cluster = cluster
        self.cv = cv
        self.seed = seed
        self.confidence = confidence
        self.min_epv = min_epv
        self.n_bins = n_bins

    def fit(self, data: pd.DataFrame, *, outcome: str, score: str) -> RepeatModel:
        """Fit on ``data``; see the class docstring for what is computed."""
        terms = _Terms(
            score=score, predictor=self.predictor, controls=self.controls,
            scale=self.scale, thresholds=self.thresholds,
        )  # fmt: skip
        needed = [outcome, *terms.columns()] + ([self.cluster] if self.cluster else [])
        _check_columns(data, needed)
        keep, excluded = _usable(data, needed, self.censored)
        used = data.loc[keep]
        if len(used) == 0:
            raise ValueError(
                f"No usable rows: {excluded.to_dict('records')}. Fix: check the columns."
            )
        y = _binary_outcome(used[outcome], outcome)
        codes = terms.codes(used)
        _check_categories(codes, terms)
        events = int(y.sum())
        if events in (0, len(y)):
            raise ValueError(
                f"Outcome {outcome!r} is {int(y[0])} for all {len(y)} usable rows: nothing to "
                "model. Fix: check the outcome window or the censoring."
            )
        terms.learn(used)
        names = terms.names()
        X = terms.matrix(used, codes)
        k = X.shape[1] - 1
        epv = min(events, len(y) - events) / k
        if self.min_epv and epv < self.min_epv:
            raise ValueError(
                f"Too few events per variable: {min(events, len(y) - events)} rows with the rarer "
                f"outcome for {k} terms = {epv:.1f} < min_epv={self.min_epv}. Estimates and "
                "intervals would be unreliable. Fix: fewer controls or merged levels, more data, "
                "or pass min_epv=0 to fit anyway."
            )
        _check_separation(X, y, names, outcome)
        _check_rank(X, names)
        fit_kw = _cov_kwargs(used, self.cluster)
        result = _fit_glm(lambda: sm.Logit(y, X).fit(disp=0, maxiter=100, **fit_kw), names, X)

        folds = _folds(y, self.cv, self.seed)
        p_oof = _oof_predictions(X, y, folds)
        auc, cov = delong(y, p_oof)
        se = float(np.sqrt(cov[0, 0]))
        z = stats.norm.ppf(0.5 + self.confidence / 2)

        self.terms_ = terms
        self.outcome_ = outcome
        self.score_ = score
        self.result_ = result
        self.params_ = np.asarray(result.params)
        self.cov_ = np.asarray(result.cov_params())
        self.names_ = names
        self.n_ = len(y)
        self.events_ = events
        self.n_excluded_ = excluded
        self.odds_ratios_ = _effect_table(result, names, self.confidence, "odds_ratio")
        self.cv_auc_ = pd.DataFrame(
            {
                "auc": [float(auc[0])],
                "se": [se],
                "ci_low": [max(0.0, float(auc[0]) - z * se)],
                "ci_high": [min(1.0, float(auc[0]) + z * se)],
                "folds": [self.cv],
            }
        )
        self.oof_proba_ = pd.Series(p_oof, index=used.index, name="p_oof")
        self.calibration_ = _reliability(y, p_oof, self.n_bins, self.confidence)
        self.brier_ = float(np.mean((p_oof - y) ** 2))
        return self

    # names used in the issue
    @property
    def odds_ratios(self) -> pd.DataFrame:
        return self.odds_ratios_

    @property
    def cv_auc(self) -> pd.DataFrame:
        return self.cv_auc_

    @property
    def calibration(self) -> pd.DataFrame:
        return self.calibration_

    @property
    def brier(self) -> float:
        return self.brier_

    def _check_fitted(self) -> None:
        if not hasattr(self, "result_"):
            raise ValueError("This model is not fitted yet: call .fit(data, outcome=, score=).")

    def design(self, data: pd.DataFrame, codes: np.ndarray | None = None):
        """Design matrix of the rows of ``data`` that have score and controls."""
        self._check_fitted()
        _check_columns(data, self.terms_.columns())
        keep, _ = _usable(data, self.terms_.columns(), None)
        rows = data.loc[keep]
        return keep, rows, self.terms_.matrix(rows, None if codes is None else codes[keep])

    def predict_proba(self, data: pd.DataFrame) -> pd.Series:
        """Predicted probability of the outcome (full-data fit); NaN where inputs are missing."""
        keep, rows, X = self.design(data)
        out = pd.Series(np.nan, index=data.index, name="p_repeat")
        out.loc[keep] = 1 / (1 + np.exp(-(X @ self.params_)))
        return out

    def summary(self) -> _Text:
        """A plain-text summary: rows used and excluded, odds ratios, AUC, calibration."""
        self._check_fitted()
        lines = [
            f"Logistic model of {self.outcome_!r} on {self.score_!r} ({self.predictor})",
            f"rows used: {self.n_} ({self.events_} with the outcome)",
            "rows excluded: "
            + ", ".join(f"{r.reason}: {r.n}" for r in self.n_excluded_.itertuples()),
            "",
            self.odds_ratios_.to_string(index=False, float_format=lambda v: f"{v:.4g}"),
            "",
            (
                f"cross-validated AUC ({self.cv} folds): {self.cv_auc_['auc'].iloc[0]:.3f} "
                f"[{self.cv_auc_['ci_low'].iloc[0]:.3f}, {self.cv_auc_['ci_high'].iloc[0]:.3f}]"
            ),
            f"out-of-fold Brier score: {self.brier_:.4f}",
        ]
        return _Text("\n".join(lines))

    def __repr__(self) -> str:
        fitted = f", n={self.n_}" if hasattr(self, "n_") else ""
        return f"RepeatModel(predictor={self.predictor!r}, controls={self.controls!r}{fitted})"


def fit_repeat_model(
    data: pd.DataFrame,
    *,
    outcome: str,
    score: str,
    predictor: str = "category",
    controls=None,
    **options,
) -> RepeatModel:
    """Fit a :class:`RepeatModel`: does the NPS answer predict repeat purchase?

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent, e.g. from :func:`nps_toolkit.outcomes.repeat_purchase`.
    outcome : str
        Binary outcome (bool or 0/1), e.g. ``"repeat_purchase"``.
    score : str
        Score column.
    predictor : {"category", "score", "top2box"}
        Coding of the score.
    controls : list of str, optional
        Control columns.
    **options
        ``scale, thresholds, censored, cluster, cv, seed, confidence, min_epv,
        n_bins``: see :class:`RepeatModel`.

    Returns
    -------
    RepeatModel
        Fitted; ``.odds_ratios`` has columns ``term, odds_ratio, ci_low,
        ci_high, p_val`` with detractors the reference.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> d = pd.DataFrame({"score": rng.integers(0, 11, 3000)})
    >>> logit = -1 + 0.5 * (d.score >= 7) + 1.0 * (d.score >= 9)
    >>> d["rep"] = rng.random(3000) < 1 / (1 + np.exp(-logit))
    >>> m = fit_repeat_model(d, outcome="rep", score="score")
    >>> m.odds_ratios["term"].tolist()
    ['passive (vs detractor)', 'promoter (vs detractor)']
    >>> bool(m.odds_ratios["odds_ratio"].iloc[1] > 3)
    True
    """
    return RepeatModel(predictor=predictor, controls=controls, **options).fit(
        data, outcome=outcome, score=score
    )


# --------------------------------------------------------------------------- counts
class CountModel:
    """Poisson or negative binomial model of a count outcome (visits, orders).

    ``family="auto"`` fits a Poisson GLM first and switches to a negative
    binomial (NB2, dispersion estimated by maximum likelihood) when the
    Pearson chi-square / residual degrees of freedom exceeds
    ``overdispersion`` (default 1.5): a Poisson model on overdispersed counts
    gives intervals that are far too narrow. ``exposure=`` (a column of
    positive follow-up lengths) enters as a log offset; ``cluster=`` gives
    cluster-robust standard errors. Other options as in :class:`RepeatModel`.

    Attributes
    ----------
    rate_ratios_ : DataFrame
        ``term, rate_ratio, ci_low, ci_high, p_val`` (also ``.rate_ratios``).
    family_ : str
        ``"poisson"`` or ``"negative_binomial"``.
    dispersion_ : float
        Pearson chi2 / df of the Poisson fit.
    alpha_ : float
        NB2 dispersion (NaN for Poisson).
    n_, n_excluded_, result_ : as in :class:`RepeatModel`.
    """

    def __init__(
        self,
        *,
        predictor: str = "category",
        controls=None,
        family: str = "auto",
        exposure: str | None = None,
        scale=None,
        thresholds=None,
        censored: str | None = "censored",
        cluster: str | None = None,
        confidence: float = 0.95,
        overdispersion: float = 1.5,
    ):
        if family not in ("auto", "poisson", "negative_binomial"):
            raise ValueError(f"family={family!r}: use 'auto', 'poisson' or 'negative_binomial'.")
        self.predictor = predictor
        self.controls = controls
        self.family = family
        self.exposure = exposure
        self.scale = scale
        self.thresholds = thresholds
        self.censored = censored
        self.cluster = cluster
        self.confidence = confidence
        self.overdispersion = overdispersion

    def fit(self, data: pd.DataFrame, *, outcome: str, score: str) -> CountModel:
        terms = _Terms(
            score=score, predictor=self.predictor, controls=self.controls,
            scale=self.scale, thresholds=self.thresholds,
        )  # fmt: skip
        needed = [outcome, *terms.columns()] + [c for c in (self.exposure, self.cluster) if c]
        _check_columns(data, needed)
        keep, excluded = _usable(data, needed, self.censored)
        used = data.loc[keep]
        y_raw = pd.to_numeric(used[outcome], errors="coerce")
        bad = y_raw.isna() | (y_raw < 0) | (y_raw.round() != y_raw)
        if bad.any():
            raise ValueError(
                f"Outcome column {outcome!r} must hold counts (integers >= 0); {int(bad.sum())} "
                f"row(s) do not, e.g. {used[outcome][bad].head(_EXAMPLES).tolist()} (rows "
                f"{_rows(used.index[bad.to_numpy()])}). Fix: clean or drop them."
            )
        y = y_raw.to_numpy("float64")
        codes = terms.codes(used)
        _check_categories(codes, terms)
        terms.learn(used)
        names = terms.names()
        X = terms.matrix(used, codes)
        for j in range(1, X.shape[1]):
            col = X[:, j]
            if np.isin(col, [0.0, 1.0]).all() and y[col == 1].sum() == 0:
                raise ValueError(
                    f"Term {names[j]!r}: all {int(col.sum())} of its rows have {outcome!r} = 0, "
                    "so its rate ratio is zero and cannot be estimated. Fix: merge this level "
                    "with another or drop the control."
                )
        _check_rank(X, names)
        offset = None
        if self.exposure:
            expo = pd.to_numeric(used[self.exposure], errors="coerce")
            if (expo.isna() | (expo <= 0)).any():
                raise ValueError(
                    f"Exposure column {self.exposure!r} must be positive numbers. Fix: drop rows "
                    "with zero or missing exposure."
                )
            offset = np.log(expo.to_numpy("float64"))
        poisson = _fit_glm(
            lambda: sm.GLM(y, X, family=sm.families.Poisson(), offset=offset).fit(),
            names,
            X,
        )
        dispersion = float(poisson.pearson_chi2 / poisson.df_resid)
        family = self.family
        if family == "auto":
            family = "negative_binomial" if dispersion > self.overdispersion else "poisson"
        fit_kw = _cov_kwargs(used, self.cluster)
        if family == "poisson":
            if fit_kw:
                poisson = _fit_glm(
                    lambda: sm.GLM(y, X, family=sm.families.Poisson(), offset=offset).fit(**fit_kw),
                    names,
                    X,
                )
            result, alpha = poisson, np.nan
        else:
            result = _fit_glm(
                lambda: sm.NegativeBinomial(y, X, loglike_method="nb2", offset=offset).fit(
                    disp=0, maxiter=300, start_params=np.append(poisson.params, 0.5), **fit_kw
                ),
                names,
                X,
            )
            alpha = float(np.asarray(result.params)[-1])
        self.terms_ = terms
        self.outcome_ = outcome
        self.result_ = result
        self.params_ = np.asarray(result.params)[: len(names)]
        self.names_ = names
        self.n_ = len(y)
        self.n_excluded_ = excluded
        self.family_ = family
        self.dispersion_ = dispersion
        self.alpha_ = alpha
        self.rate_ratios_ = _effect_table(result, names, self.confidence, "rate_ratio")
        return self

    @property
    def rate_ratios(self) -> pd.DataFrame:
        return self.rate_ratios_

    def predict(self, data: pd.DataFrame) -> pd.Series:
        """Expected count (without exposure); NaN where inputs are missing."""
        keep, _ = _usable(data, self.terms_.columns(), None)
        out = pd.Series(np.nan, index=data.index, name="expected_count")
        out.loc[keep] = np.exp(self.terms_.matrix(data.loc[keep]) @ self.params_)
        return out

    def summary(self) -> _Text:
        """A plain-text summary: family, rows used and excluded, rate ratios."""
        lines = [
            f"{self.family_} model of {self.outcome_!r} ({self.predictor}); rows used: {self.n_}",
            "rows excluded: "
            + ", ".join(f"{r.reason}: {r.n}" for r in self.n_excluded_.itertuples()),
            f"Poisson Pearson chi2/df = {self.dispersion_:.2f}"
            + ("" if np.isnan(self.alpha_) else f"; NB2 alpha = {self.alpha_:.3f}"),
            "",
            self.rate_ratios_.to_string(index=False, float_format=lambda v: f"{v:.4g}"),
        ]
        return _Text("\n".join(lines))


def fit_count_model(
    data: pd.DataFrame,
    *,
    outcome: str,
    score: str,
    predictor: str = "category",
    controls=None,
    family: str = "auto",
    **options,
) -> CountModel:
    """Fit a :class:`CountModel`: rate ratios of a count outcome by NPS coding.

    Parameters
    ----------
    data : pandas.DataFrame
    outcome : str
        Count column (integers >= 0), e.g. ``"orders_in_window"`` or
        ``"NbPassageKS"``.
    score : str
        Score column.
    predictor : {"category", "score", "top2box"}
    controls : list of str, optional
    family : {"auto", "poisson", "negative_binomial"}
        ``"auto"``: negative binomial when Pearson chi2/df of the Poisson fit
        exceeds 1.5.
    **options
        ``exposure, scale, thresholds, censored, cluster, confidence,
        overdispersion``.

    Returns
    -------
    CountModel
        ``.rate_ratios`` with columns ``term, rate_ratio, ci_low, ci_high,
        p_val``; ``.family_`` says which family was used.

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> d = pd.DataFrame({"score": rng.integers(0, 11, 4000)})
    >>> d["visits"] = rng.poisson(2.0 * np.where(d.score >= 9, 1.5, 1.0))
    >>> m = fit_count_model(d, outcome="visits", score="score")
    >>> m.family_
    'poisson'
    >>> round(float(m.rate_ratios["rate_ratio"].iloc[1]), 1)
    1.5
    """
    return CountModel(predictor=predictor, controls=controls, family=family, **options).fit(
        data, outcome=outcome, score=score
    )


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
        Paired bootstrap of the out-of-fold predictions (``n_boot``
        resamples) or DeLong's analytic method (fast on large data).
    n_boot : int

    Returns
    -------
    pandas.DataFrame
        One row per set: ``predictors, terms, n, auc, auc_ci_low, auc_ci_high,
        gini, top_decile_lift, brier, auc_diff_vs_best, p_val_vs_best, best``.
        ``gini = 2 * auc - 1``; ``p_val_vs_best`` tests the AUC difference
        with the best set (NaN for the best itself). Rows missing any column
        of any set are excluded from all sets (``attrs["n_excluded"]``);
        ``attrs["predictions"]`` holds the out-of-fold probabilities of each
        set (one column per set, indexed like the rows used).

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
    _check_columns(data, [outcome, score, *all_cols])
    keep, excluded = _usable(data, [outcome, score, *all_cols], censored)
    used = data.loc[keep]
    y = _binary_outcome(used[outcome], outcome)
    if y.sum() in (0, len(y)):
        raise ValueError(f"Outcome {outcome!r} takes a single value on the usable rows.")
    folds = _folds(y, cv, seed)
    names, preds, n_terms = [], [], []
    for name, (predictor, cols) in sets.items():
        terms = _Terms(
            score=score, predictor=predictor, controls=[*controls, *cols],
            scale=scale, thresholds=thresholds,
        )  # fmt: skip
        codes = terms.codes(used)
        _check_categories(codes, terms)
        terms.learn(used)
        X = terms.matrix(used, codes)
        names.append(name)
        n_terms.append(X.shape[1] - 1)
        preds.append(_oof_predictions(X, y, folds))
    P = np.vstack(preds)
    auc, cov = delong(y, P)
    best = int(np.argmax(auc))
    z = stats.norm.ppf(0.5 + confidence / 2)
    alpha = 1 - confidence
    if interval == "delong":
        se = np.sqrt(np.diag(cov))
        lo, hi = auc - z * se, auc + z * se
        diff_var = np.diag(cov) + cov[best, best] - 2 * cov[:, best]
        diff_se = np.sqrt(np.maximum(diff_var, 0))
    else:
        rng = np.random.default_rng(seed)
        boot = np.empty((n_boot, len(names)))
        n = len(y)
        for b in range(n_boot):
            idx = rng.integers(0, n, n)
            yb = y[idx]
            if yb.sum() in (0, n):
                boot[b] = np.nan
                continue
            boot[b] = [_auc(yb, P[j, idx]) for j in range(len(names))]
        boot = boot[~np.isnan(boot).any(axis=1)]
        lo = np.quantile(boot, alpha / 2, axis=0)
        hi = np.quantile(boot, 1 - alpha / 2, axis=0)
        diff_se = (boot - boot[:, [best]]).std(axis=0, ddof=1)
    diff = auc - auc[best]
    with np.errstate(divide="ignore", invalid="ignore"):
        p_val = 2 * stats.norm.sf(np.abs(diff) / diff_se)
    p_val[best] = np.nan
    table = pd.DataFrame(
        {
            "predictors": names,
            "terms": n_terms,
            "n": len(y),
            "auc": auc,
            "auc_ci_low": np.clip(lo, 0, 1),
            "auc_ci_high": np.clip(hi, 0, 1),
            "gini": 2 * auc - 1,
            "top_decile_lift": [top_decile_lift(y, p) for p in P],
            "brier": ((P - y) ** 2).mean(axis=1),
            "auc_diff_vs_best": diff,
            "p_val_vs_best": p_val,
            "best": np.arange(len(names)) == best,
        }
    )
    table.attrs["n_excluded"] = excluded
    table.attrs["predictions"] = pd.DataFrame(dict(zip(names, P, strict=True)), index=used.index)
    return table


# --------------------------------------------------------------------------- what-if
def what_if(
    model: RepeatModel,
    data: pd.DataFrame,
    *,
    shift: Mapping[str, tuple[str, float]] | None = None,
    amount=None,
    n_sim: int = 2000,
    seed: int = 0,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Expected extra repeat purchasers if a share of one category behaved like another.

    For each respondent of a shifted category, the expected outcome becomes
    ``(1 - share) * p(own category) + share * p(target category)``, keeping
    their controls; summed over respondents this gives the expected extra
    repeat purchasers. The interval carries the model's uncertainty: ``n_sim``
    coefficient vectors drawn from the normal approximation N(beta_hat, cov)
    of the fitted model (seeded).

    Parameters
    ----------
    model : RepeatModel
        Fitted with ``predictor="category"``.
    data : pandas.DataFrame
        The population to project: every row with a score (and controls);
        the outcome is not needed, censored rows are included.
    shift : dict
        ``{from_category: (to_category, share)}``; default
        ``{"detractor": ("passive", 0.25)}``.
    amount : str or float, optional
        Value of one extra repeat purchaser: a number, or a column of ``data``
        (e.g. ``"revenue_in_window"``) whose mean over observed repeat
        purchasers (uncensored rows with the model's outcome) is used. Adds
        revenue columns; the value is treated as known (its own sampling
        error is not in the interval).
    n_sim, seed, confidence
        Simulation draws, seed and interval level.

    Returns
    -------
    pandas.DataFrame
        One row: ``n, moved, repeaters_before, repeaters_after,
        extra_repeaters, ci_low, ci_high, nps_before, nps_after`` and, with
        ``amount``, ``value_per_repeater, extra_revenue, revenue_ci_low,
        revenue_ci_high``. ``moved`` is the expected number of respondents
        recoded; NPS on -100..100.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> d = pd.DataFrame({"score": rng.integers(0, 11, 3000)})
    >>> d["rep"] = rng.random(3000) < np.where(d.score >= 7, 0.5, 0.3)
    >>> m = fit_repeat_model(d, outcome="rep", score="score")
    >>> r = what_if(m, d, shift={"detractor": ("passive", 0.25)})
    >>> bool(r["nps_after"].iloc[0] > r["nps_before"].iloc[0])
    True
    """
    if not isinstance(model, RepeatModel) or not hasattr(model, "result_"):
        raise ValueError("what_if needs a fitted RepeatModel (from fit_repeat_model).")
    if model.predictor != "category":
        raise ValueError(
            f"what_if recodes NPS categories, but this model uses predictor="
            f"{model.predictor!r}. Fix: refit with predictor='category'."
        )
    shift = {"detractor": ("passive", 0.25)} if shift is None else dict(shift)
    index_of = {c: i for i, c in enumerate(CATEGORIES)}
    moves = []
    for src, target in shift.items():
        try:
            dst, share = target
        except (TypeError, ValueError):
            raise ValueError(
                f"shift[{src!r}] must be (target_category, share), e.g. ('passive', 0.25)."
            ) from None
        if src not in index_of or dst not in index_of or src == dst:
            raise ValueError(
                f"shift {src!r} -> {dst!r}: both must be different categories among {CATEGORIES}."
            )
        if not 0 <= float(share) <= 1:
            raise ValueError(f"shift[{src!r}] share={share!r} must be between 0 and 1.")
        moves.append((index_of[src], index_of[dst], float(share)))

    terms = model.terms_
    keep, _ = _usable(data, terms.columns(), None)
    rows = data.loc[keep]
    codes = terms.codes(rows)
    X0 = terms.matrix(rows, codes)
    beta = model.params_
    rng = np.random.default_rng(seed)
    draws = rng.multivariate_normal(beta, model.cov_, size=n_sim, method="eigh")

    def expit(v):
        return 1 / (1 + np.exp(-v))

    before = float(expit(X0 @ beta).sum())
    extra = 0.0
    extra_sim = np.zeros(n_sim)
    counts = np.bincount(codes, minlength=3).astype("float64")
    new_counts = counts.copy()
    moved = 0.0
    for src, dst, share in moves:
        sel = codes == src
        if not sel.any():
            continue
        Xs = X0[sel]
        Xt = terms.matrix(rows.loc[sel], np.full(int(sel.sum()), dst))
        extra += share * float((expit(Xt @ beta) - expit(Xs @ beta)).sum())
        for start in range(0, n_sim, 100):
            B = draws[start : start + 100].T
            for r0 in range(0, len(Xs), 50_000):
                diff = expit(Xt[r0 : r0 + 50_000] @ B) - expit(Xs[r0 : r0 + 50_000] @ B)
                extra_sim[start : start + 100] += share * diff.sum(axis=0)
        moved += share * counts[src]
        new_counts[src] -= share * counts[src]
        new_counts[dst] += share * counts[src]
    alpha = 1 - confidence
    lo, hi = np.quantile(extra_sim, [alpha / 2, 1 - alpha / 2])
    n = counts.sum()
    out = {
        "n": int(n),
        "moved": moved,
        "repeaters_before": before,
        "repeaters_after": before + extra,
        "extra_repeaters": extra,
        "ci_low": lo,
        "ci_high": hi,
        "nps_before": 100 * (counts[2] - counts[0]) / n,
        "nps_after": 100 * (new_counts[2] - new_counts[0]) / n,
    }
    if amount is not None:
        if isinstance(amount, str):
            _check_columns(data, [amount])
            ok, _ = _usable(data, [model.outcome_, amount], model.censored)
            observed = data.loc[ok]
            buyers = _binary_outcome(observed[model.outcome_], model.outcome_) == 1
            if not buyers.any():
                raise ValueError(
                    f"No uncensored repeat purchasers with {amount!r} to value a repeat "
                    "purchaser. Fix: pass amount= as a number."
                )
            value = float(pd.to_numeric(observed[amount]).to_numpy()[buyers].mean())
        else:
            value = float(amount)
        out.update(
            value_per_repeater=value,
            extra_revenue=extra * value,
            revenue_ci_low=lo * value,
            revenue_ci_high=hi * value,
        )
    return pd.DataFrame([out])
