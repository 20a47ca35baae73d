"""The two-sample and one-sample NPS difference tests every test function shares.

The statistics (one method, the minimum sizes, weights) are described in
:mod:`nps_toolkit.score.significance`. Each function here works on *sides*:
dicts of float arrays (``n``, ``detractors``, ``passives``, ``promoters`` and,
weighted, ``w2_*``) with one element per comparison, so a whole table of
comparisons is tested in one vectorised call. :func:`stratified_difference`
combines per-stratum differences (e.g. the periods of an experiment) into one.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats as sps

from nps_toolkit.score.stats import adjusted_shares, z_value
from nps_toolkit.score.variance import linearized_variance, nps_variance

__all__ = [
    "MIN_N",
    "MIN_N_ONE_SAMPLE",
    "TEST_METHODS",
    "adjust_p",
    "benchmark_test",
    "check_test_args",
    "counts_side",
    "diff_test",
    "finish_tests",
    "holm",
    "stratified_difference",
]

TEST_METHODS = ("adjusted_wald", "wald")
MIN_N = 12
MIN_N_ONE_SAMPLE = 37
_CATS = ["detractors", "passives", "promoters"]
_W2 = ["w2_detractors", "w2_passives", "w2_promoters"]
_FLAT = "no variance in either group (all answers in one category): nothing to test"


def check_test_args(confidence, method, min_n):
    """Validate a test's ``confidence``, ``method`` and ``min_n``; return the critical z."""
    z_crit = z_value(confidence)
    if method not in TEST_METHODS:
        raise ValueError(f"method must be one of {TEST_METHODS}; got {method!r}.")
    if int(min_n) != min_n or min_n < 1:
        raise ValueError(f"min_n must be a whole number of respondents >= 1; got {min_n!r}.")
    return z_crit


def counts_side(frame) -> dict:
    """Counts (and squared-weight sums when weighted) of one side, as float arrays."""
    cols = ["n", *_CATS, *([c for c in _W2 if c in frame])]
    return {c: np.asarray(frame[c], dtype="float64") for c in cols}


def _estimate(side: dict, method: str):
    """Raw NPS, the method's centre and the variance of the centre (-1..1 scale)."""
    det, pas, pro = (side[c] for c in _CATS)
    total = det + pas + pro
    with np.errstate(invalid="ignore", divide="ignore"):
        raw = (pro - det) / total
        if "w2_detractors" in side:
            w2 = (side[c] for c in _W2)
            return raw, raw, linearized_variance(det, pas, pro, *w2, side["n"])
        if method == "adjusted_wald":
            p, d, m = adjusted_shares(pro, det, total)
            return raw, p - d, nps_variance(p, d) / m
        return raw, raw, nps_variance(pro / total, det / total) / total


def diff_test(a: dict, b: dict, *, confidence, method, min_n) -> dict:
    """Vectorised two-sample test; every array has one element per comparison."""
    z_crit = check_test_args(confidence, method, min_n)
    raw_a, centre_a, var_a = _estimate(a, method)
    raw_b, centre_b, var_b = _estimate(b, method)
    centre = centre_a - centre_b
    se = np.sqrt(var_a + var_b)
    few = (a["n"] < min_n) | (b["n"] < min_n)
    flat = ~few & ~(se > 0)
    se = np.where(few | flat, np.nan, se)
    with np.errstate(invalid="ignore", divide="ignore"):
        z = centre / se
    note = np.where(few, f"too few respondents to test (fewer than {min_n} in a group)", "")
    return {
        "nps_a": 100 * raw_a,
        "nps_b": 100 * raw_b,
        "diff": 100 * (raw_a - raw_b),
        "se": 100 * se,
        "z": z,
        "p_val": 2 * sps.norm.sf(np.abs(z)),
        "ci_low": 100 * np.clip(centre - z_crit * se, -2, 2),
        "ci_high": 100 * np.clip(centre + z_crit * se, -2, 2),
        "note": np.where(flat, _FLAT, note).astype("object"),
    }


def holm(p_val: np.ndarray) -> np.ndarray:
    """Holm's step-down adjusted p-values, no NaN (statsmodels' ``multipletests`` runs a
    full garbage collection on every call, 0.1 s, which dominates small tables and
    simulations)."""
    order = np.argsort(p_val, kind="stable")
    m = len(p_val)
    adjusted = np.minimum(1.0, np.maximum.accumulate(p_val[order] * np.arange(m, 0, -1)))
    out = np.empty(m)
    out[order] = adjusted
    return out


def adjust_p(p_val, padjust):
    """Multiple-comparison adjustment over the tested rows (NaN rows left out).

    Holm's is :func:`holm`; any other ``padjust`` goes to statsmodels'
    ``multipletests``.
    """
    p_val = np.asarray(p_val, dtype="float64")
    out = np.full(p_val.shape, np.nan)
    ok = ~np.isnan(p_val)
    if not ok.any():
        return out
    if padjust == "holm":
        out[ok] = holm(p_val[ok])
    else:
        from statsmodels.stats.multitest import multipletests

        out[ok] = multipletests(p_val[ok], method=padjust)[1]
    return out


