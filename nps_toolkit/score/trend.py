"""NPS per period: period codes from the dates' integer values, every period present.

:func:`nps_trend` counts a pandas frame per (group and) period without copying
it: days since 1970 by one floor division of the datetime64 values, then each
day's period from a lookup table over the data's span of days
(:func:`dated_counts`). DuckDB and Spark sources are counted per day where they
live and the days summed into periods (:func:`period_table`).
:func:`period_counts` adds the periods without responses and flags the partial
ones; :func:`nps_toolkit.score.changes.nps_changes` tests on the same counts.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from nps_toolkit._docstrings import share_docs
from nps_toolkit._validation import as_list, parse_dates, require_columns
from nps_toolkit.score.counts import (
    counts_frame,
    encode,
    estimates_from_counts,
    is_backend,
    source_counts,
    tabulate,
    use_threads,
)

__all__ = ["FREQS", "dated_counts", "fill_periods", "nps_trend", "period_counts", "period_table"]

# Period aliases accepted by nps_trend, mapped to pandas Period frequencies
# whose start_time is the period start ("MS" = month start, "W" = weeks from Monday).
FREQS = {"D": "D", "W": "W-SUN", "W-MON": "W-SUN", "MS": "M", "M": "M", "QS": "Q", "Q": "Q"}
FREQS |= {"YS": "Y", "Y": "Y", "AS": "Y", "A": "Y"}


def dated_counts(
    data: pd.DataFrame, *, score, by=None, weights=None, scale=None, thresholds=None, date, freq
) -> tuple[pd.DataFrame, pd.Timestamp, pd.Timestamp]:
    """Counts per (group and) period of a pandas frame, and the data's first and last day.

    Periods come from integer arithmetic on the datetime64 values: days since
    1970 by one floor division, then each day's period from a lookup table over
    the data's span of days (``to_period`` on those few days only). The frame is
    not copied (unless rows without a date must be left out) and gets no period
    column. ``period`` holds the period start; rows without a date are left out
    with a warning. First and last day are ``NaT`` when no row has a date.
    """
    keys = as_list(by)
    require_columns(data, [date], skip_none=False)
    if freq not in FREQS:
        raise ValueError(f"freq must be one of {sorted(FREQS)}; got {freq!r}.")
    dates = parse_dates(data[date], date, "the data")
    if getattr(dates.dt, "tz", None) is not None:
        dates = dates.dt.tz_localize(None)
    values = dates.to_numpy()
    ticks = values.view("int64")
    lowest = ticks.min() if len(ticks) else 0
    if lowest == np.iinfo("int64").min:  # NaT
        keep = ticks != lowest
        warnings.warn(
            f"{len(ticks) - int(keep.sum())} row(s) have no {date!r} and are left out of the trend.",
            UserWarning,
            stacklevel=4,
        )
        data, ticks = data.loc[keep], ticks[keep]
    if not len(ticks):
        empty = data.iloc[:0].assign(period=np.array([], dtype="datetime64[us]"))
        counts = counts_frame(
            empty, score=score, by=[*keys, "period"], weights=weights, scale=scale,
            thresholds=thresholds,
        )  # fmt: skip
        return counts, pd.NaT, pd.NaT
    require_columns(data, [score, *keys], skip_none=False)
    unit, _ = np.datetime_data(values.dtype)
    if not use_threads(len(ticks)):
        cat, encoded = encode(data, score, keys, scale=scale, thresholds=thresholds)
        period_codes, periods, span = _period_codes(ticks, unit, freq)
    else:  # classify the scores in a thread while the dates become period codes
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(1) as pool:
            job = pool.submit(encode, data, score, keys, scale=scale, thresholds=thresholds)
            period_codes, periods, span = _period_codes(ticks, unit, freq)
            cat, encoded = job.result()
    encoded.append(("period", period_codes, periods, None))
    counts = tabulate(data, cat, encoded, weights=weights, overwrite=not keys, dense_last=True)
    return counts, pd.Timestamp(span[0]), pd.Timestamp(span[-1])


def _period_codes(ticks: np.ndarray, unit: str, freq: str):
    """Period code of each datetime64 value (as int64 ticks of ``unit``), the period starts,
    and every day from the first to the last (``datetime64[D]``)."""
    per_day = int(np.timedelta64(1, "D") // np.timedelta64(1, unit))
    first, last = int(ticks.min()) // per_day, int(ticks.max()) // per_day
    day = ticks // per_day
    day -= first
    # The period start of every day from the first to the last: a small table.
    span = np.arange(first, last + 1).astype("datetime64[D]")
    starts = pd.DatetimeIndex(span).to_period(FREQS[freq]).start_time
    if FREQS[freq] == "D":
        return day, starts, span
    new = np.ones(len(starts), dtype=bool)
    new[1:] = starts[1:] != starts[:-1]
    return (np.cumsum(new, dtype="int32") - 1)[day], starts[new], span


def period_table(
    data, *, score, by=None, weights=None, scale=None, thresholds=None, date, freq
) -> tuple[pd.DataFrame, pd.Timestamp, pd.Timestamp]:
    """Counts per (group and) period (periods without responses absent), first and last day.

    Pandas frames are counted by period directly (:func:`dated_counts`); backend
    sources are counted per day where they live, and the days summed into periods.
    """
    if not is_backend(data):
        return dated_counts(
            data, score=score, by=by, weights=weights, scale=scale, thresholds=thresholds,
            date=date, freq=freq,
        )  # fmt: skip
    if freq not in FREQS:
        raise ValueError(f"freq must be one of {sorted(FREQS)}; got {freq!r}.")
    keys = as_list(by)
    daily = source_counts(
        data, score=score, by=keys, weights=weights, scale=scale, thresholds=thresholds,
        date=date, freq="D",
    )  # fmt: skip
    if daily.empty:
        return daily, pd.NaT, pd.NaT
    days = pd.to_datetime(daily["period"])
    per = days.dt.to_period(FREQS[freq])
    value_cols = [c for c in daily.columns if c not in (*keys, "period")]
    rolled = daily[keys + value_cols].assign(period=per.dt.start_time.to_numpy())
    counts = (
        rolled.groupby([*keys, "period"], sort=True, dropna=False, observed=True)[value_cols]
        .sum()
        .reset_index()
    )
    return counts, days.min(), days.max()


def period_counts(data, *, score, by, weights, scale, thresholds, date, freq):
    """Counts per (group and) period, every period present, partial flags, first and last day.

    Pandas frames are counted by period directly (period codes from the dates'
    integer values); DuckDB and Spark sources per day, then summed into periods.
    Either way the data's first and last day are known. A period is partial
    when the first day of data falls after its start or the last day before its
    end (days of the whole data, not of each group).
    """
    if freq not in FREQS:
        raise ValueError(f"freq must be one of {sorted(FREQS)}; got {freq!r}.")
    keys = as_list(by)
    counts, first, last = period_table(
        data, score=score, by=keys, weights=weights, scale=scale, thresholds=thresholds,
        date=date, freq=freq,
    )  # fmt: skip
    if counts.empty:
        return counts, np.zeros(0, dtype=bool), (pd.NaT, pd.NaT)
    counts = fill_periods(counts, keys=keys, freq=freq)
    first_period, last_period = pd.Period(first, FREQS[freq]), pd.Period(last, FREQS[freq])
    start = counts["period"].to_numpy()
    cut_start = first > first_period.start_time
    cut_end = last < (last_period + 1).start_time - pd.Timedelta(days=1)
    partial = (cut_start & (start == np.datetime64(first_period.start_time))) | (
        cut_end & (start == np.datetime64(last_period.start_time))
    )
    return counts, np.asarray(partial, dtype=bool), (first, last)


def fill_periods(counts: pd.DataFrame, *, keys: list, freq: str) -> pd.DataFrame:
    """Add zero-count rows for periods without responses, per group."""
    if counts.empty:
        return counts
    periods = pd.period_range(counts["period"].min(), counts["period"].max(), freq=FREQS[freq])
    full_periods = pd.Index(periods.start_time, name="period")
    value_cols = [c for c in counts.columns if c not in (*keys, "period")]
    groups = counts[keys].drop_duplicates() if keys else None
    if len(counts) == len(full_periods) * (len(groups) if keys else 1):
        out = counts.copy(deep=False)  # one row per group and period already (pandas path)
    else:
        if keys:
            grid = groups.merge(pd.DataFrame({"period": full_periods}), how="cross")
        else:
            grid = pd.DataFrame({"period": full_periods})
        out = grid.merge(counts, on=[*keys, "period"], how="left")
        out[value_cols] = out[value_cols].fillna(0)
    for col in value_cols:
        if pd.api.types.is_integer_dtype(counts[col].dtype):
            out[col] = out[col].astype("int64")
    return out.sort_values([*keys, "period"], kind="stable").reset_index(drop=True)


@share_docs
def nps_trend(
    data,
    *,
    score: str,
    date: str,
    freq: str = "MS",
    by=None,
    rolling: int | None = None,
    weights: str | None = None,
    scale=None,
    thresholds=None,
    confidence: float = 0.95,
    method: str = "adjusted_wald",
    min_n: int = 30,
) -> pd.DataFrame:
    """NPS per period (and group), with every period present.

    Parameters
    ----------
    data : DataFrame or backend source
    score, date : str
        Score and date columns. Rows without a date are left out (with a warning).
    freq : {"MS", "W", "D", "QS", "YS"}
        Period: month, week (from Monday), day, quarter, year; ``period`` holds
        the period start.
    {params.by}
    rolling : int, optional
        Pool the counts of the last ``rolling`` periods (current included) before
        estimating, which steadies a noisy monthly series; the first periods pool
        fewer. ``n`` is then the pooled count.
    weights, scale, thresholds, confidence, method
        As in :func:`nps_by`.
    min_n : int
        Periods with fewer valid scores are flagged ``low_n``.

    Returns
    -------
    pandas.DataFrame
        One row per (group and) period from the first to the last period in the
        data: the ``by`` columns, ``period``, then the columns of :func:`nps_by`
        and ``partial``: True for a period that the data's first or last date
        cuts (the first period when the earliest date, over the whole data, is
        after its start; the last when the latest date is before its end). A
        partial period's NPS comes from part of the period only: do not compare
        it with full periods (:func:`nps_toolkit.score.changes.nps_changes` leaves
        such changes untested). Periods without responses have n = 0 and NaN
        estimates.

    Examples
    --------
    >>> df = pd.DataFrame({"score": [10, 3, 9, 9],
    ...                    "date": pd.to_datetime(["2024-01-05", "2024-01-20", "2024-03-02", "2024-03-09"])})
    >>> nps_trend(df, score="score", date="date", min_n=1)[["period", "n", "nps"]]
          period  n    nps
    0 2024-01-01  2    0.0
    1 2024-02-01  0    NaN
    2 2024-03-01  2  100.0
    """
    # Counts per period and the data's first and last day (which flag the partial
    # periods): pandas frames by period codes from the dates' integer values,
    # backend sources per day where they live, then summed into periods.
    keys = as_list(by)
    counts, partial, _ = period_counts(
        data, score=score, by=keys, weights=weights, scale=scale, thresholds=thresholds,
        date=date, freq=freq,
    )  # fmt: skip
    if rolling:
        counts = _roll(counts, keys, rolling, weighted=weights is not None)
    out = estimates_from_counts(counts, confidence=confidence, method=method)
    out["low_n"] = out["n"] < min_n
    out["partial"] = partial
    return out


def _roll(counts: pd.DataFrame, keys: list, rolling, *, weighted: bool) -> pd.DataFrame:
    """Counts pooled over the last ``rolling`` periods (current included), per group."""
    if int(rolling) < 1:
        raise ValueError(f"rolling must be a positive number of periods; got {rolling!r}.")
    value_cols = [c for c in counts.columns if c not in (*keys, "period")]
    rolled = (
        counts.groupby(keys, sort=False, dropna=False)[value_cols]
        .rolling(int(rolling), min_periods=1)
        .sum()
        if keys
        else counts[value_cols].rolling(int(rolling), min_periods=1).sum()
    )
    counts[value_cols] = rolled.to_numpy()
    for col in ("n", "detractors", "passives", "promoters"):
        if not weighted or col == "n":
            counts[col] = counts[col].round().astype("int64")
    return counts
