"""Score scales and the promoter / passive / detractor classification.

The Net Promoter question is asked on 0-10. Real surveys also use 1-10, 1-5 or
0-5; those are accepted only when the analyst declares the scale, and each
declared scale maps to the three categories through documented cut-offs:

==========  ==========  ========  =========
scale       detractor   passive   promoter
==========  ==========  ========  =========
0-10        0-6         7-8       9-10
1-10        1-6         7-8       9-10
0-5         0-3         4         5
1-5         1-3         4         5
==========  ==========  ========  =========

1-10 keeps the standard cut-offs: only the (unused) zero is missing, so the
promoter and passive bands mean what they mean on 0-10. On a five-point scale
only the top box is a promoter and the second box a passive, the usual
"top-box" reading. Any other scale needs explicit ``thresholds=(passive_min,
promoter_min)``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from nps_toolkit._validation import EXAMPLES, rows_text
from nps_toolkit.score.survey_scale import (
    as_scale,
    decide_scale,  # noqa: F401 (moved there; kept importable)
)

CATEGORIES = ("detractor", "passive", "promoter")
CATEGORY_DTYPE = pd.CategoricalDtype(list(CATEGORIES), ordered=True)

#: Declared scales and their cut-offs ``(passive_min, promoter_min)``.
SCALES: dict[tuple[int, int], tuple[int, int]] = {
    (0, 10): (7, 9),
    (1, 10): (7, 9),
    (0, 5): (4, 5),
    (1, 5): (4, 5),
}

#: With the default (undeclared) 0-10 scale, this many valid scores all at or
#: below 5 look like a five-point survey: refuse rather than call everyone a detractor
#: (the pandas path and the engines, :mod:`nps_toolkit.score.engine_results`).
SHORT_SCALE_MIN_N = 20


def resolve_thresholds(
    scale: Sequence[int] | None = None, thresholds: Sequence[int] | None = None
) -> tuple[int, int, int, int]:
    """Resolve a declared scale into ``(low, high, passive_min, promoter_min)``.

    Parameters
    ----------
    scale : (int, int) or None
        Lowest and highest possible score. ``None`` means the standard 0-10.
    thresholds : (int, int) or None
        ``(passive_min, promoter_min)``: needed for scales not in
        :data:`SCALES`; overrides the table otherwise.

    Returns
    -------
    tuple of int
        ``(low, high, passive_min, promoter_min)``.

    Examples
    --------
    >>> resolve_thresholds()
    (0, 10, 7, 9)
    >>> resolve_thresholds((1, 5))
    (1, 5, 4, 5)
    >>> resolve_thresholds((1, 7), thresholds=(6, 7))
    (1, 7, 6, 7)
    """
    lo, hi = (0, 10) if scale is None else as_scale(scale)
    if thresholds is None:
        if (lo, hi) not in SCALES:
            known = ", ".join(f"{a}-{b}" for a, b in SCALES)
            raise ValueError(
                f"No standard promoter/passive cut-offs for a {lo}-{hi} scale (known: {known}). "
                "Pass thresholds=(passive_min, promoter_min), e.g. thresholds=(6, 7) for a 1-7 scale."
            )
        passive_min, promoter_min = SCALES[(lo, hi)]
    else:
        if len(thresholds) != 2:
            raise ValueError("thresholds must be (passive_min, promoter_min), two integers.")
        passive_min, promoter_min = (int(t) for t in thresholds)
        if not lo < passive_min < promoter_min <= hi:
            raise ValueError(
                f"thresholds={tuple(thresholds)} must satisfy {lo} < passive_min < promoter_min <= {hi} "
                f"on the declared {lo}-{hi} scale."
            )
    return lo, hi, passive_min, promoter_min


def _describe(values, index: pd.Index, series: pd.Series) -> str:
    """The distinct offending values and their rows (:func:`~nps_toolkit._validation.rows_text`)."""
    shown = ", ".join(
        repr(v.item() if isinstance(v, np.generic) else v) for v in pd.unique(values)[:EXAMPLES]
    )
    return f"values {shown} ({rows_text(index, series, brackets=False)})"


def validate_scores(
    scores,
    *,
    scale: Sequence[int] | None = None,
    thresholds: Sequence[int] | None = None,
    name: str | None = None,
) -> pd.Series:
    """Check that scores are whole numbers on the declared scale.

    Parameters
    ----------
    scores : array-like or Series
        Raw scores. Missing values (NaN, None, empty strings) stay missing.
    scale : (int, int) or None
        Declared scale. ``None`` means 0-10 *and* refuses data that looks like a
        five-point survey (at least 20 scores, none above 5); pass ``scale=(0, 10)``
        explicitly to confirm such data really is 0-10.
    thresholds : (int, int) or None
        ``(passive_min, promoter_min)`` for scales without standard cut-offs.
    name : str, optional
        Column name used in error messages (defaults to the Series name).

    Returns
    -------
    pandas.Series
        Float scores (NaN where missing) with the input's index and name.

    Raises
    ------
    ValueError
        Text, booleans, non-integers or values outside the declared scale; the
        message gives how many rows, which values, and the fix.

    Examples
    --------
    >>> validate_scores([10, 7, None, 3]).tolist()
    [10.0, 7.0, nan, 3.0]
    """
    lo, hi, _, _ = resolve_thresholds(scale, thresholds)
    series = scores if isinstance(scores, pd.Series) else pd.Series(scores)
    label = name or (series.name if series.name is not None else "scores")
    where = f"Score column {label!r}"

    if pd.api.types.is_bool_dtype(series.dtype):
        raise ValueError(f"{where} holds True/False values, not 0-10 scores.")
    if pd.api.types.is_numeric_dtype(series.dtype):
        values = series
    else:
        # Text or mixed: blanks are missing answers, anything else must parse as a number.
        as_text = series.astype("object")
        blank = as_text.map(lambda v: isinstance(v, str) and v.strip() == "")
        as_text = as_text.mask(blank)
        values = pd.to_numeric(as_text, errors="coerce").astype("float64")
        bad = values.isna() & as_text.notna()
        if bad.any():
            raise ValueError(
                f"{where} has {int(bad.sum())} text value(s) that are not numbers: "
                f"{_describe(as_text[bad], series.index[bad.to_numpy()], series)}. "
                "Fix: load the file with nps_toolkit.read_survey(), which parses answers such as "
                "'10 - Extremely likely', or convert with pd.to_numeric(..., errors='coerce') "
                "to treat them as missing."
            )
    # Checks run on the raw array: they touch every row once, and build a
    # mask (for the message) only when something is wrong.
    v = values.to_numpy(dtype="float64", na_value=np.nan)
    index = series.index
    n_missing = int(np.count_nonzero(np.isnan(v)))
    # NaN != NaN, so subtracting the missing count leaves the non-integers.
    if np.count_nonzero(v != np.rint(v)) - n_missing > 0:
        fractional = ~np.isnan(v) & (v != np.rint(v))
        raise ValueError(
            f"{where} has {int(fractional.sum())} non-integer value(s): "
            f"{_describe(v[fractional], index[fractional], series)}. "
            "NPS answers are whole numbers; check the column is the recommend question "
            "and not an average."
        )
    n_present = len(v) - n_missing
    vmin, vmax = (np.nanmin(v), np.nanmax(v)) if n_present else (lo, hi)
    if vmin < lo or vmax > hi:
        outside = (v < lo) | (v > hi)
        raise ValueError(
            f"{where} has {int(outside.sum())} value(s) outside the declared {lo}-{hi} scale: "
            f"{_describe(v[outside], index[outside], series)}. "
            "Fix: declare the survey's real scale with scale=(low, high), or drop/recode "
            "those rows (read_survey excludes them and reports them in quality_report)."
        )
    if scale is None and n_present >= SHORT_SCALE_MIN_N and vmax <= 5:
        raise ValueError(
            f"{where}: all {n_present} scores are between {vmin:.0f} and 5, "
            "which looks like a 1-5 or 0-5 survey, not 0-10 (on 0-10 every one of them "
            "would be a detractor). Fix: declare scale=(1, 5) or scale=(0, 5); if this really "
            "is a 0-10 survey, pass scale=(0, 10) explicitly."
        )
    return pd.Series(v, index=index, name=series.name)


def classify(
    scores,
    *,
    scale: Sequence[int] | None = None,
    thresholds: Sequence[int] | None = None,
) -> pd.Series:
    """Classify scores as detractor, passive or promoter.

    Parameters
    ----------
    scores : array-like or Series
        Likelihood-to-recommend answers. Missing values stay missing.
    scale : (int, int) or None
        Declared scale; see the module docstring for the cut-offs of each scale.
        ``None`` is 0-10, with a guard against undeclared five-point data.
    thresholds : (int, int) or None
        ``(passive_min, promoter_min)`` for other scales.

    Returns
    -------
    pandas.Series
        Ordered categorical, categories ``detractor < passive < promoter``,
        same index and name as the input.

    Examples
    --------
    >>> classify([0, 6, 7, 8, 9, 10]).tolist()
    ['detractor', 'detractor', 'passive', 'passive', 'promoter', 'promoter']
    >>> classify([1, 3, 4, 5], scale=(1, 5)).tolist()
    ['detractor', 'detractor', 'passive', 'promoter']
    """
    codes = category_codes(scores, scale=scale, thresholds=thresholds)
    series = scores if isinstance(scores, pd.Series) else None
    return pd.Series(
        pd.Categorical.from_codes(codes, dtype=CATEGORY_DTYPE),
        index=series.index if series is not None else None,
        name=series.name if series is not None else None,
    )


def category_codes(
    scores,
    *,
    scale: Sequence[int] | None = None,
    thresholds: Sequence[int] | None = None,
    missing: int = -1,
) -> np.ndarray:
    """Integer codes 0 = detractor, 1 = passive, 2 = promoter, ``missing`` = no score.

    The vectorised core of :func:`classify` (same validation), for code that
    counts categories rather than displaying them. Numeric input is checked and
    coded in one pass over cache-sized blocks; when a check fails,
    :func:`validate_scores` runs to raise its message.

    Parameters
    ----------
    scores : array-like or Series
        Raw scores, as in :func:`validate_scores`.
    scale, thresholds
        As in :func:`classify`.
    missing : int
        Code of a missing score (-1; counting code passes 3, the bin after
        the three categories).

    Returns
    -------
    numpy.ndarray
        ``int8`` codes, one per score.

    Examples
    --------
    >>> category_codes([3, 7, 10, None]).tolist()
    [0, 1, 2, -1]
    """
    lo, hi, passive_min, promoter_min = resolve_thresholds(scale, thresholds)
    series = scores if isinstance(scores, pd.Series) else pd.Series(scores)
    numeric = pd.api.types.is_numeric_dtype(series.dtype)
    if numeric and not pd.api.types.is_bool_dtype(series.dtype):
        v = series.to_numpy(dtype="float64", na_value=np.nan)
        codes = _checked_codes(v, (lo, hi), (passive_min, promoter_min), scale is None, missing)
        if codes is not None:
            return codes
    # Text, booleans or a failed check: the full validation (raises with the rows).
    v = validate_scores(series, scale=scale, thresholds=thresholds).to_numpy()
    return _checked_codes(v, (lo, hi), (passive_min, promoter_min), False, missing)


# Block length for the one-pass check and coding: a block's temporaries stay in cache.
_BLOCK = 1 << 16


def _checked_codes(v: np.ndarray, bounds, cuts, guard: bool, missing: int) -> np.ndarray | None:
    """Category codes of float scores, or None when a check of :func:`validate_scores` fails.

    Same checks as :func:`validate_scores` (whole numbers, within ``bounds``,
    and with ``guard`` the five-point guard), block by block.
    """
    (lo, hi), (passive_min, promoter_min) = bounds, cuts
    out = np.empty(len(v), dtype="int8")
    n_missing = n_odd = 0
    vmin, vmax = np.inf, -np.inf
    for start in range(0, len(v), _BLOCK):
        x, o = v[start : start + _BLOCK], out[start : start + _BLOCK]
        nan = np.isnan(x)
        n_missing += np.count_nonzero(nan)
        n_odd += np.count_nonzero(x != np.rint(x))  # NaN counts here too
        vmin, vmax = min(vmin, np.fmin.reduce(x)), max(vmax, np.fmax.reduce(x))
        np.greater_equal(x, passive_min, out=o.view(bool))
        o += x >= promoter_min
        o[nan] = missing
    n_present = len(v) - n_missing
    if n_odd > n_missing or (n_present and (vmin < lo or vmax > hi)):
        return None
    if guard and n_present >= SHORT_SCALE_MIN_N and vmax <= 5:
        return None
    return out
