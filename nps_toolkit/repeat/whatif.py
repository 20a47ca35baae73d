"""What-if scenarios: what a shift between NPS categories would be associated with.

:func:`what_if` projects, with a fitted :class:`nps_toolkit.repeat.models.RepeatModel`,
the extra repeat purchasers (and optionally revenue) that a share of one
category (e.g. detractors) behaving like another would be associated with,
with a simulation interval from the coefficient covariance. The model is
fitted on observational data: its category gaps are associations (people who
answer 9-10 may differ in other ways from those who answer 0-6), so the
projection is not a causal effect of improving anyone's experience.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from nps_toolkit._docstrings import share_docs
from nps_toolkit._validation import require_columns
from nps_toolkit.repeat.design import Terms, binary_outcome, usable_rows
from nps_toolkit.repeat.logistic import RepeatModel
from nps_toolkit.score.scales import CATEGORIES
from nps_toolkit.score.stats import nps_from_counts, z_value

__all__ = ["what_if"]


_DEFAULT_SHIFT = {"detractor": ("passive", 0.25)}


def _parse_shift(shift) -> list[tuple[int, int, float]]:
    """``[(from_code, to_code, share), ...]`` from ``{from: (to, share)}``, validated."""
    shift = _DEFAULT_SHIFT if shift is None else dict(shift)
    index_of = {c: i for i, c in enumerate(CATEGORIES)}
    moves = []
    for src, target in shift.items():
        try:
            dst, share = target
        except (TypeError, ValueError):
            raise ValueError(
                f"shift[{src!r}] must be (target_category, share), e.g. ('passive', 0.25)."
            ) from None
        if src not in index_of or dst not in index_of or src == dst:
            raise ValueError(
                f"shift {src!r} -> {dst!r}: both must be different categories among {CATEGORIES}."
            )
        if not 0 <= float(share) <= 1:
            raise ValueError(f"shift[{src!r}] share={share!r} must be between 0 and 1.")
        moves.append((index_of[src], index_of[dst], float(share)))
    return moves


def _expit(v):
    return 1 / (1 + np.exp(-v))


def _project(terms: Terms, rows, codes, X0, beta, draws, moves):
    """Expected extra repeaters (point and per draw), respondents moved, new category counts."""
    n_sim = len(draws)
    extra = 0.0
    extra_sim = np.zeros(n_sim)
    counts = np.bincount(codes, minlength=3).astype("float64")
    new_counts = counts.copy()
    moved = 0.0
    for src, dst, share in moves:
        sel = codes == src
        if not sel.any():
            continue
        Xs = X0[sel]
        Xt = terms.matrix(rows.loc[sel], np.full(int(sel.sum()), dst))
        extra += share * float((_expit(Xt @ beta) - _expit(Xs @ beta)).sum())
        for start in range(0, n_sim, 100):
            B = draws[start : start + 100].T
            for r0 in range(0, len(Xs), 50_000):
                diff = _expit(Xt[r0 : r0 + 50_000] @ B) - _expit(Xs[r0 : r0 + 50_000] @ B)
                extra_sim[start : start + 100] += share * diff.sum(axis=0)
        moved += share * counts[src]
        new_counts[src] -= share * counts[src]
        new_counts[dst] += share * counts[src]
    return extra, extra_sim, moved, counts, new_counts


def _value_per_repeater(model: RepeatModel, data: pd.DataFrame, amount) -> float:
    """A number, or the mean of column ``amount`` over observed repeat purchasers."""
    if not isinstance(amount, str):
        return float(amount)
    require_columns(data, [amount], "data", skip_none=False)
    ok, _ = usable_rows(data, [model.outcome_, amount], model.censored)
    observed = data.loc[ok]
    buyers = binary_outcome(observed[model.outcome_], model.outcome_) == 1
    if not buyers.any():
        raise ValueError(
            f"No uncensored repeat purchasers with {amount!r} to value a repeat "
            "purchaser. Fix: pass amount= as a number."
        )
    return float(pd.to_numeric(observed[amount]).to_numpy()[buyers].mean())


def _note(out: dict, moves, confidence: float, with_amount: bool) -> str:
    """One sentence stating the projection as an association."""
    moves_text = (
        " and ".join(
            f"{100 * share:g}% of {CATEGORIES[src]}s behaving like {CATEGORIES[dst]}s"
            for src, dst, share in moves
        )
        or "no shift"
    )
    pct = f"{100 * confidence:g}%"
    extra, lo, hi = out["extra_repeaters"], out["ci_low"], out["ci_high"]
    sentence = (
        f"{moves_text[0].upper()}{moves_text[1:]} ({out['moved']:,.0f} respondents) would be "
        f"associated with {extra:+,.0f} repeat purchasers ({pct} interval {lo:+,.0f} to "
        f"{hi:+,.0f})"
    )
    if with_amount:
        sentence += f" and {out['extra_revenue']:+,.0f} in revenue"
    return (
        f"{sentence}, and NPS {out['nps_before']:+.1f} -> {out['nps_after']:+.1f}: an "
        "association from the model, not a causal effect of changing their experience."
    )


@share_docs
def what_if(
    model: RepeatModel,
    data: pd.DataFrame,
    *,
    shift: Mapping[str, tuple[str, float]] | None = None,
    amount=None,
    n_sim: int = 2000,
    seed: int = 0,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Extra repeat purchasers a shift between categories would be associated with.

    An association, not a causal effect: the model compares respondents of
    each category (with its controls) as observed, so "a quarter of detractors
    behaving like passives would be associated with N extra repeat purchasers"
    is what the data support, not "making them passives would cause N more".

    For each respondent of a shifted category, the expected outcome becomes
    ``(1 - share) * p(own category) + share * p(target category)``, keeping
    their controls; summed over respondents this gives the expected extra
    repeat purchasers. The interval carries the model's uncertainty: ``n_sim``
    coefficient vectors drawn from the normal approximation N(beta_hat, cov)
    of the fitted model (seeded).

    Parameters
    ----------
    model : RepeatModel
        Fitted with ``predictor="category"``.
    data : pandas.DataFrame
        The population to project: every row with a score (and controls);
        the outcome is not needed, censored rows are included.
    shift : dict
        ``{from_category: (to_category, share)}``; default
        ``{"detractor": ("passive", 0.25)}``.
    amount : str or float, optional
        Value of one extra repeat purchaser: a number, or a column of ``data``
        (e.g. ``"revenue_in_window"``) whose mean over observed repeat
        purchasers (uncensored rows with the model's outcome) is used. Adds
        revenue columns; the value is treated as known (its own sampling
        error is not in the interval).
    n_sim : int
        Coefficient vectors drawn for the interval.
    {params.seed}
    {params.confidence}

    Returns
    -------
    pandas.DataFrame
        One row: ``n, moved, repeaters_before, repeaters_after,
        extra_repeaters, ci_low, ci_high, nps_before, nps_after`` and, with
        ``amount``, ``value_per_repeater, extra_revenue, revenue_ci_low,
        revenue_ci_high``, then ``note``: one sentence stating the result as an
        association ("... would be associated with ... extra repeat
        purchasers ..., an association, not a causal effect"). ``moved`` is the
        expected number of respondents recoded; NPS on -100..100.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> d = pd.DataFrame({"score": rng.integers(0, 11, 3000)})
    >>> d["rep"] = rng.random(3000) < np.where(d.score >= 7, 0.5, 0.3)
    >>> from nps_toolkit.repeat.models import fit_repeat_model
    >>> m = fit_repeat_model(d, outcome="rep", score="score")
    >>> r = what_if(m, d, shift={"detractor": ("passive", 0.25)})
    >>> bool(r["nps_after"].iloc[0] > r["nps_before"].iloc[0])
    True
    """
    if not isinstance(model, RepeatModel) or not hasattr(model, "result_"):
        raise ValueError("what_if needs a fitted RepeatModel (from fit_repeat_model).")
    if model.predictor != "category":
        raise ValueError(
            f"what_if recodes NPS categories, but this model uses predictor="
            f"{model.predictor!r}. Fix: refit with predictor='category'."
        )
    z_value(confidence)  # a clear error for a bad level
    moves = _parse_shift(shift)
    terms = model.terms_
    keep, _ = usable_rows(data, terms.columns(), None)
    rows = data.loc[keep]
    codes = terms.codes(rows)
    X0 = terms.matrix(rows, codes)
    beta = model.params_
    rng = np.random.default_rng(seed)
    draws = rng.multivariate_normal(beta, model.cov_, size=n_sim, method="eigh")
    before = float(_expit(X0 @ beta).sum())
    extra, extra_sim, moved, counts, new_counts = _project(
        terms, rows, codes, X0, beta, draws, moves
    )
    alpha = 1 - confidence
    lo, hi = np.quantile(extra_sim, [alpha / 2, 1 - alpha / 2])
    nps = nps_from_counts(*np.column_stack([counts, new_counts]), method="wald")["nps"]
    out = {
        "n": int(counts.sum()),
        "moved": moved,
        "repeaters_before": before,
        "repeaters_after": before + extra,
        "extra_repeaters": extra,
        "ci_low": lo,
        "ci_high": hi,
        "nps_before": nps.iloc[0],
        "nps_after": nps.iloc[1],
    }
    if amount is not None:
        value = _value_per_repeater(model, data, amount)
        out.update(
            value_per_repeater=value,
            extra_revenue=extra * value,
            revenue_ci_low=lo * value,
            revenue_ci_high=hi * value,
        )
    out["note"] = _note(out, moves, confidence, amount is not None)
    return pd.DataFrame([out])
