"""Does NPS matter for the business: repeat purchase, models, evaluation, what-if.

Modules: ``outcomes`` (repeat purchase from orders, rates with intervals),
``design`` (the model matrix shared by the models), ``models`` (``RepeatModel``,
``CountModel``), ``evaluation`` (cross-validated comparison of predictors),
``whatif`` (what moving detractors up is associated with).
"""

from nps_toolkit._lazy import lazy_exports

__getattr__, __dir__, __all__ = lazy_exports(
    __name__,
    {
        ".outcomes": ["repeat_purchase", "repeat_rate_by", "wilson_interval"],
        ".models": ["CountModel", "RepeatModel", "fit_count_model", "fit_repeat_model"],
        ".evaluation": ["compare_predictors", "delong", "top_decile_lift"],
        ".whatif": ["what_if"],
    },
)
