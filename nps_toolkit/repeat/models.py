"""Does NPS predict behaviour? Logistic and count models of an outcome on the score.

* :func:`fit_repeat_model` / :class:`RepeatModel`: logistic regression of a
  binary outcome (repeat purchase) on the NPS category (detractors the
  reference), the raw score or the top box, with optional controls.
  Inference (odds ratios, Wald intervals, p-values) comes from statsmodels;
  out-of-sample discrimination (cross-validated AUC with a DeLong interval)
  and calibration (reliability table, Brier score) from scikit-learn
  predictions on stratified folds (see :mod:`nps_toolkit.repeat.evaluation`).
* :func:`fit_count_model` / :class:`CountModel`: Poisson, or negative binomial
  when the counts are overdispersed, with rate ratios.

Comparing codings of the score lives in :mod:`nps_toolkit.repeat.evaluation`
(:func:`~nps_toolkit.repeat.evaluation.compare_predictors`); what-if scenarios in
:mod:`nps_toolkit.repeat.whatif` (:func:`~nps_toolkit.repeat.whatif.what_if`).

Categorical controls are one-hot encoded against their most frequent level,
named in every term (``"channel=web (vs store)"``). Rows that cannot be used
(censored, missing score, outcome or control) are dropped *and counted*:
see ``n_excluded_``.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import statsmodels.api as sm
from sklearn.base import BaseEstimator
from statsmodels.tools.sm_exceptions import (
    ConvergenceWarning,
    PerfectSeparationError,
    PerfectSeparationWarning,
)

from nps_toolkit._validation import require_columns
from nps_toolkit.repeat.design import (
    _EXAMPLES,
    _binary_outcome,
    _check_categories,
    _rows,
    _Terms,
    _usable,
)
from nps_toolkit.repeat.evaluation import _cv_auc_table, _folds, _oof_predictions, _reliability

__all__ = [
    "CountModel",
    "RepeatModel",
    "fit_count_model",
    "fit_repeat_model",
]

# |log-odds| or standard errors beyond these mean the estimate ran away (separation).
_MAX_COEF = 15.0
_MAX_SE = 50.0


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


# --------------------------------------------------------------------------- logistic
class RepeatModel(BaseEstimator):
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
        Declared score scale (see :func:`nps_toolkit.score.scales.classify`), e.g.
        ``scale=(1, 10)``.
    censored : str or None
        Column flagging censored rows (from
        :func:`nps_toolkit.repeat.outcomes.repeat_purchase`); they are excluded and
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
        require_columns(data, needed, "data", skip_none=False)
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
        # Per-fold AUC, averaged: pooling folds would break a coarse coding's ties.
        self.cv_auc_ = _cv_auc_table(y, p_oof, folds, self.confidence)
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
        require_columns(data, self.terms_.columns(), "data", skip_none=False)
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
        One row per respondent, e.g. from :func:`nps_toolkit.repeat.outcomes.repeat_purchase`.
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
class CountModel(BaseEstimator):
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
        require_columns(data, needed, "data", skip_none=False)
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

        def fit_poisson(**kw):
            return sm.GLM(y, X, family=sm.families.Poisson(), offset=offset).fit(**kw)

        poisson = _fit_glm(fit_poisson, names, X)
        dispersion = float(poisson.pearson_chi2 / poisson.df_resid)
        family = self.family
        if family == "auto":
            family = "negative_binomial" if dispersion > self.overdispersion else "poisson"
        fit_kw = _cov_kwargs(used, self.cluster)
        if family == "poisson":
            if fit_kw:  # refit with cluster-robust standard errors
                poisson = _fit_glm(lambda: fit_poisson(**fit_kw), names, X)
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
