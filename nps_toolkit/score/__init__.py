"""The score: scales and categories, NPS with intervals, tests, power, trend, drivers.

Modules: ``scales`` (0-10 and short scales, categories), ``survey_scale`` (the
scale of a whole survey), ``stats`` (the interval
maths; the variances in ``variance``), ``keys`` and ``counts`` (group codes and the counts frame), ``estimate``
(``nps``, ``nps_by``), ``shrinkage`` (empirical Bayes for ``nps_by``), ``trend``
(``nps_trend``, periods), ``difference`` (the shared test core), ``significance``
(``nps_test``, ``nps_test_benchmark``), ``pairwise`` (``pairwise_nps``,
``nps_vs_rest``), ``changes`` (``nps_changes``), ``power`` (power and sample
size), ``engines`` (DuckDB / Spark counts), ``drivers`` (key drivers; their named results in
``driver_results``).
"""

from nps_toolkit._lazy import lazy_exports

__getattr__, __dir__, __all__ = lazy_exports(
    __name__,
    {
        ".scales": ["CATEGORIES", "SCALES", "classify", "validate_scores"],
        ".survey_scale": ["decide_scale"],
        ".stats": ["nps_from_counts"],
        ".estimate": ["nps", "nps_by"],
        ".trend": ["nps_trend"],
        ".difference": ["MIN_N", "MIN_N_ONE_SAMPLE"],
        ".significance": ["nps_test", "nps_test_benchmark"],
        ".pairwise": ["nps_vs_rest", "pairwise_nps"],
        ".changes": ["nps_changes"],
        ".power": ["nps_power", "nps_sample_size"],
        ".engines": ["duckdb_sql"],
        ".drivers": ["driver_priority", "key_drivers"],
        ".driver_results": ["DriverPriority", "KeyDrivers"],
        ".experiment": ["ArmComparison", "compare_arms"],
        ".experiment_sentence": ["describe_arm_difference"],
    },
)
