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
from math import factorial

import numpy as np
import pandas as pd
from scipy import stats

from nps_toolkit._validation import require_columns

__all__ = ["driver_priority", "key_drivers", "relative_weights", "shapley_r2"]

_MAX_SHAPLEY = 12
_WEIGHT_CELLS = 4_000_000  # bootstrap weights held at once: resamples x distinct rows


def _corr_parts(Z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Batched correlation matrix of drivers and their correlations with the score.

    ``Z`` is (B, n, p + 1) with the score in the last column.
    """
    Zc = Z - Z.mean(axis=1, keepdims=True)
    cov = np.einsum("bni,bnj->bij", Zc, Zc)
    sd = np.sqrt(np.einsum("bii->bi", cov))
    corr = cov / (sd[:, :, None] * sd[:, None, :])
    return corr[:, :-1, :-1], corr[:, :-1, -1]


def _corr_from_moments(s1: np.ndarray, s2: np.ndarray, total) -> tuple[np.ndarray, np.ndarray]:
    """Correlation parts from weighted sums ``s1`` (B, q) and cross-products ``s2`` (B, q, q)."""
    total = np.asarray(total, dtype="float64").reshape(-1, 1)
    mean = s1 / total
    cov = s2 / total[:, :, None] - mean[:, :, None] * mean[:, None, :]
    sd = np.sqrt(np.clip(np.einsum("bii->bi", cov), 0, None))
    with np.errstate(divide="ignore", invalid="ignore"):
        corr = cov / (sd[:, :, None] * sd[:, None, :])
    return corr[:, :-1, :-1], corr[:, :-1, -1]


def _distinct_rows(Z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct rows of ``Z`` and how many times each occurs (hash grouping, not a sort)."""
    counts = pd.DataFrame(Z).value_counts(sort=False, dropna=False)
    index = counts.index
    rows = np.column_stack([index.get_level_values(i) for i in range(Z.shape[1])])
    return rows.astype("float64"), counts.to_numpy(dtype="int64")


def _bootstrap_corr_parts(
    Z: np.ndarray, n_boot: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Correlation parts of ``n_boot`` bootstrap resamples of the rows of ``Z``.

    Resampling ``n`` respondents with replacement draws each distinct row a
    multinomial number of times (``n`` trials, probabilities = the rows'
    shares), so the resample's moments are weighted sums over the distinct
    rows. With few distinct rows (ratings) the counts are drawn with
    ``Generator.multinomial`` (cost per resample: the distinct rows); with
    nearly as many distinct rows as respondents (continuous drivers), from
    ``n`` resampled row numbers (cost per resample: ``n``). Both are exactly
    the multinomial distribution of resampling respondents. Rows are centred
    on the full-sample mean first (no cancellation in ``E[x²] - E[x]²``).
    """
    n = len(Z)
    rows, counts = _distinct_rows(Z)
    few = 4 * len(rows) < n  # measured: multinomial ~50 ns per row, resampling ~10 ns
    if not few:
        rows, counts = Z, None
    rows = rows - Z.mean(axis=0)
    k, q = rows.shape
    cross = (rows[:, :, None] * rows[:, None, :]).reshape(k, q * q)
    chunk = max(1, _WEIGHT_CELLS // k)
    parts_R, parts_r = [], []
    for start in range(0, n_boot, chunk):
        size = min(chunk, n_boot - start)
        if few:
            w = rng.multinomial(n, counts / n, size=size).astype("float64")
        else:
            w = np.stack([np.bincount(rng.integers(0, n, n), minlength=n) for _ in range(size)])
            w = w.astype("float64")
        R_b, r_b = _corr_from_moments(w @ rows, (w @ cross).reshape(size, q, q), n)
        parts_R.append(R_b)
        parts_r.append(r_b)
    return np.concatenate(parts_R), np.concatenate(parts_r)


def _beta_test(
    Rxx: np.ndarray, rxy: np.ndarray, n: int, confidence: float
) -> dict[str, np.ndarray]:
    """Standardised OLS coefficients with their t interval and p-value (classical SEs).

    ``beta = Rxx^-1 rxy``; ``se_j = sqrt((1 - R²) / (n - p - 1) * [Rxx^-1]_jj)``,
    the usual standard error of the coefficient rescaled by ``sd_x / sd_y``.
    """
    p = len(rxy)
    inv = np.linalg.inv(Rxx)
    beta = inv @ rxy
    r2 = float(rxy @ beta)
    df = n - p - 1
    se = np.sqrt(max(1 - r2, 0.0) / df * np.diag(inv))
    with np.errstate(divide="ignore", invalid="ignore"):
        t = beta / se
    t_crit = stats.t.ppf(0.5 + confidence / 2, df)
    return {
        "beta": beta,
        "beta_ci_low": beta - t_crit * se,
        "beta_ci_high": beta + t_crit * se,
        "p_val": 2 * stats.t.sf(np.abs(t), df),
    }


def _holm(p_val: np.ndarray) -> np.ndarray:
    """Holm's step-down adjusted p-values (statsmodels' ``multipletests`` runs a full
    garbage collection on every call, which dominates a small key-driver table)."""
    order = np.argsort(p_val, kind="stable")
    m = len(p_val)
    adjusted = np.minimum(1.0, np.maximum.accumulate(p_val[order] * np.arange(m, 0, -1)))
    out = np.empty(m)
    out[order] = adjusted
    return out


def _corr_parts_xy(X, y) -> tuple[np.ndarray, np.ndarray]:
    """:func:`_corr_parts` of one sample given as drivers ``X`` and score ``y``."""
    return _corr_parts(np.column_stack([np.asarray(X, float), np.asarray(y, float)])[None])


def _subset_r2(Rxx: np.ndarray, rxy: np.ndarray) -> np.ndarray:
    """R² of every subset of drivers (bitmask order), batched: (B, 2**p)."""
    B, p = rxy.shape
    out = np.zeros((B, 2**p))
    for mask in range(1, 2**p):
        idx = [j for j in range(p) if mask >> j & 1]
        R = Rxx[:, idx][:, :, idx]
        r = rxy[:, idx]
        out[:, mask] = np.einsum("bi,bi->b", r, np.linalg.solve(R, r[:, :, None])[:, :, 0])
    return out


def _shapley_from_subsets(r2: np.ndarray, p: int) -> np.ndarray:
    masks = np.arange(2**p)
    sizes = np.array([bin(m).count("1") for m in masks])
    phi = np.zeros((r2.shape[0], p))
    for j in range(p):
        without = masks[(masks >> j & 1) == 0]
        weights = np.array(
            [factorial(sizes[m]) * factorial(p - sizes[m] - 1) / factorial(p) for m in without]
        )
        phi[:, j] = (r2[:, without | (1 << j)] - r2[:, without]) @ weights
    return phi


def _relative_weights(Rxx: np.ndarray, rxy: np.ndarray) -> np.ndarray:
    vals, vecs = np.linalg.eigh(Rxx)
    vals = np.clip(vals, 0, None)
    lam = np.einsum("bij,bj,bkj->bik", vecs, np.sqrt(vals), vecs)  # R^(1/2)
    beta = np.linalg.solve(lam, rxy[:, :, None])[:, :, 0]
    return np.einsum("bjk,bk->bj", lam**2, beta**2)


def shapley_r2(X, y) -> np.ndarray:
    """Exact Shapley decomposition of the R² of ``y`` on the columns of ``X``.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(500, 3))
    >>> y = X @ [1.0, 0.5, 0.0] + rng.normal(size=500)
    >>> phi = shapley_r2(X, y)
    >>> [round(float(v), 2) for v in phi]
    [0.44, 0.1, 0.0]
    """
    Rxx, rxy = _corr_parts_xy(X, y)
    return _shapley_from_subsets(_subset_r2(Rxx, rxy), rxy.shape[1])[0]


def relative_weights(X, y) -> np.ndarray:
    """Johnson's (2000) relative weights of the columns of ``X`` for ``y`` (sum to R²).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(500, 3))
    >>> y = X @ [1.0, 0.5, 0.0] + rng.normal(size=500)
    >>> round(float(relative_weights(X, y).sum()), 3) == round(float(shapley_r2(X, y).sum()), 3)
    True
    """
    return _relative_weights(*_corr_parts_xy(X, y))[0]


def key_drivers(
    data: pd.DataFrame,
    *,
    score: str,
    drivers: Sequence[str],
    method: str = "both",
    n_boot: int = 500,
    confidence: float = 0.95,
    seed: int = 0,
) -> pd.DataFrame:
    """Correlation and relative importance of attribute ratings for the score.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent.
    score : str
        Recommend score column (numeric).
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
    confidence : float
        Interval level; also the family-wise level of ``significant``.
    seed : int
        Bootstrap seed.

    Returns
    -------
    pandas.DataFrame
        One row per driver, most important first: ``driver, n, mean_rating``
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
        to tell a driver from noise. ``attrs`` holds ``r2`` and
        ``n_excluded`` (rows with a missing score or driver, dropped
        listwise).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> d = pd.DataFrame(rng.integers(1, 6, size=(400, 3)), columns=["a", "b", "c"])
    >>> d["score"] = (2 * d.a + d.b + rng.normal(0, 1, 400)).round()
    >>> t = key_drivers(d, score="score", drivers=["a", "b", "c"], n_boot=0)
    >>> t[["driver", "significant"]]
      driver  significant
    0      a         True
    1      b         True
    2      c        False
    """
    drivers = [drivers] if isinstance(drivers, str) else list(drivers)
    if method not in ("both", "shapley", "relative_weights"):
        raise ValueError(f"method={method!r}: use 'both', 'shapley' or 'relative_weights'.")
    if len(drivers) < 1 or len(set(drivers)) != len(drivers) or score in drivers:
        raise ValueError(
            f"drivers={drivers!r} must be one or more distinct columns other than the score "
            f"{score!r}."
        )
    require_columns(data, [score, *drivers], "the data", skip_none=False)
    do_shapley = method in ("both", "shapley")
    if do_shapley and len(drivers) > _MAX_SHAPLEY:
        raise ValueError(
            f"Exact Shapley decomposition needs 2**p regressions; {len(drivers)} drivers is too "
            f"many (max {_MAX_SHAPLEY}). Fix: method='relative_weights'."
        )
    values = {}
    for col in [score, *drivers]:
        raw = data[col]
        num = pd.to_numeric(raw, errors="coerce")
        bad = num.isna() & raw.notna()
        if bad.any():
            raise ValueError(
                f"Column {col!r}: {int(bad.sum())} non-numeric value(s), e.g. "
                f"{raw[bad].head(5).tolist()} (rows {list(raw.index[bad][:5])}). Fix: recode "
                "the ratings as numbers."
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
    Z = frame[[*drivers, score]].to_numpy()
    Rxx, rxy = _corr_parts(Z[None])
    if np.linalg.matrix_rank(Rxx[0]) < len(drivers):
        raise ValueError(
            f"Drivers {drivers} are perfectly collinear on the {n} complete rows. "
            "Fix: drop a redundant rating."
        )
    p = len(drivers)
    z = stats.norm.ppf(0.5 + confidence / 2)
    r = rxy[0]
    fz = np.arctanh(np.clip(r, -0.999999, 0.999999))
    table = pd.DataFrame(
        {
            "driver": drivers,
            "n": n,
            "mean_rating": Z[:, :-1].mean(axis=0),
            "correlation": r,
            "corr_ci_low": np.tanh(fz - z / np.sqrt(n - 3)),
            "corr_ci_high": np.tanh(fz + z / np.sqrt(n - 3)),
        }
    )
    boot_Rxx = boot_rxy = None
    if n_boot:
        boot_Rxx, boot_rxy = _bootstrap_corr_parts(Z, n_boot, np.random.default_rng(seed))
        ok = np.isfinite(boot_Rxx).all(axis=(1, 2)) & np.isfinite(boot_rxy).all(axis=1)
        ok[ok] = np.linalg.matrix_rank(boot_Rxx[ok]) == p
        boot_Rxx, boot_rxy = boot_Rxx[ok], boot_rxy[ok]
    alpha = 1 - confidence
    r2_all = None
    if do_shapley:
        r2_subsets = _subset_r2(Rxx, rxy)  # all 2**p regressions, once
        r2_all = r2_subsets[0, -1]
        phi = _shapley_from_subsets(r2_subsets, p)[0]
        table["shapley"] = phi
        if boot_Rxx is not None:
            phib = _shapley_from_subsets(_subset_r2(boot_Rxx, boot_rxy), p)
            table["shapley_ci_low"] = np.quantile(phib, alpha / 2, axis=0)
            table["shapley_ci_high"] = np.quantile(phib, 1 - alpha / 2, axis=0)
        table["shapley_pct"] = 100 * phi / phi.sum()
    if method in ("both", "relative_weights"):
        rw = _relative_weights(Rxx, rxy)[0]
        table["relative_weight"] = rw
        if boot_Rxx is not None:
            rwb = _relative_weights(boot_Rxx, boot_rxy)
            table["rw_ci_low"] = np.quantile(rwb, alpha / 2, axis=0)
            table["rw_ci_high"] = np.quantile(rwb, 1 - alpha / 2, axis=0)
        table["rw_pct"] = 100 * rw / rw.sum()
        if r2_all is None:
            r2_all = float(rw.sum())
    for col, values in _beta_test(Rxx[0], r, n, confidence).items():
        table[col] = values
    table["p_adj"] = _holm(table["p_val"].to_numpy())
    table["significant"] = table["p_adj"] < alpha
    key = "shapley" if do_shapley else "relative_weight"
    table = table.sort_values(key, ascending=False, kind="stable").reset_index(drop=True)
    table["rank"] = np.arange(1, p + 1)
    table.attrs["r2"] = float(r2_all)
    table.attrs["n_excluded"] = n_excluded
    return table


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
) -> pd.DataFrame:
    """Importance x performance of each driver: where to act first.

    An importance-performance analysis (Martilla & James 1977): each driver's
    share of the explained variance (importance) against its mean rating
    (performance), split at the average importance (an equal share, ``100 /
    p`` percent) and at the average of the drivers' mean ratings into four
    quadrants. Ratings should share one scale for their means to compare.

    Parameters
    ----------
    result : pandas.DataFrame, optional
        A :func:`key_drivers` table. If omitted, it is computed from ``data``.
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
    pandas.DataFrame
        One row per driver, most important first: ``driver, importance``
        (percent of R²), ``performance`` (mean rating), ``significant`` (the driver adds to the
        others, from :func:`key_drivers`), ``high_importance,
        high_performance`` and ``quadrant``: ``"concentrate here"`` (important,
        low rating), ``"keep up the good work"`` (important, high rating),
        ``"low priority"`` (less important, low rating) or ``"possible
        overkill"`` (less important, high rating). A driver that is not
        ``significant`` may owe its share to correlated drivers: read its
        quadrant with care. ``attrs`` holds ``importance_split``,
        ``performance_split`` and ``r2``.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> d = pd.DataFrame(rng.integers(1, 6, size=(400, 3)), columns=["a", "b", "c"])
    >>> d["a"] = np.minimum(d["a"], 3)  # an important driver rated low
    >>> d["score"] = (2 * d.a + d.b + rng.normal(0, 1, 400)).round()
    >>> t = driver_priority(data=d, score="score", drivers=["a", "b", "c"], n_boot=0)
    >>> t[["driver", "quadrant"]]
      driver               quadrant
    0      a       concentrate here
    1      b  keep up the good work
    2      c      possible overkill
    """
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
    columns = {"shapley": "shapley", "relative_weights": "rw"}
    if importance is None:
        importance = "shapley" if "shapley_pct" in result.columns else "relative_weights"
    if importance not in columns:
        raise ValueError(f"importance={importance!r}: use 'shapley' or 'relative_weights'.")
    prefix = columns[importance]
    value = "shapley" if importance == "shapley" else "relative_weight"
    needed = ["driver", "mean_rating", "significant", f"{prefix}_pct", value]
    missing = [c for c in needed if c not in result.columns]
    if missing:
        raise ValueError(
            f"result= lacks column(s) {missing} (has {list(result.columns)}). Fix: pass the "
            f"table key_drivers returns, computed with method='both' or '{importance}'."
        )
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
    out.attrs["importance_split"] = importance_split
    out.attrs["performance_split"] = performance_split
    out.attrs["r2"] = result.attrs.get("r2", float(total))
    return out
