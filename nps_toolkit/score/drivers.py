"""Key-driver analysis: which attribute ratings move the recommend score?

For surveys that also rate attributes (delivery, price, support...),
:func:`key_drivers` reports for each attribute its correlation with the score
and its share of the explained variance R² of a linear regression, by two
methods that handle correlated attributes (plain regression weights do not):

* **Shapley decomposition of R²** (Lindeman, Merenda & Gold 1980; Lipovetsky &
  Conklin 2001): each driver's average gain in R² over all orders of entry.
  Exact (all 2**p subsets), so limited to ``p <= 12`` drivers.
* **Johnson's relative weights** (Johnson 2000): R² split through the
  orthogonal counterpart of the drivers; close to Shapley, and fast for many
  drivers.

Both sum to the model's R². Intervals are percentile bootstrap intervals
(respondents resampled, seeded). The bootstrap runs on the *distinct* rows of
ratings with multinomial weights (how many times each distinct row is drawn
when ``n`` respondents are resampled): the same distribution as resampling
respondents, in memory that grows with the number of distinct rows, not with
``n`` times the number of resamples (ratings on 1-5 scales have a few
thousand distinct rows whatever ``n``).

**Is a driver noise?** Shapley shares and relative weights are never negative
(adding a driver never lowers R²; relative weights are sums of squares), so
their percentile intervals cannot cover 0 and cannot say that a driver is
noise: a driver unrelated to the score still gets a small positive share in
every resample. Each driver is therefore also tested through its
**standardised regression coefficient** (``beta``, the coefficient of the
z-scored driver in the regression of the z-scored score on all drivers): its
t interval and p-value (ordinary least squares, ``n - p - 1`` degrees of
freedom) cover 0 / are non-significant at the nominal rate when the driver
adds nothing to the others. A driver that only echoes a correlated driver gets
a positive share but a non-significant ``beta``: its share is borrowed.

:func:`driver_priority` crosses importance with performance (the mean rating)
into the four quadrants of an importance-performance analysis (Martilla &
James 1977); :func:`nps_toolkit.plots.drivers.plot_driver_priority` draws it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats

from nps_toolkit._docstrings import share_docs
from nps_toolkit._results import NamedResult
from nps_toolkit._validation import as_list, bad_values_text, require_columns
from nps_toolkit.score.difference import holm
from nps_toolkit.score.driver_results import DriverPriority, KeyDrivers
from nps_toolkit.score.importance import (
    beta_test,
    bootstrap_corr_parts,
    corr_parts,
    relative_weights,
    relative_weights_from_corr,
    shapley_from_subsets,
    shapley_r2,
    subset_r2,
)

# Moved to nps_toolkit.score.importance (public names there); kept importable here
# for benchmarks/bench_models.py.
from nps_toolkit.score.importance import corr_parts as _corr_parts  # noqa: F401
from nps_toolkit.score.importance import relative_weights_from_corr as _relative_weights  # noqa: F401
from nps_toolkit.score.importance import shapley_from_subsets as _shapley_from_subsets  # noqa: F401
from nps_toolkit.score.importance import subset_r2 as _subset_r2  # noqa: F401

__all__ = ["driver_priority", "key_drivers", "relative_weights", "shapley_r2"]

_MAX_SHAPLEY = 12


@share_docs
def key_drivers(
    data: pd.DataFrame,
    *,
    score: str,
    drivers: Sequence[str],
    method: str = "both",
    n_boot: int = 500,
    confidence: float = 0.95,
    seed: int = 0,
) -> KeyDrivers:
    """Correlation and relative importance of attribute ratings for the score.

    Parameters
    ----------
    {params.data}
    {params.score}
    drivers : list of str
        Attribute rating columns (numeric), e.g. ``["rating_delivery",
        "rating_price"]``.
    method : {"both", "shapley", "relative_weights"}
        Importance measure(s). Shapley needs ``len(drivers) <= 12``.
    n_boot : int
        Bootstrap resamples for the intervals of the Shapley shares and
        relative weights (0: no such intervals). The bootstrap weights the
        distinct rows (multinomial counts), so its memory does not grow with
        the number of respondents.
    {params.confidence}
    {params.seed}

    Returns
    -------
    KeyDrivers
        ``table``: one row per driver, most important first: ``driver, n, mean_rating``
        (mean of the driver on the rows used: its performance), then
        ``correlation, corr_ci_low, corr_ci_high`` (Pearson, Fisher-z
        interval), then for Shapley ``shapley, shapley_ci_low,
        shapley_ci_high, shapley_pct`` (share of R² in percent) and for
        relative weights ``relative_weight, rw_ci_low, rw_ci_high, rw_pct``,
        then ``beta, beta_ci_low, beta_ci_high, p_val`` (standardised
        regression coefficient of the driver given all the others, its t
        interval and two-sided p-value: ``p_val < 1 - confidence`` exactly
        when the interval excludes 0), ``p_adj`` (Holm across the drivers),
        ``significant`` (``p_adj < 1 - confidence``: the driver adds to what
        the others explain) and ``rank``. Shares are never negative, so their
        intervals never cover 0; use ``significant`` / the ``beta`` interval
        to tell a driver from noise. ``r2`` (of all the drivers together) and
        ``n_excluded`` (rows with a missing score or driver, dropped
        listwise) are fields of the result.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> d = pd.DataFrame(rng.integers(1, 6, size=(400, 3)), columns=["a", "b", "c"])
    >>> d["score"] = (2 * d.a + d.b + rng.normal(0, 1, 400)).round()
    >>> t = key_drivers(d, score="score", drivers=["a", "b", "c"], n_boot=0)
    >>> t.table[["driver", "significant"]]
      driver  significant
    0      a         True
    1      b         True
    2      c        False
    """
    drivers = _check_args(data, score, drivers, method)
    do_shapley = method in ("both", "shapley")
    frame, n_excluded = _complete_rows(data, score, drivers)
    n = len(frame)
    Z = frame[[*drivers, score]].to_numpy()
    Rxx, rxy = corr_parts(Z[None])
    if np.linalg.matrix_rank(Rxx[0]) < len(drivers):
        raise ValueError(
            f"Drivers {drivers} are perfectly collinear on the {n} complete rows. "
            "Fix: drop a redundant rating."
        )
    p, r = len(drivers), rxy[0]
    table = _correlations(drivers, Z, r, confidence)
    r2_all = _add_importance(
        table, Z, Rxx, rxy, method=method, n_boot=n_boot, confidence=confidence, seed=seed
    )
    alpha = 1 - confidence
    for col, values in beta_test(Rxx[0], r, n, confidence).items():
        table[col] = values
    table["p_adj"] = holm(table["p_val"].to_numpy())
    table["significant"] = table["p_adj"] < alpha
    key = "shapley" if do_shapley else "relative_weight"
    table = table.sort_values(key, ascending=False, kind="stable").reset_index(drop=True)
    table["rank"] = np.arange(1, p + 1)
    return KeyDrivers(table=table, r2=float(r2_all), n_excluded=n_excluded)


def _check_args(data, score: str, drivers, method: str) -> list:
    """The drivers as a list, after checking them, the method and the columns."""
    drivers = as_list(drivers)
    if method not in ("both", "shapley", "relative_weights"):
        raise ValueError(f"method={method!r}: use 'both', 'shapley' or 'relative_weights'.")
    if len(drivers) < 1 or len(set(drivers)) != len(drivers) or score in drivers:
        raise ValueError(
            f"drivers={drivers!r} must be one or more distinct columns other than the score "
            f"{score!r}."
        )
    require_columns(data, [score, *drivers], "the data", skip_none=False)
    if method in ("both", "shapley") and len(drivers) > _MAX_SHAPLEY:
        raise ValueError(
            f"Exact Shapley decomposition needs 2**p regressions; {len(drivers)} drivers is too "
            f"many (max {_MAX_SHAPLEY}). Fix: method='relative_weights'."
        )
    return drivers


def _correlations(drivers: list, Z: np.ndarray, r: np.ndarray, confidence: float) -> pd.DataFrame:
    """Each driver's n, mean rating and Pearson correlation with its Fisher-z interval."""
    n = len(Z)
    z = stats.norm.ppf(0.5 + confidence / 2)
    fz = np.arctanh(np.clip(r, -0.999999, 0.999999))
    return pd.DataFrame(
        {
            "driver": drivers,
            "n": n,
            "mean_rating": Z[:, :-1].mean(axis=0),
            "correlation": r,
            "corr_ci_low": np.tanh(fz - z / np.sqrt(n - 3)),
            "corr_ci_high": np.tanh(fz + z / np.sqrt(n - 3)),
        }
    )


