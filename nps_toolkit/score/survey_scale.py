"""Decide a survey's scale once, from the whole score column: 0-10 or five-point?

:func:`decide_scale` is called on the whole survey (never per subgroup) by the
loader and the score functions; :func:`as_scale` checks a declared
``(low, high)`` pair. The cut-offs of each scale are in
:mod:`nps_toolkit.score.scales`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from nps_toolkit._validation import EXAMPLES

__all__ = ["as_scale", "decide_scale"]

# With a declared 0-10 / 1-10 scale, this many answers all at or below 5 are refused.
_MIXED_MIN_N = 10
# Undeclared: this many answers all at or below 5 are refused (0.5 ** 5 < 1 / 20).
_UNDECLARED_MIN_N = 5


def decide_scale(
    scores,
    *,
    scale: Sequence[int] | None = None,
    name: str = "score",
    where: str = "The data",
    lines=None,
    check: bool = True,
    notes: list | None = None,
) -> tuple[int, int]:
    """Decide a survey's scale once, from the whole score column and the declared scale.

    A five-point survey answers 1-5 (or 0-5); on 0-10 every such answer would be
    a detractor. So a column is refused, with the fix, when it looks five-point:

    - no answer above 5 (at least 5 answers when no scale is declared: on 0-10,
      where at most about half the answers are 5 or less, five in a row have a
      chance below 1 in 20; at least 10 when 0-10 or 1-10 is declared). Fewer
      such answers are read as 0-10 with a note saying the scale could not be told;
    - or at least 10 answers, of which at most one in fifty (at least one) lies
      above 5 and at least ten times as many at or below 5: a five-point survey
      with stray values. A stray value is not evidence for 0-10; once
      ``scale=(1, 5)`` is declared it is excluded as out of scale, with a reason.

    Call it on the whole survey, never per subgroup (a subgroup of happy 4s and
    5s is not a five-point survey).

    Parameters
    ----------
    scores : array-like
        Parsed scores of the whole column (NaN where missing or not a number).
    scale : (int, int), optional
        The declared scale; ``None`` decides 0-10 unless the column looks five-point.
    name, where : str
        Column name and table description for the message.
    lines : array-like of int, optional
        Row numbers to show in the message (e.g. spreadsheet lines), aligned
        with ``scores``; positions by default.
    check : bool
        ``False`` trusts a declared scale without looking at the answers.
    notes : list, optional
        Receives a sentence when the scale could not be told (too few answers).

    Returns
    -------
    (int, int)
        ``(low, high)``.

    Examples
    --------
    >>> decide_scale([9, 10, 3, 7])
    (0, 10)
    >>> decide_scale([4, 5, 3], scale=(1, 5))
    (1, 5)
    >>> decide_scale([4, 5, 3, 4, 5])
    Traceback (most recent call last):
    ...
    ValueError: The data: all 5 valid scores in column 'score' are between 3 and 5, which looks like a five-point survey, not 0-10: every answer would count as a detractor. Fix: declare scale=(1, 5) or scale=(0, 5); if this really is 0-10, declare scale=(0, 10).
    """
    v = np.asarray(scores, dtype="float64")
    pos = np.flatnonzero(~np.isnan(v) & (v >= 0) & (v <= 10) & (v == np.rint(v)))
    declared = scale is not None
    lo, hi = as_scale(scale) if declared else (0, 10)
    if hi < 10 or (declared and not check) or not len(pos):
        return lo, hi
    values = v[pos]
    high = np.flatnonzero(values > 5)
    n, n_high = len(values), len(high)
    said = f"the declared {lo}-{hi}" if declared else "0-10"
    fix = (
        "check_scales=False loads it as declared, if you are sure"
        if declared
        else "declare scale=(0, 10)"
    )
    if n_high == 0 and not declared and n < _UNDECLARED_MIN_N and notes is not None:
        notes.append(
            f"All {n} valid scores in column {name!r} are 5 or less: too few to tell a "
            "five-point survey from 0-10; read as 0-10. Declare scale= to be sure."
        )
    if n_high == 0 and n >= (_MIXED_MIN_N if declared else _UNDECLARED_MIN_N):
        raise ValueError(
            f"{where}: all {n} valid scores in column {name!r} are between "
            f"{values.min():.0f} and {values.max():.0f}, which looks like a five-point survey, "
            f"not {said}: every answer would count as a detractor. Fix: declare scale=(1, 5) "
            f"or scale=(0, 5); if this really is 0-10, {fix}."
        )
    if n >= _MIXED_MIN_N and n_high <= max(1, n // 50) and n - n_high >= 10 * n_high > 0:
        at = np.asarray(lines)[pos[high]] if lines is not None else pos[high]
        shown = ", ".join(f"{values[k]:.0f} (line {at[i]})" for i, k in enumerate(high[:EXAMPLES]))
        raise ValueError(
            f"{where}: {n - n_high} of {n} valid scores in column {name!r} are 5 or less and "
            f"only {n_high} above 5: {shown}. This looks like a five-point survey with stray "
            f"answers, not {said}. Fix: declare scale=(1, 5) or scale=(0, 5) (the stray "
            f"answers are then excluded as out of scale, with a reason); if this really is "
            f"0-10, {fix}."
        )
    return lo, hi


def as_scale(scale: Sequence[int]) -> tuple[int, int]:
    """A declared scale as ``(low, high)`` integers, refused unless ``low < high``."""
    try:
        lo, hi = (int(v) for v in scale)
    except (TypeError, ValueError):
        raise ValueError(
            f"scale must be a pair of integers (low, high), e.g. (0, 10) or (1, 5); got {scale!r}."
        ) from None
    if lo >= hi:
        raise ValueError(f"scale must be (low, high) with low < high; got {scale!r}.")
    return lo, hi
