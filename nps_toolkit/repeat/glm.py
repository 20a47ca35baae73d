"""Fitting checks shared by :class:`~nps_toolkit.repeat.logistic.RepeatModel` and
:class:`~nps_toolkit.repeat.counts.CountModel` (statsmodels GLMs on a
:class:`~nps_toolkit.repeat.design.Terms` design).

* :func:`model_rows`: the design terms of a model and the rows it can use;
* :func:`check_separation`, :func:`check_rank`: refuse designs that cannot be
  estimated, naming the term and the fix;
* :func:`fit_glm`: run a statsmodels fit, turning separation and run-away
  estimates (beyond :data:`MAX_COEF` / :data:`MAX_SE`) into clear errors;
* :func:`effect_table`: odds or rate ratios with their intervals;
* :func:`cov_kwargs`: cluster-robust standard errors;
* :func:`require_fitted`: scikit-learn's ``NotFittedError`` with the fix;
* :class:`Text`: a summary string that displays as itself in a notebook.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from sklearn.utils.validation import check_is_fitted
from statsmodels.tools.sm_exceptions import (
    ConvergenceWarning,
    PerfectSeparationError,
    PerfectSeparationWarning,
)

from nps_toolkit._validation import require_columns
from nps_toolkit.repeat.design import Terms, usable_rows
from nps_toolkit.score.stats import z_value

__all__ = [
    "MAX_COEF",
    "MAX_SE",
    "Text",
    "check_rank",
    "check_separation",
    "cov_kwargs",
    "effect_table",
    "fit_glm",
    "model_rows",
    "require_fitted",
]

#: |log-odds| or standard errors of a 0/1 term beyond these mean the estimate ran away
#: (separation).
MAX_COEF = 15.0
MAX_SE = 50.0


def model_rows(model, data: pd.DataFrame, *, outcome: str, score: str, extra=()):
    """``(terms, used, excluded)``: the design of ``model``'s coding and the rows to fit on.

    Checks the interval level (``model.confidence``) and that ``data`` has the
    outcome, score, controls and ``extra`` columns (``None`` entries skipped);
    drops censored rows and rows missing any of them, counted in ``excluded``
    (``reason, n``), and refuses data with no usable row.
    """
    z_value(model.confidence)  # a clear error for a bad level, before any fitting
    terms = Terms(
        score=score, predictor=model.predictor, controls=model.controls,
        scale=model.scale, thresholds=model.thresholds,
    )  # fmt: skip
    needed = [outcome, *terms.columns(), *[c for c in extra if c]]
    require_columns(data, needed, "data", skip_none=False)
    keep, excluded = usable_rows(data, needed, model.censored)
    if not keep.any():
        raise ValueError(f"No usable rows: {excluded.to_dict('records')}. Fix: check the columns.")
    return terms, data.loc[keep], excluded


def check_separation(X: np.ndarray, y: np.ndarray, names: list[str], outcome: str) -> None:
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


def check_rank(X: np.ndarray, names: list[str]) -> None:
    """Refuse a rank-deficient design, naming a term that the others determine."""
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


def fit_glm(fit_fn, names: list[str], X: np.ndarray):
    """Run ``fit_fn()`` (a statsmodels fit); refuse separation and run-away estimates.

    Errors name the term and the fix (merge sparse levels or drop a control).
    """
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
    bad |= binary & ((np.abs(params) > MAX_COEF) | (bse > MAX_SE))
    if bad.any():
        j = int(np.flatnonzero(bad)[0])
        raise ValueError(
            f"Term {names[j]!r}: estimate {params[j]:.3g} with standard error {bse[j]:.3g} ran "
            "away, the sign of (quasi-)separation or a level with very few rows. Fix: merge "
            "sparse levels or drop that control."
        )
    return result


def effect_table(result, names: list[str], confidence: float, label: str) -> pd.DataFrame:
    """``term, <label>, ci_low, ci_high, p_val``: exponentiated coefficients, intercept left out."""
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


class Text(str):
    """A string that displays as itself in a notebook (no quotes, real line breaks)."""

    def __repr__(self) -> str:
        return str(self)


def cov_kwargs(used: pd.DataFrame, cluster: str | None) -> dict:
    """statsmodels ``fit`` arguments for cluster-robust standard errors."""
    if cluster is None:
        return {}
    groups = pd.factorize(used[cluster])[0]
    if (groups < 0).any():
        raise ValueError(f"Cluster column {cluster!r} has missing values; fill or drop them.")
    return {"cov_type": "cluster", "cov_kwds": {"groups": groups}}


def require_fitted(model) -> None:
    """Raise scikit-learn's ``NotFittedError`` (a ``ValueError``) unless ``model`` is fitted."""
    check_is_fitted(
        model,
        "result_",
        msg=(
            f"This {type(model).__name__} is not fitted yet. "
            "Fix: call .fit(data, outcome=..., score=...) first."
        ),
    )
