"""Behavioural outcomes of survey respondents: did they buy again?

:func:`repeat_purchase` links each survey response to the customer's later
orders; :func:`repeat_rate_by` turns that outcome into repeat rates with
Wilson intervals and relative risks of promoters and passives against
detractors.

Censoring
---------
A respondent's window runs from the response date (exclusive) to response date
+ ``window`` (inclusive). When that end lies after the end of the order data
(by default the last order date in ``orders``; pass ``data_end=`` when the
extract is known to run later, e.g. to the extraction date), we cannot know
whether the customer bought again: the row is flagged ``censored``. Censored
rows keep their (partial) counts but are excluded from rates and models by
default, and the number excluded is reported.

Reading orders
--------------
:func:`read_orders` reads an orders file through the survey loader (encoding
detection, the row account: :func:`nps_toolkit.io.quality_report` works on its
result) instead of a plain ``pd.read_csv``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from nps_toolkit._docstrings import share_docs
from nps_toolkit._validation import parse_dates, renamed_args, require_columns, rows_text
from nps_toolkit.io.orders import read_orders
from nps_toolkit.repeat.design import binary_outcome, usable_rows
from nps_toolkit.repeat.results import RepeatPurchase, RepeatRates
from nps_toolkit.score.scales import CATEGORIES, classify
from nps_toolkit.score.stats import z_value

__all__ = ["read_orders", "repeat_purchase", "repeat_rate_by", "wilson_interval"]


def _as_datetime(values: pd.Series, column: str, what: str) -> np.ndarray:
    """Datetime column as int64 nanoseconds (UTC for tz-aware), refusing bad values."""
    values = parse_dates(values, column, what)
    if getattr(values.dt, "tz", None) is not None:
        values = values.dt.tz_convert("UTC").dt.tz_localize(None)
    missing = values.isna()
    if missing.any():
        raise ValueError(
            f"{what} column {column!r}: {int(missing.sum())} missing date(s) "
            f"({rows_text(values.index[missing], values)}). Fix: drop or fill these rows first; "
            "a response or order without a date cannot be placed in a window."
        )
    return values.to_numpy().astype("datetime64[ns]").view("int64")


def _time_keys(c_order, c_survey, t_order, t_survey, t_end, n_cust):
    """(customer, time) pairs as single int64 keys that sort like the pairs.

    Times are expressed in the coarsest unit that divides them all (days for
    dates); if customer x time still does not fit in int64, dense ranks of the
    time points are used instead.
    """
    everything = np.concatenate([t_order, t_survey, t_end])
    t0 = everything.min() if len(everything) else 0
    span = int(everything.max() - t0) + 1 if len(everything) else 1
    for unit in (86_400 * 10**9, 10**9, 10**6, 10**3, 1):
        if unit == 1 or not ((everything - t0) % unit).any():
            break
    if n_cust * (span // unit + 1) < 2**62:
        base = np.int64(span // unit + 1)
        times = [(t - t0) // unit for t in (t_order, t_survey, t_end)]
    else:
        uniq, inverse = np.unique(everything, return_inverse=True)
        base = np.int64(len(uniq))
        n_o, n_s = len(t_order), len(t_survey)
        times = [inverse[:n_o], inverse[n_o : n_o + n_s], inverse[n_o + n_s :]]
    return (
        c_order.astype("int64") * base + times[0],
        c_survey.astype("int64") * base + times[1],
        c_survey.astype("int64") * base + times[2],
    )


def _window_width(window) -> pd.Timedelta:
    """``window`` as a positive ``Timedelta``, or a ValueError naming the fix."""
    try:
        width = pd.Timedelta(window)
    except (TypeError, ValueError):
        raise ValueError(
            f"window={window!r} is not a duration. Fix: pass e.g. window='180D'."
        ) from None
    if width <= pd.Timedelta(0):
        raise ValueError(f"window={window!r} must be a positive duration, e.g. '180D'.")
    return width


def _order_values(orders: pd.DataFrame, amount: str) -> np.ndarray:
    """The order amounts as floats, refusing missing or non-numeric ones (naming the rows)."""
    value = pd.to_numeric(orders[amount], errors="coerce")
    bad = value.isna()
    if bad.any():
        raise ValueError(
            f"orders column {amount!r}: {int(bad.sum())} missing or non-numeric amount(s) "
            f"({rows_text(orders.index[bad], orders)}). Fix: fill them (e.g. 0) or drop those "
            "orders."
        )
    return value.to_numpy(dtype="float64")


def _data_end(t_order: np.ndarray, data_end) -> tuple[pd.Timestamp, int]:
    """End of the order data (naive UTC) and its int64 nanoseconds; default the last order."""
    if data_end is None:
        if len(t_order) == 0:
            raise ValueError(
                "orders is empty, so the end of the order data is unknown. "
                "Fix: pass data_end= (the date the order extract runs to)."
            )
        end_ns = int(t_order.max())
        return pd.Timestamp(end_ns), end_ns
    end = pd.Timestamp(data_end)
    if end.tz is not None:
        end = end.tz_convert("UTC").tz_localize(None)
    return end, int(np.datetime64(end, "ns").view("int64"))


@renamed_args(survey_date="date")
def repeat_purchase(
    survey: pd.DataFrame,
    orders: pd.DataFrame,
    *,
    customer: str,
    date: str,
    order_date: str,
    window="180D",
    amount: str | None = None,
    data_end=None,
) -> RepeatPurchase:
    """Did each respondent order again within ``window`` after answering?

    Only orders strictly after the survey response and no later than response
    date + ``window`` count. Customers without any order are simply
    non-purchasers. Vectorised: one sort and two binary searches, no loop per
    respondent.

    Parameters
    ----------
    survey : pandas.DataFrame
        One row per response, with ``customer`` and ``date`` columns.
    orders : pandas.DataFrame
        One row per order, with ``customer`` and ``order_date`` columns (and
        ``amount`` when revenue is wanted).
    customer : str
        Customer id column, present in both tables.
    date, order_date : str
        Response date column of ``survey`` and order date column of ``orders``
        (datetimes, or strings that ``pd.to_datetime`` parses). ``survey_date=``
        is the old name of ``date=``, kept for one release with a
        ``FutureWarning``.
    window : str or pandas.Timedelta
        Length of the follow-up window, e.g. ``"180D"``.
    amount : str, optional
        Order value column of ``orders``; adds ``revenue_in_window``.
    data_end : datetime-like, optional
        Last date the order data covers. Default: the last ``order_date`` in
        ``orders``. Windows ending after it are ``censored``.

    Returns
    -------
    RepeatPurchase
        ``data``: the survey rows (same index, all columns) plus ``window_end``,
        ``orders_in_window`` (int), ``repeat_purchase`` (bool: at least one
        order in the window), ``revenue_in_window`` (float, only with
        ``amount``) and ``censored`` (bool); ``n_censored``, ``data_end`` and
        ``window``.

    Examples
    --------
    >>> survey = pd.DataFrame({"customer_id": [1, 2, 3],
    ...                        "date": pd.to_datetime(["2024-01-01", "2024-01-01", "2024-06-01"])})
    >>> orders = pd.DataFrame({"customer_id": [1, 1, 2, 3],
    ...                        "order_date": pd.to_datetime(["2024-01-01", "2024-02-01",
    ...                                                      "2024-12-01", "2024-07-01"]),
    ...                        "amount": [10.0, 20.0, 5.0, 7.0]})
    >>> out = repeat_purchase(survey, orders, customer="customer_id", date="date",
    ...                       order_date="order_date", window="90D", amount="amount")
    >>> out.data[["customer_id", "orders_in_window", "repeat_purchase", "revenue_in_window", "censored"]]
       customer_id  orders_in_window  repeat_purchase  revenue_in_window  censored
    0            1                 1             True               20.0     False
    1            2                 0            False                0.0     False
    2            3                 1             True                7.0     False
    """
    require_columns(survey, [customer, date], "survey", skip_none=False)
    needed = [customer, order_date] + ([amount] if amount else [])
    require_columns(orders, needed, "orders", skip_none=False)
    width = _window_width(window)
    for table, what in ((survey, "survey"), (orders, "orders")):
        no_id = table[customer].isna()
        if no_id.any():
            raise ValueError(
                f"{what} column {customer!r}: {int(no_id.sum())} missing customer id(s) "
                f"({rows_text(table.index[no_id], table)}). Fix: drop these rows first; they "
                "cannot be linked."
            )
    t_survey = _as_datetime(survey[date], date, "survey")
    t_order = _as_datetime(orders[order_date], order_date, "orders")
    value = None if amount is None else _order_values(orders, amount)
    end, end_ns = _data_end(t_order, data_end)

    # Customers of both tables on one integer code.
    codes, _ = pd.factorize(
        pd.concat([survey[customer], orders[customer]], ignore_index=True), sort=False
    )
    c_survey, c_order = codes[: len(survey)], codes[len(survey) :]
    t_end = t_survey + width.value
    n_cust = int(codes.max()) + 1 if len(codes) else 1
    key_order, key_start, key_stop = _time_keys(c_order, c_survey, t_order, t_survey, t_end, n_cust)
    order_sort = np.argsort(key_order)
    key_sorted = key_order[order_sort]
    lo = np.searchsorted(key_sorted, key_start, side="right")  # strictly after the response
    hi = np.searchsorted(key_sorted, key_stop, side="right")  # up to and including window end
    n_in = (hi - lo).astype("int64")

    out = survey.copy()
    out["window_end"] = pd.to_datetime(t_end.astype("datetime64[ns]"))
    out["orders_in_window"] = n_in
    out["repeat_purchase"] = n_in > 0
    if amount is not None:
        cum = np.concatenate([[0.0], np.cumsum(value[order_sort])])
        out["revenue_in_window"] = np.round(cum[hi] - cum[lo], 10)
    out["censored"] = t_end > end_ns
    return RepeatPurchase(
        data=out, n_censored=int(out["censored"].sum()), data_end=end, window=width
    )


@share_docs
def wilson_interval(events, n, *, confidence: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for binomial proportions (vectorised).

    Parameters
    ----------
    events, n : array-like
        Events and trials.
    {params.confidence}

    Returns
    -------
    (ci_low, ci_high) : ndarray
        NaN where ``n`` is 0.

    Examples
    --------
    >>> lo, hi = wilson_interval(3, 10)
    >>> round(float(lo), 4), round(float(hi), 4)
    (0.1078, 0.6032)
    """
    k = np.asarray(events, dtype="float64")
    n = np.asarray(n, dtype="float64")
    z = z_value(confidence)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = k / n
        centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
        half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / (1 + z**2 / n)
    return centre - half, centre + half