def _complete_rows(data: pd.DataFrame, score: str, drivers: list) -> tuple[pd.DataFrame, dict]:
    """Numeric score and drivers on the complete rows, and what was dropped (listwise)."""
    values = {}
    for col in [score, *drivers]:
        raw = data[col]
        num = pd.to_numeric(raw, errors="coerce")
        bad = num.isna() & raw.notna()
        if bad.any():
            raise ValueError(
                f"Column {col!r}: {int(bad.sum())} non-numeric value(s), "
                f"{bad_values_text(raw, bad)}. Fix: recode the ratings as numbers."
            )
        values[col] = num.astype("float64")
    frame = pd.DataFrame(values)
    complete = frame.notna().all(axis=1)
    n_excluded = {f"missing {c}": int(frame[c].isna().sum()) for c in frame.columns}
    n_excluded["rows dropped (listwise)"] = int((~complete).sum())
    frame = frame.loc[complete]
    n = len(frame)
    if n < len(drivers) + 3:
        raise ValueError(
            f"Only {n} complete rows for {len(drivers)} drivers. Fix: fewer drivers or more data."
        )
    constant = [c for c in frame.columns if frame[c].nunique() < 2]
    if constant:
        raise ValueError(
            f"Column(s) {constant} are constant on the {n} complete rows, so they cannot be "
            "related to anything. Fix: drop them from drivers."
        )
    return frame, n_excluded


