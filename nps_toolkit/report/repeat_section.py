"""The logic of notebook 03 (NPS and repeat purchase), as tested package code.

* :func:`outcome_mode` and :func:`outcome_sentence`: which outcome the notebook
  can study (orders with dates, a count column of the survey, or none) and the
  sentence saying so; without any, ONE sentence replaces the repeat-purchase
  sections (:func:`section` shows a section's heading and explanation only when
  it runs, issue 14 item 7).
* :func:`fit_with_fallback`: the model with the segment controls, dropping
  controls (most levels first) while there are too few events per variable, and
  the sentence saying which were dropped and why (issue 14 item 9: a 240-row
  survey with two segments no longer stops the notebook).
* :func:`censoring_sentence`: the respondents kept and left out.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd

from nps_toolkit._results import main_table
from nps_toolkit.report.html import md_escape
from nps_toolkit.report.sentences import setting

__all__ = [
    "REPEAT_SECTIONS",
    "censoring_sentence",
    "fit_with_fallback",
    "outcome_mode",
    "outcome_sentence",
    "section",
    "show_section",
]

#: Heading and explanation of each section of notebook 03 that needs an outcome.
REPEAT_SECTIONS = {
    "outcome": """## 1. Outcome and censoring

A respondent whose window runs past the end of the order data is **censored**: we cannot yet
know whether they will come back, so they are left out of rates and models (and counted here),
rather than counted as non-buyers.""",
    "rates": """## 2. Repeat rate by category and by score

Share of respondents who came back, with 95% Wilson intervals. For categories, the relative
risk compares each category with detractors (1 = same rate).""",
    "model": """## 3. The model

Logistic regression of repeat purchase on the NPS category (detractors are the reference),
adjusted for the segment columns (each against its most frequent level). An odds ratio of 2
for promoters means their odds of coming back are twice the detractors', other things in the
model equal. `cv_auc` is the cross-validated discrimination (0.5 = chance, 1 = perfect); rows
dropped (censored, missing values) are counted. For a count outcome, a Poisson or negative
binomial model gives rate ratios (1.2 = 20% more visits than detractors).""",
    "codings": """## 4. Which coding of the score predicts best?

