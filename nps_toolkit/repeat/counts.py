"""Does NPS predict a count outcome (visits, orders)? Poisson and negative binomial models.

:func:`fit_count_model` / :class:`CountModel`: Poisson, or negative binomial when
the counts are overdispersed, with rate ratios by NPS coding (+ controls).
Design, row exclusion and fitting checks are shared with the logistic
:class:`~nps_toolkit.repeat.logistic.RepeatModel`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import statsmodels.api as sm
from sklearn.base import BaseEstimator

from nps_toolkit._docstrings import share_docs
from nps_toolkit._validation import bad_values_text, require_columns
from nps_toolkit.repeat.design import (
    check_categories,
    usable_rows,
)
from nps_toolkit.repeat.glm import (
    Text,
    check_rank,
    cov_kwargs,
    effect_table,
    fit_glm,
    model_rows,
    require_fitted,
)

__all__ = ["CountModel", "fit_count_model"]

_FAMILIES = ("auto", "poisson", "negative_binomial")


def _counts(used: pd.DataFrame, outcome: str) -> np.ndarray:
    """The outcome as float counts, refusing values that are not integers >= 0."""
    y_raw = pd.to_numeric(used[outcome], errors="coerce")
    bad = y_raw.isna() | (y_raw < 0) | (y_raw.round() != y_raw)
    if bad.any():
        raise ValueError(
            f"Outcome column {outcome!r} must hold counts (integers >= 0); {int(bad.sum())} "
            f"row(s) do not, {bad_values_text(used[outcome], bad, used)}. Fix: clean or drop them."
        )
    return y_raw.to_numpy("float64")


def _check_zero_terms(X: np.ndarray, y: np.ndarray, names: list[str], outcome: str) -> None:
    """Refuse a 0/1 term whose rows all have a zero count (rate ratio zero)."""
    for j in range(1, X.shape[1]):
        col = X[:, j]
        if np.isin(col, [0.0, 1.0]).all() and y[col == 1].sum() == 0:
            raise ValueError(
                f"Term {names[j]!r}: all {int(col.sum())} of its rows have {outcome!r} = 0, "
                "so its rate ratio is zero and cannot be estimated. Fix: merge this level "
                "with another or drop the control."
            )


def _log_exposure(used: pd.DataFrame, exposure: str | None) -> np.ndarray | None:
    """Log of the exposure column (the offset), refusing zero, negative or missing values."""
    if not exposure:
        return None
    expo = pd.to_numeric(used[exposure], errors="coerce")
    if (expo.isna() | (expo <= 0)).any():
        raise ValueError(
            f"Exposure column {exposure!r} must be positive numbers. Fix: drop rows "
            "with zero or missing exposure."
        )
    return np.log(expo.to_numpy("float64"))


@share_docs
class CountModel(BaseEstimator):
    """Poisson or negative binomial model of a count outcome (visits, orders).

    ``family="auto"`` fits a Poisson GLM first and switches to a negative
    binomial (NB2, dispersion estimated by maximum likelihood) when the
    Pearson chi-square / residual degrees of freedom exceeds
    ``overdispersion`` (default 1.5): a Poisson model on overdispersed counts
    gives intervals that are far too narrow.

    Parameters
    ----------
    {params.predictor}
    {params.controls}
    family : {"auto", "poisson", "negative_binomial"}
        Count family; ``"auto"`` chooses by overdispersion.
    exposure : str, optional
        Column of positive follow-up lengths, entering as a log offset.
    {params.scale}
    {params.thresholds}
    {params.censored}
    cluster : str, optional
        Column identifying clusters of rows that are not independent: standard
        errors are then cluster-robust.
    {params.confidence}
    overdispersion : float
        Pearson chi2 / df of the Poisson fit above which ``"auto"`` switches to
        the negative binomial.

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
    n_, n_excluded_, result_ : as in :class:`~nps_toolkit.repeat.logistic.RepeatModel`.
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
        if family not in _FAMILIES:
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

    def _fit_family(self, y, X, names, offset, fit_kw):
        """``(result, family, dispersion, alpha)``: Poisson, or NB2 when overdispersed."""

        def fit_poisson(**kw):
            return sm.GLM(y, X, family=sm.families.Poisson(), offset=offset).fit(**kw)

        poisson = fit_glm(fit_poisson, names, X)
        dispersion = float(poisson.pearson_chi2 / poisson.df_resid)
        family = self.family
        if family == "auto":
            family = "negative_binomial" if dispersion > self.overdispersion else "poisson"
        if family == "poisson":
            if fit_kw:  # refit with cluster-robust standard errors
                poisson = fit_glm(lambda: fit_poisson(**fit_kw), names, X)
            return poisson, family, dispersion, np.nan
        result = fit_glm(
            lambda: sm.NegativeBinomial(y, X, loglike_method="nb2", offset=offset).fit(
                disp=0, maxiter=300, start_params=np.append(poisson.params, 0.5), **fit_kw
            ),
            names,
            X,
        )
        return result, family, dispersion, float(np.asarray(result.params)[-1])

    @share_docs
    def fit(self, data: pd.DataFrame, *, outcome: str, score: str) -> CountModel:
        """Fit on ``data``; see the class docstring for what is computed.

        Parameters
        ----------
        {params.data}
        outcome : str
            Count column (integers >= 0).
        {params.score}

        Returns
        -------
        CountModel
            ``self``, fitted.
        """
        terms, used, excluded = model_rows(
            self, data, outcome=outcome, score=score, extra=[self.exposure, self.cluster]
        )
        y = _counts(used, outcome)
        codes = terms.codes(used)
        check_categories(codes, terms)
        terms.learn(used)
        names = terms.names()
        X = terms.matrix(used, codes)
        _check_zero_terms(X, y, names, outcome)
        check_rank(X, names)
        offset = _log_exposure(used, self.exposure)
        fit_kw = cov_kwargs(used, self.cluster)
        result, family, dispersion, alpha = self._fit_family(y, X, names, offset, fit_kw)
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
        self.rate_ratios_ = effect_table(result, names, self.confidence, "rate_ratio")
        return self

    @property
    def rate_ratios(self) -> pd.DataFrame:
        return self.rate_ratios_

    def predict(self, data: pd.DataFrame) -> pd.Series:
        """Expected count (without exposure); NaN where inputs are missing.

        Refuses an unfitted model (scikit-learn's ``NotFittedError``) and
        ``data`` without the score or control columns (naming them).
        """
        require_fitted(self)
        require_columns(data, self.terms_.columns(), "data", skip_none=False)
        keep, _ = usable_rows(data, self.terms_.columns(), None)
        out = pd.Series(np.nan, index=data.index, name="expected_count")
        out.loc[keep] = np.exp(self.terms_.matrix(data.loc[keep]) @ self.params_)
        return out

    def summary(self) -> Text:
        """A plain-text summary: family, rows used and excluded, rate ratios."""
        require_fitted(self)
        lines = [
            f"{self.family_} model of {self.outcome_!r} ({self.predictor}); rows used: {self.n_}",
            "rows excluded: "
            + ", ".join(f"{r.reason}: {r.n}" for r in self.n_excluded_.itertuples()),
            f"Poisson Pearson chi2/df = {self.dispersion_:.2f}"
            + ("" if np.isnan(self.alpha_) else f"; NB2 alpha = {self.alpha_:.3f}"),
            "",
            self.rate_ratios_.to_string(index=False, float_format=lambda v: f"{v:.4g}"),
        ]
        return Text("\n".join(lines))


@share_docs
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
    {params.data}
    outcome : str
        Count column (integers >= 0), e.g. ``"orders_in_window"`` or
        ``"NbPassageKS"``.
    {params.score}
    {params.predictor}
    {params.controls}
    family : {"auto", "poisson", "negative_binomial"}
        ``"auto"``: negative binomial when Pearson chi2/df of the Poisson fit
        exceeds 1.5.
    **options
        ``exposure, scale, thresholds, censored, cluster, confidence,
        overdispersion``: see :class:`CountModel`.

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
