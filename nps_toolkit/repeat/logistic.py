"""Does NPS predict a binary outcome (repeat purchase)? The logistic model.

:func:`fit_repeat_model` / :class:`RepeatModel`: logistic regression of a binary
outcome on the NPS category (detractors the reference), the raw score or the
top box, with optional controls. Inference (odds ratios, Wald intervals,
p-values) comes from statsmodels; out-of-sample discrimination (cross-validated
AUC with a DeLong interval) and calibration (reliability table, Brier score)
from scikit-learn predictions on stratified folds (see
:mod:`nps_toolkit.repeat.crossval`).

Categorical controls are one-hot encoded against their most frequent level,
named in every term (``"channel=web (vs store)"``). Rows that cannot be used
(censored, missing score, outcome or control) are dropped *and counted*: see
``n_excluded_``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import statsmodels.api as sm
from sklearn.base import BaseEstimator

from nps_toolkit._docstrings import share_docs
from nps_toolkit._validation import require_columns
from nps_toolkit.repeat.crossval import (
    cv_auc_table,
    make_folds,
    oof_predictions,
    reliability_table,
)
from nps_toolkit.repeat.design import binary_outcome, check_categories, usable_rows
from nps_toolkit.repeat.glm import (
    Text,
    check_rank,
    check_separation,
    cov_kwargs,
    effect_table,
    fit_glm,
    model_rows,
    require_fitted,
)

__all__ = ["RepeatModel", "fit_repeat_model"]


def _check_events(y: np.ndarray, outcome: str) -> int:
    """Number of rows with the outcome; refuse an outcome that never varies."""
    events = int(y.sum())
    if events in (0, len(y)):
        raise ValueError(
            f"Outcome {outcome!r} is {int(y[0])} for all {len(y)} usable rows: nothing to "
            "model. Fix: check the outcome window or the censoring."
        )
    return events


def _check_epv(events: int, n: int, n_terms: int, min_epv: float) -> None:
    """Refuse too few events per variable (the rarer outcome count per term)."""
    rarer = min(events, n - events)
    epv = rarer / n_terms
    if min_epv and epv < min_epv:
        raise ValueError(
            f"Too few events per variable: {rarer} rows with the rarer outcome for {n_terms} "
            f"terms = {epv:.1f} < min_epv={min_epv}. Estimates and intervals would be "
            "unreliable. Fix: fewer controls or merged levels, more data, or pass min_epv=0 "
            "to fit anyway."
        )


@share_docs
class RepeatModel(BaseEstimator):
    """Logistic model of a binary outcome on the NPS score coding (+ controls).

    Parameters
    ----------
    {params.predictor}
    {params.controls}
    {params.scale}
    {params.thresholds}
    {params.censored}
    cluster : str, optional
        Column identifying clusters of rows that are not independent (e.g.
        ``customer_id`` when customers answered several times): standard
        errors, intervals and p-values are then cluster-robust.
    cv : int
        Folds for cross-validated AUC and calibration.
    {params.seed}
    {params.confidence}
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
    oof_proba_ : Series
        Out-of-fold probability of each row used.
    n_ : int
        Rows used. ``events_`` : outcome = 1 among them.
    n_excluded_ : DataFrame
        ``reason, n``: rows dropped as censored or for a missing value.
    result_ : statsmodels results
        The full-data fit; ``params_`` and ``cov_`` its coefficients and their
        covariance, ``names_`` the terms.
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

    @share_docs
    def fit(self, data: pd.DataFrame, *, outcome: str, score: str) -> RepeatModel:
        """Fit on ``data``; see the class docstring for what is computed.

        Parameters
        ----------
        {params.data}
        {params.outcome}
        {params.score}

        Returns
        -------
        RepeatModel
            ``self``, fitted.
        """
        terms, used, excluded = model_rows(
            self, data, outcome=outcome, score=score, extra=[self.cluster]
        )
        y = binary_outcome(used[outcome], outcome)
        codes = terms.codes(used)
        check_categories(codes, terms)
        events = _check_events(y, outcome)
        terms.learn(used)
        names = terms.names()
        X = terms.matrix(used, codes)
        _check_epv(events, len(y), X.shape[1] - 1, self.min_epv)
        check_separation(X, y, names, outcome)
        check_rank(X, names)
        fit_kw = cov_kwargs(used, self.cluster)
        result = fit_glm(lambda: sm.Logit(y, X).fit(disp=0, maxiter=100, **fit_kw), names, X)

        folds = make_folds(y, self.cv, self.seed)
        p_oof = oof_predictions(X, y, folds)
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
        self.odds_ratios_ = effect_table(result, names, self.confidence, "odds_ratio")
        # Per-fold AUC, averaged: pooling folds would break a coarse coding's ties.
        self.cv_auc_ = cv_auc_table(y, p_oof, folds, self.confidence)
        self.oof_proba_ = pd.Series(p_oof, index=used.index, name="p_oof")
        self.calibration_ = reliability_table(y, p_oof, self.n_bins, self.confidence)
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

    def design(self, data: pd.DataFrame, codes: np.ndarray | None = None):
        """Design matrix of the rows of ``data`` that have score and controls.

        Returns ``(keep, rows, X)``: the mask of usable rows, those rows and
        their design matrix.
        """
        require_fitted(self)
        require_columns(data, self.terms_.columns(), "data", skip_none=False)
        keep, _ = usable_rows(data, self.terms_.columns(), None)
        rows = data.loc[keep]
        return keep, rows, self.terms_.matrix(rows, None if codes is None else codes[keep])

    def predict_proba(self, data: pd.DataFrame) -> pd.Series:
        """Predicted probability of the outcome (full-data fit); NaN where inputs are missing."""
        keep, rows, X = self.design(data)
        out = pd.Series(np.nan, index=data.index, name="p_repeat")
        out.loc[keep] = 1 / (1 + np.exp(-(X @ self.params_)))
        return out

    def summary(self) -> Text:
        """A plain-text summary: rows used and excluded, odds ratios, AUC, calibration."""
        require_fitted(self)
        auc = self.cv_auc_.iloc[0]
        lines = [
            f"Logistic model of {self.outcome_!r} on {self.score_!r} ({self.predictor})",
            f"rows used: {self.n_} ({self.events_} with the outcome)",
            "rows excluded: "
            + ", ".join(f"{r.reason}: {r.n}" for r in self.n_excluded_.itertuples()),
            "",
            self.odds_ratios_.to_string(index=False, float_format=lambda v: f"{v:.4g}"),
            "",
            (
                f"cross-validated AUC ({self.cv} folds): {auc['auc']:.3f} "
                f"[{auc['ci_low']:.3f}, {auc['ci_high']:.3f}]"
            ),
            f"out-of-fold Brier score: {self.brier_:.4f}",
        ]
        return Text("\n".join(lines))

    def __repr__(self) -> str:
        fitted = f", n={self.n_}" if hasattr(self, "n_") else ""
        return f"RepeatModel(predictor={self.predictor!r}, controls={self.controls!r}{fitted})"


@share_docs
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
    {params.data}
    {params.outcome}
    {params.score}
    {params.predictor}
    {params.controls}
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
