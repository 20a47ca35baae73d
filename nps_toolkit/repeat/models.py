"""Does NPS predict behaviour? Logistic and count models of an outcome on the score.

The place analysts import the models from; they are defined in:

* :mod:`nps_toolkit.repeat.logistic`: :func:`fit_repeat_model` /
  :class:`RepeatModel`, logistic regression of a binary outcome (repeat
  purchase) with odds ratios, cross-validated AUC and calibration;
* :mod:`nps_toolkit.repeat.counts`: :func:`fit_count_model` /
  :class:`CountModel`, Poisson or negative binomial with rate ratios;
* :mod:`nps_toolkit.repeat.glm`: the fitting checks they share.

Comparing codings of the score lives in :mod:`nps_toolkit.repeat.evaluation`
(:func:`~nps_toolkit.repeat.evaluation.compare_predictors`); what-if scenarios in
:mod:`nps_toolkit.repeat.whatif` (:func:`~nps_toolkit.repeat.whatif.what_if`).
"""

from __future__ import annotations

from nps_toolkit.repeat.counts import CountModel, fit_count_model
from nps_toolkit.repeat.logistic import RepeatModel, fit_repeat_model

__all__ = [
    "CountModel",
    "RepeatModel",
    "fit_count_model",
    "fit_repeat_model",
]
