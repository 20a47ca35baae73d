"""Design matrices and input checks shared inside :mod:`nps_toolkit.repeat`.

Shared by the outcomes, the models, their evaluation and what-if (importing none
of them); not exported from :mod:`nps_toolkit.repeat` because analysts do not
need them, but public here so the modules of the subpackage share one copy:

* :class:`Terms` turns a frame into a design matrix for one coding of the score
  (``"category"``, ``"score"`` or ``"top2box"``) plus controls, one-hot encoding
  categorical controls against their most frequent level;
* :func:`usable_rows` picks the rows a model can use and counts the rows it
  drops per reason (nothing is dropped silently);
* :func:`binary_outcome` and :func:`check_categories` validate the outcome and
  the score categories;
* :data:`EXAMPLES` and :func:`as_list` moved to :mod:`nps_toolkit._validation`
  (one copy for the package) and are still importable from here; the rows of
  error messages come from :func:`nps_toolkit._validation.rows_text` (the
  former ``row_labels``).

Column checks: :func:`nps_toolkit._validation.require_columns`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from nps_toolkit._validation import EXAMPLES, as_list, bad_values_text, rows_text
from nps_toolkit.score.scales import CATEGORIES, category_codes

__all__ = [
    "EXAMPLES",
    "PREDICTORS",
    "Terms",
    "as_list",
    "binary_outcome",
    "check_categories",
    "usable_rows",
]

#: Codings of the score a model can use.
PREDICTORS = ("category", "score", "top2box")


# --------------------------------------------------------------------------- design
class Terms:
    """Turns a frame into a design matrix, remembering reference levels.

    ``learn(frame)`` decides, on the rows a model is fitted on, whether each
    control is numeric, boolean or categorical (and its reference level);
    ``matrix(frame)`` then builds the intercept, score coding and control columns
    named by ``names()``.
    """

    def __init__(self, *, score, predictor, controls, scale, thresholds):
        if predictor not in PREDICTORS:
            raise ValueError(
                f"predictor={predictor!r} is not one of {PREDICTORS}: 'category' (detractor / "
                "passive / promoter dummies), 'score' (linear in the raw score) or 'top2box' "
                "(promoters vs the rest)."
            )
        self.score = score
        self.predictor = predictor
        self.controls = as_list(controls)
        if score in self.controls:
            raise ValueError(f"Column {score!r} is the score; do not list it in controls.")
        self.scale = scale
        self.thresholds = thresholds
        self.kinds: dict[str, tuple] = {}

    def columns(self) -> list[str]:
        return [self.score, *self.controls]

    def codes(self, frame: pd.DataFrame) -> np.ndarray:
        return category_codes(
            frame[self.score], scale=self.scale, thresholds=self.thresholds
        ).astype("int64")

    def learn(self, frame: pd.DataFrame) -> None:
        """Decide numeric vs categorical controls and their reference levels."""
        for col in self.controls:
            values = frame[col]
            if pd.api.types.is_bool_dtype(values):
                self.kinds[col] = ("bool",)
            elif pd.api.types.is_numeric_dtype(values):
                if values.nunique() < 2:
                    raise ValueError(
                        f"Control {col!r} is constant ({values.iloc[0]!r}) on all {len(values)} "
                        "usable rows, so it cannot be estimated. Fix: drop it from controls."
                    )
                self.kinds[col] = ("numeric",)
            else:
                counts = values.astype(str).value_counts()
                if len(counts) < 2:
                    raise ValueError(
                        f"Control {col!r} has a single level {counts.index[0]!r} on all "
                        f"{len(values)} usable rows, so it explains nothing. Fix: drop it from "
                        "controls."
                    )
                order = sorted(counts.index, key=lambda lv: (-counts[lv], lv))
                self.kinds[col] = ("categorical", order)

    def names(self) -> list[str]:
        names = ["Intercept"]
        if self.predictor == "category":
            names += ["passive (vs detractor)", "promoter (vs detractor)"]
        elif self.predictor == "score":
            names += [f"{self.score} (per point)"]
        else:
            names += ["top2box (promoter vs rest)"]
        for col in self.controls:
            kind = self.kinds[col]
            if kind[0] == "categorical":
                ref = kind[1][0]
                names += [f"{col}={lv} (vs {ref})" for lv in kind[1][1:]]
            elif kind[0] == "bool":
                names += [f"{col} (true vs false)"]
            else:
                names += [f"{col} (per unit)"]
        return names

    def matrix(self, frame: pd.DataFrame, codes: np.ndarray | None = None) -> np.ndarray:
        n = len(frame)
        if codes is None and self.predictor != "score":
            codes = self.codes(frame)
        parts = [np.ones((n, 1))]
        if self.predictor == "category":
            parts.append(np.column_stack([codes == 1, codes == 2]).astype("float64"))
        elif self.predictor == "score":
            parts.append(pd.to_numeric(frame[self.score]).to_numpy("float64")[:, None])
        else:
            parts.append((codes == 2).astype("float64")[:, None])
        for col in self.controls:
            kind = self.kinds[col]
            values = frame[col]
            if kind[0] == "categorical":
                levels = kind[1]
                text = values.astype(str)
                unseen = ~text.isin(levels)
                if unseen.any():
                    raise ValueError(
                        f"Control {col!r} has level(s) {sorted(set(text[unseen]))[:EXAMPLES]} "
                        f"({rows_text(frame.index[unseen.to_numpy()], frame)}) not seen when the "
                        f"model was fitted (known: {levels}). Fix: map them to a known level or "
                        "refit."
                    )
                codes_c = pd.Categorical(text, categories=levels).codes
                parts.append(
                    (codes_c[:, None] == np.arange(1, len(levels))[None, :]).astype("float64")
                )
            else:
                parts.append(values.to_numpy("float64")[:, None])
        return np.hstack(parts)


def usable_rows(
    frame: pd.DataFrame, columns: Sequence[str], censored: str | None
) -> tuple[np.ndarray, pd.DataFrame]:
    """Rows to use and a table of rows excluded per reason (nothing dropped silently)."""
    keep = np.ones(len(frame), dtype=bool)
    reasons, counts = [], []
    if censored is not None and censored in frame.columns:
        cens = frame[censored].fillna(False).astype(bool).to_numpy()
        reasons.append("censored")
        counts.append(int((cens & keep).sum()))
        keep &= ~cens
    for col in columns:
        miss = frame[col].isna().to_numpy() & keep
        reasons.append(f"missing {col}")
        counts.append(int(miss.sum()))
        keep &= ~miss
    table = pd.DataFrame({"reason": reasons, "n": counts})
    return keep, table


def binary_outcome(values: pd.Series, outcome: str) -> np.ndarray:
    """A True/False or 0/1 column as float 0/1, refusing other values (naming the rows)."""
    if pd.api.types.is_bool_dtype(values):
        return values.to_numpy("float64")
    num = pd.to_numeric(values, errors="coerce")
    bad = num.isna() | ~num.isin([0, 1])
    if bad.any():
        raise ValueError(
            f"Outcome column {outcome!r} must be True/False or 0/1; {int(bad.sum())} row(s) hold "
            f"other values, {bad_values_text(values, bad)}. Fix: recode it (e.g. "
            "orders_in_window > 0) or use fit_count_model for counts."
        )
    return num.to_numpy("float64")


def check_categories(codes: np.ndarray, terms: Terms) -> None:
    """Every category present (category model); some but not all promoters (top box)."""
    present = np.bincount(codes, minlength=3)
    if terms.predictor == "category":
        absent = [CATEGORIES[i] for i in range(3) if present[i] == 0]
        if absent:
            raise ValueError(
                f"Score column {terms.score!r}: no {', no '.join(absent)} among the "
                f"{len(codes)} usable rows (counts: detractor {present[0]}, passive {present[1]}, "
                f"promoter {present[2]}), so the category model cannot be estimated. Fix: check "
                "the scale= declaration, or use predictor='score' (linear)."
            )
    elif terms.predictor == "top2box" and (present[2] == 0 or present[2] == len(codes)):
        raise ValueError(
            f"Score column {terms.score!r}: all {len(codes)} usable rows are "
            f"{'promoters' if present[2] else 'non-promoters'}, so the top box cannot be "
            "compared. Fix: check the scale= declaration."
        )
