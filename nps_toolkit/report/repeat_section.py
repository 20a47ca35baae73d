"""The logic of notebook 03 (NPS and repeat purchase), as tested package code.

* :func:`outcome_mode` and :func:`outcome_sentence`: which outcome the notebook
  can study (orders with dates, a count column of the survey, or none) and the
  sentence saying so; without any, ONE sentence replaces the repeat-purchase
  sections, and for a count outcome the same sentence names the sections that
  need a yes/no outcome (issue 14 item 7). :func:`repeat_sections` numbers the
  sections shown (:class:`nps_toolkit.report.page.Sections`), so a skipped
  section leaves no heading, explanation or gap in the numbering.
* :func:`fit_with_fallback`: the model with the segment controls, dropping
  controls (most levels first) while there are too few events per variable, and
  the sentence saying which were dropped and why (issue 14 item 9: a 240-row
  survey with two segments no longer stops the notebook).
* :func:`censoring_sentence`: the respondents kept and left out;
  :func:`outcome_summary`: a count outcome described (counts as integers).
* The short sentences of the sections (:func:`family_sentence`,
  :func:`brier_sentence`, :func:`r2_sentence`, :func:`skipped_sentence`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd

from nps_toolkit._results import main_table
from nps_toolkit.report.html import md_escape
from nps_toolkit.report.page import Sections
from nps_toolkit.report.repeat_texts import REPEAT_SECTIONS
from nps_toolkit.report.sentences import setting
from nps_toolkit.report.wording import duration

__all__ = [
    "REPEAT_SECTIONS",
    "brier_sentence",
    "censoring_sentence",
    "family_sentence",
    "fit_with_fallback",
    "outcome_mode",
    "outcome_sentence",
    "outcome_section",
    "outcome_summary",
    "rates_in_percent",
    "r2_sentence",
    "repeat_sections",
    "skipped_sentence",
]


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
    'Outcome: **repeat purchase** = at least one order strictly after the response date and within 180 days, from orders.csv.'
    >>> print(outcome_sentence(None, window="180D"))  # doctest: +ELLIPSIS
    There is no orders file with response dates and no outcome column (...): the repeat-purchase sections are skipped (outcome, repeat rates, model, codings of the score, calibration, what-if).
    """
    if mode == "orders":
        return (
            f"Outcome: **repeat purchase** = at least one order strictly after the response "
            f"date and within {md_escape(duration(window))}, from {md_escape(orders_name)}."
        )
    if mode == "count":
        return (
            f"Outcome: the survey's own column {md_escape(outcome)} (a count), modelled with a "
            "count model (rate ratios) since there is no orders file with dates; the sections "
            "that need a yes/no outcome from orders (codings of the score, calibration, "
            "what-if) are skipped."
        )
    return (
        "There is no orders file with response dates and no outcome column "
        f"({setting('orders_path', 'outcome')}): the repeat-purchase sections are skipped "
        "(outcome, repeat rates, model, codings of the score, calibration, what-if)."
    )


def outcome_section(name: str, mode) -> str:
    """The section name for the outcome mode: a count outcome has its own texts.

    ``"outcome"``, ``"rates"`` and ``"model"`` describe orders (censoring,
    repeat rates with Wilson intervals, a logistic model); for a count outcome
    they are ``"count_outcome"``, ``"count_rates"`` and ``"count_model"``, so an
    explanation never describes a table the page does not show.

    Examples
    --------
    >>> outcome_section("rates", "count"), outcome_section("rates", "orders")
    ('count_rates', 'rates')
    """
    return f"count_{name}" if mode == "count" and name in ("outcome", "rates", "model") else name


def repeat_sections() -> Sections:
    """The :class:`~nps_toolkit.report.page.Sections` of notebook 03, numbered from 1.

    Examples
    --------
    >>> s = repeat_sections()
    >>> s.text("outcome", runs=False) is None, s.text("drivers").splitlines()[0]
    (True, '## 1. Key drivers')
    """
    return Sections(REPEAT_SECTIONS, first=1)


def skipped_sentence(name: str) -> str:
    """The one sentence shown instead of a section of notebook 03 that cannot run.

    ``"drivers"``: no attribute ratings were given; ``"calibration"`` and
    ``"what_if"``: the outcome is from orders but no yes/no model could be fitted
    (the model section says why).

    Examples
    --------
    >>> skipped_sentence("what_if")
    'No repeat-purchase model could be fitted (see the model section), so the what-if is skipped.'
    """
    if name == "drivers":
        return f"No attribute ratings were given ({setting('drivers')}), so the key drivers are skipped."
    what = {"calibration": "the calibration", "what_if": "the what-if"}
    if name not in what:
        raise ValueError(f"skipped_sentence {name!r}: use drivers, calibration or what_if.")
    return (
        "No repeat-purchase model could be fitted (see the model section), so "
        f"{what[name]} is skipped."
    )


def family_sentence(model) -> str:
    """The count model's family and its Pearson dispersion.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> family_sentence(SimpleNamespace(family_="negative_binomial", dispersion_=1.834))
    'Family: **negative binomial** (Pearson dispersion 1.83).'
    """
    family = md_escape(str(model.family_).replace("_", " "))  # CountModel says "negative_binomial"
    return f"Family: **{family}** (Pearson dispersion {model.dispersion_:.2f})."


