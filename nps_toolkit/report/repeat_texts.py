"""The headings and explanations of notebook 03's sections (NPS and repeat purchase).

Shown by :func:`nps_toolkit.report.repeat_section.repeat_sections` only when the
section runs, numbered as shown (``{n}``). A count outcome (a column of the survey)
has its own texts (``count_*``), so an explanation never describes a table the
page does not show.
"""

from __future__ import annotations

__all__ = ["REPEAT_SECTIONS"]

#: Heading and explanation of each section of notebook 03 that needs an outcome.
REPEAT_SECTIONS = {
    "outcome": """## {n}. Outcome and censoring

A respondent whose window runs past the end of the order data is **censored**: we cannot yet
know whether they will come back, so they are left out of rates and models (and counted here),
rather than counted as non-buyers.""",
    "rates": """## {n}. Repeat rate by category and by score

Share of respondents who came back, with 95% Wilson intervals. For categories, the relative
risk compares each category with detractors (1 = same rate).""",
    "count_outcome": """## {n}. The outcome

A count column of the survey itself (visits, purchases... as recorded with the answers): `n`
respondents have a value, `n_missing` do not (they are left out of the model). Nothing is
censored: each respondent's count is taken as recorded.""",
    "count_rates": """## {n}. The outcome by category

Respondents (`count`), mean and median of the outcome in each NPS category: do promoters come
back more often than detractors? The model below gives the same comparison with intervals.""",
    "count_model": """## {n}. The model

A count model of the outcome on the NPS category (detractors are the reference), adjusted for
the segment columns (each against its most frequent level): Poisson, or negative binomial when
the counts vary more than Poisson allows (Pearson dispersion well above 1). A rate ratio of 1.2
for promoters means 20% more (visits, purchases...) than detractors, other things in the model
equal. Rows dropped (missing values) are counted.""",
    "model": """## {n}. The model

Logistic regression of repeat purchase on the NPS category (detractors are the reference),
adjusted for the segment columns (each against its most frequent level). An odds ratio of 2
for promoters means their odds of coming back are twice the detractors', other things in the
model equal. `cv_auc` is the cross-validated discrimination (0.5 = chance, 1 = perfect); rows
dropped (censored, missing values) are counted.""",
    "codings": """## {n}. Which coding of the score predicts best?

The same cross-validation folds for each coding: the raw score (linear), the three NPS
categories, and top-2-box (promoter or not). `auc` is the mean of the AUCs of the five folds
(each fold's predictions are ranked on their own, so a coarse coding keeps its ties), with its
interval; `p_val_vs_best` tests the difference with the highest AUC (paired bootstrap within the
folds; DeLong's method above 50,000 rows). Following de Haan, Verhoef & Wiesel (2015), the
question is whether the NPS categories lose information compared with the raw score.""",
    "calibration": """## {n}. Calibration

Out-of-fold predicted probability vs observed repeat rate in bins: points on the diagonal
mean the model's probabilities can be taken at face value. The Brier score is the mean squared
error of those probabilities (lower is better).""",
    "drivers": """## {n}. Key drivers

When the survey also rates attributes (delivery, price, support...), which ratings go with the
recommendation score? Correlation, and each rating's share of the explained variance (Shapley
decomposition of R² and Johnson's relative weights), with bootstrap intervals. Drivers are
correlated with each other, so shares are a fair split of what they explain together, not
effects of changing one rating.

A share is never below 0, even for a rating that has nothing to do with the score, so it
cannot tell a driver from noise: `significant` does (the rating's standardised coefficient given
the other ratings, `beta` with its interval, Holm-adjusted over the ratings). A rating that is
not significant may owe its share to the ratings it is correlated with. The priority chart puts
each rating's importance against its mean rating (performance): high importance and low
performance is where to act first.""",
    "what_if": """## {n}. If a quarter of detractors behaved like passives, what would that be \
associated with?

The model's coefficients are simulated (2,000 draws) to carry their uncertainty into the
number of extra repeat purchasers (and revenue when order values are known). The NPS that would
result is shown too. This is a projection from an association, not a promise.""",
}
