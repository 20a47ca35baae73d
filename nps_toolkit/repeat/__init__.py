"""Does NPS matter for the business: repeat purchase, models, evaluation, what-if.

Modules: ``outcomes`` (repeat purchase from orders, rates with intervals),
``models`` (where analysts import ``RepeatModel`` and ``CountModel`` from; defined
in ``logistic`` and ``counts``), ``evaluation`` (cross-validated comparison of
predictors), ``results`` (the named results ``RepeatPurchase``, ``RepeatRates``,
``PredictorComparison``), ``metrics`` (DeLong AUCs, top-decile lift), ``whatif`` (what moving
detractors up is associated with). Shared inside the subpackage: ``design`` (the
model matrix and input checks), ``glm`` (fitting checks of the models) and
``crossval`` (folds, out-of-fold predictions, cross-validated AUC, reliability).
"""

from nps_toolkit._lazy import lazy_exports

__getattr__, __dir__, __all__ = lazy_exports(
    __name__,
    {
        ".outcomes": ["repeat_purchase", "repeat_rate_by", "wilson_interval"],
        ".logistic": ["RepeatModel", "fit_repeat_model"],
        ".counts": ["CountModel", "fit_count_model"],
        ".evaluation": ["compare_predictors"],
        ".metrics": ["delong", "top_decile_lift"],
        ".results": ["PredictorComparison", "RepeatPurchase", "RepeatRates"],
        ".whatif": ["what_if"],
    },
)