def brier_sentence(brier: float) -> str:
    """The Brier score of the repeat model (mean squared error of its probabilities).

    Examples
    --------
    >>> brier_sentence(0.22749)
    'Brier score: 0.227 (lower is better; 0.25 is what always predicting 50% scores).'
    """
    return f"Brier score: {brier:.3f} (lower is better; 0.25 is what always predicting 50% scores)."


def r2_sentence(r2: float) -> str:
    """Share of the score's variance the attribute ratings explain together.

    Examples
    --------
    >>> r2_sentence(0.7349)
    'R² of the ratings together: 0.73 (they explain 73% of the variance of the score).'
    """
    return (
        f"R² of the ratings together: {r2:.2f} (they explain {r2:.0%} of the variance of the "
        "score)."
    )


def rates_in_percent(table: pd.DataFrame) -> pd.DataFrame:
    """A repeat-rate table with ``rate``, ``ci_low`` and ``ci_high`` in percent (0-100).

    For display next to the repeat-rate chart, which reads in percent; the
    results keep the proportions.

    Parameters
    ----------
    table : DataFrame
        The ``table`` of :func:`nps_toolkit.repeat.outcomes.repeat_rate_by`.

    Returns
    -------
    DataFrame
        A copy, same columns; the three rate columns multiplied by 100.

    Examples
    --------
    >>> rates_in_percent(pd.DataFrame({"n": [4], "rate": [0.25], "ci_low": [0.05],
    ...                                "ci_high": [0.7]})).iloc[0].tolist()
    [4.0, 25.0, 5.0, 70.0]
    """
    rates = ["rate", "ci_low", "ci_high"]
    return table.assign(**{c: table[c] * 100 for c in rates if c in table})


def outcome_summary(data: pd.DataFrame, outcome: str) -> pd.DataFrame:
    """A count outcome described in one row: counts as integers, the rest as numbers.

    Parameters
    ----------
    data : DataFrame
        The respondents.
    outcome : str
        The count column (e.g. visits since the survey).

    Returns
    -------
    DataFrame
        One row: ``outcome`` (the column name), ``n`` (respondents with a value,
        an integer), ``n_missing`` (integer), ``mean``, ``std``, ``min``,
        ``median``, ``max`` (``min`` and ``max`` integers when every value is a
        whole number, as counts are).

    Examples
    --------
    >>> outcome_summary(pd.DataFrame({"visits": [0, 2, 4, None]}), "visits")
      outcome  n  n_missing  mean  std  min  median  max
    0  visits  3          1   2.0  2.0    0     2.0    4
    """
    values = pd.to_numeric(data[outcome], errors="coerce")
    known = values.dropna()
    whole = len(known) > 0 and bool((known == known.round()).all())
    ends = [int(known.min()), int(known.max())] if whole else [values.min(), values.max()]
    return pd.DataFrame(
        {
            "outcome": [outcome],
            "n": [int(values.notna().sum())],
            "n_missing": [int(values.isna().sum())],
            "mean": [values.mean()],
            "std": [values.std()],
            "min": [ends[0]],
            "median": [values.median()],
            "max": [ends[1]],
        }
    )


def censoring_sentence(result, n_orders: int, window: str) -> str:
    """Orders read, respondents, censored and kept, from a ``repeat_purchase`` result.

    Examples
    --------
    >>> from nps_toolkit.repeat.results import RepeatPurchase
    >>> r = RepeatPurchase(pd.DataFrame({"x": range(10)}), n_censored=3,
    ...                    data_end=pd.Timestamp("2024-06-30"), window=pd.Timedelta("180D"))
    >>> censoring_sentence(r, 25, "180D")
    '25 orders read. 10 respondents; 3 are censored (surveyed less than 180 days before the last order date) and excluded below; 7 remain.'
    """
    n = len(main_table(result))
    return (
        f"{n_orders:,} orders read. {n:,} respondents; {result.n_censored:,} are censored "
        f"(surveyed less than {md_escape(duration(window))} before the last order date) and excluded "
        f"below; {n - result.n_censored:,} remain."
    )


def _levels(data: pd.DataFrame, column: str) -> int:
    """Model terms a control adds: levels - 1 for a label column, 1 for a number."""
    values = data[column]
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        return 1
    return max(int(values.nunique(dropna=True)) - 1, 1)


def _single_value_note(single: list) -> str:
    """Which controls were left out for holding one value ("" when none)."""
    if not single:
        return ""
    names = ", ".join(md_escape(c) for c in single)
    if len(single) == 1:
        return f"{names} has a single value, so it is not a control. "
    return f"{names} have a single value, so they are not controls. "


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
    still too few events, no model is fitted. A control with a single value
    (every respondent in one arm) is left out first: it explains nothing.

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
    # a segment with one value explains nothing (the model refuses it): never a control
    single = [c for c in kept if c in data and data[c].nunique(dropna=True) < 2]
    kept = [c for c in kept if c not in single]
    one = _single_value_note(single)
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
        return model, single, one.strip() or None
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
            f"The rule is set by {setting('min_epv')} (0 keeps every control)."
        )
    return model, single + dropped, one + said
