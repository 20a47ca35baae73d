"""The score: scales and categories, NPS with intervals, tests, power, trend, drivers.

Modules: ``scales`` (0-10 and short scales, categories), ``stats`` (the interval
maths), ``estimate`` (``nps``, ``nps_by``, ``nps_trend``), ``significance`` (tests,
pairwise, vs rest, changes), ``power`` (power and sample size), ``engines``
(pandas / DuckDB / Spark counts), ``drivers`` (key drivers).
"""

from nps_toolkit._lazy import lazy_exports

__getattr__, __dir__, __all__ = lazy_exports(
    __name__,
    {
        ".scales": ["CATEGORIES", "SCALES", "classify", "validate_scores", "decide_scale"],
        ".stats": ["nps_from_counts"],
        ".estimate": ["nps", "nps_by", "nps_trend"],
        ".significance": [
            "MIN_N",
            "MIN_N_ONE_SAMPLE",
            "nps_changes",
            "nps_test",
            "nps_test_benchmark",
            "nps_vs_rest",
            "pairwise_nps",
        ],
        ".power": ["nps_power", "nps_sample_size"],
        ".engines": ["duckdb_sql"],
        ".drivers": ["driver_priority", "key_drivers"],
    },
)