def _add_importance(table, Z, Rxx, rxy, *, method, n_boot, confidence, seed) -> float:
    """Add the Shapley and/or relative-weight columns (bootstrap intervals); return R²."""
    p = rxy.shape[1]
    do_shapley = method in ("both", "shapley")
    boot_Rxx = boot_rxy = None
    if n_boot:
        boot_Rxx, boot_rxy = bootstrap_corr_parts(Z, n_boot, np.random.default_rng(seed))
        ok = np.isfinite(boot_Rxx).all(axis=(1, 2)) & np.isfinite(boot_rxy).all(axis=1)
        ok[ok] = np.linalg.matrix_rank(boot_Rxx[ok]) == p
        boot_Rxx, boot_rxy = boot_Rxx[ok], boot_rxy[ok]
    alpha = 1 - confidence
    r2_all = None
    if do_shapley:
        r2_subsets = subset_r2(Rxx, rxy)  # all 2**p regressions, once
        r2_all = r2_subsets[0, -1]
        phi = shapley_from_subsets(r2_subsets, p)[0]
        table["shapley"] = phi
        if boot_Rxx is not None:
            phib = shapley_from_subsets(subset_r2(boot_Rxx, boot_rxy), p)
            table["shapley_ci_low"] = np.quantile(phib, alpha / 2, axis=0)
            table["shapley_ci_high"] = np.quantile(phib, 1 - alpha / 2, axis=0)
        table["shapley_pct"] = 100 * phi / phi.sum()
    if method in ("both", "relative_weights"):
        rw = relative_weights_from_corr(Rxx, rxy)[0]
        table["relative_weight"] = rw
        if boot_Rxx is not None:
            rwb = relative_weights_from_corr(boot_Rxx, boot_rxy)
            table["rw_ci_low"] = np.quantile(rwb, alpha / 2, axis=0)
            table["rw_ci_high"] = np.quantile(rwb, 1 - alpha / 2, axis=0)
        table["rw_pct"] = 100 * rw / rw.sum()
        if r2_all is None:
            r2_all = float(rw.sum())
    return r2_all


_QUADRANTS = {
    (True, False): "concentrate here",
    (True, True): "keep up the good work",
    (False, False): "low priority",
    (False, True): "possible overkill",
}