The same cross-validation folds for each coding: the raw score (linear), the three NPS
categories, and top-2-box (promoter or not). `auc` is the mean of the AUCs of the five folds
(each fold's predictions are ranked on their own, so a coarse coding keeps its ties), with its
interval; `p_val_vs_best` tests the difference with the highest AUC (paired bootstrap within the
folds; DeLong's method above 50,000 rows). Following de Haan, Verhoef & Wiesel (2015), the
question is whether the NPS categories lose information compared with the raw score.""",
    "calibration": """## 5. Calibration

Out-of-fold predicted probability vs observed repeat rate in bins: points on the diagonal
mean the model's probabilities can be taken at face value. The Brier score is the mean squared
error of those probabilities (lower is better).""",
    "what_if": """## 7. If a quarter of detractors behaved like passives, what would that be \
associated with?

The model's coefficients are simulated (2,000 draws) to carry their uncertainty into the
number of extra repeat purchasers (and revenue when order values are known). The NPS that would
result is shown too. This is a projection from an association, not a promise.""",
}


def outcome_mode(orders_path, has_date: bool, outcome: str | None) -> str | None:
    """``"orders"`` (orders file and response dates), ``"count"`` (a survey column) or None.

    Examples
    --------
    >>> outcome_mode("orders.csv", True, None), outcome_mode(None, True, "visits")
    ('orders', 'count')
    >>> outcome_mode("orders.csv", False, None) is None
    True
    """
    if orders_path is not None and has_date:
        return "orders"
    return "count" if outcome is not None else None


def outcome_sentence(mode, *, window: str, orders_name: str = "", outcome=None) -> str:
    """What the outcome is; without one, the ONE sentence replacing the outcome sections.

    Examples
    --------
    >>> outcome_sentence("orders", window="180D", orders_name="orders.csv")
    'Outcome: **repeat purchase** = at least one order strictly after the response date and within 180D, from orders.csv.'
    >>> print(outcome_sentence(None, window="180D"))  # doctest: +ELLIPSIS
    There is no orders file with response dates and no outcome column (...): the repeat-purchase sections are skipped (outcome, repeat rates, model, codings of the score, calibration, what-if).
    """
    if mode == "orders":
        return (
            f"Outcome: **repeat purchase** = at least one order strictly after the response "
            f"date and within {md_escape(window)}, from {md_escape(orders_name)}."
        )
    if mode == "count":
        return (
            f"Outcome: the survey's own column {md_escape(outcome)} (a count), modelled with a "
            "count model (rate ratios) since there is no orders file with dates."
        )
    return (
        "There is no orders file with response dates and no outcome column "
        f"({setting('orders_path', 'outcome')}): the repeat-purchase sections are skipped "
        "(outcome, repeat rates, model, codings of the score, calibration, what-if)."
    )


def section(name: str, mode, *, needs: Sequence[str] = ("orders", "count")) -> str | None:
    """The Markdown heading and explanation of a section, or None when it does not run.

    ``needs`` lists the outcome modes the section runs with (``("orders",)`` for
    the sections that need a yes/no outcome from orders).

    Examples
    --------
    >>> section("rates", "orders").splitlines()[0]
    '## 2. Repeat rate by category and by score'
    >>> section("rates", None) is None
    True
    """
    if name not in REPEAT_SECTIONS:
        raise ValueError(f"section {name!r}: use one of {', '.join(REPEAT_SECTIONS)}.")
    return REPEAT_SECTIONS[name] if mode in needs else None


def show_section(name: str, mode, *, needs: Sequence[str] = ("orders", "count")) -> None:
    """Display :func:`section` as Markdown in a notebook when the section runs."""
    text = section(name, mode, needs=needs)
    if text is not None:
        from IPython.display import Markdown, display

        display(Markdown(text))


def censoring_sentence(result, n_orders: int, window: str) -> str:
    """Orders read, respondents, censored and kept, from a ``repeat_purchase`` result.

    Examples
    --------
    >>> from nps_toolkit.repeat.results import RepeatPurchase
    >>> r = RepeatPurchase(pd.DataFrame({"x": range(10)}), n_censored=3,
    ...                    data_end=pd.Timestamp("2024-06-30"), window=pd.Timedelta("180D"))
    >>> censoring_sentence(r, 25, "180D")
    '25 orders read. 10 respondents; 3 are censored (surveyed less than 180D before the last order date) and excluded below; 7 remain.'
    """
    n = len(main_table(result))
    return (
        f"{n_orders:,} orders read. {n:,} respondents; {result.n_censored:,} are censored "
        f"(surveyed less than {md_escape(window)} before the last order date) and excluded "
        f"below; {n - result.n_censored:,} remain."
    )


def _levels(data: pd.DataFrame, column: str) -> int:
    """Model terms a control adds: levels - 1 for a label column, 1 for a number."""
    values = data[column]
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        return 1
    return max(int(values.nunique(dropna=True)) - 1, 1)


def _refit_reason(err: ValueError) -> str | None:
    """Why fewer controls may help (too few events per variable, separation), or None."""
    text = str(err)
    if text.startswith("Too few events per variable"):
        return "too few events per variable"
    if "separat" in text.lower():
        return "a control level with a single outcome (separation)"
    return None


def fit_with_fallback(
    fit: Callable,
    data: pd.DataFrame,
    *,
    controls: Sequence[str] | None,
    min_epv: float = 10,
    **options,
):
    """Fit with the controls; while there are too few events per variable, drop controls.

    The control adding the most terms goes first (ties: the later one in
    ``controls``), until the model can be fitted; with no control left and
    still too few events, no model is fitted.

    Parameters
    ----------
    fit : callable
        :func:`nps_toolkit.repeat.models.fit_repeat_model` or
        :func:`~nps_toolkit.repeat.models.fit_count_model`.
    data : DataFrame
        The respondents with the outcome.
    controls : list of str or None
        The segment columns to adjust for.
    min_epv : float, default 10
        Minimum events per variable (the rarer outcome's count per model term),
        passed to ``fit`` when it is ``fit_repeat_model`` (the count model has no such rule).
    **options
        ``outcome=``, ``score=``, ``scale=``... passed to ``fit``.

    Returns
    -------
    (model or None, list of str, str or None)
        The fitted model (None when even the model without controls cannot be
        fitted), the controls dropped, and a Markdown sentence saying which
        were dropped and why (None when nothing was dropped).

    Examples
    --------
    >>> from nps_toolkit.repeat.models import fit_repeat_model
    >>> rng = np.random.default_rng(0)
    >>> d = pd.DataFrame({"score": rng.integers(0, 11, 240),
    ...                   "region": rng.choice(list("ABCDEFGH"), 240),
    ...                   "channel": rng.choice(["web", "app"], 240)})
    >>> d["rep"] = rng.random(240) < 0.2
    >>> model, dropped, said = fit_with_fallback(fit_repeat_model, d, outcome="rep",
    ...                                          score="score", controls=["channel", "region"])
    >>> dropped  # about 48 repeaters: 4.8 per term with region's 7 terms, 16 without
    ['region']
    """
    from nps_toolkit.repeat.models import fit_repeat_model

    kept = list(controls or [])
    if fit is fit_repeat_model:  # the count model has no events-per-variable rule
        options["min_epv"] = min_epv
    dropped, reason, error = [], None, None
    while True:
        try:
            model = fit(data, controls=kept or None, **options)
            break
        except ValueError as err:
            why = _refit_reason(err)
            if why is None:
                raise
            reason, error = reason or why, err
            if not kept:
                model = None
                break
            order = sorted(range(len(kept)), key=lambda i: (_levels(data, kept[i]), i))
            dropped.append(kept.pop(order[-1]))
    if not dropped and model is not None:
        return model, [], None
    names = ", ".join(md_escape(c) for c in dropped)
    if model is None:
        also = f" (dropped: {names})" if dropped else ""
        said = f"No model could be fitted, even without controls{also}: {md_escape(error)}"
    else:
        left = ", ".join(md_escape(c) for c in kept)
        said = (
            f"{f'Adjusted for {left} only' if kept else 'Not adjusted for any segment'}: {names} {'was' if len(dropped) == 1 else 'were'} "
            f"dropped from the controls because of {reason} (at least {min_epv:g} rows with the "
            "rarer outcome per model term are needed; each level of a segment is a term). "
            "The rule is the `min_epv=` argument of `fit_with_fallback`."
        )
    return model, dropped, said
