"""Named results of the repeat subpackage (issue 12: no second results in ``attrs``).

* :class:`RepeatPurchase` from :func:`nps_toolkit.repeat.outcomes.repeat_purchase`;
* :class:`RepeatRates` from :func:`nps_toolkit.repeat.outcomes.repeat_rate_by`;
* :class:`PredictorComparison` from
  :func:`nps_toolkit.repeat.evaluation.compare_predictors`.

Each is a frozen dataclass of tidy tables and plain values. For one release,
code that uses the result as its main table keeps working with a
``FutureWarning`` (:class:`nps_toolkit._results.NamedResult`).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from nps_toolkit._results import NamedResult

__all__ = ["PredictorComparison", "RepeatPurchase", "RepeatRates"]


@dataclass(frozen=True, eq=False, repr=False)
class RepeatPurchase(NamedResult):
    """What :func:`~nps_toolkit.repeat.outcomes.repeat_purchase` returns.

    Attributes
    ----------
    data : DataFrame
        The survey rows (same index, all columns) plus ``window_end``,
        ``orders_in_window``, ``repeat_purchase``, ``revenue_in_window`` (with
        ``amount``) and ``censored``.
    n_censored : int
        Rows whose window ends after ``data_end``.
    data_end : pandas.Timestamp
        The last date the order data covers.
    window : pandas.Timedelta
        The length of the follow-up window.
    """

    main = "data"
    function = "repeat_purchase"

    data: pd.DataFrame
    n_censored: int
    data_end: pd.Timestamp
    window: pd.Timedelta


@dataclass(frozen=True, eq=False, repr=False)
class RepeatRates(NamedResult):
    """What :func:`~nps_toolkit.repeat.outcomes.repeat_rate_by` returns.

    Attributes
    ----------
    table : DataFrame
        The rates (columns listed in ``repeat_rate_by``).
    n_excluded : dict of str to int
        Rows left out, by reason (``censored``, ``missing <column>``).
    """

    main = "table"
    function = "repeat_rate_by"

    table: pd.DataFrame
    n_excluded: dict


@dataclass(frozen=True, eq=False, repr=False)
class PredictorComparison(NamedResult):
    """What :func:`~nps_toolkit.repeat.evaluation.compare_predictors` returns.

    Attributes
    ----------
    table : DataFrame
        One row per predictor set (the columns are listed in ``compare_predictors``).
    predictions : DataFrame
        Out-of-fold probabilities: one column per set, indexed like the rows used.
    fold : Series
        The fold of each row used (0 to ``cv - 1``), same index.
    per_fold : DataFrame
        The AUC of each set in each fold: ``predictors, fold, n, auc``.
    n_excluded : DataFrame
        Rows left out of every set: ``reason, n``.

    For one release, using the result as ``table`` (``result["auc"]``) still
    works with a ``FutureWarning``.
    """

    main = "table"
    function = "compare_predictors"

    table: pd.DataFrame
    predictions: pd.DataFrame
    fold: pd.Series
    per_fold: pd.DataFrame
    n_excluded: pd.DataFrame
