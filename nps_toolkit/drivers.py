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
(respondents resampled, seeded).
"""

from __future__ import annotations

from collections.abc import Sequence
from math import factorial

import numpy as np
import pandas as pd
from scipy import stats

from nps_toolkit._checks import require_columns

__all__ = ["key_drivers", "relative_weights", "shapley_r2"]

_MAX_SHAPLEY = 12


def _corr_parts(Z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Batched correlation matrix of drivers and their correlations with the score.

    ``Z`` is (B, n, p + 1) with the score in the last column.
    """
    Zc = Z - Z.mean(axis=1, keepdims=True)
    cov = np.einsum("bni,bnj->bij", Zc, Zc)
    sd = np.sqrt(np.einsum("bii->bi", cov))
    corr = cov / (sd[:, :, None] * sd[:, None, :])
    return corr[:, :-1, :-1], corr[:, :-1, -1]


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
        Bootstrap resamples for the intervals (0: no intervals).
    confidence : float
        Interval level.
    seed : int
        Bootstrap seed.

    Returns
    -------
    pandas.DataFrame
        One row per driver, most important first: ``driver, n, correlation,
        corr_ci_low, corr_ci_high`` (Pearson, Fisher-z interval), then for
        Shapley ``shapley, shapley_ci_low, shapley_ci_high, shapley_pct``
        (share of R² in percent) and for relative weights ``relative_weight,
        rw_ci_low, rw_ci_high, rw_pct``, and ``rank``. ``attrs`` holds ``r2``
        and ``n_excluded`` (rows with a missing score or driver, dropped
        listwise).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> d = pd.DataFrame(rng.integers(1, 6, size=(400, 3)), columns=["a", "b", "c"])
    >>> d["score"] = (2 * d.a + d.b + rng.normal(0, 1, 400)).round()
    >>> key_drivers(d, score="score", drivers=["a", "b", "c"], n_boot=0)["driver"].tolist()
    ['a', 'b', 'c']
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
            "correlation": r,
            "corr_ci_low": np.tanh(fz - z / np.sqrt(n - 3)),
            "corr_ci_high": np.tanh(fz + z / np.sqrt(n - 3)),
        }
    )
    boot_Rxx = boot_rxy = None
    if n_boot:
        rng = np.random.default_rng(seed)
        chunks_R, chunks_r = [], []
        for start in range(0, n_boot, 100):
            size = min(100, n_boot - start)
            idx = rng.integers(0, n, size=(size, n))
            R_b, r_b = _corr_parts(Z[idx])
            chunks_R.append(R_b)
            chunks_r.append(r_b)
        boot_Rxx, boot_rxy = np.concatenate(chunks_R), np.concatenate(chunks_r)
        ok = np.isfinite(boot_Rxx).all(axis=(1, 2)) & (np.linalg.matrix_rank(boot_Rxx) == p)
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
    key = "shapley" if do_shapley else "relative_weight"
    table = table.sort_values(key, ascending=False, kind="stable").reset_index(drop=True)
    table["rank"] = np.arange(1, p + 1)
    table.attrs["r2"] = float(r2_all)
    table.attrs["n_excluded"] = n_excluded
    return table