@share_docs
def repeat_rate_by(
    data: pd.DataFrame,
    *,
    outcome: str,
    by: str,
    scale=None,
    thresholds=None,
    confidence: float = 0.95,
    censored: str | None = "censored",
) -> RepeatRates:
    """Repeat rate with Wilson intervals per category, per score or per segment.

    What ``by`` holds decides the table:

    * NPS categories (``detractor``/``passive``/``promoter``, e.g. the output
      of :func:`nps_toolkit.score.scales.classify`): one row per category plus the
      relative risk of each category against detractors, with a log (Katz)
      interval;
    * numeric scores: one row per score value (validated against ``scale``),
      with its ``category``;
    * anything else (channel, region...): one row per level.

    ``data`` is typically the output of :func:`repeat_purchase`.

    Parameters
    ----------
    {params.data}
    {params.outcome}
    by : str
        Column to group by.
    {params.scale}
    {params.thresholds}
    {params.confidence}
    {params.censored}

    Returns
    -------
    RepeatRates
        ``table``: ``<by>, n, repeaters, rate, ci_low, ci_high`` (rates as proportions
        0..1); with categories also ``relative_risk, rr_ci_low, rr_ci_high``
        (detractors = 1); with scores also ``category``. ``n_excluded``
        counts rows left out (censored, missing outcome, missing ``by``).
        A relative-risk interval is NaN when a cell has no repeaters.

    Examples
    --------
    >>> d = pd.DataFrame({"cat": ["detractor"] * 4 + ["passive"] * 4 + ["promoter"] * 4,
    ...                   "rep": [1, 0, 0, 0, 1, 1, 0, 0, 1, 1, 1, 0]})
    >>> repeat_rate_by(d, outcome="rep", by="cat").table[["cat", "n", "rate", "relative_risk"]]
             cat  n  rate  relative_risk
    0  detractor  4  0.25            1.0
    1    passive  4  0.50            2.0
    2   promoter  4  0.75            3.0
    """
    require_columns(data, [outcome, by], "data", skip_none=False)
    keep, dropped = usable_rows(data, [outcome, by], censored)
    excluded = dict(zip(dropped["reason"], dropped["n"].tolist(), strict=True))
    used = data.loc[keep]
    y = binary_outcome(used[outcome], outcome)
    key = used[by]
    kind = "levels"
    if isinstance(key.dtype, pd.CategoricalDtype) and set(key.cat.categories) == set(CATEGORIES):
        kind = "categories"
    elif pd.api.types.is_numeric_dtype(key) and not pd.api.types.is_bool_dtype(key):
        kind = "scores"
        classify(key, scale=scale, thresholds=thresholds)  # validates every score, naming rows
    else:
        values = set(key.astype(str).unique())
        if values and values <= set(CATEGORIES):
            kind = "categories"
    if kind == "categories":
        key = pd.Categorical(key.astype(str), categories=list(CATEGORIES), ordered=True)
    grouped = pd.DataFrame({by: key, "_y": y}).groupby(by, observed=True, sort=True)
    table = grouped["_y"].agg(n="size", repeaters="sum").reset_index()
    table["repeaters"] = table["repeaters"].astype("int64")
    table["rate"] = table["repeaters"] / table["n"]
    lo, hi = wilson_interval(table["repeaters"], table["n"], confidence=confidence)
    table["ci_low"], table["ci_high"] = lo, hi
    if kind == "scores":
        table["category"] = classify(table[by], scale=scale, thresholds=thresholds).to_numpy()
    if kind == "categories":
        table[by] = table[by].astype(str)
        ref = table[table[by].eq("detractor")]
        if len(ref) == 0:
            raise ValueError(
                f"Column {by!r} has no detractors among the {len(used)} usable rows, so relative "
                "risks against detractors cannot be computed. Fix: check the scale= declaration "
                "or group by another column."
            )
        a0, n0 = np.float64(ref["repeaters"].iloc[0]), np.float64(ref["n"].iloc[0])
        a1, n1 = table["repeaters"].to_numpy(float), table["n"].to_numpy(float)
        z = z_value(confidence)
        with np.errstate(divide="ignore", invalid="ignore"):
            rr = (a1 / n1) / (a0 / n0)
            se = np.sqrt(1 / a1 - 1 / n1 + 1 / a0 - 1 / n0)
            ok = (a1 > 0) & (a0 > 0)
            table["relative_risk"] = rr
            table["rr_ci_low"] = np.where(ok, rr * np.exp(-z * se), np.nan)
            table["rr_ci_high"] = np.where(ok, rr * np.exp(z * se), np.nan)
        is_ref = table[by].eq("detractor").to_numpy()
        table.loc[is_ref, ["relative_risk", "rr_ci_low", "rr_ci_high"]] = [1.0, np.nan, np.nan]
    return RepeatRates(table=table, n_excluded=excluded)