def driver_priority(
    result: pd.DataFrame | None = None,
    *,
    data: pd.DataFrame | None = None,
    score: str | None = None,
    drivers: Sequence[str] | None = None,
    importance: str | None = None,
    **options,
) -> DriverPriority:
    """Importance x performance of each driver: where to act first.

    An importance-performance analysis (Martilla & James 1977): each driver's
    share of the explained variance (importance) against its mean rating
    (performance), split at the average importance (an equal share, ``100 /
    p`` percent) and at the average of the drivers' mean ratings into four
    quadrants. Ratings should share one scale for their means to compare.

    Parameters
    ----------
    result : KeyDrivers or pandas.DataFrame, optional
        A :func:`key_drivers` result (or its table). If omitted, it is computed
        from ``data``.
    data : pandas.DataFrame, optional
        Respondent-level data, passed to :func:`key_drivers` with ``score``,
        ``drivers`` and ``**options`` (``method``, ``n_boot``, ``confidence``,
        ``seed``).
    score, drivers : str, list of str
        As in :func:`key_drivers` (only with ``data``).
    importance : {"shapley", "relative_weights"}, optional
        Importance measure; default Shapley when the table has it.

    Returns
    -------
    DriverPriority
        ``table``: one row per driver, most important first: ``driver, importance``
        (percent of R²), ``performance`` (mean rating), ``significant`` (the driver adds to the
        others, from :func:`key_drivers`), ``high_importance,
        high_performance`` and ``quadrant``: ``"concentrate here"`` (important,
        low rating), ``"keep up the good work"`` (important, high rating),
        ``"low priority"`` (less important, low rating) or ``"possible
        overkill"`` (less important, high rating). A driver that is not
        ``significant`` may owe its share to correlated drivers: read its
        quadrant with care. ``importance_split``, ``performance_split`` and
        ``r2`` are fields of the result.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> d = pd.DataFrame(rng.integers(1, 6, size=(400, 3)), columns=["a", "b", "c"])
    >>> d["a"] = np.minimum(d["a"], 3)  # an important driver rated low
    >>> d["score"] = (2 * d.a + d.b + rng.normal(0, 1, 400)).round()
    >>> t = driver_priority(data=d, score="score", drivers=["a", "b", "c"], n_boot=0)
    >>> t.table[["driver", "quadrant"]]
      driver               quadrant
    0      a       concentrate here
    1      b  keep up the good work
    2      c      possible overkill
    """
    result, prefix, value = _priority_input(result, data, score, drivers, importance, options)
    r2 = result.r2 if isinstance(result, KeyDrivers) else None
    result = result.table if isinstance(result, KeyDrivers) else result
    pct = result[f"{prefix}_pct"].to_numpy(dtype="float64")
    total = result[value].sum()
    out = pd.DataFrame({"driver": result["driver"], "importance": pct})
    out["performance"] = result["mean_rating"].to_numpy(dtype="float64")
    out["significant"] = result["significant"].to_numpy(dtype=bool)
    importance_split = 100 / len(out)
    performance_split = float(out["performance"].mean())
    out["high_importance"] = out["importance"] > importance_split
    out["high_performance"] = out["performance"] > performance_split
    out["quadrant"] = [
        _QUADRANTS[(hi, hp)]
        for hi, hp in zip(out["high_importance"], out["high_performance"], strict=True)
    ]
    out = out.sort_values("importance", ascending=False, kind="stable").reset_index(drop=True)
    return DriverPriority(
        table=out,
        importance_split=importance_split,
        performance_split=performance_split,
        r2=float(total) if r2 is None else r2,
    )


def _priority_input(result, data, score, drivers, importance, options):
    """The key_drivers table (computed from ``data`` if needed), its importance columns."""
    if result is None:
        if data is None or score is None or drivers is None:
            raise ValueError(
                "Pass a key_drivers table as result=, or data= with score= and drivers= to "
                "compute it."
            )
        result = key_drivers(data, score=score, drivers=drivers, **options)
    elif data is not None or options:
        raise ValueError(
            "Pass either result= (a key_drivers table) or data= with its options, not both."
        )
    if isinstance(result, NamedResult) and not isinstance(result, KeyDrivers):
        raise ValueError(f"result= is a {type(result).__name__}; pass the result of key_drivers.")
    table = result.table if isinstance(result, KeyDrivers) else result
    columns = {"shapley": "shapley", "relative_weights": "rw"}
    if importance is None:
        importance = "shapley" if "shapley_pct" in table.columns else "relative_weights"
    if importance not in columns:
        raise ValueError(f"importance={importance!r}: use 'shapley' or 'relative_weights'.")
    prefix = columns[importance]
    value = "shapley" if importance == "shapley" else "relative_weight"
    needed = ["driver", "mean_rating", "significant", f"{prefix}_pct", value]
    missing = [c for c in needed if c not in table.columns]
    if missing:
        raise ValueError(
            f"result= lacks column(s) {missing} (has {list(table.columns)}). Fix: pass the "
            f"table key_drivers returns, computed with method='both' or '{importance}'."
        )
    return result, prefix, value
