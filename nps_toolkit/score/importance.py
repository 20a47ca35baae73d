"""The arithmetic of key-driver importance, batched over bootstrap resamples.

Correlation parts (``Rxx`` the drivers' correlation matrix, ``rxy`` their
correlations with the score) of one sample or of ``B`` resamples at once; the
R² of every subset of drivers and the Shapley shares from them; Johnson's
relative weights; the standardised coefficients' t test; Holm's adjustment.
The methods and their references are in :mod:`nps_toolkit.score.drivers`.
"""

from __future__ import annotations

from math import factorial

import numpy as np
import pandas as pd
from scipy import stats

# Holm's adjustment is the shared test core's; importing it from here keeps working.
from nps_toolkit.score.difference import holm

__all__ = [
    "beta_test",
    "bootstrap_corr_parts",
    "corr_from_moments",
    "corr_parts",
    "corr_parts_xy",
    "distinct_rows",
    "holm",
    "relative_weights",
    "relative_weights_from_corr",
    "shapley_from_subsets",
    "shapley_r2",
    "subset_r2",
]

#: Bootstrap weights held at once: resamples x distinct rows.
WEIGHT_CELLS = 4_000_000


def corr_parts(Z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Batched correlation matrix of drivers and their correlations with the score.

    ``Z`` is (B, n, p + 1) with the score in the last column.
    """
    Zc = Z - Z.mean(axis=1, keepdims=True)
    cov = np.einsum("bni,bnj->bij", Zc, Zc)
    sd = np.sqrt(np.einsum("bii->bi", cov))
    corr = cov / (sd[:, :, None] * sd[:, None, :])
    return corr[:, :-1, :-1], corr[:, :-1, -1]


def corr_from_moments(s1: np.ndarray, s2: np.ndarray, total) -> tuple[np.ndarray, np.ndarray]:
    """Correlation parts from weighted sums ``s1`` (B, q) and cross-products ``s2`` (B, q, q)."""
    total = np.asarray(total, dtype="float64").reshape(-1, 1)
    mean = s1 / total
    cov = s2 / total[:, :, None] - mean[:, :, None] * mean[:, None, :]
    sd = np.sqrt(np.clip(np.einsum("bii->bi", cov), 0, None))
    with np.errstate(divide="ignore", invalid="ignore"):
        corr = cov / (sd[:, :, None] * sd[:, None, :])
    return corr[:, :-1, :-1], corr[:, :-1, -1]


def distinct_rows(Z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct rows of ``Z`` and how many times each occurs (hash grouping, not a sort)."""
    counts = pd.DataFrame(Z).value_counts(sort=False, dropna=False)
    index = counts.index
    rows = np.column_stack([index.get_level_values(i) for i in range(Z.shape[1])])
    return rows.astype("float64"), counts.to_numpy(dtype="int64")


def bootstrap_corr_parts(
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
    rows, counts = distinct_rows(Z)
    few = 4 * len(rows) < n  # measured: multinomial ~50 ns per row, resampling ~10 ns
    if not few:
        rows, counts = Z, None
    rows = rows - Z.mean(axis=0)
    k, q = rows.shape
    cross = (rows[:, :, None] * rows[:, None, :]).reshape(k, q * q)
    chunk = max(1, WEIGHT_CELLS // k)
    parts_R, parts_r = [], []
    for start in range(0, n_boot, chunk):
        size = min(chunk, n_boot - start)
        if few:
            w = rng.multinomial(n, counts / n, size=size).astype("float64")
        else:
            w = np.stack([np.bincount(rng.integers(0, n, n), minlength=n) for _ in range(size)])
            w = w.astype("float64")
        R_b, r_b = corr_from_moments(w @ rows, (w @ cross).reshape(size, q, q), n)
        parts_R.append(R_b)
        parts_r.append(r_b)
    return np.concatenate(parts_R), np.concatenate(parts_r)


def beta_test(Rxx: np.ndarray, rxy: np.ndarray, n: int, confidence: float) -> dict[str, np.ndarray]:
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


def corr_parts_xy(X, y) -> tuple[np.ndarray, np.ndarray]:
    """:func:`corr_parts` of one sample given as drivers ``X`` and score ``y``."""
    return corr_parts(np.column_stack([np.asarray(X, float), np.asarray(y, float)])[None])


def subset_r2(Rxx: np.ndarray, rxy: np.ndarray) -> np.ndarray:
    """R² of every subset of drivers (bitmask order), batched: (B, 2**p)."""
    B, p = rxy.shape
    out = np.zeros((B, 2**p))
    for mask in range(1, 2**p):
        idx = [j for j in range(p) if mask >> j & 1]
        R = Rxx[:, idx][:, :, idx]
        r = rxy[:, idx]
        out[:, mask] = np.einsum("bi,bi->b", r, np.linalg.solve(R, r[:, :, None])[:, :, 0])
    return out


def shapley_from_subsets(r2: np.ndarray, p: int) -> np.ndarray:
    """Shapley shares of R² (B, p) from the R² of every subset (B, 2**p, bitmask order)."""
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


def relative_weights_from_corr(Rxx: np.ndarray, rxy: np.ndarray) -> np.ndarray:
    """Johnson's relative weights from batched correlation parts: (B, p)."""
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
    Rxx, rxy = corr_parts_xy(X, y)
    return shapley_from_subsets(subset_r2(Rxx, rxy), rxy.shape[1])[0]


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
    return relative_weights_from_corr(*corr_parts_xy(X, y))[0]