def finish_tests(out: pd.DataFrame, confidence, padjust=None) -> pd.DataFrame:
    """Add ``p_adj`` (with ``padjust``) and ``significant``; ``note`` last, as text."""
    if padjust is not None:
        out["p_adj"] = adjust_p(out["p_val"], padjust)
    key = "p_val" if padjust is None else "p_adj"
    out["significant"] = (out[key] < (1 - confidence)).to_numpy(dtype=bool)
    note = out.pop("note")
    out["note"] = pd.array(note.to_numpy(dtype="object"), dtype="str")
    return out


def benchmark_test(side: dict, benchmark, *, confidence, method, min_n) -> dict:
    """Vectorised one-sample test of the NPS against fixed values (-100..100)."""
    z_crit = check_test_args(confidence, method, min_n)
    raw, centre, var = _estimate(side, method)
    b = np.asarray(benchmark, dtype="float64") / 100
    # The NPS interval is the estimate's (as nps() reports it), shown even when untested.
    nps_lo = np.clip(centre - z_crit * np.sqrt(var), -1, 1)
    nps_hi = np.clip(centre + z_crit * np.sqrt(var), -1, 1)
    few = side["n"] < min_n
    flat = ~few & ~(var > 0)
    se = np.where(few | flat, np.nan, np.sqrt(var))
    with np.errstate(invalid="ignore", divide="ignore"):
        z = (centre - b) / se
    lo = np.where(np.isnan(se), np.nan, nps_lo)
    hi = np.where(np.isnan(se), np.nan, nps_hi)
    note = np.where(few, f"too few respondents to test (fewer than {min_n})", "")
    flat_note = "no variance (all answers in one category): nothing to test"
    return {
        "nps": 100 * raw,
        "diff": 100 * (raw - b),
        "se": 100 * se,
        "z": z,
        "p_val": 2 * sps.norm.sf(np.abs(z)),
        "ci_low": 100 * (lo - b),
        "ci_high": 100 * (hi - b),
        "nps_ci_low": 100 * nps_lo,
        "nps_ci_high": 100 * nps_hi,
        "note": np.where(flat, flat_note, note).astype("object"),
    }


def stratified_difference(centre, se, *, confidence: float = 0.95, raw=None) -> dict:
    """Inverse-variance weighted combination of per-stratum differences.

    With stratum differences ``c_t`` and standard errors ``s_t`` (strata whose
    ``s_t`` is NaN or 0 are left out), weights ``w_t = 1 / s_t**2`` give
    ``c = sum(w c) / sum(w)`` with ``se = 1 / sqrt(sum(w))``; ``z = c / se``,
    the two-sided normal ``p_val`` and the interval ``c ± z_crit se`` (which
    excludes 0 exactly when ``p_val < 1 - confidence``). The last axis holds
    the strata, so many combinations run in one call.

    Parameters
    ----------
    centre, se : array-like
        Differences and their standard errors (any unit, e.g. NPS points).
    confidence : float
        Interval level.
    raw : array-like, optional
        Point estimates to combine with the same weights for ``diff`` (e.g.
        the raw NPS differences when ``centre`` holds adjusted-Wald centres);
        defaults to ``centre``.

    Returns
    -------
    dict
        ``diff``, ``centre``, ``se``, ``z``, ``p_val``, ``ci_low``, ``ci_high``,
        ``n_strata`` (strata combined), arrays over the leading axes (NaN when
        no stratum is usable).

    Examples
    --------
    Two months: +10 (SE 5) and +4 (SE 10); weights 4:1 give +8.8, SE 4.47:

    >>> r = stratified_difference([10.0, 4.0], [5.0, 10.0])
    >>> round(float(r["diff"]), 2), round(float(r["se"]), 2), round(float(r["p_val"]), 3)
    (8.8, 4.47, 0.049)
    """
    z_crit = z_value(confidence)
    centre = np.asarray(centre, dtype="float64")
    se = np.asarray(se, dtype="float64")
    raw = centre if raw is None else np.asarray(raw, dtype="float64")
    ok = np.isfinite(se) & (se > 0) & np.isfinite(centre)
    with np.errstate(invalid="ignore", divide="ignore"):
        w = np.where(ok, 1.0 / np.where(ok, se, 1.0) ** 2, 0.0)
        total = w.sum(axis=-1)
        c = (w * np.where(ok, centre, 0.0)).sum(axis=-1) / total
        d = (w * np.where(ok, raw, 0.0)).sum(axis=-1) / total
        s = 1.0 / np.sqrt(total)
        z = c / s
    return {
        "diff": d,
        "centre": c,
        "se": s,
        "z": z,
        "p_val": 2 * sps.norm.sf(np.abs(z)),
        "ci_low": c - z_crit * s,
        "ci_high": c + z_crit * s,
        "n_strata": ok.sum(axis=-1),
    }
